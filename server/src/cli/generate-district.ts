// Builds the synthetic district (合成区) for load tests in the configured database.
//   npm run generate:district -- --residents 1000000 --communities 140 --streets 14 [--seed 1]
// DATABASE_URL set → that PostgreSQL server; unset → PGlite in LINLI_PGLITE_DIR.
import { parseArgs } from "node:util";
import { loadConfig } from "../config.ts";
import { openDatabase } from "../db/database.ts";
import { migrateToLatest } from "../db/migrate.ts";
import { generateDistrict } from "../demo/synthetic-district.ts";

const { values } = parseArgs({
  options: {
    residents: { type: "string", default: "1000000" },
    communities: { type: "string", default: "140" },
    streets: { type: "string", default: "14" },
    seed: { type: "string", default: "1" },
    "grid-workers": { type: "string", default: "50" },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (values.help) {
  console.log(
    "npm run generate:district -- [--residents 1000000] [--communities 140] [--streets 14] [--seed 1] [--grid-workers 50]",
  );
  process.exit(0);
}
const int = (name: keyof typeof values) => {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`--${name} must be a whole number`);
    process.exit(2);
  }
  return n;
};

const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDataDir: config.pgliteDataDir });
try {
  await migrateToLatest(database.db);
  const started = performance.now();
  const d = await generateDistrict(database.db, {
    residents: int("residents"),
    communities: int("communities"),
    streets: int("streets"),
    seed: int("seed"),
    gridWorkers: int("grid-workers"),
    log: (m) => console.log(`  ${m}`),
  });
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `合成区 ${d.code} on ${database.kind}: ${d.streets} streets, ${d.communities} communities, ${d.grids} grids, ` +
      `${d.estates} estates, ${d.buildings} buildings, ${d.households} households, ${d.residents} residents ` +
      `in ${seconds.toFixed(1)} s (${Math.round(d.residents / seconds)} residents/s)`,
  );
  const sample = d.staff.filter((s) => s.role === "grid_worker").slice(0, 3);
  console.log(`Staff accounts: ${d.staff.length}, password ${d.password}; e.g.`);
  for (const s of [d.staff[0]!, d.staff[1]!, ...sample]) console.log(`  ${s.phone}  ${s.role}`);
} finally {
  await database.close();
}
