// Kysely table types of the comments module (D7). Keep in step with db/migrations/; db/schema.ts's DB
// includes them. Only db/schema.ts and this module import this file.
import type { Generated } from "kysely";
import type { Timestamp } from "../../../db/columns.ts";

export type CommentStatus = "visible" | "held" | "hidden";

export interface CommentWordTable {
  community_id: number;
  word: string;
  created_by: number | null;
  created_at: Generated<Date>;
}

export interface CommentTable {
  community_id: number;
  id: Generated<number>;
  subject_kind: string;
  subject_id: number;
  parent_id: number | null;
  grid_id: number | null;
  estate_id: number | null;
  building_id: number | null;
  author_user_id: number;
  author_name: string;
  body: string;
  status: Generated<CommentStatus>;
  held_word: string | null;
  hidden_reason: string | null;
  moderated_by: number | null;
  moderated_at: Timestamp | null;
  created_at: Generated<Date>;
  edited_at: Timestamp | null;
}

export interface CommentReportTable {
  community_id: number;
  comment_id: number;
  reporter_user_id: number;
  reason: string | null;
  created_at: Generated<Date>;
  resolved_at: Timestamp | null;
}

export interface CommentsTables {
  comment_word: CommentWordTable;
  comment: CommentTable;
  comment_report: CommentReportTable;
}
