// Meetings (server/src/modules/deliberation/meetings/meetings.schema.ts is the source of truth): the
// staff list, planning, one meeting, the sign-in screen, attendance, minutes; the resident's meetings,
// sign-in with the screen's code and the personal code.

import type { ZOrganisation } from "@contract/core/organisations/organisations.schema";
import type { ZResidentList } from "@contract/core/people/people.schema";
import type {
  ZCreated,
  ZCreateMeeting,
  ZFreezeRoll,
  ZMeetingDetail,
  ZMeetings,
  ZMeetingsQuery,
  ZMyMeetings,
  ZPersonalCode,
  ZRecordAttendance,
  ZRecordDecision,
  ZRecorded,
  ZResidentsMeeting,
  ZSignedIn,
  ZSignInCode,
  ZUpdateMeeting,
} from "@contract/deliberation/meetings/meetings.schema";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../../shared/api/client";
import { allValues, type Body, type Query, type Reply } from "../../../shared/api/contract";
import { hasPermission } from "../../../shared/api/permissions";
import type { Me } from "../../../shared/api/types";

export type Meetings = Reply<typeof ZMeetings>;
export type MeetingSummary = Meetings["items"][number];
export type MeetingDetail = Reply<typeof ZMeetingDetail>;
export type MeetingKind = MeetingSummary["kind"];
export type MyMeeting = Reply<typeof ZMyMeetings>["items"][number];
export const MEETING_KINDS = allValues<MeetingKind>()([
  "council",
  "joint",
  "opinion",
  "courtyard",
  "ideas_salon",
  "party_members",
  "residents",
  "other",
]);

export const meetingsKey = (communityId: number) => ["meetings", communityId] as const;

/** The list's query as the URL carries it (dates as ISO instants). */
export type MeetingsFilters = Omit<Query<typeof ZMeetingsQuery>, "from" | "to"> & {
  from?: string;
  to?: string;
};

export function useMeetings(communityId: number, f: MeetingsFilters) {
  return useQuery({
    queryKey: [...meetingsKey(communityId), "list", f],
    queryFn: () => api.get<Meetings>(`/communities/${communityId}/meetings`, f),
  });
}

export function useMeeting(communityId: number | null, meetingId: number, opts: { poll?: number } = {}) {
  return useQuery({
    queryKey: ["meetings", communityId, "one", meetingId],
    queryFn: () => api.get<MeetingDetail>(`/communities/${communityId}/meetings/${meetingId}`),
    enabled: communityId != null,
    refetchInterval: opts.poll,
  });
}

export function useSignInCode(communityId: number, meetingId: number) {
  return useQuery({
    queryKey: ["meetings", communityId, "code", meetingId],
    queryFn: () =>
      api.get<Reply<typeof ZSignInCode>>(`/communities/${communityId}/meetings/${meetingId}/sign-in-code`),
    refetchInterval: 3000,
    refetchIntervalInBackground: true,
    staleTime: 0,
  });
}

export const createMeeting = (communityId: number, v: Body<typeof ZCreateMeeting>) =>
  api.post<Reply<typeof ZCreated>>(`/communities/${communityId}/meetings`, v);
export const updateMeeting = (
  communityId: number,
  meetingId: number,
  v: Body<typeof ZUpdateMeeting>,
  apply: "one" | "following" = "one",
) =>
  api.patch<{ id: number; changed: number }>(
    `/communities/${communityId}/meetings/${meetingId}?apply=${apply}`,
    v,
  );
export const recordAttendance = (communityId: number, meetingId: number, v: Body<typeof ZRecordAttendance>) =>
  api.post<Reply<typeof ZRecorded>>(`/communities/${communityId}/meetings/${meetingId}/attendance`, v);
export type ResidentsMeeting = Reply<typeof ZResidentsMeeting>;
export const freezeResidentsRoll = (communityId: number, meetingId: number, v: Body<typeof ZFreezeRoll>) =>
  api.post<ResidentsMeeting>(`/communities/${communityId}/meetings/${meetingId}/residents-roll`, v);
export const recordResidentsDecision = (
  communityId: number,
  meetingId: number,
  v: Body<typeof ZRecordDecision>,
) => api.post<ResidentsMeeting>(`/communities/${communityId}/meetings/${meetingId}/residents-decisions`, v);
export const signInWithCode = (communityId: number, meetingId: number, code: string, via: "scan" | "code") =>
  api.post<Reply<typeof ZSignedIn>>(`/communities/${communityId}/meetings/${meetingId}/sign-in`, {
    code,
    via,
  });

export const icsHref = (communityId: number, meetingId: number) =>
  `/api/communities/${communityId}/meetings/${meetingId}/meeting.ics`;
export const seriesIcsHref = (communityId: number, seriesId: number) =>
  `/api/communities/${communityId}/meeting-series/${seriesId}/series.ics`;

export function useMyMeetings() {
  return useQuery({
    queryKey: ["my-meetings"],
    queryFn: () => api.get<Reply<typeof ZMyMeetings>>("/me/meetings"),
  });
}

export function usePersonalCode() {
  return useQuery({
    queryKey: ["my-meeting-code"],
    queryFn: () => api.get<Reply<typeof ZPersonalCode>>("/me/meeting-code"),
    refetchInterval: 60_000,
    staleTime: 0,
    networkMode: "online",
  });
}

export type ResidentRow = Reply<typeof ZResidentList>["items"][number];
export function useResidentSearch(communityId: number, q: string) {
  return useQuery({
    queryKey: ["meetings", communityId, "residents", q],
    queryFn: () =>
      api.get<Reply<typeof ZResidentList>>(`/communities/${communityId}/residents`, {
        q: q || undefined,
        status: "verified",
        pageSize: 50,
      }),
    staleTime: 30_000,
  });
}

export function useOrganisations(communityId: number) {
  return useQuery({
    queryKey: ["meetings", communityId, "organisations"],
    queryFn: () => api.get<Reply<typeof ZOrganisation>[]>(`/communities/${communityId}/organisations`),
    staleTime: 60_000,
    retry: false,
  });
}

/** Whether the person may plan and run meetings in the community (the server decides the place). */
export function canManageMeetings(me: Me | null | undefined, communityId: number): boolean {
  return hasPermission(me, "meetings.manage", communityId);
}
