// Read scaling (issue 16, item 3): heavy reads go to a streaming standby when LINLI_READ_DATABASE_URL names
// one, and a session that wrote reads the primary until the standby has its write. The rule alone (pure),
// then on PostgreSQL a real standby: a primary started here, copied by `pg_basebackup -R` and streaming on
// a loopback port; its replay paused and resumed (pg_wal_replay_pause/resume) to hold it behind a write.
import { execFile } from "node:child_process";
import { chown, mkdtemp, readFile, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { FastifyRequest } from "fastify";
import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../src/app.ts";
import { loadConfig } from "../src/config.ts";
import { type Database, openDatabase } from "../src/db/database.ts";
import { migrateToLatest } from "../src/db/migrate.ts";
import { keptHasWrite, lsnBytes, mayReadStandby, parseMark, replayedWalLsn } from "../src/db/read-standby.ts";
import { WROTE_COOKIE } from "../src/http/read-routing.ts";
import { createSession } from "../src/http/session.ts";
import { findPostgresBinDir, startThrowawayCluster, type ThrowawayCluster } from "./postgres-cluster.ts";
import { createUser, createWorld } from "./test-app.ts";

describe("the read routing rule", () => {
  const mark = { at: 1_000_000, lsn: "0/3000060" };
  it("reads the standby without a write of one's own, and never when the standby does not answer", () => {
    expect(mayReadStandby(null, "0/1", 0, 10_000)).toBe(true);
    expect(mayReadStandby(null, null, 0, 10_000)).toBe(false);
  });
  it("reads the primary for a while after a write, then until the standby has replayed it", () => {
    expect(mayReadStandby(mark, "1/0", mark.at + 9_999, 10_000)).toBe(false);
    expect(mayReadStandby(mark, "0/3000000", mark.at + 10_000, 10_000)).toBe(false);
    expect(mayReadStandby(mark, "0/3000060", mark.at + 10_000, 10_000)).toBe(true);
    expect(mayReadStandby(mark, "1/0", mark.at + 10_000, 10_000)).toBe(true);
  });
  it("compares WAL positions as numbers and takes only a well-formed mark", () => {
    expect(lsnBytes("1/0") > lsnBytes("0/FFFFFFFF")).toBe(true);
    expect(lsnBytes("0/A") > lsnBytes("0/9")).toBe(true);
    expect(parseMark("1733500000000.16/B374D848")).toEqual({ at: 1733500000000, lsn: "16/B374D848" });
    for (const bad of [undefined, "", "x.0/1", "1.0/1; drop", "1.0-1"]) expect(parseMark(bad)).toBeNull();
  });
  it("serves a kept answer to a writer only if it has the write", () => {
    expect(keptHasWrite(null, { source: "standby", lsn: "0/1" })).toBe(true);
    expect(keptHasWrite(mark, { source: "primary", lsn: null })).toBe(false);
    // a standby that replayed up to the mark has the write
    expect(keptHasWrite(mark, { source: "standby", lsn: "0/3000060" })).toBe(true);
    expect(keptHasWrite(mark, { source: "standby", lsn: "0/3000058" })).toBe(false);
    // the primary's position must be past the mark (at the mark, the write may not have been visible yet)
    expect(keptHasWrite(mark, { source: "primary", lsn: "0/3000060" })).toBe(false);
    expect(keptHasWrite(mark, { source: "primary", lsn: "0/3000068" })).toBe(true);
  });
});

/**
 * Polls `check` until it holds; the deadline only bounds a hang (a loaded machine may take long, the
 * answer never depends on how long).
 */
async function until(what: string, check: () => Promise<boolean>, deadlineMs = 120_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`still not ${what} after ${deadlineMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function run(file: string, args: string[], asPostgres: boolean): Promise<string> {
  const [cmd, argv] = asPostgres ? ["runuser", ["-u", "postgres", "--", file, ...args]] : [file, args];
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("PG")));
  return new Promise((resolve, reject) =>
    execFile(cmd, argv, { env }, (e, out, err) =>
      e ? reject(new Error(`${path.basename(file)}: ${e.message}\n${out}${err}`)) : resolve(out),
    ),
  );
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

describe.skipIf(process.env.LINLI_TEST_DB !== "postgres")("a streaming standby behind the primary", () => {
  const asRoot = process.getuid?.() === 0;
  let primaryCluster: ThrowawayCluster;
  let dir = "";
  let standbyData = "";
  let primary: Database;
  let standby: Database;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let cookie = "";
  const bin = findPostgresBinDir();

  beforeAll(async () => {
    primaryCluster = await startThrowawayCluster();
    const admin = new pg.Client({ connectionString: primaryCluster.adminUrl });
    await admin.connect();
    await admin.query("CREATE DATABASE linli");
    await admin.end();
    const primaryUrl = new URL(primaryCluster.adminUrl);
    primaryUrl.pathname = "/linli";
    primary = await openDatabase({ databaseUrl: primaryUrl.toString(), poolSize: 5 });
    await migrateToLatest(primary.db);

    // the standby: a base backup that writes its own standby.signal and primary_conninfo (-R), after a
    // checkpoint taken at once (-c fast; the default spreads it over minutes)
    dir = await mkdtemp(path.join(os.tmpdir(), "linli-standby-"));
    standbyData = path.join(dir, "data");
    if (asRoot) {
      const [, , uid, gid] = (await run("getent", ["passwd", "postgres"], false)).split(":");
      await chown(dir, Number(uid), Number(gid));
    }
    const port = Number(primaryUrl.port);
    await run(
      path.join(bin, "pg_basebackup"),
      [
        "-h",
        "127.0.0.1",
        "-p",
        String(port),
        "-U",
        "postgres",
        "-D",
        standbyData,
        "-R",
        "-X",
        "stream",
        "-c",
        "fast",
      ],
      asRoot,
    );
    const standbyPort = await freePort();
    const options = `-p ${standbyPort} -k "${dir}" -c listen_addresses=127.0.0.1 -c hot_standby=on -c max_connections=300`;
    await run(
      path.join(bin, "pg_ctl"),
      ["-D", standbyData, "-l", path.join(dir, "log"), "-o", options, "-w", "-t", "60", "start"],
      asRoot,
    ).catch(async (e) => {
      throw new Error(
        `${(e as Error).message}\n${await readFile(path.join(dir, "log"), "utf8").catch(() => "")}`,
      );
    });
    const standbyUrl = new URL(primaryUrl);
    standbyUrl.port = String(standbyPort);
    standby = await openDatabase({ databaseUrl: standbyUrl.toString(), poolSize: 2 });

    const config = loadConfig({
      databaseUrl: primaryUrl.toString(),
      readDatabaseUrl: standbyUrl.toString(),
      readAfterWriteSeconds: 0,
      webDist: "/nonexistent",
    });
    app = await buildApp(config, primary, {});
    await app.ready();
    const person = await createUser(primary.db, "读写分离");
    cookie = `linli_session=${await createSession(primary.db, config, person.id)}`;
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    await standby?.close();
    await primary?.close();
    if (standbyData)
      await run(path.join(bin, "pg_ctl"), ["-D", standbyData, "-m", "immediate", "-w", "stop"], asRoot).catch(
        () => {},
      );
    if (dir) await rm(dir, { recursive: true, force: true });
    await primaryCluster?.stop();
  });

  const req = (cookies: Record<string, string>) => ({ cookies }) as unknown as FastifyRequest;
  // a pause is only asked for by pg_wal_replay_pause(): the standby may replay more until it says 'paused'
  const pauseReplay = async () => {
    await sql`select pg_wal_replay_pause()`.execute(standby.db);
    await until("paused", async () => {
      const { rows } = await sql<{ state: string }>`select pg_get_wal_replay_pause_state() as state`.execute(
        standby.db,
      );
      return rows[0]?.state === "paused";
    });
  };
  const resumeReplay = () => sql`select pg_wal_replay_resume()`.execute(standby.db);
  const write = async () => {
    const res = await app.inject({
      method: "POST",
      url: "/api/me/notifications/read-all",
      headers: { cookie },
    });
    expect(res.statusCode).toBe(200);
    const wrote = res.cookies.find((c) => c.name === WROTE_COOKIE);
    expect(parseMark(wrote?.value), "the write's mark").not.toBeNull();
    return wrote!;
  };
  const sourceFor = async (wrote: string) => (await app.readDb(req({ [WROTE_COOKIE]: wrote }))).source;
  const names = async (db: Database["db"]) =>
    (await sql<{ name: string }>`select name from app_user where name = '读写分离的新名字'`.execute(db)).rows;

  it("a write leaves its mark; the writer reads the primary until the standby has replayed it", async () => {
    // the standby is streaming: nobody's mark, so the standby
    expect(await replayedWalLsn(standby.db)).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
    expect((await app.readDb(req({}))).source).toBe("standby");

    // hold the standby behind; a change on the primary, then a write through the API whose answer carries
    // the mark: the primary's position after it, which covers everything committed before
    await pauseReplay();
    await sql`update app_user set name = '读写分离的新名字' where name = '读写分离'`.execute(primary.db);
    const wrote = await write();
    const mark = parseMark(wrote.value);
    expect(wrote.httpOnly).toBe(true);
    // a reading answer leaves none
    const read = await app.inject({ method: "GET", url: "/api/me/notifications", headers: { cookie } });
    expect(read.cookies.find((c) => c.name === WROTE_COOKIE)).toBeUndefined();

    // the paused standby has not got what the primary committed before the mark
    expect(await names(standby.db)).toHaveLength(0);
    const target = await app.readDb(req({ [WROTE_COOKIE]: wrote.value }));
    expect(target.source).toBe("primary");
    expect(await names(target.db)).toHaveLength(1);
    // someone else, without a mark, reads the standby (which is behind: that is the price of scaling)
    expect((await app.readDb(req({}))).source).toBe("standby");

    // replay again: once the standby is at the mark, the writer reads it too
    await resumeReplay();
    await until(
      "replayed up to the mark",
      async () => lsnBytes((await replayedWalLsn(standby.db))!) >= lsnBytes(mark!.lsn),
    );
    expect(await names(standby.db)).toHaveLength(1);
    // the process looks at the standby's position at most every 200 ms: soon it sees it too
    await until("reading the standby", async () => (await sourceFor(wrote.value)) === "standby");
  });

  it("the public board's figures: from the standby, but from the primary for a session whose write it lacks", async () => {
    await pauseReplay();
    try {
      const w = await createWorld(primary.db);
      const url = `/api/board/figures?level=community&id=${w.a.id}`;
      // the mark of a write after the new community: the writer's reads need a standby that has it
      const wrote = (await write()).value;
      // anyone else: the standby, which does not know the community yet
      expect((await app.inject({ method: "GET", url })).statusCode).toBe(404);
      const mine = await app.inject({ method: "GET", url, headers: { cookie: `${WROTE_COOKIE}=${wrote}` } });
      expect(mine.statusCode).toBe(200);
      expect(mine.json().id).toBe(w.a.id);
    } finally {
      await resumeReplay();
    }
  });

  it("an answer kept for everyone from a standby behind the writer is not served to the writer, even once the standby has caught up", async () => {
    const w = await createWorld(primary.db);
    const url = `/api/board/figures?level=community&id=${w.a.id}`;
    const before = (await write()).value;
    await until("reading the standby", async () => (await sourceFor(before)) === "standby");
    await pauseReplay();
    let wrote = "";
    try {
      await sql`update community set name = '改过名的社区' where id = ${w.a.id}`.execute(primary.db);
      wrote = (await write()).value;
      // someone else reads the paused standby: the old name, kept for a minute for everyone
      const theirs = await app.inject({ method: "GET", url });
      expect(theirs.statusCode).toBe(200);
      expect(theirs.json().name).not.toBe("改过名的社区");
      // the writer would read the primary (test above; not asked here, which would replace the kept answer)
      expect(await sourceFor(wrote)).toBe("primary");
    } finally {
      await resumeReplay();
    }
    // the standby catches up and the writer reads it again: a fresh answer, not the one kept from before
    await until("reading the standby", async () => (await sourceFor(wrote)) === "standby");
    const mine = await app.inject({ method: "GET", url, headers: { cookie: `${WROTE_COOKIE}=${wrote}` } });
    expect(mine.json().name).toBe("改过名的社区");
  });
});
