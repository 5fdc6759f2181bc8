// The job queue: pg-boss on the application's own database, PGlite (embedded) or PostgreSQL, with
// the same job definitions on both (ENGINEERING.md "Background jobs"). pg-boss keeps its tables in
// the `pgboss` schema (created and migrated by pg-boss itself on start, outside our migrations) and
// reaches the database only through Kysely (see kysely-adapter.ts), so on PGlite its statements
// queue behind the application's transactions on the one connection.
//
// A job is declared by its module (`<module>.jobs.ts`) and listed in jobs/registry.ts. Scheduled
// jobs are also sent once when the queue starts, so work that fell due while the server was down
// runs right away; the handlers themselves are idempotent (each step claims its rows atomically),
// which is what makes "runs once after a restart, never twice" hold, not the queue.
import type { Kysely } from "kysely";
import { PgBoss } from "pg-boss";
import type { Config } from "../config.ts";
import type { DB } from "../db/schema.ts";
import type { JobDefinition, JobLog } from "./job.ts";
import { kyselyDatabase } from "./kysely-adapter.ts";
import { setJobSender } from "./nudge.ts";
import { JOBS } from "./registry.ts";

export type { JobContext, JobDefinition, JobLog } from "./job.ts";

export interface StartJobsOptions {
  /** The jobs to run; defaults to every job in the registry. */
  jobs?: JobDefinition[];
  /** How often a worker asks for work (pg-boss minimum 0.5 s). Default 2 s. */
  pollingIntervalSeconds?: number;
  /** How often pg-boss checks the cron schedules (1–45 s). Default 15 s. */
  cronWorkerIntervalSeconds?: number;
  /**
   * Send each scheduled job once at start (catch-up after downtime). Default true; of several app
   * processes only the first does it, so a start of N processes catches up once, not N times.
   */
  catchUp?: boolean;
}

export interface JobRunner {
  /** Completed runs of a job since this runner started. */
  runs(name: string): number;
  /** Resolves once the job has completed `count` runs since this runner started (for tests). */
  waitForRuns(name: string, count: number, timeoutMs?: number): Promise<void>;
  /** Sends a job now (it joins the queue; a stately queue keeps at most one waiting). */
  send(name: string): Promise<void>;
  stop(): Promise<void>;
}

export const PGBOSS_SCHEMA = "pgboss";

let current: JobRunner | null = null;

/**
 * Starts pg-boss on the database and a worker for every job; returns once the queue is installed
 * and the workers are polling. One queue per process: a second call stops the first.
 */
export async function startJobs(
  db: Kysely<DB>,
  config: Pick<Config, "databaseUrl">,
  log: JobLog,
  opts: StartJobsOptions = {},
): Promise<JobRunner> {
  if (current) await stopJobs();
  const jobs = opts.jobs ?? JOBS;
  const boss = new PgBoss({
    db: kyselyDatabase(db),
    backend: config.databaseUrl ? "postgres" : "pglite",
    schema: PGBOSS_SCHEMA,
    cronWorkerIntervalSeconds: opts.cronWorkerIntervalSeconds ?? 15,
    // no OpenTelemetry SDK is registered; skip the (free but useless) instrumentation
    openTelemetry: { enabled: false },
  });
  boss.on("error", (error) => log.error({ err: error }, "job queue error"));
  boss.on("warning", (warning) => log.warn({ warning }, "job queue warning"));
  await boss.start();

  const counts = new Map<string, number>();
  const waiters = new Map<string, Set<() => void>>();
  const pollingIntervalSeconds = opts.pollingIntervalSeconds ?? 2;
  for (const job of jobs) {
    // stately: at most one job waiting and one running per queue, so ticks never pile up
    await boss.createQueue(job.name, {
      policy: "stately",
      expireInSeconds: job.expireInSeconds ?? 600,
      retryLimit: 2,
      retryDelay: 10,
      deleteAfterSeconds: 24 * 3600,
    });
    await boss.work(job.name, { pollingIntervalSeconds }, async () => {
      const started = Date.now();
      const result = await job.run({ db, log });
      counts.set(job.name, (counts.get(job.name) ?? 0) + 1);
      for (const w of [...(waiters.get(job.name) ?? [])]) w();
      if (result && typeof result === "object" && Object.values(result).some((v) => v))
        log.info({ job: job.name, ms: Date.now() - started, result }, "job ran");
      return result;
    });
    if (job.schedule) {
      // missed: "once" — after downtime a single catch-up occurrence, not one per missed minute
      await boss.schedule(job.name, job.schedule, null, {
        tz: job.timezone ?? "Asia/Shanghai",
        missed: "once",
      });
      if (opts.catchUp ?? true) await boss.send(job.name, null);
    } else {
      await boss.unschedule(job.name).catch(() => {});
    }
  }

  let stopped = false;
  const runner: JobRunner = {
    runs: (name) => counts.get(name) ?? 0,
    waitForRuns(name, count, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if ((counts.get(name) ?? 0) < count) return;
          clearTimeout(timer);
          waiters.get(name)?.delete(check);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.get(name)?.delete(check);
          reject(new Error(`job ${name} did not complete ${count} runs within ${timeoutMs} ms`));
        }, timeoutMs);
        if (!waiters.has(name)) waiters.set(name, new Set());
        waiters.get(name)!.add(check);
        check();
      });
    },
    async send(name) {
      await boss.send(name, null);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      // graceful: running jobs finish (their transactions commit) before the database closes
      await boss.stop({ graceful: true, timeout: 30_000 });
      if (current === runner) {
        current = null;
        setJobSender(null);
      }
    },
  };
  current = runner;
  setJobSender((name) => runner.send(name));
  log.info({ jobs: jobs.map((j) => j.name) }, "job queue started");
  return runner;
}

/** Stops the queue started by startJobs, waiting for running jobs; a no-op when none runs. */
export async function stopJobs(): Promise<void> {
  await current?.stop();
}
