// The life-circle engine on real OpenStreetMap data: per-building nearest walking distances equal an
// independent plain Dijkstra run from each building (a sample of 200), and bad files are refused.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { AppError } from "../../../errors.js";
import { MinHeap } from "./accessibility.js";
import { type Analysis, analyseExtract } from "./analyse.js";
import { minutesOf } from "./coverage.js";
import { DEFAULT_KINDS, kindMatcher } from "./kinds.js";
import { writeOsmPbf } from "./osm-pbf.fixture.js";
import { isWalkable, readOsmPbf } from "./osm-read.js";

const DATA = resolve(import.meta.dirname, "../../../../../../shared/data");
const MAX_SNAP = 300;

// An independent distance on the sphere (same model the engine uses: mean Earth radius, haversine).
function sphereMeters(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const r = Math.PI / 180;
  const a =
    Math.sin(((lat2 - lat1) * r) / 2) ** 2 +
    Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(((lon2 - lon1) * r) / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(a)));
}

/**
 * The reference: adjacency as a Map keyed by OSM node id built straight from the walkable ways, the
 * largest component by breadth-first search, nearest node by scanning every node, and one plain
 * single-source Dijkstra (array heap of pairs) from each sampled building to every facility.
 */
function reference(a: Analysis, sample: number[]): number[][] {
  const x = a.extract;
  const adj = new Map<number, [number, number][]>();
  const where = new Map<number, [number, number]>();
  for (let w = 0; w + 1 < x.wayStart.length; w++) {
    for (let p = (x.wayStart[w] as number) + 1; p < (x.wayStart[w + 1] as number); p++) {
      const i = x.wayNodes[p - 1] as number;
      const j = x.wayNodes[p] as number;
      const u = x.nodeId[i] as number;
      const v = x.nodeId[j] as number;
      where.set(u, [x.nodeLat[i] as number, x.nodeLon[i] as number]);
      where.set(v, [x.nodeLat[j] as number, x.nodeLon[j] as number]);
      if (u === v) continue;
      const d = sphereMeters(
        x.nodeLat[i] as number,
        x.nodeLon[i] as number,
        x.nodeLat[j] as number,
        x.nodeLon[j] as number,
      );
      if (!adj.has(u)) adj.set(u, []);
      if (!adj.has(v)) adj.set(v, []);
      adj.get(u)?.push([v, d]);
      adj.get(v)?.push([u, d]);
    }
  }
  let biggest: number[] = [];
  const seen = new Set<number>();
  for (const s of where.keys()) {
    if (seen.has(s)) continue;
    const part = [s];
    seen.add(s);
    for (let q = 0; q < part.length; q++)
      for (const [v] of adj.get(part[q] as number) ?? [])
        if (!seen.has(v)) {
          seen.add(v);
          part.push(v);
        }
    if (part.length > biggest.length) biggest = part;
  }
  const candidates = biggest.map((id) => ({ id, at: where.get(id) as [number, number] }));
  const order = new Map<number, number>(); // the engine's tie-break: lowest graph number = first use in ways
  for (let p = 0; p < x.wayNodes.length; p++) {
    const id = x.nodeId[x.wayNodes[p] as number] as number;
    if (!order.has(id)) order.set(id, order.size);
  }
  const nearest = (lat: number, lon: number): [number, number] | null => {
    let best: { id: number; d: number } | null = null;
    for (const c of candidates) {
      const d = sphereMeters(lat, lon, c.at[0], c.at[1]);
      if (
        !best ||
        d < best.d ||
        (d === best.d && (order.get(c.id) as number) < (order.get(best.id) as number))
      )
        best = { id: c.id, d };
    }
    return best && best.d <= MAX_SNAP ? [best.id, best.d] : null;
  };
  const facilities = a.facilities.map((f) => {
    const out: [number, number][] = [];
    for (let i = 0; i < f.points.lat.length; i++) {
      const s = nearest(f.points.lat[i] as number, f.points.lon[i] as number);
      if (s) out.push(s);
    }
    return out;
  });
  return sample.map((b) => {
    const bl = x.buildings[b];
    const start = bl ? nearest(bl.lat, bl.lon) : null;
    if (!start) return facilities.map(() => Number.POSITIVE_INFINITY);
    const dist = new Map<number, number>([[start[0], 0]]);
    const done = new Set<number>();
    const heap: [number, number][] = [[0, start[0]]];
    const push = (e: [number, number]) => {
      heap.push(e);
      let i = heap.length - 1;
      while (i > 0) {
        const p = Math.floor((i - 1) / 2);
        if ((heap[p] as [number, number])[0] <= e[0]) break;
        [heap[i], heap[p]] = [heap[p] as [number, number], heap[i] as [number, number]];
        i = p;
      }
    };
    const pop = (): [number, number] => {
      const top = heap[0] as [number, number];
      const last = heap.pop() as [number, number];
      if (heap.length > 0) {
        heap[0] = last;
        let i = 0;
        for (;;) {
          const l = 2 * i + 1;
          const r = l + 1;
          let m = i;
          if (l < heap.length && (heap[l] as [number, number])[0] < (heap[m] as [number, number])[0]) m = l;
          if (r < heap.length && (heap[r] as [number, number])[0] < (heap[m] as [number, number])[0]) m = r;
          if (m === i) break;
          [heap[i], heap[m]] = [heap[m] as [number, number], heap[i] as [number, number]];
          i = m;
        }
      }
      return top;
    };
    while (heap.length > 0) {
      const [d, u] = pop();
      if (done.has(u)) continue;
      done.add(u);
      for (const [v, w] of adj.get(u) ?? []) {
        const nd = d + w;
        if (nd < (dist.get(v) ?? Number.POSITIVE_INFINITY)) {
          dist.set(v, nd);
          push([nd, v]);
        }
      }
    }
    return facilities.map((list) => {
      let best = Number.POSITIVE_INFINITY;
      for (const [node, leg] of list)
        best = Math.min(best, (dist.get(node) ?? Number.POSITIVE_INFINITY) + leg);
      return best + start[1];
    });
  });
}

function sampleOf(n: number, size: number, seed: number): number[] {
  if (n <= size) return Array.from({ length: n }, (_, i) => i);
  const picked = new Set<number>();
  let s = seed;
  while (picked.size < size) {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    picked.add(s % n);
  }
  return [...picked];
}

describe.each([
  // counts recorded from these files (docs/benchmarks.md); a change to the walkable filter shows here
  { file: "monaco.osm.pbf", nodes: 24_579, edges: 25_751, buildings: 23_370 },
  { file: "andorra.osm.pbf", nodes: 37_522, edges: 37_853, buildings: 294 },
])("$file", ({ file, nodes, edges, buildings }) => {
  it("nearest walking distance per building and kind equals a plain Dijkstra from each of 200 buildings (within 1 m)", async () => {
    const a = await analyseExtract(readFileSync(`${DATA}/${file}`));
    console.info(
      `${file}: ${a.extract.nodesRead} nodes and ${a.extract.waysRead} ways read; walking graph ${a.graph.nodeCount} nodes, ${a.graph.edgeCount} edges (largest part ${a.graph.largestSize} nodes); ${a.extract.buildings.length} buildings, ${a.extract.pois.length} facility-like POIs`,
    );
    expect({
      nodes: a.graph.nodeCount,
      edges: a.graph.edgeCount,
      buildings: a.extract.buildings.length,
    }).toEqual({ nodes, edges, buildings });
    const sample = sampleOf(a.extract.buildings.length, 200, 13);
    const want = reference(a, sample);
    let finite = 0;
    sample.forEach((b, i) => {
      a.kinds.forEach((k, kk) => {
        const got = (a.meters[kk] as Float64Array)[b] as number;
        const exp = (want[i] as number[])[kk] as number;
        if (!Number.isFinite(exp)) {
          expect(got, `${k.code} building ${b}`).toBe(Number.POSITIVE_INFINITY);
          return;
        }
        finite++;
        expect(Math.abs(got - exp), `${k.code} building ${b}: ${got} vs ${exp}`).toBeLessThanOrEqual(1);
      });
    });
    // most pairs have a reachable facility, so the comparison is about real distances
    expect(finite).toBeGreaterThan(sample.length * 4);
  }, 120_000);
});

describe("reading an extract", () => {
  const street = (id: number, refs: number[], tags: Record<string, string>) => ({ id, refs, tags });
  const nodes = [
    { id: 1, lat: 43.73, lon: 7.42 },
    { id: 2, lat: 43.731, lon: 7.42 },
    { id: 3, lat: 43.732, lon: 7.42 },
    { id: 4, lat: 43.7315, lon: 7.4201, tags: { shop: "convenience", name: "小店" } },
    { id: 5, lat: 43.7301, lon: 7.4202 },
    { id: 6, lat: 43.7301, lon: 7.4204 },
    { id: 7, lat: 43.7303, lon: 7.4204 },
    { id: 8, lat: 43.7303, lon: 7.4202 },
  ];

  it("keeps walkable ways, buildings as one point, facilities by tag; refuses motorways, foot=no and closed private ways", async () => {
    const bytes = writeOsmPbf(nodes, [
      street(10, [1, 2], { highway: "residential" }),
      street(11, [2, 3], { highway: "motorway" }),
      street(12, [2, 3], { highway: "footway", foot: "no" }),
      street(13, [2, 3], { highway: "service", access: "private" }),
      street(14, [5, 6, 7, 8, 5], { building: "apartments", "addr:housenumber": "3" }),
    ]);
    const x = await readOsmPbf(bytes);
    expect(x.wayIds).toEqual([10]);
    expect(x.buildings).toHaveLength(1);
    expect(x.buildings[0]?.residential).toBe(true);
    expect(x.buildings[0]?.lat).toBeCloseTo(43.7302, 6);
    expect(x.buildings[0]?.lon).toBeCloseTo(7.4203, 6);
    expect(x.pois.map((p) => [p.osmId, p.kinds])).toEqual([[4, ["convenience"]]]);
    const opened = await readOsmPbf(bytes, { openWays: new Set([13]) });
    expect(opened.wayIds).toEqual([10, 13]);
  });

  it("walking time from the engine: 1 minute at 1.0 m/s is 60 m; the kinds table maps OSM tags", async () => {
    expect(minutesOf(60)).toBe(1);
    expect(minutesOf(72, 1.2)).toBe(1);
    const match = kindMatcher(DEFAULT_KINDS);
    expect(match({ highway: "bus_stop" })).toEqual(["bus_stop"]);
    expect(match({ amenity: "marketplace", name: "x" })).toEqual(["market"]);
    expect(match({ amenity: "bench" })).toEqual([]);
    expect(isWalkable(1, { highway: "steps" })).toBe(true);
    expect(isWalkable(1, { highway: "construction" })).toBe(false);
  });

  it("the binary heap pops in order", () => {
    const h = new MinHeap(2);
    const keys = [5, 3, 9, 1, 7, 3, 0.5, 12];
    for (const [i, k] of keys.entries()) h.push(k, i);
    const out: number[] = [];
    while (h.size > 0) {
      out.push(h.peekKey());
      h.pop();
    }
    expect(out).toEqual([...keys].sort((p, q) => p - q));
  });
});

describe("bad files", () => {
  const refused = async (bytes: Uint8Array, code: string) => {
    const e = await readOsmPbf(bytes).then(
      () => null,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe(code);
    expect((e as AppError).zh).toMatch(/原有路网和结果未改动/);
  };

  it("a truncated extract is refused as unreadable", async () => {
    const whole = readFileSync(`${DATA}/monaco.osm.pbf`);
    await refused(whole.subarray(0, Math.floor(whole.length / 2)), "LIFECIRCLE_OSM_UNREADABLE");
  });

  it("a file that is not OSM (text, an empty file, random bytes) is refused as unreadable", async () => {
    await refused(Buffer.from("building,name\n1,3号楼\n"), "LIFECIRCLE_OSM_UNREADABLE");
    await refused(new Uint8Array(0), "LIFECIRCLE_OSM_UNREADABLE");
    let s = 7;
    await refused(
      Uint8Array.from({ length: 4096 }, () => {
        s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
        return s & 255;
      }),
      "LIFECIRCLE_OSM_UNREADABLE",
    );
  });

  it("an extract with no walkable ways is refused", async () => {
    const bytes = writeOsmPbf(
      [
        { id: 1, lat: 43.73, lon: 7.42 },
        { id: 2, lat: 43.731, lon: 7.42 },
      ],
      [{ id: 10, refs: [1, 2], tags: { highway: "motorway" } }],
    );
    await refused(bytes, "LIFECIRCLE_NO_WALKABLE_WAYS");
  });
});

describe("coordinates", () => {
  it("GCJ-02 from a Chinese web map comes back to WGS-84 within a metre; outside China nothing moves", async () => {
    const { toGcj02, toWgs84 } = await import("./coords.js");
    const wuchang = { lat: 30.5525, lon: 114.3162 };
    const g = toGcj02(wuchang.lat, wuchang.lon);
    // the published offset in Wuhan is a few hundred metres
    expect(sphereMeters(g.lat, g.lon, wuchang.lat, wuchang.lon)).toBeGreaterThan(100);
    const back = toWgs84(g.lat, g.lon, "gcj02");
    expect(sphereMeters(back.lat, back.lon, wuchang.lat, wuchang.lon)).toBeLessThan(1);
    const monaco = toGcj02(43.7384, 7.4246);
    expect(monaco).toEqual({ lat: 43.7384, lon: 7.4246 });
  });
});
