import { z } from "zod";
import { type App, PUBLIC } from "../../../http/context.ts";
import { checkDatabase } from "./health.service.ts";

export function registerHealthRoutes(app: App): void {
  app.get(
    "/health",
    {
      config: { access: PUBLIC },
      schema: {
        tags: ["system"],
        summary: "Liveness and database kind",
        response: { 200: z.object({ ok: z.boolean(), database: z.enum(["pglite", "postgres"]) }) },
      },
    },
    async () => {
      await checkDatabase(app.db);
      return { ok: true, database: app.dbKind };
    },
  );
}
