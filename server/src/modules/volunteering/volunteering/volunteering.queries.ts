// All SQL of volunteering (T1–T2). Private to the module: volunteering.service.ts is its surface.
import { type Kysely, sql } from "kysely";
import type { DB } from "../../../db/schema.ts";
import type { CheckMethod } from "./volunteering.tables.ts";

type Db = Kysely<DB>;

// ---- people ----

export const userNames = async (db: Db, ids: number[]) => {
  if (!ids.length) return new Map<number, { name: string; phone: string }>();
  const rows = await db
    .selectFrom("app_user")
    .select(["id", "name", "phone"])
    .where("id", "in", ids)
    .execute();
  return new Map(rows.map((r) => [r.id, { name: r.name, phone: r.phone }]));
};

export const communityName = (db: Db, communityId: number) =>
  db.selectFrom("community").select("name").where("id", "=", communityId).executeTakeFirst();

// ---- teams ----

export const insertTeam = (
  db: Db,
  v: {
    community_id: number;
    name: string;
    unit_name: string;
    description: string;
    skills: string[];
    created_by: number;
  },
) =>
  db
    .insertInto("vol_team")
    .values({ ...v, skills: JSON.stringify(v.skills) })
    .returning("id")
    .executeTakeFirstOrThrow();

export const teamById = (db: Db, communityId: number, teamId: number) =>
  db
    .selectFrom("vol_team")
    .selectAll()
    .where("community_id", "=", communityId)
    .where("id", "=", teamId)
    .executeTakeFirst();

export const teamsOf = (db: Db, communityId: number) =>
  db.selectFrom("vol_team").selectAll().where("community_id", "=", communityId).orderBy("id").execute();

export const membersOfTeams = (db: Db, communityId: number, teamIds: number[]) =>
  teamIds.length
    ? db
        .selectFrom("vol_team_member as m")
        .innerJoin("app_user as u", "u.id", "m.user_id")
        .select([
          "m.id",
          "m.team_id",
          "m.user_id",
          "m.role",
          "m.status",
          "m.requested_at",
          "u.name",
          "u.phone",
        ])
        .where("m.community_id", "=", communityId)
        .where("m.team_id", "in", teamIds)
        .where("m.status", "<>", "left")
        .orderBy("m.id")
        .execute()
    : Promise.resolve([]);

export const insertMember = (
  db: Db,
  v: {
    community_id: number;
    team_id: number;
    user_id: number;
    role: "leader" | "member";
    status: "requested" | "active";
    decided_by?: number | null;
  },
) =>
  db
    .insertInto("vol_team_member")
    .values({ ...v, decided_at: v.status === "active" ? new Date() : null })
    .onConflict((oc) =>
      oc.columns(["community_id", "team_id", "user_id"]).where("status", "<>", sql.lit("left")).doNothing(),
    )
    .returning("id")
    .executeTakeFirst();

export const memberById = (db: Db, communityId: number, teamId: number, memberId: number) =>
  db
    .selectFrom("vol_team_member")
    .selectAll()
    .where("community_id", "=", communityId)
    .where("team_id", "=", teamId)
    .where("id", "=", memberId)
    .executeTakeFirst();

export const decideMember = (db: Db, communityId: number, memberId: number, approve: boolean, by: number) =>
  db
    .updateTable("vol_team_member")
    .set({ status: approve ? "active" : "left", decided_by: by, decided_at: new Date() })
    .where("community_id", "=", communityId)
    .where("id", "=", memberId)
    .where("status", "=", "requested")
    .returning("id")
    .executeTakeFirst();

export const activeRoleIn = (db: Db, communityId: number, userId: number) =>
  db
    .selectFrom("vol_team_member")
    .select(["team_id", "role"])
    .where("community_id", "=", communityId)
    .where("user_id", "=", userId)
    .where("status", "=", "active")
    .execute();

export const teamsOfUser = (db: Db, communityId: number, userId: number) =>
  db
    .selectFrom("vol_team_member as m")
    .innerJoin("vol_team as t", (j) =>
      j.onRef("t.community_id", "=", "m.community_id").onRef("t.id", "=", "m.team_id"),
    )
    .select(["t.name", "m.role"])
    .where("m.community_id", "=", communityId)
    .where("m.user_id", "=", userId)
    .where("m.status", "=", "active")
    .execute();

export const insertAlliance = (db: Db, communityId: number, name: string, description: string) =>
  db
    .insertInto("vol_alliance")
    .values({ community_id: communityId, name, description })
    .returning("id")
    .executeTakeFirstOrThrow();

export const insertAllianceTeams = (db: Db, communityId: number, allianceId: number, teamIds: number[]) =>
  db
    .insertInto("vol_alliance_team")
    .values(teamIds.map((team_id) => ({ community_id: communityId, alliance_id: allianceId, team_id })))
    .execute();

export const alliancesOf = (db: Db, communityId: number) =>
  db
    .selectFrom("vol_alliance as a")
    .leftJoin("vol_alliance_team as at", (j) =>
      j.onRef("at.community_id", "=", "a.community_id").onRef("at.alliance_id", "=", "a.id"),
    )
    .select(["a.id", "a.name", "at.team_id"])
    .where("a.community_id", "=", communityId)
    .orderBy("a.id")
    .execute();

// ---- activities ----

export const insertActivity = (
  db: Db,
  v: {
    community_id: number;
    team_id: number | null;
    organiser_id: number;
    title: string;
    description: string;
    place: string;
    starts_at: Date;
    ends_at: Date;
    capacity: number;
    skills: string[];
  },
) =>
  db
    .insertInto("vol_activity")
    .values({ ...v, skills: JSON.stringify(v.skills) })
    .returning("id")
    .executeTakeFirstOrThrow();

const activityColumns = [
  "a.id",
  "a.community_id",
  "a.team_id",
  "a.organiser_id",
  "a.title",
  "a.description",
  "a.place",
  "a.starts_at",
  "a.ends_at",
  "a.capacity",
  "a.skills",
  "a.signed_up",
  "a.cancelled",
  "t.name as team_name",
  "u.name as organiser_name",
] as const;

function activityBase(db: Db) {
  return db
    .selectFrom("vol_activity as a")
    .leftJoin("vol_team as t", (j) =>
      j.onRef("t.community_id", "=", "a.community_id").onRef("t.id", "=", "a.team_id"),
    )
    .innerJoin("app_user as u", "u.id", "a.organiser_id")
    .select(activityColumns)
    .select((eb) =>
      eb
        .selectFrom("vol_signup as w")
        .select((e) => e.fn.countAll<number>().as("n"))
        .whereRef("w.community_id", "=", "a.community_id")
        .whereRef("w.activity_id", "=", "a.id")
        .where("w.status", "=", "waiting")
        .as("waiting"),
    );
}

export const activityById = (db: Db, communityId: number, activityId: number) =>
  activityBase(db)
    .where("a.community_id", "=", communityId)
    .where("a.id", "=", activityId)
    .executeTakeFirst();

export function listActivities(
  db: Db,
  communityId: number,
  filter: { q?: string; when: "upcoming" | "past" | "all"; limit: number },
) {
  let query = activityBase(db).where("a.community_id", "=", communityId);
  const now = new Date();
  if (filter.when === "upcoming") query = query.where("a.ends_at", ">=", now).orderBy("a.starts_at", "asc");
  else if (filter.when === "past") query = query.where("a.ends_at", "<", now).orderBy("a.starts_at", "desc");
  else query = query.orderBy("a.starts_at", "desc");
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([eb("a.title", "ilike", like), eb("a.place", "ilike", like)]));
  }
  return query.orderBy("a.id").limit(filter.limit).execute();
}

export type ActivityRow = NonNullable<Awaited<ReturnType<typeof activityById>>>;

/** The activity row locked for a sign-up or a cancellation: capacity is decided under this lock. */
export const lockActivity = (db: Db, communityId: number, activityId: number) =>
  db
    .selectFrom("vol_activity")
    .select(["id", "capacity", "signed_up", "cancelled", "ends_at", "title"])
    .where("community_id", "=", communityId)
    .where("id", "=", activityId)
    .forUpdate()
    .executeTakeFirst();

export const mySignups = (db: Db, communityId: number, userId: number, activityIds: number[]) =>
  activityIds.length
    ? db
        .selectFrom("vol_signup as s")
        .select(["s.activity_id", "s.status", "s.waiting_position"])
        .select((eb) =>
          eb
            .selectFrom("vol_signup as w")
            .select((e) => e.fn.countAll<number>().as("n"))
            .whereRef("w.community_id", "=", "s.community_id")
            .whereRef("w.activity_id", "=", "s.activity_id")
            .where("w.status", "=", "waiting")
            .whereRef("w.waiting_position", "<=", "s.waiting_position")
            .as("rank"),
        )
        .where("s.community_id", "=", communityId)
        .where("s.user_id", "=", userId)
        .where("s.activity_id", "in", activityIds)
        .where("s.status", "<>", "cancelled")
        .execute()
    : Promise.resolve([]);

export const liveSignup = (db: Db, communityId: number, activityId: number, userId: number) =>
  db
    .selectFrom("vol_signup")
    .select(["id", "status", "waiting_position"])
    .where("community_id", "=", communityId)
    .where("activity_id", "=", activityId)
    .where("user_id", "=", userId)
    .where("status", "<>", "cancelled")
    .executeTakeFirst();

/**
 * What a check-in with the screen's code needs, in one statement: the activity's times and state, and the
 * caller's live sign-up (null when there is none). A check-in rush reads this once per request.
 */
export const checkContext = (db: Db, communityId: number, activityId: number, userId: number) =>
  db
    .selectFrom("vol_activity as a")
    .select(["a.starts_at", "a.ends_at", "a.cancelled"])
    .select((eb) =>
      eb
        .selectFrom("vol_signup as s")
        .select("s.status")
        .whereRef("s.community_id", "=", "a.community_id")
        .whereRef("s.activity_id", "=", "a.id")
        .where("s.user_id", "=", userId)
        .where("s.status", "<>", "cancelled")
        .limit(1)
        .as("signup_status"),
    )
    .where("a.community_id", "=", communityId)
    .where("a.id", "=", activityId)
    .executeTakeFirst();

export const nextWaitingPosition = async (db: Db, communityId: number, activityId: number) => {
  const r = await db
    .selectFrom("vol_signup")
    .select((e) => e.fn.max("waiting_position").as("p"))
    .where("community_id", "=", communityId)
    .where("activity_id", "=", activityId)
    .executeTakeFirst();
  return Number(r?.p ?? 0) + 1;
};

export const insertSignup = (
  db: Db,
  v: {
    community_id: number;
    activity_id: number;
    user_id: number;
    status: "signed" | "waiting";
    waiting_position: number | null;
  },
) => db.insertInto("vol_signup").values(v).returning("id").executeTakeFirstOrThrow();

export const addSigned = (db: Db, communityId: number, activityId: number, delta: number) =>
  db
    .updateTable("vol_activity")
    .set((eb) => ({ signed_up: eb("signed_up", "+", delta) }))
    .where("community_id", "=", communityId)
    .where("id", "=", activityId)
    .execute();

export const cancelSignup = (db: Db, communityId: number, signupId: number) =>
  db
    .updateTable("vol_signup")
    .set({ status: "cancelled", waiting_position: null, cancelled_at: new Date() })
    .where("community_id", "=", communityId)
    .where("id", "=", signupId)
    .execute();

/** The first of the waiting list moves into a freed place. */
export const promoteFirstWaiting = (db: Db, communityId: number, activityId: number) =>
  db
    .updateTable("vol_signup")
    .set({ status: "signed", waiting_position: null })
    .where("community_id", "=", communityId)
    .where(
      "id",
      "=",
      db
        .selectFrom("vol_signup")
        .select("id")
        .where("community_id", "=", communityId)
        .where("activity_id", "=", activityId)
        .where("status", "=", "waiting")
        .orderBy("waiting_position")
        .limit(1),
    )
    .returning(["id", "user_id"])
    .executeTakeFirst();

// ---- attendance ----

export const attendanceOf = (db: Db, communityId: number, activityId: number, userId: number) =>
  db
    .selectFrom("vol_attendance")
    .selectAll()
    .where("community_id", "=", communityId)
    .where("activity_id", "=", activityId)
    .where("user_id", "=", userId)
    .executeTakeFirst();

export const attendanceById = (db: Db, communityId: number, attendanceId: number) =>
  db
    .selectFrom("vol_attendance")
    .selectAll()
    .where("community_id", "=", communityId)
    .where("id", "=", attendanceId)
    .executeTakeFirst();

export const attendancesByIds = (db: Db, communityId: number, ids: number[]) =>
  ids.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom("vol_attendance")
        .selectAll()
        .where("community_id", "=", communityId)
        .where("id", "in", ids)
        .orderBy("id")
        .execute();

export const checkIn = (
  db: Db,
  v: {
    community_id: number;
    activity_id: number;
    user_id: number;
    method: CheckMethod;
    recorded_by: number | null;
  },
) =>
  db
    .insertInto("vol_attendance")
    .values({
      community_id: v.community_id,
      activity_id: v.activity_id,
      user_id: v.user_id,
      check_in_at: new Date(),
      check_in_method: v.method,
      recorded_by: v.recorded_by,
    })
    .onConflict((oc) => oc.columns(["community_id", "activity_id", "user_id"]).doNothing())
    .returning("id")
    .executeTakeFirst();

export const checkOut = (
  db: Db,
  communityId: number,
  activityId: number,
  userId: number,
  method: CheckMethod,
) =>
  db
    .updateTable("vol_attendance")
    .set({ check_out_at: new Date(), check_out_method: method })
    .where("community_id", "=", communityId)
    .where("activity_id", "=", activityId)
    .where("user_id", "=", userId)
    .where("check_out_at", "is", null)
    .returning("id")
    .executeTakeFirst();

export const countChecks = async (db: Db, communityId: number, activityId: number) => {
  const r = await db
    .selectFrom("vol_attendance")
    .select((e) => [e.fn.countAll<number>().as("ins"), e.fn.count<number>("check_out_at").as("outs")])
    .where("community_id", "=", communityId)
    .where("activity_id", "=", activityId)
    .executeTakeFirstOrThrow();
  return { checkedIn: Number(r.ins), checkedOut: Number(r.outs) };
};

export const rosterOf = (db: Db, communityId: number, activityId: number) =>
  db
    .selectFrom("vol_signup as s")
    .fullJoin("vol_attendance as at", (j) =>
      j
        .onRef("at.community_id", "=", "s.community_id")
        .onRef("at.activity_id", "=", "s.activity_id")
        .onRef("at.user_id", "=", "s.user_id"),
    )
    .select([
      "s.user_id as s_user",
      "s.status",
      "s.waiting_position",
      "at.user_id as a_user",
      "at.id as attendance_id",
      "at.check_in_at",
      "at.check_out_at",
      "at.check_in_method",
      "at.minutes",
      "at.certified_at",
    ])
    .where((eb) =>
      eb.or([
        eb.and([
          eb("s.community_id", "=", communityId),
          eb("s.activity_id", "=", activityId),
          eb("s.status", "<>", "cancelled"),
        ]),
        eb.and([eb("at.community_id", "=", communityId), eb("at.activity_id", "=", activityId)]),
      ]),
    )
    .execute();

export const openCorrectionsOf = (db: Db, communityId: number, attendanceIds: number[]) =>
  attendanceIds.length
    ? db
        .selectFrom("vol_hours_correction")
        .select(["id", "attendance_id", "reason"])
        .where("community_id", "=", communityId)
        .where("attendance_id", "in", attendanceIds)
        .where("status", "=", "requested")
        .execute()
    : Promise.resolve([]);

export const certify = (db: Db, communityId: number, attendanceId: number, minutes: number, by: number) =>
  db
    .updateTable("vol_attendance")
    .set({ minutes, certified_by: by, certified_at: new Date() })
    .where("community_id", "=", communityId)
    .where("id", "=", attendanceId)
    .where("certified_at", "is", null)
    .returning("id")
    .executeTakeFirst();

export const setMinutes = (db: Db, communityId: number, attendanceId: number, minutes: number, by: number) =>
  db
    .updateTable("vol_attendance")
    .set({ minutes, certified_by: by, certified_at: new Date() })
    .where("community_id", "=", communityId)
    .where("id", "=", attendanceId)
    .execute();

export const insertCorrection = (
  db: Db,
  v: {
    community_id: number;
    attendance_id: number;
    requested_by: number;
    reason: string;
    old_minutes: number | null;
  },
) =>
  db
    .insertInto("vol_hours_correction")
    .values(v)
    .onConflict((oc) =>
      oc.columns(["community_id", "attendance_id"]).where("status", "=", sql.lit("requested")).doNothing(),
    )
    .returning("id")
    .executeTakeFirst();

export const correctionById = (db: Db, communityId: number, correctionId: number) =>
  db
    .selectFrom("vol_hours_correction as c")
    .innerJoin("vol_attendance as at", (j) =>
      j.onRef("at.community_id", "=", "c.community_id").onRef("at.id", "=", "c.attendance_id"),
    )
    .select(["c.id", "c.status", "c.attendance_id", "c.requested_by", "at.activity_id", "at.minutes"])
    .where("c.community_id", "=", communityId)
    .where("c.id", "=", correctionId)
    .executeTakeFirst();

export const decideCorrection = (
  db: Db,
  communityId: number,
  correctionId: number,
  v: { status: "corrected" | "refused"; new_minutes: number | null; decided_by: number; note: string },
) =>
  db
    .updateTable("vol_hours_correction")
    .set({ ...v, decided_at: new Date() })
    .where("community_id", "=", communityId)
    .where("id", "=", correctionId)
    .where("status", "=", "requested")
    .returning("id")
    .executeTakeFirst();

export const insertEvaluation = (
  db: Db,
  v: {
    community_id: number;
    activity_id: number;
    author_id: number;
    subject_user_id: number | null;
    score: number;
    comment: string;
  },
) =>
  db
    .insertInto("vol_evaluation")
    .values(v)
    .onConflict((oc) =>
      oc.expression(sql`community_id, activity_id, author_id, coalesce(subject_user_id, 0)`).doUpdateSet({
        score: v.score,
        comment: v.comment,
      }),
    )
    .returning("id")
    .executeTakeFirstOrThrow();

// ---- the record ----

export const servicesOf = (db: Db, communityId: number, userId: number) =>
  db
    .selectFrom("vol_attendance as at")
    .innerJoin("vol_activity as a", (j) =>
      j.onRef("a.community_id", "=", "at.community_id").onRef("a.id", "=", "at.activity_id"),
    )
    .leftJoin("vol_team as t", (j) =>
      j.onRef("t.community_id", "=", "a.community_id").onRef("t.id", "=", "a.team_id"),
    )
    .innerJoin("app_user as o", "o.id", "a.organiser_id")
    .select([
      "at.id",
      "at.activity_id",
      "a.title",
      "a.place",
      "a.starts_at",
      "a.organiser_id",
      "a.team_id",
      "at.check_in_at",
      "at.check_out_at",
      "at.minutes",
      "at.certified_at",
      "o.name as organiser_name",
      "t.name as team_name",
    ])
    .select((eb) =>
      eb
        .selectFrom("vol_hours_correction as c")
        .select("c.status")
        .whereRef("c.community_id", "=", "at.community_id")
        .whereRef("c.attendance_id", "=", "at.id")
        .orderBy("c.id", "desc")
        .limit(1)
        .as("correction"),
    )
    .where("at.community_id", "=", communityId)
    .where("at.user_id", "=", userId)
    .orderBy("a.starts_at", "desc")
    .execute();

export const evaluationsOf = (db: Db, communityId: number, userId: number) =>
  db
    .selectFrom("vol_evaluation as e")
    .innerJoin("vol_activity as a", (j) =>
      j.onRef("a.community_id", "=", "e.community_id").onRef("a.id", "=", "e.activity_id"),
    )
    .select(["a.title", "e.score", "e.comment", "a.organiser_id"])
    .where("e.community_id", "=", communityId)
    .where("e.subject_user_id", "=", userId)
    .execute();

export const upcomingOf = (db: Db, communityId: number, userId: number) =>
  db
    .selectFrom("vol_signup as s")
    .innerJoin("vol_activity as a", (j) =>
      j.onRef("a.community_id", "=", "s.community_id").onRef("a.id", "=", "s.activity_id"),
    )
    .select(["a.id", "a.title", "a.starts_at", "s.status"])
    .where("s.community_id", "=", communityId)
    .where("s.user_id", "=", userId)
    .where("s.status", "<>", "cancelled")
    .where("a.ends_at", ">=", new Date())
    // once checked out, the activity is done (awaiting certification), no longer "signed up"
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("vol_attendance as at")
            .select("at.id")
            .whereRef("at.community_id", "=", "s.community_id")
            .whereRef("at.activity_id", "=", "s.activity_id")
            .whereRef("at.user_id", "=", "s.user_id")
            .where("at.check_out_at", "is not", null),
        ),
      ),
    )
    .orderBy("a.starts_at")
    .execute();

export const certificatesOf = (db: Db, communityId: number, userId: number) =>
  db
    .selectFrom("vol_certificate")
    .select(["id", "code", "issued_at", "content"])
    .where("community_id", "=", communityId)
    .where("user_id", "=", userId)
    .orderBy("id", "desc")
    .execute();

export const certificateById = (db: Db, communityId: number, certificateId: number) =>
  db
    .selectFrom("vol_certificate")
    .selectAll()
    .where("community_id", "=", communityId)
    .where("id", "=", certificateId)
    .executeTakeFirst();

export const certificatesByCode = (db: Db, code: string) =>
  db.selectFrom("vol_certificate").selectAll().where("code", "=", code).limit(2).execute();

export const insertCertificate = (
  db: Db,
  v: { community_id: number; user_id: number; code: string; content: unknown; issued_by: number },
) =>
  db
    .insertInto("vol_certificate")
    .values({ ...v, content: JSON.stringify(v.content) })
    .returning(["id", "code", "issued_at"])
    .executeTakeFirstOrThrow();

export const consentOf = async (db: Db, communityId: number, userId: number) =>
  (
    await db
      .selectFrom("vol_volunteer")
      .select("consent_disclose")
      .where("community_id", "=", communityId)
      .where("user_id", "=", userId)
      .executeTakeFirst()
  )?.consent_disclose ?? false;

export const setConsent = (db: Db, communityId: number, userId: number, consent: boolean) =>
  db
    .insertInto("vol_volunteer")
    .values({
      community_id: communityId,
      user_id: userId,
      consent_disclose: consent,
      consent_changed_at: new Date(),
    })
    .onConflict((oc) =>
      oc
        .columns(["community_id", "user_id"])
        .doUpdateSet({ consent_disclose: consent, consent_changed_at: new Date() }),
    )
    .execute();

/** Communities where the person has any volunteering trace. */
export const communitiesOfVolunteer = async (db: Db, userId: number) => {
  const rows = await db
    .selectFrom("vol_signup")
    .select("community_id")
    .where("user_id", "=", userId)
    .union(db.selectFrom("vol_attendance").select("community_id").where("user_id", "=", userId))
    .union(db.selectFrom("vol_certificate").select("community_id").where("user_id", "=", userId))
    .union(
      db
        .selectFrom("vol_team_member")
        .select("community_id")
        .where("user_id", "=", userId)
        .where("status", "=", "active"),
    )
    .execute();
  return rows.map((r) => r.community_id).sort((a, b) => a - b);
};

/** Public figures (T5) of communities, or of one grid (volunteers living in it): certified services in a period. */
export async function figuresOf(
  db: Db,
  scope: { communityIds: number[]; gridId?: number; from?: Date; to?: Date },
) {
  if (scope.communityIds.length === 0)
    return { volunteers: 0, services: 0, minutes: 0, members: 0, teams: 0 };
  let services = db
    .selectFrom("vol_attendance as a")
    .where("a.community_id", "in", scope.communityIds)
    .where("a.certified_at", "is not", null);
  if (scope.from) services = services.where("a.check_in_at", ">=", scope.from);
  if (scope.to) services = services.where("a.check_in_at", "<", scope.to);
  if (scope.gridId != null) {
    const gridId = scope.gridId;
    services = services.where((eb) =>
      eb.exists(
        eb
          .selectFrom("resident as r")
          .innerJoin("household as h", (j) =>
            j.onRef("h.community_id", "=", "r.community_id").onRef("h.id", "=", "r.household_id"),
          )
          .whereRef("r.community_id", "=", "a.community_id")
          .whereRef("r.user_id", "=", "a.user_id")
          .where("r.status", "=", "verified")
          .where("h.grid_id", "=", gridId),
      ),
    );
  }
  const s = await services
    .select((eb) => [
      eb.fn.count<string>("a.id").as("services"),
      sql<string>`count(distinct a.user_id)`.as("volunteers"),
      eb.fn.coalesce(eb.fn.sum<string>("a.minutes"), sql<string>`0`).as("minutes"),
    ])
    .executeTakeFirstOrThrow();
  const m =
    scope.gridId != null
      ? null
      : await db
          .selectFrom("vol_team_member as m")
          .where("m.community_id", "in", scope.communityIds)
          .where("m.status", "=", "active")
          .select([
            sql<string>`count(distinct m.user_id)`.as("members"),
            sql<string>`count(distinct m.team_id)`.as("teams"),
          ])
          .executeTakeFirstOrThrow();
  return {
    volunteers: Number(s.volunteers),
    services: Number(s.services),
    minutes: Number(s.minutes),
    members: m ? Number(m.members) : null,
    teams: m ? Number(m.teams) : null,
  };
}
/** Whether the person volunteers in the community: an active or requested team membership, a live
 *  sign-up or an attendance. */
export const isVolunteerIn = async (db: Db, communityId: number, userId: number) => {
  const row = await db
    .selectFrom("vol_team_member")
    .select("community_id")
    .where("community_id", "=", communityId)
    .where("user_id", "=", userId)
    .where("status", "in", ["active", "requested"])
    .union(
      db
        .selectFrom("vol_attendance")
        .select("community_id")
        .where("community_id", "=", communityId)
        .where("user_id", "=", userId),
    )
    .union(
      db
        .selectFrom("vol_signup")
        .select("community_id")
        .where("community_id", "=", communityId)
        .where("user_id", "=", userId)
        .where("status", "<>", "cancelled"),
    )
    .limit(1)
    .executeTakeFirst();
  return !!row;
};

export const certifiedMinutesSince = async (db: Db, communityId: number, userIds: number[], since: Date) => {
  const out = new Map<number, number>();
  if (!userIds.length) return out;
  const rows = await db
    .selectFrom("vol_attendance")
    .select(["user_id", (e) => e.fn.sum<number>("minutes").as("m")])
    .where("community_id", "=", communityId)
    .where("user_id", "in", userIds)
    .where("certified_at", ">=", since)
    .groupBy("user_id")
    .execute();
  for (const r of rows) out.set(r.user_id, Number(r.m ?? 0));
  return out;
};
