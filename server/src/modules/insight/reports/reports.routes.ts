import { z } from "zod";
import { type App, needs } from "../../../http/context.ts";
import { errorResponses } from "../../../http/errors.ts";
import {
  ZGenerateBody,
  ZReport,
  ZReportId,
  ZReportList,
  ZReportMeta,
  ZReportsQuery,
} from "./reports.schema.ts";
import {
  downloadReportPdf,
  exportReportXlsx,
  getReport,
  listReports,
  regenerateReport,
} from "./reports.service.ts";

const SCOPE =
  "Each level reads the reports of its own places and the levels below (403 OUT_OF_SCOPE otherwise). Definitions " +
  'of the figures in docs/insight.md ("Monthly report").';

export function registerInsightReportRoutes(app: App): void {
  app.get(
    "/insight/reports",
    {
      config: { access: needs("insight.reports.read") },
      schema: {
        tags: ["insight"],
        summary: "Archived monthly reports (月报) of a place and the places below it, newest month first",
        description: SCOPE,
        querystring: ZReportsQuery,
        response: { 200: ZReportList, ...errorResponses },
      },
    },
    async (req) => listReports(app.db, req.actor, req.query),
  );
  app.post(
    "/insight/reports",
    {
      config: { access: needs("insight.reports.generate") },
      schema: {
        tags: ["insight"],
        summary: "Make (or make again) the monthly report of a street or community for a past month; audited",
        description: `Only a month that is over (China time). A regeneration of a past month states the same numbers. ${SCOPE}`,
        body: ZGenerateBody,
        response: { 200: ZReportMeta, ...errorResponses },
      },
    },
    async (req) => regenerateReport(app.db, req.actor, req.body),
  );
  app.get(
    "/insight/reports/:id",
    {
      config: { access: needs("insight.reports.read") },
      schema: {
        tags: ["insight"],
        summary: "One archived monthly report with its numbers",
        description: SCOPE,
        params: ZReportId,
        response: { 200: ZReport, ...errorResponses },
      },
    },
    async (req) => getReport(app.db, req.actor, req.params.id),
  );
  app.get(
    "/insight/reports/:id/report.pdf",
    {
      config: { access: needs("insight.reports.read") },
      schema: {
        tags: ["insight"],
        summary: "The archived PDF of a monthly report (its SHA-256 in x-linli-sha256)",
        description: SCOPE,
        params: ZReportId,
        response: { 200: z.any().describe("the PDF"), ...errorResponses },
      },
    },
    async (req, reply) => {
      const file = await downloadReportPdf(app.db, req.actor, req.params.id);
      return reply
        .header("content-type", file.contentType)
        .header("content-disposition", file.disposition)
        .header("x-linli-sha256", file.sha256)
        .send(file.body);
    },
  );
  app.get(
    "/insight/reports/:id/figures.xlsx",
    {
      config: { access: needs("insight.reports.read") },
      schema: {
        tags: ["insight"],
        summary: "The figure table of a monthly report as Excel (needs data.export too); audited",
        description: SCOPE,
        params: ZReportId,
        response: { 200: z.any().describe("the .xlsx file"), ...errorResponses },
      },
    },
    async (req, reply) => {
      const file = await exportReportXlsx(app.db, req.actor, req.params.id);
      return reply
        .header("content-type", file.contentType)
        .header("content-disposition", file.disposition)
        .header("x-linli-export-rows", String(file.rows))
        .send(file.body);
    },
  );
}
