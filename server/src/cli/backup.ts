// `npm run backup -- --out FILE`: a backup of the embedded database (PGlite; the folder LINLI_PGLITE_DIR,
// default ./data/pglite) as one .tar.gz file (docs/backups.md). Refused while the server runs on that
// folder — stop it for the seconds the backup takes (a systemd timer: stop, backup, start). On
// PostgreSQL (DATABASE_URL set) backups are pgBackRest's (deploy/pgbackrest/), and this command says so.
// Exits 0 with the file written, 1 when refused, 2 on a usage error.
import { parseArgs } from "node:util";
import { loadConfig } from "../config.ts";
import { backupPglite } from "../db/pglite-backup.ts";

const { values } = parseArgs({
  options: { out: { type: "string" }, json: { type: "boolean", default: false } },
});
if (!values.out) {
  console.error("usage: npm run backup -- --out FILE.tar.gz   用法：npm run backup -- --out 文件.tar.gz");
  process.exit(2);
}
const config = loadConfig();
if (config.databaseUrl) {
  console.error(
    "DATABASE_URL is set: PostgreSQL is backed up with pgBackRest (docs/backups.md) / 已设置 DATABASE_URL：PostgreSQL 用 pgBackRest 备份（见 docs/backups.md）",
  );
  process.exit(2);
}
try {
  const r = await backupPglite(config.pgliteDataDir, values.out);
  if (values.json) console.log(JSON.stringify(r));
  else
    console.log(
      `backup of ${config.pgliteDataDir} written to ${r.file}: ${(r.bytes / 1e6).toFixed(1)} MB, ${r.migrations} migrations, ${r.seconds.toFixed(1)} s / 备份完成`,
    );
} catch (e) {
  console.error((e as Error).message);
  process.exitCode = 1;
}
