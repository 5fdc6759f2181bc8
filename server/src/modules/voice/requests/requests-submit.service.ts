// V1: submitting a problem, need or micro-wish, or recording one on a resident's behalf (代办).

import { authorize, primaryRole, reachOf } from "../../../access/authorize.ts";
import { type Actor, reaches } from "../../../access/reach.ts";
import type { Config } from "../../../config.ts";
import { AppError } from "../../../errors.ts";
import { communityChanged } from "../../../events/changes.ts";
import { loadCalendar, workingDeadline } from "../../core/calendar/calendar.service.ts";
import { findCategoryByCode } from "./categories.queries.ts";
import { categoryForSubmission, ensureCategories, invalidateCategories } from "./categories.service.ts";
import { type CheckedPhoto, checkPhotos, type PhotoUpload } from "./request-photos.ts";
import * as q from "./requests.queries.ts";
import { KIND_ZH, type TSubmitRequest } from "./requests.schema.ts";
import {
  badPlace,
  type Db,
  inTransaction,
  notHere,
  placeOf,
  residentLink,
  tell,
} from "./requests.service.ts";
import * as sq from "./requests-submit.queries.ts";

function residentHouseholds(actor: Actor, communityId: number): number[] {
  return actor.residencies
    .filter((r) => r.communityId === communityId && r.status === "verified" && r.householdId != null)
    .map((r) => r.householdId!);
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
  /** "submitted", or where a request answered again for its key has got to since */
  status: "submitted" | "signed" | "resolved" | "closed" | "merged";
  /** as stored: asked for by the submitter and allowed by the category */
  isPublic: boolean;
  signDueAt: Date;
  solveDueAt: Date;
  photoIds: number[];
  /** the key was sent before: this is that first request, and nothing new was stored */
  repeated?: boolean;
}

/** The request this person already submitted with this key (the offline queue sending again), if any. */
async function repeatOf(
  db: Db,
  communityId: number,
  userId: number | null,
  key: string | undefined,
): Promise<Submitted | null> {
  if (userId == null || key == null) return null;
  const r = await sq.findByClientKey(db, communityId, userId, key);
  if (!r) return null;
  return {
    id: r.id,
    status: r.status,
    isPublic: r.is_public,
    signDueAt: new Date(r.sign_due_at),
    solveDueAt: new Date(r.solve_due_at),
    photoIds: r.photoIds,
    repeated: true,
  };
}

/**
 * A resident's own report sent again with the key of one already stored: that request (checked before
 * the submission limit, so a phone catching up after a day offline is not refused for its repeats).
 */
export function repeatedSubmission(
  db: Db,
  actor: Actor | null,
  communityId: number,
  input: TSubmitRequest,
): Promise<Submitted | null> {
  if (!actor || input.onBehalf) return Promise.resolve(null);
  return repeatOf(db, communityId, actor.userId, input.clientKey);
}

/** A second insert with a key that a parallel one stored first (request_client_key). */
const isKeyTaken = (e: unknown) =>
  (e as { code?: unknown })?.code === "23505" &&
  String(
    (e as { constraint?: unknown; message?: unknown }).constraint ?? (e as { message?: unknown }).message,
  ).includes("request_client_key");

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

  // sent before with this key (the phone's queue, a lost answer): the first request, nothing new
  const clientKey = submitter.userId != null ? (input.clientKey ?? null) : null;
  const before = await repeatOf(db, communityId, submitter.userId, clientKey ?? undefined);
  if (before) return before;

  // the category after the caller's rights (a default not yet created is created with the request)
  const category = await categoryForSubmission(db, communityId, input, input.kind);
  const photos: CheckedPhoto[] = await checkPhotos(opts.photos ?? [], input.keepLocation);
  const now = opts.now ?? new Date();
  const cal = await loadCalendar(db);
  const signDueAt = workingDeadline(now, category.sign_days, cal);
  // private unless the submitter publishes it, and never in a never-public category (issue 7)
  const isPublic = input.isPublic === true && !category.never_public;
  const solveDueAt = workingDeadline(now, category.solve_days, cal);

  const eventData = (categoryId: number) =>
    JSON.stringify({
      channel,
      kind: input.kind,
      categoryId,
      photos: photos.length,
      keepLocation: input.keepLocation || undefined,
      onBehalf: onBehalf ? true : undefined,
      origin: opts.origin?.kind,
      client: opts.origin?.clientName,
    });
  // the request, its event, the figures mark and the place staff's notifications: one statement
  const store = (trx: Db, categoryId: number) =>
    q.insertSubmission(trx, {
      request: {
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
        is_public: isPublic,
        client_key: clientKey,
        sign_due_at: signDueAt,
        solve_due_at: solveDueAt,
        created_at: now,
        updated_at: now,
      },
      event: { actorUserId: actor?.userId ?? null, actorRole, data: eventData(categoryId) },
    });
  const done = (id: number, photoIds: number[]): Submitted => ({
    id,
    status: "submitted",
    isPublic,
    signDueAt,
    solveDueAt,
    photoIds,
  });
  const tellSubmitter = onBehalf && submitter.userId != null;

  // The usual submission (no photos, a category that exists, nobody else to tell) is that one
  // statement alone; anything more runs in a transaction around it.
  try {
    return await storeSubmission();
  } catch (e) {
    // the same key stored by a parallel sending of the same report a moment ago: answer that one
    const first = isKeyTaken(e)
      ? await repeatOf(db, communityId, submitter.userId, clientKey ?? undefined)
      : null;
    if (first) return first;
    throw e;
  }

  async function storeSubmission(): Promise<Submitted> {
    if (photos.length === 0 && !category.pending && !tellSubmitter && !db.isTransaction) {
      const { id } = await store(db, category.id);
      communityChanged(communityId);
      return done(id, []);
    }
    const created = await inTransaction(db, async (trx) => {
      // a default category named by code is created now, with the request, on its first use
      let categoryId = category.id;
      if (category.pending) {
        await ensureCategories(trx, communityId);
        categoryId = (await findCategoryByCode(trx, communityId, category.code)).id;
      }
      const row = await store(trx, categoryId);
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
      if (tellSubmitter) {
        await tell(trx, {
          userIds: [submitter.userId!],
          communityId,
          kind: "request.recorded",
          titleZh: `已为您登记${KIND_ZH[input.kind]}：${input.title}`,
          titleEn: `Your ${input.kind} was recorded for you: ${input.title}`,
          link: residentLink(communityId, row.id),
        });
      }
      return done(
        row.id,
        stored.map((s) => s.id),
      );
    });
    // after commit, so that nothing read before it is kept by the caches that listen
    communityChanged(communityId);
    if (category.pending) await invalidateCategories(db, communityId);
    return created;
  }
}
