// The loop at the heart of resident voice (DOMAIN V1, V2, V5): a resident's problem, need or
// micro-wish is submitted (or recorded on their behalf, 代办), the responsible grid worker signs for
// it (签收) and routes it, whoever it is routed to resolves it with evidence, and the submitter
// confirms and rates it; a poor rating or a rejection reopens it with its whole history.
//
// Every change to a request happens in one transaction with its request_event, its domain event (the
// figures) and notify (in-app and SMS); live streams hear of notifications at commit.
import type { Kysely, Transaction } from "kysely";
import { reachOf, requireActor } from "../../../access/authorize.ts";
import { type Actor, type PlaceRef, type Reach, reaches } from "../../../access/reach.ts";
import type { DB } from "../../../db/schema.ts";
import { AppError } from "../../../errors.ts";
import { shanghaiDay } from "../../core/calendar/calendar.service.ts";
import { notify } from "../../core/notifications/notifications.service.ts";
import { findCategory } from "./categories.queries.ts";
import { type CategoryRow, categoriesOf, presentCategoryRef } from "./categories.service.ts";
import * as q from "./requests.queries.ts";

// Photos as requests take them (checked by content, location stripped), for claims' offers and results too.
export { checkPhotos, type PhotoUpload } from "./request-photos.ts";
export { multipartBody, uploadedPhotos } from "./request-upload.ts";
// For modules whose rows hang off a request (claims): the columns and place names every list of
// requests starts from, as a query to join their own tables to.
export { type RequestViewRow, requestView, searchCondition } from "./requests.queries.ts";

export type Db = Kysely<DB>;

/** Roles that may resolve anything in their places, whoever it was routed to. */
const COMMUNITY_RESOLVERS = new Set([
  "system_admin",
  "community_secretary",
  "community_worker",
  "grid_worker",
]);

export const residentLink = (communityId: number, id: number) => `/m/requests/${communityId}/${id}`;
export const staffLink = (communityId: number, id: number) => `/staff/requests/${communityId}/${id}`;

/** "2026-02-24 24:00" for a deadline at midnight China time, else "2026-02-24 15:30". */
export function formatDue(d: Date): string {
  const local = new Date(d.getTime() + 8 * 3_600_000).toISOString();
  if (local.slice(11, 16) === "00:00") return `${shanghaiDay(new Date(d.getTime() - 1))} 24:00`;
  return `${local.slice(0, 10)} ${local.slice(11, 16)}`;
}

export function placeOf(r: {
  community_id: number;
  grid_id: number | null;
  estate_id: number | null;
  building_id: number | null;
  unit_id?: number | null;
}): PlaceRef {
  return {
    communityId: r.community_id,
    gridId: r.grid_id,
    estateId: r.estate_id,
    buildingId: r.building_id,
    unitId: r.unit_id ?? null,
  };
}

/**
 * Runs `work` in a transaction (or the caller's). Notifications written in it reach live streams at
 * commit (notify's NOTIFY), and nothing on rollback.
 */
export async function inTransaction<T>(db: Db, work: (trx: Transaction<DB> | Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute((trx) => work(trx));
}

/** Notifies the people named, except the one who acted (`except`). */
export async function tell(
  trx: Db,
  n: {
    userIds: number[];
    except?: number | null;
    communityId: number;
    kind: string;
    titleZh: string;
    titleEn: string;
    bodyZh?: string;
    bodyEn?: string;
    link: string;
  },
) {
  const userIds = n.userIds.filter((u) => u !== n.except);
  if (userIds.length === 0) return;
  await notify(trx, { ...n, userIds });
}

/** Community staff who hear of what has no grid, or what is routed to the community. */
export async function communityStaffOf(db: Db, communityId: number) {
  return gridWorkersOf(db, communityId, null);
}

/** The grid's workers, or the community's staff when there is no grid or it has no worker. */
export async function gridWorkersOf(db: Db, communityId: number, gridId: number | null) {
  const { rows } = await q.placeStaffQuery(communityId, gridId).execute(db);
  return [...new Set(rows.map((r) => r.user_id))];
}

/**
 * A reference in the body to something that is not in this community: 400 with the field named (the
 * request as a whole is malformed; Open311 clients get the same answer).
 */
export function notHere(field: string, zh: string, en: string): AppError {
  return new AppError("VALIDATION", { zh, en, details: [{ field, message: en }] });
}

export function badPlace(field: string, zh: string, en: string): AppError {
  return new AppError("VALIDATION", { zh, en, details: [{ field, message: en }] });
}

// ---------------------------------------------------------------------------------------------
// loading and checking

export async function loadRequest(db: Db, communityId: number, id: number): Promise<q.RequestRow> {
  const r = await q.findRequest(db, communityId, id);
  if (!r) throw new AppError("NOT_FOUND", { zh: "诉求不存在", en: "Request not found" });
  return r;
}

export function conflict(zh: string, en: string): AppError {
  return new AppError("CONFLICT", { zh, en });
}

const STATUS_ZH: Record<string, string> = {
  submitted: "待签收",
  signed: "办理中",
  resolved: "待确认",
  closed: "已关闭",
  merged: "已合并",
};
export function wrongStatus(r: { status: string }, zhWhat: string, enWhat: string): AppError {
  return conflict(
    `该诉求当前为“${STATUS_ZH[r.status] ?? r.status}”，不能${zhWhat}`,
    `This request is ${r.status}; it cannot be ${enWhat}`,
  );
}

/** A request's own category (from memory; straight from the table when it is newer than the cache). */
export async function categoryOf(db: Db, communityId: number, id: number): Promise<CategoryRow> {
  const c =
    (await categoriesOf(db, communityId)).find((x) => x.id === id) ??
    (await findCategory(db, communityId, id));
  if (!c) throw new AppError("INTERNAL");
  return c;
}

/**
 * Who may resolve (V5): community staff and grid workers in their places, whatever the routing;
 * property staff of the company it was routed to; the representative of the co-building unit it was
 * routed to; street officials of the community's street for escalations (street, department).
 * Returns the role to record, or throws.
 */
export function resolverRole(actor: Actor | null, r: q.RequestRow): string {
  const a = requireActor(actor);
  const reach = reachOf(a, "requests.resolve");
  if (reach.roles.length === 0) throw new AppError("FORBIDDEN");
  const place = placeOf(r);
  for (const g of a.grants) {
    if (!reach.roles.includes(g.role)) continue;
    const own = reachOf({ ...a, grants: [g] }, "requests.resolve");
    if (COMMUNITY_RESOLVERS.has(g.role) && reaches(own, place)) return g.role;
    // property staff: routed to their company, at an estate their grant reaches (a grant made by a
    // community reaches that community's estates only); a point without an estate, when the grant
    // is not limited to another community
    if (g.role === "property_staff" && r.route_to === "property" && g.scopeId === r.route_org_id) {
      const inReach =
        r.estate_id != null
          ? reaches(own, place)
          : g.scopeCommunityId == null || g.scopeCommunityId === r.community_id;
      if (inReach) return g.role;
    }
    if (g.role === "unit_representative" && r.route_to === "co_building_unit" && g.scopeId === r.route_org_id)
      return g.role;
    if (
      g.role === "street_official" &&
      (r.route_to === "street" || r.route_to === "department") &&
      reaches(own, place)
    )
      return g.role;
  }
  throw new AppError("OUT_OF_SCOPE", {
    zh: "该诉求没有转交给您或您的单位",
    en: "This request has not been routed to you or your organisation",
  });
}

export function canDo(f: () => unknown): boolean {
  try {
    f();
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// presenting

export function presentPlace(v: q.RequestViewRow, withRoom: boolean) {
  const type: "household" | "building" | "point" =
    v.household_id != null ? "household" : v.building_id != null ? "building" : "point";
  const address =
    type === "point"
      ? (v.address_text ?? (v.lat != null ? `${v.lat.toFixed(6)}, ${v.lng!.toFixed(6)}` : ""))
      : [
          v.estate_name,
          v.building_name,
          type === "household" ? v.unit_name : null,
          type === "household" && withRoom ? v.room : null,
        ]
          .filter(Boolean)
          .join(" ");
  return {
    type,
    householdId: withRoom ? v.household_id : null,
    buildingId: v.building_id,
    estateId: v.estate_id,
    gridId: v.grid_id,
    gridName: v.grid_name,
    address,
    lat: v.lat,
    lng: v.lng,
  };
}

export const categoryRef = presentCategoryRef;

/**
 * Who may see one request: its submitter and those who follow it (merged), staff with requests.read
 * in reach, whoever it is routed to, and the person who claimed it. Others: 403.
 */
/**
 * Checks files another module attaches by id (a topic's stage records): each must be a photo stored
 * through the request upload path (checked there by content: JPEG/PNG/WebP, at most 5 MB) in this
 * community, on a request the actor may see. A forged id, another community's file or one the actor
 * may not see is refused (400, zh/en) before anything is stored.
 */
export async function checkAttachablePhotos(db: Db, actor: Actor | null, communityId: number, ids: number[]) {
  const unique = [...new Set(ids)];
  if (!unique.length) return;
  const refuse = (id: number) =>
    new AppError("VALIDATION", {
      zh: `附件 ${id} 不是在本社区上传、您可以查看的照片`,
      en: `Attachment ${id} is not a photo uploaded in this community that you may see`,
      details: [{ field: "attachments", message: `attachment ${id} refused` }],
    });
  const found = new Map((await q.photosIn(db, communityId, unique)).map((p) => [p.id, p]));
  for (const id of unique) {
    const p = found.get(id);
    if (!p || !["image/jpeg", "image/png", "image/webp"].includes(p.mime) || p.byte_size > 5 * 1024 * 1024)
      throw refuse(id);
  }
  const requests = new Map<number, boolean>();
  for (const p of found.values()) {
    if (!requests.has(p.request_id)) {
      const r = await q.findRequest(db, communityId, p.request_id);
      let ok = false;
      if (r)
        try {
          await visibility(db, actor, r);
          ok = true;
        } catch {
          ok = false;
        }
      requests.set(p.request_id, ok);
    }
    if (!requests.get(p.request_id)) throw refuse(p.id);
  }
}

export async function visibility(db: Db, actor: Actor | null, r: q.RequestRow) {
  const a = requireActor(actor);
  const isSubmitter = r.submitter_user_id === a.userId;
  const readReach = reachOf(a, "requests.read");
  const staff = readReach.roles.length > 0 && reaches(readReach, placeOf(r));
  if (isSubmitter || staff) return { a, isSubmitter, staff, readReach };
  if (canDo(() => resolverRole(a, r))) return { a, isSubmitter, staff: true, readReach };
  if ((await q.followersOf(db, r.community_id, r.id)).includes(a.userId))
    return { a, isSubmitter: false, staff: false, readReach };
  const claim = await q.activeClaimOf(db, r.community_id, r.id);
  if (claim && claim.claimant_user_id === a.userId) return { a, isSubmitter: false, staff: false, readReach };
  throw new AppError("FORBIDDEN", {
    zh: "您无权查看该诉求",
    en: "You may not see this request",
  });
}

// ---- for other modules (claims): the same transaction, event and notification helpers ----

/** A request row, 404 when absent. */
export const requestRow = loadRequest;
export type RequestRow = q.RequestRow;
export const withNotifications = inTransaction;
export const notifyPeople = tell;
export const recordRequestEvent = q.insertEvent;
export const requestFollowers = q.followersOf;
export const gridWorkersOfPlace = gridWorkersOf;
export type { Reach };
