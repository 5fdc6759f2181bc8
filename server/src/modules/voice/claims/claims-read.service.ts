// Reading claims (DOMAIN V3): one request's claim for the staff console (the request drawer), the
// staff claims list (认领管理, filtered in SQL to the caller's reach), and a person's own claims in
// every community ("my claims"). The rules of claiming are in claims.service.ts.

import { authorize, authorizeWithin, reachOf, requireActor } from "../../../access/authorize.ts";
import { type Actor, reaches } from "../../../access/reach.ts";
import { scopeIdsOf } from "../../core/places/places.service.ts";
import { maskPhone } from "../../core/privacy/pii.present.ts";
import { presentCategoryRef } from "../requests/categories.service.ts";
import { placeOf, presentPlace, requestRow, residentLink, staffLink } from "../requests/requests.service.ts";
import * as q from "./claims.queries.ts";
import { type Db, todayInChina } from "./claims.service.ts";

/**
 * The claim of one request for the staff console (requests.read at its place): the latest claim
 * with its claimant (name, masked phone), whether it is overdue (active after its promise date,
 * China time) and whether the caller may release it. Null when nobody ever claimed it.
 */
export async function claimOfRequestForStaff(
  db: Db,
  actor: Actor | null,
  communityId: number,
  requestId: number,
) {
  const r = await requestRow(db, communityId, requestId);
  const a = requireActor(actor);
  authorize(a, "requests.read", placeOf(r));
  const c = await q.latestClaimOfRequest(db, communityId, requestId);
  if (!c) return { claim: null };
  const active = c.status === "active";
  const handle = reachOf(a, "requests.handle");
  const canRelease = active && handle.roles.length > 0 && reaches(handle, placeOf(r));
  return {
    claim: {
      id: c.id,
      claimantKind: c.claimant_kind,
      claimantName: c.claimant_name,
      claimantPhone: maskPhone(c.claimant_phone),
      orgName: c.claimant_kind === "co_building_unit" ? c.org_name : null,
      status: c.status,
      released: c.released_by != null,
      releasedByName: c.released_by_name,
      promiseDate: c.promise_date,
      overdue: active && r.status === "signed" && c.promise_date < todayInChina(),
      note: c.note,
      createdAt: new Date(c.created_at),
      remindedAt: c.reminded_at ? new Date(c.reminded_at) : null,
      overdueNotifiedAt: c.overdue_notified_at ? new Date(c.overdue_notified_at) : null,
      fulfilledAt: c.fulfilled_at ? new Date(c.fulfilled_at) : null,
      withdrawnAt: c.withdrawn_at ? new Date(c.withdrawn_at) : null,
      links: {
        release: canRelease ? `/api/communities/${communityId}/claims/${c.id}/release` : null,
      },
    },
  };
}

/**
 * 认领管理: the claims of one community for staff holding requests.read, filtered in SQL to the
 * requests within their reach (a grid worker: their grids), newest first, with the claimant (name,
 * masked phone), overdue and the reminders sent, and the release link where the caller may release.
 */
export async function claimsForStaffOf(
  db: Db,
  actor: Actor | null,
  communityId: number,
  f: Omit<Parameters<typeof q.claimsForStaff>[4], "limit"> & { limit: number },
) {
  const reach = authorizeWithin(actor, "requests.read", communityId);
  const handle = reachOf(actor, "requests.handle");
  const rows = await q.claimsForStaff(db, communityId, scopeIdsOf(reach, communityId), todayInChina(), {
    ...f,
    limit: f.limit + 1,
  });
  const page = rows.slice(0, f.limit);
  return {
    items: page.map((c) => {
      const place = placeOf(c);
      const canRelease = c.claim_status === "active" && handle.roles.length > 0 && reaches(handle, place);
      return {
        id: c.claim_id,
        requestId: c.id,
        kind: c.kind,
        title: c.title,
        category: presentCategoryRef(c),
        requestStatus: c.status,
        place: presentPlace(c, true),
        claimantName: c.claimant_name,
        claimantPhone: maskPhone(c.claimant_phone),
        claimedAs: c.claimant_kind,
        orgName: c.claimant_kind === "co_building_unit" ? c.org_name : null,
        status: c.claim_status,
        released: c.released_by != null,
        releasedByName: c.released_by_name,
        promiseDate: c.promise_date,
        overdue: c.overdue === true,
        createdAt: new Date(c.claimed_at),
        remindedAt: c.reminded_at ? new Date(c.reminded_at) : null,
        overdueNotifiedAt: c.overdue_notified_at ? new Date(c.overdue_notified_at) : null,
        fulfilledAt: c.fulfilled_at ? new Date(c.fulfilled_at) : null,
        withdrawnAt: c.withdrawn_at ? new Date(c.withdrawn_at) : null,
        links: {
          request: staffLink(communityId, c.id),
          release: canRelease ? `/api/communities/${communityId}/claims/${c.claim_id}/release` : null,
        },
      };
    }),
    nextCursor: rows.length > f.limit ? page[page.length - 1]!.claim_id : null,
  };
}

/** The caller's claims in every community, newest first, with what they can still do. */
export async function myClaimsOf(
  db: Db,
  actor: Actor | null,
  f: {
    status?: "active" | "fulfilled" | "withdrawn" | undefined;
    cursor?: number | undefined;
    limit: number;
  },
) {
  const a = requireActor(actor);
  const today = todayInChina();
  const [rows, counts] = await Promise.all([
    q.claimsOfUser(db, a.userId, { ...f, limit: f.limit + 1 }),
    q.claimCountsOfUser(db, a.userId, today),
  ]);
  const page = rows.slice(0, f.limit);
  return {
    items: page.map((c) => {
      const api = `/api/communities/${c.community_id}/claims/${c.id}`;
      const active = c.status === "active";
      return {
        id: c.id,
        communityId: c.community_id,
        communityName: c.community_name,
        requestId: c.request_id,
        kind: c.kind,
        title: c.title,
        category: presentCategoryRef(c),
        buildingName: c.building_name,
        claimedAs: c.claimant_kind,
        orgName: c.claimant_kind === "co_building_unit" ? c.org_name : null,
        status: c.status,
        requestStatus: c.request_status,
        promiseDate: c.promise_date,
        overdue: active && c.promise_date < today,
        note: c.note,
        createdAt: new Date(c.created_at),
        fulfilledAt: c.fulfilled_at ? new Date(c.fulfilled_at) : null,
        withdrawnAt: c.withdrawn_at ? new Date(c.withdrawn_at) : null,
        released: c.released_by != null,
        links: {
          // the claimant may read the request while their claim is live (requests' visibility)
          page: c.status === "withdrawn" ? null : residentLink(c.community_id, c.request_id),
          board: `/m/wishes?community=${c.community_id}`,
          fulfil: active && c.request_status === "signed" ? `${api}/fulfil` : null,
          withdraw: active ? `${api}/withdraw` : null,
        },
      };
    }),
    nextCursor: rows.length > f.limit ? page[page.length - 1]!.id : null,
    counts,
  };
}
