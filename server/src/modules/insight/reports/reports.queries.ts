// SQL of insight's monthly reports: the archive (insight_report), the places a report is made for, and
// the month's highlights read from the requests, projects and volunteering tables — every read of a
// community table filtered by community_id (the report's communities).
import { type Kysely, sql } from "kysely";
import type { DB } from "../../../db/schema.ts";

type Db = Kysely<DB>;
export type ReportLevel = "community" | "street";

export const INSIGHT_REPORTS_JOB = "insight-reports";

// ---- places ----

export const communityPlace = (db: Db, id: number) =>
  db.selectFrom("community").select(["id", "name", "street_id"]).where("id", "=", id).executeTakeFirst();
export const streetPlace = (db: Db, id: number) =>
  db.selectFrom("street").select(["id", "name", "district_id"]).where("id", "=", id).executeTakeFirst();
export const communitiesOfStreet = (db: Db, streetId: number) =>
  db.selectFrom("community").select(["id", "name"]).where("street_id", "=", streetId).orderBy("id").execute();
export const streetsOfDistrict = (db: Db, districtId: number) =>
  db
    .selectFrom("street")
    .select(["id", "name"])
    .where("district_id", "=", districtId)
    .orderBy("id")
    .execute();
/** Every community and street (the job makes a report for each). */
export const allCommunities = (db: Db) =>
  db.selectFrom("community").select(["id", "name", "street_id"]).orderBy("id").execute();
export const allStreets = (db: Db) => db.selectFrom("street").select(["id", "name"]).orderBy("id").execute();

// ---- highlights: [from, to) are the month's bounds in China time ----

/**
 * Requests resolved in the month (never-public categories left out), most supporters first: a request's
 * supporters are its submitter and the submitters of the duplicates merged into it.
 */
export async function resolvedRequests(db: Db, communityIds: number[], from: Date, to: Date, limit: number) {
  if (communityIds.length === 0) return { count: 0, top: [] };
  const base = db
    .selectFrom("request as r")
    .innerJoin("request_category as c", (j) =>
      j.onRef("c.community_id", "=", "r.community_id").onRef("c.id", "=", "r.category_id"),
    )
    .where("r.community_id", "in", communityIds)
    .where("r.resolved_at", ">=", from)
    .where("r.resolved_at", "<", to)
    .where("r.status", "in", ["resolved", "closed"])
    .where("c.never_public", "=", false);
  const [count, top] = await Promise.all([
    base.select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow(),
    base
      .innerJoin("community as m", "m.id", "r.community_id")
      .select([
        "r.id",
        "r.community_id",
        "r.title",
        "r.resolved_at",
        "c.name_zh as category",
        "m.name as community",
        sql<string>`1 + (select count(*) from request d
           where d.community_id = r.community_id and d.merged_into = r.id)`.as("supporters"),
      ])
      .orderBy("supporters", "desc")
      .orderBy("r.resolved_at")
      .orderBy("r.id")
      .limit(limit)
      .execute(),
  ]);
  return {
    count: Number(count.n),
    top: top.map((r) => ({
      id: r.id,
      communityId: r.community_id,
      community: r.community,
      title: r.title,
      category: r.category,
      supporters: Number(r.supporters),
    })),
  };
}

/** Projects finished in the month. */
export async function finishedProjects(db: Db, communityIds: number[], from: Date, to: Date, limit: number) {
  if (communityIds.length === 0) return { count: 0, top: [] };
  const base = db
    .selectFrom("project as p")
    .where("p.community_id", "in", communityIds)
    .where("p.finished_at", ">=", from)
    .where("p.finished_at", "<", to);
  const [count, top] = await Promise.all([
    base.select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow(),
    base
      .innerJoin("community as m", "m.id", "p.community_id")
      .select(["p.id", "p.community_id", "p.title", "m.name as community"])
      .orderBy("p.finished_at")
      .orderBy("p.id")
      .limit(limit)
      .execute(),
  ]);
  return {
    count: Number(count.n),
    top: top.map((p) => ({ id: p.id, communityId: p.community_id, community: p.community, title: p.title })),
  };
}

/** Volunteering activities that ended in the month (not cancelled), with their certified attendances. */
export async function finishedActivities(
  db: Db,
  communityIds: number[],
  from: Date,
  to: Date,
  limit: number,
) {
  if (communityIds.length === 0) return { count: 0, top: [] };
  const base = db
    .selectFrom("vol_activity as a")
    .where("a.community_id", "in", communityIds)
    .where("a.ends_at", ">=", from)
    .where("a.ends_at", "<", to)
    .where("a.cancelled", "=", false);
  const [count, top] = await Promise.all([
    base.select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow(),
    base
      .innerJoin("community as m", "m.id", "a.community_id")
      .select([
        "a.id",
        "a.community_id",
        "a.title",
        "m.name as community",
        sql<string>`(select count(*) from vol_attendance v
           where v.community_id = a.community_id and v.activity_id = a.id and v.certified_at is not null)`.as(
          "attended",
        ),
      ])
      .orderBy("attended", "desc")
      .orderBy("a.ends_at")
      .orderBy("a.id")
      .limit(limit)
      .execute(),
  ]);
  return {
    count: Number(count.n),
    top: top.map((a) => ({
      id: a.id,
      communityId: a.community_id,
      community: a.community,
      title: a.title,
      attended: Number(a.attended),
    })),
  };
}

// ---- the archive ----

export const REPORT_META = [
  "id",
  "level",
  "place_id",
  "month",
  "place_name",
  "generated_at",
  "generated_by",
  "sha256",
  "pdf_bytes",
] as const;

export interface ReportRow {
  level: ReportLevel;
  placeId: number;
  month: string;
  placeName: string;
  generatedBy: number | null;
  sha256: string;
  numbers: unknown;
  pdf: Buffer;
}

const values = (r: ReportRow) => ({
  level: r.level,
  place_id: r.placeId,
  month: r.month,
  place_name: r.placeName,
  generated_by: r.generatedBy,
  sha256: r.sha256,
  numbers: JSON.stringify(r.numbers),
  pdf: r.pdf,
  pdf_bytes: r.pdf.length,
});

/** Archives a report unless one is there already (the job: several processes may race). */
export const insertReportIfMissing = (db: Db, r: ReportRow) =>
  db
    .insertInto("insight_report")
    .values(values(r))
    .onConflict((oc) => oc.columns(["level", "place_id", "month"]).doNothing())
    .returning(REPORT_META)
    .executeTakeFirst();

/** Archives a report, replacing the one of that place and month (staff regenerating it). */
export const upsertReport = (db: Db, r: ReportRow) =>
  db
    .insertInto("insight_report")
    .values(values(r))
    .onConflict((oc) =>
      oc.columns(["level", "place_id", "month"]).doUpdateSet((eb) => ({
        place_name: eb.ref("excluded.place_name"),
        generated_at: sql`now()`,
        generated_by: eb.ref("excluded.generated_by"),
        sha256: eb.ref("excluded.sha256"),
        numbers: eb.ref("excluded.numbers"),
        pdf: eb.ref("excluded.pdf"),
        pdf_bytes: eb.ref("excluded.pdf_bytes"),
      })),
    )
    .returning(REPORT_META)
    .executeTakeFirstOrThrow();

export const reportById = (db: Db, id: number) =>
  db
    .selectFrom("insight_report")
    .select([...REPORT_META, "numbers"])
    .where("id", "=", id)
    .executeTakeFirst();

export const reportPdf = (db: Db, id: number) =>
  db
    .selectFrom("insight_report")
    .select(["pdf", "sha256", "month", "place_name"])
    .where("id", "=", id)
    .executeTakeFirst();

/** Which (level, place) pairs already have a report of the month. */
export const reportedPlaces = (db: Db, month: string) =>
  db.selectFrom("insight_report").select(["level", "place_id"]).where("month", "=", month).execute();

/** The archived reports of some places, newest month first. */
export async function listReports(
  db: Db,
  places: { communityIds: number[]; streetIds: number[] },
  filter: { month?: string; level?: ReportLevel },
  page: { offset: number; limit: number },
) {
  if (places.communityIds.length === 0 && places.streetIds.length === 0) return { total: 0, rows: [] };
  let q = db.selectFrom("insight_report").where((eb) => {
    const ors = [];
    if (places.communityIds.length > 0)
      ors.push(eb.and([eb("level", "=", "community"), eb("place_id", "in", places.communityIds)]));
    if (places.streetIds.length > 0)
      ors.push(eb.and([eb("level", "=", "street"), eb("place_id", "in", places.streetIds)]));
    return eb.or(ors);
  });
  if (filter.month) q = q.where("month", "=", filter.month);
  if (filter.level) q = q.where("level", "=", filter.level);
  const [total, rows] = await Promise.all([
    q.select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow(),
    q
      .select(REPORT_META)
      .orderBy("month", "desc")
      .orderBy("level", "desc")
      .orderBy("place_id")
      .offset(page.offset)
      .limit(page.limit)
      .execute(),
  ]);
  return { total: Number(total.n), rows };
}

export const districtPlace = (db: Db, id: number) =>
  db.selectFrom("district").select(["id", "name"]).where("id", "=", id).executeTakeFirst();
