import { type Insertable, type Kysely, sql } from "kysely";
import type { DB } from "../../../db/schema.ts";
import type { OpinionTable } from "./opinions.tables.ts";

export const communityExists = async (db: Kysely<DB>, id: number) =>
  !!(await db.selectFrom("community").select("id").where("id", "=", id).executeTakeFirst());

// ---- throttle: the auth_throttle table, keyed by a keyed hash of the caller's IP ----

/**
 * Counts one attempt under `key` within a sliding-start window and returns the count so far (a new
 * window starts at 1). `failures` of auth_throttle is used as the plain counter.
 */
export async function countAttempt(db: Kysely<DB>, key: string, windowMs: number): Promise<number> {
  const expired = sql<boolean>`auth_throttle.window_start < now() - ${`${windowMs} milliseconds`}::interval`;
  const row = await db
    .insertInto("auth_throttle")
    .values({ key, failures: 1, window_start: new Date() })
    .onConflict((oc) =>
      oc.column("key").doUpdateSet({
        failures: sql`case when ${expired} then 1 else auth_throttle.failures + 1 end`,
        window_start: sql`case when ${expired} then now() else auth_throttle.window_start end`,
      }),
    )
    .returning("failures")
    .executeTakeFirstOrThrow();
  return row.failures;
}

/** Forgets the throttle entries under `prefix` whose window has passed (so no hash outlives it). */
export const forgetExpiredAttempts = (db: Kysely<DB>, prefix: string, windowMs: number) =>
  db
    .deleteFrom("auth_throttle")
    .where("key", "like", `${prefix}%`)
    .where("window_start", "<", sql<Date>`now() - ${`${windowMs} milliseconds`}::interval`)
    .execute();

// ---- opinions ----

/** Inserts an opinion; undefined when the tracking code is taken (the caller draws another). */
export const insertOpinion = (db: Kysely<DB>, row: Insertable<OpinionTable>) =>
  db
    .insertInto("opinion")
    .values(row)
    .onConflict((oc) => oc.columns(["community_id", "tracking_code"]).doNothing())
    .returning(["id", "tracking_code", "submitted_at", "feedback_due_at"])
    .executeTakeFirst();

export const findByTrackingCode = (db: Kysely<DB>, communityId: number, code: string) =>
  db
    .selectFrom("opinion")
    .select(["tracking_code", "text", "topic", "submitted_at", "feedback_due_at", "reply", "replied_at"])
    .where("community_id", "=", communityId)
    .where("tracking_code", "=", code)
    .executeTakeFirst();

export const findOpinion = (db: Kysely<DB>, communityId: number, id: number) =>
  db
    .selectFrom("opinion")
    .select(["id", "reply", "reply_public", "replied_at", "topic"])
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .executeTakeFirst();

const overdue = sql<boolean>`(o.reply is null and o.feedback_due_at < now())`;

/** Staff list: overdue first (oldest deadline first), then the other pending ones, then replied. */
export function listOpinions(
  db: Kysely<DB>,
  communityId: number,
  f: { status?: "pending" | "replied" | undefined; limit: number; offset: number },
) {
  let qb = db
    .selectFrom("opinion as o")
    .leftJoin("app_user as u", "u.id", "o.replied_by")
    .select([
      "o.id",
      "o.text",
      "o.topic",
      "o.submitted_at",
      "o.feedback_due_at",
      "o.reply",
      "o.reply_public",
      "o.replied_at",
      "u.name as replied_by_name",
      overdue.as("overdue"),
    ])
    .where("o.community_id", "=", communityId);
  if (f.status === "pending") qb = qb.where("o.reply", "is", null);
  if (f.status === "replied") qb = qb.where("o.reply", "is not", null);
  return qb
    .orderBy(overdue, "desc")
    .orderBy(sql`o.reply is null`, "desc")
    .orderBy(sql`case when o.reply is null then o.feedback_due_at end`, "asc")
    .orderBy("o.replied_at", "desc")
    .orderBy("o.id", "desc")
    .limit(f.limit)
    .offset(f.offset)
    .execute();
}

export const countOverdue = async (db: Kysely<DB>, communityId: number) =>
  Number(
    (
      await db
        .selectFrom("opinion as o")
        .select((eb) => eb.fn.countAll().as("n"))
        .where("o.community_id", "=", communityId)
        .where(overdue)
        .executeTakeFirstOrThrow()
    ).n,
  );

/** Replies once: undefined when the opinion already has a reply (or is not there). */
export const replyToOpinion = (
  db: Kysely<DB>,
  communityId: number,
  id: number,
  v: { reply: string; reply_public: boolean; replied_by: number },
) =>
  db
    .updateTable("opinion")
    .set({ ...v, replied_at: sql`now()` })
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .where("reply", "is", null)
    .returning([
      "id",
      "text",
      "topic",
      "submitted_at",
      "feedback_due_at",
      "reply",
      "reply_public",
      "replied_at",
    ])
    .executeTakeFirst();

/** The suggestion column (建议栏): replied opinions whose reply is public, latest reply first. */
export const suggestionColumn = (db: Kysely<DB>, communityId: number, limit: number, offset: number) =>
  db
    .selectFrom("opinion")
    .select(["text", "topic", "reply", "replied_at"])
    .where("community_id", "=", communityId)
    .where("reply", "is not", null)
    .where("reply_public", "=", true)
    .orderBy("replied_at", "desc")
    .orderBy("id", "desc")
    .limit(limit)
    .offset(offset)
    .execute();
