// The event outbox and its consumers on a real database: an event exists only if its transaction
// committed; each consumer handles each event once, in commit order, with its effects; a failing
// event is retried with a growing wait and set aside as a dead letter after the last try.
import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { z } from "zod";
import { createTestApp, createWorld, type TestApp } from "../../test/test-app.ts";
import { type ConsumerDefinition, defineConsumer, defineEvent, type StoredEvent } from "./define.ts";
import { drainEvents, MAX_ATTEMPTS, resendDeadLetter, runConsumerOnce } from "./dispatcher.ts";
import { consumerStates, listDeadLetters } from "./events.queries.ts";
import { emitEvent } from "./outbox.ts";

const lampFixed = defineEvent({
  type: "lamp.fixed",
  version: 1,
  aggregate: "lamp",
  payload: z.object({ building: z.string(), by: z.string() }),
  description: "a test event",
});
const lampBroken = defineEvent({
  type: "lamp.broken",
  version: 1,
  aggregate: "lamp",
  payload: z.object({ building: z.string() }),
  description: "another test event, which the test consumer does not handle",
});

let t: TestApp;
let communityId: number;
let seen: StoredEvent[] = [];
let failOn: number | null = null;

/** Records each event it handles in a table, in the consumer's transaction. */
const recorder = (name: string): ConsumerDefinition =>
  defineConsumer({
    name,
    description: "test",
    events: [lampFixed],
    async handle(trx, event) {
      if (event.aggregateId === failOn) throw new Error(`lamp ${failOn} cannot be recorded`);
      await sql`insert into test_effect (consumer, event_id) values (${name}, ${event.id})`.execute(trx);
      seen.push(event);
    },
  });

beforeAll(async () => {
  t = await createTestApp();
  communityId = (await createWorld(t.db)).a.id;
  await sql`create table test_effect (consumer text, event_id bigint, primary key (consumer, event_id))`.execute(
    t.db,
  );
});
afterAll(async () => {
  await t?.close();
});
beforeEach(() => {
  seen = [];
  failOn = null;
});

/**
 * Drains until each consumer has read every committed event. In the PostgreSQL run another test
 * file's open transaction (another database of the same cluster) can hold the readable horizon back
 * for a moment; a plain drain would then stop early.
 */
async function settle(consumers: ConsumerDefinition[], opts: { batchSize?: number } = {}) {
  const total: Record<string, number> = {};
  const until = Date.now() + 10_000;
  for (;;) {
    const handled = await drainEvents(t.db, consumers, opts);
    for (const [k, n] of Object.entries(handled)) total[k] = (total[k] ?? 0) + n;
    const states = await consumerStates(t.db);
    const behind = consumers.some((c) => (states.find((x) => x.name === c.name)?.behind ?? 1) > 0);
    const waiting = states.some((x) => consumers.some((c) => c.name === x.name) && x.retry_at);
    if (!behind || waiting || Date.now() > until) return total;
    await new Promise((r) => setTimeout(r, 50));
  }
}

const emit = (aggregateId: number, building = "1栋") =>
  t.db
    .transaction()
    .execute((trx) =>
      emitEvent(trx, lampFixed, { communityId, aggregateId, payload: { building, by: "网格员" } }),
    );
const effects = async (consumer: string) =>
  (
    await sql<{
      event_id: number;
    }>`select event_id from test_effect where consumer = ${consumer} order by event_id`.execute(t.db)
  ).rows.map((r) => Number(r.event_id));

describe("the event outbox", () => {
  it("keeps an event only when its transaction commits, and checks the payload at the source", async () => {
    const c = recorder("rollback");
    await expect(
      t.db.transaction().execute(async (trx) => {
        await emitEvent(trx, lampFixed, {
          communityId,
          aggregateId: 1,
          payload: { building: "1栋", by: "x" },
        });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    await expect(
      emitEvent(t.db, lampFixed, { communityId, aggregateId: 1, payload: { building: 3 } as never }),
    ).rejects.toThrow();
    expect(await settle([c])).toEqual({ rollback: 0 });
  });

  it("hands each event to a consumer once, in order, with its effects; other types pass by", async () => {
    const c = recorder("once");
    await emit(10);
    await t.db
      .transaction()
      .execute((trx) =>
        emitEvent(trx, lampBroken, { communityId, aggregateId: 11, payload: { building: "2栋" } }),
      );
    await emit(12);
    await emit(13);
    expect(await settle([c], { batchSize: 2 })).toEqual({ once: 3 });
    expect(seen.map((e) => e.aggregateId)).toEqual([10, 12, 13]);
    expect(seen[0]).toMatchObject({
      type: "lamp.fixed",
      version: 1,
      communityId,
      payload: { building: "1栋" },
    });
    // nothing twice: a second run and another run after a new event handle only the new one
    expect(await settle([c])).toEqual({ once: 0 });
    await emit(14);
    expect(await settle([c])).toEqual({ once: 1 });
    expect((await effects("once")).length).toBe(4);
    // a second consumer starts from the beginning, on its own position
    const other = recorder("second");
    expect(await settle([other])).toEqual({ second: 4 });
  });

  it("retries a failing event with a growing wait, then sets it aside as a dead letter and goes on", async () => {
    const c = recorder("failing");
    await settle([c]); // catch up with the earlier tests' events
    await emit(20);
    await emit(21);
    await emit(22);
    failOn = 21;
    const waits: number[] = [];
    for (let i = 0; i < MAX_ATTEMPTS + 3; i++) {
      const r = await runConsumerOnce(t.db, c);
      if (r.deadLettered) break;
      const state = (await consumerStates(t.db)).find((s) => s.name === "failing")!;
      if (r.failed) waits.push(Math.round((new Date(state.retry_at!).getTime() - Date.now()) / 1000));
      // the wait is over: move it into the past (no sleeping in tests)
      await sql`update event_consumer set retry_at = now() - interval '1 second' where name = 'failing'`.execute(
        t.db,
      );
    }
    // the batch 20–22 failed whole (one wait); 20 then went through alone, and 21 failed MAX_ATTEMPTS − 1
    // more times before it was set aside: MAX_ATTEMPTS waits in all
    expect(waits.length).toBe(MAX_ATTEMPTS);
    expect(waits[1]!).toBeGreaterThanOrEqual(1);
    expect(waits[3]!).toBeGreaterThan(waits[1]!);
    const dead = await listDeadLetters(t.db, { open: true, limit: 10 });
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ consumer: "failing", aggregate_id: 21, type: "lamp.fixed" });
    expect(dead[0]!.error).toContain("lamp 21 cannot be recorded");
    // it goes on with the next event
    await settle([c]);
    const handledIds = seen.map((e) => e.aggregateId);
    expect(handledIds).toContain(20);
    expect(handledIds).toContain(22);
    expect(handledIds).not.toContain(21);
    // once the cause is fixed, the admin sends it again: handled once
    failOn = null;
    const key = { communityId, consumer: "failing", eventId: Number(dead[0]!.event_id) };
    expect(await resendDeadLetter(t.db, [c], key)).toBe(true);
    expect(await resendDeadLetter(t.db, [c], key)).toBe(false);
    expect(seen.filter((e) => e.aggregateId === 21)).toHaveLength(1);
    expect(await listDeadLetters(t.db, { open: true, limit: 10 })).toHaveLength(0);
  });

  it("does not read past an event whose transaction is still open", async () => {
    if (t.app.dbKind !== "postgres") return; // PGlite has one connection: no two transactions at once
    const c = recorder("ordered");
    await settle([c]);
    seen = [];
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    let emitted!: () => void;
    const inside = new Promise<void>((r) => {
      emitted = r;
    });
    // an earlier transaction emits first (lower id) and commits last
    const slow = t.db.transaction().execute(async (trx) => {
      await emitEvent(trx, lampFixed, {
        communityId,
        aggregateId: 30,
        payload: { building: "3栋", by: "慢" },
      });
      emitted();
      await held;
    });
    try {
      await inside;
      await emit(31);
      await drainEvents(t.db, [c]);
      expect(seen.map((e) => e.aggregateId)).toEqual([]);
    } finally {
      release();
      await slow;
    }
    await settle([c]);
    expect(seen.map((e) => e.aggregateId)).toEqual([30, 31]);
  });

  it("is not held back by a transaction open in another database of the same server", async () => {
    if (t.app.dbKind !== "postgres") return; // PGlite: one database, one connection
    const adminUrl = inject("pgAdminUrl")!;
    const c = recorder("elsewhere");
    await settle([c]);
    seen = [];
    // another database's transaction takes an id (a write) and stays open; ids are cluster-wide, so
    // a plain snapshot horizon would wait for it
    const other = new pg.Client({ connectionString: adminUrl });
    await other.connect();
    try {
      await other.query("begin");
      await other.query("select pg_current_xact_id()");
      await emit(40);
      await drainEvents(t.db, [c]);
      expect(seen.map((e) => e.aggregateId)).toEqual([40]);
    } finally {
      await other.query("rollback").catch(() => undefined);
      await other.end();
    }
  });

  it("reads in transaction order across a power of ten (9 before 10, not as text)", async () => {
    // two events stored as if committed by transactions 9 and 10, long before every other one
    for (const [txid, aggregateId] of [
      [9, 900],
      [10, 1000],
    ] as const) {
      await sql`insert into domain_event (community_id, txid, type, version, aggregate_type, aggregate_id, payload)
        values (${communityId}, ${String(txid)}::xid8, 'lamp.fixed', 1, 'lamp', ${aggregateId},
                ${JSON.stringify({ building: "9栋", by: "测试" })}::jsonb)`.execute(t.db);
    }
    const c = recorder("powers-of-ten");
    await settle([c], { batchSize: 1 });
    const order = seen.map((e) => e.aggregateId);
    expect(order.slice(0, 2)).toEqual([900, 1000]);
    const all = await sql<{
      n: number;
    }>`select count(*)::int as n from domain_event where type = 'lamp.fixed'`.execute(t.db);
    expect(order).toHaveLength(all.rows[0]!.n);
  });
});

describe("announcements", () => {
  it("tell every listener on the database which communities' events committed, only after commit", async () => {
    const { listenForEvents } = await import("./listener.ts");
    const { openDatabase } = await import("../db/database.ts");
    // a second handle on the same database stands for a second server process (PostgreSQL); on
    // PGlite the one instance is the only process
    const other =
      t.app.dbKind === "postgres"
        ? await openDatabase({ databaseUrl: t.config.databaseUrl, poolSize: 1 })
        : null;
    const heard: string[] = [];
    const stop = await listenForEvents(other ?? t.database, (events) =>
      heard.push(...events.map((e) => `${e.communityId} ${e.type}`)),
    );
    try {
      await t.db.transaction().execute(async (trx) => {
        await emitEvent(trx, lampFixed, {
          communityId,
          aggregateId: 40,
          payload: { building: "4栋", by: "甲" },
        });
        await new Promise((r) => setTimeout(r, 200));
        expect(heard).toEqual([]); // not before commit
      });
      for (let i = 0; i < 50 && heard.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(heard).toEqual([`${communityId} lamp.fixed`]);
    } finally {
      await stop();
      await other?.close();
    }
  });
});
