import type { Kysely } from "kysely";
import { authorize } from "../../../access/authorize.ts";
import type { Actor } from "../../../access/reach.ts";
import type { DB } from "../../../db/schema.ts";
import { insertAudit, listAudit } from "./audit.queries.ts";

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

/**
 * An audited command: runs `change` in a transaction (or the caller's), writes the audit entry it
 * returns in that same transaction, and returns its result — the change and its record commit
 * together or not at all. `change` returns `{ result, audit }`; the entry may name what it read
 * before the change (`before`) and what it wrote (`after`, or the result's id as `targetId`).
 */
export async function audited<T>(
  db: Kysely<DB>,
  change: (trx: Kysely<DB>) => Promise<{ result: T; audit: AuditEntry }>,
): Promise<T> {
  const run = async (trx: Kysely<DB>) => {
    const { result, audit } = await change(trx);
    await recordAudit(trx, audit);
    return result;
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}

export type AuditRow = Awaited<ReturnType<typeof listAudit>>[number];

/** A page of a community's audit log (newest first), for those who may read it there. */
export async function readAuditLog(
  db: Kysely<DB>,
  actor: Actor | null,
  f: { communityId: number; action?: string; before?: number; limit: number },
): Promise<AuditRow[]> {
  authorize(actor, "audit.read", { communityId: f.communityId });
  return listAudit(db, f);
}
