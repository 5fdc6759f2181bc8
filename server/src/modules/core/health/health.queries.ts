import type { Kysely } from "kysely";
import type { DB } from "../../../db/schema.ts";

/** One cheap read: the database answers. */
export async function pingDatabase(db: Kysely<DB>): Promise<void> {
  await db.selectFrom("community").select("id").limit(1).execute();
}
