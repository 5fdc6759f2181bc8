// 评价服务与场地: the community's spaces and services (聚邻空间, 幸福食堂…) with their satisfaction,
// counts and newest comments (nobody's name), and my own rating of each. A verified resident rates
// with the three big buttons of rating a request (好评 / 一般 / 差评) and an optional comment; a second
// rating replaces the first. Written for a 70-year-old on a phone: one big button per card, the
// subject's name repeated in the sheet, words as well as colours.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Button, ErrorBlock, NoticeBar, Popup, Selector, Tag, TextArea, Toast } from "antd-mobile";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { useMe } from "../../../shared/api/session";
import { useLabel } from "../../../shared/i18n/labels";
import { FormError, MobileError, MobileLoading } from "../../../shared/ui/mobile";
import { RATING_COMMENT_MAX, RATING_FACE, type Rating, RatingPicker } from "../../../shared/ui/rating";
import {
  CommunityChooser,
  useCommunityFromLink,
  useResidentCommunity,
} from "../../../shared/ui/resident-community";
import { rateSubject, type Subject, type SubjectKind, subjectsKey, useSubjects } from "./ratings-api";
import "./ratings.css";

type KindFilter = "all" | SubjectKind;

function RateSheet(props: { communityId: number; subject: Subject; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { subject } = props;
  const [rating, setRating] = useState<Rating | null>(subject.mine?.rating ?? null);
  const [comment, setComment] = useState(subject.mine?.comment ?? "");
  const save = useMutation({
    mutationFn: () => rateSubject(props.communityId, subject.id, rating!, comment.trim()),
    onSuccess: () => {
      Toast.show({ icon: "success", content: t("ratings.saved") });
      void qc.invalidateQueries({ queryKey: subjectsKey(props.communityId) });
      props.onClose();
    },
  });
  return (
    <Popup visible onMaskClick={props.onClose} bodyClassName="m-sheet" destroyOnClose>
      <div data-testid="rate-sheet">
        <h2 className="m-card-title">{t("ratings.sheetTitle", { name: subject.name })}</h2>
        <p className="m-muted">{t("ratings.chooseRating")}</p>
        <RatingPicker value={rating} onChange={setRating} />
        {rating === "poor" && <p className="m-warn-text">{t("ratings.poorHint")}</p>}
        <TextArea
          className="m-textarea"
          rows={3}
          maxLength={RATING_COMMENT_MAX}
          showCount
          placeholder={t("ratings.commentPlaceholder")}
          value={comment}
          onChange={setComment}
          data-testid="rate-comment"
        />
        <FormError error={save.error} />
        <div className="m-sheet-actions">
          <Button block size="large" onClick={props.onClose}>
            {t("common.cancel")}
          </Button>
          <Button
            block
            size="large"
            color="primary"
            disabled={!rating}
            loading={save.isPending}
            onClick={() => save.mutate()}
            data-testid="rate-submit"
          >
            {t("ratings.submit")}
          </Button>
        </div>
      </div>
    </Popup>
  );
}

const RATING_COLOR: Record<Rating, string> = { good: "success", average: "warning", poor: "danger" };

function SubjectCard(props: { subject: Subject; canRate: boolean; onRate: () => void }) {
  const { t } = useTranslation();
  const label = useLabel();
  const { subject: s } = props;
  const f = s.figures;
  const place = [s.estateName, s.buildingName].filter(Boolean).join(" ");
  return (
    <article className="m-card m-subject" data-testid={`subject-${s.id}`} data-name={s.name}>
      <div className="m-req-head">
        <Tag
          color={s.kind === "space" ? "var(--linli-chip-blue)" : "var(--linli-chip-magenta)"}
          fill="outline"
          className="m-chip"
        >
          {t(s.kind === "space" ? "ratings.kindSpace" : "ratings.kindService")}
        </Tag>
        {place && <span className="m-muted">{t("ratings.place", { place })}</span>}
      </div>
      <h3 className="m-wish-title">{s.name}</h3>
      {s.description && <p className="m-req-text">{s.description}</p>}
      <div className="m-subject-figures" data-testid="subject-figures">
        {f.satisfactionPct == null ? (
          <span className="m-muted">{t("ratings.noRatingsYet")}</span>
        ) : (
          <>
            <span className="m-subject-pct" data-testid="subject-satisfaction">
              {t("ratings.satisfaction")} {f.satisfactionPct}%
            </span>
            <span className="m-muted" data-testid="subject-counts">
              {t("ratings.ratedCount", { count: f.rated })} ·{" "}
              {t("ratings.counts", { good: f.good, average: f.average, poor: f.poor })}
            </span>
          </>
        )}
      </div>
      {s.latestComments.length > 0 && (
        <ul className="m-subject-comments" aria-label={t("ratings.latest")}>
          {s.latestComments.map((c) => (
            <li key={`${c.day}-${c.rating}-${c.comment}`}>
              <Tag color={RATING_COLOR[c.rating]} className="m-chip">
                {label("rating", c.rating)}
              </Tag>{" "}
              “{c.comment}” <span className="m-muted">{c.day}</span>
            </li>
          ))}
        </ul>
      )}
      {s.mine && (
        <div className={`m-rating-shown m-rating-${s.mine.rating}`} data-testid="my-subject-rating">
          {t("ratings.mine")}：{RATING_FACE[s.mine.rating]} {label("rating", s.mine.rating)}
          {s.mine.comment && <div className="m-req-text">“{s.mine.comment}”</div>}
        </div>
      )}
      {props.canRate && (
        <Button
          block
          size="large"
          color={s.mine ? "default" : "primary"}
          onClick={props.onRate}
          data-testid="rate-subject"
        >
          {s.mine ? t("ratings.change") : t("ratings.rateNow")}
        </Button>
      )}
    </article>
  );
}

export function RatePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useMe();
  const community = useResidentCommunity();
  // a notification links here with its community: show that one
  useCommunityFromLink(community.setCommunityId);
  const [kind, setKind] = useState<KindFilter>("all");
  const [rating, setRating] = useState<Subject | null>(null);
  const cid = community.communityId;
  const subjects = useSubjects(cid);
  const items = (subjects.data?.items ?? []).filter((s) => kind === "all" || s.kind === kind);
  const canRate = subjects.data?.canRate ?? false;

  return (
    <div data-testid="rate-page">
      <div className="m-toolbar">
        <CommunityChooser name={community.communityName} onChange={community.setCommunityId} />
        <Selector<KindFilter>
          value={[kind]}
          onChange={(v) => v[0] && setKind(v[0])}
          options={[
            { label: t("ratings.tabAll"), value: "all" },
            { label: t("ratings.kindSpace"), value: "space" },
            { label: t("ratings.kindService"), value: "service" },
          ]}
          showCheckMark={false}
        />
      </div>
      <p className="m-muted">{t("ratings.intro")}</p>
      {subjects.data && !canRate && (
        <NoticeBar
          content={me.data ? t("ratings.notResident") : t("ratings.signInToRate")}
          color="info"
          wrap
          extra={
            !me.data && (
              <Button
                size="small"
                color="primary"
                onClick={() => navigate(`/m/sign-in?next=${encodeURIComponent("/m/ratings")}`)}
              >
                {t("resident.signIn")}
              </Button>
            )
          }
        />
      )}
      {cid == null ? (
        <ErrorBlock status="empty" title={t("voiceCommon.chooseCommunity")} description={null} />
      ) : subjects.isPending ? (
        <MobileLoading />
      ) : subjects.isError ? (
        <MobileError error={subjects.error} onRetry={() => subjects.refetch()} />
      ) : items.length === 0 ? (
        <ErrorBlock status="empty" title={t("ratings.empty")} description={null} />
      ) : (
        <div className="m-wish-list">
          {items.map((s) => (
            <SubjectCard key={s.id} subject={s} canRate={canRate} onRate={() => setRating(s)} />
          ))}
        </div>
      )}
      {rating && cid != null && (
        <RateSheet communityId={cid} subject={rating} onClose={() => setRating(null)} />
      )}
    </div>
  );
}
