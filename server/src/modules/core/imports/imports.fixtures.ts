// Generated residents sheets for tests and the import benchmark: deterministic, any size, every
// row valid (ID numbers carry a correct check digit and agree with gender and birth date).
import type { Relation } from "../../../db/schema.ts";
import type { ResidentSheetRow } from "./resident-sheet.ts";

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECKS = "10X98765432";

/** A valid 18-character ID number (GB 11643-1999) for a birth date; `seq` 0–499 keeps it unique. */
export function idNumberFor(
  birthDate: string,
  seq: number,
  gender: "male" | "female",
  region = "420106",
): string {
  const order = (seq % 500) * 2 + (gender === "male" ? 1 : 0);
  const body = `${region}${birthDate.replaceAll("-", "")}${String(order).padStart(3, "0")}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body[i]) * WEIGHTS[i]!;
  return body + CHECKS[sum % 11];
}

const SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘";
const GIVEN = [
  "伟",
  "芳",
  "娜",
  "秀英",
  "敏",
  "静",
  "丽",
  "强",
  "磊",
  "军",
  "洋",
  "勇",
  "艳",
  "杰",
  "娟",
  "涛",
  "明",
  "超",
  "秀兰",
  "霞",
  "平",
  "刚",
  "桂英",
  "建华",
  "文",
  "华",
  "红",
  "志强",
  "玉兰",
  "国庆",
];

export interface GenerateOptions {
  /** People per home (the last home may have fewer). Default 3. */
  perHome?: number;
  /** Grid names to spread buildings over (they must exist in the community); none by default. */
  grids?: string[];
  /** Estate name prefix. Default 幸福里. */
  estatePrefix?: string;
  /** Leave ID numbers out. */
  withoutIds?: boolean;
}

/**
 * `count` resident rows: 2 units × 18 floors × 4 rooms per building, 20 buildings per estate, as
 * many estates as needed. Lazy, so 100,000 rows never sit in memory.
 */
export function* generateResidentRows(
  count: number,
  opts: GenerateOptions = {},
): Generator<ResidentSheetRow> {
  const perHome = opts.perHome ?? 3;
  const prefix = opts.estatePrefix ?? "幸福里";
  const homesPerBuilding = 2 * 18 * 4;
  const homesPerEstate = homesPerBuilding * 20;
  const thisYear = new Date().getUTCFullYear();
  for (let i = 0; i < count; i++) {
    const h = Math.floor(i / perHome);
    const member = i % perHome;
    const estate = Math.floor(h / homesPerEstate);
    const building = Math.floor((h % homesPerEstate) / homesPerBuilding);
    const inBuilding = h % homesPerBuilding;
    const unit = Math.floor(inBuilding / 72);
    const floor = Math.floor((inBuilding % 72) / 4) + 1;
    const room = `${floor}0${(inBuilding % 4) + 1}`;
    const gender = i % 2 === 0 ? "male" : "female";
    // ages 1–95, spread over the days of the year
    const age = 1 + ((i * 37) % 95);
    const day = (i * 13) % 365;
    const birth = new Date(Date.UTC(thisYear - age - 1, 0, 1) + day * 86400_000).toISOString().slice(0, 10);
    const relation: Relation = member === 0 ? (h % 9 === 0 ? "tenant" : "owner") : "family";
    const careTags: string[] = [];
    if (age >= 80) careTags.push("elderly_80_plus");
    if (perHome === 1 && age >= 60) careTags.push("living_alone");
    if (h % 47 === 0) careTags.push("hardship");
    yield {
      estate: `${prefix}${estate + 1}期`,
      building: `${building + 1}栋`,
      unit: `${unit + 1}单元`,
      floor,
      room,
      area: 60 + (h % 80) + 0.5,
      name: `${SURNAMES[i % SURNAMES.length]}${GIVEN[(i * 7 + member) % GIVEN.length]}`,
      gender,
      birthDate: birth,
      idNumber: opts.withoutIds
        ? null
        : idNumberFor(birth, Math.floor(i / 36_500), gender, String(420100 + (i % 100))),
      phone: member === 2 && age < 16 ? null : `139${String(i).padStart(8, "0")}`,
      relation,
      careTags,
      grid: opts.grids?.length ? opts.grids[(estate * 20 + building) % opts.grids.length]! : null,
    };
  }
}
