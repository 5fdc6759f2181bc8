// The public board's charts (grouped bars, lines), drawn with ECharts (shared/ui/echart.tsx): phone-sized
// labels, larger text in elderly mode. Each chart also carries its numbers as a screen-reader table,
// which the e2e tests read too, and keeps its data-testid on the outer <figure>.
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useElderlyMode } from "../../../shared/elderly/elderly-mode";
import { type ChartOption, EChart, loadECharts } from "../../../shared/ui/lazy-echart";

// ECharts is the board's largest part: a chunk of its own (shared/ui/echart.tsx), asked for as soon as
// the board loads. The figures and each chart's table show at once; a chart's drawing takes its place,
// in a box of the same height, when ECharts has arrived.
loadECharts().catch(() => {});

export interface Series {
  name: string;
  color: string;
  values: number[];
}

const TEXT = "#262626";
const MUTED = "#595959";
const AXIS = "#8c8c8c";
const SPLIT = "#e8e8e8";

/** Roughly how wide a label is drawn: Chinese characters a full em, others about 0.6 em. */
function textWidth(s: string, font: number): number {
  let w = 0;
  for (const ch of s) w += /[\u2e80-\uffff]/.test(ch) && ch !== "≤" ? font : font * 0.6;
  return w;
}

function Legend(props: { series: Series[]; fontSize: number }) {
  return (
    <div className="chart-legend" style={{ fontSize: props.fontSize }}>
      {props.series.map((s) => (
        <span key={s.name}>
          <i style={{ background: s.color }} />
          {s.name}
        </span>
      ))}
    </div>
  );
}

function DataTable(props: { labels: string[]; series: Series[]; caption: string }) {
  return (
    <table className="sr-only">
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th />
          {props.series.map((s) => (
            <th key={s.name}>{s.name}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.labels.map((l, i) => (
          <tr key={l}>
            <th>{l}</th>
            {props.series.map((s) => (
              <td key={s.name}>{s.values[i]}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The chart's numbers in one sentence, for the chart's aria-label. */
function summary(title: string, labels: string[], series: Series[]): string {
  const rows = labels.map((l, i) => `${l}: ${series.map((s) => `${s.name} ${s.values[i] ?? 0}`).join(", ")}`);
  return `${title}. ${rows.join("; ")}`;
}

/** The same data as a stable key, so a parent re-rendering with equal arrays does not redraw. */
function dataKey(labels: string[], series: Series[]): string {
  return JSON.stringify([labels, series]);
}

function tooltip(font: number): ChartOption["tooltip"] {
  return {
    trigger: "axis",
    confine: true,
    textStyle: { fontSize: font, color: TEXT },
  };
}

/** Nothing to draw: no labels, or every number zero (a row of "0" bars says nothing). */
function isEmpty(labels: string[], series: Series[]): boolean {
  return labels.length === 0 || series.every((s) => s.values.every((v) => !v));
}

function Empty() {
  const { t } = useTranslation();
  return <div className="m-muted">{t("board.noData")}</div>;
}

/** Grouped vertical bars: one group per label (a grid, a community), one bar per series. */
export function BarChart(props: { labels: string[]; series: Series[]; title: string; testId?: string }) {
  const large = useElderlyMode();
  const font = large ? 16 : 12;
  const key = dataKey(props.labels, props.series);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for labels and series
  const option = useMemo(() => {
    const { labels, series } = props;
    return (width: number): ChartOption => {
      const n = Math.max(1, labels.length);
      const slot = (width - 16) / n;
      const widest = Math.max(0, ...labels.map((l) => textWidth(l, font)));
      // names that do not fit side by side lean over, cut at about six characters
      const lean = widest > slot - 4 && n > 3;
      return {
        grid: {
          left: 8,
          right: 8,
          top: font + 10,
          bottom: 4,
          outerBoundsMode: "same",
          outerBoundsContain: "axisLabel",
        },
        tooltip: { ...tooltip(font), axisPointer: { type: "shadow" } },
        xAxis: {
          type: "category",
          data: labels,
          axisTick: { show: false },
          axisLine: { lineStyle: { color: AXIS } },
          axisLabel: {
            interval: 0,
            fontSize: font,
            color: TEXT,
            rotate: lean ? 40 : 0,
            width: lean ? font * 6 : Math.max(font, slot - 4),
            overflow: "truncate",
          },
        },
        yAxis: {
          type: "value",
          minInterval: 1,
          splitNumber: 2,
          axisLabel: { show: false },
          splitLine: { lineStyle: { color: SPLIT } },
        },
        series: series.map((s) => ({
          type: "bar",
          name: s.name,
          data: s.values,
          itemStyle: { color: s.color, borderRadius: [2, 2, 0, 0] },
          barMaxWidth: 28,
          barGap: "8%",
          label: { show: true, position: "top", fontSize: font, color: TEXT },
          labelLayout: { hideOverlap: true },
        })),
      };
    };
  }, [key, font]);
  return (
    <figure className="chart" data-testid={props.testId}>
      {isEmpty(props.labels, props.series) ? (
        <Empty />
      ) : (
        <>
          <EChart
            option={option}
            height={large ? 260 : 210}
            ariaLabel={summary(props.title, props.labels, props.series)}
          />
          <Legend series={props.series} fontSize={font + 1} />
        </>
      )}
      <DataTable labels={props.labels} series={props.series} caption={props.title} />
    </figure>
  );
}

/** Lines over days (or any ordered labels), with dots and the first, middle and last label written out. */
export function LineChart(props: { labels: string[]; series: Series[]; title: string; testId?: string }) {
  const large = useElderlyMode();
  const font = large ? 16 : 12;
  const key = dataKey(props.labels, props.series);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for labels and series
  const option = useMemo(() => {
    const { labels, series } = props;
    const n = labels.length;
    const shown = new Set(n <= 4 ? labels.map((_, i) => i) : [0, Math.floor((n - 1) / 2), n - 1]);
    return (): ChartOption => ({
      grid: {
        left: 4,
        right: 12,
        top: 12,
        bottom: 4,
        outerBoundsMode: "same",
        outerBoundsContain: "axisLabel",
      },
      tooltip: tooltip(font),
      xAxis: {
        type: "category",
        data: labels,
        boundaryGap: n <= 1,
        axisTick: { show: false },
        axisLine: { lineStyle: { color: AXIS } },
        axisLabel: {
          interval: (i: number) => shown.has(i),
          fontSize: font,
          color: TEXT,
          alignMinLabel: n > 1 ? "left" : undefined,
          alignMaxLabel: n > 1 ? "right" : undefined,
        },
      },
      yAxis: {
        type: "value",
        minInterval: 1,
        splitNumber: 2,
        axisLabel: { fontSize: font, color: MUTED },
        splitLine: { lineStyle: { color: SPLIT } },
      },
      series: series.map((s) => ({
        type: "line",
        name: s.name,
        data: s.values,
        color: s.color,
        symbol: "circle",
        // a dot for every day, not only the ones ECharts would pick on a narrow screen
        showAllSymbol: true,
        symbolSize: large ? 6 : 4,
        lineStyle: { width: large ? 3 : 2 },
      })),
    });
  }, [key, font, large]);
  return (
    <figure className="chart" data-testid={props.testId}>
      {isEmpty(props.labels, props.series) ? (
        <Empty />
      ) : (
        <>
          <EChart
            option={option}
            height={large ? 240 : 190}
            ariaLabel={summary(props.title, props.labels, props.series)}
          />
          <Legend series={props.series} fontSize={font + 1} />
        </>
      )}
      <DataTable labels={props.labels} series={props.series} caption={props.title} />
    </figure>
  );
}
