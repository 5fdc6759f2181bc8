// Kysely table types of the spaces module (DOMAIN C2). Keep in step with db/migrations/ (42);
// db/schema.ts's DB includes them. Only db/schema.ts and this module import this file.
import type { ColumnType, Generated } from "kysely";

export type SpaceStatus = "open" | "closed";
export type BookingStatus = "pending" | "approved" | "refused" | "cancelled";

export interface SpaceTable {
  community_id: number;
  id: Generated<number>;
  name: string;
  estate_id: number | null;
  place: Generated<string>;
  description: Generated<string>;
  capacity: number;
  /** Monday first: '' closed, else 'HH:MM-HH:MM' (China time). */
  hours: ColumnType<string[], string[], string[]>;
  convention: string;
  convention_version: Generated<number>;
  needs_approval: Generated<boolean>;
  status: Generated<SpaceStatus>;
  rating_subject_id: number | null;
  created_by: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}
export interface SpaceBookingTable {
  community_id: number;
  id: Generated<number>;
  space_id: number;
  resident_id: number | null;
  organisation_id: number | null;
  meeting_id: number | null;
  booked_by: number;
  purpose: string;
  attendees: number;
  starts_at: ColumnType<Date, Date | string, Date | string>;
  ends_at: ColumnType<Date, Date | string, Date | string>;
  convention_version: number;
  status: BookingStatus;
  decided_by: number | null;
  decided_at: Date | null;
  decision_note: Generated<string>;
  cancelled_at: Date | null;
  rated_at: Date | null;
  created_at: Generated<Date>;
}

export interface SpacesTables {
  space: SpaceTable;
  space_booking: SpaceBookingTable;
}
