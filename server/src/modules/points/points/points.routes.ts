import { z } from "zod";
import { type App, needs, PUBLIC, SIGNED_IN } from "../../../http/context.ts";
import { errorResponses } from "../../../http/errors.ts";
import {
  ZAward,
  ZAwardResult,
  ZAwards,
  ZAwardsExportQuery,
  ZAwardsQuery,
  ZCreateStandard,
  ZHonourBoard,
  ZHonourQuery,
  ZMyPoints,
  ZPointsParams,
  ZStandard,
  ZStandardReply,
} from "./points.schema.ts";
import {
  awardPoints,
  createStandard,
  currentStandard,
  exportAwards,
  honourBoard,
  listAwardsOf,
  myPoints,
} from "./points.service.ts";

export function registerPointsRoutes(app: App): void {
  const tags = ["points"];

  app.get(
    "/communities/:communityId/points/standard",
    {
      config: { access: PUBLIC },
      schema: {
        tags,
        summary:
          "The community's current points standard (积分评分标准): its items with points, caps, evidence and who awards, and the survey or topic through which residents adopted it — public, it is the residents' own rule",
        params: ZPointsParams,
        response: { 200: ZStandardReply, ...errorResponses },
      },
    },
    async (req) => currentStandard(app.db, req.params.communityId),
  );

  app.post(
    "/communities/:communityId/points/standards",
    {
      config: { access: needs("points.manage") },
      schema: {
        tags,
        summary:
          "Adopt a new version of the standard (community staff), naming the survey or topic that adopted it; earlier awards keep their items; audited",
        params: ZPointsParams,
        body: ZCreateStandard,
        response: { 200: ZStandard, ...errorResponses },
      },
    },
    async (req) => createStandard(app.db, req.actor, req.params.communityId, req.body),
  );

  app.post(
    "/communities/:communityId/points/awards",
    {
      config: { access: needs("points.award") },
      schema: {
        tags,
        summary:
          "Award (or deduct, for a negative item) an item's points to up to 200 residents at once, each at a household the caller reaches; each checked against the item's cap and booked on the ledger; all or none; a retried request with the same key awards once; audited",
        params: ZPointsParams,
        body: ZAward,
        response: { 200: ZAwardResult, ...errorResponses },
      },
    },
    async (req) => awardPoints(app.db, req.actor, req.params.communityId, req.body),
  );

  app.get(
    "/communities/:communityId/points/awards",
    {
      config: { access: needs("points.read") },
      schema: {
        tags,
        summary: "Awards and deductions at the places the caller reaches, newest first (month, item, name)",
        params: ZPointsParams,
        querystring: ZAwardsQuery,
        response: { 200: ZAwards, ...errorResponses },
      },
    },
    async (req) => listAwardsOf(app.db, req.actor, req.params.communityId, req.query),
  );

  app.get(
    "/communities/:communityId/points/awards/export.xlsx",
    {
      config: { access: needs("data.export") },
      schema: {
        tags,
        summary:
          "The awards list as Excel with the list's filters (roles holding data.export and points.read, their reach); audited",
        params: ZPointsParams,
        querystring: ZAwardsExportQuery,
        response: { 200: z.any().describe("the .xlsx file"), ...errorResponses },
      },
    },
    async (req, reply) => {
      const file = await exportAwards(app.db, req.actor, req.params.communityId, req.query);
      return reply
        .header("content-type", file.contentType)
        .header("content-disposition", file.disposition)
        .header("cache-control", "no-store")
        .header("x-linli-export-rows", String(file.rows))
        .send(file.body);
    },
  );

  app.get(
    "/communities/:communityId/points/honour-board",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "The honour board (红榜) of a month: residents by points awarded (deductions not counted), names masked; for the community's verified residents and those who read its points",
        params: ZPointsParams,
        querystring: ZHonourQuery,
        response: { 200: ZHonourBoard, ...errorResponses },
      },
    },
    async (req) => honourBoard(app.db, req.actor, req.params.communityId, req.query),
  );

  app.get(
    "/me/points",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary: "My points in each community I live in: balance, my household's total and my latest entries",
        response: { 200: ZMyPoints, ...errorResponses },
      },
    },
    async (req) => myPoints(app.db, req.actor),
  );
}
