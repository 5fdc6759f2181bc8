// Pieces the resident notice pages share: the tags (kind, pinned, read), the dates and the attachments.
import { Tag } from "antd-mobile";
import dayjs from "dayjs";
import { useTranslation } from "react-i18next";

export const fmtTime = (iso: string | null | undefined) => (iso ? dayjs(iso).format("YYYY-MM-DD HH:mm") : "");

export function NoticeTags(props: { kind: string; pinned: boolean; read?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="m-notice-tags">
      <Tag
        color={props.kind === "publicity" ? "warning" : "var(--linli-chip-blue)"}
        fill="outline"
        className="m-chip"
      >
        {t(props.kind === "publicity" ? "notices.kindPublicity" : "notices.kindAnnouncement")}
      </Tag>
      {props.pinned && (
        <Tag color="#a8071a" className="m-chip">
          {t("notices.pinned")}
        </Tag>
      )}
      {props.read === false && (
        <Tag color="warning" className="m-chip" data-testid="notice-unread">
          {t("notices.unread")}
        </Tag>
      )}
    </div>
  );
}

export function NoticeDates(props: {
  publishedAt: string | null;
  publishFrom: string | null;
  publishTo: string | null;
}) {
  const { t } = useTranslation();
  const start = props.publishFrom ?? props.publishedAt;
  return (
    <div className="m-notice-meta">
      {start && t("notices.publishedAt", { time: fmtTime(start) })}
      {props.publishTo && ` · ${t("notices.until", { time: fmtTime(props.publishTo) })}`}
    </div>
  );
}

export function Attachments(props: { items: { name: string; url: string }[] }) {
  const { t } = useTranslation();
  if (props.items.length === 0) return null;
  return (
    <div className="m-notice-attachments">
      <h3 className="m-card-title">{t("notices.attachments")}</h3>
      <ul style={{ margin: 0, paddingInlineStart: 20 }}>
        {props.items.map((a) => (
          <li key={a.url}>
            <a href={a.url} target="_blank" rel="noopener noreferrer">
              {a.name}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
