// Matching (server/src/modules/volunteering/matching/matching.schema.ts is the source of truth): open
// needs, a need's ranked suggestions with reasons, assignment; my assignments and my availability.
import type {
  ZAvailability,
  ZMyAvailability,
  ZMyNeedAssignments,
  ZNeedList,
  ZSuggestions,
} from "@contract/volunteering/matching/matching.schema";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../../shared/api/client";
import type { Body, Reply } from "../../../shared/api/contract";

export type Need = Reply<typeof ZNeedList>["needs"][number];
export type Suggestions = Reply<typeof ZSuggestions>;
export type MyAssignment = Reply<typeof ZMyNeedAssignments>["assignments"][number];

const V = (communityId: number) => `/communities/${communityId}/volunteering`;
export const matchingKey = ["matching"] as const;

export function useNeeds(communityId: number) {
  return useQuery({
    queryKey: [...matchingKey, communityId, "needs"],
    queryFn: () => api.get<Reply<typeof ZNeedList>>(`${V(communityId)}/needs`),
  });
}
export function useSuggestions(communityId: number, requestId: number | null) {
  return useQuery({
    queryKey: [...matchingKey, communityId, "suggestions", requestId],
    queryFn: () => api.get<Suggestions>(`${V(communityId)}/needs/${requestId}/suggestions`),
    enabled: requestId != null,
  });
}
export const assignNeed = (communityId: number, requestId: number, userId: number) =>
  api.post<{ assignmentId: number }>(`${V(communityId)}/needs/${requestId}/assign`, { userId });

export function useMyAssignments() {
  return useQuery({
    queryKey: [...matchingKey, "mine"],
    queryFn: () => api.get<Reply<typeof ZMyNeedAssignments>>("/me/need-assignments"),
  });
}
export const answerNeed = (communityId: number, assignmentId: number, accept: boolean) =>
  api.post<{ status: string }>(`${V(communityId)}/need-assignments/${assignmentId}/answer`, { accept });

export function useMyAvailability(communityId: number | null) {
  return useQuery({
    queryKey: [...matchingKey, "availability", communityId],
    queryFn: () => api.get<Reply<typeof ZMyAvailability>>(`${V(communityId!)}/me/availability`),
    enabled: communityId != null,
  });
}
export const saveAvailability = (communityId: number, body: Body<typeof ZAvailability>) =>
  api.put<Reply<typeof ZMyAvailability>>(`${V(communityId)}/me/availability`, body);
