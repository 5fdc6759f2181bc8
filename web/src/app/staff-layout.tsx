// The staff console frame: side menu, the community being worked on, language, account.
import {
  ApartmentOutlined,
  ApiOutlined,
  AuditOutlined,
  BarChartOutlined,
  BorderOutlined,
  CalendarOutlined,
  CheckCircleOutlined,
  CloudUploadOutlined,
  CommentOutlined,
  EnvironmentOutlined,
  FieldTimeOutlined,
  FilePdfOutlined,
  FormOutlined,
  GiftOutlined,
  HeartOutlined,
  HomeOutlined,
  InboxOutlined,
  LogoutOutlined,
  MailOutlined,
  MessageOutlined,
  NotificationOutlined,
  ProfileOutlined,
  QuestionCircleOutlined,
  ReadOutlined,
  SafetyCertificateOutlined,
  SettingOutlined,
  ShopOutlined,
  SolutionOutlined,
  StarOutlined,
  TagsOutlined,
  TeamOutlined,
  TranslationOutlined,
  TrophyOutlined,
  UserOutlined,
} from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import {
  App,
  Avatar,
  Badge,
  Breadcrumb,
  Button,
  Dropdown,
  Flex,
  Grid,
  Layout,
  Menu,
  Result,
  Select,
  Space,
  Spin,
  Typography,
} from "antd";
import { Suspense, useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, Navigate, Outlet, useLocation, useNavigate } from "react-router-dom";
import { useNotificationStream } from "../features/core/notifications/notifications-api";
import type { PendingQueue } from "../features/core/people/people-api";
import { api } from "../shared/api/client";
import { useDivisions } from "../shared/api/divisions";
import { canEditCalendar, hasPermission, type Permission } from "../shared/api/permissions";
import { isStaff, useMe, useSignOut } from "../shared/api/session";
import type { Me } from "../shared/api/types";
import { useLanguage } from "../shared/i18n/use-language";
import { CommunityContext, type CommunityContextValue } from "../shared/staff/community";
import { ErrorAlert, Loading, NotFound } from "../shared/ui/staff";
import { communitiesOf } from "./staff-communities";
import { StaffNotifications } from "./staff-notifications";
import { StaffProviders } from "./staff-providers";

const COMMUNITY_KEY = "linli.staff.community";

export function StaffLayout() {
  return (
    <StaffProviders>
      <StaffGate />
    </StaffProviders>
  );
}

function FullPage(props: { children: React.ReactNode }) {
  return (
    <Flex justify="center" align="center" style={{ minHeight: "100vh", padding: 24 }}>
      {props.children}
    </Flex>
  );
}

function StaffGate() {
  const { t } = useTranslation();
  const me = useMe();
  const location = useLocation();
  const signOut = useSignOut();
  const navigate = useNavigate();

  if (me.isPending)
    return (
      <FullPage>
        <Spin size="large" />
      </FullPage>
    );
  if (me.isError)
    return (
      <FullPage>
        <ErrorAlert error={me.error} onRetry={() => me.refetch()} />
      </FullPage>
    );
  if (!me.data) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/staff/sign-in?next=${next}`} replace />;
  }
  if (!isStaff(me.data))
    return (
      <FullPage>
        <Result
          status="403"
          title={t("staff.noAccessTitle")}
          subTitle={t("staff.noAccessText")}
          extra={
            <Space>
              <Button type="primary" href="/m">
                {t("staff.goResident")}
              </Button>
              <Button
                onClick={async () => {
                  await signOut();
                  navigate("/staff/sign-in");
                }}
              >
                {t("common.signOut")}
              </Button>
            </Space>
          }
        />
      </FullPage>
    );
  return <StaffShell me={me.data} />;
}

function storedCommunity(): number | null {
  try {
    const v = Number(localStorage.getItem(COMMUNITY_KEY));
    return Number.isInteger(v) && v > 0 ? v : null;
  } catch {
    return null;
  }
}

function StaffShell(props: { me: Me }) {
  const { t, i18n } = useTranslation();
  // the console's styles (shared/ui/staff.css) reach its portals (drawers, modals) through <body>
  useEffect(() => {
    document.body.classList.add("s-console");
    return () => document.body.classList.remove("s-console");
  }, []);
  const { message } = App.useApp();
  useNotificationStream(true, (n) => {
    void message.info(i18n.language === "en" ? n.titleEn : n.titleZh);
  });
  const divisions = useDivisions();
  const communities = useMemo(
    () => communitiesOf(props.me, divisions.data ?? []),
    [props.me, divisions.data],
  );
  const [chosen, setChosen] = useState<number | null>(storedCommunity);
  const current = communities.find((c) => c.id === chosen) ?? communities[0];

  useEffect(() => {
    if (current && current.id !== chosen) setChosen(current.id);
  }, [current, chosen]);

  const ctx = useMemo<CommunityContextValue | null>(
    () =>
      current
        ? {
            communityId: current.id,
            community: current,
            communities,
            setCommunityId: (id: number) => {
              setChosen(id);
              try {
                localStorage.setItem(COMMUNITY_KEY, String(id));
              } catch {
                // remembered for this visit only
              }
            },
          }
        : null,
    [current, communities],
  );

  let content: React.ReactNode;
  if (divisions.isPending && communities.length === 0) content = <Loading />;
  else if (divisions.isError && communities.length === 0)
    content = <ErrorAlert error={divisions.error} onRetry={() => divisions.refetch()} />;
  else if (!ctx)
    content = (
      <Result status="info" title={t("staff.noCommunityTitle")} subTitle={t("staff.noCommunityText")} />
    );
  else
    content = (
      <CommunityContext.Provider value={ctx}>
        <Suspense fallback={<Loading />}>
          {/* key: switching community starts every page afresh */}
          <Outlet key={ctx.communityId} />
        </Suspense>
      </CommunityContext.Provider>
    );

  return (
    <Layout style={{ minHeight: "100vh" }} data-testid="staff-shell">
      <StaffSider communityId={ctx?.communityId ?? null} me={props.me} />
      <Layout>
        <StaffHeader me={props.me} ctx={ctx} />
        <Layout.Content style={{ margin: 24, minWidth: 0 }} id="main">
          <StaffBreadcrumb />
          {content}
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

type MenuNeed = Permission | "calendar" | "any" | "handles";

interface MenuEntry {
  key: string;
  icon: React.ReactNode;
  label: string;
  needs: MenuNeed;
}

/**
 * The console's menu, grouped by the sections of DOMAIN.md (Ant Design Pro's side menu): the voice
 * of residents (V1–V8), the ground everything stands on (§0: people, places, organisations), and
 * what runs across everything (settings, roles, the audit log). Each page is shown to those whose
 * roles may use it.
 */
const MENU_GROUPS: { key: string; label: string; icon: React.ReactNode; items: MenuEntry[] }[] = [
  {
    key: "voice",
    label: "staff.group.voice",
    icon: <MessageOutlined />,
    items: [
      { key: "/staff/inbox", icon: <InboxOutlined />, label: "staff.menu.inbox", needs: "handles" },
      {
        key: "/staff/requests",
        icon: <ProfileOutlined />,
        label: "staff.menu.requests",
        needs: "requests.read",
      },
      {
        key: "/staff/on-behalf",
        icon: <FormOutlined />,
        label: "staff.menu.onBehalf",
        needs: "requests.on_behalf",
      },
      {
        key: "/staff/overdue",
        icon: <FieldTimeOutlined />,
        label: "staff.menu.overdue",
        needs: "requests.read",
      },
      { key: "/staff/claims", icon: <SolutionOutlined />, label: "staffClaims.menu", needs: "requests.read" },
      { key: "/staff/resources", icon: <GiftOutlined />, label: "staff.menu.resources", needs: "any" },
      {
        key: "/staff/opinions",
        icon: <MailOutlined />,
        label: "staff.menu.opinions",
        needs: "opinions.reply",
      },
      { key: "/staff/ratings", icon: <StarOutlined />, label: "ratings.menu", needs: "requests.configure" },
    ],
  },
  {
    key: "deliberation",
    label: "staff.group.deliberation",
    icon: <CommentOutlined />,
    items: [
      { key: "/staff/topics", icon: <CommentOutlined />, label: "topics.menu", needs: "topics.read" },
      { key: "/staff/meetings", icon: <TeamOutlined />, label: "meetings.menu", needs: "meetings.read" },
      {
        key: "/staff/notices",
        icon: <NotificationOutlined />,
        label: "notices.menu",
        needs: "notices.read",
      },
      {
        key: "/staff/comments",
        icon: <CommentOutlined />,
        label: "comments.menu",
        needs: "comments.moderate",
      },
      {
        key: "/staff/surveys",
        icon: <QuestionCircleOutlined />,
        label: "surveys.menu",
        needs: "surveys.read",
      },
      // lotteries.read is held by the same roles as surveys.read (overseers, community staff, grid
      // workers): exactly those holding data.export
      {
        key: "/staff/lotteries",
        icon: <GiftOutlined />,
        label: "lotteries.menu",
        needs: "data.export",
      },
      // votes.read: officials, community staff, owners' committee and building heads; the server decides
      { key: "/staff/votes", icon: <QuestionCircleOutlined />, label: "votes.menu", needs: "any" },
      { key: "/staff/contests", icon: <TrophyOutlined />, label: "contests.menu", needs: "contests.read" },
    ],
  },
  {
    key: "projects",
    label: "staff.group.projects",
    icon: <ApartmentOutlined />,
    items: [
      { key: "/staff/projects", icon: <ApartmentOutlined />, label: "projects.menu", needs: "projects.read" },
      // volunteering.read: officials, community staff, grid workers; team leaders reach their activities from the resident pages
      // canteen.read: officials and community staff (幸福食堂, DOMAIN C1)
      { key: "/staff/canteen", icon: <ShopOutlined />, label: "canteen.menu", needs: "canteen.read" },
      // spaces.read: officials and community staff (场地预约, DOMAIN C2)
      { key: "/staff/spaces", icon: <HomeOutlined />, label: "spaces.menu", needs: "spaces.read" },
      // courses.read: officials and community staff (课程活动, DOMAIN C3)
      { key: "/staff/courses", icon: <ReadOutlined />, label: "courses.menu", needs: "courses.read" },
      // garden.read: officials and community staff (菜地与认养, DOMAIN C4)
      { key: "/staff/garden", icon: <BorderOutlined />, label: "garden.menu", needs: "garden.read" },
      {
        key: "/staff/volunteering",
        icon: <HeartOutlined />,
        label: "volunteering.menu",
        needs: "volunteering.read",
      },
      {
        key: "/staff/volunteering/rosters",
        icon: <CalendarOutlined />,
        label: "rosters.menu",
        needs: "volunteering.read",
      },
      {
        key: "/staff/volunteering/matching",
        icon: <TeamOutlined />,
        label: "matching.menu",
        needs: "volunteering.manage",
      },
      {
        key: "/staff/lifecircle",
        icon: <EnvironmentOutlined />,
        label: "lifecircle.menu",
        needs: "lifecircle.read",
      },
    ],
  },
  {
    key: "points",
    label: "staff.group.points",
    icon: <TrophyOutlined />,
    items: [
      { key: "/staff/points", icon: <TrophyOutlined />, label: "points.menu", needs: "points.read" },
      { key: "/staff/mall", icon: <GiftOutlined />, label: "mall.menu", needs: "mall.read" },
    ],
  },
  {
    key: "services",
    label: "staff.group.services",
    icon: <HeartOutlined />,
    // care.read: community staff, grid workers (their grids), building heads (their buildings)
    items: [{ key: "/staff/care", icon: <HeartOutlined />, label: "care.menu", needs: "care.read" }],
  },
  {
    key: "insight",
    label: "staff.group.insight",
    icon: <BarChartOutlined />,
    // insight.read: officials, community staff, grid workers (each their own places and those below)
    items: [
      { key: "/staff/insight", icon: <BarChartOutlined />, label: "insight.menu", needs: "insight.read" },
      // insight.reports.read: officials and community staff (each their own places and those below)
      {
        key: "/staff/insight-reports",
        icon: <FilePdfOutlined />,
        label: "insightReports.menu",
        needs: "insight.reports.read",
      },
    ],
  },
  {
    key: "ground",
    label: "staff.group.ground",
    icon: <EnvironmentOutlined />,
    items: [
      { key: "/staff/places", icon: <EnvironmentOutlined />, label: "staff.menu.places", needs: "any" },
      { key: "/staff/households", icon: <HomeOutlined />, label: "staff.menu.households", needs: "any" },
      { key: "/staff/people", icon: <TeamOutlined />, label: "staff.menu.people", needs: "any" },
      {
        key: "/staff/verification",
        icon: <CheckCircleOutlined />,
        label: "staff.menu.verification",
        needs: "residents.verify",
      },
      {
        key: "/staff/organisations",
        icon: <ApartmentOutlined />,
        label: "staff.menu.organisations",
        needs: "any",
      },
      { key: "/staff/imports", icon: <CloudUploadOutlined />, label: "staff.menu.imports", needs: "any" },
    ],
  },
  {
    key: "settings",
    label: "staff.group.settings",
    icon: <SettingOutlined />,
    items: [
      {
        key: "/staff/categories",
        icon: <TagsOutlined />,
        label: "staff.menu.categories",
        needs: "requests.read",
      },
      { key: "/staff/calendar", icon: <CalendarOutlined />, label: "staff.menu.calendar", needs: "any" },
      { key: "/staff/roles", icon: <SafetyCertificateOutlined />, label: "staff.menu.roles", needs: "any" },
      { key: "/staff/open311", icon: <ApiOutlined />, label: "staff.menu.open311", needs: "open311.keys" },
      { key: "/staff/audit", icon: <AuditOutlined />, label: "staff.menu.audit", needs: "any" },
    ],
  },
];

/** The group and the menu entry a console path belongs to (for the menu's selection and the breadcrumb). */
export function menuEntryOf(pathname: string) {
  const key = pathname.split("/").slice(0, 3).join("/");
  for (const g of MENU_GROUPS) {
    const item = g.items.find((i) => i.key === key);
    if (item) return { group: g, item };
  }
  return null;
}

function allowed(me: Me, needs: MenuNeed, cid: number | undefined): boolean {
  if (needs === "any") return true;
  if (needs === "calendar") return canEditCalendar(me);
  if (needs === "handles")
    return hasPermission(me, "requests.handle", cid) || hasPermission(me, "requests.resolve", cid);
  return hasPermission(me, needs, cid);
}

/** Grid workers and those who resolve start at their work list; the others at the places. */
export function StaffHome() {
  const me = useMe();
  const handles = hasPermission(me.data, "requests.handle") || hasPermission(me.data, "requests.resolve");
  return <Navigate to={handles ? "/staff/inbox" : "/staff/places"} replace />;
}

const OPEN_GROUPS_KEY = "linli.staff.menu.closed";

function StaffSider(props: { communityId: number | null; me: Me }) {
  const { t } = useTranslation();
  const tt = t as (k: string) => string;
  const location = useLocation();
  const navigate = useNavigate();
  const [collapsed, setCollapsed] = useState(false);
  const [closed, setClosed] = useState<string[]>(() => {
    try {
      const v = JSON.parse(localStorage.getItem(OPEN_GROUPS_KEY) ?? "[]");
      return Array.isArray(v) ? v : [];
    } catch {
      return [];
    }
  });
  const cid = props.communityId ?? undefined;
  const queue = useQuery({
    queryKey: ["verification-queue", props.communityId],
    queryFn: () => api.get<PendingQueue>(`/communities/${props.communityId}/verification-queue`),
    // only for those who verify here (district and street officials would be refused: 403)
    enabled: props.communityId != null && allowed(props.me, "residents.verify", cid),
    retry: false,
  });
  const pending = queue.data?.items.length ?? 0;
  const selected = location.pathname.split("/").slice(0, 3).join("/");

  const labelOf = (m: MenuEntry) =>
    m.key === "/staff/verification" ? (
      <Flex justify="space-between" align="center" gap={8}>
        <span>{tt(m.label)}</span>
        {pending > 0 && <Badge count={pending} size="small" data-testid="verification-badge" />}
      </Flex>
    ) : (
      tt(m.label)
    );
  const groups = MENU_GROUPS.map((g) => ({
    key: g.key,
    icon: g.icon,
    label: tt(g.label),
    "data-testid": `menu-group-${g.key}`,
    children: g.items
      .filter((m) => allowed(props.me, m.needs, cid))
      .map((m) => ({
        key: m.key,
        icon: m.icon,
        label: labelOf(m),
        "data-testid": `menu-${m.key.split("/")[2]}`,
      })),
  })).filter((g) => g.children.length > 0);
  const openKeys = groups.map((g) => g.key).filter((k) => !closed.includes(k));

  return (
    <Layout.Sider collapsible collapsed={collapsed} onCollapse={setCollapsed} breakpoint="lg" width={220}>
      <div className="s-brand">
        <img src="/favicon.svg" alt="" />
        {!collapsed && (
          <span>
            {t("common.appName")} · {t("staff.consoleName")}
          </span>
        )}
      </div>
      <nav aria-label={t("staff.menuLabel")}>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={[selected]}
          {...(collapsed ? {} : { openKeys })}
          onOpenChange={(keys) => {
            if (collapsed) return;
            const next = groups.map((g) => g.key).filter((k) => !keys.includes(k));
            setClosed(next);
            try {
              localStorage.setItem(OPEN_GROUPS_KEY, JSON.stringify(next));
            } catch {
              // remembered for this visit only
            }
          }}
          items={groups}
          onClick={(e) => navigate(e.key)}
        />
      </nav>
    </Layout.Sider>
  );
}

/** 面包屑: console › section › page (› the request opened by a link), on every console page. */
function StaffBreadcrumb() {
  const { t } = useTranslation();
  const tt = t as (k: string) => string;
  const location = useLocation();
  const entry = menuEntryOf(location.pathname);
  const parts = location.pathname.split("/").filter(Boolean);
  const items: { title: React.ReactNode }[] = [{ title: <Link to="/staff">{t("staffList.home")}</Link> }];
  if (entry) {
    items.push({ title: tt(entry.group.label) });
    const page = tt(entry.item.label);
    const deeper = parts.length > 2;
    items.push({ title: deeper ? <Link to={entry.item.key}>{page}</Link> : page });
    if (entry.item.key === "/staff/requests" && parts[3]) items.push({ title: `#${parts[3]}` });
  }
  return (
    <Breadcrumb
      aria-label={t("staffList.breadcrumb")}
      items={items}
      style={{ marginBottom: 12 }}
      data-testid="staff-breadcrumb"
    />
  );
}

function StaffHeader(props: { me: Me; ctx: CommunityContextValue | null }) {
  const { t } = useTranslation();
  const tt = t as (k: string) => string;
  const [lang, setLang] = useLanguage();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const { ctx } = props;
  const roleNames = [...new Set(props.me.roles.map((r) => tt(`role.${r.role}`)))].join("、");
  // On a phone (under 576 px: xs) the bar keeps the place selector, the bell and the account, with the
  // language and resident-site buttons as icons and the label and name left out, so nothing overlaps.
  const narrow = !Grid.useBreakpoint().sm;

  return (
    <Layout.Header
      style={{
        display: "flex",
        alignItems: "center",
        gap: narrow ? 4 : 16,
        borderBottom: "1px solid #f0f0f0",
        flexWrap: "nowrap",
        ...(narrow ? { paddingInline: 8 } : {}),
      }}
    >
      <Flex gap={8} align="center" style={{ flex: 1, minWidth: 0 }}>
        {!narrow && (
          <Typography.Text type="secondary" style={{ whiteSpace: "nowrap" }}>
            {t("staff.community")}
          </Typography.Text>
        )}
        {ctx && (
          <Select
            data-testid="community-select"
            aria-label={t("staff.community")}
            showSearch={{ optionFilterProp: "label" }}
            style={narrow ? { flex: 1, minWidth: 0 } : { minWidth: 220, maxWidth: 360 }}
            popupMatchSelectWidth={narrow ? 280 : true}
            value={ctx.communityId}
            onChange={ctx.setCommunityId}
            placeholder={t("staff.selectCommunity")}
            options={ctx.communities.map((c) => ({
              value: c.id,
              label: narrow ? c.name : [c.districtName, c.streetName, c.name].filter(Boolean).join(" / "),
            }))}
          />
        )}
      </Flex>
      <StaffNotifications />
      <Button
        type="text"
        icon={<TranslationOutlined />}
        onClick={() => setLang(lang === "en" ? "zh-CN" : "en")}
        data-testid="language-switch"
        aria-label={narrow ? t("lang.switchTo") : undefined}
      >
        {narrow ? null : t("lang.switchTo")}
      </Button>
      {!narrow && (
        <Button type="link" href="/m">
          {t("staff.residentSite")}
        </Button>
      )}
      <Dropdown
        menu={{
          items: [
            { key: "roles", label: roleNames, disabled: true },
            ...(narrow ? [{ key: "resident-site", label: t("staff.residentSite") }] : []),
            { type: "divider" },
            { key: "sign-out", icon: <LogoutOutlined />, label: t("common.signOut"), danger: true },
          ],
          onClick: async (e) => {
            if (e.key === "resident-site") window.location.assign("/m");
            if (e.key === "sign-out") {
              await signOut();
              navigate("/staff/sign-in");
            }
          },
        }}
      >
        <Button
          type="text"
          data-testid="staff-account"
          style={{ height: 48, ...(narrow ? { paddingInline: 4 } : {}) }}
          aria-label={narrow ? props.me.name : undefined}
        >
          <Space>
            <Avatar size="small" icon={<UserOutlined />} style={{ background: "#c8102e" }} />
            {!narrow && <span>{props.me.name}</span>}
          </Space>
        </Button>
      </Dropdown>
    </Layout.Header>
  );
}

export function StaffNotFound() {
  return <NotFound homeHref="/staff" />;
}
