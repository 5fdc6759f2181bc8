// Opening the embedded database on disk where its parent folders do not exist yet (a fresh clone has
// no ./data): the folders are created, and the database works and keeps what was written.
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "./database.ts";

const root = await mkdtemp(path.join(os.tmpdir(), "linli-db-"));
afterAll(() => rm(root, { recursive: true, force: true }));

describe("openDatabase (PGlite on disk)", () => {
  it("creates missing parent folders of the data folder", async () => {
    const dir = path.join(root, "data", "nested", "pglite");
    expect(existsSync(path.dirname(dir))).toBe(false);
    const first = await openDatabase({ pgliteDataDir: dir });
    await sql`create table kept (v int)`.execute(first.db);
    await sql`insert into kept values (42)`.execute(first.db);
    await first.close();
    expect(existsSync(dir)).toBe(true);
    const again = await openDatabase({ pgliteDataDir: dir });
    const { rows } = await sql<{ v: number }>`select v from kept`.execute(again.db);
    await again.close();
    expect(rows).toEqual([{ v: 42 }]);
  }, 60_000);
});
