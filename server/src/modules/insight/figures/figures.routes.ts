import { z } from "zod";
import { type App, needs, PUBLIC } from "../../../http/context.ts";
import { errorResponses } from "../../../http/errors.ts";
import {
  ZCategories,
  ZCategoriesQuery,
  ZExportQuery,
  ZFigures,
  ZFiguresQuery,
  ZOpenFigures,
  ZOpenQuery,
} from "./figures.schema.ts";
import {
  exportFigures,
  openFigures,
  openFiguresCsv,
  staffCategories,
  staffFigures,
} from "./figures.service.ts";

const DEFINITIONS =
  "Definitions (numerator, denominator, period) in docs/insight.md. Requests count by day of submission " +
  "(voice/figures' rollup); certified volunteer services and minutes by day of check-in; meeting sign-ins by " +
  "day of sign-in; topics by day of creation; owners' votes by day of closing (passed: every question " +
  "passed); project incomes not reversed, by funding source, by the day the money came. Days in China time; " +
  "months and years are sums of days. Participation: distinct verified residents active (a request, a meeting " +
  "sign-in, certified volunteer hours, an online ballot, a mall exchange, a canteen order, a comment, a named survey answer) in the months of the " +
  "period ÷ verified residents now, by age band on the period's last day and care tag. Coverage: residential " +
  "buildings (and their residents) within 15 minutes' walk of each facility kind, from the life circle's readings. " +
  "Summed from rollups kept current by the insight consumer within about a minute.";

export function registerInsightRoutes(app: App): void {
  app.get(
    "/insight/figures",
    {
      config: { access: needs("insight.read") },
      schema: {
        tags: ["insight"],
        summary: "Figures of a place for staff (数据指标): totals, trend, child places with denominators",
        description: `Each level reads its own places and the levels below (403 OUT_OF_SCOPE otherwise). ${DEFINITIONS}`,
        querystring: ZFiguresQuery,
        response: { 200: ZFigures, ...errorResponses },
      },
    },
    async (req) => staffFigures(app.db, req.actor, req.query),
  );
  app.get(
    "/insight/figures/categories",
    {
      config: { access: needs("insight.read") },
      schema: {
        tags: ["insight"],
        summary: "Requests of a place by category (诉求分类) in at most 92 days; the big screen's panel",
        description:
          "Each level reads its own places and the levels below (403 OUT_OF_SCOPE otherwise). Requests count by " +
          "day of submission (China time), merged duplicates not counted; categories of the same code in " +
          "different communities are one. Default period: this month so far.",
        querystring: ZCategoriesQuery,
        response: { 200: ZCategories, ...errorResponses },
      },
    },
    async (req) => staffCategories(app.db, req.actor, req.query),
  );
  app.get(
    "/insight/figures/export.xlsx",
    {
      config: { access: needs("insight.read") },
      schema: {
        tags: ["insight"],
        summary: "One table of the figures page as Excel (needs data.export too); audited",
        querystring: ZExportQuery,
        response: { 200: z.any().describe("the .xlsx file"), ...errorResponses },
      },
    },
    async (req, reply) => {
      const file = await exportFigures(app.db, req.actor, req.query);
      return reply
        .header("content-type", file.contentType)
        .header("content-disposition", file.disposition)
        .header("x-linli-export-rows", String(file.rows))
        .send(file.body);
    },
  );
  app.get(
    "/open/figures",
    {
      config: { access: PUBLIC },
      schema: {
        tags: ["open data"],
        summary:
          "Open figures of a district, street or community (开放数据): counts only, small counts suppressed",
        description: `No personal data; every count under 5 (0 included) is "<5"; grids are not published. ${DEFINITIONS}`,
        querystring: ZOpenQuery,
        response: { 200: ZOpenFigures, ...errorResponses },
      },
    },
    async (req) => openFigures(app.db, req.query),
  );
  app.get(
    "/open/figures.csv",
    {
      config: { access: PUBLIC },
      schema: {
        tags: ["open data"],
        summary: "The open figures as CSV (UTF-8 with BOM): the place, its buckets, its child places",
        description: `The same cells as GET /open/figures: every count under 5 is "<5". ${DEFINITIONS}`,
        querystring: ZOpenQuery,
        response: { 200: z.string().describe("text/csv"), ...errorResponses },
      },
    },
    async (req, reply) =>
      reply
        .header("content-type", "text/csv; charset=utf-8")
        .header("content-disposition", 'attachment; filename="open-figures.csv"')
        .send(await openFiguresCsv(app.db, req.query)),
  );
}
