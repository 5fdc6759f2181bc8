// Read scaling (issue 16, item 3): heavy reads may go to a streaming standby (LINLI_READ_DATABASE_URL)
// without anyone missing their own write. The rule is here, pure (mayReadStandby); http/read-routing.ts
// applies it per request. A session that wrote carries a mark (when, and the primary's WAL position just
// after the write committed); it reads the primary for a while after the write, and after that until the
// standby has replayed up to that position. No mark: the standby, when it answers.
import { type Kysely, sql } from "kysely";
import type { DB } from "./schema.ts";

/** What a write leaves with its session: when (ms since the epoch), and the primary's WAL position then. */
export interface WriteMark {
  at: number;
  lsn: string;
}

const LSN = /^[0-9A-F]{1,8}\/[0-9A-F]{1,8}$/i;

/** A WAL position ("16/B374D848") as a number of bytes. */
export function lsnBytes(lsn: string): bigint {
  if (!LSN.test(lsn)) throw new Error(`not a WAL position: ${lsn}`);
  const [hi, lo] = lsn.split("/") as [string, string];
  return (BigInt(`0x${hi}`) << 32n) + BigInt(`0x${lo}`);
}

export const formatMark = (m: WriteMark) => `${m.at}.${m.lsn}`;

/** The mark as a cookie carries it; anything else is no mark (a forged one only moves reads to the primary or to the standby, both of which the session may read). */
export function parseMark(value: string | undefined): WriteMark | null {
  const m = /^(\d{1,15})\.([0-9A-Fa-f]{1,8}\/[0-9A-Fa-f]{1,8})$/.exec(value ?? "");
  return m ? { at: Number(m[1]), lsn: m[2]! } : null;
}

/**
 * May this read go to the standby? Not while the standby does not answer (`replayed` null) nor for
 * `afterWriteMs` after the session's last write, nor until the standby has replayed that write.
 */
export function mayReadStandby(
  mark: WriteMark | null,
  replayed: string | null,
  now: number,
  afterWriteMs: number,
): boolean {
  if (replayed === null) return false;
  if (!mark) return true;
  if (now - mark.at < afterWriteMs) return false;
  return lsnBytes(replayed) >= lsnBytes(mark.lsn);
}

/**
 * The primary's WAL insert position, read after a write has committed: at or past the end of its commit
 * record whatever `synchronous_commit` says (the write position, pg_current_wal_lsn, may still be behind
 * a commit acknowledged without waiting for the disk: that is why the rehearsal sent a writer to a standby
 * without its write). When the insert position is the first byte after a page header, the last record
 * ended at the page's start, which is what a standby reports having replayed: the header is taken off
 * (24 bytes, 40 at a segment's start), or an idle primary would hold the writer off the standby forever.
 */
export async function currentWalLsn(db: Kysely<DB>): Promise<string> {
  const { rows } = await sql<{ lsn: string }>`
    with p as (
      select pg_current_wal_insert_lsn() as l,
        current_setting('wal_block_size')::numeric as page,
        (select setting::numeric from pg_settings where name = 'wal_segment_size') as segment)
    select (case
      when (l - '0/0'::pg_lsn) % segment = 40 then l - 40
      when (l - '0/0'::pg_lsn) % page = 24 then l - 24
      else l end)::text as lsn
    from p`.execute(db);
  return rows[0]!.lsn;
}

/**
 * How new an answer kept for everyone (the board's minute cache) is: computed from the standby, it has
 * every write up to the replay position looked at before it was computed; from the primary, every write
 * committed before the primary's position read before it was computed. `lsn` null: not known (no standby
 * configured; then nobody carries a mark either).
 */
export interface AsOf {
  source: "primary" | "standby";
  lsn: string | null;
}

/**
 * May a session with this mark be served an answer kept since `kept`? Only if it has the session's write.
 * A standby that replayed up to the mark has it (replay makes a commit visible before it advances the
 * position). For the primary the position must be past the mark: read at the mark itself, it may have
 * been read before the write became visible (its commit record already in, the commit not yet done).
 */
export function keptHasWrite(mark: WriteMark | null, kept: AsOf): boolean {
  if (!mark) return true;
  if (kept.lsn === null) return false;
  const at = lsnBytes(kept.lsn);
  const wrote = lsnBytes(mark.lsn);
  return kept.source === "standby" ? at >= wrote : at > wrote;
}

/**
 * Where a heavy read goes (http/read-routing.ts decides): the standby or the primary. An answer kept for
 * everyone is stamped `asOf()` before it is computed, and served to this session only if `mayReuse`.
 */
export interface ReadTarget {
  db: Kysely<DB>;
  source: "primary" | "standby";
  asOf(): Promise<AsOf>;
  mayReuse(kept: AsOf): boolean;
}

/** How far a standby has replayed the primary's WAL; null when it is no standby (not in recovery). */
export async function replayedWalLsn(db: Kysely<DB>): Promise<string | null> {
  const { rows } = await sql<{ lsn: string | null }>`select pg_last_wal_replay_lsn()::text as lsn`.execute(
    db,
  );
  return rows[0]?.lsn ?? null;
}
