// The shape of a background job, apart from the queue that runs it: modules declare their jobs
// with these types (`<module>.jobs.ts`) without importing the queue, which imports them all through
// jobs/registry.ts — so there is no import circle queue -> registry -> module jobs -> queue.
import type { Kysely } from "kysely";
import type { DB } from "../db/schema.ts";

export interface JobLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface JobContext {
  db: Kysely<DB>;
  log: JobLog;
}

export interface JobDefinition {
  /** Queue name: letters, digits, `-`, `_`, `.`, `/`. */
  name: string;
  /** What it does, for the logs and ARCHITECTURE.md. */
  description: string;
  /** Cron expression (minute resolution) in `timezone`; without it the job runs only when sent. */
  schedule?: string;
  timezone?: string;
  /** Longest expected run; pg-boss retries a job still active after this. */
  expireInSeconds?: number;
  run(ctx: JobContext): Promise<unknown>;
}
