import { z } from "zod";
import { type App, needs, SIGNED_IN } from "../../../http/context.ts";
import { errorResponses } from "../../../http/errors.ts";
import { ZCommunityParams } from "../../core/places/places.schema.ts";
import {
  ZAssign,
  ZCanteenDay,
  ZDayQuery,
  ZMine,
  ZOrderList,
  ZOrderParams,
  ZOrderResult,
  ZOrdersQuery,
  ZPlaceOrder,
  ZReportQuery,
  ZSetMenu,
  ZSetRules,
  ZSetupCanteen,
  ZStreetParams,
  ZVolunteers,
} from "./canteen.schema.ts";
import {
  assignDelivery,
  cancelOrder,
  canteenDay,
  communityReport,
  exportOrders,
  listOrders,
  markDelivered,
  myCanteen,
  placeOrder,
  recordPaid,
  setMenu,
  setRules,
  setupCanteen,
  streetReport,
  volunteersFor,
} from "./canteen.service.ts";
import { type DownloadFile, ordersXlsx, reportPdf, reportXlsx } from "./canteen-files.ts";

export function registerCanteenRoutes(app: App): void {
  const tags = ["canteen"];
  const C = "/communities/:communityId/canteen";
  const O = `${C}/orders/:orderId`;
  const send = (file: DownloadFile, reply: any) =>
    reply
      .header("content-type", file.contentType)
      .header("content-disposition", file.disposition)
      .header("cache-control", "no-store")
      .header("x-linli-export-rows", String(file.rows))
      .send(file.body);

  app.put(
    C,
    {
      config: { access: needs("canteen.manage") },
      schema: {
        tags,
        summary:
          "Set up the community's canteen (幸福食堂): name, place, meals with cut-off time and capacity; audited",
        params: ZCommunityParams,
        body: ZSetupCanteen,
        response: { 200: z.object({ id: z.number().int() }), ...errorResponses },
      },
    },
    async (req) => setupCanteen(app.db, req.actor, req.params.communityId, req.body),
  );

  app.put(
    `${C}/rules`,
    {
      config: { access: needs("canteen.manage") },
      schema: {
        tags,
        summary:
          "Replace the price rules, in order (by age and care tag, each citing its source, with the funding split of the cost); audited",
        params: ZCommunityParams,
        body: ZSetRules,
        response: { 200: z.object({ rules: z.number().int() }), ...errorResponses },
      },
    },
    async (req) => setRules(app.db, req.actor, req.params.communityId, req.body),
  );

  app.put(
    `${C}/menus`,
    {
      config: { access: needs("canteen.manage") },
      schema: {
        tags,
        summary: "Set the menu of a day's meal: dishes, the meal's full cost in fen, capacity; audited",
        params: ZCommunityParams,
        body: ZSetMenu,
        response: {
          200: z.object({ id: z.number().int(), capacity: z.number().int(), ordered: z.number().int() }),
          ...errorResponses,
        },
      },
    },
    async (req) => setMenu(app.db, req.actor, req.params.communityId, req.body),
  );

  app.get(
    `${C}/day`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "A day's menus with the price the caller (or a household member; staff: any resident) pays under the rule that applies",
        params: ZCommunityParams,
        querystring: ZDayQuery,
        response: { 200: ZCanteenDay, ...errorResponses },
      },
    },
    async (req) => canteenDay(app.db, req.actor, req.params.communityId, req.query),
  );

  app.post(
    `${C}/orders`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "Order a meal (dine-in, pickup, delivery) for oneself or a household member, or by staff for a resident (代订); refused after the cut-off or when full; the split is booked on the ledger",
        params: ZCommunityParams,
        body: ZPlaceOrder,
        response: { 200: ZOrderResult, ...errorResponses },
      },
    },
    async (req) => placeOrder(app.db, req.actor, req.params.communityId, req.body),
  );

  app.post(
    `${O}/cancel`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary:
          "Cancel an order before the cut-off (its side or staff): the seat is freed, the booking reversed",
        params: ZOrderParams,
        response: { 200: ZOrderResult, ...errorResponses },
      },
    },
    async (req) => cancelOrder(app.db, req.actor, req.params.communityId, req.params.orderId),
  );

  app.post(
    `${O}/paid`,
    {
      config: { access: needs("canteen.manage") },
      schema: {
        tags,
        summary: "Staff record that the resident paid their part at the counter (cash or WeChat); audited",
        params: ZOrderParams,
        response: { 200: ZOrderResult, ...errorResponses },
      },
    },
    async (req) => recordPaid(app.db, req.actor, req.params.communityId, req.params.orderId),
  );

  app.get(
    `${C}/orders`,
    {
      config: { access: needs("canteen.read") },
      schema: {
        tags,
        summary:
          "The orders board of a day (by meal, mode, status, keyword) with counts and each meal's seats",
        params: ZCommunityParams,
        querystring: ZOrdersQuery,
        response: { 200: ZOrderList, ...errorResponses },
      },
    },
    async (req) => listOrders(app.db, req.actor, req.params.communityId, req.query),
  );

  app.get(
    `${C}/orders/export.xlsx`,
    {
      config: { access: needs("data.export") },
      schema: {
        tags,
        summary:
          "The orders board as Excel (roles holding data.export and canteen.read; phones masked); audited",
        params: ZCommunityParams,
        querystring: ZOrdersQuery,
        response: { 200: z.any().describe("the .xlsx file"), ...errorResponses },
      },
    },
    async (req, reply) => {
      const { day, rows } = await exportOrders(app.db, req.actor, req.params.communityId, req.query);
      return send(await ordersXlsx(req.params.communityId, day, rows), reply);
    },
  );

  app.get(
    `${C}/volunteers`,
    {
      config: { access: needs("canteen.manage") },
      schema: {
        tags,
        summary: "The active members of the community's volunteer teams, to assign deliveries to",
        params: ZCommunityParams,
        response: { 200: ZVolunteers, ...errorResponses },
      },
    },
    async (req) => volunteersFor(app.db, req.actor, req.params.communityId),
  );

  app.post(
    `${O}/assign`,
    {
      config: { access: needs("canteen.manage") },
      schema: {
        tags,
        summary:
          "Assign a delivery order to a volunteer of one of the community's teams (e.g. 帮跑团); audited",
        params: ZOrderParams,
        body: ZAssign,
        response: { 200: ZOrderResult, ...errorResponses },
      },
    },
    async (req) =>
      assignDelivery(app.db, req.actor, req.params.communityId, req.params.orderId, req.body.volunteerUserId),
  );

  app.post(
    `${O}/delivered`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary: "The assigned volunteer (or staff) marks a delivery done; the time is kept",
        params: ZOrderParams,
        response: { 200: ZOrderResult, ...errorResponses },
      },
    },
    async (req) => markDelivered(app.db, req.actor, req.params.communityId, req.params.orderId),
  );

  app.get(
    "/me/canteen",
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary: "My canteen orders (mine and my household's) and the deliveries assigned to me (我的送餐)",
        response: { 200: ZMine, ...errorResponses },
      },
    },
    async (req) => myCanteen(app.db, req.actor),
  );

  app.get(
    `${C}/report`,
    {
      config: { access: needs("canteen.read") },
      schema: {
        tags,
        summary:
          "The month's subsidy report of the community: meals by rule and the sums of each funding part (JSON, PDF or Excel)",
        params: ZCommunityParams,
        querystring: ZReportQuery,
        response: {
          200: z.any().describe("the report (ZReport) as JSON, or the PDF or Excel file"),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const r = await communityReport(app.db, req.actor, req.params.communityId, req.query.month);
      const key = `community-${req.params.communityId}`;
      if (req.query.format === "pdf") return send(await reportPdf(r, key), reply);
      if (req.query.format === "xlsx") return send(await reportXlsx(r, key), reply);
      return r;
    },
  );

  app.get(
    "/streets/:streetId/canteen/report",
    {
      config: { access: needs("canteen.read") },
      schema: {
        tags,
        summary:
          "The month's subsidy report of a whole street (each community's meals by rule and funding parts; JSON, PDF or Excel)",
        params: ZStreetParams,
        querystring: ZReportQuery,
        response: {
          200: z.any().describe("the report (ZReport) as JSON, or the PDF or Excel file"),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const r = await streetReport(app.db, req.actor, req.params.streetId, req.query.month);
      const key = `street-${req.params.streetId}`;
      if (req.query.format === "pdf") return send(await reportPdf(r, key), reply);
      if (req.query.format === "xlsx") return send(await reportXlsx(r, key), reply);
      return r;
    },
  );
}
