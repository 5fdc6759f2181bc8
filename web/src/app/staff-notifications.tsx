// The bell in the console header: unread count (live), the latest notifications, one click opens
// the request it is about.
import { BellOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Badge, Button, Empty, Flex, List, Popover, Typography } from "antd";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import {
  markAllNotificationsRead,
  markNotificationRead,
  NOTIFICATIONS_KEY,
  type NotificationList,
  UNREAD_KEY,
  useUnreadCount,
} from "../features/core/notifications/notifications-api";
import { api } from "../shared/api/client";

export function StaffNotifications() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const unread = useUnreadCount(true).data ?? 0;
  const latest = useQuery({
    queryKey: [...NOTIFICATIONS_KEY, "latest"],
    queryFn: () => api.get<NotificationList>("/me/notifications", { limit: 8 }),
    enabled: open,
    staleTime: 0,
  });
  const settle = (n: number) => {
    qc.setQueryData(UNREAD_KEY, n);
    void qc.invalidateQueries({ queryKey: NOTIFICATIONS_KEY });
  };
  const read = useMutation({ mutationFn: markNotificationRead, onSuccess: (r) => settle(r.unreadCount) });
  const readAll = useMutation({
    mutationFn: markAllNotificationsRead,
    onSuccess: (r) => settle(r.unreadCount),
  });
  const en = i18n.language === "en";
  const content = (
    <div style={{ width: 360, maxWidth: "80vw" }} data-testid="staff-notifications">
      <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
        <Typography.Text strong>{t("notifications.title")}</Typography.Text>
        <Button size="small" type="link" disabled={unread === 0} onClick={() => readAll.mutate()}>
          {t("notifications.readAll")}
        </Button>
      </Flex>
      {latest.data && latest.data.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("notifications.empty")} />
      ) : (
        <List
          size="small"
          loading={latest.isPending}
          dataSource={latest.data?.items ?? []}
          renderItem={(n) => (
            <List.Item
              style={{ cursor: n.link ? "pointer" : undefined, opacity: n.readAt ? 0.65 : 1 }}
              onClick={() => {
                if (!n.readAt) read.mutate(n.id);
                if (n.link?.startsWith("/staff/")) {
                  setOpen(false);
                  navigate(n.link);
                }
              }}
            >
              <List.Item.Meta
                avatar={n.readAt ? <Badge status="default" /> : <Badge status="error" />}
                title={en ? n.titleEn : n.titleZh}
                description={
                  <>
                    {(en ? n.bodyEn : n.bodyZh) && <div>{en ? n.bodyEn : n.bodyZh}</div>}
                    <span>{dayjs(n.createdAt).format("MM-DD HH:mm")}</span>
                  </>
                }
              />
            </List.Item>
          )}
        />
      )}
    </div>
  );
  return (
    <Popover trigger="click" open={open} onOpenChange={setOpen} content={content} placement="bottomRight">
      <Button type="text" aria-label={t("notifications.title")} data-testid="staff-bell">
        <Badge count={unread} size="small" overflowCount={99}>
          <BellOutlined style={{ fontSize: 18 }} />
        </Badge>
      </Button>
    </Popover>
  );
}
