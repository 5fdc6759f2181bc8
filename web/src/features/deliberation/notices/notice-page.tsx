// One notice for a resident: its text, place, window and attachments. Opening it records my read
// (once; the staff's read receipts count it). The app passes the comment thread to show below it
// (the comments feature's), so this feature imports no other.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useEffect } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router-dom";
import { MobileError, MobileLoading } from "../../../shared/ui/mobile";
import { Attachments, NoticeDates, NoticeTags } from "./notice-parts";
import { markRead, myNoticesKey, useNotice } from "./notices-api";
import "./notices.css";

export function NoticePage(props: { comments?: (communityId: number, noticeId: number) => ReactNode }) {
  const { t } = useTranslation();
  const params = useParams();
  const communityId = Number(params.communityId);
  const noticeId = Number(params.noticeId);
  const notice = useNotice(communityId, noticeId);
  const qc = useQueryClient();
  const read = useMutation({
    mutationFn: () => markRead(communityId, noticeId),
    onSuccess: () => void qc.invalidateQueries({ queryKey: myNoticesKey }),
  });
  const n = notice.data;
  const shouldRecord = !!n && n.targeted && !n.readByMe && n.state === "live";
  // biome-ignore lint/correctness/useExhaustiveDependencies: record once per notice opened
  useEffect(() => {
    if (shouldRecord && read.isIdle) read.mutate();
  }, [shouldRecord]);
  if (notice.isPending) return <MobileLoading />;
  if (notice.isError) return <MobileError error={notice.error} onRetry={() => notice.refetch()} />;
  const d = notice.data;
  return (
    <div data-testid="notice-page">
      <article className="m-card">
        <NoticeTags kind={d.kind} pinned={d.pinned} />
        <h2 className="m-notice-title" data-testid="notice-title">
          {d.title}
        </h2>
        <div className="m-notice-meta">{t("notices.place", { place: d.placeName })}</div>
        <NoticeDates publishedAt={d.publishedAt} publishFrom={d.publishFrom} publishTo={d.publishTo} />
        <div className="m-notice-body" data-testid="notice-body">
          {d.body}
        </div>
        <Attachments items={d.attachments} />
      </article>
      {props.comments && (
        <section className="m-card" aria-label={t("notices.comments")}>
          <h2 className="m-card-title">{t("notices.comments")}</h2>
          {props.comments(communityId, noticeId)}
        </section>
      )}
      <Link to="/m/notices" className="m-notice-more">
        ‹ {t("notices.back")}
      </Link>
    </div>
  );
}
