// The residents sheet: one row per person (or per empty home), the columns communities already keep
// in their 台账 (DOMAIN §0). This file knows the columns, reads one row into checked values with a
// bilingual message per bad cell, and writes a row back out in the same words, so that an exported
// sheet imports again unchanged.
import type { Relation } from "../../../db/schema.ts";
import { CARE_TAGS } from "../people/people.schema.ts";
import { birthDateOfIdNumber, isValidIdNumber, normaliseIdNumber } from "../privacy/pii.service.ts";
import type { TImportError } from "./imports.schema.ts";

export type Cell = string | number | boolean | Date | null;
export type CareTag = (typeof CARE_TAGS)[number];

export const FIELDS = [
  "estate",
  "building",
  "unit",
  "floor",
  "room",
  "area",
  "name",
  "gender",
  "birthDate",
  "idNumber",
  "phone",
  "relation",
  "careTags",
  "grid",
] as const;
export type Field = (typeof FIELDS)[number];

interface ColumnDef {
  /** The header written on export. */
  zh: string;
  en: string;
  /** Other spellings accepted on import, compared after normaliseHeader(). */
  aliases: string[];
}

export const COLUMNS: Record<Field, ColumnDef> = {
  estate: { zh: "小区", en: "estate", aliases: ["小区名称", "小区名", "estatename"] },
  building: { zh: "楼栋", en: "building", aliases: ["楼号", "楼栋号", "楼栋名称", "buildingname"] },
  unit: { zh: "单元", en: "unit", aliases: ["单元号", "unitname"] },
  floor: { zh: "楼层", en: "floor", aliases: ["层"] },
  room: { zh: "房号", en: "room", aliases: ["房间号", "门牌号", "室号", "roomno", "roomnumber"] },
  area: {
    zh: "面积(㎡)",
    en: "area (m²)",
    aliases: ["面积", "建筑面积", "房屋面积", "area", "aream2", "areasqm"],
  },
  name: { zh: "姓名", en: "name", aliases: ["fullname"] },
  gender: { zh: "性别", en: "gender", aliases: ["sex"] },
  birthDate: {
    zh: "出生日期",
    en: "birth date",
    aliases: ["出生年月日", "生日", "dateofbirth", "birthday", "dob"],
  },
  idNumber: {
    zh: "身份证号",
    en: "ID number",
    aliases: ["身份证号码", "身份证", "公民身份号码", "idno", "idcard", "idcardnumber"],
  },
  phone: {
    zh: "手机号",
    en: "phone",
    aliases: ["手机号码", "手机", "联系电话", "电话", "mobile", "phonenumber"],
  },
  relation: { zh: "与户主关系", en: "relation", aliases: ["关系", "与户主的关系", "relationship"] },
  careTags: { zh: "关爱标签", en: "care tags", aliases: ["标签", "关爱对象", "tags"] },
  grid: { zh: "网格", en: "grid", aliases: ["所属网格", "gridname"] },
};

const REQUIRED_COLUMNS: Field[] = ["estate", "building", "room", "name"];

/** The header row written on export: the Chinese headers, in order. */
export const EXPORT_HEADERS = FIELDS.map((f) => COLUMNS[f].zh);

/** Lower-case, no spaces/underscores/hyphens, no bracketed unit: "面积（㎡）" → "面积", "Birth_Date" → "birthdate". */
export function normaliseHeader(raw: string): string {
  return raw
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[(（[【].*?[)）\]】]/g, "")
    .replace(/[\s_\-:：*]/g, "");
}

const HEADER_LOOKUP = new Map<string, Field>();
for (const f of FIELDS) {
  const c = COLUMNS[f];
  for (const spelling of [c.zh, c.en, f, ...c.aliases]) HEADER_LOOKUP.set(normaliseHeader(spelling), f);
}

export interface SheetLayout {
  /** Column index (0-based) of each field present. */
  index: Map<Field, number>;
  /** The header text as written, for error reports. */
  header: Map<Field, string>;
}

export type RowError = TImportError;

const err = (row: number, column: string | null, field: Field | null, zh: string, en: string): RowError => ({
  row,
  column,
  field,
  message_zh: zh,
  message_en: en,
});

/** Known columns of a candidate header row; null when fewer than two cells look like headers. */
export function matchHeader(cells: Cell[]): { layout: SheetLayout; duplicates: string[] } | null {
  const index = new Map<Field, number>();
  const header = new Map<Field, string>();
  const duplicates: string[] = [];
  cells.forEach((cell, i) => {
    if (typeof cell !== "string") return;
    const field = HEADER_LOOKUP.get(normaliseHeader(cell));
    if (!field) return;
    if (index.has(field)) duplicates.push(cell.trim());
    else {
      index.set(field, i);
      header.set(field, cell.trim());
    }
  });
  return index.size >= 2 ? { layout: { index, header }, duplicates } : null;
}

/** File-level problems of a header row (missing or repeated columns), reported on that row. */
export function checkHeader(line: number, found: { layout: SheetLayout; duplicates: string[] }): RowError[] {
  const errors: RowError[] = [];
  for (const f of REQUIRED_COLUMNS) {
    if (!found.layout.index.has(f)) {
      const c = COLUMNS[f];
      errors.push(
        err(line, c.zh, f, `缺少必需的列“${c.zh}”`, `The required column ${c.zh} (${c.en}) is missing`),
      );
    }
  }
  for (const d of found.duplicates) {
    errors.push(err(line, d, null, `列“${d}”重复出现`, `The column ${d} appears twice`));
  }
  return errors;
}

export const noHeaderError = (): RowError =>
  err(
    1,
    null,
    null,
    `找不到表头：前10行中应有一行包含 ${REQUIRED_COLUMNS.map((f) => COLUMNS[f].zh).join("、")} 等列`,
    `No header row found: one of the first 10 rows must name the columns ${REQUIRED_COLUMNS.map((f) => `${COLUMNS[f].zh} (${COLUMNS[f].en})`).join(", ")}`,
  );

export const fileError = (zh: string, en: string): RowError => err(0, null, null, zh, en);

// ---------------------------------------------------------------------------------------------
// Values

const GENDERS: Record<string, "male" | "female"> = {
  男: "male",
  男性: "male",
  male: "male",
  m: "male",
  女: "female",
  女性: "female",
  female: "female",
  f: "female",
};
const GENDER_LABEL = { male: "男", female: "女" } as const;

// 与户主关系: the three relations the platform keeps; the kinship words spreadsheets often carry
// (配偶, 子女, …) all mean a family member.
const RELATIONS: Record<string, Relation> = {
  业主: "owner",
  户主: "owner",
  本人: "owner",
  产权人: "owner",
  房主: "owner",
  owner: "owner",
  租户: "tenant",
  租客: "tenant",
  承租人: "tenant",
  tenant: "tenant",
  家庭成员: "family",
  家属: "family",
  成员: "family",
  配偶: "family",
  妻子: "family",
  丈夫: "family",
  子女: "family",
  儿子: "family",
  女儿: "family",
  父亲: "family",
  母亲: "family",
  父母: "family",
  孙子: "family",
  孙女: "family",
  family: "family",
};
export const RELATION_LABEL: Record<Relation, string> = { owner: "业主", tenant: "租户", family: "家庭成员" };

export const CARE_TAG_LABEL: Record<CareTag, string> = {
  living_alone: "独居",
  empty_nest: "空巢",
  elderly_80_plus: "高龄",
  hardship: "困难",
  disability: "残疾",
  left_behind_child: "留守儿童",
};
const CARE_TAG_LOOKUP = new Map<string, CareTag>();
for (const t of CARE_TAGS) {
  CARE_TAG_LOOKUP.set(t, t);
  CARE_TAG_LOOKUP.set(CARE_TAG_LABEL[t], t);
}
for (const [alias, t] of [
  ["独居老人", "living_alone"],
  ["空巢老人", "empty_nest"],
  ["高龄老人", "elderly_80_plus"],
  ["困难家庭", "hardship"],
  ["困难群众", "hardship"],
  ["残疾人", "disability"],
] as const) {
  CARE_TAG_LOOKUP.set(alias, t);
}
const CARE_TAG_LIST = CARE_TAGS.map((t) => CARE_TAG_LABEL[t]).join("、");

/** A value read from the sheet, one per field. Person fields are null on a row that lists an empty home. */
export interface ParsedRow {
  /** Row number as shown by Excel. */
  line: number;
  /** No error so far on this row. */
  ok: boolean;
  estate: string | null;
  building: string | null;
  unit: string | null;
  floor: number | null;
  room: string | null;
  area: number | null;
  /** null: the row lists a home without people (export writes such rows for empty homes). */
  name: string | null;
  gender: "male" | "female" | null;
  birthDate: string | null;
  /** Checked and normalised; the importer replaces it with the two values below as soon as it can. */
  idNumber: string | null;
  idNumberEnc: string | null;
  idNumberHash: string | null;
  phone: string | null;
  relation: Relation | null;
  careTags: CareTag[];
  grid: string | null;
}

const PERSON_FIELDS: Field[] = ["name", "gender", "birthDate", "idNumber", "phone", "relation", "careTags"];
const MAX_LEN: Partial<Record<Field, number>> = {
  estate: 60,
  building: 60,
  unit: 60,
  room: 20,
  name: 40,
  grid: 60,
};

/** Text of a cell, trimmed; "" when blank. Numbers keep their digits (a room 101 reads "101"). */
export function cellText(cell: Cell | undefined): string {
  if (cell == null) return "";
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? "" : cell.toISOString().slice(0, 10);
  return String(cell).trim();
}

/** A blank row (all cells empty) is skipped, as Excel users leave them between blocks. */
export function isBlankRow(cells: Cell[]): boolean {
  return cells.every((c) => cellText(c) === "");
}

// CSV export guards text cells against formula injection with a leading apostrophe (OWASP); the
// importer takes it off again so that a round trip gives back the same names.
const unguard = (s: string) => (/^'[=+\-@]/.test(s) ? s.slice(1) : s);
export const guardFormula = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);

/** NFKC (full-width digits, ㎡ …) only where it can change something: most cells are plain ASCII. */
const nfkc = (s: string) => (/[^ -~]/.test(s) ? s.normalize("NFKC") : s);

const pad2 = (n: number) => String(n).padStart(2, "0");
const isoDate = (y: number, m: number, d: number) => `${y}-${pad2(m)}-${pad2(d)}`;

function realDate(y: number, m: number, d: number): string | null {
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return null;
  return isoDate(y, m, d);
}

/** YYYY-MM-DD from a date cell, an Excel serial number, or text such as 1950-3-7, 1950/03/07, 1950年3月7日, 19500307. */
export function readDate(cell: Cell): string | null {
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return null;
    // exceljs turns a date cell into a Date at UTC midnight of that day
    return isoDate(cell.getUTCFullYear(), cell.getUTCMonth() + 1, cell.getUTCDate());
  }
  if (typeof cell === "number") {
    if (!Number.isFinite(cell) || cell < 1 || cell > 2958465) return null;
    // Excel's day 0 is 1899-12-30 (it counts the 1900 leap day that never was)
    const t = new Date(Date.UTC(1899, 11, 30) + Math.floor(cell) * 86400_000);
    return isoDate(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
  }
  const s = nfkc(cellText(cell));
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s);
  if (!m) m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!m) return null;
  return realDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

const today = () => new Date().toISOString().slice(0, 10);

/** Reads and checks one data row. Every problem is reported against its column, in Chinese and English. */
export function parseRow(
  cells: Cell[],
  layout: SheetLayout,
  line: number,
): { row: ParsedRow; errors: RowError[] } {
  const errors: RowError[] = [];
  const raw = (f: Field): Cell => {
    const i = layout.index.get(f);
    return i === undefined ? null : (cells[i] ?? null);
  };
  const text = (f: Field) => cellText(raw(f));
  const fail = (f: Field, zh: string, en: string) =>
    errors.push(err(line, layout.header.get(f) ?? COLUMNS[f].zh, f, zh, en));
  const name = (f: Field, required: boolean): string | null => {
    const s = unguard(text(f));
    if (s === "") {
      if (required) fail(f, "必填项不能为空", "This field is required");
      return null;
    }
    const max = MAX_LEN[f] ?? 60;
    if ([...s].length > max) {
      fail(f, `不能超过${max}个字`, `At most ${max} characters`);
      return null;
    }
    return s;
  };

  const householdOnly = PERSON_FIELDS.every((f) => text(f) === "");
  const row: ParsedRow = {
    line,
    ok: true,
    estate: name("estate", true),
    building: name("building", true),
    unit: name("unit", false),
    floor: null,
    room: name("room", true),
    area: null,
    name: householdOnly ? null : name("name", true),
    gender: null,
    birthDate: null,
    idNumber: null,
    idNumberEnc: null,
    idNumberHash: null,
    phone: null,
    relation: null,
    careTags: [],
    grid: name("grid", false),
  };

  const floorText = nfkc(text("floor")).replace(/[层楼]$/, "");
  if (floorText !== "") {
    const n = Number(floorText);
    if (!/^-?\d+$/.test(floorText) || n < -5 || n > 200) {
      fail("floor", "楼层应为 -5 到 200 之间的整数", "The floor must be a whole number from -5 to 200");
    } else row.floor = n;
  }

  const areaText = nfkc(text("area")).replace(/\s*(㎡|m2|m²|平方米|平米)$/i, "");
  if (areaText !== "") {
    const n = Number(areaText);
    if (!/^\d+(\.\d+)?$/.test(areaText) || !(n > 0 && n < 100000)) {
      fail(
        "area",
        "面积应为大于 0、小于 100000 的数字",
        "The area must be a number above 0 and below 100000",
      );
    } else row.area = Math.round(n * 100) / 100;
  }

  if (householdOnly) return finish();

  const genderText = nfkc(text("gender")).toLowerCase();
  if (genderText !== "") {
    const g = GENDERS[genderText];
    if (!g) fail("gender", "性别应填“男”或“女”", "Gender must be 男 (male) or 女 (female)");
    else row.gender = g;
  }

  const birthCell = raw("birthDate");
  if (cellText(birthCell) !== "") {
    const d = readDate(birthCell);
    if (!d) {
      fail(
        "birthDate",
        "出生日期应为 YYYY-MM-DD 格式的有效日期",
        "The birth date must be a valid date written YYYY-MM-DD",
      );
    } else if (d < "1900-01-01" || d > today()) {
      fail(
        "birthDate",
        "出生日期应在 1900-01-01 到今天之间",
        "The birth date must lie between 1900-01-01 and today",
      );
    } else row.birthDate = d;
  }

  const idCell = raw("idNumber");
  if (typeof idCell === "number") {
    // Excel keeps 15 significant digits: an ID typed into a number cell has already lost its tail
    fail(
      "idNumber",
      "身份证号被存成了数字，末尾几位已丢失；请把该列设为“文本”后重新填写",
      "The ID number was stored as a number and lost its last digits; format the column as text and enter it again",
    );
  } else {
    const id = normaliseIdNumber(nfkc(cellText(idCell)).replace(/\s/g, ""));
    if (id === "") {
      // optional
    } else if (id.includes("*")) {
      fail(
        "idNumber",
        "身份证号已打码，无法导入（导出时请选择导出完整信息）",
        "The ID number is masked and cannot be imported (export with full details)",
      );
    } else if (!/^\d{17}[\dX]$/.test(id)) {
      fail(
        "idNumber",
        "身份证号码应为18位（最后一位可为X）",
        "The ID number must have 18 characters (the last may be X)",
      );
    } else if (!isValidIdNumber(id)) {
      fail("idNumber", "身份证号码校验位错误", "The ID number's check digit is wrong");
    } else {
      const encoded = birthDateOfIdNumber(id)!;
      const [y, m, d] = encoded.split("-").map(Number) as [number, number, number];
      if (!realDate(y, m, d) || encoded < "1900-01-01" || encoded > today()) {
        fail(
          "idNumber",
          "身份证号中的出生日期无效",
          "The birth date inside the ID number is not a real date",
        );
      } else {
        row.idNumber = id;
        if (row.birthDate && row.birthDate !== encoded) {
          fail("birthDate", "出生日期与身份证号不一致", "The birth date does not match the ID number");
        }
        row.birthDate ??= encoded;
        // GB 11643-1999: the 17th digit is odd for men, even for women
        const idGender = Number(id[16]) % 2 === 1 ? "male" : "female";
        if (row.gender && row.gender !== idGender) {
          fail("gender", "性别与身份证号不一致", "The gender does not match the ID number");
        }
      }
    }
  }

  const phoneCell = raw("phone");
  let phone = nfkc(cellText(phoneCell)).replace(/[\s\-()]/g, "");
  if (/^\+?86\d{11}$/.test(phone)) phone = phone.slice(-11);
  if (phone !== "") {
    if (phone.includes("*")) {
      fail(
        "phone",
        "手机号已打码，无法导入（导出时请选择导出完整信息）",
        "The phone number is masked and cannot be imported (export with full details)",
      );
    } else if (!/^1[3-9]\d{9}$/.test(phone)) {
      fail("phone", "手机号应为以1开头的11位数字", "The phone number must be 11 digits starting with 1");
    } else row.phone = phone;
  }

  const relationText = nfkc(text("relation")).toLowerCase();
  if (relationText !== "") {
    const r = RELATIONS[relationText];
    if (!r) {
      fail(
        "relation",
        "与户主关系应为 业主、租户 或 家庭成员",
        "The relation must be 业主 (owner), 租户 (tenant) or 家庭成员 (family)",
      );
    } else row.relation = r;
  }

  const tagsText = nfkc(text("careTags"));
  if (tagsText !== "") {
    const tags = new Set<CareTag>();
    for (const label of tagsText.split(/[,，、;；/\s]+/).filter(Boolean)) {
      const t = CARE_TAG_LOOKUP.get(label.toLowerCase());
      if (t) tags.add(t);
      else {
        fail(
          "careTags",
          `未知的关爱标签“${label}”，可用：${CARE_TAG_LIST}`,
          `Unknown care tag "${label}"; use ${CARE_TAG_LIST} (${CARE_TAGS.join(", ")})`,
        );
      }
    }
    row.careTags = [...tags];
  }

  return finish();

  function finish() {
    row.ok = errors.length === 0;
    return { row, errors };
  }
}

// ---------------------------------------------------------------------------------------------
// Writing

/** One row of the residents sheet in domain values, as export reads it from the database. */
export interface ResidentSheetRow {
  estate: string;
  building: string;
  unit: string | null;
  floor: number | null;
  room: string;
  area: number | null;
  /** null for a home without verified residents */
  name: string | null;
  gender: "male" | "female" | null;
  birthDate: string | null;
  idNumber: string | null;
  phone: string | null;
  relation: Relation | null;
  careTags: readonly string[];
  grid: string | null;
}

/** The cells of one sheet row, in EXPORT_HEADERS order, in the words the importer reads back. */
export function sheetCells(r: ResidentSheetRow): Cell[] {
  return [
    r.estate,
    r.building,
    r.unit ?? "",
    r.floor,
    r.room,
    r.area,
    r.name ?? "",
    r.gender ? GENDER_LABEL[r.gender] : "",
    r.birthDate ?? "",
    r.idNumber ?? "",
    r.phone ?? "",
    r.relation ? RELATION_LABEL[r.relation] : "",
    r.careTags.map((t) => CARE_TAG_LABEL[t as CareTag] ?? t).join("、"),
    r.grid ?? "",
  ];
}

/** Text columns of the sheet (formula-guarded in CSV); numbers and codes are left as they are. */
export const TEXT_COLUMNS = new Set(
  (["estate", "building", "unit", "room", "name", "grid"] as Field[]).map((f) => FIELDS.indexOf(f)),
);
