// Recomputes the ledger from its rows (docs/ledger.md, "Verifying"): per community, the transactions in
// seq order must follow one another (1, 2, 3 …), each naming the hash before it and hashing to what it
// stores; each must balance per unit; every entry's balance_after must be the account's running sum; the
// chain head must be the last transaction; every account's kept balance must equal the sum of its entries
// and never be below zero where the account says so. The first break is named (community, seq, what).
import type { Kysely } from "kysely";
import type { DB } from "../../../db/schema.ts";
import { chainHash, GENESIS_HASH } from "./ledger.chain.ts";
import * as q from "./ledger.queries.ts";

export interface LedgerBreak {
  communityId: number;
  seq: number | null;
  transactionId: number | null;
  accountId?: number;
  problem: string;
}

export interface LedgerReport {
  ok: boolean;
  communities: number;
  transactions: number;
  entries: number;
  accounts: number;
  firstBreak: LedgerBreak | null;
}

const PAGE = 5000;

export async function verifyLedger(
  db: Kysely<DB>,
  opts: { communityId?: number | null; onProgress?: (done: number) => void } = {},
): Promise<LedgerReport> {
  const report: LedgerReport = {
    ok: true,
    communities: 0,
    transactions: 0,
    entries: 0,
    accounts: 0,
    firstBreak: null,
  };
  const heads = await q.chainedCommunities(db, opts.communityId ?? null);
  for (const head of heads) {
    report.communities++;
    const brk = await verifyCommunity(db, head, report, opts.onProgress);
    if (brk) return { ...report, ok: false, firstBreak: brk };
  }
  return report;
}

async function verifyCommunity(
  db: Kysely<DB>,
  head: { community_id: number; last_seq: number; last_hash: string },
  report: LedgerReport,
  onProgress?: (done: number) => void,
): Promise<LedgerBreak | null> {
  const communityId = head.community_id;
  const accounts = await q.accountBalances(db, communityId);
  report.accounts += accounts.length;
  const unitOf = new Map(accounts.map((a) => [a.id, a.unit]));
  const running = new Map<number, number>();
  let prevHash = GENESIS_HASH;
  let seq = 0;
  for (;;) {
    const { txs: page, entries: pageEntries } = await q.chainPage(db, communityId, seq, PAGE);
    const entriesOf = new Map<number, { accountId: number; amount: number; balanceAfter: number }[]>();
    for (const e of pageEntries) {
      const id = Number(e.transaction_id);
      const list = entriesOf.get(id) ?? [];
      if (!list.length) entriesOf.set(id, list);
      list.push({ accountId: e.account_id, amount: Number(e.amount), balanceAfter: Number(e.balance_after) });
    }
    for (const t of page) {
      const at = { communityId, seq: Number(t.seq), transactionId: Number(t.id) };
      if (Number(t.seq) !== seq + 1)
        return { ...at, problem: `seq ${t.seq} follows ${seq}: a transaction is missing` };
      if (t.prev_hash !== prevHash)
        return { ...at, problem: "prev_hash is not the previous transaction's hash" };
      const entries = entriesOf.get(Number(t.id)) ?? [];
      const hash = chainHash({
        communityId,
        seq: Number(t.seq),
        idempotencyKey: t.idempotency_key,
        kind: t.kind,
        memo: t.memo,
        refKind: t.ref_kind,
        refId: t.ref_id === null ? null : Number(t.ref_id),
        voucherFileId: t.voucher_file_id === null ? null : Number(t.voucher_file_id),
        correctsId: t.corrects_id === null ? null : Number(t.corrects_id),
        actorUserId: t.actor_user_id === null ? null : Number(t.actor_user_id),
        createdAt: new Date(t.created_at),
        entries,
        prevHash,
      });
      if (hash !== t.hash)
        return { ...at, problem: "the content does not hash to the stored hash (altered)" };
      const perUnit = new Map<string, number>();
      for (const e of entries) {
        const unit = unitOf.get(e.accountId);
        if (!unit)
          return { ...at, accountId: e.accountId, problem: "an entry names an account that does not exist" };
        perUnit.set(unit, (perUnit.get(unit) ?? 0) + e.amount);
        const sum = (running.get(e.accountId) ?? 0) + e.amount;
        running.set(e.accountId, sum);
        if (e.balanceAfter !== sum)
          return {
            ...at,
            accountId: e.accountId,
            problem: `balance_after ${e.balanceAfter} ≠ running sum ${sum}`,
          };
      }
      if (entries.length < 2 || [...perUnit.values()].some((s) => s !== 0))
        return { ...at, problem: "the entries do not sum to zero per unit" };
      prevHash = t.hash;
      seq = Number(t.seq);
      report.transactions++;
      report.entries += entries.length;
    }
    onProgress?.(report.transactions);
    if (page.length < PAGE) break;
  }
  if (seq !== Number(head.last_seq) || prevHash !== head.last_hash)
    return {
      communityId,
      seq,
      transactionId: null,
      problem: `the chain head says seq ${head.last_seq}, the rows end at ${seq}`,
    };
  for (const a of accounts) {
    const sum = running.get(a.id) ?? 0;
    if (Number(a.balance) !== sum)
      return {
        communityId,
        seq: null,
        transactionId: null,
        accountId: a.id,
        problem: `balance ${a.balance} ≠ Σ entries ${sum}`,
      };
    if (!a.allow_negative && sum < 0)
      return {
        communityId,
        seq: null,
        transactionId: null,
        accountId: a.id,
        problem: `balance ${sum} below zero`,
      };
  }
  return null;
}
