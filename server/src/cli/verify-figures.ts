// `npm run verify:figures [-- --json]`: refreshes the dirty keys, then compares every figure the
// rollups hold (request_stats, request_stats_community, insight_daily, insight_active and
// insight_coverage) with a recount from the rows, insight_monthly and request_stats_monthly with the
// sums of their days, and the snapshots insight_residents and insight_active_counts with a count, in the database the
// server uses (DATABASE_URL, else the embedded database's directory); names up to 20 rows that differ
// (docs/insight.md, "Verifying"). Exits 0 when they all match, 1 otherwise.
import { parseArgs } from "node:util";
import { loadConfig } from "../config.ts";
import { openDatabase } from "../db/database.ts";
import { verifyFigures } from "../modules/insight/figures/figures.service.ts";

const { values } = parseArgs({ options: { json: { type: "boolean", default: false } } });
const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDataDir: config.pgliteDataDir });
const started = performance.now();
try {
  const r = await verifyFigures(database.db);
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  if (values.json) console.log(JSON.stringify({ ...r, seconds: Number(seconds) }));
  else {
    console.log(
      `figures: request rollups ${r.requests.count} rows differ, insight_daily ${r.insight.count} rows differ, ` +
        `insight_monthly ${r.monthly.count} and request_stats_monthly ${r.requestMonths.count} rows differ from the daily sums, ` +
        `insight_residents ${r.residents.count} rows differ, insight_active_counts ${r.windows.count} rows differ, ` +
        `insight_active ${r.participation.count} rows differ, insight_coverage ${r.coverage.count} rows differ (${seconds} s)`,
    );
    for (const m of [
      ...r.requests.sample,
      ...r.insight.sample,
      ...r.monthly.sample,
      ...r.requestMonths.sample,
      ...r.residents.sample,
      ...r.windows.sample,
      ...r.participation.sample,
      ...r.coverage.sample,
    ])
      console.log(JSON.stringify(m));
    console.log(
      r.ok ? "OK — every figure equals its recount / 指标与重新计数一致" : "MISMATCH / 指标与重新计数不一致",
    );
  }
  process.exitCode = r.ok ? 0 : 1;
} finally {
  await database.close();
}
