// Matching (DOMAIN T4): for a need (a request of kind need, read through the requests module's service)
// the community's volunteers (active team members) are ranked by
//   skill — a skill of their teams or one they stated appears in the need's category or title (40);
//   nearness — the register's place tree: same building (30) > same estate (20) > same grid (10). The
//     life circle module exposes no building coordinates through its service, so no straight-line
//     distance is computed yet; the answer says which reading it used (`proximity: "place-tree"`);
//   availability — the weekdays and time bands they stated (我的志愿) cover one of the next three days
//     (15; unstated 5, stated but not then 0);
//   fairness — fewest certified minutes in the last 30 days first (up to 15, and the tie-breaker).
// Each suggestion carries its reasons in words (zh/en). Staff (volunteering.manage) assign, audited; the
// volunteer is notified and accepts or declines; a decliner is never suggested for that need again, and
// the need is open to the next suggestion at once (one live assignment per need: partial unique index).
import type { Kysely } from "kysely";
import { primaryRole, reachOf, requireActor } from "../../../access/authorize.ts";
import type { Actor } from "../../../access/reach.ts";
import type { DB } from "../../../db/schema.ts";
import { AppError } from "../../../errors.ts";
import { audited } from "../../core/audit/audit.service.ts";
import { notify } from "../../core/notifications/notifications.service.ts";
import { maskPublicText } from "../../core/privacy/pii.present.ts";
import { requestRow } from "../../voice/requests/requests.service.ts";
import {
  activeTeamsOf,
  certifiedMinutesSince,
  isVolunteeringStaff,
  volunteersOf,
} from "../volunteering/volunteering.service.ts";
import * as q from "./matching.queries.ts";
import type { BANDS, TAvailability } from "./matching.schema.ts";

type Db = Kysely<DB>;
type Band = (typeof BANDS)[number];
type Reason = { zh: string; en: string };

const CHINA_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
const BAND_ZH: Record<Band, string> = { morning: "上午", afternoon: "下午", evening: "晚上" };
const WEEKDAY_ZH = ["", "一", "二", "三", "四", "五", "六", "日"];
const WEEKDAY_EN = ["", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

const numbers = (j: unknown): number[] => (Array.isArray(j) ? j.map(Number).filter(Number.isInteger) : []);
const strings = (j: unknown): string[] => (Array.isArray(j) ? j.map(String) : []);

function requireStaff(actor: Actor | null, communityId: number) {
  const a = requireActor(actor);
  if (!isVolunteeringStaff(a, communityId, "volunteering.manage"))
    throw new AppError("FORBIDDEN", {
      zh: "只有社区工作人员可以为需求匹配志愿者",
      en: "Only the community's staff match volunteers to needs",
    });
  return a;
}

async function requireVolunteer(db: Db, actor: Actor | null, communityId: number) {
  const a = requireActor(actor);
  if (!(await activeTeamsOf(db, communityId, a.userId)).length)
    throw new AppError("FORBIDDEN", {
      zh: "加入本社区的志愿队伍后才能填写可服务时间",
      en: "Join one of the community's volunteer teams to state when you can serve",
    });
  return a;
}

// ---- availability (我的志愿) ----

export async function myAvailability(db: Db, actor: Actor | null, communityId: number) {
  const a = requireActor(actor);
  const volunteer = (await activeTeamsOf(db, communityId, a.userId)).length > 0;
  const [row] = await q.availabilityOf(db, communityId, [a.userId]);
  return {
    volunteer,
    stated: !!row,
    weekdays: numbers(row?.weekdays),
    bands: strings(row?.bands) as Band[],
    skills: strings(row?.skills),
  };
}

export async function setMyAvailability(
  db: Db,
  actor: Actor | null,
  communityId: number,
  input: TAvailability,
) {
  const a = await requireVolunteer(db, actor, communityId);
  await q.saveAvailability(db, {
    community_id: communityId,
    user_id: a.userId,
    weekdays: JSON.stringify([...new Set(input.weekdays)].sort()),
    bands: JSON.stringify([...new Set(input.bands)]),
    skills: JSON.stringify([...new Set(input.skills)]),
  });
  return myAvailability(db, a, communityId);
}

// ---- needs and suggestions ----

type NeedRow = Awaited<ReturnType<typeof q.needsOf>>[number];

const placeText = (n: {
  estate_name: string | null;
  building_name: string | null;
  address_text?: string | null;
}) => [n.estate_name, n.building_name].filter(Boolean).join(" ") || (n.address_text ?? "");

async function presentNeeds(db: Db, communityId: number, rows: NeedRow[]) {
  const assigned = await q.assignmentsOfNeeds(
    db,
    communityId,
    rows.map((r) => r.id),
  );
  return rows.map((r) => {
    const mine = assigned.filter((x) => x.request_id === r.id);
    const live = mine.find((x) => x.status !== "declined");
    return {
      requestId: r.id,
      title: r.title,
      categoryZh: r.category_zh,
      categoryEn: r.category_en,
      status: r.status,
      place: placeText(r),
      createdAt: r.created_at,
      assignment: live
        ? {
            id: live.id,
            userId: live.user_id,
            name: live.name,
            status: live.status as "assigned" | "accepted",
          }
        : null,
      declined: mine.filter((x) => x.status === "declined").length,
    };
  });
}

export async function listNeeds(db: Db, actor: Actor | null, communityId: number) {
  requireStaff(actor, communityId);
  return { needs: await presentNeeds(db, communityId, await q.needsOf(db, communityId)) };
}

/** The China-time weekday (1–7) of a moment. */
const weekdayOf = (d: Date) => {
  const w = new Date(d.getTime() + CHINA_MS).getUTCDay();
  return w === 0 ? 7 : w;
};

/** Ranks the community's volunteers for one need; pure over what was read. */
export function rank(
  need: {
    title: string;
    category_zh: string;
    category_code: string;
    building_id: number | null;
    estate_id: number | null;
    grid_id: number | null;
  },
  volunteers: {
    userId: number;
    name: string;
    teams: string[];
    skills: string[];
    home: { building_id: number; estate_id: number; grid_id: number | null } | null;
    availability: { weekdays: number[]; bands: string[] } | null;
    recentMinutes: number;
  }[],
  now: Date,
) {
  const maxMinutes = Math.max(1, ...volunteers.map((v) => v.recentMinutes));
  const nextDays = [0, 1, 2].map((i) => weekdayOf(new Date(now.getTime() + i * DAY_MS)));
  const text = `${need.title} ${need.category_zh} ${need.category_code}`;
  return volunteers
    .map((v) => {
      const reasons: Reason[] = [];
      let score = 0;
      const skill = v.skills.find(
        (s) => text.includes(s) || need.category_zh.includes(s) || s.includes(need.category_zh),
      );
      if (skill) {
        score += 40;
        reasons.push({ zh: `技能对口：${skill}`, en: `Skill matches: ${skill}` });
      }
      const h = v.home;
      if (h && need.building_id != null && h.building_id === need.building_id) {
        score += 30;
        reasons.push({ zh: "住在同一栋楼", en: "Lives in the same building" });
      } else if (h && need.estate_id != null && h.estate_id === need.estate_id) {
        score += 20;
        reasons.push({ zh: "住在同一小区", en: "Lives in the same estate" });
      } else if (h && need.grid_id != null && h.grid_id === need.grid_id) {
        score += 10;
        reasons.push({ zh: "住在同一网格", en: "Lives in the same grid" });
      }
      if (!v.availability) {
        score += 5;
        reasons.push({ zh: "未填写可服务时间", en: "Has not stated when they can serve" });
      } else {
        const day = nextDays.find((d) => v.availability!.weekdays.includes(d));
        if (day && v.availability.bands.length) {
          score += 15;
          const bands = v.availability.bands.map((b) => BAND_ZH[b as Band] ?? b).join("、");
          reasons.push({
            zh: `近三天可服务：周${WEEKDAY_ZH[day]}${bands}`,
            en: `Available in the next three days: ${WEEKDAY_EN[day]} ${v.availability.bands.join(", ")}`,
          });
        } else reasons.push({ zh: "近三天不在可服务时间", en: "Not available in the next three days" });
      }
      const fair = Math.round(15 * (1 - v.recentMinutes / maxMinutes));
      score += fair;
      const hours = Math.round((v.recentMinutes / 60) * 10) / 10;
      reasons.push(
        v.recentMinutes === 0
          ? {
              zh: "近30天还没有服务时长，优先安排",
              en: "No certified hours in the last 30 days: first in turn",
            }
          : { zh: `近30天已服务${hours}小时`, en: `${hours} certified hours in the last 30 days` },
      );
      return {
        userId: v.userId,
        name: v.name,
        teams: v.teams,
        score,
        recentMinutes: v.recentMinutes,
        reasons,
      };
    })
    .sort((x, y) => y.score - x.score || x.recentMinutes - y.recentMinutes || x.userId - y.userId);
}

async function openNeed(db: Db, communityId: number, requestId: number) {
  const [need] = await q.needsOf(db, communityId, requestId);
  if (!need) throw new AppError("NOT_FOUND", { zh: "没有这个待办需求", en: "No such open need" });
  return need;
}

export async function suggestionsFor(
  db: Db,
  actor: Actor | null,
  communityId: number,
  requestId: number,
  now = new Date(),
) {
  requireStaff(actor, communityId);
  const need = await openNeed(db, communityId, requestId);
  const submitter = (await requestRow(db, communityId, requestId)).submitter_user_id;
  const past = await q.assignmentsOfNeeds(db, communityId, [requestId]);
  const excluded = new Set(past.map((x) => x.user_id));
  if (submitter != null) excluded.add(submitter);
  const vols = (await volunteersOf(db, communityId)).filter((v) => !excluded.has(v.userId));
  const ids = vols.map((v) => v.userId);
  const [homes, avail, minutes] = await Promise.all([
    q.homesOf(db, communityId, ids),
    q.availabilityOf(db, communityId, ids),
    certifiedMinutesSince(db, communityId, ids, new Date(now.getTime() - 30 * DAY_MS)),
  ]);
  const ranked = rank(
    need,
    vols.map((v) => {
      const av = avail.find((x) => x.user_id === v.userId);
      return {
        ...v,
        skills: [...new Set([...v.skills, ...strings(av?.skills)])],
        home: homes.find((h) => h.user_id === v.userId) ?? null,
        availability: av ? { weekdays: numbers(av.weekdays), bands: strings(av.bands) } : null,
        recentMinutes: minutes.get(v.userId) ?? 0,
      };
    }),
    now,
  );
  const [summary] = await presentNeeds(db, communityId, [need]);
  return { need: summary!, proximity: "place-tree" as const, suggestions: ranked.slice(0, 20) };
}

export async function assignNeed(
  db: Db,
  actor: Actor | null,
  communityId: number,
  requestId: number,
  userId: number,
) {
  const a = requireStaff(actor, communityId);
  const { need, suggestions } = await suggestionsFor(db, a, communityId, requestId);
  const pick = suggestions.find((s) => s.userId === userId);
  if (!pick)
    throw new AppError("VALIDATION", {
      zh: "只能指派建议名单中的志愿者",
      en: "Assign one of the suggested volunteers",
      details: [{ field: "userId", message: "not among the suggestions" }],
    });
  if (need.assignment)
    throw new AppError("CONFLICT", {
      zh: "这个需求已指派给志愿者，等对方答复",
      en: "This need is already assigned; wait for the volunteer's answer",
    });
  return audited(db, async (trx) => {
    const row = await q.insertNeedAssignment(trx, {
      community_id: communityId,
      request_id: requestId,
      user_id: userId,
      reasons: JSON.stringify(pick.reasons),
      assigned_by: a.userId,
    });
    if (!row)
      throw new AppError("CONFLICT", {
        zh: "这个需求已指派给志愿者，等对方答复",
        en: "This need is already assigned; wait for the volunteer's answer",
      });
    await notify(trx, {
      userIds: [userId],
      communityId,
      kind: "volunteering.need",
      titleZh: `请您帮忙：${maskPublicText(need.title)}`,
      titleEn: `Can you help: ${maskPublicText(need.title)}`,
      bodyZh: need.place,
      bodyEn: need.place,
      link: "/m/volunteering/assignments",
    });
    return {
      result: { assignmentId: row.id },
      audit: {
        actorUserId: a.userId,
        actorRole: primaryRole(reachOf(a, "volunteering.manage")),
        communityId,
        action: "volunteering.need.assign",
        targetType: "request",
        targetId: requestId,
        after: { userId, score: pick.score },
      },
    };
  });
}

export async function answerNeed(
  db: Db,
  actor: Actor | null,
  communityId: number,
  assignmentId: number,
  accept: boolean,
) {
  const a = requireActor(actor);
  const x = await q.needAssignmentById(db, communityId, assignmentId);
  if (!x || x.user_id !== a.userId)
    throw new AppError("NOT_FOUND", { zh: "没有这条指派", en: "No such assignment" });
  return db.transaction().execute(async (trx) => {
    const done = await q.answerNeedAssignment(trx, communityId, assignmentId, accept);
    if (!done) throw new AppError("ALREADY_DECIDED");
    if (done.assigned_by != null)
      await notify(trx, {
        userIds: [done.assigned_by],
        communityId,
        kind: "volunteering.need",
        titleZh: accept ? "志愿者已接受指派" : "志愿者婉拒了指派，请选下一位",
        titleEn: accept ? "The volunteer accepted" : "The volunteer declined; choose the next one",
        link: "/staff/volunteering/matching",
      });
    return { status: accept ? ("accepted" as const) : ("declined" as const) };
  });
}

export async function myNeedAssignments(db: Db, actor: Actor | null) {
  const a = requireActor(actor);
  const rows = await q.myNeedAssignments(db, a.userId);
  const needs = await q.needsByIds(
    db,
    rows.map((r) => ({ communityId: r.community_id, id: r.request_id })),
  );
  return {
    assignments: rows.map((r) => {
      const n = needs.find((x) => x.community_id === r.community_id && x.id === r.request_id);
      return {
        id: r.id,
        communityId: r.community_id,
        requestId: r.request_id,
        title: maskPublicText(n?.title ?? ""),
        categoryZh: n?.category_zh ?? "",
        categoryEn: n?.category_en ?? "",
        place: n ? placeText(n) : "",
        status: r.status,
        assignedAt: r.assigned_at,
        reasons: (Array.isArray(r.reasons) ? r.reasons : []) as Reason[],
      };
    }),
  };
}
