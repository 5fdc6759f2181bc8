// The frame of every resident page: a header with the one-tap elderly-mode button, the page, and
// a tab bar. Phone first (works from 320px), centred on larger screens.
import { Button, ConfigProvider, ErrorBlock, TabBar, Toast } from "antd-mobile";
import enUS from "antd-mobile/es/locales/en-US";
import zhCN from "antd-mobile/es/locales/zh-CN";
import {
  AppOutline,
  HeartOutline,
  MessageOutline,
  SetOutline,
  UnorderedListOutline,
} from "antd-mobile-icons";
import { Suspense } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, Outlet, useLocation, useNavigate } from "react-router-dom";
import { useNotificationStream, useUnreadCount } from "../features/core/notifications/notifications-api";
import { useSendQueuedReports } from "../features/voice/requests/offline-queue";
import { useMe } from "../shared/api/session";
import { ElderlyChoice } from "../shared/elderly/ElderlyChoice";
import { ElderlyToggle } from "../shared/elderly/ElderlyToggle";
import { MobileError, MobileLoading } from "../shared/ui/mobile";

const TABS = [
  { key: "/m", icon: <AppOutline />, label: "resident.home" },
  { key: "/m/requests", icon: <UnorderedListOutline />, label: "resident.myRequests" },
  { key: "/m/wishes", icon: <HeartOutline />, label: "resident.wishes" },
  { key: "/m/notifications", icon: <MessageOutline />, label: "resident.messages" },
  { key: "/m/settings", icon: <SetOutline />, label: "resident.settings" },
] as const;

const TITLES: Record<string, string> = {
  "/m/sign-in": "auth.signInTitle",
  "/m/register": "auth.registerTitle",
  "/m/bind": "bind.title",
  "/m/household": "household.title",
  "/m/my-data": "myData.title",
  "/m/settings": "settings.title",
  "/m/report": "report.pageTitle",
  "/m/requests": "myRequests.title",
  "/m/notifications": "notifications.title",
  "/m/notifications/settings": "notifications.channelsTitle",
  "/m/wishes": "wishes.title",
  "/m/my-claims": "myClaims.title",
  "/m/opinions": "opinionBox.title",
  "/m/board": "board.title",
  "/m/ratings": "ratings.title",
  "/m/notices": "notices.title",
  "/m/topics": "topics.title",
  "/m/topics/propose": "topics.proposeTitle",
  "/m/projects": "projects.title",
  "/m/lifecircle": "lifecircle.title",
  "/m/points": "points.title",
  "/m/mall": "mall.title",
  "/m/mall/mine": "mall.mineTitle",
  "/m/surveys": "surveys.title",
  "/m/lotteries": "lotteries.title",
  "/m/votes": "votes.homeTitle",
  "/m/contests": "contests.title",
  "/m/meetings": "meetings.myTitle",
  "/m/volunteering": "volunteering.title",
  "/m/volunteering/mine": "volunteering.myTitle",
  "/m/volunteering/shifts": "rosters.myTitle",
  "/m/volunteering/assignments": "matching.myTitle",
  "/m/canteen": "canteen.title",
  "/m/canteen/mine": "canteen.myTitle",
  "/m/spaces": "spaces.title",
  "/m/spaces/mine": "spaces.myTitle",
  "/m/courses": "courses.title",
  "/m/courses/mine": "courses.myTitle",
  "/m/garden": "garden.title",
  "/m/me/code": "meetings.myCodeTitle",
};

/** The title of a page whose address carries ids. */
function titleOf(path: string): string | undefined {
  if (TITLES[path]) return TITLES[path];
  if (path.startsWith("/m/requests/")) return "request.title";
  if (path.startsWith("/m/notices/public/")) return "notices.publicTitle";
  if (path.startsWith("/m/notices/")) return "notices.detailTitle";
  if (path.startsWith("/m/topics/")) return "topics.detailTitle";
  if (path.startsWith("/m/projects/")) return "projects.detailTitle";
  if (path.startsWith("/m/surveys/")) return "surveys.title";
  if (path.startsWith("/m/lotteries/")) return "lotteries.detailTitle";
  if (/^\/m\/contests\/\d+\/judge\//.test(path)) return "contests.judgeTitle";
  if (path.startsWith("/m/contests/")) return "contests.detailTitle";
  if (path.startsWith("/m/meetings/")) return "meetings.signInTitle";
  if (/^\/m\/volunteering\/\d+\/check$/.test(path)) return "volunteering.checkTitle";
  if (path.startsWith("/m/volunteering/")) return "volunteering.title";
  if (path.startsWith("/verify/volunteer/")) return "volunteering.verifyTitle";
  return undefined;
}

/** Pages that need a signed-in resident; the others are open to everyone. */
const SIGNED_IN_ONLY = new Set([
  "/m/bind",
  "/m/household",
  "/m/my-data",
  "/m/report",
  "/m/requests",
  "/m/notifications",
  "/m/notifications/settings",
  "/m/my-claims",
  "/m/notices",
  "/m/topics",
  "/m/topics/propose",
  "/m/projects",
  "/m/surveys",
  "/m/lotteries",
  "/m/votes",
  "/m/contests",
  "/m/meetings",
  "/m/me/code",
  "/m/volunteering",
]);
const signedInOnly = (path: string) =>
  SIGNED_IN_ONLY.has(path) ||
  path.startsWith("/m/requests/") ||
  path.startsWith("/m/topics/") ||
  path.startsWith("/m/surveys/") ||
  path.startsWith("/m/lotteries/") ||
  path.startsWith("/m/votes/") ||
  path.startsWith("/m/contests/") ||
  path.startsWith("/m/meetings/") ||
  path.startsWith("/m/volunteering/") ||
  (path.startsWith("/m/notices/") && !path.startsWith("/m/notices/public/"));
const NO_TAB_BAR = new Set(["/m/sign-in", "/m/register"]);

export function ResidentLayout() {
  const { t, i18n } = useTranslation();
  const tt = t as (k: string) => string;
  const location = useLocation();
  const navigate = useNavigate();
  const path = location.pathname.replace(/\/+$/, "") || "/m";
  const me = useMe();
  const isHome = path === "/m";
  const titleKey = titleOf(path);
  const title = titleKey ? tt(titleKey) : null;
  const tabKey = TABS.find((tab) => tab.key === path)?.key ?? "";
  const signedIn = !!me.data;
  const unread = useUnreadCount(signedIn).data ?? 0;
  // reports written without a connection go out as soon as there is one (我的反映 shows them 待发送)
  useSendQueuedReports(me.data?.id ?? null);
  useNotificationStream(signedIn, (n) => {
    Toast.show({ content: i18n.language === "en" ? n.titleEn : n.titleZh, duration: 3000 });
  });

  let body: React.ReactNode;
  if (signedInOnly(path) && me.isPending) body = <MobileLoading />;
  else if (signedInOnly(path) && me.isError)
    body = <MobileError error={me.error} onRetry={() => me.refetch()} />;
  else if (signedInOnly(path) && !me.data)
    body = (
      <Navigate
        // a meeting's sign-in page keeps its code and community (?community=…&c=…) through signing in
        to={`/m/sign-in?next=${encodeURIComponent(/^\/m\/(meetings|volunteering)\//.test(path) ? path + location.search : path)}`}
        replace
      />
    );
  else
    body = (
      <Suspense fallback={<MobileLoading />}>
        <Outlet />
      </Suspense>
    );

  return (
    <ConfigProvider locale={i18n.language === "en" ? enUS : zhCN}>
      <div className="m-shell" data-testid="resident-shell">
        <header className="m-header">
          {!isHome && !tabKey && (
            <button
              type="button"
              className="m-header-back"
              aria-label={t("common.back")}
              onClick={() => (window.history.length > 1 ? navigate(-1) : navigate("/m"))}
            >
              ‹
            </button>
          )}
          <div className="m-header-title">
            {title ?? (
              <span className="m-header-brand">
                <img src="/favicon.svg" alt="" />
                {t("common.appName")}
              </span>
            )}
          </div>
          <ElderlyToggle />
        </header>
        <main className="m-main">
          <ElderlyChoice />
          {body}
        </main>
        {!NO_TAB_BAR.has(path) && (
          <nav className="m-tabbar" aria-label={t("common.appName")}>
            <TabBar activeKey={tabKey} onChange={(key) => navigate(key)} safeArea={false}>
              {TABS.map((tab) => (
                <TabBar.Item
                  key={tab.key}
                  icon={tab.icon}
                  title={tt(tab.label)}
                  badge={
                    tab.key === "/m/notifications" && unread > 0 ? (unread > 99 ? "99+" : unread) : undefined
                  }
                  data-testid={`tab-${tab.key}`}
                />
              ))}
            </TabBar>
          </nav>
        )}
      </div>
    </ConfigProvider>
  );
}

export function ResidentNotFound() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <ErrorBlock status="empty" title={t("common.notFoundTitle")} description={t("common.notFoundText")}>
      <Button color="primary" onClick={() => navigate("/m")}>
        {t("common.goHome")}
      </Button>
    </ErrorBlock>
  );
}
