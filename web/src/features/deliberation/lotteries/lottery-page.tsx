// One lottery (resident): the rules and a big 我要报名 button while it is open, my ticket and outcome
// (候补第 n 位), the commitment, the frozen list with its fingerprint, the revealed secret and public
// input, winners and waiting list, and how to check it in plain words with the file to download.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Button, Dialog, NoticeBar, Tag, Toast } from "antd-mobile";
import dayjs from "dayjs";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router-dom";
import { describeError } from "../../../shared/api/client";
import { MobileError, MobileLoading } from "../../../shared/ui/mobile";
import { applyTo, type Board, useBoard } from "./lotteries-api";
import "./lotteries.css";

function downloadExport(board: Board) {
  const blob = new Blob([JSON.stringify(board.export, null, 2)], { type: "application/json" });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = `lottery-${board.lottery.communityId}-${board.lottery.id}.json`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function Tickets(props: {
  tickets: { ticket: number; text?: string | null }[];
  mine: number | null;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <ul className="m-lottery-tickets" data-testid={props.testId}>
      {props.tickets.map((x) => (
        <li key={x.ticket} className={x.ticket === props.mine ? "mine" : undefined}>
          {t("lotteries.ticket", { ticket: x.ticket })}
          {x.text ? ` ${x.text}` : ""}
        </li>
      ))}
    </ul>
  );
}

export function LotteryPage() {
  const { t } = useTranslation();
  const tt = t as (k: string, o?: object) => string;
  const params = useParams();
  const communityId = Number(params.communityId);
  const lotteryId = Number(params.lotteryId);
  const qc = useQueryClient();
  const board = useBoard(communityId, lotteryId);
  const apply = useMutation({
    mutationFn: () => applyTo(communityId, lotteryId),
    onSuccess: () => {
      Toast.show({ content: t("lotteries.appliedDone"), icon: "success" });
      void qc.invalidateQueries({ queryKey: ["lottery-board", communityId, lotteryId] });
      void qc.invalidateQueries({ queryKey: ["my-lotteries"] });
    },
    onError: (err) => Toast.show({ content: describeError(err), icon: "fail", duration: 4000 }),
  });
  if (board.isPending) return <MobileLoading />;
  if (board.isError) return <MobileError error={board.error} onRetry={() => board.refetch()} />;
  const b = board.data;
  const l = b.lottery;
  const e = b.export;
  const mine = b.mine;
  const labelOf = new Map((e?.applicants ?? []).map((a) => [a.ticket, a.label]));
  return (
    <div data-testid="lottery-page">
      <div className="m-lottery-tags">
        <Tag color="primary" fill="outline" className="m-chip">
          {l.placeName}
        </Tag>
        <Tag fill="outline" className="m-chip" data-testid="lottery-state">
          {tt(`lotteries.state.${l.state}`)}
        </Tag>
      </div>
      <h1 className="m-card-title">{l.title}</h1>
      {l.description && <p>{l.description}</p>}

      <section className="m-lottery-section" aria-labelledby="rules">
        <h2 id="rules">{t("lotteries.rulesTitle")}</h2>
        <ul>
          <li>
            {tt(`lotteries.kind.${l.kind}`)} · {t("lotteries.places", { count: l.places })}
          </li>
          {l.items.length > 0 && <li>{t("lotteries.ruleItems", { items: l.items.join("、") })}</li>}
          <li>{tt(`lotteries.ruleAudience.${l.audience}`)}</li>
          <li>{tt(`lotteries.rulePer.${l.per}`)}</li>
          <li>{t("lotteries.closesAt", { at: dayjs(l.closesAt).format("YYYY年M月D日 HH:mm") })}</li>
        </ul>
      </section>

      {b.canApply && (
        <Button
          block
          size="large"
          color="primary"
          loading={apply.isPending}
          onClick={async () => {
            if (await Dialog.confirm({ content: t("lotteries.applyConfirm") })) apply.mutate();
          }}
          data-testid="apply"
        >
          {t("lotteries.apply")}
        </Button>
      )}
      {!b.eligible && !mine && <NoticeBar content={t("lotteries.notEligible")} color="info" wrap />}

      {mine && (
        <section className="m-lottery-section m-card" aria-labelledby="mine" data-testid="my-application">
          <h2 id="mine">{t("lotteries.mineTitle")}</h2>
          <p className="m-lottery-mine">
            {mine.ticket != null
              ? t("lotteries.myTicket", { ticket: mine.ticket })
              : t("lotteries.myTicketPending")}
          </p>
          {mine.outcome === "won" && (
            <p className="m-lottery-mine" data-testid="my-outcome">
              {t("lotteries.myWon", { item: mine.item ? `：${mine.item}` : "" })}
            </p>
          )}
          {mine.outcome === "waiting" && (
            <p className="m-lottery-mine" data-testid="my-outcome">
              {t("lotteries.myWaiting", { n: mine.waitingPosition })}
            </p>
          )}
          {mine.outcome === "declined" && <p data-testid="my-outcome">{t("lotteries.myDeclined")}</p>}
        </section>
      )}

      <section className="m-lottery-section" aria-labelledby="commitment">
        <h2 id="commitment">{t("lotteries.commitmentTitle")}</h2>
        <p className="m-lottery-hash" data-testid="commitment">
          {l.commitment}
        </p>
      </section>

      {e?.result && (
        <section className="m-lottery-section" aria-labelledby="result" data-testid="lottery-result">
          <h2 id="result">{t("lotteries.resultTitle")}</h2>
          <p>{t("lotteries.secret")}</p>
          <p className="m-lottery-hash" data-testid="revealed-secret">
            {e.secret}
          </p>
          <p>
            {t("lotteries.publicInput")}：{e.publicInput || t("lotteries.none")}
          </p>
          <h3>{t("lotteries.winners")}</h3>
          <Tickets
            testId="winners"
            mine={mine?.ticket ?? null}
            tickets={e.result.winners.map((w) => ({ ticket: w.ticket, text: w.item ? `→ ${w.item}` : null }))}
          />
          <h3>{t("lotteries.waitingList")}</h3>
          <Tickets
            testId="waiting-list"
            mine={mine?.ticket ?? null}
            tickets={e.result.waitingList.map((ticket) => ({ ticket }))}
          />
          {e.declines.length > 0 && (
            <ul data-testid="declines">
              {e.declines.map((d) => (
                <li key={d.ticket}>
                  {d.passedTo != null
                    ? t("lotteries.declinedNote", { ticket: d.ticket, to: d.passedTo })
                    : t("lotteries.declinedNobody", { ticket: d.ticket })}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}

      <section className="m-lottery-section" aria-labelledby="list">
        <h2 id="list">{t("lotteries.listTitle", { count: e?.applicants.length ?? l.applications })}</h2>
        {e ? (
          <>
            <p>{t("lotteries.listHash")}</p>
            <p className="m-lottery-hash" data-testid="list-hash">
              {e.applicantListHash}
            </p>
            <Tickets
              testId="applicant-list"
              mine={mine?.ticket ?? null}
              tickets={e.applicants.map((a) => ({ ticket: a.ticket, text: labelOf.get(a.ticket) }))}
            />
          </>
        ) : (
          <p className="m-muted">{t("lotteries.listPending")}</p>
        )}
      </section>

      <section className="m-lottery-section m-lottery-verify" aria-labelledby="verify">
        <h2 id="verify">{t("lotteries.verifyTitle")}</h2>
        <ol>
          <li>{t("lotteries.verify1")}</li>
          <li>{t("lotteries.verify2")}</li>
          <li>{t("lotteries.verify3")}</li>
          <li>{t("lotteries.verify4")}</li>
        </ol>
        {e && (
          <Button block size="large" onClick={() => downloadExport(b)} data-testid="download-export">
            {t("lotteries.download")}
          </Button>
        )}
      </section>
    </div>
  );
}
