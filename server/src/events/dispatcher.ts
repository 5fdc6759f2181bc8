// Runs consumers over the outbox: each consumer reads the events after its position in commit order,
// handles those it declared, and moves its position in the same transaction as its effects — so an
// event is handled exactly once per consumer, in order, and a crash at any point repeats nothing that
// committed. A consumer runs in one process at a time (its row is locked with SKIP LOCKED; another
// process passes by). A failure rolls back the batch and retries from the same position, one event at
// a time, waiting 1, 2, 4 … 60 s; after MAX_ATTEMPTS the event is set aside as a dead letter and the
// consumer goes on with the next.
import type { Kysely } from "kysely";
import type { DB } from "../db/schema.ts";
import type { ConsumerDefinition, StoredEvent } from "./define.ts";
import * as q from "./events.queries.ts";

export const MAX_ATTEMPTS = 8;
const MAX_WAIT_MS = 60_000;
const DEFAULT_BATCH = 200;

export interface RunResult {
  handled: number;
  /** Events read (handled or passed by). */
  read: number;
  /** The consumer's row was locked by another process, or it waits before a retry. */
  skipped?: "busy" | "waiting";
  failed?: string;
  deadLettered?: number;
}

const toStored = (r: q.EventRow): StoredEvent => ({
  id: Number(r.id),
  communityId: r.community_id,
  type: r.type,
  version: r.version,
  aggregateType: r.aggregate_type,
  aggregateId: Number(r.aggregate_id),
  payload: typeof r.payload === "string" ? JSON.parse(r.payload) : r.payload,
  actorUserId: r.actor_user_id,
  createdAt: new Date(r.created_at),
});

const ensured = new WeakMap<Kysely<DB>, Set<string>>();

async function ensure(db: Kysely<DB>, name: string): Promise<void> {
  const names = ensured.get(db) ?? new Set<string>();
  ensured.set(db, names);
  if (names.has(name)) return;
  await q.ensureConsumer(db, name);
  names.add(name);
}

/** One batch of one consumer. */
export async function runConsumerOnce(
  db: Kysely<DB>,
  consumer: ConsumerDefinition,
  opts: { batchSize?: number } = {},
): Promise<RunResult> {
  await ensure(db, consumer.name);
  const types = new Set(consumer.events.map((e) => e.type));
  let attemptsBefore = 0;
  let firstEvent: q.EventRow | undefined;
  try {
    return await db.transaction().execute(async (trx) => {
      const row = await q.lockConsumer(trx, consumer.name);
      if (!row) return { handled: 0, read: 0, skipped: "busy" as const };
      if (row.retry_at && new Date(row.retry_at) > new Date())
        return { handled: 0, read: 0, skipped: "waiting" as const };
      attemptsBefore = row.attempts;
      // after a failure, one event at a time, so that the failing one is known
      const limit = row.attempts > 0 ? 1 : (opts.batchSize ?? DEFAULT_BATCH);
      const events = await q.eventsAfter(
        trx,
        { txid: String(row.last_txid), id: Number(row.last_id) },
        limit,
      );
      if (events.length === 0) return { handled: 0, read: 0 };
      firstEvent = events[0];
      let handled = 0;
      for (const e of events) {
        if (!types.has(e.type)) continue;
        await consumer.handle(trx, toStored(e));
        handled += 1;
      }
      const last = events[events.length - 1]!;
      await q.advanceConsumer(trx, consumer.name, { txid: last.txid, id: Number(last.id) }, handled);
      return { handled, read: events.length };
    });
  } catch (err) {
    const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    return await db.transaction().execute(async (trx) => {
      const row = await q.lockConsumer(trx, consumer.name);
      if (!row) return { handled: 0, read: 0, skipped: "busy" as const, failed: message };
      // the last try of one event: set it aside and go on after it
      if (attemptsBefore + 1 >= MAX_ATTEMPTS && firstEvent && row.attempts > 0) {
        await q.insertDeadLetter(trx, {
          community_id: firstEvent.community_id,
          consumer: consumer.name,
          event_id: Number(firstEvent.id),
          error: message.slice(0, 2000),
          attempts: attemptsBefore + 1,
        });
        await q.advanceConsumer(trx, consumer.name, { txid: firstEvent.txid, id: Number(firstEvent.id) }, 0);
        return { handled: 0, read: 1, failed: message, deadLettered: Number(firstEvent.id) };
      }
      const waitMs = Math.min(MAX_WAIT_MS, 1000 * 2 ** attemptsBefore);
      await q.recordConsumerFailure(
        trx,
        consumer.name,
        message.slice(0, 2000),
        new Date(Date.now() + waitMs),
      );
      return { handled: 0, read: 0, failed: message };
    });
  }
}

/**
 * Runs every consumer until none has events left to read now (or, for a failing one, until it must
 * wait). Returns the events each handled. The dispatch job calls this; tests call it to see reactions.
 */
export async function drainEvents(
  db: Kysely<DB>,
  consumers: readonly ConsumerDefinition[],
  opts: { batchSize?: number; maxRounds?: number } = {},
): Promise<Record<string, number>> {
  const handled: Record<string, number> = {};
  for (const c of consumers) {
    handled[c.name] = 0;
    for (let round = 0; round < (opts.maxRounds ?? 10_000); round++) {
      const r = await runConsumerOnce(db, c, opts);
      handled[c.name]! += r.handled;
      if (r.read === 0 || r.skipped) break;
    }
  }
  return handled;
}

/** Handles a dead letter again for its consumer, now; marks it sent again when that succeeds. */
export async function resendDeadLetter(
  db: Kysely<DB>,
  consumers: readonly ConsumerDefinition[],
  key: { communityId: number; consumer: string; eventId: number },
): Promise<boolean> {
  const consumer = consumers.find((c) => c.name === key.consumer);
  if (!consumer) return false;
  return db.transaction().execute(async (trx) => {
    const event = await q.findDeadLetterEvent(trx, key);
    if (!event) return false;
    await consumer.handle(trx, toStored(event));
    await q.markDeadLetterResent(trx, key);
    return true;
  });
}
