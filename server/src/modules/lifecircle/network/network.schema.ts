import { z } from "zod";
import { patchBody } from "../../../http/patch.ts";
import { ZCommunityParams } from "../../core/places/places.schema.ts";
import { DEFAULT_KINDS } from "./kinds.ts";

export const ZKindCode = z
  .string()
  .regex(/^[a-z][a-z0-9_]{1,39}$/)
  .describe("a facility kind's code, e.g. convenience, market, bus_stop, clinic");

export const ZLifecircleBuildingParams = ZCommunityParams.extend({
  lcBuildingId: z.coerce.number().int().positive().describe("a building of the imported extract"),
});

export const ZImportExtract = z.object({
  file: z
    .string()
    .regex(/^[a-z0-9_-]{1,60}\.osm\.pbf$/)
    .describe(
      "an extract in the server's map folder (../shared/data beside the project; the demo's monaco.osm.pbf). The network it replaces stays if the import fails",
    ),
});
export type TImportExtract = z.infer<typeof ZImportExtract>;

const ZNetwork = z.object({
  source: z.string(),
  importedAt: z.date(),
  computedAt: z.date().nullable().describe("null: a change is waiting for the background recompute"),
  nodes: z.number().int(),
  edges: z.number().int(),
  largestPart: z
    .number()
    .int()
    .describe("nodes of the largest connected part, the one points are snapped to"),
  buildings: z.number().int().describe("residential buildings of the extract that the figures count"),
  walkSpeed: z.number().describe("metres per second (1.0 elderly-aware by default)"),
});

export const ZKindFigures = z.object({
  code: ZKindCode,
  nameZh: z.string(),
  nameEn: z.string(),
  targetMinutes: z.number().int(),
  required: z.boolean().describe("on the complete-community checklist"),
  facilities: z.number().int(),
  within: z
    .array(z.number())
    .length(3)
    .describe("share (0..1) of residential buildings within 5, 10 and 15 minutes' walk"),
  withinTarget: z.number(),
  met: z.boolean().describe("every residential building reaches one within the target"),
});

export const ZLifecircle = z.object({
  communityId: z.number().int(),
  network: ZNetwork.nullable(),
  kinds: z.array(ZKindFigures),
  checklist: z.object({ required: z.number().int(), met: z.number().int() }),
  attribution: z.literal("© OpenStreetMap contributors"),
});

export const ZImportResult = ZLifecircle.extend({
  timingsMs: z.object({
    parse: z.number(),
    graph: z.number(),
    snap: z.number(),
    accessibility: z.number(),
    store: z.number(),
  }),
});

const ZReading = z.object({
  code: ZKindCode,
  nameZh: z.string(),
  nameEn: z.string(),
  minutes: z.number().nullable().describe("walking minutes to the nearest one; null when none is reachable"),
  meters: z.number().nullable(),
  targetMinutes: z.number().int(),
  withinTarget: z.boolean(),
});

export const ZBuildingReading = z.object({
  id: z.number().int(),
  label: z.string(),
  lat: z.number(),
  lon: z.number(),
  readings: z.array(ZReading),
  sentenceZh: z.string().describe("e.g. 到便利店 1 分钟，到菜市场 2 分钟…"),
  sentenceEn: z.string(),
});

export const ZMapQuery = z.object({
  kind: ZKindCode.optional().describe("colour by this kind (default: the first)"),
});
export const ZMapData = z.object({
  kind: ZKindCode.nullable(),
  buildings: z.object({
    id: z.array(z.number().int()),
    lat: z.array(z.number()),
    lon: z.array(z.number()),
    minutes: z.array(z.number().nullable()),
  }),
  facilities: z.array(
    z.object({ id: z.number().int(), kind: ZKindCode, name: z.string(), lat: z.number(), lon: z.number() }),
  ),
  bbox: z.array(z.number()).length(4).nullable().describe("south, west, north, east"),
});

export const ZCreateFacility = z.object({
  kind: ZKindCode,
  name: z.string().trim().min(1).max(80),
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  coordSystem: z
    .enum(["wgs84", "gcj02"])
    .default("wgs84")
    .describe("gcj02: a point copied from a Chinese web map (高德/腾讯), converted to WGS-84"),
  hours: z.string().trim().max(80).default(""),
});
export type TCreateFacility = z.infer<typeof ZCreateFacility>;

export const ZFacility = z.object({
  id: z.number().int(),
  kind: ZKindCode,
  name: z.string(),
  lat: z.number(),
  lon: z.number(),
  hours: z.string(),
  source: z.enum(["entered", "osm", "excel"]),
  active: z.boolean(),
});
export const ZFacilities = z.object({ items: z.array(ZFacility) });

export const ZGapsQuery = z.object({
  kind: ZKindCode.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const ZGaps = z.object({
  total: z.number().int(),
  items: z.array(
    z.object({
      buildingId: z.number().int(),
      label: z.string(),
      kind: ZKindCode,
      kindNameZh: z.string(),
      kindNameEn: z.string(),
      minutes: z.number().nullable(),
      targetMinutes: z.number().int(),
      textZh: z.string().describe("e.g. 3 号楼：最近的菜市场步行 17 分钟"),
      textEn: z.string(),
    }),
  ),
});

export const ZRecomputeResult = z.object({ recomputed: z.boolean(), buildings: z.number().int() });

export const ZLifecircleSettings = patchBody({
  walkSpeed: z
    .number()
    .min(0.5)
    .max(2)
    .optional()
    .describe("metres per second: 1.0 elderly-aware (default), 1.2 the usual adult design speed"),
});
export type TLifecircleSettings = z.infer<typeof ZLifecircleSettings>;

// ---- matching imported buildings to the register's ----

export const ZMatchStatus = z
  .enum(["none", "proposed", "confirmed", "rejected"])
  .describe("none: no imported building proposed; proposed: waiting for staff; confirmed; rejected");

export const ZMatchesQuery = z.object({
  status: ZMatchStatus.optional(),
  q: z.string().trim().max(40).optional().describe("part of the building's or estate's name"),
});

export const ZMatch = z.object({
  buildingId: z.number().int().describe("the register's building (place tree)"),
  buildingName: z.string(),
  estateName: z.string(),
  households: z.number().int().describe("households of the register in it"),
  lcBuildingId: z.number().int().nullable().describe("the imported building proposed or confirmed"),
  lcLabel: z.string().nullable().describe("its OSM name, or street and house number"),
  status: ZMatchStatus,
});
export const ZMatches = z.object({
  total: z.number().int(),
  confirmed: z.number().int(),
  proposed: z.number().int(),
  items: z.array(ZMatch),
});

export const ZProposeResult = z.object({
  byName: z.number().int().describe("proposals by name or number (OSM name, addr:housenumber)"),
  byNearest: z.number().int().describe("proposals by the nearest point to the estate's matched buildings"),
  unmatched: z.number().int().describe("register buildings still without a proposal"),
});

export const ZReviewMatches = z.object({
  items: z
    .array(
      z.object({
        buildingId: z.number().int().positive(),
        decision: z
          .enum(["accept", "reject"])
          .describe("accept the proposal (or lcBuildingId instead: re-assign), or reject it"),
        lcBuildingId: z
          .number()
          .int()
          .positive()
          .optional()
          .describe("accept this imported building instead of the proposal"),
      }),
    )
    .min(1)
    .max(500),
});
export type TReviewMatches = z.infer<typeof ZReviewMatches>;

export const ZReviewResult = z.object({
  accepted: z.number().int(),
  rejected: z.number().int(),
  results: z.array(
    z.object({
      buildingId: z.number().int(),
      ok: z.boolean(),
      code: z.string().nullable().describe("the refusal's code when not ok"),
      messageZh: z.string().nullable(),
      messageEn: z.string().nullable(),
    }),
  ),
});

export const ZMyBuilding = z.object({
  lcBuildingId: z
    .number()
    .int()
    .nullable()
    .describe("the imported building confirmed as the caller's home building here; null if none"),
});

export const ZHouseholdCoverage = z.object({
  households: z.number().int().describe("households in the register"),
  counted: z.number().int().describe("of them, in buildings matched to an imported building (confirmed)"),
  kinds: z.array(
    z.object({
      code: ZKindCode,
      within: z
        .array(z.number())
        .length(3)
        .describe("share (0..1) of the counted households within 5, 10 and 15 minutes' walk"),
      withinTarget: z.number(),
    }),
  ),
});

// ---- editing and closing facilities; the kinds' targets ----

export const ZFacilityParams = ZCommunityParams.extend({
  facilityId: z.coerce.number().int().positive().describe("a facility of the community"),
});

export const ZUpdateFacility = patchBody({
  kind: ZKindCode.optional(),
  name: z.string().trim().min(1).max(80).optional(),
  lat: z.number().min(-90).max(90).optional(),
  lon: z.number().min(-180).max(180).optional(),
  coordSystem: z.enum(["wgs84", "gcj02"]).optional().describe("of lat/lon when given (default wgs84)"),
  hours: z.string().trim().max(80).optional(),
});
export type TUpdateFacility = z.infer<typeof ZUpdateFacility>;

export const ZCloseFacility = z.object({
  closedOn: z.iso
    .date()
    .optional()
    .describe("the day it closed (YYYY-MM-DD, default today); the facility stays on record"),
  reason: z.string().trim().max(200).default(""),
});
export type TCloseFacility = z.infer<typeof ZCloseFacility>;

export const ZFacilityRecord = ZFacility.extend({
  closedOn: z.string().nullable().describe("the day it closed; null while open"),
  closedReason: z.string().nullable(),
});

export const ZKindParams = ZCommunityParams.extend({
  kindCode: z
    .enum(DEFAULT_KINDS.map((k) => k.code) as [string, ...string[]])
    .describe("one of the kinds (kinds.ts); a community edits their targets, not their list"),
});

export const ZUpdateKind = patchBody({
  targetMinutes: z.number().int().min(1).max(60).optional().describe("the target walk in minutes"),
  required: z.boolean().optional().describe("on the complete-community checklist"),
});
export type TUpdateKind = z.infer<typeof ZUpdateKind>;

export const ZKind = z.object({
  code: ZKindCode,
  nameZh: z.string(),
  nameEn: z.string(),
  targetMinutes: z.number().int(),
  required: z.boolean(),
});

// ---- a request from a gap ----

export const ZGapRequest = z.object({
  lcBuildingId: z.number().int().positive().describe("the gap's building (of the gap list)"),
  kind: ZKindCode.describe("the missing kind"),
});
export type TGapRequest = z.infer<typeof ZGapRequest>;

export const ZWays = z.object({
  lat: z.array(z.number()).describe("the network's nodes (WGS-84, 6 decimals)"),
  lon: z.array(z.number()),
  from: z.array(z.number().int()).describe("each walkable segment once: from[i] – to[i], node indexes"),
  to: z.array(z.number().int()),
});

// ---- the facilities sheet; closed facilities ----

export const ZSheetError = z.object({
  row: z.number().int().describe("row number as Excel shows it (the header is row 1); 0 for the sheet"),
  column: z.string().nullable().describe("the column header"),
  message_zh: z.string(),
  message_en: z.string(),
});

export const ZFacilitiesSheetResult = z.object({
  imported: z.number().int(),
  items: z.array(ZFacility),
});

export const ZClosedFacilities = z.object({
  items: z.array(ZFacilityRecord).describe("the latest closed first (at most 1,000)"),
});

// ---- isochrone shapes (GeoJSON) ----

export const ZIsochroneQuery = z.object({
  kind: ZKindCode.optional().describe("the kind (default: the first)"),
});

export const ZIsochrones = z.object({
  type: z.literal("FeatureCollection"),
  kind: ZKindCode.nullable(),
  walkSpeed: z.number().nullable().describe("metres per second the minutes are read at"),
  cellMeters: z.number().int().describe("the grid's cell: the shapes' resolution"),
  features: z
    .array(
      z.object({
        type: z.literal("Feature"),
        properties: z.object({
          fromMinutes: z.number().int(),
          toMinutes: z.number().int().describe("5, 10 or 15"),
        }),
        geometry: z.object({
          type: z.literal("MultiPolygon"),
          coordinates: z
            .array(z.array(z.array(z.array(z.number()).length(2))))
            .describe("rectangles of grid cells, [lon, lat] (WGS-84, 6 decimals)"),
        }),
      }),
    )
    .describe("disjoint bands: within 5 minutes, 5–10, 10–15 (empty when the kind has no facility)"),
  attribution: z.literal("© OpenStreetMap contributors"),
});
