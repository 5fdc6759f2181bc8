// Kysely table types. Keep in step with migrations/ (one interface per table).
import type { ColumnType, Generated } from "kysely";
import type { EventTables } from "../events/events.tables.ts";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json = ColumnType<unknown, string | undefined, string>;

export interface DistrictTable {
  id: Generated<number>;
  code: string;
  name: string;
  city_name: Generated<string>;
  province_name: Generated<string>;
}
export interface StreetTable {
  id: Generated<number>;
  district_id: number;
  code: string | null;
  name: string;
}
export interface CommunityTable {
  id: Generated<number>;
  street_id: number;
  code: string | null;
  name: string;
  kind: Generated<"community" | "village">;
  area_km2: number | null;
  reported: Json;
  created_at: Generated<Date>;
}
export type OrganisationKind =
  | "party_committee"
  | "party_branch"
  | "party_group"
  | "co_building_unit"
  | "property_company"
  | "owners_committee"
  | "social_organisation"
  | "volunteer_team"
  | "merchant"
  | "government_department";
export interface OrganisationTable {
  id: Generated<number>;
  kind: OrganisationKind;
  name: string;
  parent_id: number | null;
  home_community_id: number | null;
  street_id: number | null;
  contact_name: string | null;
  contact_phone: string | null;
  created_at: Generated<Date>;
}
export interface GridTable {
  community_id: number;
  id: Generated<number>;
  name: string;
}
export interface EstateTable {
  community_id: number;
  id: Generated<number>;
  name: string;
  property_org_id: number | null;
}
export interface BuildingTable {
  community_id: number;
  id: Generated<number>;
  estate_id: number;
  grid_id: number | null;
  name: string;
  floors: number | null;
}
export interface UnitTable {
  community_id: number;
  id: Generated<number>;
  building_id: number;
  name: string;
}
export interface HouseholdTable {
  community_id: number;
  id: Generated<number>;
  building_id: number;
  unit_id: number | null;
  grid_id: number | null;
  floor: number | null;
  room: string;
  area_m2: number | null;
  created_at: Generated<Date>;
}
export interface AppUserTable {
  id: Generated<number>;
  phone: string;
  name: string;
  password_hash: string | null;
  locale: Generated<"zh-CN" | "en">;
  elderly_mode: Generated<boolean>;
  disabled: Generated<boolean>;
  created_at: Generated<Date>;
}
export type ResidentStatus = "pending" | "verified" | "rejected" | "moved_out";
export type Relation = "owner" | "tenant" | "family";
export interface ResidentTable {
  community_id: number;
  id: Generated<number>;
  user_id: number | null;
  household_id: number | null;
  /** copied from the household by a trigger (migration 05); never written by the app */
  grid_id: Generated<number | null>;
  name: string;
  gender: "male" | "female" | null;
  birth_date: string | null;
  id_number_enc: string | null;
  id_number_hash: string | null;
  phone: string | null;
  phone_tail: string | null;
  relation: Relation | null;
  status: Generated<ResidentStatus>;
  care_tags: ColumnType<string[], string[] | undefined, string[]>;
  claimed_address: string | null;
  note: string | null;
  registered_at: Generated<Date>;
  verified_at: Timestamp | null;
  verified_by: number | null;
}
export interface PartyMemberTable {
  community_id: number;
  id: Generated<number>;
  resident_id: number | null;
  user_id: number | null;
  name: string;
  phone: string | null;
  branch_org_id: number | null;
  kind: Generated<"resident" | "sinking">;
  source_org_id: number | null;
  is_central_household: Generated<boolean>;
  household_id: number | null;
  created_at: Generated<Date>;
}
export type ScopeType =
  | "global"
  | "district"
  | "street"
  | "community"
  | "grid"
  | "estate"
  | "building"
  | "unit"
  | "organisation";
export interface RoleAssignmentTable {
  id: Generated<number>;
  user_id: number;
  role: string;
  scope_type: ScopeType;
  scope_community_id: number | null;
  scope_id: number | null;
  created_at: Generated<Date>;
  created_by: number | null;
}
export interface SessionTable {
  id: string;
  user_id: number;
  created_at: Generated<Date>;
  expires_at: Timestamp;
}
export interface OtpCodeTable {
  id: Generated<number>;
  phone: string;
  purpose: string;
  code_hash: string;
  attempts: Generated<number>;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_at: Generated<Date>;
}
export interface SmsOutboxTable {
  id: Generated<number>;
  phone: string;
  body: string;
  created_at: Generated<Date>;
}
export interface AuthThrottleTable {
  key: string;
  failures: Generated<number>;
  window_start: Timestamp;
  locked_until: Timestamp | null;
}
export interface AuditLogTable {
  id: Generated<number>;
  at: Generated<Date>;
  actor_user_id: number | null;
  actor_role: string | null;
  scope_community_id: number | null;
  action: string;
  target_type: string;
  target_id: string | null;
  reason: string | null;
  before: Json | null;
  after: Json | null;
}
export interface ImportJobTable {
  community_id: number;
  id: Generated<number>;
  kind: string;
  status: "queued" | "running" | "succeeded" | "failed" | "rejected";
  mode: "all_or_nothing" | "valid_rows";
  filename: string;
  total_rows: Generated<number>;
  processed_rows: Generated<number>;
  imported_rows: Generated<number>;
  error_count: Generated<number>;
  errors: Json;
  created_by: number | null;
  created_at: Generated<Date>;
  finished_at: Timestamp | null;
}

export interface WorkingCalendarTable {
  day: string;
  kind: "holiday" | "workday";
  name: Generated<string>;
}
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
export type Rating = "good" | "average" | "poor";
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
export interface RequestClaimTable {
  community_id: number;
  id: Generated<number>;
  request_id: number;
  claimant_user_id: number;
  claimant_org_id: number | null;
  claimant_kind: "party_member" | "volunteer" | "co_building_unit" | "resident";
  promise_date: string;
  status: "active" | "fulfilled" | "withdrawn";
  note: string | null;
  created_at: Generated<Date>;
  fulfilled_at: Timestamp | null;
  withdrawn_at: Timestamp | null;
  /** Set by the deadline sweep when it reminded the claimant of the promise date. */
  reminded_at: Timestamp | null;
  /** Set by the deadline sweep when it told the claimant and grid workers the date had passed. */
  overdue_notified_at: Timestamp | null;
  /** Staff who released the claim (status withdrawn); null when the claimant withdrew it. */
  released_by: number | null;
}
export interface ResourceTable {
  community_id: number;
  id: Generated<number>;
  kind: "venue" | "money" | "skill" | "goods";
  title: string;
  description: Generated<string>;
  provider_user_id: number | null;
  provider_org_id: number | null;
  status: Generated<"available" | "matched" | "withdrawn">;
  matched_request_id: number | null;
  created_at: Generated<Date>;
}
export interface RequestStatsTable {
  community_id: number;
  grid_id: Generated<number>;
  day: string;
  received: Generated<number>;
  wishes: Generated<number>;
  wishes_fulfilled: Generated<number>;
  signed: Generated<number>;
  signed_on_time: Generated<number>;
  solved: Generated<number>;
  solved_on_time: Generated<number>;
  rated: Generated<number>;
  rated_good: Generated<number>;
  rated_average: Generated<number>;
  rated_poor: Generated<number>;
  solve_hours_hist: ColumnType<number[], number[] | undefined, number[]>;
}
/** request_stats summed over the grids of a community, per day (migration 04). */
export type RequestStatsCommunityTable = Omit<RequestStatsTable, "grid_id">;
export interface RequestStatsDirtyTable {
  community_id: number;
  grid_id: number;
  day: string;
}
export interface OpinionTable {
  community_id: number;
  id: Generated<number>;
  tracking_code: string;
  text: string;
  topic: string | null;
  submitted_at: Generated<Date>;
  feedback_due_at: Timestamp;
  reply: string | null;
  replied_at: Timestamp | null;
  replied_by: number | null;
  reply_public: Generated<boolean>;
}
export interface NotificationTable {
  id: Generated<number>;
  user_id: number;
  scope_community_id: number | null;
  kind: string;
  title_zh: string;
  title_en: string;
  body_zh: Generated<string>;
  body_en: Generated<string>;
  link: string | null;
  created_at: Generated<Date>;
  read_at: Timestamp | null;
}
export interface NotificationPreferenceTable {
  user_id: number;
  in_app: Generated<boolean>;
  sms: Generated<boolean>;
}
export interface Open311ApiKeyTable {
  id: Generated<number>;
  name: string;
  key_hash: string;
  key_prefix: string;
  scope_community_id: number | null;
  created_by: number | null;
  created_at: Generated<Date>;
  revoked_at: Timestamp | null;
}

export type RatingSubjectKind = "space" | "service";
export interface RatingSubjectTable {
  community_id: number;
  id: Generated<number>;
  kind: RatingSubjectKind;
  name: string;
  description: Generated<string>;
  estate_id: number | null;
  building_id: number | null;
  active: Generated<boolean>;
  created_by: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}
export interface SubjectRatingTable {
  community_id: number;
  id: Generated<number>;
  subject_id: number;
  resident_id: number;
  rating: Rating;
  comment: string | null;
  first_rated_at: Generated<Date>;
  rated_at: Generated<Date>;
  request_id: number | null;
}

export interface DB extends EventTables {
  district: DistrictTable;
  street: StreetTable;
  community: CommunityTable;
  organisation: OrganisationTable;
  grid: GridTable;
  estate: EstateTable;
  building: BuildingTable;
  unit: UnitTable;
  household: HouseholdTable;
  app_user: AppUserTable;
  resident: ResidentTable;
  party_member: PartyMemberTable;
  role_assignment: RoleAssignmentTable;
  session: SessionTable;
  otp_code: OtpCodeTable;
  sms_outbox: SmsOutboxTable;
  auth_throttle: AuthThrottleTable;
  audit_log: AuditLogTable;
  import_job: ImportJobTable;
  working_calendar: WorkingCalendarTable;
  request_category: RequestCategoryTable;
  request: RequestTable;
  request_event: RequestEventTable;
  request_photo: RequestPhotoTable;
  request_claim: RequestClaimTable;
  resource: ResourceTable;
  request_stats: RequestStatsTable;
  request_stats_dirty: RequestStatsDirtyTable;
  request_stats_community: RequestStatsCommunityTable;
  opinion: OpinionTable;
  notification: NotificationTable;
  notification_preference: NotificationPreferenceTable;
  open311_api_key: Open311ApiKeyTable;
  rating_subject: RatingSubjectTable;
  subject_rating: SubjectRatingTable;
}
