// `npm run bench -- insight-dashboard insight-street-report insight-rollup-lag`: issue 17's district-scale
// insight benchmarks on PostgreSQL, inside run.ts's normal flow. Before the server starts, run.ts writes
// the synthetic district, its requests (--requests, 10,000,000) and a year of the other modules' histories
// (bench/insight-history.ts), rebuilds the insight rollup with the module's rebuild (rebuildInsight) and
// checks it with the verify-figures code (verifyFigures: every rollup row equal to a recount) — the
// invariant. Then, against the real server (its jobs and event consumers running):
//  - insight-dashboard: `viewers` concurrent staff sessions (real sign-ins: the district official,
//    street officials and community workers) load the staff dashboard (/staff/insight) over and over as
//    the browser does on a page load: GET /api/me; then /api/places/divisions and
//    /api/me/notifications?limit=1&unreadOnly=true; then /api/insight/figures (their widest place, by
//    month, the last 12 months) and /api/communities/:id/verification-queue (the console's badge). The
//    notifications stream (EventSource) is left out: it is long-lived. p50/p95/p99 per call and level,
//    and the page load's time; target: the district viewers' figures p95 < 200 ms.
//  - insight-street-report: each street official makes the monthly report of their street for last month
//    (POST /api/insight/reports: numbers + PDF + archive) and downloads the PDF; time per report, target
//    < 10 s; the numbers alone (reportNumbers in-process) beside it.
//  - insight-rollup-lag: community workers record care visits (POST /api/communities/:id/care/residents/:id/visits)
//    at `rate` a second for `duration` seconds, round the communities; for each, the time from the
//    answer (the commit is before it) to the visit counted in insight_daily (polled every 50 ms) — what
//    the figures API sums; p50/p95, target p95 < 5 s. A last figures API call checks the count.
// After them verifyFigures runs again: the rows the scenarios wrote, rolled up by the server's consumer and
// refresh job, must equal their recount too.
import type { Kysely } from "kysely";
import pg from "pg";
import { loadActor } from "../server/src/access/actor.queries.ts";
import { openDatabase } from "../server/src/db/database.ts";
import type { DB } from "../server/src/db/schema.ts";
import type { GeneratedDistrict } from "../server/src/demo/synthetic-district.ts";
import {
  computedFigures,
  staffFigures,
  verifyFigures,
} from "../server/src/modules/insight/figures/figures.service.ts";
import { reportNumbers } from "../server/src/modules/insight/reports/reports.service.ts";
import { captureQueries, type ExplainedQuery, explainAnalyze } from "./diagnose.ts";
import { chinaDayBefore } from "./insight-history.ts";
import { round, summarise } from "./stats.ts";

export const INSIGHT_SCENARIOS = [
  "insight-dashboard",
  "insight-street-report",
  "insight-rollup-lag",
] as const;
export type InsightScenario = (typeof INSIGHT_SCENARIOS)[number];

const DASHBOARD_TARGET_MS = 200;
const REPORT_TARGET_S = 10;
const LAG_TARGET_S = 5;

interface Line {
  scenario: string;
  figure: string;
  unit: string;
  baseline: string;
  details?: string;
}
interface Target {
  target: string;
  measured: string;
  pass: boolean | null;
}

export async function signIn(url: string, phone: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ phone, password }),
  });
  if (!res.ok) throw new Error(`sign-in of ${phone} failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .find((c) => c.startsWith("linli_session="));
  if (!cookie) throw new Error(`sign-in of ${phone} set no session cookie`);
  return cookie;
}

const today = () => chinaDayBefore(0);
/** The first day of the month `n` months before `day`'s month (the page's default span: 11 months back). */
function monthsBack(day: string, n: number): string {
  const d = new Date(`${day.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - n);
  return d.toISOString().slice(0, 10);
}
const previousMonth = () => monthsBack(today(), 1).slice(0, 7);

type Level = "district" | "street" | "community";
interface MeRole {
  scopeType: string;
  scopeId: number | null;
  scopeCommunityId: number | null;
  permissions: string[];
}
const RANK: Record<string, number> = { global: 0, district: 1, street: 2, community: 3, grid: 4 };

/** The page's startPlace (web/src/features/insight/figures/insight-staff-page.tsx). */
function startPlace(roles: MeRole[], communityId: number): string | null {
  const g = roles
    .filter((r) => r.permissions.includes("insight.read"))
    .sort((a, b) => (RANK[a.scopeType] ?? 9) - (RANK[b.scopeType] ?? 9))[0];
  if (!g) return null;
  if (g.scopeType === "global") return `community:${communityId}`;
  if (g.scopeType === "grid") return `grid:${g.scopeCommunityId}:${g.scopeId}`;
  return `${g.scopeType}:${g.scopeId}`;
}

interface Division {
  id: number;
  streets: { id: number; communities: { id: number }[] }[];
}
/** The console's community: the first the person's roles reach (web/src/app/staff-communities.ts). */
function consoleCommunity(roles: MeRole[], divisions: Division[]): number | null {
  for (const r of roles) {
    for (const d of divisions)
      for (const s of d.streets)
        for (const c of s.communities) {
          if (r.scopeType === "global") return c.id;
          if (r.scopeType === "district" && d.id === r.scopeId) return c.id;
          if (r.scopeType === "street" && s.id === r.scopeId) return c.id;
        }
    const id = r.scopeCommunityId ?? (r.scopeType === "community" ? r.scopeId : null);
    if (id != null) return id;
  }
  return null;
}

interface Viewer {
  level: Level;
  phone: string;
  cookie: string;
}

async function timed(url: string, path: string, cookie: string) {
  const t0 = performance.now();
  try {
    const res = await fetch(url + path, { headers: { cookie } });
    const body = await res.text();
    return { ms: performance.now() - t0, status: res.status, body };
  } catch (e) {
    return { ms: performance.now() - t0, status: 0, body: String(e) };
  }
}

async function runDashboard(o: {
  url: string;
  db: Kysely<DB>;
  databaseUrl: string;
  district: GeneratedDistrict;
  viewers: number;
  durationSeconds: number;
  warmupSeconds: number;
  log: (m: string) => void;
}) {
  const staff = o.district.staff;
  const official = staff.find((s) => s.role === "district_official")!;
  const streets = staff.filter((s) => s.role === "street_official");
  const workers = staff.filter((s) => s.role === "community_worker");
  // about a third of each level; every street and community viewer a different person
  const nDistrict = Math.ceil(o.viewers / 3);
  const nStreet = Math.ceil((o.viewers - nDistrict) / 2);
  const nCommunity = o.viewers - nDistrict - nStreet;
  const plan: { level: Level; phone: string }[] = [
    ...Array.from({ length: nDistrict }, () => ({ level: "district" as const, phone: official.phone })),
    ...Array.from({ length: nStreet }, (_, i) => ({
      level: "street" as const,
      phone: streets[Math.floor((i * streets.length) / nStreet) % streets.length]!.phone,
    })),
    ...Array.from({ length: nCommunity }, (_, i) => ({
      level: "community" as const,
      phone: workers[Math.floor((i * workers.length) / nCommunity) % workers.length]!.phone,
    })),
  ];
  const viewers: Viewer[] = [];
  for (const p of plan) viewers.push({ ...p, cookie: await signIn(o.url, p.phone, o.district.password) });
  o.log(
    `insight-dashboard: ${viewers.length} viewers signed in (${nDistrict} district, ${nStreet} street, ${nCommunity} community)`,
  );

  const calls = new Map<string, number[]>(); // `${level} ${call}` → ms
  const pages = new Map<Level, number[]>();
  const statuses = new Map<string, number>(); // `${call} ${status}` → n
  const failures: string[] = [];
  let recording = false;
  const note = (level: Level, call: string, r: { ms: number; status: number; body: string }) => {
    if (!recording) return;
    const key = `${level} ${call}`;
    if (!calls.has(key)) calls.set(key, []);
    calls.get(key)!.push(r.ms);
    const sk = `${call} ${r.status}`;
    statuses.set(sk, (statuses.get(sk) ?? 0) + 1);
    if ((r.status === 0 || r.status >= 500) && failures.length < 5)
      failures.push(`${r.status} ${call}: ${r.body.slice(0, 200)}`);
  };
  const places = new Map<Level, string>();

  async function pageLoad(v: Viewer) {
    const t0 = performance.now();
    const me = await timed(o.url, "/api/me", v.cookie);
    note(v.level, "me", me);
    if (me.status !== 200) return;
    const roles = (JSON.parse(me.body) as { roles: MeRole[] }).roles;
    const [divisions, unread] = await Promise.all([
      timed(o.url, "/api/places/divisions", v.cookie),
      timed(o.url, "/api/me/notifications?limit=1&unreadOnly=true", v.cookie),
    ]);
    note(v.level, "divisions", divisions);
    note(v.level, "notifications", unread);
    if (divisions.status !== 200) return;
    const communityId = consoleCommunity(roles, JSON.parse(divisions.body) as Division[]);
    const place = startPlace(roles, communityId ?? 0);
    if (!place || communityId == null) throw new Error(`no insight place for ${v.phone}`);
    places.set(v.level, place);
    const to = today();
    const from = monthsBack(to, 11);
    const [figures, queue] = await Promise.all([
      timed(
        o.url,
        `/api/insight/figures?place=${encodeURIComponent(place)}&period=month&from=${from}&to=${to}`,
        v.cookie,
      ),
      // the menu's badge: the browser asks only for those who verify residents (community workers)
      v.level === "community"
        ? timed(o.url, `/api/communities/${communityId}/verification-queue`, v.cookie)
        : null,
    ]);
    note(v.level, "figures", figures);
    if (queue) note(v.level, "verification-queue", queue);
    if (recording) {
      if (!pages.has(v.level)) pages.set(v.level, []);
      pages.get(v.level)!.push(performance.now() - t0);
    }
  }

  const loop = async (v: Viewer, until: number) => {
    while (performance.now() < until) await pageLoad(v);
  };
  if (o.warmupSeconds > 0) {
    o.log(`insight-dashboard: warm-up ${o.warmupSeconds} s`);
    const until = performance.now() + o.warmupSeconds * 1000;
    await Promise.all(viewers.map((v) => loop(v, until)));
  }
  o.log(`insight-dashboard: ${viewers.length} viewers for ${o.durationSeconds} s`);
  recording = true;
  const started = performance.now();
  const until = started + o.durationSeconds * 1000;
  await Promise.all(viewers.map((v) => loop(v, until)));
  recording = false;
  const seconds = (performance.now() - started) / 1000;

  // The district figures call alone: one viewer, one call at a time (no other load from the bench), to
  // tell the call's own cost from the queueing of 20 viewers on the machine's cores.
  const alone: number[] = [];
  const districtViewer = viewers.find((v) => v.level === "district");
  const districtPlaceAlone = places.get("district");
  if (districtViewer && districtPlaceAlone) {
    const to = today();
    const path = `/api/insight/figures?place=${encodeURIComponent(districtPlaceAlone)}&period=month&from=${monthsBack(to, 11)}&to=${to}`;
    for (let i = 0; i < 10; i++) {
      const r = await timed(o.url, path, districtViewer.cookie);
      if (r.status === 200) alone.push(r.ms);
    }
  }
  const aloneSummary = summarise(alone);
  // The same figures computed in-process, never remembered: what a page costs when its data changed
  // since it was last asked (a refresh wrote the rollups, or a community is marked).
  const computed: number[] = [];
  if (districtPlaceAlone) {
    const to = today();
    for (let i = 0; i < 10; i++) {
      const t0 = performance.now();
      await computedFigures(o.db, districtPlaceAlone, { period: "month", from: monthsBack(to, 11), to });
      computed.push(performance.now() - t0);
    }
  }
  const computedSummary = summarise(computed);

  const sum = (key: string) => summarise(calls.get(key) ?? []);
  const levels: Level[] = ["district", "street", "community"];
  const byLevel = Object.fromEntries(
    levels.map((l) => {
      const all = [...calls.entries()].filter(([k]) => k.startsWith(`${l} `)).flatMap(([, v]) => v);
      return [
        l,
        {
          place: places.get(l),
          figures: sum(`${l} figures`),
          allCalls: summarise(all),
          pageLoad: summarise(pages.get(l) ?? []),
          calls: Object.fromEntries(
            ["me", "divisions", "notifications", "figures", "verification-queue"].map((c) => [
              c,
              sum(`${l} ${c}`),
            ]),
          ),
        },
      ];
    }),
  );
  const totalCalls = [...calls.values()].reduce((n, v) => n + v.length, 0);

  // The plans of the figures' statements for the district official (always: they say where time goes).
  let plans: ExplainedQuery[] = [];
  const districtPlace = places.get("district");
  if (districtPlace) {
    const user = await sqlUserId(o.databaseUrl, official.phone);
    const queries = await captureQueries(o.databaseUrl, async (db) => {
      const actor = await loadActor(db, user);
      const to = today();
      await staffFigures(db, actor, { place: districtPlace, period: "month", from: monthsBack(to, 11), to });
    });
    const client = new pg.Client({ connectionString: o.databaseUrl });
    await client.connect();
    try {
      // the actor's own lookups first: only the figures' statements
      plans = await explainAnalyze(
        client,
        queries.filter((q) => !/role_assignment|app_user/.test(q.sql)),
      );
    } finally {
      await client.end();
    }
  }

  const d = byLevel.district!;
  const fmt = (s: { p50: number; p95: number; p99: number }) =>
    `p50 ${round(s.p50)} / p95 ${round(s.p95)} / p99 ${round(s.p99)} ms`;
  const status = [...statuses.entries()].map(([k, n]) => `${k} ×${n}`).join(", ");
  const lines: Line[] = levels.map((l) => ({
    scenario: `insight-dashboard (${l})`,
    figure: String(round(byLevel[l]!.figures.p95)),
    unit: "ms p95, /api/insight/figures",
    baseline: `figures ${fmt(byLevel[l]!.figures)}; all the page's calls ${fmt(byLevel[l]!.allCalls)}; page load ${fmt(byLevel[l]!.pageLoad)}`,
    details: `${byLevel[l]!.place}; ${l === "district" ? `the call alone (one viewer, in series) p50 ${round(aloneSummary.p50)} ms, max ${round(aloneSummary.max)} ms; computed in-process, not remembered, p50 ${round(computedSummary.p50)} ms, max ${round(computedSummary.max)} ms; ` : ""}${byLevel[l]!.figures.count} figures calls of ${totalCalls} in ${round(seconds)} s (${round(totalCalls / seconds, 0)} req/s); per call p95 ${Object.entries(
      byLevel[l]!.calls,
    )
      .map(([c, s]) => `${c} ${round(s.p95)}`)
      .join(
        ", ",
      )} ms${l === "district" ? `; statuses ${status}` : ""}${failures.length ? ` — FAILED: ${failures.join(" | ")}` : ""}`,
  }));
  const slowest = [...plans].sort((a, b) => (b.executionMs ?? 0) - (a.executionMs ?? 0))[0];
  if (slowest)
    lines.push({
      scenario: "insight-dashboard (plan)",
      figure: String(round(slowest.executionMs ?? Number.NaN)),
      unit: "ms, the district figures' slowest statement",
      baseline: slowest.sql.replace(/\s+/g, " ").slice(0, 160),
      details: `statements ${plans.map((p) => round(p.executionMs ?? Number.NaN)).join(" / ")} ms (EXPLAIN ANALYZE, idle)`,
    });
  const pass = failures.length === 0 && d.figures.count > 0 && d.figures.p95 < DASHBOARD_TARGET_MS;
  return {
    lines,
    targets: [
      {
        target: `insight-dashboard: the district dashboard's figures p95 < ${DASHBOARD_TARGET_MS} ms at ${o.viewers} concurrent viewers`,
        measured: `${round(d.figures.p95)} ms (all the page's calls p95 ${round(d.allCalls.p95)} ms; the call alone p50 ${round(aloneSummary.p50)} ms)`,
        pass,
      },
    ] as Target[],
    results: {
      "insight-dashboard": {
        viewers: o.viewers,
        seconds,
        byLevel,
        districtFiguresAloneMs: aloneSummary,
        statuses: Object.fromEntries(statuses),
        failures,
        plans,
      },
    },
    missedPlans: pass ? [] : plans,
  };
}

async function sqlUserId(databaseUrl: string, phone: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query("select id from app_user where phone = $1", [phone])).rows[0].id as number;
  } finally {
    await client.end();
  }
}

async function runStreetReport(o: {
  url: string;
  db: Kysely<DB>;
  district: GeneratedDistrict;
  log: (m: string) => void;
}) {
  const month = previousMonth();
  const officials = o.district.staff.filter((s) => s.role === "street_official");
  const times: number[] = [];
  const numbersTimes: number[] = [];
  const rows: { street: number; seconds: number; numbersSeconds: number; pdfBytes: number }[] = [];
  const failures: string[] = [];
  for (const s of officials) {
    const cookie = await signIn(o.url, s.phone, o.district.password);
    const t0 = performance.now();
    const res = await fetch(`${o.url}/api/insight/reports`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify({ place: `street:${s.streetId}`, month }),
    });
    const body = await res.text();
    const seconds = (performance.now() - t0) / 1000;
    if (!res.ok) {
      failures.push(`street:${s.streetId}: ${res.status} ${body.slice(0, 200)}`);
      continue;
    }
    const meta = JSON.parse(body) as { id: number; pdfBytes: number };
    const pdf = await fetch(`${o.url}/api/insight/reports/${meta.id}/report.pdf`, { headers: { cookie } });
    const bytes = Buffer.from(await pdf.arrayBuffer());
    if (!pdf.ok || bytes.subarray(0, 4).toString() !== "%PDF")
      failures.push(`street:${s.streetId}: the PDF did not come back (${pdf.status})`);
    // the numbers alone, in-process (the figures service and the highlights' queries)
    const communities = await o.db
      .selectFrom("community")
      .select("id")
      .where("street_id", "=", s.streetId!)
      .execute();
    const t1 = performance.now();
    await reportNumbers(
      o.db,
      { level: "street", id: s.streetId!, name: "", communityIds: communities.map((c) => c.id) },
      month,
    );
    const numbersSeconds = (performance.now() - t1) / 1000;
    times.push(seconds);
    numbersTimes.push(numbersSeconds);
    rows.push({ street: s.streetId!, seconds, numbersSeconds, pdfBytes: bytes.length });
    o.log(
      `insight-street-report: street:${s.streetId} ${month} in ${round(seconds, 2)} s (numbers alone ${round(numbersSeconds, 2)} s), PDF ${bytes.length} bytes`,
    );
  }
  const t = summarise(times);
  const n = summarise(numbersTimes);
  const pass = failures.length === 0 && t.count > 0 && t.max < REPORT_TARGET_S;
  return {
    lines: [
      {
        scenario: "insight-street-report",
        figure: String(round(t.max, 2)),
        unit: `s max, a street's monthly report (${month}: numbers + PDF + archive) over HTTP`,
        baseline: `p50 ${round(t.p50, 2)} s over ${t.count} streets; the numbers alone p50 ${round(n.p50, 2)} s, max ${round(n.max, 2)} s`,
        details: `PDF ${rows.map((r) => r.pdfBytes).join(" / ")} bytes${failures.length ? ` — FAILED: ${failures.join(" | ")}` : ""}`,
      },
    ] as Line[],
    targets: [
      {
        target: `insight-street-report: a street's monthly report < ${REPORT_TARGET_S} s (every street)`,
        measured: `max ${round(t.max, 2)} s, p50 ${round(t.p50, 2)} s`,
        pass,
      },
    ] as Target[],
    results: { "insight-street-report": { month, rows, failures } },
  };
}

async function runRollupLag(o: {
  url: string;
  databaseUrl: string;
  district: GeneratedDistrict;
  rate: number;
  durationSeconds: number;
  log: (m: string) => void;
}) {
  const workers = o.district.staff.filter((s) => s.role === "community_worker");
  const picked = workers
    .filter((_, i) => i % Math.max(1, Math.floor(workers.length / 40)) === 0)
    .slice(0, 40);
  const pool = new pg.Pool({ connectionString: o.databaseUrl, max: 8 });
  try {
    const writers: { communityId: number; cookie: string; residents: number[] }[] = [];
    for (const w of picked) {
      const residents = (
        await pool.query(
          "select id from resident where community_id = $1 and status = 'verified' order by id limit 50",
          [w.communityId],
        )
      ).rows.map((r) => r.id as number);
      if (residents.length === 0) continue;
      writers.push({
        communityId: w.communityId!,
        cookie: await signIn(o.url, w.phone, o.district.password),
        residents,
      });
    }
    o.log(`insight-rollup-lag: ${writers.length} community workers signed in`);
    const day = today();
    const value = async (communityId: number) =>
      Number(
        (
          await pool.query(
            "select coalesce(sum(value), 0)::int as v from insight_daily where community_id = $1 and figure = 'care_visits' and day = $2::date",
            [communityId, day],
          )
        ).rows[0].v,
      );
    const expected = new Map<number, number>();
    for (const w of writers) expected.set(w.communityId, await value(w.communityId));

    const total = Math.max(1, Math.round(o.rate * o.durationSeconds));
    const fromAnswer: number[] = [];
    const fromSend: number[] = [];
    const failures: string[] = [];
    let unseen = 0;
    const write = async (i: number) => {
      const w = writers[i % writers.length]!;
      const residentId = w.residents[Math.floor(i / writers.length) % w.residents.length]!;
      const sent = performance.now();
      const res = await fetch(
        `${o.url}/api/communities/${w.communityId}/care/residents/${residentId}/visits`,
        {
          method: "POST",
          headers: { "content-type": "application/json", cookie: w.cookie },
          body: JSON.stringify({ health: "good", gasSafe: true, electricitySafe: true, notes: "基准走访" }),
        },
      );
      const answered = performance.now();
      if (!res.ok) {
        if (failures.length < 5) failures.push(`${res.status} ${(await res.text()).slice(0, 200)}`);
        return;
      }
      await res.arrayBuffer();
      const want = expected.get(w.communityId)! + 1;
      expected.set(w.communityId, want);
      const deadline = answered + 60_000;
      for (;;) {
        if ((await value(w.communityId)) >= want) break;
        if (performance.now() > deadline) {
          unseen++;
          return;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      const seen = performance.now();
      fromAnswer.push(seen - answered);
      fromSend.push(seen - sent);
    };
    o.log(`insight-rollup-lag: ${total} care visits at ${o.rate}/s over ${writers.length} communities`);
    const pending: Promise<void>[] = [];
    const started = performance.now();
    for (let i = 0; i < total; i++) {
      const due = started + (i * 1000) / o.rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      pending.push(write(i));
    }
    await Promise.all(pending);

    // the figures API sums the same rollup: one community's count of today
    const w0 = writers[0]!;
    const api = await fetch(
      `${o.url}/api/insight/figures?place=community:${w0.communityId}&period=day&from=${day}&to=${day}`,
      { headers: { cookie: w0.cookie } },
    );
    const shown = api.ok
      ? ((await api.json()) as { figures: { care_visits: number | null } }).figures.care_visits
      : null;
    const counted = Number(
      (
        await pool.query(
          "select count(*)::int as n from care_visit where community_id = $1 and visited_on = $2::date",
          [w0.communityId, day],
        )
      ).rows[0].n,
    );
    if (shown !== counted)
      failures.push(
        `the figures API shows ${shown} care visits today in community ${w0.communityId}, the rows ${counted}`,
      );

    const a = summarise(fromAnswer);
    const s = summarise(fromSend);
    const pass = failures.length === 0 && unseen === 0 && a.count > 0 && a.p95 < LAG_TARGET_S * 1000;
    return {
      lines: [
        {
          scenario: "insight-rollup-lag",
          figure: String(round(a.p95 / 1000, 2)),
          unit: "s p95, a care visit's commit → counted in insight_daily",
          baseline: `p50 ${round(a.p50 / 1000, 2)} s, max ${round(a.max / 1000, 2)} s over ${a.count} visits at ${o.rate}/s; from the request's sending p95 ${round(s.p95 / 1000, 2)} s`,
          details: `${writers.length} communities; not seen within 60 s: ${unseen}; figures API ${shown} = rows ${counted}${failures.length ? ` — FAILED: ${failures.join(" | ")}` : ""}`,
        },
      ] as Line[],
      targets: [
        {
          target: `insight-rollup-lag: a write → its figure p95 < ${LAG_TARGET_S} s (care visits at ${o.rate}/s through the API)`,
          measured: `${round(a.p95 / 1000, 2)} s${unseen ? ` (${unseen} not seen)` : ""}`,
          pass,
        },
      ] as Target[],
      results: {
        "insight-rollup-lag": {
          rate: o.rate,
          writes: total,
          seen: a.count,
          unseen,
          fromAnswerMs: a,
          fromSendMs: s,
          failures,
        },
      },
    };
  } finally {
    await pool.end();
  }
}

export async function runInsightScenarios(o: {
  scenarios: InsightScenario[];
  url: string;
  databaseUrl: string;
  district: GeneratedDistrict;
  viewers: number;
  rate: number;
  durationSeconds: number;
  warmupSeconds: number;
  log: (m: string) => void;
}) {
  const lines: Line[] = [];
  const targets: Target[] = [];
  const results: Record<string, unknown> = {};
  const missedPlans: ExplainedQuery[] = [];
  const database = await openDatabase({ databaseUrl: o.databaseUrl, poolSize: 4 });
  try {
    if (o.scenarios.includes("insight-dashboard")) {
      const r = await runDashboard({ ...o, db: database.db });
      lines.push(...r.lines);
      targets.push(...r.targets);
      Object.assign(results, r.results);
      missedPlans.push(...r.missedPlans);
    }
    if (o.scenarios.includes("insight-street-report")) {
      const r = await runStreetReport({ ...o, db: database.db });
      lines.push(...r.lines);
      targets.push(...r.targets);
      Object.assign(results, r.results);
    }
    if (o.scenarios.includes("insight-rollup-lag")) {
      const r = await runRollupLag(o);
      lines.push(...r.lines);
      targets.push(...r.targets);
      Object.assign(results, r.results);
    }
    // the invariant again after the scenarios' writes, which the server's consumer and job rolled up
    const t0 = performance.now();
    const verified = await verifyFigures(database.db);
    const seconds = (performance.now() - t0) / 1000;
    o.log(
      `insight: verified after the scenarios in ${round(seconds)} s: ${verified.requests.count} + ${verified.insight.count} mismatches`,
    );
    targets.push({
      target: "insight: every rollup row equal to its recount after the scenarios (verifyFigures)",
      measured: `${verified.requests.count} + ${verified.insight.count} mismatches`,
      pass: verified.ok,
    });
    results["insight-verify-after"] = { seconds, verified };
  } finally {
    await database.close();
  }
  return { lines, targets, results, missedPlans };
}
