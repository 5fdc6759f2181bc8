import { z } from "zod";
import { ZCommunityParams } from "../places/places.schema.ts";

/** Upload limits (DOMAIN §0: the spreadsheets communities keep today, up to a whole district's). */
export const MAX_IMPORT_ROWS = 200_000;
/** At most this many row errors are kept on a job; errorCount still counts them all. */
export const MAX_REPORTED_ERRORS = 1000;

export const IMPORT_MODES = ["all_or_nothing", "valid_rows"] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];
export const ZImportMode = z.enum(IMPORT_MODES);
export const IMPORT_KINDS = ["residents"] as const;
export const ZTemplateQuery = z.object({
  kind: z.enum(IMPORT_KINDS).default("residents").describe("the import kind: residents (居民信息)"),
});
export type ImportKind = (typeof IMPORT_KINDS)[number];

export type ImportStatus = "queued" | "running" | "succeeded" | "failed" | "rejected";
export type ImportPhase = "queued" | "reading" | "checking" | "writing" | "done";

/** The multipart text fields of an upload (the file itself is the part named `file`). */
export const ZImportFields = z.object({
  mode: ZImportMode.default("all_or_nothing"),
  kind: z.enum(IMPORT_KINDS).default("residents"),
});

export const ZImportQuery = z.object({
  wait: z.enum(["0", "1"]).optional().describe("1: run the import before answering (small files, tests)"),
});

export const ZImportParams = ZCommunityParams.extend({ importId: z.coerce.number().int().positive() });

export const ZImportError = z.object({
  row: z
    .number()
    .describe("row number as shown by Excel (the header is usually row 1); 0 for the file as a whole"),
  column: z.string().nullable().describe("the column header as written in the file"),
  field: z.string().nullable().describe("the column's field key (estate, building, …, grid)"),
  message_zh: z.string(),
  message_en: z.string(),
});
export type TImportError = z.infer<typeof ZImportError>;

const jobFields = {
  id: z.number(),
  kind: z.string(),
  status: z.enum(["queued", "running", "succeeded", "failed", "rejected"]),
  phase: z.enum(["queued", "reading", "checking", "writing", "done"]),
  mode: ZImportMode,
  filename: z.string(),
  totalRows: z.number().describe("an estimate until the whole file is read"),
  processedRows: z.number().describe("rows read and checked"),
  importedRows: z.number(),
  errorCount: z.number(),
  createdAt: z.date(),
  finishedAt: z.date().nullable(),
};
export const ZImportJobSummary = z.object(jobFields);
export const ZImportJob = z.object({
  ...jobFields,
  errors: z.array(ZImportError).describe("the first 1000"),
});
export type TImportJob = z.infer<typeof ZImportJob>;
export const ZImportAccepted = z.object({ id: z.number(), status: z.literal("queued") });
export const ZImportList = z.object({ items: z.array(ZImportJobSummary) });
export const ZImportListQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) });

export const ZExportQuery = z.object({
  full: z
    .enum(["0", "1"])
    .default("0")
    .describe("1: full phone and ID numbers (needs residents.reveal and a reason); masked otherwise"),
  reason: z
    .string()
    .trim()
    .min(4)
    .max(200)
    // the audit log keeps it: no control characters (PostgreSQL refuses NUL in text)
    .refine((s) => !/\p{Cc}/u.test(s), "must not contain control characters")
    .optional()
    .describe("why full values are exported (audited)"),
});
