// One database per caller in the PostgreSQL test run (empty, or a copy of the migrated template);
// undefined in the PGlite run, where the caller opens an in-memory PGlite (from the migrated template's
// data folder, or empty) instead.
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import pg from "pg";
import { inject } from "vitest";

/**
 * `migrated`: a copy of the run's migrated template database (createTestApp), instead of an empty one
 * (the tests of migrations themselves).
 */
export async function freshDatabaseUrl(opts: { migrated?: boolean } = {}): Promise<string | undefined> {
  const adminUrl = inject("pgAdminUrl");
  if (!adminUrl) return undefined;

  const name = `t_${randomBytes(8).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    // The name is generated above from hex digits only, so it is safe to splice in.
    const template = opts.migrated ? inject("pgTemplate") : undefined;
    // the template's name is the run's own constant (global-setup.ts)
    await admin.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ""}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The run's migrated PGlite data folder (global-setup.ts), undefined in the PostgreSQL run. */
export async function pgliteTemplate(): Promise<Blob | undefined> {
  const file = inject("pgliteTemplate");
  return file ? new Blob([await readFile(file)]) : undefined;
}
