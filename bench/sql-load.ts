// Closed-loop load straight against the database: `concurrency` workers each run one operation
// after another for a fixed time. The baseline for the HTTP scenarios (same SQL, no HTTP, no
// session lookup, no JSON).
import { type LatencySummary, summarise } from "./stats.ts";

export interface SqlLoadResult {
  latency: LatencySummary;
  operationsPerSecond: number;
  operations: number;
  errors: number;
  firstError?: string;
}

export async function runSqlLoad(
  concurrency: number,
  durationSeconds: number,
  operation: () => Promise<unknown>,
): Promise<SqlLoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const deadline = started + durationSeconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const t = performance.now();
      try {
        await operation();
        latencies.push(performance.now() - t);
      } catch (error) {
        errors++;
        firstError ??= String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  return {
    latency: summarise(latencies),
    operationsPerSecond: latencies.length / seconds,
    operations: latencies.length,
    errors,
    firstError,
  };
}
