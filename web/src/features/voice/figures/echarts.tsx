// A small React wrapper around ECharts: only the pieces the board needs are registered (once, when
// this module loads), drawn with the SVG renderer so screenshots and high-DPI phones stay crisp.
// The chart is made on mount, given new options when they change, resized with its box, and
// disposed on unmount. Text inherits the page font (Chinese-friendly); no animation under WebDriver.

import type { BarSeriesOption, LineSeriesOption } from "echarts/charts";
import { BarChart as EBarChart, LineChart as ELineChart } from "echarts/charts";
import type { GridComponentOption, TooltipComponentOption } from "echarts/components";
import { GridComponent, TooltipComponent } from "echarts/components";
import type { ComposeOption } from "echarts/core";
import * as echarts from "echarts/core";
import { LabelLayout } from "echarts/features";
import { SVGRenderer } from "echarts/renderers";
import { type CSSProperties, useEffect, useRef, useState } from "react";

echarts.use([EBarChart, ELineChart, GridComponent, TooltipComponent, LabelLayout, SVGRenderer]);

export type ChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | GridComponentOption | TooltipComponentOption
>;

/** Tests (Playwright sets `navigator.webdriver`) get the final picture at once, without animation. */
const underWebDriver = typeof navigator !== "undefined" && navigator.webdriver === true;

/**
 * One ECharts chart filling a box of the given height. `option` is called with the box's width in
 * CSS pixels (so labels can be fitted to a 375 px phone) and again whenever the width changes.
 */
export function EChart(props: {
  option: (width: number) => ChartOption;
  height: number;
  /** What a screen reader hears instead of the drawing: the title and the numbers. */
  ariaLabel: string;
  style?: CSSProperties;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const [width, setWidth] = useState(0);

  // made once, resized with its box, disposed when the component goes
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const c = echarts.init(el, null, { renderer: "svg" });
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
  }, []);

  const { option } = props;
  useEffect(() => {
    const c = chart.current;
    const el = ref.current;
    if (!c || !el || width <= 0) return;
    const o = option(width);
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
      style={{ width: "100%", height: props.height, ...props.style }}
    />
  );
}
