// Comments (D7) — server/src/modules/deliberation/comments/comments.schema.ts is the source of truth:
// a thing's thread, writing, editing and reporting, and the staff moderation queue and word list.
import type {
  ZBatchModerated,
  ZComment,
  ZModerated,
  ZQueue,
  ZReported,
  ZThread,
  ZWords,
} from "@contract/deliberation/comments/comments.schema";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../../shared/api/client";
import type { Reply } from "../../../shared/api/contract";

export type Thread = Reply<typeof ZThread>;
export type ThreadItem = Thread["items"][number];
export type Comment = Reply<typeof ZComment>;
export type Queue = Reply<typeof ZQueue>;
export type QueueItem = Queue["items"][number];
export type QueueStatus = "held" | "reported" | "hidden";

export const threadKey = (communityId: number, kind: string, id: number) =>
  ["comments", communityId, kind, id] as const;

export function useThread(communityId: number, subjectKind: string, subjectId: number) {
  return useQuery({
    queryKey: threadKey(communityId, subjectKind, subjectId),
    queryFn: () => api.get<Thread>(`/communities/${communityId}/comments`, { subjectKind, subjectId }),
    staleTime: 0,
  });
}

export const postComment = (
  communityId: number,
  v: { subjectKind: string; subjectId: number; body: string; parentId?: number },
) => api.post<Comment>(`/communities/${communityId}/comments`, v);
export const editComment = (communityId: number, id: number, body: string) =>
  api.patch<Comment>(`/communities/${communityId}/comments/${id}`, { body });
export const reportComment = (communityId: number, id: number, reason?: string) =>
  api.post<Reply<typeof ZReported>>(
    `/communities/${communityId}/comments/${id}/report`,
    reason ? { reason } : {},
  );

export function useQueue(
  communityId: number,
  f: { status: QueueStatus; q?: string; limit: number; offset: number },
) {
  return useQuery({
    queryKey: ["comment-queue", communityId, f],
    queryFn: () => api.get<Queue>(`/communities/${communityId}/comment-queue`, f),
    staleTime: 0,
  });
}

export const hideComment = (communityId: number, id: number, reason: string) =>
  api.post<Reply<typeof ZModerated>>(`/communities/${communityId}/comments/${id}/hide`, { reason });
export const approveComment = (communityId: number, id: number) =>
  api.post<Reply<typeof ZModerated>>(`/communities/${communityId}/comments/${id}/approve`);
export const moderateBatch = (
  communityId: number,
  ids: number[],
  action: "approve" | "hide",
  reason?: string,
) =>
  api.post<Reply<typeof ZBatchModerated>>(`/communities/${communityId}/comments/batch-moderate`, {
    ids,
    action,
    ...(reason ? { reason } : {}),
  });

export function useWords(communityId: number) {
  return useQuery({
    queryKey: ["comment-words", communityId],
    queryFn: () => api.get<Reply<typeof ZWords>>(`/communities/${communityId}/comment-words`),
  });
}
export const saveWords = (communityId: number, words: string[]) =>
  api.put<Reply<typeof ZWords>>(`/communities/${communityId}/comment-words`, { words });
