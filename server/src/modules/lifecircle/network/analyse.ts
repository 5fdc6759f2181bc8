// The whole pass on an extract without a database: parse → graph → snap → one Dijkstra per kind.
// The import job and the benchmark both run it; each step's time is reported.
import { accessibility, type KindSources } from "./accessibility.js";
import { buildWalkGraph, type WalkGraph } from "./graph.js";
import { DEFAULT_KINDS, type FacilityKind } from "./kinds.js";
import { type OsmExtract, type ReadOptions, readOsmPbf } from "./osm-read.js";
import { type Snapped, Snapper } from "./snap.js";

/** A building or facility farther than this from any walkable way is off the network. */
export const MAX_SNAP_METERS = 300;

export interface PointSet {
  lat: Float64Array;
  lon: Float64Array;
}

export interface Analysis {
  extract: OsmExtract;
  graph: WalkGraph;
  snapper: Snapper;
  buildings: Snapped;
  kinds: readonly FacilityKind[];
  /** per kind: the facilities' points and their snapping */
  facilities: { points: PointSet; snapped: Snapped }[];
  /** meters[k][b]: building b to the nearest facility of kind k */
  meters: Float64Array[];
  timingsMs: { parse: number; graph: number; snap: number; accessibility: number };
}

export function facilitiesByKind(x: OsmExtract, kinds: readonly FacilityKind[]): PointSet[] {
  return kinds.map((k) => {
    const list = x.pois.filter((p) => p.kinds.includes(k.code));
    return { lat: Float64Array.from(list, (p) => p.lat), lon: Float64Array.from(list, (p) => p.lon) };
  });
}

export async function analyseExtract(
  bytes: Uint8Array,
  opts: ReadOptions & { facilities?: PointSet[]; kinds?: readonly FacilityKind[] } = {},
): Promise<Analysis> {
  const kinds = opts.kinds ?? DEFAULT_KINDS;
  const t0 = performance.now();
  const extract = await readOsmPbf(bytes, { ...opts, kinds });
  const t1 = performance.now();
  const graph = buildWalkGraph(extract);
  const t2 = performance.now();
  const snapper = new Snapper(graph);
  const bl = Float64Array.from(extract.buildings, (b) => b.lat);
  const bo = Float64Array.from(extract.buildings, (b) => b.lon);
  const buildings = snapper.snapAll(bl, bo, MAX_SNAP_METERS);
  const points = opts.facilities ?? facilitiesByKind(extract, kinds);
  const facilities = points.map((p) => ({
    points: p,
    snapped: snapper.snapAll(p.lat, p.lon, MAX_SNAP_METERS),
  }));
  const t3 = performance.now();
  const sources: KindSources[] = kinds.map((k, i) => ({
    code: k.code,
    snapped: (facilities[i] as { snapped: Snapped }).snapped,
  }));
  const meters = accessibility(graph, buildings, sources);
  const t4 = performance.now();
  return {
    extract,
    graph,
    snapper,
    buildings,
    kinds,
    facilities,
    meters,
    timingsMs: { parse: t1 - t0, graph: t2 - t1, snap: t3 - t2, accessibility: t4 - t3 },
  };
}
