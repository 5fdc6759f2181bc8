// My notifications: the unread count for the badges, and the live stream (server-sent events on
// /api/me/notifications/stream) that keeps every open page current. Shared by both areas' layouts
// and the notifications pages.

import type {
  ZNotification,
  ZNotificationList,
  ZUnread,
} from "@contract/core/notifications/notifications.schema";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { api } from "../../../shared/api/client";
import type { Reply } from "../../../shared/api/contract";

/** One notification, as GET /me/notifications lists it and the live stream sends it. */
export type AppNotification = Reply<typeof ZNotification>;
export type NotificationList = Reply<typeof ZNotificationList>;
type Unread = Reply<typeof ZUnread>;

export const NOTIFICATIONS_KEY = ["me", "notifications"] as const;
export const UNREAD_KEY = ["me", "notifications", "unread"] as const;

/** The number of unread notifications (0 when signed out). */
export function useUnreadCount(enabled: boolean) {
  return useQuery({
    queryKey: UNREAD_KEY,
    queryFn: async () =>
      (await api.get<NotificationList>("/me/notifications", { limit: 1, unreadOnly: true })).unreadCount,
    enabled,
    staleTime: 30_000,
    retry: false,
  });
}

/** The query keys a new notification may have made stale (lists of requests, the board...). */
const STALE_ON_NOTIFICATION: readonly (readonly string[])[] = [
  NOTIFICATIONS_KEY,
  ["me", "requests"],
  ["requests"],
  ["inbox"],
  ["assigned"],
  ["board"],
  ["opinions"],
];

/**
 * Opens the live stream while `enabled` (a signed-in person) and calls `onNew` for each
 * notification that arrives; the browser's EventSource reconnects by itself (and asks for what it
 * missed with Last-Event-ID).
 */
export function useNotificationStream(enabled: boolean, onNew?: (n: AppNotification) => void) {
  const qc = useQueryClient();
  const callback = useRef(onNew);
  callback.current = onNew;
  useEffect(() => {
    if (!enabled || typeof EventSource === "undefined") return;
    const source = new EventSource("/api/me/notifications/stream");
    const listener = (ev: MessageEvent<string>) => {
      let n: AppNotification | null = null;
      try {
        n = JSON.parse(ev.data) as AppNotification;
      } catch {
        return;
      }
      qc.setQueryData<number>(UNREAD_KEY, (old) => (old ?? 0) + 1);
      for (const key of STALE_ON_NOTIFICATION) void qc.invalidateQueries({ queryKey: key });
      if (n) callback.current?.(n);
    };
    source.addEventListener("notification", listener as EventListener);
    return () => {
      source.removeEventListener("notification", listener as EventListener);
      source.close();
    };
  }, [enabled, qc]);
}

export const markNotificationRead = (id: number) => api.post<Unread>(`/me/notifications/${id}/read`);
export const markAllNotificationsRead = () => api.post<Unread>("/me/notifications/read-all");
