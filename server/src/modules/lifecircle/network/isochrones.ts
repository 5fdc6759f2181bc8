// Isochrone shapes (DOMAIN L4): where one can walk to the nearest facility of a kind within 5, 10 and
// 15 minutes, as GeoJSON bands for the map. A simple cell grid rather than a concave hull or contouring
// library (no new dependency, and exact to the cell): the network distance from the kind's facilities
// (the same multi-source Dijkstra the readings use) is sampled along every way every half cell, and each
// sample reaches the cells around it within a short step off the way (OFF_WAY_METERS, the last metres to
// a door); a cell takes the shortest. Cells of one band are merged into rectangles (runs along a row,
// then stacked rows of the same run), one MultiPolygon per band. The bands are disjoint rings: within 5
// minutes, 5–10, 10–15. Pure: the service reads the graph and the facilities and caches the result.
import { MinHeap, multiSourceDijkstra } from "./accessibility.ts";
import { CIRCLES } from "./coverage.ts";
import { haversine, type WalkGraph } from "./graph.ts";
import type { Snapped } from "./snap.ts";

/** The last metres from the way to a door: a cell this far from a reached way counts as reached. */
export const OFF_WAY_METERS = 60;
const M_PER_DEG = 111_320;
/** Cells at most (the grid coarsens past it: a city district stays a few hundred thousand cells). */
const MAX_CELLS = 400_000;

export interface IsochroneBand {
  fromMinutes: number;
  toMinutes: number;
  /** rectangles as [west, south, east, north] in degrees */
  rects: [number, number, number, number][];
}

export interface Isochrones {
  cellMeters: number;
  bands: IsochroneBand[];
}

/**
 * The bands of one kind's facilities (snapped to the graph) at a walking speed in metres per second.
 * `cellMeters` is the wished cell size; it grows when the network's box would need too many cells.
 */
export function isochrones(g: WalkGraph, sources: Snapped, speed: number, cellMeters = 40): Isochrones {
  const limits = CIRCLES.map((m) => m * 60 * speed);
  const maxMeters = limits[limits.length - 1] as number;
  const empty = { cellMeters, bands: [] };
  if (g.nodeCount === 0 || sources.node.length === 0) return empty;
  const dist = new Float64Array(g.nodeCount);
  multiSourceDijkstra(g, sources.node, sources.leg, dist, new MinHeap(g.nodeCount), maxMeters);

  // the box of the reached nodes, widened by the step off the way
  let s = 90;
  let n = -90;
  let w = 180;
  let e = -180;
  for (let v = 0; v < g.nodeCount; v++) {
    if (!((dist[v] as number) <= maxMeters)) continue;
    const lat = g.lat[v] as number;
    const lon = g.lon[v] as number;
    if (lat < s) s = lat;
    if (lat > n) n = lat;
    if (lon < w) w = lon;
    if (lon > e) e = lon;
  }
  if (s > n) return empty;
  const kx = Math.cos((((s + n) / 2) * Math.PI) / 180) * M_PER_DEG;
  const padLat = OFF_WAY_METERS / M_PER_DEG;
  const padLon = OFF_WAY_METERS / kx;
  s -= padLat;
  n += padLat;
  w -= padLon;
  e += padLon;
  let cell = cellMeters;
  const heightM = (n - s) * M_PER_DEG;
  const widthM = (e - w) * kx;
  while ((heightM / cell) * (widthM / cell) > MAX_CELLS) cell *= 1.5;
  const cols = Math.max(1, Math.ceil(widthM / cell));
  const rows = Math.max(1, Math.ceil(heightM / cell));
  const best = new Float64Array(cols * rows).fill(Number.POSITIVE_INFINITY);
  const reach = Math.ceil(OFF_WAY_METERS / cell);

  // a sample at (lat, lon) reached after d metres: the cells around it within the step off the way
  const stamp = (lat: number, lon: number, d: number) => {
    const x = (lon - w) * kx;
    const y = (lat - s) * M_PER_DEG;
    const cx = Math.floor(x / cell);
    const cy = Math.floor(y / cell);
    for (let j = cy - reach; j <= cy + reach; j++) {
      if (j < 0 || j >= rows) continue;
      for (let i = cx - reach; i <= cx + reach; i++) {
        if (i < 0 || i >= cols) continue;
        const off = Math.hypot((i + 0.5) * cell - x, (j + 0.5) * cell - y);
        if (off > OFF_WAY_METERS) continue;
        const total = d + off;
        const k = j * cols + i;
        if (total < (best[k] as number)) best[k] = total;
      }
    }
  };

  const { offset, target } = g;
  for (let u = 0; u < g.nodeCount; u++) {
    const du = dist[u] as number;
    for (let p = offset[u] as number, end = offset[u + 1] as number; p < end; p++) {
      const v = target[p] as number;
      if (v < u) continue; // each undirected edge once
      const dv = dist[v] as number;
      if (!(du <= maxMeters) && !(dv <= maxMeters)) continue;
      const lat0 = g.lat[u] as number;
      const lon0 = g.lon[u] as number;
      const lat1 = g.lat[v] as number;
      const lon1 = g.lon[v] as number;
      const len = haversine(lat0, lon0, lat1, lon1);
      const steps = Math.max(1, Math.ceil(len / (cell / 2)));
      for (let k = 0; k <= steps; k++) {
        const t = k / steps;
        const d = Math.min(du + t * len, dv + (1 - t) * len);
        if (d > maxMeters) continue;
        stamp(lat0 + t * (lat1 - lat0), lon0 + t * (lon1 - lon0), d);
      }
    }
  }

  const band = new Int8Array(cols * rows).fill(-1);
  for (let k = 0; k < best.length; k++) {
    const d = best[k] as number;
    band[k] = d <= maxMeters ? limits.findIndex((l) => d <= l) : -1;
  }
  const dLat = cell / M_PER_DEG;
  const dLon = cell / kx;
  const bands: IsochroneBand[] = [];
  for (let b = 0; b < limits.length; b++) {
    // runs along each row, then a run stacked on the same run of the row below grows upward
    const open = new Map<string, [number, number, number, number]>();
    const rects: [number, number, number, number][] = [];
    for (let j = 0; j < rows; j++) {
      const seen = new Set<string>();
      let i = 0;
      while (i < cols) {
        if (band[j * cols + i] !== b) {
          i++;
          continue;
        }
        const from = i;
        while (i < cols && band[j * cols + i] === b) i++;
        const key = `${from}:${i}`;
        seen.add(key);
        const r = open.get(key);
        if (r) r[3] = s + (j + 1) * dLat;
        else open.set(key, [w + from * dLon, s + j * dLat, w + i * dLon, s + (j + 1) * dLat]);
      }
      for (const [key, r] of open)
        if (!seen.has(key)) {
          rects.push(r);
          open.delete(key);
        }
    }
    rects.push(...open.values());
    if (rects.length > 0)
      bands.push({
        fromMinutes: b === 0 ? 0 : (CIRCLES[b - 1] as number),
        toMinutes: CIRCLES[b] as number,
        rects,
      });
  }
  return { cellMeters: Math.round(cell), bands };
}
