import { type Insertable, type Kysely, sql } from "kysely";
import { rowInScope, type ScopeIds } from "../../../db/place-scope.ts";
import type { DB } from "../../../db/schema.ts";
import { tenantJoin } from "../../../db/tenant-join.ts";
import { requestView, searchCondition } from "../requests/requests.service.ts";
import type { RequestClaimTable, ResourceTable } from "./claims.tables.ts";

/**
 * Board rows of `r` with their live claim: vetted (signed or later) needs and wishes their submitter
 * published, in a category that is not never public.
 */
function boardBase(db: Kysely<DB>, communityId: number) {
  return db
    .selectFrom("request as r")
    .innerJoin("request_category as c", tenantJoin("c", "r", "category_id"))
    .leftJoin("request_claim as cl", (j) =>
      j
        .onRef("cl.community_id", "=", "r.community_id")
        .onRef("cl.request_id", "=", "r.id")
        .on("cl.status", "in", ["active", "fulfilled"]),
    )
    .where("r.community_id", "=", communityId)
    .where("r.kind", "in", ["need", "wish"])
    .where("r.status", "in", ["signed", "resolved", "closed"])
    .where("r.is_public", "=", true)
    .where("c.never_public", "=", false);
}

const boardStatus = sql<"open" | "claimed" | "fulfilled">`case
  when cl.status = 'fulfilled' or r.status in ('resolved', 'closed') then 'fulfilled'
  when cl.status = 'active' then 'claimed'
  else 'open' end`;

export async function board(
  db: Kysely<DB>,
  communityId: number,
  f: {
    kind?: "need" | "wish" | undefined;
    status?: string | undefined;
    cursor?: number | undefined;
    limit: number;
  },
) {
  let qb = boardBase(db, communityId)
    .leftJoin("building as b", tenantJoin("b", "r", "building_id"))
    .leftJoin("organisation as o", "o.id", "cl.claimant_org_id")
    .select([
      "r.id",
      "r.kind",
      "r.title",
      "r.description",
      // only to mask it in the text; never presented
      "r.submitter_name",
      "r.created_at",
      "r.resolved_at",
      "c.id as category_id",
      "c.code as category_code",
      "c.name_zh as category_zh",
      "c.name_en as category_en",
      "b.name as building_name",
      "cl.id as claim_id",
      // only compared with the caller's id to say `mine`; never presented
      "cl.claimant_user_id",
      "cl.claimant_kind",
      "cl.promise_date",
      "cl.fulfilled_at",
      "o.name as org_name",
      boardStatus.as("board_status"),
    ]);
  if (f.kind) qb = qb.where("r.kind", "=", f.kind);
  if (f.status) qb = qb.where(sql<boolean>`${boardStatus} = ${f.status}`);
  if (f.cursor) qb = qb.where("r.id", "<", f.cursor);
  return qb.orderBy("r.id", "desc").limit(f.limit).execute();
}

export async function boardCounts(db: Kysely<DB>, communityId: number, kind?: "need" | "wish") {
  let qb = boardBase(db, communityId).select([
    boardStatus.as("board_status"),
    (eb) => eb.fn.countAll<number>().as("n"),
  ]);
  if (kind) qb = qb.where("r.kind", "=", kind);
  return qb.groupBy(sql`1`).execute();
}

export const findClaimOfRequest = (db: Kysely<DB>, communityId: number, requestId: number) =>
  db
    .selectFrom("request_claim")
    .selectAll()
    .where("community_id", "=", communityId)
    .where("request_id", "=", requestId)
    .where("status", "in", ["active", "fulfilled"])
    .executeTakeFirst();

export const findClaim = (db: Kysely<DB>, communityId: number, id: number) =>
  db
    .selectFrom("request_claim")
    .selectAll()
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .executeTakeFirst();

export const insertClaim = (db: Kysely<DB>, row: Insertable<RequestClaimTable>) =>
  db.insertInto("request_claim").values(row).returning(["id", "status"]).executeTakeFirstOrThrow();

export const fulfilClaimRow = (db: Kysely<DB>, communityId: number, id: number) =>
  db
    .updateTable("request_claim")
    .set({ status: "fulfilled", fulfilled_at: sql`now()` })
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .where("status", "=", "active")
    .returning("id")
    .executeTakeFirst();

/** Ends an active claim as withdrawn: by its claimant (releasedBy null) or released by staff. */
export const withdrawClaimRow = (
  db: Kysely<DB>,
  communityId: number,
  id: number,
  releasedBy: number | null,
) =>
  db
    .updateTable("request_claim")
    .set({ status: "withdrawn", withdrawn_at: sql`now()`, released_by: releasedBy })
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .where("status", "=", "active")
    .returning("id")
    .executeTakeFirst();

/** The latest claim of a request (live or not) with its claimant, for the staff console. */
export const latestClaimOfRequest = (db: Kysely<DB>, communityId: number, requestId: number) =>
  db
    .selectFrom("request_claim as cl")
    .innerJoin("app_user as u", "u.id", "cl.claimant_user_id")
    .leftJoin("organisation as o", "o.id", "cl.claimant_org_id")
    .leftJoin("app_user as rb", "rb.id", "cl.released_by")
    .select([
      "cl.id",
      "cl.claimant_kind",
      "cl.status",
      sql<string>`to_char(cl.promise_date, 'YYYY-MM-DD')`.as("promise_date"),
      "cl.note",
      "cl.created_at",
      "cl.fulfilled_at",
      "cl.withdrawn_at",
      "cl.reminded_at",
      "cl.overdue_notified_at",
      "cl.released_by",
      "u.name as claimant_name",
      "u.phone as claimant_phone",
      "o.name as org_name",
      "rb.name as released_by_name",
    ])
    .where("cl.community_id", "=", communityId)
    .where("cl.request_id", "=", requestId)
    .orderBy("cl.id", "desc")
    .executeTakeFirst();

/** Active, on a request still waiting (signed), past its promise date: 已超期 (as the request's claim view). */
const overdueClaim = (today: string) =>
  sql<boolean>`(cl.status = 'active' and r.status = 'signed' and cl.promise_date < ${today}::date)`;

/**
 * The claims of one community for staff, newest first: only requests within the caller's reach
 * (`scope`, null = the whole community), with the request's place names and the claimant.
 */
export async function claimsForStaff(
  db: Kysely<DB>,
  communityId: number,
  scope: ScopeIds | null,
  today: string,
  f: {
    q?: string | undefined;
    from?: string | undefined;
    to?: string | undefined;
    status?: "active" | "fulfilled" | "withdrawn" | undefined;
    overdue?: boolean | undefined;
    claimedAs?: string | undefined;
    gridId?: number | undefined;
    cursor?: number | undefined;
    limit: number;
  },
) {
  // the request's columns and place names as every requests list reads them, plus the claim
  let qb = requestView(db)
    .innerJoin("request_claim as cl", (j) =>
      j.onRef("cl.community_id", "=", "r.community_id").onRef("cl.request_id", "=", "r.id"),
    )
    .innerJoin("app_user as cu", "cu.id", "cl.claimant_user_id")
    .leftJoin("organisation as o", "o.id", "cl.claimant_org_id")
    .leftJoin("app_user as rb", "rb.id", "cl.released_by")
    .select([
      "cl.id as claim_id",
      "cl.claimant_kind",
      "cl.status as claim_status",
      sql<string>`to_char(cl.promise_date, 'YYYY-MM-DD')`.as("promise_date"),
      "cl.created_at as claimed_at",
      "cl.fulfilled_at",
      "cl.withdrawn_at",
      "cl.reminded_at",
      "cl.overdue_notified_at",
      "cl.released_by",
      overdueClaim(today).as("overdue"),
      "cu.name as claimant_name",
      "cu.phone as claimant_phone",
      "o.name as org_name",
      "rb.name as released_by_name",
    ])
    .where("r.community_id", "=", communityId)
    .where((eb) => rowInScope(eb, scope));
  if (f.status) qb = qb.where("cl.status", "=", f.status);
  if (f.overdue === true) qb = qb.where(overdueClaim(today));
  if (f.overdue === false) qb = qb.where(sql<boolean>`not ${overdueClaim(today)}`);
  if (f.claimedAs) qb = qb.where("cl.claimant_kind", "=", f.claimedAs as never);
  if (f.gridId) qb = qb.where("r.grid_id", "=", f.gridId);
  // the keyword as the requests lists read it; the days are the claim's, China time
  const keyword = searchCondition({ q: f.q });
  if (keyword) qb = qb.where(keyword);
  if (f.from) qb = qb.where(sql<boolean>`cl.created_at >= ${`${f.from}T00:00:00+08:00`}::timestamptz`);
  if (f.to)
    qb = qb.where(sql<boolean>`cl.created_at < ${`${f.to}T00:00:00+08:00`}::timestamptz + interval '1 day'`);
  if (f.cursor) qb = qb.where("cl.id", "<", f.cursor);
  return qb.orderBy("cl.id", "desc").limit(f.limit).execute();
}

/** The claims one person made, in every community, newest first (index request_claim_claimant). */
export async function claimsOfUser(
  db: Kysely<DB>,
  userId: number,
  f: {
    status?: "active" | "fulfilled" | "withdrawn" | undefined;
    cursor?: number | undefined;
    limit: number;
  },
) {
  let qb = db
    .selectFrom("request_claim as cl")
    .innerJoin("request as r", tenantJoin("r", "cl", "request_id"))
    .innerJoin("request_category as c", tenantJoin("c", "r", "category_id"))
    .innerJoin("community as cm", "cm.id", "cl.community_id")
    .leftJoin("building as b", tenantJoin("b", "r", "building_id"))
    .leftJoin("organisation as o", "o.id", "cl.claimant_org_id")
    .select([
      "cl.id",
      "cl.community_id",
      "cl.request_id",
      "cl.claimant_kind",
      "cl.status",
      "cl.promise_date",
      "cl.note",
      "cl.created_at",
      "cl.fulfilled_at",
      "cl.withdrawn_at",
      "cl.released_by",
      "cm.name as community_name",
      "r.kind",
      "r.title",
      "r.status as request_status",
      "c.id as category_id",
      "c.code as category_code",
      "c.name_zh as category_zh",
      "c.name_en as category_en",
      "b.name as building_name",
      "o.name as org_name",
    ])
    .where("cl.claimant_user_id", "=", userId);
  if (f.status) qb = qb.where("cl.status", "=", f.status);
  if (f.cursor) qb = qb.where("cl.id", "<", f.cursor);
  return qb.orderBy("cl.id", "desc").limit(f.limit).execute();
}

/** How many of one person's claims are active, fulfilled, withdrawn, and active past the promise date. */
export async function claimCountsOfUser(db: Kysely<DB>, userId: number, today: string) {
  const row = await db
    .selectFrom("request_claim")
    .select([
      sql<number>`count(*) filter (where status = 'active')::int`.as("active"),
      sql<number>`count(*) filter (where status = 'fulfilled')::int`.as("fulfilled"),
      sql<number>`count(*) filter (where status = 'withdrawn')::int`.as("withdrawn"),
      sql<number>`count(*) filter (where status = 'active' and promise_date < ${today}::date)::int`.as(
        "overdue",
      ),
    ])
    .where("claimant_user_id", "=", userId)
    .executeTakeFirstOrThrow();
  return {
    active: Number(row.active),
    fulfilled: Number(row.fulfilled),
    withdrawn: Number(row.withdrawn),
    overdue: Number(row.overdue),
  };
}

/** Party membership in a community: a party_member row linked to the user, or to their resident record. */
export const isPartyMember = async (db: Kysely<DB>, communityId: number, userId: number) =>
  !!(await db
    .selectFrom("party_member as pm")
    .leftJoin("resident as res", tenantJoin("res", "pm", "resident_id"))
    .select("pm.id")
    .where("pm.community_id", "=", communityId)
    .where((eb) => eb.or([eb("pm.user_id", "=", userId), eb("res.user_id", "=", userId)]))
    .executeTakeFirst());

export const findOrganisation = (db: Kysely<DB>, id: number) =>
  db
    .selectFrom("organisation")
    .select(["id", "kind", "name", "home_community_id"])
    .where("id", "=", id)
    .executeTakeFirst();

export const unitRepresentatives = async (db: Kysely<DB>, orgId: number) =>
  (
    await db
      .selectFrom("role_assignment")
      .select("user_id")
      .where("role", "=", "unit_representative")
      .where("scope_type", "=", "organisation")
      .where("scope_id", "=", orgId)
      .execute()
  ).map((r) => r.user_id);

// ---- resources ----

export async function listResources(
  db: Kysely<DB>,
  communityId: number,
  f: { kind?: string | undefined; status?: string | undefined; cursor?: number | undefined; limit: number },
) {
  let qb = db
    .selectFrom("resource as s")
    .leftJoin("organisation as o", "o.id", "s.provider_org_id")
    .select([
      "s.id",
      "s.kind",
      "s.title",
      "s.description",
      "s.provider_org_id",
      "s.status",
      "s.matched_request_id",
      "s.created_at",
      "o.name as org_name",
    ])
    .where("s.community_id", "=", communityId)
    .where("s.status", "in", ["available", "matched"]);
  if (f.kind) qb = qb.where("s.kind", "=", f.kind as never);
  if (f.status) qb = qb.where("s.status", "=", f.status as never);
  if (f.cursor) qb = qb.where("s.id", "<", f.cursor);
  return qb.orderBy("s.id", "desc").limit(f.limit).execute();
}

export const insertResource = (db: Kysely<DB>, row: Insertable<ResourceTable>) =>
  db.insertInto("resource").values(row).returning(["id", "created_at"]).executeTakeFirstOrThrow();

export const findResource = (db: Kysely<DB>, communityId: number, id: number) =>
  db
    .selectFrom("resource")
    .selectAll()
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .executeTakeFirst();

export const matchResourceRow = (db: Kysely<DB>, communityId: number, id: number, requestId: number) =>
  db
    .updateTable("resource")
    .set({ status: "matched", matched_request_id: requestId })
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .where("status", "=", "available")
    .returning("id")
    .executeTakeFirst();

export const communityExists = async (db: Kysely<DB>, id: number) =>
  !!(await db.selectFrom("community").select("id").where("id", "=", id).executeTakeFirst());
