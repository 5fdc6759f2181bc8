import { z } from "zod";
import { type App, needs, SIGNED_IN } from "../../../http/context.ts";
import { errorResponses } from "../../../http/errors.ts";
import { ZCommunityParams } from "../../core/places/places.schema.ts";
import {
  ZCreated,
  ZCreateMeeting,
  ZFreezeRoll,
  ZMeetingDetail,
  ZMeetingParams,
  ZMeetings,
  ZMeetingsExportQuery,
  ZMeetingsQuery,
  ZMyMeetings,
  ZPersonalCode,
  ZRecordAttendance,
  ZRecordDecision,
  ZRecorded,
  ZResidentsMeeting,
  ZSeriesParams,
  ZSignedIn,
  ZSignIn,
  ZSignInCode,
  ZUpdateMeeting,
  ZUpdateQuery,
} from "./meetings.schema.ts";
import {
  createMeeting,
  listMeetingsOf,
  meetingDetail,
  meetingIcs,
  myMeetings,
  myPersonalCode,
  recordAttendance,
  seriesIcs,
  signInScreen,
  signInWithCode,
  updateMeeting,
} from "./meetings.service.ts";
import { exportMeetings } from "./meetings-export.service.ts";
import { freezeResidentsRoll, recordResidentsDecision } from "./residents-meeting.service.ts";

const ZUpdated = z.object({
  id: z.number(),
  changed: z.number().describe("meetings changed (with a series' later ones)"),
});
const ICS = "text/calendar; charset=utf-8";

export function registerMeetingRoutes(app: App): void {
  const tags = ["meetings"];

  app.get(
    "/communities/:communityId/meetings",
    {
      config: { access: needs("meetings.read") },
      schema: {
        tags,
        summary:
          "Meetings (D3) of the community at the places the caller reaches (a grid worker: their grids), with invited and attended counts; search, kind, dates, upcoming/past, series",
        params: ZCommunityParams,
        querystring: ZMeetingsQuery,
        response: { 200: ZMeetings, ...errorResponses },
      },
    },
    async (req) => listMeetingsOf(app.db, req.actor, req.params.communityId, req.query),
  );

  app.get(
    "/communities/:communityId/meetings/export.xlsx",
    {
      config: { access: needs("data.export") },
      schema: {
        tags,
        summary:
          "The meetings list as Excel with its filters, through roles holding data.export and meetings.read (at most 5,000 rows); audited",
        params: ZCommunityParams,
        querystring: ZMeetingsExportQuery,
        response: { 200: z.any().describe("the .xlsx file"), ...errorResponses },
      },
    },
    async (req, reply) => {
      const file = await exportMeetings(app.db, req.actor, req.params.communityId, req.query);
      return reply
        .header("content-type", file.contentType)
        .header("content-disposition", file.disposition)
        .header("cache-control", "no-store")
        .header("x-linli-export-rows", String(file.rows))
        .send(file.body);
    },
  );

  app.post(
    "/communities/:communityId/meetings",
    {
      config: { access: needs("meetings.manage") },
      schema: {
        tags,
        summary:
          "Plan a meeting, or a series with an RRULE (occurrences planned up to 53 and one year); the invited are told in-app and by SMS; audited",
        params: ZCommunityParams,
        body: ZCreateMeeting,
        response: { 200: ZCreated, ...errorResponses },
      },
    },
    async (req) => createMeeting(app.db, req.actor, req.params.communityId, req.body),
  );

  app.get(
    "/communities/:communityId/meetings/:meetingId",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "One meeting: staff holding meetings.read at its place see invitees (phones masked), attendees and attendance figures per party; a resident of its place or an invited person sees the meeting, its minutes and resolutions, and their own invitation and sign-in",
        params: ZMeetingParams,
        response: { 200: ZMeetingDetail, ...errorResponses },
      },
    },
    async (req) => meetingDetail(app.db, req.actor, req.params.communityId, req.params.meetingId),
  );

  app.patch(
    "/communities/:communityId/meetings/:meetingId",
    {
      config: { access: needs("meetings.manage") },
      schema: {
        tags,
        summary:
          "Change a meeting (minutes, resolutions, photo ids, time, place, invitations, cancel); apply=following also changes the series' later occurrences; new invitees are told; audited",
        params: ZMeetingParams,
        querystring: ZUpdateQuery,
        body: ZUpdateMeeting,
        response: { 200: ZUpdated, ...errorResponses },
      },
    },
    async (req) =>
      updateMeeting(
        app.db,
        req.actor,
        req.params.communityId,
        req.params.meetingId,
        req.body,
        req.query.apply,
      ),
  );

  app.get(
    "/communities/:communityId/meetings/:meetingId/sign-in-code",
    {
      config: { access: needs("meetings.manage") },
      schema: {
        tags,
        summary:
          "The organiser's sign-in screen: the 6-digit code of this 30-second window (it changes every 30 s; the previous one is still accepted), the page its QR code opens, and the live count",
        params: ZMeetingParams,
        response: { 200: ZSignInCode, ...errorResponses },
      },
    },
    async (req, reply) => {
      reply.header("cache-control", "no-store");
      return signInScreen(app.db, app.config, req.actor, req.params.communityId, req.params.meetingId);
    },
  );

  app.post(
    "/communities/:communityId/meetings/:meetingId/sign-in",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "A verified resident of the community (or a person of an invited organisation) signs in with the code on the organiser's screen, scanned or typed; a repeat answers 已签到 and stores nothing; an expired or wrong code is refused",
        params: ZMeetingParams,
        body: ZSignIn,
        response: { 200: ZSignedIn, ...errorResponses },
      },
    },
    async (req) =>
      signInWithCode(app.db, app.config, req.actor, req.params.communityId, req.params.meetingId, req.body),
  );

  app.post(
    "/communities/:communityId/meetings/:meetingId/attendance",
    {
      config: { access: needs("meetings.manage") },
      schema: {
        tags,
        summary:
          "The organiser signs people in: a resident's personal code (scanned with the camera or typed), or ticked names of residents without phones; one row per person (a repeat is 已签到); audited",
        params: ZMeetingParams,
        body: ZRecordAttendance,
        response: { 200: ZRecorded, ...errorResponses },
      },
    },
    async (req) =>
      recordAttendance(app.db, app.config, req.actor, req.params.communityId, req.params.meetingId, req.body),
  );

  app.post(
    "/communities/:communityId/meetings/:meetingId/residents-roll",
    {
      config: { access: needs("meetings.manage") },
      schema: {
        tags,
        summary:
          "A residents' meeting (居民会议) opens sign-in: the roll of the eligible is frozen on the chosen basis — adult residents (18+ from the register's birth date) or households of its place — once only; audited",
        params: ZMeetingParams,
        body: ZFreezeRoll,
        response: { 200: ZResidentsMeeting, ...errorResponses },
      },
    },
    async (req) =>
      freezeResidentsRoll(app.db, req.actor, req.params.communityId, req.params.meetingId, req.body),
  );

  app.post(
    "/communities/:communityId/meetings/:meetingId/residents-decisions",
    {
      config: { access: needs("meetings.manage") },
      schema: {
        tags,
        summary:
          "Record a residents' meeting's decision with the votes of those present (同意/反对/弃权, counted or ticked); refused without a quorum (more than half of the eligible present) or with more votes than present; passes with more than half of those present; audited",
        params: ZMeetingParams,
        body: ZRecordDecision,
        response: { 200: ZResidentsMeeting, ...errorResponses },
      },
    },
    async (req) =>
      recordResidentsDecision(app.db, req.actor, req.params.communityId, req.params.meetingId, req.body),
  );

  app.get(
    "/communities/:communityId/meetings/:meetingId/meeting.ics",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary: "The meeting as a calendar file (.ics), for whoever may read it",
        params: ZMeetingParams,
        response: { 200: z.any().describe("text/calendar"), ...errorResponses },
      },
    },
    async (req, reply) => {
      const f = await meetingIcs(app.db, req.actor, req.params.communityId, req.params.meetingId);
      return reply
        .header("content-type", ICS)
        .header("content-disposition", `attachment; filename="${f.filename}"`)
        .send(f.body);
    },
  );

  app.get(
    "/communities/:communityId/meeting-series/:seriesId/series.ics",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "Every occurrence of a series as one calendar file (.ics), for whoever may read its first meeting",
        params: ZSeriesParams,
        response: { 200: z.any().describe("text/calendar"), ...errorResponses },
      },
    },
    async (req, reply) => {
      const f = await seriesIcs(app.db, req.actor, req.params.communityId, req.params.seriesId);
      return reply
        .header("content-type", ICS)
        .header("content-disposition", `attachment; filename="${f.filename}"`)
        .send(f.body);
    },
  );

  app.get(
    "/me/meetings",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags: ["me", ...tags],
        summary:
          "My meetings: those of the places where I live and those I (or my organisation) am invited to, from 30 days ago on, with my invitation and sign-in",
        response: { 200: ZMyMeetings, ...errorResponses },
      },
    },
    async (req) => myMeetings(app.db, req.actor),
  );

  app.get(
    "/me/meeting-code",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags: ["me", ...tags],
        summary:
          "My personal code for the organiser to scan at a meeting: a signed token valid for 2 minutes",
        response: { 200: ZPersonalCode, ...errorResponses },
      },
    },
    async (req, reply) => {
      reply.header("cache-control", "no-store");
      return myPersonalCode(app.config, req.actor);
    },
  );
}
