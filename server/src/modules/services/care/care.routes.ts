import { z } from "zod";
import { type App, needs, SIGNED_IN } from "../../../http/context.ts";
import { errorResponses } from "../../../http/errors.ts";
import { ZCommunityParams } from "../../core/places/places.schema.ts";
import {
  ZAcknowledge,
  ZAlert,
  ZAlertList,
  ZAlertParams,
  ZAlertsQuery,
  ZCareList,
  ZCareListQuery,
  ZCareRecord,
  ZCheckedIn,
  ZCheckinBody,
  ZEnrol,
  ZEnrolled,
  ZMyCare,
  ZPlan,
  ZPlanList,
  ZPlanParams,
  ZRecordVisit,
  ZResidentCareParams,
  ZSetPlan,
  ZVisitRecorded,
} from "./care.schema.ts";
import {
  acknowledgeAlert,
  careRecord,
  careResidents,
  checkIn,
  enrol,
  exportCareResidents,
  listAlerts,
  listPlans,
  myCare,
  recordVisit,
  setPlan,
} from "./care.service.ts";

export function registerCareRoutes(app: App): void {
  const tags = ["care"];
  const C = "/communities/:communityId/care";

  app.get(
    `${C}/plans`,
    {
      config: { access: needs("care.read") },
      schema: {
        tags,
        summary:
          "Visit plans per care group (独居, 空巢, 高龄, 困难, 残疾, 留守儿童): frequency, residents and overdue in the caller's reach",
        params: ZCommunityParams,
        response: { 200: ZPlanList, ...errorResponses },
      },
    },
    async (req) => listPlans(app.db, req.actor, req.params.communityId),
  );

  app.put(
    `${C}/plans/:careTag`,
    {
      config: { access: needs("care.manage") },
      schema: {
        tags,
        summary: "Set a care group's visit frequency (days between visits); community staff; audited",
        params: ZPlanParams,
        body: ZSetPlan,
        response: { 200: ZPlan, ...errorResponses },
      },
    },
    async (req) =>
      setPlan(app.db, req.actor, req.params.communityId, req.params.careTag, req.body.frequencyDays),
  );

  app.get(
    `${C}/residents`,
    {
      config: { access: needs("care.read") },
      schema: {
        tags,
        summary:
          "The key-group residents in the caller's reach with their last and next visit, daily check-in state and open alert (phones masked); open alerts and overdue first",
        params: ZCommunityParams,
        querystring: ZCareListQuery,
        response: { 200: ZCareList, ...errorResponses },
      },
    },
    async (req) => careResidents(app.db, req.actor, req.params.communityId, req.query),
  );

  app.get(
    `${C}/residents/export.xlsx`,
    {
      config: { access: needs("data.export") },
      schema: {
        tags,
        summary:
          "The care list as Excel with the list's filters (data.export and care.read, their reach; phones masked); audited",
        params: ZCommunityParams,
        querystring: ZCareListQuery,
        response: { 200: z.any().describe("the .xlsx file"), ...errorResponses },
      },
    },
    async (req, reply) => {
      const file = await exportCareResidents(app.db, req.actor, req.params.communityId, req.query);
      return reply
        .header("content-type", file.contentType)
        .header("content-disposition", file.disposition)
        .header("cache-control", "no-store")
        .header("x-linli-export-rows", String(file.rows))
        .send(file.body);
    },
  );

  app.get(
    `${C}/residents/:residentId`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "One resident's care record (enrolment, contacts, check-ins, visits, alerts): staff reaching them, the resident, their enrolled family contacts",
        params: ZResidentCareParams,
        response: { 200: ZCareRecord, ...errorResponses },
      },
    },
    async (req) => careRecord(app.db, req.actor, req.params.communityId, req.params.residentId),
  );

  app.post(
    `${C}/residents/:residentId/visits`,
    {
      config: { access: needs("care.visit") },
      schema: {
        tags,
        summary:
          "Record a care visit (health, gas and electricity safety, notes); needs found become a private request on the resident's behalf; closes the open alert",
        params: ZResidentCareParams,
        body: ZRecordVisit,
        response: { 200: ZVisitRecorded, ...errorResponses },
      },
    },
    async (req) =>
      recordVisit(app.db, app.config, req.actor, req.params.communityId, req.params.residentId, req.body),
  );

  app.post(
    `${C}/residents/:residentId/checkins`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "Today's check-in (我很好): by the resident, an enrolled family contact, or staff reaching them (a phone call logged); refused for someone not enrolled",
        params: ZResidentCareParams,
        body: ZCheckinBody,
        response: { 200: ZCheckedIn, ...errorResponses },
      },
    },
    async (req) => checkIn(app.db, req.actor, req.params.communityId, req.params.residentId, req.body),
  );

  app.post(
    `${C}/enrolments`,
    {
      config: { access: needs("care.manage") },
      schema: {
        tags,
        summary:
          "Enrol a verified resident in the daily check-in (consent recorded, a time, family contacts with an account); again to change it; audited",
        params: ZCommunityParams,
        body: ZEnrol,
        response: { 200: ZEnrolled, ...errorResponses },
      },
    },
    async (req) => enrol(app.db, req.actor, req.params.communityId, req.body),
  );

  app.get(
    `${C}/alerts`,
    {
      config: { access: needs("care.read") },
      schema: {
        tags,
        summary:
          "Missed-check-in alerts in the caller's reach (open ones, or the last 14 days), with the time to answer",
        params: ZCommunityParams,
        querystring: ZAlertsQuery,
        response: { 200: ZAlertList, ...errorResponses },
      },
    },
    async (req) => listAlerts(app.db, req.actor, req.params.communityId, req.query.open === "true"),
  );

  app.post(
    `${C}/alerts/:alertId/acknowledge`,
    {
      config: { access: needs("care.visit") },
      schema: {
        tags,
        summary:
          "Answer a missed-check-in alert: 已上门 (visited) or 已联系 (contacted); once; stops its escalation",
        params: ZAlertParams,
        body: ZAcknowledge,
        response: { 200: ZAlert, ...errorResponses },
      },
    },
    async (req) =>
      acknowledgeAlert(app.db, req.actor, req.params.communityId, req.params.alertId, req.body.kind),
  );

  app.get(
    "/me/care",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "The caller's own daily check-in (for the home page's 我很好) and the relatives they follow as a family contact",
        response: { 200: ZMyCare, ...errorResponses },
      },
    },
    async (req) => myCare(app.db, req.actor),
  );
}
