// 数据指标 (E1–E2, staff console): the figures of a place and period — the place of the person's widest
// grant to start with (a system admin: the console's community) — with their trend in ECharts, the
// ranking of the places below with their denominators, drill-down by clicking a place below (the place
// is kept in the URL), and each table as Excel.
import {
  Breadcrumb,
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Flex,
  Row,
  Segmented,
  Statistic,
  Table,
  Typography,
} from "antd";
import type { ColumnsType } from "antd/es/table";
import dayjs from "dayjs";
import { type ReactNode, useCallback, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router-dom";
import { useMe } from "../../../shared/api/session";
import type { Me } from "../../../shared/api/types";
import { useCommunity } from "../../../shared/staff/community";
import { ExportButton } from "../../../shared/staff/list-toolbar";
import { type ChartOption, EChart, loadECharts } from "../../../shared/ui/lazy-echart";
import { ErrorAlert, StaffPage } from "../../../shared/ui/staff";
import {
  type Coverage,
  FIGURE_KEYS,
  type FigureKey,
  type Figures,
  type Participation,
  useFigures,
} from "./insight-api";

// ECharts comes as a chunk of its own (shared/ui/echart.tsx), asked for when the page loads; the
// tables show at once.
loadECharts().catch(() => {});

type Period = "day" | "month" | "year";
type Child = Figures["children"][number];

const TREND_FIGURES: FigureKey[] = [
  "requests_received",
  "requests_solved",
  "vol_services",
  "meeting_attendances",
];
const COLORS = ["#1677ff", "#389e0d", "#d46b08", "#722ed1"];
const RANK = { global: 0, district: 1, street: 2, community: 3, grid: 4 } as Record<string, number>;

/** The widest place the person's insight.read grants reach (global: the console's community). */
function startPlace(me: Me | null | undefined, communityId: number): string | null {
  const grants = (me?.roles ?? [])
    .filter((g) => g.permissions.includes("insight.read"))
    .sort((a, b) => (RANK[a.scopeType] ?? 9) - (RANK[b.scopeType] ?? 9));
  const g = grants[0];
  if (!g) return null;
  if (g.scopeType === "global") return `community:${communityId}`;
  if (g.scopeType === "grid") return `grid:${g.scopeCommunityId}:${g.scopeId}`;
  return `${g.scopeType}:${g.scopeId}`;
}

const DEFAULT_SPAN: Record<Period, [number, "day" | "month" | "year"]> = {
  day: [29, "day"],
  month: [11, "month"],
  year: [4, "year"],
};

export function InsightStaffPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { communityId } = useCommunity();
  const [params, setParams] = useSearchParams();
  const start = startPlace(me.data, communityId);
  const place = params.get("place") ?? start;
  const trail = (params.get("trail") ?? "").split(",").filter(Boolean);
  const period = (params.get("period") as Period | null) ?? "month";
  const to = params.get("to") ?? dayjs().format("YYYY-MM-DD");
  const [n, unit] = DEFAULT_SPAN[period];
  const from = params.get("from") ?? dayjs(to).subtract(n, unit).startOf(unit).format("YYYY-MM-DD");
  const query = place ? { place, period, from, to } : null;
  const figures = useFigures(query);
  const f = figures.data;

  const set = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) v == null ? next.delete(k) : next.set(k, v);
    setParams(next);
  };
  const drill = (child: string) => set({ place: child, trail: [...trail, place!].join(",") });
  const up = () => set({ place: trail.at(-1) ?? null, trail: trail.slice(0, -1).join(",") || null });

  const name = useCallback((k: FigureKey) => t(`insight.figure.${k}`), [t]);
  const option = useMemo((): ChartOption | null => {
    if (!f) return null;
    return {
      tooltip: { trigger: "axis" },
      legend: { top: 0, data: TREND_FIGURES.map(name) },
      grid: { left: 40, right: 16, top: 40, bottom: 28 },
      xAxis: { type: "category", data: f.series.map((s) => s.bucket) },
      yAxis: { type: "value", minInterval: 1 },
      series: TREND_FIGURES.map((k, i) => ({
        type: "line",
        name: name(k),
        color: COLORS[i],
        data: f.series.map((s) => s.figures[k]),
      })),
    };
  }, [f, name]);

  if (!place)
    return (
      <StaffPage title={t("insight.title")}>
        <Empty description={t("insight.noPlace")} />
      </StaffPage>
    );

  const exportQuery = (table: string) => ({ place, period, from, to, table });
  const cell = (v: number | null) => (v == null ? "—" : v);
  const figureColumns = <T extends { figures: Figures["figures"] }>(): ColumnsType<T> =>
    FIGURE_KEYS.map((k) => ({
      key: k,
      title: name(k),
      align: "right" as const,
      sorter: (a: T, b: T) => (a.figures[k] ?? -1) - (b.figures[k] ?? -1),
      render: (_: unknown, r: T) => cell(r.figures[k]),
    }));
  const pct = (v: number | null) => (v == null ? "—" : `${v}%`);
  const rankingColumns: ColumnsType<Child> = [
    {
      key: "place",
      title: t("insight.place"),
      fixed: "left",
      render: (_, c) =>
        c.place.level === "grid" && f?.place.level === "grid" ? (
          c.place.name
        ) : (
          <Button
            type="link"
            style={{ padding: 0 }}
            onClick={() => drill(c.place.place)}
            data-testid={`drill-${c.place.place}`}
          >
            {c.place.name}
          </Button>
        ),
    },
    {
      key: "residents",
      title: t("insight.residents"),
      align: "right",
      sorter: (a, b) => a.residents - b.residents,
      render: (_, c) => c.residents,
    },
    {
      key: "solvedOnTimePct",
      title: t("insight.rate.solvedOnTimePct"),
      align: "right",
      sorter: (a, b) => (a.rates.solvedOnTimePct ?? -1) - (b.rates.solvedOnTimePct ?? -1),
      render: (_, c) => pct(c.rates.solvedOnTimePct),
    },
    {
      key: "satisfactionPct",
      title: t("insight.rate.satisfactionPct"),
      align: "right",
      sorter: (a, b) => (a.rates.satisfactionPct ?? -1) - (b.rates.satisfactionPct ?? -1),
      render: (_, c) => pct(c.rates.satisfactionPct),
    },
    {
      key: "volHoursPerResident",
      title: t("insight.rate.volHoursPerResident"),
      align: "right",
      sorter: (a, b) => (a.rates.volHoursPerResident ?? -1) - (b.rates.volHoursPerResident ?? -1),
      render: (_, c) => cell(c.rates.volHoursPerResident),
    },
    {
      key: "careAlertsAnsweredPct",
      title: t("insight.rate.careAlertsAnsweredPct"),
      align: "right",
      sorter: (a, b) => (a.rates.careAlertsAnsweredPct ?? -1) - (b.rates.careAlertsAnsweredPct ?? -1),
      render: (_, c) => pct(c.rates.careAlertsAnsweredPct),
    },
    {
      key: "participation",
      title: t("insight.participation.pct"),
      align: "right",
      sorter: (a, b) => (a.participation.pct ?? -1) - (b.participation.pct ?? -1),
      render: (_, c) =>
        `${pct(c.participation.pct)} (${c.participation.active}/${c.participation.residents})`,
    },
    ...figureColumns<Child>(),
  ];
  const seriesColumns: ColumnsType<Figures["series"][number]> = [
    { key: "bucket", title: t("insight.bucket"), fixed: "left", render: (_, s) => s.bucket },
    ...figureColumns<Figures["series"][number]>(),
  ];

  return (
    <StaffPage
      title={t("insight.title")}
      subtitle={t("insight.subtitle")}
      testId="insight-page"
      extra={
        <Flex gap={8} wrap align="center">
          {place && (
            <Button href={`/screen/${place}`} target="_blank" data-testid="open-screen">
              {t("insight.openScreen")}
            </Button>
          )}
          <Segmented
            aria-label={t("insight.period")}
            value={period}
            options={(["day", "month", "year"] as const).map((p) => ({ value: p, label: t(`insight.${p}`) }))}
            onChange={(v) => set({ period: String(v), from: null, to: null })}
          />
          <DatePicker.RangePicker
            aria-label={t("insight.range")}
            allowClear={false}
            value={[dayjs(from), dayjs(to)]}
            onChange={(v) =>
              v?.[0] && v[1] && set({ from: v[0].format("YYYY-MM-DD"), to: v[1].format("YYYY-MM-DD") })
            }
          />
        </Flex>
      }
    >
      <Flex gap={8} align="center" wrap style={{ marginBottom: 12 }}>
        {trail.length > 0 && (
          <Button onClick={up} data-testid="insight-up">
            {t("insight.up")}
          </Button>
        )}
        {f && (
          <Breadcrumb
            items={[
              { title: `${t(`insight.levels.${f.place.level}`)}：${f.place.name}` },
              { title: `${f.from} ~ ${f.to}` },
            ]}
          />
        )}
      </Flex>
      {figures.error && <ErrorAlert error={figures.error} onRetry={() => figures.refetch()} />}
      {f && (
        <Flex vertical gap={16}>
          <Card
            title={t("insight.summary")}
            extra={
              <ExportButton
                path="/insight/figures/export.xlsx"
                query={exportQuery("summary")}
                fallbackName="insight.xlsx"
                label={t("insight.exportSummary")}
                testId="export-summary"
              />
            }
          >
            <Row gutter={[16, 16]} data-testid="insight-summary">
              <Col xs={12} md={6}>
                <Statistic title={t("insight.residents")} value={f.residents} />
              </Col>
              <Col xs={12} md={6}>
                <Statistic title={t("insight.rate.solvedOnTimePct")} value={pct(f.rates.solvedOnTimePct)} />
              </Col>
              <Col xs={12} md={6}>
                <Statistic title={t("insight.rate.satisfactionPct")} value={pct(f.rates.satisfactionPct)} />
              </Col>
              <Col xs={12} md={6}>
                <Statistic
                  title={t("insight.rate.volHours")}
                  value={f.figures.vol_minutes == null ? "—" : f.rates.volHours}
                />
              </Col>
              <Col xs={12} md={6}>
                <Statistic title={t("insight.rate.goodsValueYuan")} value={cell(f.rates.goodsValueYuan)} />
              </Col>
              <Col xs={12} md={6}>
                <Statistic
                  title={t("insight.rate.canteenSubsidyYuan")}
                  value={cell(f.rates.canteenSubsidyYuan)}
                />
              </Col>
              <Col xs={12} md={6}>
                <Statistic
                  title={t("insight.rate.careAlertsAnsweredPct")}
                  value={pct(f.rates.careAlertsAnsweredPct)}
                />
              </Col>
              <Col xs={12} md={6}>
                <Statistic
                  title={t("insight.participation.pct")}
                  value={pct(f.participation.pct)}
                  suffix={
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {f.participation.active}/{f.participation.residents}
                    </Typography.Text>
                  }
                />
              </Col>
              {FIGURE_KEYS.map((k) => (
                <Col xs={12} md={6} key={k}>
                  <Statistic title={name(k)} value={cell(f.figures[k])} />
                </Col>
              ))}
            </Row>
            {f.place.level === "grid" && (
              <Typography.Text type="secondary">{t("insight.notCounted")}</Typography.Text>
            )}
          </Card>
          <Card
            title={t("insight.trend")}
            extra={
              <ExportButton
                path="/insight/figures/export.xlsx"
                query={exportQuery("series")}
                fallbackName="insight.xlsx"
                label={t("insight.exportSeries")}
                testId="export-series"
              />
            }
          >
            {option ? (
              <EChart
                option={option}
                height={280}
                ariaLabel={t("insight.trendLabel", {
                  place: f.place.name,
                  figures: TREND_FIGURES.map(name).join("、"),
                })}
              />
            ) : (
              <div style={{ height: 280 }} aria-hidden="true" />
            )}
            <Table
              size="small"
              rowKey="bucket"
              columns={seriesColumns}
              dataSource={f.series}
              scroll={{ x: "max-content" }}
              pagination={{ pageSize: 12, hideOnSinglePage: true }}
              data-testid="insight-series"
            />
          </Card>
          <ParticipationCard
            participation={f.participation}
            period={period}
            exportQuery={exportQuery("participation")}
          />
          <CoverageCard coverage={f.coverage} exportQuery={exportQuery("coverage")} />
          <Card
            title={t("insight.ranking")}
            extra={
              <ExportButton
                path="/insight/figures/export.xlsx"
                query={exportQuery("children")}
                fallbackName="insight.xlsx"
                label={t("insight.exportRanking")}
                testId="export-ranking"
              />
            }
          >
            {f.children.length === 0 ? (
              <Empty description={t("insight.noChildren")} />
            ) : (
              <>
                <Typography.Paragraph type="secondary">{t("insight.rankingHint")}</Typography.Paragraph>
                <Table
                  size="small"
                  rowKey={(c) => c.place.place}
                  columns={rankingColumns}
                  dataSource={f.children}
                  scroll={{ x: "max-content" }}
                  pagination={false}
                  data-testid="insight-ranking"
                />
              </>
            )}
          </Card>
        </Flex>
      )}
    </StaffPage>
  );
}

/** A table in a focusable, named scroll region (keyboard users can scroll it; axe asks for it). */
function Scroll(props: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
    <section aria-label={props.label} tabIndex={0} style={{ overflowX: "auto" }}>
      {props.children}
    </section>
  );
}

const pctText = (v: number | null) => (v == null ? "—" : `${v}%`);

interface ShareRow {
  key: string;
  group: string;
  name: string;
  active: number;
  residents: number;
  pct: number | null;
}

/** 参与率: the place's participation in total, by age band, by care tag and per month (or year). */
function ParticipationCard({
  participation: p,
  period,
  exportQuery,
}: {
  participation: Participation;
  period: Period;
  exportQuery: Record<string, string>;
}) {
  const { t } = useTranslation();
  const rows: ShareRow[] = [
    {
      key: "all",
      group: t("insight.participation.total"),
      name: `${p.fromMonth} ~ ${p.toMonth}`,
      ...pick(p),
    },
    ...p.byAge.map((b) => ({
      key: `band:${b.band}`,
      group: t("insight.participation.byAge"),
      name: t(`insight.participation.band.${b.band}`),
      ...pick(b),
    })),
    ...p.byCare.map((c) => ({
      key: `tag:${c.tag}`,
      group: t("insight.participation.byCare"),
      name: c.tag,
      ...pick(c),
    })),
    ...p.series.map((s) => ({
      key: `bucket:${s.bucket}`,
      group: t(`insight.participation.${period === "year" ? "year" : "month"}`),
      name: s.bucket,
      active: s.active,
      residents: p.residents,
      pct: s.pct,
    })),
  ];
  const columns: ColumnsType<ShareRow> = [
    { key: "group", title: t("insight.participation.group"), render: (_, r) => r.group },
    { key: "name", title: t("insight.participation.item"), render: (_, r) => r.name },
    { key: "active", title: t("insight.participation.active"), align: "right", render: (_, r) => r.active },
    {
      key: "residents",
      title: t("insight.participation.residents"),
      align: "right",
      render: (_, r) => r.residents,
    },
    { key: "pct", title: t("insight.participation.pct"), align: "right", render: (_, r) => pctText(r.pct) },
  ];
  return (
    <Card
      title={t("insight.participation.title")}
      extra={
        <ExportButton
          path="/insight/figures/export.xlsx"
          query={exportQuery}
          fallbackName="insight-participation.xlsx"
          label={t("insight.participation.export")}
          testId="export-participation"
        />
      }
    >
      <Typography.Paragraph type="secondary">
        {t("insight.participation.hint", { from: p.fromMonth, to: p.toMonth, ageOn: p.ageOn })}
      </Typography.Paragraph>
      <Scroll label={t("insight.participation.title")}>
        <Table
          size="small"
          rowKey="key"
          columns={columns}
          dataSource={rows}
          pagination={false}
          style={{ minWidth: 480 }}
          data-testid="insight-participation"
        />
      </Scroll>
    </Card>
  );
}

const pick = (x: { active: number; residents: number; pct: number | null }) => ({
  active: x.active,
  residents: x.residents,
  pct: x.pct,
});

/** 生活圈覆盖: per facility kind, the residential buildings and residents within 15 minutes' walk. */
function CoverageCard({
  coverage: c,
  exportQuery,
}: {
  coverage: Figures["coverage"];
  exportQuery: Record<string, string>;
}) {
  const { t, i18n } = useTranslation();
  type Kind = Coverage["kinds"][number];
  const columns: ColumnsType<Kind> = [
    {
      key: "kind",
      title: t("insight.coverage.kind"),
      render: (_, k) => (i18n.language.startsWith("en") ? k.nameEn : k.nameZh),
    },
    {
      key: "buildings",
      title: t("insight.coverage.buildings"),
      align: "right",
      render: (_, k) => k.buildings,
    },
    {
      key: "buildingsWithin",
      title: t("insight.coverage.buildingsWithin"),
      align: "right",
      render: (_, k) => k.buildingsWithin,
    },
    {
      key: "buildingsPct",
      title: t("insight.coverage.buildingsPct"),
      align: "right",
      sorter: (a, b) => (a.buildingsPct ?? -1) - (b.buildingsPct ?? -1),
      render: (_, k) => pctText(k.buildingsPct),
    },
    {
      key: "residents",
      title: t("insight.coverage.residents"),
      align: "right",
      render: (_, k) => k.residents,
    },
    {
      key: "residentsWithin",
      title: t("insight.coverage.residentsWithin"),
      align: "right",
      render: (_, k) => k.residentsWithin,
    },
    {
      key: "residentsPct",
      title: t("insight.coverage.residentsPct"),
      align: "right",
      sorter: (a, b) => (a.residentsPct ?? -1) - (b.residentsPct ?? -1),
      render: (_, k) => pctText(k.residentsPct),
    },
  ];
  return (
    <Card
      title={t("insight.coverage.title")}
      extra={
        c && (
          <ExportButton
            path="/insight/figures/export.xlsx"
            query={exportQuery}
            fallbackName="insight-coverage.xlsx"
            label={t("insight.coverage.export")}
            testId="export-coverage"
          />
        )
      }
    >
      {c == null ? (
        <Typography.Text type="secondary">{t("insight.coverage.grid")}</Typography.Text>
      ) : c.kinds.length === 0 ? (
        <Empty description={t("insight.coverage.none")} />
      ) : (
        <>
          <Typography.Paragraph type="secondary">
            {t("insight.coverage.hint", { minutes: c.minutes, communities: c.communities })}
          </Typography.Paragraph>
          <Scroll label={t("insight.coverage.title")}>
            <Table
              size="small"
              rowKey="code"
              columns={columns}
              dataSource={c.kinds}
              pagination={false}
              style={{ minWidth: 640 }}
              data-testid="insight-coverage"
            />
          </Scroll>
        </>
      )}
    </Card>
  );
}
