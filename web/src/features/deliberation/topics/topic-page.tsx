// One topic on the phone (D1, D2): its tier, place and description, the parties taking part, and the
// stages of its template as a big vertical timeline — what was recorded at each, which were skipped,
// where it stands now. A proposal shows its support and the one button to support it for my
// household; in 评议 the three big rating buttons of the requests rate the outcome.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Button, NoticeBar, Tag, TextArea, Toast } from "antd-mobile";
import dayjs from "dayjs";
import type { ReactNode } from "react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router-dom";
import { useLabel } from "../../../shared/i18n/labels";
import { FormError, MobileError, MobileLoading } from "../../../shared/ui/mobile";
import { RATING_COMMENT_MAX, RATING_FACE, type Rating, RatingPicker } from "../../../shared/ui/rating";
import { rateTopic, supportTopic, type TopicDetail, topicKey, useTopic } from "./topics-api";
import "./topics.css";

function StageTimeline(props: { topic: TopicDetail }) {
  const { t, i18n } = useTranslation();
  const x = props.topic;
  return (
    <ol className="m-stages" aria-label={t("topics.timeline")} data-testid="topic-timeline">
      {x.stages.map((s) => {
        const records = x.records.filter((r) => r.stageId === s.id && r.action === "entered");
        return (
          <li
            key={s.id}
            className={`m-stage is-${s.state}`}
            aria-current={s.state === "current" ? "step" : undefined}
            data-testid={`stage-${s.key}`}
            data-state={s.state}
          >
            <div className="m-stage-name">
              {i18n.language === "en" ? s.nameEn : s.nameZh}
              <span className="m-stage-state">{t(`topics.stageState.${s.state}`)}</span>
            </div>
            {s.state === "skipped" && <div className="m-stage-record">{t("topics.skippedNote")}</div>}
            {records.map((r) => (
              <div className="m-stage-record" key={r.id}>
                <time dateTime={r.createdAt}>{dayjs(r.createdAt).format("YYYY-MM-DD")}</time>
                {r.text}
              </div>
            ))}
          </li>
        );
      })}
    </ol>
  );
}

function RatePanel(props: { topic: TopicDetail }) {
  const { t } = useTranslation();
  const label = useLabel();
  const qc = useQueryClient();
  const x = props.topic;
  const [rating, setRating] = useState<Rating | null>(x.ratings.mine?.rating ?? null);
  const [comment, setComment] = useState(x.ratings.mine?.comment ?? "");
  const save = useMutation({
    mutationFn: () => rateTopic(x.communityId, x.id, rating!, comment.trim()),
    onSuccess: (d) => {
      Toast.show({ icon: "success", content: t("topics.rated") });
      qc.setQueryData(topicKey(x.communityId, x.id), d);
    },
  });
  return (
    <section className="m-card" data-testid="topic-rate">
      <h2 className="m-card-title">{t("topics.rateTitle")}</h2>
      {x.ratings.rated > 0 && (
        <div className="m-topic-figures" data-testid="topic-rating-summary">
          {t("topics.ratingSummary", { rated: x.ratings.rated, pct: `${x.ratings.satisfactionPct ?? 0}%` })}
          <div className="m-muted">
            {t("topics.ratingCounts", {
              good: x.ratings.good,
              average: x.ratings.average,
              poor: x.ratings.poor,
            })}
          </div>
        </div>
      )}
      {x.ratings.mine && (
        <div className={`m-rating-shown m-rating-${x.ratings.mine.rating}`} data-testid="my-topic-rating">
          {t("topics.myRating")}：{RATING_FACE[x.ratings.mine.rating]}{" "}
          {label("rating", x.ratings.mine.rating)}
        </div>
      )}
      {x.can.rate && (
        <>
          <p className="m-muted">{t("topics.rateHint")}</p>
          <RatingPicker value={rating} onChange={setRating} testIdPrefix="topic-rate" />
          <TextArea
            className="m-textarea"
            rows={3}
            maxLength={RATING_COMMENT_MAX}
            showCount
            placeholder={t("topics.rateComment")}
            value={comment}
            onChange={setComment}
          />
          <FormError error={save.error} />
          <Button
            block
            size="large"
            color="primary"
            disabled={!rating}
            loading={save.isPending}
            onClick={() => save.mutate()}
            data-testid="topic-rate-submit"
          >
            {t("topics.rateSubmit")}
          </Button>
        </>
      )}
    </section>
  );
}

/** `comments`: the thread under the topic, passed in by the app (comments are another feature's). */
export function TopicPage(props: { comments?: (communityId: number, topicId: number) => ReactNode } = {}) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const params = useParams();
  const communityId = Number(params.communityId);
  const topicId = Number(params.topicId);
  const topic = useTopic(communityId, topicId);
  const support = useMutation({
    mutationFn: () => supportTopic(communityId, topicId),
    onSuccess: (r) => {
      Toast.show({
        icon: "success",
        content: r.status === "open" ? t("topics.becameTopic") : t("topics.supportDone"),
      });
      void qc.invalidateQueries({ queryKey: topicKey(communityId, topicId) });
    },
  });
  if (topic.isPending) return <MobileLoading />;
  if (topic.isError) return <MobileError error={topic.error} onRetry={() => topic.refetch()} />;
  const x = topic.data;
  const stageName = i18n.language === "en" ? x.stage.nameEn : x.stage.nameZh;
  return (
    <div data-testid="topic-page">
      <section className="m-card">
        <div className="m-topic-tags">
          <Tag color="primary" fill="outline">
            {t(`topics.tier.${x.tier}`)}
          </Tag>
          <Tag color={x.status === "proposal" ? "warning" : "success"}>{t(`topics.status.${x.status}`)}</Tag>
        </div>
        <h2 className="m-topic-title" data-testid="topic-title">
          {x.title}
        </h2>
        <div className="m-muted">{t("topics.place", { place: x.placeName })}</div>
        {x.status === "open" && (
          <div className="m-topic-stage" data-testid="topic-current-stage">
            {t("topics.currentStage", { stage: stageName })}
          </div>
        )}
        {x.description && <p className="m-topic-text">{x.description}</p>}
        {(x.participantSet || x.parties.length > 0) && (
          <div className="m-topic-text" data-testid="topic-parties">
            <strong>{t("topics.parties")}：</strong>
            {[
              ...(x.participantSet ? [t("topics.participantSet", { name: x.participantSet.name })] : []),
              ...x.parties.map((p) => p.name),
            ].join("、")}
          </div>
        )}
      </section>
      {!x.participant && <NoticeBar content={t("topics.notParticipant")} color="info" wrap />}
      {x.noticeEndsOn && (
        <NoticeBar content={t("topics.noticeEnds", { day: x.noticeEndsOn })} color="alert" wrap />
      )}
      {x.status === "proposal" && (
        <section className="m-card" data-testid="topic-support">
          <div className="m-topic-figures">
            {t("topics.supportProgress", { count: x.supports, threshold: x.supportThreshold })}
          </div>
          {x.mySupport ? (
            <div className="m-topic-stage">{t("topics.supported")}</div>
          ) : (
            x.can.support && (
              <Button
                block
                size="large"
                color="primary"
                loading={support.isPending}
                onClick={() => support.mutate()}
                data-testid="topic-support-button"
              >
                {t("topics.support")}
              </Button>
            )
          )}
          <FormError error={support.error} />
        </section>
      )}
      {(x.can.rate || x.ratings.rated > 0) && <RatePanel topic={x} />}
      <section className="m-card">
        <h2 className="m-card-title">{t("topics.timeline")}</h2>
        <StageTimeline topic={x} />
      </section>
      {props.comments && (
        <section className="m-card" aria-label={t("topics.comments")}>
          <h2 className="m-card-title">{t("topics.comments")}</h2>
          {props.comments(communityId, topicId)}
        </section>
      )}
    </div>
  );
}
