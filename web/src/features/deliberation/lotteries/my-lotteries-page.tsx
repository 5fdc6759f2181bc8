// 摇号 (resident): the lotteries of my places — open ones to apply to, and those drawn lately — each
// opening its board (rules, list, fingerprint, result, my place, how to check).
import { Button, ErrorBlock, Tag } from "antd-mobile";
import dayjs from "dayjs";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { MobileError, MobileLoading } from "../../../shared/ui/mobile";
import { useMyLotteries } from "./lotteries-api";
import "./lotteries.css";

export function MyLotteriesPage() {
  const { t } = useTranslation();
  const tt = t as (k: string, o?: object) => string;
  const navigate = useNavigate();
  const list = useMyLotteries();
  if (list.isPending) return <MobileLoading />;
  if (list.isError) return <MobileError error={list.error} onRetry={() => list.refetch()} />;
  const items = list.data.items;
  return (
    <div data-testid="my-lotteries-page">
      <p className="m-muted">{t("lotteries.intro")}</p>
      {items.length === 0 ? (
        <ErrorBlock status="empty" title={t("lotteries.empty")} description={null} />
      ) : (
        <div className="m-lottery-list">
          {items.map((l) => (
            <article key={`${l.communityId}-${l.id}`} className="m-card" data-testid={`lottery-${l.id}`}>
              <div className="m-lottery-tags">
                <Tag color="primary" fill="outline" className="m-chip">
                  {l.placeName}
                </Tag>
                <Tag fill="outline" className="m-chip">
                  {tt(`lotteries.state.${l.state}`)}
                </Tag>
                {l.applied && (
                  <Tag color="success" className="m-chip">
                    {l.outcome ? tt(`lotteries.outcome.${l.outcome}`) : t("lotteries.applied")}
                  </Tag>
                )}
              </div>
              <h2 className="m-card-title">{l.title}</h2>
              <p className="m-muted">
                {tt(`lotteries.kind.${l.kind}`)} · {t("lotteries.places", { count: l.places })} ·{" "}
                {t("lotteries.applicationsCount", { count: l.applications })}
                <br />
                {t("lotteries.closesAt", { at: dayjs(l.closesAt).format("M月D日 HH:mm") })}
              </p>
              <Button
                block
                size="large"
                color="primary"
                onClick={() => navigate(`/m/lotteries/${l.communityId}/${l.id}`)}
                data-testid="open-lottery"
              >
                {l.state === "open" && !l.applied ? t("lotteries.apply") : t("lotteries.open")}
              </Button>
            </article>
          ))}
        </div>
      )}
    </div>
  );
}
