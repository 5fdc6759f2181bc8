import type { Kysely } from "kysely";
import type { Database } from "../../../db/database.ts";
import type { DB } from "../../../db/schema.ts";
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

/** In-process wake-up after commit (the NOTIFY reaches every process; this one does not wait for it). */
export function publish(created: { id: number; user_id: number }[]): void {
  for (const userId of new Set(created.map((c) => c.user_id))) for (const l of listeners) l(userId);
}
