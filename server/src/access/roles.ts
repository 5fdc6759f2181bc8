// The roles a person can hold and the places each may be granted on (DOMAIN §0). Which permissions a role
// carries is declared by the modules, each in its <module>.policy.ts (see registry.ts).
import type { ScopeType } from "../db/schema.ts";

export const ROLES = [
  "system_admin",
  "district_official",
  "street_official",
  "community_secretary",
  "community_worker",
  "grid_worker",
  "grid_leader",
  "building_head",
  "floor_head",
  "unit_head",
  "property_staff",
  "owners_committee_member",
  "unit_representative",
] as const;
export type Role = (typeof ROLES)[number];

/** The scope types each role may be granted on. */
export const ROLE_SCOPES: Record<Role, readonly ScopeType[]> = {
  system_admin: ["global"],
  district_official: ["district"],
  street_official: ["street"],
  community_secretary: ["community"],
  community_worker: ["community"],
  grid_worker: ["grid"],
  grid_leader: ["grid"],
  building_head: ["building"],
  floor_head: ["building"],
  unit_head: ["unit"],
  property_staff: ["organisation"],
  owners_committee_member: ["estate"],
  unit_representative: ["organisation"],
};

// Role groups the policies name, so that each permission's holders read as one line.
/** Officials who oversee many communities: they read, they do not write. */
export const OVERSEERS = ["district_official", "street_official"] as const satisfies readonly Role[];
/** The community's own staff (两委 and workers). */
export const COMMUNITY_STAFF = ["community_secretary", "community_worker"] as const satisfies readonly Role[];
/** 三长 and grid leaders: residents who lead their building, floor, unit or grid. */
export const RESIDENT_LEADERS = [
  "grid_leader",
  "building_head",
  "floor_head",
  "unit_head",
] as const satisfies readonly Role[];
