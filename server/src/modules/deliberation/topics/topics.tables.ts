// Kysely table types of the topics module (D1, D2): settings, templates and their stages, participant
// sets, topics, invited parties, stage records, supports and ratings. Keep in step with db/migrations/;
// db/schema.ts's DB includes them. Only db/schema.ts and this module import this file.
import type { Generated } from "kysely";
import type { Json } from "../../../db/columns.ts";
import type { RatingValue } from "../../voice/requests/requests.schema.ts";

export type TopicTier = "building" | "estate" | "community";
export type TopicStatus = "proposal" | "open";
export type TopicOriginKind = "staff" | "proposal" | "request" | "opinion";

export interface TopicSettingsTable {
  community_id: number;
  support_threshold: Generated<number>;
  notice_working_days: Generated<number>;
  updated_by: number | null;
  updated_at: Generated<Date>;
}
export interface TopicTemplateTable {
  community_id: number;
  id: Generated<number>;
  name: string;
  is_default: Generated<boolean>;
  created_at: Generated<Date>;
}
export interface TopicTemplateStageTable {
  community_id: number;
  id: Generated<number>;
  template_id: number;
  position: number;
  key: string;
  name_zh: string;
  name_en: string;
  skippable: Generated<boolean>;
}
export interface TopicParticipantSetTable {
  community_id: number;
  id: Generated<number>;
  name: string;
  description: Generated<string>;
  members: Json;
  created_at: Generated<Date>;
}
export interface TopicTable {
  community_id: number;
  id: Generated<number>;
  title: string;
  description: Generated<string>;
  tier: TopicTier;
  estate_id: number | null;
  building_id: number | null;
  grid_id: number | null;
  template_id: number;
  stage_id: number;
  stage_entered_at: Generated<Date>;
  status: Generated<TopicStatus>;
  origin_kind: TopicOriginKind;
  origin_id: number | null;
  participant_set_id: number | null;
  implementation_request_id: number | null;
  raised_by: number | null;
  created_at: Generated<Date>;
  opened_at: Date | null;
}
export interface TopicPartyTable {
  community_id: number;
  topic_id: number;
  organisation_id: number;
}
export interface TopicStageRecordTable {
  community_id: number;
  id: Generated<number>;
  topic_id: number;
  stage_id: number;
  action: "entered" | "skipped";
  text: Generated<string>;
  attachments: Json;
  is_public: Generated<boolean>;
  actor_user_id: number | null;
  created_at: Generated<Date>;
}
export interface TopicSupportTable {
  community_id: number;
  topic_id: number;
  household_id: number;
  user_id: number;
  created_at: Generated<Date>;
}
export interface TopicRatingTable {
  community_id: number;
  topic_id: number;
  user_id: number;
  rating: RatingValue;
  comment: string | null;
  rated_at: Generated<Date>;
}

export interface TopicsTables {
  topic_settings: TopicSettingsTable;
  topic_template: TopicTemplateTable;
  topic_template_stage: TopicTemplateStageTable;
  topic_participant_set: TopicParticipantSetTable;
  topic: TopicTable;
  topic_party: TopicPartyTable;
  topic_stage_record: TopicStageRecordTable;
  topic_support: TopicSupportTable;
  topic_rating: TopicRatingTable;
}
