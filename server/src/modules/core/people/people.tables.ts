// Kysely table types of the people module: residents. Keep in step with db/migrations/; db/schema.ts's DB
// includes them. Only db/schema.ts and this module import this file; other modules take the row types they
// need from db/schema.ts.
import type { ColumnType, Generated } from "kysely";
import type { Timestamp } from "../../../db/columns.ts";

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

export interface PeopleTables {
  resident: ResidentTable;
}
