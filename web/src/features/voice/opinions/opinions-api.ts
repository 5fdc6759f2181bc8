// The anonymous opinion box (意见箱, DOMAIN V8) and its public suggestion column (建议栏).
import type {
  ZColumnQuery,
  ZOpinionListQuery,
  ZOpinionSubmitted,
  ZReplyOpinion,
  ZStaffOpinion,
  ZStaffOpinions,
  ZSubmitOpinion,
  ZSuggestionColumn,
  ZTrackedOpinion,
} from "@contract/voice/opinions/opinions.schema";
import { api } from "../../../shared/api/client";
import type { Body, Query, Reply } from "../../../shared/api/contract";

export type OpinionSubmitted = Reply<typeof ZOpinionSubmitted>;
export type TrackedOpinion = Reply<typeof ZTrackedOpinion>;
export type StaffOpinions = Reply<typeof ZStaffOpinions>;
export type StaffOpinion = Reply<typeof ZStaffOpinion>;
export type SuggestionColumn = Reply<typeof ZSuggestionColumn>;
export type ColumnItem = SuggestionColumn["items"][number];

export const submitOpinion = (communityId: number, body: Body<typeof ZSubmitOpinion>) =>
  api.post<OpinionSubmitted>(`/communities/${communityId}/opinions`, body);

export const trackOpinion = (communityId: number, code: string) =>
  api.get<TrackedOpinion>(`/communities/${communityId}/opinions/${encodeURIComponent(code)}`);

export const suggestionColumn = (communityId: number) =>
  api.get<SuggestionColumn>(`/communities/${communityId}/suggestion-column`, {
    limit: 30,
  } satisfies Query<typeof ZColumnQuery>);

export const staffOpinions = (communityId: number, q: Query<typeof ZOpinionListQuery>) =>
  api.get<StaffOpinions>(`/communities/${communityId}/opinions`, { ...q, limit: 50 });

export const replyOpinion = (communityId: number, id: number, body: Body<typeof ZReplyOpinion>) =>
  api.post<StaffOpinion>(`/communities/${communityId}/opinions/${id}/reply`, body);

// The codes given on this device, so a person can look again without writing them down. Kept on
// the phone only; the server stores nothing about who wrote an opinion.
const KEY = "linli.opinions";

export interface RememberedCode {
  communityId: number;
  code: string;
  at: string;
}

export function rememberedCodes(): RememberedCode[] {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) ?? "[]") as RememberedCode[];
    return Array.isArray(v) ? v : [];
  } catch {
    return [];
  }
}

export function rememberCode(c: RememberedCode) {
  try {
    localStorage.setItem(KEY, JSON.stringify([c, ...rememberedCodes()].slice(0, 20)));
  } catch {
    // private mode
  }
}
