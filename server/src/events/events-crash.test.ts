// A crash between a change's commit and its reaction loses nothing and repeats nothing: a consumer
// process (crash-consumer.fixture.ts) is killed with SIGKILL while it handles a committed event (its
// effect written, not committed); started again, it handles the event, and the effect exists once.
// PostgreSQL only: PGlite is one process's embedded database, which a second process cannot open.
import { type ChildProcess, spawn } from "node:child_process";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createTestApp, createWorld, type TestApp } from "../../test/test-app.ts";
import { defineEvent } from "./define.ts";
import { emitEvent } from "./outbox.ts";

const lampFixed = defineEvent({
  type: "lamp.fixed",
  version: 1,
  aggregate: "lamp",
  payload: z.object({ building: z.string() }),
  description: "a test event",
});

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

function consumerProcess(slowMs: number): {
  child: ChildProcess;
  out: () => string;
  exited: Promise<number | null>;
} {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "server/src/events/crash-consumer.fixture.ts", String(slowMs)],
    {
      env: { ...process.env, DATABASE_URL: t.config.databaseUrl },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  let out = "";
  child.stdout!.on("data", (b) => {
    out += String(b);
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, out: () => out, exited };
}

describe.skipIf(process.env.LINLI_TEST_DB !== "postgres")("a consumer killed after the commit", () => {
  it("handles the event exactly once after restart", async () => {
    const communityId = (await createWorld(t.db)).a.id;
    await sql`create table test_effect (event_id bigint not null)`.execute(t.db);
    await t.db
      .transaction()
      .execute((trx) =>
        emitEvent(trx, lampFixed, { communityId, aggregateId: 1, payload: { building: "1栋" } }),
      );

    const first = consumerProcess(60_000);
    const deadline = Date.now() + 60_000;
    while (!first.out().includes("handling") && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    expect(first.out()).toContain("handling");
    first.child.kill("SIGKILL");
    expect(await first.exited).toBeNull();
    // the killed transaction rolled back: no effect, the consumer's position unmoved
    expect(
      (await sql<{ n: number }>`select count(*)::int as n from test_effect`.execute(t.db)).rows[0]!.n,
    ).toBe(0);

    const second = consumerProcess(0);
    expect(await second.exited).toBe(0);
    expect(second.out()).toContain("handled 1");
    expect(
      (await sql<{ n: number }>`select count(*)::int as n from test_effect`.execute(t.db)).rows[0]!.n,
    ).toBe(1);
    // and a third run repeats nothing
    const third = consumerProcess(0);
    expect(await third.exited).toBe(0);
    expect(third.out()).toContain("handled 0");
    expect(
      (await sql<{ n: number }>`select count(*)::int as n from test_effect`.execute(t.db)).rows[0]!.n,
    ).toBe(1);
  }, 180_000);
});
