import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api } from "../../../shared/api/client";
import type { HouseholdRow, Page, PendingResident, Relation, ResidentRow } from "../../../shared/api/types";

export interface ResidentFilter {
  q?: string;
  gridId?: number;
  status?: string;
  careTag?: string;
  page: number;
  pageSize: number;
}

export function useResidents(communityId: number, f: ResidentFilter) {
  return useQuery({
    queryKey: ["communities", communityId, "residents", f],
    queryFn: () => api.get<Page<ResidentRow>>(`/communities/${communityId}/residents`, { ...f }),
    placeholderData: keepPreviousData,
  });
}

export const revealResident = (communityId: number, residentId: number, reason: string) =>
  api.post<{ phone: string | null; idNumber: string | null }>(
    `/communities/${communityId}/residents/${residentId}/reveal`,
    { reason },
  );

/** Same key as the badge in the side menu, so both refresh together. */
export const queueKey = (communityId: number) => ["verification-queue", communityId] as const;

export function useVerificationQueue(communityId: number) {
  return useQuery({
    queryKey: queueKey(communityId),
    queryFn: () => api.get<{ items: PendingResident[] }>(`/communities/${communityId}/verification-queue`),
  });
}

export const verifyResident = (
  communityId: number,
  residentId: number,
  householdId: number,
  relation: Relation,
) =>
  api.post<{ ok: true }>(`/communities/${communityId}/residents/${residentId}/verify`, {
    householdId,
    relation,
  });

export const rejectResident = (communityId: number, residentId: number, reason: string) =>
  api.post<{ ok: true }>(`/communities/${communityId}/residents/${residentId}/reject`, { reason });

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
      api.get<Page<HouseholdRow>>(`/communities/${communityId}/households`, {
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
