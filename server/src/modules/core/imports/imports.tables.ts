// Kysely table types of the imports module: import jobs. Keep in step with db/migrations/; db/schema.ts's DB
// includes them. Only db/schema.ts and this module import this file; other modules take the row types they
// need from db/schema.ts.
import type { Generated } from "kysely";
import type { Json, Timestamp } from "../../../db/columns.ts";

export interface ImportJobTable {
  community_id: number;
  id: Generated<number>;
  kind: string;
  status: "queued" | "running" | "succeeded" | "failed" | "rejected";
  mode: "all_or_nothing" | "valid_rows";
  filename: string;
  total_rows: Generated<number>;
  processed_rows: Generated<number>;
  imported_rows: Generated<number>;
  error_count: Generated<number>;
  errors: Json;
  created_by: number | null;
  created_at: Generated<Date>;
  finished_at: Timestamp | null;
}

export interface ImportsTables {
  import_job: ImportJobTable;
}
