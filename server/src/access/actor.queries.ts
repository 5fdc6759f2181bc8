// Loading the caller: the user, their grants (with wide scopes resolved to communities) and residencies.
import type { Kysely } from "kysely";
import type { DB } from "../db/schema.ts";
import { type Actor, placeKey, type RoleGrant } from "./reach.ts";
import type { Role } from "./roles.ts";

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
