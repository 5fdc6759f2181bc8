// Reading: staff lists, the organisations' to-do list, a resident's own requests, one request, its photos.

import { authorize, authorizeWithin, reachOf, requireActor } from "../../../access/authorize.ts";
import type { Actor } from "../../../access/reach.ts";
import { AppError } from "../../../errors.ts";
import { scopeIdsOf } from "../../core/places/places.service.ts";
import { maskPhone } from "../../core/privacy/pii.present.ts";
import { categoriesOf } from "./categories.service.ts";
import * as q from "./requests.queries.ts";
import {
  canDo,
  categoryRef,
  type Db,
  loadRequest,
  placeOf,
  presentPlace,
  resolverRole,
  visibility,
} from "./requests.service.ts";

// ---------------------------------------------------------------------------------------------
// reading

export async function listForStaff(
  db: Db,
  actor: Actor | null,
  communityId: number,
  f: Parameters<typeof q.listRequests>[3],
) {
  const reach = authorizeWithin(actor, "requests.read", communityId);
  const rows = await q.listRequests(db, communityId, scopeIdsOf(reach, communityId), {
    ...f,
    limit: f.limit + 1,
  });
  const now = Date.now();
  const page = rows.slice(0, f.limit);
  return {
    items: page.map((v) => presentListItem(v, now)),
    nextCursor: rows.length > f.limit ? page[page.length - 1]!.id : null,
  };
}

/** Past its deadline to sign (while submitted) or to solve (while signed): the list's and the overdue lists' rule. */
export function isOverdue(status: string, signDueAt: Date, solveDueAt: Date, now: number): boolean {
  return (
    (status === "submitted" && signDueAt.getTime() < now) ||
    (status === "signed" && solveDueAt.getTime() < now)
  );
}

/** One row of the staff list (and of its Excel export). */
export function presentListItem(v: q.RequestViewRow, now: number) {
  const signDueAt = new Date(v.sign_due_at);
  const solveDueAt = new Date(v.solve_due_at);
  return {
    id: v.id,
    kind: v.kind,
    status: v.status,
    title: v.title,
    channel: v.channel,
    category: categoryRef(v),
    place: presentPlace(v, true),
    routeTo: v.route_to,
    signDueAt,
    solveDueAt,
    overdue: isOverdue(v.status, signDueAt, solveDueAt, now),
    rating: v.rating,
    reopenCount: v.reopen_count,
    createdAt: new Date(v.created_at),
  };
}

/**
 * What has been routed to the organisations the caller acts for (property staff, unit
 * representatives), across communities: their to-do list, open items first by time to solve.
 */
export async function assignedToMe(db: Db, actor: Actor | null, f: { limit: number }) {
  const a = requireActor(actor);
  const orgIds = a.grants
    .filter(
      (g) =>
        (g.role === "property_staff" || g.role === "unit_representative") && g.scopeType === "organisation",
    )
    .map((g) => g.scopeId!);
  const rows = await q.assignedTo(db, [...new Set(orgIds)], f.limit);
  const now = Date.now();
  return {
    items: rows.map((v) => {
      const solveDueAt = new Date(v.solve_due_at);
      return {
        id: v.id,
        communityId: v.community_id,
        kind: v.kind,
        status: v.status,
        title: v.title,
        category: categoryRef(v),
        place: presentPlace(v, true),
        routeTo: v.route_to,
        routeOrgId: v.route_org_id,
        solveDueAt,
        secondsLeft: Math.floor((solveDueAt.getTime() - now) / 1000),
        confirmDueAt: v.confirm_due_at ? new Date(v.confirm_due_at) : null,
        createdAt: new Date(v.created_at),
      };
    }),
  };
}

export async function myRequestsOf(
  db: Db,
  actor: Actor | null,
  f: { cursor?: number | undefined; limit: number },
) {
  const a = requireActor(actor);
  const rows = await q.myRequests(db, a.userId, { ...f, limit: f.limit + 1 });
  const page = rows.slice(0, f.limit);
  const now = Date.now();
  return {
    items: page.map((v) => {
      const signDueAt = new Date(v.sign_due_at);
      const solveDueAt = new Date(v.solve_due_at);
      return {
        id: v.id,
        communityId: v.community_id,
        kind: v.kind,
        status: v.status,
        title: v.title,
        category: categoryRef(v),
        createdAt: new Date(v.created_at),
        signDueAt,
        solveDueAt,
        overdue: isOverdue(v.status, signDueAt, solveDueAt, now),
        confirmDueAt: v.confirm_due_at ? new Date(v.confirm_due_at) : null,
        rating: v.rating,
        mergedInto: v.merged_into,
        following: v.merged_into != null,
      };
    }),
    nextCursor: rows.length > f.limit ? page[page.length - 1]!.id : null,
  };
}

const EVENT_DATA_HIDDEN = new Set(["client"]);

export async function readRequest(db: Db, actor: Actor | null, communityId: number, id: number) {
  const r = await loadRequest(db, communityId, id);
  const { a, isSubmitter, staff } = await visibility(db, actor, r);
  const [v, events, photos, from, categories] = await Promise.all([
    q.viewOf(db, communityId, id),
    q.eventsOf(db, communityId, id),
    q.photosOf(db, communityId, id),
    q.mergedFrom(db, communityId, id),
    categoriesOf(db, communityId),
  ]);
  // public as the public sees it: published, in a category that is not (now) never public
  const neverPublic = categories.find((c) => c.id === r.category_id)?.never_public ?? true;
  let orgName: string | null = null;
  if (r.route_org_id != null) orgName = (await q.findOrganisation(db, r.route_org_id))?.name ?? null;
  const base = `/api/communities/${communityId}/requests/${id}/photos`;
  const place = placeOf(r);
  return {
    id: r.id,
    communityId,
    kind: r.kind,
    status: r.status,
    channel: r.channel,
    title: r.title,
    description: r.description,
    category: categoryRef(v!),
    place: presentPlace(v!, true),
    isPublic: r.is_public && !neverPublic,
    submitter: {
      name: staff || isSubmitter ? r.submitter_name : null,
      phone: staff || isSubmitter ? maskPhone(r.submitter_phone) : null,
      isMe: isSubmitter,
      onBehalf: r.on_behalf_by != null,
    },
    route: r.route_to ? { to: r.route_to, orgId: r.route_org_id, orgName } : null,
    signedAt: r.signed_at ? new Date(r.signed_at) : null,
    signDueAt: new Date(r.sign_due_at),
    solveDueAt: new Date(r.solve_due_at),
    resolvedAt: r.resolved_at ? new Date(r.resolved_at) : null,
    resolution: r.resolution,
    confirmDueAt: r.confirm_due_at ? new Date(r.confirm_due_at) : null,
    closedAt: r.closed_at ? new Date(r.closed_at) : null,
    closeReason: r.close_reason,
    rating: r.rating,
    ratingComment: r.rating_comment,
    mergedInto: r.merged_into,
    mergedFrom: from,
    reopenCount: r.reopen_count,
    createdAt: new Date(r.created_at),
    photos: photos.map((p) => ({
      id: p.id,
      stage: p.stage,
      mime: p.mime,
      byteSize: p.byte_size,
      url: `${base}/${p.id}`,
    })),
    events: events.map((e) => {
      const raw = (typeof e.data === "string" ? JSON.parse(e.data) : e.data) as Record<
        string,
        unknown
      > | null;
      const data = raw
        ? Object.fromEntries(Object.entries(raw).filter(([k]) => !EVENT_DATA_HIDDEN.has(k)))
        : null;
      const byResident = e.actor_role === "resident" || e.actor_role === "submitter";
      return {
        id: e.id,
        at: new Date(e.at),
        kind: e.kind,
        note: e.note,
        actorRole: e.actor_role,
        actorName: byResident ? "提交人" : staff ? e.name : null,
        data,
      };
    }),
    can: {
      sign: r.status === "submitted" && canDo(() => authorize(a, "requests.handle", place)),
      route:
        (r.status === "submitted" || r.status === "signed") &&
        canDo(() => authorize(a, "requests.handle", place)),
      merge:
        (r.status === "submitted" || r.status === "signed") &&
        canDo(() => authorize(a, "requests.handle", place)),
      resolve: r.status === "signed" && canDo(() => resolverRole(a, r)),
      confirm: r.status === "resolved" && isSubmitter,
    },
  };
}

export async function readPhoto(
  db: Db,
  actor: Actor | null,
  communityId: number,
  id: number,
  photoId: number,
) {
  const r = await loadRequest(db, communityId, id);
  await visibility(db, actor, r);
  const p = await q.photoBytes(db, communityId, id, photoId);
  if (!p) throw new AppError("NOT_FOUND", { zh: "照片不存在", en: "Photo not found" });
  return { mime: p.mime, bytes: Buffer.from(p.bytes), sha256: p.sha256 };
}

/**
 * The buildings a request may name (V1 "a building"), grouped by estate: ids and names only, no
 * households or people. Verified residents of the community get all its buildings; staff who
 * read places get those within their reach; anyone else is refused.
 */
export async function buildingChoicesFor(db: Db, actor: Actor | null, communityId: number) {
  const a = requireActor(actor);
  const resident = a.residencies.some((r) => r.communityId === communityId && r.status === "verified");
  let scope: ReturnType<typeof scopeIdsOf> = null;
  if (!resident) {
    if (reachOf(a, "places.read").roles.length === 0)
      throw new AppError("FORBIDDEN", {
        zh: "只有本社区已认证的居民和工作人员可以查看楼栋",
        en: "Only verified residents and staff of this community can see its buildings",
      });
    scope = scopeIdsOf(authorizeWithin(a, "places.read", communityId), communityId);
  }
  const rows = await q.buildingChoices(db, communityId, scope);
  const byName = new Intl.Collator("zh-CN", { numeric: true }).compare;
  const estates = new Map<number, { id: number; name: string; buildings: { id: number; name: string }[] }>();
  for (const r of rows) {
    const e = estates.get(r.estate_id) ?? { id: r.estate_id, name: r.estate_name, buildings: [] };
    estates.set(r.estate_id, e);
    e.buildings.push({ id: r.id, name: r.name });
  }
  // estates in the community's own order (as registered); buildings by number: 2栋 before 10栋
  const list = [...estates.values()];
  for (const e of list) e.buildings.sort((x, y) => byName(x.name, y.name));
  return { estates: list };
}
