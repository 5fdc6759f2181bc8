// 社区公告 on the resident home page: the newest notices of my places (pinned and unread first), a
// count of the unread, and the way to all of them. Only for a signed-in resident; the app composes it
// into the home page (features do not import each other).
import { List } from "antd-mobile";
import { BellOutline } from "antd-mobile-icons";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { useMe } from "../../../shared/api/session";
import { NoticeTags } from "./notice-parts";
import { useMyNotices } from "./notices-api";
import "./notices.css";

const SHOWN = 3;

export function HomeNotices() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useMe();
  const isResident = !!me.data?.residencies.some((r) => r.status === "verified");
  const notices = useMyNotices(isResident);
  if (!isResident || !notices.data || notices.data.items.length === 0) return null;
  const items = [...notices.data.items]
    .sort((a, b) => Number(b.pinned) - Number(a.pinned) || Number(a.read) - Number(b.read))
    .slice(0, SHOWN);
  return (
    <List
      header={
        <span>
          {t("notices.homeTitle")}
          {notices.data.unread > 0 && (
            <span className="m-muted" data-testid="home-notices-unread">
              {" "}
              · {t("notices.homeUnread", { count: notices.data.unread })}
            </span>
          )}
        </span>
      }
      mode="card"
      style={{ margin: "0 0 12px" }}
      data-testid="home-notices"
    >
      {items.map((n) => (
        <List.Item
          key={`${n.communityId}-${n.id}`}
          prefix={<BellOutline fontSize={22} />}
          description={<NoticeTags kind={n.kind} pinned={n.pinned} read={n.read} />}
          onClick={() => navigate(`/m/notices/${n.communityId}/${n.id}`)}
          data-testid={`home-notice-${n.id}`}
        >
          {n.title}
        </List.Item>
      ))}
      <List.Item onClick={() => navigate("/m/notices")} data-testid="home-notices-more">
        {t("notices.homeMore")}
      </List.Item>
    </List>
  );
}
