// The points mall (积分商城 / 爱心超市, DOMAIN S4, issue 14): goods and services donated by units, merchants
// and people (each donation recorded with its value in fen, adding stock), exchanged by verified residents
// for points. An exchange moves the price from the resident's points account to the community's mall
// account on the ledger and takes one from the stock in ONE transaction: the stock by a conditional UPDATE
// (stock > 0), the points by the ledger's no-overdraft check, the per-person limit counted under the
// resident's lock — so nothing is oversold or double-spent whatever the concurrency, and a refusal changes
// nothing. It gives a 6-digit pickup code unique among the community's open codes. The merchant (its
// organisation's representative) or community staff enter the code at pickup (once); an exchange not
// collected in time expires and is refunded by a reversing ledger transaction with its stock returned
// (the mall-expire job, claimed once per exchange). Exchange days (兑换日) are windows when exchange is
// open (none set: always open), announced through the notices module.
import { randomInt } from "node:crypto";
import type { Kysely } from "kysely";
import { authorize, exportingActor, reachOf, requireActor } from "../../../access/authorize.ts";
import { type Actor, coversCommunity } from "../../../access/reach.ts";
import type { Permission } from "../../../access/registry.ts";
import { ROLE_PERMISSIONS } from "../../../access/registry.ts";
import type { DB } from "../../../db/schema.ts";
import { AppError } from "../../../errors.ts";
import { emitEvent, eventForFunction, functionEmitted } from "../../../events/outbox.ts";
import { audited, recordAudit } from "../../core/audit/audit.service.ts";
import { shanghaiDay } from "../../core/calendar/calendar.service.ts";
import {
  attachmentDisposition,
  workbookBytes,
  writeWorkbook,
  XLSX_MIME,
} from "../../core/imports/imports.service.ts";
import {
  accountsOf,
  bookingAroundRef,
  bookingRefusal,
  ensureAccount,
  reverse,
} from "../../core/ledger/ledger.service.ts";
import { publishNotice } from "../../deliberation/notices/notices.service.ts";
import { residentPointsCode } from "../points/points.service.ts";
import { mallExchanged, mallExchangeExpired } from "./mall.events.ts";
import { presentItem, presentMyExchange, presentStaffExchange, presentWindow } from "./mall.present.ts";
import * as q from "./mall.queries.ts";
import type { TNewDonation, TNewMallItem, TNewWindow, TPatchMallItem } from "./mall.schema.ts";
import type { MallLimitPeriod } from "./mall.tables.ts";

type Db = Kysely<DB>;

export const mallAccountCode = "points:mall";
const SHANGHAI_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

const notFound = (zh: string, en: string) => new AppError("NOT_FOUND", { zh, en });
const invalid = (field: string, zh: string, en: string) =>
  new AppError("VALIDATION", { zh, en, details: [{ field, message: en }] });

async function requireCommunity(db: Db, communityId: number) {
  const name = await q.communityName(db, communityId);
  if (name == null) throw notFound("社区不存在", "Community not found");
  return name;
}

/** Where the per-person limit's period began for an exchange at `t` (Asia/Shanghai); null: ever. */
export function limitPeriodStart(period: MallLimitPeriod, t = new Date()): Date | null {
  if (period === "ever") return null;
  const local = new Date(t.getTime() + SHANGHAI_MS);
  const y = local.getUTCFullYear();
  const m = period === "year" ? 0 : local.getUTCMonth();
  const d = period === "day" ? local.getUTCDate() : 1;
  return new Date(Date.UTC(y, m, d) - SHANGHAI_MS);
}

// ---------------------------------------------------------------------------------------------
// who manages what: community staff everything; a unit's representative the items of its organisation

interface StaffScope {
  userId: number;
  role: string | null;
  /** null: the whole community; else the organisations whose items the caller handles */
  orgIds: number[] | null;
}

function staffScope(actor: Actor | null, permission: Permission, communityId: number): StaffScope {
  const a = requireActor(actor);
  const reach = reachOf(a, permission);
  if (reach.roles.length === 0) throw new AppError("FORBIDDEN");
  if (coversCommunity(reach, communityId))
    return { userId: a.userId, role: reach.roles[0] ?? null, orgIds: null };
  const orgIds = a.grants
    .filter(
      (g) =>
        g.scopeType === "organisation" && g.scopeId != null && ROLE_PERMISSIONS[g.role]?.includes(permission),
    )
    .map((g) => g.scopeId!);
  if (orgIds.length === 0) throw new AppError("OUT_OF_SCOPE");
  return { userId: a.userId, role: "unit_representative", orgIds };
}

function requireItemInScope(scope: StaffScope, item: { org_id: number | null }) {
  if (scope.orgIds === null) return;
  if (item.org_id == null || !scope.orgIds.includes(item.org_id))
    throw new AppError("OUT_OF_SCOPE", {
      zh: "这件商品不属于您的单位",
      en: "This item belongs to another organisation",
    });
}

async function itemIn(db: Db, communityId: number, itemId: number) {
  const item = await q.findItem(db, communityId, itemId);
  if (!item) throw notFound("没有这件商品", "No such item");
  return item;
}

// ---------------------------------------------------------------------------------------------
// accounts

async function mallAccount(db: Db, communityId: number) {
  return ensureAccount(db, {
    communityId,
    code: mallAccountCode,
    nameZh: "积分商城兑换",
    nameEn: "Points mall: exchanged",
    unit: "point",
    allowNegative: false,
    ownerKind: "community",
    ownerId: communityId,
  });
}

async function balanceOf(db: Db, communityId: number, residentId: number) {
  const found = await accountsOf(db, communityId, "resident", residentId);
  return found.find((acc) => acc.code === residentPointsCode(residentId))?.balance ?? 0;
}

function verifiedResidency(actor: Actor, communityId: number) {
  return actor.residencies.find((r) => r.communityId === communityId && r.status === "verified") ?? null;
}

// ---------------------------------------------------------------------------------------------
// exchange days

type WindowRow = Parameters<typeof presentWindow>[0];

/** Exchange is open when the community has no exchange days, or inside the one open now (`next`). */
function stateOf(hasWindows: boolean, next: WindowRow | null, now: Date) {
  const open = !hasWindows || (next != null && next.opens_at.getTime() <= now.getTime());
  return { open, nextWindow: next ? presentWindow(next) : null };
}

async function windowState(db: Db, communityId: number, now = new Date()) {
  const [count, next] = await Promise.all([
    q.windowCount(db, communityId),
    q.currentOrNextWindow(db, communityId, now),
  ]);
  return stateOf(count > 0, next ?? null, now);
}

export async function listWindows(db: Db, actor: Actor | null, communityId: number) {
  await requireCommunity(db, communityId);
  staffScope(actor, "mall.read", communityId);
  return { items: (await q.listWindows(db, communityId)).map(presentWindow) };
}

/** An exchange day (community staff), announced to the community's residents as a notice; audited. */
export async function createWindow(db: Db, actor: Actor | null, communityId: number, input: TNewWindow) {
  await requireCommunity(db, communityId);
  const a = requireActor(actor);
  const reach = authorize(actor, "mall.manage", { communityId });
  const w = await audited(db, async (trx) => {
    const row = await q.insertWindow(trx, {
      community_id: communityId,
      title: input.title,
      opens_at: input.opensAt,
      closes_at: input.closesAt,
      created_by: a.userId,
    });
    let noticeId: number | null = null;
    if (input.announce) {
      const fmt = (d: Date) =>
        new Date(d.getTime() + SHANGHAI_MS).toISOString().slice(0, 16).replace("T", " ");
      ({ id: noticeId } = await publishNotice(trx, {
        communityId,
        kind: "announcement",
        title: input.title,
        body: `积分商城兑换日：${fmt(input.opensAt)} 至 ${fmt(input.closesAt)}（北京时间）。届时可在“积分商城”用积分兑换爱心物品，凭取货码领取。`,
        visibility: "residents",
        publishTo: input.closesAt,
        subject: { kind: "mall_window", id: row.id },
        byUserId: a.userId,
      }));
      await q.setWindowNotice(trx, communityId, row.id, noticeId);
    }
    return {
      result: { ...row, notice_id: noticeId },
      audit: {
        actorUserId: a.userId,
        actorRole: reach.roles[0] ?? null,
        communityId,
        action: "mall.window_created",
        targetType: "mall_window",
        targetId: row.id,
        after: { title: input.title, opensAt: input.opensAt, closesAt: input.closesAt, noticeId },
      },
    };
  });
  return presentWindow(w);
}

// ---------------------------------------------------------------------------------------------
// items and donations

/** The shop as a resident sees it: active items with price and stock, whether exchange is open, my balance. */
export async function shop(db: Db, actor: Actor | null, communityId: number) {
  await requireCommunity(db, communityId);
  const a = requireActor(actor);
  const mine = verifiedResidency(a, communityId);
  if (!mine) staffScope(actor, "mall.read", communityId);
  const [items, state, balance] = await Promise.all([
    q.listItems(db, communityId, { status: "active" }),
    windowState(db, communityId),
    mine ? balanceOf(db, communityId, mine.residentId) : Promise.resolve(null),
  ]);
  return { items: items.map(presentItem), ...state, balance };
}

export async function listItems(
  db: Db,
  actor: Actor | null,
  communityId: number,
  f: {
    q?: string | undefined;
    status?: "active" | "withdrawn" | undefined;
    kind?: "goods" | "service" | undefined;
    orgId?: number | undefined;
  },
) {
  await requireCommunity(db, communityId);
  const scope = staffScope(actor, "mall.read", communityId);
  const orgIds = scope.orgIds
    ? f.orgId
      ? scope.orgIds.filter((o) => o === f.orgId)
      : scope.orgIds
    : f.orgId
      ? [f.orgId]
      : undefined;
  const rows = await q.listItems(db, communityId, {
    ...(f.q ? { q: f.q } : {}),
    ...(f.status ? { status: f.status } : {}),
    ...(f.kind ? { kind: f.kind } : {}),
    ...(orgIds ? { orgIds } : {}),
  });
  return { items: rows.map(presentItem) };
}

const EXPORT_COLUMNS = [
  { header: "编号", width: 8 },
  { header: "名称", width: 24 },
  { header: "类别", width: 8 },
  { header: "管理单位", width: 24 },
  { header: "积分", width: 8 },
  { header: "单价（元）", width: 10 },
  { header: "库存", width: 8 },
  { header: "领取地点", width: 24 },
  { header: "状态", width: 8 },
];

/** The items list as Excel with its filters (roles holding data.export and mall.read); audited. */
export async function exportItems(
  db: Db,
  actor: Actor | null,
  communityId: number,
  f: {
    q?: string | undefined;
    status?: "active" | "withdrawn" | undefined;
    kind?: "goods" | "service" | undefined;
    orgId?: number | undefined;
  },
) {
  const name = await requireCommunity(db, communityId);
  const a = requireActor(actor);
  const exporter = exportingActor(a);
  const scope = staffScope(exporter, "mall.read", communityId);
  const { items } = await listItems(db, exporter, communityId, f);
  await recordAudit(db, {
    actorUserId: a.userId,
    actorRole: scope.role,
    communityId,
    action: "data.export",
    targetType: "mall_items",
    targetId: "xlsx",
    after: { format: "xlsx", filters: f, rows: items.length, scope: scope.orgIds ?? "community" },
  });
  const body = await workbookBytes((sink) =>
    writeWorkbook(
      { name: "积分商城商品", columns: EXPORT_COLUMNS },
      items.map((i) => [
        i.id,
        i.name,
        i.kind === "goods" ? "物品" : "服务",
        i.orgName ?? "社区",
        i.pricePoints,
        i.unitValueFen / 100,
        i.stock,
        i.pickupPlace,
        i.status === "active" ? "在售" : "已下架",
      ]),
      sink,
    ),
  );
  const stamp = shanghaiDay(new Date());
  return {
    contentType: XLSX_MIME,
    disposition: attachmentDisposition(
      `mall-items-${communityId}-${stamp}.xlsx`,
      `积分商城商品-${name}-${stamp}.xlsx`,
    ),
    rows: items.length,
    body,
  };
}

/** A new item (stock 0 until a donation adds some); a unit's representative only for its own organisation. Audited. */
export async function createItem(db: Db, actor: Actor | null, communityId: number, input: TNewMallItem) {
  await requireCommunity(db, communityId);
  const scope = staffScope(actor, "mall.manage", communityId);
  if (scope.orgIds && (input.orgId == null || !scope.orgIds.includes(input.orgId)))
    throw new AppError("OUT_OF_SCOPE", {
      zh: "只能为本单位登记商品",
      en: "You may list items only for your own organisation",
    });
  if (input.orgId != null && !(await q.organisation(db, input.orgId)))
    throw invalid("orgId", "没有这个单位", "No such organisation");
  const id = await audited(db, async (trx) => {
    const { id } = await q.insertItem(trx, {
      community_id: communityId,
      kind: input.kind,
      name: input.name,
      description: input.description,
      org_id: input.orgId,
      price_points: input.pricePoints,
      unit_value_fen: input.unitValueFen,
      pickup_place: input.pickupPlace,
      limit_count: input.limitCount,
      limit_period: input.limitPeriod,
      expiry_days: input.expiryDays,
      photo_file_id: null,
      created_by: scope.userId,
    });
    return {
      result: id,
      audit: {
        actorUserId: scope.userId,
        actorRole: scope.role,
        communityId,
        action: "mall.item_created",
        targetType: "mall_item",
        targetId: id,
        after: { name: input.name, orgId: input.orgId, pricePoints: input.pricePoints },
      },
    };
  });
  return presentItem((await q.findItem(db, communityId, id))!);
}

export async function updateItem(
  db: Db,
  actor: Actor | null,
  communityId: number,
  itemId: number,
  input: TPatchMallItem,
) {
  await requireCommunity(db, communityId);
  const scope = staffScope(actor, "mall.manage", communityId);
  const before = await itemIn(db, communityId, itemId);
  requireItemInScope(scope, before);
  await audited(db, async (trx) => {
    await q.updateItem(trx, communityId, itemId, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.pricePoints !== undefined ? { price_points: input.pricePoints } : {}),
      ...(input.pickupPlace !== undefined ? { pickup_place: input.pickupPlace } : {}),
      ...(input.expiryDays !== undefined ? { expiry_days: input.expiryDays } : {}),
      ...(input.status !== undefined ? { status: input.status } : {}),
    });
    return {
      result: null,
      audit: {
        actorUserId: scope.userId,
        actorRole: scope.role,
        communityId,
        action: "mall.item_updated",
        targetType: "mall_item",
        targetId: itemId,
        before: { name: before.name, pricePoints: before.price_points, status: before.status },
        after: input,
      },
    };
  });
  return presentItem((await q.findItem(db, communityId, itemId))!);
}

/** A donation to an item: recorded with its value in fen, adding its quantity to the stock. Audited. */
export async function addDonation(
  db: Db,
  actor: Actor | null,
  communityId: number,
  itemId: number,
  input: TNewDonation,
) {
  await requireCommunity(db, communityId);
  const scope = staffScope(actor, "mall.manage", communityId);
  const item = await itemIn(db, communityId, itemId);
  requireItemInScope(scope, item);
  if (input.donorOrgId != null && !(await q.organisation(db, input.donorOrgId)))
    throw invalid("donorOrgId", "没有这个单位", "No such organisation");
  const id = await audited(db, async (trx) => {
    const { id } = await q.insertDonation(trx, {
      community_id: communityId,
      item_id: itemId,
      donor_kind: input.donorKind,
      donor_org_id: input.donorOrgId,
      donor_name: input.donorName,
      quantity: input.quantity,
      value_fen: input.valueFen,
      note: input.note,
      recorded_by: scope.userId,
    });
    await q.addStock(trx, communityId, itemId, input.quantity);
    return {
      result: id,
      audit: {
        actorUserId: scope.userId,
        actorRole: scope.role,
        communityId,
        action: "mall.donation_recorded",
        targetType: "mall_item",
        targetId: itemId,
        after: { donationId: id, donor: input.donorName, quantity: input.quantity, valueFen: input.valueFen },
      },
    };
  });
  return { id, item: presentItem((await q.findItem(db, communityId, itemId))!) };
}

export async function listDonations(db: Db, actor: Actor | null, communityId: number) {
  await requireCommunity(db, communityId);
  const scope = staffScope(actor, "mall.read", communityId);
  const rows = await q.listDonations(db, communityId, scope.orgIds);
  const items = rows.map((d) => ({
    id: d.id,
    itemId: d.item_id,
    itemName: d.item_name,
    donorKind: d.donor_kind,
    donorOrgId: d.donor_org_id,
    donorName: d.donor_name,
    quantity: d.quantity,
    valueFen: Number(d.value_fen),
    note: d.note,
    donatedAt: d.donated_at,
  }));
  return { items, totalValueFen: items.reduce((s, d) => s + d.valueFen, 0) };
}

// ---------------------------------------------------------------------------------------------
// exchange

function newCode() {
  return String(randomInt(0, 1_000_000)).padStart(6, "0");
}
/** fresh codes sent with an exchange: the first one not open in the community is its pickup code */
const CODE_TRIES = 50;

/**
 * A verified resident exchanges points for one of an item, in two statements (migration 51). First one
 * read of everything the checks need (the community, a retry, the item, the exchange days, both accounts
 * with the balance): a retry answers the first exchange, and a refusal there (no such item, withdrawn,
 * closed, sold out as read, too few points) opens no transaction. Then ONE statement, `mall_exchange`, is
 * the transaction: the resident's lock, the retry check again, the per-person limit, one taken from the
 * stock (conditional UPDATE), the exchange stored under a fresh open code, its outbox event and LAST the
 * points moved to the mall account by `ledger_book` (the ledger refuses an overdraft): the community's
 * bookings queue on the ledger's lock until commit, so the booking ends the statement. Any refusal rolls
 * all of it back. It answers the balance after the booking.
 */
export async function exchange(
  db: Db,
  actor: Actor | null,
  communityId: number,
  input: { itemId: number; idempotencyKey: string },
  now = new Date(),
) {
  const a = requireActor(actor);
  const mine = verifiedResidency(a, communityId);
  if (!mine) {
    await requireCommunity(db, communityId);
    throw new AppError("FORBIDDEN", {
      zh: "只有本社区已认证的居民可以兑换",
      en: "Only verified residents of this community may exchange",
    });
  }
  const residentId = mine.residentId;
  const key = `${residentId}:${input.idempotencyKey}`;
  const replay = async (id: number) => ({
    ...(await presentMyExchange((await q.exchangeById(db, communityId, id))!)),
    replayed: true,
    balance: await balanceOf(db, communityId, residentId),
  });
  const ctx = await q.exchangeContext(db, {
    communityId,
    residentId,
    itemId: input.itemId,
    key,
    residentCode: residentPointsCode(residentId),
    mallCode: mallAccountCode,
    now,
  });
  if (!ctx) throw notFound("社区不存在", "Community not found");
  if (ctx.prior_id != null) return replay(ctx.prior_id);
  if (ctx.item_id == null) throw notFound("没有这件商品", "No such item");
  const item = {
    id: ctx.item_id,
    name: ctx.item_name!,
    status: ctx.item_status!,
    stock: ctx.stock!,
    price_points: ctx.price_points!,
    unit_value_fen: ctx.unit_value_fen!,
    pickup_place: ctx.pickup_place!,
    org_id: ctx.org_id,
    limit_count: ctx.limit_count,
    limit_period: ctx.limit_period,
    expiry_days: ctx.expiry_days!,
  };
  if (item.status !== "active")
    throw new AppError("MALL_SOLD_OUT", { zh: "这一件已下架", en: "This item is no longer offered" });
  const state = stateOf(
    ctx.has_windows,
    ctx.window_id == null
      ? null
      : {
          id: ctx.window_id,
          title: ctx.window_title!,
          opens_at: ctx.window_opens_at!,
          closes_at: ctx.window_closes_at!,
          notice_id: ctx.window_notice_id,
        },
    now,
  );
  if (!state.open) throw new AppError("MALL_CLOSED", { details: { nextWindow: state.nextWindow } });
  // sold out as read: refused without a transaction (the conditional UPDATE decides otherwise)
  if (item.stock <= 0) throw new AppError("MALL_SOLD_OUT");
  const short = (balance: number) =>
    new AppError("MALL_POINTS_SHORT", {
      zh: `积分不足：兑换“${item.name}”需要 ${item.price_points} 分，您现有 ${balance} 分`,
      en: `Not enough points: "${item.name}" needs ${item.price_points}, you have ${balance}`,
      details: { balance, price: item.price_points },
    });
  // the accounts as they are: a resident without a points account has none (the price is at least 1)
  const balance = Number(ctx.from_balance ?? 0);
  if (ctx.from_account == null || balance < item.price_points) throw short(balance);
  const fromAccount = ctx.from_account;
  // the community's mall account, opened by its first exchange (an empty account, kept if that one is refused)
  const toAccount = ctx.to_account ?? (await mallAccount(db, communityId)).id;
  const booking = bookingAroundRef({
    communityId,
    keyParts: [`mall:exchange:${key}`],
    kind: "points.exchange",
    memoParts: [`兑换 ${item.name}`],
    postings: [
      { accountId: fromAccount, amount: -item.price_points },
      { accountId: toAccount, amount: item.price_points },
    ],
    actorUserId: a.userId,
    refKind: "mall_exchange",
  });
  let done: Awaited<ReturnType<typeof q.exchangeInOne>>;
  try {
    done = await q.exchangeInOne(db, {
      communityId,
      residentId,
      itemId: item.id,
      key,
      userId: a.userId,
      points: item.price_points,
      valueFen: item.unit_value_fen,
      expiresAt: new Date(now.getTime() + item.expiry_days * DAY_MS),
      codes: Array.from({ length: CODE_TRIES }, newCode),
      limitCount: item.limit_period != null ? item.limit_count : null,
      limitFrom: item.limit_period != null ? limitPeriodStart(item.limit_period, now) : null,
      event: eventForFunction(mallExchanged, { itemId: item.id }),
      fromAccount,
      booking,
    });
  } catch (e) {
    const refusal = q.exchangeRefusal(e);
    if (refusal?.kind === "sold_out") throw new AppError("MALL_SOLD_OUT");
    if (refusal?.kind === "limit" && item.limit_period != null) {
      const had = refusal.had;
      throw new AppError("MALL_LIMIT", {
        zh: `“${item.name}”每人${{ day: "每天", month: "每月", year: "每年", ever: "" }[item.limit_period]}限兑 ${item.limit_count} 件，您已兑 ${had} 件`,
        en: `"${item.name}" is limited to ${item.limit_count} per person${item.limit_period === "ever" ? "" : ` per ${item.limit_period}`}; you have ${had}`,
        details: { had, limit: item.limit_count },
      });
    }
    if (refusal?.kind === "no_code")
      throw new AppError("TOO_MANY", {
        zh: "取货码暂时用尽，请稍后再试",
        en: "No pickup code free now, try again later",
      });
    const ledger = bookingRefusal(e);
    if (ledger?.code === "LEDGER_INSUFFICIENT") throw short(balance);
    throw ledger ?? e;
  }
  if (done.x_replayed) return replay(done.x_id);
  functionEmitted(communityId);
  // the answer from the rows at hand: the exchange as inserted, the item as read, the balance after
  return {
    ...(await presentMyExchange({
      id: done.x_id,
      community_id: communityId,
      item_id: item.id,
      item_name: item.name,
      pickup_place: item.pickup_place,
      points: item.price_points,
      code: done.x_code!,
      status: done.x_status!,
      created_at: done.x_created_at!,
      expires_at: done.x_expires_at!,
      collected_at: null,
    })),
    replayed: false,
    balance: Number(done.x_balance),
  };
}

/** My exchanges in every community I live in, newest first, with their codes. */
export async function myExchanges(db: Db, actor: Actor | null) {
  const a = requireActor(actor);
  const rows = await q.exchangesOfResidents(
    db,
    a.residencies
      .filter((r) => r.status === "verified")
      .map((r) => ({ communityId: r.communityId, residentId: r.residentId })),
  );
  return { items: await Promise.all(rows.map(presentMyExchange)) };
}

export async function listExchanges(
  db: Db,
  actor: Actor | null,
  communityId: number,
  f: {
    status?: "open" | "collected" | "expired" | undefined;
    itemId?: number | undefined;
    before?: number | undefined;
    limit: number;
  },
) {
  await requireCommunity(db, communityId);
  const scope = staffScope(actor, "mall.redeem", communityId);
  const rows = await q.listExchanges(db, communityId, scope.orgIds, {
    ...(f.status ? { status: f.status } : {}),
    ...(f.itemId ? { itemId: f.itemId } : {}),
    ...(f.before ? { before: f.before } : {}),
    limit: f.limit + 1,
  });
  const page = rows.slice(0, f.limit);
  return {
    items: page.map(presentStaffExchange),
    nextBefore: rows.length > f.limit ? page[page.length - 1]!.id : null,
  };
}

/** Pickup: the code entered or scanned by the item's merchant or community staff → collected, once. Audited. */
export async function pickup(
  db: Db,
  actor: Actor | null,
  communityId: number,
  code: string,
  now = new Date(),
) {
  await requireCommunity(db, communityId);
  const scope = staffScope(actor, "mall.redeem", communityId);
  const x = await q.exchangeByCode(db, communityId, code);
  if (!x) throw notFound("没有这个取货码", "No such pickup code");
  requireItemInScope(scope, x);
  if (x.status === "collected") throw new AppError("MALL_CODE_USED");
  if (x.status === "expired" || x.expires_at.getTime() <= now.getTime())
    throw notFound("这个取货码已过期，积分已退还", "This pickup code has expired and was refunded");
  await audited(db, async (trx) => {
    const done = await q.markCollected(trx, communityId, x.id, scope.userId);
    if (!done) throw new AppError("MALL_CODE_USED");
    return {
      result: null,
      audit: {
        actorUserId: scope.userId,
        actorRole: scope.role,
        communityId,
        action: "mall.collected",
        targetType: "mall_exchange",
        targetId: x.id,
        after: { itemId: x.item_id },
      },
    };
  });
  return presentStaffExchange((await q.exchangeById(db, communityId, x.id))!);
}

/**
 * Expires the open exchanges past their time: each claimed once (open → expired), its ledger transaction
 * reversed and its stock returned in the same transaction. Returns how many.
 */
export async function expireExchanges(db: Db, now = new Date()) {
  let expired = 0;
  for (;;) {
    const due = await q.dueExchanges(db, now, 200);
    for (const d of due) {
      const done = await db.transaction().execute(async (trx) => {
        const x = await q.claimExpired(trx, d.community_id, d.id, now);
        if (!x) return false;
        // exchanges since migration 41 are named by their booking instead of naming it
        const booking = x.ledger_transaction_id ?? (await q.bookingOfExchange(trx, d.community_id, d.id));
        if (booking == null) throw new Error(`mall: exchange ${d.id} has no booking`);
        const r = await reverse(trx, {
          communityId: d.community_id,
          transactionId: Number(booking),
          idempotencyKey: `mall:expire:${d.community_id}:${d.id}`,
          memo: "兑换逾期未领取，退还积分",
          actorUserId: null,
        });
        await q.setRefund(trx, d.community_id, d.id, r.transactionId);
        await q.addStock(trx, d.community_id, x.item_id, 1);
        await emitEvent(trx, mallExchangeExpired, {
          communityId: d.community_id,
          aggregateId: d.id,
          payload: { itemId: x.item_id },
        });
        return true;
      });
      if (done) expired++;
    }
    if (due.length < 200) break;
  }
  return { expired };
}

// ---------------------------------------------------------------------------------------------
// figures (T5): for the public board

/** Points redeemed and goods value exchanged (fen) per community and month (Asia/Shanghai), expired ones excluded. */
export async function mallFigures(db: Db, communityIds: number[], from: Date, to: Date) {
  const rows = await q.monthlyFigures(db, communityIds, from, to);
  return rows.map((r) => ({
    communityId: r.community_id,
    month: r.month,
    exchanges: Number(r.exchanges),
    pointsRedeemed: Number(r.points ?? 0),
    valueFen: Number(r.value_fen ?? 0),
  }));
}
