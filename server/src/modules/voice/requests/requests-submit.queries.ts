// The SQL of submitting that the shared requests.queries.ts does not hold: a report sent again with
// the key its phone gave it (issue 9, the offline queue) is found here, with its first photos.
import type { Kysely } from "kysely";
import type { DB } from "../../../db/schema.ts";

/** The request a person submitted in a community with this key (index request_client_key). */
export async function findByClientKey(db: Kysely<DB>, communityId: number, userId: number, key: string) {
  const row = await db
    .selectFrom("request")
    .select(["id", "status", "is_public", "sign_due_at", "solve_due_at"])
    .where("community_id", "=", communityId)
    .where("submitter_user_id", "=", userId)
    .where("client_key", "=", key)
    .executeTakeFirst();
  if (!row) return undefined;
  const photos = await db
    .selectFrom("request_photo")
    .select("id")
    .where("community_id", "=", communityId)
    .where("request_id", "=", row.id)
    .where("stage", "=", "submit")
    .orderBy("id")
    .execute();
  return { ...row, photoIds: photos.map((p) => p.id) };
}
