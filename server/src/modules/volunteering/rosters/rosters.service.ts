// Duty rosters (DOMAIN T3, 值守/轮流管): a team keeps a recurring duty for a space or service. The
// shifts come from an RFC 5545 rule read in China time (rrule works on floating times: the wall clock is
// moved by +8 h, expanded and moved back; China has no daylight saving) and are materialised a few
// weeks ahead (at creation and by the daily `rosters-extend` job). The leader or the community's staff
// assign members; a member may take a shift with a place left; a member asks another member to take
// their shift and the leader approves (the assignment moves in the approval's transaction); everyone on
// a shift is reminded once, the day before (from 09:00), by the `rosters-remind` job, which claims each
// shift with one UPDATE … RETURNING and notifies in the same transaction; after a shift the leader
// records no-shows, counted on the member. Teams and members come from the volunteering module's service.
import type { Kysely } from "kysely";
import rrulePkg from "rrule";
import { primaryRole, reachOf, requireActor } from "../../../access/authorize.ts";
import type { Actor } from "../../../access/reach.ts";
import type { DB } from "../../../db/schema.ts";
import { AppError } from "../../../errors.ts";
import { audited } from "../../core/audit/audit.service.ts";
import { notify, notifyEach } from "../../core/notifications/notifications.service.ts";
import { activeTeamsOf, type TeamAccess, teamAccess } from "../volunteering/volunteering.service.ts";
import * as q from "./rosters.queries.ts";
import type { TCreateRoster } from "./rosters.schema.ts";

const { RRule } = rrulePkg;
type Db = Kysely<DB>;

const CHINA_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
const MAX_SHIFTS = 400;
/** Shifts shown before now (so that the leader can record no-shows of the past week). */
const PAST_MS = 7 * DAY_MS;

const notFound = (zh = "值守表不存在", en = "No such duty roster") => new AppError("NOT_FOUND", { zh, en });
const invalid = (field: string, zh: string, en: string) =>
  new AppError("VALIDATION", { zh, en, details: [{ field, message: en }] });
const onlyManager = () =>
  new AppError("FORBIDDEN", {
    zh: "只有队长或社区工作人员可以安排值守",
    en: "Only the team's leader or the community's staff can arrange the roster",
  });

/** Today's date in China ("YYYY-MM-DD"). */
export const chinaToday = (now = new Date()) => new Date(now.getTime() + CHINA_MS).toISOString().slice(0, 10);

/** Parses the rule; refuses what is not understood or finer than daily. */
function ruleOptions(rule: string) {
  let options: ReturnType<typeof RRule.parseString>;
  try {
    options = RRule.parseString(rule.toUpperCase());
  } catch {
    options = {};
  }
  if (options.freq == null || options.dtstart || options.freq > RRule.DAILY)
    throw invalid(
      "rule",
      "重复规则无法识别，例如：FREQ=WEEKLY;BYDAY=SA（每周六）；最细按天",
      "The recurrence rule is not understood; e.g. FREQ=WEEKLY;BYDAY=SA (every Saturday); at most daily",
    );
  return options;
}

/** The shifts of a roster starting in [from, to), in real time. */
export function shiftsBetween(
  r: { rule: string; start_time: string; minutes: number; starts_on: string },
  from: Date,
  to: Date,
): { starts_at: Date; ends_at: Date }[] {
  const options = ruleOptions(r.rule);
  const dtstart = new Date(`${r.starts_on}T${r.start_time}:00Z`); // floating China wall clock
  let dates: Date[] = [];
  try {
    dates = new RRule({ ...options, dtstart }).between(
      new Date(from.getTime() + CHINA_MS),
      new Date(to.getTime() + CHINA_MS),
      true,
      (_d, i) => i < MAX_SHIFTS,
    );
  } catch {
    dates = [];
  }
  return dates
    .map((d) => new Date(d.getTime() - CHINA_MS))
    .filter((d) => d >= from && d < to)
    .map((d) => ({ starts_at: d, ends_at: new Date(d.getTime() + r.minutes * 60_000) }));
}

/** Adds the roster's shifts up to its weeks ahead (from now); returns how many were new. */
async function materialise(db: Db, r: q.RosterRow, now: Date) {
  const shifts = shiftsBetween(r, now, new Date(now.getTime() + r.weeks_ahead * 7 * DAY_MS));
  return q.insertShifts(db, r.community_id, r.id, shifts);
}

/** The daily job: every active roster's shifts kept ahead. */
export async function extendRosters(db: Db, now = new Date()) {
  let added = 0;
  for (const r of await q.activeRosters(db)) added += await materialise(db, r, now);
  return { added };
}

async function rosterWithTeam(db: Db, actor: Actor | null, communityId: number, rosterId: number) {
  const a = requireActor(actor);
  const r = await q.rosterById(db, communityId, rosterId);
  if (!r) throw notFound();
  const team = await teamAccess(db, a, communityId, r.team_id);
  if (!team?.read) throw notFound();
  return { a, r, team };
}

const roleOf = (a: Actor, team: TeamAccess) =>
  team.myRole === "leader" ? "team_leader" : primaryRole(reachOf(a, "volunteering.manage"));

export async function createRoster(db: Db, actor: Actor | null, communityId: number, input: TCreateRoster) {
  const a = requireActor(actor);
  const team = await teamAccess(db, a, communityId, input.teamId);
  if (!team) throw invalid("teamId", "志愿队伍不存在", "No such team");
  if (!team.manage) throw onlyManager();
  const now = new Date();
  const startsOn = input.startsOn ?? chinaToday(now);
  const rule = input.rule.toUpperCase();
  const row = {
    rule,
    start_time: input.startTime,
    minutes: input.minutes,
    starts_on: startsOn,
  };
  const horizon = new Date(now.getTime() + input.weeksAhead * 7 * DAY_MS);
  if (!shiftsBetween(row, now, horizon).length)
    throw invalid("rule", "按此规则在接下来几周内没有班次", "The rule gives no shift within the weeks ahead");
  return audited(db, async (trx) => {
    const { id } = await q.insertRoster(trx, {
      community_id: communityId,
      team_id: input.teamId,
      subject: input.subject,
      place: input.place,
      places: input.places,
      weeks_ahead: input.weeksAhead,
      created_by: a.userId,
      ...row,
    });
    const r = await q.rosterById(trx, communityId, id);
    const shifts = await materialise(trx, r!, now);
    return {
      result: { id, shifts },
      audit: {
        actorUserId: a.userId,
        actorRole: roleOf(a, team),
        communityId,
        action: "volunteering.roster.create",
        targetType: "vol_roster",
        targetId: id,
        after: { teamId: input.teamId, subject: input.subject, rule, startTime: input.startTime },
      },
    };
  });
}

async function summaries(db: Db, a: Actor, communityId: number, rosters: q.RosterRow[], now: Date) {
  const teams = new Map<number, TeamAccess | null>();
  for (const r of rosters)
    if (!teams.has(r.team_id)) teams.set(r.team_id, await teamAccess(db, a, communityId, r.team_id));
  const visible = rosters.filter((r) => teams.get(r.team_id)?.read);
  const horizon = new Date(now.getTime() + 12 * 7 * DAY_MS);
  const shifts = await q.shiftsOf(
    db,
    communityId,
    visible.map((r) => r.id),
    now,
    horizon,
  );
  const assigned = await q.assignmentsOf(
    db,
    communityId,
    shifts.map((s) => s.id),
  );
  const taken = new Map<number, number>();
  for (const x of assigned) taken.set(x.shift_id, (taken.get(x.shift_id) ?? 0) + 1);
  return visible.map((r) => {
    const team = teams.get(r.team_id)!;
    const mine = shifts.filter((s) => s.roster_id === r.id);
    return {
      id: r.id,
      teamId: r.team_id,
      teamName: team.name,
      subject: r.subject,
      place: r.place,
      rule: r.rule,
      startTime: r.start_time,
      minutes: r.minutes,
      places: r.places,
      nextShiftAt: mine[0]?.starts_at ?? null,
      openShifts: mine.filter((s) => (taken.get(s.id) ?? 0) < r.places).length,
      canManage: team.manage,
    };
  });
}

/** The community's rosters the caller may see: staff all, members their teams'. */
export async function listRosters(db: Db, actor: Actor | null, communityId: number) {
  const a = requireActor(actor);
  const rosters = await q.rostersOf(db, communityId);
  return { rosters: await summaries(db, a, communityId, rosters, new Date()) };
}

export async function readRoster(db: Db, actor: Actor | null, communityId: number, rosterId: number) {
  const { a, r, team } = await rosterWithTeam(db, actor, communityId, rosterId);
  const now = new Date();
  const [summary] = await summaries(db, a, communityId, [r], now);
  const shifts = await q.shiftsOf(
    db,
    communityId,
    [r.id],
    new Date(now.getTime() - PAST_MS),
    new Date(now.getTime() + r.weeks_ahead * 7 * DAY_MS + DAY_MS),
  );
  const ids = shifts.map((s) => s.id);
  const assigned = await q.assignmentsOf(db, communityId, ids);
  const noShows = team.manage
    ? await q.noShowsOf(
        db,
        communityId,
        team.members.map((m) => m.userId),
      )
    : new Map<number, number>();
  const swaps = team.manage ? await q.openSwapsOf(db, communityId, ids) : [];
  return {
    ...summary!,
    members: team.manage ? team.members.map((m) => ({ ...m, noShows: noShows.get(m.userId) ?? 0 })) : [],
    shifts: shifts.map((s) => {
      const on = assigned.filter((x) => x.shift_id === s.id);
      return {
        id: s.id,
        startsAt: s.starts_at,
        endsAt: s.ends_at,
        assigned: on.map((x) => ({
          assignmentId: x.id,
          userId: x.user_id,
          name: x.name,
          noShow: x.no_show,
        })),
        open: Math.max(0, r.places - on.length),
        mine: on.some((x) => x.user_id === a.userId),
      };
    }),
    swaps: swaps.map((w) => ({
      id: w.id,
      shiftId: w.shift_id,
      startsAt: shifts.find((s) => s.id === w.shift_id)!.starts_at,
      fromName: w.from_name,
      toName: w.to_name,
      note: w.note,
      requestedAt: w.requested_at,
    })),
  };
}

async function futureShift(db: Db, communityId: number, rosterId: number, shiftId: number) {
  const s = await q.shiftById(db, communityId, rosterId, shiftId);
  if (!s) throw notFound("班次不存在", "No such shift");
  if (s.starts_at <= new Date())
    throw new AppError("CONFLICT", {
      zh: "这个班次已经开始，不能再调整",
      en: "This shift has started and can no longer be changed",
    });
  return s;
}

const fmt = (d: Date) => new Date(d.getTime() + CHINA_MS).toISOString().slice(5, 16).replace("T", " ");

/** Adds a member to a shift with a place left (in its row lock); the caller has checked who may. */
async function addToShift(
  db: Db,
  a: Actor,
  r: q.RosterRow,
  team: TeamAccess,
  shift: { id: number; starts_at: Date },
  userId: number,
  action: string,
) {
  return audited(db, async (trx) => {
    await q.lockShift(trx, r.community_id, shift.id);
    const already = await q.assignmentOn(trx, r.community_id, shift.id, userId);
    if (already)
      return {
        result: {
          assignmentId: already.id,
          messageZh: "已在这个班次",
          messageEn: "Already on this shift",
        },
        audit: {
          actorUserId: a.userId,
          actorRole: roleOf(a, team),
          communityId: r.community_id,
          action: `${action}.repeat`,
          targetType: "vol_shift",
          targetId: shift.id,
        },
      };
    if ((await q.countAssigned(trx, r.community_id, shift.id)) >= r.places)
      throw new AppError("VOL_SHIFT_FULL");
    const row = await q.insertAssignment(trx, {
      community_id: r.community_id,
      shift_id: shift.id,
      user_id: userId,
      assigned_by: a.userId,
    });
    if (userId !== a.userId)
      await notify(trx, {
        userIds: [userId],
        communityId: r.community_id,
        kind: "volunteering.shift",
        titleZh: `值守安排：${r.subject} ${fmt(shift.starts_at)}`,
        titleEn: `Duty: ${r.subject} ${fmt(shift.starts_at)}`,
        link: "/m/volunteering/shifts",
      });
    return {
      result: { assignmentId: row!.id, messageZh: "已排班", messageEn: "Assigned" },
      audit: {
        actorUserId: a.userId,
        actorRole: roleOf(a, team),
        communityId: r.community_id,
        action,
        targetType: "vol_shift",
        targetId: shift.id,
        after: { userId },
      },
    };
  });
}

const notMember = () => invalid("userId", "这个人不是本队的队员", "This person is not a member of the team");

export async function assignShift(
  db: Db,
  actor: Actor | null,
  communityId: number,
  rosterId: number,
  shiftId: number,
  userId: number,
) {
  const { a, r, team } = await rosterWithTeam(db, actor, communityId, rosterId);
  if (!team.manage) throw onlyManager();
  const shift = await futureShift(db, communityId, rosterId, shiftId);
  if (!team.members.some((m) => m.userId === userId)) throw notMember();
  return addToShift(db, a, r, team, shift, userId, "volunteering.shift.assign");
}

/** A member takes a shift that has a place left. */
export async function takeShift(
  db: Db,
  actor: Actor | null,
  communityId: number,
  rosterId: number,
  shiftId: number,
) {
  const { a, r, team } = await rosterWithTeam(db, actor, communityId, rosterId);
  if (!team.myRole)
    throw new AppError("FORBIDDEN", {
      zh: "只有本队队员可以认领班次",
      en: "Only the team's members can take a shift",
    });
  const shift = await futureShift(db, communityId, rosterId, shiftId);
  const res = await addToShift(db, a, r, team, shift, a.userId, "volunteering.shift.take");
  return res.messageZh === "已排班" ? { ...res, messageZh: "已认领", messageEn: "Taken" } : res;
}

export async function unassignShift(
  db: Db,
  actor: Actor | null,
  communityId: number,
  rosterId: number,
  shiftId: number,
  userId: number,
) {
  const { a, team } = await rosterWithTeam(db, actor, communityId, rosterId);
  if (!team.manage) throw onlyManager();
  await futureShift(db, communityId, rosterId, shiftId);
  const on = await q.assignmentOn(db, communityId, shiftId, userId);
  if (!on) return { removed: false };
  return audited(db, async (trx) => {
    const gone = await q.deleteAssignment(trx, communityId, on.id);
    return {
      result: { removed: !!gone },
      audit: {
        actorUserId: a.userId,
        actorRole: roleOf(a, team),
        communityId,
        action: "volunteering.shift.unassign",
        targetType: "vol_shift",
        targetId: shiftId,
        before: { userId },
      },
    };
  });
}

/** A member on a shift asks a teammate to take it; the leader decides. */
export async function askSwap(
  db: Db,
  actor: Actor | null,
  communityId: number,
  rosterId: number,
  shiftId: number,
  input: { toUserId: number; note: string },
) {
  const { a, r, team } = await rosterWithTeam(db, actor, communityId, rosterId);
  const shift = await futureShift(db, communityId, rosterId, shiftId);
  const mine = await q.assignmentOn(db, communityId, shiftId, a.userId);
  if (!mine)
    throw new AppError("FORBIDDEN", {
      zh: "你不在这个班次上，不能申请换班",
      en: "You are not on this shift, so you cannot ask to swap it",
    });
  if (input.toUserId === a.userId || !team.members.some((m) => m.userId === input.toUserId))
    throw invalid("toUserId", "请选择本队的另一位队员", "Choose another member of the team");
  if (await q.assignmentOn(db, communityId, shiftId, input.toUserId))
    throw new AppError("CONFLICT", {
      zh: "对方已在这个班次上",
      en: "That member is already on this shift",
    });
  const row = await q.insertSwap(db, {
    community_id: communityId,
    assignment_id: mine.id,
    requested_by: a.userId,
    to_user_id: input.toUserId,
    note: input.note,
  });
  if (!row)
    throw new AppError("CONFLICT", {
      zh: "这个班次已有一份换班申请在等队长审批",
      en: "A swap request for this shift is already waiting for the leader",
    });
  const leaders = team.members.filter((m) => m.role === "leader").map((m) => m.userId);
  await notify(db, {
    userIds: [...leaders, input.toUserId],
    communityId,
    kind: "volunteering.swap",
    titleZh: `换班申请：${r.subject} ${fmt(shift.starts_at)}`,
    titleEn: `Swap request: ${r.subject} ${fmt(shift.starts_at)}`,
    link: "/m/volunteering/shifts",
  });
  return { swapId: row.id };
}

export async function decideSwap(
  db: Db,
  actor: Actor | null,
  communityId: number,
  rosterId: number,
  swapId: number,
  approve: boolean,
) {
  const { a, r, team } = await rosterWithTeam(db, actor, communityId, rosterId);
  if (!team.manage)
    throw new AppError("FORBIDDEN", {
      zh: "换班须由队长或社区工作人员审批",
      en: "A swap is approved by the team's leader or the community's staff",
    });
  const w = await q.swapById(db, communityId, rosterId, swapId);
  if (!w) throw notFound("换班申请不存在", "No such swap request");
  if (w.status !== "requested") throw new AppError("ALREADY_DECIDED");
  if (approve && w.starts_at <= new Date())
    throw new AppError("CONFLICT", {
      zh: "这个班次已经开始，不能再换班",
      en: "This shift has started; it can no longer be swapped",
    });
  return audited(db, async (trx) => {
    await q.lockShift(trx, communityId, w.shift_id);
    if (!(await q.decideSwap(trx, communityId, swapId, approve, a.userId)))
      throw new AppError("ALREADY_DECIDED");
    if (approve) {
      if (await q.assignmentOn(trx, communityId, w.shift_id, w.to_user_id))
        throw new AppError("CONFLICT", {
          zh: "对方已在这个班次上",
          en: "That member is already on this shift",
        });
      await q.moveAssignment(trx, communityId, w.assignment_id, w.to_user_id);
    }
    await notify(trx, {
      userIds: [w.requested_by, w.to_user_id],
      communityId,
      kind: "volunteering.swap",
      titleZh: `${approve ? "换班已批准" : "换班未批准"}：${r.subject} ${fmt(w.starts_at)}`,
      titleEn: `${approve ? "Swap approved" : "Swap refused"}: ${r.subject} ${fmt(w.starts_at)}`,
      link: "/m/volunteering/shifts",
    });
    return {
      result: { status: approve ? ("approved" as const) : ("refused" as const) },
      audit: {
        actorUserId: a.userId,
        actorRole: roleOf(a, team),
        communityId,
        action: approve ? "volunteering.swap.approve" : "volunteering.swap.refuse",
        targetType: "vol_shift_swap",
        targetId: swapId,
        after: { shiftId: w.shift_id, from: w.requested_by, to: w.to_user_id },
      },
    };
  });
}

/** After a shift, the leader records (or clears) a member's no-show. */
export async function recordNoShow(
  db: Db,
  actor: Actor | null,
  communityId: number,
  rosterId: number,
  shiftId: number,
  input: { userId: number; noShow: boolean },
) {
  const { a, team } = await rosterWithTeam(db, actor, communityId, rosterId);
  if (!team.manage) throw onlyManager();
  const s = await q.shiftById(db, communityId, rosterId, shiftId);
  if (!s) throw notFound("班次不存在", "No such shift");
  if (s.ends_at > new Date())
    throw new AppError("CONFLICT", {
      zh: "班次结束后才能登记缺勤",
      en: "A no-show is recorded after the shift has ended",
    });
  const on = await q.assignmentOn(db, communityId, shiftId, input.userId);
  if (!on) throw invalid("userId", "这个人不在这个班次上", "This person was not on this shift");
  return audited(db, async (trx) => {
    await q.setNoShow(trx, communityId, on.id, input.noShow, a.userId);
    return {
      result: { noShow: input.noShow },
      audit: {
        actorUserId: a.userId,
        actorRole: roleOf(a, team),
        communityId,
        action: input.noShow ? "volunteering.shift.no_show" : "volunteering.shift.no_show_clear",
        targetType: "vol_shift_assignment",
        targetId: on.id,
        after: { shiftId, userId: input.userId },
      },
    };
  });
}

/** 我的值守: my next shifts (with my open swap request and my teammates), open shifts of my teams. */
export async function myShifts(db: Db, actor: Actor | null) {
  const a = requireActor(actor);
  const now = new Date();
  const rows = await q.myAssignments(db, a.userId, now);
  const teamCache = new Map<string, TeamAccess | null>();
  const teamOf = async (communityId: number, teamId: number) => {
    const k = `${communityId}:${teamId}`;
    if (!teamCache.has(k)) teamCache.set(k, await teamAccess(db, a, communityId, teamId));
    return teamCache.get(k) ?? null;
  };
  const shifts = [];
  for (const x of rows) {
    const team = await teamOf(x.community_id, x.team_id);
    const swaps = await q.openSwapsOf(db, x.community_id, [x.shift_id]);
    const mine = swaps.find((w) => w.assignment_id === x.id);
    shifts.push({
      communityId: x.community_id,
      rosterId: x.roster_id,
      subject: x.subject,
      place: x.place,
      teamName: team?.name ?? "",
      shiftId: x.shift_id,
      assignmentId: x.id,
      startsAt: x.starts_at,
      endsAt: x.ends_at,
      swap: mine ? { id: mine.id, toName: mine.to_name } : null,
      teammates: (team?.members ?? [])
        .filter((m) => m.userId !== a.userId)
        .map((m) => ({ userId: m.userId, name: m.name })),
    });
  }
  const communities = new Set<number>(a.residencies.map((r) => r.communityId));
  for (const x of rows) communities.add(x.community_id);
  const open = [];
  const horizon = new Date(now.getTime() + 14 * DAY_MS);
  for (const c of [...communities].sort((x, y) => x - y)) {
    const teams = await activeTeamsOf(db, c, a.userId);
    const rowsOpen = await q.openShiftsOfTeams(
      db,
      c,
      teams.map((t) => t.teamId),
      now,
      horizon,
    );
    for (const s of rowsOpen) {
      const left = s.places - Number(s.taken ?? 0);
      if (left <= 0 || rows.some((x) => x.community_id === c && x.shift_id === s.id)) continue;
      const team = await teamOf(c, s.team_id);
      open.push({
        communityId: c,
        rosterId: s.roster_id,
        subject: s.subject,
        place: s.place,
        teamName: team?.name ?? "",
        shiftId: s.id,
        startsAt: s.starts_at,
        endsAt: s.ends_at,
        open: left,
      });
    }
  }
  return { shifts, open: open.slice(0, 30), noShows: await q.countNoShowsOfUser(db, a.userId) };
}

/**
 * The reminders of the day before: from 09:00 China time, every shift of tomorrow (and any later today
 * not yet reminded) is claimed once and its people notified in the same transaction.
 */
export async function remindShifts(db: Db, now = new Date()) {
  const china = new Date(now.getTime() + CHINA_MS);
  const startOfToday = Date.UTC(china.getUTCFullYear(), china.getUTCMonth(), china.getUTCDate()) - CHINA_MS;
  const before = new Date(startOfToday + (china.getUTCHours() >= 9 ? 2 : 1) * DAY_MS);
  let reminded = 0;
  for (;;) {
    const n = await db.transaction().execute(async (trx) => {
      const claimed = await q.claimReminders(trx, now, before, 200);
      const people = await q.remindersFor(trx, claimed);
      const byCommunity = new Map<number, typeof people>();
      for (const p of people)
        byCommunity.set(p.community_id, [...(byCommunity.get(p.community_id) ?? []), p]);
      for (const [communityId, list] of byCommunity)
        await notifyEach(trx, {
          communityId,
          kind: "volunteering.shift.reminder",
          items: list.map((p) => ({
            userId: p.user_id,
            titleZh: `值守提醒：${p.subject} ${fmt(p.starts_at)}`,
            titleEn: `Duty reminder: ${p.subject} ${fmt(p.starts_at)}`,
            bodyZh: p.place ? `地点：${p.place}` : "",
            bodyEn: p.place ? `Place: ${p.place}` : "",
            link: "/m/volunteering/shifts",
          })),
        });
      return claimed.length;
    });
    reminded += n;
    if (n < 200) break;
  }
  return { reminded };
}
