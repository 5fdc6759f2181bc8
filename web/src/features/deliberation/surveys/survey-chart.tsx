// One question's counts as an ECharts bar or pie chart (only the parts used are registered, SVG
// renderer, no animation under WebDriver), with the numbers also as a table for screen readers.
import type { BarSeriesOption, PieSeriesOption } from "echarts/charts";
import { BarChart, PieChart } from "echarts/charts";
import type { GridComponentOption, TooltipComponentOption } from "echarts/components";
import { GridComponent, TooltipComponent } from "echarts/components";
import type { ComposeOption } from "echarts/core";
import * as echarts from "echarts/core";
import { LabelLayout } from "echarts/features";
import { SVGRenderer } from "echarts/renderers";
import { useEffect, useRef } from "react";

echarts.use([BarChart, PieChart, GridComponent, TooltipComponent, LabelLayout, SVGRenderer]);

type Option = ComposeOption<BarSeriesOption | PieSeriesOption | GridComponentOption | TooltipComponentOption>;

const underWebDriver = typeof navigator !== "undefined" && navigator.webdriver === true;
const COLORS = ["#1d39c4", "#d4380d", "#237804", "#ad6800", "#722ed1", "#08979c", "#c41d7f", "#595959"];

export function SurveyChart(props: {
  kind: "bar" | "pie";
  data: { label: string; count: number }[];
  ariaLabel: string;
  testId?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const c = echarts.init(el, null, { renderer: "svg" });
    chart.current = c;
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const c = chart.current;
    const el = ref.current;
    if (!c || !el) return;
    const fontFamily = getComputedStyle(el).fontFamily;
    const option: Option =
      props.kind === "bar"
        ? {
            color: COLORS,
            tooltip: { trigger: "axis" },
            grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
            xAxis: {
              type: "category",
              data: props.data.map((d) => d.label),
              axisLabel: { color: "#262626" },
            },
            yAxis: { type: "value", minInterval: 1, axisLabel: { color: "#595959" } },
            series: [
              {
                type: "bar",
                data: props.data.map((d) => d.count),
                label: { show: true, position: "top", color: "#262626" },
                barMaxWidth: 48,
              },
            ],
          }
        : {
            color: COLORS,
            tooltip: { trigger: "item" },
            series: [
              {
                type: "pie",
                radius: ["30%", "65%"],
                data: props.data.map((d) => ({ name: d.label, value: d.count })),
                label: { formatter: "{b}: {c}", color: "#262626" },
              },
            ],
          };
    c.setOption({ animation: !underWebDriver, textStyle: { fontFamily }, ...option }, { notMerge: true });
  }, [props.kind, props.data]);

  return (
    <figure style={{ margin: 0 }} data-testid={props.testId}>
      <div ref={ref} role="img" aria-label={props.ariaLabel} style={{ width: "100%", height: 240 }} />
      <table className="sr-only">
        <caption>{props.ariaLabel}</caption>
        <tbody>
          {props.data.map((d) => (
            <tr key={d.label}>
              <th scope="row">{d.label}</th>
              <td>{d.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
