// `npm run bench -- soak [--minutes 30] [--soak-clients 12] [--soak-think 250]` (or standalone
// `node --import tsx bench/soak.ts [--minutes 30] …`): issue 16 item 7 — a long mixed load, to show that the
// server does not degrade over time: zero errors, p99 stable, memory flat.
//
// A throwaway PostgreSQL cluster, durable as in production (fsync and synchronous commit on; DATABASE_URL's
// server when set), and the real server as a child process (`server/src/main.ts --demo`, one app process,
// its jobs on: the deadline sweep every minute, the figures job, the outbox consumers) with the demo world.
// `clients` virtual users sign in as demo accounts and loop, each waiting `think` ms between two calls:
//  - residents (the owner, the family member, the party member of 东龙社区): the public board's figures and
//    participation of their community and street, their own requests and one of them in detail, a new
//    request (problem, own household) now and then, and confirming a resolved one of theirs;
//  - staff (the secretary, the community worker, the grid worker): the community's request list (filtered
//    by status now and then) and the inbox, signing submitted requests and resolving signed ones (the work
//    queue is what the residents submitted during the run).
// Every answer is timed and filed in a window (5 minutes; 1 minute when --minutes < 10) by when it ended.
// Each window prints: requests, errors by status (any answer ≥ 400, or no answer), p50/p99 latency, the
// server's RSS (median of samples every 5 s), the jobs done (pg-boss's completed jobs, of them deadline
// sweeps) and the outbox (events handled by the consumers, the most any consumer is behind, dead letters).
// The verdict: zero errors; p99 of the last window ≤ 1.5 × the first's; RSS growth from the second window to
// the last < 10 % (the first holds the warm-up). Everything started is stopped when it ends or fails.
import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import pg from "pg";
import { DEMO_PASSWORD, DONGLONG } from "../server/src/demo/demo-accounts.ts";
import { startThrowawayCluster } from "../server/test/postgres-cluster.ts";
import { readRssKb } from "./http-load.ts";
import { median, prng, round, summarise } from "./stats.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
/** Demo accounts of 东龙社区 (server/src/demo/demo-accounts.ts). */
const RESIDENT_PHONES = ["13900000017", "13900000018", "13900000020"];
const STAFF_PHONES = ["13900000004", "13900000005", "13900000008"];
const RSS_EVERY_MS = 5_000;

export interface SoakOptions {
  minutes: number;
  clients: number;
  thinkMs: number;
  databaseUrl?: string | undefined;
  /** Flags for the server's node (those of `npm start`). */
  serverNodeOptions: string[];
  logLevel: string;
  log: (m: string) => void;
  registerCleanup: (fn: () => Promise<void>) => void;
}

interface WindowFigures {
  window: number;
  fromMinute: number;
  toMinute: number;
  requests: number;
  errors: Record<string, number>;
  p50Ms: number;
  p99Ms: number;
  rssMb: number | null;
  rssMaxMb: number | null;
  jobsDone: number | null;
  sweeps: number | null;
  eventsHandled: number | null;
  mostBehind: number | null;
  deadLetters: number | null;
}

interface Account {
  phone: string;
  cookie: string;
}

interface Work {
  id: number;
  owner: Account;
}

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

/** The real entry point with the demo world, as `npm run demo` runs it but on PostgreSQL. */
async function startDemoServer(o: SoakOptions, databaseUrl: string) {
  const port = await freePort();
  const logFile = path.join(os.tmpdir(), `linli-soak-server-${process.pid}.log`);
  const fd = openSync(logFile, "w");
  const child: ChildProcess = spawn(
    process.execPath,
    [...o.serverNodeOptions, "--import", "tsx", "server/src/main.ts", "--demo"],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        PORT: String(port),
        HOST: "127.0.0.1",
        LOG_LEVEL: o.logLevel,
        LINLI_WORKERS: "1",
        // a few residents submit all the run long: the limit is checked on every submission, at a height
        // the load never reaches
        LINLI_SUBMISSION_LIMITS: "100000000,100000000,100000000",
      },
      stdio: ["ignore", fd, fd],
    },
  );
  closeSync(fd);
  let exited: string | null = null;
  child.once("exit", (code, signal) => {
    exited = `exited with ${signal ?? code}`;
  });
  o.registerCleanup(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise<boolean>((r) => child.once("exit", () => r(true)));
    child.kill("SIGTERM");
    if (!(await Promise.race([gone, new Promise<boolean>((r) => setTimeout(() => r(false), 10_000))])))
      child.kill("SIGKILL");
  });
  const url = `http://127.0.0.1:${port}`;
  // the demo world is written on the first start: minutes on a loaded machine
  const deadline = Date.now() + 600_000;
  for (;;) {
    if (exited) throw new Error(`soak: the server ${exited} before it was ready:\n${tail(logFile)}`);
    try {
      const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline)
      throw new Error(`soak: the server did not answer /api/health within 600 s:\n${tail(logFile)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  return { url, child, logFile, isGone: () => exited };
}

async function signIn(url: string, phone: string): Promise<Account> {
  const res = await fetch(`${url}/api/auth/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ phone, password: DEMO_PASSWORD }),
  });
  if (!res.ok) throw new Error(`soak: sign-in of ${phone} failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .find((c) => c.startsWith("linli_session="));
  if (!cookie) throw new Error(`soak: sign-in of ${phone} set no session cookie`);
  return { phone, cookie };
}

/** Jobs and the outbox as the database has them now (cumulative counts). */
async function jobsNow(client: pg.Client) {
  const jobs = await client
    .query<{ done: string; sweeps: string }>(
      `select count(*) as done, count(*) filter (where name = 'deadlines-sweep') as sweeps
       from pgboss.job where state = 'completed'`,
    )
    .then((r) => ({ done: Number(r.rows[0]!.done), sweeps: Number(r.rows[0]!.sweeps) }))
    .catch(() => null);
  const events = await client
    .query<{ handled: string; behind: number; dead: string }>(
      `select coalesce(sum(c.handled), 0) as handled,
         coalesce(max((select count(*) from domain_event e where (e.txid, e.id) > (c.last_txid, c.last_id))), 0)::int as behind,
         (select count(*) from event_dead_letter) as dead
       from event_consumer c`,
    )
    .then((r) => ({
      handled: Number(r.rows[0]!.handled),
      behind: r.rows[0]!.behind,
      dead: Number(r.rows[0]!.dead),
    }))
    .catch(() => null);
  return { jobs, events };
}

export async function runSoakScenario(o: SoakOptions) {
  let databaseUrl = o.databaseUrl;
  if (!databaseUrl) {
    o.log("soak: starting a durable throwaway PostgreSQL cluster");
    const cluster = await startThrowawayCluster({ durable: true });
    o.registerCleanup(() => cluster.stop());
    databaseUrl = cluster.adminUrl;
  }
  o.log("soak: starting the server with the demo world (written on the first start)");
  const server = await startDemoServer(o, databaseUrl);
  const pid = server.child.pid!;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  o.registerCleanup(() => admin.end());

  const place = await admin.query<{ community: number; street: number }>(
    "select id as community, street_id as street from community where code = $1",
    [DONGLONG],
  );
  const { community, street } = place.rows[0] ?? {};
  if (!community) throw new Error(`soak: the demo has no community ${DONGLONG} (东龙社区)`);
  const residents = await Promise.all(RESIDENT_PHONES.map((p) => signIn(server.url, p)));
  const staff = await Promise.all(STAFF_PHONES.map((p) => signIn(server.url, p)));
  o.log(`soak: ${residents.length} residents and ${staff.length} staff signed in; community ${community}`);

  const windowMs = (o.minutes < 10 ? 1 : 5) * 60_000;
  const windows = Math.max(1, Math.ceil((o.minutes * 60_000) / windowMs));
  const lat: number[][] = Array.from({ length: windows }, () => []);
  const errs: Record<string, number>[] = Array.from({ length: windows }, () => ({}));
  const rss: number[][] = Array.from({ length: windows }, () => []);
  const firstErrors: string[] = [];
  /** Answers over the whole run by call ("POST /api/communities/:id/requests/:id/sign"), to show the mix. */
  const mix = new Map<string, number>();
  const submitted: Work[] = [];
  const signed: Work[] = [];
  const resolved: Work[] = [];
  const mine = new Map<string, number[]>();
  const rand = prng(16_7);

  const t0 = performance.now();
  const endAt = t0 + o.minutes * 60_000;
  const windowOf = (t: number) => Math.min(windows - 1, Math.floor((t - t0) / windowMs));

  /** One call, timed and filed; the body as JSON when it is one (null on an error). */
  async function call(method: string, p: string, who: Account | null, body?: unknown): Promise<any> {
    const started = performance.now();
    let status = "no answer";
    let json: any = null;
    try {
      const res = await fetch(server.url + p, {
        method,
        headers: {
          ...(who ? { cookie: who.cookie } : {}),
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? null : JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
      const text = await res.text();
      status = String(res.status);
      if (res.ok) json = text ? JSON.parse(text) : {};
      else if (firstErrors.length < 5)
        firstErrors.push(`${method} ${p} → ${res.status} ${text.slice(0, 200)}`);
    } catch (e) {
      if (firstErrors.length < 5) firstErrors.push(`${method} ${p} → ${(e as Error).message}`);
    }
    const ended = performance.now();
    const w = windowOf(ended);
    const what = `${method} ${p.split("?")[0]!.replace(/\/\d+/g, "/:id")}`;
    mix.set(what, (mix.get(what) ?? 0) + 1);
    lat[w]!.push(ended - started);
    if (json === null) errs[w]![status] = (errs[w]![status] ?? 0) + 1;
    return json;
  }

  let n = 0;
  const resident = async (me: Account) => {
    const r = rand();
    if (r < 0.3) return call("GET", `/api/board/figures?level=community&id=${community}`, me);
    if (r < 0.38) return call("GET", `/api/board/figures?level=street&id=${street}`, null);
    if (r < 0.45) return call("GET", `/api/board/participation?level=community&id=${community}`, me);
    if (r < 0.65) {
      const list = await call("GET", "/api/me/requests?limit=30", me);
      if (list)
        mine.set(
          me.phone,
          list.items.map((i: { id: number }) => i.id),
        );
      return;
    }
    const own = mine.get(me.phone) ?? [];
    if (r < 0.75 && own.length)
      return call(
        "GET",
        `/api/communities/${community}/requests/${own[Math.floor(rand() * own.length)]}`,
        me,
      );
    const i = resolved.findIndex((w) => w.owner === me);
    if (r < 0.82 && i >= 0) {
      const [w] = resolved.splice(i, 1);
      return call("POST", `/api/communities/${community}/requests/${w!.id}/confirm`, me, {
        rating: rand() < 0.8 ? "good" : "average",
      });
    }
    if (r < 0.9) {
      const made = await call("POST", `/api/communities/${community}/requests`, me, {
        kind: "problem",
        // a default category (created on first use in every community)
        categoryCode: "public_facilities",
        title: `楼道灯不亮 ${++n}`,
        description: "晚上楼道很黑，麻烦看一下",
        place: { type: "household" },
      });
      if (made?.id) submitted.push({ id: made.id, owner: me });
      return;
    }
    return call("GET", `/api/board/figures?level=community&id=${community}`, null);
  };
  const worker = async (me: Account) => {
    const r = rand();
    if (r < 0.3) {
      const status = rand() < 0.5 ? "" : `&status=${rand() < 0.5 ? "submitted" : "signed"}`;
      return call("GET", `/api/communities/${community}/requests?limit=50${status}`, me);
    }
    if (r < 0.5) return call("GET", `/api/communities/${community}/inbox?limit=30`, me);
    if (r < 0.7 && submitted.length) {
      const w = submitted.shift()!;
      const ok = await call("POST", `/api/communities/${community}/requests/${w.id}/sign`, me, {});
      if (ok) signed.push(w);
      return;
    }
    if (r < 0.9 && signed.length) {
      const w = signed.shift()!;
      const ok = await call("POST", `/api/communities/${community}/requests/${w.id}/resolve`, me, {
        text: "已更换灯泡，恢复照明",
      });
      if (ok) resolved.push(w);
      return;
    }
    return call("GET", `/api/communities/${community}/requests?limit=50`, me);
  };

  // memory every 5 s, jobs and the outbox at every window's end
  const sampler = setInterval(() => {
    const kb = readRssKb(pid);
    if (kb != null) rss[windowOf(performance.now())]!.push(kb / 1024);
  }, RSS_EVERY_MS);
  o.registerCleanup(async () => clearInterval(sampler));
  const marks = [await jobsNow(admin)];
  const figures: WindowFigures[] = [];
  const report = async (w: number) => {
    marks.push(await jobsNow(admin));
    const [a, b] = [marks[w]!, marks[w + 1]!];
    const s = summarise(lat[w]!);
    const f: WindowFigures = {
      window: w + 1,
      fromMinute: (w * windowMs) / 60_000,
      toMinute: Math.min(o.minutes, ((w + 1) * windowMs) / 60_000),
      requests: s.count,
      errors: errs[w]!,
      p50Ms: round(s.p50, 1),
      p99Ms: round(s.p99, 1),
      rssMb: rss[w]!.length ? round(median(rss[w]!), 1) : null,
      rssMaxMb: rss[w]!.length ? round(Math.max(...rss[w]!), 1) : null,
      jobsDone: a.jobs && b.jobs ? b.jobs.done - a.jobs.done : null,
      sweeps: a.jobs && b.jobs ? b.jobs.sweeps - a.jobs.sweeps : null,
      eventsHandled: a.events && b.events ? b.events.handled - a.events.handled : null,
      mostBehind: b.events?.behind ?? null,
      deadLetters: b.events?.dead ?? null,
    };
    figures.push(f);
    const errors = Object.entries(f.errors)
      .map(([k, v]) => `${k}×${v}`)
      .join(" ");
    o.log(
      `soak: window ${f.window} (min ${f.fromMinute}–${f.toMinute}): ${f.requests} requests, errors ${errors || "0"}, ` +
        `p50 ${f.p50Ms} ms, p99 ${f.p99Ms} ms, RSS ${f.rssMb ?? "?"} MB (max ${f.rssMaxMb ?? "?"}), ` +
        `jobs ${f.jobsDone ?? "?"} (sweeps ${f.sweeps ?? "?"}), events handled ${f.eventsHandled ?? "?"}, ` +
        `most behind ${f.mostBehind ?? "?"}, dead letters ${f.deadLetters ?? "?"}`,
    );
  };

  o.log(
    `soak: ${o.clients} clients (think ${o.thinkMs} ms) for ${o.minutes} min, windows of ${windowMs / 60_000} min`,
  );
  let reported = 0;
  const ticker = (async () => {
    while (reported < windows - 1) {
      const due = t0 + (reported + 1) * windowMs;
      await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
      if (server.isGone()) return;
      await report(reported++);
    }
  })();
  await Promise.all(
    Array.from({ length: o.clients }, async (_, i) => {
      // two residents for every member of staff
      const me = i % 3 === 2 ? staff[i % staff.length]! : residents[i % residents.length]!;
      const act = i % 3 === 2 ? worker : resident;
      while (performance.now() < endAt && !server.isGone()) {
        await act(me);
        await new Promise((r) => setTimeout(r, o.thinkMs * (0.5 + rand())));
      }
    }),
  );
  await ticker;
  clearInterval(sampler);
  const kb = readRssKb(pid);
  if (kb != null) rss[windows - 1]!.push(kb / 1024);
  await report(windows - 1);
  if (server.isGone())
    throw new Error(`soak: the server ${server.isGone()} during the run:\n${tail(server.logFile)}`);

  // the verdict
  const errorsTotal = figures.reduce((s, f) => s + Object.values(f.errors).reduce((a, b) => a + b, 0), 0);
  const first = figures[0]!;
  const last = figures.at(-1)!;
  const p99Ratio = last.p99Ms / first.p99Ms;
  const second = figures[1] ?? first;
  const rssGrowth = second.rssMb && last.rssMb ? (last.rssMb - second.rssMb) / second.rssMb : Number.NaN;
  const requestsTotal = figures.reduce((s, f) => s + f.requests, 0);
  if (firstErrors.length) o.log(`soak: first errors:\n  ${firstErrors.join("\n  ")}`);
  o.log(
    `soak: the mix: ${[...mix]
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ×${v}`)
      .join("; ")}`,
  );
  const memoryJudged = figures.length >= 3;
  const lines = [
    {
      scenario: "soak",
      figure: `${requestsTotal} requests, ${errorsTotal} errors`,
      unit: `${o.minutes} min of residents and staff (${o.clients} clients, think ${o.thinkMs} ms) with the jobs running, ${figures.length} windows`,
      baseline: `p99 first ${first.p99Ms} ms → last ${last.p99Ms} ms; RSS window 2 ${second.rssMb} MB → last ${last.rssMb} MB`,
    },
  ];
  const targets = [
    { target: "soak: zero errors", measured: `${errorsTotal} errors`, pass: errorsTotal === 0 },
    {
      target: "soak: p99 of the last window ≤ 1.5 × the first's",
      measured: `${last.p99Ms} / ${first.p99Ms} ms = ×${round(p99Ratio, 2)}`,
      pass: p99Ratio <= 1.5,
    },
    {
      target: "soak: server RSS growth from the second window to the last < 10 %",
      measured: memoryJudged
        ? `${second.rssMb} → ${last.rssMb} MB (${round(rssGrowth * 100, 1)} %)`
        : `${second.rssMb} → ${last.rssMb} MB: fewer than 3 windows, too short to judge memory`,
      pass: memoryJudged ? rssGrowth < 0.1 : null,
    },
  ];
  for (const t of targets)
    o.log(`soak: ${t.pass === null ? "n/a " : t.pass ? "PASS" : "FAIL"} ${t.target}: ${t.measured}`);
  return {
    lines,
    targets,
    results: {
      soak: { minutes: o.minutes, clients: o.clients, windows: figures, mix: Object.fromEntries(mix) },
    },
  };
}

// standalone: node --import tsx bench/soak.ts [--minutes 30] [--clients 12] [--think 250]
if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      minutes: { type: "string", default: "30" },
      clients: { type: "string", default: "12" },
      think: { type: "string", default: "250" },
      "log-level": { type: "string", default: "warn" },
    },
  });
  const cleanups: (() => Promise<void>)[] = [];
  const log = (m: string) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${m}`);
  const cleanup = async () => {
    for (const fn of cleanups.reverse()) await fn().catch((e) => console.error(`cleanup: ${e}`));
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const)
    process.on(signal, () => void cleanup().finally(() => process.exit(130)));
  runSoakScenario({
    minutes: Number(values.minutes),
    clients: Number(values.clients),
    thinkMs: Number(values.think),
    databaseUrl: process.env.DATABASE_URL || undefined,
    serverNodeOptions: (process.env.npm_package_config_serverNodeFlags ?? "").split(/\s+/).filter(Boolean),
    logLevel: String(values["log-level"]),
    log,
    registerCleanup: (fn) => cleanups.push(fn),
  })
    .then(async (r) => {
      await cleanup();
      process.exit(r.targets.every((t) => t.pass !== false) ? 0 : 1);
    })
    .catch(async (e) => {
      console.error(e);
      await cleanup();
      process.exit(1);
    });
}
