// 公开看板 (V6): how a grid, a community or a street answers its residents — problems solved and
// micro-wishes fulfilled first and apart (the seed article's "解决急难愁盼问题181件" and "兑现群众微心愿
// 148个"), then received, signed on time, solved, solved on time, median and 90th-percentile time
// (each with a plain-words explanation behind a button), satisfaction — with a comparison chart and the
// daily trend; for a community also the satisfaction with its rated spaces and services (V5). Public:
// counts only, never a name. A phone column up to 1023 px; a grid of cards and charts from 1024 px
// (figures-board.css).

import type { ZBoardFigures, ZBoardParticipation, ZBoardQuery } from "@contract/voice/figures/figures.schema";
import { useQueries, useQuery } from "@tanstack/react-query";
import { ErrorBlock, Selector } from "antd-mobile";
import dayjs from "dayjs";
import { useId, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { api } from "../../../shared/api/client";
import type { Query, Reply } from "../../../shared/api/contract";
import { useDivisions } from "../../../shared/api/divisions";
import { hasPermission } from "../../../shared/api/permissions";
import { useMe } from "../../../shared/api/session";
import type { MyHousehold, PlaceTree } from "../../../shared/api/types";
import { MobileError, MobileLoading } from "../../../shared/ui/mobile";
import {
  CommunityChooser,
  useCommunityFromLink,
  useResidentCommunity,
} from "../../../shared/ui/resident-community";
import { BarChart, LineChart } from "./charts";
import { type RatedSubject, ratedSubjectsOf } from "./figures-api";
import "./figures-board.css";

type Level = Figures["level"];

export type Figures = Reply<typeof ZBoardFigures>;

const figuresOf = (q: Query<typeof ZBoardQuery>) => api.get<Figures>("/board/figures", q);
type Participation = Reply<typeof ZBoardParticipation>;
const participationOf = (q: Query<typeof ZBoardQuery>) => api.get<Participation>("/board/participation", q);

const COLORS = { received: "#1677ff", solved: "#52c41a", onTime: "#fa8c16", wishes: "#c41d7f" };

function pct(v: number | null): string {
  return v == null ? "—" : `${v}%`;
}

function Stat(props: {
  label: string;
  value: string;
  sub?: string;
  testId: string;
  tone?: "good" | "warn";
  /** A plain-words explanation, opened by a button (keyboard and screen reader, not hover). */
  help?: { name: string; says: string; what: string; note?: string; testId: string };
  className?: string;
}) {
  const helpId = useId();
  const [open, setOpen] = useState(false);
  const { t } = useTranslation();
  const tone = props.tone ? ` m-stat-${props.tone}` : "";
  const extra = `${props.className ? ` ${props.className}` : ""}${open ? " m-stat-open" : ""}`;
  return (
    <div className={`m-stat${tone}${extra}`} data-testid={props.testId}>
      <div className="m-stat-value">{props.value}</div>
      <div className="m-stat-label">{props.label}</div>
      {props.sub && <div className="m-stat-sub">{props.sub}</div>}
      {props.help && (
        <>
          {/* the visible words are short (a half-width card on a phone); the name says what is explained
              and contains them (WCAG 2.5.3, label in name) */}
          <button
            type="button"
            className="m-stat-help-button"
            aria-label={props.help.name}
            aria-expanded={open}
            aria-controls={helpId}
            data-testid={`${props.help.testId}-button`}
            onClick={() => setOpen((o) => !o)}
          >
            <span aria-hidden="true" className="m-stat-help-mark">
              ?
            </span>
            {t("board.helpButton")}
          </button>
          <div id={helpId} className="m-stat-help" hidden={!open} data-testid={props.help.testId}>
            <p className="m-stat-help-says">{props.help.says}</p>
            <p>{props.help.what}</p>
            {props.help.note && <p className="m-stat-help-note">{props.help.note}</p>}
          </div>
        </>
      )}
    </div>
  );
}

/** The last 30 days up to today (or the last day with requests), days without requests as zero. */
function dailySeries(series: Figures["series"]) {
  const byDay = new Map(series.map((s) => [s.day, s]));
  const lastDay = series.length > 0 ? dayjs(series[series.length - 1]!.day) : dayjs();
  const last = lastDay.isAfter(dayjs()) ? lastDay : dayjs();
  const labels: string[] = [];
  const received: number[] = [];
  const solved: number[] = [];
  for (let d = last.subtract(29, "day"); !d.isAfter(last, "day"); d = d.add(1, "day")) {
    const key = d.format("YYYY-MM-DD");
    labels.push(d.format("MM-DD"));
    received.push(byDay.get(key)?.received ?? 0);
    solved.push(byDay.get(key)?.solved ?? 0);
  }
  return { labels, received, solved, any: series.length > 0 };
}

/** The community's rated spaces and services: name, kind, satisfaction and how many rate it. */
function RatedSubjects(props: { communityId: number }) {
  const { t } = useTranslation();
  const subjects = useQuery({
    queryKey: ["board", "rating-subjects", props.communityId],
    queryFn: () => ratedSubjectsOf(props.communityId),
    staleTime: 60_000,
  });
  const items: RatedSubject[] = (subjects.data ?? []).filter((s) => s.active);
  return (
    <section className="m-card" data-testid="board-subjects">
      <h2 className="m-card-title">{t("boardSubjects.title")}</h2>
      {subjects.isPending ? (
        <MobileLoading />
      ) : subjects.isError ? (
        <MobileError error={subjects.error} onRetry={() => subjects.refetch()} />
      ) : items.length === 0 ? (
        <div className="m-muted">{t("boardSubjects.none")}</div>
      ) : (
        <>
          <table className="m-subjects">
            <thead>
              <tr>
                <th>{t("boardSubjects.name")}</th>
                <th className="m-subject-kind">{t("boardSubjects.kind")}</th>
                <th className="m-num">{t("boardSubjects.satisfaction")}</th>
                <th className="m-num">{t("boardSubjects.rated")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((s) => (
                <tr key={s.id} data-testid={`board-subject-${s.id}`}>
                  <td>{s.name}</td>
                  <td className="m-subject-kind">
                    {s.kind === "space" ? t("boardSubjects.space") : t("boardSubjects.service")}
                  </td>
                  <td className="m-num m-pct" data-testid="subject-satisfaction">
                    {pct(s.figures.satisfactionPct)}
                  </td>
                  <td className="m-num" data-testid="subject-rated">
                    {s.figures.rated}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div style={{ marginTop: 8 }}>
            <Link to="/m/ratings">{t("boardSubjects.rateLink")}</Link>
          </div>
        </>
      )}
    </section>
  );
}

/** Volunteer service and points of the place (T5): counts only, the denominator shown. */
function ParticipationCard(props: { target: Query<typeof ZBoardQuery> }) {
  const { t } = useTranslation();
  const p = useQuery({
    queryKey: ["board", "participation", props.target],
    queryFn: () => participationOf(props.target),
    refetchInterval: 60_000,
  });
  return (
    <section className="m-card" data-testid="board-participation">
      <h2 className="m-card-title">{t("boardParticipation.title")}</h2>
      {p.isPending ? (
        <MobileLoading />
      ) : p.isError ? (
        <MobileError error={p.error} onRetry={() => p.refetch()} />
      ) : (
        <div className="m-stats">
          <Stat
            testId="fig-volunteers"
            label={t("boardParticipation.volunteers")}
            value={String(p.data.volunteers)}
            sub={t("boardParticipation.services", { n: p.data.services })}
          />
          <Stat
            testId="fig-hours"
            label={t("boardParticipation.hours")}
            value={String(p.data.hours)}
            sub={
              p.data.hoursPerResident == null
                ? undefined
                : t("boardParticipation.perResident", { h: p.data.hoursPerResident, n: p.data.residents })
            }
          />
          {p.data.teams != null && (
            <Stat
              testId="fig-teams"
              label={t("boardParticipation.teams")}
              value={String(p.data.teams)}
              sub={t("boardParticipation.members", { n: p.data.teamMembers ?? 0 })}
            />
          )}
          <Stat
            testId="fig-points"
            label={t("boardParticipation.points")}
            value={String(p.data.pointsIssued)}
            sub={t("boardParticipation.pointsTo", { n: p.data.residentsAwarded })}
            tone="good"
          />
          {p.data.pointsRedeemed != null && (
            <Stat
              testId="fig-redeemed"
              label={t("boardParticipation.redeemed")}
              value={String(p.data.pointsRedeemed)}
              sub={t("boardParticipation.goods", {
                n: p.data.exchanges ?? 0,
                yuan: (p.data.goodsValueYuan ?? 0).toLocaleString("zh-CN"),
              })}
            />
          )}
        </div>
      )}
    </section>
  );
}

function hoursText(h: number | null, t: (k: string, o?: Record<string, unknown>) => string): string {
  if (h == null) return "—";
  return h >= 336 ? t("board.hoursOver", { hours: h }) : t("board.hoursAtMost", { hours: h });
}

/** A duration in plain words: hours below a day, whole days from a day (every bound ≥ 24 h is one). */
function durationWords(h: number, t: (k: string, o?: Record<string, unknown>) => string): string {
  if (h < 24) return h === 1 ? t("board.inHour") : t("board.inHours", { n: h });
  const days = Math.round(h / 24);
  return days === 1 ? t("board.inDay") : t("board.inDays", { n: days });
}

/** What the median or the 90th percentile says: the plain sentence with this board's number first. */
function percentileHelp(
  which: "median" | "p90",
  h: number | null,
  t: (k: string, o?: Record<string, unknown>) => string,
) {
  const median = which === "median";
  const what = t(median ? "board.medianWhat" : "board.p90What");
  const name = t(median ? "board.medianHelp" : "board.p90Help");
  const testId = median ? "help-median" : "help-p90";
  if (h == null) return { name, says: t("board.helpNoneYet"), what, testId };
  const key =
    h >= 336
      ? median
        ? "board.medianOver"
        : "board.p90Over"
      : median
        ? "board.medianSays"
        : "board.p90Says";
  return { name, says: t(key, { time: durationWords(h, t) }), what, note: t("board.helpBuckets"), testId };
}

export function FiguresBoardPage() {
  const { t } = useTranslation();
  const tt = t as (k: string, o?: Record<string, unknown>) => string;
  const me = useMe();
  const divisions = useDivisions();
  const community = useResidentCommunity();
  // a shared link may name the community (/m/board?community=…, e.g. on a screen in the office)
  useCommunityFromLink(community.setCommunityId);
  const cid = community.communityId;
  const place = community.place;
  const [level, setLevel] = useState<Level>("community");

  // the grids of the community: all of them for staff who may read the place tree; a resident's own
  const staffTree = useQuery({
    queryKey: ["communities", cid, "tree"],
    queryFn: () => api.get<PlaceTree>(`/communities/${cid}/tree`),
    enabled: cid != null && hasPermission(me.data, "places.read", cid),
    retry: false,
  });
  const households = useQuery({
    queryKey: ["me", "households"],
    queryFn: () => api.get<MyHousehold[]>("/me/households"),
    enabled: community.isMine,
    retry: false,
  });
  const grids = useMemo(() => {
    if (staffTree.data) return staffTree.data.grids.map((g) => ({ id: g.id, name: g.name }));
    const mine = households.data?.find((h) => (h.communityId ?? cid) === cid)?.household;
    return mine?.gridId ? [{ id: mine.gridId, name: mine.gridName ?? "" }] : [];
  }, [staffTree.data, households.data, cid]);
  const [gridId, setGridId] = useState<number | null>(null);
  const grid = grids.find((g) => g.id === gridId) ?? grids[0];

  const target =
    level === "grid" && grid && cid
      ? { level, id: grid.id, communityId: cid }
      : level === "street" && place?.streetId
        ? { level, id: place.streetId }
        : cid
          ? { level: "community" as const, id: cid }
          : null;
  const figures = useQuery({
    queryKey: ["figures", target],
    queryFn: () => figuresOf(target!),
    enabled: target != null,
    refetchInterval: 60_000,
    staleTime: 0,
  });

  // the comparison: each grid of the community, or each community of the street
  const parts = useMemo(() => {
    if (!cid) return [];
    if (target?.level === "community" && staffTree.data && grids.length > 0)
      return grids.map((g) => ({
        key: `g${g.id}`,
        name: g.name,
        q: { level: "grid" as const, id: g.id, communityId: cid },
      }));
    if (target?.level === "street") {
      const street = (divisions.data ?? []).flatMap((d) => d.streets).find((s) => s.id === place?.streetId);
      return (street?.communities ?? []).map((c) => ({
        key: `c${c.id}`,
        name: c.name.replace(/社区$|村委会$|居委会$/, ""),
        q: { level: "community" as const, id: c.id },
      }));
    }
    return [];
  }, [cid, target?.level, grids, staffTree.data, divisions.data, place?.streetId]);
  const partFigures = useQueries({
    queries: parts.map((p) => ({
      queryKey: ["figures", p.q],
      queryFn: () => figuresOf(p.q),
      staleTime: 60_000,
    })),
  });
  const partsReady = parts.length > 0 && partFigures.every((q) => q.data);

  const levels: { label: string; value: Level }[] = [];
  if (grids.length > 0) levels.push({ label: t("board.levelGrid"), value: "grid" });
  levels.push({ label: t("board.levelCommunity"), value: "community" });
  if (place?.streetId) levels.push({ label: t("board.levelStreet"), value: "street" });

  const f = figures.data;
  const daily = f ? dailySeries(f.series) : null;

  return (
    <div className="m-board" data-testid="figures-board-page">
      <div className="m-toolbar">
        <CommunityChooser name={community.communityName} onChange={community.setCommunityId} />
      </div>
      <Selector<Level>
        columns={levels.length}
        value={[target?.level ?? level]}
        onChange={(v) => v[0] && setLevel(v[0])}
        options={levels}
        data-testid="board-level"
        className="m-levels"
        style={{ marginBottom: 8 }}
      />
      {target?.level === "grid" && grids.length > 1 && (
        <Selector<number>
          columns={3}
          value={grid ? [grid.id] : []}
          onChange={(v) => v[0] && setGridId(v[0])}
          options={grids.map((g) => ({ label: g.name, value: g.id }))}
          style={{ marginBottom: 8 }}
        />
      )}
      {!target ? (
        <ErrorBlock status="empty" title={t("voiceCommon.chooseCommunity")} description={null} />
      ) : figures.isPending ? (
        <MobileLoading />
      ) : figures.isError ? (
        <MobileError error={figures.error} onRetry={() => figures.refetch()} />
      ) : (
        f && (
          <>
            <h1 className="m-board-title" data-testid="board-name">
              {f.name}
              <span className="m-muted"> · {t("board.allTime")}</span>
            </h1>
            <div className="m-stats m-stats-headline" data-testid="board-headline">
              <Stat
                testId="fig-problems-solved"
                className="m-stat-headline"
                label={t("board.problemsSolved")}
                value={t("board.pieces", { n: f.problemsSolved })}
                sub={t("board.problemsSolvedSub")}
                tone="good"
              />
              <Stat
                testId="fig-wishes"
                className="m-stat-headline"
                label={t("board.wishesFulfilled")}
                value={t("board.wishCount", { n: f.wishesFulfilled })}
                sub={t("board.ofWishes", { total: f.wishes })}
                tone="good"
              />
            </div>
            <div className="m-stats" data-testid="board-figures">
              <Stat testId="fig-received" label={t("board.received")} value={String(f.received)} />
              <Stat
                testId="fig-signed-on-time"
                label={t("board.signedOnTime")}
                value={pct(f.signedOnTimePct)}
                sub={t("board.ofSigned", { n: f.signedOnTime, total: f.signed })}
              />
              <Stat
                testId="fig-solved"
                label={t("board.solved")}
                value={String(f.solved)}
                sub={t("board.solvedSub")}
              />
              <Stat
                testId="fig-solved-on-time"
                label={t("board.solvedOnTime")}
                value={pct(f.solvedOnTimePct)}
                sub={t("board.ofSolved", { n: f.solvedOnTime, total: f.solved })}
              />
              <Stat
                testId="fig-median"
                label={t("board.median")}
                value={hoursText(f.medianSolveHours, tt)}
                help={percentileHelp("median", f.medianSolveHours, tt)}
              />
              <Stat
                testId="fig-p90"
                label={t("board.p90")}
                value={hoursText(f.p90SolveHours, tt)}
                help={percentileHelp("p90", f.p90SolveHours, tt)}
              />
              <Stat
                testId="fig-satisfaction"
                label={t("board.satisfaction")}
                value={pct(f.satisfactionPct)}
                sub={t("board.ratings", { good: f.ratedGood, average: f.ratedAverage, poor: f.ratedPoor })}
                tone="good"
              />
            </div>
            <p className="m-muted">{t("board.note")}</p>

            <div className="m-board-grid">
              {target.level === "community" && <RatedSubjects communityId={target.id} />}
              <ParticipationCard target={target} />

              {parts.length > 0 && (
                <section className="m-card">
                  <h2 className="m-card-title">
                    {target.level === "street" ? t("board.byCommunity") : t("board.byGrid")}
                  </h2>
                  {partsReady ? (
                    <BarChart
                      testId="chart-parts"
                      title={target.level === "street" ? t("board.byCommunity") : t("board.byGrid")}
                      labels={parts.map((p) => p.name)}
                      series={[
                        {
                          name: t("board.received"),
                          color: COLORS.received,
                          values: partFigures.map((q) => q.data!.received),
                        },
                        {
                          name: t("board.problemsSolved"),
                          color: COLORS.solved,
                          values: partFigures.map((q) => q.data!.problemsSolved),
                        },
                        {
                          name: t("board.wishesFulfilled"),
                          color: COLORS.wishes,
                          values: partFigures.map((q) => q.data!.wishesFulfilled),
                        },
                      ]}
                    />
                  ) : (
                    <MobileLoading />
                  )}
                </section>
              )}

              <section className="m-card">
                <h2 className="m-card-title">{t("board.daily")}</h2>
                {daily?.any ? (
                  <LineChart
                    testId="chart-daily"
                    title={t("board.daily")}
                    labels={daily.labels}
                    series={[
                      { name: t("board.received"), color: COLORS.received, values: daily.received },
                      { name: t("board.solved"), color: COLORS.solved, values: daily.solved },
                    ]}
                  />
                ) : (
                  <div className="m-muted">{t("board.noData")}</div>
                )}
              </section>

              {f.solved > 0 && (
                <section className="m-card">
                  <h2 className="m-card-title">{t("board.solveTime")}</h2>
                  <BarChart
                    testId="chart-hours"
                    title={t("board.solveTime")}
                    labels={f.solveHoursHistogram.map((b) =>
                      b.toHours == null ? `>${b.fromHours}` : `≤${b.toHours}`,
                    )}
                    series={[
                      {
                        name: t("board.solved"),
                        color: COLORS.onTime,
                        values: f.solveHoursHistogram.map((b) => b.count),
                      },
                    ]}
                  />
                </section>
              )}
            </div>
          </>
        )
      )}
    </div>
  );
}
