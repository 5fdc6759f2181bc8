// How I am told: in the app (with live updates) and/or by text message.

import type { ZPreferences } from "@contract/core/notifications/notifications.schema";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { List, Switch, Toast } from "antd-mobile";
import { useTranslation } from "react-i18next";
import { api, describeError } from "../../../shared/api/client";
import type { Reply } from "../../../shared/api/contract";
import { MobileError, MobileLoading } from "../../../shared/ui/mobile";

type Preferences = Reply<typeof ZPreferences>;

const KEY = ["me", "notification-preferences"] as const;

export function NotificationSettingsPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const prefs = useQuery({
    queryKey: KEY,
    queryFn: () => api.get<Preferences>("/me/notification-preferences"),
  });
  const save = useMutation({
    mutationFn: (p: Preferences) => api.put<Preferences>("/me/notification-preferences", p),
    onSuccess: (p) => {
      qc.setQueryData(KEY, p);
      Toast.show({ icon: "success", content: t("notifications.saved") });
    },
    onError: (err) => Toast.show({ icon: "fail", content: describeError(err) }),
  });
  if (prefs.isPending) return <MobileLoading />;
  if (prefs.isError) return <MobileError error={prefs.error} onRetry={() => prefs.refetch()} />;
  const p = save.variables && save.isPending ? save.variables : prefs.data;
  return (
    <div data-testid="notification-settings-page">
      <List header={t("notifications.channelsTitle")} mode="card" style={{ margin: "0 0 12px" }}>
        <List.Item
          description={t("notifications.inAppDesc")}
          extra={
            <Switch
              checked={p.inApp}
              loading={save.isPending}
              onChange={(inApp) => save.mutate({ ...p, inApp })}
              data-testid="channel-in-app"
            />
          }
        >
          {t("notifications.inApp")}
        </List.Item>
        <List.Item
          description={t("notifications.smsDesc")}
          extra={
            <Switch
              checked={p.sms}
              loading={save.isPending}
              onChange={(sms) => save.mutate({ ...p, sms })}
              data-testid="channel-sms"
            />
          }
        >
          {t("notifications.sms")}
        </List.Item>
      </List>
      {!p.inApp && !p.sms && <p className="m-warn-text">{t("notifications.noneWarning")}</p>}
    </div>
  );
}
