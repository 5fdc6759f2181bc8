// All SQL of the ratings of spaces and services.
import { type Insertable, type Kysely, sql, type Updateable } from "kysely";
import type { DB } from "../../../db/schema.ts";
import { tenantJoin } from "../../../db/tenant-join.ts";
import type { RatingSubjectTable, SubjectRatingTable } from "./ratings.tables.ts";

export const communityExists = async (db: Kysely<DB>, communityId: number) =>
  !!(await db.selectFrom("community").select("id").where("id", "=", communityId).executeTakeFirst());

function subjectsBase(db: Kysely<DB>, communityId: number) {
  return db
    .selectFrom("rating_subject as s")
    .leftJoin("estate as e", tenantJoin("e", "s", "estate_id"))
    .leftJoin("building as b", tenantJoin("b", "s", "building_id"))
    .select([
      "s.community_id",
      "s.id",
      "s.kind",
      "s.name",
      "s.description",
      "s.estate_id",
      "s.building_id",
      "s.active",
      "s.created_at",
      "e.name as estate_name",
      "b.name as building_name",
    ])
    .where("s.community_id", "=", communityId);
}
export type SubjectRow = Awaited<ReturnType<typeof findSubject>> & {};

export const listSubjects = (db: Kysely<DB>, communityId: number, includeInactive: boolean) => {
  let qb = subjectsBase(db, communityId);
  if (!includeInactive) qb = qb.where("s.active", "=", true);
  return qb.orderBy("s.kind", "desc").orderBy("s.id").execute();
};

export const findSubject = (db: Kysely<DB>, communityId: number, id: number) =>
  subjectsBase(db, communityId).where("s.id", "=", id).executeTakeFirst();

export const subjectNameTaken = async (
  db: Kysely<DB>,
  communityId: number,
  name: string,
  exceptId?: number,
) => {
  let qb = db
    .selectFrom("rating_subject")
    .select("id")
    .where("community_id", "=", communityId)
    .where("name", "=", name);
  if (exceptId != null) qb = qb.where("id", "!=", exceptId);
  return !!(await qb.executeTakeFirst());
};

export const insertSubject = (db: Kysely<DB>, row: Insertable<RatingSubjectTable>) =>
  db.insertInto("rating_subject").values(row).returning("id").executeTakeFirstOrThrow();

export const updateSubject = (
  db: Kysely<DB>,
  communityId: number,
  id: number,
  set: Updateable<RatingSubjectTable>,
) =>
  db
    .updateTable("rating_subject")
    .set({ ...set, updated_at: new Date() })
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .returning("id")
    .executeTakeFirst();

// ---- figures ----

export interface SubjectCounts {
  subject_id: number;
  good: number;
  average: number;
  poor: number;
}

/** Counts of the current ratings per subject of a community (one row per person and subject). */
export async function countsBySubject(db: Kysely<DB>, communityId: number): Promise<SubjectCounts[]> {
  const { rows } = await sql<SubjectCounts>`
    select subject_id,
      count(*) filter (where rating = 'good')::int as good,
      count(*) filter (where rating = 'average')::int as average,
      count(*) filter (where rating = 'poor')::int as poor
    from subject_rating
    where community_id = ${communityId}::int
    group by subject_id`.execute(db);
  return rows;
}

/** The newest comments of each subject of a community (text, rating and time only: nobody's name). */
export async function latestComments(db: Kysely<DB>, communityId: number, perSubject: number) {
  const { rows } = await sql<{
    subject_id: number;
    rating: "good" | "average" | "poor";
    comment: string;
    rated_at: Date;
  }>`
    select subject_id, rating, comment, rated_at from (
      select subject_id, rating, comment, rated_at,
        row_number() over (partition by subject_id order by rated_at desc, id desc) as n
      from subject_rating
      where community_id = ${communityId}::int and comment is not null and comment <> ''
    ) c
    where n <= ${perSubject}::int
    order by subject_id, rated_at desc`.execute(db);
  return rows;
}

// ---- one person's ratings ----

export const myRatings = (db: Kysely<DB>, communityId: number, residentIds: number[]) =>
  residentIds.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom("subject_rating")
        .select(["subject_id", "rating", "comment", "rated_at", "request_id"])
        .where("community_id", "=", communityId)
        .where("resident_id", "in", residentIds)
        .execute();

export const findRatingOf = (db: Kysely<DB>, communityId: number, subjectId: number, residentId: number) =>
  db
    .selectFrom("subject_rating")
    .select(["id", "rating", "comment", "first_rated_at", "rated_at", "request_id"])
    .where("community_id", "=", communityId)
    .where("subject_id", "=", subjectId)
    .where("resident_id", "=", residentId)
    .executeTakeFirst();

/**
 * Stores a person's current rating of a subject: a first rating inserts, a later one overwrites
 * (first_rated_at kept). One statement, so two taps at once leave one row. A changed rating or
 * comment is a new statement: its link to a request made from the old one is dropped (the request
 * itself stays, with the old comment as its description).
 */
export const upsertRating = (db: Kysely<DB>, row: Insertable<SubjectRatingTable> & { rated_at: Date }) =>
  db
    .insertInto("subject_rating")
    .values(row)
    .onConflict((oc) =>
      oc.columns(["community_id", "subject_id", "resident_id"]).doUpdateSet({
        rating: row.rating,
        comment: row.comment ?? null,
        rated_at: row.rated_at,
        request_id: sql<number | null>`case when subject_rating.rating = excluded.rating
          and subject_rating.comment is not distinct from excluded.comment
          then subject_rating.request_id end`,
      }),
    )
    .returning(["id", "rating", "comment", "first_rated_at", "rated_at", "request_id"])
    .executeTakeFirstOrThrow();

// ---- staff ----

export async function staffRatings(
  db: Kysely<DB>,
  communityId: number,
  f: { subjectId?: number | undefined; rating?: string | undefined; limit: number; offset: number },
) {
  let qb = db
    .selectFrom("subject_rating as r")
    .innerJoin("rating_subject as s", tenantJoin("s", "r", "subject_id"))
    .innerJoin("resident as p", tenantJoin("p", "r", "resident_id"))
    .where("r.community_id", "=", communityId);
  if (f.subjectId != null) qb = qb.where("r.subject_id", "=", f.subjectId);
  if (f.rating != null) qb = qb.where("r.rating", "=", f.rating as "good");
  const [rows, total] = await Promise.all([
    qb
      .select([
        "r.id",
        "r.subject_id",
        "s.name as subject_name",
        "s.kind as subject_kind",
        "r.rating",
        "r.comment",
        "r.first_rated_at",
        "r.rated_at",
        "r.request_id",
        "p.name as rater_name",
      ])
      .orderBy("r.rated_at", "desc")
      .orderBy("r.id", "desc")
      .limit(f.limit)
      .offset(f.offset)
      .execute(),
    qb.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/** A rating with what turning it into a request needs, locked until the transaction ends. */
export const lockRating = (db: Kysely<DB>, communityId: number, id: number) =>
  db
    .selectFrom("subject_rating as r")
    .innerJoin("resident as p", tenantJoin("p", "r", "resident_id"))
    .select([
      "r.id",
      "r.subject_id",
      "r.rating",
      "r.comment",
      "r.rated_at",
      "r.request_id",
      "p.user_id as rater_user_id",
    ])
    .where("r.community_id", "=", communityId)
    .where("r.id", "=", id)
    .forUpdate("r")
    .executeTakeFirst();

export const setRatingRequest = (db: Kysely<DB>, communityId: number, id: number, requestId: number) =>
  db
    .updateTable("subject_rating")
    .set({ request_id: requestId })
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .where("request_id", "is", null)
    .returning("id")
    .executeTakeFirst();
