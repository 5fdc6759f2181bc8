import type { Insertable, Kysely } from "kysely";
import type { DB } from "../../../db/schema.ts";
import type { AuditLogTable } from "./audit.tables.ts";

export function listAudit(
  db: Kysely<DB>,
  f: { communityId: number; action?: string; before?: number; limit: number },
) {
  let qb = db
    .selectFrom("audit_log as a")
    .leftJoin("app_user as u", "u.id", "a.actor_user_id")
    .select([
      "a.id",
      "a.at",
      "a.actor_role",
      "a.action",
      "a.target_type",
      "a.target_id",
      "a.reason",
      "a.before",
      "a.after",
      "u.name as actorName",
    ])
    .where("a.scope_community_id", "=", f.communityId);
  if (f.action) qb = qb.where("a.action", "=", f.action);
  if (f.before) qb = qb.where("a.id", "<", f.before);
  return qb.orderBy("a.id", "desc").limit(f.limit).execute();
}

export const insertAudit = (db: Kysely<DB>, v: Insertable<AuditLogTable>) =>
  db.insertInto("audit_log").values(v).execute();
