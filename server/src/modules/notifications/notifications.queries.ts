import { type Insertable, type Kysely, sql } from "kysely";
import type { DB, NotificationTable } from "../../db/schema.ts";

export const insertNotifications = (db: Kysely<DB>, rows: Insertable<NotificationTable>[]) =>
  rows.length
    ? db.insertInto("notification").values(rows).returning(["id", "user_id"]).execute()
    : Promise.resolve([]);

export const preferencesOf = (db: Kysely<DB>, userIds: number[]) =>
  userIds.length
    ? db.selectFrom("notification_preference").selectAll().where("user_id", "in", userIds).execute()
    : Promise.resolve([]);

export const phonesOf = (db: Kysely<DB>, userIds: number[]) =>
  userIds.length
    ? db.selectFrom("app_user").select(["id", "phone"]).where("id", "in", userIds).execute()
    : Promise.resolve([]);

export const insertSms = (db: Kysely<DB>, rows: { phone: string; body: string }[]) =>
  rows.length ? db.insertInto("sms_outbox").values(rows).execute() : Promise.resolve();

// ---- a person's own list ----

const NOTIFICATION_COLUMNS = [
  "id",
  "kind",
  "scope_community_id",
  "title_zh",
  "title_en",
  "body_zh",
  "body_en",
  "link",
  "created_at",
  "read_at",
] as const;

export const listOwnNotifications = (
  db: Kysely<DB>,
  userId: number,
  opts: { before?: number; limit: number; unreadOnly?: boolean },
) => {
  let q = db.selectFrom("notification").select(NOTIFICATION_COLUMNS).where("user_id", "=", userId);
  if (opts.before != null) q = q.where("id", "<", opts.before);
  if (opts.unreadOnly) q = q.where("read_at", "is", null);
  return q.orderBy("id", "desc").limit(opts.limit).execute();
};

/** Notifications of a person after an id (oldest first): for a stream that resumes with Last-Event-ID. */
export const ownNotificationsAfter = (db: Kysely<DB>, userId: number, afterId: number, limit: number) =>
  db
    .selectFrom("notification")
    .select(NOTIFICATION_COLUMNS)
    .where("user_id", "=", userId)
    .where("id", ">", afterId)
    .orderBy("id")
    .limit(limit)
    .execute();

export const ownNotification = (db: Kysely<DB>, userId: number, id: number) =>
  db
    .selectFrom("notification")
    .select(NOTIFICATION_COLUMNS)
    .where("user_id", "=", userId)
    .where("id", "=", id)
    .executeTakeFirst();

export const countUnread = async (db: Kysely<DB>, userId: number) =>
  Number(
    (
      await db
        .selectFrom("notification")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("user_id", "=", userId)
        .where("read_at", "is", null)
        .executeTakeFirstOrThrow()
    ).n,
  );

/** Marks one notification read (keeping the first read time); false when it is not the person's. */
export const markRead = async (db: Kysely<DB>, userId: number, id: number) => {
  const row = await db
    .updateTable("notification")
    .set({ read_at: sql<Date>`coalesce(read_at, now())` })
    .where("user_id", "=", userId)
    .where("id", "=", id)
    .returning("id")
    .executeTakeFirst();
  return !!row;
};

export const markAllRead = async (db: Kysely<DB>, userId: number) => {
  const r = await db
    .updateTable("notification")
    .set({ read_at: sql<Date>`now()` })
    .where("user_id", "=", userId)
    .where("read_at", "is", null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
};

export const preferenceOf = (db: Kysely<DB>, userId: number) =>
  db.selectFrom("notification_preference").selectAll().where("user_id", "=", userId).executeTakeFirst();

export const upsertPreference = (db: Kysely<DB>, userId: number, p: { in_app: boolean; sms: boolean }) =>
  db
    .insertInto("notification_preference")
    .values({ user_id: userId, ...p })
    .onConflict((oc) => oc.column("user_id").doUpdateSet(p))
    .returningAll()
    .executeTakeFirstOrThrow();
