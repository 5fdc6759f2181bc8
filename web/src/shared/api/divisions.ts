import { useQuery } from "@tanstack/react-query";
import { api } from "./client";
import type { Division } from "./types";

/** Districts → streets → communities (public; used to pick a community). */
export function useDivisions() {
  return useQuery({
    queryKey: ["divisions"],
    queryFn: () => api.get<Division[]>("/places/divisions"),
    staleTime: 10 * 60_000,
  });
}
