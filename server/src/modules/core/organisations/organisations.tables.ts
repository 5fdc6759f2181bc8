// Kysely table types of the organisations module: organisations, party members and role assignments. Keep in
// step with db/migrations/; db/schema.ts's DB includes them. Only db/schema.ts and this module import this
// file; other modules take the row types they need from db/schema.ts.
import type { Generated } from "kysely";

export type OrganisationKind =
  | "party_committee"
  | "party_branch"
  | "party_group"
  | "co_building_unit"
  | "property_company"
  | "owners_committee"
  | "social_organisation"
  | "volunteer_team"
  | "merchant"
  | "government_department";
export interface OrganisationTable {
  id: Generated<number>;
  kind: OrganisationKind;
  name: string;
  parent_id: number | null;
  home_community_id: number | null;
  street_id: number | null;
  contact_name: string | null;
  contact_phone: string | null;
  created_at: Generated<Date>;
}
export interface PartyMemberTable {
  community_id: number;
  id: Generated<number>;
  resident_id: number | null;
  user_id: number | null;
  name: string;
  phone: string | null;
  branch_org_id: number | null;
  kind: Generated<"resident" | "sinking">;
  source_org_id: number | null;
  is_central_household: Generated<boolean>;
  household_id: number | null;
  created_at: Generated<Date>;
}
export type ScopeType =
  | "global"
  | "district"
  | "street"
  | "community"
  | "grid"
  | "estate"
  | "building"
  | "unit"
  | "organisation";
export interface RoleAssignmentTable {
  id: Generated<number>;
  user_id: number;
  role: string;
  scope_type: ScopeType;
  scope_community_id: number | null;
  scope_id: number | null;
  created_at: Generated<Date>;
  created_by: number | null;
}

export interface OrganisationsTables {
  organisation: OrganisationTable;
  party_member: PartyMemberTable;
  role_assignment: RoleAssignmentTable;
}
