import { type Kysely, sql } from "kysely";
import type { DB, ImportJobTable, Relation } from "../../db/schema.ts";
import { householdInScope, type ScopeIds } from "../places/places.queries.ts";

type JobStatus = ImportJobTable["status"];

/** Rows per multi-row INSERT: 1,000 residents × 13 columns stays far below PostgreSQL's 65,535 parameters. */
export const BATCH_SIZE = 1000;

// ---------------------------------------------------------------------------------------------
// Jobs

export const insertJob = (
  db: Kysely<DB>,
  v: {
    community_id: number;
    kind: string;
    mode: "all_or_nothing" | "valid_rows";
    filename: string;
    total_rows: number;
    created_by: number | null;
  },
) =>
  db
    .insertInto("import_job")
    .values({ ...v, status: "queued", errors: "[]" })
    .returning(["id", "status"])
    .executeTakeFirstOrThrow();

export const markJobRunning = (db: Kysely<DB>, communityId: number, id: number) =>
  db
    .updateTable("import_job")
    .set({ status: "running" })
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .execute();

export const recordJobProgress = (
  db: Kysely<DB>,
  communityId: number,
  id: number,
  v: { processed_rows: number; total_rows: number },
) =>
  db
    .updateTable("import_job")
    .set(v)
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .where("status", "=", "running")
    .execute();

export const finishJob = (
  db: Kysely<DB>,
  communityId: number,
  id: number,
  v: {
    status: JobStatus;
    total_rows: number;
    processed_rows: number;
    imported_rows: number;
    error_count: number;
    errors: unknown[];
  },
) =>
  db
    .updateTable("import_job")
    .set({ ...v, errors: JSON.stringify(v.errors), finished_at: new Date() })
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .execute();

const jobColumns = [
  "id",
  "community_id",
  "kind",
  "status",
  "mode",
  "filename",
  "total_rows",
  "processed_rows",
  "imported_rows",
  "error_count",
  "created_at",
  "finished_at",
] as const;

export const findJob = (db: Kysely<DB>, communityId: number, id: number) =>
  db
    .selectFrom("import_job")
    .select([...jobColumns, "errors"])
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .executeTakeFirst();

export const listJobs = (db: Kysely<DB>, communityId: number, limit: number) =>
  db
    .selectFrom("import_job")
    .select(jobColumns)
    .where("community_id", "=", communityId)
    .orderBy("id", "desc")
    .limit(limit)
    .execute();

/** Jobs a previous process left queued or running: their transaction never committed. */
export const failInterruptedJobs = (db: Kysely<DB>, errors: unknown[]) =>
  db
    .updateTable("import_job")
    .set({ status: "failed", errors: JSON.stringify(errors), finished_at: new Date() })
    .where("status", "in", ["queued", "running"])
    .execute();

// ---------------------------------------------------------------------------------------------
// What an import builds on

/** One import per community at a time (held to the end of the transaction), so that two uploads
 * never both create the same estate or person. */
export const lockCommunityImports = (db: Kysely<DB>, communityId: number) =>
  sql`select pg_advisory_xact_lock(7301, ${communityId})`.execute(db);

export async function loadPlaces(db: Kysely<DB>, communityId: number) {
  const [grids, estates, buildings, units, households] = await Promise.all([
    db.selectFrom("grid").select(["id", "name"]).where("community_id", "=", communityId).execute(),
    db.selectFrom("estate").select(["id", "name"]).where("community_id", "=", communityId).execute(),
    db
      .selectFrom("building")
      .select(["id", "estate_id", "name", "grid_id"])
      .where("community_id", "=", communityId)
      .execute(),
    db
      .selectFrom("unit")
      .select(["id", "building_id", "name"])
      .where("community_id", "=", communityId)
      .execute(),
    db
      .selectFrom("household")
      .select(["id", "building_id", "unit_id", "room"])
      .where("community_id", "=", communityId)
      .execute(),
  ]);
  return { grids, estates, buildings, units, households };
}

/** Verified people of the community: who counts as already there. */
export const loadVerifiedResidents = (db: Kysely<DB>, communityId: number) =>
  db
    .selectFrom("resident")
    .select(["household_id", "name", "id_number_hash"])
    .where("community_id", "=", communityId)
    .where("status", "=", "verified")
    .execute();

// ---------------------------------------------------------------------------------------------
// Writing, in multi-row batches

function* chunks<T>(rows: T[], size = BATCH_SIZE): Generator<T[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}

export async function insertEstates(db: Kysely<DB>, communityId: number, names: string[]) {
  const out: { id: number; name: string }[] = [];
  for (const batch of chunks(names)) {
    out.push(
      ...(await db
        .insertInto("estate")
        .values(batch.map((name) => ({ community_id: communityId, name, property_org_id: null })))
        .returning(["id", "name"])
        .execute()),
    );
  }
  return out;
}

export async function insertBuildings(
  db: Kysely<DB>,
  rows: { community_id: number; estate_id: number; name: string; grid_id: number | null }[],
) {
  const out: { id: number; estate_id: number; name: string }[] = [];
  for (const batch of chunks(rows)) {
    out.push(
      ...(await db.insertInto("building").values(batch).returning(["id", "estate_id", "name"]).execute()),
    );
  }
  return out;
}

export async function insertUnits(
  db: Kysely<DB>,
  rows: { community_id: number; building_id: number; name: string }[],
) {
  const out: { id: number; building_id: number; name: string }[] = [];
  for (const batch of chunks(rows)) {
    out.push(
      ...(await db.insertInto("unit").values(batch).returning(["id", "building_id", "name"]).execute()),
    );
  }
  return out;
}

export const insertHouseholds = (
  db: Kysely<DB>,
  batch: {
    community_id: number;
    building_id: number;
    unit_id: number | null;
    grid_id: number | null;
    floor: number | null;
    room: string;
    area_m2: number | null;
  }[],
) => db.insertInto("household").values(batch).returning(["id", "building_id", "unit_id", "room"]).execute();

export interface NewResident {
  community_id: number;
  household_id: number;
  name: string;
  gender: "male" | "female" | null;
  birth_date: string | null;
  id_number_enc: string | null;
  id_number_hash: string | null;
  phone: string | null;
  phone_tail: string | null;
  relation: Relation | null;
  care_tags: string[];
  verified_at: Date;
  verified_by: number | null;
}

export const insertResidents = (db: Kysely<DB>, batch: NewResident[]) =>
  db
    .insertInto("resident")
    .values(batch.map((r) => ({ ...r, status: "verified" as const })))
    .execute();

// ---------------------------------------------------------------------------------------------
// Export

/**
 * Every home within the scope with its verified residents, one row per person; a home without any
 * gives one row with the person's columns null. Ordered as the place tree is.
 */
export const exportRows = (db: Kysely<DB>, communityId: number, scope: ScopeIds | null) =>
  db
    .selectFrom("household as h")
    .innerJoin("building as b", (j) =>
      j.onRef("b.community_id", "=", "h.community_id").onRef("b.id", "=", "h.building_id"),
    )
    .innerJoin("estate as e", (j) =>
      j.onRef("e.community_id", "=", "b.community_id").onRef("e.id", "=", "b.estate_id"),
    )
    .leftJoin("unit as u", (j) =>
      j.onRef("u.community_id", "=", "h.community_id").onRef("u.id", "=", "h.unit_id"),
    )
    .leftJoin("grid as g", (j) =>
      j.onRef("g.community_id", "=", "h.community_id").onRef("g.id", "=", "h.grid_id"),
    )
    .leftJoin("resident as r", (j) =>
      j
        .onRef("r.community_id", "=", "h.community_id")
        .onRef("r.household_id", "=", "h.id")
        .on("r.status", "=", "verified"),
    )
    .where("h.community_id", "=", communityId)
    .where((eb) => householdInScope(eb, scope))
    .select([
      "e.id as estateId",
      "e.name as estate",
      "b.id as buildingId",
      "b.name as building",
      "u.id as unitId",
      "u.name as unit",
      "h.id as householdId",
      "h.grid_id as gridId",
      "g.name as grid",
      "h.floor",
      "h.room",
      "h.area_m2",
      "r.id as residentId",
      "r.name",
      "r.gender",
      "r.birth_date",
      "r.id_number_enc",
      "r.phone",
      "r.relation",
      "r.care_tags",
    ])
    .orderBy("e.id")
    .orderBy("b.id")
    .orderBy("u.id", (o) => o.nullsFirst())
    .orderBy("h.id")
    .orderBy(sql`case r.relation when 'owner' then 0 when 'family' then 1 else 2 end`)
    .orderBy("r.id")
    .execute();
