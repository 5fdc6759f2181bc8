// Shapes of the API (server/src/modules/*/…schema.ts is the source of truth; these follow the
// published contract and stay type-only so the web bundle carries no server code).

export type Locale = "zh-CN" | "en";
export type Relation = "owner" | "tenant" | "family";
export type ResidentStatus = "pending" | "verified" | "rejected" | "moved_out";
export type Gender = "male" | "female" | null;

export interface RoleGrant {
  role: string;
  scopeType: string;
  scopeCommunityId: number | null;
  scopeId: number | null;
  scopeName: string | null;
}

export interface Residency {
  communityId: number;
  communityName: string;
  residentId: number;
  householdId: number | null;
  status: ResidentStatus | string;
}

export interface Me {
  id: number;
  name: string;
  phone: string;
  locale: Locale;
  elderlyMode: boolean;
  roles: RoleGrant[];
  residencies: Residency[];
}

export interface DivisionCommunity {
  id: number;
  code: string | null;
  name: string;
  kind: string;
}
export interface DivisionStreet {
  id: number;
  code: string | null;
  name: string;
  communities: DivisionCommunity[];
}
export interface Division {
  id: number;
  code: string;
  name: string;
  cityName: string;
  provinceName: string;
  streets: DivisionStreet[];
}

export interface PlaceTree {
  community: { id: number; name: string; streetName: string; districtName: string };
  grids: { id: number; name: string; buildingCount: number; householdCount: number }[];
  estates: {
    id: number;
    name: string;
    propertyOrgName: string | null;
    buildings: {
      id: number;
      name: string;
      gridId: number | null;
      floors: number | null;
      units: { id: number; name: string }[];
      householdCount: number;
    }[];
  }[];
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface HouseholdRow {
  id: number;
  address: string;
  buildingId: number;
  unitId: number | null;
  gridId: number | null;
  gridName: string | null;
  floor: number | null;
  room: string;
  areaM2: number | null;
  memberCount: number;
}

export interface HouseholdMember {
  id: number;
  name: string;
  relation: Relation | string | null;
  gender: Gender | string;
  age: number | null;
  phone: string | null;
  careTags: string[];
}

export interface HouseholdDetail {
  id: number;
  communityId?: number;
  gridId?: number | null;
  address: string;
  floor: number | null;
  room: string;
  areaM2: number | null;
  gridName: string | null;
  estateName: string | null;
  buildingName: string | null;
  unitName: string | null;
  members: HouseholdMember[];
}

export interface ResidentRow {
  id: number;
  name: string;
  gender: Gender;
  age: number | null;
  phone: string | null;
  idNumber: string | null;
  relation: Relation | null;
  status: ResidentStatus;
  careTags: string[];
  householdId: number | null;
  address: string | null;
  gridName?: string | null;
}

export interface PendingResident {
  id: number;
  name: string;
  phone: string | null;
  claimedAddress: string | null;
  relation: Relation | null;
  registeredAt: string;
}

export interface ImportJob {
  id: number;
  status: "queued" | "running" | "succeeded" | "failed" | "rejected" | string;
  totalRows: number;
  processedRows: number;
  importedRows: number;
  errorCount: number;
  errors: { row: number; column: string | null; message_zh: string; message_en: string }[];
}

export interface MyHousehold {
  communityId?: number;
  communityName: string;
  household: HouseholdDetail;
}

export const CARE_TAGS = [
  "living_alone",
  "empty_nest",
  "elderly_80_plus",
  "hardship",
  "disability",
  "left_behind_child",
] as const;

export interface Organisation {
  id: number;
  kind: string;
  name: string;
  parentId: number | null;
  contactName: string | null;
  contactPhone: string | null;
  memberCount: number;
}

export interface PartyMember {
  id: number;
  name: string;
  phone: string | null;
  kind: "resident" | "sinking" | string;
  branchName: string | null;
  sourceOrgName: string | null;
  isCentralHousehold: boolean;
}

export interface RoleAssignment {
  id: number;
  userName: string;
  phone: string;
  role: string;
  scopeType: string;
  scopeId: number | null;
}

export interface AuditEntry {
  id: number;
  at: string;
  actorName: string | null;
  actorRole: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  reason: string | null;
  before: unknown;
  after: unknown;
}
