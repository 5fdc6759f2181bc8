// The contract of courses and activities (C3): bodies, queries and answers of every route; also the
// OpenAPI document and the web app's types.
import { z } from "zod";
import { ZCommunityParams } from "../../core/places/places.schema.ts";
import { ZDay } from "../canteen/canteen.schema.ts";

const ZId = z.number().int().positive();
export const ZCourseStatus = z.enum(["applied", "enrolled", "waiting", "cancelled"]);

export const ZCourseParams = ZCommunityParams.extend({ courseId: z.coerce.number().int().positive() });
export const ZEnrolmentParams = ZCommunityParams.extend({
  enrolmentId: z.coerce.number().int().positive(),
});
export const ZSessionParams = ZCourseParams.extend({ sessionId: z.coerce.number().int().positive() });

export const ZCreateCourse = z.object({
  title: z.string().trim().min(1).max(60),
  description: z.string().trim().max(2000).default(""),
  teacherName: z.string().trim().min(1).max(40),
  teacherOrg: z.string().trim().max(60).default("").describe("the teacher's organisation, if any"),
  place: z.string().trim().min(1).max(100).describe("the room or space, e.g. 党群服务中心二楼活动室"),
  rule: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .describe("RFC 5545 recurrence rule read in China time, e.g. FREQ=WEEKLY;BYDAY=TU (every Tuesday)"),
  startTime: z
    .string()
    .regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, "HH:MM")
    .describe("Beijing time"),
  minutes: z.number().int().min(10).max(480),
  seats: z.number().int().min(1).max(1000),
  termStart: ZDay,
  termEnd: ZDay,
  applyUntil: z.coerce
    .date()
    .optional()
    .describe(
      "an application window until this time: the applications are then allocated, by the lottery the course opens when they are more than the seats",
    ),
});
export type TCreateCourse = z.output<typeof ZCreateCourse>;

export const ZCoursesQuery = z.object({
  q: z.string().trim().max(60).optional().describe("words in the title, teacher or place"),
  on: ZDay.optional().describe("courses whose term includes this day"),
  weekday: z.coerce.number().int().min(1).max(7).optional().describe("1 = Monday … 7 = Sunday"),
  limit: z.coerce.number().int().min(1).max(200).default(100),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type TCoursesQuery = z.output<typeof ZCoursesQuery>;

const ZMine = z
  .object({
    enrolmentId: ZId,
    status: ZCourseStatus,
    waitingPosition: z.number().int().nullable().describe("1 = next to get a seat"),
  })
  .nullable();

export const ZCourse = z.object({
  id: ZId,
  communityId: ZId,
  title: z.string(),
  description: z.string(),
  teacherName: z.string(),
  teacherOrg: z.string(),
  place: z.string(),
  rule: z.string(),
  weekdays: z.array(z.number().int()).describe("1 = Monday … 7 = Sunday, from the rule's BYDAY"),
  startTime: z.string(),
  minutes: z.number().int(),
  seats: z.number().int(),
  termStart: z.string(),
  termEnd: z.string(),
  applyUntil: z.string().nullable(),
  lotteryId: z.number().int().nullable(),
  allocated: z.boolean(),
  enrolled: z.number().int(),
  waiting: z.number().int(),
  applied: z.number().int(),
  nextSessionAt: z.string().nullable(),
  mine: ZMine,
});
export const ZCourseList = z.object({ total: z.number().int(), items: z.array(ZCourse) });
export const ZCreated = z.object({
  course: ZCourse,
  sessions: z.number().int(),
  lotterySecret: z
    .string()
    .nullable()
    .describe("the secret of the course's lottery, shown this once to the organiser (null: no window)"),
});

export const ZEnrolResult = z.object({
  enrolmentId: ZId,
  status: ZCourseStatus,
  waitingPosition: z.number().int().nullable(),
});
export const ZCancelResult = z.object({
  enrolmentId: ZId,
  status: ZCourseStatus,
  promotedEnrolmentId: z.number().int().nullable().describe("the first of the waiting list, now enrolled"),
});
export const ZAllocateResult = z.object({
  enrolled: z.number().int(),
  waiting: z.number().int(),
  byLottery: z.boolean(),
});

export const ZRoster = z.object({
  course: ZCourse,
  enrolments: z.array(
    z.object({
      id: ZId,
      residentId: ZId,
      name: z.string(),
      phone: z.string().nullable(),
      status: ZCourseStatus,
      waitingPosition: z.number().int().nullable(),
      createdAt: z.string(),
    }),
  ),
  sessions: z.array(
    z.object({
      id: ZId,
      startsAt: z.string(),
      heldAt: z.string().nullable(),
      present: z.array(ZId).describe("enrolment ids marked present"),
    }),
  ),
});

export const ZAttendance = z.object({
  present: z.array(ZId).max(1000).describe("the enrolled enrolments present; the other enrolled are absent"),
});
export type TAttendance = z.output<typeof ZAttendance>;
export const ZAttendanceResult = z.object({ marked: z.number().int(), present: z.number().int() });

export const ZStatsQuery = z.object({
  from: ZDay.optional().describe("terms ending on or after this day"),
  to: ZDay.optional().describe("terms starting on or before this day"),
  q: z.string().trim().max(60).optional(),
});
export type TStatsQuery = z.output<typeof ZStatsQuery>;
export const ZStatsRow = z.object({
  courseId: ZId,
  title: z.string(),
  teacherName: z.string(),
  termStart: z.string(),
  termEnd: z.string(),
  seats: z.number().int(),
  enrolled: z.number().int(),
  waiting: z.number().int(),
  sessions: z.number().int(),
  sessionsHeld: z.number().int(),
  attendanceRate: z.number().nullable().describe("present marks / all marks of the held sessions (0–1)"),
});
export const ZStats = z.object({ items: z.array(ZStatsRow) });

export const ZMyCourses = z.object({
  items: z.array(
    ZCourse.extend({
      communityName: z.string(),
    }),
  ),
});
