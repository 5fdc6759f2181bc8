import { type App, SIGNED_IN } from "../../../http/context.ts";
import { errorResponses } from "../../../http/errors.ts";
import { ZMyData } from "./privacy.schema.ts";
import { exportMyData } from "./privacy.service.ts";

export function registerPrivacyRoutes(app: App): void {
  app.get(
    "/me/data-export",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags: ["me"],
        summary: "Everything Linli holds about me, in full, as JSON (PIPL Art. 45)",
        response: { 200: ZMyData, ...errorResponses },
      },
    },
    async (req, reply) => {
      const data = await exportMyData(app.db, app.config, req.actor);
      reply.header("content-disposition", 'attachment; filename="linli-my-data.json"');
      return data;
    },
  );
}
