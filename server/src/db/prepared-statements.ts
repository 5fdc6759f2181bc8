// Server-side prepared statements for the queries the application sends again and again, on
// PostgreSQL (node-postgres). Kysely sends every query as an unnamed statement, which PostgreSQL
// parses and plans afresh each time; for the hot joins (the inbox, a household, a search) planning
// cost 3–6× the execution (docs/benchmarks.md). Like PgJDBC's `prepareThreshold`, a query text
// seen PREPARE_AFTER times in this process is from then on sent as a named statement: each pooled
// connection parses it once, and after five executions PostgreSQL may switch to a generic plan —
// only when that plan is estimated no dearer than the custom ones, so skewed parameters keep their
// custom plans. Values stay bound parameters (no SQL is built from data).
//
// Bounds: at most MAX_PER_CONNECTION statements per connection (then further texts go unnamed) and
// at most MAX_COUNTED texts counted per process (the counter starts over when full), so queries
// whose text varies (an IN list of a different length) cannot grow memory without limit.
import { createHash } from "node:crypto";
import pg from "pg";

const PREPARE_AFTER = 3;
const MAX_PER_CONNECTION = 400;
const MAX_COUNTED = 20_000;

const seen = new Map<string, number>();
const names = new Map<string, string>();

function nameFor(text: string): string | null {
  const known = names.get(text);
  if (known) return known;
  const n = (seen.get(text) ?? 0) + 1;
  if (n < PREPARE_AFTER) {
    if (seen.size >= MAX_COUNTED) seen.clear();
    seen.set(text, n);
    return null;
  }
  seen.delete(text);
  if (names.size >= MAX_COUNTED) names.clear();
  const name = `k${createHash("sha1").update(text).digest("hex").slice(0, 20)}`;
  names.set(text, name);
  return name;
}

/** A pg.Client that sends repeated query texts as named (prepared) statements. */
export class PreparingClient extends pg.Client {
  #prepared = new Set<string>();

  constructor(config?: string | pg.ClientConfig) {
    super(config);
    // A connection lost while it is checked out of the pool but between two queries (a restart or a
    // failover of PostgreSQL) emits 'error'; unheard, that would end the process. The next query on it
    // fails instead (the HTTP layer answers 503) and the pool drops it.
    this.on("error", () => {});
  }

  override query(config: any, values?: any, callback?: any): any {
    if (typeof config === "string" && Array.isArray(values) && callback === undefined) {
      const name = nameFor(config);
      if (name && (this.#prepared.has(name) || this.#prepared.size < MAX_PER_CONNECTION)) {
        this.#prepared.add(name);
        return super.query({ name, text: config, values });
      }
    }
    return super.query(config, values, callback);
  }
}
