import { z } from "zod";
import { ZCommunityParams } from "../../core/places/places.schema.ts";

// ---- staff console: API keys of a community's Open311 clients ----

export const ZKeyParams = ZCommunityParams.extend({ keyId: z.coerce.number().int().positive() });

export const ZCreateKey = z.object({
  name: z
    .string()
    .trim()
    .min(2)
    .max(60)
    .describe("who uses the key, e.g. 区12345平台 (recorded with every request it submits)"),
});

export const ZKey = z.object({
  id: z.number(),
  name: z.string(),
  prefix: z.string().describe("the first characters of the key, to tell keys apart"),
  createdAt: z.date(),
  createdBy: z.string().nullable(),
  revokedAt: z.date().nullable(),
  active: z.boolean(),
});
export const ZCreatedKey = ZKey.extend({
  key: z.string().describe("the whole key: shown once, now; only its SHA-256 hash is stored"),
  jurisdictionId: z.string().describe("the jurisdiction_id Open311 clients send for this community"),
});

// ---- staff console: where the community accepts Open311 points ----

export const ZSetArea = z.object({
  lat: z.number().min(-90).max(90).describe("the centre's latitude (WGS-84, as GeoReport clients send)"),
  lng: z.number().min(-180).max(180).describe("the centre's longitude (WGS-84)"),
  radiusM: z
    .number()
    .int()
    .min(100)
    .max(50_000)
    .describe(
      "metres from the centre that the community covers; points farther than this plus 500 m are refused",
    ),
});

export const ZArea = ZSetArea.extend({
  marginM: z.number().describe("the margin added to the radius before a point is refused"),
  updatedAt: z.date(),
  updatedBy: z.string().nullable(),
})
  .nullable()
  .meta({ id: "Open311Area" });
