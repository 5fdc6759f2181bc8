// Resident voice (DOMAIN V1–V5): the calls the pages make, typed by the server's schemas
// (server/src/modules/voice/requests/*.schema.ts; see shared/api/contract.ts). Dates come as ISO strings.

import type { ZTopicRefs } from "@contract/deliberation/topics/topics.schema";
import type { ZCategory } from "@contract/voice/requests/categories.schema";
import type {
  ZAssigned,
  ZBatchResult,
  ZBatchRoute,
  ZBatchSign,
  ZBuildingChoices,
  ZConfirm,
  ZDuplicate,
  ZExportQuery,
  ZInbox,
  ZInboxQuery,
  ZKind,
  ZList,
  ZMerge,
  ZMyRequests,
  ZOnBehalfChannel,
  ZRejectResolution,
  ZRequestDetail,
  ZResolved,
  ZRoute,
  ZRouteTarget,
  ZRouteTo,
  ZSign,
  ZStatus,
  ZStatusResult,
  ZSubmitRequest,
  ZSubmitted,
} from "@contract/voice/requests/requests.schema";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../../shared/api/client";
import { allValues, type Body, type Query, type Reply } from "../../../shared/api/contract";

export type Kind = Reply<typeof ZKind>;
export type Status = Reply<typeof ZStatus>;
export type RouteTo = Reply<typeof ZRouteTo>;
export type OnBehalfChannel = Reply<typeof ZOnBehalfChannel>;

export const KINDS = allValues<Kind>()(["problem", "need", "wish"]);
export const STATUSES = allValues<Status>()(["submitted", "signed", "resolved", "closed", "merged"]);
export const ROUTES = allValues<RouteTo>()([
  "property",
  "community",
  "co_building_unit",
  "owners_committee",
  "street",
  "department",
]);
export const ON_BEHALF_CHANNELS = allValues<OnBehalfChannel>()([
  "door_visit",
  "phone",
  "opinion_box",
  "meeting",
]);
export const MAX_PHOTOS = 9;
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;

export type Category = Reply<typeof ZCategory>;
export type CategoryRef = RequestDetail["category"];
export type PlaceView = RequestDetail["place"];
export type SubmitInput = Body<typeof ZSubmitRequest>;
export type PlaceInput = SubmitInput["place"];
export type Submitted = Reply<typeof ZSubmitted>;
export type InboxList = Reply<typeof ZInbox>;
export type InboxItem = InboxList["items"][number];
export type RequestList = Reply<typeof ZList>;
export type ListItem = RequestList["items"][number];
export type RequestDetail = Reply<typeof ZRequestDetail>;
export type RequestEvent = RequestDetail["events"][number];
export type Photo = RequestDetail["photos"][number];
export type Duplicate = Reply<typeof ZDuplicate>;
export type MyRequests = Reply<typeof ZMyRequests>;
export type MyRequest = MyRequests["items"][number];
export type AssignedList = Reply<typeof ZAssigned>;
export type AssignedItem = AssignedList["items"][number];
/** An organisation a request may be routed to (GET …/requests/:id/route-targets). */
export type RouteTarget = Reply<typeof ZRouteTarget>;
export type BuildingChoices = Reply<typeof ZBuildingChoices>;

/** The staff list's filters (also those of its Excel export); `overdue` is a switch here. */
export type ListFilters = Query<typeof ZExportQuery>;

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

/** The inbox's search: keyword, submission days, grid. */
export type InboxFilters = Pick<Query<typeof ZInboxQuery>, "q" | "from" | "to" | "gridId">;

/** The staff list's query string: `overdue` only when on. */
export const listQuery = (f: ListFilters) => ({ ...f, overdue: f.overdue ? "true" : undefined });

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

type StatusResult = Reply<typeof ZStatusResult>;
export type BatchResult = Reply<typeof ZBatchResult>;
export type BatchRouteBody = Omit<Body<typeof ZBatchRoute>, "ids">;

/** 批量签收 / 批量分派: each item is done or refused on its own; the answer says which. */
export const batchSign = (communityId: number, ids: number[], note?: string) =>
  api.post<BatchResult>(`/communities/${communityId}/requests/batch-sign`, {
    ids,
    note,
  } satisfies Body<typeof ZBatchSign>);

export const batchRoute = (communityId: number, ids: number[], body: BatchRouteBody) =>
  api.post<BatchResult>(`/communities/${communityId}/requests/batch-route`, {
    ...body,
    ids,
  } satisfies Body<typeof ZBatchRoute>);

export const signRequest = (communityId: number, id: number, body: Body<typeof ZSign> = {}) =>
  api.post<StatusResult>(on(communityId, id, "sign"), body);

export const routeRequest = (communityId: number, id: number, body: Body<typeof ZRoute>) =>
  api.post<StatusResult>(on(communityId, id, "route"), body);

export const mergeRequest = (communityId: number, id: number, intoId: number) =>
  api.post<StatusResult>(on(communityId, id, "merge"), { intoId } satisfies Body<typeof ZMerge>);

export const resolveRequest = (communityId: number, id: number, text: string, photos: File[]) =>
  api.post<Reply<typeof ZResolved>>(on(communityId, id, "resolve"), withPhotos({ text }, photos));

export const confirmRequest = (
  communityId: number,
  id: number,
  rating: Body<typeof ZConfirm>["rating"],
  comment?: string,
) =>
  api.post<StatusResult>(on(communityId, id, "confirm"), {
    rating,
    comment: comment || undefined,
  } satisfies Body<typeof ZConfirm>);

export const rejectResolution = (communityId: number, id: number, comment: string) =>
  api.post<StatusResult>(on(communityId, id, "reject-resolution"), {
    comment,
  } satisfies Body<typeof ZRejectResolution>);

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

/** The topics made from this request that the caller may see ("转为议题 #…"; the topics module's route). */
export function useTopicsOfRequest(communityId: number, requestId: number) {
  return useQuery({
    queryKey: ["topics-of-request", communityId, requestId],
    queryFn: () =>
      api.get<Reply<typeof ZTopicRefs>>(`/communities/${communityId}/topics/by-origin`, {
        kind: "request",
        id: requestId,
      }),
    staleTime: 0,
  });
}
