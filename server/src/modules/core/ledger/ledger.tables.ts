// Kysely table types of the ledger module. Keep in step with db/migrations/2026-12-05-22-ledger.ts;
// db/schema.ts's DB includes them. Only db/schema.ts and this module import this file.
import type { Generated } from "kysely";
import type { Timestamp } from "../../../db/columns.ts";

export type LedgerUnit = "fen" | "point";

export interface LedgerAccountTable {
  community_id: number;
  id: Generated<number>;
  code: string;
  name_zh: string;
  name_en: string;
  unit: LedgerUnit;
  allow_negative: boolean;
  owner_kind: string | null;
  owner_id: number | null;
  balance: Generated<number>;
  created_at: Generated<Timestamp>;
}

export interface LedgerChainTable {
  community_id: number;
  last_seq: Generated<number>;
  last_hash: string;
}

export interface LedgerTransactionTable {
  community_id: number;
  id: Generated<number>;
  seq: number;
  idempotency_key: string;
  kind: string;
  memo: Generated<string>;
  ref_kind: string | null;
  ref_id: number | null;
  voucher_file_id: number | null;
  corrects_id: number | null;
  actor_user_id: number | null;
  created_at: Timestamp;
  prev_hash: string;
  hash: string;
}

export interface LedgerEntryTable {
  community_id: number;
  transaction_id: number;
  account_id: number;
  amount: number;
  balance_after: number;
}

export interface LedgerTables {
  ledger_account: LedgerAccountTable;
  ledger_chain: LedgerChainTable;
  ledger_transaction: LedgerTransactionTable;
  ledger_entry: LedgerEntryTable;
}
