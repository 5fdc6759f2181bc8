// The tenant invariant (ARCHITECTURE.md "Invariants"), read from the live schema after all migrations:
// every table of community data has community_id NOT NULL and every primary key and unique index of
// it includes community_id, so that the data can later be distributed by community (Citus). Every
// table without community_id must be one of the global tables listed here.
import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../src/db/schema.ts";
import { createTestApp, type TestApp } from "./test-app.ts";

/** Tables that are not community data, and why. Adding one here is a design decision: say why. */
const GLOBAL_TABLES: Record<string, string> = {
  district: "division above communities",
  street: "division above communities",
  community: "the tenant itself (its key is its id)",
  organisation: "serves several communities; home_community_id says where it is based",
  app_user: "an account may belong to people in several communities",
  role_assignment: "scopes may be wider than a community; names it in scope_community_id",
  session: "sign-in",
  otp_code: "sign-in",
  sms_outbox: "sign-in",
  auth_throttle: "sign-in",
  audit_log: "names the community in scope_community_id; some entries are not about one community",
  working_calendar: "China's national public holidays and make-up working days",
  notification: "a person's notifications across communities; names the community in scope_community_id",
  notification_preference: "a person's channels, across communities",
  open311_api_key: "a client's key may serve several communities; names one in scope_community_id",
  event_consumer: "one row per consumer of the event outbox (its position), across communities",
  contest:
    "a contest may be held by a street or district across its communities; names its place in scope_community_id/street_id/district_id (its entries, support and scores are community data)",
  contest_round: "a round of a contest (global, as the contest)",
  contest_judge: "a contest's judges per round (global, as the contest; judges are accounts)",
  insight_report:
    "a monthly report of a community or a street (level + place_id); a street's report spans its communities (a table on the coordinator in docs/scale-out.md's plan, not a reference table: it holds the PDFs)",
  insight_generation:
    "one counter for every figures page (raised by the refresh's writes to the rollups): a page's remembered answer is tied to it",
  kysely_migration: "migration bookkeeping",
  kysely_migration_lock: "migration bookkeeping",
};

const TENANT = "community_id";

const HOW_TO_FIX = `Every table of community data needs "community_id integer not null references community(id)",
and every primary key and unique index/constraint must include community_id as a key column, e.g.
"primary key (community_id, id)", "unique (community_id, name)", references as
"(community_id, x_id) references x(community_id, id)". A table that is truly global goes into
GLOBAL_TABLES in server/test/tenant-invariant.test.ts and ARCHITECTURE.md, with the reason.`;

interface SchemaFacts {
  tables: string[];
  tenantColumns: { table: string; notNull: boolean }[];
  /** Primary keys and unique indexes (constraints are backed by one), with whether community_id is a key column. */
  uniqueIndexes: { table: string; index: string; primary: boolean; definition: string; hasTenant: boolean }[];
}

async function readSchema(db: Kysely<DB>): Promise<SchemaFacts> {
  const tables = await sql<{ name: string }>`
    select c.relname as name
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p')
    order by c.relname`.execute(db);
  const columns = await sql<{ table: string; nullable: string }>`
    select table_name as "table", is_nullable as nullable
    from information_schema.columns
    where table_schema = 'public' and column_name = ${TENANT}
    order by table_name`.execute(db);
  // indkey lists the key columns first (indnkeyatts of them), then INCLUDE columns; 0 stands for an
  // expression. community_id must be a plain key column: Citus distributes on a column.
  const indexes = await sql<{
    table: string;
    index: string;
    primary: boolean;
    definition: string;
    hasTenant: boolean;
  }>`
    select t.relname as "table", ic.relname as "index", i.indisprimary as "primary",
      pg_get_indexdef(i.indexrelid) as definition,
      exists (
        select 1
        from unnest(i.indkey::int2[]) with ordinality as k(attnum, ord)
        join pg_attribute a on a.attrelid = t.oid and a.attnum = k.attnum
        where k.ord <= i.indnkeyatts and a.attname = ${TENANT}
      ) as "hasTenant"
    from pg_index i
    join pg_class t on t.oid = i.indrelid
    join pg_class ic on ic.oid = i.indexrelid
    join pg_namespace n on n.oid = t.relnamespace
    where n.nspname = 'public' and t.relkind in ('r', 'p') and (i.indisunique or i.indisprimary)
    order by t.relname, ic.relname`.execute(db);
  return {
    tables: tables.rows.map((r) => r.name),
    tenantColumns: columns.rows.map((r) => ({ table: r.table, notNull: r.nullable === "NO" })),
    uniqueIndexes: indexes.rows,
  };
}

/** Everything that breaks the invariant, one sentence each. */
function violations(facts: SchemaFacts): string[] {
  const problems: string[] = [];
  const tenantTables = new Set(facts.tenantColumns.map((c) => c.table));
  for (const table of facts.tables) {
    if (!tenantTables.has(table) && !(table in GLOBAL_TABLES)) {
      problems.push(`table ${table} has no community_id and is not a known global table`);
    }
  }
  for (const col of facts.tenantColumns) {
    if (!facts.tables.includes(col.table)) continue; // a view
    if (!col.notNull) problems.push(`${col.table}.community_id is nullable; make it NOT NULL`);
  }
  for (const ix of facts.uniqueIndexes) {
    if (!tenantTables.has(ix.table) || ix.hasTenant) continue;
    const what = ix.primary ? "primary key" : "unique index";
    problems.push(`${ix.table}: ${what} ${ix.index} does not include community_id (${ix.definition})`);
  }
  return problems;
}

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe("tenant invariant (community_id) on the live schema", () => {
  it("holds for every table after all migrations", async () => {
    const problems = violations(await readSchema(t.db));
    expect(problems, `${problems.join("\n")}\n\n${HOW_TO_FIX}`).toEqual([]);
  });

  it("lists only global tables that exist and lack community_id", async () => {
    const facts = await readSchema(t.db);
    const tenantTables = new Set(facts.tenantColumns.map((c) => c.table));
    const stale = Object.keys(GLOBAL_TABLES).filter(
      (name) => !facts.tables.includes(name) || tenantTables.has(name),
    );
    expect(stale, "GLOBAL_TABLES entries that are gone or now carry community_id: remove them").toEqual([]);
  });

  it("sees tables of community data (the check is not vacuous)", async () => {
    const facts = await readSchema(t.db);
    const tenantTables = facts.tenantColumns.map((c) => c.table);
    for (const name of ["grid", "estate", "building", "unit", "household", "resident", "party_member"]) {
      expect(tenantTables).toContain(name);
    }
    // composite keys and the expression index on household addresses are read as such
    expect(
      facts.uniqueIndexes.find((i) => i.table === "household" && i.index === "household_address"),
    ).toMatchObject({
      hasTenant: true,
    });
    expect(facts.uniqueIndexes.filter((i) => i.table === "building" && i.primary)).toHaveLength(1);
  });

  it("reports a table that forgets the rule, with what to do", async () => {
    // made and dropped inside a transaction that is rolled back, so the schema stays as migrated
    const rollback = new Error("rollback");
    let problems: string[] = [];
    await t.db
      .transaction()
      .execute(async (trx) => {
        await sql`create table zz_forgetful (id integer primary key, name text)`.execute(trx);
        await sql`create table zz_half (community_id integer, id integer primary key, code text)`.execute(
          trx,
        );
        await sql`create unique index zz_half_code on zz_half (lower(code))`.execute(trx);
        await sql`create table zz_good (community_id integer not null, id integer, code text,
          primary key (community_id, id))`.execute(trx);
        await sql`create unique index zz_good_code on zz_good (community_id, lower(code))`.execute(trx);
        problems = violations(await readSchema(trx));
        throw rollback;
      })
      .catch((e) => {
        if (e !== rollback) throw e;
      });
    expect(problems).toEqual([
      "table zz_forgetful has no community_id and is not a known global table",
      "zz_half.community_id is nullable; make it NOT NULL",
      expect.stringMatching(
        /^zz_half: unique index zz_half_code does not include community_id \(.*lower\(code\)/,
      ),
      expect.stringMatching(/^zz_half: primary key zz_half_pkey does not include community_id/),
    ]);
    expect((await readSchema(t.db)).tables).not.toContain("zz_forgetful");
  });
});
