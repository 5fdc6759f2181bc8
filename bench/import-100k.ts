// import-100k: a 100,000-row residents workbook (.xlsx) imported into a fresh community through
// the imports module's own function (importResidentsFile), on PostgreSQL and on PGlite (on disk,
// as the embedded default runs). Baseline in the same run: reading the same workbook with the
// module's reader alone, to show how much of the time is spent parsing Excel.
import { mkdtemp, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Kysely } from "kysely";
import pg from "pg";
import { loadConfig } from "../server/src/config.ts";
import { openDatabase } from "../server/src/db/database.ts";
import { migrateToLatest } from "../server/src/db/migrate.ts";
import type { DB } from "../server/src/db/schema.ts";
import { median } from "./stats.ts";

export interface ImportRun {
  seconds: number;
  rowsPerSecond: number;
  status: string;
  importedRows: number;
  residentsInDatabase: number;
  /** Seconds spent in each phase reported by the module (reading, checking, writing). */
  phases: Record<string, number>;
}

export interface ImportResult {
  skipped?: string;
  rows: number;
  workbook?: { bytes: number; writeSeconds: number };
  byDatabase: Record<
    string,
    { runs: ImportRun[]; medianSeconds: number; medianRowsPerSecond: number; error?: string }
  >;
  baseline?: { what: string; byDatabase: Record<string, number>; seconds: number };
}

interface Options {
  rows: number;
  repeat: number;
  adminUrl: string;
  root: string;
  log: (m: string) => void;
  registerCleanup: (fn: () => Promise<void>) => void;
}

async function loadImportsModule() {
  try {
    const service = await import("../server/src/modules/core/imports/imports.service.ts");
    const sheet = await import("../server/src/modules/core/imports/spreadsheet.ts");
    const fixtures = await import("../server/src/modules/core/imports/imports.fixtures.ts");
    if (typeof service.importResidentsFile !== "function")
      return { missing: "importResidentsFile is not exported" };
    if (typeof sheet.writeResidentsWorkbook !== "function")
      return { missing: "writeResidentsWorkbook is not exported" };
    return {
      importResidentsFile: service.importResidentsFile,
      writeResidentsWorkbook: sheet.writeResidentsWorkbook,
      readSheetRows: sheet.readSheetRows,
      generateResidentRows: fixtures.generateResidentRows,
    };
  } catch (error) {
    return { missing: `imports module missing (${(error as Error).message.split("\n")[0]})` };
  }
}

/** A district, street and community of its own: the import's target, empty. */
async function freshCommunity(db: Kysely<DB>, tag: string): Promise<number> {
  const d = await db
    .insertInto("district")
    .values({ code: `IMP-${tag}`, name: "导入测试区" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const s = await db
    .insertInto("street")
    .values({ district_id: d.id, name: "导入街道" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const c = await db
    .insertInto("community")
    .values({ street_id: s.id, name: `导入社区${tag}`, reported: "{}" })
    .returning("id")
    .executeTakeFirstOrThrow();
  return c.id;
}

export async function runImportScenario(o: Options): Promise<ImportResult> {
  const mod = await loadImportsModule();
  if ("missing" in mod) {
    o.log(`import-100k: skipped: ${mod.missing}`);
    return { skipped: mod.missing, rows: o.rows, byDatabase: {} };
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), "linli-bench-import-"));
  o.registerCleanup(() => rm(dir, { recursive: true, force: true }));
  const file = path.join(dir, `residents-${o.rows}.xlsx`);
  o.log(`import-100k: writing a ${o.rows}-row workbook`);
  let t = performance.now();
  await mod.writeResidentsWorkbook(mod.generateResidentRows(o.rows), file);
  const workbook = { bytes: (await stat(file)).size, writeSeconds: (performance.now() - t) / 1000 };
  o.log(
    `import-100k: workbook ${(workbook.bytes / 2 ** 20).toFixed(1)} MB written in ${workbook.writeSeconds.toFixed(1)} s`,
  );

  // Baseline: reading the workbook alone, with the module's streaming reader.
  t = performance.now();
  let read = 0;
  for await (const _row of mod.readSheetRows(file, "xlsx")) read++;
  const readSeconds = (performance.now() - t) / 1000;
  o.log(`import-100k: reading alone: ${read} rows in ${readSeconds.toFixed(1)} s`);

  const result: ImportResult = {
    rows: o.rows,
    workbook,
    byDatabase: {},
    baseline: { what: "xlsx read alone", byDatabase: {}, seconds: readSeconds },
  };

  for (const kind of ["postgres", "pglite"] as const) {
    const runs: ImportRun[] = [];
    let error: string | undefined;
    for (let i = 1; i <= o.repeat && !error; i++) {
      let databaseUrl: string | undefined;
      let pgliteDir: string | undefined;
      if (kind === "postgres") {
        // its own database, so one run's rows never slow the next
        const admin = new pg.Client({ connectionString: o.adminUrl });
        await admin.connect();
        const name = `linli_import_${i}`;
        await admin.query(`drop database if exists ${name}`);
        await admin.query(`create database ${name}`);
        await admin.end();
        const u = new URL(o.adminUrl);
        u.pathname = `/${name}`;
        databaseUrl = u.toString();
      } else {
        pgliteDir = path.join(dir, `pglite-${i}`);
      }
      const database = await openDatabase({ databaseUrl, pgliteDataDir: pgliteDir });
      try {
        await migrateToLatest(database.db);
        const communityId = await freshCommunity(database.db, `${kind}-${i}`);
        const config = loadConfig({ databaseUrl, pgliteDataDir: pgliteDir ?? "memory://" });
        const phases: Record<string, number> = {};
        let phase = "";
        let phaseStart = performance.now();
        o.log(`import-100k: ${kind} run ${i}/${o.repeat}`);
        const started = performance.now();
        const outcome = await mod.importResidentsFile(database.db, config, {
          communityId,
          filePath: file,
          filename: path.basename(file),
          mode: "all_or_nothing",
          actorUserId: null,
          onProgress: (p: { phase: string }) => {
            if (p.phase !== phase) {
              const now = performance.now();
              if (phase) phases[phase] = (phases[phase] ?? 0) + (now - phaseStart) / 1000;
              phase = p.phase;
              phaseStart = now;
            }
          },
        });
        const seconds = (performance.now() - started) / 1000;
        if (phase && phase !== "done")
          phases[phase] = (phases[phase] ?? 0) + (performance.now() - phaseStart) / 1000;
        const n = await database.db
          .selectFrom("resident")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("community_id", "=", communityId)
          .executeTakeFirstOrThrow();
        const run: ImportRun = {
          seconds,
          rowsPerSecond: o.rows / seconds,
          status: outcome.status,
          importedRows: outcome.importedRows,
          residentsInDatabase: Number(n.n),
          phases: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, Number(v.toFixed(2))])),
        };
        runs.push(run);
        o.log(
          `import-100k: ${kind} run ${i}: ${outcome.status}, ${outcome.importedRows} rows in ${seconds.toFixed(1)} s ` +
            `(${Math.round(run.rowsPerSecond)} rows/s; phases ${JSON.stringify(run.phases)})`,
        );
        if (outcome.status !== "succeeded" || Number(n.n) !== o.rows) {
          error = `${outcome.status}: ${outcome.importedRows} imported, ${Number(n.n)} in the database, ${outcome.errorCount} errors ${JSON.stringify(outcome.errors.slice(0, 3))}`;
        }
      } catch (e) {
        error = (e as Error).message.split("\n")[0];
        o.log(`import-100k: ${kind} run ${i} failed: ${(e as Error).stack}`);
      } finally {
        await database.close();
        if (pgliteDir) await rm(pgliteDir, { recursive: true, force: true });
      }
    }
    result.byDatabase[kind] = {
      runs,
      medianSeconds: median(runs.map((r) => r.seconds)),
      medianRowsPerSecond: median(runs.map((r) => r.rowsPerSecond)),
      error,
    };
    result.baseline!.byDatabase[kind] = readSeconds;
  }
  return result;
}
