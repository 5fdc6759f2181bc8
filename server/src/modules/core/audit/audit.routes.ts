import { z } from "zod";
import { authorize } from "../../../http/access.ts";
import { type App, needs } from "../../../http/context.ts";
import { errorResponses } from "../../../http/errors.ts";
import { listAudit } from "./audit.queries.ts";

export function registerAuditRoutes(app: App): void {
  app.get(
    "/audit",
    {
      config: { access: needs("audit.read") },
      schema: {
        tags: ["audit"],
        summary: "Privileged actions in a community: who, role, what, when, before/after",
        querystring: z.object({
          communityId: z.coerce.number().int().positive(),
          action: z.string().max(60).optional(),
          before: z.coerce.number().int().positive().optional().describe("page backwards from this id"),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: {
          200: z.array(
            z.object({
              id: z.number(),
              at: z.date(),
              actorName: z.string().nullable(),
              actorRole: z.string().nullable(),
              action: z.string(),
              targetType: z.string(),
              targetId: z.string().nullable(),
              reason: z.string().nullable(),
              before: z.unknown(),
              after: z.unknown(),
            }),
          ),
          ...errorResponses,
        },
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
