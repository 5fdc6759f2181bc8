import { z } from "zod";
import { patchBody } from "../../../http/patch.ts";
import { ZCommunityParams } from "../../core/places/places.schema.ts";
import { ZKind } from "./requests.schema.ts";

export const ZCategory = z.object({
  id: z.number(),
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  kinds: z.array(ZKind),
  signDays: z.number().describe("working days to sign for it (签收时限)"),
  solveDays: z.number().describe("working days to solve it, from submission (办结时限)"),
  confirmDays: z.number().describe("calendar days the submitter has to confirm and rate"),
  active: z.boolean(),
  sort: z.number(),
  neverPublic: z
    .boolean()
    .describe(
      "nothing of this category is ever public, whatever the submitter asks (neighbour disputes, care)",
    ),
});
export const ZCategoryParams = ZCommunityParams.extend({ categoryId: z.coerce.number().int().positive() });
export const ZCategoryQuery = z.object({
  all: z
    .enum(["true", "false", "1", "0"])
    .transform((v) => v === "true" || v === "1")
    .optional()
    .describe("include categories no longer in use"),
});

const ZKinds = z
  .array(ZKind)
  .min(1)
  .max(3)
  .refine((k) => new Set(k).size === k.length, "each kind once");
const ZSignDays = z.number().int().min(0).max(60);
const ZSolveDays = z.number().int().min(0).max(365);
const ZConfirmDays = z.number().int().min(1).max(90);
export const ZCreateCategory = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_]{1,39}$/, "lower-case letters, digits and _"),
  nameZh: z.string().trim().min(1).max(20),
  nameEn: z.string().trim().min(1).max(60),
  kinds: ZKinds,
  signDays: ZSignDays.optional(),
  solveDays: ZSolveDays.optional(),
  confirmDays: ZConfirmDays.optional(),
  sort: z.number().int().min(0).max(100000).optional(),
  neverPublic: z.boolean().optional().describe("default false"),
});
export const ZUpdateCategory = patchBody({
  nameZh: z.string().trim().min(1).max(20).optional(),
  nameEn: z.string().trim().min(1).max(60).optional(),
  kinds: ZKinds.optional(),
  signDays: ZSignDays.optional(),
  solveDays: ZSolveDays.optional(),
  confirmDays: ZConfirmDays.optional(),
  active: z.boolean().optional(),
  sort: z.number().int().min(0).max(100000).optional(),
  neverPublic: z
    .boolean()
    .optional()
    .describe("from now on nothing of the category is public; published requests of it disappear"),
});
