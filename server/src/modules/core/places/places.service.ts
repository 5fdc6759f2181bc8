import type { Kysely } from "kysely";
import { authorize, authorizeWithin, reachOf } from "../../../access/authorize.ts";
import {
  type Actor,
  coversCommunity,
  type PlaceRef,
  partialReach,
  type Reach,
  reaches,
} from "../../../access/reach.ts";
import type { DB } from "../../../db/schema.ts";
import { AppError } from "../../../errors.ts";
import { maskPhone } from "../privacy/pii.present.ts";
import { ageOn } from "../privacy/pii.service.ts";
import * as q from "./places.queries.ts";

// For the imports module: a building's imported fields, and its households following its grid.
export { syncHouseholdGrid, updateBuilding } from "./places.queries.ts";

import type { THouseholdDetail } from "./places.schema.ts";

export function formatAddress(p: {
  estateName: string;
  buildingName: string;
  unitName: string | null;
  room: string;
}) {
  return [p.estateName, p.buildingName, p.unitName, p.room].filter(Boolean).join(" ");
}

/** The ids a reach covers inside a community, or null when it covers the whole community. */
export function scopeIdsOf(reach: Reach, communityId: number): q.ScopeIds | null {
  return coversCommunity(reach, communityId) ? null : partialReach(reach, communityId);
}

export async function householdPlace(db: Kysely<DB>, communityId: number, householdId: number) {
  const h = await q.findHousehold(db, communityId, householdId);
  if (!h) throw new AppError("NOT_FOUND");
  const place: PlaceRef = {
    communityId,
    gridId: h.grid_id,
    estateId: h.estate_id,
    buildingId: h.building_id,
    unitId: h.unit_id,
  };
  return { h, place };
}

/** A household page: staff within reach, or a verified member of that very household. */
export async function readHousehold(
  db: Kysely<DB>,
  actor: Actor | null,
  communityId: number,
  householdId: number,
) {
  const { h, place } = await householdPlace(db, communityId, householdId);
  const ownHousehold = actor?.residencies.some(
    (r) => r.status === "verified" && r.communityId === communityId && r.householdId === householdId,
  );
  if (ownHousehold) return presentHousehold(db, h);
  authorize(actor, "households.read", place);
  // the members (names, ages, care tags) are shown only to those who may read residents there
  const seesMembers = reaches(reachOf(actor, "residents.read"), place);
  return presentHousehold(db, h, { withMembers: seesMembers });
}

export async function presentHousehold(
  db: Kysely<DB>,
  h: NonNullable<Awaited<ReturnType<typeof q.findHousehold>>>,
  opts: { withMembers: boolean } = { withMembers: true },
): Promise<THouseholdDetail> {
  const members = opts.withMembers ? await q.householdMembers(db, h.community_id, h.id) : [];
  return {
    id: h.id,
    communityId: h.community_id,
    address: formatAddress(h),
    floor: h.floor,
    room: h.room,
    areaM2: h.area_m2 == null ? null : Number(h.area_m2),
    gridId: h.grid_id,
    gridName: h.gridName,
    estateName: h.estateName,
    buildingName: h.buildingName,
    unitName: h.unitName,
    members: members.map((m) => ({
      id: m.id,
      name: m.name,
      relation: m.relation,
      gender: m.gender,
      age: ageOn(m.birth_date),
      phone: maskPhone(m.phone),
      careTags: m.care_tags,
    })),
  };
}

export async function readTree(db: Kysely<DB>, actor: Actor | null, communityId: number) {
  const reach = authorizeWithin(actor, "places.read", communityId);
  const community = await q.findCommunity(db, communityId);
  if (!community) throw new AppError("NOT_FOUND");
  const [grids, estates, buildings, units] = await Promise.all([
    q.listGridsWithCounts(db, communityId),
    q.listEstates(db, communityId),
    q.listBuildings(db, communityId),
    q.listUnits(db, communityId),
  ]);
  const scope = scopeIdsOf(reach, communityId);
  const visibleBuilding = (b: { id: number; estate_id: number; grid_id: number | null }) =>
    !scope ||
    scope.buildingIds.includes(b.id) ||
    scope.estateIds.includes(b.estate_id) ||
    (b.grid_id != null && scope.gridIds.includes(b.grid_id)) ||
    units.some((u) => u.building_id === b.id && scope.unitIds.includes(u.id));
  const shownBuildings = buildings.filter(visibleBuilding);
  const shownGridIds = new Set(shownBuildings.map((b) => b.grid_id));
  return {
    community: {
      id: community.id,
      name: community.name,
      streetName: community.streetName,
      districtName: community.districtName,
    },
    grids: grids
      .filter((g) => !scope || scope.gridIds.includes(g.id) || shownGridIds.has(g.id))
      .map((g) => ({
        id: g.id,
        name: g.name,
        buildingCount: Number(g.buildingCount),
        householdCount: Number(g.householdCount),
      })),
    estates: estates
      .map((e) => ({
        id: e.id,
        name: e.name,
        propertyOrgName: e.propertyOrgName,
        buildings: shownBuildings
          .filter((b) => b.estate_id === e.id)
          .map((b) => ({
            id: b.id,
            name: b.name,
            gridId: b.grid_id,
            floors: b.floors,
            householdCount: Number(b.householdCount),
            units: units.filter((u) => u.building_id === b.id).map((u) => ({ id: u.id, name: u.name })),
          })),
      }))
      .filter((e) => !scope || e.buildings.length > 0 || scope.estateIds.includes(e.id)),
  };
}
