// 消息: my notifications, newest first, live (the layout keeps the stream open). Tapping one
// marks it read and opens the page it is about.
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { Badge, Button, ErrorBlock, List } from "antd-mobile";
import { SetOutline } from "antd-mobile-icons";
import dayjs from "dayjs";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { api } from "../../../shared/api/client";
import { MobileError, MobileLoading } from "../../../shared/ui/mobile";
import {
  type AppNotification,
  markAllNotificationsRead,
  markNotificationRead,
  NOTIFICATIONS_KEY,
  type NotificationList,
  UNREAD_KEY,
} from "./notifications-api";

/** The notification in the page's language (the server sends both). */
export function notificationText(n: AppNotification, lang: string) {
  const en = lang.startsWith("en");
  return { title: en ? n.titleEn : n.titleZh, body: en ? n.bodyEn : n.bodyZh };
}

export function NotificationsPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const list = useInfiniteQuery({
    queryKey: [...NOTIFICATIONS_KEY, "list"],
    queryFn: ({ pageParam }) =>
      api.get<NotificationList>("/me/notifications", { before: pageParam, limit: 20 }),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.nextBefore ?? undefined,
    staleTime: 0,
  });
  const settle = (unread: number) => {
    qc.setQueryData(UNREAD_KEY, unread);
    void qc.invalidateQueries({ queryKey: [...NOTIFICATIONS_KEY, "list"] });
  };
  const read = useMutation({ mutationFn: markNotificationRead, onSuccess: (r) => settle(r.unreadCount) });
  const readAll = useMutation({
    mutationFn: markAllNotificationsRead,
    onSuccess: (r) => settle(r.unreadCount),
  });

  if (list.isPending) return <MobileLoading />;
  if (list.isError) return <MobileError error={list.error} onRetry={() => list.refetch()} />;
  const items = list.data.pages.flatMap((p) => p.items);
  const unread = list.data.pages[0]?.unreadCount ?? 0;

  return (
    <div data-testid="notifications-page">
      <div className="m-toolbar">
        <span className="m-muted" data-testid="unread-count">
          {t("notifications.unread", { count: unread })}
        </span>
        <span style={{ display: "flex", gap: 8 }}>
          <Button
            size="small"
            disabled={unread === 0}
            loading={readAll.isPending}
            onClick={() => readAll.mutate()}
          >
            {t("notifications.readAll")}
          </Button>
          <Button
            size="small"
            fill="outline"
            onClick={() => navigate("/m/notifications/settings")}
            data-testid="go-channels"
          >
            <SetOutline /> {t("notifications.channels")}
          </Button>
        </span>
      </div>
      {items.length === 0 ? (
        <ErrorBlock status="empty" title={t("notifications.empty")} description={null} />
      ) : (
        <List mode="card" style={{ margin: 0 }}>
          {items.map((n) => {
            const text = notificationText(n, i18n.language);
            return (
              <List.Item
                key={n.id}
                data-testid={`notification-${n.id}`}
                prefix={n.readAt ? <span className="m-dot-space" /> : <Badge content={Badge.dot} />}
                description={
                  <>
                    {text.body && <div>{text.body}</div>}
                    <div className="m-muted">{dayjs(n.createdAt).format("YYYY-MM-DD HH:mm")}</div>
                  </>
                }
                onClick={() => {
                  if (!n.readAt) read.mutate(n.id);
                  if (n.link?.startsWith("/m/")) navigate(n.link);
                }}
                arrow={!!n.link?.startsWith("/m/")}
              >
                <span className={n.readAt ? "m-notif-title" : "m-notif-title is-unread"}>{text.title}</span>
              </List.Item>
            );
          })}
        </List>
      )}
      {list.hasNextPage && (
        <Button block fill="none" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
          {t("common.loadMore")}
        </Button>
      )}
    </div>
  );
}
