// 下载模板 (issue 9): for each import kind, an .xlsx with the header row the importer reads and one
// example row written in the words it accepts — from the same column definitions (resident-sheet.ts
// FIELDS/COLUMNS, sheetCells), so the template and the importer cannot drift apart; a test imports
// the template and finds the example row valid.

import type { ImportKind } from "./imports.schema.ts";
import { EXPORT_HEADERS, type ResidentSheetRow, sheetCells } from "./resident-sheet.ts";
import { attachmentDisposition, workbookBytes, writeWorkbook, XLSX_MIME } from "./spreadsheet.ts";

/** A made-up home and person (the ID number is a checksum-valid example, not a real person's). */
export const RESIDENTS_EXAMPLE: ResidentSheetRow = {
  estate: "示例小区",
  building: "1栋",
  unit: "1单元",
  floor: 3,
  room: "301",
  area: 89.5,
  name: "张示例",
  gender: "male",
  birthDate: "1956-03-01",
  idNumber: "110105195603010036",
  phone: "13800138000",
  relation: "owner",
  careTags: ["living_alone"],
  grid: "第一网格",
};

const TEXT_FORMAT = new Set(["出生日期", "身份证号", "手机号", "房号"]);

export async function importTemplate(kind: ImportKind) {
  // one kind today (residents); a new kind adds its sheet here
  const body = await workbookBytes((sink) =>
    writeWorkbook(
      {
        name: "居民信息",
        columns: EXPORT_HEADERS.map((header) => ({
          header,
          width: Math.max(8, header.length * 2 + 4),
          ...(TEXT_FORMAT.has(header) ? { numFmt: "@" } : {}),
        })),
      },
      [sheetCells(RESIDENTS_EXAMPLE)],
      sink,
    ),
  );
  return {
    contentType: XLSX_MIME,
    disposition: attachmentDisposition(`${kind}-template.xlsx`, "居民信息导入模板.xlsx"),
    body,
  };
}
