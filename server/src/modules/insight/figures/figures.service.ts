// Insight's figures (DOMAIN E1–E2): the figures of a place — district, street, community or grid — in
// a period, summed from the rollups only (insight_daily here, request_stats of voice/figures for
// requests): never a scan of the rows on a page load. Staff read their own places and the levels
// below; the open figures suppress every count under 5.
import type { Kysely } from "kysely";
import { authorize, reachOf, requireActor } from "../../../access/authorize.ts";
import { type Actor, coversCommunity } from "../../../access/reach.ts";
import type { DB } from "../../../db/schema.ts";
import { AppError } from "../../../errors.ts";
import { recordAudit } from "../../core/audit/audit.service.ts";
import {
  attachmentDisposition,
  workbookBytes,
  writeWorkbook,
  XLSX_MIME,
} from "../../core/imports/imports.service.ts";
import {
  monthlyStatsMismatches,
  recountRequestStats,
  refreshFigures,
} from "../../voice/figures/figures.service.ts";
import * as q from "./figures.queries.ts";
import { FIGURE_KEYS, type FigureKey } from "./figures.schema.ts";
import * as pq from "./participation.queries.ts";

type Db = Kysely<DB>;
type Level = "district" | "street" | "community" | "grid";
type Bucket = "day" | "month" | "year";
type Counts = Record<FigureKey, number | null>;

export { recountMismatches } from "./figures.queries.ts";

/** Rebuilds every rollup of insight from the rows (after a bulk load such as the demo's). */
export async function rebuildInsight(db: Db): Promise<void> {
  await q.rebuildAll(db);
  await pq.rebuildActive(db);
  await refreshSnapshots(db, true);
  await pq.refreshCoverage(db, true);
}

const BATCH = 500;

/** Recomputes every dirty key, a batch per transaction, until none is left. */
export async function refreshInsight(db: Db): Promise<{ keys: number }> {
  let keys = 0;
  for (;;) {
    const n = await q.refreshDirty(db, BATCH);
    keys += n;
    if (n < BATCH) break;
  }
  await refreshSnapshots(db);
  await pq.refreshCoverage(db);
  return { keys };
}

/**
 * Takes the snapshots of the communities marked since, or of every community on a new day or when
 * `all`, in one transaction with the claim of the marks: the denominators (insight_residents:
 * verified residents per community, grid and group, as participation counts them on today's China
 * day) and participation's counts for the standard windows (insight_active_counts), whose marks are
 * new activity or changed residents.
 */
async function refreshSnapshots(db: Db, all = false): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await q.lockResidents(trx);
    const today = shanghaiToday();
    const claimed = await q.claimResidents(trx, today);
    const active = await pq.claimActive(trx);
    const everyone = all || (await pq.activeStale(trx, today));
    const ids = everyone
      ? (await q.communitiesOfAll(trx)).map((c) => c.id)
      : [...new Set([...claimed, ...active])].sort((a, b) => a - b);
    if (ids.length === 0) return 0;
    const residents = new Set(claimed);
    const denominators = everyone || all ? ids : ids.filter((c) => residents.has(c));
    if (denominators.length > 0)
      await q.writeResidents(trx, denominators, today, await pq.residentCounts(trx, denominators, today));
    const windows = [];
    for (const w of standardWindows(today))
      windows.push({
        win: w.win,
        rows: [
          ...(await pq.activeCounts(trx, ids, w.fromMonth, w.toMonth, "all", today)),
          ...(await pq.activeCounts(trx, ids, w.fromMonth, w.toMonth, w.series, today)),
        ],
      });
    await pq.writeActive(trx, ids, today, windows);
    return ids.length;
  });
}

/** A participation window's key: its months, its series' bucket and the day its age bands are on. */
const winKey = (fromMonth: string, toMonth: string, series: "month" | "year", asOf: string) =>
  `${fromMonth.slice(0, 7)}..${toMonth.slice(0, 7)}|${series}@${asOf}`;

/** The windows a page opens with on `today` (no from/to: 30 days, 12 months, 5 years). */
function standardWindows(today: string) {
  return (["day", "month", "year"] as const).map((period) => {
    const { from, to } = periodOf({ period, to: today });
    const fromMonth = `${from.slice(0, 7)}-01`;
    const toMonth = `${to.slice(0, 7)}-01`;
    const series = period === "year" ? ("year" as const) : ("month" as const);
    return { win: winKey(fromMonth, toMonth, series, to), fromMonth, toMonth, series };
  });
}

/**
 * Participation's active residents of some communities over [fromMonth, toMonth] (age bands on
 * `asOf`): from the snapshot where it holds that window and the community is not marked since, else
 * counted from insight_active.
 */
async function activeOf(
  db: Db,
  communityIds: number[],
  fromMonth: string,
  toMonth: string,
  bucket: "all" | "month" | "year",
  series: "month" | "year",
  asOf: string,
) {
  const snap = await pq.activeSnapshot(
    db,
    communityIds,
    winKey(fromMonth, toMonth, series, asOf),
    bucket !== "all",
  );
  return snap.others.length === 0
    ? snap.rows
    : [...snap.rows, ...(await pq.activeCounts(db, snap.others, fromMonth, toMonth, bucket, asOf))];
}

export interface ResidentsMismatch {
  community_id: number;
  grid_id: number | null;
  group: string;
  snapshot: number | null;
  recount: number | null;
}

/** The pairs of rows (stored, counted) matched by key whose counts differ, either side possibly missing. */
function differing<A extends { n: number }, B extends { n: number }>(
  stored: A[],
  counted: B[],
  key: (r: A | B) => string,
): { a: A | undefined; b: B | undefined }[] {
  const mine = new Map(stored.map((r) => [key(r), r]));
  const theirs = new Map(counted.map((r) => [key(r), r]));
  return [...new Set([...mine.keys(), ...theirs.keys()])]
    .map((k) => ({ a: mine.get(k), b: theirs.get(k) }))
    .filter(({ a, b }) => a?.n !== b?.n);
}

/** The denominators' snapshot compared with a count of resident on each community's day (verify, tests). */
export async function residentsMismatches(db: Db): Promise<{ count: number; sample: ResidentsMismatch[] }> {
  const stored = await q.storedResidents(db);
  const communities = (await q.communitiesOfAll(db)).map((c) => c.id);
  const dayOf = new Map(stored.days.map((d) => [d.community_id, d.as_of]));
  const out: ResidentsMismatch[] = communities
    .filter((c) => !dayOf.has(c))
    .map((c) => ({ community_id: c, grid_id: null, group: "(no snapshot)", snapshot: null, recount: null }));
  const key = (r: q.ResidentGroupRow) => `${r.community_id}|${r.grid_id ?? 0}|${r.group}`;
  for (const day of new Set(dayOf.values())) {
    const ids = communities.filter((c) => dayOf.get(c) === day);
    const mine = stored.rows.filter((r) => ids.includes(r.community_id));
    for (const { a, b } of differing(mine, await pq.residentCounts(db, ids, day), key)) {
      const r = (a ?? b)!;
      out.push({
        community_id: r.community_id,
        grid_id: r.grid_id,
        group: r.group,
        snapshot: a?.n ?? null,
        recount: b?.n ?? null,
      });
    }
  }
  return { count: out.length, sample: out.slice(0, 20) };
}

export interface WindowMismatch {
  community_id: number;
  win: string;
  grid_id: number | null;
  bucket: string;
  group: string;
  snapshot: number | null;
  recount: number | null;
}

/**
 * Participation's snapshot (insight_active_counts) compared with a count from insight_active of each
 * window taken, for the communities not marked since (verify, tests).
 */
export async function activeWindowMismatches(db: Db): Promise<{ count: number; sample: WindowMismatch[] }> {
  const stored = await pq.storedActive(db);
  const out: WindowMismatch[] = [];
  const key = (r: pq.ParticipationRow) => `${r.community_id}|${r.grid_id ?? 0}|${r.bucket}|${r.group}`;
  for (const win of new Set(stored.taken.map((t) => t.win))) {
    const m = /^(\d{4}-\d{2})\.\.(\d{4}-\d{2})\|(month|year)@(\d{4}-\d{2}-\d{2})$/.exec(win);
    const ids = stored.taken.filter((t) => t.win === win).map((t) => t.community_id);
    if (!m) {
      for (const c of ids)
        out.push({
          community_id: c,
          win,
          grid_id: null,
          bucket: "",
          group: "(bad window)",
          snapshot: null,
          recount: null,
        });
      continue;
    }
    const [, fromM, toM, series, asOf] = m as unknown as [string, string, string, "month" | "year", string];
    const counted = [
      ...(await pq.activeCounts(db, ids, `${fromM}-01`, `${toM}-01`, "all", asOf)),
      ...(await pq.activeCounts(db, ids, `${fromM}-01`, `${toM}-01`, series, asOf)),
    ];
    for (const { a, b } of differing(
      stored.rows.filter((r) => r.win === win),
      counted,
      key,
    )) {
      const r = (a ?? b)!;
      out.push({
        community_id: r.community_id,
        win,
        grid_id: r.grid_id,
        bucket: r.bucket,
        group: r.group,
        snapshot: a?.n ?? null,
        recount: b?.n ?? null,
      });
    }
  }
  return { count: out.length, sample: out.slice(0, 20) };
}

/** The nightly refresh of every community's life-circle coverage (residents move in and out). */
export const refreshAllCoverage = (db: Db) => pq.refreshCoverage(db, true);

export const countInsightDirty = (db: Db) => q.countDirty(db);

/**
 * Every figure compared with a recount from the rows (a full scan; `npm run verify:figures`): first
 * the dirty keys are refreshed, then the request rollups (voice/figures) and insight_daily recounted,
 * insight_monthly and request_stats_monthly compared with the sums of their days, and the residents
 * snapshot and participation's window snapshot with a count (verify refreshes first: none is marked).
 */
export async function verifyFigures(db: Db) {
  await refreshFigures(db);
  await refreshInsight(db);
  const requests = await recountRequestStats(db);
  const insight = await q.recountMismatches(db);
  const monthly = await q.monthlyMismatches(db);
  const requestMonths = await monthlyStatsMismatches(db);
  const residents = await residentsMismatches(db);
  const windows = await activeWindowMismatches(db);
  const participation = await pq.recountActive(db);
  const coverage = await pq.recountCoverage(db);
  return {
    ok:
      requests.count === 0 &&
      insight.count === 0 &&
      monthly.count === 0 &&
      requestMonths.count === 0 &&
      residents.count === 0 &&
      windows.count === 0 &&
      participation.count === 0 &&
      coverage.count === 0,
    requests,
    insight,
    monthly,
    requestMonths,
    residents,
    windows,
    participation,
    coverage,
  };
}

// ---- places ----

interface PlaceRef {
  level: Level;
  place: string;
  name: string;
}
interface ChildSpec extends PlaceRef {
  communityIds: number[];
  gridId?: number;
}
interface Resolved extends PlaceRef {
  communityIds: number[];
  grid?: { communityId: number; gridId: number };
  children: ChildSpec[];
}

async function resolvePlace(db: Db, place: string): Promise<Resolved> {
  const [level, a, b] = place.split(":") as [Level, string, string | undefined];
  const id = Number(a);
  if (level === "district") {
    const d = await q.districtById(db, id);
    if (!d) throw new AppError("NOT_FOUND");
    const streets = await q.streetsOfDistrict(db, id);
    const communities = await q.communitiesOfStreets(
      db,
      streets.map((s) => s.id),
    );
    return {
      level,
      place,
      name: d.name,
      communityIds: communities.map((c) => c.id),
      children: streets.map((s) => ({
        level: "street",
        place: `street:${s.id}`,
        name: s.name,
        communityIds: communities.filter((c) => c.street_id === s.id).map((c) => c.id),
      })),
    };
  }
  if (level === "street") {
    const s = await q.streetById(db, id);
    if (!s) throw new AppError("NOT_FOUND");
    const communities = await q.communitiesOfStreets(db, [id]);
    return {
      level,
      place,
      name: s.name,
      communityIds: communities.map((c) => c.id),
      children: communities.map((c) => ({
        level: "community",
        place: `community:${c.id}`,
        name: c.name,
        communityIds: [c.id],
      })),
    };
  }
  if (level === "community") {
    const c = await q.communityById(db, id);
    if (!c) throw new AppError("NOT_FOUND");
    const grids = await q.gridsOfCommunity(db, id);
    return {
      level,
      place,
      name: c.name,
      communityIds: [id],
      children: grids.map((g) => ({
        level: "grid",
        place: `grid:${id}:${g.id}`,
        name: g.name,
        communityIds: [id],
        gridId: g.id,
      })),
    };
  }
  const g = await q.gridById(db, id, Number(b));
  if (!g) throw new AppError("NOT_FOUND");
  return {
    level: "grid",
    place,
    name: g.name,
    communityIds: [id],
    grid: { communityId: id, gridId: g.id },
    children: [],
  };
}

/** Each level sees its own places and the levels below: every community of the place in reach. */
function authorizePlace(actor: Actor | null, p: Resolved): void {
  if (p.grid) {
    authorize(actor, "insight.read", { communityId: p.grid.communityId, gridId: p.grid.gridId });
    return;
  }
  const reach = reachOf(requireActor(actor), "insight.read");
  if (reach.roles.length === 0) throw new AppError("FORBIDDEN");
  if (reach.all) return;
  if (p.communityIds.length === 0 || !p.communityIds.every((c) => coversCommunity(reach, c)))
    throw new AppError("OUT_OF_SCOPE");
}

// ---- the period ----

const shanghaiToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

function checkDay(field: "from" | "to", day: string): void {
  const d = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== day)
    throw new AppError("VALIDATION", {
      zh: `${field === "from" ? "开始" : "结束"}日期不存在：${day}`,
      en: `There is no such day as ${day} (${field})`,
      details: [{ field, message: "not a day of the calendar" }],
    });
}

function periodOf(input: { period: Bucket; from?: string; to?: string }): { from: string; to: string } {
  if (input.from) checkDay("from", input.from);
  if (input.to) checkDay("to", input.to);
  const to = input.to ?? shanghaiToday();
  if (input.from) return { from: input.from, to };
  const end = new Date(`${to}T00:00:00Z`);
  if (input.period === "day") end.setUTCDate(end.getUTCDate() - 29);
  else if (input.period === "month") {
    end.setUTCDate(1);
    end.setUTCMonth(end.getUTCMonth() - 11);
  } else {
    end.setUTCMonth(0, 1);
    end.setUTCFullYear(end.getUTCFullYear() - 4);
  }
  return { from: end.toISOString().slice(0, 10), to };
}

// ---- the sums ----

const emptyCounts = (requestsOnly = false): Counts =>
  Object.fromEntries(
    FIGURE_KEYS.map((k) => [k, requestsOnly && !k.startsWith("requests_") ? null : 0]),
  ) as Counts;

function add(into: Counts, figure: string, value: string | number | null | undefined) {
  const k = figure as FigureKey;
  if (!(k in into) || into[k] == null) return;
  into[k] = (into[k] ?? 0) + Number(value ?? 0);
}

const pct = (part: number | null, whole: number | null) =>
  part == null || whole == null || whole === 0 ? null : Math.round((1000 * part) / whole) / 10;

function ratesOf(f: Counts, residents: number) {
  const hours = (f.vol_minutes ?? 0) / 60;
  return {
    solvedOnTimePct: pct(f.requests_solved_on_time, f.requests_solved),
    satisfactionPct: pct(f.requests_rated_good, f.requests_rated),
    volHours: Math.round(hours * 10) / 10,
    volHoursPerResident:
      f.vol_minutes == null || residents === 0 ? null : Math.round((hours / residents) * 100) / 100,
    goodsValueYuan: f.mall_value_fen == null ? null : f.mall_value_fen / 100,
    canteenSubsidyYuan: f.canteen_subsidy_fen == null ? null : f.canteen_subsidy_fen / 100,
    careAlertsAnsweredPct: pct(f.care_alerts_answered, f.care_alerts),
  };
}

/** A place's sums: in total, per bucket and per child place (its `place` key), each as counts. */
interface Sums {
  total: Counts;
  series: Map<string, Counts>;
  children: Map<string, Counts>;
}

/**
 * The sums of a place over [from, to]: a district's or street's grouped in SQL per bucket, per child
 * place (street or community) and in total (months from insight_monthly, days from insight_daily, the
 * request figures from request_stats_community); a community's own from the same statements and its
 * grids' (requests only) from request_stats; a grid's from request_stats alone.
 */
async function sumsOf(db: Db, p: Resolved, from: string, to: string, bucket: Bucket): Promise<Sums> {
  const requestsOnly = p.grid != null;
  const sums: Sums = { total: emptyCounts(requestsOnly), series: new Map(), children: new Map() };
  const at = (map: Map<string, Counts>, key: string, onlyRequests: boolean) => {
    const found = map.get(key);
    if (found) return found;
    const c = emptyCounts(onlyRequests);
    map.set(key, c);
    return c;
  };
  if (p.level === "community" || p.grid) {
    const communityId = p.communityIds[0]!;
    for (const r of await q.requestSumsByGrid(db, communityId, from, to, bucket)) {
      const targets = p.grid
        ? r.grid_id === p.grid.gridId
          ? [sums.total, at(sums.series, r.bucket, true)]
          : []
        : [at(sums.children, `grid:${communityId}:${r.grid_id}`, true)];
      for (const c of targets) for (const k of q.REQUEST_FIGURES) add(c, k, r[k]);
    }
    if (p.grid) return sums;
  }
  const childBy: q.ChildBy = p.level === "district" ? "street" : p.level === "street" ? "community" : null;
  const [rollup, requests] = await Promise.all([
    q.rollupGrouped(db, p.communityIds, from, to, bucket, childBy),
    q.requestGrouped(db, p.communityIds, from, to, bucket, childBy),
  ]);
  const target = (r: { set: q.GroupedSet; bucket: string; child: number | null }) =>
    r.set === "total"
      ? sums.total
      : r.set === "bucket"
        ? at(sums.series, r.bucket, false)
        : childBy == null
          ? null
          : at(sums.children, `${childBy}:${r.child}`, false);
  for (const r of rollup) {
    const c = target(r);
    if (c) add(c, r.figure, r.value);
  }
  for (const r of requests) {
    const c = target(r);
    if (c) for (const k of q.REQUEST_FIGURES) add(c, k, r[k]);
  }
  return sums;
}

/** Every bucket from `from` to `to`, so that a trend shows its empty days too. */
function bucketsOf(from: string, to: string, bucket: Bucket): string[] {
  const out: string[] = [];
  const d = new Date(`${from}T00:00:00Z`);
  const end = new Date(`${to}T00:00:00Z`);
  const len = { day: 10, month: 7, year: 4 }[bucket];
  while (d <= end && out.length < 3700) {
    const label = d.toISOString().slice(0, len);
    if (out.at(-1) !== label) out.push(label);
    if (bucket === "day") d.setUTCDate(d.getUTCDate() + 1);
    else if (bucket === "month") d.setUTCMonth(d.getUTCMonth() + 1, 1);
    else d.setUTCFullYear(d.getUTCFullYear() + 1, 0, 1);
  }
  return out;
}

// ---- participation: distinct active residents ÷ verified residents, per month or year ----

interface Unit {
  communityIds: number[];
  gridId?: number;
}
const inUnit = (u: Unit) => {
  const ids = new Set(u.communityIds);
  return (r: { community_id: number; grid_id: number | null }): boolean =>
    u.gridId != null
      ? r.community_id === u.communityIds[0] && r.grid_id === u.gridId
      : ids.has(r.community_id);
};
const sumN = (rows: { n: number }[]) => rows.reduce((n, r) => n + r.n, 0);

/** Participation's denominators on day `asOf`: the snapshot where it is of that day, else counted. */
async function denominators(db: Db, communityIds: number[], asOf: string) {
  const snap = await q.residentGroups(db, communityIds, asOf);
  return snap.others.length === 0
    ? snap.rows
    : [...snap.rows, ...(await pq.residentCounts(db, snap.others, asOf))];
}

/**
 * The participation of a place over the months its period touches: the distinct verified residents
 * active in them (insight_active) ÷ the verified residents now; by age band (age on the period's last
 * day) and by care tag (of residents enrolled in care); a series per month (per year for a period of
 * years); and per child place.
 */
async function participationOf(db: Db, p: Resolved, from: string, to: string, period: Bucket) {
  const fromMonth = `${from.slice(0, 7)}-01`;
  const toMonth = `${to.slice(0, 7)}-01`;
  const seriesBucket = period === "year" ? "year" : "month";
  const [all, perBucket, dens] = await Promise.all([
    activeOf(db, p.communityIds, fromMonth, toMonth, "all", seriesBucket, to),
    activeOf(db, p.communityIds, fromMonth, toMonth, seriesBucket, seriesBucket, to),
    denominators(db, p.communityIds, to),
  ]);
  const own: Unit = p.grid ? { communityIds: [p.grid.communityId], gridId: p.grid.gridId } : p;
  const totals = (u: Unit) => {
    const mine = inUnit(u);
    const active = sumN(all.filter((r) => mine(r) && r.group.startsWith("band:")));
    const residents = sumN(dens.filter((r) => mine(r) && r.group.startsWith("band:")));
    return { active, residents, pct: pct(active, residents) };
  };
  const mine = inUnit(own);
  const group = (g: string) => {
    const active = sumN(all.filter((r) => mine(r) && r.group === g));
    const residents = sumN(dens.filter((r) => mine(r) && r.group === g));
    return { active, residents, pct: pct(active, residents) };
  };
  const tags = [
    ...new Set([...all, ...dens].filter((r) => mine(r) && r.group.startsWith("tag:")).map((r) => r.group)),
  ].sort();
  const total = totals(own);
  // one pass over the series' rows (a district's are many: community × grid × bucket)
  const perBucketActive = new Map<string, number>();
  for (const r of perBucket)
    if (r.group.startsWith("band:") && mine(r))
      perBucketActive.set(r.bucket, (perBucketActive.get(r.bucket) ?? 0) + r.n);
  return {
    fromMonth: fromMonth.slice(0, 7),
    toMonth: toMonth.slice(0, 7),
    ageOn: to,
    ...total,
    byAge: pq.AGE_BANDS.map((band) => ({ band, ...group(`band:${band}`) })),
    byCare: tags.map((g) => ({ tag: g.slice(4), ...group(g) })),
    series: bucketsOf(fromMonth, to, seriesBucket).map((bucket) => {
      const active = perBucketActive.get(bucket) ?? 0;
      return { bucket, active, pct: pct(active, total.residents) };
    }),
    children: new Map(p.children.map((c) => [c.place, totals(c)])),
  };
}

// ---- life-circle coverage: from insight_coverage (refreshed when the readings change) ----

async function coverageOfPlace(db: Db, p: Resolved) {
  if (p.grid) return null;
  const rows = await pq.coverageOf(db, p.communityIds);
  const kinds = new Map<
    string,
    {
      code: string;
      nameZh: string;
      nameEn: string;
      buildings: number;
      buildingsWithin: number;
      residents: number;
      residentsWithin: number;
    }
  >();
  for (const r of rows) {
    const k = kinds.get(r.kind_code) ?? {
      code: r.kind_code,
      nameZh: r.name_zh ?? r.kind_code,
      nameEn: r.name_en ?? r.kind_code,
      buildings: 0,
      buildingsWithin: 0,
      residents: 0,
      residentsWithin: 0,
    };
    k.buildings += r.buildings;
    k.buildingsWithin += r.buildings_within;
    k.residents += r.residents;
    k.residentsWithin += r.residents_within;
    kinds.set(r.kind_code, k);
  }
  const refreshed = rows.map((r) => new Date(r.refreshed_at).getTime());
  return {
    minutes: pq.COVERAGE_MINUTES,
    communities: new Set(rows.map((r) => r.community_id)).size,
    refreshedAt: refreshed.length === 0 ? null : new Date(Math.min(...refreshed)).toISOString(),
    kinds: [...kinds.values()].map((k) => ({
      ...k,
      buildingsPct: pct(k.buildingsWithin, k.buildings),
      residentsPct: pct(k.residentsWithin, k.residents),
    })),
  };
}

async function computeFigures(db: Db, p: Resolved, input: { period: Bucket; from?: string; to?: string }) {
  const { from, to } = periodOf(input);
  const [sums, part, coverage, residentRows] = await Promise.all([
    sumsOf(db, p, from, to, input.period),
    participationOf(db, p, from, to, input.period),
    coverageOfPlace(db, p),
    q.residentsOf(db, p.communityIds),
  ]);
  const { children: partChildren, ...participation } = part;
  const requestsOnly = p.grid != null;
  // the denominators: verified residents per community, and per grid of a community's or grid's page
  const residentsOfCommunities = new Map<number, number>();
  const residentsOfGrids = new Map<number, number>();
  for (const r of residentRows) {
    residentsOfCommunities.set(
      r.community_id,
      (residentsOfCommunities.get(r.community_id) ?? 0) + r.residents,
    );
    if (r.community_id === p.communityIds[0]) residentsOfGrids.set(r.grid_id, r.residents);
  }
  const residentsOf = (c: { communityIds: number[]; gridId?: number }) =>
    c.gridId != null
      ? (residentsOfGrids.get(c.gridId) ?? 0)
      : c.communityIds.reduce((n, id) => n + (residentsOfCommunities.get(id) ?? 0), 0);
  const residents = p.grid ? residentsOf({ communityIds: [], gridId: p.grid.gridId }) : residentsOf(p);
  const figures = sums.total;
  return {
    place: { level: p.level, place: p.place, name: p.name },
    period: input.period,
    from,
    to,
    residents,
    figures,
    rates: ratesOf(figures, residents),
    participation,
    coverage,
    series: bucketsOf(from, to, input.period).map((b) => ({
      bucket: b,
      figures: sums.series.get(b) ?? emptyCounts(requestsOnly),
    })),
    children: p.children.map((c) => {
      const f = sums.children.get(c.place) ?? emptyCounts(c.gridId != null);
      const n = residentsOf(c);
      return {
        place: { level: c.level, place: c.place, name: c.name },
        residents: n,
        figures: f,
        rates: ratesOf(f, n),
        participation: partChildren.get(c.place) ?? { active: 0, residents: 0, pct: null },
      };
    }),
  };
}

export type InsightFigures = Awaited<ReturnType<typeof computeFigures>>;

/** Answers remembered per database, place and period, each with the generation it was computed at (LRU). */
const rememberedBy = new WeakMap<Db, Map<string, { generation: string; value: InsightFigures }>>();
const REMEMBER_MAX = 256;

/**
 * A place's figures, remembered until the data they are read from changes: the answer computed at
 * generation g (insight_generation, raised by every refresh's write to the rollups and snapshots) is
 * given again while the generation is still g and none of the place's communities is marked (whose
 * new activity or changed residents would be counted live). Each process remembers its own; the
 * generation is read from the database, so every process gives what a computation would.
 */
async function figuresOf(db: Db, p: Resolved, input: { period: Bucket; from?: string; to?: string }) {
  const { from, to } = periodOf(input);
  const { generation, marked } = await q.figuresGeneration(db, p.communityIds);
  if (marked) return computeFigures(db, p, input);
  const remembered = rememberedBy.get(db) ?? new Map<string, { generation: string; value: InsightFigures }>();
  rememberedBy.set(db, remembered);
  const key = JSON.stringify([
    p.place,
    p.name,
    p.communityIds,
    p.grid ?? null,
    p.children.map((c) => [c.place, c.name, c.communityIds, c.gridId ?? null]),
    input.period,
    from,
    to,
  ]);
  const hit = remembered.get(key);
  if (hit && hit.generation === generation) {
    remembered.delete(key);
    remembered.set(key, hit);
    return structuredClone(hit.value);
  }
  const value = await computeFigures(db, p, input);
  remembered.delete(key);
  remembered.set(key, { generation, value: structuredClone(value) });
  if (remembered.size > REMEMBER_MAX) remembered.delete(remembered.keys().next().value!);
  return value;
}

/** A place's figures computed from the rollups, never remembered (benchmarks: the cost of a computation). */
export async function computedFigures(
  db: Db,
  place: string,
  input: { period: Bucket; from?: string; to?: string },
): Promise<InsightFigures> {
  return computeFigures(db, await resolvePlace(db, place), input);
}

/** The figures of a place for staff whose grants reach it (or a place above it). */
export async function staffFigures(
  db: Db,
  actor: Actor | null,
  input: { place: string; period: Bucket; from?: string; to?: string },
): Promise<InsightFigures> {
  requireActor(actor);
  const p = await resolvePlace(db, input.place);
  authorizePlace(actor, p);
  return figuresOf(db, p, input);
}

// ---- the open figures: no personal data, every count under 5 shown as "<5" ----

export const SUPPRESS_BELOW = 5;
const suppress = (n: number | null): number | "<5" | null =>
  n == null ? null : n < SUPPRESS_BELOW ? "<5" : n;
const suppressAll = (f: Counts) =>
  Object.fromEntries(FIGURE_KEYS.map((k) => [k, suppress(f[k])])) as Record<FigureKey, number | "<5" | null>;

export async function openFigures(
  db: Db,
  input: { place: string; period: "month" | "year"; from?: string; to?: string },
) {
  const p = await resolvePlace(db, input.place);
  if (p.grid) throw new AppError("NOT_FOUND");
  const f = await figuresOf(db, { ...p, children: p.level === "community" ? [] : p.children }, input);
  return {
    place: f.place,
    period: input.period,
    from: f.from,
    to: f.to,
    suppression: `every count under ${SUPPRESS_BELOW} (0 included) is shown as "<5"; grids are not published`,
    residents: suppress(f.residents),
    figures: suppressAll(f.figures),
    participation: {
      fromMonth: f.participation.fromMonth,
      toMonth: f.participation.toMonth,
      ageOn: f.participation.ageOn,
      ...openShare(f.participation),
      byAge: f.participation.byAge.map((b) => ({ band: b.band, ...openShare(b) })),
    },
    coverage:
      f.coverage == null
        ? null
        : {
            minutes: f.coverage.minutes,
            communities: f.coverage.communities,
            kinds: f.coverage.kinds.map((k) => ({
              code: k.code,
              nameZh: k.nameZh,
              nameEn: k.nameEn,
              buildings: suppress(k.buildings),
              buildingsWithin: suppress(k.buildingsWithin),
              buildingsPct: k.buildingsWithin < SUPPRESS_BELOW ? null : k.buildingsPct,
              residents: suppress(k.residents),
              residentsWithin: suppress(k.residentsWithin),
              residentsPct: k.residentsWithin < SUPPRESS_BELOW ? null : k.residentsPct,
            })),
          },
    series: f.series.map((s) => ({
      bucket: s.bucket,
      figures: suppressAll(s.figures),
      active: suppress(f.participation.series.find((p) => p.bucket === s.bucket)?.active ?? 0),
    })),
    children: f.children.map((c) => ({
      place: c.place,
      residents: suppress(c.residents),
      figures: suppressAll(c.figures),
      participation: openShare(c.participation),
    })),
  };
}

/** A share in the open data: both counts suppressed under 5, the percent only when neither is. */
function openShare(s: { active: number; residents: number; pct: number | null }) {
  return {
    active: suppress(s.active),
    residents: suppress(s.residents),
    pct: s.active < SUPPRESS_BELOW || s.residents < SUPPRESS_BELOW ? null : s.pct,
  };
}

const csvCell = (v: unknown) => {
  const s = v == null ? "" : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The open figures as CSV: one row per place (the place, then its children) and bucket. */
export async function openFiguresCsv(
  db: Db,
  input: { place: string; period: "month" | "year"; from?: string; to?: string },
) {
  const f = await openFigures(db, input);
  const lines = [["place", "name", "bucket", ...FIGURE_KEYS, "active_residents"].join(",")];
  lines.push(
    [
      f.place.place,
      f.place.name,
      `${f.from}..${f.to}`,
      ...FIGURE_KEYS.map((k) => f.figures[k]),
      f.participation.active,
    ]
      .map(csvCell)
      .join(","),
  );
  for (const s of f.series)
    lines.push(
      [f.place.place, f.place.name, s.bucket, ...FIGURE_KEYS.map((k) => s.figures[k]), s.active]
        .map(csvCell)
        .join(","),
    );
  for (const c of f.children)
    lines.push(
      [
        c.place.place,
        c.place.name,
        `${f.from}..${f.to}`,
        ...FIGURE_KEYS.map((k) => c.figures[k]),
        c.participation.active,
      ]
        .map(csvCell)
        .join(","),
    );
  return `\uFEFF${lines.join("\n")}\n`;
}

// ---- Excel export of each table of the staff page ----

const FIGURE_ZH: Record<FigureKey, string> = {
  requests_received: "受理诉求",
  requests_solved: "办结诉求",
  requests_solved_on_time: "按时办结",
  requests_rated: "评价数",
  requests_rated_good: "好评数",
  vol_services: "志愿服务人次",
  vol_minutes: "志愿服务分钟",
  meeting_attendances: "会议签到",
  meeting_residents: "居民签到",
  topics_created: "新建议题",
  votes_closed: "完成表决",
  votes_passed: "通过表决",
  points_issued: "发放积分",
  points_deducted: "扣减积分",
  mall_exchanges: "商城兑换件数",
  mall_points: "兑换用积分",
  mall_value_fen: "兑换货值（分）",
  canteen_meals: "食堂餐数",
  canteen_deliveries: "送餐上门",
  canteen_resident_fen: "居民自付（分）",
  canteen_community_fen: "社区承担（分）",
  canteen_discount_fen: "食堂让利（分）",
  canteen_subsidy_fen: "政府补贴（分）",
  care_visits: "关爱走访",
  care_alerts: "漏报平安",
  care_alerts_answered: "一小时内响应",
  project_incomes: "项目收入笔数",
  project_raised_fen: "项目筹款（分）",
  project_raised_community_fen: "筹款：社区（分）",
  project_raised_units_fen: "筹款：共建单位（分）",
  project_raised_government_fen: "筹款：政府（分）",
  project_raised_residents_fen: "筹款：居民（分）",
  project_raised_other_fen: "筹款：其他（分）",
  project_raised_unspecified_fen: "筹款：未指明来源（分）",
};

export async function exportFigures(
  db: Db,
  actor: Actor | null,
  input: {
    place: string;
    period: Bucket;
    from?: string;
    to?: string;
    table: "summary" | "series" | "children" | "participation" | "coverage";
  },
) {
  const f = await staffFigures(db, actor, input);
  const a = requireActor(actor);
  const reach = reachOf(a, "data.export");
  if (reach.roles.length === 0) throw new AppError("FORBIDDEN");
  const cols = FIGURE_KEYS.map((k) => ({ header: FIGURE_ZH[k], width: 12 }));
  const part = f.participation;
  const AGE_ZH: Record<string, string> = {
    "0-17": "18岁以下",
    "18-34": "18–34岁",
    "35-59": "35–59岁",
    "60-79": "60–79岁",
    "80+": "80岁及以上",
    unknown: "出生日期未登记",
  };
  const shareRow = (
    group: string,
    name: string,
    x: { active: number; residents: number; pct: number | null },
  ) => [group, name, x.active, x.residents, x.pct];
  const rows: (string | number | null)[][] =
    input.table === "series"
      ? f.series.map((s) => [
          s.bucket,
          ...FIGURE_KEYS.map((k) => s.figures[k]),
          part.series.find((p) => p.bucket === s.bucket)?.active ?? null,
        ])
      : input.table === "participation"
        ? [
            shareRow("合计", `${part.fromMonth}..${part.toMonth}`, part),
            ...part.byAge.map((b) => shareRow("年龄段", AGE_ZH[b.band] ?? b.band, b)),
            ...part.byCare.map((c) => shareRow("关爱标签", c.tag, c)),
            ...part.series.map((s) =>
              shareRow(f.period === "year" ? "年份" : "月份", s.bucket, { ...s, residents: part.residents }),
            ),
          ]
        : input.table === "coverage"
          ? (f.coverage?.kinds ?? []).map((k) => [
              k.nameZh,
              k.buildings,
              k.buildingsWithin,
              k.buildingsPct,
              k.residents,
              k.residentsWithin,
              k.residentsPct,
            ])
          : input.table === "children"
            ? f.children.map((c) => [
                c.place.name,
                c.residents,
                ...FIGURE_KEYS.map((k) => c.figures[k]),
                c.rates.solvedOnTimePct,
                c.rates.satisfactionPct,
                c.rates.volHoursPerResident,
                c.rates.careAlertsAnsweredPct,
                c.participation.active,
                c.participation.pct,
              ])
            : [
                [
                  f.place.name,
                  f.residents,
                  ...FIGURE_KEYS.map((k) => f.figures[k]),
                  f.rates.solvedOnTimePct,
                  f.rates.satisfactionPct,
                  f.rates.volHoursPerResident,
                  f.rates.careAlertsAnsweredPct,
                  part.active,
                  part.pct,
                ],
              ];
  const columns =
    input.table === "series"
      ? [{ header: "时间", width: 12 }, ...cols, { header: "活跃居民（当月/当年）", width: 14 }]
      : input.table === "participation"
        ? [
            { header: "分组", width: 10 },
            { header: "组别", width: 18 },
            { header: "活跃居民", width: 10 },
            { header: "实名居民", width: 10 },
            { header: "参与率%", width: 10 },
          ]
        : input.table === "coverage"
          ? [
              { header: "设施类别", width: 16 },
              { header: "住宅楼", width: 10 },
              { header: "15分钟内住宅楼", width: 14 },
              { header: "住宅楼覆盖率%", width: 12 },
              { header: "居民", width: 10 },
              { header: "15分钟内居民", width: 12 },
              { header: "居民覆盖率%", width: 12 },
            ]
          : [
              { header: "地点", width: 16 },
              { header: "实名居民", width: 10 },
              ...cols,
              { header: "按时办结率%", width: 12 },
              { header: "满意率%", width: 10 },
              { header: "人均志愿时长", width: 12 },
              { header: "漏报一小时内响应率%", width: 14 },
              { header: "活跃居民", width: 10 },
              { header: "参与率%", width: 10 },
            ];
  const communityId =
    f.place.level === "grid" || f.place.level === "community" ? Number(f.place.place.split(":")[1]) : null;
  await recordAudit(db, {
    actorUserId: a.userId,
    actorRole: reach.roles[0] ?? null,
    communityId,
    action: "data.export",
    targetType: "insight",
    targetId: input.table,
    after: {
      format: "xlsx",
      place: input.place,
      period: input.period,
      from: f.from,
      to: f.to,
      rows: rows.length,
    },
  });
  const body = await workbookBytes((sink) =>
    writeWorkbook(
      {
        name: {
          summary: "指标",
          series: "趋势",
          children: "排名",
          participation: "参与率",
          coverage: "生活圈覆盖",
        }[input.table],
        columns,
      },
      rows,
      sink,
    ),
  );
  const ascii = `insight-${input.place.replace(/:/g, "-")}-${input.table}-${f.from}-${f.to}.xlsx`;
  return {
    contentType: XLSX_MIME,
    disposition: attachmentDisposition(
      ascii,
      `数据指标-${f.place.name}-${input.table}-${f.from}-${f.to}.xlsx`,
    ),
    rows: rows.length,
    body,
  };
}

// ---- requests by category (the big screen's panel) ----

const MAX_CATEGORY_DAYS = 92;

/** Requests received per category in a period of at most 92 days (default: this month so far). */
export async function staffCategories(
  db: Db,
  actor: Actor | null,
  input: { place: string; from?: string; to?: string },
) {
  requireActor(actor);
  if (input.from) checkDay("from", input.from);
  if (input.to) checkDay("to", input.to);
  const p = await resolvePlace(db, input.place);
  authorizePlace(actor, p);
  const to = input.to ?? shanghaiToday();
  const from = input.from ?? `${to.slice(0, 7)}-01`;
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1;
  if (days > MAX_CATEGORY_DAYS)
    throw new AppError("VALIDATION", {
      zh: `分类统计的时间段最长 ${MAX_CATEGORY_DAYS} 天，现为 ${days} 天`,
      en: `Requests by category cover at most ${MAX_CATEGORY_DAYS} days, not ${days}`,
      details: [{ field: "from", message: `at most ${MAX_CATEGORY_DAYS} days` }],
    });
  const rows = await q.requestsByCategory(db, p.communityIds, p.grid?.gridId ?? null, from, to);
  const categories = rows.map((r) => ({
    code: r.code,
    nameZh: r.name_zh,
    nameEn: r.name_en,
    count: Number(r.n),
  }));
  return {
    place: { level: p.level, place: p.place, name: p.name },
    from,
    to,
    total: categories.reduce((n, c) => n + c.count, 0),
    categories,
  };
}
// ---- for the monthly reports (insight/reports) ----

/**
 * The figures of a district, street or community with no caller: for the monthly report job, and for
 * the report service after it has authorized the caller on the place itself.
 */
export async function figuresOfPlace(
  db: Db,
  place: string,
  input: { period: Bucket; from?: string; to?: string },
): Promise<InsightFigures> {
  return figuresOf(db, await resolvePlace(db, place), input);
}

/** The Chinese names of the figures (the Excel headers), for the report's tables. */
export const FIGURE_NAMES_ZH: Readonly<Record<FigureKey, string>> = FIGURE_ZH;
