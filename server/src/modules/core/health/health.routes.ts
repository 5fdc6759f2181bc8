import { z } from "zod";
import { type App, PUBLIC } from "../../../http/context.ts";

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
      await app.db.selectFrom("community").select("id").limit(1).execute();
      return { ok: true, database: app.dbKind };
    },
  );
}
