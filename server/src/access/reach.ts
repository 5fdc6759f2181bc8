// Who the caller is and which places their grants reach. Pure functions over the actor (no SQL, no
// permission table): policies may use them in their place rules without importing the registry.
import type { ScopeType } from "../db/schema.ts";
import type { Role } from "./roles.ts";

export interface RoleGrant {
  id: number;
  role: Role;
  scopeType: ScopeType;
  scopeCommunityId: number | null;
  scopeId: number | null;
  /** Communities a district/street/community grant covers whole. */
  communityIds: number[];
  /** Estates reached through a property company. */
  estateKeys: string[];
}

export interface Residency {
  communityId: number;
  residentId: number;
  householdId: number | null;
  status: string;
}

export interface Actor {
  userId: number;
  name: string;
  phone: string;
  locale: "zh-CN" | "en";
  elderlyMode: boolean;
  grants: RoleGrant[];
  residencies: Residency[];
}

/** A place something lives at; the more fields are known, the narrower the scopes that reach it. */
export interface PlaceRef {
  communityId: number;
  gridId?: number | null;
  estateId?: number | null;
  buildingId?: number | null;
  unitId?: number | null;
}

export interface Reach {
  all: boolean;
  communities: Set<number>;
  grids: Set<string>;
  estates: Set<string>;
  buildings: Set<string>;
  units: Set<string>;
  organisations: Set<number>;
  roles: Role[];
}

export const placeKey = (communityId: number, id: number) => `${communityId}:${id}`;

/** A reach that reaches nothing, to be filled by `reachOf`. */
export function emptyReach(): Reach {
  return {
    all: false,
    communities: new Set(),
    grids: new Set(),
    estates: new Set(),
    buildings: new Set(),
    units: new Set(),
    organisations: new Set(),
    roles: [],
  };
}

export function reaches(reach: Reach, place: PlaceRef): boolean {
  if (reach.all || reach.communities.has(place.communityId)) return true;
  const c = place.communityId;
  if (place.gridId != null && reach.grids.has(placeKey(c, place.gridId))) return true;
  if (place.estateId != null && reach.estates.has(placeKey(c, place.estateId))) return true;
  if (place.buildingId != null && reach.buildings.has(placeKey(c, place.buildingId))) return true;
  if (place.unitId != null && reach.units.has(placeKey(c, place.unitId))) return true;
  return false;
}

/** True when the reach covers some part of the community (so community-level lists may be opened, filtered). */
export function touchesCommunity(reach: Reach, communityId: number): boolean {
  if (reach.all || reach.communities.has(communityId)) return true;
  const prefix = `${communityId}:`;
  for (const set of [reach.grids, reach.estates, reach.buildings, reach.units]) {
    for (const k of set) if (k.startsWith(prefix)) return true;
  }
  return false;
}

export function coversCommunity(reach: Reach, communityId: number): boolean {
  return reach.all || reach.communities.has(communityId);
}

/** Ids within one community that a partial reach covers, for filtering lists in SQL. */
export function partialReach(reach: Reach, communityId: number) {
  const pick = (set: Set<string>) =>
    [...set].filter((k) => k.startsWith(`${communityId}:`)).map((k) => Number(k.split(":")[1]));
  return {
    gridIds: pick(reach.grids),
    estateIds: pick(reach.estates),
    buildingIds: pick(reach.buildings),
    unitIds: pick(reach.units),
  };
}
