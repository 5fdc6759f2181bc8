// Kysely table types of the meetings module (DOMAIN D3). Keep in step with db/migrations/; db/schema.ts's DB
// includes them. Only db/schema.ts and this module import this file.
import type { Generated } from "kysely";
import type { Json } from "../../../db/columns.ts";

export type MeetingKind =
  | "council"
  | "joint"
  | "opinion"
  | "courtyard"
  | "ideas_salon"
  | "party_members"
  | "residents"
  | "other";
export type ResidentsBasis = "adults" | "households";
export type AttendanceMethod = "scan" | "code" | "personal_code" | "ticked";

export interface MeetingSeriesTable {
  community_id: number;
  id: Generated<number>;
  rrule: string;
  first_starts_at: Date;
  created_by: number | null;
  created_at: Generated<Date>;
}

export interface MeetingTable {
  community_id: number;
  id: Generated<number>;
  series_id: number | null;
  kind: MeetingKind;
  title: string;
  starts_at: Date;
  ends_at: Date;
  estate_id: number | null;
  building_id: number | null;
  grid_id: number | null;
  venue: Generated<string>;
  agenda: Generated<string>;
  minutes: Generated<string>;
  resolutions: Json;
  photo_ids: Json;
  topic_id: number | null;
  cancelled: Generated<boolean>;
  reminded_at: Date | null;
  created_by: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface MeetingInvitationTable {
  community_id: number;
  id: Generated<number>;
  meeting_id: number;
  resident_id: number | null;
  organisation_id: number | null;
}

export interface MeetingAttendanceTable {
  community_id: number;
  id: Generated<number>;
  meeting_id: number;
  person_key: string;
  resident_id: number | null;
  user_id: number | null;
  organisation_id: number | null;
  method: AttendanceMethod;
  recorded_by: number | null;
  signed_in_at: Generated<Date>;
}

/** A residents' meeting's eligible roll, frozen once when sign-in opens (migration 21). */
export interface ResidentsMeetingRollTable {
  community_id: number;
  meeting_id: number;
  basis: ResidentsBasis;
  eligible: number;
  unknown_age: Generated<number>;
  frozen_at: Generated<Date>;
  frozen_by: number | null;
}

/** One member of a frozen roll: an adult resident (basis adults) or a household (basis households). */
export interface ResidentsMeetingMemberTable {
  community_id: number;
  meeting_id: number;
  id: Generated<number>;
  resident_id: number | null;
  household_id: number | null;
}

export interface ResidentsMeetingDecisionTable {
  community_id: number;
  id: Generated<number>;
  meeting_id: number;
  item: string;
  eligible: number;
  present: number;
  yes: number;
  no: number;
  abstain: number;
  passed: boolean;
  counted_by: "counted" | "ticked";
  recorded_by: number | null;
  recorded_at: Generated<Date>;
}

export interface MeetingsTables {
  meeting_series: MeetingSeriesTable;
  meeting: MeetingTable;
  meeting_invitation: MeetingInvitationTable;
  meeting_attendance: MeetingAttendanceTable;
  residents_meeting_roll: ResidentsMeetingRollTable;
  residents_meeting_member: ResidentsMeetingMemberTable;
  residents_meeting_decision: ResidentsMeetingDecisionTable;
}
