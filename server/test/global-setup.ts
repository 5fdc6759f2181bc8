// Vitest globalSetup. With LINLI_TEST_DB=postgres (`npm run test:pg`) it starts one throwaway
// PostgreSQL cluster for the whole run and provides its admin URL as "pgAdminUrl"; each test file
// then makes its own database with freshDatabaseUrl(). Otherwise it provides nothing and tests use
// PGlite in memory.
import { rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../src/db/database.ts";
import { migrateToLatest } from "../src/db/migrate.ts";
import { startThrowawayCluster } from "./postgres-cluster.ts";

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl?: string;
    /** The migrated template database in the PostgreSQL run (createTestApp copies it). */
    pgTemplate?: string;
    /** A migrated PGlite data folder as a tar file in the PGlite run (createTestApp loads it). */
    pgliteTemplate?: string;
  }
}

/** The name of the migrated template database in the throwaway cluster. */
export const PG_TEMPLATE = "linli_template";

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const mode = process.env.LINLI_TEST_DB ?? "";
  if (mode === "" || mode === "pglite") {
    // One migrated database for the whole run, written as PGlite's data folder: each test app loads
    // it instead of running PGlite's initdb and every migration again.
    const database = await openDatabase({ pgliteDataDir: "memory://" });
    await migrateToLatest(database.db);
    const file = path.join(tmpdir(), `linli-test-template-${process.pid}.tar`);
    await writeFile(file, Buffer.from(await (await database.pglite!.dumpDataDir("none")).arrayBuffer()));
    await database.close();
    project.provide("pgliteTemplate", file);
    return () => rm(file, { force: true });
  }
  // A typo must not quietly turn the PostgreSQL run into a second PGlite run.
  if (mode !== "postgres") {
    throw new Error(`LINLI_TEST_DB must be "postgres", "pglite" or unset; got "${mode}"`);
  }
  const cluster = await startThrowawayCluster();
  project.provide("pgAdminUrl", cluster.adminUrl);
  // One migrated database for the whole run: each test app's database is a copy of it
  // (CREATE DATABASE … TEMPLATE) instead of running every migration again.
  const admin = new pg.Client({ connectionString: cluster.adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${PG_TEMPLATE}`);
  await admin.end();
  const url = new URL(cluster.adminUrl);
  url.pathname = `/${PG_TEMPLATE}`;
  const template = await openDatabase({ databaseUrl: url.toString(), poolSize: 1 });
  await migrateToLatest(template.db);
  await template.close();
  project.provide("pgTemplate", PG_TEMPLATE);
  return () => cluster.stop();
}
