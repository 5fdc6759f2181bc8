// Coordinates are kept in WGS-84 (what OpenStreetMap and GPS give). Chinese web maps (高德/腾讯, and a
// point a staff member copies from them) use GCJ-02, offset by a few hundred metres; Baidu uses BD-09.
// The conversion is the kept library `gcoord` (MIT), not our own copy of the obfuscation formula.
import gcoord from "gcoord";

export type CoordSystem = "wgs84" | "gcj02" | "bd09";

const CRS = { wgs84: gcoord.WGS84, gcj02: gcoord.GCJ02, bd09: gcoord.BD09 } as const;

/** A point in `from` as WGS-84 latitude and longitude. */
export function toWgs84(lat: number, lon: number, from: CoordSystem): { lat: number; lon: number } {
  if (from === "wgs84") return { lat, lon };
  const [x, y] = gcoord.transform([lon, lat], CRS[from], gcoord.WGS84) as [number, number];
  return { lat: y, lon: x };
}

/** A WGS-84 point as GCJ-02 (to show it on a Chinese web map or hand it to its app). */
export function toGcj02(lat: number, lon: number): { lat: number; lon: number } {
  const [x, y] = gcoord.transform([lon, lat], gcoord.WGS84, gcoord.GCJ02) as [number, number];
  return { lat: y, lon: x };
}
