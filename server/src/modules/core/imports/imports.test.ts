import { readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import type { Kysely } from "kysely";
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestApp,
  createUser,
  createWorld,
  grant,
  nextPhone,
  signIn,
  type TestApp,
} from "../../../../test/test-app.ts";
import type { DB } from "../../../db/schema.ts";
import { protectIdNumber } from "../people/people.service.ts";
import { decryptPii, encryptPii, hashPii } from "../privacy/pii.service.ts";
import { generateResidentRows, idNumberFor } from "./imports.fixtures.ts";
import { withKeyObject } from "./imports.service.ts";
import { EXPORT_HEADERS, type ResidentSheetRow } from "./resident-sheet.ts";
import { writeResidentsWorkbook } from "./spreadsheet.ts";

let t: TestApp;
let world: Awaited<ReturnType<typeof createWorld>>;
let secretary: { id: number; phone: string };
let secretaryCookie: string;

const HEAD = EXPORT_HEADERS.join(",");
const csv = (...lines: string[]) => `${[HEAD, ...lines].join("\n")}\n`;

const ID_ZHANG = idNumberFor("1940-03-07", 1, "male");
const ID_LI = idNumberFor("1943-11-20", 2, "female");
const badCheckDigit = (id: string) => id.slice(0, 17) + (id[17] === "1" ? "2" : "1");

async function newCommunity(name: string, grids: string[] = ["第一网格", "第二网格"]) {
  const c = await t.db
    .insertInto("community")
    .values({ street_id: world.streetA, name, reported: "{}" })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const g of grids) await t.db.insertInto("grid").values({ community_id: c.id, name: g }).execute();
  await grant(t.db, secretary.id, "community_secretary", "community", c.id);
  return c.id;
}

type FileSpec = { name: string; content: string | Buffer | Uint8Array };

async function upload(
  communityId: number,
  file: FileSpec | null,
  fields: Record<string, string> = {},
  opts: { wait?: boolean; cookie?: string } = {},
) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (file) {
    const bytes = typeof file.content === "string" ? Buffer.from(file.content, "utf8") : file.content;
    form.append("file", new Blob([new Uint8Array(bytes)]), file.name);
  }
  return t.app.inject({
    method: "POST",
    url: `/api/communities/${communityId}/imports${opts.wait === false ? "" : "?wait=1"}`,
    payload: form,
    headers: { cookie: opts.cookie ?? secretaryCookie },
  });
}

/** Every row of the place and people tables, in a stable order. */
async function snapshot(db: Kysely<DB>) {
  const tables = ["estate", "building", "unit", "household", "resident", "grid"] as const;
  const out: Record<string, unknown[]> = {};
  for (const table of tables) {
    out[table] = await db.selectFrom(table).selectAll().orderBy("community_id").orderBy("id").execute();
  }
  const counts = Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.length]));
  return { counts, rows: out };
}

/** A community's homes and people in words (no ids), for comparing two communities. */
async function describeCommunity(communityId: number) {
  const homes = await t.db
    .selectFrom("household as h")
    .innerJoin("building as b", (j) =>
      j.onRef("b.community_id", "=", "h.community_id").onRef("b.id", "=", "h.building_id"),
    )
    .innerJoin("estate as e", (j) =>
      j.onRef("e.community_id", "=", "b.community_id").onRef("e.id", "=", "b.estate_id"),
    )
    .leftJoin("unit as u", (j) =>
      j.onRef("u.community_id", "=", "h.community_id").onRef("u.id", "=", "h.unit_id"),
    )
    .leftJoin("grid as g", (j) =>
      j.onRef("g.community_id", "=", "h.community_id").onRef("g.id", "=", "h.grid_id"),
    )
    .leftJoin("grid as bg", (j) =>
      j.onRef("bg.community_id", "=", "b.community_id").onRef("bg.id", "=", "b.grid_id"),
    )
    .select([
      "h.id",
      "e.name as estate",
      "b.name as building",
      "u.name as unit",
      "h.floor",
      "h.room",
      "h.area_m2",
      "g.name as grid",
      "bg.name as buildingGrid",
    ])
    .where("h.community_id", "=", communityId)
    .execute();
  const address = new Map(homes.map((h) => [h.id, `${h.estate}|${h.building}|${h.unit ?? ""}|${h.room}`]));
  const people = await t.db
    .selectFrom("resident")
    .select([
      "household_id",
      "name",
      "gender",
      "birth_date",
      "id_number_enc",
      "phone",
      "phone_tail",
      "relation",
      "care_tags",
      "status",
    ])
    .where("community_id", "=", communityId)
    .where("status", "=", "verified")
    .execute();
  return {
    homes: homes
      .map(({ id: _id, area_m2, ...h }) => ({ ...h, area: area_m2 == null ? null : Number(area_m2) }))
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    people: people
      .map((p) => ({
        address: address.get(p.household_id!),
        name: p.name,
        gender: p.gender,
        birthDate: p.birth_date == null ? null : new Date(p.birth_date).toISOString().slice(0, 10),
        idNumber: p.id_number_enc ? decryptPii(t.config.piiKey, p.id_number_enc) : null,
        phone: p.phone,
        phoneTail: p.phone_tail,
        relation: p.relation,
        careTags: [...p.care_tags].sort(),
      }))
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
  };
}

/** Uploads of this test process still on disk (a finished job's file is removed just after it ends). */
async function ourUploadFiles() {
  const dir = path.join(tmpdir(), "linli-imports");
  let left: string[] = [];
  for (let i = 0; i < 50; i++) {
    const names = await readdir(dir).catch(() => [] as string[]);
    left = names.filter((n) => n.startsWith(`${process.pid}-`));
    if (left.length === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return left;
}

async function xlsxBuffer(rows: Iterable<ResidentSheetRow>) {
  const file = path.join(tmpdir(), `linli-test-${process.pid}-${Date.now()}.xlsx`);
  await writeResidentsWorkbook(rows, file);
  const bytes = await readFile(file);
  await rm(file);
  return bytes;
}

beforeAll(async () => {
  t = await createTestApp();
  world = await createWorld(t.db);
  secretary = await createUser(t.db, "社区书记");
  await grant(t.db, secretary.id, "community_secretary", "community", world.a.id);
  secretaryCookie = await signIn(t, secretary.phone);
});
afterAll(async () => {
  await t?.close();
});

describe("importing residents", () => {
  it("imports a valid CSV: places are created, people verified, ID numbers encrypted", async () => {
    const cid = await newCommunity("阳光社区");
    const res = await upload(cid, {
      name: "居民.csv",
      content: `\uFEFF${csv(
        `阳光小区,1栋,1单元,3,301,89.5,张三,男,1940-03-07,${ID_ZHANG},13912340001,业主,"独居、高龄",第一网格`,
        `阳光小区,1栋,1单元,3,301,,李四,女,,${ID_LI},139 1234 0002,家庭成员,,`,
        "阳光小区,2栋,,1,101,60,王五,男,1990/1/2,,,租户,困难,",
        "",
        "阳光小区,2栋,,1,102,61,,,,,,,,",
      )}`,
    });
    expect(res.statusCode, res.body).toBe(200);
    const job = res.json();
    expect(job).toMatchObject({
      status: "succeeded",
      phase: "done",
      mode: "all_or_nothing",
      filename: "居民.csv",
      totalRows: 4,
      processedRows: 4,
      importedRows: 4,
      errorCount: 0,
      errors: [],
    });

    const d = await describeCommunity(cid);
    expect(d.homes).toEqual(
      expect.arrayContaining([
        {
          estate: "阳光小区",
          building: "1栋",
          unit: "1单元",
          floor: 3,
          room: "301",
          area: 89.5,
          grid: "第一网格",
          buildingGrid: "第一网格",
        },
        {
          estate: "阳光小区",
          building: "2栋",
          unit: null,
          floor: 1,
          room: "101",
          area: 60,
          grid: null,
          buildingGrid: null,
        },
        {
          estate: "阳光小区",
          building: "2栋",
          unit: null,
          floor: 1,
          room: "102",
          area: 61,
          grid: null,
          buildingGrid: null,
        },
      ]),
    );
    expect(d.homes).toHaveLength(3);
    expect(d.people).toEqual([
      {
        address: "阳光小区|1栋|1单元|301",
        name: "张三",
        gender: "male",
        birthDate: "1940-03-07",
        idNumber: ID_ZHANG,
        phone: "13912340001",
        phoneTail: "0001",
        relation: "owner",
        careTags: ["elderly_80_plus", "living_alone"],
      },
      {
        address: "阳光小区|1栋|1单元|301",
        name: "李四",
        gender: "female",
        birthDate: "1943-11-20",
        idNumber: ID_LI,
        phone: "13912340002",
        phoneTail: "0002",
        relation: "family",
        careTags: [],
      },
      {
        address: "阳光小区|2栋||101",
        name: "王五",
        gender: "male",
        birthDate: "1990-01-02",
        idNumber: null,
        phone: null,
        phoneTail: null,
        relation: "tenant",
        careTags: ["hardship"],
      },
    ]);
    const stored = await t.db.selectFrom("resident").selectAll().where("community_id", "=", cid).execute();
    for (const r of stored) {
      expect(r.status).toBe("verified");
      expect(r.verified_by).toBe(secretary.id);
      expect(r.id_number_enc ?? "").not.toContain(ID_ZHANG);
    }
    const audit = await t.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "data.import")
      .where("scope_community_id", "=", cid)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.target_id).toBe(String(job.id));

    // the same file again: every person is already there
    const again = await upload(cid, {
      name: "again.csv",
      content: csv(
        `阳光小区,1栋,1单元,3,301,89.5,张三,男,1940-03-07,${ID_ZHANG},13912340001,业主,"独居、高龄",第一网格`,
      ),
    });
    expect(again.json()).toMatchObject({ status: "rejected", importedRows: 0 });
    expect(again.json().errors).toEqual([
      {
        row: 2,
        column: "姓名",
        field: "name",
        message_zh: "该房屋已有同名的已核实居民，未导入",
        message_en: "A verified resident of this name already lives in this home; not imported",
      },
      {
        row: 2,
        column: "身份证号",
        field: "idNumber",
        message_zh: "该身份证号已登记为本社区居民",
        message_en: "This ID number is already registered in this community",
      },
    ]);
  });

  it("imports a large .xlsx in the background, and the progress endpoint follows it to the end", async () => {
    const cid = await newCommunity("进度社区");
    const bytes = await xlsxBuffer(generateResidentRows(3000, { grids: ["第一网格", "第二网格"] }));
    const res = await upload(
      cid,
      { name: "台账.xlsx", content: bytes },
      { mode: "all_or_nothing", kind: "residents" },
      { wait: false },
    );
    expect(res.statusCode, res.body).toBe(202);
    const { id, status } = res.json();
    expect(status).toBe("queued");

    const seen: string[] = [];
    let job: any;
    for (let i = 0; i < 1500; i++) {
      const r = await t.app.inject({
        method: "GET",
        url: `/api/communities/${cid}/imports/${id}`,
        headers: { cookie: secretaryCookie },
      });
      expect(r.statusCode).toBe(200);
      job = r.json();
      seen.push(`${job.status}/${job.phase}/${job.processedRows}/${job.importedRows}`);
      if (job.status !== "queued" && job.status !== "running") break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    console.log("progress seen:", [...new Set(seen)].join(" → "));
    // progress only ever grows, and the job was seen at work before it finished
    const processed = seen.map((s) => Number(s.split("/")[2]));
    expect(processed).toEqual([...processed].sort((x, y) => x - y));
    expect(seen.some((s) => s.startsWith("running/"))).toBe(true);
    expect(job).toMatchObject({
      status: "succeeded",
      phase: "done",
      totalRows: 3000,
      processedRows: 3000,
      importedRows: 3000,
      errorCount: 0,
      filename: "台账.xlsx",
    });
    expect(job.finishedAt).not.toBeNull();
    expect(
      await t.db
        .selectFrom("resident")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("community_id", "=", cid)
        .executeTakeFirstOrThrow(),
    ).toEqual({ n: 3000 });
    expect(
      await t.db
        .selectFrom("household")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("community_id", "=", cid)
        .executeTakeFirstOrThrow(),
    ).toEqual({ n: 1000 });

    const list = await t.app.inject({
      method: "GET",
      url: `/api/communities/${cid}/imports`,
      headers: { cookie: secretaryCookie },
    });
    expect(list.json().items[0]).toMatchObject({ id, status: "succeeded", importedRows: 3000 });
    expect(list.json().items[0].errors).toBeUndefined();
    expect(await ourUploadFiles()).toEqual([]);
  });

  const mixedFile = () =>
    csv(
      "东龙社区花园,1栋,1单元,2,201,70,赵六,男,1980-05-06,,13912349999,业主,,第一网格",
      `东龙社区花园,1栋,1单元,2,202,70,钱七,女,,${badCheckDigit(ID_LI)},,业主,,`,
      "东龙社区花园,1栋,1单元,2,203,70,孙八,X,,,1234,业主,,",
      "东龙社区花园,9栋,,1,101,50,周九,女,,,,业主,,第九网格",
      "东龙社区花园,1栋,1单元,2,,70,吴十,男,,,,业主,,",
    );

  it("all_or_nothing: one bad row rejects the file, errors per row and column in both languages, nothing changes", async () => {
    const before = await snapshot(t.db);
    const res = await upload(world.a.id, { name: "bad.csv", content: mixedFile() });
    expect(res.statusCode, res.body).toBe(200);
    const job = res.json();
    expect(job).toMatchObject({
      status: "rejected",
      importedRows: 0,
      totalRows: 5,
      processedRows: 5,
      errorCount: 5,
    });
    expect(job.errors).toEqual([
      {
        row: 3,
        column: "身份证号",
        field: "idNumber",
        message_zh: "身份证号码校验位错误",
        message_en: "The ID number's check digit is wrong",
      },
      {
        row: 4,
        column: "性别",
        field: "gender",
        message_zh: "性别应填“男”或“女”",
        message_en: "Gender must be 男 (male) or 女 (female)",
      },
      {
        row: 4,
        column: "手机号",
        field: "phone",
        message_zh: "手机号应为以1开头的11位数字",
        message_en: "The phone number must be 11 digits starting with 1",
      },
      {
        row: 5,
        column: "网格",
        field: "grid",
        message_zh: "网格“第九网格”不存在，请先创建该网格",
        message_en: 'The grid "第九网格" does not exist; create it first',
      },
      {
        row: 6,
        column: "房号",
        field: "room",
        message_zh: "必填项不能为空",
        message_en: "This field is required",
      },
    ]);
    expect(await snapshot(t.db)).toEqual(before);
    // the job keeps the report
    const again = await t.app.inject({
      method: "GET",
      url: `/api/communities/${world.a.id}/imports/${job.id}`,
      headers: { cookie: secretaryCookie },
    });
    expect(again.json()).toEqual(job);
  });

  it("valid_rows: imports the good rows and reports the others", async () => {
    const before = await snapshot(t.db);
    const res = await upload(world.a.id, { name: "bad.csv", content: mixedFile() }, { mode: "valid_rows" });
    const job = res.json();
    expect(job).toMatchObject({ status: "succeeded", mode: "valid_rows", importedRows: 1, errorCount: 5 });
    const after = await snapshot(t.db);
    expect(after.counts).toEqual({
      ...before.counts,
      household: before.counts.household! + 1,
      resident: before.counts.resident! + 1,
    });
    const added = (after.rows.resident as { name: string; community_id: number }[]).filter(
      (r) => !(before.rows.resident as { name: string }[]).some((b) => b.name === r.name),
    );
    expect(added.map((r) => [r.name, r.community_id])).toEqual([["赵六", world.a.id]]);
    // no estate or building was created for the rejected rows
    expect(after.rows.estate).toEqual(before.rows.estate);
    expect(after.rows.building).toEqual(before.rows.building);
  });

  it("checks rows against each other: same person twice, conflicting floors, grid of an existing building", async () => {
    const cid = await newCommunity("规则社区");
    const first = await upload(cid, {
      name: "a.csv",
      content: csv("花园,1栋,,1,101,50,甲,男,,,,业主,,第一网格"),
    });
    expect(first.json().status).toBe("succeeded");
    const res = await upload(cid, {
      name: "b.csv",
      content: csv(
        "花园,2栋,,1,101,50,乙,男,,,,业主,,",
        "花园,2栋,,2,101,55,丙,女,,,,家庭成员,,",
        "花园,2栋,,1,101,50,乙,男,,,,业主,,",
        "花园,1栋,,1,102,50,丁,男,,,,业主,,第二网格",
        "花园,3栋,,1,101,50,戊,男,,,,业主,,第一网格",
        "花园,3栋,,1,102,50,己,男,,,,业主,,第二网格",
        "花园,1栋,,1,101,,,,,,,,,",
      ),
    });
    expect(res.json().errors).toEqual([
      {
        row: 3,
        column: "楼层",
        field: "floor",
        message_zh: "同一房屋在第2行填写的楼层为 1",
        message_en: "Row 2 gives another floor (1) for the same home",
      },
      {
        row: 3,
        column: "面积(㎡)",
        field: "area",
        message_zh: "同一房屋在第2行填写的面积为 50",
        message_en: "Row 2 gives another area (50) for the same home",
      },
      {
        row: 4,
        column: "姓名",
        field: "name",
        message_zh: "与第2行重复（同一房屋、同一姓名）",
        message_en: "Duplicates row 2 (same home and name)",
      },
      {
        row: 5,
        column: "网格",
        field: "grid",
        message_zh: "该楼栋已属于网格“第一网格”",
        message_en: 'This building already belongs to the grid "第一网格"',
      },
      {
        row: 7,
        column: "网格",
        field: "grid",
        message_zh: "同一楼栋在第6行填写的网格为“第一网格”",
        message_en: 'Row 6 puts the same building in the grid "第一网格"',
      },
      {
        row: 8,
        column: "房号",
        field: "room",
        message_zh: "该房屋已存在，未作修改",
        message_en: "This home already exists; nothing was changed",
      },
    ]);
  });

  it("puts an existing building without a grid into the grid a row names, and its homes follow", async () => {
    const cid = await newCommunity("网格社区");
    await upload(cid, { name: "a.csv", content: csv("花园,1栋,,1,101,50,甲,男,,,,业主,,") });
    const res = await upload(cid, {
      name: "b.csv",
      content: csv("花园,1栋,,1,102,50,乙,男,,,,业主,,第二网格"),
    });
    expect(res.json()).toMatchObject({ status: "succeeded", importedRows: 1 });
    const d = await describeCommunity(cid);
    expect(d.homes.map((h) => [h.room, h.grid, h.buildingGrid])).toEqual([
      ["101", "第二网格", "第二网格"],
      ["102", "第二网格", "第二网格"],
    ]);
  });

  it("reads English headers, a title row above the header, Excel date cells, and refuses ID numbers stored as numbers", async () => {
    const cid = await newCommunity("英文社区");
    const english = await upload(cid, {
      name: "english.csv",
      content: [
        "Residents of Sunshine,,,",
        "Estate,Building,Unit,Floor,Room,Area (m²),Name,Gender,Birth date,ID number,Phone,Relation,Care tags,Grid",
        "Sunshine,B1,U1,1,101,80,Amy,female,1950-01-01,,+86 139-1234-5678,owner,living_alone,第一网格",
        "Sunshine,B1,U1,1,101,80,Bob,male,1951-02-03,,,spouse,,",
      ].join("\r\n"),
    });
    expect(english.json().errors).toEqual([
      {
        row: 4,
        column: "Relation",
        field: "relation",
        message_zh: "与户主关系应为 业主、租户 或 家庭成员",
        message_en: "The relation must be 业主 (owner), 租户 (tenant) or 家庭成员 (family)",
      },
    ]);

    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Sheet1");
    ws.addRow(EXPORT_HEADERS);
    ws.addRow([
      "花园",
      "1栋",
      "1单元",
      1,
      101,
      80,
      "甲",
      "男",
      new Date(Date.UTC(1950, 0, 31)),
      "",
      13912345678,
      "业主",
      "",
      "",
    ]);
    ws.addRow([
      "花园",
      "1栋",
      "1单元",
      1,
      101,
      80,
      "乙",
      "女",
      18629,
      // an 18-digit ID typed into a number cell: Excel keeps 15 significant digits
      Number("420106195001011234"),
      "",
      "家庭成员",
      "",
      "",
    ]);
    ws.getCell("I2").numFmt = "yyyy-mm-dd";
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const excel = await upload(cid, { name: "dates.xlsx", content: bytes });
    expect(excel.json().errors).toEqual([
      {
        row: 3,
        column: "身份证号",
        field: "idNumber",
        message_zh: "身份证号被存成了数字，末尾几位已丢失；请把该列设为“文本”后重新填写",
        message_en:
          "The ID number was stored as a number and lost its last digits; format the column as text and enter it again",
      },
    ]);
    const fixed = await upload(cid, { name: "dates.xlsx", content: bytes }, { mode: "valid_rows" });
    expect(fixed.json()).toMatchObject({ status: "succeeded", importedRows: 1 });
    const d = await describeCommunity(cid);
    expect(d.people).toMatchObject([
      { name: "甲", birthDate: "1950-01-31", phone: "13912345678", address: "花园|1栋|1单元|101" },
    ]);
  });

  it("rejects a sheet without the required columns", async () => {
    const cid = await newCommunity("缺列社区");
    const res = await upload(cid, { name: "x.csv", content: "小区,楼栋,房号\n花园,1栋,101\n" });
    expect(res.json()).toMatchObject({
      status: "rejected",
      errors: [
        {
          row: 1,
          column: "姓名",
          field: "name",
          message_zh: "缺少必需的列“姓名”",
          message_en: "The required column 姓名 (name) is missing",
        },
      ],
    });
  });
});

describe("the PII key as a KeyObject", () => {
  it("gives the same hash and a readable envelope as the Buffer key of pii.ts", () => {
    const fast = withKeyObject(t.config).piiKey;
    expect(hashPii(fast, ID_ZHANG)).toBe(hashPii(t.config.piiKey, ID_ZHANG));
    expect(decryptPii(t.config.piiKey, encryptPii(fast, ID_ZHANG))).toBe(ID_ZHANG);
    expect(decryptPii(fast, encryptPii(t.config.piiKey, ID_LI))).toBe(ID_LI);
  });
});

describe("upload checks", () => {
  it("refuses wrong types, renamed executables, non-UTF-8 CSV, oversized and over-long files; nothing is stored", async () => {
    const before = await snapshot(t.db);
    const jobs = await t.db
      .selectFrom("import_job")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    const exe = Buffer.concat([Buffer.from("MZ\x90\x00\x03\x00\x00\x00", "latin1"), Buffer.alloc(2048, 7)]);
    const cases: [FileSpec | null, Record<string, string>, number, string][] = [
      [{ name: "notes.txt", content: "小区,楼栋" }, {}, 415, "UNSUPPORTED_FILE"],
      [{ name: "setup.xlsx", content: exe }, {}, 415, "UNSUPPORTED_FILE"],
      [{ name: "setup.csv", content: exe }, {}, 415, "UNSUPPORTED_FILE"],
      [
        { name: "gbk.csv", content: Buffer.from([0xd0, 0xa1, 0xc7, 0xf8, 0x2c, 0xc2, 0xa5, 0x0a]) },
        {},
        415,
        "UNSUPPORTED_FILE",
      ],
      [
        { name: "fake.xlsx", content: Buffer.from("PK\x03\x04 this is not a zip", "latin1") },
        {},
        415,
        "UNSUPPORTED_FILE",
      ],
      [{ name: "empty.csv", content: "" }, {}, 400, "VALIDATION"],
      [{ name: "big.csv", content: Buffer.alloc(31 * 1024 * 1024, 0x61) }, {}, 413, "TOO_LARGE"],
      [
        { name: "long.csv", content: `小区,楼栋,房号,姓名\n${"花园,1栋,101,甲\n".repeat(200_001)}` },
        {},
        413,
        "TOO_LARGE",
      ],
      [
        { name: "ok.csv", content: csv("花园,1栋,,1,101,50,甲,男,,,,业主,,") },
        { mode: "some" },
        400,
        "VALIDATION",
      ],
      [
        { name: "ok.csv", content: csv("花园,1栋,,1,101,50,甲,男,,,,业主,,") },
        { kind: "parties" },
        400,
        "VALIDATION",
      ],
      [null, { mode: "valid_rows" }, 400, "VALIDATION"],
    ];
    for (const [file, fields, status, code] of cases) {
      const res = await upload(world.a.id, file, fields);
      expect(res.statusCode, `${file?.name}: ${res.body}`).toBe(status);
      expect(res.json()).toMatchObject({ code });
      expect(res.json().message_zh).toBeTruthy();
      expect(res.json().message_en).toBeTruthy();
    }
    const json = await t.app.inject({
      method: "POST",
      url: `/api/communities/${world.a.id}/imports`,
      payload: { file: "x" },
      headers: { cookie: secretaryCookie },
    });
    expect(json.statusCode).toBe(400);
    // a multipart body cut short, and one whose boundary is missing: the caller's mistake (400)
    const boundary = "----linli-test";
    const body = Buffer.from(
      `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="ok.csv"\r\ncontent-type: text/csv\r\n\r\n${csv("花园,1栋,,1,101,50,甲,男,,,,业主,,")}\r\n--${boundary}--\r\n`,
    );
    for (const [contentType, payload] of [
      [`multipart/form-data; boundary=${boundary}`, body.subarray(0, body.length - 40)],
      ["multipart/form-data", body],
    ] as const) {
      const cut = await t.app.inject({
        method: "POST",
        url: `/api/communities/${world.a.id}/imports?wait=1`,
        payload,
        headers: { cookie: secretaryCookie, "content-type": contentType },
      });
      expect(cut.statusCode, cut.body).toBe(400);
      expect(cut.json().code).toBe("VALIDATION");
    }

    expect(await snapshot(t.db)).toEqual(before);
    expect(
      await t.db
        .selectFrom("import_job")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow(),
    ).toEqual(jobs);
    expect(await ourUploadFiles()).toEqual([]);
  });
});

describe("who may import and export", () => {
  it("a grid worker cannot import; nor can staff of another community", async () => {
    const gw = await createUser(t.db, "网格员");
    await grant(t.db, gw.id, "grid_worker", "grid", world.a.grids[0]!, world.a.id);
    const other = await createUser(t.db, "西城社工");
    await grant(t.db, other.id, "community_worker", "community", world.b.id);
    const file = { name: "ok.csv", content: csv("花园,1栋,,1,101,50,甲,男,,,,业主,,") };
    for (const [user, code] of [
      [gw, "FORBIDDEN"],
      [other, "OUT_OF_SCOPE"],
    ] as const) {
      const cookie = await signIn(t, user.phone);
      const res = await upload(world.a.id, file, {}, { cookie });
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe(code);
      const list = await t.app.inject({
        method: "GET",
        url: `/api/communities/${world.a.id}/imports`,
        headers: { cookie },
      });
      expect(list.statusCode).toBe(403);
    }
  });

  it("a grid worker's export holds only their grid, masked; full values need a reason and are audited", async () => {
    const gw = await createUser(t.db, "网格员二");
    await grant(t.db, gw.id, "grid_worker", "grid", world.a.grids[0]!, world.a.id);
    const cookie = await signIn(t, gw.phone);
    const res = await t.app.inject({
      method: "GET",
      url: `/api/communities/${world.a.id}/exports/residents.csv`,
      headers: { cookie },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["content-type"]).toContain("text/csv");
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = Papa.parse<Record<string, string>>(res.body.replace(/^\uFEFF/, ""), {
      header: true,
      skipEmptyLines: true,
    }).data;
    const inGrid = await t.db
      .selectFrom("resident as r")
      .innerJoin("household as h", (j) =>
        j.onRef("h.community_id", "=", "r.community_id").onRef("h.id", "=", "r.household_id"),
      )
      .select("r.name")
      .where("r.community_id", "=", world.a.id)
      .where("r.status", "=", "verified")
      .where("h.grid_id", "=", world.a.grids[0]!)
      .execute();
    expect(inGrid.length).toBeGreaterThan(0);
    // one row per person, plus one per empty home
    expect(
      rows
        .map((r) => r.姓名)
        .filter(Boolean)
        .sort(),
    ).toEqual(inGrid.map((r) => r.name).sort());
    for (const r of rows) {
      expect(r.网格).toBe("第一网格");
      if (r.手机号) expect(r.手机号).toMatch(/^\d{3}\*{4}\d{4}$/);
    }

    const noReason = await t.app.inject({
      method: "GET",
      url: `/api/communities/${world.a.id}/exports/residents.csv?full=1`,
      headers: { cookie },
    });
    expect(noReason.statusCode).toBe(400);
    // a reason the audit log could not store (PostgreSQL refuses NUL in text) is refused up front
    const nul = await t.app.inject({
      method: "GET",
      url: `/api/communities/${world.a.id}/exports/residents.csv?full=1&reason=${encodeURIComponent("入户\u0000核对")}`,
      headers: { cookie },
    });
    expect(nul.statusCode, nul.body).toBe(400);
    expect(nul.json().code).toBe("VALIDATION");
    const full = await t.app.inject({
      method: "GET",
      url: `/api/communities/${world.a.id}/exports/residents.csv?full=1&reason=${encodeURIComponent("入户走访核对")}`,
      headers: { cookie },
    });
    expect(full.statusCode).toBe(200);
    const fullRows = Papa.parse<Record<string, string>>(full.body.replace(/^\uFEFF/, ""), {
      header: true,
      skipEmptyLines: true,
    }).data;
    expect(fullRows.map((r) => r.手机号)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^1\d{10}$/)]),
    );

    const audit = await t.db
      .selectFrom("audit_log")
      .selectAll()
      .where("actor_user_id", "=", gw.id)
      .orderBy("id")
      .execute();
    expect(audit.map((a) => [a.action, a.reason])).toEqual([
      ["data.export", null],
      ["data.export", "入户走访核对"],
    ]);
    expect(audit[1]!.after).toMatchObject({
      format: "csv",
      full: true,
      residents: inGrid.length,
      revealedResidents: inGrid.length,
    });
  });

  it("a resident cannot export; an official without reveal cannot export full values", async () => {
    const user = await createUser(t.db, "居民甲");
    await t.db
      .updateTable("resident")
      .set({ user_id: user.id })
      .where("community_id", "=", world.a.id)
      .where("id", "=", world.a.residents[0]!.id)
      .execute();
    const cookie = await signIn(t, user.phone);
    for (const format of ["csv", "xlsx"]) {
      const res = await t.app.inject({
        method: "GET",
        url: `/api/communities/${world.a.id}/exports/residents.${format}`,
        headers: { cookie },
      });
      expect(res.statusCode).toBe(403);
    }
    const official = await createUser(t.db, "街道干部");
    await grant(t.db, official.id, "street_official", "street", world.streetA);
    const oc = await signIn(t, official.phone);
    const masked = await t.app.inject({
      method: "GET",
      url: `/api/communities/${world.a.id}/exports/residents.xlsx`,
      headers: { cookie: oc },
    });
    expect(masked.statusCode).toBe(200);
    expect(masked.headers["content-type"]).toContain("spreadsheetml");
    const full = await t.app.inject({
      method: "GET",
      url: `/api/communities/${world.a.id}/exports/residents.xlsx?full=1&reason=${encodeURIComponent("统计核对")}`,
      headers: { cookie: oc },
    });
    expect(full.statusCode).toBe(403);
    const outside = await t.app.inject({
      method: "GET",
      url: `/api/communities/${world.c.id}/exports/residents.csv`,
      headers: { cookie: oc },
    });
    expect(outside.statusCode).toBe(403);
  });
});

describe("round trip", () => {
  it("exporting a community and importing the file into an empty one gives the same homes and people (xlsx and csv)", async () => {
    // enrich community A: a person with every column, a home without a unit, an empty home
    const a = world.a;
    const pii = protectIdNumber(t.config, ID_ZHANG);
    const b0 = a.buildings[0]!;
    await t.db
      .insertInto("resident")
      .values({
        community_id: a.id,
        household_id: a.households[0]!.id,
        name: "=张三",
        gender: "male",
        birth_date: pii.birth,
        id_number_enc: pii.id_number_enc,
        id_number_hash: pii.id_number_hash,
        phone: nextPhone(),
        phone_tail: "0000",
        relation: "family",
        care_tags: ["living_alone", "elderly_80_plus"],
        status: "verified",
      })
      .execute();
    const noUnit = await t.db
      .insertInto("household")
      .values({
        community_id: a.id,
        building_id: b0.id,
        unit_id: null,
        grid_id: b0.gridId,
        floor: -1,
        room: "B01",
        area_m2: 12.25,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto("resident")
      .values({
        community_id: a.id,
        household_id: noUnit.id,
        name: "车库租户",
        relation: "tenant",
        status: "verified",
        care_tags: [],
      })
      .execute();
    await t.db
      .insertInto("household")
      .values({
        community_id: a.id,
        building_id: b0.id,
        unit_id: b0.unitId,
        grid_id: b0.gridId,
        floor: 5,
        room: "501",
        area_m2: null,
      })
      .execute();
    // people who are not (or no longer) verified are not exported
    await t.db
      .insertInto("resident")
      .values({
        community_id: a.id,
        household_id: a.households[1]!.id,
        name: "已搬走",
        relation: "family",
        status: "moved_out",
        care_tags: [],
      })
      .execute();
    // keep every phone_tail in step with its phone (the insert above wrote a placeholder)
    await t.db
      .updateTable("resident")
      .set((eb) => ({ phone_tail: eb.fn("right", [eb.ref("phone"), eb.val(4)]) }))
      .where("community_id", "=", a.id)
      .where("phone", "is not", null)
      .execute();

    const source = await describeCommunity(a.id);
    expect(source.people.length).toBeGreaterThanOrEqual(6);
    const reason = encodeURIComponent("迁移到新系统");

    for (const format of ["xlsx", "csv"] as const) {
      const exported = await t.app.inject({
        method: "GET",
        url: `/api/communities/${a.id}/exports/residents.${format}?full=1&reason=${reason}`,
        headers: { cookie: secretaryCookie },
      });
      expect(exported.statusCode, exported.body).toBe(200);
      expect(exported.headers["content-disposition"]).toContain("filename*=UTF-8''");
      const target = await newCommunity(`新社区-${format}`);
      const res = await upload(target, { name: `export.${format}`, content: exported.rawPayload });
      expect(res.json(), res.body).toMatchObject({ status: "succeeded", errorCount: 0 });
      expect(await describeCommunity(target)).toEqual(source);
    }
  });

  it("a masked export cannot be imported by mistake", async () => {
    const exported = await t.app.inject({
      method: "GET",
      url: `/api/communities/${world.b.id}/exports/residents.csv`,
      headers: { cookie: secretaryCookie },
    });
    expect(exported.statusCode).toBe(403); // the secretary of A does not reach B
    const own = await t.app.inject({
      method: "GET",
      url: `/api/communities/${world.a.id}/exports/residents.csv`,
      headers: { cookie: secretaryCookie },
    });
    const target = await newCommunity("打码社区");
    const res = await upload(target, { name: "masked.csv", content: own.rawPayload });
    expect(res.json().status).toBe("rejected");
    expect(res.json().errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          column: "手机号",
          message_en: "The phone number is masked and cannot be imported (export with full details)",
        }),
        expect.objectContaining({
          column: "身份证号",
          message_en: "The ID number is masked and cannot be imported (export with full details)",
        }),
      ]),
    );
  });
});
