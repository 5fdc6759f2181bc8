import type { Kysely } from "kysely";
import type { DB } from "../../../db/schema.ts";
import type { OrganisationKind, ScopeType } from "./organisations.tables.ts";

/** Organisations of a community: those based there, and the property companies of its estates. */
export const listOrganisations = (db: Kysely<DB>, communityId: number) =>
  db
    .selectFrom("organisation as o")
    .select((eb) => [
      "o.id",
      "o.kind",
      "o.name",
      "o.parent_id",
      "o.contact_name",
      "o.contact_phone",
      eb
        .selectFrom("party_member as pm")
        .select(eb.fn.countAll<number>().as("n"))
        .where("pm.community_id", "=", communityId)
        .whereRef("pm.branch_org_id", "=", "o.id")
        .as("memberCount"),
    ])
    .where((eb) =>
      eb.or([
        eb("o.home_community_id", "=", communityId),
        eb(
          "o.id",
          "in",
          eb
            .selectFrom("estate")
            .select("property_org_id")
            .where("community_id", "=", communityId)
            .where("property_org_id", "is not", null)
            .$narrowType<{ property_org_id: number }>(),
        ),
      ]),
    )
    .orderBy("o.kind")
    .orderBy("o.id")
    .execute();

export const findOrganisation = (db: Kysely<DB>, id: number) =>
  db.selectFrom("organisation").selectAll().where("id", "=", id).executeTakeFirst();

export const insertOrganisation = (
  db: Kysely<DB>,
  v: {
    kind: OrganisationKind;
    name: string;
    parent_id: number | null;
    home_community_id: number;
    contact_name: string | null;
    contact_phone: string | null;
  },
) => db.insertInto("organisation").values(v).returning("id").executeTakeFirstOrThrow();

export const listPartyMembers = (db: Kysely<DB>, communityId: number, limit: number, offset: number) =>
  db
    .selectFrom("party_member as pm")
    .leftJoin("organisation as b", "b.id", "pm.branch_org_id")
    .leftJoin("organisation as s", "s.id", "pm.source_org_id")
    .select([
      "pm.id",
      "pm.name",
      "pm.phone",
      "pm.kind",
      "pm.is_central_household",
      "b.name as branchName",
      "s.name as sourceOrgName",
    ])
    .where("pm.community_id", "=", communityId)
    .orderBy("pm.id")
    .limit(limit)
    .offset(offset)
    .execute();

export const countPartyMembers = async (db: Kysely<DB>, communityId: number) =>
  Number(
    (
      await db
        .selectFrom("party_member")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("community_id", "=", communityId)
        .executeTakeFirstOrThrow()
    ).n,
  );

export const insertPartyMember = (
  db: Kysely<DB>,
  v: {
    community_id: number;
    name: string;
    phone: string | null;
    branch_org_id: number | null;
    kind: "resident" | "sinking";
    source_org_id: number | null;
    resident_id: number | null;
    household_id: number | null;
    is_central_household: boolean;
  },
) => db.insertInto("party_member").values(v).returning("id").executeTakeFirstOrThrow();

/** Role assignments whose scope lies in the community. */
export const listRoleAssignments = (db: Kysely<DB>, communityId: number) =>
  db
    .selectFrom("role_assignment as ra")
    .innerJoin("app_user as u", "u.id", "ra.user_id")
    .select(["ra.id", "ra.role", "ra.scope_type", "ra.scope_id", "u.name as userName", "u.phone"])
    .where((eb) =>
      eb.or([
        eb.and([eb("ra.scope_type", "=", "community"), eb("ra.scope_id", "=", communityId)]),
        eb("ra.scope_community_id", "=", communityId),
      ]),
    )
    .orderBy("ra.id")
    .execute();

export const findRoleAssignment = (db: Kysely<DB>, id: number) =>
  db.selectFrom("role_assignment").selectAll().where("id", "=", id).executeTakeFirst();

export const insertRoleAssignment = (
  db: Kysely<DB>,
  v: {
    user_id: number;
    role: string;
    scope_type: ScopeType;
    scope_community_id: number | null;
    scope_id: number;
    created_by: number;
  },
) =>
  db
    .insertInto("role_assignment")
    .values(v)
    .onConflict((oc) =>
      oc.columns(["user_id", "role", "scope_type", "scope_community_id", "scope_id"]).doNothing(),
    )
    .returning("id")
    .executeTakeFirst();

export const deleteRoleAssignment = (db: Kysely<DB>, id: number) =>
  db.deleteFrom("role_assignment").where("id", "=", id).execute();

export const findUserIdByPhone = async (db: Kysely<DB>, phone: string) =>
  (await db.selectFrom("app_user").select("id").where("phone", "=", phone).executeTakeFirst())?.id ?? null;

export const placeExists = async (
  db: Kysely<DB>,
  table: "grid" | "estate" | "building" | "unit",
  communityId: number,
  id: number,
) =>
  !!(await db
    .selectFrom(table)
    .select("id")
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .executeTakeFirst());
