import type { Insertable, Kysely, Updateable } from "kysely";
import type { DB } from "../../../db/schema.ts";
import type { RequestCategoryTable } from "./requests.tables.ts";

const COLUMNS = [
  "id",
  "community_id",
  "code",
  "name_zh",
  "name_en",
  "kinds",
  "sign_days",
  "solve_days",
  "confirm_days",
  "active",
  "sort",
  "never_public",
] as const;

export const listCategories = (db: Kysely<DB>, communityId: number) =>
  db
    .selectFrom("request_category")
    .select(COLUMNS)
    .where("community_id", "=", communityId)
    .orderBy("sort")
    .orderBy("id")
    .execute();

export const findCategory = (db: Kysely<DB>, communityId: number, id: number) =>
  db
    .selectFrom("request_category")
    .select(COLUMNS)
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .executeTakeFirst();

export const categoryCodes = async (db: Kysely<DB>, communityId: number) =>
  (
    await db.selectFrom("request_category").select("code").where("community_id", "=", communityId).execute()
  ).map((r) => r.code);

/** Inserts categories; a code that exists already (a concurrent first use) is skipped. */
export const insertCategoriesIfMissing = (db: Kysely<DB>, rows: Insertable<RequestCategoryTable>[]) =>
  db
    .insertInto("request_category")
    .values(rows)
    .onConflict((oc) => oc.columns(["community_id", "code"]).doNothing())
    .execute();

export const insertCategory = (db: Kysely<DB>, row: Insertable<RequestCategoryTable>) =>
  db.insertInto("request_category").values(row).returning(COLUMNS).executeTakeFirstOrThrow();

export const updateCategory = (
  db: Kysely<DB>,
  communityId: number,
  id: number,
  set: Updateable<RequestCategoryTable>,
) =>
  db
    .updateTable("request_category")
    .set(set)
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .returning(COLUMNS)
    .executeTakeFirst();

export const communityExists = async (db: Kysely<DB>, id: number) =>
  !!(await db.selectFrom("community").select("id").where("id", "=", id).executeTakeFirst());

export const findCategoryByCode = (db: Kysely<DB>, communityId: number, code: string) =>
  db
    .selectFrom("request_category")
    .select(COLUMNS)
    .where("community_id", "=", communityId)
    .where("code", "=", code)
    .executeTakeFirstOrThrow();
