import { z } from "zod";
import { type App, needs, SIGNED_IN } from "../../../http/context.ts";
import { errorResponses } from "../../../http/errors.ts";
import { ZCommunityParams } from "../../core/places/places.schema.ts";
import {
  ZAdvance,
  ZByOriginQuery,
  ZCreateParticipantSet,
  ZCreateTemplate,
  ZCreateTopic,
  ZExportQuery,
  ZMyTopics,
  ZProposal,
  ZSetParams,
  ZSupported,
  ZTemplateParams,
  ZTopicDetail,
  ZTopicList,
  ZTopicParams,
  ZTopicRate,
  ZTopicRefs,
  ZTopicSettings,
  ZTopicsQuery,
  ZUpdateParticipantSet,
  ZUpdateSettings,
  ZUpdateTemplate,
} from "./topics.schema.ts";
import {
  advanceTopic,
  createParticipantSet,
  createTemplate,
  createTopic,
  exportTopics,
  listTopicsOf,
  myTopics,
  proposeTopic,
  rateTopic,
  readTopic,
  registerTopicComments,
  supportTopic,
  topicSettingsOf,
  topicsFromOrigin,
  updateParticipantSet,
  updateTemplate,
  updateTopicSettings,
} from "./topics.service.ts";

export function registerTopicRoutes(app: App): void {
  registerTopicComments();
  const tags = ["topics"];
  const C = "/communities/:communityId";

  app.get(
    `${C}/topic-settings`,
    {
      config: { access: needs("topics.read") },
      schema: {
        tags,
        summary:
          "Deliberation templates with their stages (X+7 given to a community that has none), participant sets (四轴联动, 五方联动 …), the support threshold and the notice period",
        params: ZCommunityParams,
        response: { 200: ZTopicSettings, ...errorResponses },
      },
    },
    async (req) => topicSettingsOf(app.db, req.actor, req.params.communityId),
  );

  app.patch(
    `${C}/topic-settings`,
    {
      config: { access: needs("topics.configure") },
      schema: {
        tags,
        summary: "Set the support threshold (households) and the notice period (working days); audited",
        params: ZCommunityParams,
        body: ZUpdateSettings,
        response: { 200: ZTopicSettings, ...errorResponses },
      },
    },
    async (req) => updateTopicSettings(app.db, req.actor, req.params.communityId, req.body),
  );

  app.post(
    `${C}/topic-templates`,
    {
      config: { access: needs("topics.configure") },
      schema: {
        tags,
        summary: "Add a deliberation template (default: a copy of X+7); audited",
        params: ZCommunityParams,
        body: ZCreateTemplate,
        response: { 200: ZTopicSettings, ...errorResponses },
      },
    },
    async (req) => createTemplate(app.db, req.actor, req.params.communityId, req.body),
  );

  app.patch(
    `${C}/topic-templates/:templateId`,
    {
      config: { access: needs("topics.configure") },
      schema: {
        tags,
        summary:
          "Rename a template, add stages, rename them or mark them skippable, or make it the default; audited",
        params: ZTemplateParams,
        body: ZUpdateTemplate,
        response: { 200: ZTopicSettings, ...errorResponses },
      },
    },
    async (req) => updateTemplate(app.db, req.actor, req.params.communityId, req.params.templateId, req.body),
  );

  app.post(
    `${C}/participant-sets`,
    {
      config: { access: needs("topics.configure") },
      schema: {
        tags,
        summary: "Name a set of parties invited to deliberations (kinds and organisations); audited",
        params: ZCommunityParams,
        body: ZCreateParticipantSet,
        response: { 200: ZTopicSettings, ...errorResponses },
      },
    },
    async (req) => createParticipantSet(app.db, req.actor, req.params.communityId, req.body),
  );

  app.patch(
    `${C}/participant-sets/:setId`,
    {
      config: { access: needs("topics.configure") },
      schema: {
        tags,
        summary: "Change a participant set; audited",
        params: ZSetParams,
        body: ZUpdateParticipantSet,
        response: { 200: ZTopicSettings, ...errorResponses },
      },
    },
    async (req) =>
      updateParticipantSet(app.db, req.actor, req.params.communityId, req.params.setId, req.body),
  );

  app.get(
    `${C}/topics`,
    {
      config: { access: needs("topics.read") },
      schema: {
        tags,
        summary:
          "Staff list of topics and proposals (search, tier, stage, status, place), within the caller's reach",
        params: ZCommunityParams,
        querystring: ZTopicsQuery,
        response: { 200: ZTopicList, ...errorResponses },
      },
    },
    async (req) => listTopicsOf(app.db, req.actor, req.params.communityId, req.query),
  );

  app.get(
    `${C}/topics/export.xlsx`,
    {
      config: { access: needs("data.export") },
      schema: {
        tags,
        summary:
          "The staff list of topics as Excel (roles holding data.export and topics.read, their reach); audited",
        params: ZCommunityParams,
        querystring: ZExportQuery,
        response: { 200: z.any().describe("the .xlsx file"), ...errorResponses },
      },
    },
    async (req, reply) => {
      const file = await exportTopics(app.db, req.actor, req.params.communityId, req.query);
      return reply
        .header("content-type", file.contentType)
        .header("content-disposition", file.disposition)
        .header("cache-control", "no-store")
        .header("x-linli-export-rows", String(file.rows))
        .send(file.body);
    },
  );

  app.get(
    `${C}/topics/by-origin`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary: "Topics made from a request or an opinion-box item, those the caller may see (转为议题 #…)",
        params: ZCommunityParams,
        querystring: ZByOriginQuery,
        response: { 200: ZTopicRefs, ...errorResponses },
      },
    },
    async (req) => topicsFromOrigin(app.db, req.actor, req.params.communityId, req.query),
  );

  app.post(
    `${C}/topics`,
    {
      config: { access: needs("topics.manage") },
      schema: {
        tags,
        summary:
          "Staff raise a topic at a place they act on (building, estate or community tier), from scratch or from a request / opinion, with invited parties; audited; emits topic.created",
        params: ZCommunityParams,
        body: ZCreateTopic,
        response: { 200: ZTopicDetail, ...errorResponses },
      },
    },
    async (req) => createTopic(app.db, req.actor, req.params.communityId, req.body),
  );

  app.post(
    `${C}/proposals`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "A verified resident proposes a topic at their building, estate or community; it becomes a topic when enough households support it",
        params: ZCommunityParams,
        body: ZProposal,
        response: { 200: ZTopicDetail, ...errorResponses },
      },
    },
    async (req) => proposeTopic(app.db, req.actor, req.params.communityId, req.body),
  );

  app.get(
    `${C}/topics/:topicId`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "One topic with its stage timeline: participants see every record, other residents of the community only the public ones",
        params: ZTopicParams,
        response: { 200: ZTopicDetail, ...errorResponses },
      },
    },
    async (req) => readTopic(app.db, req.actor, req.params.communityId, req.params.topicId),
  );

  app.post(
    `${C}/topics/:topicId/advance`,
    {
      config: { access: needs("topics.manage") },
      schema: {
        tags,
        summary:
          "Move the topic to its next stage (or a later one, skipping only skippable stages) with a record; 实施 only after 公示决议 has lasted the notice period; audited; emits topic.stage_changed",
        params: ZTopicParams,
        body: ZAdvance,
        response: { 200: ZTopicDetail, ...errorResponses },
      },
    },
    async (req) => advanceTopic(app.db, req.actor, req.params.communityId, req.params.topicId, req.body),
  );

  app.post(
    `${C}/topics/:topicId/support`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "A verified resident at the place supports a proposal for their household (once per household)",
        params: ZTopicParams,
        body: z.object({ householdId: z.number().int().positive().optional() }),
        response: { 200: ZSupported, ...errorResponses },
      },
    },
    async (req) =>
      supportTopic(app.db, req.actor, req.params.communityId, req.params.topicId, req.body ?? {}),
  );

  app.put(
    `${C}/topics/:topicId/my-rating`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "In 评议, a participant rates the outcome: good / average / poor with an optional comment (one per person)",
        params: ZTopicParams,
        body: ZTopicRate,
        response: { 200: ZTopicDetail, ...errorResponses },
      },
    },
    async (req) => rateTopic(app.db, req.actor, req.params.communityId, req.params.topicId, req.body),
  );

  app.get(
    "/me/topics",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary: "The topics and proposals of my places (and those my organisation is invited to)",
        response: { 200: ZMyTopics, ...errorResponses },
      },
    },
    async (req) => myTopics(app.db, req.actor),
  );
}
