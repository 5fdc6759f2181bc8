import { z } from "zod";
import { patchBody } from "../../../http/patch.ts";
import { ZHouseholdDetail, ZPage } from "../places/places.schema.ts";

// "一老一小一困" care tags used in the seed communities (DOMAIN §0).
export const CARE_TAGS = [
  "living_alone",
  "empty_nest",
  "elderly_80_plus",
  "hardship",
  "disability",
  "left_behind_child",
] as const;
export const ZCareTag = z.enum(CARE_TAGS);
export const ZRelation = z.enum(["owner", "tenant", "family"]);
export const ZResidentParams = z.object({
  communityId: z.coerce.number().int().positive(),
  residentId: z.coerce.number().int().positive(),
});

export const ZResidentQuery = ZPage.extend({
  q: z.string().trim().max(40).optional().describe("name, or the last 4 digits of the phone"),
  gridId: z.coerce.number().int().positive().optional(),
  buildingId: z.coerce.number().int().positive().optional(),
  householdId: z.coerce.number().int().positive().optional(),
  status: z.enum(["pending", "verified", "rejected", "moved_out"]).optional(),
  careTag: ZCareTag.optional(),
});

export const ZResidentRow = z.object({
  id: z.number(),
  name: z.string(),
  gender: z.string().nullable(),
  age: z.number().nullable(),
  phone: z.string().nullable().describe("masked"),
  idNumber: z.string().nullable().describe("masked"),
  relation: z.string().nullable(),
  status: z.string(),
  careTags: z.array(z.string()),
  householdId: z.number().nullable(),
  address: z.string().nullable(),
  gridName: z.string().nullable(),
});
export const ZResidentList = z.object({
  items: z.array(ZResidentRow),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});

const ZIdNumber = z.string().trim().max(18);
export const ZCreateResident = z.object({
  householdId: z.number().int().positive(),
  name: z.string().trim().min(1).max(40),
  relation: ZRelation,
  gender: z.enum(["male", "female"]).nullable().optional(),
  birthDate: z.iso.date().nullable().optional(),
  idNumber: ZIdNumber.nullable().optional(),
  phone: z
    .string()
    .trim()
    .regex(/^1[3-9]\d{9}$/)
    .nullable()
    .optional(),
  careTags: z.array(ZCareTag).max(6).optional(),
});
export const ZUpdateResident = patchBody({
  name: z.string().trim().min(1).max(40).optional(),
  relation: ZRelation.optional(),
  phone: z
    .string()
    .trim()
    .regex(/^1[3-9]\d{9}$/)
    .nullable()
    .optional(),
  careTags: z.array(ZCareTag).max(6).optional(),
  status: z.enum(["verified", "moved_out"]).optional(),
});

export const ZQueueItem = z.object({
  id: z.number(),
  name: z.string(),
  phone: z.string().nullable(),
  claimedAddress: z.string().nullable(),
  relation: z.string().nullable(),
  registeredAt: z.date(),
});
export const ZVerificationQueue = z.object({ items: z.array(ZQueueItem) });
export const ZVerify = z.object({ householdId: z.number().int().positive(), relation: ZRelation });
export const ZReject = z.object({ reason: z.string().trim().min(2).max(200) });

export const ZResidencyRequest = z.object({
  communityId: z.number().int().positive(),
  name: z.string().trim().min(1).max(40),
  claimedAddress: z.string().trim().min(2).max(100),
  relation: ZRelation,
  idNumber: ZIdNumber.optional(),
});
export const ZResidencyRequested = z.object({ residentId: z.number(), status: z.literal("pending") });

export const ZMyHouseholds = z.array(
  z.object({ communityId: z.number(), communityName: z.string(), household: ZHouseholdDetail }),
);

export type TCreateResident = z.infer<typeof ZCreateResident>;
export type TUpdateResident = z.infer<typeof ZUpdateResident>;
