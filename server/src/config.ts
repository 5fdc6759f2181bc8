// The only module that reads process.env (an invariant in ARCHITECTURE.md).
import { createHash } from "node:crypto";
import os from "node:os";
import path from "node:path";

export interface Config {
  /** PostgreSQL server URL; unset → embedded PGlite. */
  databaseUrl: string | undefined;
  /** PGlite data folder; "memory://" for a throw-away in-memory database. */
  pgliteDataDir: string;
  host: string;
  port: number;
  /** 32-byte key for AES-256-GCM encryption of ID numbers at rest, and the keyed hash for exact lookup. */
  piiKey: Buffer;
  /**
   * The session cookie's Secure flag: "auto" (default) sets it when the request arrived over HTTPS
   * (directly, or as a trusted proxy says) and always in production; LINLI_SECURE_COOKIES=1/0 forces it.
   */
  secureCookies: "auto" | "always" | "never";
  /** NODE_ENV=production (or LINLI_ENV=production): Secure cookies, and no demo password for real accounts. */
  production: boolean;
  /** Started with --demo: the demo accounts and their published password exist. */
  demo: boolean;
  /**
   * Addresses or CIDR ranges of the reverse proxies whose X-Forwarded-For/-Proto/-Host are believed
   * (LINLI_TRUST_PROXY, comma-separated). None by default: the client address is the socket's.
   */
  trustProxy: string[];
  /**
   * Origins besides the request's own host that may send state-changing requests with the session
   * cookie (LINLI_ORIGINS, comma-separated, e.g. https://linli.example.org when a proxy rewrites Host).
   */
  allowedOrigins: string[];
  /**
   * Requests one person may submit (LINLI_SUBMISSION_LIMITS="ownPerHour,ownPerDay,staffPerHour",
   * default 10,30,120): a resident's own reports in all communities; someone with a role, per community.
   */
  submissionLimits: { ownPerHour: number; ownPerDay: number; staffPerHour: number };
  sessionDays: number;
  logLevel: string;
  /** Folder of the built web app (vite build output). */
  webDist: string;
  smsAdapter: "outbox";
  /** Background jobs (deadline sweeps, figures) run in this process; LINLI_JOBS=0 turns them off. */
  jobs: boolean;
  /**
   * App processes behind the one port (LINLI_WORKERS): by default 1 on PGlite (the embedded database lives
   * in one process, so more are refused) and the machine's cores on PostgreSQL.
   */
  workers: number;
  /** This process's place among the workers (LINLI_WORKER_SLOT, set by the primary; 1 when alone). */
  workerSlot: number;
  /**
   * A streaming standby of DATABASE_URL for heavy reads (LINLI_READ_DATABASE_URL: the public board's
   * figures); unset: every read goes to the primary (http/read-routing.ts).
   */
  readDatabaseUrl: string | undefined;
  /** After a write its session reads the primary at least this long (LINLI_READ_AFTER_WRITE_SECONDS, 10). */
  readAfterWriteSeconds: number;
}

const DEV_PII_SECRET = "linli-development-key-do-not-use-in-production";

export function loadConfig(overrides: Partial<Config> = {}): Config {
  const env = process.env;
  const secret = env.LINLI_PII_KEY ?? DEV_PII_SECRET;
  const base: Config = {
    databaseUrl: env.DATABASE_URL || undefined,
    pgliteDataDir: env.LINLI_PGLITE_DIR ?? path.resolve("data/pglite"),
    host: env.HOST ?? "127.0.0.1",
    port: Number(env.PORT ?? 5173),
    piiKey: createHash("sha256").update(secret).digest(),
    secureCookies:
      env.LINLI_SECURE_COOKIES === "1" ? "always" : env.LINLI_SECURE_COOKIES === "0" ? "never" : "auto",
    production: env.NODE_ENV === "production" || env.LINLI_ENV === "production",
    demo: false,
    trustProxy: list(env.LINLI_TRUST_PROXY),
    allowedOrigins: list(env.LINLI_ORIGINS).map((o) => o.replace(/\/+$/, "")),
    submissionLimits: submissionLimits(env.LINLI_SUBMISSION_LIMITS),
    sessionDays: Number(env.LINLI_SESSION_DAYS ?? 14),
    logLevel: env.LOG_LEVEL ?? "info",
    webDist: path.resolve(env.LINLI_WEB_DIST ?? "web/dist"),
    smsAdapter: "outbox",
    jobs: !["0", "false", "off"].includes(env.LINLI_JOBS ?? ""),
    workers: workerCount(env.LINLI_WORKERS, Boolean(env.DATABASE_URL)),
    workerSlot: Number(env.LINLI_WORKER_SLOT ?? 1) || 1,
    readDatabaseUrl: env.LINLI_READ_DATABASE_URL || undefined,
    readAfterWriteSeconds: afterWriteSeconds(env.LINLI_READ_AFTER_WRITE_SECONDS),
  };
  return { ...base, ...overrides };
}

function workerCount(value: string | undefined, postgres: boolean): number {
  if (!value) return postgres ? os.availableParallelism() : 1;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64)
    throw new Error(`LINLI_WORKERS: "${value}" is not a whole number from 1 to 64`);
  if (n > 1 && !postgres)
    throw new Error(
      "LINLI_WORKERS above 1 needs PostgreSQL (DATABASE_URL): the embedded database lives in one process",
    );
  return n;
}

function afterWriteSeconds(value: string | undefined): number {
  const n = Number(value ?? 10);
  if (!Number.isFinite(n) || n < 0 || n > 3600)
    throw new Error(`LINLI_READ_AFTER_WRITE_SECONDS: "${value}" is not a number of seconds from 0 to 3600`);
  return n;
}

function submissionLimits(value: string | undefined): Config["submissionLimits"] {
  const [ownPerHour = 10, ownPerDay = 30, staffPerHour = 120] = list(value).map(Number);
  for (const n of [ownPerHour, ownPerDay, staffPerHour])
    if (!Number.isInteger(n) || n < 1)
      throw new Error(`LINLI_SUBMISSION_LIMITS: "${value}" is not three positive integers`);
  return { ownPerHour, ownPerDay, staffPerHour };
}

function list(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

export function isDevelopmentPiiKey(): boolean {
  return !process.env.LINLI_PII_KEY;
}
