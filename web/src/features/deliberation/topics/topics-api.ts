// Deliberation topics (server/src/modules/deliberation/topics/topics.schema.ts is the source of
// truth): my topics, one topic with its stage timeline, proposals and support, ratings in 评议, and
// the staff console's list, creation, stage moves and settings.
import type {
  ZAdvance,
  ZCreateParticipantSet,
  ZCreateTemplate,
  ZCreateTopic,
  ZMyTopics,
  ZProposal,
  ZSupported,
  ZTier,
  ZTopicDetail,
  ZTopicList,
  ZTopicSettings,
  ZTopicsQuery,
  ZUpdateSettings,
  ZUpdateTemplate,
} from "@contract/deliberation/topics/topics.schema";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../../shared/api/client";
import { allValues, type Body, type Query, type Reply } from "../../../shared/api/contract";
import type { Rating } from "../../../shared/ui/rating";

export type Tier = Reply<typeof ZTier>;
export const TIERS = allValues<Tier>()(["building", "estate", "community"]);
export type TopicDetail = Reply<typeof ZTopicDetail>;
export type TopicList = Reply<typeof ZTopicList>;
export type TopicItem = TopicList["items"][number];
export type TopicSettings = Reply<typeof ZTopicSettings>;
export type Template = TopicSettings["templates"][number];
export type TopicFilters = Query<typeof ZTopicsQuery>;

export const topicKey = (communityId: number, topicId: number) => ["topic", communityId, topicId] as const;

export function useMyTopics(enabled: boolean) {
  return useQuery({
    queryKey: ["my-topics"],
    queryFn: () => api.get<Reply<typeof ZMyTopics>>("/me/topics"),
    enabled,
    staleTime: 0,
  });
}

export function useTopic(communityId: number, topicId: number) {
  return useQuery({
    queryKey: topicKey(communityId, topicId),
    queryFn: () => api.get<TopicDetail>(`/communities/${communityId}/topics/${topicId}`),
    staleTime: 0,
  });
}

export const supportTopic = (communityId: number, topicId: number) =>
  api.post<Reply<typeof ZSupported>>(`/communities/${communityId}/topics/${topicId}/support`, {});

export const rateTopic = (communityId: number, topicId: number, rating: Rating, comment?: string) =>
  api.put<TopicDetail>(`/communities/${communityId}/topics/${topicId}/my-rating`, {
    rating,
    ...(comment ? { comment } : {}),
  });

export const proposeTopic = (communityId: number, body: Body<typeof ZProposal>) =>
  api.post<TopicDetail>(`/communities/${communityId}/proposals`, body);

// ---- staff ----

export const topicsQuery = (f: TopicFilters) => ({
  q: f.q,
  tier: f.tier,
  stageKey: f.stageKey,
  status: f.status,
  estateId: f.estateId,
  buildingId: f.buildingId,
});

export function useStaffTopics(communityId: number, f: TopicFilters & { limit: number; offset: number }) {
  return useQuery({
    queryKey: ["staff-topics", communityId, f],
    queryFn: () =>
      api.get<TopicList>(`/communities/${communityId}/topics`, {
        ...topicsQuery(f),
        limit: f.limit,
        offset: f.offset,
      }),
    staleTime: 0,
  });
}

export const settingsKey = (communityId: number) => ["topic-settings", communityId] as const;
export function useTopicSettings(communityId: number) {
  return useQuery({
    queryKey: settingsKey(communityId),
    queryFn: () => api.get<TopicSettings>(`/communities/${communityId}/topic-settings`),
  });
}

export const createTopic = (communityId: number, body: Body<typeof ZCreateTopic>) =>
  api.post<TopicDetail>(`/communities/${communityId}/topics`, body);
export const advanceTopic = (communityId: number, topicId: number, body: Body<typeof ZAdvance>) =>
  api.post<TopicDetail>(`/communities/${communityId}/topics/${topicId}/advance`, body);
export const updateSettings = (communityId: number, body: Body<typeof ZUpdateSettings>) =>
  api.patch<TopicSettings>(`/communities/${communityId}/topic-settings`, body);
export const createTemplate = (communityId: number, body: Body<typeof ZCreateTemplate>) =>
  api.post<TopicSettings>(`/communities/${communityId}/topic-templates`, body);
export const updateTemplate = (communityId: number, templateId: number, body: Body<typeof ZUpdateTemplate>) =>
  api.patch<TopicSettings>(`/communities/${communityId}/topic-templates/${templateId}`, body);
export const createParticipantSet = (communityId: number, body: Body<typeof ZCreateParticipantSet>) =>
  api.post<TopicSettings>(`/communities/${communityId}/participant-sets`, body);
