// Kysely table types of the lotteries module (D8). Keep in step with
// db/migrations/2026-12-05-20-lotteries.ts; db/schema.ts's DB includes them. Only db/schema.ts and this
// module import this file.
import type { ColumnType, Generated } from "kysely";
import type { Timestamp } from "../../../db/columns.ts";

export type LotteryKind = "parking" | "garden" | "course" | "other";
export type LotteryAudience = "residents" | "owners";
export type LotteryPer = "person" | "household";
export type LotteryOutcome = "won" | "waiting" | "declined";

export interface LotteryTable {
  community_id: number;
  id: Generated<number>;
  title: string;
  description: Generated<string>;
  kind: Generated<LotteryKind>;
  estate_id: number | null;
  building_id: number | null;
  grid_id: number | null;
  places: number;
  /** named items (space numbers …) as a JSON array of strings; written as a JSON string */
  items: ColumnType<unknown, string | undefined, string>;
  audience: Generated<LotteryAudience>;
  per: Generated<LotteryPer>;
  opens_at: Timestamp;
  closes_at: Timestamp;
  commitment: string;
  frozen_at: Timestamp | null;
  list_hash: string | null;
  applicants: number | null;
  secret: string | null;
  public_input: string | null;
  drawn_at: Timestamp | null;
  drawn_by: number | null;
  notice_id: number | null;
  topic_id: number | null;
  created_by: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface LotteryApplicationTable {
  community_id: number;
  id: Generated<number>;
  lottery_id: number;
  applicant_key: string;
  resident_id: number;
  household_id: number;
  applied_at: Generated<Date>;
  ticket: number | null;
  label: string | null;
  draw_position: number | null;
  outcome: LotteryOutcome | null;
  item: string | null;
  declined_at: Timestamp | null;
  declined_by: number | null;
  decline_reason: string | null;
  /** the ticket the declined place passed to (null: nobody was waiting) */
  passed_to: number | null;
  /** when the applicant was told their draw outcome (migration 25; claimed once by the lottery-notices consumer) */
  draw_notified_at: Timestamp | null;
  /** when the applicant was told a declined place passed to them */
  passed_notified_at: Timestamp | null;
}

export interface LotteriesTables {
  lottery: LotteryTable;
  lottery_application: LotteryApplicationTable;
}
