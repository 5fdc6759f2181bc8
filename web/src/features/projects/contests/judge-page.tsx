// A judge's scoring screen (phone first): one entry per screen, a slider and −/+ buttons per criterion
// (whole numbers 0…scoreMax), 提交评分 saves and goes on to the next, 修改评分 corrects while the round is
// open, and the progress "已评 7/15". The server answers only this judge's own scores.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Button, NoticeBar, Toast } from "antd-mobile";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router-dom";
import { describeError } from "../../../shared/api/client";
import { MobileError, MobileLoading } from "../../../shared/ui/mobile";
import { type JudgingSheet, photoUrl, scoreEntry, useJudging } from "./contests-api";
import "./contests.css";

function Criterion(props: {
  name: string;
  weight: number;
  max: number;
  value: number;
  onChange: (v: number) => void;
  index: number;
}) {
  const { t } = useTranslation();
  const id = `criterion-${props.index}`;
  const set = (v: number) => props.onChange(Math.max(0, Math.min(props.max, v)));
  return (
    <div className="m-contest-criterion" data-testid={id}>
      <div className="m-contest-criterion-head">
        <label htmlFor={id}>{t("contests.criterion", { name: props.name, weight: props.weight })}</label>
        <output className="m-contest-criterion-value" htmlFor={id} data-testid={`${id}-value`}>
          {props.value}
        </output>
      </div>
      <input
        id={id}
        type="range"
        min={0}
        max={props.max}
        step={1}
        value={props.value}
        onChange={(e) => set(Number(e.target.value))}
      />
      <div className="m-contest-nav">
        <Button
          size="large"
          onClick={() => set(props.value - 1)}
          aria-label={t("contests.decrease", { name: props.name })}
          data-testid={`${id}-minus`}
        >
          −
        </Button>
        <Button
          size="large"
          onClick={() => set(props.value + 1)}
          aria-label={t("contests.increase", { name: props.name })}
          data-testid={`${id}-plus`}
        >
          +
        </Button>
      </div>
    </div>
  );
}

function Sheet(props: { sheet: JudgingSheet; contestId: number; roundNo: number }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const s = props.sheet;
  const firstUnscored = s.entries.findIndex((e) => !e.myScores);
  const [index, setIndex] = useState(Math.max(firstUnscored, 0));
  const entry = s.entries[index];
  const [values, setValues] = useState<number[]>([]);
  useEffect(() => {
    setValues(entry?.myScores ?? s.criteria.map(() => Math.round(s.scoreMax / 2)));
  }, [entry, s.criteria, s.scoreMax]);
  const save = useMutation({
    mutationFn: () => scoreEntry(props.contestId, props.roundNo, entry!.id, values, !!entry!.myScores),
    onSuccess: async () => {
      Toast.show({ content: t("contests.scoreSaved"), icon: "success" });
      await qc.invalidateQueries({ queryKey: ["contest-judging", props.contestId, props.roundNo] });
      if (index < s.entries.length - 1) setIndex(index + 1);
    },
    onError: (err) => Toast.show({ content: describeError(err), icon: "fail", duration: 4000 }),
  });
  if (!entry) return <NoticeBar content={t("contests.noEntries")} color="info" wrap />;
  return (
    <div>
      <p className="m-contest-progress" data-testid="judge-progress" aria-live="polite">
        {t("contests.progress", { done: s.scored, total: s.total })}
      </p>
      {!s.open && <NoticeBar content={t("contests.roundClosed")} color="alert" wrap />}
      {s.open && s.scored === s.total && <NoticeBar content={t("contests.allDone")} color="success" wrap />}
      <article className="m-card m-contest-entry" data-testid="judge-entry">
        <p className="m-muted">{t("contests.entryOf", { n: index + 1, total: s.entries.length })}</p>
        <h2 className="m-card-title" data-testid="judge-entry-title">
          {entry.title}
        </h2>
        <p className="m-muted">{entry.communityName}</p>
        {entry.summary && <p>{entry.summary}</p>}
        {entry.photoIds.length > 0 && (
          <div className="m-contest-photos">
            {entry.photoIds.map((p, i) => (
              <img key={p} src={photoUrl(props.contestId, entry.id, p)} alt={`${entry.title} ${i + 1}`} />
            ))}
          </div>
        )}
        {s.criteria.map((k, i) => (
          <Criterion
            key={k.name}
            index={i}
            name={k.name}
            weight={k.weight}
            max={s.scoreMax}
            value={values[i] ?? 0}
            onChange={(v) => setValues(values.map((x, j) => (j === i ? v : x)))}
          />
        ))}
        {s.open && (
          <Button
            block
            size="large"
            color="primary"
            loading={save.isPending}
            onClick={() => save.mutate()}
            data-testid="save-score"
          >
            {entry.myScores ? t("contests.fixScore") : t("contests.saveScore")}
          </Button>
        )}
      </article>
      <div className="m-contest-nav">
        <Button
          size="large"
          disabled={index === 0}
          onClick={() => setIndex(index - 1)}
          data-testid="prev-entry"
        >
          {t("contests.prev")}
        </Button>
        <Button
          size="large"
          disabled={index >= s.entries.length - 1}
          onClick={() => setIndex(index + 1)}
          data-testid="next-entry"
        >
          {t("contests.next")}
        </Button>
      </div>
    </div>
  );
}

export function JudgePage() {
  const { t } = useTranslation();
  const params = useParams();
  const contestId = Number(params.contestId);
  const roundNo = Number(params.roundNo);
  const sheet = useJudging(contestId, roundNo);
  if (sheet.isPending) return <MobileLoading />;
  if (sheet.isError) return <MobileError error={sheet.error} onRetry={() => sheet.refetch()} />;
  return (
    <div data-testid="judge-page">
      <p className="m-muted">{t("contests.judgeIntro")}</p>
      <Sheet sheet={sheet.data} contestId={contestId} roundNo={roundNo} />
    </div>
  );
}
