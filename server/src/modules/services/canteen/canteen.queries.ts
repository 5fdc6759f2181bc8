// All SQL of the canteen (C1). Private to the module: canteen.service.ts is its surface.
import { type Kysely, sql } from "kysely";
import type { DB } from "../../../db/schema.ts";
import type { BookingAroundRef } from "../../core/ledger/ledger.service.ts";
import type { MealKind, OrderChannel, OrderMode } from "./canteen.tables.ts";

type Db = Kysely<DB>;

// ---- the canteen ----

export const canteenOf = (db: Db, communityId: number) =>
  db.selectFrom("canteen").selectAll().where("community_id", "=", communityId).executeTakeFirst();

export const insertCanteen = (db: Db, communityId: number, name: string, place: string) =>
  db
    .insertInto("canteen")
    .values({ community_id: communityId, name, place })
    .returning("id")
    .executeTakeFirstOrThrow();

export const updateCanteen = (db: Db, communityId: number, id: number, name: string, place: string) =>
  db
    .updateTable("canteen")
    .set({ name, place })
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .execute();

export const mealsOf = (db: Db, communityId: number, canteenId: number) =>
  db
    .selectFrom("canteen_meal")
    .selectAll()
    .where("community_id", "=", communityId)
    .where("canteen_id", "=", canteenId)
    .orderBy(sql`array_position(array['breakfast','lunch','dinner'], kind)`)
    .execute();

export const upsertMeal = (
  db: Db,
  communityId: number,
  canteenId: number,
  m: { kind: MealKind; cutoff: string; capacity: number },
) =>
  db
    .insertInto("canteen_meal")
    .values({ community_id: communityId, canteen_id: canteenId, ...m })
    .onConflict((oc) =>
      oc
        .columns(["community_id", "canteen_id", "kind"])
        .doUpdateSet({ cutoff: m.cutoff, capacity: m.capacity }),
    )
    .execute();

// ---- rules ----

export const activeRules = (db: Db, communityId: number, canteenId: number) =>
  db
    .selectFrom("canteen_rule")
    .selectAll()
    .where("community_id", "=", communityId)
    .where("canteen_id", "=", canteenId)
    .where("active", "=", true)
    .orderBy("position")
    .execute();

export const retireRules = (db: Db, communityId: number, canteenId: number) =>
  db
    .updateTable("canteen_rule")
    .set({ active: false })
    .where("community_id", "=", communityId)
    .where("canteen_id", "=", canteenId)
    .where("active", "=", true)
    .execute();

export const insertRules = (
  db: Db,
  rows: {
    community_id: number;
    canteen_id: number;
    position: number;
    name: string;
    min_age: number | null;
    care_tags: string[];
    resident_fen: number | null;
    community_pct: number;
    discount_pct: number;
    subsidy_pct: number;
    source: string;
  }[],
) => db.insertInto("canteen_rule").values(rows).execute();

// ---- menus ----

const menuColumns = [
  "mn.id",
  "mn.meal_id",
  "mn.day",
  "mn.dishes",
  "mn.cost_fen",
  "mn.capacity",
  "mn.ordered",
  "ml.kind",
  "ml.cutoff",
] as const;

export const menusOfDay = (db: Db, communityId: number, day: string) =>
  db
    .selectFrom("canteen_menu as mn")
    .innerJoin("canteen_meal as ml", (j) =>
      j.onRef("ml.community_id", "=", "mn.community_id").onRef("ml.id", "=", "mn.meal_id"),
    )
    .select(menuColumns)
    .where("mn.community_id", "=", communityId)
    .where("mn.day", "=", day)
    .orderBy(sql`array_position(array['breakfast','lunch','dinner'], ml.kind)`)
    .execute();

export const menuById = (db: Db, communityId: number, menuId: number) =>
  db
    .selectFrom("canteen_menu as mn")
    .innerJoin("canteen_meal as ml", (j) =>
      j.onRef("ml.community_id", "=", "mn.community_id").onRef("ml.id", "=", "mn.meal_id"),
    )
    .select(menuColumns)
    .where("mn.community_id", "=", communityId)
    .where("mn.id", "=", menuId)
    .executeTakeFirst();

export const upsertMenu = (
  db: Db,
  communityId: number,
  m: { meal_id: number; day: string; dishes: string[]; cost_fen: number; capacity: number },
) =>
  db
    .insertInto("canteen_menu")
    .values({ community_id: communityId, ...m, dishes: JSON.stringify(m.dishes) })
    .onConflict((oc) =>
      oc.columns(["community_id", "meal_id", "day"]).doUpdateSet({
        dishes: JSON.stringify(m.dishes),
        cost_fen: m.cost_fen,
        capacity: sql<number>`greatest(${m.capacity}, canteen_menu.ordered)`,
      }),
    )
    .returning(["id", "capacity", "ordered"])
    .executeTakeFirstOrThrow();

export const freeSeat = (db: Db, communityId: number, menuId: number) =>
  db
    .updateTable("canteen_menu")
    .set({ ordered: sql`ordered - 1` })
    .where("community_id", "=", communityId)
    .where("id", "=", menuId)
    .where("ordered", ">", 0)
    .execute();

// ---- people ----

export const residentById = (db: Db, communityId: number, residentId: number) =>
  db
    .selectFrom("resident")
    .select(["id", "name", "user_id", "household_id", "birth_date", "care_tags", "status", "phone"])
    .where("community_id", "=", communityId)
    .where("id", "=", residentId)
    .executeTakeFirst();

export const householdMembers = (db: Db, communityId: number, householdId: number) =>
  db
    .selectFrom("resident")
    .select(["id", "name"])
    .where("community_id", "=", communityId)
    .where("household_id", "=", householdId)
    .where("status", "=", "verified")
    .orderBy("id")
    .execute();

export const userName = (db: Db, userId: number) =>
  db.selectFrom("app_user").select(["id", "name"]).where("id", "=", userId).executeTakeFirst();

// ---- orders ----

/**
 * An order's transaction in one statement (`canteen_order`, migration 51): no live order for the meal and
 * resident yet, a seat taken if one is left (the capacity holds whatever the concurrency), the order, its
 * event, the audit entry when given, and LAST its booking on the ledger. Answers the order's id; refusals
 * are SQLSTATEs (`orderRefusal`, and the ledger's).
 */
export async function placeOrderInOne(
  db: Db,
  x: {
    order: {
      community_id: number;
      menu_id: number;
      resident_id: number;
      placed_by: number;
      channel: OrderChannel;
      mode: OrderMode;
      address: string;
      rule_id: number | null;
      rule_name: string;
      cost_fen: number;
      resident_fen: number;
      community_fen: number;
      discount_fen: number;
      subsidy_fen: number;
      paid_how: "on_order" | "counter" | null;
      paid_at: Date | null;
      paid_by: number | null;
      created_at: Date;
    };
    event: { type: string; version: number; aggregate: string; payload: string; channel: string };
    audit: { role: string | null; after: unknown } | null;
    booking: BookingAroundRef;
  },
) {
  const o = x.order;
  const b = x.booking;
  const r = await sql<{ o_id: number }>`select o_id from canteen_order(
      ${o.community_id}::integer, ${o.menu_id}::integer, ${o.resident_id}::integer, ${o.placed_by}::integer,
      ${o.channel}::text, ${o.mode}::text, ${o.address}::text, ${o.rule_id}::integer, ${o.rule_name}::text,
      ${o.cost_fen}::integer, ${o.resident_fen}::integer, ${o.community_fen}::integer,
      ${o.discount_fen}::integer, ${o.subsidy_fen}::integer, ${o.paid_how}::text, ${o.paid_at}::timestamptz,
      ${o.paid_by}::integer, ${o.created_at}::timestamptz,
      ${x.event.type}::text, ${x.event.version}::integer, ${x.event.aggregate}::text,
      ${x.event.payload}::jsonb, ${x.event.channel}::text,
      ${x.audit?.role ?? null}::text, ${x.audit ? JSON.stringify(x.audit.after) : null}::jsonb,
      ${JSON.stringify(b.keyParts)}::jsonb, ${b.kind}::text, ${JSON.stringify(b.memoParts)}::jsonb,
      ${b.refKind}::text, ${b.createdAt}::timestamptz,
      ${`{${b.accounts.join(",")}}`}::integer[], ${`{${b.amounts.join(",")}}`}::bigint[], ${b.textHead}::text,
      ${JSON.stringify(b.tailParts)}::jsonb, ${b.genesis}::text)`.execute(db);
  return r.rows[0]!.o_id;
}

/** The refusal of `canteen_order` in a database error (SQLSTATE class CN), or null. */
export function orderRefusal(e: unknown): "ordered" | "full" | null {
  const code = (e as { code?: unknown })?.code;
  return code === "CN001" ? "ordered" : code === "CN002" ? "full" : null;
}

export const orderRow = (db: Db, communityId: number, orderId: number) =>
  db
    .selectFrom("canteen_order")
    .selectAll()
    .where("community_id", "=", communityId)
    .where("id", "=", orderId)
    .executeTakeFirst();

export const lockOrder = (db: Db, communityId: number, orderId: number) =>
  db
    .selectFrom("canteen_order")
    .selectAll()
    .where("community_id", "=", communityId)
    .where("id", "=", orderId)
    .forUpdate()
    .executeTakeFirst();

export const cancelOrder = (db: Db, communityId: number, orderId: number) =>
  db
    .updateTable("canteen_order")
    .set({ status: "cancelled", cancelled_at: new Date() })
    .where("community_id", "=", communityId)
    .where("id", "=", orderId)
    .where("status", "=", "placed")
    .returning("id")
    .executeTakeFirst();

export const markPaid = (db: Db, communityId: number, orderId: number, by: number) =>
  db
    .updateTable("canteen_order")
    .set({ paid_how: "counter", paid_at: new Date(), paid_by: by })
    .where("community_id", "=", communityId)
    .where("id", "=", orderId)
    .where("status", "=", "placed")
    .where("paid_at", "is", null)
    .returning("id")
    .executeTakeFirst();

export const assignVolunteer = (db: Db, communityId: number, orderId: number, userId: number) =>
  db
    .updateTable("canteen_order")
    .set({ volunteer_user_id: userId, assigned_at: new Date() })
    .where("community_id", "=", communityId)
    .where("id", "=", orderId)
    .where("status", "=", "placed")
    .where("mode", "=", "delivery")
    .where("delivered_at", "is", null)
    .returning("id")
    .executeTakeFirst();

export const markDelivered = (db: Db, communityId: number, orderId: number) =>
  db
    .updateTable("canteen_order")
    .set({ delivered_at: new Date() })
    .where("community_id", "=", communityId)
    .where("id", "=", orderId)
    .where("status", "=", "placed")
    .where("mode", "=", "delivery")
    .where("delivered_at", "is", null)
    .returning("id")
    .executeTakeFirst();

const orderView = (db: Db) =>
  db
    .selectFrom("canteen_order as o")
    .innerJoin("canteen_menu as mn", (j) =>
      j.onRef("mn.community_id", "=", "o.community_id").onRef("mn.id", "=", "o.menu_id"),
    )
    .innerJoin("canteen_meal as ml", (j) =>
      j.onRef("ml.community_id", "=", "mn.community_id").onRef("ml.id", "=", "mn.meal_id"),
    )
    .innerJoin("resident as r", (j) =>
      j.onRef("r.community_id", "=", "o.community_id").onRef("r.id", "=", "o.resident_id"),
    )
    .leftJoin("app_user as v", "v.id", "o.volunteer_user_id")
    .selectAll("o")
    .select([
      "mn.day",
      "mn.dishes",
      "ml.kind",
      "r.name as resident_name",
      "r.phone as resident_phone",
      "v.name as volunteer_name",
    ]);
export type OrderViewRow = NonNullable<Awaited<ReturnType<typeof orderById>>>;

export const orderById = (db: Db, communityId: number, orderId: number) =>
  orderView(db).where("o.community_id", "=", communityId).where("o.id", "=", orderId).executeTakeFirst();

export interface OrderFilters {
  day: string;
  meal?: MealKind;
  mode?: OrderMode;
  status?: "placed" | "cancelled";
  q?: string;
}
const filtered = (db: Db, communityId: number, f: OrderFilters) => {
  let x = orderView(db).where("o.community_id", "=", communityId).where("mn.day", "=", f.day);
  if (f.meal) x = x.where("ml.kind", "=", f.meal);
  if (f.mode) x = x.where("o.mode", "=", f.mode);
  if (f.status) x = x.where("o.status", "=", f.status);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    x = x.where((eb) =>
      eb.or([eb("r.name", "like", like), eb("o.address", "like", like), eb("r.phone_tail", "=", f.q!)]),
    );
  }
  return x;
};

export const listOrders = (db: Db, communityId: number, f: OrderFilters, limit: number, offset: number) =>
  filtered(db, communityId, f).orderBy("o.id").limit(limit).offset(offset).execute();

export const countOrders = async (db: Db, communityId: number, f: OrderFilters) => {
  const r = await filtered(db, communityId, f)
    .clearSelect()
    .select((eb) => [
      eb.fn.countAll<string>().as("total"),
      sql<string>`count(*) filter (where o.status = 'placed')`.as("placed"),
      sql<string>`count(*) filter (where o.status = 'placed' and o.mode = 'dine_in')`.as("dine_in"),
      sql<string>`count(*) filter (where o.status = 'placed' and o.mode = 'pickup')`.as("pickup"),
      sql<string>`count(*) filter (where o.status = 'placed' and o.mode = 'delivery')`.as("delivery"),
      sql<string>`count(*) filter (where o.status = 'placed' and o.delivered_at is not null)`.as("delivered"),
      sql<string>`count(*) filter (where o.status = 'placed' and o.paid_at is null)`.as("unpaid"),
    ])
    .executeTakeFirstOrThrow();
  return r;
};

export const ordersOfResidents = (db: Db, communityIds: number[], residentIds: number[]) =>
  residentIds.length
    ? orderView(db)
        .where("o.community_id", "in", communityIds)
        .where("o.resident_id", "in", residentIds)
        .orderBy("o.id", "desc")
        .limit(50)
        .execute()
    : Promise.resolve([]);

export const deliveriesOf = (db: Db, userId: number) =>
  orderView(db)
    .where("o.volunteer_user_id", "=", userId)
    .where("o.status", "=", "placed")
    .orderBy("mn.day", "desc")
    .orderBy("o.id")
    .limit(100)
    .execute();

// ---- the monthly report ----

export const monthlySplit = (db: Db, communityIds: number[], from: string, to: string) =>
  db
    .selectFrom("canteen_order as o")
    .innerJoin("canteen_menu as mn", (j) =>
      j.onRef("mn.community_id", "=", "o.community_id").onRef("mn.id", "=", "o.menu_id"),
    )
    .innerJoin("community as c", "c.id", "o.community_id")
    .select((eb) => [
      "o.community_id",
      "c.name as community_name",
      "o.rule_name",
      eb.fn.countAll<string>().as("meals"),
      sql<string>`sum(o.cost_fen)`.as("cost_fen"),
      sql<string>`sum(o.resident_fen)`.as("resident_fen"),
      sql<string>`sum(o.community_fen)`.as("community_fen"),
      sql<string>`sum(o.discount_fen)`.as("discount_fen"),
      sql<string>`sum(o.subsidy_fen)`.as("subsidy_fen"),
    ])
    .where("o.community_id", "in", communityIds)
    .where("o.status", "=", "placed")
    .where("mn.day", ">=", from)
    .where("mn.day", "<", to)
    .groupBy(["o.community_id", "c.name", "o.rule_name"])
    .orderBy("o.community_id")
    .orderBy("o.rule_name")
    .execute();

export const streetWithCommunities = async (db: Db, streetId: number) => {
  const street = await db
    .selectFrom("street")
    .select(["id", "name"])
    .where("id", "=", streetId)
    .executeTakeFirst();
  if (!street) return null;
  const communities = await db
    .selectFrom("community")
    .select(["id", "name"])
    .where("street_id", "=", streetId)
    .orderBy("id")
    .execute();
  return { ...street, communities };
};

export const communityName = async (db: Db, communityId: number) =>
  (await db.selectFrom("community").select("name").where("id", "=", communityId).executeTakeFirst())?.name ??
  null;
