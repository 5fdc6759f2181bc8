import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { freshDatabaseUrl } from "./fresh-database.ts";

const pgAdminUrl = inject("pgAdminUrl");

describe.runIf(pgAdminUrl)("PostgreSQL test run (LINLI_TEST_DB=postgres)", () => {
  it("gives each caller its own empty database on the throwaway cluster", async () => {
    const url = await freshDatabaseUrl();
    expect(url).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/t_[0-9a-f]{16}$/);
    expect(await freshDatabaseUrl()).not.toBe(url);

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query("select version() as version, current_database() as db");
      expect(rows[0].version).toMatch(/^PostgreSQL \d+/);
      expect(`/${rows[0].db}`).toBe(new URL(url!).pathname);
    } finally {
      await client.end();
    }
  });
});

describe.skipIf(pgAdminUrl)("PGlite test run", () => {
  it("has no PostgreSQL cluster, so freshDatabaseUrl() leaves the choice to PGlite", async () => {
    expect(await freshDatabaseUrl()).toBeUndefined();
  });
});
