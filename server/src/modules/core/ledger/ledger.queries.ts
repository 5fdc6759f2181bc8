// All SQL of the ledger module. Private to it: other modules call ledger.service.ts.
import { type Kysely, sql } from "kysely";
import type { DB } from "../../../db/schema.ts";
import type { LedgerAccountTable, LedgerUnit } from "./ledger.tables.ts";

type Db = Kysely<DB>;

export const findAccountByCode = (db: Db, communityId: number, code: string) =>
  db
    .selectFrom("ledger_account")
    .selectAll()
    .where("community_id", "=", communityId)
    .where("code", "=", code)
    .executeTakeFirst();

export const insertAccount = (
  db: Db,
  a: {
    community_id: number;
    code: string;
    name_zh: string;
    name_en: string;
    unit: LedgerUnit;
    allow_negative: boolean;
    owner_kind: string | null;
    owner_id: number | null;
  },
) =>
  db
    .insertInto("ledger_account")
    .values(a)
    .onConflict((oc) => oc.columns(["community_id", "code"]).doNothing())
    .returningAll()
    .executeTakeFirst();

export type AccountRow = Awaited<ReturnType<typeof findAccountByCode>> & {};

export const accountsByIds = (db: Db, communityId: number, ids: number[]) =>
  db
    .selectFrom("ledger_account")
    .selectAll()
    .where("community_id", "=", communityId)
    .where("id", "in", ids)
    .execute();

export const accountsOfOwner = (db: Db, communityId: number, ownerKind: string, ownerId: number) =>
  db
    .selectFrom("ledger_account")
    .selectAll()
    .where("community_id", "=", communityId)
    .where("owner_kind", "=", ownerKind)
    .where("owner_id", "=", ownerId)
    .orderBy("id")
    .execute();

export const accountsOfCommunity = (
  db: Db,
  communityId: number,
  f: { q?: string | undefined; limit: number },
) =>
  db
    .selectFrom("ledger_account")
    .selectAll()
    .where("community_id", "=", communityId)
    .$if(!!f.q, (qb) =>
      qb.where((eb) =>
        eb.or([
          eb("code", "like", `%${f.q!.replace(/[\\%_]/g, (c) => `\\${c}`)}%`),
          eb("name_zh", "like", `%${f.q!.replace(/[\\%_]/g, (c) => `\\${c}`)}%`),
        ]),
      ),
    )
    .orderBy("id")
    .limit(f.limit)
    .execute();

export const transactionByKey = (db: Db, communityId: number, key: string) =>
  db
    .selectFrom("ledger_transaction")
    .selectAll()
    .where("community_id", "=", communityId)
    .where("idempotency_key", "=", key)
    .executeTakeFirst();

export const transactionById = (db: Db, communityId: number, id: number) =>
  db
    .selectFrom("ledger_transaction")
    .selectAll()
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .executeTakeFirst();

export const entriesOf = (db: Db, communityId: number, transactionId: number) =>
  db
    .selectFrom("ledger_entry")
    .select(["account_id", "amount"])
    .where("community_id", "=", communityId)
    .where("transaction_id", "=", transactionId)
    .orderBy("account_id")
    .execute();

/**
 * One booking in one statement: `ledger_book` (migration 26) checks the accounts and the sums, locks the
 * community's chain, answers a stored booking with the same key (replayed), refuses a second correction,
 * writes the transaction with its hash (SHA-256 of head + seq + tail + previous hash), moves each balance
 * where it may and writes the entries and the chain's new head. A refusal is a SQLSTATE of class LD
 * (`ledgerRefusal`), which rolls back everything the booking wrote.
 */
export async function book(
  db: Db,
  t: {
    communityId: number;
    idempotencyKey: string;
    kind: string;
    memo: string;
    refKind: string | null;
    refId: number | null;
    voucherFileId: number | null;
    correctsId: number | null;
    actorUserId: number | null;
    createdAt: Date;
    textHead: string;
    textTail: string;
    genesis: string;
  },
  postings: { accountId: number; amount: number }[],
) {
  const accounts = `{${postings.map((p) => p.accountId).join(",")}}`;
  const amounts = `{${postings.map((p) => p.amount).join(",")}}`;
  const r = await sql<{ transaction_id: string | number; replayed: boolean }>`
    select transaction_id, replayed from ledger_book(
      ${t.communityId}::integer, ${t.idempotencyKey}::text, ${t.kind}::text, ${t.memo}::text,
      ${t.refKind}::text, ${t.refId}::integer, ${t.voucherFileId}::integer, ${t.correctsId}::bigint,
      ${t.actorUserId}::integer, ${t.createdAt}::timestamptz, ${accounts}::integer[], ${amounts}::bigint[],
      ${t.textHead}::text, ${t.textTail}::text, ${t.genesis}::text)`.execute(db);
  const row = r.rows[0]!;
  return { transactionId: Number(row.transaction_id), replayed: row.replayed };
}

/** The ledger's refusal in a database error from `ledger_book` (SQLSTATE class LD), or null. */
export function ledgerRefusal(e: unknown): { code: string; detail: string | null } | null {
  const code = (e as { code?: unknown })?.code;
  if (typeof code !== "string" || !code.startsWith("LD")) return null;
  const detail = (e as { detail?: unknown }).detail;
  return { code, detail: typeof detail === "string" ? detail : null };
}

/** One account's statement, newest first, keyset-paged by transaction id (which follows seq in a community). */
export const statementRows = (
  db: Db,
  communityId: number,
  accountId: number,
  before: number | null,
  limit: number,
) =>
  db
    .selectFrom("ledger_entry as e")
    .innerJoin("ledger_transaction as t", (j) =>
      j.onRef("t.community_id", "=", "e.community_id").onRef("t.id", "=", "e.transaction_id"),
    )
    .select([
      "e.transaction_id",
      "t.seq",
      "t.created_at",
      "t.kind",
      "t.memo",
      "e.amount",
      "e.balance_after",
      "t.voucher_file_id",
      "t.ref_kind",
      "t.ref_id",
      "t.corrects_id",
      "t.actor_user_id",
    ])
    .select((eb) =>
      eb
        .selectFrom("ledger_transaction as c")
        .select("c.id")
        .whereRef("c.community_id", "=", "t.community_id")
        .whereRef("c.corrects_id", "=", "t.id")
        .as("corrected_by"),
    )
    .where("e.community_id", "=", communityId)
    .where("e.account_id", "=", accountId)
    .$if(before !== null, (qb) => qb.where("e.transaction_id", "<", before!))
    .orderBy("e.transaction_id", "desc")
    .limit(limit)
    .execute();

// ---- verification (ledger-verify.ts): the chain read in order, a page at a time ----

export const chainedCommunities = (db: Db, communityId: number | null) =>
  db
    .selectFrom("ledger_chain")
    .select(["community_id", "last_seq", "last_hash"])
    .$if(communityId !== null, (qb) => qb.where("community_id", "=", communityId!))
    .orderBy("community_id")
    .execute();

/** Transactions of one community with seq > after, in seq order, and their entries (by transaction id). */
export async function chainPage(db: Db, communityId: number, afterSeq: number, limit: number) {
  const txs = await db
    .selectFrom("ledger_transaction")
    .select([
      "id",
      "seq",
      "idempotency_key",
      "kind",
      "memo",
      "ref_kind",
      "ref_id",
      "voucher_file_id",
      "corrects_id",
      "actor_user_id",
      "created_at",
      "prev_hash",
      "hash",
    ])
    .where("community_id", "=", communityId)
    .where("seq", ">", afterSeq)
    .orderBy("seq")
    .limit(limit)
    .execute();
  if (!txs.length) return { txs, entries: [] };
  let lo = Number(txs[0]!.id);
  let hi = lo;
  for (const t of txs) {
    const id = Number(t.id);
    if (id < lo) lo = id;
    if (id > hi) hi = id;
  }
  const entries = await db
    .selectFrom("ledger_entry")
    .select(["transaction_id", "account_id", "amount", "balance_after"])
    .where("community_id", "=", communityId)
    .where("transaction_id", ">=", lo)
    .where("transaction_id", "<=", hi)
    .orderBy("transaction_id")
    .orderBy("account_id")
    .execute();
  return { txs, entries };
}

export const accountBalances = (db: Db, communityId: number) =>
  db
    .selectFrom("ledger_account")
    .select(["id", "unit", "allow_negative", "balance"])
    .where("community_id", "=", communityId)
    .execute();

export type { LedgerAccountTable };
