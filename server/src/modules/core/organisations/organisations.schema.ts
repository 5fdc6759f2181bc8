import { z } from "zod";
import { ROLES } from "../../../access/roles.ts";

export const ORGANISATION_KINDS = [
  "party_committee",
  "party_branch",
  "party_group",
  "co_building_unit",
  "property_company",
  "owners_committee",
  "social_organisation",
  "volunteer_team",
  "merchant",
  "government_department",
] as const;

export const ZOrganisation = z.object({
  id: z.number(),
  kind: z.enum(ORGANISATION_KINDS),
  name: z.string(),
  parentId: z.number().nullable(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable().describe("masked"),
  memberCount: z.number().describe("party members of a party organisation, 0 otherwise"),
});
export const ZCreateOrganisation = z.object({
  kind: z.enum(ORGANISATION_KINDS),
  name: z.string().trim().min(1).max(80),
  parentId: z.number().int().positive().nullable().optional(),
  contactName: z.string().trim().max(40).nullable().optional(),
  contactPhone: z
    .string()
    .trim()
    .regex(/^1[3-9]\d{9}$/)
    .nullable()
    .optional(),
});

export const ZPartyMember = z.object({
  id: z.number(),
  name: z.string(),
  phone: z.string().nullable().describe("masked"),
  kind: z.enum(["resident", "sinking"]).describe("sinking = 下沉党员 registered from a co-building unit"),
  branchName: z.string().nullable(),
  sourceOrgName: z.string().nullable(),
  isCentralHousehold: z.boolean().describe("党员中心户"),
});
export const ZPartyMemberList = z.object({ items: z.array(ZPartyMember), total: z.number() });
export const ZCreatePartyMember = z.object({
  name: z.string().trim().min(1).max(40),
  phone: z
    .string()
    .trim()
    .regex(/^1[3-9]\d{9}$/)
    .nullable()
    .optional(),
  branchOrgId: z.number().int().positive().nullable().optional(),
  kind: z.enum(["resident", "sinking"]),
  sourceOrgId: z.number().int().positive().nullable().optional(),
  residentId: z.number().int().positive().nullable().optional(),
  householdId: z.number().int().positive().nullable().optional(),
  isCentralHousehold: z.boolean().optional(),
});

export const ZRoleAssignment = z.object({
  id: z.number(),
  userName: z.string(),
  phone: z.string().describe("masked"),
  role: z.string(),
  scopeType: z.string(),
  scopeId: z.number().nullable(),
});
export const ZCreateRoleAssignment = z.object({
  phone: z
    .string()
    .trim()
    .regex(/^1[3-9]\d{9}$/),
  role: z.enum(ROLES),
  scopeType: z.enum(["community", "grid", "estate", "building", "unit", "organisation"]),
  scopeId: z.number().int().positive(),
});
export const ZRoleParams = z.object({
  communityId: z.coerce.number().int().positive(),
  roleId: z.coerce.number().int().positive(),
});
