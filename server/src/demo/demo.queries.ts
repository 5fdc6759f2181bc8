import { type Insertable, type Kysely, sql } from "kysely";
import type { DB } from "../db/schema.ts";

export const findUserByPhone = (db: Kysely<DB>, phone: string) =>
  db.selectFrom("app_user").select(["id", "name"]).where("phone", "=", phone).executeTakeFirst();

/** Tables whose ids the demo loader reserves before writing rows that point at each other. */
export type PlannedTable =
  | "organisation"
  | "grid"
  | "estate"
  | "building"
  | "unit"
  | "household"
  | "resident"
  | "party_member";

/**
 * `n` fresh ids from the table's identity sequence, ascending. Taken with nextval, so rows written
 * later through the API never collide with them.
 */
export async function reserveIds(db: Kysely<DB>, table: PlannedTable, n: number): Promise<number[]> {
  if (n === 0) return [];
  const { rows } = await sql<{ id: number }>`
    select nextval(pg_get_serial_sequence(${table}, 'id'))::int as id from generate_series(1, ${n}::int)`.execute(
    db,
  );
  return rows.map((r) => r.id).sort((a, b) => a - b);
}

/** Writes rows in multi-row INSERTs, each under ~20,000 bound parameters. */
export async function insertRows<T extends keyof DB>(
  db: Kysely<DB>,
  table: T,
  rows: Insertable<DB[T]>[],
): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!).length;
  const batch = Math.max(1, Math.min(1000, Math.floor(20_000 / columns)));
  for (let i = 0; i < rows.length; i += batch) {
    await db
      .insertInto(table)
      .values(rows.slice(i, i + batch) as any)
      .execute();
  }
}

export const findCommunitiesByCode = (db: Kysely<DB>, codes: string[]) =>
  db
    .selectFrom("community as c")
    .innerJoin("street as s", "s.id", "c.street_id")
    .innerJoin("district as d", "d.id", "s.district_id")
    .select([
      "c.id",
      "c.code",
      "c.name",
      "s.id as streetId",
      "s.code as streetCode",
      "s.name as streetName",
      "d.id as districtId",
      "d.code as districtCode",
      "d.name as districtName",
      "d.city_name as cityName",
    ])
    .where("c.code", "in", codes)
    .execute();

export const findStreetByCode = (db: Kysely<DB>, code: string) =>
  db.selectFrom("street").select(["id", "name"]).where("code", "=", code).executeTakeFirst();

export const findDistrictByCode = (db: Kysely<DB>, code: string) =>
  db.selectFrom("district").select(["id", "name"]).where("code", "=", code).executeTakeFirst();

export const setCommunityReported = (db: Kysely<DB>, id: number, reported: unknown, areaKm2: number | null) =>
  db
    .updateTable("community")
    .set({ reported: JSON.stringify(reported), area_km2: areaKm2 })
    .where("id", "=", id)
    .execute();

export const insertUsers = (db: Kysely<DB>, rows: Insertable<DB["app_user"]>[]) =>
  db.insertInto("app_user").values(rows).returning(["id", "phone"]).execute();

/** Row counts of the tables the demo fills, for its log line and its tests. */
export async function countRows(db: Kysely<DB>) {
  const tables = [
    "district",
    "street",
    "community",
    "organisation",
    "grid",
    "estate",
    "building",
    "unit",
    "household",
    "resident",
    "party_member",
    "app_user",
    "role_assignment",
  ] as const;
  const counts = {} as Record<(typeof tables)[number], number>;
  for (const table of tables) {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}

/** Households, residents, grids, estates and party members of one community, counted from the tables. */
export async function countCommunity(db: Kysely<DB>, communityId: number) {
  const count = async (table: "household" | "resident" | "grid" | "estate" | "building" | "party_member") =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("community_id", "=", communityId)
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    households: await count("household"),
    residents: await count("resident"),
    grids: await count("grid"),
    estates: await count("estate"),
    buildings: await count("building"),
    partyMembers: await count("party_member"),
  };
}

/** Refreshes the planner's statistics of every table (after the bulk load). */
export const analyze = async (db: Kysely<DB>) => {
  await sql`analyze`.execute(db);
};
