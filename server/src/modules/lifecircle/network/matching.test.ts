// Proposing register ↔ imported building matches: by name, by number against the house number or the
// OSM name's number, then the nearest free building to the estate's matched ones; rejected pairs and
// taken buildings are never proposed again.
import { describe, expect, it } from "vitest";
import { numberOf, type OsmBuilding, proposeMatches } from "./matching.ts";

const osm = (id: number, lat: number, lon: number, more: Partial<OsmBuilding> = {}): OsmBuilding => ({
  id,
  lat,
  lon,
  name: null,
  housenumber: null,
  buildingId: null,
  status: "none",
  ...more,
});

describe("numberOf", () => {
  it.each([
    ["3号楼", "3"],
    ["12栋", "12"],
    ["Building 7", "7"],
    ["07幢", "7"],
    ["12A", "12a"],
    ["B座", "b"],
    ["锦绣楼", null],
  ])("%s → %s", (name, n) => expect(numberOf(name)).toBe(n));
});

describe("proposeMatches", () => {
  it("matches by the whole name first, then by number, then the nearest to the estate's matched ones", () => {
    const register = [
      { id: 1, name: "锦绣楼", estateId: 1 },
      { id: 2, name: "2号楼", estateId: 1 },
      { id: 3, name: "3号楼", estateId: 1 },
    ];
    const got = proposeMatches(register, [
      osm(10, 43.73, 7.42, { name: "锦绣楼" }),
      osm(11, 43.7301, 7.4201, { housenumber: "2" }),
      osm(12, 43.75, 7.45, { housenumber: "2" }), // same number, far away: the nearer one wins
      osm(13, 43.7302, 7.4202),
      osm(14, 43.76, 7.46),
    ]);
    expect(got).toEqual([
      { buildingId: 1, lcBuildingId: 10, by: "name" },
      { buildingId: 2, lcBuildingId: 11, by: "name" },
      { buildingId: 3, lcBuildingId: 13, by: "nearest" },
    ]);
  });

  it("keeps confirmed matches, never re-proposes a rejected pair, and proposes nothing without an anchor", () => {
    const register = [
      { id: 1, name: "1号楼", estateId: 1 },
      { id: 2, name: "2号楼", estateId: 1 },
      { id: 3, name: "无号楼", estateId: 2 },
    ];
    const got = proposeMatches(register, [
      osm(10, 43.73, 7.42, { housenumber: "1", buildingId: 1, status: "confirmed" }),
      osm(11, 43.7301, 7.4201, { housenumber: "2", buildingId: 2, status: "rejected" }),
      osm(12, 43.7305, 7.4205),
    ]);
    // 2: its number's building was rejected for it, so the nearest free one; 3: the community's anchor
    expect(got).toEqual([
      { buildingId: 2, lcBuildingId: 12, by: "nearest" },
      { buildingId: 3, lcBuildingId: 11, by: "nearest" },
    ]);
    expect(proposeMatches([{ id: 5, name: "锦绣楼", estateId: 1 }], [osm(20, 1, 1)])).toEqual([]);
  });
});
