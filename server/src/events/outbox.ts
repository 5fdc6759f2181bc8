// Emitting a domain event: in the caller's transaction, so that the event exists if and only if the
// change it describes committed. The payload is checked against the event's schema here, at the
// source, so consumers can trust what they read.
import { type Kysely, type RawBuilder, sql } from "kysely";
import type { DB } from "../db/schema.ts";
import { communityChanged } from "./changes.ts";
import type { EventDefinition } from "./define.ts";
import { EVENTS_CHANNEL, insertEvents } from "./events.queries.ts";

export interface Emitted<P> {
  communityId: number;
  aggregateId: number;
  payload: P;
  actorUserId?: number | null;
}

export interface PendingEvent {
  def: EventDefinition<any>;
  event: Emitted<unknown>;
}

/** Inserts one event (and its announcement at commit) in the transaction `trx`. */
export function emitEvent<P>(trx: Kysely<DB>, def: EventDefinition<P>, event: Emitted<P>): Promise<void> {
  return emitEvents(trx, [{ def, event }]);
}

/** Several events in one statement. */
export async function emitEvents(trx: Kysely<DB>, events: PendingEvent[]): Promise<void> {
  await insertEvents(
    trx,
    events.map(({ def, event }) => ({
      community_id: event.communityId,
      type: def.type,
      version: def.version,
      aggregate_type: def.aggregate,
      aggregate_id: event.aggregateId,
      payload: def.payload.parse(event.payload),
      actor_user_id: event.actorUserId ?? null,
    })),
  );
  for (const id of new Set(events.map((e) => e.event.communityId))) communityChanged(id);
}

/**
 * An event for a statement that creates its aggregate (whose id is known only inside it): `insert`
 * is a data-modifying common-table expression, `announce` an expression for the statement's select
 * list (its NOTIFY, sent at commit). The payload is checked here, as emitEvents does.
 */
export function eventInsertSql<P>(
  def: EventDefinition<P>,
  event: { communityId: number; aggregateId: RawBuilder<unknown>; payload: P; actorUserId?: number | null },
): { insert: RawBuilder<unknown>; announce: RawBuilder<unknown> } {
  const payload = JSON.stringify(def.payload.parse(event.payload));
  return {
    insert: sql`insert into domain_event (community_id, type, version, aggregate_type, aggregate_id, payload, actor_user_id)
      values (${event.communityId}::int, ${def.type}::text, ${def.version}::int, ${def.aggregate}::text,
        (${event.aggregateId})::bigint, ${payload}::jsonb, ${event.actorUserId ?? null}::int)`,
    announce: sql`pg_notify(${EVENTS_CHANNEL}, ${`${event.communityId} ${def.type}`}::text)`,
  };
}

/**
 * An event that a database function inserts itself, in the statement that creates its aggregate (e.g. the
 * mall's `mall_exchange`, migration 51): the payload is checked here, as emitEvents does, and the function
 * gets the row's columns and the channel of its NOTIFY (`<community> <type>`, sent at commit). After the
 * statement, `functionEmitted` tells this process's caches, as emitEvents does.
 */
export function eventForFunction<P>(def: EventDefinition<P>, payload: P) {
  return {
    type: def.type,
    version: def.version,
    aggregate: def.aggregate,
    payload: JSON.stringify(def.payload.parse(payload)),
    channel: EVENTS_CHANNEL,
  };
}

export function functionEmitted(communityId: number): void {
  communityChanged(communityId);
}
