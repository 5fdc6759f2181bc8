import type { Kysely } from "kysely";
import type { DB } from "../../../db/schema.ts";
import * as q from "./health.queries.ts";

/** Liveness: the database answers a cheap read (throws when it does not). */
export async function checkDatabase(db: Kysely<DB>): Promise<void> {
  await q.pingDatabase(db);
}
