// Duty rosters (server/src/modules/volunteering/rosters/rosters.schema.ts is the source of truth):
// rosters of a community, one roster's shifts, assignment, taking a shift, swaps, no-shows, 我的值守.
import type {
  ZAssignResult,
  ZCreateRoster,
  ZMyShifts,
  ZRosterDetail,
  ZRosterList,
} from "@contract/volunteering/rosters/rosters.schema";
import type { ZTeamList } from "@contract/volunteering/volunteering/volunteering.schema";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../../shared/api/client";
import type { Body, Reply } from "../../../shared/api/contract";

export type RosterDetail = Reply<typeof ZRosterDetail>;
export type Shift = RosterDetail["shifts"][number];
export type MyShifts = Reply<typeof ZMyShifts>;

const R = (communityId: number) => `/communities/${communityId}/volunteering/rosters`;
export const rostersKey = ["rosters"] as const;

export function useRosters(communityId: number) {
  return useQuery({
    queryKey: [...rostersKey, communityId],
    queryFn: () => api.get<Reply<typeof ZRosterList>>(R(communityId)),
  });
}
export function useRoster(communityId: number, rosterId: number | null) {
  return useQuery({
    queryKey: [...rostersKey, communityId, rosterId],
    queryFn: () => api.get<RosterDetail>(`${R(communityId)}/${rosterId}`),
    enabled: rosterId != null,
  });
}
export function useRosterTeams(communityId: number) {
  return useQuery({
    queryKey: [...rostersKey, communityId, "teams"],
    queryFn: () => api.get<Reply<typeof ZTeamList>>(`/communities/${communityId}/volunteering/teams`),
  });
}
export function useMyShifts() {
  return useQuery({ queryKey: [...rostersKey, "mine"], queryFn: () => api.get<MyShifts>("/me/shifts") });
}

export const createRoster = (communityId: number, body: Body<typeof ZCreateRoster>) =>
  api.post<{ id: number; shifts: number }>(R(communityId), body);
const S = (communityId: number, rosterId: number, shiftId: number) =>
  `${R(communityId)}/${rosterId}/shifts/${shiftId}`;
export const assignShift = (communityId: number, rosterId: number, shiftId: number, userId: number) =>
  api.post<Reply<typeof ZAssignResult>>(`${S(communityId, rosterId, shiftId)}/assign`, { userId });
export const unassignShift = (communityId: number, rosterId: number, shiftId: number, userId: number) =>
  api.post<{ removed: boolean }>(`${S(communityId, rosterId, shiftId)}/unassign`, { userId });
export const takeShift = (communityId: number, rosterId: number, shiftId: number) =>
  api.post<Reply<typeof ZAssignResult>>(`${S(communityId, rosterId, shiftId)}/take`);
export const askSwap = (communityId: number, rosterId: number, shiftId: number, toUserId: number) =>
  api.post<{ swapId: number }>(`${S(communityId, rosterId, shiftId)}/swap`, { toUserId, note: "" });
export const decideSwap = (communityId: number, rosterId: number, swapId: number, approve: boolean) =>
  api.post<{ status: string }>(`${R(communityId)}/${rosterId}/swaps/${swapId}/decision`, { approve });
export const recordNoShow = (communityId: number, rosterId: number, shiftId: number, userId: number) =>
  api.post<{ noShow: boolean }>(`${S(communityId, rosterId, shiftId)}/no-show`, { userId, noShow: true });

const WEEK_ZH = ["日", "一", "二", "三", "四", "五", "六"];
const WEEK_EN = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
/** "12-12 周六 09:00–12:00" in the browser's time (China for the people using it). */
export function shiftTime(startsAt: string, endsAt: string, en: boolean) {
  const s = new Date(startsAt);
  const e = new Date(endsAt);
  const p = (n: number) => String(n).padStart(2, "0");
  const day = en ? WEEK_EN[s.getDay()] : `周${WEEK_ZH[s.getDay()]}`;
  return `${p(s.getMonth() + 1)}-${p(s.getDate())} ${day} ${p(s.getHours())}:${p(s.getMinutes())}–${p(e.getHours())}:${p(e.getMinutes())}`;
}
