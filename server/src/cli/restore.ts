// `npm run restore -- --from FILE --to DIR`: unpacks a backup made by `npm run backup` into a new, empty
// folder and checks that it opens as a Linli database (docs/backups.md). Then point the server at it
// (LINLI_PGLITE_DIR=DIR) and check it: `LINLI_PGLITE_DIR=DIR npm run verify:ledger`. The folder in use is
// never written over. Exits 0 restored, 1 refused, 2 on a usage error.
import { parseArgs } from "node:util";
import { restorePglite } from "../db/pglite-backup.ts";

const { values } = parseArgs({
  options: { from: { type: "string" }, to: { type: "string" }, json: { type: "boolean", default: false } },
});
if (!values.from || !values.to) {
  console.error(
    "usage: npm run restore -- --from FILE.tar.gz --to NEW_FOLDER   用法：npm run restore -- --from 备份.tar.gz --to 新目录",
  );
  process.exit(2);
}
try {
  const r = await restorePglite(values.from, values.to);
  if (values.json) console.log(JSON.stringify(r));
  else
    console.log(
      `restored ${values.from} into ${r.file}: ${r.migrations} migrations, ${r.seconds.toFixed(1)} s / 恢复完成；启动：LINLI_PGLITE_DIR=${r.file} npm start`,
    );
} catch (e) {
  console.error((e as Error).message);
  process.exitCode = 1;
}
