// An audit log row as the API shows it.
import type { AuditRow } from "./audit.service.ts";

export function presentAuditEntry(r: AuditRow) {
  return {
    id: Number(r.id),
    at: new Date(r.at),
    actorName: r.actorName,
    actorRole: r.actor_role,
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    reason: r.reason,
    before: r.before,
    after: r.after,
  };
}
