// Spaces (DOMAIN C2): 聚邻空间, 红色驿站, 多元共建客厅 and function rooms. Staff keep each space of the
// community: opening hours per weekday (China time), capacity, the convention (公约) a booker accepts
// (a changed text is a new version; each booking keeps the version accepted), whether bookings need
// approval, and its status. A verified resident (for their household) or an organisation's representative
// books a time range of one day inside the opening hours; two live bookings of a space never overlap:
// the database's exclusion constraint refuses the second (SQLSTATE 23P01 → SPACE_BOOKING_OVERLAP, 409),
// whatever the concurrency. Staff approve or refuse pending bookings (in batches), see the calendar and
// the list (search, filters, Excel); the booker's side cancels. Other residents see that a time is taken,
// never by whom or why. After a booking has begun the resident rates the space under its rating subject
// (voice/ratings: one current rating per resident). A deliberation meeting's organiser books a space for
// the meeting's time. The duty rosters (volunteering/rosters) keep who opens a space; they name it by text.
import type { Kysely } from "kysely";
import { authorize, exportingActor, primaryRole, reachOf, requireActor } from "../../../access/authorize.ts";
import { type Actor, coversCommunity } from "../../../access/reach.ts";
import type { DB } from "../../../db/schema.ts";
import { AppError } from "../../../errors.ts";
import { recordAudit } from "../../core/audit/audit.service.ts";
import { shanghaiDay } from "../../core/calendar/calendar.service.ts";
import { notify } from "../../core/notifications/notifications.service.ts";
import { checkedPlaceIn } from "../../core/places/places.service.ts";
import { maskPhone } from "../../core/privacy/pii.present.ts";
import { meetingToBook } from "../../deliberation/meetings/meetings.service.ts";
import { listSubjectsOf, rateSubject } from "../../voice/ratings/ratings.service.ts";
import { communityStaffOf } from "../../voice/requests/requests.service.ts";
import * as q from "./spaces.queries.ts";
import type {
  TBook,
  TBookingsQuery,
  TBookMeeting,
  TCreateSpace,
  TDecide,
  TRateBooking,
  TUpdateSpace,
} from "./spaces.schema.ts";
import type { BookingStatus } from "./spaces.tables.ts";

type Db = Kysely<DB>;

const CHINA_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
/** How far ahead a booking may be made. */
export const BOOK_AHEAD_DAYS = 90;

export const STATUS_ZH: Record<BookingStatus, string> = {
  pending: "待审核",
  approved: "已通过",
  refused: "未通过",
  cancelled: "已取消",
};

const notFound = (zh = "场地不存在", en = "No such space") => new AppError("NOT_FOUND", { zh, en });
const noBooking = () => notFound("预约不存在", "No such booking");
const invalid = (field: string, zh: string, en: string) =>
  new AppError("VALIDATION", { zh, en, details: [{ field, message: en }] });

export const residentSpacesLink = () => "/m/spaces";
export const staffSpacesLink = () => "/staff/spaces";

// ---- China time ----

/** The instant of a China wall-clock time on a day ("24:00": the next midnight). */
export function chinaInstant(day: string, time: string): Date {
  if (time === "24:00") return new Date(new Date(`${day}T00:00:00+08:00`).getTime() + DAY_MS);
  return new Date(`${day}T${time}:00+08:00`);
}
const chinaClock = (t: Date) => new Date(t.getTime() + CHINA_MS).toISOString();
/** Monday 0 … Sunday 6. */
export const weekdayOf = (day: string) => (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
const windowOf = (hours: string[], day: string) => hours[weekdayOf(day)] || null;

// ---- who the caller is ----

const staffOf = (a: Actor | null, communityId: number, perm: "spaces.read" | "spaces.manage") =>
  !!a && coversCommunity(reachOf(a, perm), communityId);
const residencyIn = (a: Actor, communityId: number) =>
  a.residencies
    .filter((r) => r.communityId === communityId && r.status === "verified")
    .sort((x, y) => x.residentId - y.residentId)[0];
const represents = (a: Actor, organisationId: number) =>
  a.grants.some((g) => g.scopeType === "organisation" && g.scopeId === organisationId);

function isMine(a: Actor, b: q.BookingRow) {
  if (b.booked_by === a.userId) return true;
  if (b.organisation_id != null && represents(a, b.organisation_id)) return true;
  return a.residencies.some(
    (r) =>
      r.communityId === b.community_id &&
      r.status === "verified" &&
      (r.residentId === b.resident_id || (r.householdId != null && r.householdId === b.household_id)),
  );
}

// ---- presenting ----

function presentSpace(s: NonNullable<Awaited<ReturnType<typeof q.spaceById>>>) {
  return {
    id: s.id,
    communityId: s.community_id,
    name: s.name,
    estateId: s.estate_id,
    place: s.place,
    description: s.description,
    capacity: s.capacity,
    hours: s.hours,
    convention: s.convention,
    conventionVersion: s.convention_version,
    needsApproval: s.needs_approval,
    status: s.status,
    ratingSubjectId: s.rating_subject_id,
  };
}

const iso = (d: Date | string | null) => (d == null ? null : new Date(d).toISOString());

export function presentBooking(b: q.BookingRow, mine: boolean, staff: boolean) {
  const start = chinaClock(new Date(b.starts_at));
  const end = chinaClock(new Date(b.ends_at));
  const sameDay = end.slice(0, 10) === start.slice(0, 10);
  return {
    id: b.id,
    communityId: b.community_id,
    spaceId: b.space_id,
    spaceName: b.space_name,
    startsAt: iso(b.starts_at)!,
    endsAt: iso(b.ends_at)!,
    day: start.slice(0, 10),
    from: start.slice(11, 16),
    to: sameDay ? end.slice(11, 16) : "24:00",
    status: b.status,
    mine,
    details:
      mine || staff
        ? {
            purpose: b.purpose,
            attendees: b.attendees,
            bookerName: b.organisation_name ?? b.resident_name ?? b.meeting_title ?? b.booked_by_name ?? "",
            bookedByName: b.booked_by_name ?? "",
            phone: maskPhone(b.resident_phone ?? b.booked_by_phone),
            organisationId: b.organisation_id,
            meetingId: b.meeting_id,
            meetingTitle: b.meeting_title,
            conventionVersion: b.convention_version,
            decisionNote: b.decision_note,
            decidedAt: iso(b.decided_at),
            ratedAt: iso(b.rated_at),
            createdAt: iso(b.created_at)!,
          }
        : null,
  };
}

async function bookingOut(db: Db, a: Actor, communityId: number, id: number) {
  const b = await q.bookingById(db, communityId, id);
  if (!b) throw noBooking();
  return { booking: presentBooking(b, isMine(a, b), staffOf(a, communityId, "spaces.read")) };
}

// ---- spaces (staff keep them; everyone signed in reads the open ones) ----

async function requireSpace(db: Db, communityId: number, spaceId: number) {
  const s = await q.spaceById(db, communityId, spaceId);
  if (!s) throw notFound();
  return s;
}

export async function listSpaces(db: Db, actor: Actor | null, communityId: number) {
  const a = requireActor(actor);
  if (!(await q.communityExists(db, communityId)))
    throw new AppError("NOT_FOUND", { zh: "社区不存在", en: "Community not found" });
  const staff = staffOf(a, communityId, "spaces.read");
  const rows = await q.spacesOf(db, communityId, staff);
  return {
    items: rows.map(presentSpace),
    canBook:
      !!residencyIn(a, communityId) ||
      a.grants.some((g) => g.scopeType === "organisation" && g.scopeId != null),
  };
}

/** The rating subject a space is rated under: the one given, or the space subject of the same name. */
async function ratingSubjectFor(
  db: Db,
  a: Actor,
  communityId: number,
  name: string,
  given: number | null | undefined,
): Promise<number | null> {
  const subjects = (await listSubjectsOf(db, a, communityId, { kind: "space" })).items;
  if (given != null) {
    if (!subjects.some((s) => s.id === given))
      throw invalid("ratingSubjectId", "评价对象不存在或不是场地", "No such space rating subject");
    return given;
  }
  if (given === null) return null;
  return subjects.find((s) => s.name === name)?.id ?? null;
}

async function checkName(db: Db, communityId: number, name: string, exceptId?: number) {
  if (await q.spaceNameTaken(db, communityId, name, exceptId))
    throw new AppError("CONFLICT", {
      zh: `本社区已有名为“${name}”的场地`,
      en: `This community already has a space named "${name}"`,
    });
}

export async function createSpace(db: Db, actor: Actor | null, communityId: number, input: TCreateSpace) {
  const reach = authorize(actor, "spaces.manage", { communityId });
  const a = requireActor(actor);
  if (!(await q.communityExists(db, communityId))) throw new AppError("NOT_FOUND");
  if (input.estateId != null) await checkedPlaceIn(db, communityId, input.estateId, null);
  await checkName(db, communityId, input.name);
  const ratingSubjectId = await ratingSubjectFor(db, a, communityId, input.name, input.ratingSubjectId);
  const id = await db.transaction().execute(async (trx) => {
    const row = await q.insertSpace(
      trx,
      communityId,
      {
        name: input.name,
        estate_id: input.estateId ?? null,
        place: input.place,
        description: input.description,
        capacity: input.capacity,
        hours: input.hours,
        convention: input.convention,
        needs_approval: input.needsApproval,
        status: input.status,
        rating_subject_id: ratingSubjectId,
      },
      a.userId,
    );
    await recordAudit(trx, {
      actorUserId: a.userId,
      actorRole: primaryRole(reach),
      communityId,
      action: "space.create",
      targetType: "space",
      targetId: row.id,
      after: input,
    });
    return row.id;
  });
  return { space: presentSpace((await q.spaceById(db, communityId, id))!) };
}

export async function updateSpace(
  db: Db,
  actor: Actor | null,
  communityId: number,
  spaceId: number,
  input: TUpdateSpace,
) {
  const reach = authorize(actor, "spaces.manage", { communityId });
  const a = requireActor(actor);
  const s = await requireSpace(db, communityId, spaceId);
  if (input.estateId != null) await checkedPlaceIn(db, communityId, input.estateId, null);
  if (input.name !== undefined) await checkName(db, communityId, input.name, spaceId);
  const ratingSubjectId =
    input.ratingSubjectId !== undefined
      ? await ratingSubjectFor(db, a, communityId, input.name ?? s.name, input.ratingSubjectId)
      : undefined;
  const bump = input.convention !== undefined && input.convention !== s.convention;
  await db.transaction().execute(async (trx) => {
    await q.updateSpace(
      trx,
      communityId,
      spaceId,
      {
        ...(input.name !== undefined && { name: input.name }),
        ...(input.estateId !== undefined && { estate_id: input.estateId }),
        ...(input.place !== undefined && { place: input.place }),
        ...(input.description !== undefined && { description: input.description }),
        ...(input.capacity !== undefined && { capacity: input.capacity }),
        ...(input.hours !== undefined && { hours: input.hours }),
        ...(input.convention !== undefined && { convention: input.convention }),
        ...(input.needsApproval !== undefined && { needs_approval: input.needsApproval }),
        ...(input.status !== undefined && { status: input.status }),
        ...(ratingSubjectId !== undefined && { rating_subject_id: ratingSubjectId }),
      },
      bump,
    );
    await recordAudit(trx, {
      actorUserId: a.userId,
      actorRole: primaryRole(reach),
      communityId,
      action: "space.update",
      targetType: "space",
      targetId: spaceId,
      before: presentSpace(s),
      after: input,
    });
  });
  return { space: presentSpace((await q.spaceById(db, communityId, spaceId))!) };
}

// ---- a day of a space: its bookings and free slots ----

function freeSlots(
  day: string,
  window: string | null,
  busy: { starts_at: Date; ends_at: Date }[],
  now: Date,
) {
  if (!window) return [];
  const [open, close] = [window.slice(0, 5), window.slice(6)];
  const end = chinaInstant(day, close);
  const out: { from: string; to: string }[] = [];
  for (let t = chinaInstant(day, open); t < end; ) {
    const next = new Date(Math.min(t.getTime() + 3_600_000, end.getTime()));
    const taken = busy.some((b) => new Date(b.starts_at) < next && new Date(b.ends_at) > t);
    if (!taken && next > now)
      out.push({
        from: chinaClock(t).slice(11, 16),
        to: next.getTime() === end.getTime() ? close : chinaClock(next).slice(11, 16),
      });
    t = next;
  }
  return out;
}

export async function spaceDay(
  db: Db,
  actor: Actor | null,
  communityId: number,
  spaceId: number,
  f: { day?: string | undefined },
) {
  const a = requireActor(actor);
  const staff = staffOf(a, communityId, "spaces.read");
  const s = await requireSpace(db, communityId, spaceId);
  if (s.status !== "open" && !staff) throw notFound();
  const day = f.day ?? shanghaiDay(new Date());
  const from = chinaInstant(day, "00:00");
  const rows = await q.bookingsBetween(db, communityId, spaceId, from, new Date(from.getTime() + DAY_MS));
  const window = windowOf(s.hours, day);
  return {
    space: presentSpace(s),
    day,
    open: window,
    bookings: rows.map((b) => presentBooking(b, isMine(a, b), staff)),
    free: s.status === "open" ? freeSlots(day, window, rows, new Date()) : [],
  };
}

// ---- booking ----

const isOverlap = (e: unknown) => (e as { code?: string })?.code === "23P01";

/** Inserts a live booking; the exclusion constraint refuses an overlap (whatever the concurrency). */
async function insertLive(db: Db, v: q.BookingValues) {
  try {
    return (await q.insertBooking(db, v)).id;
  } catch (e) {
    if (isOverlap(e)) throw new AppError("SPACE_BOOKING_OVERLAP");
    throw e;
  }
}

function checkTimes(s: { hours: string[] }, day: string, from: string, to: string, now: Date) {
  const startsAt = chinaInstant(day, from);
  const endsAt = chinaInstant(day, to);
  if (endsAt <= startsAt) throw invalid("to", "结束时间须晚于开始时间", "The end must be after the start");
  if (startsAt < now) throw invalid("from", "不能预约已经过去的时间", "The time has already passed");
  if (startsAt.getTime() > now.getTime() + BOOK_AHEAD_DAYS * DAY_MS)
    throw invalid(
      "day",
      `最多提前${BOOK_AHEAD_DAYS}天预约`,
      `Bookings open at most ${BOOK_AHEAD_DAYS} days ahead`,
    );
  const window = windowOf(s.hours, day);
  if (!window || from < window.slice(0, 5) || to > window.slice(6)) throw new AppError("SPACE_OUTSIDE_HOURS");
  return { startsAt, endsAt };
}

function checkOpen(
  s: { status: string; convention_version: number; capacity: number },
  version: number,
  attendees: number,
) {
  if (s.status !== "open") throw new AppError("SPACE_CLOSED");
  if (version !== s.convention_version) throw new AppError("SPACE_CONVENTION_CHANGED");
  if (attendees > s.capacity)
    throw invalid(
      "attendees",
      `人数超过场地容量（${s.capacity}人）`,
      `More people than the space holds (${s.capacity})`,
    );
}

async function tellStaff(
  db: Db,
  communityId: number,
  spaceName: string,
  bookingId: number,
  exceptUserId: number,
) {
  const staff = (await communityStaffOf(db, communityId)).filter((u) => u !== exceptUserId);
  if (staff.length)
    await notify(db, {
      userIds: staff,
      communityId,
      kind: "space.booking",
      titleZh: `场地预约待审核：${spaceName}`,
      titleEn: `A booking of ${spaceName} waits for approval`,
      bodyZh: `预约 #${bookingId}`,
      bodyEn: `Booking #${bookingId}`,
      link: staffSpacesLink(),
    });
}

/** `now` is the clock (the demo books past days). */
export async function book(
  db: Db,
  actor: Actor | null,
  communityId: number,
  spaceId: number,
  input: TBook,
  now: Date = new Date(),
) {
  const a = requireActor(actor);
  const s = await requireSpace(db, communityId, spaceId);
  const mine = residencyIn(a, communityId);
  let organisationId: number | null = null;
  if (input.organisationId != null) {
    if (!represents(a, input.organisationId) || !(await q.organisationOf(db, input.organisationId)))
      throw new AppError("FORBIDDEN", {
        zh: "只能为自己代表的单位预约",
        en: "You can book only for an organisation you represent",
      });
    organisationId = input.organisationId;
  } else if (!mine)
    throw new AppError("FORBIDDEN", {
      zh: "只有本社区已认证的居民或共建单位可以预约场地",
      en: "Only verified residents of the community or its partner organisations can book a space",
    });
  checkOpen(s, input.conventionVersion, input.attendees);
  const { startsAt, endsAt } = checkTimes(s, input.day, input.from, input.to, now);
  const status: BookingStatus = s.needs_approval ? "pending" : "approved";
  const id = await insertLive(db, {
    community_id: communityId,
    space_id: spaceId,
    resident_id: organisationId == null ? mine!.residentId : null,
    organisation_id: organisationId,
    meeting_id: null,
    booked_by: a.userId,
    purpose: input.purpose,
    attendees: input.attendees,
    starts_at: startsAt,
    ends_at: endsAt,
    convention_version: s.convention_version,
    status,
  });
  if (status === "pending") await tellStaff(db, communityId, s.name, id, a.userId);
  return bookingOut(db, a, communityId, id);
}

/** A deliberation meeting's organiser books a space for the meeting's time (one live booking a meeting). */
export async function bookForMeeting(
  db: Db,
  actor: Actor | null,
  communityId: number,
  spaceId: number,
  input: TBookMeeting,
) {
  const a = requireActor(actor);
  const s = await requireSpace(db, communityId, spaceId);
  const m = await meetingToBook(db, a, communityId, input.meetingId);
  checkOpen(s, input.conventionVersion, input.attendees);
  const start = chinaClock(m.startsAt);
  const end = chinaClock(m.endsAt);
  if (end.slice(0, 10) !== start.slice(0, 10) && end.slice(11, 16) !== "00:00")
    throw new AppError("SPACE_OUTSIDE_HOURS");
  checkTimes(
    s,
    start.slice(0, 10),
    start.slice(11, 16),
    end.slice(11, 16) === "00:00" ? "24:00" : end.slice(11, 16),
    new Date(),
  );
  if (await q.liveBookingOfMeeting(db, communityId, input.meetingId))
    throw new AppError("CONFLICT", {
      zh: "这次会议已经预约了场地",
      en: "This meeting already has a space booked",
    });
  const staff = staffOf(a, communityId, "spaces.manage");
  const status: BookingStatus = s.needs_approval && !staff ? "pending" : "approved";
  const id = await insertLive(db, {
    community_id: communityId,
    space_id: spaceId,
    resident_id: null,
    organisation_id: null,
    meeting_id: input.meetingId,
    booked_by: a.userId,
    purpose: m.title.slice(0, 200),
    attendees: input.attendees,
    starts_at: m.startsAt,
    ends_at: m.endsAt,
    convention_version: s.convention_version,
    status,
    ...(status === "approved" && staff ? { decided_by: a.userId, decided_at: new Date() } : {}),
  });
  if (status === "pending") await tellStaff(db, communityId, s.name, id, a.userId);
  return bookingOut(db, a, communityId, id);
}

// ---- the booker's side: cancel, rate, mine ----

export async function cancelBooking(db: Db, actor: Actor | null, communityId: number, bookingId: number) {
  const a = requireActor(actor);
  const b = await q.bookingById(db, communityId, bookingId);
  const staff = staffOf(a, communityId, "spaces.manage");
  if (!b || (!staff && !isMine(a, b))) throw noBooking();
  if (new Date(b.ends_at) <= new Date())
    throw new AppError("CONFLICT", {
      zh: "预约时间已过，不能取消",
      en: "The booking is over; it cannot be cancelled",
    });
  await db.transaction().execute(async (trx) => {
    const moved = await q.setStatus(
      trx,
      communityId,
      [bookingId],
      ["pending", "approved"],
      "cancelled",
      a.userId,
    );
    if (!moved.length)
      throw new AppError("ALREADY_DECIDED", {
        zh: "预约已取消或未通过",
        en: "The booking is already cancelled or refused",
      });
    if (!isMine(a, b))
      await recordAudit(trx, {
        actorUserId: a.userId,
        actorRole: primaryRole(reachOf(a, "spaces.manage")),
        communityId,
        action: "space.booking.cancel",
        targetType: "space_booking",
        targetId: bookingId,
      });
  });
  return bookingOut(db, a, communityId, bookingId);
}

export async function rateBooking(
  db: Db,
  actor: Actor | null,
  communityId: number,
  bookingId: number,
  input: TRateBooking,
) {
  const a = requireActor(actor);
  const b = await q.bookingById(db, communityId, bookingId);
  if (!b || !isMine(a, b)) throw noBooking();
  if (b.status !== "approved" || new Date(b.starts_at) > new Date())
    throw new AppError("CONFLICT", {
      zh: "预约通过并开始使用后才能评价",
      en: "A space can be rated once an approved booking has begun",
    });
  if (b.rating_subject_id == null)
    throw new AppError("CONFLICT", { zh: "这个场地暂未开放评价", en: "This space is not open for rating" });
  const r = await rateSubject(db, a, communityId, b.rating_subject_id, input);
  await q.markRated(db, communityId, bookingId);
  return { bookingId, subjectId: b.rating_subject_id, rating: r.rating };
}

export async function myBookings(db: Db, actor: Actor | null) {
  const a = requireActor(actor);
  const keys: { communityId: number; residentId: number }[] = [];
  for (const r of a.residencies.filter((x) => x.status === "verified")) {
    keys.push({ communityId: r.communityId, residentId: r.residentId });
    if (r.householdId != null)
      for (const m of await q.householdResidentIds(db, r.communityId, r.householdId))
        keys.push({ communityId: r.communityId, residentId: m.id });
  }
  const rows = await q.bookingsOfPeople(db, keys, a.userId);
  return { bookings: rows.map((b) => presentBooking(b, true, false)) };
}

// ---- staff: the list, decisions, export ----

const filtersOf = (f: TBookingsQuery): q.BookingFilters => ({
  spaceId: f.spaceId,
  status: f.status,
  from: f.from ? chinaInstant(f.from, "00:00") : undefined,
  to: f.to ? chinaInstant(f.to, "24:00") : undefined,
  q: f.q || undefined,
});

export async function listBookings(db: Db, actor: Actor | null, communityId: number, f: TBookingsQuery) {
  const a = requireActor(actor);
  authorize(a, "spaces.read", { communityId });
  if (f.from && f.to && f.to < f.from)
    throw invalid("to", "结束日期不能早于开始日期", "The last day cannot be before the first");
  const filters = filtersOf(f);
  const [rows, counts] = await Promise.all([
    q.listBookings(db, communityId, filters, f.limit, f.offset),
    q.countBookings(db, communityId, filters),
  ]);
  const c = {
    pending: Number(counts.pending),
    approved: Number(counts.approved),
    refused: Number(counts.refused),
    cancelled: Number(counts.cancelled),
  };
  return {
    items: rows.map((b) => presentBooking(b, isMine(a, b), true)),
    total: f.status ? c[f.status] : Number(counts.total),
    counts: c,
  };
}

export async function decideBookings(db: Db, actor: Actor | null, communityId: number, input: TDecide) {
  const reach = authorize(actor, "spaces.manage", { communityId });
  const a = requireActor(actor);
  const to: BookingStatus = input.decision === "approve" ? "approved" : "refused";
  const ids = [...new Set(input.ids)];
  const decided = await db.transaction().execute(async (trx) => {
    const moved = (await q.setStatus(trx, communityId, ids, ["pending"], to, a.userId, input.note)).map(
      (r) => r.id,
    );
    for (const id of moved) {
      await recordAudit(trx, {
        actorUserId: a.userId,
        actorRole: primaryRole(reach),
        communityId,
        action: `space.booking.${input.decision}`,
        targetType: "space_booking",
        targetId: id,
        after: { note: input.note },
      });
      const b = await q.bookingById(trx, communityId, id);
      if (b && b.booked_by !== a.userId)
        await notify(trx, {
          userIds: [b.booked_by],
          communityId,
          kind: "space.booking.decided",
          titleZh: `场地预约${STATUS_ZH[to]}：${b.space_name}`,
          titleEn: `Your booking of ${b.space_name} was ${to}`,
          bodyZh: input.note || undefined,
          bodyEn: input.note || undefined,
          link: residentSpacesLink(),
        });
    }
    return moved;
  });
  return { decided, skipped: ids.filter((id) => !decided.includes(id)) };
}

function exporterOf(a: Actor): Actor {
  return exportingActor(a);
}

export async function exportBookings(db: Db, actor: Actor | null, communityId: number, f: TBookingsQuery) {
  const a = requireActor(actor);
  const reach = authorize(exporterOf(a), "spaces.read", { communityId });
  const rows = await q.listBookings(db, communityId, filtersOf(f), 10_000, 0);
  await recordAudit(db, {
    actorUserId: a.userId,
    actorRole: primaryRole(reach),
    communityId,
    action: "data.export",
    targetType: "space_bookings",
    targetId: "xlsx",
    after: { format: "xlsx", filters: f, rows: rows.length },
  });
  return rows.map((b) => presentBooking(b, false, true));
}
