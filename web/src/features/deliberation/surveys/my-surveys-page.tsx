// 调研问卷 (resident): the open surveys addressed to my building, estate or group, in every community
// I live in — answered ones marked — each opening the one-question-per-screen answer page.
import { Button, ErrorBlock, Tag } from "antd-mobile";
import dayjs from "dayjs";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { MobileError, MobileLoading } from "../../../shared/ui/mobile";
import { useMySurveys } from "./surveys-api";
import "./surveys.css";

export function MySurveysPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const list = useMySurveys();
  if (list.isPending) return <MobileLoading />;
  if (list.isError) return <MobileError error={list.error} onRetry={() => list.refetch()} />;
  const items = list.data.items;
  return (
    <div data-testid="my-surveys-page">
      <p className="m-muted">{t("surveys.intro")}</p>
      {items.length === 0 ? (
        <ErrorBlock status="empty" title={t("surveys.empty")} description={null} />
      ) : (
        <div className="m-survey-list">
          {items.map((s) => (
            <article key={`${s.communityId}-${s.id}`} className="m-card" data-testid={`survey-${s.id}`}>
              <div className="m-survey-tags">
                <Tag color="primary" fill="outline" className="m-chip">
                  {s.placeName}
                </Tag>
                <Tag fill="outline" className="m-chip">
                  {s.anonymous ? t("surveys.anonymous") : t("surveys.named")}
                </Tag>
                {s.answered && (
                  <Tag color="success" className="m-chip">
                    {t("surveys.answered")}
                  </Tag>
                )}
              </div>
              <h2 className="m-card-title">{s.title}</h2>
              <p className="m-muted">
                {t("surveys.questions", { count: s.questionCount })} ·{" "}
                {t("surveys.closesAt", { at: dayjs(s.closesAt).format("M月D日 HH:mm") })}
              </p>
              {!s.answered && (
                <Button
                  block
                  size="large"
                  color="primary"
                  onClick={() => navigate(`/m/surveys/${s.communityId}/${s.id}`)}
                  data-testid="answer-survey"
                >
                  {t("surveys.toAnswer")}
                </Button>
              )}
            </article>
          ))}
        </div>
      )}
    </div>
  );
}
