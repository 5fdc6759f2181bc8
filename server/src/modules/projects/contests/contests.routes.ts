import { z } from "zod";
import { type App, needs, SIGNED_IN } from "../../../http/context.ts";
import { errorResponses } from "../../../http/errors.ts";
import { multipartBody, uploadedPhotos } from "../../voice/requests/requests.service.ts";
import {
  ZAdopted,
  ZAdvance,
  ZAdvanced,
  ZContest,
  ZContestList,
  ZContestParams,
  ZContestsQuery,
  ZCreateContest,
  ZEntryCreated,
  ZEntryList,
  ZEntryParams,
  ZJudgeChoices,
  ZJudgeChoicesQuery,
  ZJudgingSheet,
  ZMyContests,
  ZNewEntry,
  ZNewScore,
  ZPhotoParams,
  ZPublished,
  ZPublishRanking,
  ZRanking,
  ZRoundClosed,
  ZRoundEntryParams,
  ZRoundParams,
  ZScoreSaved,
  ZScoreSheet,
  ZSetJudges,
  ZSupported,
} from "./contests.schema.ts";
import {
  adoptEntry,
  advanceRound,
  closeRound,
  createContest,
  exportScores,
  judgeChoices,
  judgingSheet,
  listContests,
  listEntries,
  myContests,
  publishRanking,
  ranking,
  readContest,
  readEntryPhoto,
  scoreEntry,
  setJudges,
  submitEntry,
  supportEntry,
} from "./contests.service.ts";

export function registerContestRoutes(app: App): void {
  const tags = ["contests"];

  app.get(
    "/me/contests",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary: "Contests (金点子大赛, 创新项目评选) of the caller's verified places, and those they judge",
        response: { 200: ZMyContests, ...errorResponses },
      },
    },
    async (req) => myContests(app.db, req.actor),
  );

  app.get(
    "/contests",
    {
      config: { access: needs("contests.read") },
      schema: {
        tags,
        summary:
          "Staff list of contests held in the caller's reach (their communities, their street or district) or judged by them, newest first",
        querystring: ZContestsQuery,
        response: { 200: ZContestList, ...errorResponses },
      },
    },
    async (req) => listContests(app.db, req.actor, req.query),
  );

  app.post(
    "/contests",
    {
      config: { access: needs("contests.manage") },
      schema: {
        tags,
        summary:
          "Open a contest (征集): theme, place (community/estate/building, street or district — the caller's own level), submission period, criteria with weights, the first round's judges; audited",
        body: ZCreateContest,
        response: { 200: ZContest, ...errorResponses },
      },
    },
    async (req) => createContest(app.db, req.actor, req.body),
  );

  app.get(
    "/contests/:contestId",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "A contest: organisers, staff of the place, its judges and the place's verified residents (others 403); judges' names and progress for organisers only",
        params: ZContestParams,
        response: { 200: ZContest, ...errorResponses },
      },
    },
    async (req) => readContest(app.db, req.actor, req.params.contestId),
  );

  app.get(
    "/contests/:contestId/judge-choices",
    {
      config: { access: needs("contests.manage") },
      schema: {
        tags,
        summary:
          "People with accounts who may be named judges: staff and verified residents of the place (phones masked)",
        params: ZContestParams,
        querystring: ZJudgeChoicesQuery,
        response: { 200: ZJudgeChoices, ...errorResponses },
      },
    },
    async (req) => judgeChoices(app.db, req.actor, req.params.contestId, req.query.q),
  );

  app.put(
    "/contests/:contestId/rounds/:roundNo/judges",
    {
      config: { access: needs("contests.manage") },
      schema: {
        tags,
        summary: "Set an open round's judges (a judge who has scored stays); audited",
        params: ZRoundParams,
        body: ZSetJudges,
        response: { 200: ZContest, ...errorResponses },
      },
    },
    async (req) => setJudges(app.db, req.actor, req.params.contestId, req.params.roundNo, req.body.userIds),
  );

  app.post(
    "/contests/:contestId/entries",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "Submit an entry while the call is open (JSON, or multipart: `data` + up to 9 `photos`): an idea by a verified resident of the place, or a community's project entered by its staff (contests.enter)",
        consumes: ["application/json", "multipart/form-data"],
        params: ZContestParams,
        body: ZNewEntry,
        response: { 200: ZEntryCreated, ...errorResponses },
      },
      preValidation: multipartBody,
    },
    async (req) => submitEntry(app.db, req.actor, req.params.contestId, req.body, uploadedPhotos(req)),
  );

  app.get(
    "/contests/:contestId/entries",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary: "The entries with their support counts (no scores); submitters' names masked",
        params: ZContestParams,
        response: { 200: ZEntryList, ...errorResponses },
      },
    },
    async (req) => listEntries(app.db, req.actor, req.params.contestId),
  );

  app.get(
    "/contests/:contestId/entries/:entryId/photos/:photoId",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary: "A photo of an entry (whoever may read the contest)",
        params: ZPhotoParams,
        response: { ...errorResponses },
      },
    },
    async (req, reply) => {
      const { contestId, entryId, photoId } = req.params;
      const p = await readEntryPhoto(app.db, req.actor, contestId, entryId, photoId);
      return reply
        .type(p.mime)
        .header("cache-control", "private, max-age=86400")
        .header("etag", `"${p.sha256}"`)
        .header("x-content-type-options", "nosniff")
        .send(p.bytes as never);
    },
  );

  app.post(
    "/contests/:contestId/entries/:entryId/support",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "Support an entry (支持): verified residents of the place, once per resident and entry (primary key)",
        params: ZEntryParams,
        response: { 200: ZSupported, ...errorResponses },
      },
    },
    async (req) => supportEntry(app.db, req.actor, req.params.contestId, req.params.entryId),
  );

  app.get(
    "/contests/:contestId/rounds/:roundNo/judging",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "A judge's sheet for the round: its entries and the caller's own scores only (never another judge's)",
        params: ZRoundParams,
        response: { 200: ZJudgingSheet, ...errorResponses },
      },
    },
    async (req) => judgingSheet(app.db, req.actor, req.params.contestId, req.params.roundNo),
  );

  app.post(
    "/contests/:contestId/rounds/:roundNo/scores",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "A judge of the round scores an entry: one integer 0…scoreMax per criterion, once (a second sheet is refused: 409 CONTEST_SCORED)",
        params: ZRoundParams,
        body: ZNewScore,
        response: { 200: ZScoreSaved, ...errorResponses },
      },
    },
    async (req) =>
      scoreEntry(
        app.db,
        req.actor,
        req.params.contestId,
        req.params.roundNo,
        req.body.entryId,
        req.body.scores,
      ),
  );

  app.put(
    "/contests/:contestId/rounds/:roundNo/scores/:entryId",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary: "A judge corrects their own sheet for an entry while the round is open",
        params: ZRoundEntryParams,
        body: ZScoreSheet,
        response: { 200: ZScoreSaved, ...errorResponses },
      },
    },
    async (req) =>
      scoreEntry(
        app.db,
        req.actor,
        req.params.contestId,
        req.params.roundNo,
        req.params.entryId,
        req.body.scores,
        true,
      ),
  );

  app.post(
    "/contests/:contestId/rounds/:roundNo/close",
    {
      config: { access: needs("contests.manage") },
      schema: {
        tags,
        summary: "Close the current round: sheets frozen, scores and ranking revealed; audited",
        params: ZRoundParams,
        response: { 200: ZRoundClosed, ...errorResponses },
      },
    },
    async (req) => closeRound(app.db, req.actor, req.params.contestId, req.params.roundNo),
  );

  app.get(
    "/contests/:contestId/rounds/:roundNo/ranking",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "A closed round's ranking by weighted score with the tie-break (409 while open); per-judge sheets for organisers and judges; residents once published",
        params: ZRoundParams,
        response: { 200: ZRanking, ...errorResponses },
      },
    },
    async (req) => ranking(app.db, req.actor, req.params.contestId, req.params.roundNo),
  );

  app.post(
    "/contests/:contestId/rounds/:roundNo/advance",
    {
      config: { access: needs("contests.manage") },
      schema: {
        tags,
        summary: "Cut a closed round to its first N (入围) who go on to a new round with its judges; audited",
        params: ZRoundParams,
        body: ZAdvance,
        response: { 200: ZAdvanced, ...errorResponses },
      },
    },
    async (req) => advanceRound(app.db, req.actor, req.params.contestId, req.params.roundNo, req.body),
  );

  app.get(
    "/contests/:contestId/rounds/:roundNo/export",
    {
      config: { access: needs("data.export") },
      schema: {
        tags,
        summary: "A closed round's scores per judge as Excel (organisers holding data.export); audited",
        params: ZRoundParams,
        response: { 200: z.any().describe("the .xlsx file"), ...errorResponses },
      },
    },
    async (req, reply) => {
      const f = await exportScores(app.db, req.actor, req.params.contestId, req.params.roundNo);
      return reply
        .header("content-type", f.contentType)
        .header("content-disposition", f.disposition)
        .header("cache-control", "no-store")
        .header("x-linli-export-rows", String(f.rows))
        .send(f.body);
    },
  );

  app.post(
    "/contests/:contestId/publish",
    {
      config: { access: needs("contests.manage") },
      schema: {
        tags,
        summary:
          "Publish the final ranking's first N as a 公示 notice (in the contest's community, or in each entering community); audited",
        params: ZContestParams,
        body: ZPublishRanking,
        response: { 200: ZPublished, ...errorResponses },
      },
    },
    async (req) => publishRanking(app.db, req.actor, req.params.contestId, req.body.top),
  );

  app.post(
    "/contests/:contestId/entries/:entryId/adopt",
    {
      config: { access: needs("contests.manage") },
      schema: {
        tags,
        summary:
          "签约立项: adopt an entry of a closed round to become a project (recorded on the entry, event contest.entry_adopted); audited",
        params: ZEntryParams,
        response: { 200: ZAdopted, ...errorResponses },
      },
    },
    async (req) => adoptEntry(app.db, req.actor, req.params.contestId, req.params.entryId),
  );
}
