// The meetings module's contract (DOMAIN D3): bodies, queries and answers; also the OpenAPI document and
// the web app's types.
import { z } from "zod";
import { patchBody } from "../../../http/patch.ts";
import { ZCommunityParams } from "../../core/places/places.schema.ts";

export const MEETING_KINDS = [
  "council",
  "joint",
  "opinion",
  "courtyard",
  "ideas_salon",
  "party_members",
  "residents",
  "other",
] as const;
export const ZMeetingKind = z
  .enum(MEETING_KINDS)
  .describe(
    "council 议事会, joint 联席会, opinion 意见征集会, courtyard 庭院会, ideas_salon 金点子沙龙, party_members 党员大会, residents 居民会议 (quorum and decisions by Organic Law of Urban Residents’ Committees Art. 9), other 其他",
  );
export const MEETING_KIND_ZH: Record<(typeof MEETING_KINDS)[number], string> = {
  council: "议事会",
  joint: "联席会",
  opinion: "意见征集会",
  courtyard: "庭院会",
  ideas_salon: "金点子沙龙",
  party_members: "党员大会",
  residents: "居民会议",
  other: "其他会议",
};
export const ZAttendanceMethod = z
  .enum(["scan", "code", "personal_code", "ticked"])
  .describe(
    "scan: the resident scanned the organiser's QR code; code: typed its 6-digit code; personal_code: the organiser scanned the resident's personal code; ticked: the organiser ticked the name",
  );

export const ZMeetingParams = ZCommunityParams.extend({ meetingId: z.coerce.number().int().positive() });
export const ZSeriesParams = ZCommunityParams.extend({ seriesId: z.coerce.number().int().positive() });

const ZId = z.number().int().positive();
const ZTitle = z.string().trim().min(1).max(100);
const ZVenue = z.string().trim().max(100).describe("free text: 议事亭, 党群服务中心二楼会议室…");
const ZAgenda = z.string().trim().max(4000);
const ZMinutes = z.string().trim().max(20000);
const ZResolutions = z
  .array(z.string().trim().min(1).max(1000))
  .max(30)
  .describe("resolutions as text, one per item");
const ZPhotoIds = z
  .array(z.string().trim().min(1).max(100))
  .max(30)
  .describe("ids of photos kept by a file store (this module stores the ids only, no files)");
const ZRRule = z
  .string()
  .trim()
  .min(1)
  .max(500)
  .describe(
    "an RFC 5545 recurrence rule without DTSTART, e.g. FREQ=WEEKLY;BYDAY=SA;COUNT=8 or FREQ=MONTHLY;BYMONTHDAY=15; the series starts at startsAt (China time); at most 53 occurrences and one year are planned",
  );

export const ZCreateMeeting = z
  .object({
    kind: ZMeetingKind,
    title: ZTitle,
    startsAt: z.coerce.date(),
    endsAt: z.coerce.date(),
    estateId: ZId.nullable().optional().describe("the estate it is held for; none: the whole community"),
    buildingId: ZId.nullable().optional().describe("the building it is held for (its estate follows)"),
    venue: ZVenue.default(""),
    agenda: ZAgenda.default(""),
    topicId: ZId.nullable().optional().describe("the topic (议题) it deliberates, if any"),
    invitedResidentIds: z.array(ZId).max(500).default([]),
    invitedOrganisationIds: z.array(ZId).max(50).default([]),
    rrule: ZRRule.optional().describe("plan a series: the rule its occurrences follow"),
  })
  .refine((m) => m.endsAt > m.startsAt, { message: "endsAt must be after startsAt", path: ["endsAt"] });
export type TCreateMeeting = z.infer<typeof ZCreateMeeting>;

export const ZUpdateMeeting = patchBody({
  kind: ZMeetingKind.optional(),
  title: ZTitle.optional(),
  startsAt: z.coerce.date().optional(),
  endsAt: z.coerce.date().optional(),
  estateId: ZId.nullable().optional(),
  buildingId: ZId.nullable().optional(),
  venue: ZVenue.optional(),
  agenda: ZAgenda.optional(),
  minutes: ZMinutes.optional(),
  resolutions: ZResolutions.optional(),
  photoIds: ZPhotoIds.optional(),
  topicId: ZId.nullable().optional(),
  cancelled: z.boolean().optional(),
  invitedResidentIds: z.array(ZId).max(500).optional(),
  invitedOrganisationIds: z.array(ZId).max(50).optional(),
});
export type TUpdateMeeting = z.infer<typeof ZUpdateMeeting>;

export const ZUpdateQuery = z.object({
  apply: z
    .enum(["one", "following"])
    .default("one")
    .describe(
      "following: also change this series' later occurrences (not minutes, resolutions or photos; a new start or end moves each by the same amount)",
    ),
});

export const ZMeetingsQuery = z.object({
  q: z.string().trim().max(100).optional().describe("words in the title, venue or agenda"),
  kind: ZMeetingKind.optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  when: z.enum(["upcoming", "past"]).optional(),
  seriesId: z.coerce.number().int().positive().optional(),
  topicId: z.coerce.number().int().positive().optional().describe("only the meetings of this topic (议题)"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type TMeetingsQuery = z.infer<typeof ZMeetingsQuery>;
export const ZMeetingsExportQuery = ZMeetingsQuery.omit({ limit: true, offset: true });

const ZPlace = z.object({
  estateId: z.number().nullable(),
  estateName: z.string().nullable(),
  buildingId: z.number().nullable(),
  buildingName: z.string().nullable(),
  venue: z.string(),
});

export const ZMeetingSummary = z.object({
  id: z.number(),
  communityId: z.number(),
  communityName: z.string(),
  seriesId: z.number().nullable(),
  kind: ZMeetingKind,
  title: z.string(),
  startsAt: z.date(),
  endsAt: z.date(),
  place: ZPlace,
  topicId: z.number().nullable(),
  cancelled: z.boolean(),
  invitedPeople: z.number(),
  invitedParties: z.number(),
  attended: z.number(),
});
export const ZMeetings = z.object({ items: z.array(ZMeetingSummary), total: z.number() });

export const ZPartyFigure = z.object({
  organisationId: z.number().nullable().describe("null: residents who came for no invited party"),
  name: z.string(),
  invited: z.boolean(),
  attended: z.number(),
});
export const ZMeetingFigures = z.object({
  invitedPeople: z.number(),
  invitedPeopleAttended: z.number(),
  attended: z.number(),
  attendancePct: z.number().nullable().describe("invited people who came ÷ invited people, in percent"),
  byMethod: z.object({ scan: z.number(), code: z.number(), personal_code: z.number(), ticked: z.number() }),
  byParty: z.array(ZPartyFigure),
});

export const ZInvitee = z.object({
  residentId: z.number(),
  name: z.string(),
  phone: z.string().nullable().describe("masked"),
  attended: z.boolean(),
});
export const ZAttendee = z.object({
  name: z.string(),
  residentId: z.number().nullable(),
  organisationName: z.string().nullable(),
  method: ZAttendanceMethod,
  signedInAt: z.date(),
});

// ---- residents' meetings (居民会议) ----
export const ZResidentsBasis = z
  .enum(["adults", "households"])
  .describe(
    "who composes the residents' meeting: adults, every resident aged 18 or more (from the register's birth date); households, one representative per household",
  );
export const ZFreezeRoll = z.object({ basis: ZResidentsBasis });
export type TFreezeRoll = z.infer<typeof ZFreezeRoll>;

const ZCount = z.number().int().min(0).max(100_000);
const ZTicked = z.array(ZId).max(5000);
export const ZRecordDecision = z.object({
  item: z.string().trim().min(1).max(1000).describe("the decision item (a resolution) put to the vote"),
  tally: z
    .discriminatedUnion("method", [
      z.object({ method: z.literal("counted"), yes: ZCount, no: ZCount, abstain: ZCount }),
      z.object({
        method: z.literal("ticked"),
        yes: ZTicked.describe("resident ids of present attendees who voted 同意"),
        no: ZTicked.describe("反对"),
        abstain: ZTicked.describe("弃权"),
      }),
    ])
    .describe(
      "counted: staff counted the hands or ballots; ticked: staff ticked present attendees (a household counts once on the household basis)",
    ),
});
export type TRecordDecision = z.infer<typeof ZRecordDecision>;

export const ZResidentsDecision = z.object({
  id: z.number(),
  item: z.string(),
  eligible: z.number(),
  present: z.number().describe("those present (counted) when the decision was recorded"),
  yes: z.number(),
  no: z.number(),
  abstain: z.number(),
  passed: z.boolean().describe("yes > half of those present"),
  countedBy: z.enum(["counted", "ticked"]),
  recordedAt: z.date(),
});

export const ZResidentsMeeting = z.object({
  basis: ZResidentsBasis.nullable().describe("null until the roll is frozen"),
  frozenAt: z.date().nullable(),
  eligible: z.number().nullable().describe("the frozen roll's size: adult residents or households"),
  unknownAge: z
    .number()
    .describe("verified residents at the place whose birth date is unknown, left off an adults roll"),
  signedIn: z.number().describe("everyone signed in, counted or not"),
  present: z.number().describe("signed in and on the roll (a household once)"),
  notCounted: z
    .number()
    .describe("signed in but not counted: outside the roll, or a household's second person"),
  needed: z.number().nullable().describe("the fewest present for a quorum: more than half of the eligible"),
  quorum: z.boolean(),
  decisions: z.array(ZResidentsDecision),
  countedResidentIds: z
    .array(z.number())
    .nullable()
    .describe("staff only: residents signed in who count (those who may be ticked)"),
});

export const ZMeetingDetail = ZMeetingSummary.extend({
  agenda: z.string(),
  minutes: z.string(),
  resolutions: z.array(z.string()),
  photoIds: z.array(z.string()),
  rrule: z.string().nullable(),
  invitedOrganisations: z.array(z.object({ id: z.number(), name: z.string(), kind: z.string() })),
  /** staff only */
  invitees: z.array(ZInvitee).nullable().describe("staff only: invited residents with masked phones"),
  attendees: z.array(ZAttendee).nullable().describe("staff only"),
  figures: ZMeetingFigures.nullable().describe("staff only"),
  residentsMeeting: ZResidentsMeeting.nullable().describe(
    "a residents' meeting's roll, quorum and decisions",
  ),
  canManage: z.boolean(),
  mine: z
    .object({ invited: z.boolean(), signedIn: z.boolean() })
    .describe("the caller's own invitation and attendance"),
});

export const ZCreated = z.object({
  id: z.number().describe("the (first) meeting"),
  seriesId: z.number().nullable(),
  meetingIds: z.array(z.number()),
});

export const ZSignInCode = z.object({
  code: z.string().describe("6 digits, valid in this 30-second window and the next"),
  path: z.string().describe("the resident page the QR code opens (same origin)"),
  windowSeconds: z.number(),
  expiresAt: z.date().describe("when this window ends and the screen shows a new code"),
  attended: z.number(),
});

export const ZSignIn = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, "6 digits"),
  via: z.enum(["scan", "code"]).default("code"),
});
export const ZSignedIn = z.object({
  status: z.enum(["signed_in", "already"]),
  messageZh: z.string(),
  messageEn: z.string(),
  name: z.string(),
  meetingTitle: z.string(),
});

export const ZRecordAttendance = z.discriminatedUnion("method", [
  z.object({
    method: z.literal("personal_code"),
    token: z.string().trim().min(1).max(200).describe("the resident's personal code, scanned or typed"),
  }),
  z.object({ method: z.literal("ticked"), residentIds: z.array(ZId).min(1).max(500) }),
]);
export type TRecordAttendance = z.infer<typeof ZRecordAttendance>;
export const ZRecorded = z.object({
  signedIn: z.array(z.object({ name: z.string(), status: z.enum(["signed_in", "already"]) })),
  attended: z.number(),
});

export const ZPersonalCode = z.object({
  token: z.string(),
  expiresAt: z.date(),
  name: z.string(),
});

export const ZMyMeetings = z.object({
  items: z.array(
    ZMeetingSummary.extend({ invited: z.boolean(), signedIn: z.boolean() }).omit({
      invitedPeople: true,
      invitedParties: true,
      attended: true,
    }),
  ),
});
