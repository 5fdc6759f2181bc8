import { type App, needs, SIGNED_IN } from "../../../http/context.ts";
import { errorResponses } from "../../../http/errors.ts";
import { ZCommunityParams } from "../../core/places/places.schema.ts";
import {
  ZBatchModerate,
  ZBatchModerated,
  ZComment,
  ZCommentParams,
  ZEditComment,
  ZHide,
  ZModerated,
  ZNewComment,
  ZQueue,
  ZQueueQuery,
  ZReport,
  ZReported,
  ZThread,
  ZThreadQuery,
  ZWords,
} from "./comments.schema.ts";
import {
  addComment,
  approveComment,
  editComment,
  hideComment,
  moderateBatch,
  moderationQueue,
  replaceWordList,
  reportComment,
  threadFor,
  wordListOf,
} from "./comments.service.ts";

export function registerCommentRoutes(app: App): void {
  const tags = ["comments"];

  app.get(
    "/communities/:communityId/comments",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "The comments on one thing (a notice; later a topic, idea or project) as the caller may see them: held comments only to their author (待审核), someone else's hidden comment as a placeholder without text or name; others' names masked (张某)",
        params: ZCommunityParams,
        querystring: ZThreadQuery,
        response: { 200: ZThread, ...errorResponses },
      },
    },
    async (req) => threadFor(app.db, req.actor, req.params.communityId, req.query),
  );

  app.post(
    "/communities/:communityId/comments",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "Comment on a thing or reply to a comment (one level deep), if its module lets the caller; a text containing a word of the community's list is held for review; at most 5 a minute and 50 a day per person",
        params: ZCommunityParams,
        body: ZNewComment,
        response: { 200: ZComment, ...errorResponses },
      },
    },
    async (req) => addComment(app.db, req.actor, req.params.communityId, req.body),
  );

  app.patch(
    "/communities/:communityId/comments/:commentId",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "The author edits their comment within 15 minutes of writing it (409 EDIT_WINDOW_CLOSED after)",
        params: ZCommentParams,
        body: ZEditComment,
        response: { 200: ZComment, ...errorResponses },
      },
    },
    async (req) => editComment(app.db, req.actor, req.params.communityId, req.params.commentId, req.body),
  );

  app.post(
    "/communities/:communityId/comments/:commentId/report",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "Report a comment to the moderators (anyone who may read it, not its author); once per person — a second report stores nothing and answers already: true",
        params: ZCommentParams,
        body: ZReport,
        response: { 200: ZReported, ...errorResponses },
      },
    },
    async (req) => reportComment(app.db, req.actor, req.params.communityId, req.params.commentId, req.body),
  );

  app.get(
    "/communities/:communityId/comment-queue",
    {
      config: { access: needs("comments.moderate") },
      schema: {
        tags,
        summary:
          "The moderation queue: held (a listed word), reported (open reports) or hidden comments at the caller's places (a grid worker: their grids), newest first; authors masked",
        params: ZCommunityParams,
        querystring: ZQueueQuery,
        response: { 200: ZQueue, ...errorResponses },
      },
    },
    async (req) => moderationQueue(app.db, req.actor, req.params.communityId, req.query),
  );

  app.post(
    "/communities/:communityId/comments/:commentId/hide",
    {
      config: { access: needs("comments.moderate") },
      schema: {
        tags,
        summary: "Hide a comment with a reason (the author sees it and is notified); audited",
        params: ZCommentParams,
        body: ZHide,
        response: { 200: ZModerated, ...errorResponses },
      },
    },
    async (req) => hideComment(app.db, req.actor, req.params.communityId, req.params.commentId, req.body),
  );

  app.post(
    "/communities/:communityId/comments/:commentId/approve",
    {
      config: { access: needs("comments.moderate") },
      schema: {
        tags,
        summary:
          "Approve a held comment (it shows to everyone), restore a hidden one, or dismiss the reports; audited",
        params: ZCommentParams,
        response: { 200: ZModerated, ...errorResponses },
      },
    },
    async (req) => approveComment(app.db, req.actor, req.params.communityId, req.params.commentId),
  );

  app.post(
    "/communities/:communityId/comments/batch-moderate",
    {
      config: { access: needs("comments.moderate") },
      schema: {
        tags,
        summary:
          "Approve or hide up to 100 comments: each as the single action, authorised by its own place; one refusal does not undo the others",
        params: ZCommunityParams,
        body: ZBatchModerate,
        response: { 200: ZBatchModerated, ...errorResponses },
      },
    },
    async (req) => moderateBatch(app.db, req.actor, req.params.communityId, req.body),
  );

  app.get(
    "/communities/:communityId/comment-words",
    {
      config: { access: needs("comments.moderate") },
      schema: {
        tags,
        summary: "The community's word list: a comment containing one is held for review",
        params: ZCommunityParams,
        response: { 200: ZWords, ...errorResponses },
      },
    },
    async (req) => wordListOf(app.db, req.actor, req.params.communityId),
  );

  app.put(
    "/communities/:communityId/comment-words",
    {
      config: { access: needs("comments.configure") },
      schema: {
        tags,
        summary:
          "Replace the community's word list (community staff); audited with the list before and after",
        params: ZCommunityParams,
        body: ZWords,
        response: { 200: ZWords, ...errorResponses },
      },
    },
    async (req) => replaceWordList(app.db, req.actor, req.params.communityId, req.body),
  );
}
