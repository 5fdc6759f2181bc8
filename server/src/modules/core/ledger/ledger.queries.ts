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

export const correctionOf = (db: Db, communityId: number, id: number) =>
  db
    .selectFrom("ledger_transaction")
    .select("id")
    .where("community_id", "=", communityId)
    .where("corrects_id", "=", id)
    .executeTakeFirst();

export const entriesOf = (db: Db, communityId: number, transactionId: number) =>
  db
    .selectFrom("ledger_entry")
    .select(["account_id", "amount"])
    .where("community_id", "=", communityId)
    .where("transaction_id", "=", transactionId)
    .orderBy("account_id")
    .execute();

/** The community's chain head, locked until the booking commits: bookings of one community go one by one. */
export async function lockChain(db: Db, communityId: number, genesis: string) {
  const head = await db
    .selectFrom("ledger_chain")
    .select(["last_seq", "last_hash"])
    .where("community_id", "=", communityId)
    .forUpdate()
    .executeTakeFirst();
  if (head) return head;
  await db
    .insertInto("ledger_chain")
    .values({ community_id: communityId, last_hash: genesis })
    .onConflict((oc) => oc.column("community_id").doNothing())
    .execute();
  return db
    .selectFrom("ledger_chain")
    .select(["last_seq", "last_hash"])
    .where("community_id", "=", communityId)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

/**
 * Adds each posting to its account's balance in one statement, only where the account may take it
 * (allow_negative, or the new balance is not below zero); returns the accounts that took it with their new
 * balance. An account missing from the answer refused: the caller names it and books nothing.
 */
export async function applyPostings(
  db: Db,
  communityId: number,
  postings: { accountId: number; amount: number }[],
) {
  const values = sql.join(postings.map((p) => sql`(${p.accountId}::integer, ${p.amount}::bigint)`));
  const r = await sql<{ id: number; balance: number }>`
    update ledger_account a set balance = a.balance + v.amount
      from (values ${values}) as v(account_id, amount)
     where a.community_id = ${communityId} and a.id = v.account_id
       and (a.allow_negative or a.balance + v.amount >= 0)
    returning a.id, a.balance`.execute(db);
  return r.rows.map((row) => ({ id: Number(row.id), balance: Number(row.balance) }));
}

/**
 * The transaction, its entries and the chain's new head in one statement (one round trip while the
 * community's chain is locked).
 */
export async function insertBooking(
  db: Db,
  t: {
    community_id: number;
    seq: number;
    idempotency_key: string;
    kind: string;
    memo: string;
    ref_kind: string | null;
    ref_id: number | null;
    voucher_file_id: number | null;
    corrects_id: number | null;
    actor_user_id: number | null;
    created_at: Date;
    prev_hash: string;
    hash: string;
  },
  entries: { account_id: number; amount: number; balance_after: number }[],
) {
  const values = sql.join(
    entries.map((e) => sql`(${e.account_id}::integer, ${e.amount}::bigint, ${e.balance_after}::bigint)`),
  );
  const r = await sql<{ id: number }>`
    with t as (
      insert into ledger_transaction (community_id, seq, idempotency_key, kind, memo, ref_kind, ref_id,
             voucher_file_id, corrects_id, actor_user_id, created_at, prev_hash, hash)
      values (${t.community_id}, ${t.seq}, ${t.idempotency_key}, ${t.kind}, ${t.memo}, ${t.ref_kind}, ${t.ref_id},
             ${t.voucher_file_id}, ${t.corrects_id}, ${t.actor_user_id}, ${t.created_at}, ${t.prev_hash}, ${t.hash})
      returning id),
    e as (
      insert into ledger_entry (community_id, transaction_id, account_id, amount, balance_after)
      select ${t.community_id}, t.id, v.account_id, v.amount, v.balance_after
        from t, (values ${values}) as v(account_id, amount, balance_after)),
    c as (
      update ledger_chain set last_seq = ${t.seq}, last_hash = ${t.hash} where community_id = ${t.community_id})
    select id from t`.execute(db);
  return Number(r.rows[0]!.id);
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
