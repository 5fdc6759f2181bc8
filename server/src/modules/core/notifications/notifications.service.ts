import type { Kysely } from "kysely";
import type { Database } from "../../../db/database.ts";
import type { DB } from "../../../db/schema.ts";
import { AppError } from "../../../errors.ts";
import * as q from "./notifications.queries.ts";

export interface NotificationInput {
  userIds: number[];
  communityId: number | null;
  kind: string;
  titleZh: string;
  titleEn: string;
  bodyZh?: string;
  bodyEn?: string;
  link?: string | null;
}

type Listener = (userId: number) => void;
const listeners = new Set<Listener>();

/**
 * Live updates (server-sent events) subscribe here: called with a person's id when a transaction that
 * created notifications for them has committed, in this server process or any other on the database.
 */
export function onNotification(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** How many live listeners are subscribed (a closed stream must leave none behind). */
export function listenerCount(): number {
  return listeners.size;
}

/** Hears the recipients that `notify` announces at commit (NOTIFY), from every process; returns a stop. */
export function listenForNotifications(database: Pick<Database, "listen">): Promise<() => Promise<void>> {
  return database.listen(q.NOTIFICATIONS_CHANNEL, (payload) => {
    const userId = Number(payload);
    if (Number.isInteger(userId) && userId > 0) for (const l of listeners) l(userId);
  });
}

/**
 * Notifies people on the channels each has chosen: the in-app list (default on) and SMS through the
 * adapter (default on; the built-in adapter writes sms_outbox). Run it inside the transaction of the
 * change it reports: the recipients' live streams hear of it at commit.
 */
export async function notify(
  db: Kysely<DB>,
  n: NotificationInput,
): Promise<{ id: number; user_id: number }[]> {
  return q.insertNotifications(db, [...new Set(n.userIds)], n, n.link ?? null);
}

/** One person's own text in a batch (`notifyEach`). */
export interface PersonalNotification {
  userId: number;
  titleZh: string;
  titleEn: string;
  bodyZh?: string;
  bodyEn?: string;
  link?: string | null;
}

/** Rows per statement in `notifyEach` and in large `notify` calls. */
export const NOTIFY_BATCH = 2000;

/**
 * Notifies many people, each with their own text (a lottery's outcome per applicant), on the channels
 * each has chosen: one statement per NOTIFY_BATCH recipients, in the caller's transaction.
 */
export async function notifyEach(
  db: Kysely<DB>,
  n: { communityId: number | null; kind: string; items: PersonalNotification[] },
): Promise<{ id: number; user_id: number }[]> {
  const out: { id: number; user_id: number }[] = [];
  for (let i = 0; i < n.items.length; i += NOTIFY_BATCH)
    out.push(
      ...(await q.insertPersonalNotifications(
        db,
        n.communityId,
        n.kind,
        n.items.slice(i, i + NOTIFY_BATCH).map((x) => ({
          userId: x.userId,
          titleZh: x.titleZh,
          titleEn: x.titleEn,
          bodyZh: x.bodyZh ?? "",
          bodyEn: x.bodyEn ?? "",
          link: x.link ?? null,
        })),
      )),
    );
  return out;
}

// ---- a person's own notifications ----

export type NotificationRow = Awaited<ReturnType<typeof q.ownNotificationsAfter>>[number];

/** A page of my notifications (newest first) and how many are unread. */
export async function myNotifications(
  db: Kysely<DB>,
  userId: number,
  page: { before?: number; limit: number; unreadOnly?: boolean },
) {
  const rows = await q.listOwnNotifications(db, userId, page);
  return { rows, unread: await q.countUnread(db, userId) };
}

/** Marks one of my notifications read (404 when it is not mine); returns how many stay unread. */
export async function markRead(db: Kysely<DB>, userId: number, notificationId: number): Promise<number> {
  if (!(await q.markRead(db, userId, notificationId))) throw new AppError("NOT_FOUND");
  return q.countUnread(db, userId);
}

export const markAllRead = (db: Kysely<DB>, userId: number) => q.markAllRead(db, userId);

/** My channels: both on unless I turned one off. */
export async function channelsOf(db: Kysely<DB>, userId: number) {
  const p = await q.preferenceOf(db, userId);
  return { inApp: p?.in_app ?? true, sms: p?.sms ?? true };
}

export async function chooseChannels(db: Kysely<DB>, userId: number, c: { inApp: boolean; sms: boolean }) {
  const p = await q.upsertPreference(db, userId, { in_app: c.inApp, sms: c.sms });
  return { inApp: p.in_app, sms: p.sms };
}

/**
 * Where a live stream starts: after Last-Event-ID when it resumes (`missed` reads what came since), else
 * after my newest notification, read now — before the stream listens, so nothing committed meanwhile is
 * lost. `newest` reads the newest after that point (the stream skips those it has sent: ids come from a
 * sequence, so one committed late can be lower than one already sent).
 */
export async function streamStart(db: Kysely<DB>, userId: number, lastEventId: number | null) {
  const floor = lastEventId ?? (await q.latestOwnNotificationId(db, userId));
  return {
    missed: () => q.ownNotificationsAfter(db, userId, floor, 100),
    newest: () => q.ownNotificationsAfter(db, userId, floor, 100, true),
  };
}
