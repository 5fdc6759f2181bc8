import { type Kysely, sql } from "kysely";
import type { DB } from "../../db/schema.ts";

/**
 * Marks the rollup key of a request (community, grid, day of submission in China time) for
 * recomputation. Called in the same transaction as every change to a request, so no change is
 * ever missed by the figures job.
 */
export async function markStatsDirty(
  db: Kysely<DB>,
  key: { communityId: number; gridId: number | null; createdAt: Date | string },
): Promise<void> {
  await db
    .insertInto("request_stats_dirty")
    .values({
      community_id: key.communityId,
      grid_id: key.gridId ?? 0,
      day: sql<string>`(${new Date(key.createdAt).toISOString()}::timestamptz at time zone 'Asia/Shanghai')::date`,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
}
