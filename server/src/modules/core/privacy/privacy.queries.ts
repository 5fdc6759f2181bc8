import type { Kysely } from "kysely";
import type { DB } from "../../../db/schema.ts";

/** Everything held about one person, for their own export (PIPL Art. 45). */
export async function collectPersonalData(db: Kysely<DB>, userId: number) {
  const user = await db
    .selectFrom("app_user")
    .select(["id", "phone", "name", "locale", "elderly_mode", "created_at"])
    .where("id", "=", userId)
    .executeTakeFirstOrThrow();
  const residents = await db
    .selectFrom("resident as r")
    .innerJoin("community as c", "c.id", "r.community_id")
    .select([
      "r.community_id",
      "c.name as communityName",
      "r.id",
      "r.household_id",
      "r.name",
      "r.gender",
      "r.birth_date",
      "r.id_number_enc",
      "r.phone",
      "r.relation",
      "r.status",
      "r.care_tags",
      "r.claimed_address",
      "r.registered_at",
      "r.verified_at",
    ])
    .where("r.user_id", "=", userId)
    .execute();
  const partyMemberships = await db
    .selectFrom("party_member as pm")
    .leftJoin("organisation as o", "o.id", "pm.branch_org_id")
    .select([
      "pm.community_id",
      "pm.id",
      "pm.name",
      "pm.kind",
      "pm.is_central_household",
      "o.name as branchName",
    ])
    .where((eb) =>
      eb.or([
        eb("pm.user_id", "=", userId),
        eb.and([
          eb("pm.resident_id", "in", residents.length ? residents.map((r) => r.id) : [-1]),
          eb("pm.community_id", "in", residents.length ? residents.map((r) => r.community_id) : [-1]),
        ]),
      ]),
    )
    .execute();
  const roles = await db
    .selectFrom("role_assignment")
    .select(["role", "scope_type", "scope_community_id", "scope_id", "created_at"])
    .where("user_id", "=", userId)
    .execute();
  const sessions = await db
    .selectFrom("session")
    .select(["created_at", "expires_at"])
    .where("user_id", "=", userId)
    .execute();
  const messages = await db
    .selectFrom("sms_outbox")
    .select(["body", "created_at"])
    .where("phone", "=", user.phone)
    .orderBy("id", "desc")
    .limit(200)
    .execute();
  const residentIds = residents.map((r) => String(r.id));
  const accessLog = residentIds.length
    ? await db
        .selectFrom("audit_log")
        .select(["at", "action", "actor_role", "reason"])
        .where("target_type", "=", "resident")
        .where("target_id", "in", residentIds)
        .orderBy("at", "desc")
        .limit(500)
        .execute()
    : [];
  return { user, residents, partyMemberships, roles, sessions, messages, accessLog };
}

/** The distinct names in a community's register (index resident_name), for the public-text masker. */
export const residentNames = async (db: Kysely<DB>, communityId: number): Promise<string[]> =>
  (
    await db
      .selectFrom("resident")
      .select("name")
      .distinct()
      .where("community_id", "=", communityId)
      .execute()
  ).map((r) => r.name);
