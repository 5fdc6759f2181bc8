// All SQL of the event outbox and its consumers.
import { type Kysely, sql } from "kysely";
import type { DB } from "../db/schema.ts";

/** The channel on which every committed event is announced to every server process. */
export const EVENTS_CHANNEL = "linli_events";

export interface NewEvent {
  community_id: number;
  type: string;
  version: number;
  aggregate_type: string;
  aggregate_id: number;
  payload: unknown;
  actor_user_id: number | null;
}

/**
 * Inserts events and announces them (NOTIFY is sent at commit, to every listening process) in one
 * statement, inside the caller's transaction.
 */
export async function insertEvents(db: Kysely<DB>, events: NewEvent[]): Promise<void> {
  if (events.length === 0) return;
  const rows = sql.join(
    events.map(
      (e) =>
        sql`(${e.community_id}::int, ${e.type}::text, ${e.version}::int, ${e.aggregate_type}::text, ${e.aggregate_id}::bigint, ${JSON.stringify(e.payload)}::jsonb, ${e.actor_user_id}::int)`,
    ),
  );
  await sql`
    with e as (
      insert into domain_event (community_id, type, version, aggregate_type, aggregate_id, payload, actor_user_id)
      values ${rows}
      returning community_id, type
    )
    select pg_notify(${EVENTS_CHANNEL}, string_agg(distinct community_id || ' ' || type, ',')) from e`.execute(
    db,
  );
}

export const ensureConsumer = (db: Kysely<DB>, name: string) =>
  db
    .insertInto("event_consumer")
    .values({ name })
    .onConflict((oc) => oc.column("name").doNothing())
    .execute();

/** The consumer's row, locked for this transaction; undefined when another process holds it. */
export const lockConsumer = (db: Kysely<DB>, name: string) =>
  db
    .selectFrom("event_consumer")
    .select(["name", "last_txid", "last_id", "attempts", "retry_at"])
    .where("name", "=", name)
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();

export interface EventRow {
  community_id: number;
  id: number;
  txid: string;
  type: string;
  version: number;
  aggregate_type: string;
  aggregate_id: number;
  payload: unknown;
  actor_user_id: number | null;
  created_at: Date;
}

/**
 * The next events after a position, in commit order, among those whose transaction has ended: an
 * event of a transaction still running (which may commit after a later id) waits for it. Only this
 * database's transactions hold events back (transaction ids are shared by every database of a server).
 */
export async function eventsAfter(
  db: Kysely<DB>,
  after: { txid: string; id: number },
  limit: number,
): Promise<EventRow[]> {
  const { rows } = await sql<EventRow>`
    select community_id, id, txid::text as txid, type, version, aggregate_type, aggregate_id, payload,
           actor_user_id, created_at
    from domain_event
    where (txid, id) > (${after.txid}::xid8, ${after.id}::bigint)
      and txid < coalesce((
        -- the oldest transaction still running that could have written here: the snapshot's
        -- running ones less those known to belong to another database on the same server (their
        -- ids are cluster-wide, and a long one elsewhere must not hold this database's events back;
        -- one that ends meanwhile stays counted, which only delays)
        select min(x) from pg_snapshot_xip(pg_current_snapshot()) as x
        where (x::text::bigint % 4294967296) not in (
          select backend_xid::text::bigint from pg_stat_activity
          where backend_xid is not null and datname is distinct from current_database())
      ), pg_snapshot_xmax(pg_current_snapshot()))
    -- the table's columns, not the text alias above: as text, 1000 would sort before 999
    order by domain_event.txid, domain_event.id
    limit ${limit}`.execute(db);
  return rows;
}

export const advanceConsumer = (
  db: Kysely<DB>,
  name: string,
  to: { txid: string; id: number },
  handled: number,
) =>
  db
    .updateTable("event_consumer")
    .set({
      last_txid: to.txid,
      last_id: to.id,
      attempts: 0,
      last_error: null,
      retry_at: null,
      handled: sql`handled + ${handled}`,
      updated_at: new Date(),
    })
    .where("name", "=", name)
    .execute();

export const recordConsumerFailure = (db: Kysely<DB>, name: string, error: string, retryAt: Date) =>
  db
    .updateTable("event_consumer")
    .set({ attempts: sql`attempts + 1`, last_error: error, retry_at: retryAt, updated_at: new Date() })
    .where("name", "=", name)
    .returning(["attempts"])
    .executeTakeFirst();

export const insertDeadLetter = (
  db: Kysely<DB>,
  v: { community_id: number; consumer: string; event_id: number; error: string; attempts: number },
) =>
  db
    .insertInto("event_dead_letter")
    .values(v)
    .onConflict((oc) =>
      oc
        .columns(["community_id", "consumer", "event_id"])
        .doUpdateSet({ error: v.error, attempts: v.attempts, resent_at: null }),
    )
    .execute();

export const listDeadLetters = (db: Kysely<DB>, opts: { open: boolean; limit: number }) => {
  let q = db
    .selectFrom("event_dead_letter as d")
    .innerJoin("domain_event as e", (j) =>
      j.onRef("e.community_id", "=", "d.community_id").onRef("e.id", "=", "d.event_id"),
    )
    .select([
      "d.community_id",
      "d.consumer",
      "d.event_id",
      "d.error",
      "d.attempts",
      "d.created_at",
      "d.resent_at",
      "e.type",
      "e.aggregate_type",
      "e.aggregate_id",
      "e.created_at as event_created_at",
    ])
    .orderBy("d.created_at", "desc")
    .limit(opts.limit);
  if (opts.open) q = q.where("d.resent_at", "is", null);
  return q.execute();
};

export const findDeadLetterEvent = async (
  db: Kysely<DB>,
  key: { communityId: number; consumer: string; eventId: number },
): Promise<EventRow | undefined> => {
  const { rows } = await sql<EventRow>`
    select e.community_id, e.id, e.txid::text as txid, e.type, e.version, e.aggregate_type, e.aggregate_id,
           e.payload, e.actor_user_id, e.created_at
    from event_dead_letter d
    join domain_event e on e.community_id = d.community_id and e.id = d.event_id
    where d.community_id = ${key.communityId} and d.consumer = ${key.consumer} and d.event_id = ${key.eventId}
      and d.resent_at is null
    for update of d`.execute(db);
  return rows[0];
};

export const markDeadLetterResent = (
  db: Kysely<DB>,
  key: { communityId: number; consumer: string; eventId: number },
) =>
  db
    .updateTable("event_dead_letter")
    .set({ resent_at: new Date() })
    .where("community_id", "=", key.communityId)
    .where("consumer", "=", key.consumer)
    .where("event_id", "=", key.eventId)
    .execute();

/** Each consumer's position and how far behind the newest event it is (for the admin and the bench). */
export async function consumerStates(db: Kysely<DB>) {
  const { rows } = await sql<{
    name: string;
    handled: number;
    attempts: number;
    last_error: string | null;
    retry_at: Date | null;
    behind: number;
  }>`
    select c.name, c.handled, c.attempts, c.last_error, c.retry_at,
      (select count(*) from domain_event e where (e.txid, e.id) > (c.last_txid, c.last_id))::int as behind
    from event_consumer c order by c.name`.execute(db);
  return rows;
}
