// Kysely table types of the audit module: the audit log. Keep in step with db/migrations/; db/schema.ts's DB
// includes them. Only db/schema.ts and this module import this file; other modules take the row types they
// need from db/schema.ts.
import type { Generated } from "kysely";
import type { Json } from "../../../db/columns.ts";

export interface AuditLogTable {
  id: Generated<number>;
  at: Generated<Date>;
  actor_user_id: number | null;
  actor_role: string | null;
  scope_community_id: number | null;
  action: string;
  target_type: string;
  target_id: string | null;
  reason: string | null;
  before: Json | null;
  after: Json | null;
}

export interface AuditTables {
  audit_log: AuditLogTable;
}
