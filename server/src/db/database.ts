import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import { Kysely, PostgresDialect } from "kysely";
import { PGliteDialect } from "kysely-pglite-dialect";
import pg from "pg";
import { multiHostClientClass, parseMultiHostUrl } from "./multi-host.ts";
import { lockPgliteDir } from "./pglite-lock.ts";
import { PreparingClient } from "./prepared-statements.ts";
import type { DB } from "./schema.ts";

export type DatabaseKind = "pglite" | "postgres";

export interface Database {
  db: Kysely<DB>;
  kind: DatabaseKind;
  close(): Promise<void>;
  /**
   * Calls `onPayload` for every NOTIFY on `channel` by any session on this database — this process's
   * or another's (PostgreSQL delivers at commit). Returns a function that stops listening.
   */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  /** The embedded database itself (its dumpDataDir for `npm run backup`); absent on PostgreSQL. */
  pglite?: PGlite;
}

// int8 (bigint) and numeric come back as strings from node-postgres; counts and areas in this
// project fit in a double, so parse them the same way PGlite does.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));
// date columns stay ISO strings (no timezone shifts on birth dates).
pg.types.setTypeParser(1082, (v) => v);

export interface OpenDatabaseOptions {
  databaseUrl?: string;
  /** PGlite data folder, or "memory://". */
  pgliteDataDir?: string;
  /**
   * A PGlite data folder as `dumpDataDir` wrote it, to start from instead of an empty database (the
   * tests' migrated template: loading it skips PGlite's initdb and the migrations, ~3.5 s a test file).
   */
  pgliteLoadDataDir?: Blob;
  poolSize?: number;
}

/**
 * With a standby (a multi-host URL) a request must not wait long for a primary that is gone: a new
 * connection gives up after 5 s and a query after 15 s (a commit waiting for a synchronous standby
 * that is being replaced), and the HTTP layer turns both into 503 DATABASE_UNAVAILABLE.
 */
const FAILOVER_TIMEOUTS = { connectionTimeoutMillis: 5000, query_timeout: 15_000 } as const;

export async function openDatabase(opts: OpenDatabaseOptions): Promise<Database> {
  if (opts.databaseUrl) {
    // a multi-host URL (a primary and its standby, docs/failover.md): connect to whichever accepts
    // writes, and bound every wait so that a failover gives clients a 503, not a hang
    const multiHost = parseMultiHostUrl(opts.databaseUrl);
    const Client = multiHost ? multiHostClientClass(multiHost) : PreparingClient;
    const connectionString = multiHost ? multiHost.singleHostUrl : opts.databaseUrl;
    const pool = new pg.Pool({
      connectionString,
      max: opts.poolSize ?? 20,
      // repeated queries become prepared statements (prepared-statements.ts)
      Client,
      ...(multiHost ? FAILOVER_TIMEOUTS : {}),
    });
    // an idle connection whose server went away (a restart, a failover) is dropped by the pool; without
    // a listener its 'error' event would end the process
    pool.on("error", () => {});
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    const listeners = new Set<() => Promise<void>>();
    return {
      db,
      kind: "postgres",
      async close() {
        for (const stop of [...listeners]) await stop();
        await db.destroy();
      },
      async listen(channel, onPayload) {
        const stop = await listenOnPostgres(() => new Client({ connectionString }), channel, onPayload);
        const remove = async () => {
          listeners.delete(remove);
          await stop();
        };
        listeners.add(remove);
        return remove;
      },
    };
  }
  const dataDir = opts.pgliteDataDir ?? "memory://";
  // PGlite creates only the last folder of the path: on a fresh clone `./data` does not exist yet
  if (!dataDir.includes("://")) mkdirSync(dataDir, { recursive: true });
  // one process at a time on a folder (pglite-lock.ts): a second opener is refused while the first lives
  const unlock = dataDir.includes("://") ? () => {} : lockPgliteDir(dataDir);
  // PGlite takes "memory://" itself; with an undefined data folder it would ignore these options
  // (and dates would come back as Date objects, numerics as strings, unlike the PostgreSQL run).
  const client = await PGlite.create(dataDir, {
    // btree_gist: the spaces' exclusion constraint (no two live bookings of a space overlap)
    extensions: { btree_gist },
    ...(opts.pgliteLoadDataDir ? { loadDataDir: opts.pgliteLoadDataDir } : {}),
    parsers: {
      20: (v: string) => Number(v),
      1700: (v: string) => Number(v),
      1082: (v: string) => v,
    },
  }).catch((e) => {
    unlock();
    throw e;
  });
  const db = new Kysely<DB>({ dialect: new PGliteDialect(client) });
  return {
    db,
    kind: "pglite",
    pglite: client,
    async close() {
      try {
        await db.destroy();
      } finally {
        unlock();
      }
    },
    async listen(channel, onPayload) {
      const stop = await client.listen(channel, onPayload);
      return async () => {
        if (!client.closed) await stop();
      };
    },
  };
}

/**
 * LISTEN on a connection of its own (a pooled connection would be handed to other queries). When the
 * connection is lost it reconnects after a second, so a restarted server is heard again.
 */
async function listenOnPostgres(
  newClient: () => pg.Client,
  channel: string,
  onPayload: (payload: string) => void,
): Promise<() => Promise<void>> {
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | null = null;
  const connect = async (): Promise<void> => {
    const c = newClient();
    c.on("notification", (msg) => {
      if (msg.channel === channel) onPayload(msg.payload ?? "");
    });
    c.on("error", () => {
      // the connection is gone: listen again on a new one, unless we were stopped
      if (client === c) client = null;
      c.end().catch(() => {});
      if (!stopped && !retry)
        retry = setTimeout(() => {
          retry = null;
          connect().catch(() => c.emit("error", new Error("reconnect failed")));
        }, 1000).unref();
    });
    await c.connect();
    await c.query(`LISTEN "${channel.replaceAll('"', '""')}"`);
    if (stopped) await c.end();
    else client = c;
  };
  await connect();
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    const c = client;
    client = null;
    await c?.end().catch(() => {});
  };
}
