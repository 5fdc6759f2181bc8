// npm run verify:lottery -- <export.json>
// Redoes a lottery's draw from its published export alone (docs/lotteries.md) and says whether the
// published winners and waiting list match. Reads only the file: no database, no network, no secret
// beyond the one the export reveals. Accepts the export itself or the board answer that carries it
// (GET …/lotteries/:id/board, field `export`). Exit code 0: everything matches; 1: something does not;
// 2: the file cannot be read.
import { readFileSync } from "node:fs";
import { type LotteryExport, verifyExport } from "../modules/deliberation/lotteries/lotteries-draw.ts";

function main(argv: string[]): number {
  const file = argv[0];
  if (!file) {
    console.error("用法 / usage: npm run verify:lottery -- <export.json>");
    return 2;
  }
  let e: LotteryExport;
  try {
    const json = JSON.parse(readFileSync(file, "utf8"));
    e = json && typeof json === "object" && "export" in json && json.export ? json.export : json;
    if (!e || !Array.isArray(e.applicants) || typeof e.commitment !== "string")
      throw new Error("not an export");
  } catch (err) {
    console.error(`读不了这个文件 / cannot read ${file}: ${(err as Error).message}`);
    return 2;
  }
  const v = verifyExport(e);
  console.log(`摇号 / lottery: ${e.lottery?.title ?? "?"} (#${e.lottery?.id ?? "?"})`);
  console.log(`申请 / applicants: ${e.applicants.length}, 名额 / places: ${e.lottery?.places ?? "?"}`);
  for (const c of v.checks) console.log(`${c.ok ? "✓" : "✗"} ${c.zh} / ${c.en}`);
  if (v.recomputed) {
    console.log(
      `重新计算的中签 / recomputed winners: ${v.recomputed.winners.map((w) => w.ticket).join(", ")}`,
    );
    console.log(`重新计算的候补 / recomputed waiting list: ${v.recomputed.waitingList.join(", ")}`);
  }
  console.log(
    v.ok
      ? "结果一致：公布的中签和候补名单可以由公布的数据重新算出。 / MATCH: the published result is reproduced."
      : "结果不一致：公布的数据与结果对不上。 / MISMATCH: the published data do not reproduce the result.",
  );
  return v.ok ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
