// Volunteering (DOMAIN T1–T2): teams with leaders, join requests the leader approves, alliances of
// teams; activities with capacity and a waiting list (sign-up and cancellation decide capacity under the
// activity's row lock, the first waiting person moves up in the same transaction); check-in and -out by
// the organiser's rotating code (access/sign-in-codes.ts, shared with meeting sign-in) or ticked by the
// organiser; hours certified once by the organiser (谁组织谁记录，谁记录谁证明, 民政部令第67号), corrected
// on the volunteer's request (audited); the volunteer's record (志愿服务条例 Art. 19) and certificates
// with a verification code; the record is disclosed to others only with the volunteer's consent
// (Art. 20), except the services of an organiser's own activities, and every such read is logged.
import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import { authorizeWithin, primaryRole, reachOf, requireActor } from "../../../access/authorize.ts";
import type { Actor } from "../../../access/reach.ts";
import { coversCommunity, touchesCommunity } from "../../../access/reach.ts";
import {
  checkRotatingCode,
  readPersonalCode,
  rotatingCodeAt,
  WINDOW_SECONDS,
} from "../../../access/sign-in-codes.ts";
import type { Config } from "../../../config.ts";
import type { DB } from "../../../db/schema.ts";
import { AppError } from "../../../errors.ts";
import { emitEvent } from "../../../events/outbox.ts";
import { recordAudit } from "../../core/audit/audit.service.ts";
import { maskPhone } from "../../core/privacy/pii.present.ts";
import { hoursCertified, hoursCorrected } from "./volunteering.events.ts";
import * as q from "./volunteering.queries.ts";
import type {
  TActivitiesQuery,
  TCertify,
  TCreateActivity,
  TCreateAlliance,
  TCreateTeam,
  TDecideCorrection,
  TTick,
} from "./volunteering.schema.ts";

type Db = Kysely<DB>;

/** Check-in opens 2 hours before the start and closes 12 hours after the end. */
const OPENS_BEFORE_MS = 2 * 3_600_000;
const CLOSES_AFTER_MS = 12 * 3_600_000;

export const checkPath = (communityId: number, activityId: number, code: string) =>
  `/m/volunteering/${activityId}/check?community=${communityId}&c=${code}`;

const notFound = (zh = "志愿活动不存在", en = "No such volunteer activity") =>
  new AppError("NOT_FOUND", { zh, en });
const invalid = (field: string, zh: string, en: string) =>
  new AppError("VALIDATION", { zh, en, details: [{ field, message: en }] });
const skillsOf = (j: unknown): string[] => (Array.isArray(j) ? j.map(String) : []);

const isStaff = (
  actor: Actor | null,
  communityId: number,
  perm: "volunteering.read" | "volunteering.manage",
) => !!actor && coversCommunity(reachOf(actor, perm), communityId);

function verifiedResident(a: Actor, communityId: number) {
  return a.residencies.some((r) => r.communityId === communityId && r.status === "verified");
}

function requireResident(a: Actor, communityId: number) {
  if (!verifiedResident(a, communityId))
    throw new AppError("FORBIDDEN", {
      zh: "只有本社区已认证的居民可以参加志愿服务",
      en: "Only verified residents of this community can volunteer here",
    });
}

/** Anyone who may read the community's teams and activities: its residents, its staff, its volunteers. */
async function requireReader(db: Db, actor: Actor | null, communityId: number) {
  const a = requireActor(actor);
  if (verifiedResident(a, communityId)) return a;
  if (touchesCommunity(reachOf(a, "volunteering.read"), communityId)) return a;
  if ((await q.activeRoleIn(db, communityId, a.userId)).length) return a;
  throw new AppError("OUT_OF_SCOPE");
}

// ---------------------------------------------------------------------------------------------
// teams and alliances (T1)

export async function createTeam(db: Db, actor: Actor | null, communityId: number, input: TCreateTeam) {
  const reach = authorizeWithin(actor, "volunteering.manage", communityId);
  const a = requireActor(actor);
  if (!coversCommunity(reach, communityId)) throw new AppError("OUT_OF_SCOPE");
  const leader = input.leaderUserId ?? a.userId;
  if (!(await q.userNames(db, [leader])).has(leader))
    throw invalid("leaderUserId", "队长账号不存在", "No such account for the leader");
  return db.transaction().execute(async (trx) => {
    const existing = (await q.teamsOf(trx, communityId)).find((t) => t.name === input.name);
    if (existing)
      throw new AppError("CONFLICT", { zh: "已有同名的志愿队伍", en: "A team of this name exists" });
    const { id } = await q.insertTeam(trx, {
      community_id: communityId,
      name: input.name,
      unit_name: input.unitName,
      description: input.description,
      skills: input.skills,
      created_by: a.userId,
    });
    await q.insertMember(trx, {
      community_id: communityId,
      team_id: id,
      user_id: leader,
      role: "leader",
      status: "active",
      decided_by: a.userId,
    });
    await recordAudit(trx, {
      actorUserId: a.userId,
      actorRole: primaryRole(reach),
      communityId,
      action: "volunteering.team.create",
      targetType: "vol_team",
      targetId: id,
      after: { name: input.name, leader },
    });
    return { id };
  });
}

export async function createAlliance(
  db: Db,
  actor: Actor | null,
  communityId: number,
  input: TCreateAlliance,
) {
  const reach = authorizeWithin(actor, "volunteering.manage", communityId);
  const a = requireActor(actor);
  const teams = new Set((await q.teamsOf(db, communityId)).map((t) => t.id));
  const ids = [...new Set(input.teamIds)];
  if (ids.some((id) => !teams.has(id)))
    throw invalid("teamIds", "联盟中有队伍不属于本社区", "A team of the alliance is not of this community");
  return db.transaction().execute(async (trx) => {
    const { id } = await q.insertAlliance(trx, communityId, input.name, input.description);
    await q.insertAllianceTeams(trx, communityId, id, ids);
    await recordAudit(trx, {
      actorUserId: a.userId,
      actorRole: primaryRole(reach),
      communityId,
      action: "volunteering.alliance.create",
      targetType: "vol_alliance",
      targetId: id,
      after: { name: input.name, teamIds: ids },
    });
    return { id };
  });
}

async function teamsView(db: Db, a: Actor, communityId: number, onlyTeamId?: number) {
  const manage = isStaff(a, communityId, "volunteering.manage");
  const all = await q.teamsOf(db, communityId);
  const teams = onlyTeamId ? all.filter((t) => t.id === onlyTeamId) : all;
  const members = await q.membersOfTeams(
    db,
    communityId,
    teams.map((t) => t.id),
  );
  const alliances = await q.alliancesOf(db, communityId);
  return teams.map((t) => {
    const ms = members.filter((m) => m.team_id === t.id);
    const mine = ms.find((m) => m.user_id === a.userId);
    const leads = mine?.role === "leader" && mine.status === "active";
    const canManage = manage || leads;
    return {
      id: t.id,
      name: t.name,
      unitName: t.unit_name,
      description: t.description,
      skills: skillsOf(t.skills),
      members: ms.filter((m) => m.status === "active").length,
      requests: canManage ? ms.filter((m) => m.status === "requested").length : 0,
      leaders: ms.filter((m) => m.role === "leader" && m.status === "active").map((m) => m.name),
      alliances: alliances.filter((x) => x.team_id === t.id).map((x) => x.name),
      myStatus: (mine?.status === "active" || mine?.status === "requested" ? mine.status : "none") as
        | "active"
        | "requested"
        | "none",
      myRole: mine?.status === "active" ? mine.role : null,
      canManage,
      people: canManage
        ? ms.map((m) => ({
            id: m.id,
            userId: m.user_id,
            name: m.name,
            phone: maskPhone(m.phone) ?? "",
            role: m.role,
            status: m.status,
            requestedAt: m.requested_at,
          }))
        : [],
    };
  });
}

export async function listTeams(db: Db, actor: Actor | null, communityId: number) {
  const a = await requireReader(db, actor, communityId);
  const teams = await teamsView(db, a, communityId);
  const rows = await q.alliancesOf(db, communityId);
  const names = new Map(teams.map((t) => [t.id, t.name]));
  const alliances = new Map<number, { id: number; name: string; teams: string[] }>();
  for (const r of rows) {
    const x = alliances.get(r.id) ?? { id: r.id, name: r.name, teams: [] };
    if (r.team_id != null) x.teams.push(names.get(r.team_id) ?? "");
    alliances.set(r.id, x);
  }
  return { teams: teams.map(({ people: _p, ...t }) => t), alliances: [...alliances.values()] };
}

export async function readTeam(db: Db, actor: Actor | null, communityId: number, teamId: number) {
  const a = await requireReader(db, actor, communityId);
  const [t] = await teamsView(db, a, communityId, teamId);
  if (!t) throw notFound("志愿队伍不存在", "No such team");
  return t;
}

export async function joinTeam(db: Db, actor: Actor | null, communityId: number, teamId: number) {
  const a = requireActor(actor);
  if (!(await q.teamById(db, communityId, teamId))) throw notFound("志愿队伍不存在", "No such team");
  requireResident(a, communityId);
  const inserted = await q.insertMember(db, {
    community_id: communityId,
    team_id: teamId,
    user_id: a.userId,
    role: "member",
    status: "requested",
  });
  if (!inserted) {
    const [t] = await teamsView(db, a, communityId, teamId);
    const active = t?.myStatus === "active";
    return {
      status: active ? ("active" as const) : ("requested" as const),
      messageZh: active ? "您已是队员" : "已申请，等待队长审核",
      messageEn: active ? "You are already a member" : "Requested; waiting for the leader",
    };
  }
  return {
    status: "requested" as const,
    messageZh: "已申请，等待队长审核",
    messageEn: "Requested; waiting for the leader",
  };
}

export async function decideMember(
  db: Db,
  actor: Actor | null,
  communityId: number,
  teamId: number,
  memberId: number,
  approve: boolean,
) {
  const a = requireActor(actor);
  const [t] = await teamsView(db, a, communityId, teamId).catch(() => []);
  if (!t) throw notFound("志愿队伍不存在", "No such team");
  if (!t.canManage)
    throw new AppError("FORBIDDEN", {
      zh: "只有队长或社区工作人员可以审核",
      en: "Only the leader or staff can decide",
    });
  const m = await q.memberById(db, communityId, teamId, memberId);
  if (!m) throw notFound("没有这条入队申请", "No such join request");
  if (m.status !== "requested") throw new AppError("ALREADY_DECIDED");
  await db.transaction().execute(async (trx) => {
    if (!(await q.decideMember(trx, communityId, memberId, approve, a.userId)))
      throw new AppError("ALREADY_DECIDED");
    await recordAudit(trx, {
      actorUserId: a.userId,
      actorRole: t.myRole === "leader" ? "team_leader" : primaryRole(reachOf(a, "volunteering.manage")),
      communityId,
      action: approve ? "volunteering.member.approve" : "volunteering.member.refuse",
      targetType: "vol_team_member",
      targetId: memberId,
      after: { teamId, userId: m.user_id },
    });
  });
  return { status: approve ? ("active" as const) : ("left" as const) };
}

// ---------------------------------------------------------------------------------------------
// activities (T2)

async function canManageActivity(
  db: Db,
  a: Actor,
  act: { community_id: number; organiser_id: number; team_id: number | null },
) {
  if (act.organiser_id === a.userId) return true;
  if (isStaff(a, act.community_id, "volunteering.manage")) return true;
  if (act.team_id == null) return false;
  const roles = await q.activeRoleIn(db, act.community_id, a.userId);
  return roles.some((r) => r.team_id === act.team_id && r.role === "leader");
}

async function managedActivity(db: Db, actor: Actor | null, communityId: number, activityId: number) {
  const a = requireActor(actor);
  const act = await q.activityById(db, communityId, activityId);
  if (!act) throw notFound();
  if (!(await canManageActivity(db, a, act)))
    throw new AppError("FORBIDDEN", {
      zh: "只有活动的组织者、队长或社区工作人员可以操作",
      en: "Only the activity's organiser, its team's leader or the community's staff can do this",
    });
  return { a, act };
}

export async function createActivity(
  db: Db,
  actor: Actor | null,
  communityId: number,
  input: TCreateActivity,
) {
  const a = requireActor(actor);
  const staff = isStaff(a, communityId, "volunteering.manage");
  if (input.teamId != null && !(await q.teamById(db, communityId, input.teamId)))
    throw invalid("teamId", "志愿队伍不存在", "No such team");
  if (!staff) {
    const leads = (await q.activeRoleIn(db, communityId, a.userId)).some(
      (r) => r.role === "leader" && r.team_id === input.teamId,
    );
    if (!leads)
      throw new AppError("FORBIDDEN", {
        zh: "只有社区工作人员或该队伍的队长可以发布志愿活动",
        en: "Only the community's staff or the team's leader can publish an activity",
      });
  }
  return db.transaction().execute(async (trx) => {
    const { id } = await q.insertActivity(trx, {
      community_id: communityId,
      team_id: input.teamId ?? null,
      organiser_id: a.userId,
      title: input.title,
      description: input.description,
      place: input.place,
      starts_at: input.startsAt,
      ends_at: input.endsAt,
      capacity: input.capacity,
      skills: input.skills,
    });
    await recordAudit(trx, {
      actorUserId: a.userId,
      actorRole: staff ? primaryRole(reachOf(a, "volunteering.manage")) : "team_leader",
      communityId,
      action: "volunteering.activity.create",
      targetType: "vol_activity",
      targetId: id,
      after: { title: input.title, capacity: input.capacity },
    });
    return { id };
  });
}

function presentActivity(
  r: q.ActivityRow,
  mine: { status: string; rank: number | null } | undefined,
  canManage: boolean,
) {
  return {
    id: r.id,
    title: r.title,
    place: r.place,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    capacity: r.capacity,
    signedUp: r.signed_up,
    waiting: Number(r.waiting ?? 0),
    skills: skillsOf(r.skills),
    teamName: r.team_name,
    organiserName: r.organiser_name,
    cancelled: r.cancelled,
    myStatus: (mine?.status === "signed" || mine?.status === "waiting" ? mine.status : "none") as
      | "signed"
      | "waiting"
      | "none",
    myWaitingPosition: mine?.status === "waiting" ? Number(mine.rank ?? 0) : null,
    canManage,
  };
}

export async function listActivities(
  db: Db,
  actor: Actor | null,
  communityId: number,
  filter: TActivitiesQuery,
) {
  const a = await requireReader(db, actor, communityId);
  const rows = await q.listActivities(db, communityId, filter);
  const mine = await q.mySignups(
    db,
    communityId,
    a.userId,
    rows.map((r) => r.id),
  );
  const staff = isStaff(a, communityId, "volunteering.manage");
  const leads = new Set(
    (await q.activeRoleIn(db, communityId, a.userId))
      .filter((r) => r.role === "leader")
      .map((r) => r.team_id),
  );
  return {
    activities: rows.map((r) => {
      const m = mine.find((s) => s.activity_id === r.id);
      const can = staff || r.organiser_id === a.userId || (r.team_id != null && leads.has(r.team_id));
      return presentActivity(r, m ? { status: m.status, rank: m.rank } : undefined, can);
    }),
  };
}

export async function readActivity(db: Db, actor: Actor | null, communityId: number, activityId: number) {
  const a = await requireReader(db, actor, communityId);
  const r = await q.activityById(db, communityId, activityId);
  if (!r) throw notFound();
  const [m] = await q.mySignups(db, communityId, a.userId, [activityId]);
  const att = await q.attendanceOf(db, communityId, activityId, a.userId);
  return {
    ...presentActivity(
      r,
      m ? { status: m.status, rank: m.rank } : undefined,
      await canManageActivity(db, a, r),
    ),
    description: r.description,
    myAttendance: att
      ? { id: att.id, checkInAt: att.check_in_at, checkOutAt: att.check_out_at, minutes: att.minutes }
      : null,
  };
}

/** Sign up: a place while there is one, else the end of the waiting list; decided under the row lock. */
export async function signUp(db: Db, actor: Actor | null, communityId: number, activityId: number) {
  const a = requireActor(actor);
  return db.transaction().execute(async (trx) => {
    const act = await q.lockActivity(trx, communityId, activityId);
    if (!act) throw notFound();
    requireResident(a, communityId);
    if (act.cancelled || act.ends_at < new Date())
      throw new AppError("CONFLICT", {
        zh: "活动已结束或已取消，不能报名",
        en: "The activity is over or cancelled",
      });
    const live = await q.liveSignup(trx, communityId, activityId, a.userId);
    if (live) {
      const [m] = await q.mySignups(trx, communityId, a.userId, [activityId]);
      return live.status === "signed"
        ? {
            status: "signed" as const,
            waitingPosition: null,
            messageZh: "您已报名",
            messageEn: "You have signed up",
          }
        : {
            status: "waiting" as const,
            waitingPosition: Number(m?.rank ?? 0),
            messageZh: "您已在候补名单中",
            messageEn: "You are on the waiting list",
          };
    }
    if (act.signed_up < act.capacity) {
      await q.insertSignup(trx, {
        community_id: communityId,
        activity_id: activityId,
        user_id: a.userId,
        status: "signed",
        waiting_position: null,
      });
      await q.addSigned(trx, communityId, activityId, 1);
      return {
        status: "signed" as const,
        waitingPosition: null,
        messageZh: "报名成功",
        messageEn: "Signed up",
      };
    }
    await q.insertSignup(trx, {
      community_id: communityId,
      activity_id: activityId,
      user_id: a.userId,
      status: "waiting",
      waiting_position: await q.nextWaitingPosition(trx, communityId, activityId),
    });
    const [m] = await q.mySignups(trx, communityId, a.userId, [activityId]);
    const pos = Number(m?.rank ?? 1);
    return {
      status: "waiting" as const,
      waitingPosition: pos,
      messageZh: `名额已满，您是候补第 ${pos} 位；有人取消时自动递补`,
      messageEn: `The activity is full: you are number ${pos} on the waiting list and move up when someone cancels`,
    };
  });
}

export async function cancelSignUp(db: Db, actor: Actor | null, communityId: number, activityId: number) {
  const a = requireActor(actor);
  return db.transaction().execute(async (trx) => {
    const act = await q.lockActivity(trx, communityId, activityId);
    if (!act) throw notFound();
    const live = await q.liveSignup(trx, communityId, activityId, a.userId);
    if (!live) return { cancelled: false, promoted: 0 };
    if (await q.attendanceOf(trx, communityId, activityId, a.userId))
      throw new AppError("CONFLICT", { zh: "已签到，不能取消报名", en: "Already checked in: cannot cancel" });
    await q.cancelSignup(trx, communityId, live.id);
    let promoted = 0;
    if (live.status === "signed") {
      await q.addSigned(trx, communityId, activityId, -1);
      if (await q.promoteFirstWaiting(trx, communityId, activityId)) {
        await q.addSigned(trx, communityId, activityId, 1);
        promoted = 1;
      }
    }
    return { cancelled: true, promoted };
  });
}

function checkOpen(act: { starts_at: Date; ends_at: Date; cancelled: boolean }, now: Date) {
  if (act.cancelled) throw new AppError("CONFLICT", { zh: "活动已取消", en: "The activity is cancelled" });
  if (
    now.getTime() < act.starts_at.getTime() - OPENS_BEFORE_MS ||
    now.getTime() > act.ends_at.getTime() + CLOSES_AFTER_MS
  )
    throw new AppError("CONFLICT", {
      zh: "不在签到时间内：活动开始前2小时至结束后12小时可签到签退",
      en: "Check-in is closed: it opens 2 hours before the start and closes 12 hours after the end",
    });
}

/** The organiser's screen: the code of this window, the page its QR code opens, the live counts. */
export async function checkScreen(
  db: Db,
  config: Config,
  actor: Actor | null,
  communityId: number,
  activityId: number,
) {
  const { act } = await managedActivity(db, actor, communityId, activityId);
  const now = new Date();
  checkOpen(act, now);
  const { code, expiresAt } = rotatingCodeAt(config, "volunteering", communityId, activityId, now);
  return {
    code,
    path: checkPath(communityId, activityId, code),
    windowSeconds: WINDOW_SECONDS,
    expiresAt,
    ...(await q.countChecks(db, communityId, activityId)),
  };
}

async function applyCheck(
  db: Db,
  communityId: number,
  activityId: number,
  userId: number,
  action: "in" | "out",
  method: "qr" | "organiser",
  by: number | null,
) {
  if (action === "in") {
    const row = await q.checkIn(db, {
      community_id: communityId,
      activity_id: activityId,
      user_id: userId,
      method,
      recorded_by: by,
    });
    return !!row;
  }
  const att = await q.attendanceOf(db, communityId, activityId, userId);
  if (!att)
    throw new AppError("CONFLICT", { zh: "尚未签到，不能签退", en: "Not checked in: cannot check out" });
  return !!(await q.checkOut(db, communityId, activityId, userId, method));
}

// Wrong codes per person and activity, kept in this process only: 10 per 5 minutes, then 429 (a
// 6-digit code that changes every 30 s cannot be guessed in that many tries).
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

/** A volunteer checks in or out with the code on the organiser's screen (scanned or typed). */
export async function checkWithCode(
  db: Db,
  config: Config,
  actor: Actor | null,
  communityId: number,
  activityId: number,
  input: { code: string; action: "in" | "out" },
) {
  const a = requireActor(actor);
  const act = await q.checkContext(db, communityId, activityId, a.userId);
  if (!act) throw notFound();
  if (act.signup_status !== "signed")
    throw new AppError("FORBIDDEN", {
      zh: "您没有报名此活动（或仍在候补）",
      en: "You have no place in this activity",
    });
  const now = new Date();
  const throttleKey = `${a.userId}:${communityId}:${activityId}`;
  checkThrottle(throttleKey, now.getTime());
  checkOpen(act, now);
  const verdict = checkRotatingCode(config, "volunteering", communityId, activityId, input.code, now);
  if (verdict !== "ok") {
    countWrong(throttleKey, now.getTime());
    throw new AppError(verdict === "expired" ? "SIGN_IN_CODE_EXPIRED" : "SIGN_IN_CODE_WRONG");
  }
  const done = await applyCheck(db, communityId, activityId, a.userId, input.action, "qr", null);
  const zh = input.action === "in" ? ["签到成功", "已签到"] : ["签退成功", "已签退"];
  const en =
    input.action === "in" ? ["Checked in", "Already checked in"] : ["Checked out", "Already checked out"];
  return {
    action: input.action,
    status: done ? ("done" as const) : ("already" as const),
    at: now,
    messageZh: done ? zh[0]! : zh[1]!,
    messageEn: done ? en[0]! : en[1]!,
  };
}

/** The organiser checks people in or out: ticked on the list, or a volunteer's personal code scanned. */
export async function tickAttendance(
  db: Db,
  config: Config,
  actor: Actor | null,
  communityId: number,
  activityId: number,
  input: TTick,
) {
  const { a, act } = await managedActivity(db, actor, communityId, activityId);
  const now = new Date();
  checkOpen(act, now);
  const ids = [...new Set(input.userIds)];
  if (input.token) {
    const read = readPersonalCode(config, input.token, now);
    if (read === "expired") throw new AppError("SIGN_IN_CODE_EXPIRED");
    if (read === "invalid")
      throw new AppError("SIGN_IN_CODE_WRONG", {
        zh: "无法识别的个人码",
        en: "This personal code is not recognised",
      });
    ids.push(read.userId);
  }
  for (const id of ids) {
    const live = await q.liveSignup(db, communityId, activityId, id);
    if (live?.status !== "signed")
      throw invalid("userIds", "名单中有人没有报名此活动", "Someone ticked has no place in this activity");
  }
  let done = 0;
  await db.transaction().execute(async (trx) => {
    for (const id of ids)
      if (await applyCheck(trx, communityId, activityId, id, input.action, "organiser", a.userId)) done++;
    await recordAudit(trx, {
      actorUserId: a.userId,
      actorRole: act.organiser_id === a.userId ? "organiser" : primaryRole(reachOf(a, "volunteering.manage")),
      communityId,
      action: input.action === "in" ? "volunteering.check_in" : "volunteering.check_out",
      targetType: "vol_activity",
      targetId: activityId,
      after: { userIds: ids, method: input.token ? "personal_code" : "ticked" },
    });
  });
  return { done, already: ids.length - done };
}

export async function attendanceList(db: Db, actor: Actor | null, communityId: number, activityId: number) {
  await managedActivity(db, actor, communityId, activityId);
  const rows = await q.rosterOf(db, communityId, activityId);
  const users = await q.userNames(
    db,
    rows.map((r) => (r.s_user ?? r.a_user)!),
  );
  const corrections = await q.openCorrectionsOf(
    db,
    communityId,
    rows.flatMap((r) => (r.attendance_id ? [r.attendance_id] : [])),
  );
  return {
    rows: rows
      .map((r) => {
        const userId = (r.s_user ?? r.a_user)!;
        const u = users.get(userId);
        const c = corrections.find((x) => x.attendance_id === r.attendance_id);
        return {
          userId,
          name: u?.name ?? "",
          phone: maskPhone(u?.phone) ?? "",
          signup: (r.status === "signed" || r.status === "waiting" ? r.status : "none") as
            | "signed"
            | "waiting"
            | "none",
          waitingPosition: r.waiting_position,
          attendanceId: r.attendance_id,
          checkInAt: r.check_in_at,
          checkOutAt: r.check_out_at,
          method: r.check_in_method,
          minutes: r.minutes,
          certifiedAt: r.certified_at,
          openCorrection: c ? { id: c.id, reason: c.reason } : null,
        };
      })
      .sort((x, y) => (x.waitingPosition ?? 0) - (y.waitingPosition ?? 0) || x.userId - y.userId),
  };
}

/** Hours = check-out − check-in unless stated; certified once (a repeat is refused: corrections exist for that). */
export async function certifyHours(
  db: Db,
  actor: Actor | null,
  communityId: number,
  activityId: number,
  input: TCertify,
) {
  const { a, act } = await managedActivity(db, actor, communityId, activityId);
  let certified = 0;
  await db.transaction().execute(async (trx) => {
    const entries: { attendanceId: number; minutes: number }[] = [];
    for (const e of input.entries) {
      const att = await q.attendanceById(trx, communityId, e.attendanceId);
      if (att?.activity_id !== activityId)
        throw invalid("entries", "签到记录不属于此活动", "An attendance is not of this activity");
      if (att.certified_at) throw new AppError("VOL_ALREADY_CERTIFIED");
      let minutes = e.minutes;
      if (minutes === undefined) {
        if (!att.check_out_at)
          throw invalid(
            "entries",
            "尚未签退，请先签退或填写时长",
            "Not checked out: check out first or state the minutes",
          );
        minutes = Math.min(
          1440,
          Math.floor((att.check_out_at.getTime() - att.check_in_at.getTime()) / 60_000),
        );
      }
      if (!(await q.certify(trx, communityId, att.id, minutes, a.userId)))
        throw new AppError("VOL_ALREADY_CERTIFIED");
      entries.push({ attendanceId: att.id, minutes });
      certified++;
    }
    if (entries.length > 0)
      await emitEvent(trx, hoursCertified, {
        communityId,
        aggregateId: activityId,
        actorUserId: a.userId,
        payload: { activityId, attendanceIds: entries.map((e) => e.attendanceId) },
      });
    await recordAudit(trx, {
      actorUserId: a.userId,
      actorRole: act.organiser_id === a.userId ? "organiser" : primaryRole(reachOf(a, "volunteering.manage")),
      communityId,
      action: "volunteering.certify",
      targetType: "vol_activity",
      targetId: activityId,
      after: { entries },
    });
  });
  return { certified };
}

export async function requestCorrection(
  db: Db,
  actor: Actor | null,
  communityId: number,
  attendanceId: number,
  reason: string,
) {
  const a = requireActor(actor);
  const att = await q.attendanceById(db, communityId, attendanceId);
  if (att?.user_id !== a.userId) throw notFound("没有这条服务记录", "No such service record");
  const row = await q.insertCorrection(db, {
    community_id: communityId,
    attendance_id: attendanceId,
    requested_by: a.userId,
    reason,
    old_minutes: att.minutes,
  });
  if (!row)
    throw new AppError("CONFLICT", {
      zh: "已有一条更正申请在处理中",
      en: "A correction request is already open",
    });
  return { id: row.id };
}

export async function decideCorrection(
  db: Db,
  actor: Actor | null,
  communityId: number,
  correctionId: number,
  input: TDecideCorrection,
) {
  const c = await q.correctionById(db, communityId, correctionId);
  if (!c) throw notFound("没有这条更正申请", "No such correction request");
  const { a, act } = await managedActivity(db, actor, communityId, c.activity_id);
  if (c.status !== "requested") throw new AppError("ALREADY_DECIDED");
  await db.transaction().execute(async (trx) => {
    const done = await q.decideCorrection(trx, communityId, correctionId, {
      status: input.refuse ? "refused" : "corrected",
      new_minutes: input.refuse ? null : input.minutes!,
      decided_by: a.userId,
      note: input.note,
    });
    if (!done) throw new AppError("ALREADY_DECIDED");
    if (!input.refuse) {
      await q.setMinutes(trx, communityId, c.attendance_id, input.minutes!, a.userId);
      await emitEvent(trx, hoursCorrected, {
        communityId,
        aggregateId: c.attendance_id,
        actorUserId: a.userId,
        payload: { activityId: c.activity_id, attendanceId: c.attendance_id },
      });
    }
    await recordAudit(trx, {
      actorUserId: a.userId,
      actorRole: act.organiser_id === a.userId ? "organiser" : primaryRole(reachOf(a, "volunteering.manage")),
      communityId,
      action: input.refuse ? "volunteering.correction.refuse" : "volunteering.correction",
      targetType: "vol_attendance",
      targetId: c.attendance_id,
      reason: input.note || null,
      before: { minutes: c.minutes },
      after: { minutes: input.refuse ? c.minutes : input.minutes },
    });
  });
  return { status: input.refuse ? ("refused" as const) : ("corrected" as const) };
}

/** A participant evaluates the activity; the organiser evaluates a volunteer (one each, a repeat overwrites). */
export async function evaluate(
  db: Db,
  actor: Actor | null,
  communityId: number,
  activityId: number,
  input: { score: number; comment: string; subjectUserId?: number },
) {
  const a = requireActor(actor);
  const act = await q.activityById(db, communityId, activityId);
  if (!act) throw notFound();
  if (input.subjectUserId != null) {
    if (!(await canManageActivity(db, a, act)))
      throw new AppError("FORBIDDEN", {
        zh: "只有组织者可以评价志愿者",
        en: "Only the organiser evaluates volunteers",
      });
    if (!(await q.attendanceOf(db, communityId, activityId, input.subjectUserId)))
      throw invalid("subjectUserId", "此人没有参加该活动", "This person did not take part");
  } else if (!(await q.attendanceOf(db, communityId, activityId, a.userId)))
    throw new AppError("FORBIDDEN", {
      zh: "参加了活动才能评价",
      en: "Only participants evaluate the activity",
    });
  return q.insertEvaluation(db, {
    community_id: communityId,
    activity_id: activityId,
    author_id: a.userId,
    subject_user_id: input.subjectUserId ?? null,
    score: input.score,
    comment: input.comment,
  });
}

// ---------------------------------------------------------------------------------------------
// the record and certificates (志愿服务条例 Art. 19–20)

async function recordOf(db: Db, communityId: number, userId: number, onlyOrganiser?: number) {
  const [names, services, teams, evaluations, consent] = await Promise.all([
    q.userNames(db, [userId]),
    q.servicesOf(db, communityId, userId),
    q.teamsOfUser(db, communityId, userId),
    q.evaluationsOf(db, communityId, userId),
    q.consentOf(db, communityId, userId),
  ]);
  const shown = onlyOrganiser == null ? services : services.filter((s) => s.organiser_id === onlyOrganiser);
  return {
    communityId,
    name: names.get(userId)?.name ?? "",
    consent,
    totalMinutes: shown.reduce((n, s) => n + (s.minutes ?? 0), 0),
    services: shown.map((s) => ({
      attendanceId: s.id,
      activityId: s.activity_id,
      title: s.title,
      place: s.place,
      startsAt: s.starts_at,
      checkInAt: s.check_in_at,
      checkOutAt: s.check_out_at,
      minutes: s.minutes,
      certifiedAt: s.certified_at,
      organiserName: s.organiser_name,
      teamName: s.team_name,
      correction: (s.correction ?? null) as "requested" | "corrected" | "refused" | null,
    })),
    teams: onlyOrganiser == null ? teams.map((t) => t.name) : [],
    evaluations: (onlyOrganiser == null
      ? evaluations
      : evaluations.filter((e) => e.organiser_id === onlyOrganiser)
    ).map((e) => ({ title: e.title, score: e.score, comment: e.comment })),
  };
}

/** The signed-in volunteer's own records, one per community where they volunteer. */
export async function myRecords(db: Db, actor: Actor | null) {
  const a = requireActor(actor);
  const communities = new Set(await q.communitiesOfVolunteer(db, a.userId));
  for (const r of a.residencies) if (r.status === "verified") communities.add(r.communityId);
  const records = [];
  for (const c of [...communities].sort((x, y) => x - y)) {
    const rec = await recordOf(db, c, a.userId);
    const certs = await q.certificatesOf(db, c, a.userId);
    const upcoming = await q.upcomingOf(db, c, a.userId);
    records.push({
      ...rec,
      certificates: certs.map((x) => ({
        id: x.id,
        code: x.code,
        issuedAt: x.issued_at,
        minutes: Number((x.content as { totalMinutes?: number }).totalMinutes ?? 0),
      })),
      upcoming: upcoming.map((u) => ({
        activityId: u.id,
        title: u.title,
        startsAt: u.starts_at,
        status: (u.status === "signed" ? "signed" : "waiting") as "signed" | "waiting",
      })),
    });
  }
  return { records };
}

export async function setMyConsent(db: Db, actor: Actor | null, communityId: number, consent: boolean) {
  const a = requireActor(actor);
  // only a volunteer of this community has a record there to disclose or withhold
  if (!(await q.isVolunteerIn(db, communityId, a.userId)))
    throw new AppError("FORBIDDEN", {
      zh: "你在这个社区没有志愿服务记录，无需设置授权",
      en: "You have no volunteering record in this community to set consent for",
    });
  await db.transaction().execute(async (trx) => {
    await q.setConsent(trx, communityId, a.userId, consent);
    await recordAudit(trx, {
      actorUserId: a.userId,
      actorRole: null,
      communityId,
      action: consent ? "volunteering.consent.give" : "volunteering.consent.withdraw",
      targetType: "app_user",
      targetId: a.userId,
    });
  });
  return { consent };
}

/**
 * Someone else's record (Art. 20: not disclosed without consent). With the volunteer's consent, the
 * community's staff and the leaders of the volunteer's teams read it whole; without it, an organiser (or
 * staff member) reads only the services of the activities they organised. Every read is logged.
 */
export async function volunteerRecord(db: Db, actor: Actor | null, communityId: number, userId: number) {
  const a = requireActor(actor);
  if (a.userId === userId) return { ...(await recordOf(db, communityId, userId)), partial: false };
  const consent = await q.consentOf(db, communityId, userId);
  const staff = isStaff(a, communityId, "volunteering.read");
  let leads = false;
  if (!staff) {
    const myLeads = (await q.activeRoleIn(db, communityId, a.userId)).filter((r) => r.role === "leader");
    const theirs = new Set((await q.activeRoleIn(db, communityId, userId)).map((r) => r.team_id));
    leads = myLeads.some((r) => theirs.has(r.team_id));
  }
  let rec: Awaited<ReturnType<typeof recordOf>>;
  let partial = false;
  if (consent && (staff || leads)) rec = await recordOf(db, communityId, userId);
  else {
    rec = await recordOf(db, communityId, userId, a.userId);
    partial = true;
    if (!rec.services.length)
      throw new AppError("FORBIDDEN", {
        zh: "未经志愿者本人同意，不能查看其志愿服务记录",
        en: "A volunteer's record is not shown to others without their consent",
      });
  }
  await recordAudit(db, {
    actorUserId: a.userId,
    actorRole: staff ? primaryRole(reachOf(a, "volunteering.read")) : leads ? "team_leader" : "organiser",
    communityId,
    action: "volunteering.record.read",
    targetType: "app_user",
    targetId: userId,
    after: { partial, consent },
  });
  return { ...rec, partial };
}

const CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
function newCode() {
  const bytes = randomBytes(12);
  return [...bytes].map((b) => CODE_ALPHABET[b % 32]).join("");
}

export type CertificateContent = {
  volunteerName: string;
  issuer: string;
  totalMinutes: number;
  services: { date: string; title: string; place: string; minutes: number }[];
};

const chinaDate = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/** The volunteer asks for a certificate: its content (certified services only) is frozen under a new code. */
export async function issueCertificate(db: Db, actor: Actor | null, communityId: number) {
  const a = requireActor(actor);
  const rec = await recordOf(db, communityId, a.userId);
  const services = rec.services.filter((s) => s.minutes != null && s.minutes > 0);
  if (!services.length)
    throw new AppError("CONFLICT", {
      zh: "还没有经组织者认定的服务时长，暂不能出具证明",
      en: "No certified hours yet: no certificate can be issued",
    });
  const community = await q.communityName(db, communityId);
  const content: CertificateContent = {
    volunteerName: rec.name,
    issuer: `${community?.name ?? ""}居民委员会`,
    totalMinutes: services.reduce((n, s) => n + (s.minutes ?? 0), 0),
    services: services.map((s) => ({
      date: chinaDate(s.startsAt),
      title: s.title,
      place: s.place,
      minutes: s.minutes!,
    })),
  };
  const row = await q.insertCertificate(db, {
    community_id: communityId,
    user_id: a.userId,
    code: newCode(),
    content,
    issued_by: a.userId,
  });
  return { id: row.id, code: row.code, issuedAt: row.issued_at, minutes: content.totalMinutes };
}

/** The owner's certificate (for the PDF). */
export async function myCertificate(db: Db, actor: Actor | null, communityId: number, certificateId: number) {
  const a = requireActor(actor);
  const c = await q.certificateById(db, communityId, certificateId);
  if (c?.user_id !== a.userId) throw notFound("证明不存在", "No such certificate");
  return { code: c.code, issuedAt: c.issued_at, content: c.content as CertificateContent };
}

/** Anyone checks a certificate by its code: only what the certificate states. */
export async function verifyCertificate(db: Db, code: string) {
  const rows = await q.certificatesByCode(db, code);
  if (rows.length !== 1) throw notFound("没有这个核验码的志愿服务记录证明", "No certificate with this code");
  const c = rows[0]!;
  const content = c.content as CertificateContent;
  return {
    code: c.code,
    issuedAt: c.issued_at,
    volunteerName: content.volunteerName,
    issuer: content.issuer,
    totalMinutes: content.totalMinutes,
    services: content.services.map((s) => ({
      date: s.date,
      title: s.title,
      place: s.place,
      minutes: s.minutes,
    })),
  };
}

/**
 * Certified attendances by id (for consumers of `volunteer_hours.*`, e.g. points earned by hours): who,
 * which activity, the certified minutes. Uncertified rows are left out.
 */
export async function certifiedAttendances(db: Db, communityId: number, ids: number[]) {
  const rows = await q.attendancesByIds(db, communityId, ids);
  return rows
    .filter((r) => r.certified_at != null && r.minutes != null)
    .map((r) => ({ id: r.id, activityId: r.activity_id, userId: r.user_id, minutes: r.minutes! }));
}

/**
 * Public figures (T5) for the board: volunteers who served, certified services and minutes in a period;
 * for communities also the active team members and teams (a grid counts the services of volunteers
 * living in it, and has no teams of its own).
 */
export const volunteeringFigures = (
  db: Db,
  scope: { communityIds: number[]; gridId?: number; from?: Date; to?: Date },
) => q.figuresOf(db, scope);
// ---------------------------------------------------------------------------------------------
// for the section's other modules (rosters, matching): teams and volunteers through this surface

export type TeamAccess = {
  id: number;
  name: string;
  skills: string[];
  /** the community's staff (volunteering.manage) or an active leader of the team */
  manage: boolean;
  /** the staff who read volunteering, or an active member of the team */
  read: boolean;
  myRole: "leader" | "member" | null;
  members: { userId: number; name: string; role: "leader" | "member" }[];
};

/** A team of the community with its active members and what the actor may do with it; null if none. */
export async function teamAccess(
  db: Db,
  actor: Actor,
  communityId: number,
  teamId: number,
): Promise<TeamAccess | null> {
  const team = await q.teamById(db, communityId, teamId);
  if (!team) return null;
  const ms = (await q.membersOfTeams(db, communityId, [teamId])).filter((m) => m.status === "active");
  const mine = ms.find((m) => m.user_id === actor.userId);
  const manage = isStaff(actor, communityId, "volunteering.manage") || mine?.role === "leader";
  return {
    id: team.id,
    name: team.name,
    skills: skillsOf(team.skills),
    manage,
    read: manage || !!mine || isStaff(actor, communityId, "volunteering.read"),
    myRole: mine?.role ?? null,
    members: ms.map((m) => ({ userId: m.user_id, name: m.name, role: m.role })),
  };
}

/** The teams a person is an active member (or leader) of in a community. */
export async function activeTeamsOf(db: Db, communityId: number, userId: number) {
  return (await q.activeRoleIn(db, communityId, userId)).map((r) => ({ teamId: r.team_id, role: r.role }));
}

/** Whether the actor holds a volunteering permission over the whole community. */
export function isVolunteeringStaff(
  actor: Actor | null,
  communityId: number,
  perm: "volunteering.read" | "volunteering.manage",
) {
  return isStaff(actor, communityId, perm);
}

/** The community's active team members (the volunteers matching ranks), with their teams' skills. */
export async function volunteersOf(db: Db, communityId: number) {
  const teams = await q.teamsOf(db, communityId);
  const members = (
    await q.membersOfTeams(
      db,
      communityId,
      teams.map((t) => t.id),
    )
  ).filter((m) => m.status === "active");
  const byUser = new Map<number, { userId: number; name: string; teams: string[]; skills: string[] }>();
  for (const m of members) {
    const t = teams.find((x) => x.id === m.team_id)!;
    const v = byUser.get(m.user_id) ?? { userId: m.user_id, name: m.name, teams: [], skills: [] };
    v.teams.push(t.name);
    for (const s of skillsOf(t.skills)) if (!v.skills.includes(s)) v.skills.push(s);
    byUser.set(m.user_id, v);
  }
  return [...byUser.values()];
}

/** Certified minutes per volunteer since a moment (fairness of load). */
export async function certifiedMinutesSince(db: Db, communityId: number, userIds: number[], since: Date) {
  return q.certifiedMinutesSince(db, communityId, userIds, since);
}

/**
 * The active members of the community's teams (for other modules that hand work to volunteers, e.g. the
 * canteen's meal deliveries by 帮跑团). No authorization: the caller authorizes first.
 */
export async function activeTeamMembers(db: Db, communityId: number) {
  const teams = await q.teamsOf(db, communityId);
  const names = new Map(teams.map((t) => [t.id, t.name]));
  const rows = await q.membersOfTeams(db, communityId, [...names.keys()]);
  return rows
    .filter((r) => r.status === "active")
    .map((r) => ({ userId: r.user_id, name: r.name, teamId: r.team_id, team: names.get(r.team_id) ?? "" }));
}
