// The ledger's tamper evidence (docs/ledger.md, "The chain"): each transaction's hash is SHA-256 over a
// canonical text of its content that ends with the previous transaction's hash in the same community.
// The text is plain lines so that anyone can recompute it in any language; docs/ledger.md has a test
// vector, and ledger.test.ts checks this function against it.
import { createHash } from "node:crypto";

export const GENESIS_HASH = "0".repeat(64);

export interface ChainedContent {
  communityId: number;
  seq: number;
  idempotencyKey: string;
  kind: string;
  memo: string;
  refKind: string | null;
  refId: number | null;
  voucherFileId: number | null;
  correctsId: number | null;
  actorUserId: number | null;
  createdAt: Date;
  /** the postings, any order: the text sorts them by account */
  entries: { accountId: number; amount: number }[];
  prevHash: string;
}

const orEmpty = (v: string | number | null) => (v === null ? "" : String(v));

export function canonicalText(t: ChainedContent): string {
  const [head, tail] = canonicalParts(t);
  return `${head}${t.seq}${tail}${t.prevHash}`;
}

/**
 * The canonical text around the two values known only under the chain's lock: text = head + seq + tail +
 * prevHash. The booking sends both parts to the database, which completes and hashes them there
 * (`ledger_book`, migration 26).
 */
export function canonicalParts(t: Omit<ChainedContent, "seq" | "prevHash">): [string, string] {
  const entries = [...t.entries].sort((a, b) => a.accountId - b.accountId);
  const head = ["linli-ledger-v1", `community=${t.communityId}`, "seq="].join("\n");
  const tail = [
    "",
    `key=${JSON.stringify(t.idempotencyKey)}`,
    `kind=${t.kind}`,
    `memo=${JSON.stringify(t.memo)}`,
    `ref=${orEmpty(t.refKind)}:${orEmpty(t.refId)}`,
    `voucher=${orEmpty(t.voucherFileId)}`,
    `corrects=${orEmpty(t.correctsId)}`,
    `actor=${orEmpty(t.actorUserId)}`,
    `at=${t.createdAt.toISOString()}`,
    ...entries.map((e) => `entry=${e.accountId}:${e.amount}`),
    "prev=",
  ].join("\n");
  return [head, tail];
}

export const chainHash = (t: ChainedContent) =>
  createHash("sha256").update(canonicalText(t), "utf8").digest("hex");
