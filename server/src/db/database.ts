import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { Kysely, PostgresDialect } from "kysely";
import { PGliteDialect } from "kysely-pglite-dialect";
import pg from "pg";
import { PreparingClient } from "./prepared-statements.ts";
import type { DB } from "./schema.ts";

export type DatabaseKind = "pglite" | "postgres";

export interface Database {
  db: Kysely<DB>;
  kind: DatabaseKind;
  close(): Promise<void>;
}

// int8 (bigint) and numeric come back as strings from node-postgres; counts and areas in this
// project fit in a double, so parse them the same way PGlite does.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));
// date columns stay ISO strings (no timezone shifts on birth dates).
pg.types.setTypeParser(1082, (v) => v);

export interface OpenDatabaseOptions {
  databaseUrl?: string;
  /** PGlite data folder, or "memory://". */
  pgliteDataDir?: string;
  poolSize?: number;
}

export async function openDatabase(opts: OpenDatabaseOptions): Promise<Database> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: opts.poolSize ?? 20,
      // repeated queries become prepared statements (prepared-statements.ts)
      Client: PreparingClient,
    });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: "postgres", close: () => db.destroy() };
  }
  const dataDir = opts.pgliteDataDir ?? "memory://";
  // PGlite creates only the last folder of the path: on a fresh clone `./data` does not exist yet
  if (!dataDir.includes("://")) mkdirSync(dataDir, { recursive: true });
  // PGlite takes "memory://" itself; with an undefined data folder it would ignore these options
  // (and dates would come back as Date objects, numerics as strings, unlike the PostgreSQL run).
  const client = await PGlite.create(dataDir, {
    parsers: {
      20: (v: string) => Number(v),
      1700: (v: string) => Number(v),
      1082: (v: string) => v,
    },
  });
  const db = new Kysely<DB>({ dialect: new PGliteDialect(client) });
  return { db, kind: "pglite", close: () => db.destroy() };
}
