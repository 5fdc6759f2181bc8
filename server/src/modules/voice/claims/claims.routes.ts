import { z } from "zod";
import { type App, needs, PUBLIC, SIGNED_IN } from "../../../http/context.ts";
import { errorResponses, ZErrorBody } from "../../../http/errors.ts";
import { ZCommunityParams, ZCreated } from "../../core/places/places.schema.ts";
import { ZRequestParams } from "../requests/requests.schema.ts";
import { multipartBody, uploadedPhotos } from "../requests/requests.service.ts";
import {
  ZBoard,
  ZBoardQuery,
  ZClaim,
  ZClaimParams,
  ZClaimResult,
  ZClaimsExportQuery,
  ZCreateResource,
  ZFulfil,
  ZFulfilResult,
  ZMatch,
  ZMyClaims,
  ZMyClaimsQuery,
  ZRelease,
  ZReleaseResult,
  ZResourceParams,
  ZResourceQuery,
  ZResources,
  ZStaffClaim,
  ZStaffClaims,
  ZStaffClaimsQuery,
  ZWithdraw,
  ZWithdrawResult,
} from "./claims.schema.ts";
import { boardOf, claimRequest, fulfilClaim, releaseClaim, withdrawClaim } from "./claims.service.ts";
import { exportClaims } from "./claims-export.service.ts";
import { claimOfRequestForStaff, claimsForStaffOf, myClaimsOf } from "./claims-read.service.ts";
import { matchResource, publishResource, resourcesOf } from "./resources.service.ts";

export function registerClaimRoutes(app: App): void {
  const tags = ["claims"];

  app.get(
    "/communities/:communityId/board",
    {
      config: { access: PUBLIC },
      schema: {
        tags,
        summary:
          "The claim board (V3): public needs and micro-wishes, open / claimed / fulfilled; no names, rooms or phones. A signed-in caller's own live claim is marked (mine, myClaimId); nobody else's claimant is identified",
        params: ZCommunityParams,
        querystring: ZBoardQuery,
        response: { 200: ZBoard, ...errorResponses },
      },
    },
    async (req) => boardOf(app.db, req.actor, req.params.communityId, req.query),
  );

  app.post(
    "/communities/:communityId/requests/:requestId/claim",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "Claim a need or micro-wish with a promise date: party members, volunteers (verified residents), co-building units; one live claim per item",
        params: ZRequestParams,
        body: ZClaim,
        response: { 200: ZClaimResult, ...errorResponses },
      },
    },
    async (req) => claimRequest(app.db, req.actor, req.params.communityId, req.params.requestId, req.body),
  );

  app.post(
    "/communities/:communityId/claims/:claimId/fulfil",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "The claimant marks it fulfilled (JSON, or multipart: `data` + `photos`); the request is resolved and its submitter may rate it",
        consumes: ["application/json", "multipart/form-data"],
        params: ZClaimParams,
        body: ZFulfil,
        response: { 200: ZFulfilResult, 413: ZErrorBody, 415: ZErrorBody, ...errorResponses },
      },
      preValidation: multipartBody,
    },
    async (req) =>
      fulfilClaim(
        app.db,
        req.actor,
        req.params.communityId,
        req.params.claimId,
        req.body,
        uploadedPhotos(req),
      ),
  );

  app.post(
    "/communities/:communityId/claims/:claimId/withdraw",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "The claimant withdraws an active claim; the item is open on the board again and its submitter is told",
        params: ZClaimParams,
        body: ZWithdraw,
        response: { 200: ZWithdrawResult, ...errorResponses },
      },
    },
    async (req) => withdrawClaim(app.db, req.actor, req.params.communityId, req.params.claimId, req.body),
  );

  app.post(
    "/communities/:communityId/claims/:claimId/release",
    {
      config: { access: needs("requests.handle") },
      schema: {
        tags,
        summary:
          "Staff release an abandoned claim (释放认领) with a reason: whoever may handle requests at the request's place; the item is open on the board again, the claimant and the submitter are told; audited",
        params: ZClaimParams,
        body: ZRelease,
        response: { 200: ZReleaseResult, ...errorResponses },
      },
    },
    async (req) => releaseClaim(app.db, req.actor, req.params.communityId, req.params.claimId, req.body),
  );

  app.get(
    "/communities/:communityId/requests/:requestId/claim",
    {
      config: { access: needs("requests.read") },
      schema: {
        tags,
        summary:
          "The request's latest claim for staff reading its place: claimant (masked phone), promise date, overdue (已超期), reminders sent, and the release link when the caller may release it",
        params: ZRequestParams,
        response: { 200: ZStaffClaim, ...errorResponses },
      },
    },
    async (req) => claimOfRequestForStaff(app.db, req.actor, req.params.communityId, req.params.requestId),
  );

  app.get(
    "/communities/:communityId/claims",
    {
      config: { access: needs("requests.read") },
      schema: {
        tags,
        summary:
          "认领管理: the community's claims for staff, newest first, only of requests within the caller's places (a grid worker: their grids) — the item, its place, the claimant (masked phone), claimed as, promise date, overdue (已超期), reminders sent, status, and the release link when the caller may release it",
        params: ZCommunityParams,
        querystring: ZStaffClaimsQuery,
        response: { 200: ZStaffClaims, ...errorResponses },
      },
    },
    async (req) => claimsForStaffOf(app.db, req.actor, req.params.communityId, req.query),
  );

  app.get(
    "/communities/:communityId/claims/export.xlsx",
    {
      config: { access: needs("data.export") },
      schema: {
        tags,
        summary:
          "认领管理 as Excel: the list's filters and reach through roles holding data.export and requests.read (a grid worker: their grids), newest first, claimant phones masked as the list shows them, at most 50,000 rows (header x-linli-export-truncated); audited",
        params: ZCommunityParams,
        querystring: ZClaimsExportQuery,
        response: { 200: z.any().describe("the .xlsx file"), ...errorResponses },
      },
    },
    async (req, reply) => {
      const file = await exportClaims(app.db, req.actor, req.params.communityId, req.query);
      return reply
        .header("content-type", file.contentType)
        .header("content-disposition", file.disposition)
        .header("cache-control", "no-store")
        .header("x-linli-export-rows", String(file.rows))
        .header("x-linli-export-truncated", String(file.truncated))
        .send(file.body);
    },
  );

  app.get(
    "/me/claims",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags: ["me", ...tags],
        summary:
          "My claims in every community, newest first: the item, claimed as, status, promise date, overdue, links",
        querystring: ZMyClaimsQuery,
        response: { 200: ZMyClaims, ...errorResponses },
      },
    },
    async (req) => myClaimsOf(app.db, req.actor, req.query),
  );

  app.get(
    "/communities/:communityId/resources",
    {
      config: { access: PUBLIC },
      schema: {
        tags,
        summary: "Resources offered in the community (venue, money, skills, goods); residents are not named",
        params: ZCommunityParams,
        querystring: ZResourceQuery,
        response: { 200: ZResources, ...errorResponses },
      },
    },
    async (req) => resourcesOf(app.db, req.params.communityId, req.query),
  );

  app.post(
    "/communities/:communityId/resources",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "Publish a resource: a verified resident, a unit's representative, or staff recording a unit's offer",
        params: ZCommunityParams,
        body: ZCreateResource,
        response: { 200: ZCreated, ...errorResponses },
      },
    },
    async (req) => publishResource(app.db, req.actor, req.params.communityId, req.body),
  );

  app.post(
    "/communities/:communityId/resources/:resourceId/match",
    {
      config: { access: needs("resources.match") },
      schema: {
        tags,
        summary: "Match an available resource to an open request in the caller's places; audited",
        params: ZResourceParams,
        body: ZMatch,
        response: { 200: z.object({ ok: z.literal(true) }), ...errorResponses },
      },
    },
    async (req) =>
      matchResource(app.db, req.actor, req.params.communityId, req.params.resourceId, req.body.requestId),
  );
}
