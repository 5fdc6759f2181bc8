import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api } from "../../../shared/api/client";
import type { HouseholdDetail, HouseholdRow, Page } from "../../../shared/api/types";

export interface HouseholdFilter {
  gridId?: number;
  buildingId?: number;
  q?: string;
  page: number;
  pageSize: number;
}

export function useHouseholds(communityId: number, f: HouseholdFilter) {
  return useQuery({
    queryKey: ["communities", communityId, "households", f],
    queryFn: () => api.get<Page<HouseholdRow>>(`/communities/${communityId}/households`, { ...f }),
    placeholderData: keepPreviousData,
  });
}

export function useHousehold(communityId: number, householdId: number | null) {
  return useQuery({
    queryKey: ["communities", communityId, "households", "detail", householdId],
    queryFn: () => api.get<HouseholdDetail>(`/communities/${communityId}/households/${householdId}`),
    enabled: householdId != null,
  });
}
