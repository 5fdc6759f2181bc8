import { type Kysely, sql } from "kysely";
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

/** The channel on which a transaction that created notifications announces their recipients at commit. */
export const NOTIFICATIONS_CHANNEL = "linli_notifications";

/**
 * Notifies `userIds` in one statement, on the channels each has chosen: in-app rows (on unless
 * notification_preference says otherwise) and SMS rows for the adapter (sms_outbox; also on by default).
 * Each recipient of an in-app row is announced on NOTIFICATIONS_CHANNEL (payload: the user id), which
 * PostgreSQL delivers at commit to every server process, whose live streams then read what is new.
 * Returns the in-app rows created.
 */
export async function insertNotifications(
  db: Kysely<DB>,
  userIds: number[],
  n: NotificationText,
  link: string | null,
): Promise<{ id: number; user_id: number }[]> {
  if (userIds.length === 0) return [];
  const sms = `【邻里】${n.titleZh}${n.bodyZh ? `：${n.bodyZh}` : ""}`;
  const { rows } = await sql<{ id: number; user_id: number }>`
    with recipient_preferences as (
      select r.user_id, coalesce(p.in_app, true) as in_app, coalesce(p.sms, true) as sms
      from (select distinct unnest(${userIds}::int[]) as user_id) r
      left join notification_preference p on p.user_id = r.user_id),
    notified as (
      insert into notification (user_id, scope_community_id, kind, title_zh, title_en, body_zh, body_en, link)
      select user_id, ${n.communityId}::int, ${n.kind}, ${n.titleZh}, ${n.titleEn}, ${n.bodyZh ?? ""},
        ${n.bodyEn ?? ""}, ${link}::text
      from recipient_preferences where in_app
      order by user_id
      returning id, user_id),
    texted as (
      insert into sms_outbox (phone, body)
      select u.phone, ${sms} from recipient_preferences rp join app_user u on u.id = rp.user_id
      where rp.sms
      order by u.id)
    select id, user_id, pg_notify(${NOTIFICATIONS_CHANNEL}, user_id::text) from notified order by id`.execute(
    db,
  );
  return rows.map((r) => ({ id: Number(r.id), user_id: r.user_id }));
}

/**
 * Notifies each of `items` with its own text, in one statement for all of them (arrays unnested), on
 * the channels each recipient has chosen — as insertNotifications does for one text. Returns the in-app
 * rows created.
 */
export async function insertPersonalNotifications(
  db: Kysely<DB>,
  communityId: number | null,
  kind: string,
  items: {
    userId: number;
    titleZh: string;
    titleEn: string;
    bodyZh: string;
    bodyEn: string;
    link: string | null;
  }[],
): Promise<{ id: number; user_id: number }[]> {
  if (items.length === 0) return [];
  const col = <K extends keyof (typeof items)[number]>(k: K) => items.map((i) => i[k]);
  const sms = items.map((i) => `【邻里】${i.titleZh}${i.bodyZh ? `：${i.bodyZh}` : ""}`);
  const { rows } = await sql<{ id: number; user_id: number }>`
    with item as (
      select * from unnest(${col("userId")}::int[], ${col("titleZh")}::text[], ${col("titleEn")}::text[],
        ${col("bodyZh")}::text[], ${col("bodyEn")}::text[], ${col("link")}::text[], ${sms}::text[])
        with ordinality as t(user_id, title_zh, title_en, body_zh, body_en, link, sms, n)),
    recipient as (
      select i.*, coalesce(p.in_app, true) as in_app, coalesce(p.sms, true) as by_sms
      from item i left join notification_preference p on p.user_id = i.user_id),
    notified as (
      insert into notification (user_id, scope_community_id, kind, title_zh, title_en, body_zh, body_en, link)
      select user_id, ${communityId}::int, ${kind}, title_zh, title_en, body_zh, body_en, link
      from recipient where in_app
      order by n
      returning id, user_id),
    texted as (
      insert into sms_outbox (phone, body)
      select u.phone, r.sms from recipient r join app_user u on u.id = r.user_id
      where r.by_sms
      order by r.n)
    select id, user_id, pg_notify(${NOTIFICATIONS_CHANNEL}, user_id::text) from notified order by id`.execute(
    db,
  );
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

/**
 * Notifications of a person after an id, oldest first: for a stream that resumes with Last-Event-ID, or
 * (`newest`) the newest `limit` of them, for a stream woken by a commit.
 */
export const ownNotificationsAfter = async (
  db: Kysely<DB>,
  userId: number,
  afterId: number,
  limit: number,
  newest = false,
) => {
  const rows = await db
    .selectFrom("notification")
    .select(NOTIFICATION_COLUMNS)
    .where("user_id", "=", userId)
    .where("id", ">", afterId)
    .orderBy("id", newest ? "desc" : "asc")
    .limit(limit)
    .execute();
  return newest ? rows.reverse() : rows;
};

/** The id of a person's newest notification (0 when none): where a new live stream starts. */
export const latestOwnNotificationId = async (db: Kysely<DB>, userId: number) =>
  Number(
    (
      await db
        .selectFrom("notification")
        .select((eb) => eb.fn.max("id").as("id"))
        .where("user_id", "=", userId)
        .executeTakeFirst()
    )?.id ?? 0,
  );

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
