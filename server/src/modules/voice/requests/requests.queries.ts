import { type Insertable, type Kysely, type RawBuilder, sql, type Updateable } from "kysely";
import { rowInScope, type ScopeIds } from "../../../db/place-scope.ts";
import type { DB } from "../../../db/schema.ts";
import { tenantJoin } from "../../../db/tenant-join.ts";
import { eventInsertSql } from "../../../events/outbox.ts";
import { factsOf, requestSubmitted } from "./requests.events.ts";
import type { RequestEventTable, RequestPhotoTable, RequestStatus, RequestTable } from "./requests.tables.ts";

// ---- places a request may name ----

export const findHouseholdPlace = (db: Kysely<DB>, communityId: number, householdId: number) =>
  db
    .selectFrom("household as h")
    .innerJoin("building as b", tenantJoin("b", "h", "building_id"))
    .select(["h.id", "h.building_id", "h.unit_id", "h.grid_id", "b.estate_id"])
    .where("h.community_id", "=", communityId)
    .where("h.id", "=", householdId)
    .executeTakeFirst();

export const findBuildingPlace = (db: Kysely<DB>, communityId: number, buildingId: number) =>
  db
    .selectFrom("building")
    .select(["id", "estate_id", "grid_id"])
    .where("community_id", "=", communityId)
    .where("id", "=", buildingId)
    .executeTakeFirst();

export const gridExists = async (db: Kysely<DB>, communityId: number, gridId: number) =>
  !!(await db
    .selectFrom("grid")
    .select("id")
    .where("community_id", "=", communityId)
    .where("id", "=", gridId)
    .executeTakeFirst());

export const findResidentForBehalf = (db: Kysely<DB>, communityId: number, residentId: number) =>
  db
    .selectFrom("resident")
    .select(["id", "user_id", "name", "phone", "household_id", "status"])
    .where("community_id", "=", communityId)
    .where("id", "=", residentId)
    .executeTakeFirst();

export const communityStreet = async (db: Kysely<DB>, communityId: number) =>
  (await db.selectFrom("community").select("street_id").where("id", "=", communityId).executeTakeFirst())
    ?.street_id ?? null;

export const findOrganisation = (db: Kysely<DB>, id: number) =>
  db.selectFrom("organisation").select(["id", "kind", "name"]).where("id", "=", id).executeTakeFirst();

export const estatePropertyOrg = async (db: Kysely<DB>, communityId: number, estateId: number) =>
  (
    await db
      .selectFrom("estate")
      .select("property_org_id")
      .where("community_id", "=", communityId)
      .where("id", "=", estateId)
      .executeTakeFirst()
  )?.property_org_id ?? null;

// ---- who is told ----

/** Users holding `role` on one of the given scopes. */
export async function usersWithRole(
  db: Kysely<DB>,
  role: string,
  scopeType: "grid" | "community" | "organisation" | "estate" | "street",
  scopeId: number,
  scopeCommunityId?: number,
): Promise<number[]> {
  let qb = db
    .selectFrom("role_assignment as ra")
    .innerJoin("app_user as u", "u.id", "ra.user_id")
    .select("ra.user_id")
    .where("ra.role", "=", role)
    .where("ra.scope_type", "=", scopeType)
    .where("ra.scope_id", "=", scopeId)
    .where("u.disabled", "=", false);
  if (scopeCommunityId != null) qb = qb.where("ra.scope_community_id", "=", scopeCommunityId);
  return (await qb.execute()).map((r) => r.user_id);
}

/**
 * Who hears of what happens at a place, as a query with one column `user_id`: the grid's workers,
 * or — when there is no grid, or the grid has no worker — the community's secretary and workers.
 */
export function placeStaffQuery(communityId: number, gridId: number | null): RawBuilder<{ user_id: number }> {
  const community = sql`select ra.user_id from role_assignment ra join app_user u on u.id = ra.user_id
    where ra.role in ('community_secretary', 'community_worker') and ra.scope_type = 'community'
      and ra.scope_id = ${communityId}::int and not u.disabled`;
  if (gridId == null) return sql`${community}`;
  return sql`with gw as (
      select ra.user_id from role_assignment ra join app_user u on u.id = ra.user_id
      where ra.role = 'grid_worker' and ra.scope_type = 'grid' and ra.scope_id = ${gridId}::int
        and ra.scope_community_id = ${communityId}::int and not u.disabled)
    select user_id from gw
    union all (${community} and not exists (select 1 from gw))`;
}

/** The submitter and everyone whose request was merged into this one (they follow it). */
export async function followersOf(db: Kysely<DB>, communityId: number, requestId: number): Promise<number[]> {
  const rows = await db
    .selectFrom("request")
    .select("submitter_user_id")
    .where("community_id", "=", communityId)
    .where((eb) => eb.or([eb("id", "=", requestId), eb("merged_into", "=", requestId)]))
    .where("submitter_user_id", "is not", null)
    .execute();
  return [...new Set(rows.map((r) => r.submitter_user_id!))];
}

// ---- requests ----

export const insertRequest = (db: Kysely<DB>, row: Insertable<RequestTable>) =>
  db.insertInto("request").values(row).returning(["id", "created_at"]).executeTakeFirstOrThrow();

export interface Submission {
  /** The request row as stored (created_at set). */
  request: Insertable<RequestTable> & { community_id: number; created_at: Date };
  /** Its 'submitted' event. */
  event: { actorUserId: number | null; actorRole: string | null; data: string };
}

/**
 * Stores a submission in one statement: the request, its 'submitted' event (request_event), the
 * domain event request.submitted (events/outbox.ts, announced at commit), as data-modifying common-table
 * expressions — one statement is atomic without an explicit transaction, and one round trip instead of
 * four. The place's staff are told by the request-notices consumer of that event. Returns the new id.
 */
export async function insertSubmission(db: Kysely<DB>, s: Submission): Promise<{ id: number }> {
  const row = s.request;
  const columns = Object.keys(row) as (keyof typeof row)[];
  const c = row.community_id;
  const submitted = eventInsertSql(requestSubmitted, {
    communityId: c,
    aggregateId: sql`(select id from r)`,
    payload: factsOf({ grid_id: row.grid_id ?? null, created_at: row.created_at }),
    actorUserId: s.event.actorUserId,
  });
  const { rows } = await sql<{ id: number }>`
    with r as (
      insert into request (${sql.join(columns.map((k) => sql.id(k)))})
      values (${sql.join(columns.map((k) => row[k]))})
      returning id, community_id),
    e as (
      insert into request_event (community_id, request_id, at, actor_user_id, actor_role, kind, data)
      select community_id, id, ${row.created_at}::timestamptz, ${s.event.actorUserId}::int,
        ${s.event.actorRole}::text, 'submitted', ${s.event.data}::jsonb
      from r),
    d as (${submitted.insert})
    select (select id from r) as id, ${submitted.announce} as announced`.execute(db);
  return { id: Number(rows[0]!.id) };
}

export const insertEvent = (db: Kysely<DB>, row: Insertable<RequestEventTable>) =>
  db.insertInto("request_event").values(row).execute();

export const insertPhotos = (db: Kysely<DB>, rows: Insertable<RequestPhotoTable>[]) =>
  rows.length
    ? db.insertInto("request_photo").values(rows).returning("id").execute()
    : Promise.resolve([] as { id: number }[]);

export const findRequest = (db: Kysely<DB>, communityId: number, id: number) =>
  db
    .selectFrom("request as r")
    .leftJoin("household as h", tenantJoin("h", "r", "household_id"))
    .selectAll("r")
    .select("h.unit_id")
    .where("r.community_id", "=", communityId)
    .where("r.id", "=", id)
    .executeTakeFirst();
export type RequestRow = NonNullable<Awaited<ReturnType<typeof findRequest>>>;

/**
 * Changes a request only if it is still in one of `from` — two people acting at once cannot both
 * succeed. Returns the updated row, or undefined when the status had moved on.
 */
export const updateRequestFrom = (
  db: Kysely<DB>,
  communityId: number,
  id: number,
  from: RequestStatus[],
  set: Updateable<RequestTable>,
) =>
  db
    .updateTable("request")
    .set({ ...set, updated_at: sql`now()` })
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .where("status", "in", from)
    .returning(["id", "status", "grid_id", "created_at"])
    .executeTakeFirst();

/** Requests merged into `fromId` now follow `intoId` instead (a merge of a merge). */
export const repointMerged = (db: Kysely<DB>, communityId: number, fromId: number, intoId: number) =>
  db
    .updateTable("request")
    .set({ merged_into: intoId, updated_at: sql`now()` })
    .where("community_id", "=", communityId)
    .where("merged_into", "=", fromId)
    .execute();

export const mergedFrom = async (db: Kysely<DB>, communityId: number, id: number) =>
  (
    await db
      .selectFrom("request")
      .select("id")
      .where("community_id", "=", communityId)
      .where("merged_into", "=", id)
      .orderBy("id")
      .execute()
  ).map((r) => r.id);

/**
 * Closes one resolved request as not rated once its time to confirm has passed; idempotent (a second
 * call, or a call racing a rating, changes nothing).
 */
export const closeUnratedRow = (db: Kysely<DB>, communityId: number, id: number) =>
  db
    .updateTable("request")
    .set({ status: "closed", close_reason: "not_rated", closed_at: sql`now()`, updated_at: sql`now()` })
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .where("status", "=", "resolved")
    .where("confirm_due_at", "<=", sql<Date>`now()`)
    .returning(["id", "grid_id", "created_at", "title"])
    .executeTakeFirst();

// ---- reading for people ----

/**
 * The request, its category and its place names: the columns every view starts from (the staff
 * lists, the inbox, one request, and other modules' lists of requests such as the claims list).
 */
export function requestView(db: Kysely<DB>) {
  return db
    .selectFrom("request as r")
    .innerJoin("request_category as c", tenantJoin("c", "r", "category_id"))
    .leftJoin("household as h", tenantJoin("h", "r", "household_id"))
    .leftJoin("unit as u", tenantJoin("u", "h", "unit_id"))
    .leftJoin("building as b", tenantJoin("b", "r", "building_id"))
    .leftJoin("estate as e", tenantJoin("e", "r", "estate_id"))
    .leftJoin("grid as g", tenantJoin("g", "r", "grid_id"))
    .select([
      "r.id",
      "r.community_id",
      "r.kind",
      "r.status",
      "r.title",
      "r.channel",
      "r.household_id",
      "r.building_id",
      "r.estate_id",
      "r.grid_id",
      "r.lat",
      "r.lng",
      "r.address_text",
      "r.route_to",
      "r.sign_due_at",
      "r.solve_due_at",
      "r.rating",
      "r.reopen_count",
      "r.created_at",
      "c.id as category_id",
      "c.code as category_code",
      "c.name_zh as category_zh",
      "c.name_en as category_en",
      "h.room",
      "h.unit_id",
      "u.name as unit_name",
      "b.name as building_name",
      "e.name as estate_name",
      "g.name as grid_name",
    ]);
}
export type RequestViewRow = Awaited<ReturnType<ReturnType<typeof requestView>["execute"]>>[number];

/** The staff lists' keyword and submission days (issue 9); see ZListSearch. */
export interface ListSearch {
  q?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

const likePattern = (q: string) => `%${q.replace(/[%_\\]/g, "\\$&")}%`;

/**
 * The search as one condition on `request as r`, usable with or without the list's joins: the
 * keyword in the title, description, address or the estate's or building's name (ILIKE, so Latin
 * letters match in either case), or the number itself; the days are China days (UTC+8, no DST).
 */
export function searchCondition(f: ListSearch): RawBuilder<boolean> | null {
  const parts: RawBuilder<boolean>[] = [];
  const keyword = f.q?.trim();
  if (keyword) {
    const p = likePattern(keyword);
    const num = /^#?(\d{1,9})$/.exec(keyword)?.[1];
    parts.push(sql<boolean>`(r.title ilike ${p} or r.description ilike ${p} or r.address_text ilike ${p}
      or exists (select 1 from building sb where sb.community_id = r.community_id and sb.id = r.building_id and sb.name ilike ${p})
      or exists (select 1 from estate se where se.community_id = r.community_id and se.id = r.estate_id and se.name ilike ${p})
      ${num ? sql`or r.id = ${Number(num)}` : sql``})`);
  }
  if (f.from) parts.push(sql<boolean>`r.created_at >= ${`${f.from}T00:00:00+08:00`}::timestamptz`);
  if (f.to)
    parts.push(sql<boolean>`r.created_at < ${`${f.to}T00:00:00+08:00`}::timestamptz + interval '1 day'`);
  if (parts.length === 0) return null;
  return sql<boolean>`(${sql.join(parts, sql` and `)})`;
}

const dueExpr = sql<Date>`case when r.status = 'submitted' then r.sign_due_at else r.solve_due_at end`;

/**
 * The grid worker's inbox: open items in reach, nearest deadline first, with the photo count — one
 * query. The page of ids is read first, in order, from the partial expression indexes request_inbox
 * (per community) and request_inbox_by_grid (migration 03), and only that page is joined to names.
 */
export async function inbox(
  db: Kysely<DB>,
  communityId: number,
  scope: ScopeIds | null,
  f: ListSearch & {
    gridId?: number | undefined;
    after?: { dueAt: string; id: number } | undefined;
    limit: number;
  },
) {
  let page = db
    .selectFrom("request as r")
    .select(["r.id", dueExpr.as("due_at")])
    .where("r.community_id", "=", communityId)
    // literal, not bound: a prepared statement's generic plan can then use the partial indexes
    .where(sql<boolean>`r.status in ('submitted', 'signed')`)
    .where((eb) => rowInScope(eb, scope));
  if (f.gridId) page = page.where("r.grid_id", "=", f.gridId);
  const search = searchCondition(f);
  if (search) page = page.where(search);
  if (f.after)
    page = page.where(sql<boolean>`(${dueExpr}, r.id) > (${f.after.dueAt}::timestamptz, ${f.after.id})`);
  const ids = page.orderBy(dueExpr).orderBy("r.id").limit(f.limit);
  return requestView(db)
    .innerJoin(ids.as("p"), "p.id", "r.id")
    .select([
      "p.due_at",
      sql<number>`(select count(*) from request_photo ph where ph.community_id = r.community_id and ph.request_id = r.id)`.as(
        "photo_count",
      ),
    ])
    .where("r.community_id", "=", communityId)
    .orderBy("p.due_at")
    .orderBy("r.id")
    .execute();
}

export async function listRequests(
  db: Kysely<DB>,
  communityId: number,
  scope: ScopeIds | null,
  f: ListSearch & {
    status?: RequestStatus | undefined;
    kind?: string | undefined;
    categoryId?: number | undefined;
    gridId?: number | undefined;
    routeTo?: string | undefined;
    overdue?: boolean | undefined;
    cursor?: number | undefined;
    limit: number;
  },
) {
  let qb = requestView(db)
    .where("r.community_id", "=", communityId)
    .where((eb) => rowInScope(eb, scope));
  if (f.status) qb = qb.where("r.status", "=", f.status);
  if (f.kind) qb = qb.where("r.kind", "=", f.kind as never);
  if (f.categoryId) qb = qb.where("r.category_id", "=", f.categoryId);
  if (f.gridId) qb = qb.where("r.grid_id", "=", f.gridId);
  if (f.routeTo) qb = qb.where("r.route_to", "=", f.routeTo as never);
  const search = searchCondition(f);
  if (search) qb = qb.where(search);
  if (f.overdue === true)
    qb = qb.where(
      sql<boolean>`((r.status = 'submitted' and r.sign_due_at < now()) or (r.status = 'signed' and r.solve_due_at < now()))`,
    );
  if (f.overdue === false)
    qb = qb.where(
      sql<boolean>`not ((r.status = 'submitted' and r.sign_due_at < now()) or (r.status = 'signed' and r.solve_due_at < now()))`,
    );
  if (f.cursor) qb = qb.where("r.id", "<", f.cursor);
  return qb.orderBy("r.id", "desc").limit(f.limit).execute();
}

/** Open and recently resolved requests routed to these organisations, soonest due first. */
export async function assignedTo(db: Kysely<DB>, orgIds: number[], limit: number) {
  if (orgIds.length === 0) return [];
  return requestView(db)
    .select(["r.route_org_id", "r.confirm_due_at"])
    .where("r.route_org_id", "in", orgIds)
    .where("r.route_to", "in", ["property", "co_building_unit", "owners_committee", "department"])
    .where("r.status", "in", ["signed", "resolved"])
    .orderBy(sql`case when r.status = 'signed' then 0 else 1 end`)
    .orderBy("r.solve_due_at")
    .orderBy("r.id")
    .limit(limit)
    .execute();
}

export async function myRequests(
  db: Kysely<DB>,
  userId: number,
  f: { cursor?: number | undefined; limit: number },
) {
  let qb = db
    .selectFrom("request as r")
    .innerJoin("request_category as c", tenantJoin("c", "r", "category_id"))
    .select([
      "r.id",
      "r.community_id",
      "r.kind",
      "r.status",
      "r.title",
      "r.created_at",
      "r.sign_due_at",
      "r.solve_due_at",
      "r.confirm_due_at",
      "r.rating",
      "r.merged_into",
      "c.id as category_id",
      "c.code as category_code",
      "c.name_zh as category_zh",
      "c.name_en as category_en",
    ])
    .where("r.submitter_user_id", "=", userId);
  if (f.cursor) qb = qb.where("r.id", "<", f.cursor);
  return qb.orderBy("r.id", "desc").limit(f.limit).execute();
}

/** Open requests that may be the same thing: same category, same household/building or ~100 m, ±7 days. */
export async function duplicatesOf(db: Kysely<DB>, r: RequestRow, scope: ScopeIds | null) {
  const created = new Date(r.created_at).toISOString();
  // equirectangular distance in metres; good to a few metres at city scale
  const distance = sql<number | null>`case when r.lat is null or ${r.lat}::float8 is null then null else
    6371000 * sqrt(power(radians(r.lat - ${r.lat}::float8), 2)
      + power(radians(r.lng - ${r.lng}::float8) * cos(radians((r.lat + ${r.lat}::float8) / 2)), 2)) end`;
  const samePlace = [];
  if (r.household_id != null) samePlace.push(sql<boolean>`r.household_id = ${r.household_id}`);
  if (r.building_id != null) samePlace.push(sql<boolean>`r.building_id = ${r.building_id}`);
  if (r.lat != null && r.lng != null) {
    // a bounding box first (about 100 m), then the distance
    const dLat = 100 / 111_320;
    const dLng = 100 / (111_320 * Math.max(Math.cos((r.lat * Math.PI) / 180), 0.01));
    samePlace.push(
      sql<boolean>`(r.lat between ${r.lat - dLat} and ${r.lat + dLat} and r.lng between ${r.lng - dLng} and ${r.lng + dLng} and ${distance} <= 100)`,
    );
  }
  if (samePlace.length === 0) return [];
  return requestView(db)
    .select(distance.as("distance_m"))
    .where("r.community_id", "=", r.community_id)
    .where("r.id", "!=", r.id)
    .where("r.category_id", "=", r.category_id)
    .where("r.status", "in", ["submitted", "signed"])
    .where(
      sql<boolean>`r.created_at between ${created}::timestamptz - interval '7 days' and ${created}::timestamptz + interval '7 days'`,
    )
    .where(sql<boolean>`(${sql.join(samePlace, sql` or `)})`)
    .where((eb) => rowInScope(eb, scope))
    .orderBy("r.created_at", "desc")
    .limit(20)
    .execute();
}

export const eventsOf = (db: Kysely<DB>, communityId: number, requestId: number) =>
  db
    .selectFrom("request_event as ev")
    .leftJoin("app_user as u", "u.id", "ev.actor_user_id")
    .select([
      "ev.id",
      "ev.at",
      "ev.kind",
      "ev.note",
      "ev.data",
      "ev.actor_user_id",
      "ev.actor_role",
      "u.name",
    ])
    .where("ev.community_id", "=", communityId)
    .where("ev.request_id", "=", requestId)
    .orderBy("ev.id")
    .execute();

export const photosOf = (db: Kysely<DB>, communityId: number, requestId: number) =>
  db
    .selectFrom("request_photo")
    .select(["id", "stage", "mime", "byte_size"])
    .where("community_id", "=", communityId)
    .where("request_id", "=", requestId)
    .orderBy("id")
    .execute();

export const photoBytes = (db: Kysely<DB>, communityId: number, requestId: number, photoId: number) =>
  db
    .selectFrom("request_photo")
    .select(["mime", "bytes", "sha256"])
    .where("community_id", "=", communityId)
    .where("request_id", "=", requestId)
    .where("id", "=", photoId)
    .executeTakeFirst();

export const viewOf = (db: Kysely<DB>, communityId: number, id: number) =>
  requestView(db).where("r.community_id", "=", communityId).where("r.id", "=", id).executeTakeFirst();

export const activeClaimOf = (db: Kysely<DB>, communityId: number, requestId: number) =>
  db
    .selectFrom("request_claim")
    .select(["id", "claimant_user_id", "status"])
    .where("community_id", "=", communityId)
    .where("request_id", "=", requestId)
    .where("status", "in", ["active", "fulfilled"])
    .executeTakeFirst();

// ---- choices offered to the people who submit and route ----

/**
 * The buildings of a community with their estates (ids and names only), within a partial reach
 * (whole-community reach and residents pass null).
 */
export async function buildingChoices(db: Kysely<DB>, communityId: number, scope: ScopeIds | null) {
  let qb = db
    .selectFrom("building as b")
    .innerJoin("estate as e", tenantJoin("e", "b", "estate_id"))
    .select(["e.id as estate_id", "e.name as estate_name", "b.id", "b.name"])
    .where("b.community_id", "=", communityId);
  if (scope) {
    qb = qb.where((eb) => {
      const ors = [];
      if (scope.buildingIds.length) ors.push(eb("b.id", "in", scope.buildingIds));
      if (scope.estateIds.length) ors.push(eb("b.estate_id", "in", scope.estateIds));
      if (scope.gridIds.length) ors.push(eb("b.grid_id", "in", scope.gridIds));
      if (scope.unitIds.length)
        ors.push(
          eb(
            "b.id",
            "in",
            eb
              .selectFrom("unit as su")
              .select("su.building_id")
              .where("su.community_id", "=", communityId)
              .where("su.id", "in", scope.unitIds),
          ),
        );
      return ors.length ? eb.or(ors) : eb.lit(false);
    });
  }
  return qb.orderBy("e.id").orderBy("b.id").execute();
}

/**
 * Organisations a request of this community may be routed to: the property companies of its
 * estates, and the co-building units, owners' committees and government departments based in the
 * community (departments also when they belong to its street).
 */
export async function routeTargets(db: Kysely<DB>, communityId: number) {
  const streetId = await communityStreet(db, communityId);
  return db
    .selectFrom("organisation as o")
    .select(["o.id", "o.kind", "o.name"])
    .where((eb) =>
      eb.or([
        eb.and([
          eb("o.kind", "=", "property_company"),
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
        eb.and([
          eb("o.kind", "in", ["co_building_unit", "owners_committee", "government_department"]),
          eb("o.home_community_id", "=", communityId),
        ]),
        ...(streetId != null
          ? [eb.and([eb("o.kind", "=", "government_department"), eb("o.street_id", "=", streetId)])]
          : []),
      ]),
    )
    .$narrowType<{
      kind: "property_company" | "co_building_unit" | "owners_committee" | "government_department";
    }>()
    .orderBy("o.kind")
    .orderBy("o.name")
    .orderBy("o.id")
    .execute();
}

// ---- the staff's notice of a submission (request-notices consumer) ----

/** What the place's staff are told of a new request, and the place that decides who they are. */
export const submissionNotice = (db: Kysely<DB>, communityId: number, requestId: number) =>
  db
    .selectFrom("request as r")
    .innerJoin("request_category as c", tenantJoin("c", "r", "category_id"))
    .select(["r.id", "r.kind", "r.title", "r.grid_id", "r.sign_due_at", "c.name_zh", "c.name_en"])
    .where("r.community_id", "=", communityId)
    .where("r.id", "=", requestId)
    .executeTakeFirst();

/** Stored photos by id within one community (request, type and size; not the bytes). */
export const photosIn = (db: Kysely<DB>, communityId: number, ids: number[]) =>
  ids.length
    ? db
        .selectFrom("request_photo")
        .select(["id", "request_id", "mime", "byte_size"])
        .where("community_id", "=", communityId)
        .where("id", "in", ids)
        .execute()
    : Promise.resolve([]);
