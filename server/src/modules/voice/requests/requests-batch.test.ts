// Issue 9: the staff lists' search (keyword, submission days) on the requests list, the inbox and the
// export, and batch 签收 / 分派 — each item authorised at its own place (a grid worker's batch holding
// another grid's request signs the others and refuses that one), done as the single action does
// (history, domain event, notices), answered per item.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, isBilingualError, type TestApp } from "../../../../test/test-app.ts";
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

const idsOf = (res: { json: () => any }) => (res.json().items as { id: number }[]).map((i) => i.id).sort();
const chinaDay = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

async function statusOf(id: number) {
  const r = await t.db
    .selectFrom("request")
    .select(["status", "route_to"])
    .where("community_id", "=", v.a.id)
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
  return r;
}
async function historyOf(id: number) {
  return (
    await t.db
      .selectFrom("request_event")
      .select("kind")
      .where("community_id", "=", v.a.id)
      .where("request_id", "=", id)
      .orderBy("id")
      .execute()
  ).map((e) => e.kind);
}
async function domainEvents(id: number, type: string) {
  const rows = await t.db
    .selectFrom("domain_event")
    .select("id")
    .where("community_id", "=", v.a.id)
    .where("type", "=", type)
    .where("aggregate_id", "=", id)
    .execute();
  return rows.length;
}

describe("search on the staff lists (q, from, to)", () => {
  const ids = { light: 0, bin: 0, old: 0 };
  beforeAll(async () => {
    ids.light = await submit(t, A, v.r0.cookie, { title: "搜索测试 路灯不亮", description: "晚上很黑" });
    ids.bin = await submit(t, A, v.r2.cookie, { title: "搜索测试 垃圾桶满了" });
    ids.old = await submit(t, A, v.r0.cookie, { title: "搜索测试 去年的事" });
    // submitted on 2025-03-10, China time
    await t.db
      .updateTable("request")
      .set({ created_at: new Date("2025-03-10T01:00:00+08:00") })
      .where("community_id", "=", v.a.id)
      .where("id", "=", ids.old)
      .execute();
  });

  it("finds by keyword in the title or description, by #number, by estate or building name", async () => {
    const list = (q: string) =>
      api(t, "GET", `${A}/requests?limit=200&q=${encodeURIComponent(q)}`, v.worker.cookie);
    expect(idsOf(await list("路灯"))).toEqual([ids.light]);
    expect(idsOf(await list("很黑"))).toEqual([ids.light]);
    expect(idsOf(await list(`#${ids.bin}`))).toEqual([ids.bin]);
    expect(idsOf(await list(String(ids.bin)))).toContain(ids.bin);
    expect(idsOf(await list("搜索测试"))).toEqual([ids.light, ids.bin, ids.old].sort());
    // the requests name their household's estate and building
    const estate = await t.db
      .selectFrom("estate")
      .select("name")
      .where("community_id", "=", v.a.id)
      .executeTakeFirstOrThrow();
    expect(idsOf(await list(estate.name))).toEqual(expect.arrayContaining([ids.light, ids.bin]));
    // LIKE's wildcards are literal
    expect(idsOf(await list("100%"))).toEqual([]);
    expect(idsOf(await list("_"))).toEqual([]);
  });

  it("takes a range of submission days, China time, both ends included", async () => {
    const list = (qs: string) => api(t, "GET", `${A}/requests?limit=200&q=搜索测试&${qs}`, v.worker.cookie);
    expect(idsOf(await list("from=2025-03-10&to=2025-03-10"))).toEqual([ids.old]);
    expect(idsOf(await list("to=2025-03-09"))).toEqual([]);
    expect(idsOf(await list("from=2025-03-11"))).toEqual([ids.light, ids.bin].sort());
    const today = chinaDay(new Date());
    expect(idsOf(await list(`from=${today}&to=${today}`))).toEqual([ids.light, ids.bin].sort());
    for (const day of ["2025-13-40", "0000-01-01", "2025-02-30", "3000-01-01", "yesterday"]) {
      const bad = await api(t, "GET", `${A}/requests?from=${day}`, v.worker.cookie);
      expect(bad.statusCode, day).toBe(400);
      expect(isBilingualError(bad.json())).toBe(true);
    }
  });

  it("searches the inbox, within the worker's grids", async () => {
    const inbox = (cookie: string, qs: string) => api(t, "GET", `${A}/inbox?limit=100&${qs}`, cookie);
    expect(idsOf(await inbox(v.worker.cookie, "q=搜索测试"))).toEqual([ids.light, ids.bin, ids.old].sort());
    expect(idsOf(await inbox(v.gw1.cookie, "q=搜索测试"))).toEqual([ids.light, ids.old].sort());
    expect(idsOf(await inbox(v.gw1.cookie, "q=垃圾桶"))).toEqual([]);
    expect(idsOf(await inbox(v.worker.cookie, "q=搜索测试&from=2025-01-01&to=2025-12-31"))).toEqual([
      ids.old,
    ]);
  });

  it("exports what the search finds", async () => {
    const res = await api(
      t,
      "GET",
      `${A}/requests/export.xlsx?q=${encodeURIComponent("垃圾桶")}`,
      v.worker.cookie,
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers["x-linli-export-rows"]).toBe("1");
  });
});

describe("POST /communities/:id/requests/batch-sign", () => {
  it("signs each item the grid worker handles and refuses, per item, another grid's and one already signed", async () => {
    const a = await submit(t, A, v.r0.cookie, { title: "批量一" });
    const b = await submit(t, A, v.r1.cookie, { title: "批量二" });
    const other = await submit(t, A, v.r2.cookie, { title: "二网格的" });
    const signed = await submit(t, A, v.r0.cookie, { title: "已签收的" });
    expect((await api(t, "POST", `${A}/requests/${signed}/sign`, v.gw1.cookie, {})).statusCode).toBe(200);

    const res = await api(t, "POST", `${A}/requests/batch-sign`, v.gw1.cookie, {
      ids: [a, other, b, signed, 99_999_999],
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.okCount).toBe(2);
    expect(body.errorCount).toBe(3);
    expect(body.results.map((r: any) => r.id)).toEqual([a, other, b, signed, 99_999_999]);
    expect(body.results[0]).toEqual({ id: a, ok: true, status: "signed", error: null });
    expect(body.results[2]).toEqual({ id: b, ok: true, status: "signed", error: null });
    expect(body.results[1]).toMatchObject({ ok: false, status: null, error: { code: "OUT_OF_SCOPE" } });
    expect(body.results[3]).toMatchObject({ ok: false, error: { code: "CONFLICT" } });
    expect(body.results[4]).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    for (const r of body.results.filter((x: any) => !x.ok)) {
      expect(r.error.message_zh).toMatch(/[\u4e00-\u9fff]/);
      expect(r.error.message_en).toMatch(/[a-z]/);
    }

    // done as the single action: history, domain event; the other grid's item untouched
    for (const id of [a, b]) {
      expect((await statusOf(id)).status).toBe("signed");
      expect(await historyOf(id)).toEqual(["submitted", "signed"]);
      expect(await domainEvents(id, "request.signed")).toBe(1);
    }
    expect((await statusOf(other)).status).toBe("submitted");
    expect(await historyOf(other)).toEqual(["submitted"]);
    expect(await domainEvents(other, "request.signed")).toBe(0);
    // the submitter hears of it as for a single 签收
    const told = await t.db
      .selectFrom("notification")
      .select("id")
      .where("user_id", "=", v.r1.id)
      .where("kind", "=", "request.signed")
      .execute();
    expect(told.length).toBeGreaterThanOrEqual(1);
  });

  it("refuses bad input and callers without requests.handle, changing nothing", async () => {
    const id = await submit(t, A, v.r0.cookie, { title: "不应被签收" });
    const cases: [string | null, unknown, number][] = [
      [v.gw1.cookie, { ids: [] }, 400],
      [v.gw1.cookie, { ids: [id, id] }, 400],
      [v.gw1.cookie, { ids: Array.from({ length: 101 }, (_, i) => i + 1) }, 400],
      [v.gw1.cookie, { ids: ["x"] }, 400],
      [v.gw1.cookie, {}, 400],
      [v.r0.cookie, { ids: [id] }, 403],
      [v.head.cookie, { ids: [id] }, 403],
      [null, { ids: [id] }, 401],
    ];
    for (const [cookie, body, status] of cases) {
      const res = await api(t, "POST", `${A}/requests/batch-sign`, cookie, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(status);
      expect(isBilingualError(res.json())).toBe(true);
    }
    expect((await statusOf(id)).status).toBe("submitted");
  });
});

describe("POST /communities/:id/requests/batch-route", () => {
  it("routes each item (signing a submitted one in the same step); another grid's is refused", async () => {
    const a = await submit(t, A, v.r0.cookie, { title: "分派一" });
    const b = await submit(t, A, v.r1.cookie, { title: "分派二" });
    const other = await submit(t, A, v.r2.cookie, { title: "分派二网格" });
    const res = await api(t, "POST", `${A}/requests/batch-route`, v.gw1.cookie, {
      ids: [a, b, other],
      to: "community",
      note: "社区统一处理",
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.okCount).toBe(2);
    expect(body.results[2]).toMatchObject({ id: other, ok: false, error: { code: "OUT_OF_SCOPE" } });
    for (const id of [a, b]) {
      expect(await statusOf(id)).toEqual({ status: "signed", route_to: "community" });
      expect(await historyOf(id)).toEqual(["submitted", "signed", "routed"]);
      expect(await domainEvents(id, "request.routed")).toBe(1);
    }
    expect(await statusOf(other)).toEqual({ status: "submitted", route_to: null });
  });

  it("routes to property: each item to its own estate's company", async () => {
    const a = await submit(t, A, v.r0.cookie, { title: "物业一" });
    const res = await api(t, "POST", `${A}/requests/batch-route`, v.worker.cookie, {
      ids: [a],
      to: "property",
    });
    expect(res.json().results[0]).toMatchObject({ ok: true, status: "signed" });
    const r = await t.db
      .selectFrom("request")
      .select(["route_to", "route_org_id"])
      .where("community_id", "=", v.a.id)
      .where("id", "=", a)
      .executeTakeFirstOrThrow();
    expect(r).toEqual({ route_to: "property", route_org_id: v.a.propertyOrgId });
  });

  it("refuses an unknown route and a co-building unit without one named, per item", async () => {
    const a = await submit(t, A, v.r0.cookie, { title: "分派坏输入" });
    expect(
      (await api(t, "POST", `${A}/requests/batch-route`, v.gw1.cookie, { ids: [a], to: "moon" })).statusCode,
    ).toBe(400);
    const unit = await api(t, "POST", `${A}/requests/batch-route`, v.gw1.cookie, {
      ids: [a],
      to: "co_building_unit",
    });
    expect(unit.statusCode).toBe(200);
    expect(unit.json().results[0]).toMatchObject({ ok: false, error: { code: "VALIDATION" } });
    expect((await statusOf(a)).status).toBe("submitted");
  });
});
