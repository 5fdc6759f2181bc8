// Care for key groups (server/src/modules/services/care/care.schema.ts is the source of truth): visit plans,
// the care list, one resident's record, visits, enrolment, check-ins, alerts, and a family's view.
import type {
  ZAlert,
  ZAlertList,
  ZCareList,
  ZCareListQuery,
  ZCareRecord,
  ZCheckedIn,
  ZCheckinBody,
  ZEnrol,
  ZEnrolled,
  ZMyCare,
  ZPlanList,
  ZRecordVisit,
  ZVisitRecorded,
} from "@contract/services/care/care.schema";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../../shared/api/client";
import type { Body, Query, Reply } from "../../../shared/api/contract";

export type CareRow = Reply<typeof ZCareList>["items"][number];
export type CareAlert = Reply<typeof ZAlert>;
export type CareRecord = Reply<typeof ZCareRecord>;
export type Plan = Reply<typeof ZPlanList>["plans"][number];
export type CareListQuery = Query<typeof ZCareListQuery>;
export type VisitBody = Body<typeof ZRecordVisit>;
export type EnrolBody = Body<typeof ZEnrol>;
export type MyCare = Reply<typeof ZMyCare>;

export const CARE_GROUPS = [
  "living_alone",
  "empty_nest",
  "elderly_80_plus",
  "hardship",
  "disability",
  "left_behind_child",
] as const;

const C = (communityId: number) => `/communities/${communityId}/care`;
export const careKey = (communityId: number) => ["care", communityId] as const;

export function usePlans(communityId: number) {
  return useQuery({
    queryKey: [...careKey(communityId), "plans"],
    queryFn: () => api.get<Reply<typeof ZPlanList>>(`${C(communityId)}/plans`),
  });
}
export const setPlan = (communityId: number, careTag: string, frequencyDays: number) =>
  api.put<Plan>(`${C(communityId)}/plans/${careTag}`, { frequencyDays });

export function useCareList(communityId: number, q: CareListQuery) {
  return useQuery({
    queryKey: [...careKey(communityId), "residents", q],
    queryFn: () => api.get<Reply<typeof ZCareList>>(`${C(communityId)}/residents`, q),
  });
}
export function useAlerts(communityId: number) {
  return useQuery({
    queryKey: [...careKey(communityId), "alerts"],
    queryFn: () => api.get<Reply<typeof ZAlertList>>(`${C(communityId)}/alerts`, { open: "true" }),
    refetchInterval: 30_000,
  });
}
export const acknowledge = (communityId: number, alertId: number, kind: "visited" | "contacted") =>
  api.post<CareAlert>(`${C(communityId)}/alerts/${alertId}/acknowledge`, { kind });

export function useCareRecord(communityId: number, residentId: number) {
  return useQuery({
    queryKey: [...careKey(communityId), "record", residentId],
    queryFn: () => api.get<CareRecord>(`${C(communityId)}/residents/${residentId}`),
    enabled: communityId > 0 && residentId > 0,
  });
}
export const recordVisit = (communityId: number, residentId: number, body: VisitBody) =>
  api.post<Reply<typeof ZVisitRecorded>>(`${C(communityId)}/residents/${residentId}/visits`, body);
export const checkIn = (communityId: number, residentId: number, body: Body<typeof ZCheckinBody> = {}) =>
  api.post<Reply<typeof ZCheckedIn>>(`${C(communityId)}/residents/${residentId}/checkins`, body);
export const enrol = (communityId: number, body: EnrolBody) =>
  api.post<Reply<typeof ZEnrolled>>(`${C(communityId)}/enrolments`, body);

export function useMyCare() {
  return useQuery({ queryKey: ["care", "me"], queryFn: () => api.get<MyCare>("/me/care") });
}
