// The ledger (docs/ledger.md): one double-entry book for every kind of value the platform holds — project
// money now (fen), points, canteen subsidies and plot rents later. Its public surface: accounts
// (ensureAccount, accountsOf), bookings (post, reverse), an account's statement, and verification. It does
// no authorization of its own: the module that owns an account (a project, a points scheme …) authorizes
// the caller before booking or showing it. Every booking runs in the caller's transaction when given one.
import type { Kysely, Transaction } from "kysely";
import type { DB, LedgerUnit } from "../../../db/schema.ts";
import { AppError } from "../../../errors.ts";
import { canonicalParts, GENESIS_HASH } from "./ledger.chain.ts";
import * as q from "./ledger.queries.ts";

type Db = Kysely<DB>;

export type { LedgerUnit };

export interface LedgerAccount {
  id: number;
  communityId: number;
  code: string;
  nameZh: string;
  nameEn: string;
  unit: LedgerUnit;
  allowNegative: boolean;
  ownerKind: string | null;
  ownerId: number | null;
  balance: number;
}

const account = (r: q.AccountRow): LedgerAccount => ({
  id: r.id,
  communityId: r.community_id,
  code: r.code,
  nameZh: r.name_zh,
  nameEn: r.name_en,
  unit: r.unit,
  allowNegative: r.allow_negative,
  ownerKind: r.owner_kind,
  ownerId: r.owner_id,
  balance: Number(r.balance),
});

const inTx = <T>(db: Db, work: (trx: Db | Transaction<DB>) => Promise<T>): Promise<T> =>
  db.isTransaction ? work(db) : db.transaction().execute(work);

/** The account with this code in the community, opened with these settings if there is none yet. */
export async function ensureAccount(
  db: Db,
  a: {
    communityId: number;
    code: string;
    nameZh: string;
    nameEn: string;
    unit: LedgerUnit;
    allowNegative: boolean;
    ownerKind?: string | null;
    ownerId?: number | null;
  },
): Promise<LedgerAccount> {
  const found = await q.findAccountByCode(db, a.communityId, a.code);
  if (found) return account(found);
  const made = await q.insertAccount(db, {
    community_id: a.communityId,
    code: a.code,
    name_zh: a.nameZh,
    name_en: a.nameEn,
    unit: a.unit,
    allow_negative: a.allowNegative,
    owner_kind: a.ownerKind ?? null,
    owner_id: a.ownerId ?? null,
  });
  // lost a race to open the same code: the other one's account is the account
  return account(made ?? (await q.findAccountByCode(db, a.communityId, a.code))!);
}

export async function accountsOf(db: Db, communityId: number, ownerKind: string, ownerId: number) {
  return (await q.accountsOfOwner(db, communityId, ownerKind, ownerId)).map(account);
}

export async function accountsOfCommunity(
  db: Db,
  communityId: number,
  f: { q?: string | undefined; limit: number },
) {
  return (await q.accountsOfCommunity(db, communityId, f)).map(account);
}

export interface Posting {
  accountId: number;
  amount: number;
}

export interface Booking {
  communityId: number;
  /** the caller's key for this booking (8–200 characters): a retried request books once */
  idempotencyKey: string;
  /** what kind of booking, e.g. project.income (lower case, dots) */
  kind: string;
  memo: string;
  postings: Posting[];
  actorUserId: number | null;
  voucherFileId?: number | null;
  refKind?: string | null;
  refId?: number | null;
  correctsId?: number | null;
}

const MAX_AMOUNT = 1_000_000_000_000; // 100 亿元 in fen: far beyond any community's book, well inside 2^53

/** Postings merged per account (an account appears once in a transaction), each a whole non-zero amount. */
function mergedPostings(postings: Posting[]): Posting[] {
  const byAccount = new Map<number, number>();
  for (const p of postings) {
    if (!Number.isSafeInteger(p.amount) || p.amount === 0 || Math.abs(p.amount) > MAX_AMOUNT)
      throw new AppError("LEDGER_BAD_AMOUNT");
    if (!Number.isSafeInteger(p.accountId) || p.accountId <= 0) throw new AppError("NOT_FOUND");
    byAccount.set(p.accountId, (byAccount.get(p.accountId) ?? 0) + p.amount);
  }
  const merged = [...byAccount].map(([accountId, amount]) => ({ accountId, amount }));
  if (merged.length < 2 || merged.some((p) => p.amount === 0)) throw new AppError("LEDGER_UNBALANCED");
  return merged.sort((a, b) => a.accountId - b.accountId);
}

const sameBooking = (
  t: NonNullable<Awaited<ReturnType<typeof q.transactionByKey>>>,
  entries: { account_id: number; amount: number }[],
  b: Booking,
  postings: Posting[],
) =>
  t.kind === b.kind &&
  t.memo === b.memo &&
  (t.ref_kind ?? null) === (b.refKind ?? null) &&
  (t.ref_id ?? null) === (b.refId ?? null) &&
  (t.corrects_id === null ? null : Number(t.corrects_id)) === (b.correctsId ?? null) &&
  entries.length === postings.length &&
  entries.every(
    (e, i) => e.account_id === postings[i]!.accountId && Number(e.amount) === postings[i]!.amount,
  );

async function replayOf(db: Db, b: Booking, postings: Posting[]) {
  const t = await q.transactionByKey(db, b.communityId, b.idempotencyKey);
  if (!t) return null;
  const entries = await q.entriesOf(db, b.communityId, Number(t.id));
  if (!sameBooking(t, entries, b, postings)) throw new AppError("LEDGER_KEY_REUSED");
  return { transactionId: Number(t.id), replayed: true };
}

/** A booking that lost the race for its idempotency key to a parallel twin (the unique index refused it). */
const isKeyTaken = (e: unknown) =>
  (e as { code?: unknown })?.code === "23505" &&
  String(
    (e as { constraint?: unknown; message?: unknown }).constraint ?? (e as { message?: unknown }).message,
  ).includes("idempotency_key");

/**
 * The service's error for a refusal of `ledger_book`. Inside a caller's transaction the refused statement
 * has aborted it, so everything the message names comes with the refusal (LD001's detail).
 */
function refusalError(code: string, detail: string | null) {
  if (code === "LD001") {
    const short = JSON.parse(detail ?? "{}") as { id?: number; zh?: string; en?: string };
    return new AppError("LEDGER_INSUFFICIENT", {
      zh: `账户“${short.zh}”余额不足，这笔支出会使余额小于零`,
      en: `The balance of "${short.en}" is too low: this would take it below zero`,
      details: { accountId: short.id },
    });
  }
  if (code === "LD002") return new AppError("LEDGER_ALREADY_CORRECTED");
  if (code === "LD004") return new AppError("LEDGER_UNBALANCED");
  return new AppError("NOT_FOUND");
}

/**
 * Books one balanced transaction (per unit the postings sum to zero), atomically. A second call with the
 * same key books nothing and answers the first transaction (replayed); the same key with other content is
 * refused. An account that may not go negative and would is refused with LEDGER_INSUFFICIENT, naming it.
 *
 * The steps run in the database in one statement (`ledger_book`, migration 26; docs/ledger.md): a
 * community's bookings go one at a time under its chain's lock, and the lock is held for no round trip
 * to the app — only for the function and the commit. The app checks the amounts, builds the canonical
 * text around the sequence number and previous hash, and, when the database answers "replayed", checks
 * that the stored booking is the same one.
 */
export async function post(db: Db, b: Booking): Promise<{ transactionId: number; replayed: boolean }> {
  const postings = mergedPostings(b.postings);
  if (b.idempotencyKey.length < 8 || b.idempotencyKey.length > 200) throw new AppError("VALIDATION");
  const createdAt = new Date();
  const [textHead, textTail] = canonicalParts({
    communityId: b.communityId,
    idempotencyKey: b.idempotencyKey,
    kind: b.kind,
    memo: b.memo,
    refKind: b.refKind ?? null,
    refId: b.refId ?? null,
    voucherFileId: b.voucherFileId ?? null,
    correctsId: b.correctsId ?? null,
    actorUserId: b.actorUserId,
    createdAt,
    entries: postings,
  });
  let booked: { transactionId: number; replayed: boolean };
  try {
    booked = await q.book(
      db,
      {
        communityId: b.communityId,
        idempotencyKey: b.idempotencyKey,
        kind: b.kind,
        memo: b.memo,
        refKind: b.refKind ?? null,
        refId: b.refId ?? null,
        voucherFileId: b.voucherFileId ?? null,
        correctsId: b.correctsId ?? null,
        actorUserId: b.actorUserId,
        createdAt,
        textHead,
        textTail,
        genesis: GENESIS_HASH,
      },
      postings,
    );
  } catch (e) {
    const refusal = q.ledgerRefusal(e);
    if (refusal) {
      throw refusalError(refusal.code, refusal.detail);
    }
    if (!db.isTransaction && isKeyTaken(e)) {
      const twin = await replayOf(db, b, postings);
      if (twin) return twin;
    }
    throw e;
  }
  if (!booked.replayed) return booked;
  const same = await replayOf(db, b, postings);
  if (!same) throw new AppError("NOT_FOUND");
  return same;
}

/** Stands for the id of the row a booking names while the canonical text is built (`bookingAroundRef`). */
const REF_ID = "\uE000ref-id\uE000";

/** A booking's arguments for `ledger_book` called by another module's database function (`bookingAroundRef`). */
export interface BookingAroundRef {
  communityId: number;
  /** the key, memo and canonical text's tail, each in parts to be joined with the reference's id */
  keyParts: string[];
  memoParts: string[];
  tailParts: string[];
  kind: string;
  refKind: string;
  actorUserId: number | null;
  createdAt: Date;
  /** the merged postings, by account */
  accounts: number[];
  amounts: number[];
  textHead: string;
  genesis: string;
}

/**
 * A booking made inside another module's database function, in the same statement that creates the row
 * it names (ref_kind, ref_id: the id is known only there), e.g. the mall's exchange (migration 51). The
 * amounts are checked and the canonical text built here as `post` does (ledger.chain.ts stays its only
 * definition). The key and the memo are given in parts, to be joined with the id where it stands in them
 * (one part: it does not); the text is built with a placeholder for the id and comes in parts too. The
 * function joins each with the id (`ledger_ref_text`, migration 51) before calling `ledger_book`. No
 * voucher, no correction. A refusal of the function's statement is turned into the ledger's error by
 * `bookingRefusal`.
 */
export function bookingAroundRef(
  b: Omit<Booking, "refId" | "voucherFileId" | "correctsId" | "idempotencyKey" | "memo"> & {
    keyParts: string[];
    memoParts: string[];
    refKind: string;
  },
): BookingAroundRef {
  const postings = mergedPostings(b.postings);
  const { keyParts, memoParts } = b;
  if ([...keyParts, ...memoParts, b.kind].some((p) => p.includes("\uE000"))) throw new AppError("VALIDATION");
  // the key's length once the id (at most 10 digits) is in it
  const keyLength = keyParts.join("").length + (keyParts.length - 1) * 10;
  if (keyLength < 8 || keyLength > 200 || keyParts.length === 0 || memoParts.length === 0)
    throw new AppError("VALIDATION");
  if (!/^[a-z0-9_.]+$/.test(b.refKind)) throw new Error(`ledger: bad ref kind ${b.refKind}`);
  const createdAt = new Date();
  const [textHead, tail] = canonicalParts({
    communityId: b.communityId,
    idempotencyKey: keyParts.join(REF_ID),
    kind: b.kind,
    memo: memoParts.join(REF_ID),
    refKind: b.refKind,
    refId: REF_ID as unknown as number,
    voucherFileId: null,
    correctsId: null,
    actorUserId: b.actorUserId,
    createdAt,
    entries: postings,
  });
  const tailParts = tail.split(REF_ID);
  if (textHead.includes(REF_ID) || tailParts.length !== keyParts.length + memoParts.length)
    throw new Error("ledger: the reference's id stands elsewhere than in the key, the memo and the ref");
  return {
    communityId: b.communityId,
    keyParts,
    memoParts,
    tailParts,
    kind: b.kind,
    refKind: b.refKind,
    actorUserId: b.actorUserId,
    createdAt,
    accounts: postings.map((p) => p.accountId),
    amounts: postings.map((p) => p.amount),
    textHead,
    genesis: GENESIS_HASH,
  };
}

/** The ledger's error for a database error raised by `ledger_book` inside another function, or null. */
export function bookingRefusal(e: unknown): AppError | null {
  const refusal = q.ledgerRefusal(e);
  return refusal ? refusalError(refusal.code, refusal.detail) : null;
}

/** Books the opposite of a transaction, naming it (a transaction is corrected at most once). */
export async function reverse(
  db: Db,
  r: {
    communityId: number;
    transactionId: number;
    idempotencyKey: string;
    memo: string;
    actorUserId: number | null;
  },
) {
  return inTx(db, async (trx) => {
    const t = await q.transactionById(trx, r.communityId, r.transactionId);
    if (!t) throw new AppError("NOT_FOUND");
    const entries = await q.entriesOf(trx, r.communityId, r.transactionId);
    return post(trx, {
      communityId: r.communityId,
      idempotencyKey: r.idempotencyKey,
      kind: `${t.kind}.reversal`.slice(0, 60),
      memo: r.memo,
      postings: entries.map((e) => ({ accountId: e.account_id, amount: -Number(e.amount) })),
      actorUserId: r.actorUserId,
      refKind: t.ref_kind,
      refId: t.ref_id,
      correctsId: r.transactionId,
    });
  });
}

export interface StatementRow {
  transactionId: number;
  seq: number;
  at: Date;
  kind: string;
  memo: string;
  amount: number;
  balanceAfter: number;
  voucherFileId: number | null;
  refKind: string | null;
  refId: number | null;
  correctsId: number | null;
  correctedBy: number | null;
  actorUserId: number | null;
}

/** An account's entries, newest first, `limit` at a time; pass nextBefore back for the next page. */
export async function statement(
  db: Db,
  s: { communityId: number; accountId: number; before?: number | null; limit: number },
): Promise<{ account: LedgerAccount; balance: number; rows: StatementRow[]; nextBefore: number | null }> {
  const [acc] = await q.accountsByIds(db, s.communityId, [s.accountId]);
  if (!acc) throw new AppError("NOT_FOUND");
  const rows = await q.statementRows(db, s.communityId, s.accountId, s.before ?? null, s.limit + 1);
  const page = rows.slice(0, s.limit).map(
    (r): StatementRow => ({
      transactionId: Number(r.transaction_id),
      seq: Number(r.seq),
      at: r.created_at,
      kind: r.kind,
      memo: r.memo,
      amount: Number(r.amount),
      balanceAfter: Number(r.balance_after),
      voucherFileId: r.voucher_file_id,
      refKind: r.ref_kind,
      refId: r.ref_id,
      correctsId: r.corrects_id === null ? null : Number(r.corrects_id),
      correctedBy: r.corrected_by === null ? null : Number(r.corrected_by),
      actorUserId: r.actor_user_id,
    }),
  );
  return {
    account: account(acc),
    balance: Number(acc.balance),
    rows: page,
    nextBefore: rows.length > s.limit ? page[page.length - 1]!.transactionId : null,
  };
}

export { type LedgerReport, verifyLedger } from "./ledger-verify.ts";
