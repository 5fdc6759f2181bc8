// Who may do what, for which place. Roles are scoped to a place or an organisation (DOMAIN §0);
// a permission granted by a role reaches only the places of that role's scope.
import type { Kysely } from "kysely";
import type { DB, ScopeType } from "../db/schema.ts";
import { AppError } from "./errors.ts";

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

export const PERMISSIONS = [
  "places.read",
  "places.write",
  "households.read",
  "households.write",
  "residents.read",
  "residents.write",
  "residents.verify",
  "residents.reveal",
  "party.read",
  "party.write",
  "organisations.read",
  "organisations.write",
  "roles.read",
  "roles.write",
  "audit.read",
  "data.import",
  "data.export",
  "sms.outbox.read",
  // the event consumers and their dead letters (system admin only)
  "events.admin",
  // resident voice (V1–V8)
  "requests.read",
  "requests.handle",
  "requests.resolve",
  "requests.on_behalf",
  "requests.configure",
  "resources.match",
  "opinions.reply",
  "open311.keys",
  "calendar.write",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READ_ALL: Permission[] = [
  "places.read",
  "households.read",
  "residents.read",
  "party.read",
  "organisations.read",
  "roles.read",
  "audit.read",
  "data.export",
  "requests.read",
];
const COMMUNITY_STAFF: Permission[] = [
  ...READ_ALL,
  "places.write",
  "households.write",
  "residents.write",
  "residents.verify",
  "residents.reveal",
  "party.write",
  "organisations.write",
  "data.import",
  "requests.handle",
  "requests.resolve",
  "requests.on_behalf",
  "requests.configure",
  "resources.match",
  "opinions.reply",
];
// 三长 (building/floor/unit heads, grid leaders): see their places, report on residents' behalf.
const RESIDENT_LEADER: Permission[] = [
  "places.read",
  "households.read",
  "residents.read",
  "requests.read",
  "requests.on_behalf",
];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  system_admin: PERMISSIONS,
  district_official: READ_ALL,
  // escalations (V2/V4) land at the street, which resolves them
  street_official: [...READ_ALL, "requests.resolve"],
  community_secretary: [...COMMUNITY_STAFF, "roles.write", "open311.keys"],
  community_worker: COMMUNITY_STAFF,
  grid_worker: [
    "places.read",
    "households.read",
    "households.write",
    "residents.read",
    "residents.write",
    "residents.verify",
    "residents.reveal",
    "data.export",
    "requests.read",
    "requests.handle",
    "requests.resolve",
    "requests.on_behalf",
  ],
  grid_leader: RESIDENT_LEADER,
  building_head: RESIDENT_LEADER,
  floor_head: RESIDENT_LEADER,
  unit_head: RESIDENT_LEADER,
  // a property company resolves what is routed to it, in its estates
  property_staff: ["places.read", "households.read", "residents.read", "requests.read", "requests.resolve"],
  owners_committee_member: ["places.read", "households.read", "requests.read"],
  // a co-building unit resolves what is routed to it
  unit_representative: ["organisations.read", "requests.resolve"],
};

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

const key = (communityId: number, id: number) => `${communityId}:${id}`;

export function reachOf(actor: Actor | null, permission: Permission): Reach {
  const reach: Reach = {
    all: false,
    communities: new Set(),
    grids: new Set(),
    estates: new Set(),
    buildings: new Set(),
    units: new Set(),
    organisations: new Set(),
    roles: [],
  };
  if (!actor) return reach;
  for (const g of actor.grants) {
    if (!ROLE_PERMISSIONS[g.role]?.includes(permission)) continue;
    reach.roles.push(g.role);
    switch (g.scopeType) {
      case "global":
        reach.all = true;
        break;
      case "district":
      case "street":
      case "community":
        for (const c of g.communityIds) reach.communities.add(c);
        break;
      case "grid":
        reach.grids.add(key(g.scopeCommunityId!, g.scopeId!));
        break;
      case "estate":
        reach.estates.add(key(g.scopeCommunityId!, g.scopeId!));
        break;
      case "building":
        reach.buildings.add(key(g.scopeCommunityId!, g.scopeId!));
        break;
      case "unit":
        reach.units.add(key(g.scopeCommunityId!, g.scopeId!));
        break;
      case "organisation":
        reach.organisations.add(g.scopeId!);
        for (const e of g.estateKeys) reach.estates.add(e);
        break;
    }
  }
  return reach;
}

export function reaches(reach: Reach, place: PlaceRef): boolean {
  if (reach.all || reach.communities.has(place.communityId)) return true;
  const c = place.communityId;
  if (place.gridId != null && reach.grids.has(key(c, place.gridId))) return true;
  if (place.estateId != null && reach.estates.has(key(c, place.estateId))) return true;
  if (place.buildingId != null && reach.buildings.has(key(c, place.buildingId))) return true;
  if (place.unitId != null && reach.units.has(key(c, place.unitId))) return true;
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

export function requireActor(actor: Actor | null): Actor {
  if (!actor) throw new AppError("UNAUTHENTICATED");
  return actor;
}

/** Throws unless the actor holds `permission` for `place`. Returns the reach for presenters. */
export function authorize(actor: Actor | null, permission: Permission, place: PlaceRef): Reach {
  const a = requireActor(actor);
  const reach = reachOf(a, permission);
  if (reach.roles.length === 0) throw new AppError("FORBIDDEN");
  if (!reaches(reach, place)) throw new AppError("OUT_OF_SCOPE");
  return reach;
}

/** For lists inside one community: the actor must reach at least part of it; the query filters the rest. */
export function authorizeWithin(actor: Actor | null, permission: Permission, communityId: number): Reach {
  const a = requireActor(actor);
  const reach = reachOf(a, permission);
  if (reach.roles.length === 0) throw new AppError("FORBIDDEN");
  if (!touchesCommunity(reach, communityId)) throw new AppError("OUT_OF_SCOPE");
  return reach;
}

export function primaryRole(reach: Reach): string | null {
  return reach.roles[0] ?? null;
}

/** Loads an actor: the user, their grants (with wide scopes resolved to communities) and residencies. */
export async function loadActor(db: Kysely<DB>, userId: number): Promise<Actor | null> {
  const user = await db
    .selectFrom("app_user")
    .select(["id", "name", "phone", "locale", "elderly_mode", "disabled"])
    .where("id", "=", userId)
    .executeTakeFirst();
  if (!user || user.disabled) return null;
  const rows = await db
    .selectFrom("role_assignment")
    .select(["id", "role", "scope_type", "scope_community_id", "scope_id"])
    .where("user_id", "=", userId)
    .execute();
  const grants: RoleGrant[] = [];
  for (const r of rows) {
    let communityIds: number[] = [];
    let estateKeys: string[] = [];
    if (r.scope_type === "community") communityIds = [r.scope_id!];
    else if (r.scope_type === "street") {
      const cs = await db.selectFrom("community").select("id").where("street_id", "=", r.scope_id!).execute();
      communityIds = cs.map((c) => c.id);
    } else if (r.scope_type === "district") {
      const cs = await db
        .selectFrom("community")
        .innerJoin("street", "street.id", "community.street_id")
        .select("community.id")
        .where("street.district_id", "=", r.scope_id!)
        .execute();
      communityIds = cs.map((c) => c.id);
    } else if (r.scope_type === "organisation" && r.role === "property_staff") {
      // A grant made by a community reaches the company's estates in that community only, so a
      // secretary can never give access beyond their own community; a grant without a community
      // (made by a system admin) reaches all the company's estates.
      let qb = db
        .selectFrom("estate")
        .select(["community_id", "id"])
        .where("property_org_id", "=", r.scope_id!);
      if (r.scope_community_id != null) qb = qb.where("community_id", "=", r.scope_community_id);
      const es = await qb.execute();
      estateKeys = es.map((e) => key(e.community_id, e.id));
    }
    grants.push({
      id: r.id,
      role: r.role as Role,
      scopeType: r.scope_type,
      scopeCommunityId: r.scope_community_id,
      scopeId: r.scope_id,
      communityIds,
      estateKeys,
    });
  }
  const residencies = await db
    .selectFrom("resident")
    .select(["community_id", "id", "household_id", "status"])
    .where("user_id", "=", userId)
    .where("status", "in", ["pending", "verified"])
    .execute();
  return {
    userId: user.id,
    name: user.name,
    phone: user.phone,
    locale: user.locale,
    elderlyMode: user.elderly_mode,
    grants,
    residencies: residencies.map((r) => ({
      communityId: r.community_id,
      residentId: r.id,
      householdId: r.household_id,
      status: r.status,
    })),
  };
}
