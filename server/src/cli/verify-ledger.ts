// `npm run verify:ledger [-- --community ID] [--json]`: recomputes the ledger of the database the server
// uses (DATABASE_URL, else the embedded database's directory) — every community's hash chain, every
// transaction's balance per unit, every entry's running balance and every account's balance — and names
// the first break (docs/ledger.md, "Verifying"). Exits 0 when it all holds, 1 at the first break.
import { parseArgs } from "node:util";
import { loadConfig } from "../config.ts";
import { openDatabase } from "../db/database.ts";
import { verifyLedger } from "../modules/core/ledger/ledger.service.ts";

const { values } = parseArgs({
  options: { community: { type: "string" }, json: { type: "boolean", default: false } },
});
const communityId = values.community ? Number(values.community) : null;
if (communityId !== null && !Number.isSafeInteger(communityId)) {
  console.error("--community must be a community id (a whole number) / --community 须为社区编号");
  process.exit(2);
}
const config = loadConfig();
const database = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDataDir: config.pgliteDataDir });
const started = performance.now();
try {
  const r = await verifyLedger(database.db, { communityId });
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  if (values.json) console.log(JSON.stringify({ ...r, seconds: Number(seconds) }));
  else {
    console.log(
      `ledger: ${r.communities} communities, ${r.transactions} transactions, ${r.entries} entries, ${r.accounts} accounts in ${seconds} s`,
    );
    if (r.ok) console.log("OK — the chain, every balance and every running balance recompute / 账本核验通过");
    else {
      const b = r.firstBreak!;
      console.log(
        `BROKEN at community ${b.communityId}${b.seq !== null ? `, seq ${b.seq}` : ""}${b.transactionId !== null ? `, transaction ${b.transactionId}` : ""}${b.accountId !== undefined ? `, account ${b.accountId}` : ""}: ${b.problem} / 账本在此处断裂`,
      );
    }
  }
  process.exitCode = r.ok ? 0 : 1;
} finally {
  await database.close();
}
