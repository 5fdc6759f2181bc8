import { type App, needs, PUBLIC } from "../../../http/context.ts";
import { errorResponses, ZErrorBody } from "../../../http/errors.ts";
import { ZCommunityParams } from "../../core/places/places.schema.ts";
import {
  ZColumnQuery,
  ZOpinionListQuery,
  ZOpinionParams,
  ZOpinionSubmitted,
  ZReplyOpinion,
  ZStaffOpinion,
  ZStaffOpinions,
  ZSubmitOpinion,
  ZSuggestionColumn,
  ZTrackedOpinion,
  ZTrackingParams,
} from "./opinions.schema.ts";
import {
  listOpinionsOf,
  replyOpinion,
  submitOpinion,
  suggestionColumnOf,
  trackOpinion,
} from "./opinions.service.ts";

export function registerOpinionRoutes(app: App): void {
  const tags = ["opinions"];

  app.post(
    "/communities/:communityId/opinions",
    {
      config: { access: PUBLIC },
      schema: {
        tags,
        summary:
          "Leave an anonymous opinion (意见箱): nothing about the person is stored; returns the tracking code to read the reply; limited per IP",
        params: ZCommunityParams,
        body: ZSubmitOpinion,
        response: { 200: ZOpinionSubmitted, 429: ZErrorBody, ...errorResponses },
      },
    },
    async (req) => submitOpinion(app.db, app.config, req.params.communityId, req.body, req.ip),
  );

  app.get(
    "/communities/:communityId/opinions/:trackingCode",
    {
      config: { access: PUBLIC },
      schema: {
        tags,
        summary: "An opinion by its tracking code: the text, status, feedback deadline and reply",
        params: ZTrackingParams,
        response: { 200: ZTrackedOpinion, ...errorResponses },
      },
    },
    async (req) => trackOpinion(app.db, req.params.communityId, req.params.trackingCode),
  );

  app.get(
    "/communities/:communityId/opinions",
    {
      config: { access: needs("opinions.reply") },
      schema: {
        tags,
        summary: "The community's opinions for staff: overdue first, then pending by deadline, then replied",
        params: ZCommunityParams,
        querystring: ZOpinionListQuery,
        response: { 200: ZStaffOpinions, ...errorResponses },
      },
    },
    async (req) => listOpinionsOf(app.db, req.actor, req.params.communityId, req.query),
  );

  app.post(
    "/communities/:communityId/opinions/:opinionId/reply",
    {
      config: { access: needs("opinions.reply") },
      schema: {
        tags,
        summary: "Reply to an opinion (once); a public reply appears in the suggestion column; audited",
        params: ZOpinionParams,
        body: ZReplyOpinion,
        response: { 200: ZStaffOpinion, ...errorResponses },
      },
    },
    async (req) => replyOpinion(app.db, req.actor, req.params.communityId, req.params.opinionId, req.body),
  );

  app.get(
    "/communities/:communityId/suggestion-column",
    {
      config: { access: PUBLIC },
      schema: {
        tags,
        summary: "The suggestion column (建议栏): replied opinions with a public reply — text and reply only",
        params: ZCommunityParams,
        querystring: ZColumnQuery,
        response: { 200: ZSuggestionColumn, ...errorResponses },
      },
    },
    async (req) => suggestionColumnOf(app.db, req.params.communityId, req.query),
  );
}
