// Two-way claiming (DOMAIN V3): the public board of needs and micro-wishes, claims with a promise
// date, fulfilment, and the resources offered in a community (server/src/modules/claims).

import type { ZCreated } from "@contract/core/places/places.schema";
import type {
  ZBoard,
  ZBoardQuery,
  ZBoardStatus,
  ZClaim,
  ZClaimAs,
  ZClaimantKind,
  ZClaimResult,
  ZClaimStatus,
  ZCreateResource,
  ZFulfil,
  ZFulfilResult,
  ZMatch,
  ZMyClaims,
  ZMyClaimsQuery,
  ZResourceKind,
  ZResourceQuery,
  ZResources,
  ZStaffClaims,
  ZStaffClaimsQuery,
  ZWithdraw,
  ZWithdrawResult,
} from "@contract/voice/claims/claims.schema";
import type { ZOk } from "@contract/voice/requests/requests.schema";
import { api } from "../../../shared/api/client";
import { allValues, type Body, type Query, type Reply } from "../../../shared/api/contract";

export type BoardStatus = Reply<typeof ZBoardStatus>;
export type ClaimantKind = Reply<typeof ZClaimantKind>;
export type ClaimAs = Reply<typeof ZClaimAs>;
export type ResourceKind = Reply<typeof ZResourceKind>;
export type ClaimStatus = Reply<typeof ZClaimStatus>;

export const BOARD_STATUSES = allValues<BoardStatus>()(["open", "claimed", "fulfilled"]);
export const CLAIM_AS = allValues<ClaimAs>()(["party_member", "volunteer", "co_building_unit"]);
export const RESOURCE_KINDS = allValues<ResourceKind>()(["venue", "money", "skill", "goods"]);
export const CLAIM_STATUSES = allValues<ClaimStatus>()(["active", "fulfilled", "withdrawn"]);

/** The public board: needs and micro-wishes, no names (the caller's own live claim is `mine`). */
export type Board = Reply<typeof ZBoard>;
export type BoardItem = Board["items"][number];
export type CategoryRef = BoardItem["category"];
export type ClaimResult = Reply<typeof ZClaimResult>;
/** My claims (GET /api/me/claims), in any community. */
export type MyClaims = Reply<typeof ZMyClaims>;
export type MyClaim = MyClaims["items"][number];
export type Resources = Reply<typeof ZResources>;
export type Resource = Resources["items"][number];

export const boardOf = (communityId: number, q: Query<typeof ZBoardQuery>) =>
  api.get<Board>(`/communities/${communityId}/board`, q);

export const claim = (communityId: number, requestId: number, body: Body<typeof ZClaim>) =>
  api.post<ClaimResult>(`/communities/${communityId}/requests/${requestId}/claim`, body);

export const fulfil = (communityId: number, claimId: number, note?: string) =>
  api.post<Reply<typeof ZFulfilResult>>(`/communities/${communityId}/claims/${claimId}/fulfil`, {
    note: note || undefined,
  } satisfies Body<typeof ZFulfil>);

export const withdraw = (communityId: number, claimId: number, reason?: string) =>
  api.post<Reply<typeof ZWithdrawResult>>(`/communities/${communityId}/claims/${claimId}/withdraw`, {
    reason: reason || undefined,
  } satisfies Body<typeof ZWithdraw>);

export const myClaims = (q: Query<typeof ZMyClaimsQuery>) => api.get<MyClaims>("/me/claims", q);

export const resourcesOf = (communityId: number, q: Query<typeof ZResourceQuery>) =>
  api.get<Resources>(`/communities/${communityId}/resources`, { ...q, limit: 100 });

export const publishResource = (communityId: number, body: Body<typeof ZCreateResource>) =>
  api.post<Reply<typeof ZCreated>>(`/communities/${communityId}/resources`, body);

export const matchResource = (communityId: number, resourceId: number, requestId: number) =>
  api.post<Reply<typeof ZOk>>(`/communities/${communityId}/resources/${resourceId}/match`, {
    requestId,
  } satisfies Body<typeof ZMatch>);

// ---- 认领管理: the staff list of claims (GET /api/communities/:id/claims, requests.read) ----

/** The staff list's filters; `overdue` is a switch here. */
export type StaffClaimFilters = Omit<Query<typeof ZStaffClaimsQuery>, "cursor" | "limit">;
export type StaffClaims = Reply<typeof ZStaffClaims>;
/** One claim in the staff list: the item, its place, the claimant (masked phone) and the promise. */
export type StaffClaimRow = StaffClaims["items"][number];

/** The staff list's query string (also its Excel export's): `overdue` only when on. */
export const staffClaimsQuery = (f: StaffClaimFilters) => ({
  q: f.q,
  from: f.from,
  to: f.to,
  status: f.status,
  overdue: f.overdue ? "true" : undefined,
  claimedAs: f.claimedAs,
  gridId: f.gridId,
});

export const staffClaims = (communityId: number, f: StaffClaimFilters, cursor?: string | number) =>
  api.get<StaffClaims>(`/communities/${communityId}/claims`, { ...staffClaimsQuery(f), cursor, limit: 50 });
