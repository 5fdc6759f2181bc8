// One co-building project on the phone, readable at a glance: what, where and why; the progress of
// its crowdfunding (a bar per kind); the four big buttons 我要出力/出钱/出物/出点子; where the money
// comes from and goes (funding sources with their shares, the public account with vouchers, budget
// lines); who builds it; tasks to claim; progress and before/after photos; the residents' ratings once
// it is finished; and the comment thread (passed in by the app).
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Button, Input, NoticeBar, Popup, Tag, TextArea, Toast } from "antd-mobile";
import dayjs from "dayjs";
import type { ReactNode } from "react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router-dom";
import { useLabel } from "../../../shared/i18n/labels";
import { FormError, MobileError, MobileLoading } from "../../../shared/ui/mobile";
import { RATING_COMMENT_MAX, RATING_FACE, type Rating, RatingPicker } from "../../../shared/ui/rating";
import {
  claimTask,
  fenOf,
  type ProjectDetail,
  photoUrl,
  pledge,
  projectKey,
  rateProject,
  TARGET_KINDS,
  type TargetKind,
  useAccount,
  useProject,
  yuan,
} from "./projects-api";
import "./projects.css";

const today = () => dayjs().format("YYYY-MM-DD");

function Bars(props: { project: ProjectDetail }) {
  const { t } = useTranslation();
  const show = (kind: TargetKind, n: number) => (kind === "money" ? yuan(n) : String(n));
  if (!props.project.progress.length) return null;
  return (
    <section className="m-card" data-testid="project-progress">
      <h2 className="m-card-title">{t("projects.progress")}</h2>
      {props.project.progress.map((p) => {
        const pct = p.target > 0 ? Math.min(100, Math.round((p.pledged * 100) / p.target)) : 0;
        return (
          <div className="m-project-bar" key={p.kind} data-testid={`bar-${p.kind}`}>
            <div className="m-project-bar-label">
              {t(`projects.bar.${p.kind}`, {
                pledged: show(p.kind, p.pledged),
                target: show(p.kind, p.target),
                fulfilled: show(p.kind, p.fulfilled),
              })}
            </div>
            <div
              className="m-project-bar-track"
              role="progressbar"
              aria-valuenow={pct}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-label={t(`projects.kind.${p.kind}`)}
            >
              <div className="m-project-bar-fill" style={{ width: `${pct}%` }} />
            </div>
          </div>
        );
      })}
    </section>
  );
}

function PledgeSheet(props: { project: ProjectDetail; kind: TargetKind; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const x = props.project;
  const targets = x.targets.filter((g) => g.kind === props.kind);
  const [targetId, setTargetId] = useState(targets[0]?.id ?? 0);
  const [amount, setAmount] = useState("");
  const [text, setText] = useState("");
  const [bad, setBad] = useState(false);
  const go = useMutation({
    mutationFn: () => {
      const quantity = props.kind === "money" ? fenOf(amount) : props.kind === "ideas" ? 1 : Number(amount);
      return pledge(x.communityId, x.id, { targetId, quantity: quantity ?? 0, text: text.trim() });
    },
    onSuccess: () => {
      Toast.show({ icon: "success", content: t("projects.pledged") });
      void qc.invalidateQueries({ queryKey: projectKey(x.communityId, x.id) });
      props.onClose();
    },
  });
  const submit = () => {
    const ok =
      props.kind === "ideas"
        ? text.trim().length > 0
        : props.kind === "money"
          ? fenOf(amount) != null
          : /^\d{1,7}$/.test(amount.trim()) && Number(amount) > 0;
    setBad(!ok);
    if (ok) go.mutate();
  };
  const quantityLabel =
    props.kind === "money"
      ? t("projects.amountYuan")
      : props.kind === "labour"
        ? t("projects.hours")
        : t("projects.quantity");
  return (
    <Popup visible onMaskClick={props.onClose} bodyClassName="m-sheet" destroyOnClose>
      <div data-testid={`pledge-sheet-${props.kind}`}>
        <h2 className="m-card-title">{t(`projects.pledgeTitle.${props.kind}`)}</h2>
        {targets.length > 1 && (
          <fieldset className="m-project-tags m-fieldset">
            <legend className="m-muted">{t("projects.pickTarget")}</legend>
            {targets.map((g) => (
              <Button
                key={g.id}
                size="middle"
                color={g.id === targetId ? "primary" : "default"}
                onClick={() => setTargetId(g.id)}
                aria-pressed={g.id === targetId}
              >
                {g.item || t(`projects.kind.${g.kind}`)}
              </Button>
            ))}
          </fieldset>
        )}
        {targets.length === 1 && targets[0]!.item && <p className="m-sheet-subject">{targets[0]!.item}</p>}
        {props.kind === "money" && <p className="m-muted">{t("projects.moneyOffline")}</p>}
        {props.kind !== "ideas" && (
          <div className="m-field">
            <span>{quantityLabel}</span>
            <Input
              inputMode="decimal"
              value={amount}
              onChange={setAmount}
              aria-label={quantityLabel}
              data-testid="pledge-quantity"
            />
          </div>
        )}
        <TextArea
          className="m-textarea"
          rows={3}
          maxLength={1000}
          value={text}
          onChange={setText}
          placeholder={props.kind === "ideas" ? t("projects.idea") : t("projects.note")}
          aria-label={props.kind === "ideas" ? t("projects.idea") : t("projects.note")}
          data-testid="pledge-text"
        />
        {bad && <div className="m-form-error">{t("projects.badAmount")}</div>}
        <FormError error={go.error} />
        <div className="m-sheet-actions">
          <Button block size="large" onClick={props.onClose}>
            {t("common.cancel")}
          </Button>
          <Button
            block
            size="large"
            color="primary"
            loading={go.isPending}
            onClick={submit}
            data-testid="pledge-submit"
          >
            {t("projects.pledgeSubmit")}
          </Button>
        </div>
      </div>
    </Popup>
  );
}

function Help(props: { project: ProjectDetail }) {
  const { t } = useTranslation();
  const x = props.project;
  const [kind, setKind] = useState<TargetKind | null>(null);
  const kinds = TARGET_KINDS.filter((k) => x.targets.some((g) => g.kind === k));
  if (!kinds.length) return null;
  const open = x.status !== "finished" && x.status !== "evaluated";
  return (
    <section className="m-card" data-testid="project-help">
      <h2 className="m-card-title">{t("projects.help")}</h2>
      {!open ? (
        <NoticeBar content={t("projects.helpClosed")} color="info" wrap />
      ) : !x.can.pledge ? (
        <NoticeBar content={t("projects.helpSignIn")} color="info" wrap />
      ) : (
        <div className="m-project-help">
          {kinds.map((k) => (
            <Button
              key={k}
              size="large"
              color="primary"
              fill="outline"
              onClick={() => setKind(k)}
              data-testid={`want-${k}`}
            >
              {t(`projects.want.${k}`)}
            </Button>
          ))}
        </div>
      )}
      {kind && <PledgeSheet project={x} kind={kind} onClose={() => setKind(null)} />}
    </section>
  );
}

function Money(props: { project: ProjectDetail }) {
  const { t } = useTranslation();
  const x = props.project;
  const [before, setBefore] = useState<number | undefined>(undefined);
  const account = useAccount(x.communityId, x.id, x.can.readAccount, before);
  return (
    <section className="m-card" data-testid="project-money">
      <h2 className="m-card-title">{t("projects.money")}</h2>
      {x.fundingSources.length > 0 && (
        <div data-testid="project-sources">
          <h3 className="m-subtitle">{t("projects.sources")}</h3>
          {x.fundingSources.map((s) => (
            <div className="m-project-row" key={s.id}>
              <span>
                {s.label}
                {s.label !== t(`projects.sourceKind.${s.kind}`) && (
                  <span className="m-muted">（{t(`projects.sourceKind.${s.kind}`)}）</span>
                )}
              </span>
              <span>
                {t("projects.sourceLine", {
                  planned: yuan(s.plannedFen),
                  pct: s.sharePct,
                  received: yuan(s.receivedFen),
                })}
              </span>
            </div>
          ))}
        </div>
      )}
      {x.account ? (
        <>
          <div className="m-project-money" data-testid="project-account-summary">
            {t("projects.accountSummary", {
              income: yuan(x.account.incomeFen),
              expense: yuan(x.account.expenseFen),
              balance: yuan(x.account.balanceFen),
            })}
          </div>
          <h3 className="m-subtitle">{t("projects.accountTitle")}</h3>
          {account.isError && <FormError error={account.error} />}
          {account.data && account.data.items.length === 0 && (
            <p className="m-muted">{t("projects.accountEmpty")}</p>
          )}
          <div data-testid="project-account">
            {account.data?.items.map((e) => (
              <div className="m-project-row" key={e.id} data-testid={`entry-${e.seq}`}>
                <span>
                  {e.occurredOn} {e.memo}
                  {e.correctedBySeq != null && (
                    <span className="m-muted"> · {t("projects.reversedBy", { seq: e.correctedBySeq })}</span>
                  )}
                  {e.counterparty && <span className="m-muted"> · {e.counterparty}</span>}
                  {e.voucherPhotoId && (
                    <>
                      {" "}
                      <a
                        href={photoUrl(x.communityId, x.id, e.voucherPhotoId)}
                        target="_blank"
                        rel="noreferrer"
                      >
                        {t("projects.voucher")}
                      </a>
                    </>
                  )}
                </span>
                <span className={e.direction === "income" ? "m-project-in" : "m-project-out"}>
                  {e.direction === "income" ? "+" : "−"}
                  {yuan(e.amountFen)}
                  <span className="m-muted">
                    {" "}
                    {t("projects.balance")} {yuan(e.balanceFen)}
                  </span>
                </span>
              </div>
            ))}
          </div>
          {account.data?.nextBefore && (
            <Button size="small" onClick={() => setBefore(account.data!.nextBefore!)}>
              {t("projects.accountMore")}
            </Button>
          )}
        </>
      ) : (
        <p className="m-muted">{t("projects.accountHidden")}</p>
      )}
      {x.budgetLines.length > 0 && (
        <>
          <h3 className="m-subtitle">{t("projects.budget")}</h3>
          {x.budgetLines.map((l) => (
            <div className="m-project-row" key={l.id}>
              {t("projects.budgetLine", { name: l.name, amount: yuan(l.amountFen), spent: yuan(l.spentFen) })}
            </div>
          ))}
        </>
      )}
    </section>
  );
}

function Tasks(props: { project: ProjectDetail }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const x = props.project;
  const [claiming, setClaiming] = useState<number | null>(null);
  const [date, setDate] = useState(dayjs().add(7, "day").format("YYYY-MM-DD"));
  const go = useMutation({
    mutationFn: () => claimTask(x.communityId, x.id, claiming!, date),
    onSuccess: () => {
      Toast.show({ icon: "success", content: t("projects.claimed") });
      setClaiming(null);
      void qc.invalidateQueries({ queryKey: projectKey(x.communityId, x.id) });
    },
  });
  if (!x.tasks.length) return null;
  return (
    <section className="m-card" data-testid="project-tasks">
      <h2 className="m-card-title">{t("projects.tasks")}</h2>
      {x.tasks.map((k) => (
        <div className="m-project-row" key={k.id}>
          <span>
            {k.title}
            {k.claim && (
              <div className="m-muted">
                {t("projects.claimedBy", { name: k.claim.claimantName, date: k.claim.promiseDate })}
              </div>
            )}
          </span>
          {k.status === "open" && x.can.claim ? (
            <Button
              size="small"
              color="primary"
              onClick={() => setClaiming(k.id)}
              data-testid={`claim-${k.id}`}
            >
              {t("projects.claim")}
            </Button>
          ) : (
            <Tag>{t(`projects.taskStatus.${k.status}`)}</Tag>
          )}
        </div>
      ))}
      {claiming != null && (
        <Popup visible onMaskClick={() => setClaiming(null)} bodyClassName="m-sheet" destroyOnClose>
          <h2 className="m-card-title">{t("projects.claim")}</h2>
          <label className="m-field">
            <span>{t("projects.promiseDate")}</span>
            <input
              type="date"
              value={date}
              min={today()}
              onChange={(e) => setDate(e.target.value)}
              data-testid="claim-date"
            />
          </label>
          <FormError error={go.error} />
          <div className="m-sheet-actions">
            <Button block size="large" onClick={() => setClaiming(null)}>
              {t("common.cancel")}
            </Button>
            <Button
              block
              size="large"
              color="primary"
              loading={go.isPending}
              onClick={() => go.mutate()}
              data-testid="claim-submit"
            >
              {t("projects.claim")}
            </Button>
          </div>
        </Popup>
      )}
    </section>
  );
}

function Rate(props: { project: ProjectDetail }) {
  const { t } = useTranslation();
  const label = useLabel();
  const qc = useQueryClient();
  const x = props.project;
  const [rating, setRating] = useState<Rating | null>(x.ratings.mine?.rating ?? null);
  const [comment, setComment] = useState(x.ratings.mine?.comment ?? "");
  const save = useMutation({
    mutationFn: () => rateProject(x.communityId, x.id, rating!, comment.trim()),
    onSuccess: (d) => {
      Toast.show({ icon: "success", content: t("projects.rated") });
      qc.setQueryData(projectKey(x.communityId, x.id), d);
    },
  });
  const rated = x.ratings.good + x.ratings.average + x.ratings.poor;
  if (!x.can.rate && rated === 0) return null;
  return (
    <section className="m-card" data-testid="project-rate">
      <h2 className="m-card-title">{t("projects.rateTitle")}</h2>
      {rated > 0 && (
        <div className="m-muted" data-testid="project-rating-counts">
          {t("projects.ratingCounts", {
            good: x.ratings.good,
            average: x.ratings.average,
            poor: x.ratings.poor,
          })}
        </div>
      )}
      {x.ratings.mine && (
        <div className={`m-rating-shown m-rating-${x.ratings.mine.rating}`} data-testid="my-project-rating">
          {RATING_FACE[x.ratings.mine.rating]} {label("rating", x.ratings.mine.rating)}
        </div>
      )}
      {x.ratings.comments.map((c) => (
        <p className="m-project-text" key={`${c.ratedAt}-${c.comment}`}>
          {RATING_FACE[c.rating]} {c.comment}
        </p>
      ))}
      {x.can.rate && (
        <>
          <p className="m-muted">{t("projects.rateHint")}</p>
          <RatingPicker value={rating} onChange={setRating} testIdPrefix="project-rate" />
          <TextArea
            className="m-textarea"
            rows={3}
            maxLength={RATING_COMMENT_MAX}
            showCount
            placeholder={t("projects.rateComment")}
            aria-label={t("projects.rateComment")}
            value={comment}
            onChange={setComment}
          />
          <FormError error={save.error} />
          <Button
            block
            size="large"
            color="primary"
            disabled={!rating}
            loading={save.isPending}
            onClick={() => save.mutate()}
            data-testid="project-rate-submit"
          >
            {t("projects.rateSubmit")}
          </Button>
        </>
      )}
    </section>
  );
}

/** `comments`: the thread under the project, passed in by the app (comments are another feature's). */
export function ProjectPage(
  props: { comments?: (communityId: number, projectId: number) => ReactNode } = {},
) {
  const { t } = useTranslation();
  const params = useParams();
  const communityId = Number(params.communityId);
  const projectId = Number(params.projectId);
  const project = useProject(communityId, projectId);
  if (project.isPending) return <MobileLoading />;
  if (project.isError) return <MobileError error={project.error} onRetry={() => project.refetch()} />;
  const x = project.data;
  const photos = x.photos.filter((p) => p.kind !== "progress");
  return (
    <div data-testid="project-page">
      <section className="m-card">
        <div className="m-project-tags">
          <Tag color="primary" data-testid="project-status">
            {t(`projects.status.${x.status}`)}
          </Tag>
          <Tag color="default" fill="outline">
            {t(`projects.origin.${x.originKind}`)}
          </Tag>
        </div>
        <h2 className="m-project-title" data-testid="project-title">
          {x.title}
        </h2>
        <div className="m-muted">
          {t("projects.where", { place: [x.placeName, x.placeText].filter(Boolean).join(" ") })}
        </div>
        {x.summary && <p className="m-project-text">{x.summary}</p>}
        {x.plan && (
          <details>
            <summary>{t("projects.plan")}</summary>
            <p className="m-project-text">{x.plan}</p>
          </details>
        )}
      </section>
      <Bars project={x} />
      <Help project={x} />
      <Money project={x} />
      {x.parties.length > 0 && (
        <section className="m-card" data-testid="project-parties">
          <h2 className="m-card-title">{t("projects.who")}</h2>
          {x.parties.map((p) => (
            <div className="m-project-row" key={`${p.role}-${p.name}`}>
              <span>
                {p.name}
                <span className="m-muted">（{t(`projects.role.${p.role}`)}）</span>
              </span>
              <span className="m-muted">{p.contribution}</span>
            </div>
          ))}
        </section>
      )}
      <Tasks project={x} />
      {x.milestones.length > 0 && (
        <section className="m-card">
          <h2 className="m-card-title">{t("projects.milestones")}</h2>
          {x.milestones.map((m) => (
            <div className="m-project-row" key={m.title}>
              <span>{m.title}</span>
              <span className="m-muted">{m.doneOn ?? m.dueOn ?? ""}</span>
            </div>
          ))}
        </section>
      )}
      {x.design && (
        <section className="m-card" data-testid="project-design">
          <h2 className="m-card-title">{t("projects.design")}</h2>
          <div className="m-muted">{t(`projects.designLink.${x.design.kind}`, { id: x.design.refId })}</div>
          {x.design.choice && (
            <p className="m-project-text">{t("projects.designChosen", { choice: x.design.choice })}</p>
          )}
        </section>
      )}
      {(photos.length > 0 || x.updates.length > 0) && (
        <section className="m-card" data-testid="project-updates">
          <h2 className="m-card-title">{t("projects.updates")}</h2>
          {photos.length > 0 && (
            <div className="m-project-photos">
              {photos.map((p) => (
                <figure key={p.id}>
                  <img
                    src={photoUrl(x.communityId, x.id, p.id)}
                    alt={t(`projects.photos.${p.kind}`)}
                    loading="lazy"
                  />
                  <figcaption>{t(`projects.photos.${p.kind}`)}</figcaption>
                </figure>
              ))}
            </div>
          )}
          {x.updates.map((u) => (
            <div className="m-project-row" key={u.id}>
              <span>
                <time dateTime={u.createdAt}>{dayjs(u.createdAt).format("YYYY-MM-DD")}</time> {u.text}
              </span>
            </div>
          ))}
        </section>
      )}
      <Rate project={x} />
      {props.comments && (
        <section className="m-card" aria-label={t("projects.comments")}>
          <h2 className="m-card-title">{t("projects.comments")}</h2>
          {props.comments(communityId, projectId)}
        </section>
      )}
    </div>
  );
}
