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

/** The primary's current WAL position: read after a write has committed, it is at or past its commit. */
export async function currentWalLsn(db: Kysely<DB>): Promise<string> {
  const { rows } = await sql<{ lsn: string }>`select pg_current_wal_lsn()::text as lsn`.execute(db);
  return rows[0]!.lsn;
}

/** How far a standby has replayed the primary's WAL; null when it is no standby (not in recovery). */
export async function replayedWalLsn(db: Kysely<DB>): Promise<string | null> {
  const { rows } = await sql<{ lsn: string | null }>`select pg_last_wal_replay_lsn()::text as lsn`.execute(
    db,
  );
  return rows[0]?.lsn ?? null;
}
