// 当众摇号 (staff, on the big screen at the meeting): the secret from the sealed envelope and the
// witness's dice go in, the server checks the secret against the commitment and draws once; the
// winners then appear one by one in large type, with the waiting list and the fingerprints, so the
// room sees what the 公示 will say.
import { FullscreenOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button, Flex, Input } from "antd";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router-dom";
import { describeError } from "../../../shared/api/client";
import { useCommunity } from "../../../shared/staff/community";
import { ErrorAlert, Loading } from "../../../shared/ui/staff";
import { drawLottery, useBoard } from "./lotteries-api";
import "./lotteries.css";

export function LotteryDrawPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const { communityId } = useCommunity();
  const lotteryId = Number(useParams().lotteryId);
  const board = useBoard(communityId, lotteryId);
  const screen = useRef<HTMLDivElement>(null);
  const [shown, setShown] = useState(Number.POSITIVE_INFINITY);
  const [secret, setSecret] = useState("");
  const [publicInput, setPublicInput] = useState("");
  const draw = useMutation({
    mutationFn: (v: { secret: string; publicInput: string }) => drawLottery(communityId, lotteryId, v),
    onSuccess: async () => {
      setShown(0);
      await qc.invalidateQueries({ queryKey: ["lottery-board", communityId, lotteryId] });
      void qc.invalidateQueries({ queryKey: ["lottery", communityId, lotteryId] });
    },
    onError: (err) => message.error(describeError(err)),
  });
  const winners = board.data?.export?.result?.winners ?? [];
  // the winners appear one by one, as at a drawing with a box
  useEffect(() => {
    if (shown >= winners.length) return;
    const timer = setTimeout(() => setShown((n) => n + 1), 600);
    return () => clearTimeout(timer);
  }, [shown, winners.length]);

  if (board.isPending) return <Loading />;
  if (board.isError) return <ErrorAlert error={board.error} onRetry={() => board.refetch()} />;
  const l = board.data.lottery;
  const e = board.data.export;
  const labelOf = new Map((e?.applicants ?? []).map((a) => [a.ticket, a.label]));
  return (
    <div ref={screen} className="s-draw-screen" data-testid="lottery-draw-page">
      <Flex justify="space-between" align="flex-start" gap={12} wrap>
        <h1 className="s-draw-title">
          {t("lotteries.drawTitle")}：{l.title}
        </h1>
        <Flex gap={8}>
          <Button icon={<FullscreenOutlined />} onClick={() => void screen.current?.requestFullscreen?.()}>
            {t("lotteries.fullscreen")}
          </Button>
          <Link to={`/staff/lotteries/${l.id}`}>
            <Button>{t("lotteries.backToLottery")}</Button>
          </Link>
        </Flex>
      </Flex>
      <p className="s-draw-facts">
        {t("lotteries.commitment")}：{l.commitment}
      </p>
      {e && (
        <p className="s-draw-facts">
          {t("lotteries.drawnFacts", { count: e.applicants.length, hash: e.applicantListHash })}
        </p>
      )}
      {l.state === "frozen" && (
        <div className="s-draw-form">
          <p className="s-draw-facts">{t("lotteries.drawIntro")}</p>
          <label htmlFor="draw-secret">{t("lotteries.secretLabel")}</label>
          <Input
            id="draw-secret"
            size="large"
            autoComplete="off"
            value={secret}
            onChange={(ev) => setSecret(ev.target.value)}
            data-testid="draw-secret"
          />
          <label htmlFor="draw-input">{t("lotteries.publicInputLabel")}</label>
          <Input
            id="draw-input"
            size="large"
            value={publicInput}
            onChange={(ev) => setPublicInput(ev.target.value)}
            data-testid="draw-input"
          />
          <Button
            type="primary"
            size="large"
            disabled={!secret}
            loading={draw.isPending}
            onClick={() => draw.mutate({ secret, publicInput: publicInput.trim() })}
            data-testid="start-draw"
          >
            {t("lotteries.startDraw")}
          </Button>
        </div>
      )}
      {(l.state === "open" || l.state === "closed" || l.state === "upcoming") && (
        <p className="s-draw-facts">{t("lotteries.notFrozen")}</p>
      )}
      {e?.result && (
        <div data-testid="draw-result">
          <h2>{t("lotteries.drawnTitle")}</h2>
          <p className="s-draw-facts">
            {t("lotteries.secret")}：{e.secret} · {t("lotteries.publicInput")}：
            {e.publicInput || t("lotteries.none")}
          </p>
          <h2>{t("lotteries.winners")}</h2>
          <ul className="s-draw-tickets" data-testid="draw-winners">
            {e.result.winners.slice(0, shown).map((w) => (
              <li key={w.ticket} className="s-draw-ticket">
                {t("lotteries.ticket", { ticket: w.ticket })} {labelOf.get(w.ticket)}
                {w.item ? ` → ${w.item}` : ""}
              </li>
            ))}
          </ul>
          {shown >= e.result.winners.length && (
            <>
              <h2>{t("lotteries.waitingList")}</h2>
              <ul className="s-draw-tickets" data-testid="draw-waiting">
                {e.result.waitingList.map((ticket) => (
                  <li key={ticket} className="s-draw-ticket waiting">
                    {t("lotteries.ticket", { ticket })}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </div>
  );
}
