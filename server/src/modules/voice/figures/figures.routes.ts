import { type App, PUBLIC } from "../../../http/context.ts";
import { errorResponses } from "../../../http/errors.ts";
import { ZBoardFigures, ZBoardParticipation, ZBoardQuery } from "./figures.schema.ts";
import { boardFigures, boardParticipation } from "./figures.service.ts";

export function registerFiguresRoutes(app: App): void {
  app.get(
    "/board/figures",
    {
      config: { access: PUBLIC },
      schema: {
        tags: ["board"],
        summary: "Public figures of a grid, community or street (公开看板): counts only, no names or rooms",
        description:
          "Summed from the rollup kept by the figures job (current within about a minute). Counts are by day of " +
          "submission in China time. Median and 90th-percentile solve hours come from a histogram with buckets " +
          "0–1, 1–2, 2–4, 4–8, 8–24, 24–48, 48–72, 72–120, 120–168, 168–336 and ≥ 336 hours: each is the upper " +
          "bound of the bucket the percentile falls in.",
        querystring: ZBoardQuery,
        response: { 200: ZBoardFigures, ...errorResponses },
      },
    },
    // a standby's when one is configured and the caller has no write of their own it may not have yet
    async (req) => boardFigures(await app.readDb(req), req.query),
  );
  app.get(
    "/board/participation",
    {
      config: { access: PUBLIC },
      schema: {
        tags: ["board"],
        summary:
          "Public volunteering and points figures of a grid, community or street (志愿服务与积分): counts only",
        description:
          "Certified volunteer services, hours and hours per verified resident, team members, points issued and " +
          "deducted in the period (days in China time; services by the day of check-in, points by the day awarded). " +
          "For a grid: the services of volunteers and the points of residents living in it. Kept a minute.",
        querystring: ZBoardQuery,
        response: { 200: ZBoardParticipation, ...errorResponses },
      },
    },
    // the same: a standby's unless it lacks the caller's own write
    async (req) => boardParticipation(await app.readDb(req), req.query),
  );
}
