import { type Kysely, sql } from "kysely";

// Domain events through a transactional outbox (issue 8). A service inserts its event in the same
// transaction as its change; each consumer reads the events in commit order and keeps its own
// position, moved in the same transaction as its effects, so every event is handled once per
// consumer and a crash repeats nothing that committed.
// Commit order: txid is the inserting transaction's id; a consumer reads only events whose txid is
// below the oldest transaction still running (pg_snapshot_xmin), so an event committed late with an
// earlier id can never be skipped. (txid, id) orders events; the index serves every consumer's scan.
// A consumer that fails on an event retries it with a growing wait; after its last try the event is
// set aside in event_dead_letter (visible to the system admin, who can send it again) and the
// consumer goes on.
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `create table domain_event (
      community_id integer not null references community(id),
      id bigserial not null,
      txid xid8 not null default pg_current_xact_id(),
      type text not null,
      version integer not null,
      aggregate_type text not null,
      aggregate_id bigint not null,
      payload jsonb not null,
      actor_user_id integer references app_user(id),
      created_at timestamptz not null default now(),
      primary key (community_id, id)
    )`,
    "create index domain_event_order on domain_event(txid, id, community_id)",
    `create table event_consumer (
      name text primary key,
      last_txid xid8 not null default '0'::xid8,
      last_id bigint not null default 0,
      attempts integer not null default 0,
      last_error text,
      retry_at timestamptz,
      handled bigint not null default 0,
      updated_at timestamptz not null default now()
    )`,
    `create table event_dead_letter (
      community_id integer not null references community(id),
      consumer text not null,
      event_id bigint not null,
      error text not null,
      attempts integer not null,
      created_at timestamptz not null default now(),
      resent_at timestamptz,
      primary key (community_id, consumer, event_id),
      foreign key (community_id, event_id) references domain_event(community_id, id)
    )`,
    "create index event_dead_letter_open on event_dead_letter(created_at) where resent_at is null",
  ];
  for (const s of statements) await sql.raw(s).execute(db);
}

export async function down(): Promise<void> {
  throw new Error("the domain-events migration cannot be reverted");
}
