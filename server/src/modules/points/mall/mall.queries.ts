// All SQL of the points mall (its four tables, the organisations and residents it names).
import { type Insertable, type Kysely, sql } from "kysely";
import type { DB } from "../../../db/schema.ts";
import { tenantJoin } from "../../../db/tenant-join.ts";
import type { BookingAroundRef } from "../../core/ledger/ledger.service.ts";
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

// ---- one exchange in two statements (migration 51): what it needs read at once, then `mall_exchange` ----

export interface ExchangeContext {
  community_name: string;
  prior_id: number | null;
  item_id: number | null;
  item_name: string | null;
  item_status: "active" | "withdrawn" | null;
  stock: number | null;
  price_points: number | null;
  unit_value_fen: number | null;
  pickup_place: string | null;
  org_id: number | null;
  limit_count: number | null;
  limit_period: MallLimitPeriod | null;
  expiry_days: number | null;
  has_windows: boolean;
  window_id: number | null;
  window_title: string | null;
  window_opens_at: Date | null;
  window_closes_at: Date | null;
  window_notice_id: number | null;
  from_account: number | null;
  from_balance: string | number | null;
  to_account: number | null;
}

/**
 * Everything an exchange checks before its transaction, in one statement: the community, an exchange with
 * the same key (a retry), the item, the exchange days (any; the one open at `now` or the next), the
 * resident's points account with its balance and the community's mall account. No row: no such community.
 */
export const exchangeContext = async (
  db: Db,
  a: {
    communityId: number;
    residentId: number;
    itemId: number;
    key: string;
    residentCode: string;
    mallCode: string;
    now: Date;
  },
) =>
  (
    await sql<ExchangeContext>`
    select c.name as community_name,
      (select x.id from mall_exchange x
        where x.community_id = c.id and x.idempotency_key = ${a.key}::text) as prior_id,
      i.id as item_id, i.name as item_name, i.status as item_status, i.stock, i.price_points,
      i.unit_value_fen, i.pickup_place, i.org_id, i.limit_count, i.limit_period, i.expiry_days,
      exists (select 1 from mall_window w where w.community_id = c.id) as has_windows,
      nw.id as window_id, nw.title as window_title, nw.opens_at as window_opens_at,
      nw.closes_at as window_closes_at, nw.notice_id as window_notice_id,
      ra.id as from_account, ra.balance as from_balance, ma.id as to_account
    from community c
    left join mall_item i on i.community_id = c.id and i.id = ${a.itemId}::integer
    left join lateral (
      select w.id, w.title, w.opens_at, w.closes_at, w.notice_id from mall_window w
       where w.community_id = c.id and w.closes_at > ${a.now}::timestamptz
       order by w.opens_at limit 1) nw on true
    left join ledger_account ra on ra.community_id = c.id and ra.code = ${a.residentCode}::text
      and ra.owner_kind = 'resident' and ra.owner_id = ${a.residentId}::integer
    left join ledger_account ma on ma.community_id = c.id and ma.code = ${a.mallCode}::text
      and ma.owner_kind = 'community' and ma.owner_id = c.id
    where c.id = ${a.communityId}::integer`.execute(db)
  ).rows[0];

/**
 * The exchange's transaction in one statement (`mall_exchange`, migration 51): the resident's lock, the
 * retry check, the limit, the stock, the row under a free code, its event and LAST its booking on the
 * ledger. Answers the row (or the twin's id, replayed) and the balance after; refusals are SQLSTATEs
 * (`exchangeRefusal`).
 */
export async function exchangeInOne(
  db: Db,
  x: {
    communityId: number;
    residentId: number;
    itemId: number;
    key: string;
    userId: number;
    points: number;
    valueFen: number;
    expiresAt: Date;
    codes: string[];
    limitCount: number | null;
    limitFrom: Date | null;
    event: { type: string; version: number; aggregate: string; payload: string; channel: string };
    fromAccount: number;
    booking: BookingAroundRef;
  },
) {
  const b = x.booking;
  const r = await sql<{
    x_id: number;
    x_code: string | null;
    x_status: "open" | "collected" | "expired" | null;
    x_created_at: Date | null;
    x_expires_at: Date | null;
    x_replayed: boolean;
    x_balance: string | number | null;
  }>`select * from mall_exchange(
      ${x.communityId}::integer, ${x.residentId}::integer, ${x.itemId}::integer, ${x.key}::text,
      ${x.userId}::integer, ${x.points}::integer, ${x.valueFen}::integer, ${x.expiresAt}::timestamptz,
      ${`{${x.codes.join(",")}}`}::text[], ${x.limitCount}::integer, ${x.limitFrom}::timestamptz,
      ${x.event.type}::text, ${x.event.version}::integer, ${x.event.aggregate}::text,
      ${x.event.payload}::jsonb, ${x.event.channel}::text,
      ${JSON.stringify(b.keyParts)}::jsonb, ${b.kind}::text, ${JSON.stringify(b.memoParts)}::jsonb,
      ${b.refKind}::text, ${b.createdAt}::timestamptz, ${x.fromAccount}::integer,
      ${`{${b.accounts.join(",")}}`}::integer[], ${`{${b.amounts.join(",")}}`}::bigint[], ${b.textHead}::text,
      ${JSON.stringify(b.tailParts)}::jsonb, ${b.genesis}::text)`.execute(db);
  return r.rows[0]!;
}

/** The refusal of `mall_exchange` in a database error (SQLSTATE class MX), or null. */
export function exchangeRefusal(
  e: unknown,
): { kind: "sold_out" } | { kind: "limit"; had: number } | { kind: "no_code" } | null {
  const code = (e as { code?: unknown })?.code;
  if (code === "MX001") return { kind: "sold_out" };
  if (code === "MX002") return { kind: "limit", had: Number((e as { detail?: unknown }).detail) };
  if (code === "MX003") return { kind: "no_code" };
  return null;
}

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
