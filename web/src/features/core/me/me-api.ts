import type { ZResidencyRequest, ZResidencyRequested } from "@contract/core/people/people.schema";
import type { ZCheckedIn, ZMyCare } from "@contract/services/care/care.schema";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../../shared/api/client";
import type { Body, Reply } from "../../../shared/api/contract";
import type { MyHousehold } from "../../../shared/api/types";

export const MY_HOUSEHOLDS_KEY = ["me", "households"] as const;

export function useMyHouseholds(enabled = true) {
  return useQuery({
    queryKey: MY_HOUSEHOLDS_KEY,
    queryFn: () => api.get<MyHousehold[]>("/me/households"),
    staleTime: 0,
    enabled,
  });
}

export type ResidencyRequest = Body<typeof ZResidencyRequest>;

export const askForResidency = (body: ResidencyRequest) =>
  api.post<Reply<typeof ZResidencyRequested>>("/me/residency", body);

// The daily check-in (C5): the home page's 我很好 for an enrolled resident (the care feature's own pages
// read the same API; the home page keeps its own call, features do not import each other).
export type MyCare = Reply<typeof ZMyCare>;
export const MY_CARE_KEY = ["care", "me"] as const;
export function useMyCare(enabled: boolean) {
  return useQuery({ queryKey: MY_CARE_KEY, queryFn: () => api.get<MyCare>("/me/care"), enabled });
}
export const checkInMyself = (communityId: number, residentId: number) =>
  api.post<Reply<typeof ZCheckedIn>>(`/communities/${communityId}/care/residents/${residentId}/checkins`, {});
