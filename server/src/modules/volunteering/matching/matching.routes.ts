import { type App, SIGNED_IN } from "../../../http/context.ts";
import { errorResponses } from "../../../http/errors.ts";
import { ZCommunityParams } from "../../core/places/places.schema.ts";
import {
  ZAnswer,
  ZAnswered,
  ZAssignNeed,
  ZAvailability,
  ZMyAvailability,
  ZMyNeedAssignments,
  ZNeedAssigned,
  ZNeedAssignmentParams,
  ZNeedList,
  ZNeedParams,
  ZSuggestions,
} from "./matching.schema.ts";
import {
  answerNeed,
  assignNeed,
  listNeeds,
  myAvailability,
  myNeedAssignments,
  setMyAvailability,
  suggestionsFor,
} from "./matching.service.ts";

export function registerMatchingRoutes(app: App): void {
  const tags = ["volunteering"];
  const V = "/communities/:communityId/volunteering";

  app.get(
    `${V}/me/availability`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary: "我的志愿: the weekdays, time bands and extra skills I stated for matching",
        params: ZCommunityParams,
        response: { 200: ZMyAvailability, ...errorResponses },
      },
    },
    async (req) => myAvailability(app.db, req.actor, req.params.communityId),
  );

  app.put(
    `${V}/me/availability`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary: "A member of one of the community's teams states when they can serve (T4 matching)",
        params: ZCommunityParams,
        body: ZAvailability,
        response: { 200: ZMyAvailability, ...errorResponses },
      },
    },
    async (req) => setMyAvailability(app.db, req.actor, req.params.communityId, req.body),
  );

  app.get(
    `${V}/needs`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary: "Open needs (requests of kind need) with their volunteer assignment; the community's staff",
        params: ZCommunityParams,
        response: { 200: ZNeedList, ...errorResponses },
      },
    },
    async (req) => listNeeds(app.db, req.actor, req.params.communityId),
  );

  app.get(
    `${V}/needs/:requestId/suggestions`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "A need's volunteers ranked by skill, nearness (place tree), stated availability and fairness (fewest hours in 30 days), each with its reasons in words; the community's staff",
        params: ZNeedParams,
        response: { 200: ZSuggestions, ...errorResponses },
      },
    },
    async (req) => suggestionsFor(app.db, req.actor, req.params.communityId, req.params.requestId),
  );

  app.post(
    `${V}/needs/:requestId/assign`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary: "Staff assign a suggested volunteer to a need (one live assignment per need); audited",
        params: ZNeedParams,
        body: ZAssignNeed,
        response: { 200: ZNeedAssigned, ...errorResponses },
      },
    },
    async (req) =>
      assignNeed(app.db, req.actor, req.params.communityId, req.params.requestId, req.body.userId),
  );

  app.post(
    `${V}/need-assignments/:assignmentId/answer`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "The assigned volunteer accepts or declines (a decline frees the need for the next suggestion)",
        params: ZNeedAssignmentParams,
        body: ZAnswer,
        response: { 200: ZAnswered, ...errorResponses },
      },
    },
    async (req) =>
      answerNeed(app.db, req.actor, req.params.communityId, req.params.assignmentId, req.body.accept),
  );

  app.get(
    "/me/need-assignments",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary: "The needs I was asked to help with, to accept or decline",
        response: { 200: ZMyNeedAssignments, ...errorResponses },
      },
    },
    async (req) => myNeedAssignments(app.db, req.actor),
  );
}
