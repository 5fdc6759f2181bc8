import { type Kysely, sql } from "kysely";
import type { DB } from "../../../db/schema.ts";

/** A person's own submissions (not 代办) since a time, in every community (index request_submitter). */
export const countOwnSubmissionsSince = async (db: Kysely<DB>, userId: number, since: Date) =>
  Number(
    (
      await db
        .selectFrom("request")
        .select(sql<number>`count(*)`.as("n"))
        .where("submitter_user_id", "=", userId)
        .where("created_at", ">=", since)
        .where("on_behalf_by", "is", null)
        .executeTakeFirstOrThrow()
    ).n,
  );

/** Requests a staff member entered (as 代办 or as their own) in one community since a time (index request_created). */
export const countEnteredSince = async (db: Kysely<DB>, communityId: number, userId: number, since: Date) =>
  Number(
    (
      await db
        .selectFrom("request")
        .select(sql<number>`count(*)`.as("n"))
        .where("community_id", "=", communityId)
        .where("created_at", ">=", since)
        .where((eb) => eb.or([eb("on_behalf_by", "=", userId), eb("submitter_user_id", "=", userId)]))
        .executeTakeFirstOrThrow()
    ).n,
  );
