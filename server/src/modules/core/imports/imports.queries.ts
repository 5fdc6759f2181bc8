import { type Kysely, sql } from "kysely";
import { householdInScope, type ScopeIds } from "../../../db/place-scope.ts";
import type { DB, Relation } from "../../../db/schema.ts";
import type { ImportJobTable } from "./imports.tables.ts";

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
// Export (residents-export.service.ts)
//
// Every statement here touches only the rows it returns, whatever the planner believes. One
// statement joining homes to people was planned without statistics (PGlite never runs
// autovacuum, nor has PostgreSQL right after an import) as a nested loop comparing every home with
// every resident of the community: 220 million comparisons for Lvzhou's 9,225 homes and 23,843
// people, 46 s with the event loop blocked throughout on PGlite (issue 7). Without statistics the
// planner takes `community_id = X` for 0.5 % of a table, so it also answers "the people of these
// 1,000 homes" by reading the whole community and filtering; hence the people of a page are read
// home by home (a LATERAL subquery that OFFSET 0 keeps from being flattened into a join), each
// through resident_household.

type Reader = Kysely<DB>;

/** The community's places by id: few (hundreds to thousands), read once per export. */
export async function exportPlaces(db: Reader, communityId: number) {
  const [estates, buildings, units, grids] = await Promise.all([
    db.selectFrom("estate").select(["id", "name"]).where("community_id", "=", communityId).execute(),
    db
      .selectFrom("building")
      .select(["id", "estate_id", "name"])
      .where("community_id", "=", communityId)
      .orderBy("estate_id")
      .orderBy("id")
      .execute(),
    db.selectFrom("unit").select(["id", "name"]).where("community_id", "=", communityId).execute(),
    db.selectFrom("grid").select(["id", "name"]).where("community_id", "=", communityId).execute(),
  ]);
  return { estates, buildings, units, grids };
}

/** The lowest and highest id of the community's homes (null when it has none). */
export const exportHomeIdRange = (db: Reader, communityId: number) =>
  db
    .selectFrom("household")
    .select((eb) => [eb.fn.min<number>("id").as("first"), eb.fn.max<number>("id").as("last")])
    .where("community_id", "=", communityId)
    .executeTakeFirstOrThrow();

/**
 * Homes within the scope whose id lies in (afterId, upTo]: a window of the primary key, so each
 * read touches only its own homes (a LIMIT after ORDER BY id was planned, without statistics, as
 * sorting all the community's remaining homes for every page).
 */
export const exportHomes = (
  db: Reader,
  communityId: number,
  scope: ScopeIds | null,
  afterId: number,
  upTo: number,
) =>
  db
    .selectFrom("household as h")
    .select(["h.id", "h.building_id", "h.unit_id", "h.grid_id", "h.floor", "h.room", "h.area_m2"])
    .where("h.community_id", "=", communityId)
    .where("h.id", ">", afterId)
    .where("h.id", "<=", upTo)
    .where((eb) => householdInScope(eb, scope))
    .execute();

export interface ExportPerson {
  id: number;
  household_id: number;
  name: string;
  gender: "male" | "female" | null;
  birth_date: string | Date | null;
  id_number_enc: string | null;
  phone: string | null;
  relation: Relation | null;
  care_tags: string[] | null;
}

/** The verified residents of some homes (one page), home by home through resident_household. */
export async function exportResidentsOf(
  db: Reader,
  communityId: number,
  householdIds: number[],
): Promise<ExportPerson[]> {
  const { rows } = await sql<ExportPerson>`
    select r.id, r.household_id, r.name, r.gender, r.birth_date, r.id_number_enc, r.phone,
      r.relation, r.care_tags
    from unnest(${householdIds}::int[]) as home(id)
    cross join lateral (
      select * from resident
      where community_id = ${communityId} and household_id = home.id and status = 'verified'
      offset 0
    ) r`.execute(db);
  return rows;
}

/**
 * One residents export per community at a time, across server processes (PostgreSQL): held to
 * the end of the export's transaction, so a crash or a dropped connection releases it too.
 */
export async function tryLockCommunityExport(db: Reader, communityId: number): Promise<boolean> {
  const { rows } = await sql<{
    locked: boolean;
  }>`select pg_try_advisory_xact_lock(7302, ${communityId}) as locked`.execute(db);
  return rows[0]?.locked === true;
}
