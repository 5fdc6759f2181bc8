// All SQL of duty rosters (T3). Private to the module.
import { type Kysely, sql } from "kysely";
import type { DB } from "../../../db/schema.ts";

type Db = Kysely<DB>;

export const insertRoster = (
  db: Db,
  v: {
    community_id: number;
    team_id: number;
    subject: string;
    place: string;
    rule: string;
    start_time: string;
    minutes: number;
    places: number;
    starts_on: string;
    weeks_ahead: number;
    created_by: number;
  },
) => db.insertInto("vol_roster").values(v).returning("id").executeTakeFirstOrThrow();

export const rosterById = (db: Db, communityId: number, rosterId: number) =>
  db
    .selectFrom("vol_roster")
    .selectAll()
    .where("community_id", "=", communityId)
    .where("id", "=", rosterId)
    .where("active", "=", true)
    .executeTakeFirst();

export type RosterRow = NonNullable<Awaited<ReturnType<typeof rosterById>>>;

export const rostersOf = (db: Db, communityId: number) =>
  db
    .selectFrom("vol_roster")
    .selectAll()
    .where("community_id", "=", communityId)
    .where("active", "=", true)
    .orderBy("id")
    .execute();

export const activeRosters = (db: Db) =>
  db.selectFrom("vol_roster").selectAll().where("active", "=", true).orderBy("community_id").execute();

/** Adds the shifts not yet there (one row per roster and start). */
export const insertShifts = async (
  db: Db,
  communityId: number,
  rosterId: number,
  shifts: { starts_at: Date; ends_at: Date }[],
) => {
  if (!shifts.length) return 0;
  const rows = await db
    .insertInto("vol_shift")
    .values(shifts.map((s) => ({ community_id: communityId, roster_id: rosterId, ...s, reminded_at: null })))
    .onConflict((oc) => oc.columns(["community_id", "roster_id", "starts_at"]).doNothing())
    .returning("id")
    .execute();
  return rows.length;
};

export const shiftsOf = (db: Db, communityId: number, rosterIds: number[], from: Date, to: Date) =>
  rosterIds.length
    ? db
        .selectFrom("vol_shift")
        .select(["id", "roster_id", "starts_at", "ends_at"])
        .where("community_id", "=", communityId)
        .where("roster_id", "in", rosterIds)
        .where("starts_at", ">=", from)
        .where("starts_at", "<", to)
        .orderBy("starts_at")
        .orderBy("id")
        .execute()
    : Promise.resolve([]);

export const assignmentsOf = (db: Db, communityId: number, shiftIds: number[]) =>
  shiftIds.length
    ? db
        .selectFrom("vol_shift_assignment as a")
        .innerJoin("app_user as u", "u.id", "a.user_id")
        .select(["a.id", "a.shift_id", "a.user_id", "a.no_show", "u.name"])
        .where("a.community_id", "=", communityId)
        .where("a.shift_id", "in", shiftIds)
        .orderBy("a.id")
        .execute()
    : Promise.resolve([]);

export const shiftById = (db: Db, communityId: number, rosterId: number, shiftId: number) =>
  db
    .selectFrom("vol_shift")
    .selectAll()
    .where("community_id", "=", communityId)
    .where("roster_id", "=", rosterId)
    .where("id", "=", shiftId)
    .executeTakeFirst();

/** Locks the shift row: assignments to one shift are decided one at a time. */
export const lockShift = (db: Db, communityId: number, shiftId: number) =>
  db
    .selectFrom("vol_shift")
    .select("id")
    .where("community_id", "=", communityId)
    .where("id", "=", shiftId)
    .forUpdate()
    .executeTakeFirst();

export const countAssigned = async (db: Db, communityId: number, shiftId: number) => {
  const r = await db
    .selectFrom("vol_shift_assignment")
    .select((e) => e.fn.countAll<number>().as("n"))
    .where("community_id", "=", communityId)
    .where("shift_id", "=", shiftId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
};

export const assignmentOn = (db: Db, communityId: number, shiftId: number, userId: number) =>
  db
    .selectFrom("vol_shift_assignment")
    .selectAll()
    .where("community_id", "=", communityId)
    .where("shift_id", "=", shiftId)
    .where("user_id", "=", userId)
    .executeTakeFirst();

export const insertAssignment = (
  db: Db,
  v: { community_id: number; shift_id: number; user_id: number; assigned_by: number },
) =>
  db
    .insertInto("vol_shift_assignment")
    .values(v)
    .onConflict((oc) => oc.columns(["community_id", "shift_id", "user_id"]).doNothing())
    .returning("id")
    .executeTakeFirst();

export const deleteAssignment = (db: Db, communityId: number, assignmentId: number) =>
  db
    .deleteFrom("vol_shift_assignment")
    .where("community_id", "=", communityId)
    .where("id", "=", assignmentId)
    .returning("id")
    .executeTakeFirst();

export const setNoShow = (db: Db, communityId: number, assignmentId: number, noShow: boolean, by: number) =>
  db
    .updateTable("vol_shift_assignment")
    .set({ no_show: noShow, no_show_by: noShow ? by : null, no_show_at: noShow ? new Date() : null })
    .where("community_id", "=", communityId)
    .where("id", "=", assignmentId)
    .returning("id")
    .executeTakeFirst();

export const noShowsOf = async (db: Db, communityId: number, userIds: number[]) => {
  const out = new Map<number, number>();
  if (!userIds.length) return out;
  const rows = await db
    .selectFrom("vol_shift_assignment")
    .select(["user_id", (e) => e.fn.countAll<number>().as("n")])
    .where("community_id", "=", communityId)
    .where("user_id", "in", userIds)
    .where("no_show", "=", true)
    .groupBy("user_id")
    .execute();
  for (const r of rows) out.set(r.user_id, Number(r.n));
  return out;
};

export const insertSwap = (
  db: Db,
  v: { community_id: number; assignment_id: number; requested_by: number; to_user_id: number; note: string },
) =>
  db
    .insertInto("vol_shift_swap")
    .values(v)
    .onConflict((oc) =>
      oc.columns(["community_id", "assignment_id"]).where("status", "=", sql.lit("requested")).doNothing(),
    )
    .returning("id")
    .executeTakeFirst();

export const swapById = (db: Db, communityId: number, rosterId: number, swapId: number) =>
  db
    .selectFrom("vol_shift_swap as w")
    .innerJoin("vol_shift_assignment as a", (j) =>
      j.onRef("a.community_id", "=", "w.community_id").onRef("a.id", "=", "w.assignment_id"),
    )
    .innerJoin("vol_shift as s", (j) =>
      j.onRef("s.community_id", "=", "a.community_id").onRef("s.id", "=", "a.shift_id"),
    )
    .select([
      "w.id",
      "w.status",
      "w.to_user_id",
      "w.requested_by",
      "w.assignment_id",
      "a.shift_id",
      "s.starts_at",
      "s.ends_at",
    ])
    .where("w.community_id", "=", communityId)
    .where("s.roster_id", "=", rosterId)
    .where("w.id", "=", swapId)
    .executeTakeFirst();

export const decideSwap = (db: Db, communityId: number, swapId: number, approve: boolean, by: number) =>
  db
    .updateTable("vol_shift_swap")
    .set({ status: approve ? "approved" : "refused", decided_by: by, decided_at: new Date() })
    .where("community_id", "=", communityId)
    .where("id", "=", swapId)
    .where("status", "=", "requested")
    .returning("id")
    .executeTakeFirst();

export const moveAssignment = (db: Db, communityId: number, assignmentId: number, toUserId: number) =>
  db
    .updateTable("vol_shift_assignment")
    .set({ user_id: toUserId })
    .where("community_id", "=", communityId)
    .where("id", "=", assignmentId)
    .returning("id")
    .executeTakeFirst();

export const openSwapsOf = (db: Db, communityId: number, shiftIds: number[]) =>
  shiftIds.length
    ? db
        .selectFrom("vol_shift_swap as w")
        .innerJoin("vol_shift_assignment as a", (j) =>
          j.onRef("a.community_id", "=", "w.community_id").onRef("a.id", "=", "w.assignment_id"),
        )
        .innerJoin("app_user as f", "f.id", "w.requested_by")
        .innerJoin("app_user as t", "t.id", "w.to_user_id")
        .select([
          "w.id",
          "w.assignment_id",
          "a.shift_id",
          "w.note",
          "w.requested_at",
          "f.name as from_name",
          "t.name as to_name",
        ])
        .where("w.community_id", "=", communityId)
        .where("a.shift_id", "in", shiftIds)
        .where("w.status", "=", "requested")
        .orderBy("w.id")
        .execute()
    : Promise.resolve([]);

/** A person's assignments on shifts ending after `from`, across communities. */
export const myAssignments = (db: Db, userId: number, from: Date) =>
  db
    .selectFrom("vol_shift_assignment as a")
    .innerJoin("vol_shift as s", (j) =>
      j.onRef("s.community_id", "=", "a.community_id").onRef("s.id", "=", "a.shift_id"),
    )
    .innerJoin("vol_roster as r", (j) =>
      j.onRef("r.community_id", "=", "s.community_id").onRef("r.id", "=", "s.roster_id"),
    )
    .select([
      "a.id",
      "a.community_id",
      "a.shift_id",
      "s.roster_id",
      "s.starts_at",
      "s.ends_at",
      "r.subject",
      "r.place",
      "r.team_id",
    ])
    .where("a.user_id", "=", userId)
    .where("s.ends_at", ">", from)
    .where("r.active", "=", true)
    .orderBy("s.starts_at")
    .limit(50)
    .execute();

export const countNoShowsOfUser = async (db: Db, userId: number) => {
  const r = await db
    .selectFrom("vol_shift_assignment")
    .select((e) => e.fn.countAll<number>().as("n"))
    .where("user_id", "=", userId)
    .where("no_show", "=", true)
    .executeTakeFirstOrThrow();
  return Number(r.n);
};

/** Shifts of the given teams' rosters starting in [from, to) with fewer people than places. */
export const openShiftsOfTeams = (db: Db, communityId: number, teamIds: number[], from: Date, to: Date) =>
  teamIds.length
    ? db
        .selectFrom("vol_shift as s")
        .innerJoin("vol_roster as r", (j) =>
          j.onRef("r.community_id", "=", "s.community_id").onRef("r.id", "=", "s.roster_id"),
        )
        .select([
          "s.id",
          "s.roster_id",
          "s.starts_at",
          "s.ends_at",
          "r.subject",
          "r.place",
          "r.team_id",
          "r.places",
          (eb) =>
            eb
              .selectFrom("vol_shift_assignment as a")
              .select((e) => e.fn.countAll<number>().as("n"))
              .whereRef("a.community_id", "=", "s.community_id")
              .whereRef("a.shift_id", "=", "s.id")
              .as("taken"),
        ])
        .where("s.community_id", "=", communityId)
        .where("r.team_id", "in", teamIds)
        .where("r.active", "=", true)
        .where("s.starts_at", ">=", from)
        .where("s.starts_at", "<", to)
        .orderBy("s.starts_at")
        .limit(200)
        .execute()
    : Promise.resolve([]);

/**
 * Claims the shifts due for their reminder (starting in (now, before)) that have none yet: one UPDATE …
 * RETURNING, so two runs never remind a shift twice.
 */
export const claimReminders = (db: Db, now: Date, before: Date, limit: number) =>
  db
    .updateTable("vol_shift")
    .set({ reminded_at: now })
    .where("id", "in", (eb) =>
      eb
        .selectFrom("vol_shift")
        .select("id")
        .where("reminded_at", "is", null)
        .where("starts_at", ">", now)
        .where("starts_at", "<", before)
        .orderBy("starts_at")
        .limit(limit)
        .forUpdate()
        .skipLocked(),
    )
    .where("reminded_at", "is", null)
    .returning(["community_id", "id", "roster_id", "starts_at", "ends_at"])
    .execute();

export const remindersFor = (db: Db, shifts: { community_id: number; id: number }[]) =>
  shifts.length
    ? db
        .selectFrom("vol_shift_assignment as a")
        .innerJoin("vol_shift as s", (j) =>
          j.onRef("s.community_id", "=", "a.community_id").onRef("s.id", "=", "a.shift_id"),
        )
        .innerJoin("vol_roster as r", (j) =>
          j.onRef("r.community_id", "=", "s.community_id").onRef("r.id", "=", "s.roster_id"),
        )
        .select(["a.user_id", "a.community_id", "s.id as shift_id", "s.starts_at", "r.subject", "r.place"])
        .where(({ eb, refTuple, tuple, or }) =>
          or(
            shifts.map((s) => eb(refTuple("a.community_id", "a.shift_id"), "=", tuple(s.community_id, s.id))),
          ),
        )
        .execute()
    : Promise.resolve([]);
