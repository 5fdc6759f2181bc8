// Courses and activities (DOMAIN C3; Lvzhou's 10+ free courses a week). Staff set up a weekly course:
// teacher (and organisation), place, an RFC 5545 rule read in China time (expanded by rosters'
// shiftsBetween, the one rrule reading), start time and length, seats and a term; its sessions are
// materialised over the term at creation. A verified resident enrols: first come while seats are free,
// then on the waiting list in order. A course may open with an application window instead: the
// applications are collected and, after the window, allocated — all enrolled when they fit the seats,
// else by the lottery the course opened in the lotteries module (kind 'course', per person; staff
// freeze and draw it there, verifiably), whose winners are enrolled and whose waiting list becomes the
// course's in the drawn order. A cancellation of an enrolled seat promotes the first of the waiting list
// in the same transaction (under the course's row lock). Staff mark attendance per session in a batch;
// the counts per course and term (enrolled, waiting, sessions held, attendance rate) and their Excel.
import type { Kysely } from "kysely";
import {
  authorize,
  authorizeWithin,
  exportingActor,
  primaryRole,
  reachOf,
  requireActor,
} from "../../../access/authorize.ts";
import type { Actor } from "../../../access/reach.ts";
import { coversCommunity } from "../../../access/reach.ts";
import type { DB } from "../../../db/schema.ts";
import { AppError } from "../../../errors.ts";
import { audited, recordAudit } from "../../core/audit/audit.service.ts";
import { shanghaiDay } from "../../core/calendar/calendar.service.ts";
import {
  attachmentDisposition,
  type SheetColumn,
  workbookBytes,
  writeWorkbook,
  XLSX_MIME,
} from "../../core/imports/imports.service.ts";
import { communityExists } from "../../core/people/people.service.ts";
import { maskPhone } from "../../core/privacy/pii.present.ts";
import {
  applyToLottery,
  createLottery,
  lotteryOutcomes,
} from "../../deliberation/lotteries/lotteries.service.ts";
import { shiftsBetween } from "../../volunteering/rosters/rosters.service.ts";
import * as q from "./courses.queries.ts";
import type { TAttendance, TCoursesQuery, TCreateCourse, TStatsQuery } from "./courses.schema.ts";

type Db = Kysely<DB>;

const notFound = (zh = "课程不存在", en = "No such course") => new AppError("NOT_FOUND", { zh, en });
const invalid = (field: string, zh: string, en: string) =>
  new AppError("VALIDATION", { zh, en, details: [{ field, message: en }] });
const iso = (d: Date | string | null | undefined) => (d == null ? null : new Date(d).toISOString());
const DAY_MS = 86_400_000;

const BYDAY = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
/** 1 = Monday … 7 = Sunday, from the rule's BYDAY (none: every day it names by frequency). */
export function weekdaysOf(rule: string): number[] {
  const m = /BYDAY=([A-Z0-9,+-]+)/i.exec(rule);
  if (!m) return [];
  return [
    ...new Set(
      m[1]!
        .toUpperCase()
        .split(",")
        .map((d) => BYDAY.indexOf(d.replace(/^[+-]?\d+/, "")) + 1)
        .filter((n) => n > 0),
    ),
  ].sort();
}

/** The course's session starts over its term (real time). */
export function sessionStarts(c: {
  rule: string;
  start_time: string;
  minutes: number;
  term_start: string;
  term_end: string;
}) {
  const from = new Date(`${c.term_start}T00:00:00+08:00`);
  const to = new Date(new Date(`${c.term_end}T00:00:00+08:00`).getTime() + DAY_MS);
  return shiftsBetween({ ...c, starts_on: c.term_start }, from, to).map((s) => s.starts_at);
}

function presentCourse(
  c: q.CourseRow,
  mine: { id: number; status: string; waitingPosition: number | null } | null,
) {
  return {
    id: c.id,
    communityId: c.community_id,
    title: c.title,
    description: c.description,
    teacherName: c.teacher_name,
    teacherOrg: c.teacher_org,
    place: c.place,
    rule: c.rule,
    weekdays: weekdaysOf(c.rule),
    startTime: c.start_time,
    minutes: c.minutes,
    seats: c.seats,
    termStart: String(c.term_start),
    termEnd: String(c.term_end),
    applyUntil: iso(c.apply_until),
    lotteryId: c.lottery_id,
    allocated: !!c.allocated_at,
    enrolled: Number(c.enrolled),
    waiting: Number(c.waiting),
    applied: Number(c.applied),
    nextSessionAt: iso(c.next_session_at),
    mine: mine
      ? {
          enrolmentId: mine.id,
          status: mine.status as "applied" | "enrolled" | "waiting" | "cancelled",
          waitingPosition: mine.waitingPosition,
        }
      : null,
  };
}

const isStaff = (a: Actor | null, communityId: number, perm: "courses.read" | "courses.manage") =>
  !!a && coversCommunity(reachOf(a, perm), communityId);
const residentsIn = (a: Actor, communityId: number) =>
  a.residencies
    .filter((r) => r.communityId === communityId && r.status === "verified")
    .map((r) => r.residentId);

async function requireCourse(db: Db, communityId: number, id: number) {
  const c = await q.findCourse(db, communityId, id);
  if (!c) throw notFound();
  return c;
}

/** The caller's own live enrolments in a community's courses, with their waiting positions. */
async function minesOf(db: Db, a: Actor | null, communityId: number) {
  const out = new Map<number, { id: number; status: string; waitingPosition: number | null }>();
  if (!a) return out;
  const rows = await q.enrolmentsOfResidents(db, communityId, residentsIn(a, communityId));
  for (const r of rows)
    out.set(r.course_id, {
      id: r.id,
      status: r.status,
      waitingPosition:
        r.status === "waiting" ? await q.waitingPosition(db, communityId, r.course_id, r.queue) : null,
    });
  return out;
}

// ---- staff: create ----

export async function createCourse(db: Db, actor: Actor | null, communityId: number, input: TCreateCourse) {
  const reach = authorize(actor, "courses.manage", { communityId });
  const a = requireActor(actor);
  if (!(await communityExists(db, communityId)))
    throw new AppError("NOT_FOUND", { zh: "社区不存在", en: "Community not found" });
  if (input.termEnd < input.termStart)
    throw invalid("termEnd", "学期结束日须不早于开始日", "The term must end on or after its start");
  if (new Date(input.termEnd).getTime() - new Date(input.termStart).getTime() > 366 * DAY_MS)
    throw invalid("termEnd", "一个学期最长一年", "A term is at most a year long");
  const row = {
    rule: input.rule,
    start_time: input.startTime,
    minutes: input.minutes,
    term_start: input.termStart,
    term_end: input.termEnd,
  };
  const starts = sessionStarts(row);
  if (!starts.length)
    throw invalid("rule", "这条规则在学期内没有一次课", "The rule gives no session within the term");
  const now = Date.now();
  if (input.applyUntil) {
    if (input.applyUntil.getTime() <= now)
      throw invalid("applyUntil", "报名截止时间须在将来", "The application window must end in the future");
    if (input.applyUntil.getTime() > new Date(`${input.termEnd}T23:59:59+08:00`).getTime())
      throw invalid(
        "applyUntil",
        "报名截止时间须在学期结束之前",
        "The window must close before the term ends",
      );
  }
  const { id, lottery } = await audited(db, async (trx) => {
    let lottery: { id: number; secret: string | null } | null = null;
    if (input.applyUntil) {
      // the course's seats, drawn by the lotteries module when oversubscribed (it authorizes its own
      // command), in the course's transaction: a course that is not made leaves no lottery behind
      const made = await createLottery(trx, actor, communityId, {
        title: `${input.title}：报名摇号`.slice(0, 80),
        description: `${input.teacherName} · ${input.place} · ${input.seats}个名额`,
        kind: "course",
        places: input.seats,
        items: [],
        audience: "residents",
        per: "person",
        opensAt: new Date(now),
        closesAt: input.applyUntil,
      });
      lottery = { id: made.lottery.id, secret: made.secret };
    }
    const { id } = await q.insertCourse(trx, {
      community_id: communityId,
      title: input.title,
      description: input.description,
      teacher_name: input.teacherName,
      teacher_org: input.teacherOrg,
      place: input.place,
      seats: input.seats,
      apply_until: input.applyUntil ?? null,
      lottery_id: lottery?.id ?? null,
      created_by: a.userId,
      ...row,
    });
    await q.insertSessions(trx, communityId, id, starts);
    return {
      result: { id, lottery },
      audit: {
        actorUserId: a.userId,
        actorRole: primaryRole(reach),
        communityId,
        action: "course.create",
        targetType: "course",
        targetId: id,
        after: { ...input, sessions: starts.length, lotteryId: lottery?.id ?? null },
      },
    };
  });
  const c = await requireCourse(db, communityId, id);
  return { course: presentCourse(c, null), sessions: starts.length, lotterySecret: lottery?.secret ?? null };
}

// ---- list (residents of the community and staff) ----

export async function listCourses(db: Db, actor: Actor | null, communityId: number, f: TCoursesQuery) {
  const a = requireActor(actor);
  if (!residentsIn(a, communityId).length && !isStaff(a, communityId, "courses.read"))
    authorizeWithin(a, "courses.read", communityId);
  const rows = await q.listCourses(db, communityId, { ...f, limit: 2000, offset: 0 });
  const filtered = f.weekday ? rows.filter((c) => weekdaysOf(c.rule).includes(f.weekday!)) : rows;
  const mine = await minesOf(db, a, communityId);
  return {
    total: filtered.length,
    items: filtered.slice(f.offset, f.offset + f.limit).map((c) => presentCourse(c, mine.get(c.id) ?? null)),
  };
}

// ---- residents: enrol, cancel ----

export async function enrol(db: Db, actor: Actor | null, communityId: number, courseId: number) {
  const a = requireActor(actor);
  const c = await requireCourse(db, communityId, courseId);
  const residentId = residentsIn(a, communityId)[0];
  if (residentId == null)
    throw new AppError("FORBIDDEN", {
      zh: "只有本社区已认证的居民可以报名",
      en: "Only verified residents of the community can enrol",
    });
  if (String(c.term_end) < shanghaiDay(new Date())) throw new AppError("COURSE_CLOSED");
  if (await q.liveEnrolmentOf(db, communityId, courseId, residentId)) throw new AppError("COURSE_ENROLLED");
  const inWindow = c.apply_until && Date.now() < c.apply_until.getTime();
  if (c.apply_until && !inWindow && !c.allocated_at) throw new AppError("COURSE_NOT_ALLOCATED");
  if (inWindow && c.lottery_id != null) await applyToLottery(db, a, communityId, c.lottery_id);
  try {
    return await db.transaction().execute(async (trx) => {
      const locked = await q.lockCourse(trx, communityId, courseId);
      if (!locked) throw notFound();
      const queue = await q.nextQueue(trx, communityId, courseId);
      let status: "applied" | "enrolled" | "waiting" = "applied";
      if (!inWindow)
        status =
          (await q.countStatus(trx, communityId, courseId, "enrolled")) < locked.seats
            ? "enrolled"
            : "waiting";
      const e = await q.insertEnrolment(trx, {
        community_id: communityId,
        course_id: courseId,
        resident_id: residentId,
        user_id: a.userId,
        status,
        queue,
      });
      return {
        enrolmentId: e.id,
        status,
        waitingPosition:
          status === "waiting" ? await q.waitingPosition(trx, communityId, courseId, queue) : null,
      };
    });
  } catch (err) {
    if ((err as { code?: string }).code === "23505") throw new AppError("COURSE_ENROLLED");
    throw err;
  }
}

/** Cancels an enrolment (its resident or staff); a freed seat goes to the first of the waiting list. */
export async function cancelEnrolment(db: Db, actor: Actor | null, communityId: number, enrolmentId: number) {
  const a = requireActor(actor);
  const e = await q.findEnrolment(db, communityId, enrolmentId);
  // its resident, whoever enrolled them, or a member of their household
  const homes = a.residencies
    .filter((r) => r.communityId === communityId && r.status === "verified")
    .map((r) => r.householdId)
    .filter((h): h is number => h != null);
  const own =
    !!e &&
    (e.user_id === a.userId ||
      residentsIn(a, communityId).includes(e.resident_id) ||
      homes.includes((await q.householdOf(db, communityId, e.resident_id)) ?? -1));
  const staff = isStaff(a, communityId, "courses.manage");
  if (!e || (!own && !staff)) throw notFound("报名记录不存在", "No such enrolment");
  const run = async (trx: Db) => {
    await q.lockCourse(trx, communityId, e.course_id);
    const now = await q.findEnrolment(trx, communityId, enrolmentId);
    if (!now || now.status === "cancelled")
      throw new AppError("CONFLICT", { zh: "这份报名已经取消", en: "This enrolment was already cancelled" });
    await q.setStatus(trx, communityId, enrolmentId, "cancelled");
    let promoted: number | null = null;
    if (now.status === "enrolled") {
      const next = await q.firstWaiting(trx, communityId, e.course_id);
      if (next) {
        await q.setStatus(trx, communityId, next.id, "enrolled");
        promoted = next.id;
      }
    }
    return { enrolmentId, status: "cancelled" as const, promotedEnrolmentId: promoted, was: now.status };
  };
  if (own && !staff) {
    const { was: _was, ...r } = await db.transaction().execute(run);
    return r;
  }
  const reach = authorize(a, "courses.manage", { communityId });
  return audited(db, async (trx) => {
    const { was, ...r } = await run(trx);
    return {
      result: r,
      audit: {
        actorUserId: a.userId,
        actorRole: primaryRole(reach),
        communityId,
        action: "course.cancel",
        targetType: "course_enrolment",
        targetId: enrolmentId,
        before: { status: was },
        after: { status: "cancelled", promoted: r.promotedEnrolmentId },
      },
    };
  });
}

// ---- staff: allocate a window's applications ----

export async function allocate(db: Db, actor: Actor | null, communityId: number, courseId: number) {
  const reach = authorize(actor, "courses.manage", { communityId });
  const a = requireActor(actor);
  const c = await requireCourse(db, communityId, courseId);
  if (!c.apply_until)
    throw invalid(
      "courseId",
      "这门课程没有报名期，先到先得",
      "This course has no application window: first come",
    );
  if (c.allocated_at) throw new AppError("COURSE_ALLOCATED");
  if (Date.now() < c.apply_until.getTime()) throw new AppError("COURSE_NOT_ALLOCATED");
  const applied = await q.appliedOf(db, communityId, courseId);
  const byLottery = applied.length > c.seats;
  const outcomes =
    byLottery && c.lottery_id != null ? await lotteryOutcomes(db, communityId, c.lottery_id) : null;
  if (byLottery && !outcomes?.drawn) throw new AppError("COURSE_NOT_ALLOCATED");
  const ofResident = new Map((outcomes?.applications ?? []).map((x) => [x.residentId, x]));
  return audited(db, async (trx) => {
    await q.lockCourse(trx, communityId, courseId);
    if (!(await q.markAllocated(trx, communityId, courseId))) throw new AppError("COURSE_ALLOCATED");
    let enrolled = 0;
    let waiting = 0;
    // the lottery's waiting list keeps its drawn order; anyone outside it (none, normally) follows
    const tail = 1_000_000;
    for (const e of applied) {
      const o = ofResident.get(e.resident_id);
      if (!byLottery || o?.outcome === "won") {
        await q.setStatus(trx, communityId, e.id, "enrolled");
        enrolled++;
      } else {
        await q.setStatus(trx, communityId, e.id, "waiting", o?.drawPosition ?? tail + e.queue);
        waiting++;
      }
    }
    return {
      result: { enrolled, waiting, byLottery },
      audit: {
        actorUserId: a.userId,
        actorRole: primaryRole(reach),
        communityId,
        action: "course.allocate",
        targetType: "course",
        targetId: courseId,
        after: { enrolled, waiting, byLottery, lotteryId: c.lottery_id },
      },
    };
  });
}

// ---- staff: roster, attendance ----

export async function courseRoster(db: Db, actor: Actor | null, communityId: number, courseId: number) {
  authorize(actor, "courses.read", { communityId });
  const c = await requireCourse(db, communityId, courseId);
  const [rows, sessions] = await Promise.all([
    q.rosterOf(db, communityId, courseId),
    q.sessionsOf(db, communityId, courseId),
  ]);
  let pos = 0;
  return {
    course: presentCourse(c, null),
    enrolments: rows.map((r) => ({
      id: r.id,
      residentId: r.resident_id,
      name: r.name,
      phone: maskPhone(r.phone),
      status: r.status,
      waitingPosition: r.status === "waiting" ? ++pos : null,
      createdAt: iso(r.created_at)!,
    })),
    sessions: sessions.map((s) => ({
      id: s.id,
      startsAt: iso(s.starts_at)!,
      heldAt: iso(s.held_at),
      present: (s.present ?? []).map(Number),
    })),
  };
}

export async function markAttendance(
  db: Db,
  actor: Actor | null,
  communityId: number,
  courseId: number,
  sessionId: number,
  input: TAttendance,
) {
  const reach = authorize(actor, "courses.manage", { communityId });
  const a = requireActor(actor);
  await requireCourse(db, communityId, courseId);
  const s = await q.findSession(db, communityId, courseId, sessionId);
  if (!s) throw notFound("这次课不存在", "No such session");
  if (shanghaiDay(s.starts_at) > shanghaiDay(new Date()))
    throw invalid("sessionId", "这次课还没到，不能记考勤", "This session has not come yet: no attendance");
  const enrolled = new Set(await q.enrolledIds(db, communityId, courseId));
  const stray = input.present.filter((id) => !enrolled.has(id));
  if (stray.length)
    throw invalid(
      "present",
      "名单中有未在本课程报名成功的人",
      `Not enrolled in this course: enrolment ${stray.join(", ")}`,
    );
  const present = new Set(input.present);
  const marks = [...enrolled].map((id) => ({ enrolmentId: id, present: present.has(id) }));
  return audited(db, async (trx) => {
    await q.markAttendance(trx, communityId, sessionId, marks, a.userId);
    return {
      result: { marked: marks.length, present: present.size },
      audit: {
        actorUserId: a.userId,
        actorRole: primaryRole(reach),
        communityId,
        action: "course.attendance",
        targetType: "course_session",
        targetId: sessionId,
        after: { present: [...present], absent: marks.filter((m) => !m.present).map((m) => m.enrolmentId) },
      },
    };
  });
}

// ---- counts per course and term, and their Excel ----

export async function courseStats(db: Db, actor: Actor | null, communityId: number, f: TStatsQuery) {
  authorizeWithin(actor, "courses.read", communityId);
  authorize(actor, "courses.read", { communityId });
  const rows = await q.statsOf(db, communityId, f);
  return {
    items: rows.map((r) => ({
      courseId: r.id,
      title: r.title,
      teacherName: r.teacher_name,
      termStart: String(r.term_start),
      termEnd: String(r.term_end),
      seats: r.seats,
      enrolled: Number(r.enrolled),
      waiting: Number(r.waiting),
      sessions: Number(r.sessions),
      sessionsHeld: Number(r.held),
      attendanceRate: Number(r.marks)
        ? Math.round((Number(r.present) / Number(r.marks)) * 1000) / 1000
        : null,
    })),
  };
}

const STATS_COLUMNS: SheetColumn[] = [
  { header: "课程 / Course", width: 20 },
  { header: "老师 / Teacher", width: 12 },
  { header: "学期开始 / Term start", width: 12 },
  { header: "学期结束 / Term end", width: 12 },
  { header: "名额 / Seats", width: 8 },
  { header: "已报名 / Enrolled", width: 8 },
  { header: "候补 / Waiting", width: 8 },
  { header: "课次 / Sessions", width: 8 },
  { header: "已上课 / Held", width: 8 },
  { header: "出勤率 / Attendance", width: 10, numFmt: "0.0%" },
];

export async function exportStats(db: Db, actor: Actor | null, communityId: number, f: TStatsQuery) {
  const a = requireActor(actor);
  // exporting needs data.export and courses.read from the same grants
  const exporter = exportingActor(a);
  const reach = authorize(exporter, "courses.read", { communityId });
  const { items } = await courseStats(db, exporter, communityId, f);
  await recordAudit(db, {
    actorUserId: a.userId,
    actorRole: primaryRole(reach),
    communityId,
    action: "data.export",
    targetType: "course_stats",
    targetId: communityId,
    after: { format: "xlsx", filters: f, rows: items.length },
  });
  const body = await workbookBytes((sink) =>
    writeWorkbook(
      { name: "课程统计", columns: STATS_COLUMNS, notes: [] },
      items.map((r) => [
        r.title,
        r.teacherName,
        r.termStart,
        r.termEnd,
        r.seats,
        r.enrolled,
        r.waiting,
        r.sessions,
        r.sessionsHeld,
        r.attendanceRate,
      ]),
      sink,
    ),
  );
  const stamp = shanghaiDay(new Date());
  return {
    contentType: XLSX_MIME,
    disposition: attachmentDisposition(`courses-${communityId}-${stamp}.xlsx`, `课程统计-${stamp}.xlsx`),
    rows: items.length,
    body,
  };
}

// ---- my courses ----

export async function myCourses(db: Db, actor: Actor | null) {
  const a = requireActor(actor);
  const rows = await q.enrolmentsOfUser(db, a.userId);
  const ids = [...new Set(rows.map((r) => r.community_id))];
  const names = new Map((await q.communityNames(db, ids)).map((c) => [c.id, c.name]));
  const items = [];
  for (const r of rows) {
    const c = await q.findCourse(db, r.community_id, r.course_id);
    if (!c) continue;
    const waitingPosition =
      r.status === "waiting" ? await q.waitingPosition(db, r.community_id, r.course_id, r.queue) : null;
    items.push({
      ...presentCourse(c, { id: r.id, status: r.status, waitingPosition }),
      communityName: names.get(r.community_id) ?? "",
    });
  }
  return { items };
}
