// Two-way claiming (DOMAIN V3): the public board of needs and micro-wishes, claims with a promise
// date, fulfilment, and the resources offered in a community (server/src/modules/claims).
import { api } from "../../shared/api/client";

export type BoardStatus = "open" | "claimed" | "fulfilled";
export type ClaimantKind = "party_member" | "volunteer" | "co_building_unit" | "resident";
export type ClaimAs = "party_member" | "volunteer" | "co_building_unit";
export type ResourceKind = "venue" | "money" | "skill" | "goods";

export const BOARD_STATUSES: BoardStatus[] = ["open", "claimed", "fulfilled"];
export const CLAIM_AS: ClaimAs[] = ["party_member", "volunteer", "co_building_unit"];
export const RESOURCE_KINDS: ResourceKind[] = ["venue", "money", "skill", "goods"];

export interface CategoryRef {
  id: number;
  code: string;
  nameZh: string;
  nameEn: string;
}

export interface BoardItem {
  id: number;
  kind: "problem" | "need" | "wish";
  title: string;
  description: string;
  category: CategoryRef;
  buildingName: string | null;
  status: BoardStatus;
  claimantKind: ClaimantKind | null;
  claimantOrgName: string | null;
  promiseDate: string | null;
  createdAt: string;
  fulfilledAt: string | null;
}

export interface Board {
  items: BoardItem[];
  nextCursor: number | null;
  counts: Record<BoardStatus, number>;
}

export interface ClaimResult {
  id: number;
  requestId: number;
  claimantKind: ClaimantKind;
  promiseDate: string;
  status: "active" | "fulfilled" | "withdrawn";
}

export interface Resource {
  id: number;
  kind: ResourceKind;
  title: string;
  description: string;
  provider: { kind: "organisation" | "resident"; name: string };
  status: "available" | "matched" | "withdrawn";
  matchedRequestId: number | null;
  createdAt: string;
}

export const boardOf = (
  communityId: number,
  q: { status?: BoardStatus; kind?: "need" | "wish"; cursor?: number; limit?: number },
) => api.get<Board>(`/communities/${communityId}/board`, q);

export const claim = (
  communityId: number,
  requestId: number,
  body: { promiseDate: string; note?: string; as?: ClaimAs; orgId?: number },
) => api.post<ClaimResult>(`/communities/${communityId}/requests/${requestId}/claim`, body);

export const fulfil = (communityId: number, claimId: number, note?: string) =>
  api.post<{ id: number; requestId: number; status: "fulfilled" }>(
    `/communities/${communityId}/claims/${claimId}/fulfil`,
    { note: note || undefined },
  );

export const resourcesOf = (
  communityId: number,
  q: { kind?: ResourceKind; status?: "available" | "matched" },
) =>
  api.get<{ items: Resource[]; nextCursor: number | null }>(`/communities/${communityId}/resources`, {
    ...q,
    limit: 100,
  });

export const publishResource = (
  communityId: number,
  body: { kind: ResourceKind; title: string; description: string; orgId?: number },
) => api.post<{ id: number }>(`/communities/${communityId}/resources`, body);

export const matchResource = (communityId: number, resourceId: number, requestId: number) =>
  api.post<{ ok: true }>(`/communities/${communityId}/resources/${resourceId}/match`, { requestId });

// The board does not say who claimed an item (people are never named in public) nor the claim's
// id, which the claimant needs to mark it fulfilled. This device remembers the claims made on it;
// for others the claimant reads the request (claimants may) and finds the id in its history.
const CLAIMS_KEY = (userId: number) => `linli.claims.${userId}`;

export function rememberedClaims(userId: number): Record<string, number> {
  try {
    return JSON.parse(localStorage.getItem(CLAIMS_KEY(userId)) ?? "{}") as Record<string, number>;
  } catch {
    return {};
  }
}

export function rememberClaim(userId: number, communityId: number, requestId: number, claimId: number) {
  try {
    const all = rememberedClaims(userId);
    all[`${communityId}:${requestId}`] = claimId;
    localStorage.setItem(CLAIMS_KEY(userId), JSON.stringify(all));
  } catch {
    // private mode: the history of the request still has it
  }
}

/** The claim id in a request's history ("claimed" event), newest first. */
export function claimIdFromHistory(
  events: { kind: string; data: Record<string, unknown> | null }[],
): number | null {
  for (const e of [...events].reverse())
    if (e.kind === "claimed" && typeof e.data?.claimId === "number") return e.data.claimId;
  return null;
}
