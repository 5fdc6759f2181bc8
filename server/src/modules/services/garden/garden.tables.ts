// Kysely table types of the garden module (DOMAIN C4). Keep in step with db/migrations/ (47, 50);
// db/schema.ts's DB includes them. Only db/schema.ts and this module import this file.
import type { ColumnType, Generated } from "kysely";

export type ApplicationStatus = "applied" | "approved" | "declined" | "rejected";
export type LeaseStatus = "active" | "expired";

export interface GardenPlotTable {
  community_id: number;
  id: Generated<number>;
  code: string;
  size_m2: ColumnType<string, string | number, string | number>;
  rent_fen: number;
  note: Generated<string>;
  apply_until: Date | null;
  lottery_id: number | null;
  allocated_at: Date | null;
  created_by: number;
  created_at: Generated<Date>;
}
export interface GardenApplicationTable {
  community_id: number;
  id: Generated<number>;
  plot_id: number;
  resident_id: number;
  household_id: number;
  user_id: number;
  status: ApplicationStatus;
  created_at: Generated<Date>;
  decided_at: Date | null;
  decided_by: number | null;
  /** staff's reason, present exactly when rejected (migration 50) */
  reject_reason: Generated<string | null>;
}
export interface GardenLeaseTable {
  community_id: number;
  id: Generated<number>;
  plot_id: number;
  application_id: number;
  resident_id: number;
  household_id: number;
  user_id: number;
  starts_on: ColumnType<string, string, string>;
  ends_on: ColumnType<string, string, string>;
  status: LeaseStatus;
  renewals: Generated<number>;
  expired_at: Date | null;
  created_at: Generated<Date>;
  /** the last day of the term whose last-month reminder was sent (migration 50) */
  reminded_for: ColumnType<string | null, string | null | undefined, string | null>;
}
export interface GardenRentTable {
  community_id: number;
  lease_id: number;
  period_start: ColumnType<string, string, string>;
  period_end: ColumnType<string, string, string>;
  rent_fen: number;
  ledger_transaction_id: ColumnType<string, number, number>;
  booked_at: Generated<Date>;
}
export interface GardenTreeTable {
  community_id: number;
  id: Generated<number>;
  code: string;
  species: string;
  location: Generated<string>;
  created_by: number;
  created_at: Generated<Date>;
}
export interface GardenAdoptionTable {
  community_id: number;
  id: Generated<number>;
  tree_id: number;
  household_id: number;
  resident_id: number;
  user_id: number;
  adopted_at: Generated<Date>;
  ended_at: Date | null;
  /** who ended the adoption (the household or staff; migration 50) */
  ended_by: Generated<number | null>;
}
export interface GardenCareTable {
  community_id: number;
  id: Generated<number>;
  tree_id: number;
  adoption_id: number | null;
  done_on: ColumnType<string, string, string>;
  what: string;
  by_user: number;
  photo_mime: string | null;
  photo_size: number | null;
  photo_sha256: string | null;
  photo_bytes: Buffer | null;
  created_at: Generated<Date>;
}

export interface GardenTables {
  garden_plot: GardenPlotTable;
  garden_application: GardenApplicationTable;
  garden_lease: GardenLeaseTable;
  garden_rent: GardenRentTable;
  garden_tree: GardenTreeTable;
  garden_adoption: GardenAdoptionTable;
  garden_care: GardenCareTable;
}
