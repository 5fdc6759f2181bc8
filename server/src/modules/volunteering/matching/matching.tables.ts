// Kysely table types of the matching module (DOMAIN T4). Keep in step with db/migrations/ (37);
// db/schema.ts's DB includes them. Only db/schema.ts and this module import this file.
import type { Generated } from "kysely";
import type { Json } from "../../../db/columns.ts";

export type NeedAssignmentStatus = "assigned" | "accepted" | "declined";

export interface VolAvailabilityTable {
  community_id: number;
  user_id: number;
  weekdays: Json;
  bands: Json;
  skills: Json;
  updated_at: Generated<Date>;
}
export interface VolNeedAssignmentTable {
  community_id: number;
  id: Generated<number>;
  request_id: number;
  user_id: number;
  reasons: Json;
  status: Generated<NeedAssignmentStatus>;
  assigned_by: number | null;
  assigned_at: Generated<Date>;
  answered_at: Date | null;
}

export interface MatchingTables {
  vol_availability: VolAvailabilityTable;
  vol_need_assignment: VolNeedAssignmentTable;
}
