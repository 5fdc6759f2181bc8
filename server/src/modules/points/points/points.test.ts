// Points through the real API (S1–S5): the residents adopt a standard through a topic; a grid worker awards
// residents inside their grid with evidence, once per key, within the item's monthly cap — also under 30
// concurrent awards; outside the grid, without evidence, over the cap or overdrawing a deduction is
// refused with nothing changed; residents read their points and their household's, and the honour board
// with masked names; the year-end rule expires balances in one ledger transaction, once; the ledger
// verifies after every step that writes. A fast-check property drives random awards and deductions.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestApp,
  diffSnapshots,
  drainAllEvents,
  isBilingualError,
  snapshotDatabase,
  type TestApp,
} from "../../../../test/test-app.ts";
import { verifyLedger } from "../../core/ledger/ledger.service.ts";
import { verifyFigures } from "../../insight/figures/figures.service.ts";
import { api, type VoiceWorld, voiceWorld } from "../../voice/requests/requests.fixtures.ts";
import { monthBounds, periodStart, runYearEnd, shanghaiMonth } from "./points.service.ts";

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

type Res = { statusCode: number; body: string; json(): any };
async function unchanged(call: () => Promise<Res>, status: number) {
  const before = await snapshotDatabase(t.db);
  const res = await call();
  expect(res.statusCode, res.body).toBe(status);
  expect(isBilingualError(res.json())).toBe(true);
  expect(diffSnapshots(before, await snapshotDatabase(t.db))).toEqual([]);
  return res.json();
}
async function ok(res: Res) {
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}
const ledgerOk = async () => expect((await verifyLedger(t.db, { communityId: v.a.id })).ok).toBe(true);

let items: Record<string, number> = {};

describe("the scoring standard", () => {
  it("is adopted through a topic the residents decided, versioned, and public", async () => {
    const topic = await ok(
      await api(t, "POST", `${A}/topics`, v.secretary.cookie, {
        title: "制定社区积分评分标准",
        tier: "community",
      }),
    );
    const standard = await ok(
      await api(t, "POST", `${A}/points/standards`, v.secretary.cookie, {
        adoptedVia: { kind: "topic", id: topic.id },
        adoptedOn: "2026-12-01",
        yearEndRule: "expire",
        items: [
          {
            code: "clean_up",
            nameZh: "参加环境整治",
            nameEn: "Clean-up day",
            category: "environment",
            points: 10,
            capPoints: 20,
            capPeriod: "month",
            evidenceRequired: true,
          },
          {
            code: "publicity",
            nameZh: "政策宣传",
            nameEn: "Policy publicity",
            category: "publicity",
            points: 5,
          },
          {
            code: "litter",
            nameZh: "乱扔垃圾",
            nameEn: "Littering",
            category: "civility",
            points: -30,
            awarderRoles: ["community_worker", "community_secretary"],
          },
          {
            code: "volunteer_hour",
            nameZh: "志愿服务每小时",
            nameEn: "Volunteering, per hour",
            category: "volunteering",
            points: 10,
            source: "volunteer_hours",
          },
        ],
      }),
    );
    expect(standard.version).toBe(1);
    expect(standard.adoptedVia).toEqual({ kind: "topic", id: topic.id, title: "制定社区积分评分标准" });
    items = Object.fromEntries(standard.items.map((i: any) => [i.code, i.id]));
    // anyone may read it, signed in or not
    const read = await ok(await api(t, "GET", `${A}/points/standard`));
    expect(read.standard.items).toHaveLength(4);
  });

  it("names a topic or survey of this community, and only staff adopt it", async () => {
    const body = {
      adoptedVia: { kind: "survey", id: 999_999 },
      adoptedOn: "2026-12-01",
      yearEndRule: "carry_over",
      items: [{ code: "x", nameZh: "某项", nameEn: "Item", category: "other", points: 1 }],
    };
    await unchanged(() => api(t, "POST", `${A}/points/standards`, v.secretary.cookie, body), 400);
    await unchanged(() => api(t, "POST", `${A}/points/standards`, v.r0.cookie, body), 403);
    await unchanged(() => api(t, "POST", `${A}/points/standards`, v.gw1.cookie, body), 403);
    // a cap needs its period; codes differ; points are whole and not zero
    for (const bad of [
      { ...body, items: [{ ...body.items[0], capPoints: 5 }] },
      { ...body, items: [body.items[0], body.items[0]] },
      { ...body, items: [{ ...body.items[0], points: 0 }] },
      { ...body, items: [{ ...body.items[0], points: 1.5 }] },
    ])
      await unchanged(() => api(t, "POST", `${A}/points/standards`, v.secretary.cookie, bad), 400);
  });
});

describe("awards", () => {
  const award = (cookie: string, body: Record<string, unknown>) =>
    api(t, "POST", `${A}/points/awards`, cookie, { evidence: "12月清洁日签到表", ...body });

  it("a grid worker awards two residents of the grid at once, with evidence; a retry awards once", async () => {
    const body = {
      itemId: items.clean_up,
      residentIds: [v.r0.residentId, v.r1.residentId],
      idempotencyKey: "clean-0001",
    };
    const first = await ok(await award(v.gw1.cookie, body));
    expect(first.replayed).toBe(0);
    expect(first.awarded.map((a: any) => [a.residentName, a.points])).toEqual([
      ["王阿姨", 10],
      ["李师傅", 10],
    ]);
    const again = await ok(await award(v.gw1.cookie, body));
    expect(again.replayed).toBe(2);
    expect(again.awarded.map((a: any) => a.id)).toEqual(first.awarded.map((a: any) => a.id));
    const mine = await ok(await api(t, "GET", "/api/me/points", v.r0.cookie));
    expect(mine.accounts[0]).toMatchObject({ balance: 10, householdBalance: 10 });
    expect(mine.accounts[0].entries[0]).toMatchObject({ points: 10, what: "参加环境整治" });
    await ledgerOk();
  });

  it("refuses outside the grid, without evidence, over the cap, an automatic item, a role the item does not name — nothing changed", async () => {
    const key = (k: string) => `refused-${k}-0001`;
    // r2 lives in grid 2
    await unchanged(
      () =>
        award(v.gw1.cookie, {
          itemId: items.clean_up,
          residentIds: [v.r2.residentId],
          idempotencyKey: key("a"),
        }),
      403,
    );
    await unchanged(
      () =>
        award(v.gw1.cookie, {
          itemId: items.clean_up,
          residentIds: [v.r0.residentId],
          evidence: "",
          idempotencyKey: key("b"),
        }),
      400,
    );
    await ok(
      await award(v.gw1.cookie, {
        itemId: items.clean_up,
        residentIds: [v.r0.residentId],
        idempotencyKey: key("c"),
      }),
    );
    const cap = await unchanged(
      () =>
        award(v.gw1.cookie, {
          itemId: items.clean_up,
          residentIds: [v.r0.residentId],
          idempotencyKey: key("d"),
        }),
      409,
    );
    expect(cap.code).toBe("POINTS_CAP");
    expect(cap.message_zh).toContain("上限 20 分");
    await unchanged(
      () =>
        award(v.worker.cookie, {
          itemId: items.volunteer_hour,
          residentIds: [v.r0.residentId],
          idempotencyKey: key("e"),
        }),
      400,
    );
    await unchanged(
      () =>
        award(v.gw1.cookie, {
          itemId: items.litter,
          residentIds: [v.r0.residentId],
          idempotencyKey: key("f"),
        }),
      403,
    );
    await unchanged(
      () =>
        award(v.r0.cookie, {
          itemId: items.publicity,
          residentIds: [v.r0.residentId],
          idempotencyKey: key("g"),
        }),
      403,
    );
    // a deduction that would take the balance below zero (r1 has 10, littering is −30)
    const over = await unchanged(
      () =>
        award(v.worker.cookie, {
          itemId: items.litter,
          residentIds: [v.r1.residentId],
          idempotencyKey: key("h"),
        }),
      409,
    );
    expect(over.code).toBe("LEDGER_INSUFFICIENT");
    await ledgerOk();
  });

  it("30 concurrent awards of a capped item to one resident never pass the cap", async () => {
    // r2 (grid 2) has none of clean_up this month: the cap lets exactly two through
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        award(v.gw2.cookie, {
          itemId: items.clean_up,
          residentIds: [v.r2.residentId],
          idempotencyKey: `race-${String(i).padStart(4, "0")}`,
        }),
      ),
    );
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 200)).toHaveLength(2);
    expect(codes.filter((c) => c === 409)).toHaveLength(28);
    const mine = await ok(await api(t, "GET", "/api/me/points", v.r2.cookie));
    expect(mine.accounts[0].balance).toBe(20);
    await ledgerOk();
  });

  it("staff list the awards of the places they reach; a grid worker sees their grid only", async () => {
    const all = await ok(await api(t, "GET", `${A}/points/awards?month=${shanghaiMonth()}`, v.worker.cookie));
    expect(new Set(all.items.map((a: any) => a.residentName))).toEqual(
      new Set(["王阿姨", "李师傅", "张大爷"]),
    );
    const grid1 = await ok(await api(t, "GET", `${A}/points/awards`, v.gw1.cookie));
    expect(new Set(grid1.items.map((a: any) => a.residentName))).toEqual(new Set(["王阿姨", "李师傅"]));
    const named = await ok(
      await api(t, "GET", `${A}/points/awards?q=${encodeURIComponent("张")}`, v.worker.cookie),
    );
    expect(named.items.every((a: any) => a.residentName === "张大爷")).toBe(true);
    await unchanged(() => api(t, "GET", `${A}/points/awards`, v.r0.cookie), 403);
  });
});

describe("the awards export", () => {
  it("gives staff the list as Excel with its filters (audited); a resident gets nothing", async () => {
    const all = await api(
      t,
      "GET",
      `${A}/points/awards/export.xlsx?month=${shanghaiMonth()}`,
      v.worker.cookie,
    );
    expect(all.statusCode, all.body).toBe(200);
    expect(all.headers["content-type"]).toContain("spreadsheetml");
    expect(Number(all.headers["x-linli-export-rows"])).toBeGreaterThanOrEqual(3);
    const grid1 = await api(t, "GET", `${A}/points/awards/export.xlsx`, v.gw1.cookie);
    expect(grid1.statusCode).toBe(200);
    expect(Number(grid1.headers["x-linli-export-rows"])).toBeLessThan(
      Number(all.headers["x-linli-export-rows"]),
    );
    const audit = await t.db
      .selectFrom("audit_log")
      .select("target_type")
      .where("action", "=", "data.export")
      .where("target_type", "=", "points_awards")
      .execute();
    expect(audit.length).toBeGreaterThanOrEqual(2);
    await unchanged(() => api(t, "GET", `${A}/points/awards/export.xlsx`, v.r0.cookie), 403);
  });
});

describe("reading points", () => {
  it("the honour board ranks the month's points with masked names, for the community's residents and staff", async () => {
    const board = await ok(await api(t, "GET", `${A}/points/honour-board`, v.r0.cookie));
    expect(board.month).toBe(shanghaiMonth());
    expect(board.rows[0]).toMatchObject({ rank: 1, points: 20 });
    expect(board.rows.map((r: any) => r.name)).not.toContain("王阿姨");
    expect(board.rows.some((r: any) => r.mine && r.name.startsWith("王"))).toBe(true);
    await ok(await api(t, "GET", `${A}/points/honour-board`, v.worker.cookie));
    // a resident of another community and an anonymous caller do not read it
    const elsewhere = `/api/communities/${v.w.b.id}/points/honour-board`;
    await unchanged(() => api(t, "GET", elsewhere, v.r0.cookie), 403);
    await unchanged(() => api(t, "GET", `${A}/points/honour-board`), 401);
  });

  it("periods are Shanghai months and years", () => {
    expect(monthBounds("2026-12").from.toISOString()).toBe("2026-11-30T16:00:00.000Z");
    expect(monthBounds("2026-12").to.toISOString()).toBe("2026-12-31T16:00:00.000Z");
    expect(periodStart("year", new Date("2026-12-31T17:00:00Z")).toISOString()).toBe(
      "2026-12-31T16:00:00.000Z",
    );
    expect(periodStart("month", new Date("2026-12-15T00:00:00Z")).toISOString()).toBe(
      "2026-11-30T16:00:00.000Z",
    );
  });
});

describe("the year's end", () => {
  it("expires every balance in one ledger transaction, once", async () => {
    const before = await ok(await api(t, "GET", "/api/me/points", v.r0.cookie));
    expect(before.accounts[0].balance).toBeGreaterThan(0);
    const first = await runYearEnd(t.db, 2026);
    expect(first.communities).toBeGreaterThanOrEqual(1);
    expect(first.expired).toBeGreaterThanOrEqual(before.accounts[0].balance);
    for (const r of [v.r0, v.r1, v.r2]) {
      const mine = await ok(await api(t, "GET", "/api/me/points", r.cookie));
      expect(mine.accounts[0].balance).toBe(0);
    }
    const again = await runYearEnd(t.db, 2026);
    expect(again).toEqual({ communities: 0, expired: 0 });
    await ledgerOk();
  });
});

describe("property: random awards and deductions", () => {
  it("keep each balance the sum of its entries, never negative, and the item's cap per period", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({ item: fc.constantFrom("clean_up", "publicity", "litter"), who: fc.constantFrom(0, 1) }),
          {
            minLength: 1,
            maxLength: 8,
          },
        ),
        async (ops) => {
          // each run starts from what the earlier runs left: the invariants hold whatever came before
          for (const op of ops) {
            const r = op.who === 0 ? v.r0 : v.r1;
            const res = await api(t, "POST", `${A}/points/awards`, v.worker.cookie, {
              itemId: items[op.item],
              residentIds: [r.residentId],
              evidence: "property test",
              idempotencyKey: `prop-${++n}-${op.item}`,
            });
            expect([200, 409]).toContain(res.statusCode);
          }
          const awards = await t.db
            .selectFrom("points_award")
            .select(["resident_id", "item_id", "points", "awarded_at"])
            .where("community_id", "=", v.a.id)
            .execute();
          const since = periodStart("month");
          for (const r of [v.r0, v.r1]) {
            const clean = awards
              .filter(
                (a) =>
                  a.resident_id === r.residentId && a.item_id === items.clean_up && a.awarded_at >= since,
              )
              .reduce((s, a) => s + a.points, 0);
            expect(clean).toBeLessThanOrEqual(20);
            const mine = await ok(await api(t, "GET", "/api/me/points", r.cookie));
            expect(mine.accounts[0].balance).toBeGreaterThanOrEqual(0);
          }
          const report = await verifyLedger(t.db, { communityId: v.a.id });
          expect(report.ok).toBe(true);
        },
      ),
      { numRuns: 12 },
    );
  });
});

describe("insight", () => {
  it("feeds the figures through its events: points issued and deducted equal the awards", async () => {
    await drainAllEvents(t.db);
    expect((await verifyFigures(t.db)).ok).toBe(true);
    const awards = await t.db.selectFrom("points_award").select("points").execute();
    expect(awards.some((a) => a.points > 0)).toBe(true);
    const rows = await t.db
      .selectFrom("insight_daily")
      .select(["figure", (eb) => eb.fn.sum<string>("value").as("n")])
      .where("figure", "in", ["points_issued", "points_deducted"])
      .groupBy("figure")
      .execute();
    const sum = (f: string) => Number(rows.find((r) => r.figure === f)?.n ?? 0);
    expect(sum("points_issued")).toBe(awards.filter((a) => a.points > 0).reduce((n, a) => n + a.points, 0));
    // n - a.points, not -(sum): with no deduction in the random runs the latter is -0, and toBe(0, -0) fails
    expect(sum("points_deducted")).toBe(awards.filter((a) => a.points < 0).reduce((n, a) => n - a.points, 0));
  });
});
