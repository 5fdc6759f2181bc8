import { useQuery } from "@tanstack/react-query";
import { api } from "../../../shared/api/client";
import type { MyHousehold, Relation } from "../../../shared/api/types";

export const MY_HOUSEHOLDS_KEY = ["me", "households"] as const;

export function useMyHouseholds(enabled = true) {
  return useQuery({
    queryKey: MY_HOUSEHOLDS_KEY,
    queryFn: () => api.get<MyHousehold[]>("/me/households"),
    staleTime: 0,
    enabled,
  });
}

export interface ResidencyRequest {
  communityId: number;
  name: string;
  claimedAddress: string;
  relation: Relation;
  idNumber?: string;
}

export const askForResidency = (body: ResidencyRequest) =>
  api.post<{ residentId: number; status: "pending" }>("/me/residency", body);
