// `npm run bench -- lottery-draw`: issue D8's draw of a 10,000-applicant lottery (docs/lotteries.md):
// the canonical list's hash, the seed, the SHA-256 counter stream and the Fisher–Yates shuffle, exactly
// as the server's draw and the verifier run them (lotteries-draw.ts), then the verifier over the export.
// No database and no server: the draw is pure computation (the database's part, one UPDATE … FROM
// unnest of 10,000 rows, is the service's). Baseline in the same run: SHA-256 of the list alone.
// Target: the draw under 100 ms (median of the runs).
import {
  commitmentOf,
  draw,
  EXPORT_FORMAT,
  listHashOf,
  verifyExport,
} from "../server/src/modules/deliberation/lotteries/lotteries-draw.ts";
import { median, round } from "./stats.ts";

export async function runLotteryDrawScenario(opts: {
  applicants: number;
  runs: number;
  log: (m: string) => void;
}) {
  const n = opts.applicants;
  const places = Math.max(1, Math.round(n / 20));
  const applicants = Array.from({ length: n }, (_, i) => ({
    ticket: i + 1,
    label: `${"王李张刘陈杨黄赵"[i % 8]}某 · ${(i % 40) + 1}栋`,
  }));
  const items = Array.from({ length: places }, (_, k) => `B-${String(k + 1).padStart(4, "0")}`);
  const drawMs: number[] = [];
  const hashMs: number[] = [];
  const verifyMs: number[] = [];
  let last: ReturnType<typeof draw> | null = null;
  for (let r = 0; r < opts.runs + 2; r++) {
    const secret = `bench-secret-${r}`;
    let t = performance.now();
    listHashOf(applicants);
    const hash = performance.now() - t;
    t = performance.now();
    last = draw({ secret, publicInput: `${r} 3 5`, applicants, places, items });
    const d = performance.now() - t;
    t = performance.now();
    const v = verifyExport({
      format: EXPORT_FORMAT,
      lottery: { id: 1, communityId: 1, title: "bench", places, items },
      commitment: commitmentOf(secret),
      applicants,
      applicantListHash: last.listHash,
      secret,
      publicInput: `${r} 3 5`,
      result: { order: last.order, winners: last.winners, waitingList: last.waitingList },
      declines: [],
    });
    const vm = performance.now() - t;
    if (!v.ok) throw new Error("lottery-draw: the verifier rejected an honest export");
    // the first two runs warm the JIT
    if (r >= 2) {
      drawMs.push(d);
      hashMs.push(hash);
      verifyMs.push(vm);
    }
  }
  const m = round(median(drawMs), 2);
  opts.log(`lottery-draw: ${n} applicants, ${places} places, ${opts.runs} runs`);
  return {
    lines: [
      {
        scenario: "lottery-draw",
        figure: String(m),
        unit: `ms per draw of ${n} applicants (median of ${opts.runs})`,
        baseline: `list SHA-256 alone ${round(median(hashMs), 2)} ms; verify ${round(median(verifyMs), 2)} ms`,
      },
    ],
    targets: [{ target: `lottery draw of ${n} applicants < 100 ms`, measured: `${m} ms`, pass: m < 100 }],
    results: {
      "lottery-draw": {
        applicants: n,
        places,
        runs: opts.runs,
        drawMsMedian: m,
        listHashMsMedian: round(median(hashMs), 2),
        verifyMsMedian: round(median(verifyMs), 2),
        drawMsMax: round(Math.max(...drawMs), 2),
      },
    },
  };
}
