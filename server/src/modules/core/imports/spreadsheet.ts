// Spreadsheet files: what an upload really is (by extension AND content), reading rows from .xlsx
// (exceljs' streaming reader, so a 100,000-row file never sits in memory as a workbook) and .csv
// (papaparse, streaming), and writing the residents sheet back out as .xlsx (xlsx-writer.ts) or
// UTF-8 CSV with BOM, either whole or as chunks for a streamed download.
import { createReadStream, createWriteStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { PassThrough, Readable, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { inflateRawSync, constants as zlibConstants } from "node:zlib";
import ExcelJS from "exceljs";
import Papa from "papaparse";
import { AppError } from "../../../errors.ts";
import { MAX_IMPORT_ROWS } from "./imports.schema.ts";
import {
  type Cell,
  EXPORT_HEADERS,
  guardFormula,
  type ResidentSheetRow,
  sheetCells,
  TEXT_COLUMNS,
} from "./resident-sheet.ts";
import { type XlsxColumn, type XlsxSheet, xlsxChunks } from "./xlsx-writer.ts";

export type FileFormat = "xlsx" | "csv";
export const MAX_FILE_BYTES = 30 * 1024 * 1024;

export const XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
export const CSV_MIME = "text/csv; charset=utf-8";

const unsupported = (zh: string, en: string) =>
  new AppError("UNSUPPORTED_FILE", { zh: `不支持的文件：${zh}`, en: `Unsupported file: ${en}` });
const tooManyRows = () =>
  new AppError("TOO_LARGE", {
    zh: `文件超过 ${MAX_IMPORT_ROWS.toLocaleString("en")} 行，请拆分后分批导入`,
    en: `The file has more than ${MAX_IMPORT_ROWS.toLocaleString("en")} rows; split it and import the parts`,
  });

export interface InspectedFile {
  format: FileFormat;
  /** Data rows, as far as can be told without reading every cell (xlsx: the sheet's dimension). */
  estimatedRows: number;
}

/**
 * Checks an uploaded file before any job exists: .xlsx or .csv by name AND by content (an .xlsx is
 * a zip holding xl/workbook.xml; a .csv is UTF-8 text), at most 30 MB and 200,000 rows.
 * Throws UNSUPPORTED_FILE / TOO_LARGE / VALIDATION.
 */
export async function inspectUpload(filePath: string, filename: string): Promise<InspectedFile> {
  const ext = /\.([A-Za-z0-9]+)$/.exec(filename)?.[1]?.toLowerCase();
  if (ext !== "xlsx" && ext !== "csv") {
    throw unsupported("请上传 .xlsx 或 .csv 文件", "upload an .xlsx or .csv file");
  }
  const { size } = await stat(filePath);
  if (size > MAX_FILE_BYTES)
    throw new AppError("TOO_LARGE", { zh: "文件超过 30 MB", en: "The file is larger than 30 MB" });
  if (size === 0) throw new AppError("VALIDATION", { zh: "文件是空的", en: "The file is empty" });
  const bytes = await readFile(filePath);
  return ext === "xlsx" ? inspectXlsx(bytes) : inspectCsv(bytes);
}

function inspectXlsx(bytes: Buffer): InspectedFile {
  // zip local file header magic PK\x03\x04
  if (bytes.readUInt32LE(0) !== 0x04034b50) {
    throw unsupported("该文件不是 Excel (.xlsx) 文件", "this is not an Excel (.xlsx) file");
  }
  const entries = zipEntries(bytes);
  if (!entries) throw unsupported("Excel 文件已损坏", "the Excel file is damaged");
  if (!entries.some((e) => e.name === "xl/workbook.xml")) {
    throw unsupported("压缩包中没有 Excel 工作簿", "the zip file holds no Excel workbook");
  }
  const sheet = entries.find((e) => /^xl\/worksheets\/sheet\d+\.xml$/.test(e.name));
  if (!sheet) throw unsupported("Excel 文件中没有工作表", "the Excel file has no worksheet");
  const { lastRow, estimate } = sheetRows(bytes, sheet);
  // the header takes one row; a title above it may take another
  if (lastRow !== null && lastRow > MAX_IMPORT_ROWS + 2) throw tooManyRows();
  return { format: "xlsx", estimatedRows: estimate };
}

function inspectCsv(bytes: Buffer): InspectedFile {
  if (bytes.readUInt32LE(0) === 0x04034b50 || bytes.subarray(0, 2).toString("latin1") === "MZ") {
    throw unsupported("文件内容不是 CSV 文本", "the content is not CSV text");
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw unsupported(
      "CSV 文件须为 UTF-8 编码（在 Excel 中“另存为 → CSV UTF-8”）",
      'the CSV file must be UTF-8 (in Excel: "Save as → CSV UTF-8")',
    );
  }
  if (text.includes("\u0000")) throw unsupported("文件内容不是 CSV 文本", "the content is not CSV text");
  let lines = 0;
  for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) lines++;
  let rows = Math.max(lines, 1) - 1;
  if (rows > MAX_IMPORT_ROWS) {
    // quoted cells may hold line breaks: count records properly before refusing
    const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ""), { skipEmptyLines: "greedy" });
    rows = parsed.data.length - 1;
    if (rows > MAX_IMPORT_ROWS) throw tooManyRows();
  }
  return { format: "csv", estimatedRows: rows };
}

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localOffset: number;
}

/** The central directory of a zip file, or null when it cannot be found (not a whole zip). */
function zipEntries(bytes: Buffer): ZipEntry[] | null {
  const min = Math.max(0, bytes.length - 65_557);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= min; i--) {
    if (bytes.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = bytes.readUInt16LE(eocd + 10);
  let p = bytes.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (p + 46 > bytes.length || bytes.readUInt32LE(p) !== 0x02014b50) return null;
    const nameLen = bytes.readUInt16LE(p + 28);
    const extraLen = bytes.readUInt16LE(p + 30);
    const commentLen = bytes.readUInt16LE(p + 32);
    entries.push({
      name: bytes.toString("utf8", p + 46, p + 46 + nameLen),
      method: bytes.readUInt16LE(p + 10),
      compressedSize: bytes.readUInt32LE(p + 20),
      uncompressedSize: bytes.readUInt32LE(p + 24),
      localOffset: bytes.readUInt32LE(p + 42),
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/**
 * How many rows the sheet has, from its first 16 KB only: exactly, when it starts with
 * <dimension ref="A1:N100001"/> (Excel writes it); otherwise estimated from the rows in those bytes
 * and the sheet's uncompressed size (for the progress bar only).
 */
function sheetRows(bytes: Buffer, e: ZipEntry): { lastRow: number | null; estimate: number } {
  const none = { lastRow: null, estimate: 0 };
  const h = e.localOffset;
  if (h + 30 > bytes.length || bytes.readUInt32LE(h) !== 0x04034b50) return none;
  const start = h + 30 + bytes.readUInt16LE(h + 26) + bytes.readUInt16LE(h + 28);
  const head = bytes.subarray(start, Math.min(start + e.compressedSize, start + 16_384));
  let sample: Buffer;
  try {
    sample = e.method === 8 ? inflateRawSync(head, { finishFlush: zlibConstants.Z_SYNC_FLUSH }) : head;
  } catch {
    return none;
  }
  const xml = sample.toString("utf8");
  const m = /<dimension\s+ref="[A-Z]+\d+(?::[A-Z]+(\d+))?"/.exec(xml.slice(0, 8192));
  if (m?.[1]) return { lastRow: Number(m[1]), estimate: Math.max(Number(m[1]) - 1, 0) };
  const rowsInSample = xml.match(/<(?:\w+:)?row[\s>]/g)?.length ?? 0;
  if (rowsInSample < 2 || sample.length === 0)
    return { lastRow: null, estimate: Math.max(rowsInSample - 1, 0) };
  if (sample.length >= e.uncompressedSize) return { lastRow: null, estimate: rowsInSample - 1 };
  return { lastRow: null, estimate: Math.round((rowsInSample * e.uncompressedSize) / sample.length) - 1 };
}

// ---------------------------------------------------------------------------------------------
// Reading

export interface SheetRow {
  /** Row number as Excel shows it (CSV: the record's position). */
  line: number;
  cells: Cell[];
}

function normaliseCell(v: unknown): Cell {
  if (v == null) return null;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  if (v instanceof Date) return v;
  if (typeof v === "object") {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return (o.richText as { text: string }[]).map((t) => t.text).join("");
    if ("result" in o) return normaliseCell(o.result);
    if ("formula" in o || "sharedFormula" in o) return null;
    if ("text" in o) return normaliseCell(o.text);
    if ("error" in o) return String(o.error);
  }
  return null;
}

/**
 * exceljs 4.4's streaming reader decodes every zip chunk to text on its own, so a Chinese character
 * split across two chunks becomes "��" (about one row in a thousand of a Chinese sheet; exceljs
 * issues #2063, #2084, unfixed upstream). Its parse steps are handed text instead: entry streams
 * get a UTF-8 decoding (StringDecoder keeps a split character for the next chunk), and worksheet
 * chunk iterators go through a streaming TextDecoder. The tests read a 3,000-row Chinese sheet and
 * would see the damage again if a new exceljs changed these internals.
 */
function decodeUtf8AcrossChunks(reader: unknown): void {
  const r = reader as Record<string, (...args: any[]) => any>;
  for (const method of ["_parseRels", "_parseWorkbook", "_parseSharedStrings", "_parseStyles"]) {
    const original = r[method];
    if (typeof original !== "function") throw new Error(`exceljs changed: WorkbookReader.${method} is gone`);
    r[method] = function (this: unknown, entry: { setEncoding(e: string): void }, ...rest: unknown[]) {
      entry.setEncoding("utf8");
      return original.call(this, entry, ...rest);
    };
  }
  for (const method of ["_parseWorksheet", "_parseHyperlinks"]) {
    const original = r[method];
    if (typeof original !== "function") throw new Error(`exceljs changed: WorkbookReader.${method} is gone`);
    r[method] = function (this: unknown, chunks: AsyncIterable<Buffer | string>, ...rest: unknown[]) {
      return original.call(this, decodeChunks(chunks), ...rest);
    };
  }
}

async function* decodeChunks(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8");
  for await (const chunk of chunks) {
    yield typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

/** The rows of the first worksheet (xlsx) or of the file (csv), streamed. */
export async function* readSheetRows(filePath: string, format: FileFormat): AsyncGenerator<SheetRow> {
  if (format === "csv") {
    const parser = Papa.parse(Papa.NODE_STREAM_INPUT, {});
    let line = 0;
    for await (const record of createReadStream(filePath, "utf8").pipe(parser)) {
      line++;
      const cells = record as string[];
      if (line === 1 && cells.length > 0) cells[0] = cells[0]!.replace(/^\uFEFF/, "");
      yield { line, cells };
    }
    return;
  }
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(filePath, {
    sharedStrings: "cache",
    // styles tell a date cell from a number cell
    styles: "cache",
    hyperlinks: "ignore",
    worksheets: "emit",
    entries: "emit",
  });
  decodeUtf8AcrossChunks(reader);
  for await (const sheet of reader) {
    for await (const row of sheet as unknown as AsyncIterable<ExcelJS.Row>) {
      const values = row.values as unknown[];
      const cells: Cell[] = [];
      for (let i = 1; i < values.length; i++) cells.push(normaliseCell(values[i]));
      yield { line: row.number, cells };
    }
    return; // the first worksheet only
  }
}

// ---------------------------------------------------------------------------------------------
// Writing (xlsx-writer.ts builds the .xlsx bytes; here: the sheets this project writes)

const COLUMN_WIDTHS = [16, 10, 8, 6, 8, 9, 10, 6, 12, 21, 14, 12, 16, 12];

export type SheetColumn = XlsxColumn;

/**
 * Writes one worksheet as .xlsx to a file path or a stream, one row at a time (100,000 rows stay
 * out of memory): a bold header row, then the rows, then optional note rows after an empty row.
 * Returns the number of data rows. Every module's spreadsheet export goes through here or through
 * xlsxChunks itself.
 */
export async function writeWorkbook(
  sheet: XlsxSheet,
  rows: Iterable<Cell[]> | AsyncIterable<Cell[]>,
  target: string | Writable,
): Promise<number> {
  const counter = { rows: 0 };
  await pipeline(
    Readable.from(xlsxChunks(sheet, rows, counter), { objectMode: false }),
    typeof target === "string" ? createWriteStream(target) : target,
  );
  return counter.rows;
}

/** Runs a workbook writer into memory and returns the file's bytes (for a download response). */
export async function workbookBytes(write: (sink: Writable) => Promise<unknown>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new PassThrough();
  sink.on("data", (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    sink.on("end", resolve);
    sink.on("error", reject);
  });
  await write(sink);
  await ended;
  return Buffer.concat(chunks);
}

/** Content-Disposition for a download: an ASCII name for old clients, the Chinese name for the rest. */
export const attachmentDisposition = (asciiName: string, name: string) =>
  `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(name)}`;

// Phone and ID columns are text, so that Excel never turns an ID number into a rounded float.
const RESIDENTS_SHEET: XlsxSheet = {
  name: "居民信息",
  columns: EXPORT_HEADERS.map((header, i) => ({
    header,
    width: COLUMN_WIDTHS[i],
    ...(i === 9 || i === 10 || i === 8 ? { numFmt: "@" } : {}),
  })),
};

async function* cellsOf(rows: Iterable<ResidentSheetRow> | AsyncIterable<ResidentSheetRow>) {
  for await (const r of rows) yield sheetCells(r);
}

/** The residents sheet as .xlsx bytes, produced as the rows come (a download streams them). */
export function residentsXlsxChunks(
  rows: Iterable<ResidentSheetRow> | AsyncIterable<ResidentSheetRow>,
): AsyncGenerator<Buffer> {
  return xlsxChunks(RESIDENTS_SHEET, cellsOf(rows));
}

/** Writes the residents sheet to a file or stream; returns the number of rows. */
export function writeResidentsWorkbook(
  rows: Iterable<ResidentSheetRow> | AsyncIterable<ResidentSheetRow>,
  target: string | Writable,
): Promise<number> {
  return writeWorkbook(RESIDENTS_SHEET, cellsOf(rows), target);
}

const CSV_NEWLINE = "\r\n";
const csvCells = (r: ResidentSheetRow) =>
  sheetCells(r).map((c, i) => {
    if (c == null) return "";
    if (typeof c === "string") return TEXT_COLUMNS.has(i) ? guardFormula(c) : c;
    return c as string | number;
  });

// Papa.unparse's rule (the reader's counterpart): quotes around a field holding a comma, a quote,
// a line break or a BOM, or starting or ending with a space; quotes inside doubled. Written by hand
// because unparse costs about 15 µs a row, a third of a 100,000-row export.
const CSV_SPECIAL = /[",\r\n\uFEFF]/;
function csvField(v: string | number): string {
  const s = typeof v === "number" ? String(v) : v;
  if (CSV_SPECIAL.test(s) || s.startsWith(" ") || s.endsWith(" ")) return `"${s.replaceAll('"', '""')}"`;
  return s;
}
const csvLine = (r: ResidentSheetRow) => `${csvCells(r).map(csvField).join(",")}${CSV_NEWLINE}`;
const CSV_HEAD = `\uFEFF${EXPORT_HEADERS.map(csvField).join(",")}${CSV_NEWLINE}`;
const CSV_CHUNK = 64 * 1024;

/**
 * The residents sheet as CSV: UTF-8 with BOM (Excel opens Chinese correctly), CRLF, formula-guarded,
 * produced in pieces of about 64 KB as the rows come.
 */
export async function* residentsCsvChunks(
  rows: Iterable<ResidentSheetRow> | AsyncIterable<ResidentSheetRow>,
): AsyncGenerator<Buffer> {
  let text = CSV_HEAD;
  for await (const r of rows) {
    text += csvLine(r);
    if (text.length >= CSV_CHUNK / 3) {
      yield Buffer.from(text, "utf8");
      text = "";
    }
  }
  if (text) yield Buffer.from(text, "utf8");
}

/** The whole residents sheet as CSV text (small sheets and tests). */
export function residentsCsv(rows: Iterable<ResidentSheetRow>): string {
  let text = CSV_HEAD;
  for (const r of rows) text += csvLine(r);
  return text;
}

export async function writeResidentsCsv(rows: Iterable<ResidentSheetRow>, path: string): Promise<number> {
  const list = [...rows];
  await new Promise<void>((resolve, reject) => {
    const out = createWriteStream(path);
    out.on("error", reject);
    out.end(residentsCsv(list), resolve);
  });
  return list.length;
}
