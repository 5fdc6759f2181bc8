// The contract of volunteering (T1–T2): bodies, queries and answers of every route; also the OpenAPI
// document and the web app's types. Hours are kept in whole minutes.
import { z } from "zod";
import { ZCommunityParams } from "../../core/places/places.schema.ts";

const ZId = z.number().int().positive();
const ZSkills = z.array(z.string().trim().min(1).max(20)).max(20).default([]);

export const ZTeamParams = ZCommunityParams.extend({ teamId: z.coerce.number().int().positive() });
export const ZMemberParams = ZTeamParams.extend({ memberId: z.coerce.number().int().positive() });
export const ZActivityParams = ZCommunityParams.extend({ activityId: z.coerce.number().int().positive() });
export const ZAttendanceParams = ZCommunityParams.extend({
  attendanceId: z.coerce.number().int().positive(),
});
export const ZCorrectionParams = ZCommunityParams.extend({
  correctionId: z.coerce.number().int().positive(),
});
export const ZVolunteerParams = ZCommunityParams.extend({ userId: z.coerce.number().int().positive() });
export const ZCertificateParams = ZCommunityParams.extend({
  certificateId: z.coerce.number().int().positive(),
});
export const ZVerifyParams = z.object({
  code: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[0-9A-Z]{4,40}$/, "the certificate's verification code"),
});

// ---- teams (T1) ----

export const ZCreateTeam = z.object({
  name: z.string().trim().min(1).max(60),
  unitName: z.string().trim().max(100).default("").describe("the community or unit it belongs to"),
  description: z.string().trim().max(2000).default(""),
  skills: ZSkills,
  leaderUserId: ZId.optional().describe("the leader's account (default: the creator)"),
});
export type TCreateTeam = z.infer<typeof ZCreateTeam>;

export const ZTeam = z.object({
  id: z.number(),
  name: z.string(),
  unitName: z.string(),
  description: z.string(),
  skills: z.array(z.string()),
  members: z.number().describe("active members"),
  requests: z.number().describe("join requests waiting (shown to the leader and staff, else 0)"),
  leaders: z.array(z.string()).describe("the leaders' names"),
  alliances: z.array(z.string()),
  myStatus: z.enum(["requested", "active", "none"]),
  myRole: z.enum(["leader", "member"]).nullable(),
  canManage: z.boolean(),
});
export const ZTeamList = z.object({
  teams: z.array(ZTeam),
  alliances: z.array(z.object({ id: z.number(), name: z.string(), teams: z.array(z.string()) })),
});
export const ZTeamMember = z.object({
  id: z.number(),
  userId: z.number(),
  name: z.string(),
  phone: z.string().describe("masked"),
  role: z.enum(["leader", "member"]),
  status: z.enum(["requested", "active", "left"]),
  requestedAt: z.date(),
});
export const ZTeamDetail = ZTeam.extend({ people: z.array(ZTeamMember).describe("leader and staff only") });
export const ZMemberDecision = z.object({ approve: z.boolean() });
export const ZJoined = z.object({
  status: z.enum(["requested", "active"]),
  messageZh: z.string(),
  messageEn: z.string(),
});

export const ZCreateAlliance = z.object({
  name: z.string().trim().min(1).max(60),
  description: z.string().trim().max(2000).default(""),
  teamIds: z.array(ZId).min(1).max(50),
});
export type TCreateAlliance = z.infer<typeof ZCreateAlliance>;
export const ZCreated = z.object({ id: z.number() });

// ---- activities (T2) ----

export const ZCreateActivity = z
  .object({
    title: z.string().trim().min(1).max(100),
    description: z.string().trim().max(4000).default(""),
    place: z.string().trim().min(1).max(200).describe("where to meet, as text"),
    startsAt: z.coerce.date(),
    endsAt: z.coerce.date(),
    capacity: z.number().int().min(1).max(10_000),
    skills: ZSkills,
    teamId: ZId.optional().describe("the team that runs it; its leader may then organise it"),
  })
  .refine((a) => a.endsAt > a.startsAt, { message: "endsAt must be after startsAt", path: ["endsAt"] });
export type TCreateActivity = z.infer<typeof ZCreateActivity>;

export const ZActivitiesQuery = z.object({
  q: z.string().trim().max(50).optional().describe("words in the title or place"),
  when: z.enum(["upcoming", "past", "all"]).default("upcoming"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type TActivitiesQuery = z.infer<typeof ZActivitiesQuery>;

export const ZSignupStatus = z.enum(["signed", "waiting", "none"]);
export const ZActivity = z.object({
  id: z.number(),
  title: z.string(),
  place: z.string(),
  startsAt: z.date(),
  endsAt: z.date(),
  capacity: z.number(),
  signedUp: z.number(),
  waiting: z.number(),
  skills: z.array(z.string()),
  teamName: z.string().nullable(),
  organiserName: z.string(),
  cancelled: z.boolean(),
  myStatus: ZSignupStatus,
  myWaitingPosition: z.number().nullable(),
  canManage: z.boolean(),
});
export const ZActivityList = z.object({ activities: z.array(ZActivity) });
export const ZActivityDetail = ZActivity.extend({
  description: z.string(),
  myAttendance: z
    .object({
      id: z.number(),
      checkInAt: z.date(),
      checkOutAt: z.date().nullable(),
      minutes: z.number().nullable().describe("certified minutes"),
    })
    .nullable(),
});
export const ZSignupResult = z.object({
  status: z.enum(["signed", "waiting"]),
  waitingPosition: z.number().nullable(),
  messageZh: z.string(),
  messageEn: z.string(),
});
export const ZCancelResult = z.object({
  cancelled: z.boolean(),
  promoted: z.number().describe("people moved from the waiting list into the freed place"),
});

export const ZCheckCode = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, "the 6-digit code on the organiser's screen"),
  action: z.enum(["in", "out"]),
});
export const ZCheckResult = z.object({
  action: z.enum(["in", "out"]),
  status: z.enum(["done", "already"]),
  at: z.date(),
  messageZh: z.string(),
  messageEn: z.string(),
});
export const ZCheckScreen = z.object({
  code: z.string(),
  path: z.string().describe("the resident page the QR code opens"),
  windowSeconds: z.number(),
  expiresAt: z.date(),
  checkedIn: z.number(),
  checkedOut: z.number(),
});
export const ZTick = z
  .object({
    action: z.enum(["in", "out"]),
    userIds: z.array(ZId).max(200).default([]).describe("signed-up people ticked by the organiser"),
    token: z.string().trim().max(100).optional().describe("a volunteer's personal code, scanned"),
  })
  .refine((b) => b.userIds.length > 0 || b.token, { message: "userIds or token", path: ["userIds"] });
export type TTick = z.infer<typeof ZTick>;
export const ZTickResult = z.object({ done: z.number(), already: z.number() });

export const ZAttendanceRow = z.object({
  userId: z.number(),
  name: z.string(),
  phone: z.string().describe("masked"),
  signup: ZSignupStatus,
  waitingPosition: z.number().nullable(),
  attendanceId: z.number().nullable(),
  checkInAt: z.date().nullable(),
  checkOutAt: z.date().nullable(),
  method: z.enum(["qr", "organiser"]).nullable(),
  minutes: z.number().nullable().describe("certified minutes"),
  certifiedAt: z.date().nullable(),
  openCorrection: z.object({ id: z.number(), reason: z.string() }).nullable(),
});
export const ZAttendanceList = z.object({ rows: z.array(ZAttendanceRow) });

export const ZCertify = z.object({
  entries: z
    .array(
      z.object({
        attendanceId: ZId,
        minutes: z
          .number()
          .int()
          .min(0)
          .max(1440)
          .optional()
          .describe("default: check-out − check-in, whole minutes"),
      }),
    )
    .min(1)
    .max(200),
});
export type TCertify = z.infer<typeof ZCertify>;
export const ZCertified = z.object({ certified: z.number() });

export const ZRequestCorrection = z.object({ reason: z.string().trim().min(1).max(500) });
export const ZDecideCorrection = z
  .object({
    minutes: z
      .number()
      .int()
      .min(0)
      .max(1440)
      .optional()
      .describe("the corrected minutes; absent with refuse"),
    refuse: z.boolean().default(false),
    note: z.string().trim().max(500).default(""),
  })
  .refine((b) => b.refuse || b.minutes !== undefined, { message: "minutes or refuse", path: ["minutes"] });
export type TDecideCorrection = z.infer<typeof ZDecideCorrection>;

export const ZEvaluate = z.object({
  score: z.number().int().min(1).max(5),
  comment: z.string().trim().max(500).default(""),
  subjectUserId: ZId.optional().describe("a volunteer the organiser evaluates; absent: the activity"),
});

// ---- the record (志愿服务记录) and certificates ----

export const ZService = z.object({
  attendanceId: z.number(),
  activityId: z.number(),
  title: z.string(),
  place: z.string(),
  startsAt: z.date(),
  checkInAt: z.date(),
  checkOutAt: z.date().nullable(),
  minutes: z.number().nullable(),
  certifiedAt: z.date().nullable(),
  organiserName: z.string(),
  teamName: z.string().nullable(),
  correction: z.enum(["requested", "corrected", "refused"]).nullable(),
});
export const ZCertificateRef = z.object({
  id: z.number(),
  code: z.string(),
  issuedAt: z.date(),
  minutes: z.number(),
});
export const ZRecord = z.object({
  communityId: z.number(),
  name: z.string(),
  consent: z.boolean().describe("the volunteer lets staff and others read this record"),
  totalMinutes: z.number().describe("certified minutes"),
  services: z.array(ZService),
  teams: z.array(z.string()),
  evaluations: z.array(z.object({ title: z.string(), score: z.number(), comment: z.string() })),
  certificates: z.array(ZCertificateRef),
  upcoming: z.array(
    z.object({ activityId: z.number(), title: z.string(), startsAt: z.date(), status: ZSignupStatus }),
  ),
});
export const ZMyRecords = z.object({ records: z.array(ZRecord) });
export const ZConsent = z.object({ consent: z.boolean() });
export const ZOtherRecord = ZRecord.omit({ certificates: true, upcoming: true }).extend({
  partial: z.boolean().describe("true: without consent, only the services of the caller's own activities"),
});

export const ZVerified = z.object({
  code: z.string(),
  issuedAt: z.date(),
  volunteerName: z.string().describe("as the certificate states it (no phone, no ID number)"),
  issuer: z.string(),
  totalMinutes: z.number(),
  services: z.array(
    z.object({ date: z.string(), title: z.string(), place: z.string(), minutes: z.number() }),
  ),
});
