// A cheap "has anything been stored, changed or deleted?" for the fuzzer, which asks it hundreds of
// times per run: per table, the row count and the newest row version's transaction id (xmin). An
// insert or an update writes a row version with a newer xmin; a delete lowers the count. That is the
// same answer as test-app's snapshotDatabase (a hash of every row) at a fraction of the cost: no
// row is turned into text, sorted or hashed.
import { type Kysely, sql } from "kysely";
import type { DB } from "../../src/db/schema.ts";
import { type DatabaseSnapshot, listTables } from "../test-app.ts";

let tables: string[] | null = null;

/** Marks in the shape of a DatabaseSnapshot, so that diffSnapshots names the tables that changed. */
export async function changeMarks(db: Kysely<DB>): Promise<DatabaseSnapshot> {
  tables ??= await listTables(db);
  const parts = tables.map((name) => {
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unexpected table name ${name}`);
    return `'${name}', (select json_build_array(count(*), coalesce(max(xmin::text::bigint), 0)) from "${name}")`;
  });
  // a function takes at most 100 arguments: 40 tables per jsonb_build_object, joined with ||
  const chunks: string[] = [];
  for (let i = 0; i < parts.length; i += 40)
    chunks.push(`jsonb_build_object(${parts.slice(i, i + 40).join(", ")})`);
  const { rows } = await sql<{
    s: Record<string, [number, number]> | string;
  }>`select ${sql.raw(chunks.join(" || ") || "'{}'::jsonb")} as s`.execute(db);
  const raw = rows[0]!.s;
  const parsed = typeof raw === "string" ? (JSON.parse(raw) as Record<string, [number, number]>) : raw;
  return Object.fromEntries(
    Object.entries(parsed).map(([name, [n, xmin]]) => [name, { rows: Number(n), hash: String(xmin) }]),
  );
}
