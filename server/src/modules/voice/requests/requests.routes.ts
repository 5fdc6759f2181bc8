import { z } from "zod";
import { type App, needs, SIGNED_IN } from "../../../http/context.ts";
import { errorResponses, ZErrorBody } from "../../../http/errors.ts";
import { ZCommunityParams } from "../../core/places/places.schema.ts";
import { registerCategoryRoutes } from "./categories.routes.ts";
import { multipartBody, uploadedPhotos } from "./request-upload.ts";
import {
  ZAssigned,
  ZAssignedQuery,
  ZBatchResult,
  ZBatchRoute,
  ZBatchSign,
  ZBuildingChoices,
  ZConfirm,
  ZDuplicate,
  ZExportQuery,
  ZInbox,
  ZInboxQuery,
  ZList,
  ZListQuery,
  ZMerge,
  ZMyRequests,
  ZMyRequestsQuery,
  ZPhotoParams,
  ZRejectResolution,
  ZRequestDetail,
  ZRequestParams,
  ZResolve,
  ZResolved,
  ZRoute,
  ZRouteTarget,
  ZSign,
  ZStatusResult,
  ZSubmitRequest,
  ZSubmitted,
} from "./requests.schema.ts";
import { batchRoute, batchSign } from "./requests-batch.service.ts";
import { exportRequests } from "./requests-export.service.ts";
import {
  assignedToMe,
  buildingChoicesFor,
  listForStaff,
  myRequestsOf,
  readPhoto,
  readRequest,
} from "./requests-read.service.ts";
import { confirmRequest, rejectResolution, resolveRequest } from "./requests-resolution.service.ts";
import { repeatedSubmission, submitRequest } from "./requests-submit.service.ts";
import {
  findDuplicates,
  inboxOf,
  mergeRequests,
  routeRequest,
  routeTargetsOf,
  signRequest,
} from "./requests-triage.service.ts";
import { assertSubmissionRate } from "./submission-limit.ts";

const uploadErrors = { 413: ZErrorBody, 415: ZErrorBody } as const;

export function registerRequestRoutes(app: App): void {
  const tags = ["requests"];
  registerCategoryRoutes(app);

  app.post(
    "/communities/:communityId/requests",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "Submit a problem, need or micro-wish (V1), by a resident or on their behalf (代办). JSON, or multipart/form-data with the same JSON in the field `data` and up to 9 photos (JPEG/PNG/WebP, 5 MB each) in `photos`",
        consumes: ["application/json", "multipart/form-data"],
        params: ZCommunityParams,
        body: ZSubmitRequest,
        response: { 200: ZSubmitted, ...uploadErrors, ...errorResponses },
      },
      preValidation: multipartBody,
    },
    async (req) => {
      // a report sent again with its key (the phone's offline queue) is answered before the limit
      const repeated = await repeatedSubmission(app.db, req.actor, req.params.communityId, req.body);
      if (repeated) return repeated;
      await assertSubmissionRate(app.db, app.config, req.actor, req.params.communityId);
      return submitRequest(app.db, app.config, req.actor, req.params.communityId, req.body, {
        photos: uploadedPhotos(req),
      });
    },
  );

  app.get(
    "/communities/:communityId/requests",
    {
      config: { access: needs("requests.read") },
      schema: {
        tags,
        summary: "Requests within the caller's places, newest first, with filters (keyset paging by id)",
        params: ZCommunityParams,
        querystring: ZListQuery,
        response: { 200: ZList, ...errorResponses },
      },
    },
    async (req) => listForStaff(app.db, req.actor, req.params.communityId, req.query),
  );

  app.get(
    "/communities/:communityId/requests/export.xlsx",
    {
      config: { access: needs("data.export") },
      schema: {
        tags,
        summary:
          "The staff list as Excel: same filters and reach (roles holding data.export and requests.read), newest first, at most 50,000 rows (the sheet says when it is cut; header x-linli-export-truncated); no submitter names or phones; audited",
        params: ZCommunityParams,
        querystring: ZExportQuery,
        response: { 200: z.any().describe("the .xlsx file"), ...errorResponses },
      },
    },
    async (req, reply) => {
      const file = await exportRequests(app.db, req.actor, req.params.communityId, req.query);
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
    "/communities/:communityId/building-choices",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "Buildings a request may name, by estate (ids and names only): all of them for a verified resident of the community, those in reach for staff reading places",
        params: ZCommunityParams,
        response: { 200: ZBuildingChoices, ...errorResponses },
      },
    },
    async (req) => buildingChoicesFor(app.db, req.actor, req.params.communityId),
  );

  app.get(
    "/communities/:communityId/requests/:requestId/route-targets",
    {
      config: { access: needs("requests.handle") },
      schema: {
        tags,
        summary:
          "Organisations this request may be routed to (id, name, kind), for whoever may route it: the estates' property companies, the community's co-building units, owners' committees and departments",
        params: ZRequestParams,
        response: { 200: z.array(ZRouteTarget), ...errorResponses },
      },
    },
    async (req) => routeTargetsOf(app.db, req.actor, req.params.communityId, req.params.requestId),
  );

  app.get(
    "/communities/:communityId/requests/:requestId",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "One request with its whole history: for its submitter, staff in reach, whoever it is routed to and its claimant; phones masked",
        params: ZRequestParams,
        response: { 200: ZRequestDetail, ...errorResponses },
      },
    },
    async (req) => readRequest(app.db, req.actor, req.params.communityId, req.params.requestId),
  );

  app.get(
    "/communities/:communityId/requests/:requestId/photos/:photoId",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary: "A photo of a request (same visibility as the request)",
        params: ZPhotoParams,
        response: { ...errorResponses },
      },
    },
    async (req, reply) => {
      const { communityId, requestId, photoId } = req.params;
      const p = await readPhoto(app.db, req.actor, communityId, requestId, photoId);
      return reply
        .type(p.mime)
        .header("cache-control", "private, max-age=86400")
        .header("etag", `"${p.sha256}"`)
        .header("x-content-type-options", "nosniff")
        .send(p.bytes as never);
    },
  );

  app.get(
    "/communities/:communityId/inbox",
    {
      config: { access: needs("requests.handle") },
      schema: {
        tags,
        summary:
          "The grid worker's inbox (V2): open items in the caller's places, nearest deadline first, with seconds left (negative = overdue)",
        params: ZCommunityParams,
        querystring: ZInboxQuery,
        response: { 200: ZInbox, ...errorResponses },
      },
    },
    async (req) => inboxOf(app.db, req.actor, req.params.communityId, req.query),
  );

  app.post(
    "/communities/:communityId/requests/:requestId/sign",
    {
      config: { access: needs("requests.handle") },
      schema: {
        tags,
        summary: "签收: sign for a submitted item (optionally reclassifying it)",
        params: ZRequestParams,
        body: ZSign,
        response: { 200: ZStatusResult, ...errorResponses },
      },
    },
    async (req) => signRequest(app.db, req.actor, req.params.communityId, req.params.requestId, req.body),
  );

  app.post(
    "/communities/:communityId/requests/batch-sign",
    {
      config: { access: needs("requests.handle") },
      schema: {
        tags,
        summary:
          "批量签收: sign for up to 100 submitted items; each is authorised at its own place (a grid worker: only inside their grids) and signed in its own transaction, as the single action does; answers ok or the error per item",
        params: ZCommunityParams,
        body: ZBatchSign,
        response: { 200: ZBatchResult, ...errorResponses },
      },
    },
    async (req) => batchSign(app.db, req.actor, req.params.communityId, req.body),
  );

  app.post(
    "/communities/:communityId/requests/batch-route",
    {
      config: { access: needs("requests.handle") },
      schema: {
        tags,
        summary:
          "批量分派: route up to 100 items to the same kind of handler (property: each item's estate's company unless orgId names one); each is authorised at its own place and routed in its own transaction; answers ok or the error per item",
        params: ZCommunityParams,
        body: ZBatchRoute,
        response: { 200: ZBatchResult, ...errorResponses },
      },
    },
    async (req) => batchRoute(app.db, req.actor, req.params.communityId, req.body),
  );

  app.post(
    "/communities/:communityId/requests/:requestId/route",
    {
      config: { access: needs("requests.handle") },
      schema: {
        tags,
        summary:
          "Route to who must act: community, property (the estate's company by default), co-building unit, owners' committee, street or department; signs a submitted item in the same step",
        params: ZRequestParams,
        body: ZRoute,
        response: { 200: ZStatusResult, ...errorResponses },
      },
    },
    async (req) => routeRequest(app.db, req.actor, req.params.communityId, req.params.requestId, req.body),
  );

  app.post(
    "/communities/:communityId/requests/:requestId/merge",
    {
      config: { access: needs("requests.handle") },
      schema: {
        tags,
        summary: "Merge this duplicate into another open request; its submitter follows the one that stays",
        params: ZRequestParams,
        body: ZMerge,
        response: { 200: ZStatusResult, ...errorResponses },
      },
    },
    async (req) =>
      mergeRequests(app.db, req.actor, req.params.communityId, req.params.requestId, req.body.intoId),
  );

  app.get(
    "/communities/:communityId/requests/:requestId/duplicates",
    {
      config: { access: needs("requests.handle") },
      schema: {
        tags,
        summary:
          "Likely duplicates: open, same category, same household or building (or within ~100 m), within 7 days",
        params: ZRequestParams,
        response: { 200: z.array(ZDuplicate), ...errorResponses },
      },
    },
    async (req) => findDuplicates(app.db, req.actor, req.params.communityId, req.params.requestId),
  );

  app.post(
    "/communities/:communityId/requests/:requestId/resolve",
    {
      config: { access: needs("requests.resolve") },
      schema: {
        tags,
        summary:
          "Resolve with text and photos (JSON, or multipart: `data` + `photos`), by whoever it is routed to or community staff; the submitter then confirms",
        consumes: ["application/json", "multipart/form-data"],
        params: ZRequestParams,
        body: ZResolve,
        response: {
          200: ZResolved,
          ...uploadErrors,
          ...errorResponses,
        },
      },
      preValidation: multipartBody,
    },
    async (req) =>
      resolveRequest(
        app.db,
        req.actor,
        req.params.communityId,
        req.params.requestId,
        req.body,
        uploadedPhotos(req),
      ),
  );

  app.post(
    "/communities/:communityId/requests/:requestId/confirm",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "The submitter confirms and rates (好差评): good/average close it, poor reopens it with its history",
        params: ZRequestParams,
        body: ZConfirm,
        response: { 200: ZStatusResult, ...errorResponses },
      },
    },
    async (req) => confirmRequest(app.db, req.actor, req.params.communityId, req.params.requestId, req.body),
  );

  app.post(
    "/communities/:communityId/requests/:requestId/reject-resolution",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary: "The submitter does not accept the resolution: it is reopened with its history",
        params: ZRequestParams,
        body: ZRejectResolution,
        response: { 200: ZStatusResult, ...errorResponses },
      },
    },
    async (req) =>
      rejectResolution(app.db, req.actor, req.params.communityId, req.params.requestId, req.body),
  );

  app.get(
    "/me/requests",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags: ["me"],
        summary: "My requests, newest first (keyset paging by id)",
        querystring: ZMyRequestsQuery,
        response: { 200: ZMyRequests, ...errorResponses },
      },
    },
    async (req) => myRequestsOf(app.db, req.actor, req.query),
  );

  app.get(
    "/me/assigned-requests",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags: ["me"],
        summary:
          "Requests routed to the organisation I act for (property company, co-building unit): open first, by time to solve",
        querystring: ZAssignedQuery,
        response: { 200: ZAssigned, ...errorResponses },
      },
    },
    async (req) => assignedToMe(app.db, req.actor, req.query),
  );
}
