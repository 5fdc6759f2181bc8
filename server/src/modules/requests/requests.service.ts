// The loop at the heart of resident voice (DOMAIN V1, V2, V5): a resident's problem, need or
// micro-wish is submitted (or recorded on their behalf, 代办), the responsible grid worker signs for
// it (签收) and routes it, whoever it is routed to resolves it with evidence, and the submitter
// confirms and rates it; a poor rating or a rejection reopens it with its whole history.
//
// Every change to a request happens in one transaction with its request_event, markStatsDirty (the
// figures) and notify (in-app and SMS); notifications are published to live listeners after commit.
import type { Kysely, Transaction } from "kysely";
import type { Config } from "../../config.ts";
import type { DB, RequestKind, RouteTo } from "../../db/schema.ts";
import {
  type Actor,
  authorize,
  authorizeWithin,
  type PlaceRef,
  primaryRole,
  type Reach,
  reaches,
  reachOf,
  requireActor,
} from "../../http/access.ts";
import { AppError } from "../../http/errors.ts";
import {
  addCalendarDays,
  loadCalendar,
  shanghaiDay,
  type WorkingCalendar,
  workingDeadline,
} from "../calendar/calendar.service.ts";
import { markStatsDirty } from "../figures/figures.queries.ts";
import { notify, publish } from "../notifications/notifications.service.ts";
import { scopeIdsOf } from "../places/places.service.ts";
import { maskPhone } from "../privacy/pii.ts";
import { findCategory, findCategoryByCode } from "./categories.queries.ts";
import {
  type CategoryRow,
  categoriesOf,
  categoryForSubmission,
  ensureCategories,
  invalidateCategories,
  presentCategoryRef,
} from "./categories.service.ts";
import { type CheckedPhoto, checkPhotos, type PhotoUpload } from "./request-photos.ts";
import * as q from "./requests.queries.ts";
import type { TSubmitRequest } from "./requests.schema.ts";

type Db = Kysely<DB>;
type Created = Awaited<ReturnType<typeof notify>>;

const KIND_ZH: Record<RequestKind, string> = { problem: "问题", need: "需求", wish: "微心愿" };
const ROUTE_ZH: Record<RouteTo, string> = {
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

function residentHouseholds(actor: Actor, communityId: number): number[] {
  return actor.residencies
    .filter((r) => r.communityId === communityId && r.status === "verified" && r.householdId != null)
    .map((r) => r.householdId!);
}

/** Runs `work` in a transaction (or the caller's), then publishes the notifications it created. */
async function inTransaction<T>(
  db: Db,
  work: (trx: Transaction<DB> | Db, notes: Created) => Promise<T>,
): Promise<T> {
  const notes: Created = [];
  const result = db.isTransaction
    ? await work(db, notes)
    : await db.transaction().execute((trx) => work(trx, notes));
  publish(notes);
  return result;
}

async function tell(
  trx: Db,
  notes: Created,
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
  notes.push(...(await notify(trx, { ...n, userIds })));
}

/** Community staff who hear of what has no grid, or what is routed to the community. */
async function communityStaffOf(db: Db, communityId: number) {
  return [
    ...(await q.usersWithRole(db, "community_secretary", "community", communityId)),
    ...(await q.usersWithRole(db, "community_worker", "community", communityId)),
  ];
}

async function gridWorkersOf(db: Db, communityId: number, gridId: number | null) {
  if (gridId == null) return communityStaffOf(db, communityId);
  const workers = await q.usersWithRole(db, "grid_worker", "grid", gridId, communityId);
  return workers.length ? workers : communityStaffOf(db, communityId);
}

// ---------------------------------------------------------------------------------------------
// V1 submit

export interface SubmitOptions {
  /** Photos as sent (up to 9, 5 MB each); checked by content and stripped of location here. */
  photos?: PhotoUpload[];
  /**
   * A submission with no signed-in person, from a system such as an Open311 client (API key). The
   * channel is 'app'; the origin and the contact given are kept on the request and its first event.
   */
  origin?: {
    kind: "open311";
    clientName: string;
    contact?: { name?: string | null; phone?: string | null; email?: string | null };
  };
  /** For tests and imports; defaults to now. */
  now?: Date;
}

export interface Submitted {
  id: number;
  status: "submitted";
  signDueAt: Date;
  solveDueAt: Date;
  photoIds: number[];
}

interface ResolvedPlace {
  household_id: number | null;
  building_id: number | null;
  estate_id: number | null;
  grid_id: number | null;
  unit_id: number | null;
  lat: number | null;
  lng: number | null;
  address_text: string | null;
}

/**
 * A reference in the body to something that is not in this community: 400 with the field named (the
 * request as a whole is malformed; Open311 clients get the same answer).
 */
function notHere(field: string, zh: string, en: string): AppError {
  return new AppError("VALIDATION", { zh, en, details: [{ field, message: en }] });
}

function badPlace(field: string, zh: string, en: string): AppError {
  return new AppError("VALIDATION", { zh, en, details: [{ field, message: en }] });
}

async function resolvePlace(
  db: Db,
  communityId: number,
  place: TSubmitRequest["place"],
  ownHouseholds: number[],
  onBehalf: boolean,
): Promise<ResolvedPlace> {
  const empty = { lat: null, lng: null, address_text: null };
  if (place.type === "household") {
    let householdId = place.householdId;
    if (householdId == null) {
      if (onBehalf)
        throw badPlace("place.householdId", "代办时请选择居民的房屋", "Choose the resident's household");
      if (ownHouseholds.length === 0)
        throw badPlace(
          "place.householdId",
          "您在本社区还没有认证的房屋，请选择楼栋或地图位置",
          "You have no verified household in this community; choose a building or a point on the map",
        );
      if (ownHouseholds.length > 1)
        throw badPlace("place.householdId", "请选择是哪一处房屋", "Choose which of your households");
      householdId = ownHouseholds[0]!;
    }
    const h = await q.findHouseholdPlace(db, communityId, householdId);
    if (!h) throw notHere("place.householdId", "房屋不在本社区", "The household is not in this community");
    return {
      household_id: h.id,
      building_id: h.building_id,
      estate_id: h.estate_id,
      grid_id: h.grid_id,
      unit_id: h.unit_id,
      ...empty,
    };
  }
  if (place.type === "building") {
    const b = await q.findBuildingPlace(db, communityId, place.buildingId);
    if (!b) throw notHere("place.buildingId", "楼栋不在本社区", "The building is not in this community");
    return {
      household_id: null,
      building_id: b.id,
      estate_id: b.estate_id,
      grid_id: b.grid_id,
      unit_id: null,
      ...empty,
    };
  }
  if (place.gridId != null && !(await q.gridExists(db, communityId, place.gridId)))
    throw notHere("place.gridId", "网格不在本社区", "The grid is not in this community");
  return {
    household_id: null,
    building_id: null,
    estate_id: null,
    grid_id: place.gridId ?? null,
    unit_id: null,
    lat: place.lat ?? null,
    lng: place.lng ?? null,
    address_text: place.address ?? null,
  };
}

/**
 * Submits a problem, need or micro-wish (V1). Three kinds of caller:
 *  - a resident (verified in this community) for their own household, a building of the community
 *    or a point on the map — channel 'app';
 *  - staff or a 三长 holding requests.on_behalf for the place, with `input.onBehalf` (代办) — the
 *    channel they name, the resident (registered or by name and phone) as submitter; without
 *    `onBehalf` such a person reports what they found themselves (channel 'app');
 *  - no actor but `opts.origin` (an Open311 client): channel 'app', contact kept on the request.
 * Everything — the request, its 'submitted' event, the photos, the figures mark and the
 * notifications — is stored in one transaction; bad input stores nothing.
 */
export async function submitRequest(
  db: Db,
  _config: Config,
  actor: Actor | null,
  communityId: number,
  input: TSubmitRequest,
  opts: SubmitOptions = {},
): Promise<Submitted> {
  if (!actor && !opts.origin) throw new AppError("UNAUTHENTICATED");
  const own = actor ? residentHouseholds(actor, communityId) : [];
  const onBehalf = input.onBehalf;
  if (onBehalf && !actor) throw new AppError("UNAUTHENTICATED");
  const place = await resolvePlace(db, communityId, input.place, own, !!onBehalf);
  const placeRef = placeOf({ community_id: communityId, ...place });

  // who submits, and may they for this place?
  let actorRole: string | null = null;
  let submitter: { userId: number | null; name: string | null; phone: string | null } = {
    userId: null,
    name: null,
    phone: null,
  };
  let channel: "app" | "door_visit" | "phone" | "opinion_box" | "meeting" = "app";
  if (actor && onBehalf) {
    actorRole = primaryRole(authorize(actor, "requests.on_behalf", placeRef));
    channel = onBehalf.channel;
    if (onBehalf.residentId != null) {
      const r = await q.findResidentForBehalf(db, communityId, onBehalf.residentId);
      if (!r || r.status === "rejected")
        throw notHere("onBehalf.residentId", "该居民不在本社区", "The resident is not in this community");
      submitter = { userId: r.user_id, name: r.name, phone: onBehalf.phone ?? r.phone };
    } else {
      submitter = { userId: null, name: onBehalf.name ?? null, phone: onBehalf.phone ?? null };
    }
  } else if (actor) {
    const isResident = actor.residencies.some(
      (r) => r.communityId === communityId && r.status === "verified",
    );
    const ownPlace = input.place.type === "household" ? own.includes(place.household_id!) : isResident;
    if (ownPlace) actorRole = "resident";
    else {
      const reach = reachOf(actor, "requests.on_behalf");
      if (reach.roles.length > 0 && reaches(reach, placeRef)) actorRole = primaryRole(reach);
      else if (input.place.type === "household" && isResident)
        throw new AppError("OUT_OF_SCOPE", {
          zh: "您只能为自己的房屋提交；公共区域请选择楼栋或地图位置",
          en: "You can only submit for your own household; for shared places choose a building or a point on the map",
        });
      else if (reach.roles.length > 0) throw new AppError("OUT_OF_SCOPE");
      else
        throw new AppError("FORBIDDEN", {
          zh: "只有本社区已认证的居民可以提交诉求",
          en: "Only verified residents of this community can submit a request",
        });
    }
    submitter = { userId: actor.userId, name: actor.name, phone: actor.phone };
  } else if (opts.origin) {
    const c = opts.origin.contact;
    submitter = { userId: null, name: c?.name ?? null, phone: c?.phone ?? null };
  }

  // the category after the caller's rights (a default not yet created is created with the request)
  const category = await categoryForSubmission(db, communityId, input, input.kind);
  const photos: CheckedPhoto[] = await checkPhotos(opts.photos ?? [], input.keepLocation);
  const now = opts.now ?? new Date();
  const cal = await loadCalendar(db);
  const signDueAt = workingDeadline(now, category.sign_days, cal);
  const solveDueAt = workingDeadline(now, category.solve_days, cal);

  const created = await inTransaction(db, async (trx, notes) => {
    // a default category named by code is created now, with the request, on its first use
    let categoryId = category.id;
    if (category.pending) {
      await ensureCategories(trx, communityId);
      categoryId = (await findCategoryByCode(trx, communityId, category.code)).id;
    }
    const row = await q.insertRequest(trx, {
      community_id: communityId,
      kind: input.kind,
      category_id: categoryId,
      title: input.title,
      description: input.description,
      status: "submitted",
      channel,
      submitter_user_id: submitter.userId,
      submitter_name: submitter.name,
      submitter_phone: submitter.phone,
      on_behalf_by: onBehalf ? actor!.userId : null,
      household_id: place.household_id,
      estate_id: place.estate_id,
      building_id: place.building_id,
      grid_id: place.grid_id,
      lat: place.lat,
      lng: place.lng,
      address_text: place.address_text,
      is_public: input.isPublic ?? true,
      sign_due_at: signDueAt,
      solve_due_at: solveDueAt,
      created_at: now,
      updated_at: now,
    });
    const stored = await q.insertPhotos(
      trx,
      photos.map((p) => ({
        community_id: communityId,
        request_id: row.id,
        stage: "submit" as const,
        mime: p.mime,
        byte_size: p.byteSize,
        sha256: p.sha256,
        bytes: p.bytes,
      })),
    );
    await q.insertEvent(trx, {
      community_id: communityId,
      request_id: row.id,
      at: now,
      actor_user_id: actor?.userId ?? null,
      actor_role: actorRole,
      kind: "submitted",
      data: JSON.stringify({
        channel,
        kind: input.kind,
        categoryId,
        photos: stored.length,
        keepLocation: input.keepLocation || undefined,
        onBehalf: onBehalf ? true : undefined,
        origin: opts.origin?.kind,
        client: opts.origin?.clientName,
      }),
    });
    await markStatsDirty(trx, { communityId, gridId: place.grid_id, createdAt: now });
    await tell(trx, notes, {
      userIds: await gridWorkersOf(trx, communityId, place.grid_id),
      except: actor?.userId,
      communityId,
      kind: "request.submitted",
      titleZh: `新${KIND_ZH[input.kind]}：${input.title}`,
      titleEn: `New ${input.kind}: ${input.title}`,
      bodyZh: `${category.name_zh}，请在 ${formatDue(signDueAt)} 前签收`,
      bodyEn: `${category.name_en}; sign for it by ${formatDue(signDueAt)}`,
      link: staffLink(communityId, row.id),
    });
    if (onBehalf && submitter.userId != null) {
      await tell(trx, notes, {
        userIds: [submitter.userId],
        communityId,
        kind: "request.recorded",
        titleZh: `已为您登记${KIND_ZH[input.kind]}：${input.title}`,
        titleEn: `Your ${input.kind} was recorded for you: ${input.title}`,
        link: residentLink(communityId, row.id),
      });
    }
    return {
      id: row.id,
      status: "submitted" as const,
      signDueAt,
      solveDueAt,
      photoIds: stored.map((s) => s.id),
    };
  });
  if (category.pending) invalidateCategories(db, communityId);
  return created;
}

// ---------------------------------------------------------------------------------------------
// loading and checking

async function loadRequest(db: Db, communityId: number, id: number): Promise<q.RequestRow> {
  const r = await q.findRequest(db, communityId, id);
  if (!r) throw new AppError("NOT_FOUND", { zh: "诉求不存在", en: "Request not found" });
  return r;
}

function conflict(zh: string, en: string): AppError {
  return new AppError("CONFLICT", { zh, en });
}

const STATUS_ZH: Record<string, string> = {
  submitted: "待签收",
  signed: "办理中",
  resolved: "待确认",
  closed: "已关闭",
  merged: "已合并",
};
function wrongStatus(r: { status: string }, zhWhat: string, enWhat: string): AppError {
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

function canDo(f: () => unknown): boolean {
  try {
    f();
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// V2 triage

async function signInTransaction(
  trx: Db,
  notes: Created,
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
  await markStatsDirty(trx, { communityId: r.community_id, gridId: r.grid_id, createdAt: r.created_at });
  await tell(trx, notes, {
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
  await inTransaction(db, (trx, notes) =>
    signInTransaction(trx, notes, actor!, primaryRole(reach), r, {
      categoryId: solveDueAt ? input.categoryId : undefined,
      solveDueAt,
      note: input.note,
    }),
  );
  return { id, status: "signed" as const };
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
  const wanted: Partial<Record<RouteTo, string>> = {
    property: "property_company",
    co_building_unit: "co_building_unit",
    owners_committee: "owners_committee",
    department: "government_department",
  };
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
  let orgName: string | null = null;
  if (orgId != null) {
    const org = await q.findOrganisation(db, orgId);
    if (!org) throw notHere("orgId", "所选组织不存在", "The organisation chosen does not exist");
    if (org.kind !== wanted[input.to])
      throw badPlace(
        "orgId",
        `所选组织不是${ROUTE_ZH[input.to]}`,
        `The organisation chosen is not ${ROUTE_EN[input.to]}`,
      );
    orgName = org.name;
  }
  const role = primaryRole(reach);
  const a = actor!;
  await inTransaction(db, async (trx, notes) => {
    if (r.status === "submitted") await signInTransaction(trx, notes, a, role, r, {});
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
    await markStatsDirty(trx, { communityId, gridId: r.grid_id, createdAt: r.created_at });
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
    await tell(trx, notes, {
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
    await tell(trx, notes, {
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
  await inTransaction(db, async (trx, notes) => {
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
    await markStatsDirty(trx, { communityId, gridId: r.grid_id, createdAt: r.created_at });
    await markStatsDirty(trx, { communityId, gridId: into.grid_id, createdAt: into.created_at });
    await tell(trx, notes, {
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

// ---------------------------------------------------------------------------------------------
// V5 resolve, confirm and rate, reopen

/**
 * Marks a signed request resolved with the evidence; used by `resolveRequest` and by the claims
 * module when a claimant fulfils a micro-wish. The submitter has `confirm_days` calendar days to
 * confirm and rate; after that the deadline job closes it as not rated (`closeUnrated`).
 */
export async function resolveInTransaction(
  trx: Db,
  notes: Created,
  r: q.RequestRow,
  by: { userId: number; role: string | null },
  text: string,
  photos: CheckedPhoto[],
  event: { kind: string; data?: Record<string, unknown> },
  category: CategoryRow,
) {
  const now = new Date();
  const confirmDueAt = addCalendarDays(now, category.confirm_days);
  const updated = await q.updateRequestFrom(trx, r.community_id, r.id, ["signed"], {
    status: "resolved",
    resolved_at: now,
    resolved_by: by.userId,
    resolution: text,
    confirm_due_at: confirmDueAt,
  });
  if (!updated) throw wrongStatus({ status: "changed" }, "办结", "resolved");
  const stored = await q.insertPhotos(
    trx,
    photos.map((p) => ({
      community_id: r.community_id,
      request_id: r.id,
      stage: "resolve" as const,
      mime: p.mime,
      byte_size: p.byteSize,
      sha256: p.sha256,
      bytes: p.bytes,
    })),
  );
  await q.insertEvent(trx, {
    community_id: r.community_id,
    request_id: r.id,
    actor_user_id: by.userId,
    actor_role: by.role,
    kind: event.kind,
    note: text,
    data: JSON.stringify({ ...event.data, photos: stored.length, confirmDueAt }),
  });
  await markStatsDirty(trx, { communityId: r.community_id, gridId: r.grid_id, createdAt: r.created_at });
  await tell(trx, notes, {
    userIds: await q.followersOf(trx, r.community_id, r.id),
    except: by.userId,
    communityId: r.community_id,
    kind: "request.resolved",
    titleZh: `您的诉求已办结，请确认并评价：${r.title}`,
    titleEn: `Your request was resolved; please confirm and rate it: ${r.title}`,
    bodyZh: `请在 ${formatDue(confirmDueAt)} 前确认，逾期视为未评价`,
    bodyEn: `Confirm by ${formatDue(confirmDueAt)}; after that it closes as not rated`,
    link: residentLink(r.community_id, r.id),
  });
  return { confirmDueAt, photoIds: stored.map((s) => s.id) };
}

export async function resolveRequest(
  db: Db,
  actor: Actor | null,
  communityId: number,
  id: number,
  input: { text: string },
  photos: PhotoUpload[] = [],
) {
  const r = await loadRequest(db, communityId, id);
  const role = resolverRole(actor, r);
  if (r.status === "submitted") throw conflict("请先签收再办结", "Sign for it before resolving it");
  if (r.status !== "signed") throw wrongStatus(r, "办结", "resolved");
  const checked = await checkPhotos(photos, false);
  const category = await categoryOf(db, communityId, r.category_id);
  const out = await inTransaction(db, (trx, notes) =>
    resolveInTransaction(
      trx,
      notes,
      r,
      { userId: actor!.userId, role },
      input.text,
      checked,
      { kind: "resolved" },
      category,
    ),
  );
  return { id, status: "resolved" as const, confirmDueAt: out.confirmDueAt, photoIds: out.photoIds };
}

function onlySubmitter(actor: Actor | null, r: q.RequestRow): Actor {
  const a = requireActor(actor);
  if (r.submitter_user_id !== a.userId) {
    throw new AppError("FORBIDDEN", {
      zh: "只有提交诉求的居民本人可以确认和评价",
      en: "Only the resident who submitted this request can confirm and rate it",
    });
  }
  return a;
}

async function reopenInTransaction(
  trx: Db,
  notes: Created,
  a: Actor,
  r: q.RequestRow,
  why: { rating?: "poor"; comment: string | null },
  cal: WorkingCalendar,
  category: CategoryRow,
) {
  const solveDueAt = workingDeadline(new Date(), category.solve_days, cal);
  const updated = await q.updateRequestFrom(trx, r.community_id, r.id, ["resolved"], {
    status: "signed",
    reopen_count: r.reopen_count + 1,
    solve_due_at: solveDueAt,
    resolved_at: null,
    resolved_by: null,
    resolution: null,
    confirm_due_at: null,
    solve_reminded_at: null,
    solve_escalated_at: null,
    ...(why.rating ? { rating: why.rating, rating_comment: why.comment, rated_at: new Date() } : {}),
  });
  if (!updated) throw wrongStatus({ status: "changed" }, "退回", "reopened");
  await q.insertEvent(trx, {
    community_id: r.community_id,
    request_id: r.id,
    actor_user_id: a.userId,
    actor_role: "submitter",
    kind: why.rating ? "rated" : "resolution_rejected",
    note: why.comment,
    data: JSON.stringify(why.rating ? { rating: why.rating } : {}),
  });
  await q.insertEvent(trx, {
    community_id: r.community_id,
    request_id: r.id,
    actor_user_id: a.userId,
    actor_role: "submitter",
    kind: "reopened",
    data: JSON.stringify({ reopenCount: r.reopen_count + 1, solveDueAt, previousResolution: r.resolution }),
  });
  await markStatsDirty(trx, { communityId: r.community_id, gridId: r.grid_id, createdAt: r.created_at });
  const handlers = [
    ...(r.resolved_by != null ? [r.resolved_by] : []),
    ...(await gridWorkersOf(trx, r.community_id, r.grid_id)),
  ];
  await tell(trx, notes, {
    userIds: [...new Set(handlers)],
    except: a.userId,
    communityId: r.community_id,
    kind: "request.reopened",
    titleZh: `居民${why.rating ? "差评" : "不认可办结"}，诉求已重新打开：${r.title}`,
    titleEn: `The resident ${why.rating ? "rated it poor" : "rejected the resolution"}; reopened: ${r.title}`,
    bodyZh: `${why.comment ?? ""}（请在 ${formatDue(solveDueAt)} 前重新办结）`,
    bodyEn: `${why.comment ?? ""} (resolve it again by ${formatDue(solveDueAt)})`,
    link: staffLink(r.community_id, r.id),
  });
  await tell(trx, notes, {
    userIds: await q.followersOf(trx, r.community_id, r.id),
    except: a.userId,
    communityId: r.community_id,
    kind: "request.reopened",
    titleZh: `诉求已重新办理：${r.title}`,
    titleEn: `The request is being handled again: ${r.title}`,
    link: residentLink(r.community_id, r.id),
  });
}

/**
 * The submitter confirms and rates (好差评, V5). good/average close it (rated); poor reopens it:
 * back to signed, reopen_count + 1, a new time to solve, and the whole history kept.
 */
export async function confirmRequest(
  db: Db,
  actor: Actor | null,
  communityId: number,
  id: number,
  input: { rating: "good" | "average" | "poor"; comment?: string | undefined },
) {
  const r = await loadRequest(db, communityId, id);
  const a = onlySubmitter(actor, r);
  if (r.status !== "resolved") throw wrongStatus(r, "评价", "rated");
  // the calendar is cached per database handle, so it is loaded before the transaction opens
  const cal = await loadCalendar(db);
  const category = await categoryOf(db, communityId, r.category_id);
  const comment = input.comment || null;
  return inTransaction(db, async (trx, notes) => {
    if (input.rating === "poor") {
      await reopenInTransaction(trx, notes, a, r, { rating: "poor", comment }, cal, category);
      return { id, status: "signed" as const };
    }
    const updated = await q.updateRequestFrom(trx, communityId, id, ["resolved"], {
      status: "closed",
      close_reason: "rated",
      closed_at: new Date(),
      rating: input.rating,
      rating_comment: comment,
      rated_at: new Date(),
    });
    if (!updated) throw wrongStatus({ status: "changed" }, "评价", "rated");
    await q.insertEvent(trx, {
      community_id: communityId,
      request_id: id,
      actor_user_id: a.userId,
      actor_role: "submitter",
      kind: "rated",
      note: comment,
      data: JSON.stringify({ rating: input.rating }),
    });
    await q.insertEvent(trx, {
      community_id: communityId,
      request_id: id,
      actor_user_id: a.userId,
      actor_role: "submitter",
      kind: "closed",
      data: JSON.stringify({ reason: "rated" }),
    });
    await markStatsDirty(trx, { communityId, gridId: r.grid_id, createdAt: r.created_at });
    const ratingZh = input.rating === "good" ? "好评" : "一般";
    await tell(trx, notes, {
      userIds: [
        ...(r.resolved_by != null ? [r.resolved_by] : []),
        ...(await q.followersOf(trx, communityId, id)),
      ],
      except: a.userId,
      communityId,
      kind: "request.closed",
      titleZh: `诉求已评价（${ratingZh}）并关闭：${r.title}`,
      titleEn: `Rated ${input.rating} and closed: ${r.title}`,
      bodyZh: comment ?? "",
      bodyEn: comment ?? "",
      link: staffLink(communityId, id),
    });
    return { id, status: "closed" as const };
  });
}

/** The submitter does not accept the resolution: reopened as for a poor rating, without a rating. */
export async function rejectResolution(
  db: Db,
  actor: Actor | null,
  communityId: number,
  id: number,
  input: { comment: string },
) {
  const r = await loadRequest(db, communityId, id);
  const a = onlySubmitter(actor, r);
  if (r.status !== "resolved") throw wrongStatus(r, "退回", "rejected");
  const cal = await loadCalendar(db);
  const category = await categoryOf(db, communityId, r.category_id);
  await inTransaction(db, (trx, notes) =>
    reopenInTransaction(trx, notes, a, r, { comment: input.comment }, cal, category),
  );
  return { id, status: "signed" as const };
}

/**
 * Closes one resolved request as not rated once its time to confirm (confirm_due_at) has passed.
 * Idempotent: returns false when it was already closed, rated, reopened or not yet due. For the
 * deadline job; may be given a transaction.
 */
export async function closeUnrated(db: Db, communityId: number, requestId: number): Promise<boolean> {
  return inTransaction(db, async (trx, notes) => {
    const row = await q.closeUnratedRow(trx, communityId, requestId);
    if (!row) return false;
    await q.insertEvent(trx, {
      community_id: communityId,
      request_id: requestId,
      actor_user_id: null,
      actor_role: "system",
      kind: "closed",
      data: JSON.stringify({ reason: "not_rated" }),
    });
    await markStatsDirty(trx, { communityId, gridId: row.grid_id, createdAt: row.created_at });
    await tell(trx, notes, {
      userIds: await q.followersOf(trx, communityId, requestId),
      communityId,
      kind: "request.closed",
      titleZh: `诉求已超过确认期限，自动关闭（未评价）：${row.title}`,
      titleEn: `Not confirmed in time; closed as not rated: ${row.title}`,
      link: residentLink(communityId, requestId),
    });
    return true;
  });
}

// ---------------------------------------------------------------------------------------------
// reading

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

const categoryRef = presentCategoryRef;

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
  f: { cursor?: string | undefined; limit: number; gridId?: number | undefined },
) {
  const reach = authorizeWithin(actor, "requests.handle", communityId);
  const after = f.cursor ? decodeCursor(f.cursor) : undefined;
  const rows = await q.inbox(db, communityId, scopeIdsOf(reach, communityId), {
    gridId: f.gridId,
    after,
    limit: f.limit + 1,
  });
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
    items: page.map((v) => {
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
        overdue:
          (v.status === "submitted" && signDueAt.getTime() < now) ||
          (v.status === "signed" && solveDueAt.getTime() < now),
        rating: v.rating,
        reopenCount: v.reopen_count,
        createdAt: new Date(v.created_at),
      };
    }),
    nextCursor: rows.length > f.limit ? page[page.length - 1]!.id : null,
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
  return {
    items: page.map((v) => ({
      id: v.id,
      communityId: v.community_id,
      kind: v.kind,
      status: v.status,
      title: v.title,
      category: categoryRef(v),
      createdAt: new Date(v.created_at),
      confirmDueAt: v.confirm_due_at ? new Date(v.confirm_due_at) : null,
      rating: v.rating,
      mergedInto: v.merged_into,
      following: v.merged_into != null,
    })),
    nextCursor: rows.length > f.limit ? page[page.length - 1]!.id : null,
  };
}

/**
 * Who may see one request: its submitter and those who follow it (merged), staff with requests.read
 * in reach, whoever it is routed to, and the person who claimed it. Others: 403.
 */
async function visibility(db: Db, actor: Actor | null, r: q.RequestRow) {
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

const EVENT_DATA_HIDDEN = new Set(["client"]);

export async function readRequest(db: Db, actor: Actor | null, communityId: number, id: number) {
  const r = await loadRequest(db, communityId, id);
  const { a, isSubmitter, staff } = await visibility(db, actor, r);
  const [v, events, photos, from] = await Promise.all([
    q.viewOf(db, communityId, id),
    q.eventsOf(db, communityId, id),
    q.photosOf(db, communityId, id),
    q.mergedFrom(db, communityId, id),
  ]);
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
    isPublic: r.is_public,
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

// ---- for other modules (claims): the same transaction, event and notification helpers ----

/** A request row, 404 when absent. */
export const requestRow = loadRequest;
export type RequestRow = q.RequestRow;
export type Notes = Created;
export const withNotifications = inTransaction;
export const notifyPeople = tell;
export const recordRequestEvent = q.insertEvent;
export const requestFollowers = q.followersOf;
export const gridWorkersOfPlace = gridWorkersOf;
export type { Reach };
