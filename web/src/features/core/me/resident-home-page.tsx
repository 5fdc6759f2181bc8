import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Button, List, Tag, Toast } from "antd-mobile";
import {
  CalendarOutline,
  CheckShieldOutline,
  EditSOutline,
  EnvironmentOutline,
  FileOutline,
  GiftOutline,
  HeartOutline,
  HistogramOutline,
  LikeOutline,
  MailOutline,
  SetOutline,
  ShopbagOutline,
  StarOutline,
  TeamOutline,
  UnorderedListOutline,
  UserAddOutline,
} from "antd-mobile-icons";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router-dom";
import { describeError } from "../../../shared/api/client";
import { useMe } from "../../../shared/api/session";
import type { Residency } from "../../../shared/api/types";
import { MobileError, MobileLoading } from "../../../shared/ui/mobile";
import { checkInMyself, MY_CARE_KEY, useMyCare } from "./me-api";
import "./me.css";

function ResidencyLine(props: { r: Residency }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { r } = props;
  const color = r.status === "verified" ? "success" : r.status === "pending" ? "warning" : "danger";
  const note =
    r.status === "pending"
      ? t("household.pendingText", { community: r.communityName })
      : r.status === "rejected"
        ? t("household.rejectedText", { community: r.communityName })
        : null;
  const label = (t as (k: string) => string)(`status.${r.status}`);
  return (
    <List.Item
      extra={<Tag color={color}>{label}</Tag>}
      description={note}
      onClick={() => navigate("/m/household")}
      data-testid={`residency-${r.status}`}
    >
      {r.communityName}
    </List.Item>
  );
}

/** Open to everyone: the claim board, the opinion box and the public figures. */
function PublicEntries() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <List header={t("resident.together")} mode="card" style={{ margin: "0 0 12px" }}>
      <List.Item
        prefix={<HeartOutline fontSize={22} />}
        description={t("resident.wishesDesc")}
        onClick={() => navigate("/m/wishes")}
        data-testid="go-wishes"
      >
        {t("resident.wishes")}
      </List.Item>
      <List.Item
        prefix={<MailOutline fontSize={22} />}
        description={t("resident.opinionsDesc")}
        onClick={() => navigate("/m/opinions")}
        data-testid="go-opinions"
      >
        {t("resident.opinions")}
      </List.Item>
      <List.Item
        prefix={<TeamOutline fontSize={22} />}
        description={t("resident.topicsDesc")}
        onClick={() => navigate("/m/topics")}
        data-testid="go-topics"
      >
        {t("resident.topics")}
      </List.Item>
      <List.Item
        prefix={<TeamOutline fontSize={22} />}
        description={t("resident.projectsDesc")}
        onClick={() => navigate("/m/projects")}
        data-testid="go-projects"
      >
        {t("resident.projects")}
      </List.Item>
      <List.Item
        prefix={<StarOutline fontSize={22} />}
        description={t("resident.pointsDesc")}
        onClick={() => navigate("/m/points")}
        data-testid="go-points"
      >
        {t("resident.points")}
      </List.Item>
      <List.Item
        prefix={<GiftOutline fontSize={22} />}
        description={t("resident.mallDesc")}
        onClick={() => navigate("/m/mall")}
        data-testid="go-mall"
      >
        {t("resident.mall")}
      </List.Item>
      <List.Item
        prefix={<ShopbagOutline fontSize={22} />}
        description={t("resident.canteenDesc")}
        onClick={() => navigate("/m/canteen")}
        data-testid="go-canteen"
      >
        {t("resident.canteen")}
      </List.Item>
      <List.Item
        prefix={<CalendarOutline fontSize={22} />}
        description={t("resident.spacesDesc")}
        onClick={() => navigate("/m/spaces")}
        data-testid="go-spaces"
      >
        {t("resident.spaces")}
      </List.Item>
      <List.Item
        prefix={<ShopbagOutline fontSize={22} />}
        description={t("resident.coursesDesc")}
        onClick={() => navigate("/m/courses")}
        data-testid="go-courses"
      >
        {t("resident.courses")}
      </List.Item>
      <List.Item
        prefix={<EnvironmentOutline fontSize={22} />}
        description={t("resident.gardenDesc")}
        onClick={() => navigate("/m/garden")}
        data-testid="go-garden"
      >
        {t("resident.garden")}
      </List.Item>
      <List.Item
        prefix={<HeartOutline fontSize={22} />}
        description={t("resident.volunteeringDesc")}
        onClick={() => navigate("/m/volunteering")}
        data-testid="go-volunteering"
      >
        {t("resident.volunteering")}
      </List.Item>
      <List.Item
        prefix={<CalendarOutline fontSize={22} />}
        description={t("resident.meetingsDesc")}
        onClick={() => navigate("/m/meetings")}
        data-testid="go-meetings"
      >
        {t("resident.meetings")}
      </List.Item>
      <List.Item
        prefix={<LikeOutline fontSize={22} />}
        description={t("ratings.homeDesc")}
        onClick={() => navigate("/m/ratings")}
        data-testid="go-ratings"
      >
        {t("ratings.homeTitle")}
      </List.Item>
      <List.Item
        prefix={<EditSOutline fontSize={22} />}
        description={t("surveys.homeDesc")}
        onClick={() => navigate("/m/surveys")}
        data-testid="go-surveys"
      >
        {t("surveys.homeTitle")}
      </List.Item>
      <List.Item
        prefix={<CheckShieldOutline fontSize={22} />}
        description={t("votes.homeDesc")}
        onClick={() => navigate("/m/votes")}
        data-testid="go-votes"
      >
        {t("votes.homeTitle")}
      </List.Item>
      <List.Item
        prefix={<GiftOutline fontSize={22} />}
        description={t("lotteries.homeDesc")}
        onClick={() => navigate("/m/lotteries")}
        data-testid="go-lotteries"
      >
        {t("lotteries.homeTitle")}
      </List.Item>
      <List.Item
        prefix={<StarOutline fontSize={22} />}
        description={t("contests.homeDesc")}
        onClick={() => navigate("/m/contests")}
        data-testid="go-contests"
      >
        {t("contests.homeTitle")}
      </List.Item>
      <List.Item
        prefix={<HistogramOutline fontSize={22} />}
        description={t("resident.boardDesc")}
        onClick={() => navigate("/m/board")}
        data-testid="go-board"
      >
        {t("resident.board")}
      </List.Item>
    </List>
  );
}

/**
 * 我很好 (C5, 幸福敲门): for a resident enrolled in the daily check-in, one huge button that tells the
 * community they are well today; after it, a plain "checked in" line. Family contacts get a link to
 * their relatives' check-ins.
 */
function CareCheckIn(props: { enabled: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const care = useMyCare(props.enabled);
  const check = useMutation({
    mutationFn: (e: { communityId: number; residentId: number }) =>
      checkInMyself(e.communityId, e.residentId),
    onSuccess: () => {
      Toast.show({ content: t("resident.careDone") });
      void qc.invalidateQueries({ queryKey: MY_CARE_KEY });
    },
    onError: (err) => Toast.show({ content: describeError(err) }),
  });
  if (!care.data) return null;
  const { enrolled, relatives } = care.data;
  return (
    <>
      {enrolled.map((e) =>
        e.checkedInToday ? (
          <p key={e.residentId} className="m-card m-care-done" role="status" data-testid="care-done">
            {t("resident.careDone")}
          </p>
        ) : (
          <section key={e.residentId} className="m-card m-care" data-testid="care-checkin">
            <Button
              block
              color="success"
              className="m-care-ok"
              loading={check.isPending}
              onClick={() => check.mutate(e)}
              data-testid="care-ok"
            >
              {t("resident.careOk")}
            </Button>
            <p className="m-muted">{t("resident.careOkDesc", { time: e.deadline })}</p>
          </section>
        ),
      )}
      {relatives.length > 0 && (
        <List mode="card" style={{ margin: "0 0 12px" }}>
          <List.Item
            prefix={<HeartOutline fontSize={22} />}
            description={t("resident.careFamilyDesc")}
            onClick={() => navigate("/m/care")}
            data-testid="go-family-care"
          >
            {t("resident.careFamily")}
          </List.Item>
        </List>
      )}
    </>
  );
}

/** `sections`: what the app adds for a signed-in person below the greeting (e.g. 社区公告, from another feature). */
export function ResidentHomePage(props: { sections?: React.ReactNode } = {}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useMe();

  if (me.isPending) return <MobileLoading />;
  if (me.isError) return <MobileError error={me.error} onRetry={() => me.refetch()} />;

  const staffLink = (
    <Link to="/staff" className="m-footer-link" data-testid="staff-entry">
      {t("resident.staffEntry")} ›
    </Link>
  );

  if (!me.data) {
    return (
      <div data-testid="resident-home">
        <section className="m-hero">
          <h1>{t("resident.welcomeTitle")}</h1>
          <p>{t("common.appSlogan")}</p>
          <p style={{ marginTop: 8 }}>{t("resident.welcomeText")}</p>
          <div className="m-hero-actions">
            <Button size="large" onClick={() => navigate("/m/sign-in")} data-testid="home-sign-in">
              {t("resident.signIn")}
            </Button>
            <Button
              size="large"
              fill="outline"
              style={{ color: "#fff", borderColor: "#fff" }}
              onClick={() => navigate("/m/register")}
              data-testid="home-register"
            >
              {t("resident.register")}
            </Button>
          </div>
        </section>
        <PublicEntries />
        <p className="m-muted" style={{ padding: "0 4px" }}>
          {t("auth.privacyNote")}
        </p>
        {staffLink}
      </div>
    );
  }

  const residencies = me.data.residencies;
  const hasHousehold = residencies.some((r) => r.status === "verified" || r.status === "pending");
  const canReport = residencies.some((r) => r.status === "verified");
  return (
    <div data-testid="resident-home">
      <section className="m-hero">
        <h1 data-testid="hello">{t("resident.hello", { name: me.data.name })}</h1>
        <p>{t("common.appSlogan")}</p>
        {canReport && (
          <div className="m-hero-actions">
            <Button size="large" onClick={() => navigate("/m/report")} data-testid="home-report">
              <EditSOutline /> {t("resident.report")}
            </Button>
            <Button
              size="large"
              fill="outline"
              style={{ color: "#fff", borderColor: "#fff" }}
              onClick={() => navigate("/m/requests")}
              data-testid="home-my-requests"
            >
              <UnorderedListOutline /> {t("resident.myRequests")}
            </Button>
          </div>
        )}
      </section>

      <CareCheckIn enabled={canReport} />

      {props.sections}

      <List header={t("resident.residencies")} mode="card" style={{ margin: "0 0 12px" }}>
        {residencies.length === 0 ? (
          <List.Item
            description={t("resident.bindHouseholdDesc")}
            onClick={() => navigate("/m/bind")}
            data-testid="residency-none"
          >
            {t("resident.noResidency")}
          </List.Item>
        ) : (
          residencies.map((r) => <ResidencyLine key={r.residentId} r={r} />)
        )}
      </List>

      <PublicEntries />

      <List header={t("resident.quick")} mode="card" style={{ margin: 0 }}>
        {!hasHousehold && (
          <List.Item
            prefix={<UserAddOutline fontSize={22} />}
            description={t("resident.bindHouseholdDesc")}
            onClick={() => navigate("/m/bind")}
            data-testid="go-bind"
          >
            {t("resident.bindHousehold")}
          </List.Item>
        )}
        <List.Item
          prefix={<CheckShieldOutline fontSize={22} />}
          description={t("myClaims.homeDesc")}
          onClick={() => navigate("/m/my-claims")}
          data-testid="go-my-claims"
        >
          {t("myClaims.title")}
        </List.Item>
        <List.Item
          prefix={<TeamOutline fontSize={22} />}
          description={t("resident.myHouseholdDesc")}
          onClick={() => navigate("/m/household")}
          data-testid="go-household"
        >
          {t("resident.myHousehold")}
        </List.Item>
        <List.Item
          prefix={<FileOutline fontSize={22} />}
          description={t("resident.myDataDesc")}
          onClick={() => navigate("/m/my-data")}
          data-testid="go-my-data"
        >
          {t("resident.myData")}
        </List.Item>
        <List.Item
          prefix={<SetOutline fontSize={22} />}
          description={t("resident.settingsDesc")}
          onClick={() => navigate("/m/settings")}
          data-testid="go-settings"
        >
          {t("resident.settings")}
        </List.Item>
        {hasHousehold && (
          <List.Item
            prefix={<UserAddOutline fontSize={22} />}
            description={t("resident.bindHouseholdDesc")}
            onClick={() => navigate("/m/bind")}
            data-testid="go-bind"
          >
            {t("household.applyAnother")}
          </List.Item>
        )}
      </List>
      {staffLink}
    </div>
  );
}
