// Issue 9: 认领管理's search (keyword, claim days) and its Excel export — the list's filters and reach
// (a grid worker: their grid), the claimant's phone masked as the list shows it, audited; residents
// and those who read but may not export are refused.
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, isBilingualError, type TestApp } from "../../../../test/test-app.ts";
import { insertRequest } from "../figures/figures.fixtures.ts";
import { api, type VoiceWorld, voiceWorld } from "../requests/requests.fixtures.ts";

let t: TestApp;
let v: VoiceWorld;
let A: string;
const ids = { g1: 0, g2: 0, old: 0 };

async function claimed(title: string, gridIndex: 0 | 1, claimedAt?: Date) {
  const r = await insertRequest(t.db, {
    communityId: v.a.id,
    gridId: v.a.grids[gridIndex]!,
    kind: "wish",
    status: "signed",
    title,
    submitterUserId: v.r0.id,
    signedAt: new Date(),
    signedBy: v.gw1.id,
    solveDueAt: new Date(Date.now() + 30 * 86_400_000),
  });
  const c = await t.db
    .insertInto("request_claim")
    .values({
      community_id: v.a.id,
      request_id: r.id,
      claimant_user_id: v.r2.id,
      claimant_kind: "volunteer",
      promise_date: "2099-01-01",
      status: "active",
      ...(claimedAt ? { created_at: claimedAt } : {}),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return c.id;
}

beforeAll(async () => {
  t = await createTestApp();
  v = await voiceWorld(t);
  A = v.A;
  ids.g1 = await claimed("导出认领 一网格 书架", 0);
  ids.g2 = await claimed("导出认领 二网格 轮椅", 1);
  ids.old = await claimed("导出认领 去年的", 0, new Date("2025-06-01T10:00:00+08:00"));
});
afterAll(async () => {
  await t?.close();
});

async function sheet(raw: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(raw as any);
  const all: unknown[][] = [];
  wb.worksheets[0]!.eachRow((row) => all.push((row.values as unknown[]).slice(1)));
  return { header: all[0] as string[], rows: all.slice(1), text: JSON.stringify(all) };
}
const claimIds = (s: { rows: unknown[][] }) =>
  s.rows
    .map((r) => r[0])
    .filter((x): x is number => typeof x === "number")
    .sort();

describe("GET /communities/:id/claims — search", () => {
  it("finds by keyword and by the days claimed (China time)", async () => {
    const get = async (qs: string) =>
      (await api(t, "GET", `${A}/claims?limit=200&${qs}`, v.worker.cookie))
        .json()
        .items.map((i: any) => i.id)
        .sort();
    expect(await get(`q=${encodeURIComponent("轮椅")}`)).toEqual([ids.g2]);
    expect(await get(`q=${encodeURIComponent("导出认领")}`)).toEqual([ids.g1, ids.g2, ids.old].sort());
    expect(await get(`q=${encodeURIComponent("导出认领")}&from=2025-06-01&to=2025-06-01`)).toEqual([ids.old]);
    expect(await get(`q=${encodeURIComponent("导出认领")}&from=2025-06-02`)).toEqual([ids.g1, ids.g2].sort());
  });
});

describe("GET /communities/:id/claims/export.xlsx", () => {
  it("writes the list with its filters, the claimant's phone masked; audited", async () => {
    const res = await api(
      t,
      "GET",
      `${A}/claims/export.xlsx?q=${encodeURIComponent("导出认领")}`,
      v.worker.cookie,
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["content-type"]).toContain("spreadsheetml");
    expect(res.headers["x-linli-export-rows"]).toBe("3");
    const s = await sheet(res.rawPayload);
    expect(s.header[0]).toBe("认领编号 / Claim");
    expect(s.header).toContain("电话(已脱敏) / Phone (masked)");
    expect(claimIds(s)).toEqual([ids.g1, ids.g2, ids.old].sort());
    // as the list shows it: the name, the phone masked
    const item = (await api(t, "GET", `${A}/claims?limit=200`, v.worker.cookie))
      .json()
      .items.find((i: any) => i.id === ids.g1);
    const row = s.rows.find((r) => r[0] === ids.g1)!;
    expect(row).toContain(item.claimantName);
    expect(row).toContain(item.claimantPhone);
    const phone = await t.db
      .selectFrom("app_user")
      .select("phone")
      .where("id", "=", v.r2.id)
      .executeTakeFirstOrThrow();
    expect(s.text).not.toContain(phone.phone);
    expect(row).toContain("志愿者");
    expect(row).toContain("进行中");

    const audit = await t.db
      .selectFrom("audit_log")
      .select(["action", "after"])
      .where("target_type", "=", "claims")
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "data.export" });
    const after = typeof audit[0]!.after === "string" ? JSON.parse(audit[0]!.after) : audit[0]!.after;
    expect(after).toMatchObject({ rows: 3, truncated: false });
  });

  it("reaches only a grid worker's grid", async () => {
    const res = await api(
      t,
      "GET",
      `${A}/claims/export.xlsx?q=${encodeURIComponent("导出认领")}`,
      v.gw1.cookie,
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(claimIds(await sheet(res.rawPayload))).toEqual([ids.g1, ids.old].sort());
  });

  it("refuses residents and those who read the list but may not export it", async () => {
    for (const cookie of [v.r0.cookie, v.head.cookie, v.property.cookie]) {
      const res = await api(t, "GET", `${A}/claims/export.xlsx`, cookie);
      expect(res.statusCode).toBe(403);
      expect(isBilingualError(res.json())).toBe(true);
    }
    expect((await api(t, "GET", `${A}/claims/export.xlsx`, null)).statusCode).toBe(401);
    expect((await api(t, "GET", `${A}/claims/export.xlsx?from=nope`, v.worker.cookie)).statusCode).toBe(400);
  });
});
