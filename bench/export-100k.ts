// export-100k: the residents sheet of a community of 100,000 residents downloaded over HTTP from the
// real server (a child process, as `npm start` runs it), as .csv and as .xlsx, while another client
// asks GET /api/health every 50 ms. Issue 7: one export froze the server (Lvzhou's 23,843 residents
// took 46 s and /api/health waited as long).
//
// The residents arrive as they do in a community: imported from a workbook by the imports module
// (importResidentsFile; ID numbers encrypted, phones, care tags), on PostgreSQL (its own database)
// and on PGlite (on disk). PGlite never runs autovacuum, so its tables keep no planner statistics
// after an import (the demo's Lvzhou too); PostgreSQL's autovacuum analyses them within a minute,
// so the PostgreSQL run measures after ANALYZE unless --export-no-analyze (then autovacuum is
// turned off for the bench database, so the run does not depend on when it would have started).
//
// Health is sampled open-loop (a request every 50 ms whether or not the previous one answered), so
// a frozen server shows as many slow answers, not one. Only requests sent while the export ran
// count; one still unanswered when the export ends counts with the time it has waited so far.
import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, createWriteStream, openSync, readFileSync } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { finished } from "node:stream/promises";
import type { Kysely } from "kysely";
import { sql } from "kysely";
import pg from "pg";
import { loadConfig } from "../server/src/config.ts";
import { openDatabase } from "../server/src/db/database.ts";
import { migrateToLatest } from "../server/src/db/migrate.ts";
import type { DB } from "../server/src/db/schema.ts";
import { hashPassword } from "../server/src/modules/core/auth/auth.service.ts";
import { generateResidentRows } from "../server/src/modules/core/imports/imports.fixtures.ts";
import { importResidentsFile } from "../server/src/modules/core/imports/imports.service.ts";
import { readSheetRows, writeResidentsWorkbook } from "../server/src/modules/core/imports/spreadsheet.ts";
import { readRssKb } from "./http-load.ts";
import { type LatencySummary, median, round, summarise } from "./stats.ts";

export type ExportFormat = "csv" | "xlsx";
export type ExportDatabase = "postgres" | "pglite";

export interface ExportRun {
  format: ExportFormat;
  status: number | null;
  /** Time to the last byte; null when cut off at the time limit. */
  seconds: number | null;
  firstByteSeconds: number | null;
  bytes: number;
  /** Data rows in the file (CSV: lines after the header; xlsx: rows read back after the run). */
  rows: number | null;
  timedOut: boolean;
  health: LatencySummary & {
    unanswered: number;
    failed: number;
    /** The five slowest answers: when they were asked (s after the export started) and how long they took. */
    worst: { at: number; ms: number }[];
  };
  rssMaxMb: number | null;
  error?: string;
}

export interface ExportResult {
  rows: number;
  households: number;
  byDatabase: Partial<
    Record<
      ExportDatabase,
      {
        statistics: "analyzed" | "none (as imported)";
        importSeconds: number;
        runs: ExportRun[];
        median: Partial<
          Record<ExportFormat, { seconds: number; healthP99: number; healthMax: number; rssMaxMb: number }>
        >;
        error?: string;
      }
    >
  >;
}

export interface ExportOptions {
  rows: number;
  repeat: number;
  databases: ExportDatabase[];
  formats: ExportFormat[];
  timeoutSeconds: number;
  /** PostgreSQL: ANALYZE after the import (autovacuum's steady state); false: no statistics. */
  analyze: boolean;
  adminUrl: string;
  root: string;
  serverNodeOptions: string[];
  logLevel: string;
  log: (m: string) => void;
  registerCleanup: (fn: () => Promise<void>) => void;
}

const PASSWORD = "export-bench-2026";
const SECRETARY_PHONE = "13700000001";
const HEALTH_EVERY_MS = 50;

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

/** A district, street and community of their own with four grids and a community secretary. */
async function prepareCommunity(db: Kysely<DB>, tag: string) {
  const d = await db
    .insertInto("district")
    .values({ code: `EXP-${tag}`, name: "导出测试区" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const s = await db
    .insertInto("street")
    .values({ district_id: d.id, name: "导出街道" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const c = await db
    .insertInto("community")
    .values({ street_id: s.id, name: `十万人社区${tag}`, reported: "{}" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const grids = ["第一网格", "第二网格", "第三网格", "第四网格"];
  for (const name of grids) await db.insertInto("grid").values({ community_id: c.id, name }).execute();
  const user = await db
    .insertInto("app_user")
    .values({ phone: SECRETARY_PHONE, name: "导出书记", password_hash: await hashPassword(PASSWORD) })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("role_assignment")
    .values({
      user_id: user.id,
      role: "community_secretary",
      scope_type: "community",
      scope_id: c.id,
      scope_community_id: null,
    })
    .execute();
  return { communityId: c.id, grids };
}

interface Server {
  url: string;
  child: ChildProcess;
  logFile: string;
  stop(): Promise<void>;
}

async function startServer(o: ExportOptions, env: Record<string, string>, tag: string): Promise<Server> {
  const port = await freePort();
  const logFile = path.join(os.tmpdir(), `linli-bench-export-${tag}-${process.pid}.log`);
  const fd = openSync(logFile, "w");
  const { DATABASE_URL: _url, LINLI_PGLITE_DIR: _dir, ...inherited } = process.env;
  const child = spawn(process.execPath, [...o.serverNodeOptions, "--import", "tsx", "server/src/main.ts"], {
    cwd: o.root,
    env: { ...inherited, ...env, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: o.logLevel },
    stdio: ["ignore", fd, fd],
  });
  closeSync(fd);
  let exited: string | null = null;
  child.once("exit", (code, signal) => {
    exited = `exited with ${signal ?? code}`;
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const gone = await Promise.race([
      new Promise<boolean>((r) => child.once("exit", () => r(true))),
      new Promise<boolean>((r) => setTimeout(() => r(false), 5000)),
    ]);
    if (!gone) {
      child.kill("SIGKILL");
      await new Promise((r) => child.once("exit", r));
    }
  };
  o.registerCleanup(stop);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (exited) {
      const tail = readFileSync(logFile, "utf8").split("\n").slice(-30).join("\n");
      throw new Error(`the server ${exited} before it was ready:\n${tail}`);
    }
    try {
      const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error("the server did not answer /api/health within 120 s");
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, child, logFile, stop };
}

async function signIn(url: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ phone: SECRETARY_PHONE, password: PASSWORD }),
  });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .find((c) => c.startsWith("linli_session="));
  if (!cookie) throw new Error("sign-in set no session cookie");
  return cookie;
}

/** GET /api/health every 50 ms until stopped; latencies of the requests sent before stop(). */
function sampleHealth(url: string, timeoutMs: number, origin: number) {
  const latencies: number[] = [];
  const samples: { at: number; ms: number }[] = [];
  const pending = new Set<number>();
  let failed = 0;
  let seq = 0;
  const timer = setInterval(() => {
    const id = seq++;
    const sent = performance.now();
    pending.add(sent);
    fetch(`${url}/api/health`, { signal: AbortSignal.timeout(timeoutMs) })
      .then(async (res) => {
        await res.arrayBuffer();
        if (!res.ok) failed++;
        if (pending.delete(sent)) {
          latencies.push(performance.now() - sent);
          samples.push({ at: (sent - origin) / 1000, ms: performance.now() - sent });
        }
      })
      .catch(() => {
        if (pending.delete(sent)) failed++;
      });
    void id;
  }, HEALTH_EVERY_MS);
  return {
    /** Stops sending; waits up to `graceMs` for answers, then counts the rest with their wait so far. */
    async stop(graceMs: number) {
      clearInterval(timer);
      const until = performance.now() + graceMs;
      while (pending.size && performance.now() < until) await new Promise((r) => setTimeout(r, 20));
      const unanswered = pending.size;
      const now = performance.now();
      for (const sent of pending) {
        latencies.push(now - sent);
        samples.push({ at: (sent - origin) / 1000, ms: now - sent });
      }
      pending.clear();
      const worst = samples
        .sort((a, b) => b.ms - a.ms)
        .slice(0, 5)
        .map((w) => ({ at: Number(w.at.toFixed(2)), ms: Math.round(w.ms) }));
      return { ...summarise(latencies), unanswered, failed, worst };
    },
  };
}

async function exportOnce(
  o: ExportOptions,
  server: Server,
  cookie: string,
  communityId: number,
  format: ExportFormat,
  dir: string,
): Promise<ExportRun> {
  const file = path.join(dir, `export.${format}`);
  let rssMax = 0;
  const rssTimer = setInterval(() => {
    const kb = server.child.pid ? readRssKb(server.child.pid) : null;
    if (kb) rssMax = Math.max(rssMax, kb / 1024);
  }, 200);
  const started = performance.now();
  const health = sampleHealth(server.url, o.timeoutSeconds * 1000, started);
  let firstByte: number | null = null;
  let bytes = 0;
  let newlines = 0;
  let status: number | null = null;
  let timedOut = false;
  let error: string | undefined;
  try {
    const res = await fetch(`${server.url}/api/communities/${communityId}/exports/residents.${format}`, {
      headers: { cookie },
      signal: AbortSignal.timeout(o.timeoutSeconds * 1000),
    });
    status = res.status;
    if (!res.ok) throw new Error(`${res.status} ${(await res.text()).slice(0, 300)}`);
    const out = createWriteStream(file);
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      firstByte ??= performance.now();
      bytes += chunk.length;
      if (format === "csv") for (const b of chunk) if (b === 10) newlines++;
      if (!out.write(chunk)) await new Promise((r) => out.once("drain", r));
    }
    out.end();
    await finished(out);
  } catch (e) {
    const err = e as Error;
    timedOut = err.name === "TimeoutError" || err.name === "AbortError";
    error = timedOut ? `cut off after ${o.timeoutSeconds} s` : err.message.split("\n")[0];
  }
  const seconds = timedOut || error ? null : (performance.now() - started) / 1000;
  // answers still owed when the export ended: wait briefly (they were sent during the export)
  const h = await health.stop(timedOut ? 0 : 5000);
  clearInterval(rssTimer);
  let rows: number | null = null;
  if (!error && format === "csv") rows = newlines - 1;
  if (!error && format === "xlsx") {
    rows = -1; // the header
    for await (const _row of readSheetRows(file, "xlsx")) rows++;
  }
  await rm(file, { force: true });
  return {
    format,
    status,
    seconds,
    firstByteSeconds: firstByte === null ? null : (firstByte - started) / 1000,
    bytes,
    rows,
    timedOut,
    health: h,
    rssMaxMb: rssMax ? rssMax : null,
    ...(error ? { error } : {}),
  };
}

export async function runExportScenario(o: ExportOptions): Promise<ExportResult> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "linli-bench-export-"));
  o.registerCleanup(() => rm(dir, { recursive: true, force: true }));
  const workbook = path.join(dir, `residents-${o.rows}.xlsx`);
  o.log(`export-100k: writing the ${o.rows}-row workbook to import`);
  await writeResidentsWorkbook(
    generateResidentRows(o.rows, { grids: ["第一网格", "第二网格", "第三网格", "第四网格"] }),
    workbook,
  );
  o.log(`export-100k: workbook ${((await stat(workbook)).size / 2 ** 20).toFixed(1)} MB`);
  const result: ExportResult = { rows: o.rows, households: Math.ceil(o.rows / 3), byDatabase: {} };

  for (const kind of o.databases) {
    const runs: ExportRun[] = [];
    let importSeconds = Number.NaN;
    let error: string | undefined;
    const statistics = kind === "postgres" && o.analyze ? "analyzed" : "none (as imported)";
    let server: Server | null = null;
    try {
      // ---- the community, imported
      let databaseUrl: string | undefined;
      let pgliteDir: string | undefined;
      if (kind === "postgres") {
        const admin = new pg.Client({ connectionString: o.adminUrl });
        await admin.connect();
        await admin.query("drop database if exists linli_export");
        await admin.query("create database linli_export");
        await admin.end();
        const u = new URL(o.adminUrl);
        u.pathname = "/linli_export";
        databaseUrl = u.toString();
      } else {
        pgliteDir = path.join(dir, "pglite");
      }
      const database = await openDatabase({ databaseUrl, pgliteDataDir: pgliteDir });
      let communityId: number;
      try {
        await migrateToLatest(database.db);
        if (kind === "postgres" && !o.analyze) {
          for (const t of ["household", "resident", "building", "unit", "estate", "grid"])
            await sql`alter table ${sql.table(t)} set (autovacuum_enabled = off)`.execute(database.db);
        }
        const c = await prepareCommunity(database.db, kind);
        communityId = c.communityId;
        const config = loadConfig({ databaseUrl, pgliteDataDir: pgliteDir ?? "memory://" });
        o.log(`export-100k: ${kind}: importing ${o.rows} residents`);
        const t0 = performance.now();
        const outcome = await importResidentsFile(database.db, config, {
          communityId,
          filePath: workbook,
          mode: "all_or_nothing",
          actorUserId: null,
        });
        importSeconds = (performance.now() - t0) / 1000;
        if (outcome.status !== "succeeded" || outcome.importedRows !== o.rows)
          throw new Error(`import ${outcome.status}: ${JSON.stringify(outcome.errors.slice(0, 3))}`);
        if (kind === "postgres" && o.analyze) await sql`analyze`.execute(database.db);
        o.log(`export-100k: ${kind}: imported in ${importSeconds.toFixed(1)} s; statistics: ${statistics}`);
      } finally {
        await database.close();
      }

      // ---- the server, and the exports
      const env: Record<string, string> = databaseUrl
        ? { DATABASE_URL: databaseUrl }
        : { LINLI_PGLITE_DIR: pgliteDir! };
      for (const format of o.formats) {
        for (let i = 1; i <= o.repeat; i++) {
          server ??= await startServer(o, env, kind);
          const cookie = await signIn(server.url);
          // let the start-up jobs (figures, deadlines) settle before measuring
          await new Promise((r) => setTimeout(r, 2000));
          o.log(`export-100k: ${kind} ${format} run ${i}/${o.repeat}`);
          const run = await exportOnce(o, server, cookie, communityId, format, dir);
          runs.push(run);
          o.log(
            `export-100k: ${kind} ${format} run ${i}: ${run.error ? `FAILED (${run.error})` : `${run.seconds!.toFixed(2)} s`}, ` +
              `first byte ${run.firstByteSeconds?.toFixed(2) ?? "—"} s, ${(run.bytes / 2 ** 20).toFixed(1)} MB, ${run.rows ?? "?"} rows; ` +
              `health n=${run.health.count} p50 ${round(run.health.p50)} p99 ${round(run.health.p99)} max ${round(run.health.max)} ms` +
              `${run.health.unanswered ? ` (${run.health.unanswered} unanswered)` : ""}, slowest ${run.health.worst.map((w) => `${w.ms} ms at ${w.at} s`).join(", ")}; ` +
              `server RSS max ${round(run.rssMaxMb ?? Number.NaN, 0)} MB`,
          );
          if (run.timedOut) {
            // the server may still be busy with the cut-off export: start a fresh one for the next run
            await server.stop();
            server = null;
          }
        }
      }
    } catch (e) {
      error = (e as Error).message.split("\n")[0];
      o.log(`export-100k: ${kind} failed: ${(e as Error).stack}`);
    } finally {
      await server?.stop();
    }
    const med: NonNullable<ExportResult["byDatabase"][ExportDatabase]>["median"] = {};
    for (const format of o.formats) {
      const rs = runs.filter((r) => r.format === format);
      if (!rs.length) continue;
      med[format] = {
        seconds: median(rs.map((r) => r.seconds ?? Number.POSITIVE_INFINITY)),
        healthP99: median(rs.map((r) => r.health.p99)),
        healthMax: Math.max(...rs.map((r) => r.health.max)),
        rssMaxMb: Math.max(...rs.map((r) => r.rssMaxMb ?? 0)),
      };
    }
    result.byDatabase[kind] = { statistics, importSeconds, runs, median: med, ...(error ? { error } : {}) };
  }
  return result;
}
