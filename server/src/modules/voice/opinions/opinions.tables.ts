// Kysely table types of the opinions module: opinions (the opinion box). Keep in step with db/migrations/;
// db/schema.ts's DB includes them. Only db/schema.ts and this module import this file; other modules take the
// row types they need from db/schema.ts.
import type { Generated } from "kysely";
import type { Timestamp } from "../../../db/columns.ts";

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

export interface OpinionsTables {
  opinion: OpinionTable;
}
