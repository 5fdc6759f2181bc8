// PostgreSQL backups are restored (issue 16, docs/backups.md): a throwaway cluster archives its WAL with
// pgBackRest (deploy/pgbackrest/), known data is written through the app, a full backup is taken, then
// write A, the time, write B. The backup is restored three times into new data folders, each started and
// checked: (1) the backup itself (--type=immediate): exactly what the database held at the backup (every
// table's rows hashed); (2) the point in time between A and B (--type=time): A present, B absent, every
// table as it was after A; (3) the end of the archive (the default, a lost disk): A and B present. In each
// the ledger verifies (`npm run verify:ledger`'s function) and the vote's recount equals the one of the
// original at that moment. Runs in the PostgreSQL suite (LINLI_TEST_DB=postgres) on its own cluster.
import os from "node:os";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type Database, openDatabase } from "../src/db/database.ts";
import { migrateToLatest } from "../src/db/migrate.ts";
import { appOn, facts, type KnownWorld, setUpKnownWorld, writeStep } from "./backup-fixture.ts";
import { admin, type BackedUpCluster, databaseUrl, startBackedUpCluster } from "./pgbackrest-harness.ts";
import { type DatabaseSnapshot, snapshotDatabase } from "./test-app.ts";

type Facts = Awaited<ReturnType<typeof facts>>;
type State = { snapshot: DatabaseSnapshot; facts: Facts };

let b: BackedUpCluster;
let k: KnownWorld;
let atBackup: State;
let afterA: State;
let afterB: State;
let betweenAandB: string;

async function stateOf(database: Database): Promise<State> {
  return { snapshot: await snapshotDatabase(database.db), facts: await facts(database.db, k) };
}

async function restoredState(name: string, target: string[]) {
  const r = await b.restoreAndStart(name, target);
  try {
    const database = await openDatabase({ databaseUrl: databaseUrl(r.adminUrl, "linli"), poolSize: 2 });
    try {
      return { state: await stateOf(database), seconds: r.seconds };
    } finally {
      await database.close();
    }
  } finally {
    await r.stop();
  }
}

const report = (what: string, seconds: number) =>
  console.log(
    `pgBackRest restore ${what}: ${seconds.toFixed(1)} s to a promoted cluster; load ${os.loadavg()[0]!.toFixed(1)}`,
  );

describe.runIf(inject("pgAdminUrl"))("PostgreSQL backup with pgBackRest and WAL archiving", () => {
  beforeAll(async () => {
    b = await startBackedUpCluster();
    await admin(b.cluster.adminUrl, (c) => c.query("create database linli"));
    const url = databaseUrl(b.cluster.adminUrl, "linli");
    const database = await openDatabase({ databaseUrl: url, poolSize: 3 });
    try {
      await migrateToLatest(database.db);
      const h = await appOn(database, url);
      k = await setUpKnownWorld(h);
      await writeStep(h, k, 0, "before");
      atBackup = await stateOf(database);
      await b.pgbackrest("--type=full", "backup");
      // pgBackRest keeps the backup's stop time in whole seconds, and a time target in that second counts as
      // before the backup ("unable to find backup set with stop time less than …", seen on a fast machine):
      // A is written in a later second
      await new Promise((r) => setTimeout(r, 1100));
      await writeStep(h, k, 1, "A");
      afterA = await stateOf(database);
      // the server's clock, after A's commit and before B's: the target of the point-in-time restore
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      betweenAandB = (
        await c.query<{ t: string }>(
          `select to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '+00' as t`,
        )
      ).rows[0]!.t;
      await c.end();
      await new Promise((r) => setTimeout(r, 20));
      await writeStep(h, k, 2, "B");
      afterB = await stateOf(database);
      await h.app.close();
    } finally {
      await database.close();
    }
    // switches the WAL file and waits until it is archived: B's commit is in the repository
    await b.pgbackrest("check");
  }, 600_000);
  afterAll(() => b?.stop());

  it("wrote what the restores are checked against", () => {
    expect(atBackup.facts).toMatchObject({ requests: ["before"], ledgerOk: true });
    expect(afterA.facts).toMatchObject({
      requests: ["A", "before"],
      bookings: ["A", "before"],
      ledgerOk: true,
    });
    expect(afterB.facts).toMatchObject({ requests: ["A", "B", "before"], ledgerOk: true });
    expect(afterA.facts.recount).not.toEqual(atBackup.facts.recount);
    expect(afterB.facts.recount).not.toEqual(afterA.facts.recount);
  });

  it("restores the full backup into a new data folder: exactly the database at the backup", async () => {
    const r = await restoredState("restore-backup", ["--type=immediate"]);
    report("of the full backup (--type=immediate)", r.seconds);
    expect(r.state.facts).toEqual(atBackup.facts);
    expect(r.state.snapshot).toEqual(atBackup.snapshot);
  }, 600_000);

  it("restores to the point in time between A and B: A present, B absent, the ledger and the recount hold", async () => {
    const r = await restoredState("restore-pitr", ["--type=time", `--target=${betweenAandB}`]);
    report(`to a point in time (--type=time)`, r.seconds);
    expect(r.state.facts).toMatchObject({
      requests: ["A", "before"],
      bookings: ["A", "before"],
      ledgerOk: true,
    });
    expect(r.state.facts).toEqual(afterA.facts);
    expect(r.state.snapshot).toEqual(afterA.snapshot);
  }, 600_000);

  it("restores to the end of the archived WAL (a lost disk): A and B present", async () => {
    const r = await restoredState("restore-latest", []);
    report("to the end of the archive (default)", r.seconds);
    expect(r.state.facts).toEqual(afterB.facts);
    expect(r.state.snapshot).toEqual(afterB.snapshot);
  }, 600_000);
});
