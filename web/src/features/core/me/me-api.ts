import type { ZResidencyRequest, ZResidencyRequested } from "@contract/core/people/people.schema";
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
