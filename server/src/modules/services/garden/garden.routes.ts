import { z } from "zod";
import { type App, needs, SIGNED_IN } from "../../../http/context.ts";
import { errorResponses } from "../../../http/errors.ts";
import { ZCommunityParams } from "../../core/places/places.schema.ts";
import { multipartBody, uploadedPhotos } from "../../voice/requests/requests.service.ts";
import {
  ZAddCare,
  ZAdoptResult,
  ZAllocateResult,
  ZApplicationList,
  ZApplicationsQuery,
  ZApplyResult,
  ZApprove,
  ZApproveResult,
  ZCareCreated,
  ZCareList,
  ZCarePhotoParams,
  ZCreatePlot,
  ZCreateTree,
  ZEndAdoptionResult,
  ZLeaseList,
  ZLeaseParams,
  ZLeasesQuery,
  ZMyGarden,
  ZPlotCreated,
  ZPlotList,
  ZPlotParams,
  ZPlotsQuery,
  ZReject,
  ZRejectResult,
  ZRenewResult,
  ZTreeCreated,
  ZTreeList,
  ZTreeParams,
} from "./garden.schema.ts";
import {
  addCare,
  adoptTree,
  allocatePlot,
  applyForPlot,
  approveApplications,
  createPlot,
  createTree,
  endAdoption,
  exportLeases,
  listApplications,
  listCare,
  listLeases,
  listPlots,
  listTrees,
  myGarden,
  readCarePhoto,
  rejectApplications,
  renewLease,
} from "./garden.service.ts";

export function registerGardenRoutes(app: App): void {
  const tags = ["garden"];
  const G = "/communities/:communityId/garden";

  app.post(
    `${G}/plots`,
    {
      config: { access: needs("garden.manage") },
      schema: {
        tags,
        summary:
          "Add a plot (code, size, yearly rent 100–500 yuan stored in fen: a fraction of a fen is refused; optionally an application window allocated by a lottery); audited",
        params: ZCommunityParams,
        body: ZCreatePlot,
        response: { 200: ZPlotCreated, ...errorResponses },
      },
    },
    async (req) => createPlot(app.db, req.actor, req.params.communityId, req.body),
  );

  app.get(
    `${G}/plots`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "The community's plots with rent, state and the caller's household's application and lease (residents of the community and staff)",
        params: ZCommunityParams,
        querystring: ZPlotsQuery,
        response: { 200: ZPlotList, ...errorResponses },
      },
    },
    async (req) => listPlots(app.db, req.actor, req.params.communityId, req.query),
  );

  app.post(
    `${G}/plots/:plotId/apply`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "Apply for a free plot for one's household (a verified resident); in an application window, also into the plot's lottery",
        params: ZPlotParams,
        response: { 200: ZApplyResult, ...errorResponses },
      },
    },
    async (req) => applyForPlot(app.db, req.actor, req.params.communityId, req.params.plotId),
  );

  app.post(
    `${G}/plots/:plotId/allocate`,
    {
      config: { access: needs("garden.manage") },
      schema: {
        tags,
        summary:
          "After the application window: lease the plot to its one applicant, else to the drawn lottery's winner (the others declined); the year's rent booked; audited",
        params: ZPlotParams,
        response: { 200: ZAllocateResult, ...errorResponses },
      },
    },
    async (req) => allocatePlot(app.db, req.actor, req.params.communityId, req.params.plotId),
  );

  app.get(
    `${G}/applications`,
    {
      config: { access: needs("garden.read") },
      schema: {
        tags,
        summary: "Plot applications with search and filters (phones masked)",
        params: ZCommunityParams,
        querystring: ZApplicationsQuery,
        response: { 200: ZApplicationList, ...errorResponses },
      },
    },
    async (req) => listApplications(app.db, req.actor, req.params.communityId, req.query),
  );

  app.post(
    `${G}/applications/approve`,
    {
      config: { access: needs("garden.manage") },
      schema: {
        tags,
        summary:
          "Approve applications in a batch: each a lease of a year with its rent booked to the volunteer fund on the ledger (the plot's other applications declined); each one that cannot be approved is listed with its reason; audited",
        params: ZCommunityParams,
        body: ZApprove,
        response: { 200: ZApproveResult, ...errorResponses },
      },
    },
    async (req) => approveApplications(app.db, req.actor, req.params.communityId, req.body),
  );

  app.post(
    `${G}/applications/reject`,
    {
      config: { access: needs("garden.manage") },
      schema: {
        tags,
        summary:
          "Reject waiting applications (one or a batch) with a reason the applicant sees (未通过), all or none: an application already decided (409 GARDEN_DECIDED) or of a plot in its window (409 GARDEN_IN_WINDOW) changes nothing; each applicant notified; audited",
        params: ZCommunityParams,
        body: ZReject,
        response: { 200: ZRejectResult, ...errorResponses },
      },
    },
    async (req) => rejectApplications(app.db, req.actor, req.params.communityId, req.body),
  );

  app.get(
    `${G}/leases`,
    {
      config: { access: needs("garden.read") },
      schema: {
        tags,
        summary: "Leases with their holder (phone masked), dates and the rent booked",
        params: ZCommunityParams,
        querystring: ZLeasesQuery,
        response: { 200: ZLeaseList, ...errorResponses },
      },
    },
    async (req) => listLeases(app.db, req.actor, req.params.communityId, req.query),
  );

  app.get(
    `${G}/leases/export.xlsx`,
    {
      config: { access: needs("data.export") },
      schema: {
        tags,
        summary: "The leases as Excel (roles holding data.export and garden.read); audited",
        params: ZCommunityParams,
        querystring: ZLeasesQuery,
        response: { 200: z.any().describe("the .xlsx file"), ...errorResponses },
      },
    },
    async (req, reply) => {
      const file = await exportLeases(app.db, req.actor, req.params.communityId, req.query);
      return reply
        .header("content-type", file.contentType)
        .header("content-disposition", file.disposition)
        .header("cache-control", "no-store")
        .header("x-linli-export-rows", String(file.rows))
        .send(file.body);
    },
  );

  app.post(
    `${G}/leases/:leaseId/renew`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "Renew one's household's lease in its last month: a year more, the year's rent booked to the volunteer fund",
        params: ZLeaseParams,
        response: { 200: ZRenewResult, ...errorResponses },
      },
    },
    async (req) => renewLease(app.db, req.actor, req.params.communityId, req.params.leaseId),
  );

  app.post(
    `${G}/trees`,
    {
      config: { access: needs("garden.manage") },
      schema: {
        tags,
        summary: "Add a tree for adoption (认养一棵树); audited",
        params: ZCommunityParams,
        body: ZCreateTree,
        response: { 200: ZTreeCreated, ...errorResponses },
      },
    },
    async (req) => createTree(app.db, req.actor, req.params.communityId, req.body),
  );

  app.get(
    `${G}/trees`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "The community's trees: adopted or not, by the caller's household or not, their care count (the adopter's name to staff only)",
        params: ZCommunityParams,
        response: { 200: ZTreeList, ...errorResponses },
      },
    },
    async (req) => listTrees(app.db, req.actor, req.params.communityId),
  );

  app.post(
    `${G}/trees/:treeId/adopt`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary: "Adopt a tree for one's household (a verified resident); one adopting household per tree",
        params: ZTreeParams,
        response: { 200: ZAdoptResult, ...errorResponses },
      },
    },
    async (req) => adoptTree(app.db, req.actor, req.params.communityId, req.params.treeId),
  );

  app.post(
    `${G}/trees/:treeId/end-adoption`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "End a tree's adoption (the adopting household or staff): the tree is free for another household, its care records stay; audited",
        params: ZTreeParams,
        response: { 200: ZEndAdoptionResult, ...errorResponses },
      },
    },
    async (req) => endAdoption(app.db, req.actor, req.params.communityId, req.params.treeId),
  );

  app.post(
    `${G}/trees/:treeId/care`,
    {
      config: { access: SIGNED_IN },
      preValidation: multipartBody,
      schema: {
        tags,
        summary:
          "Record a tree's care (the adopting household or staff): JSON, or multipart with the same JSON in `data` and one optional photo (JPEG/PNG/WebP, 5 MB) in `photos`",
        params: ZTreeParams,
        body: ZAddCare,
        response: { 200: ZCareCreated, ...errorResponses },
      },
    },
    async (req) =>
      addCare(app.db, req.actor, req.params.communityId, req.params.treeId, req.body, uploadedPhotos(req)),
  );

  app.get(
    `${G}/trees/:treeId/care`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary: "A tree's care records, newest first (residents of the community and staff)",
        params: ZTreeParams,
        response: { 200: ZCareList, ...errorResponses },
      },
    },
    async (req) => listCare(app.db, req.actor, req.params.communityId, req.params.treeId),
  );

  app.get(
    `${G}/trees/:treeId/care/:careId/photo`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary: "The photo of a care record (residents of the community and staff)",
        params: ZCarePhotoParams,
        response: { ...errorResponses },
      },
    },
    async (req, reply) => {
      const { communityId, treeId, careId } = req.params;
      const p = await readCarePhoto(app.db, req.actor, communityId, treeId, careId);
      return reply
        .type(p.mime)
        .header("cache-control", "private, max-age=86400")
        .header("etag", `"${p.sha256}"`)
        .header("x-content-type-options", "nosniff")
        .send(p.bytes as never);
    },
  );

  app.get(
    "/me/garden",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "My household's plots (leases with their end and whether renewable), applications and adopted trees",
        response: { 200: ZMyGarden, ...errorResponses },
      },
    },
    async (req) => myGarden(app.db, req.actor),
  );
}
