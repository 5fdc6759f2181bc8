// Kysely table types of the requests module: request categories (categories.queries.ts), requests, their
// events and photos. Keep in step with db/migrations/; db/schema.ts's DB includes them. Only db/schema.ts and
// this module import this file; other modules take the row types they need from db/schema.ts.
import type { ColumnType, Generated } from "kysely";
import type { Json, Timestamp } from "../../../db/columns.ts";
// The rating vocabulary is the ratings module's, shared by both kinds of rating (requests.schema.ts).
import type { RatingValue as Rating } from "./requests.schema.ts";

export type RequestKind = "problem" | "need" | "wish";
export type RequestStatus = "submitted" | "signed" | "resolved" | "closed" | "merged";
export type RequestChannel = "app" | "door_visit" | "phone" | "opinion_box" | "meeting";
export type RouteTo =
  | "community"
  | "property"
  | "co_building_unit"
  | "owners_committee"
  | "street"
  | "department";
export interface RequestCategoryTable {
  community_id: number;
  id: Generated<number>;
  code: string;
  name_zh: string;
  name_en: string;
  kinds: ColumnType<RequestKind[], RequestKind[] | undefined, RequestKind[]>;
  sign_days: Generated<number>;
  solve_days: Generated<number>;
  confirm_days: Generated<number>;
  active: Generated<boolean>;
  sort: Generated<number>;
  /** nothing of this category is ever public (migration 09) */
  never_public: Generated<boolean>;
}
export interface RequestTable {
  community_id: number;
  id: Generated<number>;
  kind: RequestKind;
  category_id: number;
  title: string;
  description: Generated<string>;
  status: RequestStatus;
  channel: RequestChannel;
  submitter_user_id: number | null;
  submitter_name: string | null;
  submitter_phone: string | null;
  on_behalf_by: number | null;
  household_id: number | null;
  estate_id: number | null;
  building_id: number | null;
  grid_id: number | null;
  lat: number | null;
  lng: number | null;
  address_text: string | null;
  /** published by its submitter (default false); shown publicly only if its category is not never_public */
  is_public: Generated<boolean>;
  /** the submitting phone's key for this report (issue 9, migration 11): one request per submitter and key */
  client_key: string | null;
  route_to: RouteTo | null;
  route_org_id: number | null;
  signed_at: Timestamp | null;
  signed_by: number | null;
  sign_due_at: Timestamp;
  solve_due_at: Timestamp;
  resolved_at: Timestamp | null;
  resolved_by: number | null;
  resolution: string | null;
  confirm_due_at: Timestamp | null;
  closed_at: Timestamp | null;
  close_reason: "rated" | "not_rated" | "merged" | null;
  rating: Rating | null;
  rating_comment: string | null;
  rated_at: Timestamp | null;
  merged_into: number | null;
  reopen_count: Generated<number>;
  sign_reminded_at: Timestamp | null;
  sign_escalated_at: Timestamp | null;
  solve_reminded_at: Timestamp | null;
  solve_escalated_at: Timestamp | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}
export interface RequestEventTable {
  community_id: number;
  id: Generated<number>;
  request_id: number;
  at: Generated<Date>;
  actor_user_id: number | null;
  actor_role: string | null;
  kind: string;
  note: string | null;
  data: Json | null;
}
export interface RequestPhotoTable {
  community_id: number;
  id: Generated<number>;
  request_id: number;
  stage: "submit" | "resolve";
  mime: "image/jpeg" | "image/png" | "image/webp";
  byte_size: number;
  sha256: string;
  bytes: Uint8Array;
  created_at: Generated<Date>;
}

export interface RequestsTables {
  request_category: RequestCategoryTable;
  request: RequestTable;
  request_event: RequestEventTable;
  request_photo: RequestPhotoTable;
}
