// The walking network as a compact graph: compressed sparse rows (CSR) in typed arrays, undirected
// (a pedestrian walks a one-way street both ways), edge lengths in metres on the WGS-84 sphere.
import type { OsmExtract } from "./osm-read.js";

const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;

/** Great-circle distance in metres (haversine). */
export function haversine(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const s = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(s)));
}

export interface WalkGraph {
  nodeCount: number;
  /** undirected edges (each stored twice in the rows) */
  edgeCount: number;
  lat: Float64Array;
  lon: Float64Array;
  /** OSM node id of each graph node */
  osmId: Float64Array;
  /** neighbours of v: target[offset[v] .. offset[v+1]), with lengths in weight */
  offset: Int32Array;
  target: Int32Array;
  weight: Float64Array;
  /** connected-component label of each node, and the label of the largest one */
  component: Int32Array;
  largest: number;
  largestSize: number;
}

/** Builds the graph from explicit edge lists (used for OSM ways and for synthetic networks). */
export function graphFromEdges(
  lat: Float64Array,
  lon: Float64Array,
  osmId: Float64Array,
  from: Int32Array,
  to: Int32Array,
  edgeCount: number,
  length?: Float64Array,
): WalkGraph {
  const n = lat.length;
  const deg = new Int32Array(n + 1);
  for (let e = 0; e < edgeCount; e++) {
    deg[from[e] as number]++;
    deg[to[e] as number]++;
  }
  const offset = new Int32Array(n + 1);
  for (let v = 0; v < n; v++) offset[v + 1] = (offset[v] as number) + (deg[v] as number);
  const fill = offset.slice(0, n);
  const target = new Int32Array(2 * edgeCount);
  const weight = new Float64Array(2 * edgeCount);
  for (let e = 0; e < edgeCount; e++) {
    const a = from[e] as number;
    const b = to[e] as number;
    const w = length
      ? (length[e] as number)
      : haversine(lat[a] as number, lon[a] as number, lat[b] as number, lon[b] as number);
    let p = fill[a]++ as number;
    target[p] = b;
    weight[p] = w;
    p = fill[b]++ as number;
    target[p] = a;
    weight[p] = w;
  }
  const { component, largest, largestSize } = components(n, offset, target);
  return {
    nodeCount: n,
    edgeCount,
    lat,
    lon,
    osmId,
    offset,
    target,
    weight,
    component,
    largest,
    largestSize,
  };
}

function components(n: number, offset: Int32Array, target: Int32Array) {
  const component = new Int32Array(n).fill(-1);
  const stack = new Int32Array(n);
  let label = 0;
  let largest = -1;
  let largestSize = 0;
  for (let s = 0; s < n; s++) {
    if (component[s] !== -1) continue;
    let top = 0;
    stack[top++] = s;
    component[s] = label;
    let size = 0;
    while (top > 0) {
      const v = stack[--top] as number;
      size++;
      for (let p = offset[v] as number, end = offset[v + 1] as number; p < end; p++) {
        const u = target[p] as number;
        if (component[u] === -1) {
          component[u] = label;
          stack[top++] = u;
        }
      }
    }
    if (size > largestSize) {
      largestSize = size;
      largest = label;
    }
    label++;
  }
  return { component, largest, largestSize };
}

/** The walking graph of an extract: only nodes that walkable ways use become graph nodes. */
export function buildWalkGraph(x: OsmExtract): WalkGraph {
  const toGraph = new Int32Array(x.nodeId.length).fill(-1);
  let n = 0;
  for (let i = 0; i < x.wayNodes.length; i++) {
    const v = x.wayNodes[i] as number;
    if (toGraph[v] === -1) toGraph[v] = n++;
  }
  const lat = new Float64Array(n);
  const lon = new Float64Array(n);
  const osmId = new Float64Array(n);
  for (let v = 0; v < toGraph.length; v++) {
    const g = toGraph[v] as number;
    if (g < 0) continue;
    lat[g] = x.nodeLat[v] as number;
    lon[g] = x.nodeLon[v] as number;
    osmId[g] = x.nodeId[v] as number;
  }
  const maxEdges = x.wayNodes.length - (x.wayStart.length - 1);
  const from = new Int32Array(maxEdges);
  const to = new Int32Array(maxEdges);
  let m = 0;
  for (let w = 0; w + 1 < x.wayStart.length; w++) {
    for (let p = (x.wayStart[w] as number) + 1, end = x.wayStart[w + 1] as number; p < end; p++) {
      const a = toGraph[x.wayNodes[p - 1] as number] as number;
      const b = toGraph[x.wayNodes[p] as number] as number;
      if (a === b) continue;
      from[m] = a;
      to[m] = b;
      m++;
    }
  }
  return graphFromEdges(lat, lon, osmId, from, to, m);
}
