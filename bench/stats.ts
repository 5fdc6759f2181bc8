// Small statistics helpers shared by the benchmark scenarios.
import { readFileSync } from "node:fs";

/** The q-quantile (0..1) of the values, nearest-rank on a sorted copy. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export function summarise(latenciesMs: readonly number[]): LatencySummary {
  const sorted = Float64Array.from(latenciesMs).sort();
  const at = (q: number) =>
    sorted.length
      ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!
      : Number.NaN;
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    count: sorted.length,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    max: sorted.length ? sorted[sorted.length - 1]! : Number.NaN,
    mean: sorted.length ? sum / sorted.length : Number.NaN,
  };
}

/**
 * Where the CPU went during a timed part: this process (a bench's server and its clients share one
 * JavaScript thread) and the whole machine (PostgreSQL and anything else), from Linux's /proc/stat.
 * `read(seconds, operations)` says both, and the machine's CPU milliseconds per operation.
 */
export function startCpuMeter() {
  const machine = (): { busy: number; total: number; cores: number } | null => {
    try {
      const lines = readFileSync("/proc/stat", "utf8").split("\n");
      const f = lines[0]!.trim().split(/\s+/).slice(1).map(Number);
      const idle = (f[3] ?? 0) + (f[4] ?? 0);
      const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
      return { busy: total - idle, total, cores: lines.filter((l) => /^cpu\d/.test(l)).length };
    } catch {
      return null;
    }
  };
  const cpu0 = process.cpuUsage();
  const m0 = machine();
  return {
    read(seconds: number, operations: number): string {
      const cpu = process.cpuUsage(cpu0);
      const m1 = machine();
      const own = (cpu.user + cpu.system) / 1e6 / seconds;
      if (!m0 || !m1) return `this process used ${round(own * 100, 0)} % of one core`;
      const busy = (m1.busy - m0.busy) / (m1.total - m0.total);
      const perOp = (busy * m1.cores * seconds * 1000) / operations;
      return `this process used ${round(own * 100, 0)} % of one core; the machine (${m1.cores} cores) was ${round(busy * 100, 0)} % busy: ${round(perOp, 2)} CPU-ms per operation (${round((own * seconds * 1000) / operations, 2)} in this process)`;
    },
  };
}

export const round = (n: number, digits = 1) => (Number.isFinite(n) ? Number(n.toFixed(digits)) : n);

/** A seeded PRNG (mulberry32), so a run's request mix can be reproduced. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(rand: () => number, items: readonly T[]): T =>
  items[Math.floor(rand() * items.length)]!;
