// Issue 16 (docs/scale-out.md): every query on a community table filters by community_id, so that on
// Citus it is routed to one shard. scripts/check-community-filter.ts scans the *.queries.ts files; the
// statements that do not (yet) name community_id are listed with their reason in
// community-filter-exceptions.json. A new one fails here; so does an exception that no longer occurs.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { communityFilterMisses, communityTables } from "../../scripts/check-community-filter.ts";

const exceptions = JSON.parse(
  readFileSync(new URL("./community-filter-exceptions.json", import.meta.url), "utf8"),
) as Record<string, { count: number; reason: string }>;

describe("queries on community tables filter by community_id", () => {
  it("knows the community tables (the scan reads the *.tables.ts files)", () => {
    const tables = communityTables();
    for (const t of ["resident", "household", "request", "ledger_transaction", "vote"])
      expect(tables.has(t), t).toBe(true);
    for (const t of ["district", "street", "app_user"]) expect(tables.has(t), t).toBe(false);
  });

  it("finds no statement without community_id beyond the known exceptions", () => {
    const misses = communityFilterMisses();
    const unexpected = Object.entries(misses)
      .filter(([key, n]) => n > (exceptions[key]?.count ?? 0))
      .map(([key, n]) => `${key} (${n}, known ${exceptions[key]?.count ?? 0})`);
    expect(
      unexpected,
      "filter these by community_id, or list them with a reason in community-filter-exceptions.json",
    ).toEqual([]);
    const stale = Object.entries(exceptions)
      .filter(([key, e]) => (misses[key] ?? 0) < e.count)
      .map(([key]) => key);
    expect(stale, "lower or remove these in community-filter-exceptions.json: they are fixed").toEqual([]);
    for (const e of Object.values(exceptions)) expect(e.reason.length).toBeGreaterThan(10);
  });
});
