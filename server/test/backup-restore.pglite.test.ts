// The embedded database's backup is restored (issue 16, docs/backups.md): known data is written through
// the app, `npm run backup` is refused while the app holds the folder and works once it is stopped, more
// is written after the backup, and `npm run restore` puts the backup into a new folder that holds exactly
// what the database held at the backup (every table's rows hashed): the request, the booking and the
// ballot written before, none written after; the ledger verifies and the vote's recount is the same.
// Runs in the PGlite suite (the PostgreSQL suite has backup-restore.pg.test.ts).
import { execFile } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openDatabase } from "../src/db/database.ts";
import { migrateToLatest } from "../src/db/migrate.ts";
import { backupPglite, restorePglite } from "../src/db/pglite-backup.ts";
import { lockFileOf, PgliteInUseError } from "../src/db/pglite-lock.ts";
import { appOn, facts, type KnownWorld, setUpKnownWorld, writeStep } from "./backup-fixture.ts";
import { type DatabaseSnapshot, snapshotDatabase } from "./test-app.ts";

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, "../..");
/** `npm run backup` / `npm run restore` as package.json runs them, with the embedded database's folder. */
const npmRun = (script: "backup" | "restore", args: string[], dataDir: string) =>
  run(process.execPath, ["--import", "tsx", `server/src/cli/${script}.ts`, ...args], {
    cwd: repo,
    env: { ...process.env, DATABASE_URL: "", LINLI_PGLITE_DIR: dataDir },
  }).then(
    (r) => ({ code: 0, out: r.stdout + r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
  );

let root: string;
let dataDir: string;
let k: KnownWorld;
let atBackup: { snapshot: DatabaseSnapshot; facts: Awaited<ReturnType<typeof facts>> };

describe.skipIf(inject("pgAdminUrl"))("backup and restore of the embedded database (PGlite)", () => {
  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), "linli-backup-"));
    dataDir = path.join(root, "pglite");
  }, 600_000);
  afterAll(() => rm(root, { recursive: true, force: true }));

  it("refuses a backup while the server holds the folder, and backs up once it is stopped", async () => {
    const database = await openDatabase({ pgliteDataDir: dataDir });
    try {
      await migrateToLatest(database.db);
      const h = await appOn(database);
      k = await setUpKnownWorld(h);
      await writeStep(h, k, 0, "before");
      // while this process holds the folder, another opener (the backup command) is refused
      await expect(backupPglite(dataDir, path.join(root, "refused.tar.gz"))).rejects.toBeInstanceOf(
        PgliteInUseError,
      );
      const refused = await npmRun("backup", ["--out", path.join(root, "refused.tar.gz")], dataDir);
      expect(refused.code, refused.out).toBe(1);
      expect(refused.out).toMatch(/in use by process \d+.*正被进程|正被进程.*in use by process/s);
      expect(existsSync(path.join(root, "refused.tar.gz"))).toBe(false);
      atBackup = { snapshot: await snapshotDatabase(database.db), facts: await facts(database.db, k) };
      await h.app.close();
    } finally {
      await database.close();
    }
    expect(atBackup.facts).toMatchObject({ requests: ["before"], bookings: ["before"], ledgerOk: true });

    const made = await npmRun("backup", ["--out", path.join(root, "linli.tar.gz")], dataDir);
    expect(made.code, made.out).toBe(0);
    expect(made.out).toContain("备份完成");
  }, 600_000);

  it("restores the backup into a new folder holding exactly what the database held at the backup", async () => {
    // the server runs on after the backup: one more request, booking and ballot
    const database = await openDatabase({ pgliteDataDir: dataDir });
    try {
      const h = await appOn(database);
      await writeStep(h, k, 1, "after");
      expect(await facts(database.db, k)).toMatchObject({ requests: ["after", "before"], ledgerOk: true });
      await h.app.close();
    } finally {
      await database.close();
    }

    const target = path.join(root, "restored");
    const started = performance.now();
    const restored = await npmRun(
      "restore",
      ["--from", path.join(root, "linli.tar.gz"), "--to", target],
      dataDir,
    );
    expect(restored.code, restored.out).toBe(0);
    const copy = await openDatabase({ pgliteDataDir: target });
    try {
      expect(await snapshotDatabase(copy.db)).toEqual(atBackup.snapshot);
      const f = await facts(copy.db, k);
      expect(f).toEqual(atBackup.facts);
      expect(f).toMatchObject({ requests: ["before"], bookings: ["before"], ledgerOk: true });
      expect(f.recount.length).toBeGreaterThan(0);
    } finally {
      await copy.close();
    }
    console.log(
      `PGlite restore of a ${atBackup.facts.ledgerTransactions}-transaction database: ${((performance.now() - started) / 1000).toFixed(1)} s (restore command and check); load ${os.loadavg()[0]!.toFixed(1)}`,
    );
  }, 600_000);

  it("never restores over a folder that holds something, and refuses a file that is not a backup", async () => {
    const file = path.join(root, "linli.tar.gz");
    await expect(restorePglite(file, path.join(root, "restored"))).rejects.toThrow(/not empty.*|.*不为空/);
    await expect(restorePglite(path.join(root, "missing.tar.gz"), path.join(root, "x"))).rejects.toThrow(
      /does not exist/,
    );
    const junk = path.join(root, "junk.tar.gz");
    writeFileSync(junk, "not a tarball");
    await expect(restorePglite(junk, path.join(root, "from-junk"))).rejects.toThrow(
      /could not be restored|not a backup/,
    );
    // nothing is left behind: the folder can take a real backup next
    expect(existsSync(path.join(root, "from-junk"))).toBe(false);
  }, 600_000);

  it("takes over the lock of a process that died without releasing it", async () => {
    // a pid that is not running on this machine (the kernel's pid_max is below 2^22)
    writeFileSync(
      lockFileOf(dataDir),
      JSON.stringify({ pid: 2 ** 22 + 7, host: os.hostname(), since: "2026-01-01T00:00:00.000Z" }),
    );
    const database = await openDatabase({ pgliteDataDir: dataDir });
    await database.close();
    expect(existsSync(lockFileOf(dataDir))).toBe(false);
  }, 600_000);
});
