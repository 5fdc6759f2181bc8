// The anonymous opinion box (意见箱, DOMAIN V8) and its public suggestion column (建议栏).
import { api } from "../../../shared/api/client";

export interface OpinionSubmitted {
  trackingCode: string;
  submittedAt: string;
  feedbackDueAt: string;
}

export interface TrackedOpinion {
  trackingCode: string;
  text: string;
  topic: string | null;
  status: "pending" | "replied";
  submittedAt: string;
  feedbackDueAt: string;
  overdue: boolean;
  reply: string | null;
  repliedAt: string | null;
}

export interface StaffOpinion {
  id: number;
  text: string;
  topic: string | null;
  status: "pending" | "replied";
  submittedAt: string;
  feedbackDueAt: string;
  overdue: boolean;
  reply: string | null;
  replyPublic: boolean;
  repliedAt: string | null;
  repliedBy: string | null;
}

export interface ColumnItem {
  text: string;
  topic: string | null;
  reply: string;
  repliedAt: string;
}

export const submitOpinion = (communityId: number, body: { text: string; topic?: string }) =>
  api.post<OpinionSubmitted>(`/communities/${communityId}/opinions`, body);

export const trackOpinion = (communityId: number, code: string) =>
  api.get<TrackedOpinion>(`/communities/${communityId}/opinions/${encodeURIComponent(code)}`);

export const suggestionColumn = (communityId: number) =>
  api.get<{ items: ColumnItem[]; nextOffset: number | null }>(
    `/communities/${communityId}/suggestion-column`,
    {
      limit: 30,
    },
  );

export const staffOpinions = (communityId: number, q: { status?: "pending" | "replied"; offset?: number }) =>
  api.get<{ items: StaffOpinion[]; overdueCount: number; nextOffset: number | null }>(
    `/communities/${communityId}/opinions`,
    { ...q, limit: 50 },
  );

export const replyOpinion = (communityId: number, id: number, body: { reply: string; public: boolean }) =>
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
