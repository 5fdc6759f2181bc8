// Proposes which imported (OSM) building is which building of the register (the place tree's `building`
// rows): first by name or number — the register's "3号楼" / "3栋" / "Building 3" against OSM `name` and
// `addr:housenumber` — then, for the rest, the nearest free residential building to the buildings of the
// same estate already matched (or of the whole community). Staff review every proposal. Pure: no SQL.

export interface RegisterBuilding {
  id: number;
  name: string;
  estateId: number;
}

export interface OsmBuilding {
  id: number;
  lat: number;
  lon: number;
  name: string | null;
  housenumber: string | null;
  /** the register building it is matched to (proposed or confirmed), or rejected for */
  buildingId: number | null;
  status: "none" | "proposed" | "confirmed" | "rejected";
}

export interface Proposal {
  buildingId: number;
  lcBuildingId: number;
  by: "name" | "nearest";
}

/** "3号楼" → "3", "Building 12A" → "12a", "B座" → "b"; the name itself, folded, when it has no number. */
export function numberOf(name: string): string | null {
  const s = name.normalize("NFKC").toLowerCase();
  const m = s.match(/(\d+)\s*([a-z])?(?=\s*(号楼|号|栋|幢|座|楼|$|\b))/) ?? s.match(/(\d+)/);
  if (m) return `${Number(m[1])}${m[2] ?? ""}`;
  const letter = s.match(/^([a-z])\s*(座|栋|幢|区)$/);
  return letter ? (letter[1] as string) : null;
}

const fold = (s: string) => s.normalize("NFKC").toLowerCase().replace(/\s+/g, "");

/** Metres between two points (equirectangular: exact enough inside one community). */
export function metresBetween(aLat: number, aLon: number, bLat: number, bLon: number): number {
  const k = Math.cos((((aLat + bLat) / 2) * Math.PI) / 180);
  const dy = (aLat - bLat) * 111_195;
  const dx = (aLon - bLon) * 111_195 * k;
  return Math.sqrt(dx * dx + dy * dy);
}

export function proposeMatches(register: RegisterBuilding[], osm: OsmBuilding[]): Proposal[] {
  const taken = new Set<number>(); // OSM buildings already someone's (proposed or confirmed)
  const matched = new Map<number, OsmBuilding>(); // register id → its OSM building
  const rejected = new Set<string>(); // "register:osm" pairs staff rejected
  for (const o of osm) {
    if (o.buildingId == null) continue;
    if (o.status === "proposed" || o.status === "confirmed") {
      taken.add(o.id);
      matched.set(o.buildingId, o);
    } else if (o.status === "rejected") rejected.add(`${o.buildingId}:${o.id}`);
  }
  const free = (b: RegisterBuilding, o: OsmBuilding) => !taken.has(o.id) && !rejected.has(`${b.id}:${o.id}`);
  const out: Proposal[] = [];
  const take = (b: RegisterBuilding, o: OsmBuilding, by: Proposal["by"]) => {
    taken.add(o.id);
    matched.set(b.id, o);
    out.push({ buildingId: b.id, lcBuildingId: o.id, by });
  };
  const anchorOf = (estateId: number): { lat: number; lon: number } | null => {
    let lat = 0;
    let lon = 0;
    let n = 0;
    for (const b of register)
      if (b.estateId === estateId) {
        const o = matched.get(b.id);
        if (o) {
          lat += o.lat;
          lon += o.lon;
          n++;
        }
      }
    if (n === 0)
      for (const o of matched.values()) {
        lat += o.lat;
        lon += o.lon;
        n++;
      }
    return n === 0 ? null : { lat: lat / n, lon: lon / n };
  };
  const nearest = (list: OsmBuilding[], at: { lat: number; lon: number } | null) => {
    if (list.length === 0) return null;
    if (!at) return list.reduce((x, y) => (y.id < x.id ? y : x));
    let best = list[0] as OsmBuilding;
    let bestD = Number.POSITIVE_INFINITY;
    for (const o of list) {
      const d = metresBetween(at.lat, at.lon, o.lat, o.lon);
      if (d < bestD || (d === bestD && o.id < best.id)) {
        bestD = d;
        best = o;
      }
    }
    return best;
  };
  const pending = register.filter((b) => !matched.has(b.id)).sort((x, y) => x.id - y.id);
  // 1. by name (the whole name, then its number against the OSM name's number or the house number)
  for (const b of pending) {
    const whole = fold(b.name);
    const num = numberOf(b.name);
    const same = osm.filter((o) => free(b, o) && o.name != null && fold(o.name) === whole);
    const list =
      same.length > 0
        ? same
        : num == null
          ? []
          : osm.filter(
              (o) =>
                free(b, o) &&
                ((o.housenumber != null && numberOf(o.housenumber) === num) ||
                  (o.name != null && numberOf(o.name) === num)),
            );
    const o = nearest(list, anchorOf(b.estateId));
    if (o) take(b, o, "name");
  }
  // 2. the rest: the nearest free building to what is matched around it
  for (const b of pending) {
    if (matched.has(b.id)) continue;
    const at = anchorOf(b.estateId);
    if (!at) continue;
    const o = nearest(
      osm.filter((x) => free(b, x)),
      at,
    );
    if (o) take(b, o, "nearest");
  }
  return out;
}
