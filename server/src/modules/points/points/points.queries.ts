// All SQL of the points module (its three tables, and the register rows it names residents by).
import { type Insertable, type Kysely, sql } from "kysely";
import { householdInScope, type ScopeIds } from "../../../db/place-scope.ts";
import type { DB } from "../../../db/schema.ts";
import { tenantJoin } from "../../../db/tenant-join.ts";
import type { PointsItemTable, PointsStandardTable } from "./points.tables.ts";

type Db = Kysely<DB>;

export const communityName = async (db: Db, communityId: number) =>
  (await db.selectFrom("community").select("name").where("id", "=", communityId).executeTakeFirst())?.name ??
  null;

export const latestStandard = (db: Db, communityId: number) =>
  db
    .selectFrom("points_standard")
    .selectAll()
    .where("community_id", "=", communityId)
    .orderBy("version", "desc")
    .limit(1)
    .executeTakeFirst();
export type StandardRow = Awaited<ReturnType<typeof latestStandard>> & {};

export const itemsOf = (db: Db, communityId: number, standardId: number) =>
  db
    .selectFrom("points_item")
    .selectAll()
    .where("community_id", "=", communityId)
    .where("standard_id", "=", standardId)
    .orderBy("id")
    .execute();
export type ItemRow = Awaited<ReturnType<typeof itemsOf>>[number];

export const insertStandard = (db: Db, row: Insertable<PointsStandardTable>) =>
  db.insertInto("points_standard").values(row).returningAll().executeTakeFirstOrThrow();

export const insertItems = (db: Db, rows: Insertable<PointsItemTable>[]) =>
  db.insertInto("points_item").values(rows).execute();

export const findItem = (db: Db, communityId: number, itemId: number) =>
  db
    .selectFrom("points_item")
    .selectAll()
    .where("community_id", "=", communityId)
    .where("id", "=", itemId)
    .executeTakeFirst();

/** Surveys and topics a standard may name as the decision that adopted it. */
export const surveyTitle = async (db: Db, communityId: number, id: number) =>
  (
    await db
      .selectFrom("survey")
      .select("title")
      .where("community_id", "=", communityId)
      .where("id", "=", id)
      .executeTakeFirst()
  )?.title ?? null;
export const topicTitle = async (db: Db, communityId: number, id: number) =>
  (
    await db
      .selectFrom("topic")
      .select("title")
      .where("community_id", "=", communityId)
      .where("id", "=", id)
      .executeTakeFirst()
  )?.title ?? null;

/** Residents of the register with the place of their household (to check the awarder reaches it). */
export const residentsWithPlace = (db: Db, communityId: number, ids: number[]) =>
  db
    .selectFrom("resident as r")
    .leftJoin("household as h", tenantJoin("h", "r", "household_id"))
    .leftJoin("building as b", (j) =>
      j.onRef("b.community_id", "=", "h.community_id").onRef("b.id", "=", "h.building_id"),
    )
    .select([
      "r.id",
      "r.name",
      "r.status",
      "r.household_id",
      "h.grid_id",
      "h.building_id",
      "h.unit_id",
      "b.estate_id",
      "b.name as building_name",
      "h.room",
    ])
    .where("r.community_id", "=", communityId)
    .where("r.id", "in", ids)
    .execute();
export type ResidentPlaceRow = Awaited<ReturnType<typeof residentsWithPlace>>[number];

export const householdResidents = (db: Db, communityId: number, householdId: number) =>
  db
    .selectFrom("resident")
    .select("id")
    .where("community_id", "=", communityId)
    .where("household_id", "=", householdId)
    .where("status", "=", "verified")
    .execute();

/** One resident's awards are decided one at a time (the cap counts what came before). */
export const lockResident = (db: Db, residentId: number) =>
  sql`select pg_advisory_xact_lock(7402, ${residentId}::integer)`.execute(db);

export const awardByKey = (db: Db, communityId: number, key: string) =>
  db
    .selectFrom("points_award")
    .select("id")
    .where("community_id", "=", communityId)
    .where("idempotency_key", "=", key)
    .executeTakeFirst();

/** Points of one item a resident was awarded since `from` (for the item's cap). */
export const awardedSince = async (
  db: Db,
  communityId: number,
  residentId: number,
  itemId: number,
  from: Date,
) =>
  Number(
    (
      await db
        .selectFrom("points_award")
        .select((eb) => eb.fn.coalesce(eb.fn.sum<string>("points"), sql<string>`0`).as("sum"))
        .where("community_id", "=", communityId)
        .where("resident_id", "=", residentId)
        .where("item_id", "=", itemId)
        .where("awarded_at", ">=", from)
        .executeTakeFirstOrThrow()
    ).sum,
  );

export const insertAward = (
  db: Db,
  row: {
    community_id: number;
    item_id: number;
    resident_id: number;
    points: number;
    evidence: string;
    awarded_by: number | null;
    ledger_transaction_id: number;
    idempotency_key: string;
  },
) => db.insertInto("points_award").values(row).returning("id").executeTakeFirstOrThrow();

function awardsBase(db: Db, communityId: number) {
  return db
    .selectFrom("points_award as a")
    .innerJoin("points_item as i", tenantJoin("i", "a", "item_id"))
    .innerJoin("resident as r", tenantJoin("r", "a", "resident_id"))
    .leftJoin("household as h", tenantJoin("h", "r", "household_id"))
    .leftJoin("building as b", (j) =>
      j.onRef("b.community_id", "=", "h.community_id").onRef("b.id", "=", "h.building_id"),
    )
    .leftJoin("app_user as u", "u.id", "a.awarded_by")
    .select([
      "a.id",
      "a.resident_id",
      "r.name as resident_name",
      "b.name as building_name",
      "h.room",
      "a.item_id",
      "i.name_zh",
      "i.name_en",
      "a.points",
      "a.evidence",
      "u.name as awarded_by_name",
      "a.awarded_at",
    ])
    .where("a.community_id", "=", communityId);
}
export type AwardRow = Awaited<ReturnType<typeof awardsByIds>>[number];

export const awardsByIds = (db: Db, communityId: number, ids: number[]) =>
  awardsBase(db, communityId).where("a.id", "in", ids).orderBy("a.id").execute();

export const listAwards = (
  db: Db,
  communityId: number,
  scope: ScopeIds | null,
  f: { from?: Date; to?: Date; itemId?: number; q?: string; before?: number; limit: number },
) => {
  let qb = awardsBase(db, communityId).where((eb) => householdInScope(eb, scope));
  if (f.from) qb = qb.where("a.awarded_at", ">=", f.from);
  if (f.to) qb = qb.where("a.awarded_at", "<", f.to);
  if (f.itemId) qb = qb.where("a.item_id", "=", f.itemId);
  if (f.q) qb = qb.where("r.name", "like", `${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (f.before) qb = qb.where("a.id", "<", f.before);
  return qb.orderBy("a.id", "desc").limit(f.limit).execute();
};

/** The honour board (红榜): residents by the points they were awarded in a month (deductions not counted). */
export const honourRows = (db: Db, communityId: number, from: Date, to: Date, limit: number) =>
  db
    .selectFrom(
      db
        .selectFrom("points_award")
        .select((eb) => ["resident_id", eb.fn.sum<string>("points").as("points")])
        .where("community_id", "=", communityId)
        .where("awarded_at", ">=", from)
        .where("awarded_at", "<", to)
        .where("points", ">", 0)
        .groupBy("resident_id")
        .orderBy("points", "desc")
        .orderBy("resident_id")
        .limit(limit)
        .as("t"),
    )
    .innerJoin("resident as r", (j) =>
      j.onRef("r.id", "=", "t.resident_id").on("r.community_id", "=", communityId),
    )
    .leftJoin("household as h", tenantJoin("h", "r", "household_id"))
    .leftJoin("building as b", (j) =>
      j.onRef("b.community_id", "=", "h.community_id").onRef("b.id", "=", "h.building_id"),
    )
    .select(["t.resident_id", "t.points", "r.name", "b.name as building_name"])
    .orderBy("t.points", "desc")
    .orderBy("t.resident_id")
    .execute();

/** Communities whose current standard lets points expire at the year's end. */
export const communitiesExpiring = async (db: Db) =>
  (
    await db
      .selectFrom("points_standard as s")
      .select("s.community_id")
      .where("s.year_end_rule", "=", "expire")
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom("points_standard as n")
              .select("n.id")
              .whereRef("n.community_id", "=", "s.community_id")
              .whereRef("n.version", ">", "s.version"),
          ),
        ),
      )
      .execute()
  ).map((r) => r.community_id);

/** The verified resident a signed-in person is in the community (their lowest resident id), if any. */
export const verifiedResidentOfUser = async (db: Db, communityId: number, userId: number) =>
  (
    await db
      .selectFrom("resident")
      .select("id")
      .where("community_id", "=", communityId)
      .where("user_id", "=", userId)
      .where("status", "=", "verified")
      .orderBy("id")
      .limit(1)
      .executeTakeFirst()
  )?.id ?? null;

/** Points already earned under keys that start with `prefix` (an automatic earning and its corrections). */
export const earnedUnder = async (db: Db, communityId: number, residentId: number, prefix: string) =>
  Number(
    (
      await db
        .selectFrom("points_award")
        .select((eb) => eb.fn.coalesce(eb.fn.sum<string>("points"), sql<string>`0`).as("sum"))
        .where("community_id", "=", communityId)
        .where("resident_id", "=", residentId)
        .where("idempotency_key", "like", `${prefix.replace(/[\\%_]/g, "\\$&")}%`)
        .executeTakeFirstOrThrow()
    ).sum,
  );

/** Public figures (T5): points issued and deducted in a period, in communities or one grid (by the resident's home). */
export async function figuresOf(
  db: Db,
  scope: { communityIds: number[]; gridId?: number; from?: Date; to?: Date },
) {
  if (scope.communityIds.length === 0) return { issued: 0, deducted: 0, residents: 0 };
  let q = db.selectFrom("points_award as a").where("a.community_id", "in", scope.communityIds);
  if (scope.from) q = q.where("a.awarded_at", ">=", scope.from);
  if (scope.to) q = q.where("a.awarded_at", "<", scope.to);
  if (scope.gridId != null) {
    const gridId = scope.gridId;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom("resident as r")
          .innerJoin("household as h", (j) =>
            j.onRef("h.community_id", "=", "r.community_id").onRef("h.id", "=", "r.household_id"),
          )
          .whereRef("r.community_id", "=", "a.community_id")
          .whereRef("r.id", "=", "a.resident_id")
          .where("h.grid_id", "=", gridId),
      ),
    );
  }
  const r = await q
    .select([
      sql<string>`coalesce(sum(a.points) filter (where a.points > 0), 0)`.as("issued"),
      sql<string>`coalesce(-sum(a.points) filter (where a.points < 0), 0)`.as("deducted"),
      sql<string>`count(distinct a.resident_id) filter (where a.points > 0)`.as("residents"),
    ])
    .executeTakeFirstOrThrow();
  return { issued: Number(r.issued), deducted: Number(r.deducted), residents: Number(r.residents) };
}
