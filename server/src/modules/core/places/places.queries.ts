import { type Kysely, sql } from "kysely";
import { householdInScope, type ScopeIds } from "../../../db/place-scope.ts";
import type { DB } from "../../../db/schema.ts";
import { tenantJoin } from "../../../db/tenant-join.ts";

// The place-scope filter is shared by every module that lists households (people, imports).
export { householdInScope, type ScopeIds } from "../../../db/place-scope.ts";

export const listDivisions = (db: Kysely<DB>) =>
  db
    .selectFrom("district as d")
    .innerJoin("street as s", "s.district_id", "d.id")
    .innerJoin("community as c", "c.street_id", "s.id")
    .select([
      "d.id as districtId",
      "d.code as districtCode",
      "d.name as districtName",
      "d.city_name as cityName",
      "d.province_name as provinceName",
      "s.id as streetId",
      "s.code as streetCode",
      "s.name as streetName",
      "c.id as communityId",
      "c.code as communityCode",
      "c.name as communityName",
      "c.kind as communityKind",
    ])
    .orderBy("d.code")
    .orderBy("s.code")
    .orderBy("s.id")
    .orderBy("c.code")
    .orderBy("c.id")
    .execute();

export const findCommunity = (db: Kysely<DB>, id: number) =>
  db
    .selectFrom("community as c")
    .innerJoin("street as s", "s.id", "c.street_id")
    .innerJoin("district as d", "d.id", "s.district_id")
    .select([
      "c.id",
      "c.name",
      "s.name as streetName",
      "d.name as districtName",
      "s.id as streetId",
      "d.id as districtId",
    ])
    .where("c.id", "=", id)
    .executeTakeFirst();

export const listGridsWithCounts = (db: Kysely<DB>, communityId: number) =>
  db
    .selectFrom("grid as g")
    .select((eb) => [
      "g.id",
      "g.name",
      eb
        .selectFrom("building as b")
        .select(eb.fn.countAll<number>().as("n"))
        .whereRef("b.community_id", "=", "g.community_id")
        .whereRef("b.grid_id", "=", "g.id")
        .as("buildingCount"),
      eb
        .selectFrom("household as h")
        .select(eb.fn.countAll<number>().as("n"))
        .whereRef("h.community_id", "=", "g.community_id")
        .whereRef("h.grid_id", "=", "g.id")
        .as("householdCount"),
    ])
    .where("g.community_id", "=", communityId)
    .orderBy("g.id")
    .execute();

export const listEstates = (db: Kysely<DB>, communityId: number) =>
  db
    .selectFrom("estate as e")
    .leftJoin("organisation as o", "o.id", "e.property_org_id")
    .select(["e.id", "e.name", "o.name as propertyOrgName"])
    .where("e.community_id", "=", communityId)
    .orderBy("e.id")
    .execute();

export const listBuildings = (db: Kysely<DB>, communityId: number) =>
  db
    .selectFrom("building as b")
    .select((eb) => [
      "b.id",
      "b.estate_id",
      "b.name",
      "b.grid_id",
      "b.floors",
      eb
        .selectFrom("household as h")
        .select(eb.fn.countAll<number>().as("n"))
        .whereRef("h.community_id", "=", "b.community_id")
        .whereRef("h.building_id", "=", "b.id")
        .as("householdCount"),
    ])
    .where("b.community_id", "=", communityId)
    .orderBy("b.id")
    .execute();

export const listUnits = (db: Kysely<DB>, communityId: number) =>
  db
    .selectFrom("unit")
    .select(["id", "building_id", "name"])
    .where("community_id", "=", communityId)
    .orderBy("id")
    .execute();

export const findBuilding = (db: Kysely<DB>, communityId: number, id: number) =>
  db
    .selectFrom("building")
    .selectAll()
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .executeTakeFirst();

export const findUnit = (db: Kysely<DB>, communityId: number, id: number) =>
  db
    .selectFrom("unit")
    .selectAll()
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .executeTakeFirst();

export const existsIn = async (db: Kysely<DB>, table: "grid" | "estate", communityId: number, id: number) =>
  !!(await db
    .selectFrom(table)
    .select("id")
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .executeTakeFirst());

export const insertGrid = (db: Kysely<DB>, communityId: number, name: string) =>
  db.insertInto("grid").values({ community_id: communityId, name }).returning("id").executeTakeFirstOrThrow();

export const insertEstate = (
  db: Kysely<DB>,
  communityId: number,
  name: string,
  propertyOrgId: number | null,
) =>
  db
    .insertInto("estate")
    .values({ community_id: communityId, name, property_org_id: propertyOrgId })
    .returning("id")
    .executeTakeFirstOrThrow();

export const insertBuilding = (
  db: Kysely<DB>,
  v: { community_id: number; estate_id: number; name: string; grid_id: number | null; floors: number | null },
) => db.insertInto("building").values(v).returning("id").executeTakeFirstOrThrow();

export const updateBuilding = (
  db: Kysely<DB>,
  communityId: number,
  id: number,
  v: { name?: string; grid_id?: number | null },
) => db.updateTable("building").set(v).where("community_id", "=", communityId).where("id", "=", id).execute();

/** Keeps the denormalised household.grid_id in step with its building. */
export const syncHouseholdGrid = (
  db: Kysely<DB>,
  communityId: number,
  buildingId: number,
  gridId: number | null,
) =>
  db
    .updateTable("household")
    .set({ grid_id: gridId })
    .where("community_id", "=", communityId)
    .where("building_id", "=", buildingId)
    .execute();

export const insertUnit = (db: Kysely<DB>, communityId: number, buildingId: number, name: string) =>
  db
    .insertInto("unit")
    .values({ community_id: communityId, building_id: buildingId, name })
    .returning("id")
    .executeTakeFirstOrThrow();

export const insertHousehold = (
  db: Kysely<DB>,
  v: {
    community_id: number;
    building_id: number;
    unit_id: number | null;
    grid_id: number | null;
    floor: number | null;
    room: string;
    area_m2: number | null;
  },
) => db.insertInto("household").values(v).returning("id").executeTakeFirstOrThrow();

export const updateHousehold = (
  db: Kysely<DB>,
  communityId: number,
  id: number,
  v: { floor?: number | null; area_m2?: number | null },
) =>
  db.updateTable("household").set(v).where("community_id", "=", communityId).where("id", "=", id).execute();

const householdBase = (db: Kysely<DB>) =>
  db
    .selectFrom("household as h")
    .innerJoin("building as b", tenantJoin("b", "h", "building_id"))
    .innerJoin("estate as e", tenantJoin("e", "b", "estate_id"))
    .leftJoin("unit as u", tenantJoin("u", "h", "unit_id"))
    .leftJoin("grid as g", tenantJoin("g", "h", "grid_id"));

export const findHousehold = (db: Kysely<DB>, communityId: number, id: number) =>
  householdBase(db)
    .select([
      "h.id",
      "h.community_id",
      "h.building_id",
      "h.unit_id",
      "h.grid_id",
      "h.floor",
      "h.room",
      "h.area_m2",
      "b.name as buildingName",
      "b.estate_id",
      "e.name as estateName",
      "u.name as unitName",
      "g.name as gridName",
    ])
    .where("h.community_id", "=", communityId)
    .where("h.id", "=", id)
    .executeTakeFirst();

/** The words of an address search, e.g. "绿洲一小区 1栋 301" → three; at most 6. */
export const addressTokens = (q: string | undefined) =>
  (q ?? "").trim().split(/\s+/).filter(Boolean).slice(0, 6);

/**
 * One word of an address search (issue 9): the estate's name holds it, or the building, unit or room
 * starts with it, or the address written without spaces starts with it ("绿洲一小区1栋", "1栋301").
 * Prefixes rather than "holds" for the numbered parts, so that "1栋" finds building 1, not 11.
 */
function addressMatches(token: string) {
  const esc = token.replace(/[%_\\]/g, "\\$&");
  const holds = `%${esc}%`;
  const starts = `${esc}%`;
  const unit = sql`coalesce(u.name, '')`;
  return sql<boolean>`(e.name ilike ${holds} or b.name ilike ${starts} or u.name ilike ${starts}
    or h.room ilike ${starts} or (e.name || b.name || ${unit} || h.room) ilike ${starts}
    or (b.name || ${unit} || h.room) ilike ${starts} or (b.name || h.room) ilike ${starts})`;
}

export async function listHouseholds(
  db: Kysely<DB>,
  communityId: number,
  scope: ScopeIds | null,
  f: { gridId?: number; buildingId?: number; estateId?: number; q?: string; page: number; pageSize: number },
) {
  let qb = householdBase(db)
    .where("h.community_id", "=", communityId)
    .where((eb) => householdInScope(eb, scope));
  if (f.gridId) qb = qb.where("h.grid_id", "=", f.gridId);
  if (f.buildingId) qb = qb.where("h.building_id", "=", f.buildingId);
  if (f.estateId) qb = qb.where("b.estate_id", "=", f.estateId);
  for (const token of addressTokens(f.q)) qb = qb.where(addressMatches(token));
  const total = await qb.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  const items = await qb
    .select((eb) => [
      "h.id",
      "h.building_id",
      "h.unit_id",
      "h.grid_id",
      "h.floor",
      "h.room",
      "h.area_m2",
      "b.name as buildingName",
      "e.name as estateName",
      "u.name as unitName",
      "g.name as gridName",
      eb
        .selectFrom("resident as r")
        .select(eb.fn.countAll<number>().as("n"))
        .whereRef("r.community_id", "=", "h.community_id")
        .whereRef("r.household_id", "=", "h.id")
        .where("r.status", "=", "verified")
        .as("memberCount"),
    ])
    .orderBy("h.building_id")
    .orderBy("h.unit_id")
    // numeric room order: "101" before "1001"
    .orderBy(sql`length(h.room)`)
    .orderBy("h.room")
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize)
    .execute();
  return { total: Number(total.n), items };
}

export const householdMembers = (db: Kysely<DB>, communityId: number, householdId: number) =>
  db
    .selectFrom("resident")
    .select(["id", "name", "relation", "gender", "birth_date", "phone", "care_tags"])
    .where("community_id", "=", communityId)
    .where("household_id", "=", householdId)
    .where("status", "=", "verified")
    .orderBy(sql`case relation when 'owner' then 0 when 'family' then 1 else 2 end`)
    .orderBy("id")
    .execute();

/** An estate and a building named by id, as found in the community (the building's estate and grid with it). */
export async function placeInCommunity(
  db: Kysely<DB>,
  communityId: number,
  p: { estateId: number | null; buildingId: number | null },
) {
  const [estate, building] = await Promise.all([
    p.estateId == null
      ? null
      : db
          .selectFrom("estate")
          .select("id")
          .where("community_id", "=", communityId)
          .where("id", "=", p.estateId)
          .executeTakeFirst(),
    p.buildingId == null
      ? null
      : db
          .selectFrom("building")
          .select(["id", "estate_id", "grid_id"])
          .where("community_id", "=", communityId)
          .where("id", "=", p.buildingId)
          .executeTakeFirst(),
  ]);
  return { estate: estate ?? null, building: building ?? null };
}
