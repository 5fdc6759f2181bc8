// The contract of deliberation topics (D1, D2): bodies, queries and answers of every route; also the
// OpenAPI document and the web app's types.
import { z } from "zod";
import { patchBody } from "../../../http/patch.ts";
import { ZCommunityParams } from "../../core/places/places.schema.ts";
import { ZRating, ZRatingComment } from "../../voice/requests/requests.schema.ts";

export const TIERS = ["building", "estate", "community"] as const;
export const ZTier = z.enum(TIERS).describe("building 楼栋议事 / estate 小区议事 / community 社区议事");
export const ZTopicStatus = z
  .enum(["proposal", "open"])
  .describe("proposal: a residents' proposal gathering support; open: a topic under deliberation");
export const ZOriginKind = z
  .enum(["staff", "proposal", "request", "opinion"])
  .describe("who or what raised it: staff, a residents' proposal, a request (诉求) or an opinion-box item");

/** Organisation kinds a participant set may name (DOMAIN §0: the parties of the linkage models). */
export const PARTY_KINDS = [
  "party_committee",
  "party_branch",
  "party_members",
  "residents",
  "co_building_unit",
  "property_company",
  "owners_committee",
  "social_organisation",
  "volunteer_team",
  "government_department",
] as const;
export const ZPartyKind = z.enum(PARTY_KINDS);

export const ZTopicParams = ZCommunityParams.extend({ topicId: z.coerce.number().int().positive() });
export const ZTemplateParams = ZCommunityParams.extend({ templateId: z.coerce.number().int().positive() });
export const ZSetParams = ZCommunityParams.extend({ setId: z.coerce.number().int().positive() });

export const TITLE_MAX = 80;
export const DESCRIPTION_MAX = 2000;
export const RECORD_TEXT_MAX = 2000;
const ZTitle = z.string().trim().min(2).max(TITLE_MAX);
const ZDescription = z.string().trim().max(DESCRIPTION_MAX);
const ZId = z.number().int().positive();

// ---- settings, templates, participant sets ----

const ZStageKey = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, "lower-case letters, digits and _")
  .describe(
    "stable key; publish_resolution (公示决议), implement (实施) and evaluate (评议) carry the notice-period and rating rules",
  );
export const ZStageInput = z.object({
  id: ZId.optional().describe(
    "an existing stage of this template (to rename or flag it); absent: a new stage",
  ),
  key: ZStageKey,
  nameZh: z.string().trim().min(1).max(20),
  nameEn: z.string().trim().min(1).max(40),
  skippable: z.boolean().default(false),
});
export const ZStage = z.object({
  id: z.number(),
  key: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  skippable: z.boolean(),
  position: z.number(),
});
export const ZTemplate = z.object({
  id: z.number(),
  name: z.string(),
  isDefault: z.boolean(),
  stages: z.array(ZStage),
  topics: z.number().describe("topics using it"),
});
export const ZCreateTemplate = z.object({
  name: z.string().trim().min(1).max(40),
  stages: z
    .array(ZStageInput.omit({ id: true }))
    .min(1)
    .max(20)
    .optional()
    .describe("absent: a copy of the X+7 stages"),
});
export const ZUpdateTemplate = patchBody({
  name: z.string().trim().min(1).max(40).optional(),
  stages: z
    .array(ZStageInput)
    .min(1)
    .max(20)
    .optional()
    .describe(
      "the whole list in order: existing stages by id (renamed, flagged, moved), new ones without id; a stage cannot be removed",
    ),
  isDefault: z.literal(true).optional().describe("make it the community's default template"),
});

export const ZPartyMember = z.object({
  kind: ZPartyKind,
  organisationId: ZId.nullable()
    .default(null)
    .describe("a named organisation of that kind, or null for the kind"),
});
export const ZParticipantSet = z.object({
  id: z.number(),
  name: z.string(),
  description: z.string(),
  members: z.array(
    z.object({
      kind: ZPartyKind,
      organisationId: z.number().nullable(),
      organisationName: z.string().nullable(),
    }),
  ),
});
export const ZCreateParticipantSet = z.object({
  name: z.string().trim().min(1).max(40),
  description: z.string().trim().max(200).default(""),
  members: z.array(ZPartyMember).min(1).max(30),
});
export const ZUpdateParticipantSet = patchBody({
  name: z.string().trim().min(1).max(40).optional(),
  description: z.string().trim().max(200).optional(),
  members: z.array(ZPartyMember).min(1).max(30).optional(),
});

export const ZTopicSettings = z.object({
  supportThreshold: z.number().describe("distinct households whose support turns a proposal into a topic"),
  noticeWorkingDays: z.number().describe("working days 公示决议 lasts before 实施 may start"),
  templates: z.array(ZTemplate),
  participantSets: z.array(ZParticipantSet),
  organisations: z
    .array(z.object({ id: z.number(), kind: z.string(), name: z.string() }))
    .describe("organisations that may be invited here (based in the community, or serving its estates)"),
});
export const ZUpdateSettings = patchBody({
  supportThreshold: z.number().int().min(1).max(10000).optional(),
  noticeWorkingDays: z.number().int().min(0).max(60).optional(),
});

// ---- topics ----

export const ZAttachments = z
  .array(z.number().int().positive())
  .max(9)
  .default([])
  .describe(
    "ids of photos uploaded through the request upload path (JPEG/PNG/WebP, ≤ 5 MB) in this community, on a request the caller may see; at most 9",
  );

export const ZCreateTopic = z.object({
  title: ZTitle,
  description: ZDescription.default(""),
  tier: ZTier,
  estateId: ZId.nullable().optional().describe("estate tier: the estate"),
  buildingId: ZId.nullable().optional().describe("building tier: the building (its estate follows)"),
  templateId: ZId.optional().describe("absent: the community's default template (X+7)"),
  participantSetId: ZId.nullable().optional(),
  organisationIds: z.array(ZId).max(30).default([]).describe("invited organisations besides the set's"),
  origin: z
    .object({ kind: z.enum(["request", "opinion"]), id: ZId })
    .nullable()
    .optional()
    .describe("the request or opinion-box item it comes from"),
  text: z.string().trim().max(RECORD_TEXT_MAX).default("").describe("the record of its first stage"),
});
export const ZProposal = z.object({
  title: ZTitle,
  description: ZDescription.default(""),
  tier: ZTier.describe("the place is the proposer's own: their building, estate or community"),
  householdId: ZId.optional().describe("which of the proposer's households (default: the first verified)"),
});

export const ZAdvance = z.object({
  toStageId: ZId.optional().describe(
    "absent: the next stage; a later stage: the stages between are skipped (each must be skippable)",
  ),
  text: z.string().trim().min(1).max(RECORD_TEXT_MAX),
  attachments: ZAttachments,
  isPublic: z
    .boolean()
    .optional()
    .describe("the record is shown to every resident of the community (default: true for 公示决议)"),
  implementationRequestId: ZId.optional().describe("实施: the request that carries out the resolution"),
});

export const ZTopicRate = z.object({ rating: ZRating, comment: ZRatingComment.optional() });

export const ZTopicsQuery = z.object({
  q: z.string().trim().max(40).optional(),
  tier: ZTier.optional(),
  stageKey: z.string().trim().max(40).optional(),
  status: ZTopicStatus.optional(),
  estateId: z.coerce.number().int().positive().optional(),
  buildingId: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export const ZExportQuery = ZTopicsQuery.omit({ limit: true, offset: true });
export const ZByOriginQuery = z.object({
  kind: z.enum(["request", "opinion"]),
  id: z.coerce.number().int().positive(),
});

const ZStageRef = z.object({ id: z.number(), key: z.string(), nameZh: z.string(), nameEn: z.string() });
export const ZTopicListItem = z.object({
  id: z.number(),
  communityId: z.number(),
  communityName: z.string(),
  title: z.string(),
  tier: ZTier,
  placeName: z.string().describe("the building, estate or community"),
  estateId: z.number().nullable(),
  buildingId: z.number().nullable(),
  status: ZTopicStatus,
  stage: ZStageRef,
  stageEnteredAt: z.date(),
  originKind: ZOriginKind,
  originId: z.number().nullable(),
  supports: z.number().describe("households supporting it"),
  createdAt: z.date(),
});
export const ZTopicList = z.object({ items: z.array(ZTopicListItem), total: z.number() });
export const ZMyTopics = z.object({ items: z.array(ZTopicListItem) });
export const ZTopicRefs = z.object({
  items: z.array(z.object({ id: z.number(), title: z.string(), stage: ZStageRef })),
});

export const ZStageRecord = z.object({
  id: z.number(),
  stageId: z.number(),
  action: z.enum(["entered", "skipped"]),
  text: z.string(),
  attachments: z.array(z.number()),
  isPublic: z.boolean(),
  actorName: z
    .string()
    .nullable()
    .describe("who recorded it, for staff reading the place; null for everyone else"),
  createdAt: z.date(),
});
export const ZTopicDetail = ZTopicListItem.extend({
  description: z.string(),
  templateName: z.string(),
  stages: z.array(ZStage.extend({ state: z.enum(["done", "skipped", "current", "later"]) })),
  records: z.array(ZStageRecord).describe("the stage records the caller may see, oldest first"),
  participant: z
    .boolean()
    .describe("the caller takes part (resident at the place, staff there, invited party)"),
  participantSet: z.object({ id: z.number(), name: z.string(), kinds: z.array(ZPartyKind) }).nullable(),
  parties: z.array(z.object({ id: z.number(), kind: z.string(), name: z.string() })),
  implementationRequestId: z.number().nullable(),
  supportThreshold: z.number(),
  noticeEndsOn: z
    .string()
    .nullable()
    .describe(
      "in 公示决议: the last day of the notice period (YYYY-MM-DD, China time); 实施 may start after it",
    ),
  can: z.object({ support: z.boolean(), rate: z.boolean(), advance: z.boolean() }),
  mySupport: z.boolean(),
  ratings: z.object({
    rated: z.number(),
    good: z.number(),
    average: z.number(),
    poor: z.number(),
    satisfactionPct: z.number().nullable(),
    mine: z.object({ rating: ZRating, comment: z.string().nullable() }).nullable(),
  }),
});
export const ZSupported = z.object({ supports: z.number(), status: ZTopicStatus, threshold: z.number() });
