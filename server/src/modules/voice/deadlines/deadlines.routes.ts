import { type App, needs } from "../../../http/context.ts";
import { errorResponses } from "../../../http/errors.ts";
import { presentCommunityOverdue, presentStreetOverdue } from "./deadlines.present.ts";
import {
  ZCommunityOverdue,
  ZCommunityParams,
  ZOverdueQuery,
  ZStreetOverdue,
  ZStreetParams,
} from "./deadlines.schema.ts";
import { communityOverdue, streetOverdue } from "./deadlines.service.ts";

export function registerDeadlineRoutes(app: App): void {
  const tags = ["deadlines"];

  app.get(
    "/communities/:communityId/overdue",
    {
      config: { access: needs("requests.read") },
      schema: {
        tags,
        summary:
          "Overdue requests of a community (超期清单), with counts per grid, within the caller's places",
        params: ZCommunityParams,
        querystring: ZOverdueQuery,
        response: { 200: ZCommunityOverdue, ...errorResponses },
      },
    },
    async (req) =>
      presentCommunityOverdue(
        req.params.communityId,
        await communityOverdue(app.db, req.actor, req.params.communityId, req.query.limit),
      ),
  );

  app.get(
    "/streets/:streetId/overdue",
    {
      config: { access: needs("requests.read") },
      schema: {
        tags,
        summary: "Overdue requests of a whole street (街道超期清单): counts per community and grid",
        description:
          "For street officials (and district officials, administrators): every community of the street.",
        params: ZStreetParams,
        querystring: ZOverdueQuery,
        response: { 200: ZStreetOverdue, ...errorResponses },
      },
    },
    async (req) =>
      presentStreetOverdue(await streetOverdue(app.db, req.actor, req.params.streetId, req.query.limit)),
  );
}
