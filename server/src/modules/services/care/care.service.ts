// Care for key groups (DOMAIN C5, 幸福敲门 / 双阳工程; issue 15): visit plans per care group, visit records
// (needs found become a private request on the resident's behalf), overdue visits flagged once per
// overdue period, and the daily check-in of enrolled residents with its sweep:
//   - at the resident's time (default 10:00 China time) with no check-in that day, ONE alert per resident
//     and day (unique row, claimed by INSERT … ON CONFLICT DO NOTHING RETURNING in the transaction of its
//     notices) to the building head(s) of their building and the grid worker(s) of their grid;
//   - nobody acknowledges (已上门 / 已联系) or closes it within an hour: ONE escalation to the community's
//     staff (claimed by UPDATE … SET escalated_at … RETURNING);
//   - a check-in that day or a visit recorded for the alert closes it; raised_at, acknowledged_at and
//     closed_at keep the time to answer.
// Care data is personal: staff read it only for residents inside their reach (care.read: a grid worker
// their grids, a building head their buildings, community staff the community); the resident reads their
// own and an enrolled family contact their relative's, by who they are.
import type { Kysely } from "kysely";
import {
  authorize,
  authorizeWithin,
  exportingActor,
  primaryRole,
  reachOf,
  requireActor,
} from "../../../access/authorize.ts";
import { type Actor, type PlaceRef, reaches } from "../../../access/reach.ts";
import type { Config } from "../../../config.ts";
import type { DB } from "../../../db/schema.ts";
import { AppError } from "../../../errors.ts";
import { emitEvent, emitEvents } from "../../../events/outbox.ts";
import { audited, recordAudit } from "../../core/audit/audit.service.ts";
import { shanghaiDay, startOfDay } from "../../core/calendar/calendar.service.ts";
import {
  attachmentDisposition,
  workbookBytes,
  writeWorkbook,
  XLSX_MIME,
} from "../../core/imports/imports.service.ts";
import { notify } from "../../core/notifications/notifications.service.ts";
import { scopeIdsOf } from "../../core/places/places.service.ts";
import { maskPhone } from "../../core/privacy/pii.present.ts";
import { communityStaffOf, gridWorkersOf } from "../../voice/requests/requests.service.ts";
import { submitRequest } from "../../voice/requests/requests-submit.service.ts";
import { careAlertsChanged, careVisitRecorded } from "./care.events.ts";
import {
  type CareState,
  careStateOf,
  hhmm,
  placeText,
  presentAlert,
  presentCareRow,
} from "./care.present.ts";
import * as q from "./care.queries.ts";
import type { TCareListQuery, TEnrol, TRecordVisit } from "./care.schema.ts";
import type { CheckinMethod } from "./care.tables.ts";

type Db = Kysely<DB>;

/** China day and minutes after China midnight of an instant. */
export function chinaClock(now: Date): { today: string; minutes: number; dayStart: Date } {
  const today = shanghaiDay(now);
  const dayStart = startOfDay(today);
  return { today, minutes: Math.floor((now.getTime() - dayStart.getTime()) / 60_000), dayStart };
}
const daysBefore = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);

const staffLink = (communityId: number, residentId: number) =>
  `/staff/care/${communityId}/residents/${residentId}`;

function placeRefOf(r: q.ResidentPlaceRow): PlaceRef {
  return {
    communityId: r.community_id,
    gridId: r.grid_id,
    estateId: r.estate_id,
    buildingId: r.building_id,
    unitId: r.unit_id,
  };
}

async function loadResident(db: Db, communityId: number, residentId: number) {
  const r = await q.residentWithPlace(db, communityId, residentId);
  if (!r || r.status === "rejected") throw new AppError("NOT_FOUND");
  return r;
}

const isSelf = (actor: Actor, communityId: number, residentId: number) =>
  actor.residencies.some((x) => x.communityId === communityId && x.residentId === residentId);

/** Whether the actor holds `permission` reaching the resident's place (no throw). */
function staffReaches(actor: Actor, permission: "care.read" | "care.visit", r: q.ResidentPlaceRow) {
  const reach = reachOf(actor, permission);
  return reach.roles.length > 0 && reaches(reach, placeRefOf(r)) ? reach : null;
}

// ---------------------------------------------------------------------------------------------
// visit plans

export async function listPlans(db: Db, actor: Actor | null, communityId: number, now = new Date()) {
  const reach = authorizeWithin(actor, "care.read", communityId);
  const { today, minutes } = chinaClock(now);
  const [plans, counts] = await Promise.all([
    q.plans(db, communityId),
    q.groupCounts(db, communityId, scopeIdsOf(reach, communityId), today, minutes),
  ]);
  const byTag = new Map(plans.map((p) => [p.care_tag, p.frequency_days]));
  const countOf = new Map(counts.map((c) => [c.tag, c]));
  return {
    plans: (
      [
        "living_alone",
        "empty_nest",
        "elderly_80_plus",
        "hardship",
        "disability",
        "left_behind_child",
      ] as const
    ).map((tag) => ({
      careTag: tag,
      frequencyDays: byTag.get(tag) ?? null,
      residents: Number(countOf.get(tag)?.residents ?? 0),
      overdue: Number(countOf.get(tag)?.overdue ?? 0),
    })),
  };
}

export async function setPlan(
  db: Db,
  actor: Actor | null,
  communityId: number,
  careTag: string,
  frequencyDays: number,
) {
  const reach = authorize(actor, "care.manage", { communityId });
  return audited(db, async (trx) => {
    const before = await q.planOf(trx, communityId, careTag);
    const row = await q.upsertPlan(trx, communityId, careTag, frequencyDays, actor!.userId);
    return {
      result: { careTag: row.care_tag as never, frequencyDays: row.frequency_days, residents: 0, overdue: 0 },
      audit: {
        actorUserId: actor!.userId,
        actorRole: primaryRole(reach),
        communityId,
        action: "care.plan_set",
        targetType: "care_plan",
        targetId: careTag,
        before: before ? { frequencyDays: before.frequency_days } : null,
        after: { frequencyDays },
      },
    };
  });
}

// ---------------------------------------------------------------------------------------------
// the staff list

export async function careResidents(
  db: Db,
  actor: Actor | null,
  communityId: number,
  f: TCareListQuery,
  now = new Date(),
) {
  const reach = authorizeWithin(actor, "care.read", communityId);
  const { today, minutes } = chinaClock(now);
  const rows = await q.careList(
    db,
    communityId,
    scopeIdsOf(reach, communityId),
    today,
    minutes,
    {
      ...(f.q ? { q: f.q } : {}),
      ...(f.careTag ? { careTag: f.careTag } : {}),
      ...(f.overdue ? { overdue: f.overdue === "true" } : {}),
      ...(f.enrolled ? { enrolled: f.enrolled === "true" } : {}),
      ...(f.missed ? { missed: f.missed === "true" } : {}),
    },
    { limit: f.pageSize, offset: (f.page - 1) * f.pageSize },
  );
  return { items: rows.map(presentCareRow), total: Number(rows[0]?.total ?? 0) };
}

const EXPORT_COLUMNS = [
  { header: "居民", width: 10 },
  { header: "电话", width: 14 },
  { header: "住址", width: 20 },
  { header: "关爱类别", width: 20 },
  { header: "上次走访", width: 12 },
  { header: "应走访", width: 12 },
  { header: "逾期", width: 6 },
  { header: "每日报平安", width: 10 },
  { header: "今日", width: 10 },
];
const TAG_ZH: Record<string, string> = {
  living_alone: "独居",
  empty_nest: "空巢",
  elderly_80_plus: "高龄",
  hardship: "困难",
  disability: "残疾",
  left_behind_child: "留守儿童",
};
const TODAY_ZH: Record<CareState, string> = {
  not_enrolled: "",
  checked_in: "已报平安",
  waiting: "待报平安",
  missed: "未报平安",
};

/** The care list as Excel with the list's filters (data.export and care.read; phones masked); audited. */
export async function exportCareResidents(
  db: Db,
  actor: Actor | null,
  communityId: number,
  f: TCareListQuery,
  now = new Date(),
) {
  const a = requireActor(actor);
  const exporter = exportingActor(a);
  const reach = authorizeWithin(exporter, "care.read", communityId);
  const list = await careResidents(
    db,
    exporter,
    communityId,
    { ...f, page: 1, pageSize: 50_000 } as TCareListQuery,
    now,
  );
  await recordAudit(db, {
    actorUserId: a.userId,
    actorRole: primaryRole(reach),
    communityId,
    action: "data.export",
    targetType: "care_residents",
    targetId: "xlsx",
    after: {
      format: "xlsx",
      filters: f,
      rows: list.items.length,
      scope: scopeIdsOf(reach, communityId) ?? "community",
    },
  });
  const body = await workbookBytes((sink) =>
    writeWorkbook(
      { name: "关爱对象", columns: EXPORT_COLUMNS },
      list.items.map((r) => [
        r.name,
        r.phone,
        r.place,
        r.careTags.map((t) => TAG_ZH[t] ?? t).join("、"),
        r.lastVisitOn ?? "",
        r.nextVisitDue ?? "",
        r.overdue ? "是" : "",
        r.deadline ?? "",
        TODAY_ZH[r.today],
      ]),
      sink,
    ),
  );
  const { today } = chinaClock(now);
  return {
    contentType: XLSX_MIME,
    disposition: attachmentDisposition(`care-${communityId}-${today}.xlsx`, `关爱对象-${today}.xlsx`),
    rows: list.items.length,
    body,
  };
}

// ---------------------------------------------------------------------------------------------
// one resident's care record

export async function careRecord(
  db: Db,
  actor: Actor | null,
  communityId: number,
  residentId: number,
  now = new Date(),
) {
  const a = requireActor(actor);
  const r = await loadResident(db, communityId, residentId);
  const staff = staffReaches(a, "care.read", r);
  if (
    !staff &&
    !isSelf(a, communityId, residentId) &&
    !(await q.isContact(db, communityId, residentId, a.userId))
  ) {
    // the same answer whether or not the resident exists elsewhere in the reach
    if (reachOf(a, "care.read").roles.length > 0) throw new AppError("OUT_OF_SCOPE");
    throw new AppError("FORBIDDEN");
  }
  const { today, minutes } = chinaClock(now);
  const from = daysBefore(today, 13);
  const [enrolment, contacts, checkins, visits, alerts] = await Promise.all([
    q.enrolmentOf(db, communityId, residentId),
    q.contactsOf(db, communityId, residentId),
    q.recentCheckins(db, communityId, residentId, from),
    q.recentVisits(db, communityId, residentId),
    q.alertsOfResident(db, communityId, residentId, from),
  ]);
  const checkedToday = checkins.some((c) => c.day === today);
  return {
    residentId,
    name: r.name,
    place: placeText(r),
    careTags: r.care_tags as never[],
    enrolment: enrolment
      ? {
          deadline: hhmm(enrolment.deadline_minutes),
          consentBy: enrolment.consent_by,
          consentAt: enrolment.consent_at,
          contacts: contacts.map((c) => ({
            name: c.name,
            phone: maskPhone(c.phone) ?? "",
            relation: c.relation,
          })),
        }
      : null,
    today: careStateOf(enrolment?.deadline_minutes ?? null, checkedToday, minutes),
    checkins: checkins.map((c) => ({ id: c.id, day: c.day, at: c.at, method: c.method, by: c.by_name })),
    visits: visits.map((v) => ({
      id: v.id,
      visitedOn: v.visited_on,
      visitor: v.visitor,
      health: v.health,
      gasSafe: v.gas_safe,
      electricitySafe: v.electricity_safe,
      notes: v.notes,
      needs: v.needs,
      requestId: v.request_id,
    })),
    alerts: alerts.map(presentAlert),
    canVisit: !!staffReaches(a, "care.visit", r),
  };
}

// ---------------------------------------------------------------------------------------------
// visits

/**
 * A grid worker, building head or community staff records a visit: health, gas and electricity
 * safety, notes; needs found become a private request (kind need, 养老服务) on the resident's behalf
 * through the requests module; a visit naming an alert (or any visit while one is open) closes it.
 * One transaction: a refused request stores no visit.
 */
export async function recordVisit(
  db: Db,
  config: Config,
  actor: Actor | null,
  communityId: number,
  residentId: number,
  input: TRecordVisit,
  now = new Date(),
) {
  const a = requireActor(actor);
  const r = await loadResident(db, communityId, residentId);
  const reach = authorize(a, "care.visit", placeRefOf(r));
  const { today } = chinaClock(now);
  const visitedOn = input.visitedOn ?? today;
  if (visitedOn > today)
    throw new AppError("VALIDATION", {
      zh: "走访日期不能晚于今天",
      en: "The visit date cannot be in the future",
    });
  return db.transaction().execute(async (trx) => {
    if (input.alertId != null) {
      const alert = await q.alertById(trx, communityId, input.alertId);
      if (!alert || alert.resident_id !== residentId) throw new AppError("NOT_FOUND");
      if (alert.closed_at) throw new AppError("CARE_ALERT_CLOSED");
    }
    let requestId: number | null = null;
    if (input.needs) {
      const submitted = await submitRequest(trx, config, a, communityId, {
        kind: "need",
        categoryCode: "elderly_care",
        title: `走访发现需求：${r.name}`.slice(0, 80),
        description: input.needs,
        place:
          r.household_id != null
            ? { type: "household", householdId: r.household_id }
            : { type: "point", address: "走访对象住址未登记" },
        isPublic: false,
        keepLocation: false,
        onBehalf: { channel: "door_visit", residentId },
      });
      requestId = submitted.id;
    }
    const { id } = await q.insertVisit(trx, {
      community_id: communityId,
      resident_id: residentId,
      visited_on: visitedOn,
      visitor_user_id: a.userId,
      visitor_role: primaryRole(reach) ?? "staff",
      health: input.health,
      gas_safe: input.gasSafe,
      electricity_safe: input.electricitySafe,
      notes: input.notes,
      needs: input.needs,
      request_id: requestId,
      alert_id: input.alertId ?? null,
    });
    const closed =
      visitedOn === today
        ? await q.closeOpenAlerts(trx, communityId, residentId, a.userId, "visit", input.alertId)
        : [];
    await emitEvent(trx, careVisitRecorded, {
      communityId,
      aggregateId: id,
      actorUserId: a.userId,
      payload: { closedAlertIds: closed.map((c) => c.id) },
    });
    return { id, requestId, alertClosed: closed.length > 0 };
  });
}

// ---------------------------------------------------------------------------------------------
// enrolment in the daily check-in

export async function enrol(db: Db, actor: Actor | null, communityId: number, input: TEnrol) {
  const a = requireActor(actor);
  const r = await loadResident(db, communityId, input.residentId);
  if (r.status !== "verified")
    throw new AppError("VALIDATION", {
      zh: "只能为已认证的居民登记每日报平安",
      en: "Only a verified resident can be enrolled in the daily check-in",
    });
  const reach = authorize(a, "care.manage", placeRefOf(r));
  const phones = [...new Set(input.contacts.map((c) => c.phone))];
  const users = await q.usersByPhone(db, phones);
  const idOf = new Map(users.map((u) => [u.phone, u.id]));
  const missing = phones.filter((p) => !idOf.has(p));
  if (missing.length)
    throw new AppError("VALIDATION", {
      zh: `以下家属手机号尚未注册邻里账号：${missing.map((p) => maskPhone(p)).join("、")}`,
      en: `These family members have no Linli account yet: ${missing.map((p) => maskPhone(p)).join(", ")}`,
      details: [{ path: ["contacts"], message: "no account for this phone" }],
    });
  const [h, m] = input.deadline.split(":").map(Number) as [number, number];
  const contacts = input.contacts.map((c) => ({ user_id: idOf.get(c.phone)!, relation: c.relation }));
  const unique = [...new Map(contacts.map((c) => [c.user_id, c])).values()];
  return audited(db, async (trx) => {
    await q.upsertEnrolment(trx, {
      community_id: communityId,
      resident_id: r.id,
      deadline_minutes: h * 60 + m,
      consent_by: input.consentBy,
      consent_note: input.consentNote,
      enrolled_by: a.userId,
    });
    await q.replaceContacts(trx, communityId, r.id, unique);
    return {
      result: { residentId: r.id, contacts: unique.length },
      audit: {
        actorUserId: a.userId,
        actorRole: primaryRole(reach),
        communityId,
        action: "care.enrol",
        targetType: "resident",
        targetId: r.id,
        after: { deadline: input.deadline, consentBy: input.consentBy, contacts: unique.length },
      },
    };
  });
}

// ---------------------------------------------------------------------------------------------
// check-in

/**
 * A check-in for today: by the resident (我很好), an enrolled family contact, or staff reaching the
 * resident (a building head, a grid worker; `phoneCall` logs a phone call). Someone not enrolled is
 * refused (409 CARE_NOT_ENROLLED) and nothing is stored. Today's open alert closes.
 */
export async function checkIn(
  db: Db,
  actor: Actor | null,
  communityId: number,
  residentId: number,
  input: { phoneCall: boolean; note: string },
  now = new Date(),
) {
  const a = requireActor(actor);
  const r = await loadResident(db, communityId, residentId);
  let method: CheckinMethod;
  const staff = staffReaches(a, "care.visit", r);
  if (input.phoneCall) {
    if (!staff) throw new AppError(reachOf(a, "care.visit").roles.length ? "OUT_OF_SCOPE" : "FORBIDDEN");
    method = "phone";
  } else if (isSelf(a, communityId, residentId)) method = "self";
  else if (await q.isContact(db, communityId, residentId, a.userId)) method = "family";
  else if (staff) method = staff.roles.includes("building_head") ? "building_head" : "staff";
  else throw new AppError(reachOf(a, "care.visit").roles.length ? "OUT_OF_SCOPE" : "FORBIDDEN");
  const enrolment = await q.enrolmentOf(db, communityId, residentId);
  if (!enrolment) throw new AppError("CARE_NOT_ENROLLED");
  const { today } = chinaClock(now);
  return db.transaction().execute(async (trx) => {
    const c = await q.insertCheckin(trx, {
      community_id: communityId,
      resident_id: residentId,
      day: today,
      by_user_id: a.userId,
      method,
      note: input.note,
    });
    const closed = await q.closeOpenAlerts(trx, communityId, residentId, a.userId, "checked_in");
    if (closed.length > 0)
      await emitEvent(trx, careAlertsChanged, {
        communityId,
        aggregateId: closed[0]!.id,
        actorUserId: a.userId,
        payload: { alertIds: closed.map((c) => c.id), change: "closed" },
      });
    return { id: c.id, day: today, method, alertClosed: closed.length > 0 };
  });
}

// ---------------------------------------------------------------------------------------------
// alerts

export async function listAlerts(db: Db, actor: Actor | null, communityId: number, open: boolean) {
  const reach = authorizeWithin(actor, "care.read", communityId);
  const rows = await q.alertsList(db, communityId, scopeIdsOf(reach, communityId), open);
  return { alerts: rows.map(presentAlert) };
}

/** 已上门 / 已联系: the first answer to an alert (once); stops its escalation. */
export async function acknowledgeAlert(
  db: Db,
  actor: Actor | null,
  communityId: number,
  alertId: number,
  kind: "visited" | "contacted",
) {
  const a = requireActor(actor);
  const alert = await q.alertById(db, communityId, alertId);
  if (!alert) throw new AppError("NOT_FOUND");
  const r = await loadResident(db, communityId, alert.resident_id);
  authorize(a, "care.visit", placeRefOf(r));
  await db.transaction().execute(async (trx) => {
    const done = await q.acknowledgeAlert(trx, communityId, alertId, a.userId, kind);
    if (!done) throw new AppError("CARE_ALERT_CLOSED");
    await emitEvent(trx, careAlertsChanged, {
      communityId,
      aggregateId: alertId,
      actorUserId: a.userId,
      payload: { alertIds: [alertId], change: "acknowledged" },
    });
  });
  const rows = await q.alertsOfResident(db, communityId, alert.resident_id, "1970-01-01");
  return presentAlert(rows.find((x) => x.id === alertId)!);
}

// ---------------------------------------------------------------------------------------------
// mine: the resident's own enrolment (the home page's 我很好) and the relatives a family member follows

export async function myCare(db: Db, actor: Actor | null, now = new Date()) {
  const a = requireActor(actor);
  const { today, minutes } = chinaClock(now);
  const keys = a.residencies.map((r) => ({ communityId: r.communityId, residentId: r.residentId }));
  const [own, relatives] = await Promise.all([
    q.myEnrolments(db, keys, today),
    q.myRelatives(db, a.userId, today),
  ]);
  const from = daysBefore(today, 6);
  return {
    enrolled: own.map((e) => ({
      communityId: e.community_id,
      residentId: e.resident_id,
      deadline: hhmm(e.deadline_minutes),
      checkedInToday: e.checked_in,
    })),
    relatives: await Promise.all(
      relatives.map(async (x) => ({
        communityId: x.community_id,
        residentId: x.resident_id,
        name: x.name,
        relation: x.relation,
        deadline: hhmm(x.deadline_minutes),
        today: careStateOf(x.deadline_minutes, x.checked_in, minutes),
        checkins: (await q.recentCheckins(db, x.community_id, x.resident_id, from)).map((c) => ({
          id: c.id,
          day: c.day,
          at: c.at,
          method: c.method,
          by: c.by_name,
        })),
      })),
    ),
  };
}

// ---------------------------------------------------------------------------------------------
// the sweep (job care-sweep, every minute)

export interface CareSweepResult {
  alerts: number;
  escalations: number;
  overdueNotices: number;
}

const BATCH = 200;

/** One sweep: missed check-ins alerted, unanswered alerts escalated, overdue visits flagged. Safe to run concurrently. */
export async function sweepCare(db: Db, opts: { now?: Date } = {}): Promise<CareSweepResult> {
  const now = opts.now ?? new Date();
  const { today, minutes, dayStart } = chinaClock(now);
  const result: CareSweepResult = { alerts: 0, escalations: 0, overdueNotices: 0 };
  for (;;) {
    const n = await db.transaction().execute(async (trx) => {
      const rows = await q.raiseMissed(trx, today, dayStart, minutes, BATCH);
      for (const x of rows) await announceMissed(trx, x);
      const byCommunity = new Map<number, typeof rows>();
      for (const x of rows) byCommunity.set(x.community_id, [...(byCommunity.get(x.community_id) ?? []), x]);
      if (rows.length > 0)
        await emitEvents(
          trx,
          [...byCommunity].map(([communityId, xs]) => ({
            def: careAlertsChanged,
            event: {
              communityId,
              aggregateId: xs[0]!.id,
              payload: { alertIds: xs.map((x) => x.id), change: "raised" },
            },
          })),
        );
      return rows.length;
    });
    result.alerts += n;
    if (n < BATCH) break;
  }
  for (;;) {
    const n = await db.transaction().execute(async (trx) => {
      const rows = await q.claimEscalations(trx, BATCH);
      for (const x of rows) await announceEscalation(trx, x);
      return rows.length;
    });
    result.escalations += n;
    if (n < BATCH) break;
  }
  for (;;) {
    const n = await db.transaction().execute(async (trx) => {
      const rows = await q.claimOverdue(trx, today, BATCH);
      await announceOverdue(trx, rows);
      return rows.length;
    });
    result.overdueNotices += n;
    if (n < BATCH) break;
  }
  return result;
}

async function announceMissed(trx: Db, x: q.RaisedAlert) {
  const heads = await q.buildingHeadsOf(trx, x.community_id, x.building_id);
  const grid = await gridWorkersOf(trx, x.community_id, x.grid_id);
  const where = placeText(x);
  await notify(trx, {
    userIds: [...heads, ...grid],
    communityId: x.community_id,
    kind: "care.missed_checkin",
    titleZh: `${x.name}今天还没有报平安`,
    titleEn: `${x.name} has not checked in today`,
    bodyZh: `${where}。请上门或电话联系，并在关爱看板点“已上门”或“已联系”；一小时内无人处理将上报社区。`,
    bodyEn: `${where}. Please knock or call, then mark it "visited" or "contacted" on the care dashboard; unanswered within an hour it goes to the community staff.`,
    link: staffLink(x.community_id, x.resident_id),
  });
}

async function announceEscalation(trx: Db, x: q.RaisedAlert) {
  const staff = await communityStaffOf(trx, x.community_id);
  await notify(trx, {
    userIds: staff,
    communityId: x.community_id,
    kind: "care.missed_checkin_escalated",
    titleZh: `一小时无人处理：${x.name}未报平安`,
    titleEn: `Unanswered for an hour: ${x.name} missed the check-in`,
    bodyZh: `${placeText(x)}。楼栋长和网格员一小时内没有回应，请社区立即联系。`,
    bodyEn: `${placeText(x)}. Neither the building head nor the grid worker answered within an hour; please act now.`,
    link: staffLink(x.community_id, x.resident_id),
  });
}

async function announceOverdue(trx: Db, rows: q.OverdueClaim[]) {
  const groups = new Map<string, q.OverdueClaim[]>();
  for (const r of rows) {
    const k = `${r.community_id}:${r.grid_id ?? ""}`;
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  for (const list of groups.values()) {
    const first = list[0]!;
    const workers = await gridWorkersOf(trx, first.community_id, first.grid_id);
    const names = list.map((r) => r.name);
    const shown = names.slice(0, 10).join("、") + (names.length > 10 ? ` 等 ${names.length} 人` : "");
    await notify(trx, {
      userIds: workers,
      communityId: first.community_id,
      kind: "care.visit_overdue",
      titleZh: `${names.length} 位关爱对象走访逾期`,
      titleEn: `${names.length} residents are overdue for a care visit`,
      bodyZh: `请安排走访：${shown}`,
      bodyEn: `Please visit: ${names.slice(0, 10).join(", ")}${names.length > 10 ? ` and ${names.length - 10} more` : ""}`,
      link: `/staff/care/${first.community_id}?overdue=true`,
    });
  }
}
