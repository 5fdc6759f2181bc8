// The signed-in person, shared by both areas: `null` when nobody is signed in.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import type { Role } from "../../../../server/src/access/roles.ts";
import { api, isUnauthenticated } from "./client";
import { allValues } from "./contract";
import type { Me } from "./types";

export const ME_KEY = ["me"] as const;

export async function fetchMe(): Promise<Me | null> {
  try {
    return await api.get<Me>("/me");
  } catch (err) {
    if (isUnauthenticated(err)) return null;
    throw err;
  }
}

export function useMe() {
  return useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 60_000 });
}

/** After sign-in, registration or a preference change: put the fresh Me in the cache. */
export function useSetMe() {
  const qc = useQueryClient();
  return useCallback((me: Me | null) => qc.setQueryData(ME_KEY, me), [qc]);
}

export function useSignOut() {
  const qc = useQueryClient();
  return useCallback(async () => {
    try {
      await api.post("/auth/sign-out");
    } finally {
      qc.clear();
      qc.setQueryData(ME_KEY, null);
    }
  }, [qc]);
}

/** Every role is a staff role (residents are not a role); the list must name each of the server's. */
const STAFF_ROLES = new Set<string>(
  allValues<Role>()([
    "system_admin",
    "district_official",
    "street_official",
    "community_secretary",
    "community_worker",
    "grid_worker",
    "grid_leader",
    "building_head",
    "floor_head",
    "unit_head",
    "property_staff",
    "owners_committee_member",
    "unit_representative",
  ]),
);

export function isStaff(me: Me | null | undefined): boolean {
  return !!me?.roles.some((r) => STAFF_ROLES.has(r.role));
}
