// The facilities sheet (DOMAIN L1, source `excel`): the columns the importer reads and the template
// writes — one definition, so the template and the importer cannot drift apart — and the check of one
// row into a facility or bilingual messages naming the row and the column. Pure: the service reads the
// file, checks the points against the network, and writes all rows or none.
import type { CoordSystem } from "./coords.ts";

export type SheetCell = string | number | boolean | Date | null;

export const SHEET_FIELDS = ["kind", "name", "lat", "lon", "coordSystem", "hours"] as const;
export type SheetField = (typeof SHEET_FIELDS)[number];

interface ColumnDef {
  zh: string;
  en: string;
  required: boolean;
  width: number;
}

export const SHEET_COLUMNS: Record<SheetField, ColumnDef> = {
  kind: { zh: "设施类型", en: "kind", required: true, width: 16 },
  name: { zh: "名称", en: "name", required: true, width: 24 },
  lat: { zh: "纬度", en: "latitude", required: true, width: 12 },
  lon: { zh: "经度", en: "longitude", required: true, width: 12 },
  coordSystem: { zh: "坐标系", en: "coordinate system", required: true, width: 12 },
  hours: { zh: "开放时间", en: "hours", required: false, width: 18 },
};

export const SHEET_HEADERS = SHEET_FIELDS.map((f) => SHEET_COLUMNS[f].zh);
/** At most this many facilities in one sheet (a community has tens to a few hundred). */
export const MAX_SHEET_ROWS = 2000;

/** The words the 坐标系 column accepts. */
const COORD_WORDS: Record<string, CoordSystem> = {
  "wgs-84": "wgs84",
  wgs84: "wgs84",
  gps: "wgs84",
  "gcj-02": "gcj02",
  gcj02: "gcj02",
  高德: "gcj02",
  腾讯: "gcj02",
  火星坐标: "gcj02",
};

export interface SheetError {
  row: number;
  column: string | null;
  message_zh: string;
  message_en: string;
}

export interface SheetFacility {
  row: number;
  kind: string;
  name: string;
  lat: number;
  lon: number;
  coordSystem: CoordSystem;
  hours: string;
}

const norm = (s: string) => s.replace(/[\s*＊:：()（）_-]/g, "").toLowerCase();

export function cellText(c: SheetCell | undefined): string {
  if (c == null) return "";
  if (c instanceof Date) return c.toISOString().slice(0, 10);
  return String(c).trim();
}

/** Which column holds which field, from a header row (Chinese or English headers); null if not one. */
export function matchSheetHeader(cells: SheetCell[]): Map<SheetField, number> | null {
  const found = new Map<SheetField, number>();
  cells.forEach((c, i) => {
    const h = norm(cellText(c));
    for (const f of SHEET_FIELDS) {
      const d = SHEET_COLUMNS[f];
      if (!found.has(f) && (h === norm(d.zh) || h === norm(d.en))) found.set(f, i);
    }
  });
  return found.has("kind") && found.has("name") ? found : null;
}

export function missingColumns(layout: Map<SheetField, number>): SheetError[] {
  return SHEET_FIELDS.filter((f) => SHEET_COLUMNS[f].required && !layout.has(f)).map((f) => ({
    row: 0,
    column: SHEET_COLUMNS[f].zh,
    message_zh: `表头缺少“${SHEET_COLUMNS[f].zh}”列（请使用下载的模板）`,
    message_en: `The header has no "${SHEET_COLUMNS[f].zh}" (${SHEET_COLUMNS[f].en}) column (use the template)`,
  }));
}

function readNumber(c: SheetCell | undefined): number | null {
  if (typeof c === "number") return c;
  const t = cellText(c);
  if (!/^-?\d+(\.\d+)?$/.test(t)) return null;
  return Number(t);
}

/** One data row into a facility, or the row's errors. `kinds`: code, Chinese and English names. */
export function parseSheetRow(
  row: number,
  cells: SheetCell[],
  layout: Map<SheetField, number>,
  kinds: readonly { code: string; nameZh: string; nameEn: string }[],
): { facility: SheetFacility | null; errors: SheetError[] } {
  const errors: SheetError[] = [];
  const at = (f: SheetField) => {
    const i = layout.get(f);
    return i === undefined ? null : (cells[i] ?? null);
  };
  const bad = (f: SheetField, zh: string, en: string) =>
    errors.push({
      row,
      column: SHEET_COLUMNS[f].zh,
      message_zh: `第 ${row} 行“${SHEET_COLUMNS[f].zh}”：${zh}`,
      message_en: `Row ${row}, ${SHEET_COLUMNS[f].en}: ${en}`,
    });

  const kindText = cellText(at("kind"));
  const kind = kinds.find(
    (k) => k.code === kindText.toLowerCase() || k.nameZh === kindText || norm(k.nameEn) === norm(kindText),
  );
  if (!kindText) bad("kind", "不能为空", "is empty");
  else if (!kind)
    bad(
      "kind",
      `没有“${kindText}”这种设施类型（可填：${kinds.map((k) => k.nameZh).join("、")}）`,
      `no kind "${kindText}" (one of: ${kinds.map((k) => k.code).join(", ")})`,
    );

  const name = cellText(at("name"));
  if (!name) bad("name", "不能为空", "is empty");
  else if (name.length > 80) bad("name", "超过 80 个字", "is longer than 80 characters");

  const lat = readNumber(at("lat"));
  const lon = readNumber(at("lon"));
  if (lat === null) bad("lat", "应为数字（度，如 39.9087）", "should be a number of degrees, e.g. 39.9087");
  else if (lat < -90 || lat > 90) bad("lat", "应在 -90 到 90 之间", "should be between -90 and 90");
  if (lon === null) bad("lon", "应为数字（度，如 116.3975）", "should be a number of degrees, e.g. 116.3975");
  else if (lon < -180 || lon > 180) bad("lon", "应在 -180 到 180 之间", "should be between -180 and 180");

  const crsText = cellText(at("coordSystem"));
  const coordSystem = COORD_WORDS[crsText.toLowerCase()] ?? COORD_WORDS[crsText];
  if (!crsText)
    bad(
      "coordSystem",
      "不能为空：GPS 或 OpenStreetMap 的点填 WGS-84，从高德、腾讯地图取的点填 GCJ-02",
      "is empty: WGS-84 for a GPS or OpenStreetMap point, GCJ-02 for one from Amap or Tencent maps",
    );
  else if (!coordSystem)
    bad(
      "coordSystem",
      `“${crsText}”无法识别，请填 WGS-84 或 GCJ-02`,
      `"${crsText}" is not recognised: write WGS-84 or GCJ-02`,
    );

  const hours = cellText(at("hours"));
  if (hours.length > 80) bad("hours", "超过 80 个字", "is longer than 80 characters");

  if (errors.length > 0 || !kind || lat === null || lon === null || !coordSystem)
    return { facility: null, errors };
  return { facility: { row, kind: kind.code, name, lat, lon, coordSystem, hours }, errors };
}

export const isBlankRow = (cells: SheetCell[]) => cells.every((c) => cellText(c) === "");

/** A row of the template in the importer's words. */
export function sheetRowCells(f: Omit<SheetFacility, "row"> & { kindZh: string }): SheetCell[] {
  return [f.kindZh, f.name, f.lat, f.lon, f.coordSystem === "gcj02" ? "GCJ-02" : "WGS-84", f.hours];
}
