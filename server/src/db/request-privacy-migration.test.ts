// Migration 09 on data written before it: no problem stays public (none was published by choice),
// needs and wishes keep their choice except in the never-public categories, which it marks
// (neighbour disputes, elderly care, children), and a request written without is_public is private.
import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { freshDatabaseUrl } from "../../test/fresh-database.ts";
import { type Database, openDatabase } from "./database.ts";
import { migrateToLatest, migrateUpTo } from "./migrate.ts";

let database: Database;
let db: Kysely<any>;
beforeAll(async () => {
  database = await openDatabase({ databaseUrl: await freshDatabaseUrl(), pgliteDataDir: "memory://" });
  db = database.db;
  await migrateUpTo(db, "2026-11-22-08-claim-reminders");
});
afterAll(async () => {
  await database?.close();
});

it("makes every problem and everything of a care or dispute category private, and private the default", async () => {
  await sql`insert into district (id, code, name) values (1, 'M09', '测试区')`.execute(db);
  await sql`insert into street (id, district_id, name) values (1, 1, '甲街道')`.execute(db);
  await sql`insert into community (id, street_id, name) values (1, 1, '甲社区')`.execute(db);
  await sql`insert into request_category (community_id, id, code, name_zh, name_en) values
    (1, 1, 'environment', '环境卫生', 'Environment'),
    (1, 2, 'elderly_care', '养老服务', 'Elderly care'),
    (1, 3, 'neighbour_dispute', '邻里纠纷', 'Neighbour dispute'),
    (1, 4, 'children', '儿童关爱', 'Children')`.execute(db);
  const rows: [number, string, number, boolean][] = [
    [1, "problem", 1, true],
    [2, "problem", 3, true],
    [3, "wish", 1, true],
    [4, "wish", 1, false],
    [5, "wish", 2, true],
    [6, "need", 4, true],
  ];
  for (const [id, kind, category, isPublic] of rows)
    await sql`insert into request (community_id, id, kind, category_id, title, status, channel, is_public,
        sign_due_at, solve_due_at)
      values (1, ${id}, ${kind}, ${category}, ${`诉求${id}`}, 'submitted', 'app', ${isPublic}, now(), now())`.execute(
      db,
    );

  await migrateToLatest(db);

  const after = await sql<{
    id: number;
    is_public: boolean;
  }>`select id::int, is_public from request order by id`.execute(db);
  expect(after.rows).toEqual([
    { id: 1, is_public: false },
    { id: 2, is_public: false },
    { id: 3, is_public: true },
    { id: 4, is_public: false },
    { id: 5, is_public: false },
    { id: 6, is_public: false },
  ]);
  const categories = await sql<{
    code: string;
    never_public: boolean;
  }>`select code, never_public from request_category order by id`.execute(db);
  expect(categories.rows).toEqual([
    { code: "environment", never_public: false },
    { code: "elderly_care", never_public: true },
    { code: "neighbour_dispute", never_public: true },
    { code: "children", never_public: true },
  ]);
  await sql`insert into request (community_id, id, kind, category_id, title, status, channel, sign_due_at, solve_due_at)
    values (1, 7, 'wish', 1, '没说公开', 'submitted', 'app', now(), now())`.execute(db);
  const seven = await sql<{ is_public: boolean }>`select is_public from request where id = 7`.execute(db);
  expect(seven.rows[0]!.is_public).toBe(false);
});
