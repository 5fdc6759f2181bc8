// Kysely table types of the volunteering module (DOMAIN T1–T2). Keep in step with db/migrations/ (31);
// db/schema.ts's DB includes them. Only db/schema.ts and this module import this file.
import type { Generated } from "kysely";
import type { Json } from "../../../db/columns.ts";

export type TeamRole = "leader" | "member";
export type MemberStatus = "requested" | "active" | "left";
export type SignupStatus = "signed" | "waiting" | "cancelled";
export type CheckMethod = "qr" | "organiser";

export interface VolTeamTable {
  community_id: number;
  id: Generated<number>;
  name: string;
  unit_name: Generated<string>;
  description: Generated<string>;
  skills: Json;
  created_by: number | null;
  created_at: Generated<Date>;
}
export interface VolTeamMemberTable {
  community_id: number;
  id: Generated<number>;
  team_id: number;
  user_id: number;
  role: TeamRole;
  status: MemberStatus;
  requested_at: Generated<Date>;
  decided_by: number | null;
  decided_at: Date | null;
}
export interface VolAllianceTable {
  community_id: number;
  id: Generated<number>;
  name: string;
  description: Generated<string>;
  created_at: Generated<Date>;
}
export interface VolAllianceTeamTable {
  community_id: number;
  alliance_id: number;
  team_id: number;
}
export interface VolActivityTable {
  community_id: number;
  id: Generated<number>;
  team_id: number | null;
  organiser_id: number;
  title: string;
  description: Generated<string>;
  place: string;
  starts_at: Date;
  ends_at: Date;
  capacity: number;
  skills: Json;
  signed_up: Generated<number>;
  cancelled: Generated<boolean>;
  created_at: Generated<Date>;
}
export interface VolSignupTable {
  community_id: number;
  id: Generated<number>;
  activity_id: number;
  user_id: number;
  status: SignupStatus;
  waiting_position: number | null;
  created_at: Generated<Date>;
  cancelled_at: Date | null;
}
export interface VolAttendanceTable {
  community_id: number;
  id: Generated<number>;
  activity_id: number;
  user_id: number;
  check_in_at: Date;
  check_in_method: CheckMethod;
  check_out_at: Date | null;
  check_out_method: CheckMethod | null;
  recorded_by: number | null;
  minutes: number | null;
  certified_by: number | null;
  certified_at: Date | null;
}
export interface VolHoursCorrectionTable {
  community_id: number;
  id: Generated<number>;
  attendance_id: number;
  requested_by: number;
  reason: string;
  requested_at: Generated<Date>;
  status: Generated<"requested" | "corrected" | "refused">;
  old_minutes: number | null;
  new_minutes: number | null;
  decided_by: number | null;
  decided_at: Date | null;
  note: Generated<string>;
}
export interface VolEvaluationTable {
  community_id: number;
  id: Generated<number>;
  activity_id: number;
  author_id: number;
  subject_user_id: number | null;
  score: number;
  comment: Generated<string>;
  created_at: Generated<Date>;
}
export interface VolCertificateTable {
  community_id: number;
  id: Generated<number>;
  user_id: number;
  code: string;
  content: Json;
  issued_by: number | null;
  issued_at: Generated<Date>;
}
export interface VolVolunteerTable {
  community_id: number;
  user_id: number;
  consent_disclose: Generated<boolean>;
  consent_changed_at: Date | null;
}

export interface VolunteeringTables {
  vol_team: VolTeamTable;
  vol_team_member: VolTeamMemberTable;
  vol_alliance: VolAllianceTable;
  vol_alliance_team: VolAllianceTeamTable;
  vol_activity: VolActivityTable;
  vol_signup: VolSignupTable;
  vol_attendance: VolAttendanceTable;
  vol_hours_correction: VolHoursCorrectionTable;
  vol_evaluation: VolEvaluationTable;
  vol_certificate: VolCertificateTable;
  vol_volunteer: VolVolunteerTable;
}
