// Issue 9: the households list as Excel (the list's filters and reach, no person data, audited; a
// resident is refused) and the import template (the importer's own header row and an example row that
// imports without an error).
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createResidentUser,
  createTestApp,
  createUser,
  createWorld,
  grant,
  isBilingualError,
  sessionCookie,
  type TestApp,
} from "../../../../test/test-app.ts";
import { loadActor } from "../../../access/actor.queries.ts";
import { exportHouseholds } from "./households-export.service.ts";
import { RESIDENTS_EXAMPLE } from "./import-templates.ts";
import { EXPORT_HEADERS } from "./resident-sheet.ts";

let t: TestApp;
let w: Awaited<ReturnType<typeof createWorld>>;
let A: string;
const cookies = { secretary: "", gridWorker: "", buildingHead: "", resident: "" };

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t.db);
  A = `/api/communities/${w.a.id}`;
  const person = async (
    name: string,
    role: Parameters<typeof grant>[2],
    scope: Parameters<typeof grant>[3],
    id: number,
  ) => {
    const u = await createUser(t.db, name);
    await grant(t.db, u.id, role, scope, id, w.a.id);
    return sessionCookie(t, u.id);
  };
  cookies.secretary = await person("社区书记", "community_secretary", "community", w.a.id);
  cookies.gridWorker = await person("一网格网格员", "grid_worker", "grid", w.a.grids[0]!);
  cookies.buildingHead = await person("楼栋长", "building_head", "building", w.a.buildings[0]!.id);
  const r = await createResidentUser(t.db, w.a.id, w.a.households[0]!.id, "本户居民");
  cookies.resident = await sessionCookie(t, r.id);
});
afterAll(async () => {
  await t?.close();
});

async function rowsOf(raw: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(raw as any);
  const all: unknown[][] = [];
  wb.worksheets[0]!.eachRow((row) => all.push((row.values as unknown[]).slice(1)));
  return { header: all[0] as string[], rows: all.slice(1) };
}
const get = (url: string, cookie: string) => t.app.inject({ method: "GET", url, headers: { cookie } });

describe("GET /communities/:id/exports/households.xlsx", () => {
  it("writes the households list: addresses, floor, room, area, grid, resident counts; audited", async () => {
    const res = await get(`${A}/exports/households.xlsx`, cookies.secretary);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["content-type"]).toContain("spreadsheetml");
    expect(String(res.headers["content-disposition"])).toMatch(/^attachment; filename="households-\d+-/);
    expect(res.headers["x-linli-export-rows"]).toBe(String(w.a.households.length));
    expect(res.headers["x-linli-export-truncated"]).toBe("false");
    const s = await rowsOf(res.rawPayload);
    expect(s.header).toEqual([
      "编号 / No.",
      "地址 / Address",
      "楼层 / Floor",
      "房号 / Room",
      "面积(㎡) / Area (m²)",
      "网格 / Grid",
      "在册居民 / Residents",
    ]);
    // the same rows, in the same order, as the list shows
    const list = (await get(`${A}/households?pageSize=200`, cookies.secretary)).json().items;
    expect(s.rows.map((r) => r[0])).toEqual(list.map((h: any) => h.id));
    const first = s.rows[0]!;
    expect(first[1]).toBe(list[0].address);
    expect(first[3]).toBe(list[0].room);
    expect(first[5]).toBe(list[0].gridName);
    expect(first[6]).toBe(list[0].memberCount);
    // no person data: no resident's name
    const names = await t.db
      .selectFrom("resident")
      .select("name")
      .where("community_id", "=", w.a.id)
      .execute();
    const text = JSON.stringify(s.rows);
    for (const n of names) expect(text).not.toContain(n.name);

    const audit = await t.db
      .selectFrom("audit_log")
      .select(["action", "target_type", "after"])
      .where("scope_community_id", "=", w.a.id)
      .where("target_type", "=", "households")
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "data.export" });
    const after = typeof audit[0]!.after === "string" ? JSON.parse(audit[0]!.after) : audit[0]!.after;
    expect(after).toMatchObject({ format: "xlsx", rows: w.a.households.length, truncated: false });
  });

  it("takes the list's filters, the address search included", async () => {
    const b1 = w.a.buildings[0]!;
    const byBuilding = await rowsOf(
      (await get(`${A}/exports/households.xlsx?buildingId=${b1.id}`, cookies.secretary)).rawPayload,
    );
    expect(byBuilding.rows.map((r) => r[0]).sort()).toEqual(
      w.a.households
        .filter((h) => h.buildingId === b1.id)
        .map((h) => h.id)
        .sort(),
    );
    const bySearch = await rowsOf(
      (await get(`${A}/exports/households.xlsx?q=${encodeURIComponent("2栋 101")}`, cookies.secretary))
        .rawPayload,
    );
    expect(bySearch.rows).toHaveLength(1);
    expect(String(bySearch.rows[0]![1])).toContain("2栋");
  });

  it("reaches only the grid worker's grids; refuses those who read homes but may not export, and residents", async () => {
    const own = await rowsOf((await get(`${A}/exports/households.xlsx`, cookies.gridWorker)).rawPayload);
    expect(own.rows.map((r) => r[0]).sort()).toEqual(
      w.a.households
        .filter((h) => h.gridId === w.a.grids[0])
        .map((h) => h.id)
        .sort(),
    );
    for (const who of [cookies.buildingHead, cookies.resident]) {
      const res = await get(`${A}/exports/households.xlsx`, who);
      expect(res.statusCode).toBe(403);
      expect(isBilingualError(res.json())).toBe(true);
    }
    const other = await get(`/api/communities/${w.c.id}/exports/households.xlsx`, cookies.secretary);
    expect(other.statusCode).toBe(403);
  });

  it("cuts at the limit and says so in the sheet", async () => {
    const sec = await t.db
      .selectFrom("role_assignment")
      .select("user_id")
      .where("role", "=", "community_secretary")
      .where("scope_id", "=", w.a.id)
      .executeTakeFirstOrThrow();
    const actor = await loadActor(t.db, sec.user_id);
    const file = await exportHouseholds(t.db, actor, w.a.id, {}, { maxRows: 2 });
    expect(file.truncated).toBe(true);
    expect(file.rows).toBe(2);
    const s = await rowsOf(file.body);
    expect(JSON.stringify(s.rows)).toContain("已达导出上限");
  });
});

describe("GET /communities/:id/imports/template.xlsx", () => {
  it("holds the importer's header row and one example row, which imports without an error", async () => {
    const res = await get(`${A}/imports/template.xlsx?kind=residents`, cookies.secretary);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["content-type"]).toContain("spreadsheetml");
    expect(decodeURIComponent(String(res.headers["content-disposition"]))).toContain("居民信息导入模板.xlsx");
    const s = await rowsOf(res.rawPayload);
    expect(s.header).toEqual(EXPORT_HEADERS);
    expect(s.rows).toHaveLength(1);
    expect(s.rows[0]).toContain(RESIDENTS_EXAMPLE.name);

    // the template as it is, uploaded to the import: the example row goes in
    const form = new FormData();
    form.append("kind", "residents");
    form.append("mode", "all_or_nothing");
    form.append("file", new Blob([new Uint8Array(res.rawPayload)]), "居民信息导入模板.xlsx");
    const job = await t.app.inject({
      method: "POST",
      url: `${A}/imports?wait=1`,
      payload: form as any,
      headers: { cookie: cookies.secretary },
    });
    expect(job.statusCode, job.body).toBe(200);
    expect(job.json()).toMatchObject({ status: "succeeded", errorCount: 0 });
    const imported = await t.db
      .selectFrom("resident")
      .select("name")
      .where("community_id", "=", w.a.id)
      .where("name", "=", RESIDENTS_EXAMPLE.name!)
      .execute();
    expect(imported).toHaveLength(1);
  });

  it("refuses an unknown kind and those who may not import", async () => {
    expect((await get(`${A}/imports/template.xlsx?kind=parcels`, cookies.secretary)).statusCode).toBe(400);
    for (const who of [cookies.gridWorker, cookies.resident]) {
      const res = await get(`${A}/imports/template.xlsx`, who);
      expect(res.statusCode).toBe(403);
      expect(isBilingualError(res.json())).toBe(true);
    }
  });
});
