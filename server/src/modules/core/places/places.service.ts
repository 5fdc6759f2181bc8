import type { Kysely } from "kysely";
import type { z } from "zod";
import { authorize, authorizeWithin, primaryRole, reachOf } from "../../../access/authorize.ts";
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
import { recordAudit } from "../audit/audit.service.ts";
import { maskPhone } from "../privacy/pii.present.ts";
import { ageOn } from "../privacy/pii.service.ts";
import * as q from "./places.queries.ts";

// For the imports module: a building's imported fields, and its households following its grid.
export { syncHouseholdGrid, updateBuilding } from "./places.queries.ts";

import type {
  THouseholdDetail,
  ZBuildingParams,
  ZCommunityParams,
  ZCreateBuilding,
  ZCreateEstate,
  ZCreateGrid,
  ZCreateHousehold,
  ZCreateUnit,
  ZHouseholdParams,
  ZHouseholdQuery,
  ZUpdateBuilding,
  ZUpdateHousehold,
} from "./places.schema.ts";

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

export type HouseholdListRow = Awaited<ReturnType<typeof q.listHouseholds>>["items"][number];

/** Creates a grid (audited). */
export async function createGrid(
  db: Kysely<DB>,
  actor: Actor | null,
  params: z.output<typeof ZCommunityParams>,
  body: z.output<typeof ZCreateGrid>,
) {
  const { communityId } = params;
  const reach = authorize(actor, "places.write", { communityId });
  return db.transaction().execute(async (trx) => {
    const row = await q.insertGrid(trx, communityId, body.name);
    await recordAudit(trx, {
      actorUserId: actor!.userId,
      actorRole: primaryRole(reach),
      communityId,
      action: "grid.create",
      targetType: "grid",
      targetId: row.id,
      after: body,
    });
    return row;
  });
}

/** Creates an estate (audited). */
export async function createEstate(
  db: Kysely<DB>,
  actor: Actor | null,
  params: z.output<typeof ZCommunityParams>,
  body: z.output<typeof ZCreateEstate>,
) {
  const { communityId } = params;
  const reach = authorize(actor, "places.write", { communityId });
  return db.transaction().execute(async (trx) => {
    const row = await q.insertEstate(trx, communityId, body.name, body.propertyOrgId ?? null);
    await recordAudit(trx, {
      actorUserId: actor!.userId,
      actorRole: primaryRole(reach),
      communityId,
      action: "estate.create",
      targetType: "estate",
      targetId: row.id,
      after: body,
    });
    return row;
  });
}

/** Creates a building in an estate of the community, on a grid of it (audited). */
export async function createBuilding(
  db: Kysely<DB>,
  actor: Actor | null,
  params: z.output<typeof ZCommunityParams>,
  body: z.output<typeof ZCreateBuilding>,
) {
  const { communityId } = params;
  const reach = authorize(actor, "places.write", { communityId });
  if (!(await q.existsIn(db, "estate", communityId, body.estateId)))
    throw new AppError("NOT_FOUND", { zh: "小区不存在", en: "Estate not found" });
  if (body.gridId && !(await q.existsIn(db, "grid", communityId, body.gridId)))
    throw new AppError("NOT_FOUND", { zh: "网格不存在", en: "Grid not found" });
  return db.transaction().execute(async (trx) => {
    const row = await q.insertBuilding(trx, {
      community_id: communityId,
      estate_id: body.estateId,
      name: body.name,
      grid_id: body.gridId ?? null,
      floors: body.floors ?? null,
    });
    await recordAudit(trx, {
      actorUserId: actor!.userId,
      actorRole: primaryRole(reach),
      communityId,
      action: "building.create",
      targetType: "building",
      targetId: row.id,
      after: body,
    });
    return row;
  });
}

/** Renames a building or moves it to a grid; its households follow the grid (audited). */
export async function editBuilding(
  db: Kysely<DB>,
  actor: Actor | null,
  params: z.output<typeof ZBuildingParams>,
  body: z.output<typeof ZUpdateBuilding>,
) {
  const { communityId, buildingId } = params;
  const reach = authorize(actor, "places.write", { communityId });
  const before = await q.findBuilding(db, communityId, buildingId);
  if (!before) throw new AppError("NOT_FOUND");
  if (body.gridId && !(await q.existsIn(db, "grid", communityId, body.gridId)))
    throw new AppError("NOT_FOUND", { zh: "网格不存在", en: "Grid not found" });
  await db.transaction().execute(async (trx) => {
    await q.updateBuilding(trx, communityId, buildingId, {
      name: body.name,
      grid_id: body.gridId,
    });
    if (body.gridId !== undefined) await q.syncHouseholdGrid(trx, communityId, buildingId, body.gridId);
    await recordAudit(trx, {
      actorUserId: actor!.userId,
      actorRole: primaryRole(reach),
      communityId,
      action: "building.update",
      targetType: "building",
      targetId: buildingId,
      before,
      after: body,
    });
  });
  return { id: buildingId };
}

/** Creates a unit in a building of the community (audited). */
export async function createUnit(
  db: Kysely<DB>,
  actor: Actor | null,
  params: z.output<typeof ZCommunityParams>,
  body: z.output<typeof ZCreateUnit>,
) {
  const { communityId } = params;
  const reach = authorize(actor, "places.write", { communityId });
  if (!(await q.findBuilding(db, communityId, body.buildingId)))
    throw new AppError("NOT_FOUND", { zh: "楼栋不存在", en: "Building not found" });
  return db.transaction().execute(async (trx) => {
    const row = await q.insertUnit(trx, communityId, body.buildingId, body.name);
    await recordAudit(trx, {
      actorUserId: actor!.userId,
      actorRole: primaryRole(reach),
      communityId,
      action: "unit.create",
      targetType: "unit",
      targetId: row.id,
      after: body,
    });
    return row;
  });
}

/** A page of the households the caller reaches, filtered, and how many match. */
export async function householdsPage(
  db: Kysely<DB>,
  actor: Actor | null,
  params: z.output<typeof ZCommunityParams>,
  query: z.output<typeof ZHouseholdQuery>,
) {
  const { communityId } = params;
  const reach = authorizeWithin(actor, "households.read", communityId);
  const { total, items } = await q.listHouseholds(db, communityId, scopeIdsOf(reach, communityId), query);
  return { total, items };
}

/** Creates a household (房屋) in a building, authorized where it will be (audited). */
export async function createHousehold(
  db: Kysely<DB>,
  actor: Actor | null,
  params: z.output<typeof ZCommunityParams>,
  body: z.output<typeof ZCreateHousehold>,
) {
  const { communityId } = params;
  const b = await q.findBuilding(db, communityId, body.buildingId);
  if (!b) throw new AppError("NOT_FOUND", { zh: "楼栋不存在", en: "Building not found" });
  if (body.unitId) {
    const u = await q.findUnit(db, communityId, body.unitId);
    if (!u || u.building_id !== b.id)
      throw new AppError("NOT_FOUND", { zh: "单元不存在", en: "Unit not found" });
  }
  const reach = authorize(actor, "households.write", {
    communityId,
    gridId: b.grid_id,
    estateId: b.estate_id,
    buildingId: b.id,
    unitId: body.unitId ?? null,
  });
  return db.transaction().execute(async (trx) => {
    const row = await q.insertHousehold(trx, {
      community_id: communityId,
      building_id: b.id,
      unit_id: body.unitId ?? null,
      grid_id: b.grid_id,
      floor: body.floor ?? null,
      room: body.room,
      area_m2: body.areaM2 ?? null,
    });
    await recordAudit(trx, {
      actorUserId: actor!.userId,
      actorRole: primaryRole(reach),
      communityId,
      action: "household.create",
      targetType: "household",
      targetId: row.id,
      after: body,
    });
    return row;
  });
}

/** Corrects a household's floor or exclusive area (audited). */
export async function editHousehold(
  db: Kysely<DB>,
  actor: Actor | null,
  params: z.output<typeof ZHouseholdParams>,
  body: z.output<typeof ZUpdateHousehold>,
) {
  const { communityId, householdId } = params;
  const { h, place } = await householdPlace(db, communityId, householdId);
  const reach = authorize(actor, "households.write", place);
  await db.transaction().execute(async (trx) => {
    await q.updateHousehold(trx, communityId, householdId, {
      floor: body.floor,
      area_m2: body.areaM2,
    });
    await recordAudit(trx, {
      actorUserId: actor!.userId,
      actorRole: primaryRole(reach),
      communityId,
      action: "household.update",
      targetType: "household",
      targetId: householdId,
      before: { floor: h.floor, areaM2: h.area_m2 },
      after: body,
    });
  });
  return { id: householdId };
}

export type DivisionRow = Awaited<ReturnType<typeof q.listDivisions>>[number];

/** Districts, streets and communities (public names, for pickers), ordered for the tree. */
export const divisions = (db: Kysely<DB>): Promise<DivisionRow[]> => q.listDivisions(db);

/**
 * A place other modules' things are put at — the community, one of its estates, or one of its
 * buildings (in the estate when both are named) — checked to be in the community: 404 for an estate
 * or a building elsewhere, 400 for a building outside the chosen estate. Answers the building's estate
 * and grid, which lists filtered by a grid worker's reach need.
 */
export async function checkedPlaceIn(
  db: Kysely<DB>,
  communityId: number,
  estateId: number | null,
  buildingId: number | null,
): Promise<{ estate_id: number | null; building_id: number | null; grid_id: number | null }> {
  const found = await q.placeInCommunity(db, communityId, { estateId, buildingId });
  if (estateId != null && !found.estate)
    throw new AppError("NOT_FOUND", { zh: "小区不在本社区", en: "The estate is not in this community" });
  if (buildingId != null && !found.building)
    throw new AppError("NOT_FOUND", { zh: "楼栋不在本社区", en: "The building is not in this community" });
  if (found.building && estateId != null && found.building.estate_id !== estateId)
    throw new AppError("VALIDATION", {
      zh: "楼栋不在所选小区内",
      en: "The building is not in the chosen estate",
      details: [{ field: "buildingId", message: "not in estateId" }],
    });
  return {
    estate_id: found.building?.estate_id ?? estateId,
    building_id: buildingId,
    grid_id: found.building?.grid_id ?? null,
  };
}
