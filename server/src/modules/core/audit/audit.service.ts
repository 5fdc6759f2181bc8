import type { Kysely } from "kysely";
import type { DB } from "../../../db/schema.ts";
import { insertAudit } from "./audit.queries.ts";

export interface AuditEntry {
  actorUserId: number | null;
  actorRole: string | null;
  communityId: number | null;
  action: string;
  targetType: string;
  targetId?: string | number | null;
  reason?: string | null;
  before?: unknown;
  after?: unknown;
}

/** Every privileged action is written here, in the same transaction as the change it records. */
export async function recordAudit(db: Kysely<DB>, e: AuditEntry): Promise<void> {
  await insertAudit(db, {
    actor_user_id: e.actorUserId,
    actor_role: e.actorRole,
    scope_community_id: e.communityId,
    action: e.action,
    target_type: e.targetType,
    target_id: e.targetId == null ? null : String(e.targetId),
    reason: e.reason ?? null,
    before: e.before === undefined ? null : JSON.stringify(e.before),
    after: e.after === undefined ? null : JSON.stringify(e.after),
  });
}
