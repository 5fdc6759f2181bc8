// One empty database per caller in the PostgreSQL test run; undefined in the PGlite run, where the
// caller opens an in-memory PGlite instead.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";

export async function freshDatabaseUrl(): Promise<string | undefined> {
  const adminUrl = inject("pgAdminUrl");
  if (!adminUrl) return undefined;

  const name = `t_${randomBytes(8).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    // The name is generated above from hex digits only, so it is safe to splice in.
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
