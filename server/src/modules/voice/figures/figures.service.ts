// Figures (DOMAIN V6): the rollup request_stats is kept current by the figures job, which
// recomputes every key marked dirty from the request rows; the public board sums rollup rows only.
import type { Kysely } from "kysely";
import type { AsOf, ReadTarget } from "../../../db/read-standby.ts";
import type { DB } from "../../../db/schema.ts";
import { AppError } from "../../../errors.ts";
import { dropCache, onCacheDropped } from "../../../events/caches.ts";
import { mallFigures } from "../../points/mall/mall.service.ts";
import { pointsFigures } from "../../points/points/points.service.ts";
import { volunteeringFigures } from "../../volunteering/volunteering/volunteering.service.ts";
import * as q from "./figures.queries.ts";

// For the demo and synthetic data builders: recompute every rollup after a bulk load.
// For insight's `npm run verify:figures`: the request rollups compared with a recount (a full scan).
export {
  monthlyStatsMismatches,
  rebuildAllStats,
  recountMismatches as recountRequestStats,
} from "./figures.queries.ts";

const BATCH = 500;

/** Recomputes every dirty key, a batch per transaction, until none is left. */
export async function refreshFigures(db: Kysely<DB>): Promise<{ keys: number }> {
  let keys = 0;
  for (;;) {
    const n = await q.refreshDirtyStats(db, BATCH);
    keys += n;
    if (n > 0) await dropCache(db, "boards");
    if (n < BATCH) return { keys };
  }
}

/**
 * The p-quantile of a histogram, as the upper bound (hours) of the bucket it falls in; the open
 * last bucket (≥ 336 h) answers its lower bound. Null when the histogram is empty.
 */
export function histogramQuantile(hist: number[], p: number): number | null {
  const total = hist.reduce((s, n) => s + n, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(p * total));
  let seen = 0;
  for (let k = 0; k < hist.length; k++) {
    seen += hist[k]!;
    if (seen >= rank) return q.SOLVE_HOUR_BOUNDS[k] ?? q.SOLVE_HOUR_BOUNDS.at(-1)!;
  }
  return q.SOLVE_HOUR_BOUNDS.at(-1)!;
}

const pct = (part: number, whole: number) => (whole > 0 ? Math.round((1000 * part) / whole) / 10 : null);

export function presentFigures(s: q.StatsSums) {
  return {
    received: s.received,
    signed: s.signed,
    signedOnTime: s.signed_on_time,
    signedOnTimePct: pct(s.signed_on_time, s.signed),
    solved: s.solved,
    solvedOnTime: s.solved_on_time,
    solvedOnTimePct: pct(s.solved_on_time, s.solved),
    problemsSolved: s.problems_solved,
    medianSolveHours: histogramQuantile(s.hist, 0.5),
    p90SolveHours: histogramQuantile(s.hist, 0.9),
    rated: s.rated,
    ratedGood: s.rated_good,
    ratedAverage: s.rated_average,
    ratedPoor: s.rated_poor,
    satisfactionPct: pct(s.rated_good, s.rated),
    wishes: s.wishes,
    wishesFulfilled: s.wishes_fulfilled,
  };
}

export type BoardLevel = "grid" | "community" | "street";

/** Resolves a board place to the rollup scope and its public name. */
export async function boardScope(
  db: Kysely<DB>,
  level: BoardLevel,
  id: number,
  communityId?: number,
): Promise<{ name: string; communityIds: number[]; gridId?: number }> {
  if (level === "grid") {
    const grids = (await q.gridById(db, id)).filter(
      (g) => communityId == null || g.community_id === communityId,
    );
    if (grids.length === 0) throw new AppError("NOT_FOUND");
    if (grids.length > 1)
      throw new AppError("VALIDATION", {
        zh: "该网格编号在多个社区中存在，请同时提供 communityId",
        en: "This grid id exists in several communities: give communityId too",
      });
    return { name: grids[0]!.name, communityIds: [grids[0]!.community_id], gridId: id };
  }
  if (level === "community") {
    const c = await q.communityById(db, id);
    if (!c) throw new AppError("NOT_FOUND");
    return { name: c.name, communityIds: [c.id] };
  }
  const s = await q.streetById(db, id);
  if (!s) throw new AppError("NOT_FOUND");
  return { name: s.name, communityIds: await q.communityIdsOfStreet(db, id) };
}

// Board answers are cached until the rollup changes: the figures job in this process empties the
// cache whenever it refreshes a key, and an answer is never older than a minute, which bounds it
// when the job runs in another process. A street's board over 10M requests then costs one sum a
// minute, not one per visitor.
const BOARD_TTL_MS = 60_000;
const BOARD_CACHE_MAX = 5_000;
const boardCache = new Map<
  string,
  { at: number; asOf: Promise<AsOf>; value: Promise<Awaited<ReturnType<typeof computeBoard>>> }
>();

/** Reads without a standby configured: the primary, any kept answer will do. */
const PRIMARY_ONLY = (db: Kysely<DB>): ReadTarget => ({
  db,
  source: "primary",
  asOf: async () => ({ source: "primary", lsn: null }),
  mayReuse: () => true,
});

/**
 * A kept answer, if it is younger than the TTL and has the reader's own last write (issue 16: a standby
 * behind the writer, or an answer computed before the write, is not served to the writer).
 */
async function reusable<T>(
  hit: { at: number; asOf: Promise<AsOf>; value: Promise<T> } | undefined,
  read: ReadTarget,
): Promise<Promise<T> | null> {
  if (!hit || Date.now() - hit.at >= BOARD_TTL_MS) return null;
  const asOf = await hit.asOf.catch(() => null);
  return asOf && read.mayReuse(asOf) ? hit.value : null;
}

export function forgetBoards(): void {
  boardCache.clear();
}
onCacheDropped("boards", forgetBoards);

export async function boardFigures(
  // the database to read (a standby when one is configured, http/read-routing.ts), or just the primary
  read: ReadTarget | Kysely<DB>,
  input: { level: BoardLevel; id: number; communityId?: number; from?: string; to?: string },
) {
  const target = "mayReuse" in read ? read : PRIMARY_ONLY(read);
  const key = JSON.stringify([
    input.level,
    input.id,
    input.communityId ?? null,
    input.from ?? null,
    input.to ?? null,
  ]);
  const kept = await reusable(boardCache.get(key), target);
  if (kept) return kept;
  if (boardCache.size >= BOARD_CACHE_MAX) boardCache.clear();
  // stamped before it is computed: the answer has at least what the stamp says
  const asOf = target.asOf();
  const value = asOf.then(() => computeBoard(target.db, input));
  boardCache.set(key, { at: Date.now(), asOf, value });
  // a failed computation (e.g. an unknown place) is not remembered
  value.catch(() => boardCache.delete(key));
  return value;
}

async function computeBoard(
  db: Kysely<DB>,
  input: { level: BoardLevel; id: number; communityId?: number; from?: string; to?: string },
) {
  const place = await boardScope(db, input.level, input.id, input.communityId);
  const scope = { communityIds: place.communityIds, gridId: place.gridId, from: input.from, to: input.to };
  const days = await q.dailyStats(db, scope);
  const totals = q.totalOf(days);
  return {
    level: input.level,
    id: input.id,
    name: place.name,
    from: input.from ?? null,
    to: input.to ?? null,
    ...presentFigures(totals),
    solveHoursHistogram: totals.hist.map((count, k) => ({
      fromHours: k === 0 ? 0 : q.SOLVE_HOUR_BOUNDS[k - 1]!,
      toHours: q.SOLVE_HOUR_BOUNDS[k] ?? null,
      count,
    })),
    series: days.map((d) => ({
      day: d.day,
      received: d.received,
      signed: d.signed,
      signedOnTime: d.signed_on_time,
      solved: d.solved,
      solvedOnTime: d.solved_on_time,
      problemsSolved: d.problems_solved,
      rated: d.rated,
      ratedGood: d.rated_good,
      wishes: d.wishes,
      wishesFulfilled: d.wishes_fulfilled,
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// participation (T5): volunteering and points of a grid, community or street, for the public board

const participationCache = new Map<string, { at: number; asOf: Promise<AsOf>; value: Promise<unknown> }>();

/** The first instant of a China day (YYYY-MM-DD), and of the day after `to`. */
const dayStart = (day: string) => new Date(`${day}T00:00:00+08:00`);
const dayAfter = (day: string) => new Date(dayStart(day).getTime() + 86_400_000);

/**
 * Volunteer service and points of a place in a period: counts only, no person named. Read from the
 * volunteering and points services (indexed sums, kept a minute per place and period like the board).
 */
export async function boardParticipation(
  read: ReadTarget | Kysely<DB>,
  input: { level: BoardLevel; id: number; communityId?: number; from?: string; to?: string },
) {
  const target = "mayReuse" in read ? read : PRIMARY_ONLY(read);
  const key = JSON.stringify([
    input.level,
    input.id,
    input.communityId ?? null,
    input.from ?? null,
    input.to ?? null,
  ]);
  const kept = await reusable(participationCache.get(key), target);
  if (kept) return kept as ReturnType<typeof computeParticipation>;
  if (participationCache.size >= BOARD_CACHE_MAX) participationCache.clear();
  const asOf = target.asOf();
  const value = asOf.then(() => computeParticipation(target.db, input));
  participationCache.set(key, { at: Date.now(), asOf, value });
  value.catch(() => participationCache.delete(key));
  return value;
}

async function computeParticipation(
  db: Kysely<DB>,
  input: { level: BoardLevel; id: number; communityId?: number; from?: string; to?: string },
) {
  for (const [field, day] of [
    ["from", input.from],
    ["to", input.to],
  ] as const)
    if (day != null && Number.isNaN(dayStart(day).getTime()))
      throw new AppError("VALIDATION", {
        zh: `${field === "from" ? "开始" : "结束"}日期不存在：${day}`,
        en: `There is no such day as ${day} (${field})`,
        details: [{ field, message: "not a day of the calendar" }],
      });
  const place = await boardScope(db, input.level, input.id, input.communityId);
  const scope = {
    communityIds: place.communityIds,
    gridId: place.gridId,
    from: input.from ? dayStart(input.from) : undefined,
    to: input.to ? dayAfter(input.to) : undefined,
  };
  const [residents, vol, pts, mall] = await Promise.all([
    q.verifiedResidents(db, place.communityIds, place.gridId),
    volunteeringFigures(db, scope),
    pointsFigures(db, scope),
    place.gridId != null
      ? null
      : mallFigures(
          db,
          place.communityIds,
          scope.from ?? new Date(0),
          scope.to ?? new Date("9999-12-31T00:00:00Z"),
        ),
  ]);
  const sum = (k: "exchanges" | "pointsRedeemed" | "valueFen") =>
    mall == null ? null : mall.reduce((n, r) => n + r[k], 0);
  const valueFen = sum("valueFen");
  const hours = vol.minutes / 60;
  return {
    level: input.level,
    id: input.id,
    name: place.name,
    from: input.from ?? null,
    to: input.to ?? null,
    residents,
    volunteers: vol.volunteers,
    services: vol.services,
    hours: Math.round(hours * 10) / 10,
    hoursPerResident: residents > 0 ? Math.round((hours / residents) * 100) / 100 : null,
    teamMembers: vol.members,
    teams: vol.teams,
    pointsIssued: pts.issued,
    pointsDeducted: pts.deducted,
    residentsAwarded: pts.residents,
    exchanges: sum("exchanges"),
    pointsRedeemed: sum("pointsRedeemed"),
    goodsValueYuan: valueFen == null ? null : valueFen / 100,
  };
}
