// All SQL of the care module (C5). Days come in as China calendar days computed by the service, and a
// time of day as minutes after midnight, so no time-zone arithmetic happens here except turning a
// timestamp into its China day.
import { type Kysely, sql } from "kysely";
import { householdInScope, type ScopeIds } from "../../../db/place-scope.ts";
import type { DB } from "../../../db/schema.ts";
import type { CheckinMethod } from "./care.tables.ts";

export const CARE_TAG_LIST = sql.lit(
  "{living_alone,empty_nest,elderly_80_plus,hardship,disability,left_behind_child}",
);

/** A resident with the place they live at (for the reach check) and a readable address. */
export async function residentWithPlace(db: Kysely<DB>, communityId: number, residentId: number) {
  return db
    .selectFrom("resident as r")
    .leftJoin("household as h", (j) =>
      j.onRef("h.community_id", "=", "r.community_id").onRef("h.id", "=", "r.household_id"),
    )
    .leftJoin("building as b", (j) =>
      j.onRef("b.community_id", "=", "h.community_id").onRef("b.id", "=", "h.building_id"),
    )
    .select([
      "r.community_id",
      "r.id",
      "r.name",
      "r.phone",
      "r.user_id",
      "r.status",
      "r.care_tags",
      "r.household_id",
      "h.grid_id",
      "h.building_id",
      "h.unit_id",
      "h.room",
      "b.estate_id",
      "b.name as building_name",
    ])
    .where("r.community_id", "=", communityId)
    .where("r.id", "=", residentId)
    .executeTakeFirst();
}
export type ResidentPlaceRow = NonNullable<Awaited<ReturnType<typeof residentWithPlace>>>;

// ---- plans ----

export async function upsertPlan(
  db: Kysely<DB>,
  communityId: number,
  careTag: string,
  frequencyDays: number,
  userId: number,
) {
  return db
    .insertInto("care_plan")
    .values({
      community_id: communityId,
      care_tag: careTag,
      frequency_days: frequencyDays,
      updated_by: userId,
    })
    .onConflict((oc) =>
      oc.columns(["community_id", "care_tag"]).doUpdateSet({
        frequency_days: frequencyDays,
        updated_by: userId,
        updated_at: sql`now()`,
      }),
    )
    .returning(["care_tag", "frequency_days"])
    .executeTakeFirstOrThrow();
}

export async function planOf(db: Kysely<DB>, communityId: number, careTag: string) {
  return db
    .selectFrom("care_plan")
    .selectAll()
    .where("community_id", "=", communityId)
    .where("care_tag", "=", careTag)
    .executeTakeFirst();
}

// The care state of each key-group resident: the shortest frequency of their groups' plans, the last
// visit, the next visit due (last visit + frequency; never visited: due from the day the plan was set),
// enrolment, today's check-in and the open alert. `today` and `nowMinutes` are China time.
function careRows(
  db: Kysely<DB>,
  communityId: number,
  scope: ScopeIds | null,
  today: string,
  nowMinutes: number,
) {
  return db
    .selectFrom("resident as r")
    .leftJoin("household as h", (j) =>
      j.onRef("h.community_id", "=", "r.community_id").onRef("h.id", "=", "r.household_id"),
    )
    .leftJoin("building as b", (j) =>
      j.onRef("b.community_id", "=", "h.community_id").onRef("b.id", "=", "h.building_id"),
    )
    .leftJoin("care_enrolment as e", (j) =>
      j
        .onRef("e.community_id", "=", "r.community_id")
        .onRef("e.resident_id", "=", "r.id")
        .on("e.status", "=", "active"),
    )
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom("care_plan as p")
          .select([
            sql<number | null>`min(p.frequency_days)`.as("freq"),
            sql<string | null>`to_char(min(p.created_at at time zone 'Asia/Shanghai'), 'YYYY-MM-DD')`.as(
              "plan_day",
            ),
          ])
          .whereRef("p.community_id", "=", "r.community_id")
          .where(sql<boolean>`p.care_tag = any(r.care_tags)`)
          .as("pl"),
      (j) => j.onTrue(),
    )
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom("care_visit as v")
          .select(sql<string | null>`to_char(max(v.visited_on), 'YYYY-MM-DD')`.as("last_visit"))
          .whereRef("v.community_id", "=", "r.community_id")
          .whereRef("v.resident_id", "=", "r.id")
          .as("lv"),
      (j) => j.onTrue(),
    )
    .where("r.community_id", "=", communityId)
    .where("r.status", "=", "verified")
    .where((eb) =>
      eb.or([sql<boolean>`r.care_tags && ${CARE_TAG_LIST}::text[]`, eb("e.resident_id", "is not", null)]),
    )
    .where((eb) => (scope ? eb.and([eb("h.id", "is not", null), householdInScope(eb, scope)]) : eb.lit(true)))
    .select([
      "r.id as resident_id",
      "r.name",
      "r.phone",
      "r.care_tags",
      "h.room",
      "b.name as building_name",
      "e.deadline_minutes",
      "lv.last_visit",
      sql<
        string | null
      >`to_char(coalesce(lv.last_visit::date + pl.freq, pl.plan_day::date), 'YYYY-MM-DD')`.as("next_due"),
      sql<boolean>`coalesce(coalesce(lv.last_visit::date + pl.freq, pl.plan_day::date) < ${today}::date, false)`.as(
        "overdue",
      ),
      sql<boolean>`exists (select 1 from care_checkin c where c.community_id = r.community_id
        and c.resident_id = r.id and c.day = ${today}::date)`.as("checked_in"),
      sql<number | null>`(select a.id from care_alert a where a.community_id = r.community_id
        and a.resident_id = r.id and a.closed_at is null order by a.id desc limit 1)`.as("open_alert_id"),
      sql<boolean>`(e.resident_id is not null and e.deadline_minutes <= ${nowMinutes})`.as("past_deadline"),
    ]);
}

export async function careList(
  db: Kysely<DB>,
  communityId: number,
  scope: ScopeIds | null,
  today: string,
  nowMinutes: number,
  f: { q?: string; careTag?: string; overdue?: boolean; enrolled?: boolean; missed?: boolean },
  page: { limit: number; offset: number },
) {
  let base = db
    .selectFrom(careRows(db, communityId, scope, today, nowMinutes).as("x"))
    .selectAll("x")
    .select(sql<number>`count(*) over ()`.as("total"));
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    base = base.where((eb) => eb.or([eb("x.name", "like", like), eb("x.room", "like", like)]));
  }
  if (f.careTag) base = base.where(sql<boolean>`${f.careTag} = any(x.care_tags)`);
  if (f.overdue !== undefined) base = base.where("x.overdue", "=", f.overdue);
  if (f.enrolled !== undefined) base = base.where("x.deadline_minutes", f.enrolled ? "is not" : "is", null);
  if (f.missed !== undefined)
    base = base.where(
      sql<boolean>`(x.deadline_minutes is not null and x.past_deadline and not x.checked_in)`,
      "=",
      f.missed,
    );
  return base
    .orderBy(sql`x.open_alert_id is null`)
    .orderBy(sql`not x.overdue`)
    .orderBy("x.name")
    .orderBy("x.resident_id")
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}
export type CareListRow = Awaited<ReturnType<typeof careList>>[number];

/** Residents per group and of them overdue, within the reach (for the plans page). */
export async function groupCounts(
  db: Kysely<DB>,
  communityId: number,
  scope: ScopeIds | null,
  today: string,
  nowMinutes: number,
) {
  return db
    .selectFrom(careRows(db, communityId, scope, today, nowMinutes).as("x"))
    .innerJoinLateral(
      (eb) => eb.selectFrom(sql`unnest(x.care_tags)`.as("t")).select(sql<string>`t`.as("tag")).as("tg"),
      (j) => j.onTrue(),
    )
    .select([
      "tg.tag",
      sql<number>`count(*)::int`.as("residents"),
      sql<number>`count(*) filter (where x.overdue)::int`.as("overdue"),
    ])
    .groupBy("tg.tag")
    .execute();
}

export async function plans(db: Kysely<DB>, communityId: number) {
  return db.selectFrom("care_plan").selectAll().where("community_id", "=", communityId).execute();
}

// ---- one resident ----

export async function enrolmentOf(db: Kysely<DB>, communityId: number, residentId: number) {
  return db
    .selectFrom("care_enrolment")
    .selectAll()
    .where("community_id", "=", communityId)
    .where("resident_id", "=", residentId)
    .where("status", "=", "active")
    .executeTakeFirst();
}

export async function contactsOf(db: Kysely<DB>, communityId: number, residentId: number) {
  return db
    .selectFrom("care_contact as cc")
    .innerJoin("app_user as u", "u.id", "cc.user_id")
    .select(["cc.user_id", "cc.relation", "u.name", "u.phone"])
    .where("cc.community_id", "=", communityId)
    .where("cc.resident_id", "=", residentId)
    .orderBy("u.name")
    .execute();
}

export async function isContact(db: Kysely<DB>, communityId: number, residentId: number, userId: number) {
  const r = await db
    .selectFrom("care_contact as cc")
    .innerJoin("care_enrolment as e", (j) =>
      j.onRef("e.community_id", "=", "cc.community_id").onRef("e.resident_id", "=", "cc.resident_id"),
    )
    .select("cc.user_id")
    .where("cc.community_id", "=", communityId)
    .where("cc.resident_id", "=", residentId)
    .where("cc.user_id", "=", userId)
    .where("e.status", "=", "active")
    .executeTakeFirst();
  return !!r;
}

export async function recentCheckins(
  db: Kysely<DB>,
  communityId: number,
  residentId: number,
  fromDay: string,
) {
  return db
    .selectFrom("care_checkin as c")
    .leftJoin("app_user as u", "u.id", "c.by_user_id")
    .select([
      "c.id",
      sql<string>`to_char(c.day, 'YYYY-MM-DD')`.as("day"),
      "c.at",
      "c.method",
      "u.name as by_name",
    ])
    .where("c.community_id", "=", communityId)
    .where("c.resident_id", "=", residentId)
    .where("c.day", ">=", fromDay)
    .orderBy("c.at", "desc")
    .limit(100)
    .execute();
}

export async function recentVisits(db: Kysely<DB>, communityId: number, residentId: number) {
  return db
    .selectFrom("care_visit as v")
    .innerJoin("app_user as u", "u.id", "v.visitor_user_id")
    .select([
      "v.id",
      sql<string>`to_char(v.visited_on, 'YYYY-MM-DD')`.as("visited_on"),
      "u.name as visitor",
      "v.health",
      "v.gas_safe",
      "v.electricity_safe",
      "v.notes",
      "v.needs",
      "v.request_id",
    ])
    .where("v.community_id", "=", communityId)
    .where("v.resident_id", "=", residentId)
    .orderBy("v.visited_on", "desc")
    .orderBy("v.id", "desc")
    .limit(20)
    .execute();
}

export async function insertVisit(
  db: Kysely<DB>,
  v: {
    community_id: number;
    resident_id: number;
    visited_on: string;
    visitor_user_id: number;
    visitor_role: string;
    health: "good" | "fair" | "poor" | "unwell";
    gas_safe: boolean;
    electricity_safe: boolean;
    notes: string;
    needs: string;
    request_id: number | null;
    alert_id: number | null;
  },
) {
  return db.insertInto("care_visit").values(v).returning("id").executeTakeFirstOrThrow();
}

// ---- enrolment ----

export async function usersByPhone(db: Kysely<DB>, phones: string[]) {
  if (phones.length === 0) return [];
  return db
    .selectFrom("app_user")
    .select(["id", "phone"])
    .where("phone", "in", phones)
    .where("disabled", "=", false)
    .execute();
}

export async function upsertEnrolment(
  db: Kysely<DB>,
  e: {
    community_id: number;
    resident_id: number;
    deadline_minutes: number;
    consent_by: "resident" | "guardian";
    consent_note: string;
    enrolled_by: number;
  },
) {
  await db
    .insertInto("care_enrolment")
    .values({ ...e, status: "active", consent_at: sql<Date>`now()` as never, ended_at: null })
    .onConflict((oc) =>
      oc.columns(["community_id", "resident_id"]).doUpdateSet({
        deadline_minutes: e.deadline_minutes,
        consent_by: e.consent_by,
        consent_note: e.consent_note,
        enrolled_by: e.enrolled_by,
        status: "active",
        consent_at: sql`now()`,
        enrolled_at: sql`now()`,
        ended_at: null,
      }),
    )
    .execute();
}

export async function replaceContacts(
  db: Kysely<DB>,
  communityId: number,
  residentId: number,
  contacts: { user_id: number; relation: string }[],
) {
  await db
    .deleteFrom("care_contact")
    .where("community_id", "=", communityId)
    .where("resident_id", "=", residentId)
    .execute();
  if (contacts.length)
    await db
      .insertInto("care_contact")
      .values(contacts.map((c) => ({ community_id: communityId, resident_id: residentId, ...c })))
      .execute();
}

// ---- check-in ----

export async function insertCheckin(
  db: Kysely<DB>,
  c: {
    community_id: number;
    resident_id: number;
    day: string;
    by_user_id: number;
    method: CheckinMethod;
    note: string;
  },
) {
  return db.insertInto("care_checkin").values(c).returning(["id", "at"]).executeTakeFirstOrThrow();
}

/** A check-in or a visit closes the day's open alert (the time to answer is kept by closed_at). */
export async function closeOpenAlerts(
  db: Kysely<DB>,
  communityId: number,
  residentId: number,
  userId: number,
  reason: "visit" | "checked_in",
  alertId?: number,
) {
  let q = db
    .updateTable("care_alert")
    .set({ closed_at: sql`now()`, closed_by: userId, close_reason: reason })
    .where("community_id", "=", communityId)
    .where("resident_id", "=", residentId)
    .where("closed_at", "is", null);
  if (alertId != null) q = q.where("id", "=", alertId);
  return q.returning("id").execute();
}

// ---- alerts ----

function alertRows(db: Kysely<DB>, communityId: number) {
  return db
    .selectFrom("care_alert as a")
    .innerJoin("resident as r", (j) =>
      j.onRef("r.community_id", "=", "a.community_id").onRef("r.id", "=", "a.resident_id"),
    )
    .leftJoin("household as h", (j) =>
      j.onRef("h.community_id", "=", "r.community_id").onRef("h.id", "=", "r.household_id"),
    )
    .leftJoin("building as b", (j) =>
      j.onRef("b.community_id", "=", "h.community_id").onRef("b.id", "=", "h.building_id"),
    )
    .select([
      "a.id",
      "a.resident_id",
      "r.name",
      "h.room",
      "b.name as building_name",
      sql<string>`to_char(a.day, 'YYYY-MM-DD')`.as("day"),
      "a.raised_at",
      "a.escalated_at",
      "a.acknowledged_at",
      "a.ack_kind",
      "a.closed_at",
    ])
    .where("a.community_id", "=", communityId);
}

export async function alertsList(db: Kysely<DB>, communityId: number, scope: ScopeIds | null, open: boolean) {
  let q = alertRows(db, communityId).where((eb) =>
    scope ? eb.and([eb("h.id", "is not", null), householdInScope(eb, scope)]) : eb.lit(true),
  );
  q = open
    ? q.where("a.closed_at", "is", null)
    : q.where("a.raised_at", ">", sql<Date>`now() - interval '14 days'`);
  return q.orderBy("a.raised_at", "desc").limit(500).execute();
}
export type AlertRow = Awaited<ReturnType<typeof alertsList>>[number];

export async function alertsOfResident(
  db: Kysely<DB>,
  communityId: number,
  residentId: number,
  fromDay: string,
) {
  return alertRows(db, communityId)
    .where("a.resident_id", "=", residentId)
    .where("a.day", ">=", fromDay)
    .orderBy("a.raised_at", "desc")
    .execute();
}

export async function alertById(db: Kysely<DB>, communityId: number, alertId: number) {
  return db
    .selectFrom("care_alert")
    .selectAll()
    .where("community_id", "=", communityId)
    .where("id", "=", alertId)
    .executeTakeFirst();
}

/** Acknowledge once: only an alert nobody has answered yet. */
export async function acknowledgeAlert(
  db: Kysely<DB>,
  communityId: number,
  alertId: number,
  userId: number,
  kind: "visited" | "contacted",
) {
  return db
    .updateTable("care_alert")
    .set({ acknowledged_at: sql`now()`, acknowledged_by: userId, ack_kind: kind })
    .where("community_id", "=", communityId)
    .where("id", "=", alertId)
    .where("acknowledged_at", "is", null)
    .where("closed_at", "is", null)
    .returning("id")
    .executeTakeFirst();
}

// ---- who hears ----

/** The building heads of a building (role assignments scoped to it). */
export async function buildingHeadsOf(db: Kysely<DB>, communityId: number, buildingId: number | null) {
  if (buildingId == null) return [];
  const rows = await db
    .selectFrom("role_assignment")
    .select("user_id")
    .where("role", "=", "building_head")
    .where("scope_type", "=", "building")
    .where("scope_community_id", "=", communityId)
    .where("scope_id", "=", buildingId)
    .execute();
  return rows.map((r) => r.user_id);
}

// ---- mine ----

export async function myEnrolments(
  db: Kysely<DB>,
  residentKeys: { communityId: number; residentId: number }[],
  today: string,
) {
  if (residentKeys.length === 0) return [];
  return db
    .selectFrom("care_enrolment as e")
    .select([
      "e.community_id",
      "e.resident_id",
      "e.deadline_minutes",
      sql<boolean>`exists (select 1 from care_checkin c where c.community_id = e.community_id
        and c.resident_id = e.resident_id and c.day = ${today}::date)`.as("checked_in"),
    ])
    .where("e.status", "=", "active")
    .where((eb) =>
      eb.or(
        residentKeys.map((k) =>
          eb.and([eb("e.community_id", "=", k.communityId), eb("e.resident_id", "=", k.residentId)]),
        ),
      ),
    )
    .execute();
}

export async function myRelatives(db: Kysely<DB>, userId: number, today: string) {
  return db
    .selectFrom("care_contact as cc")
    .innerJoin("care_enrolment as e", (j) =>
      j.onRef("e.community_id", "=", "cc.community_id").onRef("e.resident_id", "=", "cc.resident_id"),
    )
    .innerJoin("resident as r", (j) =>
      j.onRef("r.community_id", "=", "cc.community_id").onRef("r.id", "=", "cc.resident_id"),
    )
    .select([
      "cc.community_id",
      "cc.resident_id",
      "cc.relation",
      "r.name",
      "e.deadline_minutes",
      sql<boolean>`exists (select 1 from care_checkin c where c.community_id = e.community_id
        and c.resident_id = e.resident_id and c.day = ${today}::date)`.as("checked_in"),
    ])
    .where("cc.user_id", "=", userId)
    .where("e.status", "=", "active")
    .execute();
}

// ---- the sweep ----

export interface RaisedAlert {
  community_id: number;
  id: number;
  resident_id: number;
  name: string;
  building_id: number | null;
  grid_id: number | null;
  room: string | null;
  building_name: string | null;
}

/**
 * Claims a batch of missed check-ins of `today`: one alert per resident and day, inserted with ON
 * CONFLICT DO NOTHING so that however many sweeps run at once, each alert is raised by exactly one
 * of them (the caller notifies in the same transaction). A resident enrolled after the day's time
 * is not alerted that day.
 */
export async function raiseMissed(
  db: Kysely<DB>,
  today: string,
  dayStart: Date,
  nowMinutes: number,
  limit: number,
): Promise<RaisedAlert[]> {
  const { rows } = await sql<RaisedAlert>`
    with raised as (
      insert into care_alert (community_id, resident_id, day)
      select e.community_id, e.resident_id, ${today}::date
      from care_enrolment e
      where e.status = 'active' and e.deadline_minutes <= ${nowMinutes}
        and e.enrolled_at <= ${dayStart}::timestamptz + make_interval(mins => e.deadline_minutes)
        and not exists (select 1 from care_checkin c where c.community_id = e.community_id
          and c.resident_id = e.resident_id and c.day = ${today}::date)
        and not exists (select 1 from care_alert a where a.community_id = e.community_id
          and a.resident_id = e.resident_id and a.day = ${today}::date)
      limit ${limit}
      on conflict (community_id, resident_id, day) do nothing
      returning community_id, id, resident_id
    )
    select x.community_id, x.id, x.resident_id, r.name, h.building_id, h.grid_id, h.room, b.name as building_name
    from raised x
    join resident r on r.community_id = x.community_id and r.id = x.resident_id
    left join household h on h.community_id = r.community_id and h.id = r.household_id
    left join building b on b.community_id = h.community_id and b.id = h.building_id`.execute(db);
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

/** Claims a batch of alerts nobody answered within the hour: escalated once (escalated_at). */
export async function claimEscalations(db: Kysely<DB>, limit: number): Promise<RaisedAlert[]> {
  const { rows } = await sql<RaisedAlert>`
    with esc as (
      update care_alert a set escalated_at = now()
      where (a.community_id, a.id) in (
        select community_id, id from care_alert
        where closed_at is null and acknowledged_at is null and escalated_at is null
          and raised_at <= now() - interval '1 hour'
        order by raised_at
        limit ${limit}
        for update skip locked
      )
      and a.escalated_at is null and a.acknowledged_at is null and a.closed_at is null
      returning a.community_id, a.id, a.resident_id
    )
    select x.community_id, x.id, x.resident_id, r.name, h.building_id, h.grid_id, h.room, b.name as building_name
    from esc x
    join resident r on r.community_id = x.community_id and r.id = x.resident_id
    left join household h on h.community_id = r.community_id and h.id = r.household_id
    left join building b on b.community_id = h.community_id and b.id = h.building_id`.execute(db);
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

export interface OverdueClaim {
  community_id: number;
  resident_id: number;
  due_on: string;
  name: string;
  grid_id: number | null;
}

/**
 * Claims residents overdue for a visit (the next visit due before `today`): one notice per resident
 * and overdue period (the due day names the period), inserted with ON CONFLICT DO NOTHING.
 */
export async function claimOverdue(db: Kysely<DB>, today: string, limit: number): Promise<OverdueClaim[]> {
  const { rows } = await sql<OverdueClaim>`
    with due as (
      select r.community_id, r.id as resident_id, r.name, r.grid_id,
        coalesce(
          (select max(v.visited_on) from care_visit v where v.community_id = r.community_id and v.resident_id = r.id)
            + min(p.frequency_days),
          min((p.created_at at time zone 'Asia/Shanghai')::date)) as due_on
      from resident r
      join care_plan p on p.community_id = r.community_id and p.care_tag = any(r.care_tags)
      where r.status = 'verified'
      group by r.community_id, r.id
    ), claimed as (
      insert into care_overdue_notice (community_id, resident_id, due_on)
      select d.community_id, d.resident_id, d.due_on from due d
      where d.due_on < ${today}::date
        and not exists (select 1 from care_overdue_notice n where n.community_id = d.community_id
          and n.resident_id = d.resident_id and n.due_on = d.due_on)
      limit ${limit}
      on conflict do nothing
      returning community_id, resident_id, due_on
    )
    select c.community_id, c.resident_id, to_char(c.due_on, 'YYYY-MM-DD') as due_on, d.name, d.grid_id
    from claimed c join due d on d.community_id = c.community_id and d.resident_id = c.resident_id`.execute(
    db,
  );
  return rows;
}
