// Two-way claiming (DOMAIN V3): the public board of needs and micro-wishes, claims with a promise
// date, fulfilment, and the resources offered in a community (server/src/modules/claims).
import { api } from "../../../shared/api/client";

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
  /** The caller made its live claim (the board names no other claimant). */
  mine: boolean;
  myClaimId: number | null;
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

export type ClaimStatus = "active" | "fulfilled" | "withdrawn";
export const CLAIM_STATUSES: ClaimStatus[] = ["active", "fulfilled", "withdrawn"];

/** One of my claims (GET /api/me/claims), in any community. */
export interface MyClaim {
  id: number;
  communityId: number;
  communityName: string;
  requestId: number;
  kind: "problem" | "need" | "wish";
  title: string;
  category: CategoryRef;
  buildingName: string | null;
  claimedAs: ClaimantKind;
  orgName: string | null;
  status: ClaimStatus;
  requestStatus: "submitted" | "signed" | "resolved" | "closed" | "merged";
  promiseDate: string;
  overdue: boolean;
  note: string | null;
  createdAt: string;
  fulfilledAt: string | null;
  withdrawnAt: string | null;
  /** Withdrawn because staff released the claim (释放认领), not by the claimant. */
  released: boolean;
  links: { page: string | null; board: string; fulfil: string | null; withdraw: string | null };
}

export interface MyClaims {
  items: MyClaim[];
  nextCursor: number | null;
  counts: Record<ClaimStatus | "overdue", number>;
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

export const withdraw = (communityId: number, claimId: number, reason?: string) =>
  api.post<{ id: number; requestId: number; status: "withdrawn"; boardStatus: BoardStatus }>(
    `/communities/${communityId}/claims/${claimId}/withdraw`,
    { reason: reason || undefined },
  );

export const myClaims = (q: { status?: ClaimStatus; cursor?: number; limit?: number }) =>
  api.get<MyClaims>("/me/claims", q);

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

// ---- 认领管理: the staff list of claims (GET /api/communities/:id/claims, requests.read) ----

export interface StaffClaimFilters {
  status?: ClaimStatus;
  overdue?: boolean;
  claimedAs?: ClaimAs;
  gridId?: number;
}

/** One claim in the staff list: the item, its place, the claimant (masked phone) and the promise. */
export interface StaffClaimRow {
  id: number;
  requestId: number;
  kind: "problem" | "need" | "wish";
  title: string;
  category: CategoryRef;
  requestStatus: string;
  place: { type: string; gridId: number | null; gridName: string | null; address: string };
  claimantName: string;
  claimantPhone: string | null;
  claimedAs: ClaimantKind;
  orgName: string | null;
  status: ClaimStatus;
  released: boolean;
  releasedByName: string | null;
  promiseDate: string;
  overdue: boolean;
  createdAt: string;
  remindedAt: string | null;
  overdueNotifiedAt: string | null;
  fulfilledAt: string | null;
  withdrawnAt: string | null;
  links: { request: string; release: string | null };
}

export const staffClaims = (communityId: number, f: StaffClaimFilters, cursor?: number) =>
  api.get<{ items: StaffClaimRow[]; nextCursor: number | null }>(`/communities/${communityId}/claims`, {
    status: f.status,
    overdue: f.overdue ? "true" : undefined,
    claimedAs: f.claimedAs,
    gridId: f.gridId,
    cursor,
    limit: 50,
  });
