// The shape of domain events and of the consumers that react to them. A module declares the events
// it emits in `<module>.events.ts` with defineEvent (type, version, the aggregate it is about, a zod
// schema of its payload), and the consumers it runs with defineConsumer; events/catalogue.ts lists
// them all, as jobs/registry.ts lists the jobs. Nothing here imports a module.
import type { Kysely } from "kysely";
import type { z } from "zod";
import type { DB } from "../db/schema.ts";

export interface EventDefinition<P = unknown> {
  /** `<aggregate>.<past tense>`, e.g. `request.submitted`. */
  type: string;
  /** Raised when the payload changes incompatibly; consumers see the version of each stored event. */
  version: number;
  /** What the event is about (its aggregate_type); aggregate_id names the row. */
  aggregate: string;
  payload: z.ZodType<P>;
  description: string;
}

export function defineEvent<P>(def: EventDefinition<P>): EventDefinition<P> {
  if (!/^[a-z_]+\.[a-z_]+$/.test(def.type))
    throw new Error(`event type ${def.type}: use "<aggregate>.<verb>"`);
  return def;
}

/** An event as a consumer receives it. */
export interface StoredEvent<P = unknown> {
  id: number;
  communityId: number;
  type: string;
  version: number;
  aggregateType: string;
  aggregateId: number;
  payload: P;
  actorUserId: number | null;
  createdAt: Date;
}

export interface ConsumerDefinition {
  /** Stable name: the consumer's position is stored under it. */
  name: string;
  description: string;
  /** The event types it handles; other events pass by without a call. */
  events: readonly EventDefinition<any>[];
  /**
   * Handles one event inside the consumer's transaction: its effects and the consumer's new position
   * commit together. Throwing rolls both back; the event is tried again later.
   */
  handle(trx: Kysely<DB>, event: StoredEvent): Promise<void>;
}

export function defineConsumer(def: ConsumerDefinition): ConsumerDefinition {
  if (!/^[a-z][a-z0-9-]*$/.test(def.name))
    throw new Error(`consumer name ${def.name}: lower-case words with -`);
  return def;
}

/** Narrows a stored event to one definition's payload type. */
export function isEvent<P>(event: StoredEvent, def: EventDefinition<P>): event is StoredEvent<P> {
  return event.type === def.type;
}
