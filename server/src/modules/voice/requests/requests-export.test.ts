// 导出 Excel: the staff list of requests as a workbook, read back with exceljs — the list's filters
// and reach (a grid worker exports only their grids), bilingual headers, Chinese words, China time,
// no submitter's name or phone, the cap, and the audit entry.
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, isBilingualError, type TestApp } from "../../../../test/test-app.ts";
import { loadActor } from "../../../access/actor.queries.ts";
import { api, submit, type VoiceWorld, voiceWorld } from "./requests.fixtures.ts";
import { exportRequests, shanghaiCell } from "./requests-export.service.ts";

let t: TestApp;
let v: VoiceWorld;
let A: string;
/** Requests of community A by grid: [0] grid 1 (household 0), [1] grid 2 (household 2). */
const ids = { g1Problem: 0, g1Wish: 0, g2Problem: 0 };

beforeAll(async () => {
  t = await createTestApp();
  v = await voiceWorld(t);
  A = v.A;
  ids.g1Problem = await submit(t, A, v.r0.cookie, { title: "一网格路灯不亮" });
  ids.g1Wish = await submit(t, A, v.r0.cookie, {
    kind: "wish",
    categoryCode: "elderly_care",
    title: "想学用智能手机",
  });
  ids.g2Problem = await submit(t, A, v.r2.cookie, { title: "二网格垃圾满了" });
});
afterAll(async () => {
  await t?.close();
});

interface Sheet {
  header: string[];
  rows: unknown[][];
  text: string;
}

async function readSheet(raw: Buffer): Promise<Sheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(raw as any);
  const ws = wb.worksheets[0]!;
  const all: unknown[][] = [];
  ws.eachRow((row) => all.push((row.values as unknown[]).slice(1)));
  const cells: string[] = [];
  ws.eachRow((row) => row.eachCell((c) => cells.push(String(c.text))));
  return { header: all[0] as string[], rows: all.slice(1), text: cells.join("\n") };
}

async function exportAs(cookie: string, query = "") {
  const res = await t.app.inject({
    method: "GET",
    url: `${A}/requests/export.xlsx${query}`,
    headers: { cookie },
  });
  return res;
}

const idsIn = (s: Sheet) => s.rows.filter((r) => typeof r[0] === "number").map((r) => r[0] as number);

describe("GET /communities/:id/requests/export.xlsx", () => {
  it("writes the list as the community's staff see it: bilingual headers, Chinese words, China time, no names or phones", async () => {
    const res = await exportAs(v.worker.cookie);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["content-type"]).toContain("spreadsheetml");
    expect(String(res.headers["content-disposition"])).toMatch(/^attachment; filename="requests-\d+-/);
    expect(res.headers["x-linli-export-truncated"]).toBe("false");
    const s = await readSheet(res.rawPayload);
    expect(s.header[0]).toBe("编号 / No.");
    expect(s.header).toContain("状态 / Status");
    expect(s.header).toContain("提交时间 / Submitted");
    expect(idsIn(s).sort()).toEqual([ids.g1Problem, ids.g1Wish, ids.g2Problem].sort());
    // newest first, as the list
    expect(idsIn(s)).toEqual([...idsIn(s)].sort((a, b) => b - a));

    const list = (await api(t, "GET", `${A}/requests?limit=200`, v.worker.cookie)).json().items;
    const item = list.find((i: any) => i.id === ids.g1Wish);
    const col = (name: string) => s.header.findIndex((h) => h.startsWith(name));
    const row = s.rows.find((r) => r[0] === ids.g1Wish)!;
    expect(row[col("类型")]).toBe("微心愿");
    expect(row[col("状态")]).toBe("待签收");
    expect(row[col("类别")]).toBe(item.category.nameZh);
    expect(row[col("位置")]).toBe(item.place.address);
    expect(row[col("网格")]).toBe(item.place.gridName);
    expect(row[col("来源")]).toBe("居民自主提交");
    expect(row[col("超期")]).toBe("否");
    // dates are date cells showing China time (UTC+8)
    const created = row[col("提交时间")] as Date;
    expect(created).toBeInstanceOf(Date);
    expect(Math.abs(created.getTime() - shanghaiCell(new Date(item.createdAt)).getTime())).toBeLessThan(1000);
    const solveBy = row[col("办结期限")] as Date;
    expect(Math.abs(solveBy.getTime() - shanghaiCell(new Date(item.solveDueAt)).getTime())).toBeLessThan(
      1000,
    );

    // the submitters' names and phones appear nowhere
    for (const who of ["王阿姨", "张大爷"]) expect(s.text).not.toContain(who);
    const phones = await t.db
      .selectFrom("app_user")
      .select("phone")
      .where("id", "in", [v.r0.id, v.r2.id])
      .execute();
    for (const p of phones) {
      expect(s.text).not.toContain(p.phone);
      expect(s.text).not.toContain(p.phone.slice(-4).padStart(8, "*"));
    }
  });

  it("takes the list's filters", async () => {
    const wishes = await readSheet((await exportAs(v.worker.cookie, "?kind=wish")).rawPayload);
    expect(idsIn(wishes)).toEqual([ids.g1Wish]);
    const grid2 = await readSheet((await exportAs(v.worker.cookie, `?gridId=${v.a.grids[1]}`)).rawPayload);
    expect(idsIn(grid2)).toEqual([ids.g2Problem]);
    const none = await readSheet((await exportAs(v.worker.cookie, "?status=closed")).rawPayload);
    expect(idsIn(none)).toEqual([]);
    expect(none.header[0]).toBe("编号 / No.");
    // an overdue item: past its time to sign
    await t.db
      .updateTable("request")
      .set({ sign_due_at: new Date(Date.now() - 3_600_000) })
      .where("community_id", "=", v.a.id)
      .where("id", "=", ids.g2Problem)
      .execute();
    const overdue = await readSheet((await exportAs(v.worker.cookie, "?overdue=true")).rawPayload);
    expect(idsIn(overdue)).toEqual([ids.g2Problem]);
    expect(overdue.rows[0]![5]).toBe("是");
    const bad = await exportAs(v.worker.cookie, "?kind=rumour");
    expect(bad.statusCode).toBe(400);
    expect(isBilingualError(bad.json())).toBe(true);
  });

  it("a grid worker exports only their grids; other grids' requests are not in the file", async () => {
    const res = await exportAs(v.gw1.cookie);
    expect(res.statusCode, res.body).toBe(200);
    const s = await readSheet(res.rawPayload);
    expect(idsIn(s).sort()).toEqual([ids.g1Problem, ids.g1Wish].sort());
    expect(s.text).not.toContain("二网格垃圾满了");
    // asking for the other grid gives an empty sheet, not its rows
    const other = await readSheet((await exportAs(v.gw1.cookie, `?gridId=${v.a.grids[1]}`)).rawPayload);
    expect(idsIn(other)).toEqual([]);
  });

  it("needs data.export: 三长 and property staff read the list but do not export it; other communities are refused", async () => {
    for (const who of [v.head, v.property, v.unitRep, v.r0]) {
      const res = await exportAs(who.cookie);
      expect(res.statusCode, res.body).toBe(403);
      expect(isBilingualError(res.json())).toBe(true);
    }
    const anonymous = await t.app.inject({ method: "GET", url: `${A}/requests/export.xlsx` });
    expect(anonymous.statusCode).toBe(401);
    const otherCommunity = await t.app.inject({
      method: "GET",
      url: `/api/communities/${v.w.b.id}/requests/export.xlsx`,
      headers: { cookie: v.gw1.cookie },
    });
    expect(otherCommunity.statusCode).toBe(403);
    expect(otherCommunity.json().code).toBe("OUT_OF_SCOPE");
  });

  it("is audited: who, the filters, how many rows, and the reach", async () => {
    await exportAs(v.gw1.cookie, "?kind=problem");
    const audit = await t.db
      .selectFrom("audit_log")
      .selectAll()
      .where("actor_user_id", "=", v.gw1.id)
      .where("action", "=", "data.export")
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({
      actor_role: "grid_worker",
      scope_community_id: v.a.id,
      target_type: "requests",
      target_id: "xlsx",
    });
    const after = typeof audit.after === "string" ? JSON.parse(audit.after) : audit.after;
    expect(after).toMatchObject({ filters: { kind: "problem" }, rows: 1, truncated: false });
    expect(after.scope.gridIds).toEqual([v.a.grids[0]]);
  });

  it("stops at the cap, keeps the newest rows and says so in the sheet", async () => {
    const actor = await loadActor(t.db, v.worker.id);
    const file = await exportRequests(t.db, actor, v.a.id, {}, { maxRows: 2 });
    expect(file.truncated).toBe(true);
    expect(file.rows).toBe(2);
    const s = await readSheet(file.body);
    expect(idsIn(s)).toEqual([ids.g2Problem, ids.g1Wish]);
    expect(s.text).toContain("已达导出上限");
    expect(s.text).toContain("Export limit reached");
  });
});
