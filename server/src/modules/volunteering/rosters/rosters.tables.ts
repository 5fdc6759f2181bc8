// Kysely table types of the rosters module (DOMAIN T3). Keep in step with db/migrations/ (37);
// db/schema.ts's DB includes them. Only db/schema.ts and this module import this file.
import type { Generated } from "kysely";

export type SwapStatus = "requested" | "approved" | "refused" | "void";

export interface VolRosterTable {
  community_id: number;
  id: Generated<number>;
  team_id: number;
  subject: string;
  place: Generated<string>;
  rule: string;
  start_time: string;
  minutes: number;
  places: Generated<number>;
  starts_on: string;
  weeks_ahead: Generated<number>;
  active: Generated<boolean>;
  created_by: number | null;
  created_at: Generated<Date>;
}
export interface VolShiftTable {
  community_id: number;
  id: Generated<number>;
  roster_id: number;
  starts_at: Date;
  ends_at: Date;
  reminded_at: Date | null;
}
export interface VolShiftAssignmentTable {
  community_id: number;
  id: Generated<number>;
  shift_id: number;
  user_id: number;
  assigned_by: number | null;
  assigned_at: Generated<Date>;
  no_show: Generated<boolean>;
  no_show_by: number | null;
  no_show_at: Date | null;
}
export interface VolShiftSwapTable {
  community_id: number;
  id: Generated<number>;
  assignment_id: number;
  requested_by: number;
  to_user_id: number;
  note: Generated<string>;
  status: Generated<SwapStatus>;
  requested_at: Generated<Date>;
  decided_by: number | null;
  decided_at: Date | null;
}

export interface RostersTables {
  vol_roster: VolRosterTable;
  vol_shift: VolShiftTable;
  vol_shift_assignment: VolShiftAssignmentTable;
  vol_shift_swap: VolShiftSwapTable;
}
