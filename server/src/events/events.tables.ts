// Kysely table types of the event outbox (migration 2026-12-04-10), beside the code that uses them;
// db/schema.ts's DB includes them.
import type { ColumnType, Generated } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** xid8 comes back as a string (a 64-bit transaction id). */
type Xid8 = ColumnType<string, string | undefined, string>;

export interface DomainEventTable {
  community_id: number;
  id: Generated<number>;
  txid: Generated<string>;
  type: string;
  version: number;
  aggregate_type: string;
  aggregate_id: number;
  payload: ColumnType<unknown, string, string>;
  actor_user_id: number | null;
  created_at: Generated<Date>;
}

export interface EventConsumerTable {
  name: string;
  last_txid: Xid8;
  last_id: Generated<number>;
  attempts: Generated<number>;
  last_error: string | null;
  retry_at: Timestamp | null;
  handled: Generated<number>;
  updated_at: Generated<Date>;
}

export interface EventDeadLetterTable {
  community_id: number;
  consumer: string;
  event_id: number;
  error: string;
  attempts: number;
  created_at: Generated<Date>;
  resent_at: Timestamp | null;
}

export interface EventTables {
  domain_event: DomainEventTable;
  event_consumer: EventConsumerTable;
  event_dead_letter: EventDeadLetterTable;
}
