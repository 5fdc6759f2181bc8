import { authorize, authorizeWithin, primaryRole } from "../../../access/authorize.ts";
import { AppError } from "../../../errors.ts";
import { type App, needs, PUBLIC } from "../../../http/context.ts";
import { errorResponses } from "../../../http/errors.ts";
import { recordAudit } from "../audit/audit.service.ts";
import * as q from "./places.queries.ts";
import {
  ZBuildingParams,
  ZCommunityParams,
  ZCreateBuilding,
  ZCreated,
  ZCreateEstate,
  ZCreateGrid,
  ZCreateHousehold,
  ZCreateUnit,
  ZDivisions,
  ZHouseholdDetail,
  ZHouseholdList,
  ZHouseholdParams,
  ZHouseholdQuery,
  ZTree,
  ZUpdateBuilding,
  ZUpdateHousehold,
} from "./places.schema.ts";
import { formatAddress, householdPlace, readHousehold, readTree, scopeIdsOf } from "./places.service.ts";

export function registerPlacesRoutes(app: App): void {
  const tags = ["places"];

  app.get(
    "/places/divisions",
    {
      config: { access: PUBLIC },
      schema: {
        tags,
        summary: "Districts, streets and communities (public names, for pickers)",
        response: { 200: ZDivisions },
      },
    },
    async () => {
      const rows = await q.listDivisions(app.db);
      const districts = new Map<number, any>();
      for (const r of rows) {
        let d = districts.get(r.districtId);
        if (!d) {
          d = {
            id: r.districtId,
            code: r.districtCode,
            name: r.districtName,
            cityName: r.cityName,
            provinceName: r.provinceName,
            streets: [],
          };
          districts.set(r.districtId, d);
        }
        let s = d.streets.at(-1);
        if (!s || s.id !== r.streetId) {
          s = { id: r.streetId, code: r.streetCode, name: r.streetName, communities: [] };
          d.streets.push(s);
        }
        s.communities.push({
          id: r.communityId,
          code: r.communityCode,
          name: r.communityName,
          kind: r.communityKind,
        });
      }
      return [...districts.values()];
    },
  );

  app.get(
    "/communities/:communityId/tree",
    {
      config: { access: needs("places.read") },
      schema: {
        tags,
        summary:
          "The place tree of a community (grids; estates → buildings → units), as far as the caller reaches",
        params: ZCommunityParams,
        response: { 200: ZTree, ...errorResponses },
      },
    },
    async (req) => readTree(app.db, req.actor, req.params.communityId),
  );

  app.post(
    "/communities/:communityId/grids",
    {
      config: { access: needs("places.write") },
      schema: {
        tags,
        summary: "Create a grid",
        params: ZCommunityParams,
        body: ZCreateGrid,
        response: { 200: ZCreated, ...errorResponses },
      },
    },
    async (req) => {
      const { communityId } = req.params;
      const reach = authorize(req.actor, "places.write", { communityId });
      return app.db.transaction().execute(async (trx) => {
        const row = await q.insertGrid(trx, communityId, req.body.name);
        await recordAudit(trx, {
          actorUserId: req.actor!.userId,
          actorRole: primaryRole(reach),
          communityId,
          action: "grid.create",
          targetType: "grid",
          targetId: row.id,
          after: req.body,
        });
        return row;
      });
    },
  );

  app.post(
    "/communities/:communityId/estates",
    {
      config: { access: needs("places.write") },
      schema: {
        tags,
        summary: "Create an estate (小区)",
        params: ZCommunityParams,
        body: ZCreateEstate,
        response: { 200: ZCreated, ...errorResponses },
      },
    },
    async (req) => {
      const { communityId } = req.params;
      const reach = authorize(req.actor, "places.write", { communityId });
      return app.db.transaction().execute(async (trx) => {
        const row = await q.insertEstate(trx, communityId, req.body.name, req.body.propertyOrgId ?? null);
        await recordAudit(trx, {
          actorUserId: req.actor!.userId,
          actorRole: primaryRole(reach),
          communityId,
          action: "estate.create",
          targetType: "estate",
          targetId: row.id,
          after: req.body,
        });
        return row;
      });
    },
  );

  app.post(
    "/communities/:communityId/buildings",
    {
      config: { access: needs("places.write") },
      schema: {
        tags,
        summary: "Create a building (楼栋) in an estate, optionally in a grid",
        params: ZCommunityParams,
        body: ZCreateBuilding,
        response: { 200: ZCreated, ...errorResponses },
      },
    },
    async (req) => {
      const { communityId } = req.params;
      const reach = authorize(req.actor, "places.write", { communityId });
      if (!(await q.existsIn(app.db, "estate", communityId, req.body.estateId)))
        throw new AppError("NOT_FOUND", { zh: "小区不存在", en: "Estate not found" });
      if (req.body.gridId && !(await q.existsIn(app.db, "grid", communityId, req.body.gridId)))
        throw new AppError("NOT_FOUND", { zh: "网格不存在", en: "Grid not found" });
      return app.db.transaction().execute(async (trx) => {
        const row = await q.insertBuilding(trx, {
          community_id: communityId,
          estate_id: req.body.estateId,
          name: req.body.name,
          grid_id: req.body.gridId ?? null,
          floors: req.body.floors ?? null,
        });
        await recordAudit(trx, {
          actorUserId: req.actor!.userId,
          actorRole: primaryRole(reach),
          communityId,
          action: "building.create",
          targetType: "building",
          targetId: row.id,
          after: req.body,
        });
        return row;
      });
    },
  );

  app.patch(
    "/communities/:communityId/buildings/:buildingId",
    {
      config: { access: needs("places.write") },
      schema: {
        tags,
        summary: "Rename a building or move it to another grid",
        params: ZBuildingParams,
        body: ZUpdateBuilding,
        response: { 200: ZCreated, ...errorResponses },
      },
    },
    async (req) => {
      const { communityId, buildingId } = req.params;
      const reach = authorize(req.actor, "places.write", { communityId });
      const before = await q.findBuilding(app.db, communityId, buildingId);
      if (!before) throw new AppError("NOT_FOUND");
      if (req.body.gridId && !(await q.existsIn(app.db, "grid", communityId, req.body.gridId)))
        throw new AppError("NOT_FOUND", { zh: "网格不存在", en: "Grid not found" });
      await app.db.transaction().execute(async (trx) => {
        await q.updateBuilding(trx, communityId, buildingId, {
          name: req.body.name,
          grid_id: req.body.gridId,
        });
        if (req.body.gridId !== undefined)
          await q.syncHouseholdGrid(trx, communityId, buildingId, req.body.gridId);
        await recordAudit(trx, {
          actorUserId: req.actor!.userId,
          actorRole: primaryRole(reach),
          communityId,
          action: "building.update",
          targetType: "building",
          targetId: buildingId,
          before,
          after: req.body,
        });
      });
      return { id: buildingId };
    },
  );

  app.post(
    "/communities/:communityId/units",
    {
      config: { access: needs("places.write") },
      schema: {
        tags,
        summary: "Create a unit (单元) in a building",
        params: ZCommunityParams,
        body: ZCreateUnit,
        response: { 200: ZCreated, ...errorResponses },
      },
    },
    async (req) => {
      const { communityId } = req.params;
      const reach = authorize(req.actor, "places.write", { communityId });
      if (!(await q.findBuilding(app.db, communityId, req.body.buildingId)))
        throw new AppError("NOT_FOUND", { zh: "楼栋不存在", en: "Building not found" });
      return app.db.transaction().execute(async (trx) => {
        const row = await q.insertUnit(trx, communityId, req.body.buildingId, req.body.name);
        await recordAudit(trx, {
          actorUserId: req.actor!.userId,
          actorRole: primaryRole(reach),
          communityId,
          action: "unit.create",
          targetType: "unit",
          targetId: row.id,
          after: req.body,
        });
        return row;
      });
    },
  );

  app.get(
    "/communities/:communityId/households",
    {
      config: { access: needs("households.read") },
      schema: {
        tags,
        summary: "Households the caller reaches, filtered and paged",
        params: ZCommunityParams,
        querystring: ZHouseholdQuery,
        response: { 200: ZHouseholdList, ...errorResponses },
      },
    },
    async (req) => {
      const { communityId } = req.params;
      const reach = authorizeWithin(req.actor, "households.read", communityId);
      const { total, items } = await q.listHouseholds(
        app.db,
        communityId,
        scopeIdsOf(reach, communityId),
        req.query,
      );
      return {
        total,
        page: req.query.page,
        pageSize: req.query.pageSize,
        items: items.map((h) => ({
          id: h.id,
          address: formatAddress(h),
          buildingId: h.building_id,
          unitId: h.unit_id,
          gridId: h.grid_id,
          gridName: h.gridName,
          floor: h.floor,
          room: h.room,
          areaM2: h.area_m2 == null ? null : Number(h.area_m2),
          memberCount: Number(h.memberCount),
        })),
      };
    },
  );

  app.get(
    "/communities/:communityId/households/:householdId",
    {
      config: { access: { kind: "signed_in" } },
      schema: {
        tags,
        summary: "A household page: its members, masked (staff in reach, or a member of the household)",
        params: ZHouseholdParams,
        response: { 200: ZHouseholdDetail, ...errorResponses },
      },
    },
    async (req) => readHousehold(app.db, req.actor, req.params.communityId, req.params.householdId),
  );

  app.post(
    "/communities/:communityId/households",
    {
      config: { access: needs("households.write") },
      schema: {
        tags,
        summary: "Create a household (房屋) in a building",
        params: ZCommunityParams,
        body: ZCreateHousehold,
        response: { 200: ZCreated, ...errorResponses },
      },
    },
    async (req) => {
      const { communityId } = req.params;
      const b = await q.findBuilding(app.db, communityId, req.body.buildingId);
      if (!b) throw new AppError("NOT_FOUND", { zh: "楼栋不存在", en: "Building not found" });
      if (req.body.unitId) {
        const u = await q.findUnit(app.db, communityId, req.body.unitId);
        if (!u || u.building_id !== b.id)
          throw new AppError("NOT_FOUND", { zh: "单元不存在", en: "Unit not found" });
      }
      const reach = authorize(req.actor, "households.write", {
        communityId,
        gridId: b.grid_id,
        estateId: b.estate_id,
        buildingId: b.id,
        unitId: req.body.unitId ?? null,
      });
      return app.db.transaction().execute(async (trx) => {
        const row = await q.insertHousehold(trx, {
          community_id: communityId,
          building_id: b.id,
          unit_id: req.body.unitId ?? null,
          grid_id: b.grid_id,
          floor: req.body.floor ?? null,
          room: req.body.room,
          area_m2: req.body.areaM2 ?? null,
        });
        await recordAudit(trx, {
          actorUserId: req.actor!.userId,
          actorRole: primaryRole(reach),
          communityId,
          action: "household.create",
          targetType: "household",
          targetId: row.id,
          after: req.body,
        });
        return row;
      });
    },
  );

  app.patch(
    "/communities/:communityId/households/:householdId",
    {
      config: { access: needs("households.write") },
      schema: {
        tags,
        summary: "Correct a household's floor or exclusive area (m²)",
        params: ZHouseholdParams,
        body: ZUpdateHousehold,
        response: { 200: ZCreated, ...errorResponses },
      },
    },
    async (req) => {
      const { communityId, householdId } = req.params;
      const { h, place } = await householdPlace(app.db, communityId, householdId);
      const reach = authorize(req.actor, "households.write", place);
      await app.db.transaction().execute(async (trx) => {
        await q.updateHousehold(trx, communityId, householdId, {
          floor: req.body.floor,
          area_m2: req.body.areaM2,
        });
        await recordAudit(trx, {
          actorUserId: req.actor!.userId,
          actorRole: primaryRole(reach),
          communityId,
          action: "household.update",
          targetType: "household",
          targetId: householdId,
          before: { floor: h.floor, areaM2: h.area_m2 },
          after: req.body,
        });
      });
      return { id: householdId };
    },
  );
}
