// Kysely table types of the projects module (P1–P5): projects, budget lines, milestones, parties, tasks
// and their claims, photos, progress updates, funding sources, crowdfunding targets, pledges and their
// fulfilment, account bookings and ratings. Keep in step with db/migrations/ (23); db/schema.ts's DB
// includes them. Only db/schema.ts and this module import this file.
import type { Generated } from "kysely";
import type { Json } from "../../../db/columns.ts";
import type { RatingValue } from "../../voice/requests/requests.schema.ts";

export type ProjectTier = "building" | "estate" | "community";
export type ProjectStatus = "preparing" | "crowdfunding" | "building" | "finished" | "evaluated";
export type ProjectOriginKind = "staff" | "topic" | "idea" | "request" | "contest_entry" | "gap";
export type ProjectPartyRole =
  | "co_building_unit"
  | "property"
  | "social_organisation"
  | "volunteer_team"
  | "residents"
  | "government"
  | "community"
  | "other";
export type TargetKind = "money" | "goods" | "labour" | "ideas";
export type FundingSourceKind = "community" | "co_building_unit" | "government" | "residents" | "other";
export type PhotoKind = "before" | "after" | "progress" | "voucher" | "design";

export interface ProjectTable {
  community_id: number;
  id: Generated<number>;
  title: string;
  summary: Generated<string>;
  plan: Generated<string>;
  tier: ProjectTier;
  estate_id: number | null;
  building_id: number | null;
  grid_id: number | null;
  place_text: Generated<string>;
  origin_kind: ProjectOriginKind;
  origin_id: number | null;
  status: Generated<ProjectStatus>;
  is_public: Generated<boolean>;
  organiser_user_id: number | null;
  treasurer_user_id: number | null;
  design_kind: "survey" | "vote" | null;
  design_ref_id: number | null;
  design_choice: string | null;
  created_by: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  crowdfunding_at: Date | null;
  building_at: Date | null;
  finished_at: Date | null;
  evaluated_at: Date | null;
}
export interface ProjectBudgetLineTable {
  community_id: number;
  id: Generated<number>;
  project_id: number;
  position: number;
  name: string;
  amount_fen: number;
  note: Generated<string>;
}
export interface ProjectMilestoneTable {
  community_id: number;
  id: Generated<number>;
  project_id: number;
  position: number;
  title: string;
  due_on: string | null;
  done_on: string | null;
}
export interface ProjectPartyTable {
  community_id: number;
  id: Generated<number>;
  project_id: number;
  role: ProjectPartyRole;
  organisation_id: number | null;
  name: string;
  contribution: Generated<string>;
}
export interface ProjectTaskTable {
  community_id: number;
  id: Generated<number>;
  project_id: number;
  title: string;
  description: Generated<string>;
  due_on: string | null;
  created_by: number | null;
  created_at: Generated<Date>;
}
export interface ProjectTaskClaimTable {
  community_id: number;
  id: Generated<number>;
  project_id: number;
  task_id: number;
  claimant_user_id: number;
  claimant_org_id: number | null;
  claimant_kind: "party_member" | "volunteer" | "co_building_unit";
  promise_date: string;
  status: "active" | "fulfilled" | "withdrawn";
  note: string | null;
  released_by: number | null;
  release_reason: string | null;
  created_at: Generated<Date>;
  ended_at: Date | null;
}
export interface ProjectPhotoTable {
  community_id: number;
  id: Generated<number>;
  project_id: number;
  kind: PhotoKind;
  mime: string;
  byte_size: number;
  sha256: string;
  bytes: Buffer;
  created_by: number | null;
  created_at: Generated<Date>;
}
export interface ProjectUpdateTable {
  community_id: number;
  id: Generated<number>;
  project_id: number;
  text: string;
  photo_ids: Json;
  created_by: number | null;
  created_at: Generated<Date>;
}
export interface ProjectFundingSourceTable {
  community_id: number;
  id: Generated<number>;
  project_id: number;
  position: number;
  kind: FundingSourceKind;
  label: string;
  organisation_id: number | null;
  planned_fen: number;
}
export interface ProjectTargetTable {
  community_id: number;
  id: Generated<number>;
  project_id: number;
  kind: TargetKind;
  item: Generated<string>;
  unit: Generated<string>;
  quantity: number;
}
export interface ProjectPledgeTable {
  community_id: number;
  id: Generated<number>;
  project_id: number;
  target_id: number;
  kind: TargetKind;
  pledger_user_id: number;
  pledger_org_id: number | null;
  pledger_kind: "resident" | "co_building_unit";
  quantity: number;
  fulfilled: Generated<number>;
  text: Generated<string>;
  status: Generated<"pledged" | "fulfilled" | "cancelled">;
  created_at: Generated<Date>;
  fulfilled_at: Date | null;
}
export interface ProjectBookingTable {
  community_id: number;
  id: Generated<number>;
  project_id: number;
  seq: number;
  direction: "income" | "expense";
  amount_fen: number;
  balance_fen: number;
  income_total_fen: number;
  expense_total_fen: number;
  source_id: number | null;
  budget_line_id: number | null;
  pledge_id: number | null;
  voucher_photo_id: number | null;
  memo: string;
  counterparty: Generated<string>;
  occurred_on: string;
  idempotency_key: string;
  ledger_transaction_id: number | null;
  /** 冲正: the booking this one reverses (migration 28) */
  corrects_id: Generated<number | null>;
  booked_by: number;
  booked_at: Generated<Date>;
}
export interface ProjectFulfilmentTable {
  community_id: number;
  id: Generated<number>;
  project_id: number;
  pledge_id: number;
  quantity: number;
  note: Generated<string>;
  booking_id: number | null;
  recorded_by: number;
  recorded_at: Generated<Date>;
}
export interface ProjectRatingTable {
  community_id: number;
  project_id: number;
  user_id: number;
  rating: RatingValue;
  comment: string | null;
  rated_at: Generated<Date>;
}

export interface ProjectsTables {
  project: ProjectTable;
  project_budget_line: ProjectBudgetLineTable;
  project_milestone: ProjectMilestoneTable;
  project_party: ProjectPartyTable;
  project_task: ProjectTaskTable;
  project_task_claim: ProjectTaskClaimTable;
  project_photo: ProjectPhotoTable;
  project_update: ProjectUpdateTable;
  project_funding_source: ProjectFundingSourceTable;
  project_target: ProjectTargetTable;
  project_pledge: ProjectPledgeTable;
  project_booking: ProjectBookingTable;
  project_fulfilment: ProjectFulfilmentTable;
  project_rating: ProjectRatingTable;
}
