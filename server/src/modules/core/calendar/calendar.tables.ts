// Kysely table types of the calendar module: the working calendar. Keep in step with db/migrations/;
// db/schema.ts's DB includes them. Only db/schema.ts and this module import this file; other modules take the
// row types they need from db/schema.ts.
import type { Generated } from "kysely";

export interface WorkingCalendarTable {
  day: string;
  kind: "holiday" | "workday";
  name: Generated<string>;
}

export interface CalendarTables {
  working_calendar: WorkingCalendarTable;
}
