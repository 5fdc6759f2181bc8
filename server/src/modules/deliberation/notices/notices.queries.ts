// All SQL of public notices (公告/公示).
import { type ExpressionBuilder, type Insertable, type Kysely, sql, type Updateable } from "kysely";
import { rowInScope, type ScopeIds } from "../../../db/place-scope.ts";
import type { DB } from "../../../db/schema.ts";
import { tenantJoin } from "../../../db/tenant-join.ts";
import type { NoticeTable } from "./notices.tables.ts";

type Db = Kysely<DB>;

export const communityName = async (db: Db, communityId: number) =>
  (await db.selectFrom("community").select("name").where("id", "=", communityId).executeTakeFirst())?.name ??
  null;

function noticesBase(db: Db) {
  return db
    .selectFrom("notice as r")
    .innerJoin("community as cm", "cm.id", "r.community_id")
    .leftJoin("estate as e", tenantJoin("e", "r", "estate_id"))
    .leftJoin("building as b", tenantJoin("b", "r", "building_id"))
    .leftJoin("estate as be", (j) =>
      j.onRef("be.community_id", "=", "b.community_id").onRef("be.id", "=", "b.estate_id"),
    )
    .select([
      "r.community_id",
      "r.id",
      "r.kind",
      "r.title",
      "r.body",
      "r.estate_id",
      "r.building_id",
      "r.grid_id",
      "r.audience",
      "r.visibility",
      "r.status",
      "r.publish_from",
      "r.publish_to",
      "r.pinned",
      "r.attachments",
      "r.subject_kind",
      "r.subject_id",
      "r.created_at",
      "r.published_at",
      "cm.name as community_name",
      "e.name as estate_name",
      "b.name as building_name",
      "be.name as building_estate_name",
    ]);
}
export type NoticeRow = NonNullable<Awaited<ReturnType<typeof findNotice>>>;

export const findNotice = (db: Db, communityId: number, id: number) =>
  noticesBase(db).where("r.community_id", "=", communityId).where("r.id", "=", id).executeTakeFirst();

/** Published and inside its window now. */
const live = (eb: ExpressionBuilder<any, any>) =>
  eb.and([
    eb("r.status", "=", "published"),
    eb(sql`coalesce(r.publish_from, r.published_at)`, "<=", sql`now()`),
    eb.or([eb("r.publish_to", "is", null), eb("r.publish_to", ">", sql`now()`)]),
  ]);

export const publicNotices = (db: Db, communityId: number) =>
  noticesBase(db)
    .where("r.community_id", "=", communityId)
    .where("r.visibility", "=", "public")
    .where(live)
    .orderBy("r.pinned", "desc")
    .orderBy(sql`coalesce(r.publish_from, r.published_at)`, "desc")
    .orderBy("r.id", "desc")
    .limit(100)
    .execute();

/** A resident's households: where they live, for the notices of their places. */
export const residencesOf = (db: Db, userId: number) =>
  db
    .selectFrom("resident as p")
    .innerJoin("household as h", tenantJoin("h", "p", "household_id"))
    .innerJoin("building as hb", (j) =>
      j.onRef("hb.community_id", "=", "h.community_id").onRef("hb.id", "=", "h.building_id"),
    )
    .select(["p.community_id", "p.id as resident_id", "p.relation", "h.building_id", "hb.estate_id"])
    .where("p.user_id", "=", userId)
    .where("p.status", "=", "verified")
    .execute();
export type Residence = Awaited<ReturnType<typeof residencesOf>>[number];

/** Whether a notice's place and group include a residence (in SQL over alias r). */
function forResidence(eb: ExpressionBuilder<any, any>, h: Residence) {
  return eb.and([
    eb("r.community_id", "=", h.community_id),
    eb.or([eb("r.building_id", "is", null), eb("r.building_id", "=", h.building_id)]),
    eb.or([eb("r.estate_id", "is", null), eb("r.estate_id", "=", h.estate_id)]),
    eb.or([
      eb("r.audience", "=", "all"),
      eb.and([eb("r.audience", "=", "owners"), eb.lit(h.relation === "owner")]),
      eb.and([eb("r.audience", "=", "tenants"), eb.lit(h.relation === "tenant")]),
    ]),
  ]);
}

export async function noticesForResidences(db: Db, homes: Residence[]) {
  if (homes.length === 0) return [];
  return noticesBase(db)
    .where(live)
    .where((eb) => eb.or(homes.map((h) => forResidence(eb, h))))
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom("notice_read as nr")
            .select("nr.notice_id")
            .whereRef("nr.community_id", "=", "r.community_id")
            .whereRef("nr.notice_id", "=", "r.id")
            .where(
              "nr.resident_id",
              "in",
              homes.map((h) => h.resident_id),
            ),
        )
        .as("read"),
    )
    .orderBy("r.pinned", "desc")
    .orderBy(sql`coalesce(r.publish_from, r.published_at)`, "desc")
    .orderBy("r.id", "desc")
    .limit(100)
    .execute();
}

export const isLive = async (db: Db, communityId: number, id: number) =>
  !!(await db
    .selectFrom("notice as r")
    .select("r.id")
    .where("r.community_id", "=", communityId)
    .where("r.id", "=", id)
    .where(live)
    .executeTakeFirst());

export const readByResidents = async (db: Db, communityId: number, id: number, residentIds: number[]) =>
  residentIds.length > 0 &&
  !!(await db
    .selectFrom("notice_read")
    .select("notice_id")
    .where("community_id", "=", communityId)
    .where("notice_id", "=", id)
    .where("resident_id", "in", residentIds)
    .executeTakeFirst());

export async function recordReads(db: Db, communityId: number, id: number, residentIds: number[]) {
  if (residentIds.length === 0) return;
  await db
    .insertInto("notice_read")
    .values(residentIds.map((resident_id) => ({ community_id: communityId, notice_id: id, resident_id })))
    .onConflict((oc) => oc.columns(["community_id", "notice_id", "resident_id"]).doNothing())
    .execute();
}

/** Verified residents of a notice's place and group (alias p for the resident, h household, hb building). */
function targets(
  db: Db,
  n: { community_id: number; estate_id: number | null; building_id: number | null; audience: string },
) {
  let qb = db
    .selectFrom("resident as p")
    .innerJoin("household as h", tenantJoin("h", "p", "household_id"))
    .innerJoin("building as hb", (j) =>
      j.onRef("hb.community_id", "=", "h.community_id").onRef("hb.id", "=", "h.building_id"),
    )
    .where("p.community_id", "=", n.community_id)
    .where("p.status", "=", "verified");
  if (n.building_id != null) qb = qb.where("h.building_id", "=", n.building_id);
  if (n.estate_id != null) qb = qb.where("hb.estate_id", "=", n.estate_id);
  if (n.audience === "owners") qb = qb.where("p.relation", "=", "owner");
  if (n.audience === "tenants") qb = qb.where("p.relation", "=", "tenant");
  return qb;
}

export const targetResidentIds = async (db: Db, n: Parameters<typeof targets>[1], residentIds: number[]) =>
  residentIds.length === 0
    ? []
    : (await targets(db, n).select("p.id").where("p.id", "in", residentIds).execute()).map((r) => r.id);

export const receiptsOf = (db: Db, n: Parameters<typeof targets>[1] & { id: number }) =>
  targets(db, n)
    .leftJoin("notice_read as nr", (j) =>
      j
        .onRef("nr.community_id", "=", "p.community_id")
        .onRef("nr.resident_id", "=", "p.id")
        .on("nr.notice_id", "=", n.id),
    )
    .select(["p.id", "p.name", "p.phone", "p.user_id", "h.room", "hb.name as building_name", "nr.read_at"])
    .orderBy("hb.name")
    .orderBy("h.room")
    .orderBy("p.id")
    .execute();

export const insertNotice = (db: Db, row: Insertable<NoticeTable>) =>
  db.insertInto("notice").values(row).returning("id").executeTakeFirstOrThrow();

export const updateNotice = (db: Db, communityId: number, id: number, set: Updateable<NoticeTable>) =>
  db
    .updateTable("notice")
    .set({ ...set, updated_at: new Date() })
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .execute();

export interface StaffFilters {
  q?: string | undefined;
  kind?: string | undefined;
  state?: string | undefined;
  visibility?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

function staffBase(db: Db, communityId: number, scope: ScopeIds | null, f: StaffFilters) {
  let qb = noticesBase(db)
    .where("r.community_id", "=", communityId)
    .where((eb) => rowInScope(eb, scope));
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    qb = qb.where((eb) => eb.or([eb("r.title", "ilike", like), eb("r.body", "ilike", like)]));
  }
  if (f.kind) qb = qb.where("r.kind", "=", f.kind as never);
  if (f.visibility) qb = qb.where("r.visibility", "=", f.visibility as never);
  const day = sql`(coalesce(r.published_at, r.created_at) at time zone 'Asia/Shanghai')::date`;
  if (f.from) qb = qb.where(day, ">=", f.from);
  if (f.to) qb = qb.where(day, "<=", f.to);
  const start = sql`coalesce(r.publish_from, r.published_at)`;
  switch (f.state) {
    case "draft":
    case "withdrawn":
      qb = qb.where("r.status", "=", f.state);
      break;
    case "scheduled":
      qb = qb.where("r.status", "=", "published").where(start, ">", sql`now()`);
      break;
    case "live":
      qb = qb.where(live);
      break;
    case "expired":
      qb = qb.where("r.status", "=", "published").where("r.publish_to", "<=", sql<Date>`now()`);
      break;
  }
  return qb;
}

const targetCount = sql<number>`(
  select count(*)::int from resident p
    join household h on h.community_id = p.community_id and h.id = p.household_id
    join building hb on hb.community_id = h.community_id and hb.id = h.building_id
   where p.community_id = r.community_id and p.status = 'verified'
     and (r.building_id is null or h.building_id = r.building_id)
     and (r.estate_id is null or hb.estate_id = r.estate_id)
     and (r.audience = 'all' or (r.audience = 'owners' and p.relation = 'owner')
          or (r.audience = 'tenants' and p.relation = 'tenant')))`;
const readCount = sql<number>`(
  select count(*)::int from notice_read nr where nr.community_id = r.community_id and nr.notice_id = r.id)`;

export async function staffNotices(
  db: Db,
  communityId: number,
  scope: ScopeIds | null,
  f: StaffFilters & { limit: number; offset: number },
) {
  const base = staffBase(db, communityId, scope, f);
  const [items, total] = await Promise.all([
    base
      .select([targetCount.as("target_count"), readCount.as("read_count")])
      .orderBy("r.pinned", "desc")
      .orderBy("r.id", "desc")
      .limit(f.limit)
      .offset(f.offset)
      .execute(),
    db
      .selectFrom(base.clearSelect().select("r.id").as("x"))
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}
