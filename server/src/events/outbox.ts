// Emitting a domain event: in the caller's transaction, so that the event exists if and only if the
// change it describes committed. The payload is checked against the event's schema here, at the
// source, so consumers can trust what they read.
import type { Kysely } from "kysely";
import type { DB } from "../db/schema.ts";
import type { EventDefinition } from "./define.ts";
import { insertEvents } from "./events.queries.ts";

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
}
