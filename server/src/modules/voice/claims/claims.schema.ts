import { z } from "zod";
import { ZCommunityParams } from "../../core/places/places.schema.ts";
import { ZCategoryRef, ZKind, ZListSearch, ZPlaceView, ZStatus } from "../requests/requests.schema.ts";

export const ZClaimantKind = z
  .enum(["party_member", "volunteer", "co_building_unit", "resident"])
  .describe("claimed as a party member 党员, a volunteer 志愿者 or for a co-building unit 共建单位");
export const ZClaimStatus = z
  .enum(["active", "fulfilled", "withdrawn"])
  .describe(
    "active: promised, not yet done; fulfilled: done; withdrawn: given up by the claimant, or released by staff",
  );
export const ZBoardStatus = z
  .enum(["open", "claimed", "fulfilled"])
  .describe("open: waiting for someone; claimed: promised by a claimant; fulfilled: done");
export const ZBoardQuery = z.object({
  kind: z.enum(["need", "wish"]).optional(),
  status: ZBoardStatus.optional(),
  cursor: z.coerce.number().int().positive().optional().describe("the last id of the previous page"),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
export const ZBoardItem = z
  .object({
    id: z.number(),
    kind: ZKind,
    title: z.string(),
    description: z.string(),
    category: ZCategoryRef,
    buildingName: z.string().nullable().describe("the most precise place shown in public"),
    status: ZBoardStatus,
    claimantKind: ZClaimantKind.nullable(),
    claimantOrgName: z.string().nullable().describe("a co-building unit's name; people are never named"),
    promiseDate: z.string().nullable(),
    createdAt: z.date(),
    fulfilledAt: z.date().nullable(),
    mine: z.boolean().describe("the caller made its live claim (always false for anonymous callers)"),
    myClaimId: z
      .number()
      .nullable()
      .describe("the caller's own claim, to fulfil or withdraw it; null for everyone else's"),
  })
  .describe("a public need or micro-wish: no submitter name, room or phone, no claimant's identity");
export const ZBoard = z.object({
  items: z.array(ZBoardItem),
  nextCursor: z.number().nullable(),
  counts: z.object({ open: z.number(), claimed: z.number(), fulfilled: z.number() }),
});

export const ZClaimAs = z.enum(["party_member", "volunteer", "co_building_unit"]);
export const ZClaim = z.object({
  promiseDate: z.iso.date().describe("the day the claimant promises to fulfil it by (YYYY-MM-DD)"),
  note: z.string().trim().max(500).optional(),
  as: ZClaimAs.optional().describe("claim as a party member, a volunteer or for a co-building unit"),
  orgId: z.number().int().positive().optional().describe("the co-building unit, when claiming for one"),
});
export const ZClaimResult = z.object({
  id: z.number(),
  requestId: z.number(),
  claimantKind: ZClaimantKind,
  promiseDate: z.string(),
  status: ZClaimStatus,
});
export const ZClaimParams = ZCommunityParams.extend({ claimId: z.coerce.number().int().positive() });
export const ZFulfil = z.object({ note: z.string().trim().max(2000).optional() });
export const ZWithdraw = z.object({
  reason: z.string().trim().max(500).optional().describe("why, told to the submitter (optional)"),
});
export const ZWithdrawResult = z.object({
  id: z.number(),
  requestId: z.number(),
  status: z.literal("withdrawn"),
  boardStatus: ZBoardStatus.describe(
    "open: on the board again for others to claim (fulfilled when it was resolved another way)",
  ),
});

export const ZRelease = z.object({
  reason: z
    .string()
    .trim()
    .min(2)
    .max(500)
    .describe("why the claim is released (required): told to the claimant and the submitter, audited"),
});
export const ZReleaseResult = ZWithdrawResult;

export const ZStaffClaim = z.object({
  claim: z
    .object({
      id: z.number(),
      claimantKind: ZClaimantKind,
      claimantName: z.string().describe("the claimant, for staff to contact (never shown in public)"),
      claimantPhone: z.string().nullable().describe("masked"),
      orgName: z.string().nullable().describe("the co-building unit, when claimed for one"),
      status: ZClaimStatus,
      released: z.boolean().describe("withdrawn by staff (释放认领) rather than by the claimant"),
      releasedByName: z.string().nullable(),
      promiseDate: z.string(),
      overdue: z.boolean().describe("still active after the promise date (China time) — 已超期"),
      note: z.string().nullable(),
      createdAt: z.date(),
      remindedAt: z.date().nullable().describe("when the sweep reminded the claimant of the promise date"),
      overdueNotifiedAt: z
        .date()
        .nullable()
        .describe("when the sweep told the claimant and the grid workers that it was overdue"),
      fulfilledAt: z.date().nullable(),
      withdrawnAt: z.date().nullable(),
      links: z.object({
        release: z
          .string()
          .nullable()
          .describe("POST here (with a reason) to release it, when the caller may"),
      }),
    })
    .nullable()
    .describe("the request's latest claim; null when nobody claimed it"),
});

export const ZStaffClaimsQuery = ZListSearch.extend({
  from: ZListSearch.shape.from.describe("claimed on or after this day (China time)"),
  to: ZListSearch.shape.to.describe("claimed on or before this day (China time)"),
  status: ZClaimStatus.optional(),
  overdue: z
    .enum(["true", "false", "1", "0"])
    .transform((v) => v === "true" || v === "1")
    .optional()
    .describe("true: only active claims past their promise date (已超期); false: only those that are not"),
  claimedAs: ZClaimantKind.optional().describe("claimed as a party member, a volunteer or for a unit"),
  gridId: z.coerce.number().int().positive().optional(),
  cursor: z.coerce.number().int().positive().optional().describe("the last id of the previous page"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const ZStaffClaimsItem = z.object({
  id: z.number().describe("the claim"),
  requestId: z.number(),
  kind: ZKind,
  title: z.string(),
  category: ZCategoryRef,
  requestStatus: ZStatus,
  place: ZPlaceView.describe("the request's place, as the staff list of requests shows it"),
  claimantName: z.string().describe("the claimant, for staff to contact (never shown in public)"),
  claimantPhone: z.string().nullable().describe("masked"),
  claimedAs: ZClaimantKind,
  orgName: z.string().nullable().describe("the co-building unit, when claimed for one"),
  status: ZClaimStatus,
  released: z.boolean().describe("withdrawn by staff (释放认领) rather than by the claimant"),
  releasedByName: z.string().nullable(),
  promiseDate: z.string(),
  overdue: z.boolean().describe("still active after the promise date (China time) — 已超期"),
  createdAt: z.date(),
  remindedAt: z.date().nullable().describe("when the sweep reminded the claimant of the promise date"),
  overdueNotifiedAt: z
    .date()
    .nullable()
    .describe("when the sweep told the claimant and the grid workers that it was overdue"),
  fulfilledAt: z.date().nullable(),
  withdrawnAt: z.date().nullable(),
  links: z.object({
    request: z.string().describe("the request in the staff console"),
    release: z.string().nullable().describe("POST here (with a reason) to release it, when the caller may"),
  }),
});
/** The claims list's filters, for its Excel export (no paging). */
export const ZClaimsExportQuery = ZStaffClaimsQuery.omit({ cursor: true, limit: true });
export const ZStaffClaims = z.object({
  items: z.array(ZStaffClaimsItem),
  nextCursor: z.number().nullable(),
});

export const ZMyClaimsQuery = z.object({
  status: ZClaimStatus.optional(),
  cursor: z.coerce.number().int().positive().optional().describe("the last id of the previous page"),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
export const ZMyClaim = z.object({
  id: z.number().describe("the claim"),
  communityId: z.number(),
  communityName: z.string(),
  requestId: z.number(),
  kind: ZKind,
  title: z.string(),
  category: ZCategoryRef,
  buildingName: z.string().nullable(),
  claimedAs: ZClaimantKind,
  orgName: z.string().nullable().describe("the co-building unit, when claimed for one"),
  status: ZClaimStatus,
  requestStatus: ZStatus,
  promiseDate: z.string(),
  overdue: z.boolean().describe("still active after the promise date (China time)"),
  note: z.string().nullable(),
  createdAt: z.date(),
  fulfilledAt: z.date().nullable(),
  withdrawnAt: z.date().nullable(),
  released: z.boolean().describe("withdrawn because staff released the claim (释放认领)"),
  links: z.object({
    page: z.string().nullable().describe("the request's resident page (null once withdrawn)"),
    board: z.string().describe("the community's wish board"),
    fulfil: z.string().nullable().describe("POST here to mark it fulfilled, when that is possible"),
    withdraw: z.string().nullable().describe("POST here to withdraw the claim, when that is possible"),
  }),
});
export const ZMyClaims = z.object({
  items: z.array(ZMyClaim),
  nextCursor: z.number().nullable(),
  counts: z.object({
    active: z.number(),
    fulfilled: z.number(),
    withdrawn: z.number(),
    overdue: z.number(),
  }),
});
export const ZFulfilResult = z.object({
  id: z.number(),
  requestId: z.number(),
  status: z.literal("fulfilled"),
  requestStatus: z.literal("resolved"),
  confirmDueAt: z.date(),
  photoIds: z.array(z.number()),
});

export const ZResourceKind = z.enum(["venue", "money", "skill", "goods"]);
export const ZResourceQuery = z.object({
  kind: ZResourceKind.optional(),
  status: z.enum(["available", "matched"]).optional(),
  cursor: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export const ZResource = z.object({
  id: z.number(),
  kind: ZResourceKind,
  title: z.string(),
  description: z.string(),
  provider: z.object({
    kind: z.enum(["organisation", "resident"]),
    name: z.string().describe("an organisation's name, or 居民 (residents are never named)"),
  }),
  status: z.enum(["available", "matched", "withdrawn"]),
  matchedRequestId: z.number().nullable(),
  createdAt: z.date(),
});
export const ZResources = z.object({ items: z.array(ZResource), nextCursor: z.number().nullable() });
export const ZCreateResource = z.object({
  kind: ZResourceKind.describe("venue 场地, money 资金, skill 技能, goods 物资"),
  title: z.string().trim().min(2).max(80),
  description: z.string().trim().max(2000).default(""),
  orgId: z
    .number()
    .int()
    .positive()
    .optional()
    .describe("the organisation offering it (its representative, or staff recording its offer)"),
});
export const ZResourceParams = ZCommunityParams.extend({ resourceId: z.coerce.number().int().positive() });
export const ZMatch = z.object({ requestId: z.number().int().positive() });
