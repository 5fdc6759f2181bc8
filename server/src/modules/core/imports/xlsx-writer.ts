// A streaming .xlsx writer: one worksheet of plain cells, written as its rows arrive and zipped on
// the way out, so that a 100,000-row export never sits in memory and keeps the event loop free.
//
// Why not exceljs' WorkbookWriter (still used to read): it renders every cell's style to XML to look
// its id up (≈ 5.5 s of main-thread CPU for the 100,000-row residents sheet on the 2-vCPU machine,
// issue 7), and it buffers what the zip has not taken yet. Here the sheet XML is built as strings
// (≈ 0.5 s for the same sheet), deflated by node:zlib on libuv's thread pool, and handed out as
// chunks on demand, so a slow client slows the writer instead of filling memory.
//
// The file is the smallest SpreadsheetML package Excel, WPS and LibreOffice open (ECMA-376 Part 1):
// [Content_Types].xml, _rels/.rels, xl/workbook.xml with its rels, xl/styles.xml and
// xl/worksheets/sheet1.xml; strings are inline (no shared-string table to hold in memory). The zip
// uses data descriptors (APPNOTE 4.3.9), as the sizes of the sheet are known only at its end.
import { pipeline, Readable } from "node:stream";
import { crc32, createDeflateRaw, deflateRawSync } from "node:zlib";

export type XlsxCell = string | number | boolean | Date | null | undefined;

export interface XlsxColumn {
  header: string;
  width?: number;
  /** "@" keeps a column as text; any other Excel format code ("yyyy-mm-dd hh:mm") is added. */
  numFmt?: string;
}

export interface XlsxSheet {
  name: string;
  columns: XlsxColumn[];
  /** Rows in bold red after the data and an empty row (e.g. "the export was cut here"). */
  notes?: string[];
}

const NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships";
const HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** Characters to escape (&, <, >, ") and those XML 1.0 does not allow (dropped). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters XML 1.0 forbids
const XML_SPECIAL = /[&<>"\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };
export const xmlText = (s: string) => s.replace(XML_SPECIAL, (c) => ENTITIES[c] ?? "");

/** A, B, …, Z, AA, … */
function columnLetters(index: number): string {
  let n = index + 1;
  let s = "";
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

// Excel's day 0 is 1899-12-30; a Date's instant is written as it is (callers shift time zones).
const EXCEL_EPOCH_DAYS = 25569;
const excelDate = (d: Date) => EXCEL_EPOCH_DAYS + d.getTime() / 86_400_000;

// Built-in number formats (ECMA-376 18.8.30) the writer may use; others get ids from 164 up.
const BUILTIN_FORMATS: Record<string, number> = { General: 0, "0": 1, "0.00": 2, "@": 49 };
const DEFAULT_DATE_FORMAT = 14;

interface Styles {
  xml: string;
  header: number;
  note: number;
  date: number;
  /** Cell style per column (0: none). */
  column: number[];
}

function buildStyles(columns: XlsxColumn[]): Styles {
  const custom = new Map<string, number>();
  const xfs = [
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>',
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>',
    '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>',
    `<xf numFmtId="${DEFAULT_DATE_FORMAT}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`,
  ];
  const byFormat = new Map<string, number>();
  const column = columns.map((c) => {
    if (!c.numFmt) return 0;
    let xf = byFormat.get(c.numFmt);
    if (xf === undefined) {
      let id = BUILTIN_FORMATS[c.numFmt];
      if (id === undefined) {
        id = custom.get(c.numFmt) ?? 164 + custom.size;
        custom.set(c.numFmt, id);
      }
      xf = xfs.length;
      xfs.push(`<xf numFmtId="${id}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`);
      byFormat.set(c.numFmt, xf);
    }
    return xf;
  });
  const font = (extra: string) =>
    `<font>${extra}<sz val="11"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font>`;
  const numFmts = custom.size
    ? `<numFmts count="${custom.size}">${[...custom]
        .map(([code, id]) => `<numFmt numFmtId="${id}" formatCode="${xmlText(code)}"/>`)
        .join("")}</numFmts>`
    : "";
  const xml =
    `${HEAD}<styleSheet xmlns="${NS}">${numFmts}` +
    `<fonts count="3">${font("")}${font("<b/>")}${font('<b/><color rgb="FFC00000"/>')}</fonts>` +
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
    `<cellXfs count="${xfs.length}">${xfs.join("")}</cellXfs>` +
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
    "</styleSheet>";
  return { xml, header: 1, note: 2, date: 3, column };
}

function cellXml(ref: string, value: XlsxCell, style: number, dateStyle: number): string {
  if (value == null || value === "") return "";
  const s = style ? ` s="${style}"` : "";
  if (typeof value === "string") {
    const space = /^\s|\s$|\n/.test(value) ? ' xml:space="preserve"' : "";
    return `<c r="${ref}" t="inlineStr"${s}><is><t${space}>${xmlText(value)}</t></is></c>`;
  }
  if (typeof value === "number") return Number.isFinite(value) ? `<c r="${ref}"${s}><v>${value}</v></c>` : "";
  if (typeof value === "boolean") return `<c r="${ref}" t="b"${s}><v>${value ? 1 : 0}</v></c>`;
  if (Number.isNaN(value.getTime())) return "";
  return `<c r="${ref}" s="${style || dateStyle}"><v>${excelDate(value)}</v></c>`;
}

/** The worksheet's XML, in pieces of about 64 KB, counting the data rows in `counter`. */
async function* worksheetXml(
  sheet: XlsxSheet,
  styles: Styles,
  rows: Iterable<XlsxCell[]> | AsyncIterable<XlsxCell[]>,
  counter: { rows: number },
): AsyncGenerator<Buffer> {
  const letters = sheet.columns.map((_, i) => columnLetters(i));
  const cols = sheet.columns
    .map((c, i) => {
      if (c.width === undefined && !styles.column[i]) return "";
      const width = c.width === undefined ? "" : ` width="${c.width + 0.7109375}" customWidth="1"`;
      const style = styles.column[i] ? ` style="${styles.column[i]}"` : "";
      return `<col min="${i + 1}" max="${i + 1}"${width}${style}/>`;
    })
    .join("");
  let xml =
    `${HEAD}<worksheet xmlns="${NS}" xmlns:r="${REL_NS}">` +
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' +
    '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>' +
    '<sheetFormatPr defaultRowHeight="15"/>' +
    (cols ? `<cols>${cols}</cols>` : "") +
    '<sheetData><row r="1">' +
    sheet.columns.map((c, i) => cellXml(`${letters[i]}1`, c.header, styles.header, 0)).join("") +
    "</row>";
  let line = 1;
  for await (const cells of rows) {
    line++;
    counter.rows++;
    let row = `<row r="${line}">`;
    for (let i = 0; i < cells.length; i++) {
      const letter = letters[i] ?? columnLetters(i);
      row += cellXml(letter + line, cells[i], styles.column[i] ?? 0, styles.date);
    }
    xml += `${row}</row>`;
    if (xml.length >= 32_768) {
      yield Buffer.from(xml, "utf8");
      xml = "";
    }
  }
  if (sheet.notes?.length) {
    line++; // an empty row before the notes
    for (const note of sheet.notes) {
      line++;
      xml += `<row r="${line}">${cellXml(`A${line}`, note, styles.note, 0)}</row>`;
    }
  }
  xml += "</sheetData></worksheet>";
  yield Buffer.from(xml, "utf8");
}

// ---------------------------------------------------------------------------------------------
// Zip (APPNOTE.TXT 6.3): local header, deflated data, data descriptor per entry; central directory.

interface ZipEntry {
  name: Buffer;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
}

const MAX_ZIP32 = 0xffff_ffff;

function dosDateTime(d: Date): { time: number; date: number } {
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | Math.floor(d.getSeconds() / 2),
    date: ((d.getFullYear() - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

class ZipWriter {
  private offset = 0;
  private readonly entries: ZipEntry[] = [];
  private readonly stamp = dosDateTime(new Date());

  /** An entry whose bytes are all known (the small parts of the package). */
  *file(name: string, text: string): Generator<Buffer> {
    const data = Buffer.from(text, "utf8");
    yield* this.entry(name, [deflateRawSync(data)], crc32(data), data.length);
  }

  /** An entry deflated as its pieces arrive; sizes and CRC follow it in the data descriptor. */
  async *stream(name: string, pieces: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    let crc = 0;
    let size = 0;
    async function* counted() {
      for await (const p of pieces) {
        crc = crc32(p, crc);
        size += p.length;
        yield p;
      }
    }
    const start = this.begin(name);
    yield start.header;
    let compressed = 0;
    const deflate = pipeline(Readable.from(counted()), createDeflateRaw(), () => {});
    try {
      for await (const chunk of deflate as AsyncIterable<Buffer>) {
        compressed += chunk.length;
        yield chunk;
      }
    } finally {
      deflate.destroy();
    }
    yield this.end(start.entry, crc, compressed, size);
  }

  private *entry(name: string, data: Buffer[], crc: number, size: number): Generator<Buffer> {
    const start = this.begin(name);
    yield start.header;
    let compressed = 0;
    for (const d of data) {
      compressed += d.length;
      yield d;
    }
    yield this.end(start.entry, crc, compressed, size);
  }

  private begin(name: string) {
    const n = Buffer.from(name, "utf8");
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    h.writeUInt16LE(0x0808, 6); // sizes in a data descriptor; UTF-8 names
    h.writeUInt16LE(8, 8); // deflate
    h.writeUInt16LE(this.stamp.time, 10);
    h.writeUInt16LE(this.stamp.date, 12);
    // crc, sizes (14–25): zero here, in the data descriptor
    h.writeUInt16LE(n.length, 26);
    const entry: ZipEntry = { name: n, crc: 0, compressed: 0, size: 0, offset: this.offset };
    const header = Buffer.concat([h, n]);
    this.offset += header.length;
    return { entry, header };
  }

  private end(entry: ZipEntry, crc: number, compressed: number, size: number): Buffer {
    if (size > MAX_ZIP32 || compressed > MAX_ZIP32 || this.offset + compressed > MAX_ZIP32)
      throw new Error("the workbook is larger than 4 GB (zip64 is not written)");
    Object.assign(entry, { crc, compressed, size });
    this.entries.push(entry);
    const d = Buffer.alloc(16);
    d.writeUInt32LE(0x08074b50, 0);
    d.writeUInt32LE(crc >>> 0, 4);
    d.writeUInt32LE(compressed, 8);
    d.writeUInt32LE(size, 12);
    this.offset += compressed + d.length;
    return d;
  }

  /** The central directory and its end record. */
  finish(): Buffer {
    const parts: Buffer[] = [];
    let size = 0;
    for (const e of this.entries) {
      const h = Buffer.alloc(46);
      h.writeUInt32LE(0x02014b50, 0);
      h.writeUInt16LE(20, 4); // made by: 2.0
      h.writeUInt16LE(20, 6);
      h.writeUInt16LE(0x0808, 8);
      h.writeUInt16LE(8, 10);
      h.writeUInt16LE(this.stamp.time, 12);
      h.writeUInt16LE(this.stamp.date, 14);
      h.writeUInt32LE(e.crc >>> 0, 16);
      h.writeUInt32LE(e.compressed, 20);
      h.writeUInt32LE(e.size, 24);
      h.writeUInt16LE(e.name.length, 28);
      h.writeUInt32LE(e.offset, 42);
      parts.push(h, e.name);
      size += h.length + e.name.length;
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(size, 12);
    end.writeUInt32LE(this.offset, 16);
    parts.push(end);
    return Buffer.concat(parts);
  }
}

/**
 * The bytes of an .xlsx file holding one worksheet: a bold, frozen header row, then `rows` as they
 * come (strings, numbers, booleans, dates; null and "" leave the cell empty), then the notes.
 * `counter.rows` counts the data rows written so far (also when the consumer stops early).
 */
export async function* xlsxChunks(
  sheet: XlsxSheet,
  rows: Iterable<XlsxCell[]> | AsyncIterable<XlsxCell[]>,
  counter: { rows: number } = { rows: 0 },
): AsyncGenerator<Buffer> {
  const styles = buildStyles(sheet.columns);
  const zip = new ZipWriter();
  yield* zip.file(
    "[Content_Types].xml",
    `${HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
      '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
      "</Types>",
  );
  yield* zip.file(
    "_rels/.rels",
    `${HEAD}<Relationships xmlns="${PKG_REL_NS}">` +
      `<Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/>` +
      "</Relationships>",
  );
  yield* zip.file(
    "xl/workbook.xml",
    `${HEAD}<workbook xmlns="${NS}" xmlns:r="${REL_NS}">` +
      "<bookViews><workbookView/></bookViews>" +
      `<sheets><sheet name="${xmlText(sheet.name)}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
  );
  yield* zip.file(
    "xl/_rels/workbook.xml.rels",
    `${HEAD}<Relationships xmlns="${PKG_REL_NS}">` +
      `<Relationship Id="rId1" Type="${REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>` +
      `<Relationship Id="rId2" Type="${REL_NS}/styles" Target="styles.xml"/>` +
      "</Relationships>",
  );
  yield* zip.file("xl/styles.xml", styles.xml);
  yield* zip.stream("xl/worksheets/sheet1.xml", worksheetXml(sheet, styles, rows, counter));
  yield zip.finish();
}
