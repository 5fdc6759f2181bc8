// An owner votes on the phone (业主表决): ONE QUESTION PER SCREEN with three big buttons 同意 / 反对 /
// 弃权, "第 1/2 项" and a bar, then a check screen listing every choice (each can be changed), then
// 确认投票 and a receipt code. Voting again before the close changes the same ballot. The server checks
// everything again (an owner of the frozen electorate, open, one choice per question).
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Button, ErrorBlock, NoticeBar, ProgressBar, Result } from "antd-mobile";
import dayjs from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router-dom";
import { FormError, MobileError, MobileLoading } from "../../../shared/ui/mobile";
import { type BallotForm, CHOICES, type Choice, castBallot, useBallotForm } from "./votes-api";
import "./votes.css";

const LABEL = { Y: "votes.yes", N: "votes.no", A: "votes.abstain" } as const;
const m2 = (cm2: string) => `${BigInt(cm2) / 100n}.${String(BigInt(cm2) % 100n).padStart(2, "0")}`;

function Voting(props: { form: BallotForm; onCancel?: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { form } = props;
  const total = form.questions.length;
  const [step, setStep] = useState(0);
  const [choices, setChoices] = useState<(Choice | undefined)[]>(() => form.myBallot?.choices ?? []);
  const [missing, setMissing] = useState(false);
  const submit = useMutation({
    mutationFn: () => castBallot(form.communityId, form.id, choices as Choice[]),
    // the form is read afresh on the next visit (staleTime 0): refetching now would replace this
    // screen (and its receipt) with the "you have voted" card
    onSuccess: () =>
      void qc.removeQueries({ queryKey: ["vote-ballot", form.communityId, form.id], type: "inactive" }),
  });
  if (submit.isSuccess)
    return (
      <div data-testid="vote-done">
        <Result
          status="success"
          title={t("votes.doneTitle")}
          description={submit.data.changed ? t("votes.changedText") : t("votes.doneText")}
        />
        <p className="m-vote-receipt" data-testid="vote-receipt">
          {t("votes.receipt", { code: submit.data.receipt })}
        </p>
      </div>
    );
  const reviewing = step === total;
  if (reviewing)
    return (
      <section className="m-card" data-testid="vote-review">
        <h2 className="m-card-title">{t("votes.reviewTitle")}</h2>
        <ol className="m-vote-review">
          {form.questions.map((q, i) => (
            <li key={q.text}>
              <span>{q.text}</span>
              <strong data-testid={`review-${i}`}>{t(LABEL[choices[i]!])}</strong>
              <Button size="small" onClick={() => setStep(i)}>
                {t("votes.change")}
              </Button>
            </li>
          ))}
        </ol>
        <FormError error={submit.error} />
        <Button
          block
          size="large"
          color="primary"
          loading={submit.isPending}
          onClick={() => submit.mutate()}
          data-testid="vote-submit"
        >
          {t("votes.submit")}
        </Button>
      </section>
    );
  const q = form.questions[step]!;
  const go = (next: number) => {
    if (next > step && !choices[step]) return setMissing(true);
    setMissing(false);
    setStep(next);
  };
  return (
    <div data-testid="vote-answering">
      <p className="m-vote-progress">{t("votes.progress", { n: step + 1, total })}</p>
      <ProgressBar percent={((step + 1) * 100) / total} aria-hidden="true" />
      <section className="m-card" aria-live="polite">
        <h2 className="m-card-title" data-testid="vote-question">
          {q.text}
        </h2>
        <fieldset className="m-vote-choices" aria-label={q.text}>
          {CHOICES.map((c) => (
            <Button
              key={c}
              block
              size="large"
              color={choices[step] === c ? "primary" : "default"}
              aria-pressed={choices[step] === c}
              onClick={() => {
                const next = [...choices];
                next[step] = c;
                setChoices(next);
                setMissing(false);
              }}
              data-testid={`choice-${c}`}
            >
              {choices[step] === c ? "✓ " : ""}
              {t(LABEL[c])}
            </Button>
          ))}
        </fieldset>
        {missing && (
          <p className="m-warn-text" role="alert">
            {t("votes.choose")}
          </p>
        )}
      </section>
      <div className="m-sheet-actions">
        <Button block size="large" disabled={step === 0} onClick={() => go(step - 1)} data-testid="vote-prev">
          {t("votes.prev")}
        </Button>
        <Button block size="large" color="primary" onClick={() => go(step + 1)} data-testid="vote-next">
          {step === total - 1 ? t("votes.review") : t("votes.next")}
        </Button>
      </div>
    </div>
  );
}

export function VoteBallotPage() {
  const { t } = useTranslation();
  const params = useParams();
  const communityId = Number(params.communityId);
  const voteId = Number(params.voteId);
  const form = useBallotForm(communityId, voteId);
  const [changing, setChanging] = useState(false);
  if (form.isPending) return <MobileLoading />;
  if (form.isError) return <MobileError error={form.error} onRetry={() => form.refetch()} />;
  const f = form.data;
  const channel = f.myBallot
    ? t(
        f.myBallot.channel === "online"
          ? "votes.channelOnline"
          : f.myBallot.channel === "paper"
            ? "votes.channelPaper"
            : "votes.channelProxy",
      )
    : "";
  return (
    <div data-testid="vote-ballot-page">
      <h1 className="m-vote-title">{f.title}</h1>
      {f.description && <p className="m-req-text">{f.description}</p>}
      <NoticeBar
        wrap
        color="info"
        content={`${t("votes.matter", { name: f.matterName })}。${t(f.major ? "votes.majorRule" : "votes.ordinaryRule")}`}
      />
      <p className="m-muted">
        {t("votes.myShare", { parts: f.myParts, area: m2(f.myAreaCm2) })} ·{" "}
        {t("votes.closesAt", { at: dayjs(f.closesAt).format("M月D日 HH:mm") })}
      </p>
      {f.myBallot && !changing && (
        <section className="m-card" data-testid="vote-mine">
          <p>{t("votes.voted", { channel, code: f.myBallot.receipt })}</p>
          {!f.myBallot.counted && <p className="m-muted">{t("votes.pending")}</p>}
          {f.canVote && (
            <Button block size="large" onClick={() => setChanging(true)} data-testid="vote-change">
              {t("votes.changeVote")}
            </Button>
          )}
        </section>
      )}
      {!f.canVote && !f.myBallot && (
        <ErrorBlock status="default" title={t("votes.closed")} description={null} />
      )}
      {f.canVote && (!f.myBallot || changing) && <Voting form={f} />}
      <p className="m-vote-all">
        <Link to="/m/votes" data-testid="go-my-votes">
          {t("votes.my.all")}
        </Link>
      </p>
    </div>
  );
}
