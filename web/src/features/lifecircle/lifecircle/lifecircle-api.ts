// The life circle (server/src/modules/lifecircle/network/network.schema.ts is the source of truth): a
// community's figures, the map's points, one building's reading, and the console's import, facilities
// and gaps.
import type {
  ZBuildingReading,
  ZClosedFacilities,
  ZCreateFacility,
  ZFacilities,
  ZFacilitiesSheetResult,
  ZFacility,
  ZFacilityRecord,
  ZGaps,
  ZHouseholdCoverage,
  ZImportResult,
  ZIsochrones,
  ZKind,
  ZLifecircle,
  ZMapData,
  ZMatches,
  ZMyBuilding,
  ZProposeResult,
  ZReviewMatches,
  ZReviewResult,
  ZUpdateFacility,
  ZUpdateKind,
  ZWays,
} from "@contract/lifecircle/network/network.schema";
import type { ZCreateProject, ZProjectDetail } from "@contract/projects/projects/projects.schema";
import type { ZSubmitted } from "@contract/voice/requests/requests.schema";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api } from "../../../shared/api/client";
import type { Body, Reply } from "../../../shared/api/contract";

export type Lifecircle = Reply<typeof ZLifecircle>;
export type KindFigures = Lifecircle["kinds"][number];
export type MapData = Reply<typeof ZMapData>;
export type BuildingReading = Reply<typeof ZBuildingReading>;
export type Gaps = Reply<typeof ZGaps>;
export type Gap = Gaps["items"][number];
export type FacilityInput = Body<typeof ZCreateFacility>;

/** The extracts the server's map folder holds for the demo (../shared/data). */
export const DEMO_EXTRACTS = ["monaco.osm.pbf", "andorra.osm.pbf"] as const;

const base = (cid: number | null) => `/communities/${cid}/lifecircle`;

export function useLifecircle(cid: number | null) {
  return useQuery({
    queryKey: ["lifecircle", cid],
    queryFn: () => api.get<Lifecircle>(base(cid)),
    enabled: cid != null,
  });
}

export function useMapData(cid: number | null, kind: string | null) {
  return useQuery({
    queryKey: ["lifecircle", cid, "map", kind],
    queryFn: () => api.get<MapData>(`${base(cid)}/map`, kind ? { kind } : undefined),
    enabled: cid != null,
  });
}

export function useBuildingReading(cid: number | null, id: number | null) {
  return useQuery({
    queryKey: ["lifecircle", cid, "building", id],
    queryFn: () => api.get<BuildingReading>(`${base(cid)}/buildings/${id}`),
    enabled: cid != null && id != null,
  });
}

export function useGaps(cid: number | null, kind: string | null) {
  return useQuery({
    queryKey: ["lifecircle", cid, "gaps", kind],
    queryFn: () => api.get<Gaps>(`${base(cid)}/gaps`, kind ? { kind, limit: 100 } : { limit: 100 }),
    enabled: cid != null,
  });
}

export const importExtract = (cid: number, file: string) =>
  api.post<Reply<typeof ZImportResult>>(`${base(cid)}/import`, { file });

export const addFacility = (cid: number, body: FacilityInput) =>
  api.post<Reply<typeof ZFacility>>(`${base(cid)}/facilities`, body);

/** Picks the server's Chinese or English text by the page's language. */
export function useBilingual() {
  const { i18n } = useTranslation();
  return (zh: string, en: string) => (i18n.language.startsWith("en") ? en : zh);
}

/** Uploads an .osm.pbf extract (multipart, field file) and imports it. */
export function uploadExtract(cid: number, file: File) {
  const form = new FormData();
  form.append("file", file, file.name);
  return api.post<Reply<typeof ZImportResult>>(`${base(cid)}/import-upload`, form);
}

/**
 * Opens a co-building project from a gap (P1: the project's origin is the gap's building in the life
 * circle), at community level, named after the missing kind; the console then opens the project.
 */
export function projectFromGap(cid: number, gap: Gap) {
  const body: Body<typeof ZCreateProject> = {
    title: `补齐${gap.kindNameZh}：${gap.label}`.slice(0, 80),
    summary: gap.textZh,
    tier: "community",
    origin: { kind: "gap", id: gap.buildingId },
  };
  return api.post<Reply<typeof ZProjectDetail>>(`/communities/${cid}/projects`, body);
}

/** Sets the walking speed the minutes are read at (m/s). */
export const setWalkSpeed = (cid: number, walkSpeed: number) =>
  api.patch<Lifecircle>(`${base(cid)}/settings`, { walkSpeed });

// ---- the register's buildings matched to the map's ----

export type Matches = Reply<typeof ZMatches>;
export type Match = Matches["items"][number];
export type ReviewItem = Body<typeof ZReviewMatches>["items"][number];

export function useMatches(cid: number | null, status: string | null, q: string) {
  return useQuery({
    queryKey: ["lifecircle", cid, "matches", status, q],
    queryFn: () =>
      api.get<Matches>(`${base(cid)}/matches`, {
        ...(status ? { status } : {}),
        ...(q.trim() ? { q: q.trim() } : {}),
      }),
    enabled: cid != null,
  });
}

export const proposeMatches = (cid: number) =>
  api.post<Reply<typeof ZProposeResult>>(`${base(cid)}/matches/propose`);

export const reviewMatches = (cid: number, items: ReviewItem[]) =>
  api.post<Reply<typeof ZReviewResult>>(`${base(cid)}/matches/review`, { items });

/** The share of the register's households within 5/10/15 minutes (staff and overseers). */
export function useHouseholdCoverage(cid: number | null, enabled: boolean) {
  return useQuery({
    queryKey: ["lifecircle", cid, "households"],
    queryFn: () => api.get<Reply<typeof ZHouseholdCoverage>>(`${base(cid)}/households`),
    enabled: cid != null && enabled,
  });
}

/** The signed-in resident's own building on the map, once staff confirmed its match. */
export function useMyBuilding(cid: number | null, signedIn: boolean) {
  return useQuery({
    queryKey: ["lifecircle", cid, "my-building"],
    queryFn: () => api.get<Reply<typeof ZMyBuilding>>(`${base(cid)}/my-building`),
    enabled: cid != null && signedIn,
  });
}

// ---- editing and closing facilities; the kinds' targets ----

export type Facility = Reply<typeof ZFacilities>["items"][number];

export function useFacilities(cid: number | null) {
  return useQuery({
    queryKey: ["lifecircle", cid, "facilities"],
    queryFn: () => api.get<Reply<typeof ZFacilities>>(`${base(cid)}/facilities`),
    enabled: cid != null,
  });
}

export const editFacility = (cid: number, id: number, body: Body<typeof ZUpdateFacility>) =>
  api.patch<Reply<typeof ZFacilityRecord>>(`${base(cid)}/facilities/${id}`, body);

export const closeFacility = (cid: number, id: number, body: { closedOn?: string; reason: string }) =>
  api.post<Reply<typeof ZFacilityRecord>>(`${base(cid)}/facilities/${id}/close`, body);

export const editKind = (cid: number, code: string, body: Body<typeof ZUpdateKind>) =>
  api.patch<Reply<typeof ZKind>>(`${base(cid)}/kinds/${code}`, body);

/** Opens a request (a need in 公共设施, through the requests module) from a gap. */
export const requestFromGap = (cid: number, gap: Gap) =>
  api.post<Reply<typeof ZSubmitted>>(`${base(cid)}/gaps/request`, {
    lcBuildingId: gap.buildingId,
    kind: gap.kind,
  });

export type Ways = Reply<typeof ZWays>;

/**
 * The imported walkable ways (drawn under the buildings on the console's map): fetched once per import
 * (keyed by its time, outside the "lifecircle" key a facility change refreshes).
 */
export function useWays(cid: number | null, importedAt: string | Date | null) {
  return useQuery({
    queryKey: ["lifecircle-ways", cid, importedAt == null ? null : String(importedAt)],
    queryFn: () => api.get<Ways>(`${base(cid)}/ways`),
    enabled: cid != null && importedAt != null,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

// ---- the facilities sheet, closed facilities, isochrone shapes ----

export type SheetResult = Reply<typeof ZFacilitiesSheetResult>;
export type ClosedFacility = Reply<typeof ZClosedFacilities>["items"][number];
export type Isochrones = Reply<typeof ZIsochrones>;

/** One bad row of a refused facilities sheet (the error's details). */
export interface SheetError {
  row: number;
  column: string | null;
  message_zh: string;
  message_en: string;
}

export const facilitiesTemplatePath = (cid: number) => `${base(cid)}/facilities/template.xlsx`;
export const matchesExportPath = (cid: number) => `${base(cid)}/matches/export.xlsx`;

/** Uploads the facilities sheet (multipart, field file): all rows or none. */
export function uploadFacilitiesSheet(cid: number, file: File) {
  const form = new FormData();
  form.append("file", file, file.name);
  return api.post<SheetResult>(`${base(cid)}/facilities/import`, form);
}

export function useClosedFacilities(cid: number | null) {
  return useQuery({
    queryKey: ["lifecircle", cid, "facilities-closed"],
    queryFn: () => api.get<Reply<typeof ZClosedFacilities>>(`${base(cid)}/facilities/closed`),
    enabled: cid != null,
  });
}

/** The 5/10/15-minute bands of one kind (GeoJSON), refreshed with the rest of the life circle. */
export function useIsochrones(cid: number | null, kind: string | null) {
  return useQuery({
    queryKey: ["lifecircle", cid, "isochrones", kind],
    queryFn: () => api.get<Isochrones>(`${base(cid)}/isochrones`, kind ? { kind } : undefined),
    enabled: cid != null,
  });
}
