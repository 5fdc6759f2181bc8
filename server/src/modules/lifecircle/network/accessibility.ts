// Walking distance from every building to the nearest facility of every kind: one multi-source
// Dijkstra per kind (all facilities of the kind start at once, each with its access leg), over the CSR
// graph with a binary heap in typed arrays (lazy deletion: a node may sit in the heap more than once,
// stale entries are skipped when popped). Cost: kinds × O(E log E), independent of the building count.
import type { WalkGraph } from "./graph.js";
import type { Snapped } from "./snap.js";

export class MinHeap {
  private keys: Float64Array;
  private vals: Int32Array;
  size = 0;
  constructor(capacity: number) {
    this.keys = new Float64Array(Math.max(16, capacity));
    this.vals = new Int32Array(Math.max(16, capacity));
  }
  clear() {
    this.size = 0;
  }
  push(key: number, val: number) {
    if (this.size === this.keys.length) {
      const k = new Float64Array(this.size * 2);
      k.set(this.keys);
      this.keys = k;
      const v = new Int32Array(this.size * 2);
      v.set(this.vals);
      this.vals = v;
    }
    const keys = this.keys;
    const vals = this.vals;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pk = keys[p] as number;
      if (pk <= key) break;
      keys[i] = pk;
      vals[i] = vals[p] as number;
      i = p;
    }
    keys[i] = key;
    vals[i] = val;
  }
  /** the smallest key (call before pop) */
  peekKey(): number {
    return this.keys[0] as number;
  }
  pop(): number {
    const keys = this.keys;
    const vals = this.vals;
    const top = vals[0] as number;
    const n = --this.size;
    if (n === 0) return top;
    const key = keys[n] as number;
    const val = vals[n] as number;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && (keys[c + 1] as number) < (keys[c] as number)) c++;
      if ((keys[c] as number) >= key) break;
      keys[i] = keys[c] as number;
      vals[i] = vals[c] as number;
      i = c;
    }
    keys[i] = key;
    vals[i] = val;
    return top;
  }
}

/**
 * Fills dist with the network distance from the nearest source (sources start at their initial
 * distance); nodes farther than cutoff stay Infinity.
 */
export function multiSourceDijkstra(
  g: WalkGraph,
  sources: Int32Array,
  initial: Float64Array,
  dist: Float64Array,
  heap: MinHeap,
  cutoff = Number.POSITIVE_INFINITY,
): void {
  dist.fill(Number.POSITIVE_INFINITY);
  heap.clear();
  for (let i = 0; i < sources.length; i++) {
    const s = sources[i] as number;
    const d = initial[i] as number;
    if (s < 0 || !(d < (dist[s] as number))) continue;
    dist[s] = d;
    heap.push(d, s);
  }
  const { offset, target, weight } = g;
  while (heap.size > 0) {
    const d = heap.peekKey();
    const v = heap.pop();
    if (d > (dist[v] as number)) continue;
    if (d > cutoff) break;
    for (let p = offset[v] as number, end = offset[v + 1] as number; p < end; p++) {
      const u = target[p] as number;
      const nd = d + (weight[p] as number);
      if (nd < (dist[u] as number)) {
        dist[u] = nd;
        heap.push(nd, u);
      }
    }
  }
}

export interface KindSources {
  code: string;
  snapped: Snapped;
}

/**
 * Metres from each building to the nearest facility of each kind: result[k][b] (Infinity when the
 * kind has no facility on the network or the building is off it).
 */
export function accessibility(
  g: WalkGraph,
  buildings: Snapped,
  kinds: readonly KindSources[],
  cutoff?: number,
): Float64Array[] {
  const dist = new Float64Array(g.nodeCount);
  const heap = new MinHeap(g.nodeCount);
  const out: Float64Array[] = [];
  const nb = buildings.node.length;
  for (const k of kinds) {
    const r = new Float64Array(nb);
    multiSourceDijkstra(g, k.snapped.node, k.snapped.leg, dist, heap, cutoff);
    for (let b = 0; b < nb; b++) {
      const v = buildings.node[b] as number;
      // after a cut-off, a node left unsettled holds a tentative distance above the cut-off
      const d = v < 0 ? Number.POSITIVE_INFINITY : (dist[v] as number);
      r[b] = cutoff !== undefined && d > cutoff ? Number.POSITIVE_INFINITY : d + (buildings.leg[b] as number);
    }
    out.push(r);
  }
  return out;
}
