import type { Kysely } from "kysely";
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

type Listener = (userId: number, notificationId: number) => void;
const listeners = new Set<Listener>();

/** Live updates (server-sent events) subscribe here; called after the writing transaction commits. */
export function onNotification(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** How many live listeners are subscribed (a closed stream must leave none behind). */
export function listenerCount(): number {
  return listeners.size;
}

/**
 * Notifies people on the channels each has chosen: the in-app list (default on) and SMS through the
 * adapter (default on; the built-in adapter writes sms_outbox). Run it inside the transaction of the
 * change it reports, then call `publish` with its result after commit.
 */
export async function notify(
  db: Kysely<DB>,
  n: NotificationInput,
): Promise<{ id: number; user_id: number }[]> {
  return q.insertNotifications(db, [...new Set(n.userIds)], n, n.link ?? null);
}

export function publish(created: { id: number; user_id: number }[]): void {
  for (const c of created) for (const l of listeners) l(c.user_id, c.id);
}
