import { z } from "zod";
import { type App, needs, PUBLIC, SIGNED_IN } from "../../../http/context.ts";
import { errorResponses } from "../../../http/errors.ts";
import { ZCommunityParams } from "../../core/places/places.schema.ts";
import {
  ZActivitiesQuery,
  ZActivityDetail,
  ZActivityList,
  ZActivityParams,
  ZAttendanceList,
  ZAttendanceParams,
  ZCancelResult,
  ZCertificateParams,
  ZCertificateRef,
  ZCertified,
  ZCertify,
  ZCheckCode,
  ZCheckResult,
  ZCheckScreen,
  ZConsent,
  ZCorrectionParams,
  ZCreateActivity,
  ZCreateAlliance,
  ZCreated,
  ZCreateTeam,
  ZDecideCorrection,
  ZEvaluate,
  ZJoined,
  ZMemberDecision,
  ZMemberParams,
  ZMyRecords,
  ZOtherRecord,
  ZRequestCorrection,
  ZSignupResult,
  ZTeamDetail,
  ZTeamList,
  ZTeamParams,
  ZTick,
  ZTickResult,
  ZVerified,
  ZVerifyParams,
  ZVolunteerParams,
} from "./volunteering.schema.ts";
import {
  attendanceList,
  cancelSignUp,
  certifyHours,
  checkScreen,
  checkWithCode,
  createActivity,
  createAlliance,
  createTeam,
  decideCorrection,
  decideMember,
  evaluate,
  issueCertificate,
  joinTeam,
  listActivities,
  listTeams,
  myCertificate,
  myRecords,
  readActivity,
  readTeam,
  requestCorrection,
  setMyConsent,
  signUp,
  tickAttendance,
  verifyCertificate,
  volunteerRecord,
} from "./volunteering.service.ts";
import { certificatePdf } from "./volunteering-pdf.ts";

export const verifyPath = (code: string) => `/verify/volunteer/${code}`;

export function registerVolunteeringRoutes(app: App): void {
  const tags = ["volunteering"];
  const V = "/communities/:communityId/volunteering";
  const A = `${V}/activities/:activityId`;

  app.post(
    `${V}/teams`,
    {
      config: { access: needs("volunteering.manage") },
      schema: {
        tags,
        summary: "Register a volunteer team (T1) with its leader (default: the caller) and skills; audited",
        params: ZCommunityParams,
        body: ZCreateTeam,
        response: { 200: ZCreated, ...errorResponses },
      },
    },
    async (req) => createTeam(app.db, req.actor, req.params.communityId, req.body),
  );

  app.get(
    `${V}/teams`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "The community's volunteer teams and alliances (for its residents, staff and volunteers): members counted, leaders named, the caller's own membership",
        params: ZCommunityParams,
        response: { 200: ZTeamList, ...errorResponses },
      },
    },
    async (req) => listTeams(app.db, req.actor, req.params.communityId),
  );

  app.get(
    `${V}/teams/:teamId`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "One team; its leader and the community's staff also see its members and join requests (phones masked)",
        params: ZTeamParams,
        response: { 200: ZTeamDetail, ...errorResponses },
      },
    },
    async (req) => readTeam(app.db, req.actor, req.params.communityId, req.params.teamId),
  );

  app.post(
    `${V}/teams/:teamId/join`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary: "A verified resident asks to join a team; the leader decides",
        params: ZTeamParams,
        response: { 200: ZJoined, ...errorResponses },
      },
    },
    async (req) => joinTeam(app.db, req.actor, req.params.communityId, req.params.teamId),
  );

  app.post(
    `${V}/teams/:teamId/members/:memberId/decision`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary: "The team's leader (or the community's staff) approves or refuses a join request; audited",
        params: ZMemberParams,
        body: ZMemberDecision,
        response: { 200: z.object({ status: z.enum(["active", "left"]) }), ...errorResponses },
      },
    },
    async (req) =>
      decideMember(
        app.db,
        req.actor,
        req.params.communityId,
        req.params.teamId,
        req.params.memberId,
        req.body.approve,
      ),
  );

  app.post(
    `${V}/alliances`,
    {
      config: { access: needs("volunteering.manage") },
      schema: {
        tags,
        summary: "An alliance of the community's teams (e.g. 绿洲 益+); audited",
        params: ZCommunityParams,
        body: ZCreateAlliance,
        response: { 200: ZCreated, ...errorResponses },
      },
    },
    async (req) => createAlliance(app.db, req.actor, req.params.communityId, req.body),
  );

  app.post(
    `${V}/activities`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "Publish a volunteer activity (T2): the community's staff, or a team's leader for their team; the caller organises it; audited",
        params: ZCommunityParams,
        body: ZCreateActivity,
        response: { 200: ZCreated, ...errorResponses },
      },
    },
    async (req) => createActivity(app.db, req.actor, req.params.communityId, req.body),
  );

  app.get(
    `${V}/activities`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "The community's volunteer activities (upcoming first), with places left, the waiting list and the caller's sign-up",
        params: ZCommunityParams,
        querystring: ZActivitiesQuery,
        response: { 200: ZActivityList, ...errorResponses },
      },
    },
    async (req) => listActivities(app.db, req.actor, req.params.communityId, req.query),
  );

  app.get(
    A,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary: "One activity with the caller's sign-up and attendance",
        params: ZActivityParams,
        response: { 200: ZActivityDetail, ...errorResponses },
      },
    },
    async (req) => readActivity(app.db, req.actor, req.params.communityId, req.params.activityId),
  );

  app.post(
    `${A}/signup`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "A verified resident signs up: a place while there is one, else the waiting list (capacity is never exceeded); a repeat answers the current state",
        params: ZActivityParams,
        response: { 200: ZSignupResult, ...errorResponses },
      },
    },
    async (req) => signUp(app.db, req.actor, req.params.communityId, req.params.activityId),
  );

  app.post(
    `${A}/cancel`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "Cancel the caller's sign-up; the first on the waiting list takes the freed place in the same transaction",
        params: ZActivityParams,
        response: { 200: ZCancelResult, ...errorResponses },
      },
    },
    async (req) => cancelSignUp(app.db, req.actor, req.params.communityId, req.params.activityId),
  );

  app.get(
    `${A}/check-code`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "The organiser's check-in screen: the 6-digit code of this 30-second window (the previous one is still accepted), the page its QR code opens, the live counts",
        params: ZActivityParams,
        response: { 200: ZCheckScreen, ...errorResponses },
      },
    },
    async (req, reply) => {
      reply.header("cache-control", "no-store");
      return checkScreen(app.db, app.config, req.actor, req.params.communityId, req.params.activityId);
    },
  );

  app.post(
    `${A}/check`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "A signed-up volunteer checks in or out with the organiser's code (scanned or typed); an old code is refused",
        params: ZActivityParams,
        body: ZCheckCode,
        response: { 200: ZCheckResult, ...errorResponses },
      },
    },
    async (req) =>
      checkWithCode(app.db, app.config, req.actor, req.params.communityId, req.params.activityId, req.body),
  );

  app.post(
    `${A}/attendance`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "The organiser checks volunteers in or out: names ticked (people without phones) or a personal code scanned; audited",
        params: ZActivityParams,
        body: ZTick,
        response: { 200: ZTickResult, ...errorResponses },
      },
    },
    async (req) =>
      tickAttendance(app.db, app.config, req.actor, req.params.communityId, req.params.activityId, req.body),
  );

  app.get(
    `${A}/attendance`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "The organiser's list: sign-ups, the waiting list, check-in/out, certified hours and open correction requests (phones masked)",
        params: ZActivityParams,
        response: { 200: ZAttendanceList, ...errorResponses },
      },
    },
    async (req) => attendanceList(app.db, req.actor, req.params.communityId, req.params.activityId),
  );

  app.post(
    `${A}/certify`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "The organiser certifies hours (default check-out − check-in), once: a second certification is refused 409 (corrections go through a request); audited",
        params: ZActivityParams,
        body: ZCertify,
        response: { 200: ZCertified, ...errorResponses },
      },
    },
    async (req) => certifyHours(app.db, req.actor, req.params.communityId, req.params.activityId, req.body),
  );

  app.post(
    `${A}/evaluations`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "A participant rates the activity; the organiser rates a volunteer (subjectUserId); one each, a repeat overwrites",
        params: ZActivityParams,
        body: ZEvaluate,
        response: { 200: ZCreated, ...errorResponses },
      },
    },
    async (req) => evaluate(app.db, req.actor, req.params.communityId, req.params.activityId, req.body),
  );

  app.post(
    `${V}/attendance/:attendanceId/corrections`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary: "The volunteer asks the organiser to correct a service record (one open request at a time)",
        params: ZAttendanceParams,
        body: ZRequestCorrection,
        response: { 200: ZCreated, ...errorResponses },
      },
    },
    async (req) =>
      requestCorrection(app.db, req.actor, req.params.communityId, req.params.attendanceId, req.body.reason),
  );

  app.post(
    `${V}/corrections/:correctionId/decision`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "The organiser corrects the hours (or refuses, with a note); audited with the minutes before and after",
        params: ZCorrectionParams,
        body: ZDecideCorrection,
        response: { 200: z.object({ status: z.enum(["corrected", "refused"]) }), ...errorResponses },
      },
    },
    async (req) =>
      decideCorrection(app.db, req.actor, req.params.communityId, req.params.correctionId, req.body),
  );

  app.get(
    "/me/volunteering",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "My volunteer service records (志愿服务记录), one per community: services and hours, teams, evaluations, certificates, sign-ups to come",
        response: { 200: ZMyRecords, ...errorResponses },
      },
    },
    async (req) => myRecords(app.db, req.actor),
  );

  app.put(
    `${V}/me/consent`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "The volunteer lets (or stops letting) the community's staff and their team leaders read their record; logged",
        params: ZCommunityParams,
        body: ZConsent,
        response: { 200: ZConsent, ...errorResponses },
      },
    },
    async (req) => setMyConsent(app.db, req.actor, req.params.communityId, req.body.consent),
  );

  app.get(
    `${V}/volunteers/:userId/record`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "A volunteer's record as someone else reads it: whole with the volunteer's consent (staff, their team leaders), else only the services of the caller's own activities; logged",
        params: ZVolunteerParams,
        response: { 200: ZOtherRecord, ...errorResponses },
      },
    },
    async (req) => volunteerRecord(app.db, req.actor, req.params.communityId, req.params.userId),
  );

  app.post(
    `${V}/me/certificates`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "Issue my record certificate (free of charge): the certified services frozen under a new verification code",
        params: ZCommunityParams,
        response: { 200: ZCertificateRef, ...errorResponses },
      },
    },
    async (req) => issueCertificate(app.db, req.actor, req.params.communityId),
  );

  app.get(
    `${V}/me/certificates/:certificateId/pdf`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "My certificate as a PDF (Chinese) with its verification code and a QR code of the public check",
        params: ZCertificateParams,
        response: { 200: z.any(), ...errorResponses },
      },
    },
    async (req, reply) => {
      const cert = await myCertificate(app.db, req.actor, req.params.communityId, req.params.certificateId);
      const url = `${req.protocol}://${req.host}${verifyPath(cert.code)}`;
      const pdf = await certificatePdf(cert, url);
      return reply
        .header("content-type", "application/pdf")
        .header("content-disposition", `attachment; filename="volunteer-certificate-${cert.code}.pdf"`)
        .header("cache-control", "no-store")
        .send(pdf);
    },
  );

  app.get(
    "/volunteering/certificates/:code",
    {
      config: { access: PUBLIC },
      schema: {
        tags,
        summary:
          "Public check of a volunteer record certificate by its code: only what the certificate states (name, issuer, services and hours; no phone, no ID number)",
        params: ZVerifyParams,
        response: { 200: ZVerified, ...errorResponses },
      },
    },
    async (req) => verifyCertificate(app.db, req.params.code),
  );
}
