// ECharts as a chunk of its own (echart.tsx), asked for as soon as a page that draws charts loads
// (beside its figures, not after them). Until it arrives a box of the same height holds its place;
// if loading fails it is asked again the next time (e.g. back online).
import { lazy, Suspense } from "react";
import type { EChartProps } from "./echart";

export type { ChartOption, EChartProps } from "./echart";

let echartsChunk: Promise<typeof import("./echart")> | null = null;

/** Start loading ECharts (call at module level of a page that will draw charts). */
export function loadECharts() {
  echartsChunk ??= import("./echart").catch((err: unknown) => {
    echartsChunk = null;
    throw err;
  });
  return echartsChunk;
}

const LazyEChart = lazy(() => loadECharts().then((m) => ({ default: m.EChart })));

export function EChart(props: EChartProps) {
  return (
    <Suspense fallback={<div style={{ height: props.height }} aria-hidden="true" />}>
      <LazyEChart {...props} />
    </Suspense>
  );
}
