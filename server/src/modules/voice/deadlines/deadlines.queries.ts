import { type Kysely, sql } from "kysely";
import type { DB, RouteTo } from "../../../db/schema.ts";

/** A request whose deadline step this sweep has claimed (its *_at column is now set). */
export interface ClaimedRequest {
  community_id: number;
  id: number;
  title: string;
  kind: string;
  grid_id: number | null;
  estate_id: number | null;
  route_to: RouteTo | null;
  route_org_id: number | null;
  signed_by: number | null;
  submitter_user_id: number | null;
  due_at: Date;
}

export type DeadlineStep = "sign_reminder" | "solve_reminder" | "sign_escalation" | "solve_escalation";

// Each step is one UPDATE that claims a batch: it sets the step's column, so a row is claimed by
// exactly one sweep (concurrent sweeps skip locked rows and re-check the condition), and the
// caller writes the notifications in the same transaction. The range conditions follow the
// partial indexes request_sign_due / request_solve_due.
const STEP_SQL: Record<DeadlineStep, { status: string; column: string; due: string; window: string }> = {
  // 2 hours before the time to sign, while it is still ahead
  sign_reminder: {
    status: "submitted",
    column: "sign_reminded_at",
    due: "sign_due_at",
    window: "sign_due_at > now() and sign_due_at <= now() + interval '2 hours'",
  },
  // 24 hours before the time to solve, while it is still ahead
  solve_reminder: {
    status: "signed",
    column: "solve_reminded_at",
    due: "solve_due_at",
    window: "solve_due_at > now() and solve_due_at <= now() + interval '24 hours'",
  },
  sign_escalation: {
    status: "submitted",
    column: "sign_escalated_at",
    due: "sign_due_at",
    window: "sign_due_at <= now()",
  },
  solve_escalation: {
    status: "signed",
    column: "solve_escalated_at",
    due: "solve_due_at",
    window: "solve_due_at <= now()",
  },
};

export async function claimDeadlineStep(
  db: Kysely<DB>,
  step: DeadlineStep,
  limit: number,
): Promise<ClaimedRequest[]> {
  const s = STEP_SQL[step];
  const col = sql.ref(s.column);
  const due = sql.ref(s.due);
  const { rows } = await sql<ClaimedRequest>`
    update request r set ${sql.raw(s.column)} = now()
    where (r.community_id, r.id) in (
      select community_id, id from request
      where status = ${s.status} and ${col} is null and ${sql.raw(s.window)}
      order by ${due}
      limit ${limit}
      for update skip locked
    )
    and r.status = ${s.status} and ${sql.raw(`r.${s.column}`)} is null
    returning r.community_id, r.id, r.title, r.kind, r.grid_id, r.estate_id, r.route_to, r.route_org_id,
      r.signed_by, r.submitter_user_id, ${sql.raw(`r.${s.due}`)} as due_at`.execute(db);
  return rows.map((r) => ({ ...r, id: Number(r.id), due_at: new Date(r.due_at) }));
}

// ---- promise dates of claims (V3) ----

/** An active claim whose promise-date step this sweep has claimed, with its request. */
export interface ClaimedClaim {
  community_id: number;
  id: number;
  request_id: number;
  claimant_user_id: number;
  claimant_kind: string;
  promise_date: string;
  title: string;
  kind: string;
  grid_id: number | null;
}

export type ClaimStep = "claim_reminder" | "claim_overdue";

/**
 * Which claims a step may take, as China calendar days decided by the caller (see the rules in
 * deadlines.service.ts): reminders for a promise date of `tomorrow` made before `today` began (and
 * catching up on `today` for those made before `yesterday`), overdue notices for promise dates up
 * to `overdueUpTo`. The days come in as values, so no time-zone arithmetic happens in SQL.
 */
export interface ClaimWindow {
  remindTomorrow: { day: string; madeBefore: Date } | null;
  remindToday: { day: string; madeBefore: Date };
  overdueUpTo: string;
}

// One UPDATE claims a batch of active claims of signed requests (the request still waits for the
// claimant): it sets the step's stamp, so each claim is taken by exactly one sweep (concurrent sweeps
// skip locked rows and re-check the stamp); the caller notifies in the same transaction.
export async function claimPromiseStep(
  db: Kysely<DB>,
  step: ClaimStep,
  w: ClaimWindow,
  limit: number,
): Promise<ClaimedClaim[]> {
  const stamp = step === "claim_reminder" ? "reminded_at" : "overdue_notified_at";
  const window =
    step === "claim_reminder"
      ? sql`((c2.promise_date = ${w.remindToday.day}::date and c2.created_at < ${w.remindToday.madeBefore})${
          w.remindTomorrow
            ? sql` or (c2.promise_date = ${w.remindTomorrow.day}::date and c2.created_at < ${w.remindTomorrow.madeBefore})`
            : sql``
        })`
      : sql`c2.promise_date <= ${w.overdueUpTo}::date`;
  const { rows } = await sql<ClaimedClaim>`
    update request_claim cl set ${sql.raw(stamp)} = now()
    from request r
    where (cl.community_id, cl.id) in (
      select c2.community_id, c2.id from request_claim c2
      join request r2 on r2.community_id = c2.community_id and r2.id = c2.request_id
      where c2.status = 'active' and ${sql.raw(`c2.${stamp}`)} is null and r2.status = 'signed' and ${window}
      order by c2.promise_date, c2.id
      limit ${limit}
      for update of c2 skip locked
    )
    and cl.status = 'active' and ${sql.raw(`cl.${stamp}`)} is null
    and r.community_id = cl.community_id and r.id = cl.request_id and r.status = 'signed'
    returning cl.community_id, cl.id, cl.request_id, cl.claimant_user_id, cl.claimant_kind,
      to_char(cl.promise_date, 'YYYY-MM-DD') as promise_date, r.title, r.kind, r.grid_id`.execute(db);
  return rows.map((r) => ({ ...r, id: Number(r.id), request_id: Number(r.request_id) }));
}

/** Resolved requests whose time to confirm has passed, oldest first (for the auto-close step). */
export async function unconfirmedPastDue(
  db: Kysely<DB>,
  limit: number,
): Promise<{ community_id: number; id: number }[]> {
  const rows = await db
    .selectFrom("request")
    .select(["community_id", "id"])
    .where("status", "=", "resolved")
    .where("confirm_due_at", "<=", sql<Date>`now()`)
    .orderBy("confirm_due_at")
    .limit(limit)
    .execute();
  return rows.map((r) => ({ community_id: r.community_id, id: Number(r.id) }));
}

export async function insertRequestEvents(
  db: Kysely<DB>,
  rows: { community_id: number; request_id: number; kind: string; note?: string | null; data?: unknown }[],
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto("request_event")
    .values(
      rows.map((r) => ({
        community_id: r.community_id,
        request_id: r.request_id,
        actor_user_id: null,
        actor_role: "system",
        kind: r.kind,
        note: r.note ?? null,
        data: r.data === undefined ? null : JSON.stringify(r.data),
      })),
    )
    .execute();
}

const userIdsOf = async (q: Promise<{ user_id: number }[]>) => [...new Set((await q).map((r) => r.user_id))];

/** People acting for an organisation (property staff of a company, a co-building unit's representatives). */
export const organisationPeople = (db: Kysely<DB>, orgId: number) =>
  userIdsOf(
    db
      .selectFrom("role_assignment")
      .innerJoin("app_user", "app_user.id", "role_assignment.user_id")
      .select("role_assignment.user_id")
      .where("role", "in", ["property_staff", "unit_representative"])
      .where("scope_type", "=", "organisation")
      .where("scope_id", "=", orgId)
      .where("app_user.disabled", "=", false)
      .execute(),
  );

/** Owners' committee members of an estate. */
export const estateCommittee = (db: Kysely<DB>, communityId: number, estateId: number) =>
  userIdsOf(
    db
      .selectFrom("role_assignment")
      .innerJoin("app_user", "app_user.id", "role_assignment.user_id")
      .select("role_assignment.user_id")
      .where("role", "=", "owners_committee_member")
      .where("scope_type", "=", "estate")
      .where("scope_community_id", "=", communityId)
      .where("scope_id", "=", estateId)
      .where("app_user.disabled", "=", false)
      .execute(),
  );

/** Street officials of the street a community belongs to. */
export const streetOfficialsOf = (db: Kysely<DB>, communityId: number) =>
  userIdsOf(
    db
      .selectFrom("role_assignment")
      .innerJoin("community", "community.street_id", "role_assignment.scope_id")
      .innerJoin("app_user", "app_user.id", "role_assignment.user_id")
      .select("role_assignment.user_id")
      .where("role_assignment.role", "=", "street_official")
      .where("role_assignment.scope_type", "=", "street")
      .where("community.id", "=", communityId)
      .where("app_user.disabled", "=", false)
      .execute(),
  );

// ---- overdue lists ----

export interface OverdueRow {
  community_id: number;
  id: number;
  kind: string;
  title: string;
  status: "submitted" | "signed";
  category_id: number;
  grid_id: number | null;
  route_to: RouteTo | null;
  due_at: Date;
  escalated_at: Date | null;
  created_at: Date;
}

export interface OverdueFilter {
  communityIds: number[];
  /** When set, only rows in these places (a partial reach inside one community). */
  places?: { gridIds: number[]; estateIds: number[]; buildingIds: number[]; unitIds: number[] };
}

function overdueBase(db: Kysely<DB>, f: OverdueFilter) {
  let q = db
    .selectFrom("request")
    .where("community_id", "in", f.communityIds.length ? f.communityIds : [-1])
    .where((eb) =>
      eb.or([
        eb.and([eb("status", "=", "submitted"), eb("sign_due_at", "<", sql<Date>`now()`)]),
        eb.and([eb("status", "=", "signed"), eb("solve_due_at", "<", sql<Date>`now()`)]),
      ]),
    );
  const p = f.places;
  if (p) {
    q = q.where((eb) => {
      const ors = [];
      if (p.gridIds.length) ors.push(eb("grid_id", "in", p.gridIds));
      if (p.estateIds.length) ors.push(eb("estate_id", "in", p.estateIds));
      if (p.buildingIds.length) ors.push(eb("building_id", "in", p.buildingIds));
      if (p.unitIds.length)
        ors.push(
          eb(
            "household_id",
            "in",
            eb
              .selectFrom("household as h")
              .select("h.id")
              .whereRef("h.community_id", "=", "request.community_id")
              .where("h.unit_id", "in", p.unitIds),
          ),
        );
      return ors.length ? eb.or(ors) : sql<boolean>`false`;
    });
  }
  return q;
}

export async function listOverdue(db: Kysely<DB>, f: OverdueFilter, limit: number): Promise<OverdueRow[]> {
  const rows = await overdueBase(db, f)
    .select([
      "community_id",
      "id",
      "kind",
      "title",
      "status",
      "category_id",
      "grid_id",
      "route_to",
      "created_at",
      sql<Date>`case when status = 'submitted' then sign_due_at else solve_due_at end`.as("due_at"),
      sql<Date | null>`case when status = 'submitted' then sign_escalated_at else solve_escalated_at end`.as(
        "escalated_at",
      ),
    ])
    .orderBy("due_at")
    .orderBy("id")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    ...r,
    id: Number(r.id),
    status: r.status as "submitted" | "signed",
    due_at: new Date(r.due_at),
    escalated_at: r.escalated_at ? new Date(r.escalated_at) : null,
    created_at: new Date(r.created_at),
  }));
}

/** Overdue counts per community and grid (grid 0 = none), split by stage. */
export async function countOverdue(db: Kysely<DB>, f: OverdueFilter) {
  const rows = await overdueBase(db, f)
    .select([
      "community_id",
      sql<number>`coalesce(grid_id, 0)`.as("grid_id"),
      sql<number>`count(*) filter (where status = 'submitted')`.as("sign"),
      sql<number>`count(*) filter (where status = 'signed')`.as("solve"),
    ])
    .groupBy(["community_id", sql`coalesce(grid_id, 0)`])
    .execute();
  return rows.map((r) => ({
    communityId: r.community_id,
    gridId: Number(r.grid_id),
    sign: Number(r.sign),
    solve: Number(r.solve),
  }));
}

export const gridNames = (db: Kysely<DB>, communityIds: number[]) =>
  communityIds.length
    ? db
        .selectFrom("grid")
        .select(["community_id", "id", "name"])
        .where("community_id", "in", communityIds)
        .execute()
    : Promise.resolve([]);

export const streetWithCommunities = async (db: Kysely<DB>, streetId: number) => {
  const street = await db
    .selectFrom("street")
    .select(["id", "name"])
    .where("id", "=", streetId)
    .executeTakeFirst();
  if (!street) return null;
  const communities = await db
    .selectFrom("community")
    .select(["id", "name"])
    .where("street_id", "=", streetId)
    .orderBy("id")
    .execute();
  return { ...street, communities };
};
