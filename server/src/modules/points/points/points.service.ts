// Points (积分制, DOMAIN S1–S5; LAW.md §7.1): a community's scoring standard, adopted by the residents
// through a survey or a topic's resolution that exists (the standard records which) and versioned; awards
// and deductions by authorised staff with evidence, each checked against the item's cap for its month or
// year and booked as one ledger transaction (unit: point) between the community's points source and the
// resident's account — so a balance is the sum of its entries, never negative, and a retried award with
// the same key awards once; a resident's points and their household's; the honour board (红榜) of a
// month with masked names; and the year-end rule (expire or carry over), one ledger transaction per
// community, run by a job.
import type { Kysely } from "kysely";
import { authorize, authorizeWithin, exportingActor, requireActor } from "../../../access/authorize.ts";
import type { Actor } from "../../../access/reach.ts";
import type { DB } from "../../../db/schema.ts";
import { AppError } from "../../../errors.ts";
import { emitEvent } from "../../../events/outbox.ts";
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
  accountsOfCommunity,
  ensureAccount,
  post,
  statement,
} from "../../core/ledger/ledger.service.ts";
import { scopeIdsOf } from "../../core/places/places.service.ts";
import { maskName } from "../../core/privacy/pii.present.ts";
import { pointsAwarded } from "./points.events.ts";
import * as q from "./points.queries.ts";
import type { TAward, TCreateStandard } from "./points.schema.ts";

type Db = Kysely<DB>;

const invalid = (field: string, zh: string, en: string) =>
  new AppError("VALIDATION", { zh, en, details: [{ field, message: en }] });
const notFound = (zh: string, en: string) => new AppError("NOT_FOUND", { zh, en });

export const pointsSourceCode = "points:source";
export const residentPointsCode = (residentId: number) => `points:resident:${residentId}`;

async function requireCommunity(db: Db, communityId: number) {
  const name = await q.communityName(db, communityId);
  if (name == null) throw notFound("社区不存在", "Community not found");
  return name;
}

// ---------------------------------------------------------------------------------------------
// periods (Asia/Shanghai, UTC+8 all year)

const SHANGHAI_MS = 8 * 3600_000;

/** The first instant of the month (YYYY-MM) in Shanghai, and of the next month. */
export function monthBounds(month: string): { from: Date; to: Date } {
  const [y, m] = month.split("-").map(Number) as [number, number];
  if (!(y >= 2000 && y <= 2200 && m >= 1 && m <= 12)) throw invalid("month", "月份不正确", "Not a month");
  const from = new Date(Date.UTC(y, m - 1, 1) - SHANGHAI_MS);
  const to = new Date(Date.UTC(m === 12 ? y + 1 : y, m === 12 ? 0 : m, 1) - SHANGHAI_MS);
  return { from, to };
}

/** This month in Shanghai, YYYY-MM. */
export function shanghaiMonth(t = new Date()): string {
  return new Date(t.getTime() + SHANGHAI_MS).toISOString().slice(0, 7);
}

/** Where the cap's period began for an award at `t`: the month's or the year's first instant in Shanghai. */
export function periodStart(period: "month" | "year", t = new Date()): Date {
  const local = new Date(t.getTime() + SHANGHAI_MS);
  const y = local.getUTCFullYear();
  const m = period === "month" ? local.getUTCMonth() : 0;
  return new Date(Date.UTC(y, m, 1) - SHANGHAI_MS);
}

// ---------------------------------------------------------------------------------------------
// the standard

function presentItem(i: q.ItemRow) {
  return {
    id: i.id,
    code: i.code,
    nameZh: i.name_zh,
    nameEn: i.name_en,
    category: i.category,
    points: i.points,
    capPoints: i.cap_points,
    capPeriod: i.cap_period,
    evidenceRequired: i.evidence_required,
    awarderRoles: i.awarder_roles,
    source: i.source,
  };
}

async function adoptedTitle(db: Db, communityId: number, kind: "survey" | "topic", id: number) {
  return kind === "survey" ? q.surveyTitle(db, communityId, id) : q.topicTitle(db, communityId, id);
}

async function presentStandard(db: Db, s: q.StandardRow) {
  const [items, title] = await Promise.all([
    q.itemsOf(db, s.community_id, s.id),
    adoptedTitle(db, s.community_id, s.adopted_via_kind, s.adopted_via_id),
  ]);
  return {
    id: s.id,
    version: s.version,
    adoptedVia: { kind: s.adopted_via_kind, id: s.adopted_via_id, title },
    adoptedOn: s.adopted_on,
    yearEndRule: s.year_end_rule,
    note: s.note,
    createdAt: s.created_at,
    items: items.map(presentItem),
  };
}

/** The community's current scoring standard (public: it is the residents' own rule). */
export async function currentStandard(db: Db, communityId: number) {
  await requireCommunity(db, communityId);
  const s = await q.latestStandard(db, communityId);
  return { standard: s ? await presentStandard(db, s) : null };
}

/**
 * A new version of the standard (community staff), naming the survey or topic through which the
 * residents adopted it; earlier awards keep the items they were made under. Audited.
 */
export async function createStandard(
  db: Db,
  actor: Actor | null,
  communityId: number,
  input: TCreateStandard,
) {
  await requireCommunity(db, communityId);
  const reach = authorize(actor, "points.manage", { communityId });
  const a = requireActor(actor);
  const title = await adoptedTitle(db, communityId, input.adoptedVia.kind, input.adoptedVia.id);
  if (title == null)
    throw invalid(
      "adoptedVia",
      input.adoptedVia.kind === "survey" ? "这个社区没有该调研问卷" : "这个社区没有该议题",
      input.adoptedVia.kind === "survey"
        ? "There is no such survey in this community"
        : "There is no such topic in this community",
    );
  const saved = await audited(db, async (trx) => {
    const prev = await q.latestStandard(trx, communityId);
    const s = await q.insertStandard(trx, {
      community_id: communityId,
      version: (prev?.version ?? 0) + 1,
      adopted_via_kind: input.adoptedVia.kind,
      adopted_via_id: input.adoptedVia.id,
      adopted_on: input.adoptedOn,
      year_end_rule: input.yearEndRule,
      note: input.note,
      created_by: a.userId,
    });
    await q.insertItems(
      trx,
      input.items.map((i) => ({
        community_id: communityId,
        standard_id: s.id,
        code: i.code,
        name_zh: i.nameZh,
        name_en: i.nameEn,
        category: i.category,
        points: i.points,
        cap_points: i.capPoints,
        cap_period: i.capPeriod,
        evidence_required: i.evidenceRequired,
        awarder_roles: i.awarderRoles,
        source: i.source,
      })),
    );
    return {
      result: s,
      audit: {
        actorUserId: a.userId,
        actorRole: reach.roles[0] ?? null,
        communityId,
        action: "points.standard_adopted",
        targetType: "points_standard",
        targetId: s.id,
        after: { version: s.version, adoptedVia: input.adoptedVia, items: input.items.length },
      },
    };
  });
  return presentStandard(db, saved);
}

// ---------------------------------------------------------------------------------------------
// awards

function address(r: { building_name: string | null; room: string | null }) {
  return r.building_name ? `${r.building_name}${r.room ? ` ${r.room}` : ""}` : null;
}

function presentAward(r: q.AwardRow, locale: "zh-CN" | "en") {
  return {
    id: r.id,
    residentId: r.resident_id,
    residentName: r.resident_name,
    address: address(r),
    itemId: r.item_id,
    itemName: locale === "en" ? r.name_en : r.name_zh,
    points: r.points,
    evidence: r.evidence,
    awardedBy: r.awarded_by_name,
    awardedAt: r.awarded_at,
  };
}

/** The resident's points account, opened on first use (in the caller's transaction). */
async function residentAccount(db: Db, communityId: number, residentId: number) {
  return ensureAccount(db, {
    communityId,
    code: residentPointsCode(residentId),
    nameZh: `居民积分 #${residentId}`,
    nameEn: `Resident #${residentId}: points`,
    unit: "point",
    allowNegative: false,
    ownerKind: "resident",
    ownerId: residentId,
  });
}

async function sourceAccount(db: Db, communityId: number) {
  return ensureAccount(db, {
    communityId,
    code: pointsSourceCode,
    nameZh: "社区积分发放",
    nameEn: "Community points issued",
    unit: "point",
    allowNegative: true,
    ownerKind: "community",
    ownerId: communityId,
  });
}

/**
 * Awards (or, for a negative item, deducts) an item's points to residents at once. The awarder must reach
 * each resident's household (a grid worker: inside their grids) and hold one of the item's roles when it
 * names some; evidence is required where the item says so. Each resident's award is checked against the
 * item's cap for its period under that resident's lock and booked on the ledger; the whole batch is one
 * transaction (one refusal refuses all). A retried request with the same key awards nothing again.
 */
export async function awardPoints(db: Db, actor: Actor | null, communityId: number, input: TAward) {
  await requireCommunity(db, communityId);
  const a = requireActor(actor);
  const reach = authorizeWithin(actor, "points.award", communityId);
  const standard = await q.latestStandard(db, communityId);
  const item = await q.findItem(db, communityId, input.itemId);
  if (!standard || !item || item.standard_id !== standard.id)
    throw invalid("itemId", "当前积分标准里没有这一项", "The current points standard has no such item");
  if (item.source !== "manual")
    throw invalid(
      "itemId",
      "这一项由系统自动计分，不能手工发放",
      "This item is earned by itself, not awarded by hand",
    );
  if (item.awarder_roles.length > 0 && !reach.roles.some((r) => item.awarder_roles.includes(r)))
    throw new AppError("FORBIDDEN", {
      zh: "积分标准规定这一项由其他岗位发放",
      en: "The standard says other roles award this item",
    });
  if (item.evidence_required && input.evidence.length < 2)
    throw invalid(
      "evidence",
      "这一项需要写明依据（如签到表、照片编号）",
      "This item needs its evidence stated",
    );

  const residents = await q.residentsWithPlace(db, communityId, input.residentIds);
  const byId = new Map(residents.map((r) => [r.id, r]));
  for (const id of input.residentIds) {
    const r = byId.get(id);
    if (r?.status !== "verified" || r.household_id == null)
      throw invalid(
        "residentIds",
        `居民 #${id} 不是本社区已认证的住户`,
        `Resident #${id} is not a verified resident here`,
      );
    authorize(actor, "points.award", {
      communityId,
      gridId: r.grid_id,
      estateId: r.estate_id,
      buildingId: r.building_id,
      unitId: r.unit_id,
    });
  }

  const done = await audited(db, async (trx) => {
    const source = await sourceAccount(trx, communityId);
    const ids: number[] = [];
    let replayed = 0;
    for (const residentId of input.residentIds) {
      const key = `${input.idempotencyKey}:${residentId}`;
      await q.lockResident(trx, residentId);
      const existing = await q.awardByKey(trx, communityId, key);
      if (existing) {
        replayed++;
        ids.push(existing.id);
        continue;
      }
      if (item.cap_points != null && item.cap_period != null && item.points > 0) {
        const since = await q.awardedSince(
          trx,
          communityId,
          residentId,
          item.id,
          periodStart(item.cap_period),
        );
        if (since + item.points > item.cap_points) {
          const r = byId.get(residentId)!;
          throw new AppError("POINTS_CAP", {
            zh: `${r.name}本${item.cap_period === "month" ? "月" : "年"}“${item.name_zh}”已得 ${since} 分，上限 ${item.cap_points} 分`,
            en: `${r.name} already has ${since} points for "${item.name_en}" this ${item.cap_period}; the cap is ${item.cap_points}`,
            details: { residentId, since, cap: item.cap_points },
          });
        }
      }
      const account = await residentAccount(trx, communityId, residentId);
      const booked = await post(trx, {
        communityId,
        idempotencyKey: `points:award:${key}`,
        kind: item.points > 0 ? "points.award" : "points.deduction",
        memo: item.name_zh,
        postings: [
          { accountId: account.id, amount: item.points },
          { accountId: source.id, amount: -item.points },
        ],
        actorUserId: a.userId,
        refKind: "points_item",
        refId: item.id,
      });
      const row = await q.insertAward(trx, {
        community_id: communityId,
        item_id: item.id,
        resident_id: residentId,
        points: item.points,
        evidence: input.evidence,
        awarded_by: a.userId,
        ledger_transaction_id: booked.transactionId,
        idempotency_key: key,
      });
      ids.push(row.id);
    }
    if (ids.length > 0)
      await emitEvent(trx, pointsAwarded, {
        communityId,
        aggregateId: ids[0]!,
        actorUserId: a.userId,
        payload: { awardIds: ids },
      });
    return {
      result: { ids, replayed },
      audit: {
        actorUserId: a.userId,
        actorRole: reach.roles[0] ?? null,
        communityId,
        action: item.points > 0 ? "points.awarded" : "points.deducted",
        targetType: "points_item",
        targetId: item.id,
        after: { residentIds: input.residentIds, points: item.points, evidence: input.evidence },
      },
    };
  });
  const rows = await q.awardsByIds(db, communityId, done.ids);
  return { awarded: rows.map((r) => presentAward(r, a.locale)), replayed: done.replayed };
}

/**
 * Points a resident earns by themselves under the community's current standard (an item of source
 * `volunteer_hours` or `meeting_attendance`), called by the `points-earned` consumer inside its
 * transaction. `due` is what the whole earning is worth now (e.g. an attendance's certified minutes at the
 * item's points per hour); what was already booked under `keyPrefix` is subtracted, so a replay books
 * nothing and a correction books the difference. A gain is held to the item's cap for its period (the
 * rest is not earned); a loss never takes the balance below zero (points already spent stay spent).
 * Returns the points booked (0 when there is no such item, or nothing is due).
 */
export async function earnAutomatically(
  trx: Db,
  e: {
    communityId: number;
    source: "volunteer_hours" | "meeting_attendance";
    residentId: number;
    /** points per unit of the item × units (see `perHour`) */
    units: number;
    perHour: boolean;
    keyPrefix: string;
    eventId: number;
    evidence: string;
  },
): Promise<number> {
  const standard = await q.latestStandard(trx, e.communityId);
  if (!standard) return 0;
  const item = (await q.itemsOf(trx, e.communityId, standard.id)).find((i) => i.source === e.source);
  if (!item) return 0;
  await q.lockResident(trx, e.residentId);
  const key = `${e.keyPrefix}e${e.eventId}`;
  if (await q.awardByKey(trx, e.communityId, key)) return 0;
  const due = e.perHour ? Math.floor((e.units * item.points) / 60) : e.units * item.points;
  const earned = await q.earnedUnder(trx, e.communityId, e.residentId, e.keyPrefix);
  let delta = due - earned;
  const account = await residentAccount(trx, e.communityId, e.residentId);
  if (delta > 0 && item.cap_points != null && item.cap_period != null) {
    const since = await q.awardedSince(
      trx,
      e.communityId,
      e.residentId,
      item.id,
      periodStart(item.cap_period),
    );
    delta = Math.min(delta, Math.max(0, item.cap_points - since));
  }
  if (delta < 0) delta = -Math.min(-delta, account.balance);
  if (delta === 0) return 0;
  const source = await sourceAccount(trx, e.communityId);
  const booked = await post(trx, {
    communityId: e.communityId,
    idempotencyKey: `points:award:${key}`,
    kind: delta > 0 ? "points.award" : "points.deduction",
    memo: item.name_zh,
    postings: [
      { accountId: account.id, amount: delta },
      { accountId: source.id, amount: -delta },
    ],
    actorUserId: null,
    refKind: "points_item",
    refId: item.id,
  });
  const row = await q.insertAward(trx, {
    community_id: e.communityId,
    item_id: item.id,
    resident_id: e.residentId,
    points: delta,
    evidence: e.evidence,
    awarded_by: null,
    ledger_transaction_id: booked.transactionId,
    idempotency_key: key,
  });
  await emitEvent(trx, pointsAwarded, {
    communityId: e.communityId,
    aggregateId: row.id,
    payload: { awardIds: [row.id] },
  });
  return delta;
}

/** The verified resident a person is in a community, or null (someone who lives elsewhere earns no points here). */
export const verifiedResidentOfUser = (db: Db, communityId: number, userId: number) =>
  q.verifiedResidentOfUser(db, communityId, userId);

/** The console's list of awards at the places the caller reaches, newest first. */
export async function listAwardsOf(
  db: Db,
  actor: Actor | null,
  communityId: number,
  f: {
    month?: string | undefined;
    itemId?: number | undefined;
    q?: string | undefined;
    before?: number | undefined;
    limit: number;
  },
) {
  await requireCommunity(db, communityId);
  const reach = authorizeWithin(actor, "points.read", communityId);
  const bounds = f.month ? monthBounds(f.month) : null;
  const rows = await q.listAwards(db, communityId, scopeIdsOf(reach, communityId), {
    ...(bounds ? { from: bounds.from, to: bounds.to } : {}),
    ...(f.itemId ? { itemId: f.itemId } : {}),
    ...(f.q ? { q: f.q } : {}),
    ...(f.before ? { before: f.before } : {}),
    limit: f.limit + 1,
  });
  const page = rows.slice(0, f.limit);
  return {
    items: page.map((r) => presentAward(r, requireActor(actor).locale)),
    nextBefore: rows.length > f.limit ? page[page.length - 1]!.id : null,
  };
}

const EXPORT_COLUMNS = [
  { header: "编号", width: 8 },
  { header: "时间", width: 18, numFmt: "yyyy-mm-dd hh:mm" },
  { header: "居民", width: 10 },
  { header: "住址", width: 20 },
  { header: "积分项目", width: 20 },
  { header: "分值", width: 8 },
  { header: "依据", width: 30 },
  { header: "经办人", width: 10 },
];

/** The awards list as Excel, with the list's filters (roles holding data.export and points.read); audited. */
export async function exportAwards(
  db: Db,
  actor: Actor | null,
  communityId: number,
  f: { month?: string | undefined; itemId?: number | undefined; q?: string | undefined },
) {
  const name = await requireCommunity(db, communityId);
  const a = requireActor(actor);
  const exporter = exportingActor(a);
  const reach = authorizeWithin(exporter, "points.read", communityId);
  const bounds = f.month ? monthBounds(f.month) : null;
  const scope = scopeIdsOf(reach, communityId);
  const rows = await q.listAwards(db, communityId, scope, {
    ...(bounds ? { from: bounds.from, to: bounds.to } : {}),
    ...(f.itemId ? { itemId: f.itemId } : {}),
    ...(f.q ? { q: f.q } : {}),
    limit: 100_000,
  });
  await recordAudit(db, {
    actorUserId: a.userId,
    actorRole: reach.roles[0] ?? null,
    communityId,
    action: "data.export",
    targetType: "points_awards",
    targetId: "xlsx",
    after: { format: "xlsx", filters: f, rows: rows.length, scope: scope ?? "community" },
  });
  const cell = (d: Date) => new Date(d.getTime() + SHANGHAI_MS);
  const body = await workbookBytes((sink) =>
    writeWorkbook(
      { name: "积分发放记录", columns: EXPORT_COLUMNS },
      rows.map((r) => [
        r.id,
        cell(r.awarded_at),
        r.resident_name,
        address(r),
        r.name_zh,
        r.points,
        r.evidence,
        r.awarded_by_name,
      ]),
      sink,
    ),
  );
  const stamp = shanghaiDay(new Date());
  return {
    contentType: XLSX_MIME,
    disposition: attachmentDisposition(
      `points-awards-${communityId}-${stamp}.xlsx`,
      `积分发放记录-${name}-${stamp}.xlsx`,
    ),
    rows: rows.length,
    body,
  };
}

// ---------------------------------------------------------------------------------------------
// a resident's points, the honour board

/** The resident's points account, or null before their first award (reading opens none). */
async function existingAccount(db: Db, communityId: number, residentId: number) {
  const found = await accountsOf(db, communityId, "resident", residentId);
  return found.find((acc) => acc.code === residentPointsCode(residentId)) ?? null;
}

/** The caller's points in every community they are a verified resident of, with their household's. */
export async function myPoints(db: Db, actor: Actor | null) {
  const a = requireActor(actor);
  const accounts = [];
  for (const r of a.residencies.filter((x) => x.status === "verified")) {
    const name = (await q.communityName(db, r.communityId)) ?? "";
    const account = await existingAccount(db, r.communityId, r.residentId);
    const st = account
      ? await statement(db, { communityId: r.communityId, accountId: account.id, limit: 30 })
      : { balance: 0, rows: [] };
    let householdBalance = st.balance;
    if (r.householdId != null) {
      householdBalance = 0;
      for (const m of await q.householdResidents(db, r.communityId, r.householdId))
        householdBalance +=
          m.id === r.residentId
            ? st.balance
            : ((await existingAccount(db, r.communityId, m.id))?.balance ?? 0);
    }
    accounts.push({
      communityId: r.communityId,
      communityName: name,
      residentId: r.residentId,
      balance: st.balance,
      householdBalance,
      entries: st.rows.map((e) => ({
        at: e.at,
        points: e.amount,
        balanceAfter: e.balanceAfter,
        what: e.memo,
      })),
    });
  }
  return { accounts };
}

/**
 * The honour board (红榜) of a month: the residents awarded most points (deductions not counted), names
 * masked. Read by the community's verified residents and by those who may read its points.
 */
export async function honourBoard(
  db: Db,
  actor: Actor | null,
  communityId: number,
  f: { month?: string | undefined; limit: number },
) {
  await requireCommunity(db, communityId);
  const a = requireActor(actor);
  const mine = a.residencies.filter((r) => r.communityId === communityId && r.status === "verified");
  if (mine.length === 0) authorizeWithin(actor, "points.read", communityId);
  const month = f.month ?? shanghaiMonth();
  const { from, to } = monthBounds(month);
  const rows = await q.honourRows(db, communityId, from, to, f.limit);
  const myIds = new Set(mine.map((r) => r.residentId));
  return {
    month,
    rows: rows.map((r, i) => ({
      rank: i + 1,
      name: maskName(r.name),
      building: r.building_name,
      points: Number(r.points),
      mine: myIds.has(r.resident_id),
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// the year's end

/**
 * The year-end rule for the year that just ended: in each community whose current standard says points
 * expire (清零), one ledger transaction takes every resident's positive balance back to the points source.
 * Its key names the community and the year, so a second run books nothing. Carry-over communities keep
 * their balances. Returns the communities and points expired.
 */
export async function runYearEnd(db: Db, year: number) {
  let communities = 0;
  let expired = 0;
  for (const communityId of await q.communitiesExpiring(db)) {
    const n = await db.transaction().execute(async (trx) => {
      const source = await sourceAccount(trx, communityId);
      const balances = await residentBalances(trx, communityId);
      const positive = balances.filter((b) => b.balance > 0);
      if (positive.length === 0) return 0;
      const total = positive.reduce((s, b) => s + b.balance, 0);
      const r = await post(trx, {
        communityId,
        idempotencyKey: `points:year-end:${communityId}:${year}`,
        kind: "points.year_end",
        memo: `${year} 年度积分清零`,
        postings: [
          ...positive.map((b) => ({ accountId: b.accountId, amount: -b.balance })),
          { accountId: source.id, amount: total },
        ],
        actorUserId: null,
      });
      return r.replayed ? 0 : total;
    });
    if (n > 0) {
      communities++;
      expired += n;
    }
  }
  return { communities, expired };
}

async function residentBalances(db: Db, communityId: number) {
  const all = await accountsOfCommunity(db, communityId, { q: "points:resident:", limit: 100_000 });
  return all
    .filter((acc) => acc.code.startsWith("points:resident:"))
    .map((acc) => ({ accountId: acc.id, balance: acc.balance }));
}

/** Public figures (T5) for the board: points issued and deducted in a period (no person named). */
export const pointsFigures = (
  db: Db,
  scope: { communityIds: number[]; gridId?: number; from?: Date; to?: Date },
) => q.figuresOf(db, scope);
