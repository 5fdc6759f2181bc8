import { z } from "zod";
import { type App, needs, SIGNED_IN } from "../../../http/context.ts";
import { errorResponses } from "../../../http/errors.ts";
import { ZCommunityParams } from "../../core/places/places.schema.ts";
import {
  ZBallotForm,
  ZBallotParams,
  ZBallotReceipt,
  ZCreateVote,
  ZElectorate,
  ZExport,
  ZMyBallotBody,
  ZMyVotes,
  ZPaperBallot,
  ZProgress,
  ZVote,
  ZVoteList,
  ZVoteParams,
  ZVotesQuery,
} from "./votes.schema.ts";
import {
  ballotForm,
  castMyBallot,
  closeVote,
  confirmPaperBallot,
  createVote,
  electorateOf,
  enterPaperBallot,
  exportVote,
  listVotesOf,
  myVotes,
  openVote,
  readVote,
  voteProgress,
} from "./votes.service.ts";
import { exportBallotsSheet } from "./votes-export.service.ts";
import { resultSheetPdf } from "./votes-pdf.ts";

export function registerVoteRoutes(app: App): void {
  const tags = ["votes"];
  const base = "/communities/:communityId/votes";

  app.get(
    "/me/votes",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "我的投票: the owners' votes whose frozen electorate includes a household the caller is a verified owner of — open ones (to vote / voted with the receipt) and those closed in the last 180 days with their published result; only the caller's own ballot",
        response: { 200: ZMyVotes, ...errorResponses },
      },
    },
    async (req) => myVotes(app.db, req.actor),
  );

  app.get(
    base,
    {
      config: { access: needs("votes.read") },
      schema: {
        tags,
        summary:
          "Owners' votes (业主共同决定) of a community in the caller's reach (a building head: votes naming their building), newest first",
        params: ZCommunityParams,
        querystring: ZVotesQuery,
        response: { 200: ZVoteList, ...errorResponses },
      },
    },
    async (req) => listVotesOf(app.db, req.actor, req.params.communityId, req.query),
  );

  app.post(
    base,
    {
      config: { access: needs("votes.manage") },
      schema: {
        tags,
        summary:
          "Set up an owners' vote for an estate or some of its buildings/units: matter (民法典第二百七十八条 item 1–9), questions, period, proxy limit; a draft until opened; audited",
        params: ZCommunityParams,
        body: ZCreateVote,
        response: { 200: ZVote, ...errorResponses },
      },
    },
    async (req) => createVote(app.db, req.actor, req.params.communityId, req.body),
  );

  app.get(
    `${base}/:voteId`,
    {
      config: { access: needs("votes.read") },
      schema: {
        tags,
        summary: "One vote with its current figures (area and headcount against each threshold)",
        params: ZVoteParams,
        response: { 200: ZVote, ...errorResponses },
      },
    },
    async (req) => readVote(app.db, req.actor, req.params.communityId, req.params.voteId),
  );

  app.post(
    `${base}/:voteId/open`,
    {
      config: { access: needs("votes.manage") },
      schema: {
        tags,
        summary:
          "Open a draft vote: freeze its electorate from the household register (解释第八、九条: area per part, one head per owner, the developer's parts one head); audited",
        params: ZVoteParams,
        response: { 200: ZVote, ...errorResponses },
      },
    },
    async (req) => openVote(app.db, app.config, req.actor, req.params.communityId, req.params.voteId),
  );

  app.post(
    `${base}/:voteId/close`,
    {
      config: { access: needs("votes.manage") },
      schema: {
        tags,
        summary:
          "Close and count: the running tally must equal a recount; the result (with electorate and ballot SHA-256) is published as a notice to the owners; audited",
        params: ZVoteParams,
        response: { 200: ZVote, ...errorResponses },
      },
    },
    async (req) => closeVote(app.db, req.actor, req.params.communityId, req.params.voteId),
  );

  app.get(
    `${base}/:voteId/progress`,
    {
      config: { access: needs("votes.read") },
      schema: {
        tags,
        summary:
          "Live progress: participation by area and headcount against 2/3, each question against its threshold, and the owners who have not voted (names masked) for door visits",
        params: ZVoteParams,
        response: { 200: ZProgress, ...errorResponses },
      },
    },
    async (req) => voteProgress(app.db, req.actor, req.params.communityId, req.params.voteId),
  );

  app.get(
    `${base}/:voteId/electorate`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "The frozen electorate (names masked as 张某, areas, parts), for the owners in the vote's scope and staff who read it",
        params: ZVoteParams,
        response: { 200: ZElectorate, ...errorResponses },
      },
    },
    async (req) => electorateOf(app.db, req.actor, req.params.communityId, req.params.voteId),
  );

  app.get(
    `${base}/:voteId/ballot`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary: "The vote as an owner in its electorate sees it, with their own ballot if any",
        params: ZVoteParams,
        response: { 200: ZBallotForm, ...errorResponses },
      },
    },
    async (req) => ballotForm(app.db, req.actor, req.params.communityId, req.params.voteId),
  );

  app.put(
    `${base}/:voteId/ballot`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "A verified owner votes online (one ballot per owner covering all their parts; voting again before the close changes it)",
        params: ZVoteParams,
        body: ZMyBallotBody,
        response: { 200: ZBallotReceipt, ...errorResponses },
      },
    },
    async (req) =>
      castMyBallot(app.db, req.actor, req.params.communityId, req.params.voteId, req.body.choices),
  );

  app.post(
    `${base}/:voteId/paper-ballots`,
    {
      config: { access: needs("votes.manage") },
      schema: {
        tags,
        summary:
          "Staff enter a paper ballot (sheet number; optionally a proxy's 委托书): counted once a second staff member confirms it; refused for an owner who voted online; audited",
        params: ZVoteParams,
        body: ZPaperBallot,
        response: { 200: ZBallotReceipt, ...errorResponses },
      },
    },
    async (req) =>
      enterPaperBallot(app.db, app.config, req.actor, req.params.communityId, req.params.voteId, req.body),
  );

  app.post(
    `${base}/:voteId/paper-ballots/:ballotId/confirm`,
    {
      config: { access: needs("votes.manage") },
      schema: {
        tags,
        summary: "A second staff member confirms a paper ballot (not the one who entered it); audited",
        params: ZBallotParams,
        response: { 200: ZBallotReceipt, ...errorResponses },
      },
    },
    async (req) =>
      confirmPaperBallot(app.db, req.actor, req.params.communityId, req.params.voteId, req.params.ballotId),
  );

  app.get(
    `${base}/:voteId/export.json`,
    {
      config: { access: needs("data.export") },
      schema: {
        tags,
        summary:
          "The ballots export: pseudonymous parts and owners with areas, counted ballots (channel, choices), hashes and figures — `npm run verify:vote -- file.json` recomputes the result from it; audited",
        params: ZVoteParams,
        response: { 200: ZExport, ...errorResponses },
      },
    },
    async (req, reply) => {
      const data = await exportVote(app.db, app.config, req.actor, req.params.communityId, req.params.voteId);
      reply
        .header(
          "content-disposition",
          `attachment; filename="vote-${req.params.communityId}-${req.params.voteId}.json"`,
        )
        .header("cache-control", "no-store");
      return data;
    },
  );

  app.get(
    `${base}/:voteId/ballots.xlsx`,
    {
      config: { access: needs("data.export") },
      schema: {
        tags,
        summary:
          "The vote's ballots as Excel for its organisers: owners' names masked as in the published electorate, parts and area, channel (online/paper/proxy), sheet number, entered and confirmed by, time, the choice per question (paper ballots waiting for their check included, marked); audited",
        params: ZVoteParams,
        response: { 200: z.any().describe("the .xlsx file"), ...errorResponses },
      },
    },
    async (req, reply) => {
      const file = await exportBallotsSheet(app.db, req.actor, req.params.communityId, req.params.voteId);
      return reply
        .header("content-type", file.contentType)
        .header("content-disposition", file.disposition)
        .header("cache-control", "no-store")
        .header("x-linli-export-rows", String(file.rows))
        .send(file.body);
    },
  );

  app.get(
    `${base}/:voteId/result.pdf`,
    {
      config: { access: needs("votes.read") },
      schema: {
        tags,
        summary:
          "The result sheet (表决结果) as PDF in Chinese: figures, thresholds, electorate and ballot hashes",
        params: ZVoteParams,
        response: { 200: z.any().describe("the PDF file"), ...errorResponses },
      },
    },
    async (req, reply) => {
      const pdf = await resultSheetPdf(app.db, req.actor, req.params.communityId, req.params.voteId);
      return reply
        .header("content-type", "application/pdf")
        .header(
          "content-disposition",
          `attachment; filename="vote-${req.params.communityId}-${req.params.voteId}.pdf"`,
        )
        .header("cache-control", "no-store")
        .send(pdf);
    },
  );
}
