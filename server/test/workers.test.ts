// Several app processes on one PostgreSQL database (issue 16, "Several app processes"): the real entry
// point (`server/src/main.ts`) started with LINLI_WORKERS=3 forks three workers behind one port. The
// tests check that the three serve, that a scheduled job's catch-up run at start is sent once (not once
// per process) and no cron occurrence is sent twice, that a notification written elsewhere reaches live
// streams held by every worker within 1 s (LISTEN/NOTIFY), that a rolling restart (SIGHUP) fails no
// request, and that SIGTERM drains and stops them all.
import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.ts";
import { type Database, openDatabase } from "../src/db/database.ts";
import { createSession } from "../src/http/session.ts";
import { insertNotifications } from "../src/modules/core/notifications/notifications.queries.ts";
import { freshDatabaseUrl } from "./fresh-database.ts";
import { createUser, createWorld } from "./test-app.ts";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const WORKERS = 3;

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

/** The app processes (running main.ts) whose parent is `pid`, from /proc (tsx's esbuild helper is not one). */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      // the command may hold spaces and parentheses: the fields after its closing ")" are fixed
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid && readFileSync(`/proc/${d}/cmdline`, "utf8").includes("server/src/main.ts"))
        out.push(Number(d));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

describe.skipIf(process.env.LINLI_TEST_DB !== "postgres")("three app processes behind one port", () => {
  let server: ChildProcess;
  let output = "";
  let base = "";
  let db: Database;
  let databaseUrl = "";

  beforeAll(async () => {
    databaseUrl = (await freshDatabaseUrl())!;
    const port = await freePort();
    server = spawn(process.execPath, ["--import", "tsx", "server/src/main.ts"], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        PORT: String(port),
        HOST: "127.0.0.1",
        LOG_LEVEL: "warn",
        LINLI_WORKERS: String(WORKERS),
        LINLI_WEB_DIST: "/nonexistent",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    server.stdout!.on("data", (b) => (output += b));
    server.stderr!.on("data", (b) => (output += b));
    base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 90_000;
    // ready when the primary has printed its banner (every worker is listening by then)
    while (!output.includes(`${WORKERS} processes`)) {
      if (server.exitCode !== null) throw new Error(`the server exited:\n${output}`);
      if (Date.now() > deadline) throw new Error(`the server was not ready within 90 s:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    db = await openDatabase({ databaseUrl, pgliteDataDir: "memory://" });
  }, 120_000);

  afterAll(async () => {
    if (server && server.exitCode === null && server.signalCode === null) server.kill("SIGKILL");
    for (const pid of server?.pid ? childrenOf(server.pid) : []) process.kill(pid, "SIGKILL");
    await db?.close();
  });

  it("serves from three worker processes, and each job's catch-up at start is sent once, not three times", async () => {
    expect(childrenOf(server.pid!)).toHaveLength(WORKERS);
    const answers = await Promise.all(Array.from({ length: 12 }, () => fetch(`${base}/api/health`)));
    expect(answers.map((r) => r.status)).toEqual(Array(12).fill(200));

    // pg-boss's own table: catch-up sends have no throttle slot; cron sends have one per minute
    const rows = async () =>
      (
        await sql<{ name: string; catch_up: number; max_per_slot: number; retried: number }>`
          select name,
                 count(*) filter (where singleton_on is null)::int as catch_up,
                 coalesce(max(c.n), 0)::int as max_per_slot,
                 count(*) filter (where retry_count > 0)::int as retried
            from pgboss.job j
            left join lateral (
              select count(*) as n from pgboss.job k
               where k.name = j.name and k.singleton_on = j.singleton_on) c on true
           where name not like '\\_\\_%'
           group by name order by name`.execute(db.db)
      ).rows;
    // the scheduled jobs (every minute or so) have been sent their catch-up by the time all workers listen
    const scheduled = await sql<{ name: string }>`select name from pgboss.schedule`.execute(db.db);
    expect(scheduled.rows.length).toBeGreaterThan(0);
    const seen = await rows();
    for (const s of scheduled.rows) {
      const r = seen.find((x) => x.name === s.name);
      expect(r?.catch_up, `catch-up sends of ${s.name}`).toBe(1);
      expect(r?.max_per_slot ?? 0, `cron sends of ${s.name} in one minute`).toBeLessThanOrEqual(1);
    }
  });

  it("a notification written by another process reaches live streams held by every worker within 1 s", async () => {
    const w = await createWorld(db.db);
    const person = await createUser(db.db, "多进程通知");
    const cookie = `linli_session=${await createSession(db.db, loadConfig({ databaseUrl }), person.id)}`;
    // the primary hands new connections to the workers in turn: three streams, one per worker
    const streams = [];
    for (let i = 0; i < WORKERS; i++) {
      const ac = new AbortController();
      const res = await fetch(`${base}/api/me/notifications/stream`, {
        headers: { cookie },
        signal: ac.signal,
      });
      expect(res.status).toBe(200);
      streams.push({ reader: res.body!.getReader(), ac });
    }
    // each stream reads from where it started; give the workers a moment to LISTEN
    await new Promise((r) => setTimeout(r, 300));
    const sent = Date.now();
    await db.db
      .transaction()
      .execute((trx) =>
        insertNotifications(
          trx,
          [person.id],
          { communityId: w.a.id, kind: "test.workers", titleZh: "三个进程", titleEn: "Three processes" },
          null,
        ),
      );
    const decoder = new TextDecoder();
    const arrivals = await Promise.all(
      streams.map(async ({ reader }) => {
        let text = "";
        const deadline = sent + 1_000;
        while (!text.includes("event: notification")) {
          const left = deadline - Date.now();
          if (left <= 0) return -1;
          const chunk = await Promise.race([
            reader.read(),
            new Promise<null>((r) => setTimeout(() => r(null), left)),
          ]);
          if (!chunk || chunk.done) return -1;
          text += decoder.decode(chunk.value, { stream: true });
        }
        return Date.now() - sent;
      }),
    );
    for (const s of streams) s.ac.abort();
    expect(
      arrivals.every((ms) => ms >= 0 && ms < 1_000),
      `arrivals (ms): ${arrivals.join(", ")}`,
    ).toBe(true);
  });

  it("SIGHUP restarts the workers one at a time and no request in flight meanwhile fails", async () => {
    const before = childrenOf(server.pid!);
    let stop = false;
    const statuses = new Map<string, number>();
    const count = (k: string) => statuses.set(k, (statuses.get(k) ?? 0) + 1);
    // eight clients asking all the time, as a busy street would
    const clients = Array.from({ length: 8 }, async () => {
      while (!stop) {
        try {
          const res = await fetch(`${base}/api/health`);
          await res.arrayBuffer();
          count(String(res.status));
        } catch (e) {
          count(`error: ${(e as Error).cause ?? (e as Error).message}`);
        }
      }
    });
    await new Promise((r) => setTimeout(r, 300));
    const done = output.split("rolling restart done").length;
    server.kill("SIGHUP");
    const deadline = Date.now() + 60_000;
    while (output.split("rolling restart done").length === done && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 300));
    stop = true;
    await Promise.all(clients);
    const after = childrenOf(server.pid!);
    expect(after).toHaveLength(WORKERS);
    expect(after.filter((pid) => before.includes(pid))).toEqual([]);
    expect([...statuses.keys()]).toEqual(["200"]);
    expect(statuses.get("200")).toBeGreaterThan(50);
  }, 90_000);

  it("SIGTERM drains the workers and stops the primary", async () => {
    const workers = childrenOf(server.pid!);
    const exited = new Promise<number | null>((r) => server.once("exit", (code) => r(code)));
    server.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(workers.filter((pid) => existsProcess(pid))).toEqual([]);
  }, 60_000);
});

function existsProcess(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
