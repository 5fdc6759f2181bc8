// 公告公示 for a resident: the live notices of my building, estate and community (pinned first), which
// I have read, and the way to the community's public notices. One card per notice, the whole card a
// link.
import { ErrorBlock } from "antd-mobile";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { useMe } from "../../../shared/api/session";
import { MobileError, MobileLoading } from "../../../shared/ui/mobile";
import { NoticeDates, NoticeTags } from "./notice-parts";
import { useMyNotices } from "./notices-api";
import "./notices.css";

export function MyNoticesPage() {
  const { t } = useTranslation();
  const me = useMe();
  const notices = useMyNotices();
  const community = me.data?.residencies.find((r) => r.status === "verified")?.communityId;
  if (notices.isPending) return <MobileLoading />;
  if (notices.isError) return <MobileError error={notices.error} onRetry={() => notices.refetch()} />;
  return (
    <div data-testid="my-notices">
      {notices.data.items.length === 0 && (
        <ErrorBlock status="empty" title={t("notices.empty")} description={null} />
      )}
      {notices.data.items.map((n) => (
        <article key={`${n.communityId}-${n.id}`} className="m-card">
          <Link
            to={`/m/notices/${n.communityId}/${n.id}`}
            className="m-notice-card"
            data-testid={`notice-${n.id}`}
            data-title={n.title}
          >
            <NoticeTags kind={n.kind} pinned={n.pinned} read={n.read} />
            <h2 className="m-notice-title">{n.title}</h2>
            <div className="m-notice-meta">{t("notices.place", { place: n.placeName })}</div>
            <NoticeDates publishedAt={n.publishedAt} publishFrom={n.publishFrom} publishTo={n.publishTo} />
          </Link>
        </article>
      ))}
      {community != null && (
        <Link to={`/m/notices/public/${community}`} className="m-notice-more" data-testid="go-public-notices">
          {t("notices.publicLink")} ›
        </Link>
      )}
    </div>
  );
}
