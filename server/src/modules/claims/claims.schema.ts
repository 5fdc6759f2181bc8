import { z } from "zod";
import { ZCommunityParams } from "../places/places.schema.ts";
import { ZCategoryRef, ZKind } from "../requests/requests.schema.ts";

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
    claimantKind: z.enum(["party_member", "volunteer", "co_building_unit", "resident"]).nullable(),
    claimantOrgName: z.string().nullable().describe("a co-building unit's name; people are never named"),
    promiseDate: z.string().nullable(),
    createdAt: z.date(),
    fulfilledAt: z.date().nullable(),
  })
  .describe("a public need or micro-wish: no submitter name, room or phone");
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
  claimantKind: z.enum(["party_member", "volunteer", "co_building_unit", "resident"]),
  promiseDate: z.string(),
  status: z.enum(["active", "fulfilled", "withdrawn"]),
});
export const ZClaimParams = ZCommunityParams.extend({ claimId: z.coerce.number().int().positive() });
export const ZFulfil = z.object({ note: z.string().trim().max(2000).optional() });
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
