import { authorize } from "../../../access/authorize.ts";
import { type App, needs } from "../../../http/context.ts";
import { errorResponses } from "../../../http/errors.ts";
import { listAudit } from "./audit.queries.ts";
import { ZAuditLog, ZAuditQuery } from "./audit.schema.ts";

export function registerAuditRoutes(app: App): void {
  app.get(
    "/audit",
    {
      config: { access: needs("audit.read") },
      schema: {
        tags: ["audit"],
        summary: "Privileged actions in a community: who, role, what, when, before/after",
        querystring: ZAuditQuery,
        response: { 200: ZAuditLog, ...errorResponses },
      },
    },
    async (req) => {
      authorize(req.actor, "audit.read", { communityId: req.query.communityId });
      const rows = await listAudit(app.db, req.query);
      return rows.map((r) => ({
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
      }));
    },
  );
}
