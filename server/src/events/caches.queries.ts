// The SQL of the cache-invalidation channel (events/caches.ts).
import { type Kysely, sql } from "kysely";
import type { DB } from "../db/schema.ts";

/** The channel on which a change that per-process caches hold is announced to every server process. */
export const CACHES_CHANNEL = "linli_caches";

/**
 * NOTIFY on the caches' channel. In a transaction it is sent at commit (and not at all on rollback);
 * on the database itself at once.
 */
export async function notifyCaches(db: Kysely<DB>, payload: string): Promise<void> {
  await sql`select pg_notify(${CACHES_CHANNEL}, ${payload}::text)`.execute(db);
}
