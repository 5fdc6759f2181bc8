// 议事协商 (D1): the topics and proposals of my building, estate and community (and those my
// organisation is invited to), each card with its tier, place and current stage; a big button to
// propose a topic. One task per screen: tapping a card opens its timeline.
import { Button, ErrorBlock, NoticeBar, Tag } from "antd-mobile";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { useMe } from "../../../shared/api/session";
import { MobileError, MobileLoading } from "../../../shared/ui/mobile";
import { type TopicItem, useMyTopics } from "./topics-api";
import "./topics.css";

export function TopicCard(props: { topic: TopicItem; onOpen: () => void }) {
  const { t, i18n } = useTranslation();
  const x = props.topic;
  return (
    <button
      type="button"
      className="m-card m-topic-card"
      onClick={props.onOpen}
      data-testid={`topic-${x.id}`}
    >
      <div className="m-topic-tags">
        <Tag color="primary" fill="outline">
          {t(`topics.tier.${x.tier}`)}
        </Tag>
        {x.status === "proposal" && <Tag color="warning">{t("topics.status.proposal")}</Tag>}
      </div>
      <div className="m-topic-title">{x.title}</div>
      <div className="m-muted">
        {t("topics.place", {
          place: `${x.communityName} ${x.tier === "community" ? "" : x.placeName}`.trim(),
        })}
      </div>
      <div className="m-topic-stage">
        {x.status === "proposal"
          ? t("topics.supportCount", { count: x.supports })
          : t("topics.currentStage", { stage: i18n.language === "en" ? x.stage.nameEn : x.stage.nameZh })}
      </div>
    </button>
  );
}

export function MyTopicsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useMe();
  const topics = useMyTopics(!!me.data);
  const verified = (me.data?.residencies ?? []).filter((r) => r.status === "verified");
  return (
    <div data-testid="my-topics-page">
      <p className="m-muted">{t("topics.intro")}</p>
      {verified.length > 0 && (
        <Button
          block
          size="large"
          color="primary"
          onClick={() => navigate(`/m/topics/propose?community=${verified[0]!.communityId}`)}
          data-testid="go-propose"
        >
          {t("topics.propose")}
        </Button>
      )}
      {me.data && verified.length === 0 && <NoticeBar content={t("topics.notResident")} color="info" wrap />}
      {topics.isPending ? (
        <MobileLoading />
      ) : topics.isError ? (
        <MobileError error={topics.error} onRetry={() => topics.refetch()} />
      ) : topics.data.items.length === 0 ? (
        <ErrorBlock status="empty" title={t("topics.empty")} description={null} />
      ) : (
        <div className="m-wish-list">
          {topics.data.items.map((x) => (
            <TopicCard
              key={`${x.communityId}-${x.id}`}
              topic={x}
              onOpen={() => navigate(`/m/topics/${x.communityId}/${x.id}`)}
            />
          ))}
        </div>
      )}
    </div>
  );
}
