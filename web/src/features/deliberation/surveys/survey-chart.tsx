// One question's counts as an ECharts bar or pie chart (the shared wrapper, ECharts in its own chunk,
// SVG renderer, no animation under WebDriver), with the numbers also as a table for screen readers.
import { useMemo } from "react";
import { type ChartOption, EChart } from "../../../shared/ui/lazy-echart";

const COLORS = ["#1d39c4", "#d4380d", "#237804", "#ad6800", "#722ed1", "#08979c", "#c41d7f", "#595959"];

export function SurveyChart(props: {
  kind: "bar" | "pie";
  data: { label: string; count: number }[];
  ariaLabel: string;
  testId?: string;
}) {
  const option = useMemo(
    (): ChartOption =>
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
          },
    [props.kind, props.data],
  );

  return (
    <figure style={{ margin: 0 }} data-testid={props.testId}>
      <EChart option={option} height={240} ariaLabel={props.ariaLabel} />
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
