import { z } from "zod";
import { type App, needs, PUBLIC, SIGNED_IN } from "../../../http/context.ts";
import { errorResponses, ZErrorBody } from "../../../http/errors.ts";
import { ZCommunityParams } from "../../core/places/places.schema.ts";
import { multipartBody, uploadedPhotos } from "../../voice/requests/requests.service.ts";
import {
  bookProjectEntry,
  exportAccount,
  publishAccount,
  readAccount,
  reverseProjectEntry,
} from "./project-account.service.ts";
import {
  ZAccount,
  ZAccountQuery,
  ZBooking,
  ZBookingParams,
  ZBookingResult,
  ZByOriginQuery,
  ZClaimParams,
  ZClaimResult,
  ZClaimTask,
  ZCreateProject,
  ZCreateTask,
  ZFulfil,
  ZMoveStatus,
  ZMyProjects,
  ZNewUpdate,
  ZPhotoParams,
  ZPledge,
  ZPledgeParams,
  ZPledgeResult,
  ZProjectDetail,
  ZProjectList,
  ZProjectParams,
  ZProjectRate,
  ZProjectRefs,
  ZProjectsExportQuery,
  ZProjectsQuery,
  ZPublishResult,
  ZReleaseClaim,
  ZReverseBooking,
  ZTaskParams,
  ZUpdateProject,
  ZUpdateResult,
} from "./projects.schema.ts";
import {
  addProjectUpdate,
  cancelPledge,
  claimTask,
  createProject,
  createTask,
  endTaskClaim,
  exportProjects,
  fulfilPledge,
  listProjectsOf,
  moveProjectStatus,
  myProjects,
  pledge,
  projectPhoto,
  projectsFromOrigin,
  rateProject,
  readProject,
  registerProjectComments,
  releaseTaskClaim,
  updateProject,
} from "./projects.service.ts";

export function registerProjectRoutes(app: App): void {
  registerProjectComments();
  const tags = ["projects"];
  const C = "/communities/:communityId";
  const P = `${C}/projects/:projectId`;
  const xlsx = (file: { contentType: string; disposition: string; rows: number; body: Buffer }, reply: any) =>
    reply
      .header("content-type", file.contentType)
      .header("content-disposition", file.disposition)
      .header("cache-control", "no-store")
      .header("x-linli-export-rows", String(file.rows))
      .send(file.body);

  app.post(
    `${C}/projects`,
    {
      config: { access: needs("projects.manage") },
      schema: {
        tags,
        summary:
          "Raise a co-building project at a place the caller runs (from a topic's resolution, an idea, a request, a contest entry or a gap) with its plan, budget, milestones, parties, funding sources and targets; audited",
        params: ZCommunityParams,
        body: ZCreateProject,
        response: { 200: ZProjectDetail, ...errorResponses },
      },
    },
    async (req) => createProject(app.db, req.actor, req.params.communityId, req.body),
  );

  app.get(
    `${C}/projects`,
    {
      config: { access: needs("projects.read") },
      schema: {
        tags,
        summary: "The staff board of a community's projects (the caller's reach), newest first, with filters",
        params: ZCommunityParams,
        querystring: ZProjectsQuery,
        response: { 200: ZProjectList, ...errorResponses },
      },
    },
    async (req) => listProjectsOf(app.db, req.actor, req.params.communityId, req.query),
  );

  app.get(
    `${C}/projects/export.xlsx`,
    {
      config: { access: needs("data.export") },
      schema: {
        tags,
        summary:
          "The staff board as Excel (roles holding data.export and projects.read, their reach); audited",
        params: ZCommunityParams,
        querystring: ZProjectsExportQuery,
        response: { 200: z.any().describe("the .xlsx file"), ...errorResponses },
      },
    },
    async (req, reply) =>
      xlsx(await exportProjects(app.db, req.actor, req.params.communityId, req.query), reply),
  );

  app.get(
    `${C}/projects/by-origin`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "Projects made from one topic, idea, request, contest entry or gap that the caller may see (已立项)",
        params: ZCommunityParams,
        querystring: ZByOriginQuery,
        response: { 200: ZProjectRefs, ...errorResponses },
      },
    },
    async (req) => projectsFromOrigin(app.db, req.actor, req.params.communityId, req.query),
  );

  app.get(
    "/me/projects",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "Projects at the caller's verified places, and their communities' community-wide and public ones",
        response: { 200: ZMyProjects, ...errorResponses },
      },
    },
    async (req) => myProjects(app.db, req.actor),
  );

  app.get(
    P,
    {
      config: { access: PUBLIC },
      schema: {
        tags,
        summary:
          "One project: what, where, why, who builds, money in and out (to those who may read the account), progress, how to help, ratings; a public project without signing in",
        params: ZProjectParams,
        response: { 200: ZProjectDetail, ...errorResponses },
      },
    },
    async (req) => readProject(app.db, req.actor, req.params.communityId, req.params.projectId),
  );

  app.patch(
    P,
    {
      config: { access: needs("projects.manage") },
      schema: {
        tags,
        summary:
          "Change the plan, its lists (budget lines, milestones, parties, funding sources, targets), the treasurer and organiser, publicness, or the design option chosen by a survey or vote; audited",
        params: ZProjectParams,
        body: ZUpdateProject,
        response: { 200: ZProjectDetail, ...errorResponses },
      },
    },
    async (req) => updateProject(app.db, req.actor, req.params.communityId, req.params.projectId, req.body),
  );

  app.post(
    `${P}/status`,
    {
      config: { access: needs("projects.manage") },
      schema: {
        tags,
        summary: "Move the project forward: 众筹中, 建设中, 已完工, 已评议; audited",
        params: ZProjectParams,
        body: ZMoveStatus,
        response: { 200: ZProjectDetail, ...errorResponses },
      },
    },
    async (req) =>
      moveProjectStatus(app.db, req.actor, req.params.communityId, req.params.projectId, req.body),
  );

  app.post(
    `${P}/tasks`,
    {
      config: { access: needs("projects.manage") },
      schema: {
        tags,
        summary: "Add a task people or units can claim; audited",
        params: ZProjectParams,
        body: ZCreateTask,
        response: { 200: ZProjectDetail, ...errorResponses },
      },
    },
    async (req) => createTask(app.db, req.actor, req.params.communityId, req.params.projectId, req.body),
  );

  app.post(
    `${P}/tasks/:taskId/claim`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "Claim a task with a promise date, as a party member, a volunteer (verified resident) or a co-building unit (one live claim per task)",
        params: ZTaskParams,
        body: ZClaimTask,
        response: { 200: ZClaimResult, ...errorResponses },
      },
    },
    async (req) =>
      claimTask(app.db, req.actor, req.params.communityId, req.params.projectId, req.params.taskId, req.body),
  );

  app.post(
    `${P}/task-claims/:claimId/fulfil`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary: "The claimant marks the task done",
        params: ZClaimParams,
        response: { 200: ZClaimResult, ...errorResponses },
      },
    },
    async (req) =>
      endTaskClaim(
        app.db,
        req.actor,
        req.params.communityId,
        req.params.projectId,
        req.params.claimId,
        "fulfilled",
      ),
  );

  app.post(
    `${P}/task-claims/:claimId/withdraw`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary: "The claimant withdraws; the task is open again",
        params: ZClaimParams,
        response: { 200: ZClaimResult, ...errorResponses },
      },
    },
    async (req) =>
      endTaskClaim(
        app.db,
        req.actor,
        req.params.communityId,
        req.params.projectId,
        req.params.claimId,
        "withdrawn",
      ),
  );

  app.post(
    `${P}/task-claims/:claimId/release`,
    {
      config: { access: needs("projects.manage") },
      schema: {
        tags,
        summary:
          "释放认领: staff running the project end an abandoned claim with a reason; audited, the claimant told",
        params: ZClaimParams,
        body: ZReleaseClaim,
        response: { 200: ZClaimResult, ...errorResponses },
      },
    },
    async (req) =>
      releaseTaskClaim(
        app.db,
        req.actor,
        req.params.communityId,
        req.params.projectId,
        req.params.claimId,
        req.body,
      ),
  );

  app.post(
    `${P}/updates`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "A progress update with photos (JSON, or multipart: `data` + `photos`) by the staff running the project or its organiser",
        consumes: ["application/json", "multipart/form-data"],
        params: ZProjectParams,
        body: ZNewUpdate,
        response: { 200: ZUpdateResult, 413: ZErrorBody, 415: ZErrorBody, ...errorResponses },
      },
      preValidation: multipartBody,
    },
    async (req) =>
      addProjectUpdate(
        app.db,
        req.actor,
        req.params.communityId,
        req.params.projectId,
        req.body,
        uploadedPhotos(req),
      ),
  );

  app.get(
    `${P}/photos/:photoId`,
    {
      config: { access: PUBLIC },
      schema: {
        tags,
        summary: "A photo of the project (as its page is visible); a voucher as its account is",
        params: ZPhotoParams,
        response: { ...errorResponses },
      },
    },
    async (req, reply) => {
      const { communityId, projectId, photoId } = req.params;
      const p = await projectPhoto(app.db, req.actor, communityId, projectId, photoId);
      return reply
        .type(p.mime)
        .header("cache-control", "private, max-age=86400")
        .header("etag", `"${p.sha256}"`)
        .header("x-content-type-options", "nosniff")
        .send(p.bytes as never);
    },
  );

  app.post(
    `${P}/pledges`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "我要出钱/出物/出力/出点子: a verified resident of the community, or a co-building unit's representative, pledges to a target (refused once the project is finished)",
        params: ZProjectParams,
        body: ZPledge,
        response: { 200: ZPledgeResult, ...errorResponses },
      },
    },
    async (req) => pledge(app.db, req.actor, req.params.communityId, req.params.projectId, req.body),
  );

  app.post(
    `${P}/pledges/:pledgeId/cancel`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary: "The pledger withdraws a pledge nothing of which was fulfilled",
        params: ZPledgeParams,
        response: { 200: ZPledgeResult, ...errorResponses },
      },
    },
    async (req) =>
      cancelPledge(app.db, req.actor, req.params.communityId, req.params.projectId, req.params.pledgeId),
  );

  app.post(
    `${P}/pledges/:pledgeId/fulfil`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "The organiser (or staff running the project) records goods received or labour hours certified; money is fulfilled by a booking; audited",
        params: ZPledgeParams,
        body: ZFulfil,
        response: { 200: ZPledgeResult, ...errorResponses },
      },
    },
    async (req) =>
      fulfilPledge(
        app.db,
        req.actor,
        req.params.communityId,
        req.params.projectId,
        req.params.pledgeId,
        req.body,
      ),
  );

  app.post(
    `${P}/bookings`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "The project's treasurer books an income or expense (fen) with a voucher photo (JSON, or multipart: `data` + `photos`); on the ledger; an expense that would overdraw the account is refused; a retried key books once; audited",
        consumes: ["application/json", "multipart/form-data"],
        params: ZProjectParams,
        body: ZBooking,
        response: { 200: ZBookingResult, 413: ZErrorBody, 415: ZErrorBody, ...errorResponses },
      },
      preValidation: multipartBody,
    },
    async (req) =>
      bookProjectEntry(
        app.db,
        req.actor,
        req.params.communityId,
        req.params.projectId,
        req.body,
        uploadedPhotos(req),
      ),
  );

  app.post(
    `${P}/bookings/:bookingId/reverse`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "冲正: the project's treasurer reverses a mistaken booking by a booking that names it (on the ledger as its reversing transaction); once per booking; reversing an income already spent is refused; a retried key books once; audited",
        params: ZBookingParams,
        body: ZReverseBooking,
        response: { 200: ZBookingResult, ...errorResponses },
      },
    },
    async (req) =>
      reverseProjectEntry(
        app.db,
        req.actor,
        req.params.communityId,
        req.params.projectId,
        req.params.bookingId,
        req.body,
      ),
  );

  app.get(
    `${P}/account`,
    {
      config: { access: PUBLIC },
      schema: {
        tags,
        summary:
          "The project's public account (公示): every income and expense with its voucher, the running balance, newest first — for the residents of its place, its people and staff; anyone when the project is public",
        params: ZProjectParams,
        querystring: ZAccountQuery,
        response: { 200: ZAccount, ...errorResponses },
      },
    },
    async (req) => readAccount(app.db, req.actor, req.params.communityId, req.params.projectId, req.query),
  );

  app.get(
    `${P}/account/export.xlsx`,
    {
      config: { access: PUBLIC },
      schema: {
        tags,
        summary:
          "The project's account as Excel, for whoever may read it (no person data); staff downloads audited",
        params: ZProjectParams,
        response: { 200: z.any().describe("the .xlsx file"), ...errorResponses },
      },
    },
    async (req, reply) =>
      xlsx(await exportAccount(app.db, req.actor, req.params.communityId, req.params.projectId), reply),
  );

  app.post(
    `${P}/account/publish`,
    {
      config: { access: needs("projects.manage") },
      schema: {
        tags,
        summary: "Publish the account's figures as a 公示 notice at the project's place; audited",
        params: ZProjectParams,
        response: { 200: ZPublishResult, ...errorResponses },
      },
    },
    async (req) => publishAccount(app.db, req.actor, req.params.communityId, req.params.projectId),
  );

  app.put(
    `${P}/rating`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "A verified resident of the place rates the finished project (好评/一般/差评, one current rating each)",
        params: ZProjectParams,
        body: ZProjectRate,
        response: { 200: ZProjectDetail, ...errorResponses },
      },
    },
    async (req) => rateProject(app.db, req.actor, req.params.communityId, req.params.projectId, req.body),
  );
}
