import { type App, needs } from "../../../http/context.ts";
import { errorResponses } from "../../../http/errors.ts";
import { presentAuditEntry } from "./audit.present.ts";
import { ZAuditLog, ZAuditQuery } from "./audit.schema.ts";
import { readAuditLog } from "./audit.service.ts";

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
      const rows = await readAuditLog(app.db, req.actor, req.query);
      return rows.map(presentAuditEntry);
    },
  );
}
