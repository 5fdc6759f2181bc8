// V2: the grid worker's triage: signing for (签收), routing, merging duplicates, and the inbox.

import { authorize, authorizeWithin, primaryRole } from "../../../access/authorize.ts";
import type { Actor } from "../../../access/reach.ts";
import { loadCalendar, workingDeadline } from "../../core/calendar/calendar.service.ts";
import { scopeIdsOf } from "../../core/places/places.service.ts";
import { categoryForSubmission } from "./categories.service.ts";
import { cachedInboxRows } from "./inbox-cache.ts";
import { emitRequestEvent, requestMerged, requestRouted, requestSigned } from "./requests.events.ts";
import * as q from "./requests.queries.ts";
import {
  badPlace,
  categoryRef,
  communityStaffOf,
  conflict,
  type Db,
  formatDue,
  inTransaction,
  loadRequest,
  notHere,
  placeOf,
  presentPlace,
  residentLink,
  staffLink,
  tell,
  wrongStatus,
} from "./requests.service.ts";
import type { RouteTo } from "./requests.tables.ts";

export const ROUTE_ZH: Record<RouteTo, string> = {
  community: "社区",
  property: "物业",
  co_building_unit: "共建单位",
  owners_committee: "业委会",
  street: "街道",
  department: "职能部门",
};
const ROUTE_EN: Record<RouteTo, string> = {
  community: "the community",
  property: "the property company",
  co_building_unit: "a co-building unit",
  owners_committee: "the owners' committee",
  street: "the street",
  department: "a government department",
};
// ---------------------------------------------------------------------------------------------
// V2 triage

async function signInTransaction(
  trx: Db,
  a: Actor,
  role: string | null,
  r: q.RequestRow,
  extra: { categoryId?: number; solveDueAt?: Date; note?: string | undefined },
) {
  const updated = await q.updateRequestFrom(trx, r.community_id, r.id, ["submitted"], {
    status: "signed",
    signed_at: new Date(),
    signed_by: a.userId,
    ...(extra.categoryId ? { category_id: extra.categoryId } : {}),
    ...(extra.solveDueAt ? { solve_due_at: extra.solveDueAt } : {}),
  });
  if (!updated) throw conflict("该诉求已被签收", "This request has already been signed for");
  await q.insertEvent(trx, {
    community_id: r.community_id,
    request_id: r.id,
    actor_user_id: a.userId,
    actor_role: role,
    kind: "signed",
    note: extra.note ?? null,
    data: extra.categoryId ? JSON.stringify({ categoryId: extra.categoryId, from: r.category_id }) : null,
  });
  await emitRequestEvent(trx, requestSigned, r, a.userId);
  await tell(trx, {
    userIds: await q.followersOf(trx, r.community_id, r.id),
    except: a.userId,
    communityId: r.community_id,
    kind: "request.signed",
    titleZh: `您的诉求已签收：${r.title}`,
    titleEn: `Your request was signed for: ${r.title}`,
    link: residentLink(r.community_id, r.id),
  });
}

/** 签收 (V2): the responsible grid worker (requests.handle in reach) takes a submitted item. */
export async function signRequest(
  db: Db,
  actor: Actor | null,
  communityId: number,
  id: number,
  input: { categoryId?: number | undefined; note?: string | undefined },
) {
  const r = await loadRequest(db, communityId, id);
  const reach = authorize(actor, "requests.handle", placeOf(r));
  if (r.status !== "submitted") throw wrongStatus(r, "签收", "signed for");
  let solveDueAt: Date | undefined;
  if (input.categoryId && input.categoryId !== r.category_id) {
    const c = await categoryForSubmission(db, communityId, { categoryId: input.categoryId }, r.kind);
    solveDueAt = workingDeadline(new Date(r.created_at), c.solve_days, await loadCalendar(db));
  }
  await inTransaction(db, (trx) =>
    signInTransaction(trx, actor!, primaryRole(reach), r, {
      categoryId: solveDueAt ? input.categoryId : undefined,
      solveDueAt,
      note: input.note,
    }),
  );
  return { id, status: "signed" as const };
}

const ROUTE_ORG_KIND: Partial<Record<RouteTo, string>> = {
  property: "property_company",
  co_building_unit: "co_building_unit",
  owners_committee: "owners_committee",
  department: "government_department",
};

/** The organisation named for a route: it must exist and be of the route's kind. Returns its name. */
export async function routeOrgName(db: Db, to: RouteTo, orgId: number): Promise<string> {
  const org = await q.findOrganisation(db, orgId);
  if (!org) throw notHere("orgId", "所选组织不存在", "The organisation chosen does not exist");
  if (org.kind !== ROUTE_ORG_KIND[to])
    throw badPlace("orgId", `所选组织不是${ROUTE_ZH[to]}`, `The organisation chosen is not ${ROUTE_EN[to]}`);
  return org.name;
}

/**
 * Routes an item to who must act (V2). A submitted item is signed for in the same step (one tap).
 * 'property' goes to the estate's property company unless another is named; a co-building unit
 * must be named; the others may name an organisation of the right kind.
 */
export async function routeRequest(
  db: Db,
  actor: Actor | null,
  communityId: number,
  id: number,
  input: { to: RouteTo; orgId?: number | undefined; note?: string | undefined },
) {
  const r = await loadRequest(db, communityId, id);
  const reach = authorize(actor, "requests.handle", placeOf(r));
  if (r.status !== "submitted" && r.status !== "signed") throw wrongStatus(r, "转交", "routed");
  let orgId = input.orgId ?? null;
  if (input.to === "property" && orgId == null && r.estate_id != null)
    orgId = await q.estatePropertyOrg(db, communityId, r.estate_id);
  if (input.to === "property" && orgId == null)
    throw badPlace(
      "orgId",
      "请选择物业公司（该位置没有登记物业）",
      "Choose the property company (none is registered here)",
    );
  if (input.to === "co_building_unit" && orgId == null)
    throw badPlace("orgId", "请选择共建单位", "Choose the co-building unit");
  if (input.to === "community" || input.to === "street") orgId = null;
  const orgName = orgId != null ? await routeOrgName(db, input.to, orgId) : null;
  const role = primaryRole(reach);
  const a = actor!;
  await inTransaction(db, async (trx) => {
    if (r.status === "submitted") await signInTransaction(trx, a, role, r, {});
    const updated = await q.updateRequestFrom(trx, communityId, id, ["signed"], {
      route_to: input.to,
      route_org_id: orgId,
    });
    if (!updated) throw wrongStatus({ status: "changed" }, "转交", "routed");
    await q.insertEvent(trx, {
      community_id: communityId,
      request_id: id,
      actor_user_id: a.userId,
      actor_role: role,
      kind: "routed",
      note: input.note ?? null,
      data: JSON.stringify({ to: input.to, orgId, orgName, from: r.route_to }),
    });
    await emitRequestEvent(trx, requestRouted, r, a.userId);
    // those who must act now
    let handlers: number[] = [];
    if (input.to === "property" && orgId != null)
      handlers = await q.usersWithRole(trx, "property_staff", "organisation", orgId);
    else if (input.to === "co_building_unit" && orgId != null)
      handlers = await q.usersWithRole(trx, "unit_representative", "organisation", orgId);
    else if (input.to === "owners_committee" && r.estate_id != null)
      handlers = await q.usersWithRole(trx, "owners_committee_member", "estate", r.estate_id, communityId);
    else if (input.to === "street" || input.to === "department") {
      const streetId = await q.communityStreet(trx, communityId);
      if (streetId != null) handlers = await q.usersWithRole(trx, "street_official", "street", streetId);
    } else if (input.to === "community") handlers = await communityStaffOf(trx, communityId);
    await tell(trx, {
      userIds: handlers,
      except: a.userId,
      communityId,
      kind: "request.routed_to_you",
      titleZh: `转交给您处理：${r.title}`,
      titleEn: `Routed to you: ${r.title}`,
      bodyZh: `请在 ${formatDue(new Date(r.solve_due_at))} 前办结`,
      bodyEn: `Resolve it by ${formatDue(new Date(r.solve_due_at))}`,
      link: staffLink(communityId, id),
    });
    await tell(trx, {
      userIds: await q.followersOf(trx, communityId, id),
      except: a.userId,
      communityId,
      kind: "request.routed",
      titleZh: `您的诉求已转交${orgName ?? ROUTE_ZH[input.to]}处理：${r.title}`,
      titleEn: `Your request was passed to ${orgName ?? ROUTE_EN[input.to]}: ${r.title}`,
      link: residentLink(communityId, id),
    });
  });
  return { id, status: "signed" as const };
}

const ROUTE_OF_KIND: Record<string, RouteTo> = {
  property_company: "property",
  co_building_unit: "co_building_unit",
  owners_committee: "owners_committee",
  government_department: "department",
};

/**
 * Who this request may be routed to (V2), for whoever may route it (requests.handle at its place):
 * the organisations of the community by the route they serve, the estate's own property company
 * marked as the default. A grid worker needs no organisations.read for this: only ids, names and
 * kinds are given, and only to someone who may route this very request.
 */
export async function routeTargetsOf(db: Db, actor: Actor | null, communityId: number, id: number) {
  const r = await loadRequest(db, communityId, id);
  authorize(actor, "requests.handle", placeOf(r));
  const [orgs, estateCompany] = await Promise.all([
    q.routeTargets(db, communityId),
    r.estate_id != null ? q.estatePropertyOrg(db, communityId, r.estate_id) : Promise.resolve(null),
  ]);
  return orgs.map((o) => ({
    id: o.id,
    kind: o.kind,
    name: o.name,
    routeTo: ROUTE_OF_KIND[o.kind]!,
    isDefault: o.id === estateCompany,
  }));
}

/**
 * Merges a duplicate into the request that stays (V2): same community, both open. The duplicate
 * closes as merged; its submitter (and whoever followed it) now follows the one that stays and is
 * told so. Nothing is deleted: both histories are kept.
 */
export async function mergeRequests(
  db: Db,
  actor: Actor | null,
  communityId: number,
  id: number,
  intoId: number,
) {
  if (id === intoId) throw badPlace("intoId", "不能与自身合并", "A request cannot be merged into itself");
  const r = await loadRequest(db, communityId, id);
  const into = await loadRequest(db, communityId, intoId);
  const reach = authorize(actor, "requests.handle", placeOf(r));
  authorize(actor, "requests.handle", placeOf(into));
  const open = (x: { status: string }) => x.status === "submitted" || x.status === "signed";
  if (!open(r)) throw wrongStatus(r, "合并", "merged");
  if (!open(into)) throw wrongStatus(into, "作为合并目标", "merged into");
  const a = actor!;
  const role = primaryRole(reach);
  await inTransaction(db, async (trx) => {
    const followers = await q.followersOf(trx, communityId, id);
    const updated = await q.updateRequestFrom(trx, communityId, id, ["submitted", "signed"], {
      status: "merged",
      close_reason: "merged",
      closed_at: new Date(),
      merged_into: intoId,
    });
    if (!updated) throw wrongStatus({ status: "changed" }, "合并", "merged");
    const stillOpen = await q.updateRequestFrom(trx, communityId, intoId, ["submitted", "signed"], {});
    if (!stillOpen) throw wrongStatus({ status: "changed" }, "作为合并目标", "merged into");
    await q.repointMerged(trx, communityId, id, intoId);
    await q.insertEvent(trx, {
      community_id: communityId,
      request_id: id,
      actor_user_id: a.userId,
      actor_role: role,
      kind: "merged",
      data: JSON.stringify({ intoId }),
    });
    await q.insertEvent(trx, {
      community_id: communityId,
      request_id: intoId,
      actor_user_id: a.userId,
      actor_role: role,
      kind: "merge_received",
      data: JSON.stringify({ fromId: id }),
    });
    await emitRequestEvent(trx, requestMerged, r, a.userId, {
      intoRequestId: Number(into.id),
      intoGridId: into.grid_id ?? null,
      intoSubmittedAt: new Date(into.created_at).toISOString(),
    });
    await tell(trx, {
      userIds: followers,
      except: a.userId,
      communityId,
      kind: "request.merged",
      titleZh: `您的诉求已与同类诉求合并办理：${r.title}`,
      titleEn: `Your request is now handled together with a similar one: ${r.title}`,
      bodyZh: `合并至：${into.title}，后续进展会继续通知您`,
      bodyEn: `Merged into: ${into.title}; you will keep hearing how it goes`,
      link: residentLink(communityId, intoId),
    });
  });
  return { id, status: "merged" as const };
}

/** Likely duplicates of a request within the caller's reach (V2). */
export async function findDuplicates(db: Db, actor: Actor | null, communityId: number, id: number) {
  const r = await loadRequest(db, communityId, id);
  const reach = authorize(actor, "requests.handle", placeOf(r));
  const rows = await q.duplicatesOf(db, r, scopeIdsOf(reach, communityId));
  return rows.map((v) => ({
    id: v.id,
    title: v.title,
    status: v.status,
    place: presentPlace(v, true),
    distanceM: v.distance_m == null ? null : Math.round(Number(v.distance_m)),
    createdAt: new Date(v.created_at),
  }));
}

const CURSOR_SEP = "~";
function encodeCursor(dueAt: Date, id: number) {
  return Buffer.from(`${dueAt.toISOString()}${CURSOR_SEP}${id}`).toString("base64url");
}
function decodeCursor(c: string): { dueAt: string; id: number } {
  const [at, id] = Buffer.from(c, "base64url").toString().split(CURSOR_SEP);
  if (!at || !id || Number.isNaN(Date.parse(at)) || !/^\d+$/.test(id))
    throw badPlace("cursor", "分页参数无效", "The cursor is not valid");
  return { dueAt: at, id: Number(id) };
}

/** The grid worker's inbox (V2): open items in reach, nearest deadline first, keyset-paged. */
export async function inboxOf(
  db: Db,
  actor: Actor | null,
  communityId: number,
  f: q.ListSearch & { cursor?: string | undefined; limit: number; gridId?: number | undefined },
) {
  const reach = authorizeWithin(actor, "requests.handle", communityId);
  const after = f.cursor ? decodeCursor(f.cursor) : undefined;
  const scope = scopeIdsOf(reach, communityId);
  const search = { q: f.q, from: f.from, to: f.to };
  const key = JSON.stringify([scope, f.gridId, after, f.limit, search]);
  const rows = await cachedInboxRows(db, communityId, key, () =>
    q.inbox(db, communityId, scope, { ...search, gridId: f.gridId, after, limit: f.limit + 1 }),
  );
  const now = Date.now();
  const page = rows.slice(0, f.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((v) => {
      const dueAt = new Date(v.due_at);
      return {
        id: v.id,
        kind: v.kind,
        status: v.status as "submitted" | "signed",
        title: v.title,
        channel: v.channel,
        category: categoryRef(v),
        place: presentPlace(v, true),
        deadlineKind: v.status === "submitted" ? ("sign" as const) : ("solve" as const),
        dueAt,
        secondsLeft: Math.floor((dueAt.getTime() - now) / 1000),
        photoCount: Number(v.photo_count),
        routeTo: v.route_to,
        reopenCount: v.reopen_count,
        createdAt: new Date(v.created_at),
      };
    }),
    nextCursor: rows.length > f.limit && last ? encodeCursor(new Date(last.due_at), last.id) : null,
  };
}
