// Public notices (公告/公示) — server/src/modules/deliberation/notices/notices.schema.ts is the source
// of truth: the public list, my notices, one notice and its read, and the staff console's calls.
import type {
  ZEditNotice,
  ZMyNotices,
  ZNewNotice,
  ZNotice,
  ZNoticeDetail,
  ZPublicNotices,
  ZReadResult,
  ZReceipts,
  ZStaffNotices,
  ZStaffNoticesQuery,
} from "@contract/deliberation/notices/notices.schema";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../../shared/api/client";
import type { Body, Query, Reply } from "../../../shared/api/contract";

export type Notice = Reply<typeof ZNotice>;
export type NoticeDetail = Reply<typeof ZNoticeDetail>;
export type MyNotices = Reply<typeof ZMyNotices>;
export type MyNotice = MyNotices["items"][number];
export type PublicNotices = Reply<typeof ZPublicNotices>;
export type StaffNotices = Reply<typeof ZStaffNotices>;
export type StaffNotice = StaffNotices["items"][number];
export type Receipts = Reply<typeof ZReceipts>;
export type NewNotice = Body<typeof ZNewNotice>;
export type EditNotice = Body<typeof ZEditNotice>;
export type StaffNoticesQuery = Query<typeof ZStaffNoticesQuery>;

export const myNoticesKey = ["my-notices"] as const;

export function useMyNotices(enabled = true) {
  return useQuery({
    queryKey: myNoticesKey,
    queryFn: () => api.get<MyNotices>("/me/notices"),
    enabled,
    staleTime: 0,
  });
}

export function usePublicNotices(communityId: number | null) {
  return useQuery({
    queryKey: ["public-notices", communityId],
    queryFn: () => api.get<PublicNotices>(`/communities/${communityId}/public-notices`),
    enabled: communityId != null,
  });
}

export function useNotice(communityId: number, noticeId: number) {
  return useQuery({
    queryKey: ["notice", communityId, noticeId],
    queryFn: () => api.get<NoticeDetail>(`/communities/${communityId}/notices/${noticeId}`),
    staleTime: 0,
  });
}

export const markRead = (communityId: number, noticeId: number) =>
  api.post<Reply<typeof ZReadResult>>(`/communities/${communityId}/notices/${noticeId}/read`);

export function useStaffNotices(
  communityId: number,
  f: StaffNoticesQuery & { limit: number; offset: number },
) {
  return useQuery({
    queryKey: ["staff-notices", communityId, f],
    queryFn: () => api.get<StaffNotices>(`/communities/${communityId}/notices`, f),
  });
}

export function useReceipts(communityId: number, noticeId: number | null) {
  return useQuery({
    queryKey: ["notice-receipts", communityId, noticeId],
    queryFn: () => api.get<Receipts>(`/communities/${communityId}/notices/${noticeId}/receipts`),
    enabled: noticeId != null,
    staleTime: 0,
  });
}

export const createNotice = (communityId: number, v: NewNotice) =>
  api.post<Notice>(`/communities/${communityId}/notices`, v);
export const editNotice = (communityId: number, id: number, v: EditNotice) =>
  api.patch<Notice>(`/communities/${communityId}/notices/${id}`, v);
export const publishNotice = (communityId: number, id: number) =>
  api.post<Notice>(`/communities/${communityId}/notices/${id}/publish`);
export const withdrawNotice = (communityId: number, id: number) =>
  api.post<Notice>(`/communities/${communityId}/notices/${id}/withdraw`);
