// Diagnostics printed beside the figures: the exact SQL a handler runs, with EXPLAIN ANALYZE, and
// how many statements and table accesses one HTTP request costs (from PostgreSQL's statistics).
import { Kysely, type LogEvent, PostgresDialect } from "kysely";
import pg from "pg";
import "../server/src/db/database.ts"; // the same pg type parsers as the server
import type { DB } from "../server/src/db/schema.ts";

export interface CapturedQuery {
  sql: string;
  parameters: readonly unknown[];
}

/** Runs `fn` against a Kysely that records every query it sends. */
export async function captureQueries(
  databaseUrl: string,
  fn: (db: Kysely<DB>) => Promise<unknown>,
): Promise<CapturedQuery[]> {
  const captured: CapturedQuery[] = [];
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  const db = new Kysely<DB>({
    dialect: new PostgresDialect({ pool }),
    log: (e: LogEvent) => {
      if (e.level === "query") captured.push({ sql: e.query.sql, parameters: e.query.parameters });
    },
  });
  try {
    await fn(db);
  } finally {
    await db.destroy();
  }
  return captured;
}

export interface ExplainedQuery extends CapturedQuery {
  plan: string;
  executionMs: number | null;
}

export async function explainAnalyze(
  client: pg.ClientBase,
  queries: CapturedQuery[],
): Promise<ExplainedQuery[]> {
  const out: ExplainedQuery[] = [];
  for (const q of queries) {
    const res = await client.query(`explain (analyze, buffers) ${q.sql}`, q.parameters as unknown[]);
    const plan = res.rows.map((r: Record<string, string>) => r["QUERY PLAN"]).join("\n");
    const m = /Execution Time: ([\d.]+) ms/.exec(plan);
    out.push({ ...q, plan, executionMs: m ? Number(m[1]) : null });
  }
  return out;
}

interface StatSnapshot {
  xactCommit: number;
  tables: Map<string, { seq: number; idx: number; seqRows: number }>;
}

let snapshots = 0;
/** Each snapshot is three transactions of our own, counted so they can be subtracted. */
const OWN_TRANSACTIONS_PER_SNAPSHOT = 3;

async function snapshot(client: pg.ClientBase): Promise<StatSnapshot> {
  snapshots++;
  await client.query("select pg_stat_clear_snapshot()");
  const db = await client.query(
    "select xact_commit::float8 as x from pg_stat_database where datname = current_database()",
  );
  const t = await client.query(
    "select relname, coalesce(seq_scan, 0)::float8 as seq, coalesce(idx_scan, 0)::float8 as idx, coalesce(seq_tup_read, 0)::float8 as seq_rows from pg_stat_user_tables",
  );
  return {
    xactCommit: db.rows[0].x,
    tables: new Map(t.rows.map((r) => [r.relname, { seq: r.seq, idx: r.idx, seqRows: r.seq_rows }])),
  };
}

export interface PerRequestCost {
  requests: number;
  /** Transactions (autocommit statements count one each) per request. */
  statements: number;
  /** Table accesses per request: index scans and sequential scans, by table. */
  tables: Record<string, { idxScans: number; seqScans: number; seqRowsRead: number }>;
}

/**
 * Sends `requests` requests one after another and divides PostgreSQL's counters by them. Backends
 * flush their statistics when idle (10–20 s later), so this waits until the counters settle.
 */
export async function measurePerRequestCost(
  adminUrl: string,
  requests: number,
  send: () => Promise<void>,
): Promise<PerRequestCost> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    // settled: three equal readings a second apart (at most `limit` seconds)
    const settle = async (limit: number) => {
      let last = await snapshot(client);
      let same = 0;
      for (let i = 0; i < limit && same < 3; i++) {
        await new Promise((r) => setTimeout(r, 1000));
        const now = await snapshot(client);
        same = now.xactCommit === last.xactCommit ? same + 1 : 0;
        last = now;
      }
      return last;
    };
    const before = await settle(25);
    const snapshotsBefore = snapshots;
    for (let i = 0; i < requests; i++) await send();
    // idle backends flush their counters within PGSTAT_IDLE_INTERVAL (10 s), or 10 s later when
    // the flush found its lock busy
    await new Promise((r) => setTimeout(r, 11_000));
    const after = await settle(25);
    const tables: PerRequestCost["tables"] = {};
    for (const [name, a] of after.tables) {
      const b = before.tables.get(name) ?? { seq: 0, idx: 0, seqRows: 0 };
      const idx = (a.idx - b.idx) / requests;
      const seq = (a.seq - b.seq) / requests;
      if (idx > 0.01 || seq > 0.01) {
        tables[name] = {
          idxScans: Number(idx.toFixed(2)),
          seqScans: Number(seq.toFixed(2)),
          seqRowsRead: Math.round((a.seqRows - b.seqRows) / requests),
        };
      }
    }
    const own = (snapshots - snapshotsBefore) * OWN_TRANSACTIONS_PER_SNAPSHOT;
    return {
      requests,
      statements: Number((Math.max(0, after.xactCommit - before.xactCommit - own) / requests).toFixed(2)),
      tables,
    };
  } finally {
    await client.end();
  }
}
