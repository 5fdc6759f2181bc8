import { z } from "zod";
import { ZCommunityParams } from "../../core/places/places.schema.ts";

export { ZCommunityParams };
export const ZStreetParams = z.object({ streetId: z.coerce.number().int().positive() });

export const ZOverdueQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100).describe("items to list (counts cover all)"),
});

const ZCounts = {
  sign: z.number().describe("past the time to sign, still unsigned"),
  solve: z.number().describe("signed, past the time to solve, still unresolved"),
  total: z.number(),
};

export const ZOverdueItem = z.object({
  communityId: z.number(),
  id: z.number(),
  kind: z.enum(["problem", "need", "wish"]),
  title: z.string(),
  status: z.enum(["submitted", "signed"]),
  stage: z.enum(["sign", "solve"]).describe("which deadline has passed"),
  categoryId: z.number(),
  gridId: z.number().nullable(),
  gridName: z.string().nullable(),
  routeTo: z.string().nullable(),
  dueAt: z.date(),
  overdueHours: z.number().describe("whole hours past the deadline"),
  escalatedAt: z.date().nullable().describe("when the deadline job escalated it to the street"),
  createdAt: z.date(),
});

export const ZGridCounts = z.object({
  gridId: z.number().nullable().describe("null: requests without a grid"),
  gridName: z.string().nullable(),
  ...ZCounts,
});

export const ZCommunityOverdue = z
  .object({
    communityId: z.number(),
    ...ZCounts,
    grids: z.array(ZGridCounts),
    items: z.array(ZOverdueItem).describe("oldest deadline first"),
  })
  .meta({ id: "CommunityOverdue" });

export const ZStreetOverdue = z
  .object({
    street: z.object({ id: z.number(), name: z.string(), ...ZCounts }),
    communities: z.array(
      z.object({ id: z.number(), name: z.string(), ...ZCounts, grids: z.array(ZGridCounts) }),
    ),
    items: z.array(ZOverdueItem.extend({ communityName: z.string() })).describe("oldest deadline first"),
  })
  .meta({ id: "StreetOverdue" });
