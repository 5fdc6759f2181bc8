// All SQL of the life circle (kinds, network, buildings with their readings, facilities).
import { type Insertable, type Kysely, sql } from "kysely";
import type { DB } from "../../../db/schema.ts";
import type {
  LifecircleBuildingTable,
  LifecircleFacilityTable,
  LifecircleKindTable,
} from "./network.tables.ts";

type Db = Kysely<DB>;

export const communityExists = async (db: Db, communityId: number) =>
  !!(await db.selectFrom("community").select("id").where("id", "=", communityId).executeTakeFirst());

export const listKinds = (db: Db, communityId: number) =>
  db
    .selectFrom("lifecircle_kind")
    .selectAll()
    .where("community_id", "=", communityId)
    .orderBy("position")
    .execute();
export type KindRow = Awaited<ReturnType<typeof listKinds>>[number];

export const insertKinds = (db: Db, rows: Insertable<LifecircleKindTable>[]) =>
  db
    .insertInto("lifecircle_kind")
    .values(rows)
    .onConflict((oc) => oc.doNothing())
    .execute();

export const findNetwork = (db: Db, communityId: number) =>
  db
    .selectFrom("lifecircle_network")
    .select([
      "source",
      "byte_size",
      "nodes",
      "edges",
      "largest_part",
      "osm_buildings",
      "osm_pois",
      "walk_speed",
      "kinds",
      "imported_at",
      "computed_at",
    ])
    .where("community_id", "=", communityId)
    .executeTakeFirst();

export const networkGraph = (db: Db, communityId: number) =>
  db
    .selectFrom("lifecircle_network")
    .select(["graph", "walk_speed"])
    .where("community_id", "=", communityId)
    .executeTakeFirst();

export async function replaceNetwork(
  db: Db,
  row: {
    community_id: number;
    source: string;
    byte_size: number;
    nodes: number;
    edges: number;
    largest_part: number;
    osm_buildings: number;
    osm_pois: number;
    graph: Buffer;
    imported_by: number | null;
  },
) {
  await db
    .insertInto("lifecircle_network")
    .values({ ...row, computed_at: null })
    .onConflict((oc) =>
      oc.column("community_id").doUpdateSet((eb) => ({
        source: eb.ref("excluded.source"),
        byte_size: eb.ref("excluded.byte_size"),
        nodes: eb.ref("excluded.nodes"),
        edges: eb.ref("excluded.edges"),
        largest_part: eb.ref("excluded.largest_part"),
        osm_buildings: eb.ref("excluded.osm_buildings"),
        osm_pois: eb.ref("excluded.osm_pois"),
        graph: eb.ref("excluded.graph"),
        imported_by: eb.ref("excluded.imported_by"),
        imported_at: sql<Date>`now()`,
        computed_at: null,
      })),
    )
    .execute();
}

/** The register matches kept across a re-import, by OSM id. */
export const matchesOf = (db: Db, communityId: number) =>
  db
    .selectFrom("lifecircle_building")
    .select(["osm_id", "building_id", "match_status"])
    .where("community_id", "=", communityId)
    .where("match_status", "!=", "none")
    .execute();

export const deleteBuildings = (db: Db, communityId: number) =>
  db.deleteFrom("lifecircle_building").where("community_id", "=", communityId).execute();

export async function insertBuildings(db: Db, rows: Insertable<LifecircleBuildingTable>[]) {
  for (let i = 0; i < rows.length; i += 2000)
    await db
      .insertInto("lifecircle_building")
      .values(rows.slice(i, i + 2000))
      .execute();
}

export const snappedBuildings = (db: Db, communityId: number) =>
  db
    .selectFrom("lifecircle_building")
    .select(["id", "snap_node", "snap_leg"])
    .where("community_id", "=", communityId)
    .orderBy("id")
    .execute();

/** Writes the readings: meters[i] of building ids[i], as array literals, one statement per 5,000. */
export async function updateMeters(db: Db, communityId: number, ids: number[], meters: string[]) {
  for (let i = 0; i < ids.length; i += 5000)
    await sql`
      update lifecircle_building b set meters = v.m::real[]
      from unnest(${ids.slice(i, i + 5000)}::int[], ${meters.slice(i, i + 5000)}::text[]) as v(id, m)
      where b.community_id = ${communityId} and b.id = v.id`.execute(db);
}

export const setComputed = (db: Db, communityId: number, kinds: string[]) =>
  db
    .updateTable("lifecircle_network")
    .set({ kinds, computed_at: sql<Date>`now()` })
    .where("community_id", "=", communityId)
    .execute();

export const markDirty = (db: Db, communityId: number) =>
  db
    .updateTable("lifecircle_network")
    .set({ computed_at: null })
    .where("community_id", "=", communityId)
    .execute();

export const dirtyNetworks = (db: Db) =>
  db
    .selectFrom("lifecircle_network")
    .select("community_id")
    .where("computed_at", "is", null)
    .orderBy("community_id")
    .execute();

export const readings = (db: Db, communityId: number, residentialOnly: boolean) => {
  let qb = db
    .selectFrom("lifecircle_building")
    .select(["id", "lat", "lon", "name", "housenumber", "street", "osm_id", "meters"])
    .where("community_id", "=", communityId);
  // a building more than 300 m from any walkable way is not on the network: not counted, not drawn
  if (residentialOnly) qb = qb.where("residential", "=", true).where("snap_node", ">=", 0);
  return qb.orderBy("id").execute();
};
export type ReadingRow = Awaited<ReturnType<typeof readings>>[number];

/** The map's points: each drawn building and its distance to one kind (meters[index], 1-based in SQL). */
export const mapPoints = (db: Db, communityId: number, index: number) =>
  db
    .selectFrom("lifecircle_building")
    .select(["id", "lat", "lon", sql<number | null>`meters[${index + 1}]`.as("m")])
    .where("community_id", "=", communityId)
    .where("residential", "=", true)
    .where("snap_node", ">=", 0)
    .orderBy("id")
    .execute();

export const findBuilding = (db: Db, communityId: number, id: number) =>
  db
    .selectFrom("lifecircle_building")
    .select(["id", "lat", "lon", "name", "housenumber", "street", "osm_id", "meters"])
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .executeTakeFirst();

export const activeFacilities = (db: Db, communityId: number) =>
  db
    .selectFrom("lifecircle_facility")
    .select(["id", "kind_code", "name", "lat", "lon", "hours", "source", "active"])
    .where("community_id", "=", communityId)
    .where("active", "=", true)
    .orderBy("id")
    .execute();

export const deleteOsmFacilities = (db: Db, communityId: number) =>
  db
    .deleteFrom("lifecircle_facility")
    .where("community_id", "=", communityId)
    .where("source", "=", "osm")
    .execute();

export async function insertFacilities(db: Db, rows: Insertable<LifecircleFacilityTable>[]) {
  for (let i = 0; i < rows.length; i += 2000)
    await db
      .insertInto("lifecircle_facility")
      .values(rows.slice(i, i + 2000))
      .execute();
}

/** Inserts facilities and returns them as the list shows them. */
export const insertFacilitiesReturning = (db: Db, rows: Insertable<LifecircleFacilityTable>[]) =>
  db
    .insertInto("lifecircle_facility")
    .values(rows)
    .returning(["id", "kind_code", "name", "lat", "lon", "hours", "source", "active"])
    .execute();

export const insertFacility = (db: Db, row: Insertable<LifecircleFacilityTable>) =>
  db
    .insertInto("lifecircle_facility")
    .values(row)
    .returning(["id", "kind_code", "name", "lat", "lon", "hours", "source", "active"])
    .executeTakeFirstOrThrow();

export const setWalkSpeed = (db: Db, communityId: number, walkSpeed: number) =>
  db
    .updateTable("lifecircle_network")
    .set({ walk_speed: walkSpeed })
    .where("community_id", "=", communityId)
    .execute();

// ---- matching imported buildings to the register's ----

/** The register's buildings of the community with their estate and household count. */
export const registerBuildings = (db: Db, communityId: number) =>
  db
    .selectFrom("building as b")
    .innerJoin("estate as e", (j) =>
      j.onRef("e.community_id", "=", "b.community_id").onRef("e.id", "=", "b.estate_id"),
    )
    .select((eb) => [
      "b.id",
      "b.name",
      "b.estate_id",
      "e.name as estate_name",
      eb
        .selectFrom("household as h")
        .whereRef("h.community_id", "=", "b.community_id")
        .whereRef("h.building_id", "=", "b.id")
        .select(sql<number>`count(*)::int`.as("n"))
        .as("households"),
    ])
    .where("b.community_id", "=", communityId)
    .orderBy("b.id")
    .execute();

/** The imported residential buildings on the network, with their match (for proposing). */
export const matchCandidates = (db: Db, communityId: number) =>
  db
    .selectFrom("lifecircle_building")
    .select(["id", "lat", "lon", "name", "housenumber", "street", "building_id", "match_status"])
    .where("community_id", "=", communityId)
    .where("residential", "=", true)
    .where("snap_node", ">=", 0)
    .orderBy("id")
    .execute();

/** The imported buildings matched (proposed or confirmed) or rejected for a register building. */
export const matchedRows = (db: Db, communityId: number) =>
  db
    .selectFrom("lifecircle_building")
    .select(["id", "name", "housenumber", "street", "building_id", "match_status", "meters"])
    .where("community_id", "=", communityId)
    .where("building_id", "is not", null)
    .orderBy("id")
    .execute();

export const setMatch = (
  db: Db,
  communityId: number,
  lcBuildingId: number,
  buildingId: number | null,
  status: "none" | "proposed" | "confirmed" | "rejected",
) =>
  db
    .updateTable("lifecircle_building")
    .set({ building_id: buildingId, match_status: status })
    .where("community_id", "=", communityId)
    .where("id", "=", lcBuildingId)
    .executeTakeFirst();

/** Frees every imported building matched (proposed or confirmed) to a register building. */
export const clearMatchesOf = (db: Db, communityId: number, buildingId: number) =>
  db
    .updateTable("lifecircle_building")
    .set({ building_id: null, match_status: "none" })
    .where("community_id", "=", communityId)
    .where("building_id", "=", buildingId)
    .where("match_status", "in", ["proposed", "confirmed"])
    .execute();

export const findCandidate = (db: Db, communityId: number, lcBuildingId: number) =>
  db
    .selectFrom("lifecircle_building")
    .select(["id", "building_id", "match_status", "residential"])
    .where("community_id", "=", communityId)
    .where("id", "=", lcBuildingId)
    .executeTakeFirst();

/** The register building of a household. */
export const householdBuilding = (db: Db, communityId: number, householdId: number) =>
  db
    .selectFrom("household")
    .select("building_id")
    .where("community_id", "=", communityId)
    .where("id", "=", householdId)
    .executeTakeFirst();

/** The imported building confirmed as a register building. */
export const confirmedFor = (db: Db, communityId: number, buildingId: number) =>
  db
    .selectFrom("lifecircle_building")
    .select("id")
    .where("community_id", "=", communityId)
    .where("building_id", "=", buildingId)
    .where("match_status", "=", "confirmed")
    .executeTakeFirst();

// ---- editing and closing facilities; the kinds' targets ----

const FACILITY_RECORD = [
  "id",
  "kind_code",
  "name",
  "lat",
  "lon",
  "hours",
  "source",
  "active",
  "closed_on",
  "closed_reason",
] as const;

export const findFacility = (db: Db, communityId: number, id: number) =>
  db
    .selectFrom("lifecircle_facility")
    .select(FACILITY_RECORD)
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .executeTakeFirst();

export const updateFacility = (
  db: Db,
  communityId: number,
  id: number,
  set: { kind_code?: string; name?: string; lat?: number; lon?: number; hours?: string },
) =>
  db
    .updateTable("lifecircle_facility")
    .set({ ...set, updated_at: sql<Date>`now()` })
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .returning(FACILITY_RECORD)
    .executeTakeFirstOrThrow();

export const closeFacility = (db: Db, communityId: number, id: number, closedOn: string, reason: string) =>
  db
    .updateTable("lifecircle_facility")
    .set({ active: false, closed_on: closedOn, closed_reason: reason, updated_at: sql<Date>`now()` })
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .returning(FACILITY_RECORD)
    .executeTakeFirstOrThrow();

export const updateKind = (
  db: Db,
  communityId: number,
  code: string,
  set: { target_minutes?: number; required?: boolean },
) =>
  db
    .updateTable("lifecircle_kind")
    .set(set)
    .where("community_id", "=", communityId)
    .where("code", "=", code)
    .returning(["code", "name_zh", "name_en", "target_minutes", "required"])
    .executeTakeFirstOrThrow();

/** Closed facilities, the latest closed first (kept on record with the day and why). */
export const closedFacilities = (db: Db, communityId: number) =>
  db
    .selectFrom("lifecircle_facility")
    .select(FACILITY_RECORD)
    .where("community_id", "=", communityId)
    .where("active", "=", false)
    .orderBy("closed_on", "desc")
    .orderBy("id", "desc")
    .limit(1000)
    .execute();
