// Kysely table types of the contests module (D6, E3). Keep in step with
// db/migrations/2026-12-05-24-contests.ts; db/schema.ts's DB includes them. Only db/schema.ts and this
// module import this file.
import type { ColumnType, Generated } from "kysely";
import type { Timestamp } from "../../../db/columns.ts";

export type ContestKind = "idea" | "innovation";
export type ContestScope = "community" | "street" | "district";

export interface ContestTable {
  id: Generated<number>;
  kind: ContestKind;
  title: string;
  theme: Generated<string>;
  scope: ContestScope;
  district_id: number;
  street_id: number | null;
  scope_community_id: number | null;
  estate_id: number | null;
  building_id: number | null;
  submit_from: Timestamp;
  submit_to: Timestamp;
  /** [{ name, weight }] (contests.schema.ts ZCriterion[]); written as a JSON string */
  criteria: ColumnType<unknown, string, string>;
  score_max: Generated<number>;
  current_round: Generated<number>;
  published_at: Timestamp | null;
  published_by: number | null;
  published_top: number | null;
  notice_ids: ColumnType<unknown, string | undefined, string>;
  created_by: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface ContestRoundTable {
  contest_id: number;
  round_no: number;
  closed_at: Timestamp | null;
  closed_by: number | null;
  created_at: Generated<Date>;
}

export interface ContestJudgeTable {
  contest_id: number;
  round_no: number;
  user_id: number;
  added_by: number | null;
  added_at: Generated<Date>;
}

export interface ContestEntryTable {
  community_id: number;
  id: Generated<number>;
  contest_id: number;
  title: string;
  summary: Generated<string>;
  project_id: number | null;
  resident_id: number | null;
  submitted_by: number | null;
  submitted_at: Generated<Date>;
  reached_round: Generated<number>;
  adopted_at: Timestamp | null;
  adopted_by: number | null;
}

export interface ContestEntryPhotoTable {
  community_id: number;
  id: Generated<number>;
  entry_id: number;
  mime: "image/jpeg" | "image/png" | "image/webp";
  byte_size: number;
  sha256: string;
  bytes: Uint8Array;
  created_at: Generated<Date>;
}

export interface ContestSupportTable {
  community_id: number;
  resident_id: number;
  entry_community_id: number;
  entry_id: number;
  contest_id: number;
  supported_at: Generated<Date>;
}

export interface ContestScoreTable {
  community_id: number;
  entry_id: number;
  contest_id: number;
  round_no: number;
  judge_user_id: number;
  /** one integer per criterion, in the contest's order; written as a JSON string */
  scores: ColumnType<unknown, string, string>;
  scored_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface ContestsTables {
  contest: ContestTable;
  contest_round: ContestRoundTable;
  contest_judge: ContestJudgeTable;
  contest_entry: ContestEntryTable;
  contest_entry_photo: ContestEntryPhotoTable;
  contest_support: ContestSupportTable;
  contest_score: ContestScoreTable;
}
