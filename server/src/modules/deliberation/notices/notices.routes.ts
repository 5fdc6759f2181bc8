import { z } from "zod";
import { type App, needs, PUBLIC, SIGNED_IN } from "../../../http/context.ts";
import { errorResponses } from "../../../http/errors.ts";
import { ZCommunityParams } from "../../core/places/places.schema.ts";
import {
  ZEditNotice,
  ZExportQuery,
  ZMyNotices,
  ZNewNotice,
  ZNotice,
  ZNoticeDetail,
  ZNoticeParams,
  ZPublicNotice,
  ZPublicNotices,
  ZReadResult,
  ZReceipts,
  ZStaffNotices,
  ZStaffNoticesQuery,
} from "./notices.schema.ts";
import {
  createNotice,
  editNotice,
  exportNotices,
  myNotices,
  noticeFor,
  publicNotice,
  publicNoticesOf,
  receiptsOf,
  recordRead,
  registerNoticeComments,
  setNoticeStatus,
  staffNoticesOf,
} from "./notices.service.ts";

export function registerNoticeRoutes(app: App): void {
  registerNoticeComments();
  const tags = ["notices"];

  app.get(
    "/communities/:communityId/public-notices",
    {
      config: { access: PUBLIC },
      schema: {
        tags,
        summary:
          "The community's public notices (公告/公示) inside their window, pinned first — for anyone, without sign-in; no person data",
        params: ZCommunityParams,
        response: { 200: ZPublicNotices, ...errorResponses },
      },
    },
    async (req) => publicNoticesOf(app.db, req.params.communityId),
  );

  app.get(
    "/communities/:communityId/public-notices/:noticeId",
    {
      config: { access: PUBLIC },
      schema: {
        tags,
        summary: "One public notice inside its window (404 otherwise); no person data",
        params: ZNoticeParams,
        response: { 200: ZPublicNotice, ...errorResponses },
      },
    },
    async (req) => publicNotice(app.db, req.params.communityId, req.params.noticeId),
  );

  app.get(
    "/me/notices",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "The live notices of the places I live in (my buildings, estates and communities, for my group), pinned first, with whether I have read each",
        response: { 200: ZMyNotices, ...errorResponses },
      },
    },
    async (req) => myNotices(app.db, req.actor),
  );

  app.get(
    "/communities/:communityId/notices/:noticeId",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "One notice: for staff who read notices at its place (any state), or while it is live for the residents of its place and group (or anyone, when public)",
        params: ZNoticeParams,
        response: { 200: ZNoticeDetail, ...errorResponses },
      },
    },
    async (req) => noticeFor(app.db, req.actor, req.params.communityId, req.params.noticeId),
  );

  app.post(
    "/communities/:communityId/notices/:noticeId/read",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "A resident of its place and group has opened the notice: one read each, kept once (the read receipts); anyone else records nothing",
        params: ZNoticeParams,
        response: { 200: ZReadResult, ...errorResponses },
      },
    },
    async (req) => recordRead(app.db, req.actor, req.params.communityId, req.params.noticeId),
  );

  app.get(
    "/communities/:communityId/notices",
    {
      config: { access: needs("notices.read") },
      schema: {
        tags,
        summary:
          "Staff list of notices at the caller's places (a grid worker: the buildings of their grids), pinned then newest, with read counts; search and filters",
        params: ZCommunityParams,
        querystring: ZStaffNoticesQuery,
        response: { 200: ZStaffNotices, ...errorResponses },
      },
    },
    async (req) => staffNoticesOf(app.db, req.actor, req.params.communityId, req.query),
  );

  app.get(
    "/communities/:communityId/notices/export.xlsx",
    {
      config: { access: needs("data.export") },
      schema: {
        tags,
        summary:
          "The staff list as Excel: same filters and reach (roles holding data.export and notices.read); audited",
        params: ZCommunityParams,
        querystring: ZExportQuery,
        response: { 200: z.any().describe("the .xlsx file"), ...errorResponses },
      },
    },
    async (req, reply) => {
      const file = await exportNotices(app.db, req.actor, req.params.communityId, req.query);
      return reply
        .header("content-type", file.contentType)
        .header("content-disposition", file.disposition)
        .header("cache-control", "no-store")
        .header("x-linli-export-rows", String(file.rows))
        .send(file.body);
    },
  );

  app.post(
    "/communities/:communityId/notices",
    {
      config: { access: needs("notices.publish") },
      schema: {
        tags,
        summary:
          "Write a notice for the community, an estate or a building (a grid worker: a building of their grid), as a draft or published at once; audited",
        params: ZCommunityParams,
        body: ZNewNotice,
        response: { 200: ZNotice, ...errorResponses },
      },
    },
    async (req) => createNotice(app.db, req.actor, req.params.communityId, req.body),
  );

  app.patch(
    "/communities/:communityId/notices/:noticeId",
    {
      config: { access: needs("notices.publish") },
      schema: {
        tags,
        summary: "Change a notice: text, group, visibility, window, pinning, attachments; audited",
        params: ZNoticeParams,
        body: ZEditNotice,
        response: { 200: ZNotice, ...errorResponses },
      },
    },
    async (req) => editNotice(app.db, req.actor, req.params.communityId, req.params.noticeId, req.body),
  );

  app.post(
    "/communities/:communityId/notices/:noticeId/publish",
    {
      config: { access: needs("notices.publish") },
      schema: {
        tags,
        summary: "Publish a draft (it shows inside its window); audited",
        params: ZNoticeParams,
        response: { 200: ZNotice, ...errorResponses },
      },
    },
    async (req) =>
      setNoticeStatus(app.db, req.actor, req.params.communityId, req.params.noticeId, "published"),
  );

  app.post(
    "/communities/:communityId/notices/:noticeId/withdraw",
    {
      config: { access: needs("notices.publish") },
      schema: {
        tags,
        summary: "Withdraw a notice (it no longer shows; kept for the record); audited",
        params: ZNoticeParams,
        response: { 200: ZNotice, ...errorResponses },
      },
    },
    async (req) =>
      setNoticeStatus(app.db, req.actor, req.params.communityId, req.params.noticeId, "withdrawn"),
  );

  app.get(
    "/communities/:communityId/notices/:noticeId/receipts",
    {
      config: { access: needs("notices.read") },
      schema: {
        tags,
        summary:
          "Read receipts: read / unread of the verified residents of its place and group, and the unread (names and phones masked) to follow up",
        params: ZNoticeParams,
        response: { 200: ZReceipts, ...errorResponses },
      },
    },
    async (req) => receiptsOf(app.db, req.actor, req.params.communityId, req.params.noticeId),
  );
}
