// Vitest globalSetup. With LINLI_TEST_DB=postgres (`npm run test:pg`) it starts one throwaway
// PostgreSQL cluster for the whole run and provides its admin URL as "pgAdminUrl"; each test file
// then makes its own database with freshDatabaseUrl(). Otherwise it provides nothing and tests use
// PGlite in memory.
import type { TestProject } from "vitest/node";
import { startThrowawayCluster } from "./postgres-cluster.ts";

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl?: string;
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const mode = process.env.LINLI_TEST_DB ?? "";
  if (mode === "" || mode === "pglite") return undefined;
  // A typo must not quietly turn the PostgreSQL run into a second PGlite run.
  if (mode !== "postgres") {
    throw new Error(`LINLI_TEST_DB must be "postgres", "pglite" or unset; got "${mode}"`);
  }
  const cluster = await startThrowawayCluster();
  project.provide("pgAdminUrl", cluster.adminUrl);
  return () => cluster.stop();
}
