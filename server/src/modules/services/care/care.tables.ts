// Kysely table types of the care module (C5). Keep in step with db/migrations/2026-12-06-40-care.ts;
// db/schema.ts's DB includes them. Only db/schema.ts and this module import this file.
import type { Generated } from "kysely";
import type { Timestamp } from "../../../db/columns.ts";

export interface CarePlanTable {
  community_id: number;
  care_tag: string;
  frequency_days: number;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  updated_by: number | null;
}

export interface CareVisitTable {
  community_id: number;
  id: Generated<number>;
  resident_id: number;
  visited_on: string;
  visitor_user_id: number;
  visitor_role: string;
  health: "good" | "fair" | "poor" | "unwell";
  gas_safe: boolean;
  electricity_safe: boolean;
  notes: Generated<string>;
  needs: Generated<string>;
  request_id: number | null;
  alert_id: number | null;
  created_at: Generated<Date>;
}

export interface CareOverdueNoticeTable {
  community_id: number;
  resident_id: number;
  due_on: string;
  notified_at: Generated<Date>;
}

export interface CareEnrolmentTable {
  community_id: number;
  resident_id: number;
  deadline_minutes: Generated<number>;
  status: Generated<"active" | "ended">;
  consent_by: "resident" | "guardian";
  consent_note: Generated<string>;
  consent_at: Timestamp;
  enrolled_by: number | null;
  enrolled_at: Generated<Date>;
  ended_at: Timestamp | null;
}

export interface CareContactTable {
  community_id: number;
  resident_id: number;
  user_id: number;
  relation: Generated<string>;
}

export type CheckinMethod = "self" | "family" | "building_head" | "staff" | "phone" | "visit";
export interface CareCheckinTable {
  community_id: number;
  id: Generated<number>;
  resident_id: number;
  day: string;
  at: Generated<Date>;
  by_user_id: number | null;
  method: CheckinMethod;
  note: Generated<string>;
}

export interface CareAlertTable {
  community_id: number;
  id: Generated<number>;
  resident_id: number;
  day: string;
  raised_at: Generated<Date>;
  escalated_at: Timestamp | null;
  acknowledged_at: Timestamp | null;
  acknowledged_by: number | null;
  ack_kind: "visited" | "contacted" | null;
  closed_at: Timestamp | null;
  closed_by: number | null;
  close_reason: "visit" | "checked_in" | null;
}

export interface CareTables {
  care_plan: CarePlanTable;
  care_visit: CareVisitTable;
  care_overdue_notice: CareOverdueNoticeTable;
  care_enrolment: CareEnrolmentTable;
  care_contact: CareContactTable;
  care_checkin: CareCheckinTable;
  care_alert: CareAlertTable;
}
