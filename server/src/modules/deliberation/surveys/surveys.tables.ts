// Kysely table types of the surveys module (D4). Keep in step with db/migrations/2026-12-05-15-surveys.ts;
// db/schema.ts's DB includes them. Only db/schema.ts and this module import this file.
import type { ColumnType, Generated } from "kysely";
import type { Timestamp } from "../../../db/columns.ts";

export type SurveyAudience = "all" | "owners" | "tenants" | "care_tag" | "party_members";
export type SurveyAnswerPer = "person" | "household";
export type SurveyChannel = "online" | "paper";

export interface SurveyTable {
  community_id: number;
  id: Generated<number>;
  title: string;
  description: Generated<string>;
  estate_id: number | null;
  building_id: number | null;
  grid_id: number | null;
  audience: Generated<SurveyAudience>;
  care_tag: string | null;
  anonymous: Generated<boolean>;
  answer_per: Generated<SurveyAnswerPer>;
  /** the questions as JSON (surveys.schema.ts ZQuestion[]); written as a JSON string */
  questions: ColumnType<unknown, string, string>;
  opens_at: Timestamp;
  closes_at: Timestamp;
  published_at: Timestamp | null;
  topic_id: number | null;
  stage_key: string | null;
  /** when survey.opened was emitted (migration 25; claimed once at publish or by the surveys-open sweep) */
  opened_at: Timestamp | null;
  /** when its residents were told (claimed once by the survey-open-notices consumer) */
  open_notified_at: Timestamp | null;
  created_by: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface SurveyResponseTable {
  community_id: number;
  id: Generated<number>;
  survey_id: number;
  respondent_key: string;
  resident_id: number | null;
  household_id: number | null;
  channel: SurveyChannel;
  entered_by: number | null;
  submitted_at: Generated<Date>;
}

export interface SurveyAnswerTable {
  community_id: number;
  survey_id: number;
  response_id: number;
  question_index: number;
  choice: number;
  number_value: number | null;
  text_value: string | null;
}

export interface SurveyTallyTable {
  community_id: number;
  survey_id: number;
  question_index: number;
  choice: number;
  answers: number;
  total: number;
}

export interface SurveysTables {
  survey: SurveyTable;
  survey_response: SurveyResponseTable;
  survey_answer: SurveyAnswerTable;
  survey_tally: SurveyTallyTable;
}
