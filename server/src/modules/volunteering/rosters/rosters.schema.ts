// The contract of duty rosters (T3, 值守/轮流管): bodies, queries and answers of every route; also the
// OpenAPI document and the web app's types. Times of day are Asia/Shanghai wall clock ("HH:MM").
import { z } from "zod";
import { ZCommunityParams } from "../../core/places/places.schema.ts";

const ZId = z.number().int().positive();

export const ZRosterParams = ZCommunityParams.extend({ rosterId: z.coerce.number().int().positive() });
export const ZShiftParams = ZRosterParams.extend({ shiftId: z.coerce.number().int().positive() });
export const ZSwapParams = ZRosterParams.extend({ swapId: z.coerce.number().int().positive() });

export const ZCreateRoster = z.object({
  teamId: ZId.describe("the team that keeps the duty"),
  subject: z.string().trim().min(1).max(60).describe("the space or service, e.g. 聚邻空间开放, 食堂送餐"),
  place: z.string().trim().max(200).default(""),
  rule: z
    .string()
    .trim()
    .min(1)
    .max(300)
    .describe("RFC 5545 recurrence rule without DTSTART, e.g. FREQ=WEEKLY;BYDAY=SA,SU"),
  startTime: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "HH:MM")
    .describe("each shift's start, Asia/Shanghai"),
  minutes: z.number().int().min(15).max(1440).describe("each shift's length in minutes"),
  places: z.number().int().min(1).max(50).default(1).describe("people per shift"),
  startsOn: z.iso
    .date()
    .optional()
    .describe("first day the rule counts from (default: today, Asia/Shanghai)"),
  weeksAhead: z.number().int().min(1).max(12).default(4).describe("how many weeks of shifts are kept ahead"),
});
export type TCreateRoster = z.infer<typeof ZCreateRoster>;

export const ZRosterCreated = z.object({ id: z.number(), shifts: z.number() });

export const ZRosterSummary = z.object({
  id: z.number(),
  teamId: z.number(),
  teamName: z.string(),
  subject: z.string(),
  place: z.string(),
  rule: z.string(),
  startTime: z.string(),
  minutes: z.number(),
  places: z.number(),
  nextShiftAt: z.date().nullable(),
  openShifts: z.number().describe("shifts in the coming weeks with a place left"),
  canManage: z.boolean(),
});
export const ZRosterList = z.object({ rosters: z.array(ZRosterSummary) });

export const ZAssigned = z.object({
  assignmentId: z.number(),
  userId: z.number(),
  name: z.string(),
  noShow: z.boolean(),
});
export const ZShift = z.object({
  id: z.number(),
  startsAt: z.date(),
  endsAt: z.date(),
  assigned: z.array(ZAssigned),
  open: z.number().describe("places left"),
  mine: z.boolean(),
});
export const ZSwap = z.object({
  id: z.number(),
  shiftId: z.number(),
  startsAt: z.date(),
  fromName: z.string(),
  toName: z.string(),
  note: z.string(),
  requestedAt: z.date(),
});
export const ZRosterDetail = ZRosterSummary.extend({
  members: z
    .array(
      z.object({
        userId: z.number(),
        name: z.string(),
        role: z.enum(["leader", "member"]),
        noShows: z.number(),
      }),
    )
    .describe("the team's members with their no-shows (the leader and staff only)"),
  shifts: z.array(ZShift),
  swaps: z.array(ZSwap).describe("swap requests waiting for the leader (the leader and staff only)"),
});

export const ZAssign = z.object({ userId: ZId });
export const ZAssignResult = z.object({
  assignmentId: z.number(),
  messageZh: z.string(),
  messageEn: z.string(),
});
export const ZUnassigned = z.object({ removed: z.boolean() });
export const ZSwapAsk = z.object({
  toUserId: ZId.describe("the team member asked to take the shift"),
  note: z.string().trim().max(200).default(""),
});
export const ZSwapAsked = z.object({ swapId: z.number() });
export const ZSwapDecision = z.object({ approve: z.boolean() });
export const ZSwapDecided = z.object({ status: z.enum(["approved", "refused"]) });
export const ZNoShow = z.object({ userId: ZId, noShow: z.boolean().default(true) });
export const ZNoShowResult = z.object({ noShow: z.boolean() });

export const ZMyShifts = z.object({
  shifts: z.array(
    z.object({
      communityId: z.number(),
      rosterId: z.number(),
      subject: z.string(),
      place: z.string(),
      teamName: z.string(),
      shiftId: z.number(),
      assignmentId: z.number(),
      startsAt: z.date(),
      endsAt: z.date(),
      swap: z.object({ id: z.number(), toName: z.string() }).nullable().describe("my open swap request"),
      teammates: z.array(z.object({ userId: z.number(), name: z.string() })),
    }),
  ),
  open: z.array(
    z.object({
      communityId: z.number(),
      rosterId: z.number(),
      subject: z.string(),
      place: z.string(),
      teamName: z.string(),
      shiftId: z.number(),
      startsAt: z.date(),
      endsAt: z.date(),
      open: z.number(),
    }),
  ),
  noShows: z.number(),
});
