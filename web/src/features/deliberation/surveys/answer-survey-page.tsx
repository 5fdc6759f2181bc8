// Answering a survey (resident): ONE QUESTION PER SCREEN with big buttons, "第 2/5 题" and a bar,
// 上一题 / 下一题, 提交问卷 on the last, then a thank-you. A required question must be answered before
// moving on; the server checks everything again (option in range, once per person/household, open).
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Button, ErrorBlock, Input, NoticeBar, ProgressBar, Result, TextArea } from "antd-mobile";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router-dom";
import { FormError, MobileError, MobileLoading } from "../../../shared/ui/mobile";
import {
  type Answer,
  answerSurvey,
  type Question,
  type SurveyForm,
  TEXT_MAX,
  useSurveyForm,
} from "./surveys-api";
import "./surveys.css";

type Draft = { choices?: number[]; value?: number; text?: string };

const isAnswered = (q: Question, d: Draft | undefined) => {
  if (!d) return false;
  if (q.kind === "single" || q.kind === "multiple") return (d.choices ?? []).length > 0;
  if (q.kind === "text") return (d.text ?? "").trim().length > 0;
  return d.value != null && Number.isFinite(d.value);
};

function QuestionScreen(props: { q: Question; draft: Draft | undefined; onChange: (d: Draft) => void }) {
  const { t } = useTranslation();
  const { q, draft } = props;
  if (q.kind === "single" || q.kind === "multiple") {
    const chosen = draft?.choices ?? [];
    const toggle = (i: number) =>
      props.onChange({
        choices:
          q.kind === "single"
            ? [i]
            : chosen.includes(i)
              ? chosen.filter((c) => c !== i)
              : [...chosen, i].sort((a, b) => a - b),
      });
    return (
      <fieldset className="m-survey-options" aria-label={q.text}>
        {q.kind === "multiple" && <p className="m-muted">{t("surveys.multipleHint")}</p>}
        {q.options.map((o, i) => (
          <Button
            key={o}
            block
            size="large"
            color={chosen.includes(i) ? "primary" : "default"}
            aria-pressed={chosen.includes(i)}
            onClick={() => toggle(i)}
            data-testid={`option-${i}`}
          >
            {chosen.includes(i) ? "✓ " : ""}
            {o}
          </Button>
        ))}
      </fieldset>
    );
  }
  if (q.kind === "rating")
    return (
      <div>
        <p className="m-muted">{t("surveys.ratingHint")}</p>
        <fieldset className="m-survey-rating" aria-label={q.text}>
          {[1, 2, 3, 4, 5].map((n) => (
            <Button
              key={n}
              size="large"
              color={draft?.value === n ? "primary" : "default"}
              aria-pressed={draft?.value === n}
              aria-label={t("surveys.ratingValue", { n })}
              onClick={() => props.onChange({ value: n })}
              data-testid={`rating-${n}`}
            >
              {n}
            </Button>
          ))}
        </fieldset>
      </div>
    );
  if (q.kind === "number")
    return (
      <div>
        <p className="m-muted">{t("surveys.numberHint", { min: q.min, max: q.max })}</p>
        <Input
          className="m-survey-number"
          type="number"
          inputMode="decimal"
          aria-label={q.text}
          value={draft?.value == null ? "" : String(draft.value)}
          onChange={(v) => props.onChange({ value: v === "" ? undefined : Number(v) })}
          data-testid="number-input"
        />
      </div>
    );
  return (
    <TextArea
      className="m-textarea"
      rows={5}
      maxLength={TEXT_MAX}
      showCount
      aria-label={q.text}
      placeholder={t("surveys.textPlaceholder")}
      value={draft?.text ?? ""}
      onChange={(v) => props.onChange({ text: v })}
      data-testid="text-input"
    />
  );
}

function Answering(props: { form: SurveyForm }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { form } = props;
  const [step, setStep] = useState(0);
  const [drafts, setDrafts] = useState<Record<number, Draft>>({});
  const [missing, setMissing] = useState(false);
  const total = form.questions.length;
  const q = form.questions[step]!;
  const submit = useMutation({
    mutationFn: () => {
      const answers = form.questions.flatMap((qn, i): Answer[] => {
        const d = drafts[i];
        if (!isAnswered(qn, d)) return [];
        if (qn.kind === "single" || qn.kind === "multiple") return [{ question: i, choices: d!.choices }];
        if (qn.kind === "text") return [{ question: i, text: d!.text!.trim() }];
        return [{ question: i, value: d!.value }];
      });
      return answerSurvey(form.communityId, form.id, answers);
    },
    onSuccess: () => void qc.invalidateQueries({ queryKey: ["my-surveys"] }),
  });
  if (submit.isSuccess)
    return (
      <div data-testid="survey-thanks">
        <Result status="success" title={t("surveys.thanksTitle")} description={t("surveys.thanksText")} />
        <Button block size="large" color="primary" onClick={() => navigate("/m/surveys")}>
          {t("surveys.backToList")}
        </Button>
      </div>
    );
  const go = (next: number) => {
    if (next > step && q.required !== false && !isAnswered(q, drafts[step])) {
      setMissing(true);
      return;
    }
    setMissing(false);
    setStep(next);
  };
  const last = step === total - 1;
  return (
    <div data-testid="survey-answering">
      <p className="m-survey-progress" data-testid="survey-progress">
        {t("surveys.progress", { n: step + 1, total })}
      </p>
      <ProgressBar percent={((step + 1) * 100) / total} aria-hidden="true" />
      <section className="m-card m-survey-question" aria-live="polite">
        <h2 className="m-card-title" data-testid="question-text">
          {q.text}
          {q.required === false && <span className="m-muted"> {t("surveys.optional")}</span>}
        </h2>
        <QuestionScreen
          key={step}
          q={q}
          draft={drafts[step]}
          onChange={(d) => {
            setMissing(false);
            setDrafts({ ...drafts, [step]: d });
          }}
        />
        {missing && (
          <p className="m-warn-text" role="alert">
            {t("surveys.required")}
          </p>
        )}
      </section>
      <FormError error={submit.error} />
      <div className="m-sheet-actions">
        <Button
          block
          size="large"
          disabled={step === 0}
          onClick={() => go(step - 1)}
          data-testid="survey-prev"
        >
          {t("surveys.prev")}
        </Button>
        {last ? (
          <Button
            block
            size="large"
            color="primary"
            loading={submit.isPending}
            onClick={() => {
              if (q.required !== false && !isAnswered(q, drafts[step])) return setMissing(true);
              submit.mutate();
            }}
            data-testid="survey-submit"
          >
            {t("surveys.submit")}
          </Button>
        ) : (
          <Button block size="large" color="primary" onClick={() => go(step + 1)} data-testid="survey-next">
            {t("surveys.next")}
          </Button>
        )}
      </div>
    </div>
  );
}

export function AnswerSurveyPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const params = useParams();
  const communityId = Number(params.communityId);
  const surveyId = Number(params.surveyId);
  const form = useSurveyForm(communityId, surveyId);
  if (form.isPending) return <MobileLoading />;
  if (form.isError) return <MobileError error={form.error} onRetry={() => form.refetch()} />;
  const f = form.data;
  return (
    <div data-testid="answer-survey-page">
      <h1 className="m-survey-title">{f.title}</h1>
      {f.description && <p className="m-req-text">{f.description}</p>}
      {(f.anonymous || f.answerPer === "household") && (
        <NoticeBar
          wrap
          color="info"
          content={[
            f.anonymous ? t("surveys.anonymousNote") : "",
            f.answerPer === "household" ? t("surveys.householdNote") : "",
          ]
            .filter(Boolean)
            .join(" ")}
        />
      )}
      {f.answered ? (
        <ErrorBlock status="default" title={t("surveys.alreadyAnswered")} description={null} />
      ) : !f.canAnswer ? (
        <ErrorBlock status="default" title={t("surveys.notOpen")} description={null} />
      ) : (
        <Answering form={f} />
      )}
      {(f.answered || !f.canAnswer) && (
        <Button block size="large" onClick={() => navigate("/m/surveys")}>
          {t("surveys.backToList")}
        </Button>
      )}
    </div>
  );
}
