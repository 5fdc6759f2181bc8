import { buildApp } from "./app.ts";
import { isDevelopmentPiiKey, loadConfig } from "./config.ts";
import { openDatabase } from "./db/database.ts";
import { migrateToLatest } from "./db/migrate.ts";
import { ensureDemoData } from "./demo/demo.service.ts";
import { DEMO_PASSWORD } from "./demo/demo-accounts.ts";
import { startJobs } from "./jobs/queue.ts";

const args = new Set(process.argv.slice(2));
const config = loadConfig({ demo: args.has("--demo") });
const database = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDataDir: config.pgliteDataDir });
await migrateToLatest(database.db);
let accounts: { role: string; phone: string; scope: string }[] = [];
if (args.has("--demo")) accounts = await ensureDemoData(database.db, config, (m) => console.log(m));
const app = await buildApp(config, database, { logger: true });
// deadline sweeps and figures (LINLI_JOBS=0: none in this process); app.close() stops them
if (config.jobs) await startJobs(database.db, config, app.log);
await app.listen({ host: config.host, port: config.port });

const url = `http://${config.host === "0.0.0.0" ? "127.0.0.1" : config.host}:${config.port}`;
console.log(
  `\nLinli 邻里 is running on ${database.kind === "pglite" ? `PGlite (${config.pgliteDataDir})` : "PostgreSQL"}`,
);
console.log(`  Residents (居民端):     ${url}/m`);
console.log(`  Staff console (工作台): ${url}/staff`);
console.log(`  API docs:               ${url}/docs`);
if (isDevelopmentPiiKey())
  console.log("  Note: LINLI_PII_KEY is not set; a development key encrypts ID numbers.");
if (accounts.length) {
  console.log(`\nDemo accounts (password ${DEMO_PASSWORD}):`);
  for (const a of accounts) console.log(`  ${a.phone}  ${a.role.padEnd(24)} ${a.scope}`);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    await app.close();
    await database.close();
    process.exit(0);
  });
}
