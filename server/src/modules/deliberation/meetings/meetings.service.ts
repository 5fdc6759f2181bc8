// Meetings (DOMAIN D3): 议事会, 联席会, 意见征集会, 庭院会, 金点子沙龙, 党员大会 at a place of the community,
// with invited parties (organisations) and people (residents), agenda, minutes, resolutions and photo ids;
// series from an RRULE; sign-in three ways (the resident scans the organiser's rotating QR code or types
// its 6-digit code; the organiser scans the resident's personal code; the organiser ticks a name), one
// attendance row per person and meeting; invitations and a reminder the day before through notify();
// .ics files. Staff holding meetings.manage at the meeting's place run it; meetings.read reads it.

import { createEvents, type EventAttributes } from "ics";
import type { Kysely, Updateable } from "kysely";
import rrulePkg from "rrule";
import { authorize, authorizeWithin, primaryRole, reachOf, requireActor } from "../../../access/authorize.ts";
import type { Actor, PlaceRef } from "../../../access/reach.ts";
import { reaches } from "../../../access/reach.ts";
import type { Config } from "../../../config.ts";
import type { DB } from "../../../db/schema.ts";
import { AppError } from "../../../errors.ts";
import { emitEvent } from "../../../events/outbox.ts";
import { audited, recordAudit } from "../../core/audit/audit.service.ts";
import { notify } from "../../core/notifications/notifications.service.ts";
import { communityExists } from "../../core/people/people.service.ts";
import { checkedPlaceIn, scopeIdsOf } from "../../core/places/places.service.ts";
import { maskPhone } from "../../core/privacy/pii.present.ts";
import { checkTopicIn } from "../topics/topics.service.ts";
import { meetingAttended } from "./meetings.events.ts";
import * as q from "./meetings.queries.ts";
import {
  MEETING_KIND_ZH,
  type TCreateMeeting,
  type TMeetingsQuery,
  type TRecordAttendance,
  type TUpdateMeeting,
} from "./meetings.schema.ts";
import type { AttendanceMethod, MeetingTable } from "./meetings.tables.ts";
import {
  checkSignInCode,
  personalCodeFor,
  readPersonalCode,
  signInCodeAt,
  WINDOW_SECONDS,
} from "./meetings-codes.ts";
import { checkRollBeforeSignIn, residentsMeetingView, rollFrozen } from "./residents-meeting.service.ts";

const { RRule } = rrulePkg;
type Db = Kysely<DB>;

export { signInCodeAt };

/** At most this many occurrences of a series are planned, and none more than a year after the first. */
export const MAX_OCCURRENCES = 53;
const YEAR_MS = 366 * 24 * 3_600_000;
const CHINA_MS = 8 * 3_600_000;
/** Sign-in opens a day before the start and closes 12 hours after the end. */
const OPENS_BEFORE_MS = 24 * 3_600_000;
const CLOSES_AFTER_MS = 12 * 3_600_000;

export const residentMeetingsLink = () => "/m/meetings";
export const signInPath = (communityId: number, meetingId: number, code: string) =>
  `/m/meetings/${meetingId}/sign-in?community=${communityId}&c=${code}`;

const notFound = () => new AppError("NOT_FOUND", { zh: "会议不存在", en: "No such meeting" });
const invalid = (field: string, zh: string, en: string) =>
  new AppError("VALIDATION", { zh, en, details: [{ field, message: en }] });

const placeOf = (m: {
  community_id: number;
  grid_id: number | null;
  estate_id: number | null;
  building_id: number | null;
}): PlaceRef => ({
  communityId: m.community_id,
  gridId: m.grid_id,
  estateId: m.estate_id,
  buildingId: m.building_id,
});

function chinaTime(d: Date): string {
  const s = new Date(d.getTime() + CHINA_MS).toISOString();
  return `${s.slice(0, 10)} ${s.slice(11, 16)}`;
}

// ---------------------------------------------------------------------------------------------
// recurrence

/**
 * The starts of a series: the rule read in China time from the first start (rrule works on "floating"
 * times, so the wall clock is moved by +8 h, expanded and moved back; China has no daylight saving).
 */
export function occurrencesOf(rule: string, firstStart: Date): Date[] {
  let options: ReturnType<typeof RRule.parseString>;
  try {
    options = RRule.parseString(rule.toUpperCase());
  } catch {
    options = {};
  }
  if (options.freq == null || options.dtstart)
    throw invalid(
      "rrule",
      "重复规则无法识别，例如：FREQ=WEEKLY;BYDAY=SA;COUNT=8（每周六，共8次）",
      "The recurrence rule is not understood; e.g. FREQ=WEEKLY;BYDAY=SA;COUNT=8 (every Saturday, 8 times)",
    );
  const start = new Date(firstStart.getTime() + CHINA_MS);
  let dates: Date[];
  try {
    dates = new RRule({ ...options, dtstart: start }).between(
      start,
      new Date(start.getTime() + YEAR_MS),
      true,
      (_d, i) => i < MAX_OCCURRENCES,
    );
  } catch {
    dates = [];
  }
  if (!dates.length)
    throw invalid("rrule", "按此重复规则一年内没有会议", "The rule gives no meeting within a year");
  return dates.map((d) => new Date(d.getTime() - CHINA_MS));
}

// ---------------------------------------------------------------------------------------------
// staff: plan, change

const checkedPlace = (db: Db, communityId: number, estateId: number | null, buildingId: number | null) =>
  checkedPlaceIn(db, communityId, estateId, buildingId);

async function checkedInvitees(
  db: Db,
  communityId: number,
  residentIds: number[],
  organisationIds: number[],
) {
  const people = [...new Set(residentIds)];
  const parties = [...new Set(organisationIds)];
  const foundPeople = await q.residentIdsIn(db, communityId, people);
  if (foundPeople.length !== people.length)
    throw invalid(
      "invitedResidentIds",
      "受邀居民中有人不是本社区已认证的居民",
      "Some invited people are not verified residents of this community",
    );
  const foundParties = await q.organisationIdsFor(db, parties);
  if (foundParties.length !== parties.length)
    throw invalid("invitedOrganisationIds", "受邀单位不存在", "Some invited organisations do not exist");
  return { people, parties };
}

async function requireCommunity(db: Db, communityId: number) {
  if (!(await communityExists(db, communityId)))
    throw new AppError("NOT_FOUND", { zh: "社区不存在", en: "Community not found" });
}

async function tellInvited(
  db: Db,
  communityId: number,
  meetingIds: number[],
  m: { title: string; kind: keyof typeof MEETING_KIND_ZH; starts_at: Date; venue: string },
  series: { count: number } | null,
  userIds?: number[],
) {
  const recipients = userIds ?? (await q.invitedUserIds(db, communityId, meetingIds));
  if (!recipients.length) return;
  const when = chinaTime(m.starts_at);
  await notify(db, {
    userIds: recipients,
    communityId,
    kind: "meeting.invited",
    titleZh: `会议邀请：${m.title}`,
    titleEn: `Meeting invitation: ${m.title}`,
    bodyZh: `${MEETING_KIND_ZH[m.kind]}，${when}${series ? ` 起共${series.count}次` : ""}${m.venue ? `，地点：${m.venue}` : ""}`,
    bodyEn: `${when} (China time)${series ? `, ${series.count} meetings` : ""}${m.venue ? `, at ${m.venue}` : ""}`,
    link: residentMeetingsLink(),
  });
}

export async function createMeeting(db: Db, actor: Actor | null, communityId: number, input: TCreateMeeting) {
  authorizeWithin(actor, "meetings.manage", communityId);
  await requireCommunity(db, communityId);
  await checkTopicIn(db, communityId, input.topicId);
  const place = await checkedPlace(db, communityId, input.estateId ?? null, input.buildingId ?? null);
  const reach = authorize(actor, "meetings.manage", {
    communityId,
    gridId: place.grid_id,
    estateId: place.estate_id,
    buildingId: place.building_id,
  });
  const invitees = await checkedInvitees(
    db,
    communityId,
    input.invitedResidentIds,
    input.invitedOrganisationIds,
  );
  const starts = input.rrule ? occurrencesOf(input.rrule, input.startsAt) : [input.startsAt];
  const duration = input.endsAt.getTime() - input.startsAt.getTime();
  const a = requireActor(actor);
  return audited(db, async (trx) => {
    const series = input.rrule
      ? await q.insertSeries(trx, {
          community_id: communityId,
          rrule: input.rrule.toUpperCase(),
          first_starts_at: starts[0]!,
          created_by: a.userId,
        })
      : null;
    const rows = await q.insertMeetings(
      trx,
      starts.map((s) => ({
        community_id: communityId,
        series_id: series?.id ?? null,
        kind: input.kind,
        title: input.title,
        starts_at: s,
        ends_at: new Date(s.getTime() + duration),
        ...place,
        venue: input.venue,
        agenda: input.agenda,
        topic_id: input.topicId ?? null,
        reminded_at: null,
        created_by: a.userId,
      })),
    );
    const ids = rows.map((r) => r.id);
    await q.insertInvitations(trx, communityId, ids, invitees.people, invitees.parties);
    await tellInvited(
      trx,
      communityId,
      ids.slice(0, 1),
      { title: input.title, kind: input.kind, starts_at: starts[0]!, venue: input.venue },
      series ? { count: ids.length } : null,
    );
    return {
      result: { id: ids[0]!, seriesId: series?.id ?? null, meetingIds: ids },
      audit: {
        actorUserId: a.userId,
        actorRole: primaryRole(reach),
        communityId,
        action: series ? "meeting_series.create" : "meeting.create",
        targetType: series ? "meeting_series" : "meeting",
        targetId: series?.id ?? ids[0]!,
        after: { ...input, meetings: ids.length },
      },
    };
  });
}

async function managedMeeting(db: Db, actor: Actor | null, communityId: number, meetingId: number) {
  authorizeWithin(actor, "meetings.manage", communityId);
  const m = await q.meetingPlace(db, communityId, meetingId);
  if (!m) throw notFound();
  const reach = authorize(actor, "meetings.manage", placeOf(m));
  return { m, reach };
}

export async function updateMeeting(
  db: Db,
  actor: Actor | null,
  communityId: number,
  meetingId: number,
  input: TUpdateMeeting,
  apply: "one" | "following",
) {
  const { m, reach } = await managedMeeting(db, actor, communityId, meetingId);
  const a = requireActor(actor);
  await checkTopicIn(db, communityId, input.topicId);
  // a frozen roll was drawn for this kind and place
  if (
    ((input.kind !== undefined && input.kind !== m.kind) ||
      (input.estateId !== undefined && input.estateId !== m.estate_id) ||
      (input.buildingId !== undefined && input.buildingId !== m.building_id)) &&
    (await rollFrozen(db, communityId, meetingId))
  )
    throw new AppError("RESIDENTS_ROLL_FROZEN");
  const placeChanged = input.estateId !== undefined || input.buildingId !== undefined;
  const place = placeChanged
    ? await checkedPlace(
        db,
        communityId,
        input.estateId !== undefined ? input.estateId : input.buildingId !== undefined ? null : m.estate_id,
        input.buildingId !== undefined ? input.buildingId : m.building_id,
      )
    : null;
  if (place)
    authorize(actor, "meetings.manage", {
      communityId,
      gridId: place.grid_id,
      estateId: place.estate_id,
      buildingId: place.building_id,
    });
  const startsAt = input.startsAt ?? m.starts_at;
  const endsAt = input.endsAt ?? m.ends_at;
  if (endsAt.getTime() <= startsAt.getTime())
    throw invalid("endsAt", "结束时间须晚于开始时间", "The end must be after the start");
  const invitees =
    input.invitedResidentIds || input.invitedOrganisationIds
      ? await checkedInvitees(
          db,
          communityId,
          input.invitedResidentIds ?? [],
          input.invitedOrganisationIds ?? [],
        )
      : null;
  const timesChanged =
    startsAt.getTime() !== m.starts_at.getTime() || endsAt.getTime() !== m.ends_at.getTime();

  const shared: Updateable<MeetingTable> = {
    ...(input.kind !== undefined && { kind: input.kind }),
    ...(input.title !== undefined && { title: input.title }),
    ...(input.venue !== undefined && { venue: input.venue }),
    ...(input.agenda !== undefined && { agenda: input.agenda }),
    ...(input.topicId !== undefined && { topic_id: input.topicId }),
    ...(input.cancelled !== undefined && { cancelled: input.cancelled }),
    ...(place ?? {}),
  };
  const own: Updateable<MeetingTable> = {
    ...shared,
    ...(input.minutes !== undefined && { minutes: input.minutes }),
    ...(input.resolutions !== undefined && { resolutions: JSON.stringify(input.resolutions) }),
    ...(input.photoIds !== undefined && { photo_ids: JSON.stringify(input.photoIds) }),
    ...(timesChanged && { starts_at: startsAt, ends_at: endsAt, reminded_at: null }),
  };
  const later =
    apply === "following" && m.series_id != null
      ? await q.laterInSeries(db, communityId, m.series_id, m.starts_at)
      : [];
  return audited(db, async (trx) => {
    await q.updateMeeting(trx, communityId, [meetingId], own);
    if (later.length) {
      if (Object.keys(shared).length) await q.updateMeeting(trx, communityId, later, shared);
      if (timesChanged)
        await q.shiftMeetings(
          trx,
          communityId,
          later,
          startsAt.getTime() - m.starts_at.getTime(),
          endsAt.getTime() - m.ends_at.getTime(),
        );
    }
    if (invitees) {
      const ids = [meetingId, ...later];
      const before = new Set(await q.invitedUserIds(trx, communityId, [meetingId]));
      if (input.invitedResidentIds) await q.deleteInvitations(trx, communityId, ids, "resident");
      if (input.invitedOrganisationIds) await q.deleteInvitations(trx, communityId, ids, "organisation");
      await q.insertInvitations(
        trx,
        communityId,
        ids,
        input.invitedResidentIds ? invitees.people : [],
        input.invitedOrganisationIds ? invitees.parties : [],
      );
      const added = (await q.invitedUserIds(trx, communityId, [meetingId])).filter((u) => !before.has(u));
      const now = (await q.findMeeting(trx, communityId, meetingId))!;
      await tellInvited(
        trx,
        communityId,
        [meetingId],
        now,
        later.length ? { count: later.length + 1 } : null,
        added,
      );
    }
    return {
      result: { id: meetingId, changed: 1 + later.length },
      audit: {
        actorUserId: a.userId,
        actorRole: primaryRole(reach),
        communityId,
        action: "meeting.update",
        targetType: "meeting",
        targetId: meetingId,
        before: { title: m.title, startsAt: m.starts_at, endsAt: m.ends_at, cancelled: m.cancelled },
        after: { ...input, apply, following: later.length },
      },
    };
  });
}

// ---------------------------------------------------------------------------------------------
// reading

function presentSummary(m: q.MeetingRow | Awaited<ReturnType<typeof q.listMeetings>>["items"][number]) {
  return {
    id: m.id,
    communityId: m.community_id,
    communityName: m.community_name,
    seriesId: m.series_id,
    kind: m.kind,
    title: m.title,
    startsAt: m.starts_at,
    endsAt: m.ends_at,
    place: {
      estateId: m.estate_id,
      estateName: m.estate_name,
      buildingId: m.building_id,
      buildingName: m.building_name,
      venue: m.venue,
    },
    topicId: m.topic_id,
    cancelled: m.cancelled,
  };
}

export async function listMeetingsOf(
  db: Db,
  actor: Actor | null,
  communityId: number,
  query: TMeetingsQuery,
) {
  const reach = authorizeWithin(actor, "meetings.read", communityId);
  const scope = scopeIdsOf(reach, communityId);
  const { items, total } = await q.listMeetings(db, communityId, scope, query, new Date());
  const counts = await q.countsOf(
    db,
    communityId,
    items.map((m) => m.id),
  );
  return {
    total,
    items: items.map((m) => {
      const c = counts.get(m.id)!;
      return {
        ...presentSummary(m),
        invitedPeople: c.people,
        invitedParties: c.parties,
        attended: c.attended,
      };
    }),
  };
}

/** What one person is to a meeting: their homes and organisations in its community, invited or not. */
async function personTo(
  db: Db,
  actor: Actor,
  m: { community_id: number; id: number; estate_id: number | null; building_id: number | null },
) {
  const homes = await q.homesIn(db, m.community_id, actor.userId);
  const orgIds = await q.organisationsOfPerson(db, m.community_id, actor.userId, homes[0]?.id ?? null);
  const invitations = await q.invitationOf(
    db,
    m.community_id,
    m.id,
    homes.map((h) => h.id),
    orgIds,
  );
  const atPlace = homes.some(
    (h) =>
      (m.estate_id == null && m.building_id == null) ||
      (m.building_id != null && h.building_id === m.building_id) ||
      (m.building_id == null && m.estate_id != null && h.estate_id === m.estate_id),
  );
  const invited = invitations.length > 0;
  const key = homes[0] ? `r:${homes[0].id}` : `u:${actor.userId}`;
  const invitedOrg = invitations.find((i) => i.organisation_id != null)?.organisation_id ?? null;
  return { homes, orgIds, invited, atPlace, visible: invited || atPlace, key, invitedOrg };
}

function figuresOf(
  invitees: Awaited<ReturnType<typeof q.invitedResidents>>,
  orgs: Awaited<ReturnType<typeof q.invitedOrganisations>>,
  attendance: Awaited<ReturnType<typeof q.attendanceOf>>,
) {
  const invitedIds = new Set(invitees.map((i) => i.id));
  const invitedPeopleAttended = attendance.filter(
    (a) => a.resident_id != null && invitedIds.has(a.resident_id),
  ).length;
  const byMethod = { scan: 0, code: 0, personal_code: 0, ticked: 0 } as Record<AttendanceMethod, number>;
  for (const a of attendance) byMethod[a.method] += 1;
  const parties = new Map<
    number | null,
    { organisationId: number | null; name: string; invited: boolean; attended: number }
  >();
  for (const o of orgs) parties.set(o.id, { organisationId: o.id, name: o.name, invited: true, attended: 0 });
  for (const a of attendance) {
    const k = a.organisation_id;
    if (!parties.has(k))
      parties.set(k, {
        organisationId: k,
        name: k == null ? "居民" : (a.organisation_name ?? ""),
        invited: false,
        attended: 0,
      });
    parties.get(k)!.attended += 1;
  }
  return {
    invitedPeople: invitees.length,
    invitedPeopleAttended,
    attended: attendance.length,
    attendancePct: invitees.length ? Math.round((invitedPeopleAttended / invitees.length) * 1000) / 10 : null,
    byMethod,
    byParty: [...parties.values()],
  };
}

export async function meetingDetail(db: Db, actor: Actor | null, communityId: number, meetingId: number) {
  const a = requireActor(actor);
  const m = await q.findMeeting(db, communityId, meetingId);
  const readReach = reachOf(a, "meetings.read");
  const staff = m ? reaches(readReach, placeOf(m)) : false;
  if (!m) {
    if (readReach.roles.length || a.residencies.some((r) => r.communityId === communityId)) throw notFound();
    throw new AppError("FORBIDDEN");
  }
  const person = await personTo(db, a, m);
  if (!staff && !person.visible) throw new AppError(readReach.roles.length ? "OUT_OF_SCOPE" : "FORBIDDEN");
  const canManage = reaches(reachOf(a, "meetings.manage"), placeOf(m));
  const [invitees, orgs, attendance] = await Promise.all([
    q.invitedResidents(db, communityId, meetingId),
    q.invitedOrganisations(db, communityId, meetingId),
    q.attendanceOf(db, communityId, meetingId),
  ]);
  const attendedResidents = new Set(attendance.map((x) => x.resident_id));
  const signedIn = (await q.attendanceOfPerson(db, communityId, meetingId, [person.key])) != null;
  return {
    ...presentSummary(m),
    invitedPeople: invitees.length,
    invitedParties: orgs.length,
    attended: attendance.length,
    agenda: m.agenda,
    minutes: m.minutes,
    resolutions: (m.resolutions as unknown as string[]) ?? [],
    photoIds: (m.photo_ids as unknown as string[]) ?? [],
    rrule: m.rrule,
    invitedOrganisations: orgs.map((o) => ({ id: o.id, name: o.name, kind: o.kind })),
    invitees: staff
      ? invitees.map((i) => ({
          residentId: i.id,
          name: i.name,
          phone: maskPhone(i.phone),
          attended: attendedResidents.has(i.id),
        }))
      : null,
    attendees: staff
      ? attendance.map((x) => ({
          name: x.resident_name ?? x.user_name ?? "",
          residentId: x.resident_id,
          organisationName: x.organisation_name,
          method: x.method,
          signedInAt: x.signed_in_at,
        }))
      : null,
    figures: staff ? figuresOf(invitees, orgs, attendance) : null,
    residentsMeeting: await residentsMeetingView(db, m, staff),
    canManage,
    mine: { invited: person.invited, signedIn },
  };
}

export async function myMeetings(db: Db, actor: Actor | null) {
  const a = requireActor(actor);
  const { rows, homes, orgs } = await q.meetingsOfPerson(
    db,
    a.userId,
    new Date(Date.now() - 30 * 24 * 3_600_000),
  );
  const [invitations, attendance] = await Promise.all([
    q.invitationsFor(
      db,
      rows.map((r) => ({ community_id: r.community_id, id: r.id })),
      homes.map((h) => h.id),
      orgs,
    ),
    q.attendanceFor(
      db,
      rows.map((r) => r.id),
      [...homes.map((h) => `r:${h.id}`), `u:${a.userId}`],
    ),
  ]);
  const k = (c: number, id: number) => `${c}:${id}`;
  const invited = new Set(invitations.map((i) => k(i.community_id, i.meeting_id)));
  const signed = new Set(attendance.map((i) => k(i.community_id, i.meeting_id)));
  // what is still to come first (soonest first), then what is over (latest first)
  const now = Date.now();
  const upcoming = rows.filter((m) => m.ends_at.getTime() >= now);
  const over = rows.filter((m) => m.ends_at.getTime() < now).reverse();
  return {
    items: [...upcoming, ...over].map((m) => ({
      ...presentSummary(m),
      invited: invited.has(k(m.community_id, m.id)),
      signedIn: signed.has(k(m.community_id, m.id)),
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// sign-in

function checkSignInOpen(m: { starts_at: Date; ends_at: Date; cancelled: boolean }, now: Date) {
  if (m.cancelled) throw new AppError("CONFLICT", { zh: "会议已取消", en: "The meeting was cancelled" });
  if (
    now.getTime() < m.starts_at.getTime() - OPENS_BEFORE_MS ||
    now.getTime() > m.ends_at.getTime() + CLOSES_AFTER_MS
  )
    throw new AppError("CONFLICT", {
      zh: "不在签到时间内：签到从会前一天开放，至会后12小时结束",
      en: "Sign-in is closed: it opens a day before the meeting and closes 12 hours after it",
    });
}

/** The organiser's screen: the current code, the page its QR code opens, and the live count. */
export async function signInScreen(
  db: Db,
  config: Config,
  actor: Actor | null,
  communityId: number,
  meetingId: number,
) {
  const { m } = await managedMeeting(db, actor, communityId, meetingId);
  const now = new Date();
  checkSignInOpen(m, now);
  await checkRollBeforeSignIn(db, m);
  const { code, expiresAt } = signInCodeAt(config, communityId, meetingId, now);
  return {
    code,
    path: signInPath(communityId, meetingId, code),
    windowSeconds: WINDOW_SECONDS,
    expiresAt,
    attended: await q.countAttendance(db, communityId, meetingId),
  };
}

// Wrong codes per person and meeting, kept in this process only (throttles write nothing): 10 per 5 min.
const WRONG_LIMIT = 10;
const WRONG_WINDOW_MS = 5 * 60_000;
const wrongCodes = new Map<string, { n: number; until: number }>();
function countWrong(key: string, now: number) {
  if (wrongCodes.size > 50_000) wrongCodes.clear();
  const e = wrongCodes.get(key);
  if (!e || e.until < now) wrongCodes.set(key, { n: 1, until: now + WRONG_WINDOW_MS });
  else e.n += 1;
}
function checkThrottle(key: string, now: number) {
  const e = wrongCodes.get(key);
  if (e && e.until >= now && e.n >= WRONG_LIMIT) throw new AppError("TOO_MANY");
}

const answered = (inserted: boolean, name: string, meetingTitle: string) =>
  inserted
    ? { status: "signed_in" as const, messageZh: "签到成功", messageEn: "Signed in", name, meetingTitle }
    : { status: "already" as const, messageZh: "已签到", messageEn: "Already signed in", name, meetingTitle };

/** A resident signs in with the code on the organiser's screen (scanned or typed). */
export async function signInWithCode(
  db: Db,
  config: Config,
  actor: Actor | null,
  communityId: number,
  meetingId: number,
  input: { code: string; via: "scan" | "code" },
) {
  const a = requireActor(actor);
  const m = await q.meetingPlace(db, communityId, meetingId);
  if (!m) throw notFound();
  const now = new Date();
  const throttleKey = `${a.userId}:${communityId}:${meetingId}`;
  checkThrottle(throttleKey, now.getTime());
  // the caller's verified residency in the community (from the session's actor: no query); someone
  // who lives elsewhere signs in only for an invited organisation they act for
  const home = a.residencies
    .filter((r) => r.communityId === communityId && r.status === "verified")
    .sort((x, y) => x.residentId - y.residentId)[0];
  if (!home) {
    const person = await personTo(db, a, m);
    if (!person.invited)
      throw new AppError("FORBIDDEN", {
        zh: "只有本社区已认证的居民或受邀单位的人员可以签到",
        en: "Only verified residents of this community or people of invited organisations can sign in",
      });
  }
  checkSignInOpen(m, now);
  await checkRollBeforeSignIn(db, m);
  const verdict = checkSignInCode(config, communityId, meetingId, input.code, now);
  if (verdict !== "ok") {
    countWrong(throttleKey, now.getTime());
    throw new AppError(verdict === "expired" ? "SIGN_IN_CODE_EXPIRED" : "SIGN_IN_CODE_WRONG");
  }
  const inserted = await db.transaction().execute(async (trx) => {
    const id = await q.insertOwnAttendance(trx, {
      community_id: communityId,
      meeting_id: meetingId,
      person_key: home ? `r:${home.residentId}` : `u:${a.userId}`,
      resident_id: home?.residentId ?? null,
      user_id: a.userId,
      method: input.via,
      recorded_by: null,
    });
    if (id != null && home) await emitAttended(trx, communityId, meetingId, [id], a.userId);
    return id != null;
  });
  return answered(inserted, a.name, m.title);
}

async function invitedOrgOf(db: Db, communityId: number, meetingId: number, orgIds: number[]) {
  if (!orgIds.length) return null;
  const inv = await q.invitationOf(db, communityId, meetingId, [], orgIds);
  return inv[0]?.organisation_id ?? null;
}

/** The organiser signs people in: a resident's personal code scanned or typed, or names ticked. */
export async function recordAttendance(
  db: Db,
  config: Config,
  actor: Actor | null,
  communityId: number,
  meetingId: number,
  input: TRecordAttendance,
) {
  const { m, reach } = await managedMeeting(db, actor, communityId, meetingId);
  const a = requireActor(actor);
  const now = new Date();
  checkSignInOpen(m, now);
  await checkRollBeforeSignIn(db, m);
  type Entry = {
    key: string;
    residentId: number | null;
    userId: number | null;
    name: string;
    orgIds: number[];
  };
  const entries: Entry[] = [];
  if (input.method === "personal_code") {
    const read = readPersonalCode(config, input.token, now);
    if (read === "expired")
      throw new AppError("SIGN_IN_CODE_EXPIRED", {
        zh: "居民的个人码已过期，请让居民刷新“我的码”后再扫",
        en: "The resident's personal code has expired; ask them to refresh “My code” and scan again",
      });
    if (read === "invalid")
      throw new AppError("SIGN_IN_CODE_WRONG", {
        zh: "无法识别的个人码",
        en: "This personal code is not recognised",
      });
    const homes = await q.homesIn(db, communityId, read.userId);
    const orgIds = await q.organisationsOfPerson(db, communityId, read.userId, homes[0]?.id ?? null);
    const invitedOrg = await invitedOrgOf(db, communityId, meetingId, orgIds);
    if (!homes.length && invitedOrg == null)
      throw new AppError("FORBIDDEN", {
        zh: "此人不是本社区已认证的居民，也不属于受邀单位",
        en: "This person is neither a verified resident of this community nor of an invited organisation",
      });
    entries.push({
      key: homes[0] ? `r:${homes[0].id}` : `u:${read.userId}`,
      residentId: homes[0]?.id ?? null,
      userId: read.userId,
      name: homes[0]?.name ?? (await q.userName(db, read.userId)) ?? "",
      orgIds: invitedOrg != null ? [invitedOrg] : [],
    });
  } else {
    const ids = [...new Set(input.residentIds)];
    for (const id of ids) {
      const r = await q.residentInCommunity(db, communityId, id);
      if (r?.status !== "verified")
        throw invalid(
          "residentIds",
          "名单中有人不是本社区已认证的居民",
          "Someone ticked is not a verified resident of this community",
        );
      entries.push({
        key: `r:${r.id}`,
        residentId: r.id,
        userId: r.user_id,
        name: r.name,
        orgIds: await q.organisationsOfPerson(db, communityId, r.user_id, r.id),
      });
    }
  }
  const signedIn: { name: string; status: "signed_in" | "already" }[] = [];
  await db.transaction().execute(async (trx) => {
    const residentsIn: number[] = [];
    for (const e of entries) {
      const id = await q.insertAttendance(trx, {
        community_id: communityId,
        meeting_id: meetingId,
        person_key: e.key,
        resident_id: e.residentId,
        user_id: e.userId,
        organisation_id: await invitedOrgOf(trx, communityId, meetingId, e.orgIds),
        method: input.method,
        recorded_by: a.userId,
      });
      if (id != null && e.residentId != null) residentsIn.push(id);
      signedIn.push({ name: e.name, status: id != null ? "signed_in" : "already" });
    }
    if (residentsIn.length) await emitAttended(trx, communityId, meetingId, residentsIn, a.userId);
    if (signedIn.some((s) => s.status === "signed_in"))
      await recordAudit(trx, {
        actorUserId: a.userId,
        actorRole: primaryRole(reach),
        communityId,
        action: "meeting.attendance",
        targetType: "meeting",
        targetId: meetingId,
        after: { method: input.method, people: entries.map((e) => e.key) },
      });
  });
  return { signedIn, attended: await q.countAttendance(db, communityId, meetingId) };
}

/** Announces residents' new attendance rows (points for meeting attendance are earned from it). */
const emitAttended = (trx: Db, communityId: number, meetingId: number, ids: number[], actorUserId: number) =>
  emitEvent(trx, meetingAttended, {
    communityId,
    aggregateId: meetingId,
    actorUserId,
    payload: { meetingId, attendanceIds: ids },
  });

/** Residents' attendance rows by id (for consumers of `meeting.attended`): the meeting and the resident. */
export async function residentAttendances(db: Db, communityId: number, ids: number[]) {
  return (await q.attendancesByIds(db, communityId, ids))
    .filter((r) => r.resident_id != null)
    .map((r) => ({ id: r.id, meetingId: r.meeting_id, residentId: r.resident_id! }));
}

/** The signed-in person's own code, for the organiser to scan (valid 2 minutes). */
export async function myPersonalCode(config: Config, actor: Actor | null) {
  const a = requireActor(actor);
  return { ...personalCodeFor(config, a.userId, new Date()), name: a.name };
}

// ---------------------------------------------------------------------------------------------
// calendar files

type IcsMeeting = {
  id: number;
  title: string;
  kind: keyof typeof MEETING_KIND_ZH;
  starts_at: Date;
  ends_at: Date;
  venue: string;
  agenda: string;
  cancelled: boolean;
  estate_name: string | null;
  building_name: string | null;
  updated_at: Date;
};

function icsOf(communityId: number, meetings: IcsMeeting[], calName: string): string {
  const events: EventAttributes[] = meetings.map((m) => ({
    uid: `meeting-${communityId}-${m.id}@linli`,
    title: `${MEETING_KIND_ZH[m.kind]}：${m.title}`,
    start: m.starts_at.getTime(),
    startInputType: "utc",
    startOutputType: "utc",
    end: m.ends_at.getTime(),
    endInputType: "utc",
    endOutputType: "utc",
    location: [m.estate_name, m.building_name, m.venue].filter(Boolean).join(" ") || undefined,
    description: m.agenda || undefined,
    status: m.cancelled ? "CANCELLED" : "CONFIRMED",
    lastModified: m.updated_at.getTime(),
  }));
  const { error, value } = createEvents(events, { calName, productId: "linli/meetings" });
  if (error || !value) throw new AppError("INTERNAL");
  return value;
}

export async function meetingIcs(db: Db, actor: Actor | null, communityId: number, meetingId: number) {
  const d = await meetingDetail(db, actor, communityId, meetingId);
  const m = (await q.findMeeting(db, communityId, meetingId))!;
  return {
    filename: `meeting-${meetingId}.ics`,
    body: icsOf(communityId, [{ ...m, agenda: d.agenda, updated_at: m.updated_at }], d.title),
  };
}

export async function seriesIcs(db: Db, actor: Actor | null, communityId: number, seriesId: number) {
  requireActor(actor);
  const meetings = await q.seriesMeetings(db, communityId, seriesId);
  if (!meetings.length) {
    if (actor!.grants.length || actor!.residencies.some((r) => r.communityId === communityId))
      throw notFound();
    throw new AppError("FORBIDDEN");
  }
  // whoever may read the first meeting may read the series
  const first = meetings[0]!;
  await meetingDetail(db, actor, communityId, first.id);
  return { filename: `meeting-series-${seriesId}.ics`, body: icsOf(communityId, meetings, first.title) };
}

// ---------------------------------------------------------------------------------------------
// reminders (jobs)

/** Claims the meetings starting within a day that were not reminded, and tells the invited; returns how many. */
export async function remindMeetings(db: Db, now = new Date()): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const due = await q.claimMeetingsToRemind(trx, now, new Date(now.getTime() + 24 * 3_600_000));
    for (const m of due) {
      const userIds = await q.invitedUserIds(trx, m.community_id, [m.id]);
      if (!userIds.length) continue;
      await notify(trx, {
        userIds,
        communityId: m.community_id,
        kind: "meeting.reminder",
        titleZh: `会议提醒：${m.title}`,
        titleEn: `Meeting reminder: ${m.title}`,
        bodyZh: `${MEETING_KIND_ZH[m.kind]}将于 ${chinaTime(m.starts_at)} 召开${m.venue ? `，地点：${m.venue}` : ""}`,
        bodyEn: `Starts ${chinaTime(m.starts_at)} (China time)${m.venue ? ` at ${m.venue}` : ""}`,
        link: residentMeetingsLink(),
      });
    }
    return due.length;
  });
}

/**
 * A meeting its organiser (whoever may manage it) books a space for: its title and time (the spaces
 * module books through this; a cancelled meeting books nothing).
 */
export async function meetingToBook(db: Db, actor: Actor | null, communityId: number, meetingId: number) {
  const { m } = await managedMeeting(db, actor, communityId, meetingId);
  if (m.cancelled) throw new AppError("CONFLICT", { zh: "会议已取消", en: "The meeting is cancelled" });
  return { id: m.id, title: m.title, startsAt: new Date(m.starts_at), endsAt: new Date(m.ends_at) };
}
