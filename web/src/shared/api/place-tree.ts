import { useQuery } from "@tanstack/react-query";
import { api } from "./client";
import type { PlaceTree } from "./types";

/** Grids, estates, buildings and units of a community (used by pages and filters alike). */
export function usePlaceTree(communityId: number) {
  return useQuery({
    queryKey: ["communities", communityId, "tree"],
    queryFn: () => api.get<PlaceTree>(`/communities/${communityId}/tree`),
    staleTime: 5 * 60_000,
  });
}
