// 共建项目 (P1): the projects of my building, estate and community, each card with its status, place
// and money; tapping a card opens the project.
import { ErrorBlock, Tag } from "antd-mobile";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { useMe } from "../../../shared/api/session";
import { MobileError, MobileLoading } from "../../../shared/ui/mobile";
import { useMyProjects, yuan } from "./projects-api";
import "./projects.css";

export function MyProjectsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useMe();
  const list = useMyProjects(!!me.data);
  return (
    <div data-testid="my-projects-page">
      <p className="m-muted">{t("projects.intro")}</p>
      {list.isPending ? (
        <MobileLoading />
      ) : list.isError ? (
        <MobileError error={list.error} onRetry={() => list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <ErrorBlock status="empty" title={t("projects.empty")} description={null} />
      ) : (
        <div className="m-wish-list">
          {list.data.items.map((x) => (
            <button
              type="button"
              key={`${x.communityId}-${x.id}`}
              className="m-card m-project-card"
              onClick={() => navigate(`/m/projects/${x.communityId}/${x.id}`)}
              data-testid={`project-${x.id}`}
            >
              <div className="m-project-tags">
                <Tag color="primary">{t(`projects.status.${x.status}`)}</Tag>
                <Tag color="default" fill="outline">
                  {t(`projects.tier.${x.tier}`)}
                </Tag>
              </div>
              <div className="m-project-title">{x.title}</div>
              <div className="m-muted">{t("projects.where", { place: x.placeName })}</div>
              {x.budgetFen > 0 && (
                <div className="m-muted">
                  {t("projects.budget")} ¥{yuan(x.budgetFen)}
                </div>
              )}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
