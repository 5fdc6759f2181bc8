// A community's public notices for anyone, without sign-in (公开公告): live public notices, pinned
// first, each with its whole text — no names or other person data are sent.
import { ErrorBlock } from "antd-mobile";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router-dom";
import { MobileError, MobileLoading } from "../../../shared/ui/mobile";
import { Attachments, NoticeDates, NoticeTags } from "./notice-parts";
import { usePublicNotices } from "./notices-api";
import "./notices.css";

export function PublicNoticesPage() {
  const { t } = useTranslation();
  const communityId = Number(useParams().communityId);
  const notices = usePublicNotices(Number.isInteger(communityId) && communityId > 0 ? communityId : null);
  if (notices.isPending) return <MobileLoading />;
  if (notices.isError) return <MobileError error={notices.error} onRetry={() => notices.refetch()} />;
  return (
    <div data-testid="public-notices">
      <h2 className="m-card-title" style={{ padding: "0 4px" }}>
        {notices.data.communityName}
      </h2>
      {notices.data.items.length === 0 && (
        <ErrorBlock status="empty" title={t("notices.publicEmpty")} description={null} />
      )}
      {notices.data.items.map((n) => (
        <article key={n.id} className="m-card" data-testid={`public-notice-${n.id}`}>
          <NoticeTags kind={n.kind} pinned={n.pinned} />
          <h3 className="m-notice-title">{n.title}</h3>
          <div className="m-notice-meta">{t("notices.place", { place: n.placeName })}</div>
          <NoticeDates publishedAt={n.publishedAt} publishFrom={n.publishFrom} publishTo={n.publishTo} />
          <div className="m-notice-body">{n.body}</div>
          <Attachments items={n.attachments} />
        </article>
      ))}
    </div>
  );
}
