// All SQL of the points mall (its four tables, the organisations and residents it names).
import { type Insertable, type Kysely, sql } from "kysely";
import type { DB } from "../../../db/schema.ts";
import { tenantJoin } from "../../../db/tenant-join.ts";
import type { MallDonationTable, MallItemTable, MallLimitPeriod, MallWindowTable } from "./mall.tables.ts";

type Db = Kysely<DB>;

export const communityName = async (db: Db, communityId: number) =>
  (await db.selectFrom("community").select("name").where("id", "=", communityId).executeTakeFirst())?.name ??
  null;

export const organisation = (db: Db, orgId: number) =>
  db.selectFrom("organisation").select(["id", "name", "kind"]).where("id", "=", orgId).executeTakeFirst();

function itemsBase(db: Db, communityId: number) {
  return db
    .selectFrom("mall_item as i")
    .leftJoin("organisation as o", "o.id", "i.org_id")
    .selectAll("i")
    .select("o.name as org_name")
    .where("i.community_id", "=", communityId);
}
export type ItemRow = Awaited<ReturnType<typeof findItem>> & {};

export const findItem = (db: Db, communityId: number, itemId: number) =>
  itemsBase(db, communityId).where("i.id", "=", itemId).executeTakeFirst();

export const listItems = (
  db: Db,
  communityId: number,
  f: { q?: string; status?: "active" | "withdrawn"; kind?: "goods" | "service"; orgIds?: number[] },
) => {
  let qb = itemsBase(db, communityId);
  if (f.q) qb = qb.where("i.name", "like", `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (f.status) qb = qb.where("i.status", "=", f.status);
  if (f.kind) qb = qb.where("i.kind", "=", f.kind);
  if (f.orgIds) qb = f.orgIds.length ? qb.where("i.org_id", "in", f.orgIds) : qb.where(sql<boolean>`false`);
  return qb.orderBy("i.id").limit(1000).execute();
};

export const insertItem = (db: Db, row: Insertable<MallItemTable>) =>
  db.insertInto("mall_item").values(row).returning("id").executeTakeFirstOrThrow();

export const updateItem = (
  db: Db,
  communityId: number,
  itemId: number,
  set: {
    name?: string;
    description?: string;
    price_points?: number;
    pickup_place?: string;
    expiry_days?: number;
    status?: "active" | "withdrawn";
  },
) =>
  db
    .updateTable("mall_item")
    .set(set)
    .where("community_id", "=", communityId)
    .where("id", "=", itemId)
    .executeTakeFirst();

export const addStock = (db: Db, communityId: number, itemId: number, n: number) =>
  db
    .updateTable("mall_item")
    .set((eb) => ({ stock: eb("stock", "+", n) }))
    .where("community_id", "=", communityId)
    .where("id", "=", itemId)
    .executeTakeFirst();

/** Takes one from the stock of an active item, or nothing when none is left (never below zero). */
export const takeOne = (db: Db, communityId: number, itemId: number) =>
  db
    .updateTable("mall_item")
    .set((eb) => ({ stock: eb("stock", "-", 1) }))
    .where("community_id", "=", communityId)
    .where("id", "=", itemId)
    .where("status", "=", "active")
    .where("stock", ">", 0)
    .returning("stock")
    .executeTakeFirst();

export const insertDonation = (db: Db, row: Insertable<MallDonationTable>) =>
  db.insertInto("mall_donation").values(row).returning("id").executeTakeFirstOrThrow();

export const listDonations = (db: Db, communityId: number, orgIds: number[] | null) => {
  let qb = db
    .selectFrom("mall_donation as d")
    .innerJoin("mall_item as i", tenantJoin("i", "d", "item_id"))
    .selectAll("d")
    .select("i.name as item_name")
    .where("d.community_id", "=", communityId);
  if (orgIds) qb = orgIds.length ? qb.where("i.org_id", "in", orgIds) : qb.where(sql<boolean>`false`);
  return qb.orderBy("d.id", "desc").limit(1000).execute();
};

/** One resident's exchanges are decided one at a time (the per-person limit counts what came before). */
export const lockResident = (db: Db, residentId: number) =>
  sql`select pg_advisory_xact_lock(7403, ${residentId}::integer)`.execute(db);

export const exchangeByKey = (db: Db, communityId: number, key: string) =>
  db
    .selectFrom("mall_exchange")
    .selectAll()
    .where("community_id", "=", communityId)
    .where("idempotency_key", "=", key)
    .executeTakeFirst();

/** Exchanges of an item by a resident since `from` that still count (open or collected). */
export const exchangedSince = async (
  db: Db,
  communityId: number,
  residentId: number,
  itemId: number,
  from: Date | null,
) => {
  let qb = db
    .selectFrom("mall_exchange")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("community_id", "=", communityId)
    .where("resident_id", "=", residentId)
    .where("item_id", "=", itemId)
    .where("status", "<>", "expired");
  if (from) qb = qb.where("created_at", ">=", from);
  return Number((await qb.executeTakeFirstOrThrow()).n);
};

/** Stores an exchange under a code, or nothing when that code is already open in the community. */
export const insertExchange = (
  db: Db,
  row: {
    community_id: number;
    item_id: number;
    resident_id: number;
    user_id: number | null;
    points: number;
    value_fen: number;
    code: string;
    idempotency_key: string;
    expires_at: Date;
  },
) =>
  db
    .insertInto("mall_exchange")
    .values(row)
    .onConflict((oc) =>
      oc.columns(["community_id", "code"]).where("status", "=", sql.lit("open")).doNothing(),
    )
    .returningAll()
    .executeTakeFirst();

function exchangesBase(db: Db) {
  return db
    .selectFrom("mall_exchange as x")
    .innerJoin("mall_item as i", tenantJoin("i", "x", "item_id"))
    .innerJoin("resident as r", tenantJoin("r", "x", "resident_id"))
    .selectAll("x")
    .select(["i.name as item_name", "i.pickup_place", "i.org_id", "r.name as resident_name"]);
}
export type ExchangeRow = Awaited<ReturnType<typeof exchangeById>> & {};

export const exchangeById = (db: Db, communityId: number, id: number) =>
  exchangesBase(db).where("x.community_id", "=", communityId).where("x.id", "=", id).executeTakeFirst();

export const exchangesOfResidents = (db: Db, residents: { communityId: number; residentId: number }[]) =>
  residents.length === 0
    ? Promise.resolve([])
    : exchangesBase(db)
        .where((eb) =>
          eb.or(
            residents.map((r) =>
              eb.and([eb("x.community_id", "=", r.communityId), eb("x.resident_id", "=", r.residentId)]),
            ),
          ),
        )
        .orderBy("x.id", "desc")
        .limit(100)
        .execute();

export const listExchanges = (
  db: Db,
  communityId: number,
  orgIds: number[] | null,
  f: { status?: "open" | "collected" | "expired"; itemId?: number; before?: number; limit: number },
) => {
  let qb = exchangesBase(db).where("x.community_id", "=", communityId);
  if (orgIds) qb = orgIds.length ? qb.where("i.org_id", "in", orgIds) : qb.where(sql<boolean>`false`);
  if (f.status) qb = qb.where("x.status", "=", f.status);
  if (f.itemId) qb = qb.where("x.item_id", "=", f.itemId);
  if (f.before) qb = qb.where("x.id", "<", f.before);
  return qb.orderBy("x.id", "desc").limit(f.limit).execute();
};

/** The newest exchange with this code in the community (open first). */
export const exchangeByCode = (db: Db, communityId: number, code: string) =>
  exchangesBase(db)
    .where("x.community_id", "=", communityId)
    .where("x.code", "=", code)
    .orderBy(sql`x.status = 'open'`, "desc")
    .orderBy("x.id", "desc")
    .executeTakeFirst();

/** Marks an open, unexpired exchange collected; nothing when it is not (collected once). */
export const markCollected = (db: Db, communityId: number, id: number, by: number) =>
  db
    .updateTable("mall_exchange")
    .set({ status: "collected", collected_at: new Date(), collected_by: by })
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .where("status", "=", "open")
    .where("expires_at", ">", new Date())
    .returning("id")
    .executeTakeFirst();

/** Open exchanges past their expiry (oldest first), to be claimed one by one. */
export const dueExchanges = (db: Db, now: Date, limit: number) =>
  db
    .selectFrom("mall_exchange")
    .select(["community_id", "id"])
    .where("status", "=", "open")
    .where("expires_at", "<=", now)
    .orderBy("expires_at")
    .limit(limit)
    .execute();

/** Claims one expired exchange (exactly once): open → expired. */
export const claimExpired = (db: Db, communityId: number, id: number, now: Date) =>
  db
    .updateTable("mall_exchange")
    .set({ status: "expired", expired_at: now })
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .where("status", "=", "open")
    .where("expires_at", "<=", now)
    .returning(["item_id", "resident_id", "ledger_transaction_id"])
    .executeTakeFirst();

/** The booking of an exchange made since migration 41 (it names the exchange; its reversal names it too). */
export const bookingOfExchange = async (db: Db, communityId: number, exchangeId: number) =>
  (
    await db
      .selectFrom("ledger_transaction")
      .select("id")
      .where("community_id", "=", communityId)
      .where("ref_kind", "=", "mall_exchange")
      .where("ref_id", "=", exchangeId)
      .where("corrects_id", "is", null)
      .executeTakeFirst()
  )?.id;

export const setRefund = (db: Db, communityId: number, id: number, refundId: number) =>
  db
    .updateTable("mall_exchange")
    .set({ refund_transaction_id: refundId })
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .execute();

export const insertWindow = (db: Db, row: Insertable<MallWindowTable>) =>
  db.insertInto("mall_window").values(row).returningAll().executeTakeFirstOrThrow();

export const setWindowNotice = (db: Db, communityId: number, id: number, noticeId: number) =>
  db
    .updateTable("mall_window")
    .set({ notice_id: noticeId })
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .execute();

export const listWindows = (db: Db, communityId: number) =>
  db
    .selectFrom("mall_window")
    .selectAll()
    .where("community_id", "=", communityId)
    .orderBy("opens_at", "desc")
    .limit(200)
    .execute();

export const windowCount = async (db: Db, communityId: number) =>
  Number(
    (
      await db
        .selectFrom("mall_window")
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .where("community_id", "=", communityId)
        .executeTakeFirstOrThrow()
    ).n,
  );

/** The window open at `now`, or else the next one to open. */
export const currentOrNextWindow = (db: Db, communityId: number, now: Date) =>
  db
    .selectFrom("mall_window")
    .selectAll()
    .where("community_id", "=", communityId)
    .where("closes_at", ">", now)
    .orderBy("opens_at")
    .limit(1)
    .executeTakeFirst();

/** Points redeemed and goods value exchanged per community and Shanghai month (expired exchanges excluded). */
export const monthlyFigures = (db: Db, communityIds: number[], from: Date, to: Date) =>
  communityIds.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom("mall_exchange")
        .select((eb) => [
          "community_id",
          sql<string>`to_char(created_at at time zone 'Asia/Shanghai', 'YYYY-MM')`.as("month"),
          eb.fn.countAll<string>().as("exchanges"),
          eb.fn.sum<string>("points").as("points"),
          eb.fn.sum<string>("value_fen").as("value_fen"),
        ])
        .where("community_id", "in", communityIds)
        .where("created_at", ">=", from)
        .where("created_at", "<", to)
        .where("status", "<>", "expired")
        .groupBy(["community_id", sql`2`])
        .orderBy("community_id")
        .orderBy(sql`2`)
        .execute();

export type { MallLimitPeriod };
