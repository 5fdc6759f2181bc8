// The canteen (DOMAIN C1, 幸福食堂; Donglong's: 65+ pays 10 yuan, the rest of the meal's cost shared by the
// community, the canteen's discount and the government subsidy; 帮跑团 delivers to those who cannot come).
// Staff set up the canteen, its meals (cut-off time, capacity), the price rules in order (each citing its
// source) and the menus; a resident orders for themself or a household member, staff order for anyone (代订)
// with the channel. An order is priced by the first rule that applies (canteen-price.ts), takes a seat of the
// meal by a conditional UPDATE in its own transaction (the capacity holds whatever the concurrency) and books
// the funding split on the ledger in one balanced transaction; a cancellation before the cut-off frees the
// seat and reverses the booking. Deliveries are assigned to active members of the volunteer teams and marked
// delivered (time kept). The monthly subsidy report sums the frozen splits per rule, per community or street.
import type { Kysely } from "kysely";
import { authorize, exportingActor, primaryRole, reachOf, requireActor } from "../../../access/authorize.ts";
import type { Actor } from "../../../access/reach.ts";
import { coversCommunity, touchesCommunity } from "../../../access/reach.ts";
import type { DB } from "../../../db/schema.ts";
import { AppError } from "../../../errors.ts";
import { emitEvent, eventForFunction, functionEmitted } from "../../../events/outbox.ts";
import { audited, recordAudit } from "../../core/audit/audit.service.ts";
import { shanghaiDay } from "../../core/calendar/calendar.service.ts";
import {
  accountsOf,
  bookingAroundRef,
  bookingRefusal,
  ensureAccount,
  reverse,
} from "../../core/ledger/ledger.service.ts";
import { activeTeamMembers } from "../../volunteering/volunteering/volunteering.service.ts";
import { canteenOrderCancelled, canteenOrderPlaced } from "./canteen.events.ts";
import { presentOrder } from "./canteen.present.ts";
import * as q from "./canteen.queries.ts";
import type {
  TOrdersQuery,
  TPlaceOrder,
  TReport,
  TSetMenu,
  TSetRules,
  TSetupCanteen,
} from "./canteen.schema.ts";
import type { MealKind } from "./canteen.tables.ts";
import { ageOn, type PriceRule, ruleFor, splitOf } from "./canteen-price.ts";

type Db = Kysely<DB>;

const notFound = (zh = "食堂订单不存在", en = "No such canteen order") =>
  new AppError("NOT_FOUND", { zh, en });
const noCanteen = () =>
  new AppError("NOT_FOUND", { zh: "本社区还没有设置食堂", en: "This community has no canteen yet" });
const invalid = (field: string, zh: string, en: string) =>
  new AppError("VALIDATION", { zh, en, details: [{ field, message: en }] });

export const MEAL_ZH: Record<MealKind, string> = { breakfast: "早餐", lunch: "午餐", dinner: "晚餐" };
export const MODE_ZH = { dine_in: "堂食", pickup: "自取", delivery: "送餐" } as const;

/** The instant a meal's orders close: its cut-off time (Beijing) on its day. */
export const cutoffAt = (day: string, cutoff: string) => new Date(`${day}T${cutoff}:00+08:00`);

const isStaff = (a: Actor | null, communityId: number, perm: "canteen.read" | "canteen.manage") =>
  !!a && coversCommunity(reachOf(a, perm), communityId);
const residencyIn = (a: Actor, communityId: number) =>
  a.residencies.find((r) => r.communityId === communityId && r.status === "verified");

// ---- ledger accounts of a canteen ----

const ACCOUNTS = [
  ["meals", "食堂餐费（餐食成本）", "Canteen meals served (cost)"],
  ["resident", "居民自付餐费", "Residents' payments"],
  ["community", "社区补贴", "Community subsidy"],
  ["discount", "食堂让利", "Canteen discount"],
  ["subsidy", "政府补贴（应收）", "Government subsidy receivable"],
] as const;
type AccountKey = (typeof ACCOUNTS)[number][0];

async function canteenAccounts(db: Db, communityId: number, canteenId: number) {
  // one read when they exist (every order after the first), else open the missing ones
  const found = new Map(
    (await accountsOf(db, communityId, "canteen", canteenId)).map((a) => [a.code, a.id] as const),
  );
  const known = ACCOUNTS.map(([key]) => found.get(`canteen:${canteenId}:${key}`));
  if (known.every((id) => id != null))
    return Object.fromEntries(ACCOUNTS.map(([key], i) => [key, known[i]!])) as Record<AccountKey, number>;
  const out = {} as Record<AccountKey, number>;
  for (const [key, zh, en] of ACCOUNTS) {
    const acc = await ensureAccount(db, {
      communityId,
      code: `canteen:${canteenId}:${key}`,
      nameZh: zh,
      nameEn: en,
      unit: "fen",
      allowNegative: true,
      ownerKind: "canteen",
      ownerId: canteenId,
    });
    out[key] = acc.id;
  }
  return out;
}

// ---- setup (staff) ----

export async function setupCanteen(db: Db, actor: Actor | null, communityId: number, input: TSetupCanteen) {
  const reach = authorize(actor, "canteen.manage", { communityId });
  const a = requireActor(actor);
  if (!(await q.communityName(db, communityId))) throw new AppError("NOT_FOUND");
  const id = await audited(db, async (trx) => {
    const existing = await q.canteenOf(trx, communityId);
    const canteenId = existing
      ? (await q.updateCanteen(trx, communityId, existing.id, input.name, input.place), existing.id)
      : (await q.insertCanteen(trx, communityId, input.name, input.place)).id;
    for (const m of input.meals) await q.upsertMeal(trx, communityId, canteenId, m);
    return {
      result: canteenId,
      audit: {
        actorUserId: a.userId,
        actorRole: primaryRole(reach),
        communityId,
        action: "canteen.setup",
        targetType: "canteen",
        targetId: canteenId,
        before: existing ? { name: existing.name, place: existing.place } : undefined,
        after: input,
      },
    };
  });
  await canteenAccounts(db, communityId, id);
  return { id };
}

async function requireCanteen(db: Db, communityId: number) {
  const c = await q.canteenOf(db, communityId);
  if (!c) throw noCanteen();
  return c;
}

const ruleOf = (r: Awaited<ReturnType<typeof q.activeRules>>[number]): PriceRule => ({
  id: r.id,
  position: r.position,
  name: r.name,
  minAge: r.min_age,
  careTags: r.care_tags,
  residentFen: r.resident_fen,
  communityPct: r.community_pct,
  discountPct: r.discount_pct,
  subsidyPct: r.subsidy_pct,
});

/** Replaces the price rules (the old ones stay for the orders priced by them, no longer applied). */
export async function setRules(db: Db, actor: Actor | null, communityId: number, input: TSetRules) {
  const reach = authorize(actor, "canteen.manage", { communityId });
  const a = requireActor(actor);
  const c = await requireCanteen(db, communityId);
  return audited(db, async (trx) => {
    const before = await q.activeRules(trx, communityId, c.id);
    await q.retireRules(trx, communityId, c.id);
    await q.insertRules(
      trx,
      input.rules.map((r, i) => ({
        community_id: communityId,
        canteen_id: c.id,
        position: i + 1,
        name: r.name,
        min_age: r.minAge,
        care_tags: r.careTags,
        resident_fen: r.residentFen,
        community_pct: r.communityPct,
        discount_pct: r.discountPct,
        subsidy_pct: r.subsidyPct,
        source: r.source,
      })),
    );
    return {
      result: { rules: input.rules.length },
      audit: {
        actorUserId: a.userId,
        actorRole: primaryRole(reach),
        communityId,
        action: "canteen.rules",
        targetType: "canteen",
        targetId: c.id,
        before: before.map((r) => r.name),
        after: input.rules,
      },
    };
  });
}

export async function setMenu(db: Db, actor: Actor | null, communityId: number, input: TSetMenu) {
  const reach = authorize(actor, "canteen.manage", { communityId });
  const a = requireActor(actor);
  const c = await requireCanteen(db, communityId);
  const meal = (await q.mealsOf(db, communityId, c.id)).find((m) => m.kind === input.meal);
  if (!meal) throw invalid("meal", "食堂没有设置这一餐", "The canteen does not serve this meal");
  return audited(db, async (trx) => {
    const row = await q.upsertMenu(trx, communityId, {
      meal_id: meal.id,
      day: input.day,
      dishes: input.dishes,
      cost_fen: input.costFen,
      capacity: input.capacity ?? meal.capacity,
    });
    return {
      result: { id: row.id, capacity: row.capacity, ordered: row.ordered },
      audit: {
        actorUserId: a.userId,
        actorRole: primaryRole(reach),
        communityId,
        action: "canteen.menu",
        targetType: "canteen_menu",
        targetId: row.id,
        after: input,
      },
    };
  });
}

// ---- the day's menus with the caller's price ----

/** Whom the caller may order for: themself and their verified household; staff anyone in the community. */
async function orderableResident(db: Db, a: Actor, communityId: number, residentId: number | undefined) {
  const mine = residencyIn(a, communityId);
  const staff = isStaff(a, communityId, "canteen.manage");
  const id = residentId ?? mine?.residentId;
  if (id == null) {
    if (staff || touchesCommunity(reachOf(a, "canteen.read"), communityId)) return null;
    throw new AppError("OUT_OF_SCOPE");
  }
  const r = await q.residentById(db, communityId, id);
  if (r?.status !== "verified") throw notFound("居民不存在", "No such resident");
  if (staff || id === mine?.residentId) return r;
  if (mine?.householdId != null && r.household_id === mine.householdId) return r;
  throw new AppError("FORBIDDEN", {
    zh: "只能为自己或同户家人订餐",
    en: "You can order only for yourself or your household",
  });
}

function menuView(
  m: Awaited<ReturnType<typeof q.menusOfDay>>[number],
  rules: PriceRule[],
  who: { birth_date: string | null; care_tags: string[] } | null,
  now: Date,
  myOrderId: number | null,
) {
  const closes = cutoffAt(m.day, m.cutoff);
  const rule = who ? ruleFor(rules, ageOn(who.birth_date, m.day), who.care_tags) : null;
  return {
    id: m.id,
    mealId: m.meal_id,
    meal: m.kind,
    day: m.day,
    dishes: Array.isArray(m.dishes) ? m.dishes.map(String) : [],
    costFen: m.cost_fen,
    capacity: m.capacity,
    ordered: m.ordered,
    cutoffAt: closes.toISOString(),
    open: now < closes && m.ordered < m.capacity,
    price: rule ? { ...splitOf(m.cost_fen, rule), ruleName: rule.name } : null,
    myOrderId,
  };
}

export async function canteenDay(
  db: Db,
  actor: Actor | null,
  communityId: number,
  f: { day?: string; residentId?: number },
) {
  const a = requireActor(actor);
  const who = await orderableResident(db, a, communityId, f.residentId);
  const day = f.day ?? shanghaiDay(new Date());
  const c = await q.canteenOf(db, communityId);
  const mine = residencyIn(a, communityId);
  const household =
    mine?.householdId != null ? await q.householdMembers(db, communityId, mine.householdId) : [];
  if (!c) return { canteen: null, day, menus: [], forResident: null, household };
  const [meals, ruleRows, menus] = await Promise.all([
    q.mealsOf(db, communityId, c.id),
    q.activeRules(db, communityId, c.id),
    q.menusOfDay(db, communityId, day),
  ]);
  const rules = ruleRows.map(ruleOf);
  const now = new Date();
  const myOrders = who ? await q.ordersOfResidents(db, [communityId], [who.id]) : [];
  return {
    canteen: {
      id: c.id,
      name: c.name,
      place: c.place,
      meals: meals.map((m) => ({ id: m.id, kind: m.kind, cutoff: m.cutoff, capacity: m.capacity })),
      rules: ruleRows.map((r) => ({ ...ruleOf(r), id: r.id, source: r.source })),
    },
    day,
    menus: menus.map((m) =>
      menuView(
        m,
        rules,
        who,
        now,
        myOrders.find((o) => o.menu_id === m.id && o.status === "placed")?.id ?? null,
      ),
    ),
    forResident: who ? { id: who.id, name: who.name, age: ageOn(who.birth_date, day) } : null,
    household,
  };
}

// ---- orders ----

/** `now` is the clock (the demo books a past month's orders as placed on their morning). */
export async function placeOrder(
  db: Db,
  actor: Actor | null,
  communityId: number,
  input: TPlaceOrder,
  now: Date = new Date(),
) {
  const a = requireActor(actor);
  const staff = isStaff(a, communityId, "canteen.manage");
  const mine = residencyIn(a, communityId);
  if (!staff && !mine) throw new AppError("OUT_OF_SCOPE");
  if (!staff && (input.channel || input.paid))
    throw new AppError("FORBIDDEN", {
      zh: "只有社区工作人员可以代订或记录收款",
      en: "Only staff order for others or record payment",
    });
  // what the order needs, read at once (the resident's check decides first)
  const [who, c, menu] = await Promise.all([
    orderableResident(db, a, communityId, input.residentId),
    q.canteenOf(db, communityId),
    q.menuById(db, communityId, input.menuId),
  ]);
  if (!who) throw invalid("residentId", "请选择为哪位居民订餐", "Choose the resident the meal is for");
  if (!c) throw noCanteen();
  if (!menu) throw notFound("这一餐的菜单不存在", "No such menu");
  if (now >= cutoffAt(menu.day, menu.cutoff)) throw new AppError("CANTEEN_CLOSED");
  if (input.mode === "delivery" && !input.address && !staff && who.household_id == null)
    throw invalid("address", "送餐请填写地址", "A delivery needs an address");
  const [ruleRows, accounts] = await Promise.all([
    q.activeRules(db, communityId, c.id),
    canteenAccounts(db, communityId, c.id),
  ]);
  const rule = ruleFor(ruleRows.map(ruleOf), ageOn(who.birth_date, menu.day), who.care_tags);
  const split = splitOf(menu.cost_fen, rule);
  const channel =
    staff && who.id !== mine?.residentId
      ? (input.channel ?? "staff_counter")
      : who.id === mine?.residentId
        ? "self"
        : "household";
  const paidNow = staff && input.paid;
  // the transaction in one statement (`canteen_order`, migration 51): the live-order check, the seat (a
  // conditional UPDATE), the order, its event, the audit entry of an order for someone, and LAST the booking
  const booking = bookingAroundRef({
    communityId,
    keyParts: [`canteen-order-${communityId}-`, ""],
    kind: "canteen.meal",
    memoParts: [`${menu.day} ${MEAL_ZH[menu.kind]} 订单 #`, `（${rule.name}）`],
    postings: [
      { accountId: accounts.meals, amount: -split.costFen },
      { accountId: accounts.resident, amount: split.residentFen },
      { accountId: accounts.community, amount: split.communityFen },
      { accountId: accounts.discount, amount: split.discountFen },
      { accountId: accounts.subsidy, amount: split.subsidyFen },
    ].filter((p) => p.amount !== 0),
    actorUserId: a.userId,
    refKind: "canteen_order",
  });
  let orderId: number;
  try {
    orderId = await q.placeOrderInOne(db, {
      order: {
        community_id: communityId,
        menu_id: menu.id,
        resident_id: who.id,
        placed_by: a.userId,
        channel,
        mode: input.mode,
        address: input.address,
        rule_id: rule.id,
        rule_name: rule.name,
        cost_fen: split.costFen,
        resident_fen: split.residentFen,
        community_fen: split.communityFen,
        discount_fen: split.discountFen,
        subsidy_fen: split.subsidyFen,
        paid_how: paidNow ? "counter" : split.residentFen === 0 ? "on_order" : null,
        paid_at: paidNow || split.residentFen === 0 ? now : null,
        paid_by: paidNow ? a.userId : null,
        created_at: now,
      },
      event: eventForFunction(canteenOrderPlaced, { menuId: menu.id }),
      audit:
        channel !== "self" && channel !== "household"
          ? {
              role: primaryRole(reachOf(a, "canteen.manage")),
              after: { residentId: who.id, menuId: menu.id, mode: input.mode, channel },
            }
          : null,
      booking,
    });
  } catch (e) {
    const refusal = q.orderRefusal(e);
    if (refusal === "ordered")
      throw new AppError("CONFLICT", {
        zh: "已经订过这一餐",
        en: "This meal is already ordered for this person",
      });
    if (refusal === "full") throw new AppError("CANTEEN_FULL");
    throw bookingRefusal(e) ?? e;
  }
  functionEmitted(communityId);
  return { order: await orderOut(db, communityId, orderId, true) };
}

async function orderOut(db: Db, communityId: number, orderId: number, full: boolean) {
  const o = await q.orderById(db, communityId, orderId);
  if (!o) throw notFound();
  return presentOrder(o, full);
}

type OrderRow = NonNullable<Awaited<ReturnType<typeof q.orderById>>>;

/** Who may act on an order as its side: the resident, their household, whoever placed it. */
function ownsOrder(
  a: Actor,
  o: { community_id: number; resident_id: number; placed_by: number },
  householdOf: number | null,
) {
  const mine = residencyIn(a, o.community_id);
  return (
    o.placed_by === a.userId ||
    mine?.residentId === o.resident_id ||
    (mine?.householdId != null && mine.householdId === householdOf)
  );
}

export async function cancelOrder(db: Db, actor: Actor | null, communityId: number, orderId: number) {
  const a = requireActor(actor);
  const o = await q.orderRow(db, communityId, orderId);
  if (!o) throw notFound();
  const r = await q.residentById(db, communityId, o.resident_id);
  const staff = isStaff(a, communityId, "canteen.manage");
  if (!staff && !ownsOrder(a, o, r?.household_id ?? null)) throw notFound();
  const menu = await q.menuById(db, communityId, o.menu_id);
  if (!menu) throw notFound();
  if (new Date() >= cutoffAt(menu.day, menu.cutoff)) throw new AppError("CANTEEN_CLOSED");
  await db.transaction().execute(async (trx) => {
    const locked = await q.lockOrder(trx, communityId, orderId);
    if (locked?.status !== "placed")
      throw new AppError("ALREADY_DECIDED", { zh: "订单已取消", en: "The order is already cancelled" });
    await q.cancelOrder(trx, communityId, orderId);
    await q.freeSeat(trx, communityId, o.menu_id);
    await emitEvent(trx, canteenOrderCancelled, {
      communityId,
      aggregateId: orderId,
      actorUserId: a.userId,
      payload: { menuId: o.menu_id },
    });
    if (locked.ledger_tx_id != null)
      await reverse(trx, {
        communityId,
        transactionId: locked.ledger_tx_id,
        idempotencyKey: `canteen-cancel-${communityId}-${orderId}`,
        memo: `取消订单 #${orderId}`,
        actorUserId: a.userId,
      });
    if (staff && !ownsOrder(a, o, r?.household_id ?? null))
      await recordAudit(trx, {
        actorUserId: a.userId,
        actorRole: primaryRole(reachOf(a, "canteen.manage")),
        communityId,
        action: "canteen.order.cancel",
        targetType: "canteen_order",
        targetId: orderId,
      });
  });
  return { order: await orderOut(db, communityId, orderId, true) };
}

/** Staff record that the resident paid their part at the counter (cash or WeChat, outside the system). */
export async function recordPaid(db: Db, actor: Actor | null, communityId: number, orderId: number) {
  const reach = authorize(actor, "canteen.manage", { communityId });
  const a = requireActor(actor);
  if (!(await q.orderRow(db, communityId, orderId))) throw notFound();
  await audited(db, async (trx) => {
    if (!(await q.markPaid(trx, communityId, orderId, a.userId)))
      throw new AppError("ALREADY_DECIDED", {
        zh: "该订单已收款或已取消",
        en: "This order is already paid or cancelled",
      });
    return {
      result: null,
      audit: {
        actorUserId: a.userId,
        actorRole: primaryRole(reach),
        communityId,
        action: "canteen.order.paid",
        targetType: "canteen_order",
        targetId: orderId,
      },
    };
  });
  return { order: await orderOut(db, communityId, orderId, true) };
}

export async function listOrders(db: Db, actor: Actor | null, communityId: number, f: TOrdersQuery) {
  authorize(actor, "canteen.read", { communityId });
  const filters = { ...f, day: f.day ?? shanghaiDay(new Date()) };
  const [rows, counts, menus] = await Promise.all([
    q.listOrders(db, communityId, filters, f.limit, f.offset),
    q.countOrders(db, communityId, filters),
    q.menusOfDay(db, communityId, filters.day),
  ]);
  return {
    items: rows.map((o) => presentOrder(o, false)),
    total: Number(counts.total),
    counts: {
      placed: Number(counts.placed),
      dineIn: Number(counts.dine_in),
      pickup: Number(counts.pickup),
      delivery: Number(counts.delivery),
      delivered: Number(counts.delivered),
      unpaid: Number(counts.unpaid),
    },
    menus: menus.map((m) => ({ id: m.id, meal: m.kind, capacity: m.capacity, ordered: m.ordered })),
  };
}

function exporterOf(a: Actor): Actor {
  return exportingActor(a);
}

/** The orders board as rows for a spreadsheet (data.export and canteen.read; audited). */
export async function exportOrders(db: Db, actor: Actor | null, communityId: number, f: TOrdersQuery) {
  const a = requireActor(actor);
  const reach = authorize(exporterOf(a), "canteen.read", { communityId });
  const filters = { ...f, day: f.day ?? shanghaiDay(new Date()) };
  const rows = await q.listOrders(db, communityId, filters, 10_000, 0);
  await recordAudit(db, {
    actorUserId: a.userId,
    actorRole: primaryRole(reach),
    communityId,
    action: "data.export",
    targetType: "canteen_orders",
    targetId: "xlsx",
    after: { format: "xlsx", filters, rows: rows.length },
  });
  return { day: filters.day, rows: rows.map((o) => presentOrder(o, false)) };
}

export async function volunteersFor(db: Db, actor: Actor | null, communityId: number) {
  authorize(actor, "canteen.manage", { communityId });
  const rows = await activeTeamMembers(db, communityId);
  const seen = new Set<number>();
  const volunteers = [];
  for (const r of rows) {
    if (seen.has(r.userId)) continue;
    seen.add(r.userId);
    volunteers.push({ userId: r.userId, name: r.name, team: r.team });
  }
  return { volunteers };
}

export async function assignDelivery(
  db: Db,
  actor: Actor | null,
  communityId: number,
  orderId: number,
  volunteerUserId: number,
) {
  const reach = authorize(actor, "canteen.manage", { communityId });
  const a = requireActor(actor);
  const o = await q.orderRow(db, communityId, orderId);
  if (!o) throw notFound();
  if (!(await activeTeamMembers(db, communityId)).some((m) => m.userId === volunteerUserId))
    throw invalid(
      "volunteerUserId",
      "只能指派本社区志愿队伍的成员",
      "Assign a member of one of the community's volunteer teams",
    );
  await audited(db, async (trx) => {
    if (!(await q.assignVolunteer(trx, communityId, orderId, volunteerUserId)))
      throw new AppError("CONFLICT", {
        zh: "只有未送达的送餐订单可以指派",
        en: "Only a delivery order not yet delivered can be assigned",
      });
    return {
      result: null,
      audit: {
        actorUserId: a.userId,
        actorRole: primaryRole(reach),
        communityId,
        action: "canteen.delivery.assign",
        targetType: "canteen_order",
        targetId: orderId,
        before: { volunteerUserId: o.volunteer_user_id },
        after: { volunteerUserId },
      },
    };
  });
  return { order: await orderOut(db, communityId, orderId, true) };
}

/** The assigned volunteer (or staff) marks a delivery done; the time is kept. */
export async function markDelivered(db: Db, actor: Actor | null, communityId: number, orderId: number) {
  const a = requireActor(actor);
  const o = await q.orderRow(db, communityId, orderId);
  const staff = isStaff(a, communityId, "canteen.manage");
  if (!o || (!staff && o.volunteer_user_id !== a.userId)) throw notFound();
  if (!(await q.markDelivered(db, communityId, orderId)))
    throw new AppError("ALREADY_DECIDED", {
      zh: "该订单已送达或不是送餐订单",
      en: "Already delivered, or not a delivery",
    });
  return { order: await orderOut(db, communityId, orderId, true) };
}

/** My orders (mine and my household's) and the deliveries assigned to me. */
export async function myCanteen(db: Db, actor: Actor | null) {
  const a = requireActor(actor);
  const communities = a.residencies.filter((r) => r.status === "verified");
  const ids: number[] = [];
  for (const r of communities) {
    ids.push(r.residentId);
    if (r.householdId != null)
      for (const m of await q.householdMembers(db, r.communityId, r.householdId)) ids.push(m.id);
  }
  const orders = communities.length
    ? await q.ordersOfResidents(db, [...new Set(communities.map((r) => r.communityId))], [...new Set(ids)])
    : [];
  const own = orders.filter((o) =>
    communities.some(
      (r) =>
        r.communityId === o.community_id && (r.residentId === o.resident_id || ids.includes(o.resident_id)),
    ),
  );
  const deliveries = await q.deliveriesOf(db, a.userId);
  return {
    orders: own.map((o) => presentOrder(o, true)),
    deliveries: deliveries.map((o) => presentOrder(o, true)),
  };
}

// ---- the monthly subsidy report ----

const monthRange = (month: string) => {
  const [y, m] = month.split("-").map(Number);
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
  return { from: `${month}-01`, to: `${next}-01` };
};

async function report(db: Db, title: string, month: string, communityIds: number[]): Promise<TReport> {
  const { from, to } = monthRange(month);
  const rows = communityIds.length ? await q.monthlySplit(db, communityIds, from, to) : [];
  const out = rows.map((r) => ({
    communityId: r.community_id,
    communityName: r.community_name,
    ruleName: r.rule_name,
    meals: Number(r.meals),
    costFen: Number(r.cost_fen),
    residentFen: Number(r.resident_fen),
    communityFen: Number(r.community_fen),
    discountFen: Number(r.discount_fen),
    subsidyFen: Number(r.subsidy_fen),
  }));
  const total = { meals: 0, costFen: 0, residentFen: 0, communityFen: 0, discountFen: 0, subsidyFen: 0 };
  for (const r of out) for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += r[k];
  return { title, month, rows: out, total };
}

export async function communityReport(db: Db, actor: Actor | null, communityId: number, month: string) {
  authorize(actor, "canteen.read", { communityId });
  const name = await q.communityName(db, communityId);
  if (!name) throw new AppError("NOT_FOUND");
  return report(db, `${name} 幸福食堂 ${month} 助餐补贴月报`, month, [communityId]);
}

export async function streetReport(db: Db, actor: Actor | null, streetId: number, month: string) {
  const a = requireActor(actor);
  const reach = reachOf(a, "canteen.read");
  if (reach.roles.length === 0) throw new AppError("FORBIDDEN");
  const street = await q.streetWithCommunities(db, streetId);
  if (!street) throw new AppError("NOT_FOUND");
  const ids = street.communities.map((c) => c.id);
  const covers =
    reach.all ||
    (ids.length > 0 && ids.every((id) => coversCommunity(reach, id))) ||
    a.grants.some((g) => g.scopeType === "street" && g.scopeId === street.id && g.role === "street_official");
  if (!covers) throw new AppError("OUT_OF_SCOPE");
  return report(db, `${street.name} 幸福食堂 ${month} 助餐补贴月报`, month, ids);
}

export type { OrderRow };
