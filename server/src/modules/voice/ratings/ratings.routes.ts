import { type App, needs, PUBLIC, SIGNED_IN } from "../../../http/context.ts";
import { errorResponses } from "../../../http/errors.ts";
import { ZCommunityParams } from "../../core/places/places.schema.ts";
import {
  ZCreateSubject,
  ZRate,
  ZRated,
  ZRatingParams,
  ZStaffRatings,
  ZStaffRatingsQuery,
  ZSubject,
  ZSubjectParams,
  ZSubjects,
  ZSubjectsQuery,
  ZToRequest,
  ZToRequestResult,
  ZUpdateSubject,
} from "./ratings.schema.ts";
import {
  createSubject,
  listSubjectsOf,
  rateSubject,
  ratingToRequest,
  staffRatingsOf,
  updateSubjectOf,
} from "./ratings.service.ts";

export function registerRatingRoutes(app: App): void {
  const tags = ["ratings"];

  app.get(
    "/communities/:communityId/rating-subjects",
    {
      config: { access: PUBLIC },
      schema: {
        tags,
        summary:
          "Spaces and services residents rate (好差评), with their figures: counts, satisfaction (good ÷ rated) and the newest comments — no names, rooms or ids of people. A signed-in resident of the community also gets their own rating (mine)",
        params: ZCommunityParams,
        querystring: ZSubjectsQuery,
        response: { 200: ZSubjects, ...errorResponses },
      },
    },
    async (req) => listSubjectsOf(app.db, req.actor, req.params.communityId, req.query),
  );

  app.post(
    "/communities/:communityId/rating-subjects",
    {
      config: { access: needs("requests.configure") },
      schema: {
        tags,
        summary: "Register a space or service residents may rate (community staff); audited",
        params: ZCommunityParams,
        body: ZCreateSubject,
        response: { 200: ZSubject, ...errorResponses },
      },
    },
    async (req) => createSubject(app.db, req.actor, req.params.communityId, req.body),
  );

  app.patch(
    "/communities/:communityId/rating-subjects/:subjectId",
    {
      config: { access: needs("requests.configure") },
      schema: {
        tags,
        summary: "Change a space or service, or stop offering it for rating (active: false); audited",
        params: ZSubjectParams,
        body: ZUpdateSubject,
        response: { 200: ZSubject, ...errorResponses },
      },
    },
    async (req) => updateSubjectOf(app.db, req.actor, req.params.communityId, req.params.subjectId, req.body),
  );

  app.put(
    "/communities/:communityId/rating-subjects/:subjectId/my-rating",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "A verified resident of the community rates it: good / average / poor with an optional comment (≤ 500), as for a request; a second rating replaces the first; a poor one tells the community staff",
        params: ZSubjectParams,
        body: ZRate,
        response: { 200: ZRated, ...errorResponses },
      },
    },
    async (req) => rateSubject(app.db, req.actor, req.params.communityId, req.params.subjectId, req.body),
  );

  app.get(
    "/communities/:communityId/ratings",
    {
      config: { access: needs("requests.configure") },
      schema: {
        tags,
        summary:
          "Staff view: every space and service (stopped ones too) with figures, and the ratings newest first with comment, the resident's name and the request made from it",
        params: ZCommunityParams,
        querystring: ZStaffRatingsQuery,
        response: { 200: ZStaffRatings, ...errorResponses },
      },
    },
    async (req) => staffRatingsOf(app.db, req.actor, req.params.communityId, req.query),
  );

  app.post(
    "/communities/:communityId/ratings/:ratingId/request",
    {
      config: { access: needs("requests.configure") },
      schema: {
        tags,
        summary:
          "Turn a poor rating into a problem request of the community (once; the request module's usual submission, deadlines and notifications); the rater is told",
        params: ZRatingParams,
        body: ZToRequest,
        response: { 200: ZToRequestResult, ...errorResponses },
      },
    },
    async (req) =>
      ratingToRequest(app.db, app.config, req.actor, req.params.communityId, req.params.ratingId, req.body),
  );
}
