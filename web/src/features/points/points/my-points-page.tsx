// 我的积分 (S2, S5): my balance and my household's in each community I live in, my latest entries, and the
// month's honour board (红榜) with masked names — one screen, big figures for the elderly mode.
import { ErrorBlock, List } from "antd-mobile";
import dayjs from "dayjs";
import { useTranslation } from "react-i18next";
import { useMe } from "../../../shared/api/session";
import { MobileError, MobileLoading } from "../../../shared/ui/mobile";
import { type MyPoints, useHonourBoard, useMyPoints } from "./points-api";
import "./points.css";

function Honour(props: { communityId: number }) {
  const { t } = useTranslation();
  const board = useHonourBoard(props.communityId);
  if (board.isPending) return <MobileLoading />;
  if (board.isError) return <MobileError error={board.error} onRetry={() => board.refetch()} />;
  return (
    <section className="m-card" aria-labelledby="honour-title" data-testid="honour-board">
      <h2 id="honour-title" className="m-points-h2">
        {t("points.honour", { month: board.data.month })}
      </h2>
      {board.data.rows.length === 0 ? (
        <p className="m-muted">{t("points.honourEmpty")}</p>
      ) : (
        <ol className="m-points-honour">
          {board.data.rows.map((r) => (
            <li key={r.rank} className={r.mine ? "m-points-mine" : undefined}>
              <span className="m-points-rank">{t("points.rank", { rank: r.rank })}</span>
              <span>
                {r.name}
                {r.mine ? `（${t("points.me")}）` : ""}
                {r.building ? <span className="m-muted"> · {r.building}</span> : null}
              </span>
              <strong>{r.points}</strong>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function Account(props: { a: MyPoints["accounts"][number]; several: boolean }) {
  const { t } = useTranslation();
  const { a } = props;
  return (
    <>
      <section className="m-card m-points-balance" data-testid={`points-balance-${a.communityId}`}>
        {props.several && <p className="m-muted">{a.communityName}</p>}
        <p className="m-points-label">{t("points.balance")}</p>
        <p className="m-points-figure" data-testid="points-figure">
          {a.balance}
        </p>
        <p className="m-muted">{t("points.household", { n: a.householdBalance })}</p>
      </section>
      <List header={t("points.entries")} data-testid="points-entries">
        {a.entries.length === 0 ? (
          <List.Item>{t("points.noEntries")}</List.Item>
        ) : (
          a.entries.map((e) => (
            <List.Item
              key={`${String(e.at)}-${e.what}-${e.balanceAfter}`}
              description={dayjs(e.at).format("YYYY-MM-DD HH:mm")}
              extra={
                <strong className={e.points < 0 ? "m-points-minus" : "m-points-plus"}>
                  {e.points > 0 ? `+${e.points}` : e.points}
                </strong>
              }
            >
              {e.what}
            </List.Item>
          ))
        )}
      </List>
      <Honour communityId={a.communityId} />
    </>
  );
}

export function MyPointsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const mine = useMyPoints(!!me.data);
  return (
    <div data-testid="my-points-page">
      <p className="m-muted">{t("points.intro")}</p>
      {mine.isPending ? (
        <MobileLoading />
      ) : mine.isError ? (
        <MobileError error={mine.error} onRetry={() => mine.refetch()} />
      ) : mine.data.accounts.length === 0 ? (
        <ErrorBlock status="empty" title={t("points.notResident")} description={null} />
      ) : (
        mine.data.accounts.map((a) => (
          <Account key={a.communityId} a={a} several={mine.data.accounts.length > 1} />
        ))
      )}
    </div>
  );
}
