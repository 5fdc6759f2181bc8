import { type Insertable, type Kysely, sql } from "kysely";
import type { DB, RequestStatus } from "../../../db/schema.ts";
import { tenantJoin } from "../../../db/tenant-join.ts";
import type { Open311ApiKeyTable } from "./open311.tables.ts";

// ---- jurisdictions (communities) ----

const communityColumns = [
  "c.id",
  "c.code",
  "c.name",
  "s.name as street_name",
  "d.name as district_name",
  "d.city_name",
] as const;

function communityWithNames(db: Kysely<DB>) {
  return db
    .selectFrom("community as c")
    .innerJoin("street as s", "s.id", "c.street_id")
    .innerJoin("district as d", "d.id", "s.district_id")
    .select(communityColumns);
}
export type JurisdictionRow = NonNullable<Awaited<ReturnType<typeof findCommunityByCode>>>;

export const findCommunityByCode = (db: Kysely<DB>, code: string) =>
  communityWithNames(db).where("c.code", "=", code).executeTakeFirst();

export const findCommunityById = (db: Kysely<DB>, id: number) =>
  communityWithNames(db).where("c.id", "=", id).executeTakeFirst();

/** Up to two communities: enough to tell whether this server serves exactly one jurisdiction. */
export const firstCommunities = (db: Kysely<DB>) => communityWithNames(db).orderBy("c.id").limit(2).execute();

/** When the service list or a definition last changed: the latest category change in the audit log. */
export const lastCategoryChange = async (db: Kysely<DB>): Promise<Date | null> => {
  const row = await db
    .selectFrom("audit_log")
    .select((eb) => eb.fn.max("at").as("at"))
    .where("action", "like", "request_category.%")
    .executeTakeFirst();
  return row?.at ? new Date(row.at as Date) : null;
};

// ---- API keys (global table; a key names its community in scope_community_id) ----

export const findActiveKeyByHash = (db: Kysely<DB>, keyHash: string) =>
  db
    .selectFrom("open311_api_key")
    .select(["id", "name", "scope_community_id"])
    .where("key_hash", "=", keyHash)
    .where("revoked_at", "is", null)
    .executeTakeFirst();

export const insertKey = (db: Kysely<DB>, row: Insertable<Open311ApiKeyTable>) =>
  db
    .insertInto("open311_api_key")
    .values(row)
    .returning(["id", "name", "key_prefix", "created_at", "revoked_at"])
    .executeTakeFirstOrThrow();

export const listKeys = (db: Kysely<DB>, communityId: number) =>
  db
    .selectFrom("open311_api_key as k")
    .leftJoin("app_user as u", "u.id", "k.created_by")
    .select(["k.id", "k.name", "k.key_prefix", "k.created_at", "k.revoked_at", "u.name as created_by_name"])
    .where("k.scope_community_id", "=", communityId)
    .orderBy("k.id", "desc")
    .execute();

export const findKey = (db: Kysely<DB>, communityId: number, id: number) =>
  db
    .selectFrom("open311_api_key")
    .select(["id", "name", "key_prefix", "created_at", "revoked_at"])
    .where("scope_community_id", "=", communityId)
    .where("id", "=", id)
    .executeTakeFirst();

/** Revokes a key of the community once; undefined when it was already revoked (or is not there). */
export const revokeKey = (db: Kysely<DB>, communityId: number, id: number) =>
  db
    .updateTable("open311_api_key")
    .set({ revoked_at: sql`now()` })
    .where("scope_community_id", "=", communityId)
    .where("id", "=", id)
    .where("revoked_at", "is", null)
    .returning(["id", "name", "key_prefix", "created_at", "revoked_at"])
    .executeTakeFirst();

// ---- the area a community accepts Open311 points in ----

export const findArea = (db: Kysely<DB>, communityId: number) =>
  db
    .selectFrom("open311_area as a")
    .leftJoin("app_user as u", "u.id", "a.updated_by")
    .select(["a.lat", "a.lng", "a.radius_m", "a.updated_at", "u.name as updated_by_name"])
    .where("a.community_id", "=", communityId)
    .executeTakeFirst();

export const upsertArea = (
  db: Kysely<DB>,
  row: { community_id: number; lat: number; lng: number; radius_m: number; updated_by: number },
) =>
  db
    .insertInto("open311_area")
    .values(row)
    .onConflict((oc) =>
      oc.column("community_id").doUpdateSet({
        lat: row.lat,
        lng: row.lng,
        radius_m: row.radius_m,
        updated_by: row.updated_by,
        updated_at: sql`now()`,
      }),
    )
    .execute();

// ---- public service requests ----

/** Event kinds that change what a member of the public would call the state of a request. */
export const STATUS_EVENT_KINDS = [
  "submitted",
  "signed",
  "routed",
  "escalated",
  "merged",
  "resolved",
  "reopened",
  "rated",
  "closed",
  "claimed",
  "fulfilled",
];

export interface PublicRequestFilter {
  /** Exactly these requests (GeoReport: overrides every other filter). */
  ids?: number[];
  from?: Date;
  to?: Date;
  statuses?: RequestStatus[];
  categoryCodes?: string[];
  limit: number;
}

/**
 * Public requests of one community — published by their submitter (is_public) in a category that is not
 * never_public — newest first, with their category, the names of their estate and building, the
 * organisation they were routed to and their latest status event. Columns are chosen for a public
 * answer: no household or room; the submitter's name only to mask it in the text, never presented.
 */
export function publicRequests(db: Kysely<DB>, communityId: number, f: PublicRequestFilter) {
  let qb = db
    .selectFrom("request as r")
    .innerJoin("request_category as c", tenantJoin("c", "r", "category_id"))
    .leftJoin("building as b", tenantJoin("b", "r", "building_id"))
    .leftJoin("estate as e", tenantJoin("e", "r", "estate_id"))
    .leftJoin("organisation as o", "o.id", "r.route_org_id")
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom("request_event as ev")
          .select(["ev.kind", "ev.data"])
          .whereRef("ev.community_id", "=", "r.community_id")
          .whereRef("ev.request_id", "=", "r.id")
          .where("ev.kind", "in", STATUS_EVENT_KINDS)
          .orderBy("ev.id", "desc")
          .limit(1)
          .as("le"),
      (j) => j.onTrue(),
    )
    .select([
      "r.id",
      "r.status",
      "r.title",
      "r.description",
      "r.created_at",
      "r.updated_at",
      "r.closed_at",
      "r.sign_due_at",
      "r.solve_due_at",
      "r.lat",
      "r.lng",
      "r.address_text",
      "r.building_id",
      "r.route_to",
      "r.merged_into",
      "r.close_reason",
      "r.submitter_name",
      "c.code as category_code",
      "c.name_zh as category_zh",
      "b.name as building_name",
      "e.name as estate_name",
      "o.name as org_name",
      "le.kind as last_event",
      "le.data as last_event_data",
    ])
    .where("r.community_id", "=", communityId)
    .where("r.is_public", "=", true)
    .where("c.never_public", "=", false);
  if (f.ids) {
    qb = qb.where("r.id", "in", f.ids.length ? f.ids : [-1]);
  } else {
    if (f.from) qb = qb.where("r.created_at", ">=", f.from);
    if (f.to) qb = qb.where("r.created_at", "<=", f.to);
    if (f.statuses) qb = qb.where("r.status", "in", f.statuses);
    if (f.categoryCodes) qb = qb.where("c.code", "in", f.categoryCodes);
  }
  return qb.orderBy("r.created_at", "desc").orderBy("r.id", "desc").limit(f.limit).execute();
}
export type PublicRequestRow = Awaited<ReturnType<typeof publicRequests>>[number];
