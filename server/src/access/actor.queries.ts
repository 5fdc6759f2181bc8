// Loading the caller: the user, their grants (with wide scopes resolved to communities) and residencies.
import { type Kysely, type Selectable, sql } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import type { DB } from "../db/schema.ts";
import { type Actor, placeKey, type RoleGrant } from "./reach.ts";
import type { Role } from "./roles.ts";

/** The user's columns an actor needs, with their grants and live residencies as JSON arrays: one statement. */
function actorColumns(db: Kysely<DB>) {
  return [
    "u.id",
    "u.name",
    "u.phone",
    "u.locale",
    "u.elderly_mode",
    "u.disabled",
    jsonArrayFrom(
      db
        .selectFrom("role_assignment as r")
        .select(["r.id", "r.role", "r.scope_type", "r.scope_community_id", "r.scope_id"])
        .where("r.user_id", "=", sql.ref<number>("u.id"))
        .orderBy("r.id"),
    ).as("roles"),
    jsonArrayFrom(
      db
        .selectFrom("resident as x")
        .select(["x.community_id", "x.id", "x.household_id", "x.status"])
        .where("x.user_id", "=", sql.ref<number>("u.id"))
        .where("x.status", "in", ["pending", "verified"])
        .orderBy("x.id"),
    ).as("residencies"),
  ] as const;
}

/** Loads an actor: the user, their grants (with wide scopes resolved to communities) and residencies. */
export async function loadActor(db: Kysely<DB>, userId: number): Promise<Actor | null> {
  const user = await db
    .selectFrom("app_user as u")
    .select(actorColumns(db))
    .where("u.id", "=", userId)
    .executeTakeFirst();
  return user ? actorOf(db, user) : null;
}

/**
 * The caller of a session, in one statement for a resident (the session, the user, grants and
 * residencies; a street, district or company grant adds one to resolve its communities or estates).
 * Null when there is no such session or its user is gone; `actor` null when the user is disabled.
 */
export async function loadSessionActor(
  db: Kysely<DB>,
  sessionId: string,
): Promise<{ expiresAt: Date; actor: Actor | null } | null> {
  const row = await db
    .selectFrom("session as s")
    .innerJoin("app_user as u", "u.id", "s.user_id")
    .select(["s.expires_at", ...actorColumns(db)])
    .where("s.id", "=", sessionId)
    .executeTakeFirst();
  if (!row) return null;
  return { expiresAt: new Date(row.expires_at), actor: await actorOf(db, row) };
}

type ActorRow = Pick<
  Selectable<DB["app_user"]>,
  "id" | "name" | "phone" | "locale" | "elderly_mode" | "disabled"
> & {
  roles: Pick<
    Selectable<DB["role_assignment"]>,
    "id" | "role" | "scope_type" | "scope_community_id" | "scope_id"
  >[];
  residencies: Pick<Selectable<DB["resident"]>, "community_id" | "id" | "household_id" | "status">[];
};

async function actorOf(db: Kysely<DB>, user: ActorRow): Promise<Actor | null> {
  if (user.disabled) return null;
  const rows = user.roles;
  const residencies = user.residencies;
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
      estateKeys = es.map((e) => placeKey(e.community_id, e.id));
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
