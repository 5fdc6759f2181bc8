// The isochrone bands on a straight 2 km street with one facility at its west end: the 5-minute band
// reaches 300 m along it (1.0 m/s) plus the step off the way, the bands are disjoint and ordered, a
// shape never reaches beyond 15 minutes, and no facility means no shapes.
import { describe, expect, it } from "vitest";
import { graphFromEdges } from "./graph.ts";
import { isochrones, OFF_WAY_METERS } from "./isochrones.ts";

const M_PER_DEG = 111_320;
// 21 nodes, 100 m apart along the equator
const lon = Float64Array.from({ length: 21 }, (_, i) => (i * 100) / M_PER_DEG);
const g = graphFromEdges(
  new Float64Array(21),
  lon,
  Float64Array.from({ length: 21 }, (_, i) => i + 1),
  Int32Array.from({ length: 20 }, (_, i) => i),
  Int32Array.from({ length: 20 }, (_, i) => i + 1),
  20,
);

describe("isochrones", () => {
  it("bands along the street: 0–5, 5–10, 10–15 minutes at 1.0 m/s, disjoint and within reach", () => {
    const r = isochrones(g, { node: Int32Array.from([0]), leg: Float64Array.from([0]) }, 1.0, 20);
    expect(r.bands.map((b) => [b.fromMinutes, b.toMinutes])).toEqual([
      [0, 5],
      [5, 10],
      [10, 15],
    ]);
    const east = (b: number) => Math.max(...r.bands[b]!.rects.map((x) => x[2] * M_PER_DEG));
    // 300 m walk (+ the step off the way at the street's end of the band, within a cell)
    expect(east(0)).toBeGreaterThan(290);
    expect(east(0)).toBeLessThan(300 + OFF_WAY_METERS + 20);
    expect(east(1)).toBeLessThan(600 + OFF_WAY_METERS + 20);
    expect(east(2)).toBeGreaterThan(880);
    expect(east(2)).toBeLessThan(900 + OFF_WAY_METERS + 20);
    // disjoint: the 5–10 band starts where the 5-minute band ends
    const west1 = Math.min(...r.bands[1]!.rects.map((x) => x[0] * M_PER_DEG));
    expect(west1).toBeGreaterThan(east(0) - 21 - OFF_WAY_METERS);
    expect(r.cellMeters).toBe(20);
  });

  it("no facility: no shapes; a faster walk reaches farther", () => {
    expect(isochrones(g, { node: new Int32Array(0), leg: new Float64Array(0) }, 1.0).bands).toEqual([]);
    const slow = isochrones(g, { node: Int32Array.from([0]), leg: Float64Array.from([0]) }, 1.0, 20);
    const fast = isochrones(g, { node: Int32Array.from([0]), leg: Float64Array.from([0]) }, 1.2, 20);
    const far = (r: typeof slow) => Math.max(...r.bands.flatMap((b) => b.rects.map((x) => x[2])));
    expect(far(fast)).toBeGreaterThan(far(slow));
  });
});
