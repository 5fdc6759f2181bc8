// Lotteries (摇号, server/src/modules/deliberation/lotteries/lotteries.schema.ts is the source of truth):
// the resident's lotteries, board and application, and the staff console's list, opening, applications,
// freeze, draw and declines.
import type {
  ZApplications,
  ZApplicationsQuery,
  ZApplied,
  ZCreatedLottery,
  ZCreateLottery,
  ZDecline,
  ZDeclined,
  ZDraw,
  ZLotteriesQuery,
  ZLottery,
  ZLotteryBoard,
  ZLotteryList,
  ZMyLotteries,
} from "@contract/deliberation/lotteries/lotteries.schema";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../../shared/api/client";
import type { Body, Query, Reply } from "../../../shared/api/contract";

export type MyLotteries = Reply<typeof ZMyLotteries>;
export type Board = Reply<typeof ZLotteryBoard>;
export type Lottery = Reply<typeof ZLottery>;
export type LotteryState = Lottery["state"];
export type LotteryKind = Lottery["kind"];
export type Application = Reply<typeof ZApplications>["items"][number];
export type Outcome = NonNullable<Application["outcome"]>;
export type LotteryInput = Body<typeof ZCreateLottery>;
export type ApplicationsFilter = Query<typeof ZApplicationsQuery>;

export const KINDS: LotteryKind[] = ["parking", "garden", "course", "other"];
export const STATES: LotteryState[] = ["upcoming", "open", "closed", "frozen", "drawn"];

const base = (communityId: number) => `/communities/${communityId}/lotteries`;
export const lotteriesPath = base;

export const useMyLotteries = () =>
  useQuery({
    queryKey: ["my-lotteries"],
    queryFn: () => api.get<MyLotteries>("/me/lotteries"),
    staleTime: 0,
  });

export const useBoard = (communityId: number, lotteryId: number) =>
  useQuery({
    queryKey: ["lottery-board", communityId, lotteryId],
    queryFn: () => api.get<Board>(`${base(communityId)}/${lotteryId}/board`),
    staleTime: 0,
  });

export const applyTo = (communityId: number, lotteryId: number) =>
  api.post<Reply<typeof ZApplied>>(`${base(communityId)}/${lotteryId}/applications`);

export const useLotteries = (communityId: number, f: Query<typeof ZLotteriesQuery>) =>
  useQuery({
    queryKey: ["lotteries", communityId, f],
    queryFn: () => api.get<Reply<typeof ZLotteryList>>(base(communityId), f),
  });

export const useLottery = (communityId: number, lotteryId: number) =>
  useQuery({
    queryKey: ["lottery", communityId, lotteryId],
    queryFn: () => api.get<Lottery>(`${base(communityId)}/${lotteryId}`),
    staleTime: 0,
  });

export const useApplications = (communityId: number, lotteryId: number, f: ApplicationsFilter) =>
  useQuery({
    queryKey: ["lottery-applications", communityId, lotteryId, f],
    queryFn: () => api.get<Reply<typeof ZApplications>>(`${base(communityId)}/${lotteryId}/applications`, f),
    staleTime: 0,
  });

export const createLottery = (communityId: number, v: LotteryInput) =>
  api.post<Reply<typeof ZCreatedLottery>>(base(communityId), v);
export const freezeLottery = (communityId: number, id: number) =>
  api.post<Lottery>(`${base(communityId)}/${id}/freeze`);
export const drawLottery = (communityId: number, id: number, v: Body<typeof ZDraw>) =>
  api.post<Lottery>(`${base(communityId)}/${id}/draw`, v);
export const declineWin = (communityId: number, id: number, v: Body<typeof ZDecline>) =>
  api.post<Reply<typeof ZDeclined>>(`${base(communityId)}/${id}/declines`, v);
export const closeApplications = (communityId: number, id: number) =>
  api.post<Lottery>(`${base(communityId)}/${id}/close`);
