import { type App, needs, PUBLIC } from "../../../http/context.ts";
import { errorResponses } from "../../../http/errors.ts";
import { presentDivisions, presentHouseholdRow } from "./places.present.ts";
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
import {
  createBuilding,
  createEstate,
  createGrid,
  createHousehold,
  createUnit,
  divisions,
  editBuilding,
  editHousehold,
  householdsPage,
  readHousehold,
  readTree,
} from "./places.service.ts";

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
    async () => presentDivisions(await divisions(app.db)),
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
    async (req) => createGrid(app.db, req.actor, req.params, req.body),
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
    async (req) => createEstate(app.db, req.actor, req.params, req.body),
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
    async (req) => createBuilding(app.db, req.actor, req.params, req.body),
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
    async (req) => editBuilding(app.db, req.actor, req.params, req.body),
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
    async (req) => createUnit(app.db, req.actor, req.params, req.body),
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
      const { total, items } = await householdsPage(app.db, req.actor, req.params, req.query);
      return {
        total,
        page: req.query.page,
        pageSize: req.query.pageSize,
        items: items.map(presentHouseholdRow),
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
    async (req) => createHousehold(app.db, req.actor, req.params, req.body),
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
    async (req) => editHousehold(app.db, req.actor, req.params, req.body),
  );
}
