// The life circle of a community (DOMAIN L1–L4): staff import an OpenStreetMap extract (the walking
// network, its buildings and facility-like places), add facilities, and read the gaps; everyone reads a
// community's figures and a building's walking times (no personal data: OSM buildings and facilities).
// Readings are recomputed from the stored graph whenever a facility or the network changes: at once by
// the command that changed it, and by the `lifecircle-recompute` job for any network left marked dirty.
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { Kysely } from "kysely";
import { authorize, primaryRole } from "../../../access/authorize.ts";
import type { Actor } from "../../../access/reach.ts";
import type { DB } from "../../../db/schema.ts";
import { AppError } from "../../../errors.ts";
import { recordAudit } from "../../core/audit/audit.service.ts";
import { accessibility } from "./accessibility.ts";
import { MAX_SNAP_METERS } from "./analyse.ts";
import { toWgs84 } from "./coords.ts";
import { CIRCLES, minutesOf } from "./coverage.ts";
import { buildWalkGraph } from "./graph.ts";
import { packGraph, unpackGraph } from "./graph-bytes.ts";
import { isochrones } from "./isochrones.ts";
import { DEFAULT_KINDS, type FacilityKind } from "./kinds.ts";
import * as q from "./network.queries.ts";
import type { TCreateFacility, TImportExtract, TLifecircleSettings } from "./network.schema.ts";
import { readOsmPbf } from "./osm-read.ts";
import { Snapper } from "./snap.ts";

type Db = Kysely<DB>;

/** Extracts the demo and the journey import by name: ../shared/data beside the project. */
const MAP_DATA_DIR = resolve(import.meta.dirname, "../../../../../../shared/data");
export const OSM_ATTRIBUTION = "© OpenStreetMap contributors" as const;

export async function requireCommunity(db: Db, communityId: number) {
  if (!(await q.communityExists(db, communityId)))
    throw new AppError("NOT_FOUND", { zh: "社区不存在", en: "Community not found" });
}

/**
 * The community's kinds; until it has its own rows, the defaults — written as its rows by the first
 * import (`seed`), so a read never writes.
 */
export async function kindsOf(
  db: Db,
  communityId: number,
  seed = false,
): Promise<(FacilityKind & { position: number })[]> {
  let rows = await q.listKinds(db, communityId);
  if (rows.length === 0 && !seed) return DEFAULT_KINDS.map((k, i) => ({ ...k, position: i }));
  if (rows.length === 0) {
    await q.insertKinds(
      db,
      DEFAULT_KINDS.map((k, i) => ({
        community_id: communityId,
        code: k.code,
        name_zh: k.nameZh,
        name_en: k.nameEn,
        target_minutes: k.targetMinutes,
        required: k.required,
        position: i,
      })),
    );
    rows = await q.listKinds(db, communityId);
  }
  return rows.map((r) => ({
    code: r.code,
    nameZh: r.name_zh,
    nameEn: r.name_en,
    targetMinutes: r.target_minutes,
    required: r.required,
    osm: DEFAULT_KINDS.find((k) => k.code === r.code)?.osm ?? [],
    position: r.position,
  }));
}

/** Recomputes every building's readings from the stored graph and the active facilities. */
async function compute(db: Db, communityId: number): Promise<number> {
  const stored = await q.networkGraph(db, communityId);
  if (!stored) return 0;
  const [kinds, facilities, buildings] = await Promise.all([
    kindsOf(db, communityId),
    q.activeFacilities(db, communityId),
    q.snappedBuildings(db, communityId),
  ]);
  const graph = unpackGraph(stored.graph);
  const snapper = new Snapper(graph);
  const sources = kinds.map((k) => {
    const list = facilities.filter((f) => f.kind_code === k.code);
    return {
      code: k.code,
      snapped: snapper.snapAll(
        Float64Array.from(list, (f) => f.lat),
        Float64Array.from(list, (f) => f.lon),
        MAX_SNAP_METERS,
      ),
    };
  });
  const snapped = {
    node: Int32Array.from(buildings, (b) => b.snap_node),
    leg: Float64Array.from(buildings, (b) => b.snap_leg),
  };
  const meters = accessibility(graph, snapped, sources);
  const literal = buildings.map((_, i) => {
    const parts = meters.map((m) => {
      const v = m[i] as number;
      return Number.isFinite(v) ? (Math.round(v * 10) / 10).toString() : "NULL";
    });
    return `{${parts.join(",")}}`;
  });
  await q.updateMeters(
    db,
    communityId,
    buildings.map((b) => b.id),
    literal,
  );
  await q.setComputed(
    db,
    communityId,
    kinds.map((k) => k.code),
  );
  return buildings.length;
}

/**
 * The readings after a change that marked the network dirty: at once, and if that fails the
 * `lifecircle-recompute` job picks the dirty network up within a minute (the change itself stands).
 */
export async function recomputeSoon(db: Db, communityId: number): Promise<void> {
  try {
    await db.transaction().execute((trx) => compute(trx, communityId));
  } catch {
    // left dirty on purpose: the job retries
  }
}

/** Who may import a network (checked before an upload is read). */
export function authorizeNetworkImport(actor: Actor | null, communityId: number) {
  return authorize(actor, "lifecircle.manage", { communityId });
}

/** Imports an extract from the server's map folder (the demo's ../shared/data). */
export async function importExtract(db: Db, actor: Actor | null, communityId: number, input: TImportExtract) {
  authorizeNetworkImport(actor, communityId);
  await requireCommunity(db, communityId);
  const bytes = await readFile(resolve(MAP_DATA_DIR, input.file)).catch(() => {
    throw new AppError("NOT_FOUND", {
      zh: `服务器的地图文件夹里没有 ${input.file}`,
      en: `There is no ${input.file} in the server's map folder`,
    });
  });
  return importExtractBytes(db, actor, communityId, bytes, input.file);
}

/**
 * Imports an extract's bytes (from the map folder or an upload): the network, its buildings and its OSM
 * facilities replace the previous ones in one transaction with the readings, so a bad file (or a
 * failure half-way) leaves everything as it was.
 */
export async function importExtractBytes(
  db: Db,
  actor: Actor | null,
  communityId: number,
  bytes: Uint8Array,
  source: string,
) {
  const reach = authorizeNetworkImport(actor, communityId);
  await requireCommunity(db, communityId);
  const kinds = await kindsOf(db, communityId);
  const t0 = performance.now();
  const extract = await readOsmPbf(bytes, { kinds });
  const t1 = performance.now();
  const graph = buildWalkGraph(extract);
  const t2 = performance.now();
  const snapper = new Snapper(graph);
  const t3 = performance.now();
  const matches = new Map((await q.matchesOf(db, communityId)).map((m) => [Number(m.osm_id), m]));
  await db.transaction().execute(async (trx) => {
    await kindsOf(trx, communityId, true);
    await q.replaceNetwork(trx, {
      community_id: communityId,
      source,
      byte_size: bytes.length,
      nodes: graph.nodeCount,
      edges: graph.edgeCount,
      largest_part: graph.largestSize,
      osm_buildings: extract.buildings.length,
      osm_pois: extract.pois.length,
      graph: packGraph(graph),
      imported_by: actor?.userId ?? null,
    });
    await q.deleteBuildings(trx, communityId);
    await q.insertBuildings(
      trx,
      extract.buildings.map((b) => {
        const s = snapper.nearest(b.lat, b.lon, MAX_SNAP_METERS);
        const m = matches.get(b.osmId);
        return {
          community_id: communityId,
          osm_id: b.osmId,
          lat: b.lat,
          lon: b.lon,
          name: b.name,
          housenumber: b.housenumber,
          street: b.street,
          residential: b.residential,
          snap_node: s ? s.node : -1,
          snap_leg: s ? s.meters : 0,
          building_id: m?.building_id ?? null,
          match_status: m?.match_status ?? "none",
        };
      }),
    );
    await q.deleteOsmFacilities(trx, communityId);
    await q.insertFacilities(
      trx,
      extract.pois.flatMap((p) =>
        p.kinds.map((code) => ({
          community_id: communityId,
          kind_code: code,
          name: (p.name ?? kinds.find((k) => k.code === code)?.nameZh ?? code).slice(0, 80),
          lat: p.lat,
          lon: p.lon,
          source: "osm" as const,
          osm_ref: `${p.osmType}/${p.osmId}`,
        })),
      ),
    );
    await compute(trx, communityId);
    await recordAudit(trx, {
      actorUserId: actor?.userId ?? null,
      actorRole: primaryRole(reach),
      communityId,
      action: "lifecircle.import",
      targetType: "lifecircle_network",
      targetId: communityId,
      after: {
        file: source,
        nodes: graph.nodeCount,
        edges: graph.edgeCount,
        buildings: extract.buildings.length,
      },
    });
  });
  const t4 = performance.now();
  return {
    ...(await lifecircleOf(db, communityId)),
    timingsMs: { parse: t1 - t0, graph: t2 - t1, snap: t3 - t2, accessibility: 0, store: t4 - t3 },
  };
}

export function labelOf(b: {
  id: number;
  name: string | null;
  street: string | null;
  housenumber: string | null;
}): string {
  if (b.name) return b.name;
  if (b.housenumber) return b.street ? `${b.street} ${b.housenumber}` : `${b.housenumber} 号`;
  return `#${b.id}`;
}

const minutesAt = (meters: (number | null)[] | null, i: number, speed: number) => {
  const v = meters?.[i];
  return v == null ? null : minutesOf(v, speed);
};

/** A community's public figures: coverage of the 5/10/15-minute circles per kind, the checklist. */
export async function lifecircleOf(db: Db, communityId: number) {
  await requireCommunity(db, communityId);
  const [network, kinds] = await Promise.all([q.findNetwork(db, communityId), kindsOf(db, communityId)]);
  const [rows, facilities] = network
    ? await Promise.all([q.readings(db, communityId, true), q.activeFacilities(db, communityId)])
    : [[], []];
  const speed = network?.walk_speed ?? 1;
  const order = network?.kinds ?? [];
  const figures = kinds.map((k) => {
    const i = order.indexOf(k.code);
    const counts = [0, 0, 0];
    let inTarget = 0;
    for (const r of rows) {
      const min = i < 0 ? null : minutesAt(r.meters, i, speed);
      if (min == null) continue;
      CIRCLES.forEach((c, ci) => {
        if (min <= c) counts[ci] = (counts[ci] ?? 0) + 1;
      });
      if (min <= k.targetMinutes) inTarget++;
    }
    const share = (x: number) => (rows.length === 0 ? 0 : x / rows.length);
    return {
      code: k.code,
      nameZh: k.nameZh,
      nameEn: k.nameEn,
      targetMinutes: k.targetMinutes,
      required: k.required,
      facilities: facilities.filter((f) => f.kind_code === k.code).length,
      within: counts.map(share),
      withinTarget: share(inTarget),
      met: rows.length > 0 && inTarget === rows.length,
    };
  });
  const required = figures.filter((f) => f.required);
  return {
    communityId,
    network: network
      ? {
          source: network.source,
          importedAt: network.imported_at,
          computedAt: network.computed_at,
          nodes: network.nodes,
          edges: network.edges,
          largestPart: network.largest_part,
          buildings: rows.length,
          walkSpeed: speed,
        }
      : null,
    kinds: figures,
    checklist: { required: required.length, met: required.filter((f) => f.met).length },
    attribution: OSM_ATTRIBUTION,
  };
}

/** One building's walking times, in words for residents: "到便利店 1 分钟，到菜市场 2 分钟…". */
export async function buildingReading(db: Db, communityId: number, id: number) {
  const [b, network, kinds] = await Promise.all([
    q.findBuilding(db, communityId, id),
    q.findNetwork(db, communityId),
    kindsOf(db, communityId),
  ]);
  if (!b || !network) throw new AppError("NOT_FOUND", { zh: "找不到该楼栋", en: "No such building" });
  const readings = kinds.map((k) => {
    const i = network.kinds.indexOf(k.code);
    const meters = i < 0 ? null : (b.meters?.[i] ?? null);
    const minutes = meters == null ? null : minutesOf(meters, network.walk_speed);
    return {
      code: k.code,
      nameZh: k.nameZh,
      nameEn: k.nameEn,
      minutes,
      meters,
      targetMinutes: k.targetMinutes,
      withinTarget: minutes != null && minutes <= k.targetMinutes,
    };
  });
  const shown = (m: number) => Math.max(1, Math.round(m));
  const sorted = readings
    .filter((r) => r.minutes != null)
    .sort((x, y) => (x.minutes as number) - (y.minutes as number));
  const missing = readings.filter((r) => r.minutes == null);
  const zh = sorted.map((r) => `到${r.nameZh} ${shown(r.minutes as number)} 分钟`);
  const en = sorted.map((r) => `${shown(r.minutes as number)} min to the ${r.nameEn.toLowerCase()}`);
  if (missing.length > 0) {
    zh.push(`步行范围内没有${missing.map((r) => r.nameZh).join("、")}`);
    en.push(`no ${missing.map((r) => r.nameEn.toLowerCase()).join(", ")} within reach`);
  }
  return {
    id: b.id,
    label: labelOf(b),
    lat: b.lat,
    lon: b.lon,
    readings,
    sentenceZh: `${zh.join("，")}。`,
    sentenceEn: `${en.join(", ")}.`,
  };
}

/** What the map draws: every building with its minutes to one kind, and the facilities. */
export async function mapData(db: Db, communityId: number, kind: string | undefined) {
  await requireCommunity(db, communityId);
  const network = await q.findNetwork(db, communityId);
  const code = kind ?? network?.kinds[0] ?? null;
  if (!network || code == null)
    return { kind: code, buildings: { id: [], lat: [], lon: [], minutes: [] }, facilities: [], bbox: null };
  const i = network.kinds.indexOf(code);
  const [rows, facilities] = await Promise.all([
    q.mapPoints(db, communityId, Math.max(i, 0)),
    q.activeFacilities(db, communityId),
  ]);
  let s = 90;
  let w = 180;
  let n = -90;
  let e = -180;
  for (const r of rows) {
    s = Math.min(s, r.lat);
    n = Math.max(n, r.lat);
    w = Math.min(w, r.lon);
    e = Math.max(e, r.lon);
  }
  // 6 decimals of a degree is about 0.1 m: enough for a map, and a third of the bytes
  const deg = (v: number) => Math.round(v * 1e6) / 1e6;
  const speed = network.walk_speed;
  return {
    kind: code,
    buildings: {
      id: rows.map((r) => r.id),
      lat: rows.map((r) => deg(r.lat)),
      lon: rows.map((r) => deg(r.lon)),
      minutes: rows.map((r) => (i < 0 || r.m == null ? null : Math.round(minutesOf(r.m, speed) * 10) / 10)),
    },
    facilities: facilities.map((f) => ({
      id: f.id,
      kind: f.kind_code,
      name: f.name,
      lat: f.lat,
      lon: f.lon,
    })),
    bbox: rows.length > 0 ? [s, w, n, e] : null,
  };
}

const presentFacility = (f: Awaited<ReturnType<typeof q.activeFacilities>>[number]) => ({
  id: f.id,
  kind: f.kind_code,
  name: f.name,
  lat: f.lat,
  lon: f.lon,
  hours: f.hours,
  source: f.source,
  active: f.active,
});

export async function facilitiesOf(db: Db, communityId: number) {
  await requireCommunity(db, communityId);
  return { items: (await q.activeFacilities(db, communityId)).map(presentFacility) };
}

/** Staff add a facility; a point farther than 300 m from the walking network is refused. */
export async function addFacility(db: Db, actor: Actor | null, communityId: number, input: TCreateFacility) {
  const reach = authorize(actor, "lifecircle.manage", { communityId });
  await requireCommunity(db, communityId);
  const kinds = await kindsOf(db, communityId);
  if (!kinds.some((k) => k.code === input.kind))
    throw new AppError("VALIDATION", {
      zh: "没有这种设施类型",
      en: "No such facility kind",
      details: { kind: input.kind },
    });
  const stored = await q.networkGraph(db, communityId);
  if (!stored)
    throw new AppError("CONFLICT", {
      zh: "请先导入本社区的步行路网",
      en: "Import the community's walking network first",
    });
  const p = toWgs84(input.lat, input.lon, input.coordSystem);
  if (!new Snapper(unpackGraph(stored.graph)).nearest(p.lat, p.lon, MAX_SNAP_METERS))
    throw new AppError("LIFECIRCLE_FACILITY_OUTSIDE");
  const row = await db.transaction().execute(async (trx) => {
    await kindsOf(trx, communityId, true);
    const created = await q.insertFacility(trx, {
      community_id: communityId,
      kind_code: input.kind,
      name: input.name,
      lat: p.lat,
      lon: p.lon,
      hours: input.hours,
      source: "entered",
      created_by: actor?.userId ?? null,
    });
    await q.markDirty(trx, communityId);
    await recordAudit(trx, {
      actorUserId: actor?.userId ?? null,
      actorRole: primaryRole(reach),
      communityId,
      action: "lifecircle.facility.create",
      targetType: "lifecircle_facility",
      targetId: created.id,
      after: { ...input, lat: p.lat, lon: p.lon },
    });
    return created;
  });
  // the readings follow at once; if this fails the job picks the dirty network up within a minute
  await db.transaction().execute((trx) => compute(trx, communityId));
  return presentFacility(row);
}

/** Buildings beyond a required kind's target walk, the farthest first: "3 号楼：最近的菜市场步行 17 分钟". */
export async function gapsOf(
  db: Db,
  actor: Actor | null,
  communityId: number,
  query: { kind?: string | undefined; limit: number },
) {
  authorize(actor, "lifecircle.read", { communityId });
  await requireCommunity(db, communityId);
  const [network, kinds] = await Promise.all([q.findNetwork(db, communityId), kindsOf(db, communityId)]);
  if (!network) return { total: 0, items: [] };
  const rows = await q.readings(db, communityId, true);
  const gaps: { b: q.ReadingRow; k: (typeof kinds)[number]; minutes: number | null }[] = [];
  for (const k of kinds) {
    if (!k.required || (query.kind && query.kind !== k.code)) continue;
    const i = network.kinds.indexOf(k.code);
    for (const b of rows) {
      const minutes = i < 0 ? null : minutesAt(b.meters, i, network.walk_speed);
      if (minutes == null || minutes > k.targetMinutes) gaps.push({ b, k, minutes });
    }
  }
  gaps.sort(
    (x, y) =>
      (y.minutes ?? Number.POSITIVE_INFINITY) - (x.minutes ?? Number.POSITIVE_INFINITY) || x.b.id - y.b.id,
  );
  return {
    total: gaps.length,
    items: gaps.slice(0, query.limit).map(({ b, k, minutes }) => {
      const label = labelOf(b);
      const m = minutes == null ? null : Math.round(minutes);
      return {
        buildingId: b.id,
        label,
        kind: k.code,
        kindNameZh: k.nameZh,
        kindNameEn: k.nameEn,
        minutes,
        targetMinutes: k.targetMinutes,
        textZh:
          m == null ? `${label}：步行范围内没有${k.nameZh}` : `${label}：最近的${k.nameZh}步行 ${m} 分钟`,
        textEn:
          m == null
            ? `${label}: no ${k.nameEn.toLowerCase()} within reach`
            : `${label}: the nearest ${k.nameEn.toLowerCase()} is a ${m}-minute walk`,
      };
    }),
  };
}

/** Staff ask for the readings again (after editing kinds or the walking speed). */
export async function recomputeNow(db: Db, actor: Actor | null, communityId: number) {
  authorize(actor, "lifecircle.manage", { communityId });
  await requireCommunity(db, communityId);
  const buildings = await db.transaction().execute((trx) => compute(trx, communityId));
  return { recomputed: buildings > 0, buildings };
}

/** The job: every network a change left dirty gets its readings again. */
export async function recomputeDirty(db: Db): Promise<number> {
  const dirty = await q.dirtyNetworks(db);
  for (const d of dirty) await db.transaction().execute((trx) => compute(trx, d.community_id));
  return dirty.length;
}

/**
 * Staff set the walking speed the minutes are read at (the readings are metres, so nothing is
 * recomputed); audited.
 */
export async function updateSettings(
  db: Db,
  actor: Actor | null,
  communityId: number,
  input: TLifecircleSettings,
) {
  const reach = authorize(actor, "lifecircle.manage", { communityId });
  await requireCommunity(db, communityId);
  const before = await q.findNetwork(db, communityId);
  if (!before)
    throw new AppError("CONFLICT", {
      zh: "请先导入本社区的步行路网",
      en: "Import the community's walking network first",
    });
  await db.transaction().execute(async (trx) => {
    if (input.walkSpeed !== undefined) await q.setWalkSpeed(trx, communityId, input.walkSpeed);
    await recordAudit(trx, {
      actorUserId: actor?.userId ?? null,
      actorRole: primaryRole(reach),
      communityId,
      action: "lifecircle.settings",
      targetType: "lifecircle_network",
      targetId: communityId,
      before: { walkSpeed: before.walk_speed },
      after: input,
    });
  });
  return lifecircleOf(db, communityId);
}

/** The imported walkable ways, for the map to draw under the buildings: nodes and each segment once. */
export async function waysOf(db: Db, communityId: number) {
  await requireCommunity(db, communityId);
  const stored = await q.networkGraph(db, communityId);
  const none = { lat: [], lon: [], from: [], to: [] };
  if (!stored) return none;
  let g: ReturnType<typeof unpackGraph>;
  try {
    g = unpackGraph(stored.graph);
  } catch {
    // a stored graph that cannot be read draws no ways; the buildings still show
    return none;
  }
  const deg = (v: number) => Math.round(v * 1e6) / 1e6;
  const from: number[] = [];
  const to: number[] = [];
  for (let v = 0; v < g.nodeCount; v++)
    for (let e = g.offset[v] as number; e < (g.offset[v + 1] as number); e++) {
      const t = g.target[e] as number;
      if (t > v) {
        from.push(v);
        to.push(t);
      }
    }
  return { lat: Array.from(g.lat, deg), lon: Array.from(g.lon, deg), from, to };
}

// ---- isochrone shapes ----

type IsochroneReply = {
  type: "FeatureCollection";
  kind: string | null;
  walkSpeed: number | null;
  cellMeters: number;
  features: {
    type: "Feature";
    properties: { fromMinutes: number; toMinutes: number };
    geometry: { type: "MultiPolygon"; coordinates: number[][][][] };
  }[];
  attribution: typeof OSM_ATTRIBUTION;
};

/**
 * Cached per network + kind + speed, keyed also by the moment the readings were computed: every change
 * (an import, a facility, the speed) recomputes and so moves the key, in every process alike, and the
 * old shapes are dropped; a network waiting for its recompute is not cached.
 */
const isochroneCache = new Map<string, IsochroneReply>();
const ISOCHRONE_CACHE_SIZE = 64;

/** The 5/10/15-minute bands of one kind as GeoJSON (public: OSM ways and facilities only). */
export async function isochronesOf(db: Db, communityId: number, kind: string | undefined) {
  await requireCommunity(db, communityId);
  const network = await q.findNetwork(db, communityId);
  const kinds = await kindsOf(db, communityId);
  const code = kind ?? kinds[0]?.code ?? null;
  const none: IsochroneReply = {
    type: "FeatureCollection",
    kind: code,
    walkSpeed: network?.walk_speed ?? null,
    cellMeters: 0,
    features: [],
    attribution: OSM_ATTRIBUTION,
  };
  if (!network || code == null) return none;
  if (!kinds.some((k) => k.code === code))
    throw new AppError("VALIDATION", { zh: "没有这种设施类型", en: "No such facility kind" });
  const key = `${communityId}:${code}:${network.walk_speed}:${network.imported_at.getTime()}:${network.computed_at?.getTime() ?? "dirty"}`;
  const hit = isochroneCache.get(key);
  if (hit) return hit;
  const stored = await q.networkGraph(db, communityId);
  if (!stored) return none;
  const facilities = (await q.activeFacilities(db, communityId)).filter((f) => f.kind_code === code);
  const graph = unpackGraph(stored.graph);
  const snapped = new Snapper(graph).snapAll(
    Float64Array.from(facilities, (f) => f.lat),
    Float64Array.from(facilities, (f) => f.lon),
    MAX_SNAP_METERS,
  );
  const shapes = isochrones(graph, snapped, network.walk_speed);
  const deg = (v: number) => Math.round(v * 1e6) / 1e6;
  const reply: IsochroneReply = {
    ...none,
    cellMeters: shapes.cellMeters,
    features: shapes.bands.map((b) => ({
      type: "Feature" as const,
      properties: { fromMinutes: b.fromMinutes, toMinutes: b.toMinutes },
      geometry: {
        type: "MultiPolygon" as const,
        coordinates: b.rects.map(([w, s, e, n]) => [
          [
            [deg(w), deg(s)],
            [deg(e), deg(s)],
            [deg(e), deg(n)],
            [deg(w), deg(n)],
            [deg(w), deg(s)],
          ],
        ]),
      },
    })),
  };
  if (network.computed_at) {
    for (const k of isochroneCache.keys())
      if (k.startsWith(`${communityId}:${code}:`)) isochroneCache.delete(k);
    if (isochroneCache.size >= ISOCHRONE_CACHE_SIZE) {
      const oldest = isochroneCache.keys().next().value;
      if (oldest !== undefined) isochroneCache.delete(oldest);
    }
    isochroneCache.set(key, reply);
  }
  return reply;
}
