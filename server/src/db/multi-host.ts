// Multi-host connection URLs for a primary with a standby (docs/failover.md):
//   postgres://user@10.0.0.1:5432,10.0.0.2:5432/linli?target_session_attrs=read-write
// libpq reads this form; node-postgres (8.x) does not — its URL parser rejects the comma list. So
// this file does what libpq does: it tries the hosts in order and keeps the first one that accepts
// writes (`pg_is_in_recovery()` is false). The answer is cached and forgotten as soon as a connection
// to that host fails or finds it read-only, so after a failover the next new connection looks again
// and lands on the promoted standby.
import pg from "pg";
import { PreparingClient } from "./prepared-statements.ts";

export interface HostPort {
  host: string;
  port: number;
}

export interface MultiHostUrl {
  hosts: HostPort[];
  /** The same URL with only the first host, for node-postgres to read user, password, database, ssl. */
  singleHostUrl: string;
  readWrite: boolean;
}

/** Splits a URL with a comma-separated host list; null for an ordinary single-host URL. */
export function parseMultiHostUrl(url: string): MultiHostUrl | null {
  const m = /^(postgres(?:ql)?:\/\/)(?:([^@/]*)@)?([^/?]*)(.*)$/.exec(url);
  if (!m || !m[3]!.includes(",")) return null;
  const [, scheme, auth, hostList, rest] = m;
  const hosts = hostList!.split(",").map((hp): HostPort => {
    const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(hp);
    if (bracketed) return { host: bracketed[1]!, port: Number(bracketed[2] ?? 5432) };
    const [host, port] = hp.split(":");
    return { host: host!, port: Number(port ?? 5432) };
  });
  const params = new URLSearchParams(rest!.includes("?") ? rest!.slice(rest!.indexOf("?") + 1) : "");
  const attrs = params.get("target_session_attrs") ?? "any";
  // node-postgres does not know target_session_attrs: drop it from the URL it reads
  params.delete("target_session_attrs");
  const pathPart = rest!.includes("?") ? rest!.slice(0, rest!.indexOf("?")) : rest!;
  const query = params.toString();
  const first = hosts[0]!;
  const firstHost = first.host.includes(":") ? `[${first.host}]` : first.host;
  return {
    hosts,
    singleHostUrl: `${scheme}${auth ? `${auth}@` : ""}${firstHost}:${first.port}${pathPart}${query ? `?${query}` : ""}`,
    readWrite: attrs === "read-write" || attrs === "primary",
  };
}

/** Thrown when no host accepts a connection (or none accepts writes): the HTTP layer answers 503. */
export class DatabaseUnavailableError extends Error {
  readonly code = "DATABASE_UNAVAILABLE";
}

const PROBE_TIMEOUT_MS = 2000;

/** Remembers which host is the primary; finds it again after `forget()`. */
class PrimaryLocator {
  #current: HostPort | null = null;
  #probing: Promise<HostPort> | null = null;

  constructor(
    private readonly target: MultiHostUrl,
    private readonly baseConfig: pg.ClientConfig,
  ) {}

  find(): Promise<HostPort> {
    if (this.#current) return Promise.resolve(this.#current);
    this.#probing ??= this.#probe().finally(() => {
      this.#probing = null;
    });
    return this.#probing;
  }

  forget(host: HostPort): void {
    if (this.#current && this.#current.host === host.host && this.#current.port === host.port)
      this.#current = null;
  }

  async #probe(): Promise<HostPort> {
    for (const hp of this.target.hosts) {
      const c = new pg.Client({ ...this.baseConfig, ...hp, connectionTimeoutMillis: PROBE_TIMEOUT_MS });
      c.on("error", () => {});
      try {
        await c.connect();
        const r = await c.query<{ standby: boolean }>("select pg_is_in_recovery() as standby");
        if (!this.target.readWrite || !r.rows[0]?.standby) {
          this.#current = hp;
          return hp;
        }
      } catch {
        // this host is down or unreachable: try the next one
      } finally {
        await c.end().catch(() => {});
      }
    }
    throw new DatabaseUnavailableError(
      `no host of ${this.target.hosts.map((h) => `${h.host}:${h.port}`).join(",")} accepts ${this.target.readWrite ? "writes" : "connections"}`,
    );
  }
}

/**
 * A pg.Client class (for pg.Pool's `Client` option and for LISTEN connections) that connects to the
 * current primary of a multi-host URL, with the connection options node-postgres reads from
 * `baseConfig` (user, password, database, ssl).
 */
export function multiHostClientClass(target: MultiHostUrl): typeof PreparingClient {
  const base = new pg.Client({ connectionString: target.singleHostUrl });
  const baseConfig: pg.ClientConfig = {
    user: base.user,
    password: base.password ?? undefined,
    database: base.database,
    ssl: (base as unknown as { ssl?: pg.ClientConfig["ssl"] }).ssl,
  };
  const locator = new PrimaryLocator(target, baseConfig);
  return class MultiHostClient extends PreparingClient {
    // biome-ignore lint/suspicious/noExplicitAny: pg.Client's connect is overloaded (callback or promise)
    override connect(callback?: any): any {
      const done = this.#connectToPrimary().then(() => this);
      if (!callback) return done;
      done.then(
        (c) => callback(null, c),
        (err: Error) => callback(err),
      );
      return undefined;
    }

    async #connectToPrimary(): Promise<void> {
      const hp = await locator.find();
      const self = this as unknown as {
        host: string;
        port: number;
        connectionParameters: { host: string; port: number };
      };
      self.host = self.connectionParameters.host = hp.host;
      self.port = self.connectionParameters.port = hp.port;
      try {
        await super.connect();
      } catch (err) {
        locator.forget(hp);
        throw err;
      }
      if (target.readWrite) {
        const r = await super.query("select pg_is_in_recovery() as standby");
        if (r.rows[0]?.standby) {
          locator.forget(hp);
          await this.end().catch(() => {});
          throw new DatabaseUnavailableError(`${hp.host}:${hp.port} is a standby now`);
        }
      }
    }
  };
}
