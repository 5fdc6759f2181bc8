// HTTP load with autocannon's programmatic API, and the server's memory sampled from /proc.
import { readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import autocannon from "autocannon";
import { type LatencySummary, median, summarise } from "./stats.ts";

export interface HttpLoadOptions {
  url: string;
  connections: number;
  durationSeconds: number;
  /** Called for every request: the path and the cookie of the caller. */
  next: () => { path: string; cookie: string };
  /** Server pid whose VmRSS is sampled every 200 ms during the run. */
  serverPid?: number;
  /** The PostgreSQL postmaster's pid, to count the database's CPU. */
  postmasterPid?: number;
}

export interface HttpLoadResult {
  latency: LatencySummary;
  requestsPerSecond: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Status codes other than 2xx seen, with their counts. */
  statusCodes: Record<string, number>;
  /** One failing response body, to say why. */
  sampleFailure?: string;
  rssMb?: { max: number; median: number; samples: number };
  /** CPU used during the run, in cores (CPU-seconds per second): who is busy. */
  cpu?: { server: number; postgres: number; loadGenerator: number; others: number; loadAverage: number };
  /** autocannon's own figures, as a cross-check of ours (it has no p95). */
  autocannon: { p50: number; p99: number; rps: number };
}

function ownRssKb(pid: number | string): number | null {
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** The pids whose parent is `pid`. */
function childPids(pid: number): string[] {
  const out: string[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === pid) out.push(entry);
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** Resident memory of a server: the process and its children (the workers when it runs several, LINLI_WORKERS). */
export function readRssKb(pid: number): number | null {
  const own = ownRssKb(pid);
  if (own === null) return null;
  return own + childPids(pid).reduce((sum, c) => sum + (ownRssKb(c) ?? 0), 0);
}

const CLOCK_TICKS = 100; // getconf CLK_TCK on Linux

/**
 * CPU seconds of a process and its children, live and exited (cutime/cstime): one PostgreSQL cluster (the
 * postmaster, its backends and background workers; other clusters on the machine, such as other people's
 * test runs, are not counted), or a server and its workers when it runs several (LINLI_WORKERS).
 */
function treeCpuSeconds(postmasterPid: number): number {
  let total = 0;
  try {
    const stat = readFileSync(`/proc/${postmasterPid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    total += (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / CLOCK_TICKS;
  } catch {
    return 0;
  }
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(f[1]) === postmasterPid) total += (Number(f[11]) + Number(f[12])) / CLOCK_TICKS;
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

/** Busy CPU seconds of the whole machine (all cores), from /proc/stat. */
function machineBusySeconds(): number {
  const line = readFileSync("/proc/stat", "utf8").split("\n")[0]!;
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  return (user! + nice! + system! + irq! + softirq! + steal!) / CLOCK_TICKS;
}

export function sampleCpu(serverPid: number, postmasterPid: number | undefined) {
  const postgresCpuSeconds = () => (postmasterPid ? treeCpuSeconds(postmasterPid) : Number.NaN);
  const t0 = performance.now();
  const m0 = machineBusySeconds();
  const s0 = treeCpuSeconds(serverPid);
  const p0 = postgresCpuSeconds();
  const l0 = process.cpuUsage();
  return {
    stop() {
      const seconds = (performance.now() - t0) / 1000;
      const l = process.cpuUsage(l0);
      const server = (treeCpuSeconds(serverPid) - s0) / seconds;
      const postgres = (postgresCpuSeconds() - p0) / seconds;
      const loadGenerator = (l.user + l.system) / 1e6 / seconds;
      const machine = (machineBusySeconds() - m0) / seconds;
      return {
        server,
        postgres,
        loadGenerator,
        // other processes on the machine (noise: builds, tests, browsers of other people)
        others: Math.max(0, machine - server - postgres - loadGenerator),
        loadAverage: os.loadavg()[0]!,
      };
    },
  };
}

export function sampleRss(pid: number, everyMs = 200) {
  const samples: number[] = [];
  const take = () => {
    const kb = readRssKb(pid);
    if (kb != null) samples.push(kb / 1024);
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      return { max: Math.max(...samples), median: median(samples), samples: samples.length };
    },
  };
}

export async function runHttpLoad(o: HttpLoadOptions): Promise<HttpLoadResult> {
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  let sampleFailure: string | undefined;
  const rss = o.serverPid ? sampleRss(o.serverPid) : null;
  const cpu = o.serverPid ? sampleCpu(o.serverPid, o.postmasterPid) : null;
  const instance = autocannon({
    url: o.url,
    connections: o.connections,
    duration: o.durationSeconds,
    timeout: 10,
    requests: [
      {
        method: "GET",
        setupRequest: (req: any) => {
          const { path, cookie } = o.next();
          return {
            ...req,
            method: "GET",
            path,
            headers: { ...req.headers, cookie, accept: "application/json" },
          };
        },
      },
    ],
  });
  instance.on("response", (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    latencies.push(responseTime);
    if (statusCode < 200 || statusCode >= 300) statusCodes[statusCode] = (statusCodes[statusCode] ?? 0) + 1;
  });
  instance.on("reqError", (err: Error) => {
    sampleFailure ??= String(err);
  });
  const result: any = await instance;
  const rssMb = rss?.stop();
  const cpuUse = cpu?.stop();
  if (Object.keys(statusCodes).length && !sampleFailure)
    sampleFailure = "see the server log for the failing requests";
  return {
    latency: summarise(latencies),
    requestsPerSecond: result.requests.average,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
    sampleFailure,
    rssMb,
    cpu: cpuUse && {
      server: Number(cpuUse.server.toFixed(2)),
      postgres: Number(cpuUse.postgres.toFixed(2)),
      loadGenerator: Number(cpuUse.loadGenerator.toFixed(2)),
      others: Number(cpuUse.others.toFixed(2)),
      loadAverage: Number(cpuUse.loadAverage.toFixed(2)),
    },
    autocannon: { p50: result.latency.p50, p99: result.latency.p99, rps: result.requests.average },
  };
}
