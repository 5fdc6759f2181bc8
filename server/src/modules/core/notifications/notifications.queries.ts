import { type Kysely, type RawBuilder, sql } from "kysely";
import type { DB } from "../../../db/schema.ts";

/** What one notification says; the same text goes to every recipient. */
export interface NotificationText {
  communityId: number | null;
  kind: string;
  titleZh: string;
  titleEn: string;
  bodyZh?: string | undefined;
  bodyEn?: string | undefined;
}

/**
 * The common-table expressions that notify the people `recipients` selects (a query with one
 * column `user_id`) on the channels each has chosen: `notified` inserts the in-app rows (returning
 * id, user_id; in-app is on unless notification_preference says otherwise) and `texted` the SMS
 * rows for the adapter (sms_outbox; also on by default). `link` is a SQL expression, so a statement
 * that inserts the thing notified about can link to it by the id it has just created. Used by
 * `notify` and by statements that store a change and its notifications in one round trip.
 */
export function notificationCtes(
  recipients: RawBuilder<unknown>,
  n: NotificationText,
  link: RawBuilder<unknown>,
): RawBuilder<unknown> {
  const sms = `【邻里】${n.titleZh}${n.bodyZh ? `：${n.bodyZh}` : ""}`;
  return sql`recipients as (${recipients}),
    recipient_preferences as (
      select r.user_id, coalesce(p.in_app, true) as in_app, coalesce(p.sms, true) as sms
      from (select distinct user_id from recipients) r
      left join notification_preference p on p.user_id = r.user_id),
    notified as (
      insert into notification (user_id, scope_community_id, kind, title_zh, title_en, body_zh, body_en, link)
      select user_id, ${n.communityId}::int, ${n.kind}, ${n.titleZh}, ${n.titleEn}, ${n.bodyZh ?? ""},
        ${n.bodyEn ?? ""}, ${link}
      from recipient_preferences where in_app
      order by user_id
      returning id, user_id),
    texted as (
      insert into sms_outbox (phone, body)
      select u.phone, ${sms} from recipient_preferences rp join app_user u on u.id = rp.user_id
      where rp.sms
      order by u.id)`;
}

/** Notifies `userIds` in one statement (see notificationCtes); returns the in-app rows created. */
export async function insertNotifications(
  db: Kysely<DB>,
  userIds: number[],
  n: NotificationText,
  link: string | null,
): Promise<{ id: number; user_id: number }[]> {
  if (userIds.length === 0) return [];
  const recipients = sql`select unnest(${userIds}::int[]) as user_id`;
  const { rows } = await sql<{ id: number; user_id: number }>`
    with ${notificationCtes(recipients, n, sql`${link}::text`)}
    select id, user_id from notified order by id`.execute(db);
  return rows.map((r) => ({ id: Number(r.id), user_id: r.user_id }));
}

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
