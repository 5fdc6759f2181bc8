// Volunteering (server/src/modules/volunteering/volunteering/volunteering.schema.ts is the source of
// truth): teams, activities, sign-up, check-in/out with the organiser's code, certified hours, my record,
// certificates and their public check.
import type {
  ZActivitiesQuery,
  ZActivityDetail,
  ZActivityList,
  ZAttendanceList,
  ZCertificateRef,
  ZCheckResult,
  ZCheckScreen,
  ZCreateActivity,
  ZCreateTeam,
  ZMyRecords,
  ZSignupResult,
  ZTeamDetail,
  ZTeamList,
  ZVerified,
} from "@contract/volunteering/volunteering/volunteering.schema";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../../shared/api/client";
import type { Body, Query, Reply } from "../../../shared/api/contract";

export type Activity = Reply<typeof ZActivityList>["activities"][number];
export type ActivityDetail = Reply<typeof ZActivityDetail>;
export type AttendanceRow = Reply<typeof ZAttendanceList>["rows"][number];
export type Team = Reply<typeof ZTeamList>["teams"][number];
export type VolRecord = Reply<typeof ZMyRecords>["records"][number];
export type Verified = Reply<typeof ZVerified>;

const V = (communityId: number) => `/communities/${communityId}/volunteering`;
export const volKey = (communityId: number) => ["volunteering", communityId] as const;

export function useActivities(communityId: number | null, q: Query<typeof ZActivitiesQuery>) {
  return useQuery({
    queryKey: [...volKey(communityId ?? 0), "activities", q],
    queryFn: () => api.get<Reply<typeof ZActivityList>>(`${V(communityId!)}/activities`, q),
    enabled: !!communityId,
  });
}
export function useActivity(communityId: number, activityId: number) {
  return useQuery({
    queryKey: [...volKey(communityId), "activity", activityId],
    queryFn: () => api.get<ActivityDetail>(`${V(communityId)}/activities/${activityId}`),
    enabled: communityId > 0 && activityId > 0,
  });
}
export const signUp = (communityId: number, activityId: number) =>
  api.post<Reply<typeof ZSignupResult>>(`${V(communityId)}/activities/${activityId}/signup`);
export const cancelSignUp = (communityId: number, activityId: number) =>
  api.post<{ cancelled: boolean; promoted: number }>(`${V(communityId)}/activities/${activityId}/cancel`);
export const checkWithCode = (communityId: number, activityId: number, code: string, action: "in" | "out") =>
  api.post<Reply<typeof ZCheckResult>>(`${V(communityId)}/activities/${activityId}/check`, { code, action });

export function useMyRecords(enabled: boolean) {
  return useQuery({
    queryKey: ["volunteering", "me"],
    queryFn: () => api.get<Reply<typeof ZMyRecords>>("/me/volunteering"),
    enabled,
  });
}
export const issueCertificate = (communityId: number) =>
  api.post<Reply<typeof ZCertificateRef>>(`${V(communityId)}/me/certificates`);
export const certificatePdfUrl = (communityId: number, certificateId: number) =>
  `/api${V(communityId)}/me/certificates/${certificateId}/pdf`;
export const setConsent = (communityId: number, consent: boolean) =>
  api.put<{ consent: boolean }>(`${V(communityId)}/me/consent`, { consent });
export const requestCorrection = (communityId: number, attendanceId: number, reason: string) =>
  api.post<{ id: number }>(`${V(communityId)}/attendance/${attendanceId}/corrections`, { reason });

export function useVerify(code: string) {
  return useQuery({
    queryKey: ["volunteering", "verify", code],
    queryFn: () => api.get<Verified>(`/volunteering/certificates/${encodeURIComponent(code)}`),
    retry: false,
  });
}

// ---- staff / organiser ----

export function useTeams(communityId: number) {
  return useQuery({
    queryKey: [...volKey(communityId), "teams"],
    queryFn: () => api.get<Reply<typeof ZTeamList>>(`${V(communityId)}/teams`),
  });
}
export function useTeam(communityId: number, teamId: number | null) {
  return useQuery({
    queryKey: [...volKey(communityId), "team", teamId],
    queryFn: () => api.get<Reply<typeof ZTeamDetail>>(`${V(communityId)}/teams/${teamId}`),
    enabled: !!teamId,
  });
}
export const createTeam = (communityId: number, body: Body<typeof ZCreateTeam>) =>
  api.post<{ id: number }>(`${V(communityId)}/teams`, body);
export const decideMember = (communityId: number, teamId: number, memberId: number, approve: boolean) =>
  api.post<{ status: string }>(`${V(communityId)}/teams/${teamId}/members/${memberId}/decision`, { approve });
export const createActivity = (communityId: number, body: Body<typeof ZCreateActivity>) =>
  api.post<{ id: number }>(`${V(communityId)}/activities`, body);
export function useCheckScreen(communityId: number, activityId: number, enabled: boolean) {
  return useQuery({
    queryKey: [...volKey(communityId), "check-code", activityId],
    queryFn: () =>
      api.get<Reply<typeof ZCheckScreen>>(`${V(communityId)}/activities/${activityId}/check-code`),
    enabled,
    refetchInterval: (q) => {
      const exp = q.state.data ? new Date(q.state.data.expiresAt).getTime() - Date.now() : 5_000;
      return Math.max(1_000, Math.min(exp + 300, 30_000));
    },
  });
}
export function useAttendance(communityId: number, activityId: number) {
  return useQuery({
    queryKey: [...volKey(communityId), "attendance", activityId],
    queryFn: () =>
      api.get<Reply<typeof ZAttendanceList>>(`${V(communityId)}/activities/${activityId}/attendance`),
    refetchInterval: 10_000,
  });
}
export const tick = (communityId: number, activityId: number, action: "in" | "out", userIds: number[]) =>
  api.post<{ done: number; already: number }>(`${V(communityId)}/activities/${activityId}/attendance`, {
    action,
    userIds,
  });
export const certify = (
  communityId: number,
  activityId: number,
  entries: { attendanceId: number; minutes?: number }[],
) => api.post<{ certified: number }>(`${V(communityId)}/activities/${activityId}/certify`, { entries });
export const decideCorrection = (communityId: number, correctionId: number, minutes: number) =>
  api.post<{ status: string }>(`${V(communityId)}/corrections/${correctionId}/decision`, { minutes });

/** Minutes as 2小时30分 / 2 h 30 min. */
export function hours(minutes: number, en: boolean) {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (en) return m ? `${h} h ${m} min` : `${h} h`;
  return m ? `${h}小时${m}分` : `${h}小时`;
}
export const dateTime = (iso: string) => {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
};
