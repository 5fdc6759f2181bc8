// Kysely table types of the canteen module (DOMAIN C1). Keep in step with db/migrations/ (39);
// db/schema.ts's DB includes them. Only db/schema.ts and this module import this file.
import type { ColumnType, Generated } from "kysely";
import type { Json } from "../../../db/columns.ts";

export type MealKind = "breakfast" | "lunch" | "dinner";
export type OrderMode = "dine_in" | "pickup" | "delivery";
export type OrderChannel = "self" | "household" | "staff_phone" | "staff_counter" | "staff_visit";
export type PaidHow = "on_order" | "counter";

export interface CanteenTable {
  community_id: number;
  id: Generated<number>;
  name: string;
  place: Generated<string>;
  created_at: Generated<Date>;
}
export interface CanteenMealTable {
  community_id: number;
  id: Generated<number>;
  canteen_id: number;
  kind: MealKind;
  cutoff: string;
  capacity: number;
}
export interface CanteenMenuTable {
  community_id: number;
  id: Generated<number>;
  meal_id: number;
  day: ColumnType<string, string, string>;
  dishes: Json;
  cost_fen: number;
  capacity: number;
  ordered: Generated<number>;
}
export interface CanteenRuleTable {
  community_id: number;
  id: Generated<number>;
  canteen_id: number;
  position: number;
  name: string;
  min_age: number | null;
  care_tags: ColumnType<string[], string[] | undefined, string[]>;
  resident_fen: number | null;
  community_pct: number;
  discount_pct: number;
  subsidy_pct: number;
  source: string;
  active: Generated<boolean>;
  created_at: Generated<Date>;
}
export interface CanteenOrderTable {
  community_id: number;
  id: Generated<number>;
  menu_id: number;
  resident_id: number;
  placed_by: number;
  channel: OrderChannel;
  mode: OrderMode;
  address: Generated<string>;
  rule_id: number | null;
  rule_name: string;
  cost_fen: number;
  resident_fen: number;
  community_fen: number;
  discount_fen: number;
  subsidy_fen: number;
  status: Generated<"placed" | "cancelled">;
  paid_how: PaidHow | null;
  paid_at: Date | null;
  paid_by: number | null;
  ledger_tx_id: number | null;
  volunteer_user_id: number | null;
  assigned_at: Date | null;
  delivered_at: Date | null;
  created_at: Generated<Date>;
  cancelled_at: Date | null;
}

export interface CanteenTables {
  canteen: CanteenTable;
  canteen_meal: CanteenMealTable;
  canteen_menu: CanteenMenuTable;
  canteen_rule: CanteenRuleTable;
  canteen_order: CanteenOrderTable;
}
