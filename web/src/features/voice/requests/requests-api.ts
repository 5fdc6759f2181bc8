// Resident voice (DOMAIN V1–V5): the shapes of server/src/modules/requests/*.schema.ts and the
// calls the pages make. Dates come as ISO strings.
import { useQuery } from "@tanstack/react-query";
import { ApiError, api, withQuery } from "../../../shared/api/client";
import type { Rating } from "../../../shared/ui/rating";

export type Kind = "problem" | "need" | "wish";
export type Status = "submitted" | "signed" | "resolved" | "closed" | "merged";
export type RouteTo =
  | "community"
  | "property"
  | "co_building_unit"
  | "owners_committee"
  | "street"
  | "department";
export type OnBehalfChannel = "door_visit" | "phone" | "opinion_box" | "meeting";

export const KINDS: Kind[] = ["problem", "need", "wish"];
export const STATUSES: Status[] = ["submitted", "signed", "resolved", "closed", "merged"];
export const ROUTES: RouteTo[] = [
  "property",
  "community",
  "co_building_unit",
  "owners_committee",
  "street",
  "department",
];
export const ON_BEHALF_CHANNELS: OnBehalfChannel[] = ["door_visit", "phone", "opinion_box", "meeting"];
export const MAX_PHOTOS = 9;
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;

export interface Category {
  id: number;
  code: string;
  nameZh: string;
  nameEn: string;
  kinds: Kind[];
  signDays: number;
  solveDays: number;
  confirmDays: number;
  active: boolean;
  sort: number;
  /** nothing of this category is ever published, whatever the submitter asks */
  neverPublic: boolean;
}
export type CategoryRef = Pick<Category, "id" | "code" | "nameZh" | "nameEn">;

export interface PlaceView {
  type: "household" | "building" | "point";
  householdId: number | null;
  buildingId: number | null;
  estateId: number | null;
  gridId: number | null;
  gridName: string | null;
  address: string;
  lat: number | null;
  lng: number | null;
}

export type PlaceInput =
  | { type: "household"; householdId?: number }
  | { type: "building"; buildingId: number }
  | { type: "point"; lat?: number; lng?: number; address?: string; gridId?: number };

export interface SubmitInput {
  kind: Kind;
  categoryId: number;
  title: string;
  description: string;
  place: PlaceInput;
  /** publish it (default false); ignored by a never-public category */
  isPublic?: boolean;
  keepLocation: boolean;
  onBehalf?: { channel: OnBehalfChannel; residentId?: number; name?: string; phone?: string };
}

export interface Submitted {
  id: number;
  status: Status;
  /** as stored: asked for and allowed by the category */
  isPublic: boolean;
  signDueAt: string;
  solveDueAt: string;
  photoIds: number[];
}

export interface InboxItem {
  id: number;
  kind: Kind;
  status: "submitted" | "signed";
  title: string;
  channel: string;
  category: CategoryRef;
  place: PlaceView;
  deadlineKind: "sign" | "solve";
  dueAt: string;
  secondsLeft: number;
  photoCount: number;
  routeTo: RouteTo | null;
  reopenCount: number;
  createdAt: string;
}

export interface ListItem {
  id: number;
  kind: Kind;
  status: Status;
  title: string;
  channel: string;
  category: CategoryRef;
  place: PlaceView;
  routeTo: RouteTo | null;
  signDueAt: string;
  solveDueAt: string;
  overdue: boolean;
  rating: Rating | null;
  reopenCount: number;
  createdAt: string;
}

export interface RequestEvent {
  id: number;
  at: string;
  kind: string;
  note: string | null;
  actorRole: string | null;
  actorName: string | null;
  data: Record<string, unknown> | null;
}

export interface Photo {
  id: number;
  stage: "submit" | "resolve";
  mime: string;
  byteSize: number;
  url: string;
}

export interface RequestDetail {
  id: number;
  communityId: number;
  kind: Kind;
  status: Status;
  channel: string;
  title: string;
  description: string;
  category: CategoryRef;
  place: PlaceView;
  isPublic: boolean;
  submitter: { name: string | null; phone: string | null; isMe: boolean; onBehalf: boolean };
  route: { to: RouteTo; orgId: number | null; orgName: string | null } | null;
  signedAt: string | null;
  signDueAt: string;
  solveDueAt: string;
  resolvedAt: string | null;
  resolution: string | null;
  confirmDueAt: string | null;
  closedAt: string | null;
  closeReason: string | null;
  rating: Rating | null;
  ratingComment: string | null;
  mergedInto: number | null;
  mergedFrom: number[];
  reopenCount: number;
  createdAt: string;
  photos: Photo[];
  events: RequestEvent[];
  can: { sign: boolean; route: boolean; merge: boolean; resolve: boolean; confirm: boolean };
}

export interface Duplicate {
  id: number;
  title: string;
  status: Status;
  place: PlaceView;
  distanceM: number | null;
  createdAt: string;
}

export interface MyRequest {
  id: number;
  communityId: number;
  kind: Kind;
  status: Status;
  title: string;
  category: CategoryRef;
  createdAt: string;
  signDueAt: string;
  solveDueAt: string;
  /** submitted past signDueAt, or signed past solveDueAt */
  overdue: boolean;
  confirmDueAt: string | null;
  rating: Rating | null;
  mergedInto: number | null;
  following: boolean;
}

export interface AssignedItem {
  id: number;
  communityId: number;
  kind: Kind;
  status: Status;
  title: string;
  category: CategoryRef;
  place: PlaceView;
  routeTo: RouteTo | null;
  routeOrgId: number | null;
  solveDueAt: string;
  secondsLeft: number;
  confirmDueAt: string | null;
  createdAt: string;
}

/** An organisation a request may be routed to (GET …/requests/:id/route-targets). */
export interface RouteTarget {
  id: number;
  kind: "property_company" | "co_building_unit" | "owners_committee" | "government_department";
  name: string;
  routeTo: RouteTo;
  /** the property company of the request's estate */
  isDefault: boolean;
}

export interface BuildingChoices {
  estates: { id: number; name: string; buildings: { id: number; name: string }[] }[];
}

/** The staff list's filters (also those of its Excel export). */
export interface ListFilters {
  status?: Status;
  kind?: Kind;
  categoryId?: number;
  gridId?: number;
  routeTo?: RouteTo;
  overdue?: boolean;
}

// ---- keys ----

export const detailKey = (communityId: number, id: number) => ["requests", communityId, id] as const;

// ---- reads ----

export function useCategories(communityId: number | null, all = false) {
  return useQuery({
    queryKey: ["categories", communityId, all],
    queryFn: () => api.get<Category[]>(`/communities/${communityId}/categories`, { all: all || undefined }),
    enabled: communityId != null,
    staleTime: 5 * 60_000,
  });
}

export function useRequestDetail(communityId: number, id: number, enabled = true) {
  return useQuery({
    queryKey: detailKey(communityId, id),
    queryFn: () => api.get<RequestDetail>(`/communities/${communityId}/requests/${id}`),
    enabled,
    staleTime: 5_000,
  });
}

/** Who a request may be routed to; asked only for someone who may route it (requests.handle). */
export function useRouteTargets(communityId: number, requestId: number, enabled: boolean) {
  return useQuery({
    queryKey: ["requests", communityId, requestId, "route-targets"],
    queryFn: () => api.get<RouteTarget[]>(on(communityId, requestId, "route-targets")),
    enabled,
    retry: false,
    staleTime: 5 * 60_000,
  });
}

/** The buildings a resident may report at, by estate (verified residents; staff within reach). */
export function useBuildingChoices(communityId: number | null) {
  return useQuery({
    queryKey: ["communities", communityId, "building-choices"],
    queryFn: () => api.get<BuildingChoices>(`/communities/${communityId}/building-choices`),
    enabled: communityId != null,
    retry: false,
    staleTime: 10 * 60_000,
  });
}

/** The staff list's query string: `overdue` only when on. */
export const listQuery = (f: ListFilters) => ({ ...f, overdue: f.overdue ? "true" : undefined });

/**
 * Downloads the Excel export of the staff list with these filters. Fetched (not a plain link) so a
 * refusal shows as a message; returns whether the sheet was cut at the server's limit.
 */
export async function downloadRequestsExport(
  communityId: number,
  filters: ListFilters,
): Promise<{ truncated: boolean; rows: number }> {
  const res = await fetch(
    withQuery(`/api/communities/${communityId}/requests/export.xlsx`, listQuery(filters)),
    {
      credentials: "include",
    },
  );
  if (!res.ok) {
    const body = await res.json().catch(() => ({}));
    throw new ApiError(res.status, body);
  }
  const blob = await res.blob();
  const name =
    /filename\*=UTF-8''([^;]+)/.exec(res.headers.get("content-disposition") ?? "")?.[1] ?? "requests.xlsx";
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = decodeURIComponent(name);
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return {
    truncated: res.headers.get("x-linli-export-truncated") === "true",
    rows: Number(res.headers.get("x-linli-export-rows") ?? 0),
  };
}

// ---- writes ----

/** JSON when there are no photos, else multipart: the JSON in `data` and the photos in `photos`. */
function withPhotos(data: unknown, photos: File[]): unknown {
  if (photos.length === 0) return data;
  const form = new FormData();
  form.append("data", JSON.stringify(data));
  for (const p of photos) form.append("photos", p, p.name);
  return form;
}

export const submitRequest = (communityId: number, input: SubmitInput, photos: File[]) =>
  api.post<Submitted>(`/communities/${communityId}/requests`, withPhotos(input, photos));

const on = (communityId: number, id: number, action: string) =>
  `/communities/${communityId}/requests/${id}/${action}`;

export const signRequest = (
  communityId: number,
  id: number,
  body: { categoryId?: number; note?: string } = {},
) => api.post<{ id: number; status: Status }>(on(communityId, id, "sign"), body);

export const routeRequest = (
  communityId: number,
  id: number,
  body: { to: RouteTo; orgId?: number; note?: string },
) => api.post<{ id: number; status: Status }>(on(communityId, id, "route"), body);

export const mergeRequest = (communityId: number, id: number, intoId: number) =>
  api.post<{ id: number; status: Status }>(on(communityId, id, "merge"), { intoId });

export const resolveRequest = (communityId: number, id: number, text: string, photos: File[]) =>
  api.post<{ id: number; status: "resolved"; confirmDueAt: string; photoIds: number[] }>(
    on(communityId, id, "resolve"),
    withPhotos({ text }, photos),
  );

export const confirmRequest = (communityId: number, id: number, rating: Rating, comment?: string) =>
  api.post<{ id: number; status: Status }>(on(communityId, id, "confirm"), {
    rating,
    comment: comment || undefined,
  });

export const rejectResolution = (communityId: number, id: number, comment: string) =>
  api.post<{ id: number; status: Status }>(on(communityId, id, "reject-resolution"), { comment });

export const duplicatesOf = (communityId: number, id: number) =>
  api.get<Duplicate[]>(on(communityId, id, "duplicates"));

/** A file picked on the phone or the computer, checked before upload. */
export function photoProblem(file: File): "type" | "size" | null {
  if (!/^image\/(jpeg|png|webp)$/.test(file.type) && !/\.(jpe?g|png|webp)$/i.test(file.name)) return "type";
  if (file.size > MAX_PHOTO_BYTES) return "size";
  return null;
}

export function categoryName(c: Pick<CategoryRef, "nameZh" | "nameEn">, lang: string): string {
  return lang.startsWith("en") ? c.nameEn : c.nameZh;
}
