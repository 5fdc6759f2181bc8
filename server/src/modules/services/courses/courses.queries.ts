// All SQL of the courses module (C3). Private to the module: courses.service.ts is its surface.

import type { Insertable } from "kysely";
import { type Kysely, sql } from "kysely";
import type { DB } from "../../../db/schema.ts";
import { tenantJoin } from "../../../db/tenant-join.ts";
import type { CourseTable, EnrolmentStatus } from "./courses.tables.ts";

type Db = Kysely<DB>;
const like = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

const count = (status: EnrolmentStatus) =>
  sql<number>`(select count(*)::int from course_enrolment e where e.community_id = c.community_id and e.course_id = c.id and e.status = ${status})`;

export function courseRows(db: Db, communityIds: number[]) {
  return db
    .selectFrom("course as c")
    .selectAll("c")
    .select([
      count("enrolled").as("enrolled"),
      count("waiting").as("waiting"),
      count("applied").as("applied"),
      sql<Date | null>`(select min(s.starts_at) from course_session s where s.community_id = c.community_id and s.course_id = c.id and s.starts_at > now())`.as(
        "next_session_at",
      ),
    ])
    .where("c.community_id", "in", communityIds.length ? communityIds : [-1]);
}
export type CourseRow = Awaited<ReturnType<ReturnType<typeof courseRows>["executeTakeFirstOrThrow"]>>;

export async function listCourses(
  db: Db,
  communityId: number,
  f: { q?: string | undefined; on?: string | undefined; limit: number; offset: number },
) {
  let query = courseRows(db, [communityId]);
  if (f.q) {
    const p = like(f.q);
    query = query.where((eb) =>
      eb.or([eb("c.title", "like", p), eb("c.teacher_name", "like", p), eb("c.place", "like", p)]),
    );
  }
  if (f.on) query = query.where("c.term_start", "<=", f.on).where("c.term_end", ">=", f.on);
  return query.orderBy("c.start_time").orderBy("c.id").limit(f.limit).offset(f.offset).execute();
}

export const findCourse = (db: Db, communityId: number, id: number) =>
  courseRows(db, [communityId]).where("c.id", "=", id).executeTakeFirst();

export const lockCourse = (db: Db, communityId: number, id: number) =>
  db
    .selectFrom("course")
    .selectAll()
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst();

export const insertCourse = (db: Db, row: Insertable<CourseTable>) =>
  db.insertInto("course").values(row).returning("id").executeTakeFirstOrThrow();

export async function insertSessions(db: Db, communityId: number, courseId: number, starts: Date[]) {
  if (!starts.length) return;
  await db
    .insertInto("course_session")
    .values(
      starts.map((s) => ({ community_id: communityId, course_id: courseId, starts_at: s, held_at: null })),
    )
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export const liveEnrolmentOf = (db: Db, communityId: number, courseId: number, residentId: number) =>
  db
    .selectFrom("course_enrolment")
    .selectAll()
    .where("community_id", "=", communityId)
    .where("course_id", "=", courseId)
    .where("resident_id", "=", residentId)
    .where("status", "<>", "cancelled")
    .executeTakeFirst();

export const findEnrolment = (db: Db, communityId: number, id: number) =>
  db
    .selectFrom("course_enrolment")
    .selectAll()
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .executeTakeFirst();

export async function nextQueue(db: Db, communityId: number, courseId: number) {
  const r = await db
    .selectFrom("course_enrolment")
    .select(sql<number>`coalesce(max(queue), 0)::int + 1`.as("q"))
    .where("community_id", "=", communityId)
    .where("course_id", "=", courseId)
    .executeTakeFirstOrThrow();
  return Number(r.q);
}

export async function countStatus(db: Db, communityId: number, courseId: number, status: EnrolmentStatus) {
  const r = await db
    .selectFrom("course_enrolment")
    .select(sql<number>`count(*)::int`.as("n"))
    .where("community_id", "=", communityId)
    .where("course_id", "=", courseId)
    .where("status", "=", status)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export const insertEnrolment = (
  db: Db,
  row: {
    community_id: number;
    course_id: number;
    resident_id: number;
    user_id: number;
    status: EnrolmentStatus;
    queue: number;
  },
) =>
  db
    .insertInto("course_enrolment")
    .values({ ...row, enrolled_at: row.status === "enrolled" ? new Date() : null, cancelled_at: null })
    .returning(["id", "status", "queue"])
    .executeTakeFirstOrThrow();

export const setStatus = (db: Db, communityId: number, id: number, status: EnrolmentStatus, queue?: number) =>
  db
    .updateTable("course_enrolment")
    .set({
      status,
      ...(queue != null ? { queue } : {}),
      ...(status === "enrolled" ? { enrolled_at: new Date() } : {}),
      ...(status === "cancelled" ? { cancelled_at: new Date() } : {}),
    })
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .execute();

export const firstWaiting = (db: Db, communityId: number, courseId: number) =>
  db
    .selectFrom("course_enrolment")
    .select(["id", "user_id", "resident_id"])
    .where("community_id", "=", communityId)
    .where("course_id", "=", courseId)
    .where("status", "=", "waiting")
    .orderBy("queue")
    .orderBy("id")
    .limit(1)
    .executeTakeFirst();

/** Position in the waiting list (1 = next). */
export async function waitingPosition(db: Db, communityId: number, courseId: number, queue: number) {
  const r = await db
    .selectFrom("course_enrolment")
    .select(sql<number>`count(*)::int`.as("n"))
    .where("community_id", "=", communityId)
    .where("course_id", "=", courseId)
    .where("status", "=", "waiting")
    .where("queue", "<", queue)
    .executeTakeFirstOrThrow();
  return Number(r.n) + 1;
}

export const appliedOf = (db: Db, communityId: number, courseId: number) =>
  db
    .selectFrom("course_enrolment")
    .select(["id", "resident_id", "queue"])
    .where("community_id", "=", communityId)
    .where("course_id", "=", courseId)
    .where("status", "=", "applied")
    .orderBy("queue")
    .execute();

export const markAllocated = (db: Db, communityId: number, id: number) =>
  db
    .updateTable("course")
    .set({ allocated_at: new Date() })
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .where("allocated_at", "is", null)
    .returning("id")
    .executeTakeFirst();

export const rosterOf = (db: Db, communityId: number, courseId: number) =>
  db
    .selectFrom("course_enrolment as e")
    .innerJoin("resident as r", tenantJoin("r", "e", "resident_id"))
    .select(["e.id", "e.resident_id", "e.status", "e.queue", "e.created_at", "r.name", "r.phone"])
    .where("e.community_id", "=", communityId)
    .where("e.course_id", "=", courseId)
    .where("e.status", "<>", "cancelled")
    .orderBy(sql`case e.status when 'enrolled' then 0 when 'applied' then 1 else 2 end`)
    .orderBy("e.queue")
    .execute();

export const sessionsOf = (db: Db, communityId: number, courseId: number) =>
  db
    .selectFrom("course_session as s")
    .select([
      "s.id",
      "s.starts_at",
      "s.held_at",
      sql<
        number[]
      >`coalesce((select array_agg(a.enrolment_id order by a.enrolment_id) from course_attendance a where a.community_id = s.community_id and a.session_id = s.id and a.present), '{}')`.as(
        "present",
      ),
    ])
    .where("s.community_id", "=", communityId)
    .where("s.course_id", "=", courseId)
    .orderBy("s.starts_at")
    .execute();

export const findSession = (db: Db, communityId: number, courseId: number, id: number) =>
  db
    .selectFrom("course_session")
    .selectAll()
    .where("community_id", "=", communityId)
    .where("course_id", "=", courseId)
    .where("id", "=", id)
    .executeTakeFirst();

export const enrolledIds = async (db: Db, communityId: number, courseId: number) =>
  (
    await db
      .selectFrom("course_enrolment")
      .select("id")
      .where("community_id", "=", communityId)
      .where("course_id", "=", courseId)
      .where("status", "=", "enrolled")
      .execute()
  ).map((r) => r.id);

export async function markAttendance(
  db: Db,
  communityId: number,
  sessionId: number,
  marks: { enrolmentId: number; present: boolean }[],
  by: number,
) {
  if (marks.length)
    await db
      .insertInto("course_attendance")
      .values(
        marks.map((m) => ({
          community_id: communityId,
          session_id: sessionId,
          enrolment_id: m.enrolmentId,
          present: m.present,
          marked_by: by,
        })),
      )
      .onConflict((oc) =>
        oc.columns(["community_id", "session_id", "enrolment_id"]).doUpdateSet((eb) => ({
          present: eb.ref("excluded.present"),
          marked_by: eb.ref("excluded.marked_by"),
          marked_at: new Date(),
        })),
      )
      .execute();
  await db
    .updateTable("course_session")
    .set({ held_at: new Date() })
    .where("community_id", "=", communityId)
    .where("id", "=", sessionId)
    .where("held_at", "is", null)
    .execute();
}

export function statsOf(
  db: Db,
  communityId: number,
  f: { from?: string | undefined; to?: string | undefined; q?: string | undefined },
) {
  let query = db
    .selectFrom("course as c")
    .select([
      "c.id",
      "c.title",
      "c.teacher_name",
      "c.term_start",
      "c.term_end",
      "c.seats",
      count("enrolled").as("enrolled"),
      count("waiting").as("waiting"),
      sql<number>`(select count(*)::int from course_session s where s.community_id = c.community_id and s.course_id = c.id)`.as(
        "sessions",
      ),
      sql<number>`(select count(*)::int from course_session s where s.community_id = c.community_id and s.course_id = c.id and s.held_at is not null)`.as(
        "held",
      ),
      sql<number>`(select count(*)::int from course_attendance a join course_session s on s.community_id = a.community_id and s.id = a.session_id where s.community_id = c.community_id and s.course_id = c.id)`.as(
        "marks",
      ),
      sql<number>`(select count(*)::int from course_attendance a join course_session s on s.community_id = a.community_id and s.id = a.session_id where s.community_id = c.community_id and s.course_id = c.id and a.present)`.as(
        "present",
      ),
    ])
    .where("c.community_id", "=", communityId);
  if (f.from) query = query.where("c.term_end", ">=", f.from);
  if (f.to) query = query.where("c.term_start", "<=", f.to);
  if (f.q) {
    const p = like(f.q);
    query = query.where((eb) => eb.or([eb("c.title", "like", p), eb("c.teacher_name", "like", p)]));
  }
  return query.orderBy("c.term_start").orderBy("c.id").limit(5000).execute();
}

/** The caller's live enrolments (all communities), newest first. */
export const enrolmentsOfUser = (db: Db, userId: number) =>
  db
    .selectFrom("course_enrolment")
    .select(["community_id", "course_id", "id", "status", "queue"])
    .where("user_id", "=", userId)
    .where("status", "<>", "cancelled")
    .orderBy("id", "desc")
    .limit(200)
    .execute();

export const enrolmentsOfResidents = (db: Db, communityId: number, residentIds: number[]) =>
  db
    .selectFrom("course_enrolment")
    .select(["course_id", "id", "status", "queue"])
    .where("community_id", "=", communityId)
    .where("resident_id", "in", residentIds.length ? residentIds : [-1])
    .where("status", "<>", "cancelled")
    .execute();

export const communityNames = (db: Db, ids: number[]) =>
  db
    .selectFrom("community")
    .select(["id", "name"])
    .where("id", "in", ids.length ? ids : [-1])
    .execute();

export const householdOf = async (db: Db, communityId: number, residentId: number) =>
  (
    await db
      .selectFrom("resident")
      .select("household_id")
      .where("community_id", "=", communityId)
      .where("id", "=", residentId)
      .executeTakeFirst()
  )?.household_id ?? null;
