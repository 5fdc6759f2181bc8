import type { ZHouseholdDetail, ZHouseholdQuery } from "@contract/core/places/places.schema";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api } from "../../../shared/api/client";
import type { Query, Reply } from "../../../shared/api/contract";
import type { HouseholdList } from "../../../shared/api/types";

export type HouseholdFilter = Query<typeof ZHouseholdQuery> & { page: number; pageSize: number };
export type HouseholdDetail = Reply<typeof ZHouseholdDetail>;
export type HouseholdMember = HouseholdDetail["members"][number];

export function useHouseholds(communityId: number, f: HouseholdFilter) {
  return useQuery({
    queryKey: ["communities", communityId, "households", f],
    queryFn: () => api.get<HouseholdList>(`/communities/${communityId}/households`, { ...f }),
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
