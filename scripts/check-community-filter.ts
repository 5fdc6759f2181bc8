// Issue 16 (docs/scale-out.md): on Citus a query on a community table is routed to one shard only when it
// filters by `community_id`. This scan reads every *.queries.ts, finds each selectFrom / updateTable /
// deleteFrom on a table whose row type has a `community_id` column (from the *.tables.ts files), and
// reports the statements whose text up to their execute… call never names `community_id`.
// It is a text scan, not a type check: a filter built elsewhere (a helper that adds the condition) shows
// as a miss; those are listed in server/test/community-filter-exceptions.json, and
// server/test/community-filter.test.ts fails for any miss that is not listed there.
// `node --import tsx scripts/check-community-filter.ts` prints the misses as that file's JSON.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function filesUnder(dir: string, suffix: string): string[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(suffix))
    .map((f) => path.join(dir, f));
}

/** Tables whose row type has a community_id column, from the *.tables.ts files and db/schema.ts. */
export function communityTables(): Set<string> {
  const files = [...filesUnder("server/src", ".tables.ts"), "server/src/db/schema.ts"];
  const types = new Map<string, string>();
  const tables: [string, string][] = [];
  for (const f of files) {
    const text = readFileSync(path.join(ROOT, f), "utf8");
    for (const m of text.matchAll(/export interface (\w+)(?: extends [^{]*)? \{([\s\S]*?)\n\}/g)) {
      types.set(m[1]!, m[2]!);
      if (m[1]!.endsWith("Tables") || m[1] === "DB")
        for (const t of m[2]!.matchAll(/\n\s+(\w+): (\w+);/g)) tables.push([t[1]!, t[2]!]);
    }
  }
  return new Set(tables.filter(([, type]) => /\bcommunity_id\b/.test(types.get(type) ?? "")).map(([t]) => t));
}

/** "file: table" → how many statements on that table in that file do not name community_id. */
export function communityFilterMisses(): Record<string, number> {
  const tables = communityTables();
  const misses: Record<string, number> = {};
  for (const f of filesUnder("server/src", ".queries.ts").sort()) {
    const text = readFileSync(path.join(ROOT, f), "utf8");
    for (const m of text.matchAll(/\.(selectFrom|updateTable|deleteFrom)\(\s*"(\w+)(?: as \w+)?"/g)) {
      const table = m[2]!;
      if (!tables.has(table)) continue;
      const rest = text.slice(m.index);
      const end = rest.search(/\.(execute\w*|stream)\(/);
      const statement = end < 0 ? rest.slice(0, 3000) : rest.slice(0, end);
      if (statement.includes("community_id")) continue;
      const key = `${f.replaceAll(path.sep, "/")}: ${table}`;
      misses[key] = (misses[key] ?? 0) + 1;
    }
  }
  return misses;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href)
  console.log(JSON.stringify(communityFilterMisses(), null, 2));
