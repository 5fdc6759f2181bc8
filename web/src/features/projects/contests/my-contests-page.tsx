// 金点子大赛 (resident): the contests of my places — calls to give ideas to and support — and the rounds
// I judge, each opening its page (or the scoring screen).
import { Button, ErrorBlock, Tag } from "antd-mobile";
import dayjs from "dayjs";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { MobileError, MobileLoading } from "../../../shared/ui/mobile";
import { useMyContests } from "./contests-api";
import "./contests.css";

export function MyContestsPage() {
  const { t } = useTranslation();
  const tt = t as (k: string, o?: object) => string;
  const navigate = useNavigate();
  const list = useMyContests();
  if (list.isPending) return <MobileLoading />;
  if (list.isError) return <MobileError error={list.error} onRetry={() => list.refetch()} />;
  const items = list.data.items;
  return (
    <div data-testid="my-contests-page">
      <p className="m-muted">{t("contests.intro")}</p>
      {items.length === 0 ? (
        <ErrorBlock status="empty" title={t("contests.empty")} description={null} />
      ) : (
        <div className="m-contest-list">
          {items.map((c) => (
            <article key={c.id} className="m-card" data-testid={`contest-${c.id}`}>
              <div className="m-contest-tags">
                <Tag color="primary" fill="outline" className="m-chip">
                  {c.placeName}
                </Tag>
                <Tag fill="outline" className="m-chip">
                  {tt(`contests.state.${c.state}`)}
                </Tag>
              </div>
              <h2 className="m-card-title">{c.title}</h2>
              <p className="m-muted">
                {tt(`contests.kind.${c.kind}`)} · {t("contests.entriesCount", { count: c.entries })}
                <br />
                {t("contests.period", {
                  from: dayjs(c.submitFrom).format("M月D日"),
                  to: dayjs(c.submitTo).format("M月D日 HH:mm"),
                })}
              </p>
              {c.judging && (
                <Button
                  block
                  size="large"
                  color="primary"
                  onClick={() => navigate(`/m/contests/${c.id}/judge/${c.currentRound}`)}
                  data-testid="judge-contest"
                >
                  {t("contests.judgeNow")}
                </Button>
              )}
              <Button
                block
                size="large"
                color={c.judging ? "default" : "primary"}
                onClick={() => navigate(`/m/contests/${c.id}`)}
                data-testid="open-contest"
                style={{ marginTop: c.judging ? 8 : 0 }}
              >
                {t("contests.open")}
              </Button>
            </article>
          ))}
        </div>
      )}
    </div>
  );
}
