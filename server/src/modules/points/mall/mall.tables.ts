// Kysely table types of the points mall (S4). Keep in step with
// db/migrations/2026-12-06-38-points-mall.ts; db/schema.ts's DB includes them. Only db/schema.ts and this
// module import this file.
import type { Generated } from "kysely";

export type MallItemKind = "goods" | "service";
export type MallLimitPeriod = "day" | "month" | "year" | "ever";
export type MallExchangeStatus = "open" | "collected" | "expired";

export interface MallItemTable {
  community_id: number;
  id: Generated<number>;
  kind: MallItemKind;
  name: string;
  description: Generated<string>;
  org_id: number | null;
  price_points: number;
  unit_value_fen: number;
  stock: Generated<number>;
  pickup_place: string;
  limit_count: number | null;
  limit_period: MallLimitPeriod | null;
  expiry_days: Generated<number>;
  photo_file_id: number | null;
  status: Generated<"active" | "withdrawn">;
  created_by: number | null;
  created_at: Generated<Date>;
}

export interface MallDonationTable {
  community_id: number;
  id: Generated<number>;
  item_id: number;
  donor_kind: "organisation" | "person";
  donor_org_id: number | null;
  donor_name: string;
  quantity: number;
  value_fen: number | string;
  note: Generated<string>;
  recorded_by: number | null;
  donated_at: Generated<Date>;
}

export interface MallExchangeTable {
  community_id: number;
  id: Generated<number>;
  item_id: number;
  resident_id: number;
  user_id: number | null;
  points: number;
  value_fen: number;
  code: string;
  status: Generated<MallExchangeStatus>;
  idempotency_key: string;
  /** null since migration 41: the booking names the exchange (ref_kind 'mall_exchange', ref_id) */
  ledger_transaction_id: number | string | null;
  refund_transaction_id: number | string | null;
  created_at: Generated<Date>;
  expires_at: Date;
  collected_at: Date | null;
  collected_by: number | null;
  expired_at: Date | null;
}

export interface MallWindowTable {
  community_id: number;
  id: Generated<number>;
  title: string;
  opens_at: Date;
  closes_at: Date;
  notice_id: number | null;
  created_by: number | null;
  created_at: Generated<Date>;
}

export interface MallTables {
  mall_item: MallItemTable;
  mall_donation: MallDonationTable;
  mall_exchange: MallExchangeTable;
  mall_window: MallWindowTable;
}
