// Kysely table types of the courses module (DOMAIN C3). Keep in step with db/migrations/ (43);
// db/schema.ts's DB includes them. Only db/schema.ts and this module import this file.
import type { ColumnType, Generated } from "kysely";

export type EnrolmentStatus = "applied" | "enrolled" | "waiting" | "cancelled";

export interface CourseTable {
  community_id: number;
  id: Generated<number>;
  title: string;
  description: Generated<string>;
  teacher_name: string;
  teacher_org: Generated<string>;
  place: string;
  rule: string;
  start_time: string;
  minutes: number;
  seats: number;
  term_start: ColumnType<string, string, string>;
  term_end: ColumnType<string, string, string>;
  apply_until: Date | null;
  lottery_id: number | null;
  allocated_at: Date | null;
  created_by: number;
  created_at: Generated<Date>;
}
export interface CourseSessionTable {
  community_id: number;
  id: Generated<number>;
  course_id: number;
  starts_at: Date;
  held_at: Date | null;
}
export interface CourseEnrolmentTable {
  community_id: number;
  id: Generated<number>;
  course_id: number;
  resident_id: number;
  user_id: number;
  status: EnrolmentStatus;
  queue: number;
  created_at: Generated<Date>;
  enrolled_at: Date | null;
  cancelled_at: Date | null;
}
export interface CourseAttendanceTable {
  community_id: number;
  session_id: number;
  enrolment_id: number;
  present: boolean;
  marked_by: number;
  marked_at: Generated<Date>;
}

export interface CoursesTables {
  course: CourseTable;
  course_session: CourseSessionTable;
  course_enrolment: CourseEnrolmentTable;
  course_attendance: CourseAttendanceTable;
}
