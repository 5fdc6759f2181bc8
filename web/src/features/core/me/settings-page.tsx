import { Button, Dialog, List, Selector, Switch, Toast } from "antd-mobile";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router-dom";
import { useMe, useSignOut } from "../../../shared/api/session";
import { useElderlyMode, useToggleElderlyMode } from "../../../shared/elderly/elderly-mode";
import type { Language } from "../../../shared/i18n/i18n";
import { useLanguage } from "../../../shared/i18n/use-language";
import { MobileLoading } from "../../../shared/ui/mobile";

export function SettingsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useMe();
  const signOut = useSignOut();
  const [lang, setLang] = useLanguage();
  const elderly = useElderlyMode();
  const toggleElderly = useToggleElderlyMode();

  if (me.isPending) return <MobileLoading />;

  return (
    <div data-testid="settings-page">
      <List header={t("settings.account")} mode="card" style={{ margin: "0 0 12px" }}>
        {me.data ? (
          <>
            <List.Item extra={me.data.name}>{t("settings.name")}</List.Item>
            <List.Item extra={me.data.phone}>{t("settings.phone")}</List.Item>
          </>
        ) : (
          <List.Item onClick={() => navigate("/m/sign-in?next=/m/settings")}>
            {t("settings.notSignedIn")}
          </List.Item>
        )}
      </List>
      <List header={t("settings.language")} mode="card" style={{ margin: "0 0 12px" }}>
        <List.Item>
          <Selector<Language>
            columns={2}
            value={[lang]}
            onChange={(v) => v[0] && setLang(v[0])}
            data-testid="language-selector"
            options={[
              { label: t("lang.zh-CN"), value: "zh-CN" },
              { label: t("lang.en"), value: "en" },
            ]}
          />
        </List.Item>
      </List>
      {me.data && (
        <List mode="card" style={{ margin: "0 0 12px" }}>
          <List.Item
            description={t("settings.notificationsDesc")}
            onClick={() => navigate("/m/notifications/settings")}
            data-testid="go-notification-settings"
          >
            {t("settings.notifications")}
          </List.Item>
          <List.Item onClick={() => navigate("/m/household")}>{t("resident.myHousehold")}</List.Item>
          <List.Item onClick={() => navigate("/m/my-data")}>{t("resident.myData")}</List.Item>
        </List>
      )}
      <List mode="card" style={{ margin: "0 0 12px" }}>
        <List.Item
          description={t("settings.elderlyDesc")}
          extra={
            <Switch
              checked={elderly}
              onChange={(on) => {
                toggleElderly(on);
                Toast.show(on ? t("elderly.on") : t("elderly.off"));
              }}
              data-testid="elderly-switch"
              aria-label={t("settings.elderly")}
            />
          }
        >
          {t("settings.elderly")}
        </List.Item>
      </List>
      {me.data && (
        <div style={{ padding: "0 0 12px" }}>
          <Button
            block
            size="large"
            color="danger"
            fill="outline"
            data-testid="sign-out"
            onClick={async () => {
              const ok = await Dialog.confirm({
                content: t("settings.signOutConfirm"),
                confirmText: t("common.confirm"),
                cancelText: t("common.cancel"),
              });
              if (!ok) return;
              await signOut();
              Toast.show(t("settings.signedOut"));
              navigate("/m");
            }}
          >
            {t("settings.signOut")}
          </Button>
        </div>
      )}
      <Link to="/staff" className="m-footer-link">
        {t("resident.staffEntry")} ›
      </Link>
    </div>
  );
}
