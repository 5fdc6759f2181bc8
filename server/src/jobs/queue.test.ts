// The job queue on the test database (PGlite, or PostgreSQL with LINLI_TEST_DB=postgres): the real
// pg-boss over Kysely, the real job definitions. The restart test: a reminder that fell due while
// the server was down is sent once after the queue starts again, and never a second time.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, createUser, createWorld, grant, type TestApp } from "../../test/test-app.ts";
import { insertRequest } from "../modules/voice/figures/figures.fixtures.ts";
import { countDirtyStats } from "../modules/voice/figures/figures.queries.ts";
import { refreshFigures } from "../modules/voice/figures/figures.service.ts";
import { emitRequestEvent, requestSigned } from "../modules/voice/requests/requests.events.ts";
import { splitStatements } from "./kysely-adapter.ts";
import { type JobLog, type JobRunner, PGBOSS_SCHEMA, startJobs, stopJobs } from "./queue.ts";
import { JOBS } from "./registry.ts";

const HOUR = 3_600_000;
const errors: unknown[] = [];
const log: JobLog = {
  info: () => {},
  warn: () => {},
  error: (obj, msg) => errors.push({ msg, obj }),
};

let t: TestApp;
let w: Awaited<ReturnType<typeof createWorld>>;
let worker: { id: number; phone: string };

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t.db);
  worker = await createUser(t.db, "网格员小林");
  await grant(t.db, worker.id, "grid_worker", "grid", w.a.grids[0]!, w.a.id);
});
afterAll(async () => {
  await stopJobs();
  await t?.close();
});

/** What the grid worker has received: in-app reminders and text messages. */
async function sent() {
  const inApp = await t.db
    .selectFrom("notification")
    .select(["id", "title_zh"])
    .where("user_id", "=", worker.id)
    .where("kind", "=", "deadline.sign_reminder")
    .execute();
  const sms = await t.db.selectFrom("sms_outbox").select("body").where("phone", "=", worker.phone).execute();
  return { inApp: inApp.map((n) => n.title_zh).sort(), sms: sms.map((s) => s.body).sort() };
}

const start = () => startJobs(t.db, t.config, log, { pollingIntervalSeconds: 0.5 });

describe("job queue", () => {
  it("splits multi-statement SQL at top-level semicolons only", () => {
    const text = `
      -- a comment; with a semicolon
      CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;
      SELECT 'a;b', "x;y", E'it\\'s;', $tag$ ; $tag$ /* ; /* nested ; */ */;
      ;
      SELECT $1::int`;
    expect(splitStatements(text)).toEqual([
      "-- a comment; with a semicolon\n      CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql",
      `SELECT 'a;b', "x;y", E'it\\'s;', $tag$ ; $tag$ /* ; /* nested ; */ */`,
      "SELECT $1::int",
    ]);
  });

  it("sends a reminder that fell due while the server was down once after restart, and never twice", async () => {
    // the server is down (no queue): the reminder time of the first request (2 h before its time
    // to sign) passes
    const first = await insertRequest(t.db, {
      communityId: w.a.id,
      gridId: w.a.grids[0]!,
      title: "三楼楼道灯坏了",
      createdAt: new Date(Date.now() - 20 * HOUR),
      signDueAt: new Date(Date.now() + HOUR),
    });
    expect(await sent()).toEqual({ inApp: [], sms: [] });

    // the server starts: the queue installs itself and the catch-up run sends the reminder
    let runner: JobRunner = await start();
    await runner.waitForRuns("deadlines-sweep", 1);
    await stopJobs();
    const once = await sent();
    expect(once.inApp).toEqual(["待签收即将超时：三楼楼道灯坏了"]);
    expect(once.sms).toHaveLength(1);
    expect(once.sms[0]).toContain("三楼楼道灯坏了");

    // down again; a second request's reminder falls due meanwhile
    await insertRequest(t.db, {
      communityId: w.a.id,
      gridId: w.a.grids[0]!,
      title: "垃圾桶满了",
      createdAt: new Date(Date.now() - 10 * HOUR),
      signDueAt: new Date(Date.now() + 30 * 60_000),
    });

    // restart: the new reminder goes out once, the first is not sent again
    runner = await start();
    await runner.waitForRuns("deadlines-sweep", 1);
    await stopJobs();
    const twice = await sent();
    expect(twice.inApp).toEqual(["垃圾桶满了", "三楼楼道灯坏了"].map((x) => `待签收即将超时：${x}`).sort());
    expect(twice.sms).toHaveLength(2);

    // and once more, with nothing new: nothing is sent
    runner = await start();
    await runner.waitForRuns("deadlines-sweep", 1);
    await stopJobs();
    expect(await sent()).toEqual(twice);

    const request = await t.db
      .selectFrom("request")
      .select("sign_reminded_at")
      .where("community_id", "=", w.a.id)
      .where("id", "=", first.id)
      .executeTakeFirstOrThrow();
    expect(request.sign_reminded_at).not.toBeNull();
    expect(errors).toEqual([]);
  });

  it("runs every registered job on this database, and keeps its tables out of the public schema", async () => {
    const runner = await start();
    for (const job of JOBS) await runner.waitForRuns(job.name, 1);
    await stopJobs();
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from information_schema.tables where table_schema = ${PGBOSS_SCHEMA}`.execute(
      t.db,
    );
    expect(rows[0]!.n).toBeGreaterThan(0);
    const { rows: queues } = await sql<{ name: string }>`
      select name from ${sql.table(`${PGBOSS_SCHEMA}.queue`)} order by name`.execute(t.db);
    expect(queues.map((q) => q.name)).toEqual(expect.arrayContaining(JOBS.map((j) => j.name)));
    expect(errors).toEqual([]);
  });

  it("refreshes the figures within seconds of a change, not at the next minute", async () => {
    const runner = await start();
    await runner.waitForRuns("figures-refresh", 1); // the catch-up run at start
    const before = runner.runs("figures-refresh");
    // a request and its event, as a service writes them (the fixture also marks its key directly)
    const r = await insertRequest(t.db, { communityId: w.a.id, gridId: w.a.grids[0]! });
    await refreshFigures(t.db);
    await t.db
      .transaction()
      .execute((trx) =>
        emitRequestEvent(
          trx,
          requestSigned,
          { id: r.id, community_id: w.a.id, grid_id: w.a.grids[0]!, created_at: r.createdAt },
          null,
        ),
      );
    // the app hears the commit's NOTIFY and drains the consumers at once (this process runs the
    // queue: events/dispatch-soon.ts); the figures consumer marks the key and
    // nudges the refresh (~3 s); the minute schedules alone could take up to 60 s
    // (a dispatch run already under way at start may finish after the commit without seeing the
    // event, so wait for the event to be handled, not for a number of runs)
    const handled = async () =>
      (
        await sql<{ n: number }>`
          select count(*)::int as n from event_consumer where name = 'figures' and last_id > 0`.execute(t.db)
      ).rows[0]!.n;
    const handledBy = Date.now() + 12_000;
    while ((await handled()) === 0 && Date.now() < handledBy) await new Promise((r) => setTimeout(r, 100));
    expect(await handled()).toBe(1);
    const until = Date.now() + 12_000;
    while ((await countDirtyStats(t.db)) > 0 && Date.now() < until)
      await new Promise((r) => setTimeout(r, 200));
    expect(await countDirtyStats(t.db)).toBe(0);
    expect(runner.runs("figures-refresh")).toBeGreaterThan(before);
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from event_consumer where name = 'figures' and last_id > 0`.execute(t.db);
    expect(rows[0]!.n).toBe(1);
    await stopJobs();
    expect(errors).toEqual([]);
  });
});
