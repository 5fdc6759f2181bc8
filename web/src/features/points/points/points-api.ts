// Points (server/src/modules/points/points/points.schema.ts is the source of truth): the standard, awards,
// my points and the honour board.
import type {
  ZAward,
  ZAwardResult,
  ZAwards,
  ZCreateStandard,
  ZHonourBoard,
  ZMyPoints,
  ZPointsCategory,
  ZStandard,
  ZStandardReply,
} from "@contract/points/points/points.schema";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api } from "../../../shared/api/client";
import { allValues, type Body, type Reply } from "../../../shared/api/contract";
import type { ResidentList } from "../../../shared/api/types";

export type Standard = Reply<typeof ZStandard>;
export type PointsItem = Standard["items"][number];
export type AwardRow = Reply<typeof ZAwards>["items"][number];
export type HonourBoard = Reply<typeof ZHonourBoard>;
export type MyPoints = Reply<typeof ZMyPoints>;
export type StandardInput = Body<typeof ZCreateStandard>;
export type AwardInput = Body<typeof ZAward>;
export type PointsCategory = Reply<typeof ZPointsCategory>;
export const CATEGORIES = allValues<PointsCategory>()([
  "environment",
  "volunteering",
  "civility",
  "safety",
  "publicity",
  "meetings",
  "other",
]);

const base = (cid: number) => `/communities/${cid}/points`;

export function useStandard(cid: number | null) {
  return useQuery({
    queryKey: ["points", cid, "standard"],
    queryFn: () => api.get<Reply<typeof ZStandardReply>>(`${base(cid!)}/standard`),
    enabled: cid != null,
  });
}

export function useAwards(cid: number, f: { month?: string; itemId?: number; q?: string }) {
  return useQuery({
    queryKey: ["points", cid, "awards", f],
    queryFn: () => api.get<Reply<typeof ZAwards>>(`${base(cid)}/awards`, { ...f, limit: 200 }),
    placeholderData: keepPreviousData,
  });
}

export function useHonourBoard(cid: number | null, month?: string) {
  return useQuery({
    queryKey: ["points", cid, "honour", month],
    queryFn: () => api.get<HonourBoard>(`${base(cid!)}/honour-board`, { month, limit: 10 }),
    enabled: cid != null,
  });
}

export function useMyPoints(enabled: boolean) {
  return useQuery({
    queryKey: ["points", "mine"],
    queryFn: () => api.get<MyPoints>("/me/points"),
    enabled,
    staleTime: 0,
  });
}

export const createStandard = (cid: number, body: StandardInput) =>
  api.post<Standard>(`${base(cid)}/standards`, body);

export const awardPoints = (cid: number, body: AwardInput) =>
  api.post<Reply<typeof ZAwardResult>>(`${base(cid)}/awards`, body);

/** Verified residents of the community by name, for the award form (the people list's own route). */
export function useResidentOptions(cid: number, q: string) {
  return useQuery({
    queryKey: ["points", cid, "residents", q],
    queryFn: () =>
      api.get<ResidentList>(`/communities/${cid}/residents`, {
        q: q || undefined,
        status: "verified",
        pageSize: 50,
      }),
    staleTime: 30_000,
  });
}
