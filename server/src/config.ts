// The only module that reads process.env (an invariant in ARCHITECTURE.md).
import { createHash } from "node:crypto";
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
  /** Cookies get the Secure flag when served over HTTPS. */
  secureCookies: boolean;
  sessionDays: number;
  logLevel: string;
  /** Folder of the built web app (vite build output). */
  webDist: string;
  smsAdapter: "outbox";
  /** Background jobs (deadline sweeps, figures) run in this process; LINLI_JOBS=0 turns them off. */
  jobs: boolean;
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
    secureCookies: env.LINLI_SECURE_COOKIES === "1",
    sessionDays: Number(env.LINLI_SESSION_DAYS ?? 14),
    logLevel: env.LOG_LEVEL ?? "info",
    webDist: path.resolve(env.LINLI_WEB_DIST ?? "web/dist"),
    smsAdapter: "outbox",
    jobs: !["0", "false", "off"].includes(env.LINLI_JOBS ?? ""),
  };
  return { ...base, ...overrides };
}

export function isDevelopmentPiiKey(): boolean {
  return !process.env.LINLI_PII_KEY;
}
