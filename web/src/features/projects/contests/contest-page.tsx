// One contest (resident): the call (theme, period, criteria), 我要出点子 with photos from the phone while
// it is open, everyone's ideas with a big 支持 button (one per resident, the server holds it), and the
// results once published. Judges find the scoring screen from 金点子大赛.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Button, Form, Input, NoticeBar, Tag, TextArea, Toast } from "antd-mobile";
import dayjs from "dayjs";
import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router-dom";
import { describeError } from "../../../shared/api/client";
import { MobileError, MobileLoading } from "../../../shared/ui/mobile";
import {
  type Contest,
  type Entry,
  MAX_PHOTO_BYTES,
  MAX_PHOTOS,
  photoUrl,
  submitEntry,
  supportEntry,
  useContest,
  useEntries,
  useRanking,
} from "./contests-api";
import "./contests.css";

function PhotoPick(props: { value: File[]; onChange: (f: File[]) => void }) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const urls = useMemo(() => props.value.map((f) => URL.createObjectURL(f)), [props.value]);
  useEffect(
    () => () => {
      for (const u of urls) URL.revokeObjectURL(u);
    },
    [urls],
  );
  const add = (list: FileList | null) => {
    const good: File[] = [];
    for (const f of [...(list ?? [])]) {
      if (!f.type.startsWith("image/"))
        Toast.show({ content: t("contests.photoWrongType", { name: f.name }) });
      else if (f.size > MAX_PHOTO_BYTES)
        Toast.show({ content: t("contests.photoTooLarge", { name: f.name }) });
      else good.push(f);
    }
    props.onChange([...props.value, ...good].slice(0, MAX_PHOTOS));
  };
  return (
    <div>
      <div className="m-contest-pick">
        {props.value.map((f, i) => (
          <div className="m-contest-thumb" key={`${f.name}-${f.size}-${f.lastModified}`}>
            <img src={urls[i]} alt={f.name} />
            <button
              type="button"
              aria-label={t("contests.removePhoto")}
              onClick={() => props.onChange(props.value.filter((_, k) => k !== i))}
            >
              ×
            </button>
          </div>
        ))}
      </div>
      {props.value.length < MAX_PHOTOS && (
        <Button size="large" onClick={() => input.current?.click()} data-testid="add-photo">
          {t("contests.takePhoto")}
        </Button>
      )}
      <input
        ref={input}
        type="file"
        accept="image/*"
        multiple
        hidden
        data-testid="photo-input"
        onChange={(e) => {
          add(e.target.files);
          e.target.value = "";
        }}
      />
      <div className="m-muted">{t("contests.photoHint", { count: props.value.length, max: MAX_PHOTOS })}</div>
    </div>
  );
}

function SubmitIdea(props: { contest: Contest }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ title: string; summary?: string }>();
  const [photos, setPhotos] = useState<File[]>([]);
  const save = useMutation({
    mutationFn: (v: { title: string; summary?: string }) =>
      submitEntry(props.contest.id, { title: v.title.trim(), summary: (v.summary ?? "").trim() }, photos),
    onSuccess: () => {
      Toast.show({ content: t("contests.submitted"), icon: "success" });
      form.resetFields();
      setPhotos([]);
      void qc.invalidateQueries({ queryKey: ["contest-entries", props.contest.id] });
      void qc.invalidateQueries({ queryKey: ["contest", props.contest.id] });
    },
    onError: (err) => Toast.show({ content: describeError(err), icon: "fail", duration: 4000 }),
  });
  return (
    <section className="m-contest-section m-card" aria-labelledby="submit-idea" data-testid="submit-idea">
      <h2 id="submit-idea">{t("contests.submitTitle")}</h2>
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => save.mutate(v)}
        footer={
          <Button
            block
            type="submit"
            color="primary"
            size="large"
            loading={save.isPending}
            data-testid="submit-entry"
          >
            {t("contests.submit")}
          </Button>
        }
      >
        <Form.Item
          name="title"
          label={t("contests.submitName")}
          rules={[{ required: true, message: t("contests.required") }]}
        >
          <Input placeholder={t("contests.submitNamePlaceholder")} maxLength={80} data-testid="entry-title" />
        </Form.Item>
        <Form.Item name="summary" label={t("contests.submitSummary")}>
          <TextArea rows={3} maxLength={2000} data-testid="entry-summary" />
        </Form.Item>
        <Form.Item label={t("contests.takePhoto")}>
          <PhotoPick value={photos} onChange={setPhotos} />
        </Form.Item>
      </Form>
    </section>
  );
}

function EntryCard(props: { contest: Contest; entry: Entry }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { contest: c, entry: e } = props;
  const support = useMutation({
    mutationFn: () => supportEntry(c.id, e.id),
    onSuccess: () => {
      Toast.show({ content: t("contests.supportDone"), icon: "success" });
      void qc.invalidateQueries({ queryKey: ["contest-entries", c.id] });
    },
    onError: (err) => Toast.show({ content: describeError(err), icon: "fail", duration: 4000 }),
  });
  return (
    <article className="m-card m-contest-entry" data-testid={`entry-${e.id}`}>
      <h3 className="m-card-title">{e.title}</h3>
      {e.summary && <p>{e.summary}</p>}
      {e.photoIds.length > 0 && (
        <div className="m-contest-photos">
          {e.photoIds.map((p, i) => (
            <img key={p} src={photoUrl(c.id, e.id, p)} alt={`${e.title} ${i + 1}`} loading="lazy" />
          ))}
        </div>
      )}
      <div className="m-contest-tags">
        {e.submitter && <span className="m-muted">{t("contests.by", { name: e.submitter })}</span>}
        {e.reachedRound > 1 && (
          <Tag color="primary" fill="outline" className="m-chip">
            {t("contests.finalist", { round: e.reachedRound })}
          </Tag>
        )}
        {e.adoptedAt && (
          <Tag color="success" className="m-chip">
            {t("contests.adopted")}
          </Tag>
        )}
      </div>
      <div className="m-contest-entry-foot">
        <span data-testid="support-count">{t("contests.supports", { count: e.supports })}</span>
        {c.me.canSupport && (
          <Button
            color="primary"
            fill={e.supportedByMe ? "outline" : "solid"}
            size="large"
            disabled={e.supportedByMe}
            loading={support.isPending}
            onClick={() => support.mutate()}
            data-testid="support"
          >
            {e.supportedByMe ? t("contests.supported") : t("contests.support")}
          </Button>
        )}
      </div>
    </article>
  );
}

function Results(props: { contest: Contest }) {
  const { t } = useTranslation();
  const c = props.contest;
  const ranking = useRanking(c.id, c.currentRound, c.state === "published");
  if (c.state !== "published" || !ranking.data) return null;
  return (
    <section className="m-contest-section" aria-labelledby="results" data-testid="contest-results">
      <h2 id="results">{t("contests.rankingTitle")}</h2>
      <ol className="m-contest-list" style={{ listStyle: "none", padding: 0 }}>
        {ranking.data.rows.slice(0, 10).map((r) => (
          <li key={r.entryId} className="m-card">
            <span className="m-contest-rank">{t("contests.rank", { rank: r.rank })}</span> {r.title}
            <div className="m-muted">
              {r.score == null ? t("contests.noScore") : t("contests.score", { score: r.score.toFixed(2) })} ·{" "}
              {t("contests.supports", { count: r.supports })}
              {r.adoptedAt ? ` · ${t("contests.adopted")}` : ""}
            </div>
          </li>
        ))}
      </ol>
      <p className="m-muted">{t("contests.tieBreak")}</p>
    </section>
  );
}

export function ContestPage() {
  const { t } = useTranslation();
  const tt = t as (k: string, o?: object) => string;
  const navigate = useNavigate();
  const contestId = Number(useParams().contestId);
  const contest = useContest(contestId);
  const entries = useEntries(contestId);
  if (contest.isPending) return <MobileLoading />;
  if (contest.isError) return <MobileError error={contest.error} onRetry={() => contest.refetch()} />;
  const c = contest.data;
  const judging =
    c.me.judgeOf.includes(c.currentRound) && !c.rounds.find((r) => r.roundNo === c.currentRound)?.closedAt;
  const items = entries.data?.items ?? [];
  return (
    <div data-testid="contest-page">
      <div className="m-contest-tags">
        <Tag color="primary" fill="outline" className="m-chip">
          {c.placeName}
        </Tag>
        <Tag fill="outline" className="m-chip" data-testid="contest-state">
          {tt(`contests.state.${c.state}`)}
        </Tag>
      </div>
      <h1 className="m-card-title">{c.title}</h1>
      {c.theme && <p>{c.theme}</p>}
      <p className="m-muted">
        {t("contests.period", {
          from: dayjs(c.submitFrom).format("M月D日"),
          to: dayjs(c.submitTo).format("M月D日 HH:mm"),
        })}
      </p>
      {judging && (
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
      <section className="m-contest-section" aria-labelledby="criteria">
        <h2 id="criteria">{t("contests.criteriaTitle")}</h2>
        <ul>
          {c.criteria.map((k) => (
            <li key={k.name}>{t("contests.criterion", { name: k.name, weight: k.weight })}</li>
          ))}
        </ul>
        <p className="m-muted">{t("contests.scaleNote", { max: c.scoreMax })}</p>
      </section>
      {c.me.canSubmit && c.kind === "idea" && <SubmitIdea contest={c} />}
      <Results contest={c} />
      <section className="m-contest-section" aria-labelledby="entries">
        <h2 id="entries">{t("contests.entriesTitle", { count: items.length })}</h2>
        {entries.isError && <MobileError error={entries.error} onRetry={() => entries.refetch()} />}
        {items.length === 0 && !entries.isPending && (
          <NoticeBar content={t("contests.noEntries")} color="info" wrap />
        )}
        <div className="m-contest-list">
          {items.map((e) => (
            <EntryCard key={e.id} contest={c} entry={e} />
          ))}
        </div>
      </section>
    </div>
  );
}
