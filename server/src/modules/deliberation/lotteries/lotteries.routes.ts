import { z } from "zod";
import { type App, needs, SIGNED_IN } from "../../../http/context.ts";
import { errorResponses } from "../../../http/errors.ts";
import { ZCommunityParams } from "../../core/places/places.schema.ts";
import {
  ZApplications,
  ZApplicationsQuery,
  ZApplied,
  ZCreatedLottery,
  ZCreateLottery,
  ZDecline,
  ZDeclined,
  ZDraw,
  ZLotteriesQuery,
  ZLottery,
  ZLotteryBoard,
  ZLotteryList,
  ZLotteryParams,
  ZMyLotteries,
} from "./lotteries.schema.ts";
import {
  applicationsOf,
  applyToLottery,
  closeApplications,
  createLottery,
  declineWin,
  drawLottery,
  exportApplications,
  freezeLottery,
  listLotteriesOf,
  lotteryBoard,
  myLotteries,
  readLottery,
} from "./lotteries.service.ts";

export function registerLotteryRoutes(app: App): void {
  const tags = ["lotteries"];

  app.get(
    "/me/lotteries",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "Lotteries (摇号) of the caller's verified places that they may apply to or applied to: open ones and those closed in the last 90 days",
        response: { 200: ZMyLotteries, ...errorResponses },
      },
    },
    async (req) => myLotteries(app.db, req.actor),
  );

  app.get(
    "/communities/:communityId/lotteries",
    {
      config: { access: needs("lotteries.read") },
      schema: {
        tags,
        summary:
          "Staff list of a community's lotteries in the caller's reach (a grid worker: lotteries of buildings in their grids), newest first, with title search and state filter",
        params: ZCommunityParams,
        querystring: ZLotteriesQuery,
        response: { 200: ZLotteryList, ...errorResponses },
      },
    },
    async (req) => listLotteriesOf(app.db, req.actor, req.params.communityId, req.query),
  );

  app.post(
    "/communities/:communityId/lotteries",
    {
      config: { access: needs("lotteries.manage") },
      schema: {
        tags,
        summary:
          "Open a lottery for the community, an estate or a building (staff of that place): places and optional named items, who may apply, the window, and the commitment SHA-256(secret) — the organiser's own, or a secret the server makes and returns this once; audited",
        params: ZCommunityParams,
        body: ZCreateLottery,
        response: { 200: ZCreatedLottery, ...errorResponses },
      },
    },
    async (req) => createLottery(app.db, req.actor, req.params.communityId, req.body),
  );

  app.get(
    "/communities/:communityId/lotteries/:lotteryId",
    {
      config: { access: needs("lotteries.read") },
      schema: {
        tags,
        summary: "One lottery as staff who read its place see it",
        params: ZLotteryParams,
        response: { 200: ZLottery, ...errorResponses },
      },
    },
    async (req) => readLottery(app.db, req.actor, req.params.communityId, req.params.lotteryId),
  );

  app.get(
    "/communities/:communityId/lotteries/:lotteryId/board",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "The lottery's public board for a resident of its place (or an applicant, or staff who read it): the commitment, the frozen list (tickets and masked labels) with its hash, the revealed secret and public input, winners and waiting list, the export verify reads, and the caller's own application",
        params: ZLotteryParams,
        response: { 200: ZLotteryBoard, ...errorResponses },
      },
    },
    async (req) => lotteryBoard(app.db, req.actor, req.params.communityId, req.params.lotteryId),
  );

  app.post(
    "/communities/:communityId/lotteries/:lotteryId/applications",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "A verified resident (an owner, if the lottery asks) of the lottery's place applies while it is open: once per person or household (unique index)",
        params: ZLotteryParams,
        response: { 200: ZApplied, ...errorResponses },
      },
    },
    async (req) => applyToLottery(app.db, req.actor, req.params.communityId, req.params.lotteryId),
  );

  app.get(
    "/communities/:communityId/lotteries/:lotteryId/applications",
    {
      config: { access: needs("lotteries.read") },
      schema: {
        tags,
        summary:
          "The applications (staff): names, masked phones and addresses, ticket and label after the freeze, position and outcome after the draw; search and outcome filter",
        params: ZLotteryParams,
        querystring: ZApplicationsQuery,
        response: { 200: ZApplications, ...errorResponses },
      },
    },
    async (req) => applicationsOf(app.db, req.actor, req.params.communityId, req.params.lotteryId, req.query),
  );

  app.get(
    "/communities/:communityId/lotteries/:lotteryId/applications/export",
    {
      config: { access: needs("data.export") },
      schema: {
        tags,
        summary:
          "The applications as Excel (same filters; phones masked; roles holding data.export); audited",
        params: ZLotteryParams,
        querystring: ZApplicationsQuery.omit({ limit: true, offset: true }),
        response: { 200: z.any().describe("the .xlsx file"), ...errorResponses },
      },
    },
    async (req, reply) => {
      const f = await exportApplications(
        app.db,
        req.actor,
        req.params.communityId,
        req.params.lotteryId,
        req.query,
      );
      return reply
        .header("content-type", f.contentType)
        .header("content-disposition", f.disposition)
        .header("cache-control", "no-store")
        .header("x-linli-export-rows", String(f.rows))
        .send(f.body);
    },
  );

  app.post(
    "/communities/:communityId/lotteries/:lotteryId/close",
    {
      config: { access: needs("lotteries.manage") },
      schema: {
        tags,
        summary:
          "End the application window now (an open lottery only; e.g. as the meeting that draws it starts); audited",
        params: ZLotteryParams,
        response: { 200: ZLottery, ...errorResponses },
      },
    },
    async (req) => closeApplications(app.db, req.actor, req.params.communityId, req.params.lotteryId),
  );

  app.post(
    "/communities/:communityId/lotteries/:lotteryId/freeze",
    {
      config: { access: needs("lotteries.manage") },
      schema: {
        tags,
        summary:
          "After the close: number the applications 1…n in arrival order with masked labels, store and publish the canonical list's SHA-256 (a 公示 notice); audited",
        params: ZLotteryParams,
        response: { 200: ZLottery, ...errorResponses },
      },
    },
    async (req) => freezeLottery(app.db, req.actor, req.params.communityId, req.params.lotteryId),
  );

  app.post(
    "/communities/:communityId/lotteries/:lotteryId/draw",
    {
      config: { access: needs("lotteries.manage") },
      schema: {
        tags,
        summary:
          "Draw a frozen lottery once: the secret must hash to the commitment (else 409 and nothing changes); with the public input it seeds the documented SHA-256 shuffle (docs/lotteries.md); winners and waiting list published as a 公示 notice; audited",
        params: ZLotteryParams,
        body: ZDraw,
        response: { 200: ZLottery, ...errorResponses },
      },
    },
    async (req) => drawLottery(app.db, req.actor, req.params.communityId, req.params.lotteryId, req.body),
  );

  app.post(
    "/communities/:communityId/lotteries/:lotteryId/declines",
    {
      config: { access: needs("lotteries.manage") },
      schema: {
        tags,
        summary:
          "Record that a winner declines: the place (and its item) passes to the first of the waiting list; published as a 公示 notice; audited",
        params: ZLotteryParams,
        body: ZDecline,
        response: { 200: ZDeclined, ...errorResponses },
      },
    },
    async (req) => declineWin(app.db, req.actor, req.params.communityId, req.params.lotteryId, req.body),
  );
}
