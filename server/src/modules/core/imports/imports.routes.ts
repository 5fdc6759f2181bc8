import { createWriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { z } from "zod";
import { AppError } from "../../../errors.ts";
import { type App, needs } from "../../../http/context.ts";
import { errorResponses, ZErrorBody } from "../../../http/errors.ts";
import { ZCommunityParams, ZHouseholdQuery } from "../places/places.schema.ts";
import { exportHouseholds } from "./households-export.service.ts";
import { importTemplate } from "./import-templates.ts";
import { presentJob, presentJobSummary } from "./imports.present.ts";
import {
  ZExportQuery,
  ZImportAccepted,
  ZImportFields,
  ZImportJob,
  ZImportList,
  ZImportListQuery,
  ZImportParams,
  ZImportQuery,
  ZTemplateQuery,
} from "./imports.schema.ts";
import {
  authorizeImport,
  createImportRunner,
  failInterruptedImports,
  importJob,
  importJobs,
  queueImport,
  storedImportJob,
  uploadPath,
} from "./imports.service.ts";
import { startResidentsExport } from "./residents-export.service.ts";

export function registerImportRoutes(app: App): void {
  const tags = ["imports"];
  const runner = createImportRunner(app.db, app.config, app.log);
  // Shutting down waits for a running import (its transaction commits or rolls back whole).
  app.addHook("onClose", () => runner.drain());
  // A PGlite data folder belongs to one process, so jobs still marked queued/running at start were
  // cut off by a restart (their transaction never committed). On PostgreSQL several processes may
  // share the database, so this is left to the job queue when imports move onto it.
  app.addHook("onReady", async () => {
    if (app.dbKind === "pglite") await failInterruptedImports(app.db);
  });

  app.post(
    "/communities/:communityId/imports",
    {
      config: { access: needs("data.import") },
      schema: {
        tags,
        summary:
          "Upload a residents sheet (.xlsx or .csv, multipart: file, mode, kind=residents); it is imported in the background",
        consumes: ["multipart/form-data"],
        params: ZCommunityParams,
        querystring: ZImportQuery,
        response: {
          200: ZImportJob,
          202: ZImportAccepted,
          413: ZErrorBody,
          415: ZErrorBody,
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const { communityId } = req.params;
      const reach = await authorizeImport(app.db, req.actor, communityId);
      if (!req.isMultipart()) {
        throw new AppError("VALIDATION", {
          zh: "请以 multipart/form-data 上传文件（字段 file）",
          en: "Upload the file as multipart/form-data (field file)",
        });
      }
      let filePath: string | null = null;
      let handedOver = false;
      try {
        let filename = "";
        const fields: Record<string, string> = {};
        try {
          for await (const part of req.parts()) {
            if (part.type !== "file") {
              fields[part.fieldname] = String(part.value);
              continue;
            }
            if (part.fieldname !== "file" || filePath) {
              throw new AppError("VALIDATION", {
                zh: "只能上传一个文件（字段 file）",
                en: "Upload one file, in the field file",
              });
            }
            filename = path.basename(part.filename || "").slice(-200);
            const ext = /\.(xlsx|csv)$/i.exec(filename)?.[1]?.toLowerCase();
            if (!ext) {
              throw new AppError("UNSUPPORTED_FILE", {
                zh: "不支持的文件：请上传 .xlsx 或 .csv 文件",
                en: "Unsupported file: upload an .xlsx or .csv file",
              });
            }
            filePath = await uploadPath(ext);
            // over 30 MB the multipart stream fails with 413 (limits set in app.ts)
            await pipeline(part.file, createWriteStream(filePath));
          }
        } catch (e) {
          const err = e as { statusCode?: number; syscall?: string };
          if (e instanceof AppError || err.statusCode || err.syscall) throw e;
          // the multipart parser's own errors (a body cut short, no boundary) carry no status and
          // are no system error (a full disk is): the upload is the caller's mistake (400, not 500)
          throw new AppError("VALIDATION", {
            zh: "上传的内容不完整或格式不正确",
            en: "The upload is incomplete or malformed",
            details: [{ field: "body", message: (e as Error).message }],
          });
        }
        if (!filePath) {
          throw new AppError("VALIDATION", {
            zh: "缺少上传的文件（字段 file）",
            en: "No file was uploaded (field file)",
          });
        }
        const parsed = ZImportFields.safeParse(fields);
        if (!parsed.success) {
          throw new AppError("VALIDATION", {
            zh: "mode 应为 all_or_nothing 或 valid_rows，kind 应为 residents",
            en: "mode must be all_or_nothing or valid_rows, and kind must be residents",
            details: parsed.error.issues.map((i) => ({ field: i.path.join("."), message: i.message })),
          });
        }
        const job = await queueImport(app.db, runner, req.actor!, reach, {
          communityId,
          filePath,
          filename,
          kind: parsed.data.kind,
          mode: parsed.data.mode,
        });
        handedOver = true;
        if (req.query.wait === "1") {
          await job.done;
          const row = await storedImportJob(app.db, communityId, job.id);
          return reply.code(200).send(presentJob(row!, undefined));
        }
        return reply.code(202).send({ id: job.id, status: "queued" as const });
      } finally {
        if (filePath && !handedOver) await rm(filePath, { force: true });
      }
    },
  );

  app.get(
    "/communities/:communityId/imports",
    {
      config: { access: needs("data.import") },
      schema: {
        tags,
        summary: "Recent imports of the community, newest first",
        params: ZCommunityParams,
        querystring: ZImportListQuery,
        response: { 200: ZImportList, ...errorResponses },
      },
    },
    async (req) => {
      const { communityId } = req.params;
      const rows = await importJobs(app.db, req.actor, communityId, req.query.limit);
      return { items: rows.map((r) => presentJobSummary(r, runner.progress(communityId, r.id))) };
    },
  );

  app.get(
    "/communities/:communityId/imports/:importId",
    {
      config: { access: needs("data.import") },
      schema: {
        tags,
        summary: "An import's status and progress, and the errors per row and column (the first 1000)",
        params: ZImportParams,
        response: { 200: ZImportJob, ...errorResponses },
      },
    },
    async (req) => {
      const { communityId, importId } = req.params;
      const row = await importJob(app.db, req.actor, communityId, importId);
      return presentJob(row, runner.progress(communityId, importId));
    },
  );

  app.get(
    "/communities/:communityId/imports/template.xlsx",
    {
      config: { access: needs("data.import") },
      schema: {
        tags,
        summary:
          "下载模板: the import sheet of this kind as .xlsx — the header row the importer reads and one example row in the words it accepts (replace the example before importing)",
        params: ZCommunityParams,
        querystring: ZTemplateQuery,
        response: { 200: z.any().describe("the .xlsx file"), ...errorResponses },
      },
    },
    async (req, reply) => {
      await authorizeImport(app.db, req.actor, req.params.communityId);
      const file = await importTemplate(req.query.kind);
      return reply
        .header("content-type", file.contentType)
        .header("content-disposition", file.disposition)
        .header("cache-control", "no-store")
        .send(file.body);
    },
  );

  app.get(
    "/communities/:communityId/exports/households.xlsx",
    {
      config: { access: needs("data.export") },
      schema: {
        tags,
        summary:
          "The households list as Excel: the list's filters (grid, estate, building, address search q) and reach through roles holding data.export (a grid worker: their grids); addresses, area, grid and resident counts, no person data; at most 50,000 homes (header x-linli-export-truncated); audited",
        params: ZCommunityParams,
        querystring: ZHouseholdQuery.omit({ page: true, pageSize: true }),
        response: { 200: z.any().describe("the .xlsx file"), ...errorResponses },
      },
    },
    async (req, reply) => {
      const file = await exportHouseholds(app.db, req.actor, req.params.communityId, req.query);
      return reply
        .header("content-type", file.contentType)
        .header("content-disposition", file.disposition)
        .header("cache-control", "no-store")
        .header("x-linli-export-rows", String(file.rows))
        .header("x-linli-export-truncated", String(file.truncated))
        .send(file.body);
    },
  );

  for (const format of ["xlsx", "csv"] as const) {
    app.get(
      `/communities/:communityId/exports/residents.${format}`,
      {
        config: { access: needs("data.export") },
        schema: {
          tags,
          summary: `The residents sheet (${format === "csv" ? "UTF-8 CSV with BOM" : "Excel"}) of the homes the caller reaches; phone and ID masked unless full=1 with a reason (residents.reveal); streamed; one export per community at a time (409 EXPORT_BUSY); audited`,
          params: ZCommunityParams,
          querystring: ZExportQuery,
          response: { 200: z.any().describe(`the ${format} file`), ...errorResponses },
        },
      },
      async (req, reply) => {
        // streamed: the file is written as its rows are read (residents-export.service.ts)
        const file = await startResidentsExport(
          app.db,
          app.dbKind,
          app.config,
          req.actor,
          req.params.communityId,
          { format, full: req.query.full === "1", reason: req.query.reason },
          req.log,
        );
        return reply
          .header("content-type", file.contentType)
          .header("content-disposition", file.disposition)
          .header("cache-control", "no-store")
          .send(file.body);
      },
    );
  }
}
