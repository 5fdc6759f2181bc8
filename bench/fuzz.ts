// `npm run bench -- fuzz`: the route fuzzer of server/test/fuzz.test.ts with many more cases than
// `npm test` gives it (LINLI_FUZZ_RUNS per route and actor), on PGlite or on the throwaway PostgreSQL
// cluster of the test setup, with the seed it is given. It is not an HTTP load
// scenario: it runs the fuzz test file through vitest and reports its counts.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export interface FuzzSummary {
  routes: number;
  actors: number;
  runs: number;
  seed: number;
  database: string;
  seconds: number;
  requests: number;
  statuses: Record<string, number>;
  fiveXX: number;
  writesRefused: number;
  writesRefusedVerified: number;
  writesRefusedUnverified: number;
  snapshots: number;
  neverAccepted: string[];
  failures: string[];
}

export interface FuzzResult {
  command: string;
  exitCode: number;
  wallSeconds: number;
  summary: FuzzSummary | null;
}

export async function runFuzzScenario(opts: {
  runs: number;
  database: "pglite" | "postgres";
  seed: number;
  root: string;
  log: (m: string) => void;
}): Promise<FuzzResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "linli-fuzz-"));
  const summaryFile = path.join(dir, "summary.json");
  const { seed } = opts;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LINLI_FUZZ_RUNS: String(opts.runs),
    LINLI_FUZZ_SEED: String(seed),
    LINLI_FUZZ_SUMMARY: summaryFile,
  };
  if (opts.database === "postgres") env.LINLI_TEST_DB = "postgres";
  else delete env.LINLI_TEST_DB;
  // vitest on this process's node (the pinned Node 24), not on the node its bin script would find
  const args = [path.join(opts.root, "node_modules/vitest/vitest.mjs"), "run", "server/test/fuzz.test.ts"];
  const command = `LINLI_FUZZ_RUNS=${opts.runs} LINLI_FUZZ_SEED=${seed}${opts.database === "postgres" ? " LINLI_TEST_DB=postgres" : ""} node_modules/.bin/vitest run server/test/fuzz.test.ts`;
  opts.log(`fuzz: ${command}`);
  const started = Date.now();
  try {
    const exitCode = await new Promise<number>((resolve, reject) => {
      // the test's own output (its counts, any failure) goes to stderr, beside the bench's log
      const child = spawn(process.execPath, args, { cwd: opts.root, env, stdio: ["ignore", 2, 2] });
      child.once("error", reject);
      child.once("exit", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
    });
    let summary: FuzzSummary | null = null;
    try {
      summary = JSON.parse(readFileSync(summaryFile, "utf8")) as FuzzSummary;
    } catch {
      // the run died before writing its counts: reported by the caller as a failure
    }
    return { command, exitCode, wallSeconds: (Date.now() - started) / 1000, summary };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
