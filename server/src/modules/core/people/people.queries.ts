import { type Kysely, sql } from "kysely";
import { householdInScope, type ScopeIds } from "../../../db/place-scope.ts";
import type { DB } from "../../../db/schema.ts";
import { tenantJoin } from "../../../db/tenant-join.ts";
import type { Relation, ResidentStatus } from "./people.tables.ts";

const escapeLike = (s: string) => s.replace(/[%_\\]/g, "\\$&");

export async function listResidents(
  db: Kysely<DB>,
  communityId: number,
  scope: ScopeIds | null,
  f: {
    q?: string;
    gridId?: number;
    buildingId?: number;
    householdId?: number;
    status?: ResidentStatus;
    careTag?: string;
    page: number;
    pageSize: number;
  },
) {
  // A reach made of grids only (a grid worker) filters on resident.grid_id, an index range; other
  // partial reaches (estates, buildings, units) need the household.
  const gridOnly = !!scope && !scope.estateIds.length && !scope.buildingIds.length && !scope.unitIds.length;
  let qb = db
    .selectFrom("resident as r")
    .leftJoin("household as h", tenantJoin("h", "r", "household_id"))
    .where("r.community_id", "=", communityId);
  if (scope && gridOnly)
    qb = qb.where((eb) => (scope.gridIds.length ? eb("r.grid_id", "in", scope.gridIds) : eb.lit(false)));
  else if (scope) qb = qb.where((eb) => householdInScope(eb, scope));
  if (f.gridId) qb = qb.where("r.grid_id", "=", f.gridId);
  if (f.buildingId) qb = qb.where("h.building_id", "=", f.buildingId);
  if (f.householdId) qb = qb.where("r.household_id", "=", f.householdId);
  if (f.status) qb = qb.where("r.status", "=", f.status);
  if (f.careTag) qb = qb.where(sql<boolean>`${f.careTag} = any(r.care_tags)`);
  if (f.q) {
    const text = f.q;
    qb = /^\d{4}$/.test(text)
      ? qb.where("r.phone_tail", "=", text)
      : qb.where("r.name", "like", `%${escapeLike(text)}%`);
  }
  // (when no household column is used, the planner removes the left join: it is on the primary key)
  // One statement: the page of ids with the total (a window count over the filtered rows), then
  // that page's details.
  const items = await db
    .with("page", () =>
      qb
        .select(["r.id", sql<number>`count(*) over ()`.as("total")])
        .orderBy("r.id")
        .limit(f.pageSize)
        .offset((f.page - 1) * f.pageSize),
    )
    .selectFrom("page as p")
    .innerJoin("resident as r", (j) => j.on("r.community_id", "=", communityId).onRef("r.id", "=", "p.id"))
    .leftJoin("household as h", tenantJoin("h", "r", "household_id"))
    .leftJoin("building as b", tenantJoin("b", "h", "building_id"))
    .leftJoin("estate as e", tenantJoin("e", "b", "estate_id"))
    .leftJoin("unit as u", tenantJoin("u", "h", "unit_id"))
    .leftJoin("grid as g", tenantJoin("g", "r", "grid_id"))
    .select([
      "p.total",
      "r.id",
      "r.name",
      "r.gender",
      "r.birth_date",
      "r.phone",
      "r.id_number_enc",
      "r.relation",
      "r.status",
      "r.care_tags",
      "r.household_id",
      "h.room",
      "b.name as buildingName",
      "e.name as estateName",
      "u.name as unitName",
      "g.name as gridName",
    ])
    .orderBy("r.id")
    .execute();
  // an empty page (past the end, or nothing found) still reports the total
  const total = items.length
    ? Number(items[0]!.total)
    : Number((await qb.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
  return { total, items: items.map(({ total: _total, ...item }) => item) };
}

export const findResident = (db: Kysely<DB>, communityId: number, id: number) =>
  db
    .selectFrom("resident")
    .selectAll()
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .executeTakeFirst();

export const insertResident = (
  db: Kysely<DB>,
  v: {
    community_id: number;
    user_id?: number | null;
    household_id: number | null;
    name: string;
    relation: Relation | null;
    status: ResidentStatus;
    gender?: "male" | "female" | null;
    birth_date?: string | null;
    id_number_enc?: string | null;
    id_number_hash?: string | null;
    phone?: string | null;
    care_tags?: string[];
    claimed_address?: string | null;
    verified_at?: Date | null;
    verified_by?: number | null;
  },
) =>
  db
    .insertInto("resident")
    .values({ ...v, phone_tail: v.phone ? v.phone.slice(-4) : null })
    .returning("id")
    .executeTakeFirstOrThrow();

export const updateResident = (
  db: Kysely<DB>,
  communityId: number,
  id: number,
  v: Partial<{
    name: string;
    relation: Relation;
    phone: string | null;
    care_tags: string[];
    status: ResidentStatus;
    household_id: number;
    verified_at: Date;
    verified_by: number;
    note: string;
  }>,
) => {
  const set: Record<string, unknown> = { ...v };
  if (v.phone !== undefined) set.phone_tail = v.phone ? v.phone.slice(-4) : null;
  return db
    .updateTable("resident")
    .set(set)
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .execute();
};

export const pendingQueue = (db: Kysely<DB>, communityId: number) =>
  db
    .selectFrom("resident")
    .select(["id", "name", "phone", "claimed_address", "relation", "registered_at"])
    .where("community_id", "=", communityId)
    .where("status", "=", "pending")
    .orderBy("registered_at")
    .limit(500)
    .execute();

export const findPendingOfUser = (db: Kysely<DB>, communityId: number, userId: number) =>
  db
    .selectFrom("resident")
    .select("id")
    .where("community_id", "=", communityId)
    .where("user_id", "=", userId)
    .where("status", "in", ["pending", "verified"])
    .executeTakeFirst();

export const communityExists = async (db: Kysely<DB>, id: number) =>
  !!(await db.selectFrom("community").select("id").where("id", "=", id).executeTakeFirst());

export const findUserPhone = async (db: Kysely<DB>, userId: number) =>
  (await db.selectFrom("app_user").select("phone").where("id", "=", userId).executeTakeFirst())?.phone ??
  null;

export const communityName = async (db: Kysely<DB>, id: number) =>
  (await db.selectFrom("community").select("name").where("id", "=", id).executeTakeFirst())?.name ?? "";
