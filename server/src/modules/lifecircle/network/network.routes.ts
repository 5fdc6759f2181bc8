import { z } from "zod";
import { AppError } from "../../../errors.ts";
import { type App, needs, PUBLIC, SIGNED_IN } from "../../../http/context.ts";
import { errorResponses, ZErrorBody } from "../../../http/errors.ts";
import { ZCommunityParams } from "../../core/places/places.schema.ts";
import { ZSubmitted } from "../../voice/requests/requests.schema.ts";
import {
  closedFacilitiesOf,
  closeFacility,
  editFacility,
  editKind,
  facilitiesTemplate,
  importFacilitiesSheet,
} from "./facilities.service.ts";
import { requestFromGap } from "./gap-request.service.ts";
import {
  buildingMatches,
  exportBuildingMatches,
  householdCoverage,
  myBuilding,
  proposeBuildingMatches,
  reviewBuildingMatches,
} from "./matches.service.ts";
import {
  ZBuildingReading,
  ZClosedFacilities,
  ZCloseFacility,
  ZCreateFacility,
  ZFacilities,
  ZFacilitiesSheetResult,
  ZFacility,
  ZFacilityParams,
  ZFacilityRecord,
  ZGapRequest,
  ZGaps,
  ZGapsQuery,
  ZHouseholdCoverage,
  ZImportExtract,
  ZImportResult,
  ZIsochroneQuery,
  ZIsochrones,
  ZKind,
  ZKindParams,
  ZLifecircle,
  ZLifecircleBuildingParams,
  ZLifecircleSettings,
  ZMapData,
  ZMapQuery,
  ZMatches,
  ZMatchesQuery,
  ZMyBuilding,
  ZProposeResult,
  ZRecomputeResult,
  ZReviewMatches,
  ZReviewResult,
  ZUpdateFacility,
  ZUpdateKind,
  ZWays,
} from "./network.schema.ts";
import {
  addFacility,
  authorizeNetworkImport,
  buildingReading,
  facilitiesOf,
  gapsOf,
  importExtract,
  importExtractBytes,
  isochronesOf,
  lifecircleOf,
  mapData,
  recomputeNow,
  updateSettings,
  waysOf,
} from "./network.service.ts";

export function registerLifecircleRoutes(app: App): void {
  const tags = ["lifecircle"];
  const L = "/communities/:communityId/lifecircle";

  app.get(
    L,
    {
      config: { access: PUBLIC },
      schema: {
        tags,
        summary:
          "A community's life circle (完整社区/生活圈): the imported walking network, per facility kind the share of residential buildings within 5/10/15 minutes' walk and within the kind's target, and the complete-community checklist. Public: OSM buildings and facilities, no personal data",
        params: ZCommunityParams,
        response: { 200: ZLifecircle, ...errorResponses },
      },
    },
    async (req) => lifecircleOf(app.db, req.params.communityId),
  );

  app.get(
    `${L}/buildings/:lcBuildingId`,
    {
      config: { access: PUBLIC },
      schema: {
        tags,
        summary:
          "One building's walking time to the nearest facility of every kind, and the same in words for residents",
        params: ZLifecircleBuildingParams,
        response: { 200: ZBuildingReading, ...errorResponses },
      },
    },
    async (req) => buildingReading(app.db, req.params.communityId, req.params.lcBuildingId),
  );

  app.get(
    `${L}/map`,
    {
      config: { access: PUBLIC },
      schema: {
        tags,
        summary:
          "What the map draws: the residential buildings with their minutes to one kind, and the facilities",
        params: ZCommunityParams,
        querystring: ZMapQuery,
        response: { 200: ZMapData, ...errorResponses },
      },
    },
    async (req) => mapData(app.db, req.params.communityId, req.query.kind),
  );

  app.get(
    `${L}/ways`,
    {
      config: { access: PUBLIC },
      schema: {
        tags,
        summary:
          "The imported walkable ways the map draws under the buildings: the network's nodes and each segment once (OSM data, nothing personal)",
        params: ZCommunityParams,
        response: { 200: ZWays, ...errorResponses },
      },
    },
    async (req) => waysOf(app.db, req.params.communityId),
  );

  app.get(
    `${L}/facilities`,
    {
      config: { access: PUBLIC },
      schema: {
        tags,
        summary:
          "The community's open facilities (entered by staff, imported from OSM tags, or from a sheet)",
        params: ZCommunityParams,
        response: { 200: ZFacilities, ...errorResponses },
      },
    },
    async (req) => facilitiesOf(app.db, req.params.communityId),
  );

  app.post(
    `${L}/import`,
    {
      config: { access: needs("lifecircle.manage") },
      schema: {
        tags,
        summary:
          "Import an OpenStreetMap extract from the server's map folder (the demo's ../shared/data): walkable ways, buildings and facility-like places replace the previous network in one transaction with the readings; a truncated or non-OSM file or one without walkable ways is refused and nothing changes; audited",
        params: ZCommunityParams,
        body: ZImportExtract,
        response: { 200: ZImportResult, ...errorResponses },
      },
    },
    async (req) => importExtract(app.db, req.actor, req.params.communityId, req.body),
  );

  app.post(
    `${L}/import-upload`,
    {
      config: { access: needs("lifecircle.manage") },
      schema: {
        tags,
        summary:
          "Upload an OpenStreetMap extract (.osm.pbf, multipart: file) and import it like the map folder's: replaced in one transaction, or refused with nothing changed; audited",
        consumes: ["multipart/form-data"],
        params: ZCommunityParams,
        response: { 200: ZImportResult, 413: ZErrorBody, 415: ZErrorBody, ...errorResponses },
      },
    },
    async (req) => {
      const { communityId } = req.params;
      // the caller is checked before the upload is read
      authorizeNetworkImport(req.actor, communityId);
      if (!req.isMultipart())
        throw new AppError("VALIDATION", {
          zh: "请以 multipart/form-data 上传地图文件（字段 file）",
          en: "Upload the map file as multipart/form-data (field file)",
        });
      let upload: { name: string; bytes: Buffer } | null = null;
      try {
        for await (const part of req.parts()) {
          if (part.type !== "file") continue;
          if (part.fieldname !== "file" || upload)
            throw new AppError("VALIDATION", {
              zh: "只能上传一个文件（字段 file）",
              en: "Upload one file, in the field file",
            });
          const name = (part.filename || "extract.osm.pbf").replace(/[^\w.-]/g, "_").slice(-120);
          if (!/\.osm\.pbf$/i.test(name))
            throw new AppError("UNSUPPORTED_FILE", {
              zh: "不支持的文件：请上传 .osm.pbf 文件",
              en: "Unsupported file: upload an .osm.pbf file",
            });
          upload = { name, bytes: await part.toBuffer() };
        }
      } catch (e) {
        if (e instanceof AppError || (e as { statusCode?: number }).statusCode) throw e;
        // the multipart parser's own errors (a body cut short) are the caller's mistake
        throw new AppError("VALIDATION", {
          zh: "上传的内容不完整或格式不正确",
          en: "The upload is incomplete or malformed",
          details: [{ field: "body", message: (e as Error).message }],
        });
      }
      if (!upload)
        throw new AppError("VALIDATION", {
          zh: "缺少上传的文件（字段 file）",
          en: "No file was uploaded (field file)",
        });
      return importExtractBytes(app.db, req.actor, communityId, upload.bytes, upload.name);
    },
  );

  app.post(
    `${L}/facilities`,
    {
      config: { access: needs("lifecircle.manage") },
      schema: {
        tags,
        summary:
          "Add a facility (WGS-84, or GCJ-02 from a Chinese web map); a point more than 300 m from the walking network is refused; the readings are recomputed; audited",
        params: ZCommunityParams,
        body: ZCreateFacility,
        response: { 200: ZFacility, ...errorResponses },
      },
    },
    async (req) => addFacility(app.db, req.actor, req.params.communityId, req.body),
  );

  app.get(
    `${L}/gaps`,
    {
      config: { access: needs("lifecircle.read") },
      schema: {
        tags,
        summary:
          'The gap list: residential buildings beyond a required kind\'s target walk, the farthest first ("3 号楼：最近的菜市场步行 17 分钟")',
        params: ZCommunityParams,
        querystring: ZGapsQuery,
        response: { 200: ZGaps, ...errorResponses },
      },
    },
    async (req) => gapsOf(app.db, req.actor, req.params.communityId, req.query),
  );

  app.patch(
    `${L}/settings`,
    {
      config: { access: needs("lifecircle.manage") },
      schema: {
        tags,
        summary:
          "Set the walking speed the minutes are read at (1.0 m/s elderly-aware by default, 1.2 m/s standard); audited",
        params: ZCommunityParams,
        body: ZLifecircleSettings,
        response: { 200: ZLifecircle, ...errorResponses },
      },
    },
    async (req) => updateSettings(app.db, req.actor, req.params.communityId, req.body),
  );

  app.post(
    `${L}/recompute`,
    {
      config: { access: needs("lifecircle.manage") },
      schema: {
        tags,
        summary: "Recompute every building's readings now from the stored network and the open facilities",
        params: ZCommunityParams,
        response: { 200: ZRecomputeResult, ...errorResponses },
      },
    },
    async (req) => recomputeNow(app.db, req.actor, req.params.communityId),
  );

  app.post(
    `${L}/matches/propose`,
    {
      config: { access: needs("lifecircle.manage") },
      schema: {
        tags,
        summary:
          "Propose which imported building is each of the register's buildings without one: by name or number (OSM name, addr:housenumber), then the nearest free residential building to the estate's matched ones; staff review them; audited",
        params: ZCommunityParams,
        response: { 200: ZProposeResult, ...errorResponses },
      },
    },
    async (req) => proposeBuildingMatches(app.db, req.actor, req.params.communityId),
  );

  app.get(
    `${L}/matches`,
    {
      config: { access: needs("lifecircle.read") },
      schema: {
        tags,
        summary:
          "The review table: every register building with its household count and its proposed or confirmed imported building",
        params: ZCommunityParams,
        querystring: ZMatchesQuery,
        response: { 200: ZMatches, ...errorResponses },
      },
    },
    async (req) => buildingMatches(app.db, req.actor, req.params.communityId, req.query),
  );

  app.post(
    `${L}/matches/review`,
    {
      config: { access: needs("lifecircle.manage") },
      schema: {
        tags,
        summary:
          "Accept (or re-assign to another imported building) and reject proposals, a batch in one transaction; audited",
        params: ZCommunityParams,
        body: ZReviewMatches,
        response: { 200: ZReviewResult, ...errorResponses },
      },
    },
    async (req) => reviewBuildingMatches(app.db, req.actor, req.params.communityId, req.body),
  );

  app.get(
    `${L}/my-building`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "The caller's home building on the map (their verified household's building, once staff confirmed its match), for 从我家步行到…; null otherwise",
        params: ZCommunityParams,
        response: { 200: ZMyBuilding, ...errorResponses },
      },
    },
    async (req) => myBuilding(app.db, req.actor, req.params.communityId),
  );

  app.get(
    `${L}/households`,
    {
      config: { access: needs("lifecircle.read") },
      schema: {
        tags,
        summary:
          "Coverage by households: the share of the register's households (in matched buildings) within 5/10/15 minutes' walk of every kind",
        params: ZCommunityParams,
        response: { 200: ZHouseholdCoverage, ...errorResponses },
      },
    },
    async (req) => householdCoverage(app.db, req.actor, req.params.communityId),
  );

  app.patch(
    `${L}/facilities/:facilityId`,
    {
      config: { access: needs("lifecircle.manage") },
      schema: {
        tags,
        summary:
          "Edit a facility staff entered or imported from a sheet (kind, name, point, hours; one from OSM is kept by the extract: close it instead); a point more than 300 m from the network is refused; the readings are recomputed; audited",
        params: ZFacilityParams,
        body: ZUpdateFacility,
        response: { 200: ZFacilityRecord, ...errorResponses },
      },
    },
    async (req) => editFacility(app.db, req.actor, req.params.communityId, req.params.facilityId, req.body),
  );

  app.post(
    `${L}/facilities/:facilityId/close`,
    {
      config: { access: needs("lifecircle.manage") },
      schema: {
        tags,
        summary:
          "Close a facility (soft: kept on record with the day it closed and why); it no longer counts; the readings are recomputed; audited",
        params: ZFacilityParams,
        body: ZCloseFacility,
        response: { 200: ZFacilityRecord, ...errorResponses },
      },
    },
    async (req) => closeFacility(app.db, req.actor, req.params.communityId, req.params.facilityId, req.body),
  );

  app.patch(
    `${L}/kinds/:kindCode`,
    {
      config: { access: needs("lifecircle.kinds") },
      schema: {
        tags,
        summary:
          "Set a facility kind's target walk (minutes) and whether the complete-community checklist requires it (the community secretary or the district); audited",
        params: ZKindParams,
        body: ZUpdateKind,
        response: { 200: ZKind, ...errorResponses },
      },
    },
    async (req) => editKind(app.db, req.actor, req.params.communityId, req.params.kindCode, req.body),
  );

  app.post(
    `${L}/gaps/request`,
    {
      config: { access: needs("lifecircle.manage") },
      schema: {
        tags,
        summary:
          "Open a request (a private need in 公共设施, at the building's point) from a gap of the list, through the requests module: signed, routed and answered like any other; a building within the kind's target is refused",
        params: ZCommunityParams,
        body: ZGapRequest,
        response: { 200: ZSubmitted, ...errorResponses },
      },
    },
    async (req) => requestFromGap(app.db, app.config, req.actor, req.params.communityId, req.body),
  );

  const file = (f: { contentType: string; disposition: string; body: Buffer }, reply: any) =>
    reply
      .header("content-type", f.contentType)
      .header("content-disposition", f.disposition)
      .header("cache-control", "no-store")
      .send(f.body);

  app.get(
    `${L}/facilities/template.xlsx`,
    {
      config: { access: needs("lifecircle.manage") },
      schema: {
        tags,
        summary:
          "下载模板: the facilities sheet as .xlsx — the header row the importer reads (设施类型, 名称, 纬度, 经度, 坐标系, 开放时间) and two example rows on the community's network, one in WGS-84 and one in GCJ-02",
        params: ZCommunityParams,
        response: { 200: z.any().describe("the .xlsx file"), ...errorResponses },
      },
    },
    async (req, reply) => file(await facilitiesTemplate(app.db, req.actor, req.params.communityId), reply),
  );

  app.post(
    `${L}/facilities/import`,
    {
      config: { access: needs("lifecircle.manage") },
      schema: {
        tags,
        summary:
          "Import facilities from a sheet (.xlsx or .csv, multipart: file; the template's columns): every row is checked (kind, name, a WGS-84 or GCJ-02 point on the network, hours) and all rows are added or none, with each bad row named (details); the readings are recomputed; audited",
        consumes: ["multipart/form-data"],
        params: ZCommunityParams,
        response: { 200: ZFacilitiesSheetResult, 413: ZErrorBody, 415: ZErrorBody, ...errorResponses },
      },
    },
    async (req) => {
      const { communityId } = req.params;
      // the caller is checked before the upload is read
      authorizeNetworkImport(req.actor, communityId);
      if (!req.isMultipart())
        throw new AppError("VALIDATION", {
          zh: "请以 multipart/form-data 上传设施表（字段 file）",
          en: "Upload the facilities sheet as multipart/form-data (field file)",
        });
      let upload: { name: string; bytes: Buffer } | null = null;
      try {
        for await (const part of req.parts()) {
          if (part.type !== "file") continue;
          if (part.fieldname !== "file" || upload)
            throw new AppError("VALIDATION", {
              zh: "只能上传一个文件（字段 file）",
              en: "Upload one file, in the field file",
            });
          const name = (part.filename || "facilities.xlsx").replace(/[^\w.-]/g, "_").slice(-120);
          upload = { name, bytes: await part.toBuffer() };
        }
      } catch (e) {
        if (e instanceof AppError || (e as { statusCode?: number }).statusCode) throw e;
        throw new AppError("VALIDATION", {
          zh: "上传的内容不完整或格式不正确",
          en: "The upload is incomplete or malformed",
          details: [{ field: "body", message: (e as Error).message }],
        });
      }
      if (!upload)
        throw new AppError("VALIDATION", {
          zh: "缺少上传的文件（字段 file）",
          en: "No file was uploaded (field file)",
        });
      return importFacilitiesSheet(app.db, req.actor, communityId, upload.bytes, upload.name);
    },
  );

  app.get(
    `${L}/facilities/closed`,
    {
      config: { access: needs("lifecircle.read") },
      schema: {
        tags,
        summary:
          "The closed facilities, kept on record with the day each closed and why (the latest first; staff)",
        params: ZCommunityParams,
        response: { 200: ZClosedFacilities, ...errorResponses },
      },
    },
    async (req) => closedFacilitiesOf(app.db, req.actor, req.params.communityId),
  );

  app.get(
    `${L}/isochrones`,
    {
      config: { access: PUBLIC },
      schema: {
        tags,
        summary:
          "The 5/10/15-minute walking bands to one kind's open facilities as GeoJSON (a grid of cells reached within the time along the imported ways, merged into rectangles; disjoint bands). Public: OSM ways and facilities, no personal data",
        params: ZCommunityParams,
        querystring: ZIsochroneQuery,
        response: { 200: ZIsochrones, ...errorResponses },
      },
    },
    async (req) => isochronesOf(app.db, req.params.communityId, req.query.kind),
  );

  app.get(
    `${L}/matches/export.xlsx`,
    {
      config: { access: needs("data.export") },
      schema: {
        tags,
        summary:
          "The buildings' review table as Excel (estate, building, households, the imported building, status; the list's filters): roles holding data.export and lifecircle.read; audited",
        params: ZCommunityParams,
        querystring: ZMatchesQuery,
        response: { 200: z.any().describe("the .xlsx file"), ...errorResponses },
      },
    },
    async (req, reply) => {
      const f = await exportBuildingMatches(app.db, req.actor, req.params.communityId, req.query);
      return file(f, reply.header("x-linli-export-rows", String(f.rows)));
    },
  );
}
