import type {
  ZCareTag,
  ZReject,
  ZResidentQuery,
  ZVerificationQueue,
  ZVerify,
} from "@contract/core/people/people.schema";
import type { ZReveal, ZRevealed } from "@contract/core/privacy/privacy.schema";
import type { ZOk } from "@contract/voice/requests/requests.schema";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api } from "../../../shared/api/client";
import { allValues, type Body, type Query, type Reply } from "../../../shared/api/contract";
import type { HouseholdList, Relation, ResidentList } from "../../../shared/api/types";

export type ResidentFilter = Query<typeof ZResidentQuery> & { page: number; pageSize: number };
export type PendingQueue = Reply<typeof ZVerificationQueue>;
export type PendingResident = PendingQueue["items"][number];
export type CareTag = Reply<typeof ZCareTag>;

/** The care tags in the order the filter offers them (一老一小一困); the type wants every one. */
export const CARE_TAGS = allValues<CareTag>()([
  "living_alone",
  "empty_nest",
  "elderly_80_plus",
  "hardship",
  "disability",
  "left_behind_child",
]);

export function useResidents(communityId: number, f: ResidentFilter) {
  return useQuery({
    queryKey: ["communities", communityId, "residents", f],
    queryFn: () => api.get<ResidentList>(`/communities/${communityId}/residents`, { ...f }),
    placeholderData: keepPreviousData,
  });
}

export const revealResident = (communityId: number, residentId: number, reason: string) =>
  api.post<Reply<typeof ZRevealed>>(`/communities/${communityId}/residents/${residentId}/reveal`, {
    reason,
  } satisfies Body<typeof ZReveal>);

/** Same key as the badge in the side menu, so both refresh together. */
export const queueKey = (communityId: number) => ["verification-queue", communityId] as const;

export function useVerificationQueue(communityId: number) {
  return useQuery({
    queryKey: queueKey(communityId),
    queryFn: () => api.get<PendingQueue>(`/communities/${communityId}/verification-queue`),
  });
}

export const verifyResident = (
  communityId: number,
  residentId: number,
  householdId: number,
  relation: Relation,
) =>
  api.post<Reply<typeof ZOk>>(`/communities/${communityId}/residents/${residentId}/verify`, {
    householdId,
    relation,
  } satisfies Body<typeof ZVerify>);

export const rejectResident = (communityId: number, residentId: number, reason: string) =>
  api.post<Reply<typeof ZOk>>(`/communities/${communityId}/residents/${residentId}/reject`, {
    reason,
  } satisfies Body<typeof ZReject>);

const squeeze = (s: string) => s.replace(/\s+/g, "").toLowerCase();

/**
 * Households for what a person typed, e.g. "3栋2单元501": the server matches the room number,
 * and the rows whose address contains the whole text come first.
 */
export function useHouseholdSearch(
  communityId: number,
  text: string,
  buildingId: number | undefined,
  enabled: boolean,
) {
  const typed = text.trim();
  const room = /([0-9A-Za-z-]+)\s*(室|号|房)?$/.exec(typed)?.[1];
  const q = room ?? (typed || undefined);
  const query = useQuery({
    queryKey: ["communities", communityId, "households", "search", q, buildingId],
    queryFn: () =>
      api.get<HouseholdList>(`/communities/${communityId}/households`, {
        q,
        buildingId,
        page: 1,
        pageSize: 50,
      }),
    enabled,
    placeholderData: keepPreviousData,
  });
  const wanted = squeeze(typed);
  const rows = (query.data?.items ?? []).map((h) => ({
    ...h,
    matches: !!wanted && squeeze(h.address).includes(wanted),
  }));
  rows.sort((a, b) => Number(b.matches) - Number(a.matches));
  return { ...query, rows };
}
