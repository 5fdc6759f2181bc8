// The contract of co-building projects (P1–P5): bodies, queries and answers of every route; also the
// OpenAPI document and the web app's types. Money is always an integer number of fen (分).
import { z } from "zod";
import { patchBody } from "../../../http/patch.ts";
import { ZCommunityParams } from "../../core/places/places.schema.ts";
import { ZRating, ZRatingComment } from "../../voice/requests/requests.schema.ts";

export const PROJECT_STATUSES = ["preparing", "crowdfunding", "building", "finished", "evaluated"] as const;
export const ZProjectStatus = z
  .enum(PROJECT_STATUSES)
  .describe("筹备中 preparing / 众筹中 crowdfunding / 建设中 building / 已完工 finished / 已评议 evaluated");
export const ZProjectTier = z
  .enum(["building", "estate", "community"])
  .describe("where it stands: a building, an estate or the whole community");
export const ORIGIN_KINDS = ["staff", "topic", "idea", "request", "contest_entry", "gap"] as const;
export const ZOriginKind = z
  .enum(ORIGIN_KINDS)
  .describe(
    "what it came from: staff, a topic's resolution, an idea, a request (need), a contest entry (签约立项) or a life-circle gap",
  );
export const PARTY_ROLES = [
  "co_building_unit",
  "property",
  "social_organisation",
  "volunteer_team",
  "residents",
  "government",
  "community",
  "other",
] as const;
export const ZPartyRole = z.enum(PARTY_ROLES);
export const TARGET_KINDS = ["money", "goods", "labour", "ideas"] as const;
export const ZTargetKind = z
  .enum(TARGET_KINDS)
  .describe("筹资 money (fen) / 筹物 goods (item, quantity) / 筹人 labour (hours by skill) / 筹智 ideas");
export const SOURCE_KINDS = ["community", "co_building_unit", "government", "residents", "other"] as const;
export const ZSourceKind = z.enum(SOURCE_KINDS).describe("社区自筹 / 共建单位 / 政府补贴 / 居民众筹 / 其他");
export const ZPhotoKind = z.enum(["before", "after", "progress", "voucher", "design"]);

const ZId = z.number().int().positive();
const ZDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "YYYY-MM-DD");
/** Fen: a whole, non-negative number (a fraction of a fen or a negative amount is refused). */
export const ZFen = z.number().int().min(0).max(100_000_000_000);
export const ZPositiveFen = z.number().int().positive().max(100_000_000_000);

export const ZProjectParams = ZCommunityParams.extend({ projectId: z.coerce.number().int().positive() });
export const ZTaskParams = ZProjectParams.extend({ taskId: z.coerce.number().int().positive() });
export const ZClaimParams = ZProjectParams.extend({ claimId: z.coerce.number().int().positive() });
export const ZPledgeParams = ZProjectParams.extend({ pledgeId: z.coerce.number().int().positive() });
export const ZPhotoParams = ZProjectParams.extend({ photoId: z.coerce.number().int().positive() });
export const ZBookingParams = ZProjectParams.extend({ bookingId: z.coerce.number().int().positive() });

// ---- the plan's lists (create and edit) ----

export const ZBudgetLineInput = z.object({
  id: ZId.optional().describe("an existing line (to change it); absent: a new line"),
  name: z.string().trim().min(1).max(60),
  amountFen: ZFen,
  note: z.string().trim().max(200).default(""),
});
export const ZMilestoneInput = z.object({
  title: z.string().trim().min(1).max(60),
  dueOn: ZDate.nullable().default(null),
  doneOn: ZDate.nullable().default(null),
});
export const ZPartyInput = z.object({
  role: ZPartyRole,
  organisationId: ZId.nullable().default(null).describe("an organisation serving the community, or null"),
  name: z.string().trim().max(60).default("").describe("a name for a team without a record (志愿队 …)"),
  contribution: z.string().trim().max(200).default(""),
});
export const ZSourceInput = z.object({
  id: ZId.optional(),
  kind: ZSourceKind,
  label: z.string().trim().min(1).max(60),
  organisationId: ZId.nullable().default(null),
  plannedFen: ZFen,
});
export const ZTargetInput = z.object({
  id: ZId.optional(),
  kind: ZTargetKind,
  item: z
    .string()
    .trim()
    .max(60)
    .default("")
    .describe("goods: the item; labour: the skill; ideas: the question"),
  unit: z.string().trim().max(10).default("").describe("goods: 件/袋/米 …; labour is in hours, money in fen"),
  quantity: z.number().int().positive().max(100_000_000_000).describe("money: fen; labour: hours"),
});

const ZPlaceFields = {
  tier: ZProjectTier,
  estateId: ZId.nullable().optional(),
  buildingId: ZId.nullable().optional(),
  placeText: z.string().trim().max(100).default("").describe("where exactly (a corner, a ground floor …)"),
};

export const ZCreateProject = z.object({
  title: z.string().trim().min(2).max(80),
  summary: z.string().trim().max(2000).default("").describe("what and why, in a resident's words"),
  plan: z.string().trim().max(10000).default(""),
  ...ZPlaceFields,
  origin: z
    .object({ kind: ZOriginKind.exclude(["staff"]), id: ZId })
    .nullable()
    .default(null)
    .describe("null: raised by staff"),
  isPublic: z.boolean().default(false).describe("its page and account readable without signing in"),
  treasurerUserId: ZId.nullable()
    .default(null)
    .describe("who books income and expenses (default: the creator)"),
  organiserUserId: ZId.nullable().default(null).describe("who certifies labour hours (default: the creator)"),
  budgetLines: z
    .array(ZBudgetLineInput.omit({ id: true }))
    .max(50)
    .default([]),
  milestones: z.array(ZMilestoneInput).max(30).default([]),
  parties: z.array(ZPartyInput).max(30).default([]),
  fundingSources: z
    .array(ZSourceInput.omit({ id: true }))
    .max(10)
    .default([]),
  targets: z
    .array(ZTargetInput.omit({ id: true }))
    .max(30)
    .default([]),
});
export type TCreateProject = z.input<typeof ZCreateProject>;

export const ZUpdateProject = patchBody({
  title: z.string().trim().min(2).max(80).optional(),
  summary: z.string().trim().max(2000).optional(),
  plan: z.string().trim().max(10000).optional(),
  placeText: z.string().trim().max(100).optional(),
  isPublic: z.boolean().optional(),
  treasurerUserId: ZId.optional(),
  organiserUserId: ZId.optional(),
  budgetLines: z
    .array(ZBudgetLineInput)
    .max(50)
    .optional()
    .describe(
      "the whole list: lines by id kept and changed, new ones without id; a line with bookings stays",
    ),
  milestones: z.array(ZMilestoneInput).max(30).optional().describe("the whole list, in order"),
  parties: z.array(ZPartyInput).max(30).optional().describe("the whole list"),
  fundingSources: z.array(ZSourceInput).max(10).optional(),
  targets: z
    .array(ZTargetInput)
    .max(30)
    .optional()
    .describe("a target with pledges stays (its kind cannot change)"),
  design: z
    .object({
      kind: z.enum(["survey", "vote"]),
      refId: ZId,
      choice: z.string().trim().max(500).nullable().default(null).describe("the option residents chose"),
    })
    .nullable()
    .optional()
    .describe("P5: the survey or owners' vote that put the planners' design options to residents"),
});

export const ZMoveStatus = z.object({
  to: ZProjectStatus.exclude(["preparing"]),
  text: z.string().trim().max(500).default(""),
});

// ---- reading ----

export const ZProjectsQuery = z.object({
  q: z.string().trim().max(40).optional(),
  status: ZProjectStatus.optional(),
  tier: ZProjectTier.optional(),
  originKind: ZOriginKind.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export const ZProjectsExportQuery = ZProjectsQuery.omit({ limit: true, offset: true });
export const ZByOriginQuery = z.object({
  kind: ZOriginKind.exclude(["staff"]),
  id: z.coerce.number().int().positive(),
});

const ZProgress = z.object({
  kind: ZTargetKind,
  target: z.number(),
  pledged: z.number(),
  fulfilled: z.number(),
});
export const ZProjectListItem = z.object({
  id: z.number(),
  communityId: z.number(),
  communityName: z.string(),
  title: z.string(),
  tier: ZProjectTier,
  placeName: z.string(),
  status: ZProjectStatus,
  originKind: ZOriginKind,
  originId: z.number().nullable(),
  isPublic: z.boolean(),
  budgetFen: z.number(),
  balanceFen: z.number(),
  createdAt: z.date(),
});
export const ZProjectList = z.object({ items: z.array(ZProjectListItem), total: z.number() });
export const ZMyProjects = z.object({ items: z.array(ZProjectListItem) });
export const ZProjectRefs = z.object({
  items: z.array(z.object({ id: z.number(), title: z.string(), status: ZProjectStatus })),
});

const ZClaimView = z.object({
  id: z.number(),
  claimantKind: z.enum(["party_member", "volunteer", "co_building_unit"]),
  claimantName: z.string().describe("a unit's name, or a masked person's name (张某)"),
  promiseDate: z.string(),
  status: z.enum(["active", "fulfilled", "withdrawn"]),
  mine: z.boolean(),
});
export const ZTaskView = z.object({
  id: z.number(),
  title: z.string(),
  description: z.string(),
  dueOn: z.string().nullable(),
  status: z.enum(["open", "claimed", "done"]),
  claim: ZClaimView.nullable(),
});
export const ZPledgeView = z.object({
  id: z.number(),
  targetId: z.number(),
  kind: ZTargetKind,
  pledgerKind: z.enum(["resident", "co_building_unit"]),
  pledgerName: z.string().describe("a unit's name, or a masked person's name (张某)"),
  quantity: z.number(),
  fulfilled: z.number(),
  text: z.string(),
  status: z.enum(["pledged", "fulfilled", "cancelled"]),
  mine: z.boolean(),
  createdAt: z.date(),
});
export const ZSourceView = z.object({
  id: z.number(),
  kind: ZSourceKind,
  label: z.string(),
  organisationId: z.number().nullable(),
  plannedFen: z.number(),
  receivedFen: z.number().describe("income booked against this source"),
  sharePct: z.number().describe("share of the planned total, 0–100, rounded"),
});
export const ZProjectDetail = ZProjectListItem.extend({
  summary: z.string(),
  plan: z.string(),
  placeText: z.string(),
  estateId: z.number().nullable(),
  buildingId: z.number().nullable(),
  treasurerUserId: z.number().nullable(),
  organiserUserId: z.number().nullable(),
  budgetLines: z.array(
    z.object({
      id: z.number(),
      name: z.string(),
      amountFen: z.number(),
      note: z.string(),
      spentFen: z.number(),
    }),
  ),
  milestones: z.array(
    z.object({ title: z.string(), dueOn: z.string().nullable(), doneOn: z.string().nullable() }),
  ),
  parties: z.array(
    z.object({
      role: ZPartyRole,
      organisationId: z.number().nullable(),
      name: z.string(),
      contribution: z.string(),
    }),
  ),
  fundingSources: z.array(ZSourceView),
  targets: z.array(
    z.object({
      id: z.number(),
      kind: ZTargetKind,
      item: z.string(),
      unit: z.string(),
      quantity: z.number(),
      pledged: z.number(),
      fulfilled: z.number(),
    }),
  ),
  progress: z.array(ZProgress).describe("per kind: target, pledged, fulfilled (for the progress bars)"),
  pledges: z.array(ZPledgeView),
  tasks: z.array(ZTaskView),
  updates: z.array(
    z.object({ id: z.number(), text: z.string(), photoIds: z.array(z.number()), createdAt: z.date() }),
  ),
  photos: z
    .array(z.object({ id: z.number(), kind: ZPhotoKind }))
    .describe("before/after/progress/design photos"),
  account: z
    .object({ incomeFen: z.number(), expenseFen: z.number(), balanceFen: z.number(), entries: z.number() })
    .nullable()
    .describe("null when the caller may not read the account"),
  design: z
    .object({ kind: z.enum(["survey", "vote"]), refId: z.number(), choice: z.string().nullable() })
    .nullable(),
  ratings: z.object({
    good: z.number(),
    average: z.number(),
    poor: z.number(),
    mine: z.object({ rating: ZRating, comment: z.string().nullable() }).nullable(),
    comments: z.array(z.object({ rating: ZRating, comment: z.string(), ratedAt: z.date() })),
  }),
  can: z.object({
    manage: z.boolean(),
    book: z.boolean(),
    certify: z.boolean(),
    pledge: z.boolean(),
    claim: z.boolean(),
    rate: z.boolean(),
    readAccount: z.boolean(),
  }),
});

// ---- tasks and their claims ----

export const ZCreateTask = z.object({
  title: z.string().trim().min(1).max(80),
  description: z.string().trim().max(1000).default(""),
  dueOn: ZDate.nullable().default(null),
});
export const ZClaimTask = z.object({
  promiseDate: ZDate,
  note: z.string().trim().max(500).optional(),
  as: z.enum(["party_member", "volunteer", "co_building_unit"]).optional(),
  orgId: ZId.optional(),
});
export const ZReleaseClaim = z.object({ reason: z.string().trim().min(2).max(200) });
export const ZClaimResult = z.object({
  id: z.number(),
  taskId: z.number(),
  status: z.enum(["active", "fulfilled", "withdrawn"]),
  promiseDate: z.string(),
});

// ---- progress ----

export const ZNewUpdate = z.object({
  text: z.string().trim().min(1).max(2000),
  photoKind: z.enum(["progress", "before", "after", "design"]).default("progress"),
});
export const ZUpdateResult = z.object({ id: z.number(), photoIds: z.array(z.number()) });

// ---- crowdfunding ----

export const ZPledge = z.object({
  targetId: ZId,
  quantity: z
    .number()
    .int()
    .positive()
    .max(100_000_000_000)
    .describe("money: fen; goods: items; labour: hours; ideas: 1"),
  text: z.string().trim().max(1000).default("").describe("an idea, or a note"),
  as: z.enum(["resident", "co_building_unit"]).optional(),
  orgId: ZId.optional().describe("the co-building unit pledging (its representative)"),
});
export const ZFulfil = z.object({
  quantity: z.number().int().positive().max(100_000_000_000).describe("goods received / hours certified"),
  note: z.string().trim().max(200).default(""),
});
export const ZPledgeResult = ZPledgeView;

// ---- the account ----

export const ZBooking = z.object({
  direction: z.enum(["income", "expense"]),
  amountFen: ZPositiveFen.describe("fen, a whole positive number (the form converts yuan × 100)"),
  memo: z.string().trim().min(1).max(200),
  counterparty: z.string().trim().max(60).default(""),
  occurredOn: ZDate,
  sourceId: ZId.nullable().default(null).describe("income: the funding source it belongs to"),
  budgetLineId: ZId.nullable().default(null).describe("expense: the budget line it pays"),
  pledgeId: ZId.nullable().default(null).describe("income: the money pledge it fulfils"),
  idempotencyKey: z
    .string()
    .trim()
    .min(8)
    .max(100)
    .describe("the form's key: a retried booking with the same key books once"),
});
/** 冲正: the treasurer reverses a mistaken booking, saying why. */
export const ZReverseBooking = z.object({
  reason: z.string().trim().min(1).max(150).describe("why the booking was a mistake (shown in the account)"),
  idempotencyKey: z
    .string()
    .trim()
    .min(8)
    .max(100)
    .describe("the form's key: a retried reversal with the same key books once"),
});
export const ZAccountQuery = z.object({
  before: z.coerce.number().int().positive().optional().describe("the seq to page before (newest first)"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const ZAccountEntry = z.object({
  id: z.number(),
  seq: z.number(),
  direction: z.enum(["income", "expense"]),
  amountFen: z.number(),
  balanceFen: z.number().describe("the account's balance after this entry"),
  memo: z.string(),
  counterparty: z.string(),
  occurredOn: z.string(),
  sourceLabel: z.string().nullable(),
  budgetLineName: z.string().nullable(),
  voucherPhotoId: z.number().nullable(),
  ledgerTransactionId: z.number().nullable(),
  bookedAt: z.date(),
  correctsSeq: z.number().nullable().describe("冲正: the entry (its seq) this one reverses"),
  correctedBySeq: z.number().nullable().describe("the entry (its seq) that reversed this one"),
});
export const ZAccount = z.object({
  projectId: z.number(),
  title: z.string(),
  balanceFen: z.number(),
  incomeFen: z.number(),
  expenseFen: z.number(),
  entries: z.number(),
  items: z.array(ZAccountEntry),
  nextBefore: z.number().nullable(),
});
export const ZBookingResult = ZAccountEntry.extend({ replayed: z.boolean() });
export const ZPublishResult = z.object({ noticeId: z.number() });

// ---- evaluation ----

export const ZProjectRate = z.object({ rating: ZRating, comment: ZRatingComment.optional() });
