// Kysely table types of the points module (S1–S5). Keep in step with
// db/migrations/2026-12-06-33-points.ts; db/schema.ts's DB includes them. Only db/schema.ts and this
// module import this file.
import type { Generated } from "kysely";

export type PointsCategory =
  | "environment"
  | "volunteering"
  | "civility"
  | "safety"
  | "publicity"
  | "meetings"
  | "other";
export type PointsSource = "manual" | "volunteer_hours" | "meeting_attendance";
export type YearEndRule = "expire" | "carry_over";

export interface PointsStandardTable {
  community_id: number;
  id: Generated<number>;
  version: number;
  adopted_via_kind: "survey" | "topic";
  adopted_via_id: number;
  adopted_on: string;
  year_end_rule: YearEndRule;
  note: Generated<string>;
  created_by: number | null;
  created_at: Generated<Date>;
}

export interface PointsItemTable {
  community_id: number;
  id: Generated<number>;
  standard_id: number;
  code: string;
  name_zh: string;
  name_en: string;
  category: PointsCategory;
  points: number;
  cap_points: number | null;
  cap_period: "month" | "year" | null;
  evidence_required: boolean;
  awarder_roles: Generated<string[]>;
  source: Generated<PointsSource>;
}

export interface PointsAwardTable {
  community_id: number;
  id: Generated<number>;
  item_id: number;
  resident_id: number;
  points: number;
  evidence: Generated<string>;
  awarded_by: number | null;
  awarded_at: Generated<Date>;
  ledger_transaction_id: number;
  idempotency_key: string;
}

export interface PointsTables {
  points_standard: PointsStandardTable;
  points_item: PointsItemTable;
  points_award: PointsAwardTable;
}
