import { z } from "zod";
import { type App, needs, SIGNED_IN } from "../../../http/context.ts";
import { errorResponses } from "../../../http/errors.ts";
import { ZCommunityParams } from "../../core/places/places.schema.ts";
import {
  ZCreateSurvey,
  ZMySurveys,
  ZPaperAnswers,
  ZRespondentChoices,
  ZRespondentChoicesQuery,
  ZSubmitAnswers,
  ZSubmitted,
  ZSurvey,
  ZSurveyForm,
  ZSurveyList,
  ZSurveyParams,
  ZSurveyResults,
  ZSurveysQuery,
  ZTextAnswers,
  ZTextAnswersQuery,
  ZUpdateSurvey,
} from "./surveys.schema.ts";
import {
  answerSurvey,
  createSurvey,
  enterPaperAnswer,
  exportSurvey,
  exportSurveyList,
  listSurveysOf,
  mySurveys,
  readSurvey,
  respondentChoices,
  surveyForm,
  surveyResults,
  textAnswersOf,
  updateSurvey,
} from "./surveys.service.ts";

export function registerSurveyRoutes(app: App): void {
  const tags = ["surveys"];
  const file = { 200: z.any().describe("the .xlsx file"), ...errorResponses };

  app.get(
    "/me/surveys",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "Open surveys (调研问卷) addressed to the caller's verified places and groups, in every community they live in, with whether they (or their household) answered",
        response: { 200: ZMySurveys, ...errorResponses },
      },
    },
    async (req) => mySurveys(app.db, app.config, req.actor),
  );

  app.get(
    "/communities/:communityId/surveys",
    {
      config: { access: needs("surveys.read") },
      schema: {
        tags,
        summary:
          "Staff list of a community's surveys in the caller's reach (a grid worker: surveys of buildings in their grids), newest first, with title search and state filter",
        params: ZCommunityParams,
        querystring: ZSurveysQuery,
        response: { 200: ZSurveyList, ...errorResponses },
      },
    },
    async (req) => listSurveysOf(app.db, req.actor, req.params.communityId, req.query),
  );

  app.get(
    "/communities/:communityId/surveys/export",
    {
      config: { access: needs("data.export") },
      schema: {
        tags,
        summary:
          "The staff list as Excel (same filters and reach; roles holding data.export and surveys.read); audited",
        params: ZCommunityParams,
        querystring: ZSurveysQuery.omit({ limit: true, offset: true }),
        response: file,
      },
    },
    async (req, reply) => {
      const f = await exportSurveyList(app.db, req.actor, req.params.communityId, req.query);
      return reply
        .header("content-type", f.contentType)
        .header("content-disposition", f.disposition)
        .header("cache-control", "no-store")
        .header("x-linli-export-rows", String(f.rows))
        .send(f.body);
    },
  );

  app.post(
    "/communities/:communityId/surveys",
    {
      config: { access: needs("surveys.manage") },
      schema: {
        tags,
        summary:
          "Build a survey for the community, an estate or a building (staff of that place), optionally for a group (owners, tenants, a care tag, party members); a draft unless publish is true; audited",
        params: ZCommunityParams,
        body: ZCreateSurvey,
        response: { 200: ZSurvey, ...errorResponses },
      },
    },
    async (req) => createSurvey(app.db, req.actor, req.params.communityId, req.body),
  );

  app.get(
    "/communities/:communityId/surveys/:surveyId",
    {
      config: { access: needs("surveys.read") },
      schema: {
        tags,
        summary: "One survey with its questions (staff who read its place)",
        params: ZSurveyParams,
        response: { 200: ZSurvey, ...errorResponses },
      },
    },
    async (req) => readSurvey(app.db, req.actor, req.params.communityId, req.params.surveyId),
  );

  app.patch(
    "/communities/:communityId/surveys/:surveyId",
    {
      config: { access: needs("surveys.manage") },
      schema: {
        tags,
        summary:
          "Change a survey, publish a draft (publish: true) or close it (closesAt in the past); questions, audience and mode are fixed once it has an answer; audited",
        params: ZSurveyParams,
        body: ZUpdateSurvey,
        response: { 200: ZSurvey, ...errorResponses },
      },
    },
    async (req) => updateSurvey(app.db, req.actor, req.params.communityId, req.params.surveyId, req.body),
  );

  app.get(
    "/communities/:communityId/surveys/:surveyId/results",
    {
      config: { access: needs("surveys.read") },
      schema: {
        tags,
        summary:
          "Results: answers received (paper ones among them), counts and shares per option, averages of ratings and numbers",
        params: ZSurveyParams,
        response: { 200: ZSurveyResults, ...errorResponses },
      },
    },
    async (req) => surveyResults(app.db, req.actor, req.params.communityId, req.params.surveyId),
  );

  app.get(
    "/communities/:communityId/surveys/:surveyId/text-answers",
    {
      config: { access: needs("surveys.read") },
      schema: {
        tags,
        summary:
          "The free-text answers of one question, a page at a time (keyset); names only on a named survey",
        params: ZSurveyParams,
        querystring: ZTextAnswersQuery,
        response: { 200: ZTextAnswers, ...errorResponses },
      },
    },
    async (req) => textAnswersOf(app.db, req.actor, req.params.communityId, req.params.surveyId, req.query),
  );

  app.get(
    "/communities/:communityId/surveys/:surveyId/export",
    {
      config: { access: needs("data.export") },
      schema: {
        tags,
        summary:
          "A survey's answers as Excel: a named survey one row per answer with the respondent; an anonymous one only its aggregates; audited",
        params: ZSurveyParams,
        response: file,
      },
    },
    async (req, reply) => {
      const f = await exportSurvey(app.db, req.actor, req.params.communityId, req.params.surveyId);
      return reply
        .header("content-type", f.contentType)
        .header("content-disposition", f.disposition)
        .header("cache-control", "no-store")
        .header("x-linli-export-rows", String(f.rows))
        .send(f.body);
    },
  );

  app.get(
    "/communities/:communityId/surveys/:surveyId/form",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "The survey as a resident answers it (a verified resident of its place and group), or as staff who read it preview it",
        params: ZSurveyParams,
        response: { 200: ZSurveyForm, ...errorResponses },
      },
    },
    async (req) => surveyForm(app.db, app.config, req.actor, req.params.communityId, req.params.surveyId),
  );

  app.post(
    "/communities/:communityId/surveys/:surveyId/responses",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "A resident of the survey's place and group answers it while it is open: once per person or household (unique index), every required question, options in range, text ≤ 1000",
        params: ZSurveyParams,
        body: ZSubmitAnswers,
        response: { 200: ZSubmitted, ...errorResponses },
      },
    },
    async (req) =>
      answerSurvey(
        app.db,
        app.config,
        req.actor,
        req.params.communityId,
        req.params.surveyId,
        req.body.answers,
      ),
  );

  app.get(
    "/communities/:communityId/surveys/:surveyId/respondent-choices",
    {
      config: { access: needs("surveys.manage") },
      schema: {
        tags,
        summary:
          "Residents a paper answer may be entered for (the survey's place and group), by name, phones masked, with whether they answered",
        params: ZSurveyParams,
        querystring: ZRespondentChoicesQuery,
        response: { 200: ZRespondentChoices, ...errorResponses },
      },
    },
    async (req) =>
      respondentChoices(
        app.db,
        app.config,
        req.actor,
        req.params.communityId,
        req.params.surveyId,
        req.query,
      ),
  );

  app.post(
    "/communities/:communityId/surveys/:surveyId/paper-responses",
    {
      config: { access: needs("surveys.manage") },
      schema: {
        tags,
        summary:
          "Staff enter a resident's answer given on paper: marked paper, audited, the same rules and the same one-per-person/household as online",
        params: ZSurveyParams,
        body: ZPaperAnswers,
        response: { 200: ZSubmitted, ...errorResponses },
      },
    },
    async (req) =>
      enterPaperAnswer(app.db, app.config, req.actor, req.params.communityId, req.params.surveyId, req.body),
  );
}
