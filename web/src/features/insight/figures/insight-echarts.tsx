// The insight page's ECharts (its own chunk, loaded by insight-charts.tsx): line charts only, drawn
// with the SVG renderer; made on mount, given new options when they change, resized with its box and
// disposed on unmount (features do not import each other, so this is insight's own small wrapper).
import type { LineSeriesOption } from "echarts/charts";
import { LineChart } from "echarts/charts";
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from "echarts/components";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import type { ComposeOption } from "echarts/core";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import { useEffect, useRef } from "react";

echarts.use([LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export type TrendOption = ComposeOption<
  LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;

const underWebDriver = typeof navigator !== "undefined" && navigator.webdriver === true;

export function TrendChart(props: { option: TrendOption; height: number; ariaLabel: string }) {
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
    chart.current?.setOption({ animation: !underWebDriver, ...props.option }, { notMerge: true });
  }, [props.option]);
  return (
    <div ref={ref} role="img" aria-label={props.ariaLabel} style={{ width: "100%", height: props.height }} />
  );
}
