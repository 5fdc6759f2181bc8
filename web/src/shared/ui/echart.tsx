// The one ECharts wrapper of the web app (insight, the survey results, the public board, the big
// screen). This module is ECharts' own chunk: pages load it through lazy-echart.tsx, never import it
// directly (type imports are fine). Only the parts used are registered, once, when the chunk loads.
// The chart is made once on mount (SVG by default; the big screen draws on a canvas), given new
// options with setOption when they change (the same instance, never a second one), resized with its
// box and disposed on unmount. Text inherits the page font (Chinese-friendly); no animation under
// WebDriver so that tests see the final picture at once.
import type { BarSeriesOption, LineSeriesOption, PieSeriesOption, ScatterSeriesOption } from "echarts/charts";
import { BarChart, LineChart, PieChart, ScatterChart } from "echarts/charts";
import type {
  GridComponentOption,
  LegendComponentOption,
  TitleComponentOption,
  TooltipComponentOption,
} from "echarts/components";
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent } from "echarts/components";
import type { ComposeOption } from "echarts/core";
import * as echarts from "echarts/core";
import { LabelLayout } from "echarts/features";
import { CanvasRenderer, SVGRenderer } from "echarts/renderers";
import { type CSSProperties, useEffect, useRef, useState } from "react";

echarts.use([
  BarChart,
  LineChart,
  PieChart,
  ScatterChart,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  LabelLayout,
  SVGRenderer,
  CanvasRenderer,
]);

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | PieSeriesOption
  | ScatterSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | TitleComponentOption
  | TooltipComponentOption
>;

export interface EChartProps {
  /** the option, or a function of the box's width in CSS pixels (called again when it changes) */
  option: ChartOption | ((width: number) => ChartOption);
  height: number | string;
  /** What a screen reader hears instead of the drawing: the title and the numbers. */
  ariaLabel: string;
  style?: CSSProperties;
  renderer?: "svg" | "canvas";
  testId?: string;
}

/** Tests (Playwright sets `navigator.webdriver`) get the final picture at once, without animation. */
const underWebDriver = typeof navigator !== "undefined" && navigator.webdriver === true;

export function EChart(props: EChartProps) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const [width, setWidth] = useState(0);
  const renderer = props.renderer ?? "svg";

  // made once, resized with its box, disposed when the component goes
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const c = echarts.init(el, null, { renderer });
    chart.current = c;
    setWidth(Math.round(el.clientWidth));
    const ro = new ResizeObserver(() => {
      c.resize();
      setWidth(Math.round(el.clientWidth));
    });
    ro.observe(el);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, [renderer]);

  const { option } = props;
  useEffect(() => {
    const c = chart.current;
    const el = ref.current;
    if (!c || !el || width <= 0) return;
    const o = typeof option === "function" ? option(width) : option;
    c.setOption(
      {
        animation: !underWebDriver,
        ...o,
        textStyle: { fontFamily: getComputedStyle(el).fontFamily, ...(o.textStyle as object) },
      },
      { notMerge: true },
    );
  }, [option, width]);

  return (
    <div
      ref={ref}
      role="img"
      aria-label={props.ariaLabel}
      data-testid={props.testId}
      style={{ width: "100%", height: props.height, ...props.style }}
    />
  );
}
