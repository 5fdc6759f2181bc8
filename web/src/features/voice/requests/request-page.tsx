// One of my requests: where it stands, its photos, the handler's answer, and its whole history.
// When it is resolved I confirm and rate it (好评 / 一般 / 差评, with a comment) or send it back.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Button, Dialog, Image, ImageViewer, NoticeBar, Result, TextArea, Toast } from "antd-mobile";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router-dom";
import { describeError } from "../../../shared/api/client";
import { useLabel } from "../../../shared/i18n/labels";
import { FormError, MobileError, MobileLoading } from "../../../shared/ui/mobile";
import { RATING_COMMENT_MAX, RATING_FACE, type Rating, RatingPicker } from "../../../shared/ui/rating";
import { countdown, useNow } from "./countdown";
import { eventDetail, eventTitle } from "./events";
import {
  categoryName,
  confirmRequest,
  detailKey,
  type Photo,
  type RequestDetail,
  rejectResolution,
  useRequestDetail,
  useTopicsOfRequest,
} from "./requests-api";
import { KindChip, StatusChip } from "./status-tag";

/** "已转为议题 #…": the deliberation topics made from this request (the topics module's route). */
function TopicNotices(props: { communityId: number; requestId: number }) {
  const { t } = useTranslation();
  const topics = useTopicsOfRequest(props.communityId, props.requestId);
  return (
    <>
      {(topics.data?.items ?? []).map((x) => (
        <NoticeBar
          key={x.id}
          color="info"
          wrap
          data-testid={`request-topic-${x.id}`}
          content={
            <Link to={`/m/topics/${props.communityId}/${x.id}`}>
              {t("request.topicNotice", { id: x.id, title: x.title })}
            </Link>
          }
        />
      ))}
    </>
  );
}

function Photos(props: { photos: Photo[]; testId: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<number | null>(null);
  if (props.photos.length === 0) return null;
  return (
    <div className="m-photos" data-testid={props.testId}>
      {props.photos.map((p, i) => (
        <button
          type="button"
          className="m-photo"
          key={p.id}
          onClick={() => setOpen(i)}
          aria-label={t("request.openPhoto", { n: i + 1 })}
        >
          <Image src={p.url} alt="" fit="cover" width="100%" height="100%" />
        </button>
      ))}
      <ImageViewer.Multi
        images={props.photos.map((p) => p.url)}
        visible={open !== null}
        defaultIndex={open ?? 0}
        onClose={() => setOpen(null)}
      />
    </div>
  );
}

function ConfirmPanel(props: { r: RequestDetail }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { r } = props;
  const [rating, setRating] = useState<Rating | null>(null);
  const [comment, setComment] = useState("");
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: detailKey(r.communityId, r.id) });
    void qc.invalidateQueries({ queryKey: ["me", "requests"] });
  };
  const confirm = useMutation({
    mutationFn: () => confirmRequest(r.communityId, r.id, rating!, comment.trim()),
    onSuccess: (res) => {
      Toast.show({
        icon: "success",
        content: res.status === "closed" ? t("request.rated") : t("request.reopened"),
      });
      refresh();
    },
  });
  const reject = useMutation({
    mutationFn: (reason: string) => rejectResolution(r.communityId, r.id, reason),
    onSuccess: () => {
      Toast.show({ icon: "success", content: t("request.reopened") });
      refresh();
    },
    onError: (err) => Toast.show({ icon: "fail", content: describeError(err) }),
  });
  const askReject = async () => {
    let reason = "";
    const ok = await Dialog.confirm({
      title: t("request.rejectTitle"),
      content: (
        <TextArea
          autoFocus
          rows={3}
          maxLength={500}
          placeholder={t("request.rejectPlaceholder")}
          onChange={(v) => {
            reason = v;
          }}
          data-testid="reject-reason"
        />
      ),
      confirmText: t("request.rejectSubmit"),
      cancelText: t("common.cancel"),
    });
    if (!ok) return;
    if (reason.trim().length < 2) {
      Toast.show(t("request.rejectTooShort"));
      return;
    }
    reject.mutate(reason.trim());
  };
  const due = r.confirmDueAt ? dayjs(r.confirmDueAt).format("YYYY-MM-DD HH:mm") : null;
  return (
    <section className="m-card m-confirm" data-testid="confirm-panel">
      <h2 className="m-card-title">{t("request.confirmTitle")}</h2>
      {due && <p className="m-muted">{t("request.confirmHint", { due })}</p>}
      <RatingPicker value={rating} onChange={setRating} />
      {rating === "poor" && <p className="m-warn-text">{t("request.poorHint")}</p>}
      <TextArea
        className="m-textarea"
        rows={3}
        maxLength={RATING_COMMENT_MAX}
        showCount
        placeholder={t("request.commentPlaceholder")}
        value={comment}
        onChange={setComment}
        data-testid="rating-comment"
      />
      <FormError error={confirm.error} />
      <div style={{ display: "grid", gap: 12, marginTop: 12 }}>
        <Button
          block
          size="large"
          color="primary"
          disabled={!rating}
          loading={confirm.isPending}
          onClick={() => confirm.mutate()}
          data-testid="confirm-submit"
        >
          {t("request.confirmSubmit")}
        </Button>
        <Button
          block
          size="large"
          color="danger"
          fill="outline"
          loading={reject.isPending}
          onClick={askReject}
          data-testid="reject-resolution"
        >
          {t("request.reject")}
        </Button>
      </div>
    </section>
  );
}

function History(props: { r: RequestDetail }) {
  const { t } = useTranslation();
  const label = useLabel();
  const events = [...props.r.events].sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || b.id - a.id);
  return (
    <section className="m-card" data-testid="history">
      <h2 className="m-card-title">{t("request.history")}</h2>
      <ol className="m-timeline">
        {events.map((e) => {
          const detail = eventDetail(e, t, label);
          return (
            <li key={e.id} className={`m-timeline-item m-ev-${e.kind}`} data-testid={`event-${e.kind}`}>
              <div className="m-timeline-head">
                <strong>{eventTitle(e, label)}</strong>
                <time dateTime={e.at}>{dayjs(e.at).format("YYYY-MM-DD HH:mm")}</time>
              </div>
              {detail && <div className="m-timeline-detail">{detail}</div>}
              {e.note && <div className="m-timeline-note">“{e.note}”</div>}
              {e.actorName && <div className="m-muted">{e.actorName}</div>}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

export function RequestPage() {
  const { t, i18n } = useTranslation();
  const label = useLabel();
  const params = useParams();
  const communityId = Number(params.communityId);
  const id = Number(params.requestId);
  const valid = Number.isInteger(communityId) && communityId > 0 && Number.isInteger(id) && id > 0;
  const q = useRequestDetail(communityId, id, valid);
  const now = useNow(1000);

  if (!valid) return <Result status="warning" title={t("common.notFoundTitle")} />;
  if (q.isPending) return <MobileLoading />;
  if (q.isError) return <MobileError error={q.error} onRetry={() => q.refetch()} />;
  const r = q.data;
  const open = r.status === "submitted" || r.status === "signed";
  const due = open ? Date.parse(r.status === "submitted" ? r.signDueAt : r.solveDueAt) : null;
  const c = due != null ? countdown(due, now) : null;
  const submitPhotos = r.photos.filter((p) => p.stage === "submit");
  const resolvePhotos = r.photos.filter((p) => p.stage === "resolve");

  return (
    <div data-testid="request-page" data-status={r.status}>
      {r.reopenCount > 0 && open && (
        <NoticeBar content={t("request.reopenedNotice", { count: r.reopenCount })} color="alert" wrap />
      )}
      {r.mergedInto && (
        <NoticeBar
          color="info"
          wrap
          content={
            <Link to={`/m/requests/${r.communityId}/${r.mergedInto}`}>
              {t("request.mergedNotice", { id: r.mergedInto })}
            </Link>
          }
        />
      )}
      <TopicNotices communityId={r.communityId} requestId={r.id} />
      <section className="m-card" data-testid="request-summary">
        <div className="m-req-head">
          <KindChip kind={r.kind} />
          <StatusChip status={r.status} />
          <span className="m-muted">#{r.id}</span>
        </div>
        <h1 className="m-req-h1" data-testid="request-title">
          {r.title}
        </h1>
        {c && (
          <div
            className={c.overdue ? "m-due is-overdue" : c.soon ? "m-due is-soon" : "m-due"}
            data-testid="countdown"
          >
            {r.status === "submitted" ? t("myRequests.signBy") : t("myRequests.solveBy")} · {c.text}
          </div>
        )}
        <dl className="m-facts">
          <dt>{t("request.category")}</dt>
          <dd>{categoryName(r.category, i18n.language)}</dd>
          <dt>{t("request.place")}</dt>
          <dd>{r.place.address || "—"}</dd>
          <dt>{t("request.submittedAt")}</dt>
          <dd>{dayjs(r.createdAt).format("YYYY-MM-DD HH:mm")}</dd>
          {r.route && (
            <>
              <dt>{t("request.handler")}</dt>
              <dd data-testid="request-route">
                {label("routeTo", r.route.to)}
                {r.route.orgName ? ` · ${r.route.orgName}` : ""}
              </dd>
            </>
          )}
          {r.submitter.onBehalf && (
            <>
              <dt>{t("request.channel")}</dt>
              <dd>{label("channel", r.channel)}</dd>
            </>
          )}
        </dl>
        {r.description && <p className="m-req-text">{r.description}</p>}
        <Photos photos={submitPhotos} testId="submit-photos" />
      </section>

      {r.resolvedAt && (
        <section className="m-card" data-testid="resolution">
          <h2 className="m-card-title">{t("request.resolution")}</h2>
          <p className="m-req-text">{r.resolution}</p>
          <div className="m-muted">{dayjs(r.resolvedAt).format("YYYY-MM-DD HH:mm")}</div>
          <Photos photos={resolvePhotos} testId="resolve-photos" />
        </section>
      )}

      {r.rating && (
        <section className="m-card" data-testid="my-rating">
          <h2 className="m-card-title">
            {r.status === "closed" ? t("request.myRating") : t("request.lastRating")}
          </h2>
          <div className={`m-rating-shown m-rating-${r.rating}`}>
            {RATING_FACE[r.rating]} {label("rating", r.rating)}
          </div>
          {r.ratingComment && <p className="m-req-text">{r.ratingComment}</p>}
        </section>
      )}

      {r.can.confirm && <ConfirmPanel r={r} />}
      <History r={r} />
    </div>
  );
}
