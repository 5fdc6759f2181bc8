// `npm run bench [-- scenario… --repeat 3 --duration 20 --connections 50]`
//
// Builds a throwaway PostgreSQL cluster, migrates it, generates the synthetic district (1,000,000
// residents), starts the real server as a child process and loads it with autocannon as grid
// workers. Prints one line per scenario (scenario, figure, unit, the baseline measured in the same
// run), the targets with PASS/FAIL, and writes bench/results/latest.json.
//
// Scenarios: people-search, household-read (HTTP, each with a direct-SQL baseline), import-100k;
// when named: issue 3's request scenarios (bench/requests.ts), export-100k (bench/export-100k.ts) and
// fuzz (bench/fuzz.ts: the route fuzzer of server/test/fuzz.test.ts with many more cases; no cluster,
// no server of its own) and events (bench/events.ts: issue 8's event consumers — commit→reaction lag
// with the server running, then consumer throughput with the server stopped; it runs last) and
// web-load (bench/web-load.ts: issue 9's pages on an emulated phone network in Chromium, against the
// demo server on the embedded database; no cluster of its own).
// survey-results (bench/survey-results.ts: issue 10's survey of 20,000 answers read by 20 concurrent
// staff; its own cluster, or DATABASE_URL's server) and meeting-sign-in (bench/meeting-sign-in.ts: issue 10's
// concurrent meeting sign-ins over HTTP, with the one-row-per-person check).
// topics-list (bench/topics-list.ts: issue 10's resident topic list, GET /api/me/topics, by 50 residents
// of 50 communities against the server and the synthetic district; it writes its topics after the district).
// lottery-draw (bench/lottery-draw.ts: D8's draw of 10,000 applicants — hash, seed, counter stream and
// shuffle as docs/lotteries.md says, then the verifier; pure computation, no cluster, no server).
// vote-tally (bench/vote-tally.ts: issue 11's owners' vote — tally + recount of 10,000 households and
// 8,000 ballots in the server process, and paper ballot entry from one client; its own database).
// ledger (bench/ledger.ts: issue 12's ledger — 100 clients booking, half on one hot account, on a durable
// cluster with the invariants checked after, then verifying a 1,000,000-entry chain).
// project-account (bench/project-account.ts: issue 12's public account of a project with 100,000 entries —
// the first page and the balance over HTTP, against readAccount in-process; its own database).
// points-honour (bench/points-honour.ts: issue 14's monthly honour board — an award for every resident of the
// district booked on the ledger in bulk, then the board of random communities through the points service).
// volunteer-check-in (bench/volunteer-check-in.ts: issue 14's concurrent volunteer check-ins over HTTP with the
// organiser's rotating code, one attendance row per volunteer; its own database, sizes from --signins).
// care-sweep (bench/care-sweep.ts: issue 15's daily check-in sweep over 100,000 enrolled residents, 1% of them
// without today's check-in; its own database).
// mall-exchange-day (bench/mall-exchange-day.ts: issue 14's exchange-day rush — 100 clients, 10,000 residents,
// 50 items with small stock, through the mall service; zero oversell and the ledger verified; its own database).
// canteen-rush (bench/canteen-rush.ts: issue 15's lunch-order rush — 2,000 orders from 100 clients over HTTP
// with the capacity and the ledger checked after, then a street's monthly subsidy report; its own database).
// --workers N runs the server as N app processes (LINLI_WORKERS; default 1).
// lifecircle (bench/lifecircle.ts: issue 13's life-circle engine — Monaco end to end with its peak memory,
// the accessibility pass against the same algorithm in C built by gcc in the run, and a synthetic
// 200,000-node district with 20,000 buildings × 15 kinds; pure computation, no cluster, no server).
// failover (bench/failover.ts: issue 16's standby — a pg_auto_failover formation, the primary killed under a
// write load, then a single PostgreSQL killed and restarted; acknowledged vs present writes, the window, the
// answers by status; its own formation, docs/failover.md).
// bigscreen-memory (bench/bigscreen-memory.ts: issue 17's big screen left running --minutes at 1920×1080 in
// Chromium with a short rotation and refresh, the heap after GC and the DOM nodes every minute, the slope
// and the verdict "flat"; the API answered by the bench, --web-dist a built web app).
// insight-dashboard, insight-street-report, insight-rollup-lag (bench/insight.ts: issue 17's district-scale
// insight benchmarks — a year of the other modules' histories written into the district after its requests
// (bench/insight-history.ts), the rollup rebuilt and verified equal to its recount; then --insight-viewers
// (20) staff loading the dashboard, every street's monthly report, and care visits at --insight-rate a
// second with the lag until each is counted; not in the same run as points-honour: both write the ledger).
// soak (bench/soak.ts: issue 16's soak — --minutes (30) of residents reading the board and their requests and
// submitting, staff listing and working requests, the jobs running, against the demo world on a durable
// cluster; per window requests, errors by status, p50/p99, server RSS, jobs; the verdict: zero errors, p99
// stable, memory flat; its own cluster and server).
// community-bytes (bench/community-bytes.ts: issue 16's bytes and rows per community — the demo data loaded as
// `npm run demo` loads it, VACUUM ANALYZE, every table's rows and pg_total_relation_size, per community; with
// --with-district also a small synthetic district with requests and a year of histories; its own cluster).
// Everything is bounded in time; the cluster and the server are removed even when a step fails.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";
import { loadActor } from "../server/src/access/actor.queries.ts";
import { openDatabase } from "../server/src/db/database.ts";
import { migrateToLatest } from "../server/src/db/migrate.ts";
import {
  type GeneratedDistrict,
  GIVEN_FEMALE,
  GIVEN_MALE,
  generateDistrict,
  SURNAMES,
} from "../server/src/demo/synthetic-district.ts";
import { generateRequests } from "../server/src/demo/synthetic-requests.ts";
import { listResidents } from "../server/src/modules/core/people/people.queries.ts";
import {
  findHousehold,
  householdMembers,
  type ScopeIds,
} from "../server/src/modules/core/places/places.queries.ts";
import { rebuildInsight, verifyFigures } from "../server/src/modules/insight/figures/figures.service.ts";
import {
  generateMissingReports,
  previousMonthOf,
} from "../server/src/modules/insight/reports/reports.service.ts";
import { startThrowawayCluster, type ThrowawayCluster } from "../server/test/postgres-cluster.ts";
import { runBigscreenMemory } from "./bigscreen-memory.ts";
import { runCanteenRushScenario } from "./canteen-rush.ts";
import { runCareSweepScenario } from "./care-sweep.ts";
import { runCommunityBytesScenario } from "./community-bytes.ts";
import {
  captureQueries,
  type ExplainedQuery,
  explainAnalyze,
  measurePerRequestCost,
  type PerRequestCost,
} from "./diagnose.ts";
import { runEventsScenario } from "./events.ts";
import {
  type ExportDatabase,
  type ExportFormat,
  type ExportResult,
  runExportScenario,
} from "./export-100k.ts";
import { runFailoverScenario } from "./failover.ts";
import { runFuzzScenario } from "./fuzz.ts";
import { type HttpLoadResult, readRssKb, runHttpLoad } from "./http-load.ts";
import { type ImportResult, runImportScenario } from "./import-100k.ts";
import { INSIGHT_SCENARIOS, type InsightScenario, runInsightScenarios } from "./insight.ts";
import { analyzeRollup, writeInsightHistory } from "./insight-history.ts";
import { runLedgerScenario } from "./ledger.ts";
import { runLifecircleScenario } from "./lifecircle.ts";
import { runLifecircleMapRender } from "./lifecircle-map-render.ts";
import { runLotteryDrawScenario } from "./lottery-draw.ts";
import { runMallExchangeDayScenario } from "./mall-exchange-day.ts";
import { runMeetingSignInScenario } from "./meeting-sign-in.ts";
import { runPointsHonourScenario } from "./points-honour.ts";
import { runProjectAccountScenario } from "./project-account.ts";
import { REQUEST_SCENARIOS, type RequestScenario, runRequestScenarios } from "./requests.ts";
import { runSoakScenario } from "./soak.ts";
import { runSqlLoad, type SqlLoadResult } from "./sql-load.ts";
import { median, pick, prng, round } from "./stats.ts";
import { runSurveyResultsScenario } from "./survey-results.ts";
import { runTopicsListScenario } from "./topics-list.ts";
import { runVolunteerCheckInScenario } from "./volunteer-check-in.ts";
import { runVoteTallyScenario } from "./vote-tally.ts";
import { runWebLoadScenario } from "./web-load.ts";

/** The server's pg pool size (openDatabase's default; main.ts does not change it). */
const SERVER_POOL_SIZE = 20;
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// Issue 2's scenarios run by default; issue 3's (bench/requests.ts) when named.
const DEFAULT_SCENARIOS = ["http-floor", "people-search", "household-read", "import-100k"] as const;
// Issue 7's export and fuzz scenarios, issue 8's events and issue 9's web-load run when named.
const ALL_SCENARIOS = [
  ...DEFAULT_SCENARIOS,
  ...REQUEST_SCENARIOS,
  "export-100k",
  "fuzz",
  "events",
  "web-load",
  "survey-results",
  "meeting-sign-in",
  "topics-list",
  "lottery-draw",
  "vote-tally",
  "ledger",
  "project-account",
  "lifecircle",
  "points-honour",
  "volunteer-check-in",
  "care-sweep",
  "mall-exchange-day",
  "lifecircle-map-render",
  "canteen-rush",
  "failover",
  "bigscreen-memory",
  "soak",
  "community-bytes",
  ...INSIGHT_SCENARIOS,
] as const;
type Scenario = (typeof ALL_SCENARIOS)[number];
type HttpScenario = Exclude<
  Scenario,
  | "import-100k"
  | "export-100k"
  | "fuzz"
  | "events"
  | "web-load"
  | "survey-results"
  | "meeting-sign-in"
  | "topics-list"
  | "lottery-draw"
  | "vote-tally"
  | "ledger"
  | "project-account"
  | "lifecircle"
  | "points-honour"
  | "volunteer-check-in"
  | "care-sweep"
  | "mall-exchange-day"
  | "lifecircle-map-render"
  | "canteen-rush"
  | "failover"
  | "bigscreen-memory"
  | "soak"
  | "community-bytes"
  | RequestScenario
  | InsightScenario
>;
/** Scenarios that bring their own database and server: no cluster or district for them alone. */
const SELF_CONTAINED: readonly Scenario[] = [
  "fuzz",
  "web-load",
  "survey-results",
  "meeting-sign-in",
  "lottery-draw",
  "vote-tally",
  "ledger",
  "project-account",
  "lifecircle",
  "volunteer-check-in",
  "care-sweep",
  "mall-exchange-day",
  "lifecircle-map-render",
  "canteen-rush",
  "failover",
  "bigscreen-memory",
  "soak",
  "community-bytes",
];
const isRequestScenario = (s: string): s is RequestScenario =>
  (REQUEST_SCENARIOS as readonly string[]).includes(s);
const isInsightScenario = (s: string): s is InsightScenario =>
  (INSIGHT_SCENARIOS as readonly string[]).includes(s);

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    duration: { type: "string", default: "20" },
    warmup: { type: "string", default: "5" },
    connections: { type: "string", default: "50" },
    repeat: { type: "string", default: "1" },
    residents: { type: "string", default: "1000000" },
    communities: { type: "string", default: "140" },
    streets: { type: "string", default: "14" },
    "import-rows": { type: "string", default: "100000" },
    "export-residents": { type: "string", default: "100000" },
    "export-db": { type: "string", default: "postgres,pglite" },
    "export-formats": { type: "string", default: "csv,xlsx" },
    "export-timeout": { type: "string", default: "120" },
    "export-no-analyze": { type: "boolean", default: false },
    requests: { type: "string", default: "10000000" },
    events: { type: "string", default: "20000" },
    "events-rate": { type: "string", default: "20" },
    "events-runs": { type: "string", default: "3" },
    "fuzz-runs": { type: "string", default: "60" },
    "lottery-applicants": { type: "string", default: "10000" },
    "lottery-runs": { type: "string", default: "30" },
    // failover: standby, single or both; residents submitting at once
    "failover-mode": { type: "string", default: "both" },
    "failover-clients": { type: "string", default: "8" },
    // soak and bigscreen-memory: their length (minutes); soak's virtual users and their pause between two calls (ms)
    minutes: { type: "string", default: "30" },
    "soak-clients": { type: "string", default: "12" },
    "soak-think": { type: "string", default: "250" },
    // community-bytes: also a synthetic district of this size (one street) with requests and a year of histories
    "with-district": { type: "boolean", default: false },
    "district-residents": { type: "string", default: "20000" },
    "district-communities": { type: "string", default: "4" },
    "district-requests": { type: "string", default: "200000" },
    "lifecircle-runs": { type: "string", default: "5" },
    "map-buildings": { type: "string", default: "20000" },
    "screen-rotate": { type: "string", default: "3" },
    "screen-refresh": { type: "string", default: "10" },
    signins: { type: "string", default: "6000" },
    "signin-concurrency": { type: "string", default: "100" },
    // insight-dashboard: concurrent staff viewers; insight-rollup-lag: care visits a second
    "insight-viewers": { type: "string", default: "20" },
    "insight-rate": { type: "string", default: "5" },
    "fuzz-db": { type: "string", default: "postgres,pglite" },
    "fuzz-seed": { type: "string", default: "" },
    "web-runs": { type: "string", default: "5" },
    "web-root": { type: "string", default: "" },
    "web-dist": { type: "string", default: "" },
    "web-pages": { type: "string", default: "" },
    "time-limit": { type: "string", default: "45", short: "t" },
    "log-level": { type: "string", default: "info" },
    // app processes of the server (LINLI_WORKERS); 1 keeps the single-process figures comparable
    workers: { type: "string", default: "1" },
    // the same flags as `npm start` (package.json config.serverNodeFlags), so RSS is measured as deployed
    "server-node-options": { type: "string", default: process.env.npm_package_config_serverNodeFlags ?? "" },
    out: { type: "string", default: path.join(ROOT, "bench/results/latest.json") },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (values.help) {
  console.log(`npm run bench -- [${ALL_SCENARIOS.join("|")} …] [--repeat 3] [--duration 20] [--warmup 5]
  [--connections 50] [--residents 1000000] [--communities 140] [--streets 14] [--import-rows 100000]
  [--export-residents 100000] [--export-db postgres,pglite] [--export-formats csv,xlsx]
  [--export-timeout 120 (seconds per export)] [--export-no-analyze (PostgreSQL without statistics)]
  [--events 20000 (per throughput run)] [--events-rate 20 (submissions/s for the lag)] [--events-runs 3]
  [--fuzz-runs 60 (cases per route and actor)] [--fuzz-db postgres,pglite] [--fuzz-seed N (default: a new one)]
  [--lottery-applicants 10000] [--lottery-runs 30] (lottery-draw)
  [--failover-mode both|standby|single] [--failover-clients 8] (failover: needs pg_autoctl, docs/failover.md)
  [--minutes 30] [--soak-clients 12] [--soak-think 250 (ms)] (soak; the time limit grows to --minutes + 20)
  [--with-district --district-residents 20000 --district-communities 4 --district-requests 200000] (community-bytes)
  [--lifecircle-runs 5] (lifecircle: warm passes; the synthetic district at most 3; lifecircle-map-render: runs)
  [--map-buildings 20000] (lifecircle-map-render: buildings on the phone's map; --web-dist DIR, default dist)
  [--minutes 30 --screen-rotate 3 --screen-refresh 10] (bigscreen-memory: the big screen's run and its turns in seconds; --web-dist DIR)
  [--signins 2000 --signin-concurrency 100 (meeting-sign-in, volunteer-check-in: residents signing/checking in at once; on DATABASE_URL's server or a throwaway cluster)]
  [--web-runs 5] [--web-pages /m,/m/board (default: all four)] [--web-root DIR (another checkout, e.g. an earlier commit)] [--web-dist DIR (a built web app; default: build one)]
  [--insight-viewers 20] [--insight-rate 5 (care visits/s)] (insight-dashboard, insight-street-report, insight-rollup-lag)
  [--workers 1 (the server's app processes, LINLI_WORKERS)]
  [--time-limit 45 (minutes)] [--log-level info (the server's)] [--server-node-options=--max-semi-space-size=16]
  [--out bench/results/latest.json]`);
  process.exit(0);
}
const num = (name: keyof typeof values) => {
  const n = Number(values[name]);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number`);
  return n;
};
const opts = {
  workers: Math.trunc(num("workers")),
  duration: num("duration"),
  warmup: Number(values.warmup),
  connections: num("connections"),
  repeat: Math.trunc(num("repeat")),
  residents: Math.trunc(num("residents")),
  communities: Math.trunc(num("communities")),
  streets: Math.trunc(num("streets")),
  importRows: Math.trunc(num("import-rows")),
  exportResidents: Math.trunc(num("export-residents")),
  exportDatabases: String(values["export-db"]).split(",").filter(Boolean) as ExportDatabase[],
  exportFormats: String(values["export-formats"]).split(",").filter(Boolean) as ExportFormat[],
  exportTimeoutSeconds: num("export-timeout"),
  exportAnalyze: !values["export-no-analyze"],
  /** Historical requests generated for issue 3's scenarios. */
  requests: Math.trunc(num("requests")),
  /** Issue 8's events scenario: events per throughput run, submissions/s for the lag, runs. */
  events: Math.trunc(num("events")),
  eventsRate: num("events-rate"),
  eventsRuns: Math.trunc(num("events-runs")),
  fuzzRuns: Math.trunc(num("fuzz-runs")),
  fuzzDatabases: String(values["fuzz-db"]).split(",").filter(Boolean) as ("postgres" | "pglite")[],
  fuzzSeed: values["fuzz-seed"] ? Math.trunc(Number(values["fuzz-seed"])) : undefined,
  webRuns: Math.trunc(num("web-runs")),
  webRoot: values["web-root"] ? path.resolve(String(values["web-root"])) : ROOT,
  webDist: values["web-dist"] ? path.resolve(String(values["web-dist"])) : undefined,
  webPages: String(values["web-pages"]).split(",").filter(Boolean),
  // a soak longer than the time limit would be cut: the limit covers it and the demo world's writing
  timeLimitMinutes: Math.max(
    num("time-limit"),
    positionals.includes("soak") || positionals.includes("bigscreen-memory") ? num("minutes") + 20 : 0,
  ),
  logLevel: String(values["log-level"]),
  /** Flags for the server's node: those of `npm start` by default; override to experiment. */
  serverNodeOptions: String(values["server-node-options"]).split(/\s+/).filter(Boolean),
};
const unknown = positionals.filter((p) => !(ALL_SCENARIOS as readonly string[]).includes(p));
if (unknown.length) {
  console.error(`unknown scenario(s): ${unknown.join(", ")}; known: ${ALL_SCENARIOS.join(", ")}`);
  process.exit(2);
}
const scenarios: Scenario[] = positionals.length ? (positionals as Scenario[]) : [...DEFAULT_SCENARIOS];

// ---------------------------------------------------------------------------------------------
// Cleanup: everything started registers how to stop it; run in reverse on success, failure,
// a signal or the time limit.
const cleanups: (() => Promise<void>)[] = [];
let cleaning: Promise<void> | null = null;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const fn of cleanups.reverse()) await fn().catch((e) => console.error(`cleanup: ${e}`));
  })();
  return cleaning;
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    console.error(`\n${signal}: cleaning up`);
    void cleanup().finally(() => process.exit(130));
  });
}
const timeLimit = setTimeout(() => {
  console.error(`\ntime limit of ${opts.timeLimitMinutes} min reached: cleaning up`);
  void cleanup().finally(() => process.exit(3));
}, opts.timeLimitMinutes * 60_000);

const git = (args: string[]) => {
  try {
    return execFileSync("git", args, { cwd: ROOT, encoding: "utf8" }).trim();
  } catch {
    return "";
  }
};

const log = (m: string) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${m}`);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

const tail = (file: string, lines = 40) => {
  try {
    return readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "";
  }
};

interface Server {
  url: string;
  pid: number;
  postmasterPid?: number;
  child: ChildProcess;
  logFile: string;
}

async function startServer(databaseUrl: string): Promise<Server> {
  const port = await freePort();
  const logFile = path.join(os.tmpdir(), `linli-bench-server-${process.pid}.log`);
  const fd = openSync(logFile, "w");
  // The real entry point, as `npm start` runs it (no --demo). Logs go straight to a file.
  const child = spawn(
    process.execPath,
    [...opts.serverNodeOptions, "--import", "tsx", "server/src/main.ts"],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        PORT: String(port),
        HOST: "127.0.0.1",
        LOG_LEVEL: opts.logLevel,
        // the load is thousands of submissions an hour by a few hundred grid workers: the limit is
        // still checked on every submission (its cost is measured), at a height the load never reaches
        LINLI_SUBMISSION_LIMITS: "100000000,100000000,100000000",
        LINLI_WORKERS: String(opts.workers),
      },
      stdio: ["ignore", fd, fd],
    },
  );
  closeSync(fd);
  let exited: string | null = null;
  child.once("exit", (code, signal) => {
    exited = `exited with ${signal ?? code}`;
  });
  cleanups.push(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const gone = await Promise.race([
      new Promise<boolean>((r) => child.once("exit", () => r(true))),
      new Promise<boolean>((r) => setTimeout(() => r(false), 5000)),
    ]);
    if (!gone) child.kill("SIGKILL");
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (exited) throw new Error(`the server ${exited} before it was ready:\n${tail(logFile)}`);
    try {
      const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline)
      throw new Error(`the server did not answer /api/health within 90 s:\n${tail(logFile)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, pid: child.pid!, child, logFile };
}

/** Stops the server child (SIGTERM, then SIGKILL after 10 s); its cleanup then finds it gone. */
async function stopServer(server: Server): Promise<void> {
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<boolean>((r) => child.once("exit", () => r(true)));
  child.kill("SIGTERM");
  const gone = await Promise.race([exited, new Promise<boolean>((r) => setTimeout(() => r(false), 10_000))]);
  if (!gone) {
    child.kill("SIGKILL");
    await exited;
  }
}

interface Worker {
  phone: string;
  communityId: number;
  gridId: number;
  cookie: string;
  households: number[];
  scope: ScopeIds;
}

async function signInWorkers(
  server: Server,
  district: GeneratedDistrict,
  admin: pg.ClientBase,
): Promise<Worker[]> {
  const gridWorkers = district.staff.filter((s) => s.role === "grid_worker");
  const workers: Worker[] = [];
  // a few at a time: every sign-in verifies an argon2 hash
  for (let i = 0; i < gridWorkers.length; i += 5) {
    const batch = await Promise.all(
      gridWorkers.slice(i, i + 5).map(async (s) => {
        const res = await fetch(`${server.url}/api/auth/sign-in`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ phone: s.phone, password: district.password }),
        });
        if (!res.ok) throw new Error(`sign-in of ${s.phone} failed: ${res.status} ${await res.text()}`);
        const cookie = res.headers
          .getSetCookie()
          .map((c) => c.split(";")[0]!)
          .find((c) => c.startsWith("linli_session="));
        if (!cookie) throw new Error(`sign-in of ${s.phone} set no session cookie`);
        return {
          phone: s.phone,
          communityId: s.communityId!,
          gridId: s.gridId!,
          cookie,
          households: [] as number[],
          scope: { gridIds: [s.gridId!], estateIds: [], buildingIds: [], unitIds: [] },
        };
      }),
    );
    workers.push(...batch);
  }
  // one query at a time: a pg.Client runs queries in sequence
  for (const w of workers) {
    const hh = await admin.query(
      "select id from household where community_id = $1 and grid_id = $2 order by id",
      [w.communityId, w.gridId],
    );
    w.households = hh.rows.map((r) => r.id as number);
  }
  return workers;
}

// Name fragments as staff type them: a surname, a given-name character, or two characters.
const FRAGMENTS = [
  ...SURNAMES.slice(0, 30),
  ...GIVEN_MALE.slice(0, 15),
  ...GIVEN_FEMALE.slice(0, 15),
  "建国",
  "秀英",
  "志强",
  "丽娟",
  "王芳",
  "李伟",
  "张敏",
  "刘洋",
];

function peopleSearchRequest(rand: () => number, workers: Worker[]) {
  const w = pick(rand, workers);
  const q = rand() < 0.3 ? String(Math.floor(rand() * 10_000)).padStart(4, "0") : pick(rand, FRAGMENTS);
  return {
    w,
    q,
    path: `/api/communities/${w.communityId}/residents?gridId=${w.gridId}&q=${encodeURIComponent(q)}`,
  };
}

function householdRequest(rand: () => number, workers: Worker[]) {
  const w = pick(rand, workers);
  const h = pick(rand, w.households);
  return { w, h, path: `/api/communities/${w.communityId}/households/${h}` };
}

interface HttpScenarioRun {
  http: HttpLoadResult;
  sql: SqlLoadResult | null;
}

interface HttpScenarioReport {
  runs: HttpScenarioRun[];
  median: {
    p50: number;
    p95: number;
    p99: number;
    rps: number;
    non2xx: number;
    rssMaxMb: number;
    rssMedianMb: number;
    cpuServer: number;
    cpuPostgres: number;
    cpuLoadGenerator: number;
    cpuOthers: number;
    sqlP50: number;
    sqlP95: number;
    sqlP99: number;
    sqlOps: number;
  };
  failures: string[];
  perRequest?: PerRequestCost;
  plans?: ExplainedQuery[];
}

async function probeFailures(server: Server, next: () => { path: string; cookie: string }) {
  const out: string[] = [];
  for (let i = 0; i < 50 && out.length < 3; i++) {
    const { path: p, cookie } = next();
    const res = await fetch(server.url + p, { headers: { cookie } });
    if (!res.ok) out.push(`${res.status} GET ${p}: ${(await res.text()).slice(0, 300)}`);
  }
  return out;
}

async function runHttpScenario(
  name: HttpScenario,
  server: Server,
  workers: Worker[],
  databaseUrl: string,
): Promise<HttpScenarioReport> {
  const rand = prng(ALL_SCENARIOS.indexOf(name) + 11);
  const next =
    name === "http-floor"
      ? () => ({ path: "/api/health", cookie: "" })
      : name === "people-search"
        ? () => {
            const r = peopleSearchRequest(rand, workers);
            return { path: r.path, cookie: r.w.cookie };
          }
        : () => {
            const r = householdRequest(rand, workers);
            return { path: r.path, cookie: r.w.cookie };
          };
  // Baseline: the same queries the handler runs (people.queries / places.queries), straight
  // through pg at the same concurrency, without HTTP, session or presenter.
  // The floor (GET /api/health: one trivial query, no session) has none: it is itself a baseline.
  // The callers share a pool as large as the server's (openDatabase's default, 20), so that the
  // ratio shows what HTTP, session and presenters add, not the effect of a different pool.
  const sqlDb =
    name === "http-floor" ? null : await openDatabase({ databaseUrl, poolSize: SERVER_POOL_SIZE });
  const operation = !sqlDb
    ? null
    : name === "people-search"
      ? () => {
          const r = peopleSearchRequest(rand, workers);
          return listResidents(sqlDb.db, r.w.communityId, r.w.scope, {
            q: r.q,
            gridId: r.w.gridId,
            page: 1,
            pageSize: 20,
          });
        }
      : async () => {
          const r = householdRequest(rand, workers);
          const h = await findHousehold(sqlDb.db, r.w.communityId, r.h);
          if (!h) throw new Error(`household ${r.h} not found`);
          return householdMembers(sqlDb.db, r.w.communityId, r.h);
        };
  const runs: HttpScenarioRun[] = [];
  const failures: string[] = [];
  try {
    if (opts.warmup > 0) {
      log(`${name}: warm-up ${opts.warmup} s`);
      await runHttpLoad({
        url: server.url,
        connections: opts.connections,
        durationSeconds: opts.warmup,
        next,
      });
      if (operation) await runSqlLoad(opts.connections, Math.min(opts.warmup, 3), operation);
    }
    for (let i = 1; i <= opts.repeat; i++) {
      log(`${name}: run ${i}/${opts.repeat}: ${opts.connections} connections for ${opts.duration} s`);
      const http = await runHttpLoad({
        url: server.url,
        connections: opts.connections,
        durationSeconds: opts.duration,
        next,
        serverPid: server.pid,
        postmasterPid: server.postmasterPid,
      });
      if (http.non2xx || http.errors || http.timeouts) {
        failures.push(
          `run ${i}: ${http.non2xx} non-2xx ${JSON.stringify(http.statusCodes)}, ${http.errors} errors, ${http.timeouts} timeouts`,
          ...(await probeFailures(server, next)),
        );
      }
      let sql: SqlLoadResult | null = null;
      if (operation) {
        log(`${name}: run ${i}: SQL baseline, ${opts.connections} concurrent for ${opts.duration} s`);
        sql = await runSqlLoad(opts.connections, opts.duration, operation);
        if (sql.errors) failures.push(`run ${i}: SQL baseline: ${sql.errors} errors, e.g. ${sql.firstError}`);
      }
      runs.push({ http, sql });
      log(
        `${name}: run ${i}: HTTP p50 ${round(http.latency.p50)} p95 ${round(http.latency.p95)} p99 ${round(http.latency.p99)} ms, ` +
          `${round(http.requestsPerSecond, 0)} req/s, non-2xx ${http.non2xx}, RSS max ${round(http.rssMb?.max ?? Number.NaN)} MB, ` +
          `CPU cores: server ${http.cpu?.server} postgres ${http.cpu?.postgres} load ${http.cpu?.loadGenerator} others ${http.cpu?.others} (load avg ${http.cpu?.loadAverage})` +
          (sql
            ? `; SQL p50 ${round(sql.latency.p50)} p95 ${round(sql.latency.p95)} ms, ${round(sql.operationsPerSecond, 0)} ops/s`
            : ""),
      );
    }
  } finally {
    await sqlDb?.close();
  }

  const m = (f: (r: HttpScenarioRun) => number | undefined) => median(runs.map((r) => f(r) ?? Number.NaN));
  const report: HttpScenarioReport = {
    runs,
    failures,
    median: {
      p50: m((r) => r.http.latency.p50),
      p95: m((r) => r.http.latency.p95),
      p99: m((r) => r.http.latency.p99),
      rps: m((r) => r.http.requestsPerSecond),
      non2xx: runs.reduce((s, r) => s + r.http.non2xx + r.http.errors + r.http.timeouts, 0),
      rssMaxMb: Math.max(...runs.map((r) => r.http.rssMb?.max ?? Number.NaN)),
      rssMedianMb: m((r) => r.http.rssMb?.median),
      cpuServer: m((r) => r.http.cpu?.server),
      cpuPostgres: m((r) => r.http.cpu?.postgres),
      cpuLoadGenerator: m((r) => r.http.cpu?.loadGenerator),
      cpuOthers: m((r) => r.http.cpu?.others),
      sqlP50: m((r) => r.sql?.latency.p50),
      sqlP95: m((r) => r.sql?.latency.p95),
      sqlP99: m((r) => r.sql?.latency.p99),
      sqlOps: m((r) => r.sql?.operationsPerSecond),
    },
  };
  if (name === "http-floor") return report;

  // What one request costs in the database, and the plans of the handler's own queries.
  log(`${name}: measuring statements per request (200 sequential requests)`);
  report.perRequest = await measurePerRequestCost(databaseUrl, 200, async () => {
    const { path: p, cookie } = next();
    const res = await fetch(server.url + p, { headers: { cookie } });
    await res.arrayBuffer();
  });
  log(
    `${name}: per request ${report.perRequest.statements} SQL statements; table accesses ${JSON.stringify(report.perRequest.tables)}`,
  );
  const sample = workers[0]!;
  const queries = await captureQueries(databaseUrl, async (db) => {
    // the session and actor lookups every request makes (http/session.ts, access/actor.queries.ts)
    const user = await db
      .selectFrom("app_user")
      .select("id")
      .where("phone", "=", sample.phone)
      .executeTakeFirstOrThrow();
    await loadActor(db, user.id);
    if (name === "people-search") {
      for (const q of ["王", "伟", "1234"]) {
        await listResidents(db, sample.communityId, sample.scope, {
          q,
          gridId: sample.gridId,
          page: 1,
          pageSize: 20,
        });
      }
    } else {
      await findHousehold(db, sample.communityId, sample.households[0]!);
      await householdMembers(db, sample.communityId, sample.households[0]!);
    }
  });
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // skip the helper's own lookup of the user id
    report.plans = await explainAnalyze(client, queries.slice(1));
  } finally {
    await client.end();
  }
  return report;
}

// ---------------------------------------------------------------------------------------------
interface Line {
  scenario: string;
  figure: string;
  unit: string;
  baseline: string;
  details?: string;
}
type Target = { target: string; measured: string; pass: boolean | null };

/** Issue 7's fuzz scenario: the route fuzzer (bench/fuzz.ts) with many cases, once per database. */
async function runFuzz(lines: Line[], targets: Target[], results: Record<string, unknown>) {
  // one seed for every database, so that their counts compare
  const seed = opts.fuzzSeed ?? Math.floor(Math.random() * 2 ** 31);
  for (const database of opts.fuzzDatabases) {
    const r = await runFuzzScenario({ runs: opts.fuzzRuns, database, seed, root: ROOT, log });
    results[`fuzz (${database})`] = r;
    const s = r.summary;
    const target = `fuzz on ${database}: no 5xx, every 4xx bilingual, no refused write changes stored data`;
    if (!s) {
      lines.push({
        scenario: `fuzz (${database})`,
        figure: "—",
        unit: "",
        baseline: `FAILED: vitest exited with ${r.exitCode} before printing its counts (${r.command})`,
      });
      targets.push({ target, measured: "no counts", pass: false });
      continue;
    }
    const statuses = Object.entries(s.statuses)
      .map(([status, n]) => `${status} ×${n}`)
      .join(", ");
    lines.push({
      scenario: `fuzz (${database})`,
      figure: String(s.requests),
      unit: "requests",
      baseline: `${s.routes} routes × ${s.actors} actors × ${s.runs} cases in ${round(s.seconds)} s (seed ${s.seed})`,
      details:
        `statuses ${statuses}; refused writes ${s.writesRefused}, compared with the database ${s.writesRefusedVerified} ` +
        `(${s.snapshots} marks); routes no case got a 2xx from: ${s.neverAccepted.length}; ${r.command}` +
        (s.failures.length ? ` — FAILED: ${s.failures.length} failures, printed above` : ""),
    });
    targets.push({
      target,
      measured: `${s.fiveXX} 5xx, ${s.failures.length} failures`,
      pass: r.exitCode === 0 && s.failures.length === 0,
    });
  }
}

async function main() {
  const startedAt = new Date();
  const results: Record<string, unknown> = {};
  const lines: Line[] = [];
  const targets: Target[] = [];
  const httpScenarios = scenarios.filter(
    (s): s is HttpScenario =>
      s !== "import-100k" &&
      s !== "export-100k" &&
      s !== "fuzz" &&
      s !== "events" &&
      s !== "web-load" &&
      s !== "survey-results" &&
      s !== "meeting-sign-in" &&
      s !== "topics-list" &&
      s !== "lottery-draw" &&
      s !== "vote-tally" &&
      s !== "ledger" &&
      s !== "project-account" &&
      s !== "lifecircle" &&
      s !== "points-honour" &&
      s !== "volunteer-check-in" &&
      s !== "care-sweep" &&
      s !== "mall-exchange-day" &&
      s !== "lifecircle-map-render" &&
      s !== "canteen-rush" &&
      s !== "failover" &&
      s !== "bigscreen-memory" &&
      s !== "soak" &&
      s !== "community-bytes" &&
      !isRequestScenario(s) &&
      !isInsightScenario(s),
  );
  const requestScenarios = scenarios.filter(isRequestScenario);
  const wantEvents = scenarios.includes("events");
  const insightScenarios = scenarios.filter(isInsightScenario);
  const wantInsight = insightScenarios.length > 0;
  // the events scenario submits requests like request-submit and emits events about historical ones;
  // issue 17's insight scenarios read the district's requests with the other modules' histories
  const needsRequests = requestScenarios.length > 0 || wantEvents || wantInsight;
  const wantTopics = scenarios.includes("topics-list");
  const wantHonour = scenarios.includes("points-honour");
  if (wantInsight && wantHonour)
    throw new Error(
      "points-honour and the insight scenarios both write the district's ledger: run them apart",
    );
  const needsDistrict =
    httpScenarios.some((s) => s !== "http-floor") || needsRequests || wantTopics || wantHonour;

  const machine = {
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    memoryGb: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
    postgres: "",
    // the code measured: other people change the server while benchmarks run
    commit: git(["rev-parse", "--short", "HEAD"]),
    uncommittedServerFiles: git(["status", "--porcelain", "--", "server/src"]).split("\n").filter(Boolean)
      .length,
    pglite: JSON.parse(
      readFileSync(path.join(ROOT, "node_modules/@electric-sql/pglite/package.json"), "utf8"),
    ).version,
  };

  if (scenarios.includes("fuzz")) await runFuzz(lines, targets, results);
  if (scenarios.includes("web-load")) {
    const r = await runWebLoadScenario({
      root: opts.webRoot,
      webDist: opts.webDist,
      runs: opts.webRuns,
      pages: opts.webPages,
      serverNodeOptions: opts.serverNodeOptions,
      log,
      registerCleanup: (fn) => cleanups.push(fn),
    });
    lines.push(...r.lines);
    targets.push(...r.targets);
    Object.assign(results, r.results);
  }
  // issue 10: a survey with 20,000 answers, its results at 20 concurrent readers (bench/survey-results.ts;
  // DATABASE_URL's server when set, else a throwaway cluster of its own)
  if (scenarios.includes("survey-results")) {
    const r = await runSurveyResultsScenario({
      database: "postgres",
      databaseUrl: process.env.DATABASE_URL,
      answers: 20_000,
      connections: 20,
      durationSeconds: opts.duration,
      log,
      registerCleanup: (fn) => cleanups.push(fn),
    });
    lines.push(...r.lines);
    targets.push(...r.targets);
    Object.assign(results, r.results);
  }
  if (scenarios.includes("meeting-sign-in")) {
    // issue 10: its own database (DATABASE_URL's server, else a throwaway cluster) and in-process server
    const r = await runMeetingSignInScenario({
      signIns: Math.trunc(num("signins")),
      concurrency: Math.trunc(num("signin-concurrency")),
      databaseUrl: process.env.DATABASE_URL || undefined,
      log,
    });
    lines.push(...r.lines);
    targets.push(...r.targets);
    Object.assign(results, r.results);
  }
  if (scenarios.includes("volunteer-check-in")) {
    // issue 14: its own database (DATABASE_URL's server, else a throwaway cluster) and in-process server
    const r = await runVolunteerCheckInScenario({
      signIns: Math.trunc(num("signins")),
      concurrency: Math.trunc(num("signin-concurrency")),
      databaseUrl: process.env.DATABASE_URL || undefined,
      log,
    });
    lines.push(...r.lines);
    targets.push(...r.targets);
    Object.assign(results, r.results);
  }
  if (scenarios.includes("failover")) {
    // issue 16: its own pg_auto_failover formation on loopback and an in-process server
    const mode = String(values["failover-mode"]);
    const r = await runFailoverScenario({
      modes: mode === "both" ? ["standby", "single"] : [mode === "single" ? "single" : "standby"],
      clients: Math.trunc(num("failover-clients")),
      log,
    });
    lines.push(...r.lines);
    targets.push(...r.targets);
    Object.assign(results, { failover: r.results });
  }
  if (scenarios.includes("soak")) {
    // issue 16: the demo world on its own durable cluster (or DATABASE_URL's server), the server as a child
    const r = await runSoakScenario({
      minutes: num("minutes"),
      clients: Math.trunc(num("soak-clients")),
      thinkMs: num("soak-think"),
      databaseUrl: process.env.DATABASE_URL || undefined,
      serverNodeOptions: opts.serverNodeOptions,
      logLevel: opts.logLevel,
      log,
      registerCleanup: (fn) => cleanups.push(fn),
    });
    lines.push(...r.lines);
    targets.push(...r.targets);
    Object.assign(results, r.results);
  }
  if (scenarios.includes("community-bytes")) {
    // issue 16: the demo data (and with --with-district a small synthetic district) on its own cluster, measured
    const r = await runCommunityBytesScenario({
      withDistrict: Boolean(values["with-district"]),
      districtResidents: Math.trunc(num("district-residents")),
      districtCommunities: Math.trunc(num("district-communities")),
      districtRequests: Math.trunc(num("district-requests")),
      log,
      print: (l) => console.error(l),
      registerCleanup: (fn) => cleanups.push(fn),
    });
    lines.push(...r.lines);
    targets.push(...r.targets);
    Object.assign(results, r.results);
  }
  if (scenarios.includes("lottery-draw")) {
    // D8: pure computation, no database
    const r = await runLotteryDrawScenario({
      applicants: Math.trunc(num("lottery-applicants")),
      runs: Math.trunc(num("lottery-runs")),
      log,
    });
    lines.push(...r.lines);
    targets.push(...r.targets);
    Object.assign(results, r.results);
  }
  if (scenarios.includes("vote-tally")) {
    // issue 11: its own database (DATABASE_URL's server, else a throwaway cluster) and in-process server
    const r = await runVoteTallyScenario({
      database: "postgres",
      databaseUrl: process.env.DATABASE_URL || undefined,
      households: 10_000,
      ballots: 8_000,
      paper: 300,
      repeats: 50,
      log,
      registerCleanup: (fn) => cleanups.push(fn),
    });
    lines.push(...r.lines);
    targets.push(...r.targets);
    Object.assign(results, r.results);
  }
  if (scenarios.includes("care-sweep")) {
    // issue 15: the daily check-in sweep over 100,000 enrolled residents (its own database)
    const r = await runCareSweepScenario({
      database: "postgres",
      databaseUrl: process.env.DATABASE_URL || undefined,
      residents: 100_000,
      missedShare: 0.01,
      log,
      registerCleanup: (fn) => cleanups.push(fn),
    });
    lines.push(...r.lines);
    targets.push(...r.targets);
    Object.assign(results, r.results);
  }
  if (scenarios.includes("canteen-rush")) {
    // issue 15: its own database (DATABASE_URL's server, else a throwaway cluster) and in-process server
    const r = await runCanteenRushScenario({
      database: "postgres",
      databaseUrl: process.env.DATABASE_URL || undefined,
      orders: 2_000,
      clients: 100,
      communities: 15,
      monthOrders: 6_000,
      repeats: 20,
      log,
      registerCleanup: (fn) => cleanups.push(fn),
    });
    lines.push(...r.lines);
    targets.push(...r.targets);
    Object.assign(results, r.results);
  }
  if (scenarios.includes("ledger")) {
    // issue 12: its own durable cluster (fsync and synchronous commit on), or DATABASE_URL's server
    const r = await runLedgerScenario({
      database: "postgres",
      databaseUrl: process.env.DATABASE_URL || undefined,
      durable: true,
      clients: 100,
      seconds: 20,
      verifyEntries: 1_000_000,
      log,
      registerCleanup: (fn) => cleanups.push(fn),
    });
    lines.push(...r.lines);
    targets.push(...r.targets);
    Object.assign(results, r.results);
  }
  if (scenarios.includes("project-account")) {
    // issue 12: its own database (DATABASE_URL's server, else a throwaway cluster) and in-process server
    const r = await runProjectAccountScenario({
      database: "postgres",
      databaseUrl: process.env.DATABASE_URL || undefined,
      entries: 100_000,
      requests: 200,
      log,
      registerCleanup: (fn) => cleanups.push(fn),
    });
    lines.push(...r.lines);
    targets.push(...r.targets);
    Object.assign(results, r.results);
  }
  if (scenarios.includes("mall-exchange-day")) {
    // issue 14: its own durable cluster, or DATABASE_URL's server
    const r = await runMallExchangeDayScenario({
      database: "postgres",
      databaseUrl: process.env.DATABASE_URL || undefined,
      durable: true,
      residents: 10_000,
      items: 50,
      stock: 40,
      clients: 100,
      log,
      registerCleanup: (fn) => cleanups.push(fn),
    });
    lines.push(...r.lines);
    targets.push(...r.targets);
    Object.assign(results, r.results);
  }
  if (scenarios.includes("lifecircle")) {
    // issue 13: pure computation on ../shared/data/monaco.osm.pbf and a synthetic district, no database
    const r = await runLifecircleScenario({ runs: Math.trunc(num("lifecircle-runs")), log });
    lines.push(...r.lines);
    targets.push(...r.targets);
    Object.assign(results, r.results);
  }
  if (scenarios.includes("lifecircle-map-render")) {
    // issue 13: the resident map page on a 360 px phone in Chromium, the API answered by the bench
    const r = await runLifecircleMapRender({
      webDist: values["web-dist"] ? path.resolve(String(values["web-dist"])) : "dist",
      buildings: Math.trunc(num("map-buildings")),
      runs: Math.trunc(num("lifecircle-runs")),
      log,
    });
    lines.push(...r.lines);
    Object.assign(results, { "lifecircle-map-render": r.results });
  }
  if (scenarios.includes("bigscreen-memory")) {
    // issue 17: the big screen left running at 1920×1080 in Chromium, its heap after GC every minute
    const r = await runBigscreenMemory({
      webDist: values["web-dist"] ? path.resolve(String(values["web-dist"])) : "dist",
      minutes: Math.trunc(num("minutes")),
      rotateSeconds: Math.trunc(num("screen-rotate")),
      refreshSeconds: Math.trunc(num("screen-refresh")),
      log,
    });
    lines.push(...r.lines);
    Object.assign(results, { "bigscreen-memory": r.results });
  }
  // the fuzzer and web-load bring their own databases: no cluster, district or server for them alone
  if (scenarios.every((s) => SELF_CONTAINED.includes(s)))
    return report({ startedAt, machine, settings: [], lines, targets, results, httpScenarios });

  log("starting a throwaway PostgreSQL cluster");
  const cluster: ThrowawayCluster = await startThrowawayCluster();
  cleanups.push(() => cluster.stop());
  const admin = new pg.Client({ connectionString: cluster.adminUrl });
  await admin.connect();
  cleanups.push(() => admin.end());
  machine.postgres = (await admin.query("select version() as v")).rows[0].v;
  await admin.query("create database linli_bench");
  const dbUrl = new URL(cluster.adminUrl);
  dbUrl.pathname = "/linli_bench";
  const databaseUrl = dbUrl.toString();
  const settings = (
    await admin.query(
      "select name, setting, unit from pg_settings where name in ('shared_buffers','work_mem','max_connections','fsync','synchronous_commit','effective_cache_size')",
    )
  ).rows.map((r) => `${r.name}=${r.setting}${r.unit ?? ""}`);
  log(`${machine.postgres}: ${settings.join(", ")}`);

  if (httpScenarios.length || needsRequests || wantTopics || wantHonour) {
    const database = await openDatabase({ databaseUrl });
    let district: GeneratedDistrict;
    try {
      await migrateToLatest(database.db);
      // the floor alone needs no people, but the server needs someone to sign in
      const size = needsDistrict
        ? { residents: opts.residents, communities: opts.communities, streets: opts.streets }
        : { residents: 1000, communities: 1, streets: 1 };
      log(
        `generating the synthetic district: ${size.residents} residents, ${size.communities} communities, ${size.streets} streets`,
      );
      district = await generateDistrict(database.db, { ...size, log: (m) => log(`  ${m}`) });
      if (needsRequests) {
        log(`generating ${opts.requests} historical requests`);
        const generated = await generateRequests(database.db, {
          total: opts.requests,
          log: (m) => log(`  ${m}`),
        });
        results["generate-requests"] = { ...generated, loadAverage: os.loadavg()[0] };
        lines.push({
          scenario: "generate-requests",
          figure: String(round(generated.seconds)),
          unit: "s",
          baseline: "—",
          details: `${generated.requests} requests; phases (s) ${JSON.stringify(generated.phases)}; status ${JSON.stringify(generated.statusMix)}; request_stats ${generated.statsRows} rows, per community ${generated.statsCommunityRows}; load avg ${round(os.loadavg()[0]!, 2)}`,
        });
      }
      if (wantInsight) {
        // issue 17: a year of the other modules' histories, the rollup rebuilt as the module rebuilds it,
        // then every figure compared with its recount (the verify-figures code): the bench's invariant
        log("writing a year of the insight sources' histories");
        const history = await writeInsightHistory(database.db, { log });
        lines.push({
          scenario: "insight-history",
          figure: String(round(history.seconds)),
          unit: "s",
          baseline: "—",
          details: `${history.from}..${history.to}; rows ${JSON.stringify(history.rows)}; phases (s) ${JSON.stringify(history.phases)}`,
        });
        let t0 = performance.now();
        await rebuildInsight(database.db);
        const rebuildSeconds = (performance.now() - t0) / 1000;
        const analyzeSeconds = await analyzeRollup(database.db);
        const rollupRows = Number(
          (
            await database.db
              .selectFrom("insight_daily")
              .select((eb) => eb.fn.countAll<string>().as("n"))
              .executeTakeFirstOrThrow()
          ).n,
        );
        t0 = performance.now();
        const verified = await verifyFigures(database.db);
        const verifySeconds = (performance.now() - t0) / 1000;
        log(
          `insight rollup rebuilt in ${round(rebuildSeconds)} s, verified in ${round(verifySeconds)} s: requests ${verified.requests.count} and insight ${verified.insight.count} mismatches`,
        );
        lines.push({
          scenario: "insight-rebuild",
          figure: String(round(rebuildSeconds)),
          unit: "s, rebuildInsight over the histories",
          baseline: `verifyFigures (refresh + recount of requests and insight) ${round(verifySeconds)} s`,
          details: `insight_daily ${rollupRows} rows (then analyze insight_daily ${round(analyzeSeconds, 2)} s); mismatches: requests ${verified.requests.count}, insight ${verified.insight.count}${verified.ok ? "" : ` — FAILED: ${JSON.stringify(verified.insight.sample.slice(0, 3))} ${JSON.stringify(verified.requests.sample.slice(0, 3))}`}`,
        });
        targets.push({
          target: "insight: every rollup row equal to its recount after the rebuild (verifyFigures)",
          measured: `${verified.requests.count} + ${verified.insight.count} mismatches`,
          pass: verified.ok,
        });
        // last month's reports archived as the job makes them on the 1st (else the server's job would make
        // them 10 at a time while the scenarios run)
        const month = previousMonthOf(new Date());
        t0 = performance.now();
        const archived = await generateMissingReports(database.db, month);
        const archiveSeconds = (performance.now() - t0) / 1000;
        log(`insight: ${archived.made} monthly reports of ${month} archived in ${round(archiveSeconds)} s`);
        lines.push({
          scenario: "insight-reports-job",
          figure: String(round(archiveSeconds / Math.max(1, archived.made), 2)),
          unit: `s per report, the job's reports of ${month} (every community and street)`,
          baseline: `${archived.made} reports in ${round(archiveSeconds)} s`,
        });
        results["insight-history"] = {
          ...history,
          rebuildSeconds,
          verifySeconds,
          rollupRows,
          verified,
          reportsArchived: archived.made,
          archiveSeconds,
        };
      }
    } finally {
      await database.close();
    }
    lines.push({
      scenario: "generate-district",
      figure: String(round(district.seconds)),
      unit: "s",
      baseline: "—",
      details: `${district.residents} residents, ${district.households} households, ${district.grids} grids, ${district.buildings} buildings (${round(district.residents / district.seconds, 0)} residents/s)`,
    });
    results["generate-district"] = { ...district, staff: district.staff.length };

    log("starting the server (node --import tsx server/src/main.ts)");
    const server = await startServer(databaseUrl);
    const dataDirectory = (await admin.query("show data_directory")).rows[0].data_directory as string;
    server.postmasterPid = Number(
      readFileSync(path.join(dataDirectory, "postmaster.pid"), "utf8").split("\n")[0],
    );
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    cleanups.push(() => client.end());
    const workers = await signInWorkers(server, district, client);
    log(
      `signed in ${workers.length} grid workers in ${new Set(workers.map((w) => w.communityId)).size} communities; server RSS ${round((readRssKb(server.pid) ?? 0) / 1024)} MB`,
    );

    let rssMax = 0;
    let floor: HttpScenarioReport | null = null;
    for (const name of httpScenarios) {
      const r = await runHttpScenario(name, server, workers, databaseUrl);
      results[name] = r;
      const md = r.median;
      rssMax = Math.max(rssMax, md.rssMaxMb);
      const ok = r.failures.length === 0;
      if (!ok) for (const f of r.failures) log(`${name}: ${f}`);
      const details =
        `p50 ${round(md.p50)}, p99 ${round(md.p99)} ms; ${round(md.rps, 0)} req/s; non-2xx ${md.non2xx}; ` +
        `RSS max ${round(md.rssMaxMb, 0)} MB, median ${round(md.rssMedianMb, 0)} MB; ` +
        `CPU cores server ${round(md.cpuServer, 2)}, postgres ${round(md.cpuPostgres, 2)}, load generator ${round(md.cpuLoadGenerator, 2)}, other processes ${round(md.cpuOthers, 2)}; ` +
        `CPU ms/request server ${round((md.cpuServer / md.rps) * 1000, 2)}, postgres ${round((md.cpuPostgres / md.rps) * 1000, 2)}` +
        (r.perRequest ? `; ${r.perRequest.statements} SQL statements/request` : "") +
        (ok ? "" : " — FAILED");
      if (name === "http-floor") {
        floor = r;
        lines.push({
          scenario: name,
          figure: String(round(md.p95)),
          unit: "ms p95",
          baseline: "— (GET /api/health)",
          details,
        });
        continue;
      }
      lines.push({
        scenario: name,
        figure: String(round(md.p95)),
        unit: "ms p95",
        baseline:
          `sql-direct p95 ${round(md.sqlP95)} ms, ${round(md.sqlOps, 0)} ops/s (HTTP/SQL: p95 ×${round(md.p95 / md.sqlP95)}, throughput ×${round(md.rps / md.sqlOps, 2)})` +
          (floor ? `; http-floor ${round(floor.median.rps, 0)} req/s` : ""),
        details,
      });
      targets.push({
        target: `${name} p95 < 50 ms at ${opts.connections} clients, ${opts.residents} residents, PostgreSQL`,
        measured: `${round(md.p95)} ms${ok ? "" : ` (${md.non2xx} failed requests)`}`,
        pass: ok && md.p95 < 50 && opts.residents >= 1_000_000 && opts.connections >= 50,
      });
    }
    if (requestScenarios.length) {
      const r = await runRequestScenarios({
        scenarios: requestScenarios,
        url: server.url,
        serverPid: server.pid,
        postmasterPid: server.postmasterPid,
        databaseUrl,
        workers,
        durationSeconds: opts.duration,
        warmupSeconds: opts.warmup,
        requests: opts.requests,
        log,
      });
      lines.push(...r.lines);
      targets.push(...r.targets);
      Object.assign(results, r.results);
    }
    if (wantHonour) {
      // issue 14: a points award for every resident of the district on the ledger, then the honour board
      const r = await runPointsHonourScenario({ databaseUrl, reads: 200, log });
      lines.push(...r.lines);
      targets.push(...r.targets);
      Object.assign(results, r.results);
    }
    if (wantTopics) {
      // issue 10: topics written into the district, then residents' lists over HTTP (bench/topics-list.ts)
      const r = await runTopicsListScenario({
        url: server.url,
        serverPid: server.pid,
        postmasterPid: server.postmasterPid,
        databaseUrl,
        connections: opts.connections,
        durationSeconds: opts.duration,
        warmupSeconds: opts.warmup,
        residents: opts.residents,
        log,
      });
      lines.push(...r.lines);
      targets.push(...r.targets);
      Object.assign(results, r.results);
    }
    if (wantInsight) {
      // issue 17: the dashboard, the street reports and the rollup lag against the server (bench/insight.ts)
      const r = await runInsightScenarios({
        scenarios: insightScenarios,
        url: server.url,
        databaseUrl,
        district,
        viewers: Math.trunc(num("insight-viewers")),
        rate: num("insight-rate"),
        durationSeconds: opts.duration,
        warmupSeconds: opts.warmup,
        log,
      });
      lines.push(...r.lines);
      targets.push(...r.targets);
      Object.assign(results, r.results);
      for (const p of r.missedPlans)
        console.log(`\n-- ${p.sql}\n-- params ${JSON.stringify(p.parameters)}\n${p.plan}`);
    }
    if (wantEvents) {
      const r = await runEventsScenario({
        url: server.url,
        serverPid: server.pid,
        postmasterPid: server.postmasterPid,
        databaseUrl,
        workers,
        durationSeconds: opts.duration,
        rate: opts.eventsRate,
        events: opts.events,
        runs: opts.eventsRuns,
        stopServer: () => stopServer(server),
        log,
      });
      lines.push(...r.lines);
      Object.assign(results, r.results);
    }
    if (httpScenarios.length)
      targets.push({
        target: "server RSS < 300 MB during the HTTP scenarios",
        measured: `max ${round(rssMax, 0)} MB`,
        pass: rssMax < 300,
      });
  }

  if (scenarios.includes("import-100k")) {
    const imp: ImportResult = await runImportScenario({
      rows: opts.importRows,
      repeat: opts.repeat,
      adminUrl: cluster.adminUrl,
      root: ROOT,
      log,
      registerCleanup: (fn) => cleanups.push(fn),
    });
    results["import-100k"] = imp;
    if (imp.skipped) {
      lines.push({ scenario: "import-100k", figure: "skipped", unit: "", baseline: imp.skipped });
      targets.push({
        target: `${opts.importRows} residents imported in < 60 s`,
        measured: `skipped: ${imp.skipped}`,
        pass: null,
      });
    } else {
      for (const [kind, r] of Object.entries(imp.byDatabase)) {
        const phases = r.runs.length ? JSON.stringify(r.runs[Math.floor(r.runs.length / 2)]!.phases) : "";
        lines.push({
          scenario: `import-100k (${kind})`,
          figure: String(round(r.medianSeconds)),
          unit: "s",
          baseline: imp.baseline ? `${imp.baseline.what} ${round(imp.baseline.seconds)} s` : "",
          details: `${round(r.medianRowsPerSecond, 0)} rows/s; phases (s) ${phases}${r.error ? ` — FAILED: ${r.error}` : ""}`,
        });
        targets.push({
          target: `${opts.importRows} residents imported in < 60 s on ${kind}`,
          measured: r.error ? `failed: ${r.error}` : `${round(r.medianSeconds)} s`,
          pass: !r.error && r.medianSeconds < 60 && opts.importRows >= 100_000,
        });
      }
    }
  }

  if (scenarios.includes("export-100k")) {
    const exp: ExportResult = await runExportScenario({
      rows: opts.exportResidents,
      repeat: opts.repeat,
      databases: opts.exportDatabases,
      formats: opts.exportFormats,
      timeoutSeconds: opts.exportTimeoutSeconds,
      analyze: opts.exportAnalyze,
      adminUrl: cluster.adminUrl,
      root: ROOT,
      serverNodeOptions: opts.serverNodeOptions,
      logLevel: opts.logLevel,
      log,
      registerCleanup: (fn) => cleanups.push(fn),
    });
    results["export-100k"] = exp;
    for (const [kind, r] of Object.entries(exp.byDatabase)) {
      if (r.error) {
        lines.push({
          scenario: `export-100k (${kind})`,
          figure: "—",
          unit: "",
          baseline: `FAILED: ${r.error}`,
        });
      }
      for (const [format, m] of Object.entries(r.median)) {
        const runs = r.runs.filter((x) => x.format === format);
        const failed = runs.filter((x) => x.error);
        const shown = Number.isFinite(m.seconds)
          ? String(round(m.seconds, 2))
          : `> ${opts.exportTimeoutSeconds}`;
        lines.push({
          scenario: `export-100k ${format} (${kind})`,
          figure: shown,
          unit: "s",
          baseline: `/api/health during it: p99 ${round(m.healthP99)} ms, max ${round(m.healthMax)} ms`,
          details:
            `${exp.rows} residents (${exp.households} homes), statistics ${r.statistics}, import ${round(r.importSeconds)} s; ` +
            `runs ${runs.map((x) => (x.seconds === null ? "cut off" : round(x.seconds, 2))).join(" / ")} s; ` +
            `first byte ${runs.map((x) => (x.firstByteSeconds === null ? "—" : round(x.firstByteSeconds, 2))).join(" / ")} s; ` +
            `${runs.map((x) => `${x.rows ?? "?"} rows`).join(" / ")}; ${round((runs[0]?.bytes ?? 0) / 2 ** 20)} MB; ` +
            `health p50 ${runs.map((x) => round(x.health.p50)).join(" / ")} ms, samples ${runs.map((x) => x.health.count).join(" / ")}` +
            `${runs.some((x) => x.health.unanswered) ? `, unanswered ${runs.map((x) => x.health.unanswered).join(" / ")}` : ""}; ` +
            `server RSS max ${round(m.rssMaxMb, 0)} MB` +
            (failed.length ? ` — FAILED: ${failed.map((x) => x.error).join("; ")}` : ""),
        });
        const complete = failed.length === 0 && runs.every((x) => x.rows === exp.rows);
        targets.push({
          target: `${exp.rows} residents exported as ${format} in < 10 s on ${kind}`,
          measured: `${shown} s${complete ? "" : " (incomplete or failed runs)"}`,
          pass: complete && m.seconds < 10 && exp.rows >= 100_000,
        });
        targets.push({
          target: `/api/health p99 < 100 ms during the ${format} export on ${kind}`,
          measured: `${round(m.healthP99)} ms`,
          pass: m.healthP99 < 100 && exp.rows >= 100_000,
        });
      }
    }
  }

  return report({ startedAt, machine, settings, lines, targets, results, httpScenarios });
}

function report(r: {
  startedAt: Date;
  machine: Record<string, unknown>;
  settings: string[];
  lines: Line[];
  targets: Target[];
  results: Record<string, unknown>;
  httpScenarios: HttpScenario[];
}): number {
  const { startedAt, machine, settings, lines, targets, results, httpScenarios } = r;
  const widths = [8, 6, 6].map((w, i) =>
    Math.max(w, ...lines.map((l) => [l.scenario, l.figure, l.unit][i]!.length)),
  ) as [number, number, number];
  const row = (a: string, b: string, c: string, d: string) =>
    `${a.padEnd(widths[0])}  ${b.padStart(widths[1])}  ${c.padEnd(widths[2])}  ${d}`;
  console.log(`\n${row("scenario", "figure", "unit", "baseline")}`);
  for (const l of lines) {
    console.log(row(l.scenario, l.figure, l.unit, l.baseline));
    if (l.details) console.log(`${" ".repeat(widths[0] + 2)}↳ ${l.details}`);
  }
  console.log("\nTargets:");
  for (const t of targets) {
    console.log(`  ${t.pass === null ? "SKIP" : t.pass ? "PASS" : "FAIL"}  ${t.target}: ${t.measured}`);
  }
  for (const name of httpScenarios) {
    const r = results[name] as HttpScenarioReport | undefined;
    const target = targets.find((t) => t.target.startsWith(name));
    if (r?.plans && target && !target.pass) {
      console.log(
        `\n${name} missed its target. Per request: ${r.perRequest?.statements} SQL statements; table accesses ${JSON.stringify(r.perRequest?.tables)}. The handler's queries:`,
      );
      for (const p of r.plans)
        console.log(`\n-- ${p.sql}\n-- params ${JSON.stringify(p.parameters)}\n${p.plan}`);
    }
  }

  const out = String(values.out);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(
    out,
    `${JSON.stringify({ startedAt, finishedAt: new Date(), machine, postgresSettings: settings, options: opts, scenarios, lines, targets, results }, null, 2)}\n`,
  );
  console.log(`\nwrote ${path.relative(ROOT, out)}`);
  return targets.some((t) => t.pass === false) || lines.some((l) => l.details?.includes("FAILED")) ? 1 : 0;
}

let code = 1;
try {
  code = await main();
} catch (error) {
  console.error(`\nbench failed: ${(error as Error).stack ?? error}`);
  code = 1;
} finally {
  clearTimeout(timeLimit);
  await cleanup();
}
process.exit(code);
