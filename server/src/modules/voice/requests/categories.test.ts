// Request categories per community (V4): the defaults on first use, and staff configuring them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestApp,
  diffSnapshots,
  isBilingualError,
  snapshotDatabase,
  type TestApp,
} from "../../../../test/test-app.ts";
import { DEFAULT_CATEGORIES, ensureCategories } from "./categories.service.ts";
import { api, submit, type VoiceWorld, voiceWorld } from "./requests.fixtures.ts";

let t: TestApp;
let v: VoiceWorld;
let A: string;
beforeAll(async () => {
  t = await createTestApp();
  v = await voiceWorld(t);
  A = v.A;
});
afterAll(async () => {
  await t?.close();
});

describe("categories", () => {
  it("creates the eleven defaults on first use, once, with 1 / 5 working days and 7 days to confirm", async () => {
    const res = await api(t, "GET", `${A}/categories`, null);
    expect(res.statusCode, res.body).toBe(200);
    const list = res.json();
    expect(list.map((c: any) => c.code)).toEqual(DEFAULT_CATEGORIES.map((c) => c.code));
    expect(list.map((c: any) => c.nameZh)).toEqual([
      "环境卫生",
      "物业维修",
      "停车",
      "安全隐患",
      "养老服务",
      "儿童关爱",
      "邻里纠纷",
      "公共设施",
      "改造提升",
      "意见建议",
      "邻里互助",
    ]);
    for (const c of list)
      expect(c).toMatchObject({ signDays: 1, solveDays: 5, confirmDays: 7, active: true });
    await ensureCategories(t.db, v.a.id);
    const n = await t.db
      .selectFrom("request_category")
      .select("id")
      .where("community_id", "=", v.a.id)
      .execute();
    expect(n).toHaveLength(11);
    expect((await api(t, "GET", "/api/communities/999999/categories", null)).statusCode).toBe(404);
  });

  it("lets community staff add and change categories (audited); the new limits drive new deadlines", async () => {
    const created = await api(t, "POST", `${A}/categories`, v.worker.cookie, {
      code: "canteen",
      nameZh: "长者食堂",
      nameEn: "Canteen",
      kinds: ["need", "wish"],
      signDays: 0,
      solveDays: 2,
    });
    expect(created.statusCode, created.body).toBe(200);
    expect(created.json()).toMatchObject({ code: "canteen", signDays: 0, solveDays: 2, confirmDays: 7 });
    const id = await submit(t, A, v.r0.cookie, { kind: "need", categoryCode: "canteen", title: "想订午餐" });
    const r = await t.db
      .selectFrom("request")
      .selectAll()
      .where("community_id", "=", v.a.id)
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    // 0 working days to sign: the same day, 24:00 China time
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    expect(new Date(r.sign_due_at).getTime()).toBe(Date.parse(`${today}T00:00:00+08:00`) + 86_400_000);

    const patched = await api(t, "PATCH", `${A}/categories/${created.json().id}`, v.secretary.cookie, {
      solveDays: 3,
      active: false,
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ solveDays: 3, active: false });
    expect((await api(t, "GET", `${A}/categories`, null)).json().map((c: any) => c.code)).not.toContain(
      "canteen",
    );
    expect((await api(t, "GET", `${A}/categories?all=true`, null)).json().map((c: any) => c.code)).toContain(
      "canteen",
    );
    const audit = await t.db
      .selectFrom("audit_log")
      .select("action")
      .where("scope_community_id", "=", v.a.id)
      .where("target_type", "=", "request_category")
      .execute();
    expect(audit.map((x) => x.action).sort()).toEqual(["request_category.create", "request_category.update"]);
  });

  it("refuses bad input and callers without requests.configure, changing nothing", async () => {
    const id = (await api(t, "GET", `${A}/categories`, null)).json()[0].id;
    const cases: [string, string, string | null, unknown, number][] = [
      [
        "POST",
        `${A}/categories`,
        v.worker.cookie,
        { code: "environment", nameZh: "重复", nameEn: "Dup", kinds: ["problem"] },
        409,
      ],
      [
        "POST",
        `${A}/categories`,
        v.worker.cookie,
        { code: "Bad Code", nameZh: "坏", nameEn: "Bad", kinds: ["problem"] },
        400,
      ],
      [
        "POST",
        `${A}/categories`,
        v.worker.cookie,
        { code: "nokinds", nameZh: "无", nameEn: "None", kinds: [] },
        400,
      ],
      [
        "POST",
        `${A}/categories`,
        v.worker.cookie,
        { code: "slow", nameZh: "慢", nameEn: "Slow", kinds: ["problem"], signDays: 5, solveDays: 2 },
        400,
      ],
      ["PATCH", `${A}/categories/${id}`, v.worker.cookie, {}, 400],
      ["PATCH", `${A}/categories/${id}`, v.worker.cookie, { confirmDays: 0 }, 400],
      ["PATCH", `${A}/categories/999999`, v.worker.cookie, { nameZh: "无" }, 404],
      ["PATCH", `/api/communities/${v.w.b.id}/categories/${id}`, v.admin.cookie, { nameZh: "跨社区" }, 404],
      [
        "POST",
        `${A}/categories`,
        v.gw1.cookie,
        { code: "gw", nameZh: "网格", nameEn: "Grid", kinds: ["problem"] },
        403,
      ],
      ["PATCH", `${A}/categories/${id}`, v.r0.cookie, { nameZh: "居民改" }, 403],
      [
        "PATCH",
        `/api/communities/${v.w.b.id}/categories/${id}`,
        v.worker.cookie,
        { nameZh: "别的社区" },
        403,
      ],
      [
        "POST",
        `${A}/categories`,
        null,
        { code: "anon", nameZh: "匿名", nameEn: "Anon", kinds: ["problem"] },
        401,
      ],
    ];
    for (const [method, url, cookie, payload, status] of cases) {
      const before = await snapshotDatabase(t.db);
      const res = await api(t, method as "POST", url, cookie, payload);
      expect(res.statusCode, `${method} ${url} ${JSON.stringify(payload)} → ${res.body}`).toBe(status);
      expect(isBilingualError(res.json())).toBe(true);
      expect(diffSnapshots(before, await snapshotDatabase(t.db))).toEqual([]);
    }
  });
});
