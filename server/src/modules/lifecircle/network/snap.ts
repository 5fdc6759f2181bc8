// Puts buildings and facilities on the network: each point goes to the nearest node of the largest
// connected part of the walking graph (a point snapped to a footpath island could reach nothing), found
// with a static k-d tree (`kdbush`) over the nodes projected to local metres. The straight walk from the
// point to that node is its access leg, added to the network distance.
import KDBush from "kdbush";
import { haversine, type WalkGraph } from "./graph.js";

const M_PER_DEG = 111_320;

export interface Snapped {
  /** graph node per point, -1 when no node is within reach */
  node: Int32Array;
  /** metres from the point to its node */
  leg: Float64Array;
}

export class Snapper {
  private readonly index: KDBush;
  private readonly ids: Int32Array;
  private readonly lat0: number;
  private readonly kx: number;

  constructor(private readonly g: WalkGraph) {
    let count = 0;
    for (let v = 0; v < g.nodeCount; v++) if (g.component[v] === g.largest) count++;
    this.ids = new Int32Array(count);
    this.index = new KDBush(Math.max(count, 1));
    let lat0 = 0;
    for (let v = 0; v < g.nodeCount; v++) lat0 += g.lat[v] as number;
    this.lat0 = g.nodeCount > 0 ? lat0 / g.nodeCount : 0;
    this.kx = Math.cos(this.lat0 * (Math.PI / 180)) * M_PER_DEG;
    let i = 0;
    for (let v = 0; v < g.nodeCount; v++) {
      if (g.component[v] !== g.largest) continue;
      this.ids[i++] = v;
      this.index.add((g.lon[v] as number) * this.kx, (g.lat[v] as number) * M_PER_DEG);
    }
    if (count === 0) this.index.add(0, 0);
    this.index.finish();
  }

  /** The nearest usable node (ties to the lowest node number) or null beyond maxMeters. */
  nearest(lat: number, lon: number, maxMeters: number): { node: number; meters: number } | null {
    if (this.ids.length === 0) return null;
    const x = lon * this.kx;
    const y = lat * M_PER_DEG;
    for (let r = 16; ; r *= 2) {
      const radius = Math.min(r, maxMeters * 1.01 + 1);
      let best = -1;
      let bestD = Number.POSITIVE_INFINITY;
      for (const k of this.index.within(x, y, radius)) {
        const v = this.ids[k] as number;
        const d = haversine(lat, lon, this.g.lat[v] as number, this.g.lon[v] as number);
        if (d < bestD || (d === bestD && v < best)) {
          bestD = d;
          best = v;
        }
      }
      // the projection is not the sphere: only trust a hit well inside the searched circle
      if (best >= 0 && bestD <= radius * 0.99)
        return bestD <= maxMeters ? { node: best, meters: bestD } : null;
      if (radius >= maxMeters * 1.01 + 1)
        return best >= 0 && bestD <= maxMeters ? { node: best, meters: bestD } : null;
    }
  }

  snapAll(lat: ArrayLike<number>, lon: ArrayLike<number>, maxMeters: number): Snapped {
    const n = lat.length;
    const node = new Int32Array(n);
    const leg = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const hit = this.nearest(lat[i] as number, lon[i] as number, maxMeters);
      node[i] = hit ? hit.node : -1;
      leg[i] = hit ? hit.meters : Number.POSITIVE_INFINITY;
    }
    return { node, leg };
  }
}
