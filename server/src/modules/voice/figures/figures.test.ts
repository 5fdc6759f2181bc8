// Figures (V6): the rollup equals a recount of the request rows — after the first refresh and after
// requests change — and the public board sums it without names or rooms.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, createWorld, type TestApp } from "../../../../test/test-app.ts";
import type { Rating, RequestKind, RequestStatus } from "../../../db/schema.ts";
import { insertRequest, updateRequest } from "./figures.fixtures.ts";
import { countDirtyStats, rebuildAllStats, recountMismatches, SOLVE_HOUR_BOUNDS } from "./figures.queries.ts";
import { histogramQuantile, refreshFigures } from "./figures.service.ts";

type World = Awaited<ReturnType<typeof createWorld>>;
let t: TestApp;
let w: World;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A small deterministic PRNG (mulberry32), so a failure can be replayed. */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const created: { communityId: number; id: number }[] = [];

async function generate(count: number, seed: number) {
  const rand = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const communities = [w.a, w.b, w.c];
  // 20 days back from a fixed noon-ish instant, so that days in China time vary
  const base = Date.now() - 20 * DAY;
  for (let i = 0; i < count; i++) {
    const c = pick(communities);
    const gridId = rand() < 0.15 ? null : pick(c.grids);
    const kind = pick<RequestKind>(["problem", "problem", "need", "wish"]);
    const createdAt = new Date(base + Math.floor(rand() * 19 * DAY));
    const signDueAt = new Date(createdAt.getTime() + DAY);
    const solveDueAt = new Date(createdAt.getTime() + 5 * DAY);
    const status = pick<RequestStatus>(["submitted", "signed", "resolved", "closed", "closed", "merged"]);
    const signed = status !== "submitted" && status !== "merged";
    const signedAt = signed ? new Date(createdAt.getTime() + rand() * 2 * DAY) : null;
    const solved = status === "resolved" || status === "closed";
    // solve times spread over every histogram bucket, including exact bucket bounds
    const hours = rand() < 0.1 ? pick(SOLVE_HOUR_BOUNDS) : rand() ** 3 * 500;
    const resolvedAt = solved ? new Date(createdAt.getTime() + hours * HOUR) : null;
    const rating =
      status === "closed" && rand() < 0.7 ? pick<Rating>(["good", "good", "average", "poor"]) : null;
    const r = await insertRequest(t.db, {
      communityId: c.id,
      gridId,
      kind,
      status,
      createdAt,
      signDueAt,
      solveDueAt,
      signedAt,
      resolvedAt,
      confirmDueAt: resolvedAt ? new Date(resolvedAt.getTime() + 7 * DAY) : null,
      closedAt: status === "closed" ? resolvedAt : null,
      closeReason:
        status === "closed" ? (rating ? "rated" : "not_rated") : status === "merged" ? "merged" : null,
      rating,
    });
    created.push({ communityId: c.id, id: r.id });
  }
}

/** The figures recounted in JavaScript from the raw rows: an independent check of the SQL definitions. */
async function recountInJs() {
  const { rows } = await sql<any>`
    select community_id, coalesce(grid_id, 0) as grid_id,
      to_char(created_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as day,
      kind, status, close_reason, rating, created_at, signed_at, sign_due_at, resolved_at, solve_due_at
    from request`.execute(t.db);
  const out = new Map<string, any>();
  for (const r of rows) {
    if (r.status === "merged") continue;
    const key = `${r.community_id}/${r.grid_id}/${r.day}`;
    let s = out.get(key);
    if (!s) {
      s = {
        received: 0,
        wishes: 0,
        wishes_fulfilled: 0,
        signed: 0,
        signed_on_time: 0,
        solved: 0,
        solved_on_time: 0,
        problems_solved: 0,
        rated: 0,
        rated_good: 0,
        rated_average: 0,
        rated_poor: 0,
        solve_hours_hist: Array(SOLVE_HOUR_BOUNDS.length + 1).fill(0),
      };
      out.set(key, s);
    }
    const t = (v: unknown) => (v == null ? null : new Date(v as string).getTime());
    s.received += 1;
    if (r.kind === "wish") s.wishes += 1;
    if (
      r.kind === "wish" &&
      (r.status === "resolved" || r.status === "closed") &&
      r.close_reason !== "merged"
    )
      s.wishes_fulfilled += 1;
    if (r.signed_at) s.signed += 1;
    if (r.signed_at && t(r.signed_at)! <= t(r.sign_due_at)!) s.signed_on_time += 1;
    if (r.resolved_at) {
      s.solved += 1;
      if (t(r.resolved_at)! <= t(r.solve_due_at)!) s.solved_on_time += 1;
      if (r.kind !== "wish") s.problems_solved += 1;
      const hours = (t(r.resolved_at)! - t(r.created_at)!) / HOUR;
      const k = SOLVE_HOUR_BOUNDS.filter((b) => hours >= b).length;
      s.solve_hours_hist[k] += 1;
    }
    if (r.rating) {
      s.rated += 1;
      s[`rated_${r.rating}`] += 1;
    }
  }
  return out;
}

async function rollupRows() {
  const { rows } = await sql<any>`
    select community_id, grid_id, to_char(day, 'YYYY-MM-DD') as day, received, wishes, wishes_fulfilled,
      signed, signed_on_time, solved, solved_on_time, problems_solved, rated, rated_good, rated_average, rated_poor,
      solve_hours_hist
    from request_stats`.execute(t.db);
  return new Map(
    rows.map(({ community_id, grid_id, day, ...s }: any) => [
      `${community_id}/${grid_id}/${day}`,
      { ...s, solve_hours_hist: s.solve_hours_hist.map(Number) },
    ]),
  );
}

/** request_stats_community, keyed community/day. */
async function communityRows() {
  const { rows } = await sql<any>`
    select community_id, to_char(day, 'YYYY-MM-DD') as day, received, wishes, wishes_fulfilled,
      signed, signed_on_time, solved, solved_on_time, problems_solved, rated, rated_good, rated_average, rated_poor,
      solve_hours_hist
    from request_stats_community`.execute(t.db);
  return Object.fromEntries(
    rows.map(({ community_id, day, ...s }: any) => [
      `${community_id}/${day}`,
      { ...s, solve_hours_hist: s.solve_hours_hist.map(Number) },
    ]),
  );
}

/** The JS recount summed over grids: what request_stats_community must hold. */
function perCommunity(js: Map<string, any>) {
  const out: Record<string, any> = {};
  for (const [key, v] of js) {
    const [community, , day] = key.split("/");
    const k = `${community}/${day}`;
    const o = out[k];
    if (!o) out[k] = { ...v, solve_hours_hist: [...v.solve_hours_hist] };
    else
      for (const [f, n] of Object.entries(v))
        o[f] = Array.isArray(n) ? o[f].map((x: number, i: number) => x + n[i]) : o[f] + (n as number);
  }
  return out;
}

async function expectEqualToRecount() {
  expect(await recountMismatches(t.db)).toEqual({ count: 0, sample: [] });
  const js = await recountInJs();
  expect(Object.fromEntries(await rollupRows())).toEqual(Object.fromEntries(js));
  expect(await communityRows()).toEqual(perCommunity(js));
}

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t.db);
  await generate(400, 20261122);
});
afterAll(async () => {
  await t?.close();
});

describe("figures rollup", () => {
  it("equals a recount of the requests after the job ran", async () => {
    expect(await countDirtyStats(t.db)).toBeGreaterThan(0);
    const { keys } = await refreshFigures(t.db);
    expect(keys).toBeGreaterThan(0);
    expect(await countDirtyStats(t.db)).toBe(0);
    await expectEqualToRecount();
  });

  it("stays equal after requests change and are marked dirty; the check notices before the job runs", async () => {
    const rand = rng(7);
    const changed = created.filter(() => rand() < 0.2);
    for (const [i, r] of changed.entries()) {
      const now = new Date();
      switch (i % 5) {
        case 0:
          await updateRequest(t.db, r.communityId, r.id, {
            status: "signed",
            signed_at: now,
            resolved_at: null,
          });
          break;
        case 1:
          await updateRequest(t.db, r.communityId, r.id, { status: "resolved", resolved_at: now });
          break;
        case 2:
          await updateRequest(t.db, r.communityId, r.id, {
            status: "closed",
            rating: "poor",
            close_reason: "rated",
          });
          break;
        case 3:
          await updateRequest(t.db, r.communityId, r.id, { status: "merged", close_reason: "merged" });
          break;
        case 4:
          await updateRequest(t.db, r.communityId, r.id, {
            kind: "wish",
            status: "closed",
            close_reason: "not_rated",
          });
          break;
      }
    }
    // every request of some key became merged: that key must disappear from the rollup
    const lonely = await insertRequest(t.db, {
      communityId: w.c.id,
      gridId: w.c.grids[1]!,
      createdAt: new Date(Date.now() - 40 * DAY),
    });
    await refreshFigures(t.db);
    await updateRequest(t.db, w.c.id, lonely.id, { status: "merged", close_reason: "merged" });

    const stale = await recountMismatches(t.db);
    expect(stale.count).toBeGreaterThan(0);
    expect(stale.sample.some((m) => m.grid_id === null)).toBe(true);
    // two refreshes at once (two server processes): they take turns, the result is the same
    await Promise.all([refreshFigures(t.db), refreshFigures(t.db)]);
    await expectEqualToRecount();
  });

  it("can be rebuilt from scratch (after a bulk load) to the same rows", async () => {
    const before = [Object.fromEntries(await rollupRows()), await communityRows()];
    await rebuildAllStats(t.db);
    expect([Object.fromEntries(await rollupRows()), await communityRows()]).toEqual(before);
    await expectEqualToRecount();
  });

  it("reads percentiles from the histogram as the bucket's upper bound", () => {
    const hist = Array(11).fill(0);
    expect(histogramQuantile(hist, 0.5)).toBeNull();
    hist[0] = 5; // < 1 h
    hist[3] = 4; // 4–8 h
    hist[10] = 1; // ≥ 336 h
    expect(histogramQuantile(hist, 0.5)).toBe(1);
    expect(histogramQuantile(hist, 0.9)).toBe(8);
    expect(histogramQuantile(hist, 1)).toBe(336);
  });
});

describe("GET /api/board/figures", () => {
  const board = (query: string) => t.app.inject({ method: "GET", url: `/api/board/figures?${query}` });

  it("sums the rollup of a grid, a community and a street, for anyone, with a daily series", async () => {
    const js = await recountInJs();
    const sum = (pred: (key: string) => boolean, field: string) =>
      [...js.entries()].filter(([k]) => pred(k)).reduce((s, [, v]) => s + v[field], 0);
    const cases = [
      {
        query: `level=grid&id=${w.a.grids[0]}`,
        pred: (k: string) => k.startsWith(`${w.a.id}/${w.a.grids[0]}/`),
      },
      { query: `level=community&id=${w.b.id}`, pred: (k: string) => k.startsWith(`${w.b.id}/`) },
      {
        query: `level=street&id=${w.streetA}`,
        pred: (k: string) => k.startsWith(`${w.a.id}/`) || k.startsWith(`${w.b.id}/`),
      },
    ];
    for (const c of cases) {
      const res = await board(c.query);
      expect(res.statusCode, res.body).toBe(200);
      const f = res.json();
      expect(f.received, c.query).toBe(sum(c.pred, "received"));
      expect(f.solved).toBe(sum(c.pred, "solved"));
      expect(f.solvedOnTime).toBe(sum(c.pred, "solved_on_time"));
      expect(f.signedOnTime).toBe(sum(c.pred, "signed_on_time"));
      expect(f.wishesFulfilled).toBe(sum(c.pred, "wishes_fulfilled"));
      expect(f.problemsSolved).toBe(sum(c.pred, "problems_solved"));
      expect(f.series.reduce((s: number, d: any) => s + d.problemsSolved, 0)).toBe(f.problemsSolved);
      expect(f.ratedGood).toBe(sum(c.pred, "rated_good"));
      expect(f.satisfactionPct).toBe(f.rated ? Math.round((1000 * f.ratedGood) / f.rated) / 10 : null);
      expect(f.series.reduce((s: number, d: any) => s + d.received, 0)).toBe(f.received);
      expect(f.solveHoursHistogram.reduce((s: number, b: any) => s + b.count, 0)).toBe(f.solved);
      expect(SOLVE_HOUR_BOUNDS).toContain(f.medianSolveHours);
      expect(f.p90SolveHours).toBeGreaterThanOrEqual(f.medianSolveHours);
      // public: no person's name, phone or room anywhere
      expect(res.body).not.toMatch(/居民|submitter|room|phone/);
    }
  });

  it("counts a solved problem and a fulfilled micro-wish as separate figures (问题 and 心愿)", async () => {
    const gridId = w.b.grids[0]!;
    const query = `level=grid&id=${gridId}&communityId=${w.b.id}`;
    const before = (await board(query)).json();
    const createdAt = new Date(Date.now() - 3 * DAY);
    const resolvedAt = new Date(createdAt.getTime() + 30 * HOUR);
    // a problem solved, a need solved, a micro-wish fulfilled, and a problem still open
    await insertRequest(t.db, { communityId: w.b.id, gridId, createdAt, status: "resolved", resolvedAt });
    await insertRequest(t.db, {
      communityId: w.b.id,
      gridId,
      kind: "need",
      createdAt,
      status: "closed",
      resolvedAt,
      closedAt: resolvedAt,
      closeReason: "not_rated",
    });
    await insertRequest(t.db, {
      communityId: w.b.id,
      gridId,
      kind: "wish",
      createdAt,
      status: "closed",
      resolvedAt,
      closedAt: resolvedAt,
      closeReason: "rated",
      rating: "good",
    });
    await insertRequest(t.db, {
      communityId: w.b.id,
      gridId,
      createdAt,
      status: "signed",
      signedAt: createdAt,
    });
    await refreshFigures(t.db);
    const after = (await board(query)).json();
    expect(after.received - before.received).toBe(4);
    expect(after.solved - before.solved).toBe(3);
    expect(after.problemsSolved - before.problemsSolved).toBe(2);
    expect(after.wishes - before.wishes).toBe(1);
    expect(after.wishesFulfilled - before.wishesFulfilled).toBe(1);
    await expectEqualToRecount();
  });

  it("limits to a date range, and answers 404 / 400 for unknown places and bad input", async () => {
    const all = (await board(`level=community&id=${w.a.id}`)).json();
    const day = all.series[0].day;
    const one = (await board(`level=community&id=${w.a.id}&from=${day}&to=${day}`)).json();
    expect(one.received).toBe(all.series[0].received);
    expect(one.series).toHaveLength(1);
    expect((await board("level=street&id=999999")).statusCode).toBe(404);
    expect((await board("level=grid&id=999999")).statusCode).toBe(404);
    expect((await board(`level=province&id=1`)).statusCode).toBe(400);
    expect((await board(`level=community&id=${w.a.id}&from=2026-02-30x`)).statusCode).toBe(400);
    expect((await board(`level=community&id=${w.a.id}&from=2026-03-02&to=2026-03-01`)).statusCode).toBe(400);
  });
});
