// The points mall through the real API (S4): staff list items and record donations (stock), a unit's
// representative manages and hands out only its own organisation's items; a resident exchanges points for
// an item — points debited and stock reserved in one transaction, a 6-digit code with a QR, a retry with the
// same key exchanges once; too few points, sold out (已兑完), over the limit or outside an exchange day → 409
// and nothing changed; a code is collected once; an uncollected exchange expires and is refunded exactly
// once; 50 concurrent exchanges for a stock of 5 → exactly 5; fast-check properties: refunds restore balance
// and stock exactly, nothing is ever oversold, limits hold; the ledger verifies after every step that writes.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createResidentUser,
  createTestApp,
  diffSnapshots,
  drainAllEvents,
  isBilingualError,
  sessionCookie,
  snapshotDatabase,
  type TestApp,
} from "../../../../test/test-app.ts";
import { loadActor } from "../../../access/actor.queries.ts";
import { ensureAccount, post, verifyLedger } from "../../core/ledger/ledger.service.ts";
import { verifyFigures } from "../../insight/figures/figures.service.ts";
import { api, type VoiceWorld, voiceWorld } from "../../voice/requests/requests.fixtures.ts";
import { pointsSourceCode, residentPointsCode } from "../points/points.service.ts";
import { exchange, expireExchanges, limitPeriodStart, mallFigures, pickup } from "./mall.service.ts";

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

let given = 0;
/** Gives a resident points on the ledger (as an award would). */
async function give(residentId: number, points: number) {
  const source = await ensureAccount(t.db, {
    communityId: v.a.id,
    code: pointsSourceCode,
    nameZh: "社区积分发放",
    nameEn: "Community points issued",
    unit: "point",
    allowNegative: true,
    ownerKind: "community",
    ownerId: v.a.id,
  });
  const acc = await ensureAccount(t.db, {
    communityId: v.a.id,
    code: residentPointsCode(residentId),
    nameZh: `居民积分 #${residentId}`,
    nameEn: `Resident #${residentId}: points`,
    unit: "point",
    allowNegative: false,
    ownerKind: "resident",
    ownerId: residentId,
  });
  await post(t.db, {
    communityId: v.a.id,
    idempotencyKey: `test:give:${++given}:${residentId}`,
    kind: "points.award",
    memo: "测试发放",
    postings: [
      { accountId: acc.id, amount: points },
      { accountId: source.id, amount: -points },
    ],
    actorUserId: null,
  });
}
const balance = async (cookie: string) => (await ok(await api(t, "GET", `${A}/mall/shop`, cookie))).balance;
const stockOf = async (itemId: number) =>
  (await t.db.selectFrom("mall_item").select("stock").where("id", "=", itemId).executeTakeFirstOrThrow())
    .stock;

async function newItem(body: Record<string, unknown>, stock: number, cookie = v.worker.cookie) {
  const item = await ok(
    await api(t, "POST", `${A}/mall/items`, cookie, {
      name: "大米 5 斤",
      pricePoints: 50,
      unitValueFen: 2500,
      pickupPlace: "社区爱心超市",
      ...body,
    }),
  );
  if (stock > 0)
    await ok(
      await api(t, "POST", `${A}/mall/items/${item.id}/donations`, cookie, {
        donorKind: "person",
        donorName: "热心居民",
        quantity: stock,
        valueFen: stock * (Number(body.unitValueFen) || 2500),
      }),
    );
  return item.id as number;
}
let n = 0;
const key = () => `key-${++n}-${Date.now()}`;
const buy = (cookie: string, itemId: number, k = key()) =>
  api(t, "POST", `${A}/mall/exchanges`, cookie, { itemId, idempotencyKey: k });

describe("items and donations", () => {
  it("staff list an item and record donations that add stock; the unit's representative only its own", async () => {
    const itemId = await newItem({ name: "食用油", orgId: v.unitId }, 0);
    const d = await ok(
      await api(t, "POST", `${A}/mall/items/${itemId}/donations`, v.unitRep.cookie, {
        donorKind: "organisation",
        donorOrgId: v.unitId,
        donorName: "区法院",
        quantity: 20,
        valueFen: 20 * 4990,
      }),
    );
    expect(d.item.stock).toBe(20);
    // another unit's representative neither sees nor changes it
    const list = await ok(await api(t, "GET", `${A}/mall/items`, v.otherUnitRep.cookie));
    expect(list.items.map((i: any) => i.id)).not.toContain(itemId);
    await unchanged(
      () => api(t, "PATCH", `${A}/mall/items/${itemId}`, v.otherUnitRep.cookie, { pricePoints: 1 }),
      403,
    );
    await unchanged(
      () =>
        api(t, "POST", `${A}/mall/items`, v.otherUnitRep.cookie, {
          name: "别人的",
          orgId: v.unitId,
          pricePoints: 1,
          unitValueFen: 1,
          pickupPlace: "x",
        }),
      403,
    );
    await unchanged(() => api(t, "POST", `${A}/mall/items`, v.r0.cookie, { name: "x" }), 403);
    const mine = await ok(await api(t, "GET", `${A}/mall/items?q=食用`, v.unitRep.cookie));
    expect(mine.items.map((i: any) => i.id)).toEqual([itemId]);
    const donations = await ok(await api(t, "GET", `${A}/mall/donations`, v.secretary.cookie));
    expect(donations.totalValueFen).toBeGreaterThanOrEqual(99_800);
    const xlsx = await api(t, "GET", `${A}/mall/items/export.xlsx`, v.secretary.cookie);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers["content-type"]).toContain("spreadsheet");
  });
});

describe("exchange and pickup", () => {
  it("debits the points, reserves the stock and gives a code with a QR; a retry exchanges once; the merchant collects it once", async () => {
    const rice = await newItem({ name: "爱心大米", orgId: v.unitId }, 3);
    await give(v.r0.residentId, 120);
    const k = key();
    const x = await ok(await buy(v.r0.cookie, rice, k));
    expect(x.code).toMatch(/^\d{6}$/);
    expect(x.qrSvg).toContain("<svg");
    expect(x).toMatchObject({ status: "open", points: 50, balance: 70, replayed: false });
    const again = await ok(await buy(v.r0.cookie, rice, k));
    expect(again).toMatchObject({ id: x.id, code: x.code, replayed: true, balance: 70 });
    expect(await stockOf(rice)).toBe(2);
    const mine = await ok(await api(t, "GET", "/api/me/mall/exchanges", v.r0.cookie));
    expect(mine.items[0]).toMatchObject({ id: x.id, code: x.code, itemName: "爱心大米" });
    // another unit may not hand it out; the right unit does, once
    await unchanged(() => api(t, "POST", `${A}/mall/pickups`, v.otherUnitRep.cookie, { code: x.code }), 403);
    const got = await ok(await api(t, "POST", `${A}/mall/pickups`, v.unitRep.cookie, { code: x.code }));
    expect(got).toMatchObject({ id: x.id, status: "collected", residentName: "王某" });
    await unchanged(() => api(t, "POST", `${A}/mall/pickups`, v.unitRep.cookie, { code: x.code }), 409);
    const staff = await ok(await api(t, "GET", `${A}/mall/exchanges?status=collected`, v.unitRep.cookie));
    expect(staff.items.map((i: any) => i.id)).toContain(x.id);
    expect(JSON.stringify(staff)).not.toContain(x.code);
    await ledgerOk();
  });

  it("the same key sent twice at once exchanges once: both answer the one exchange and balance", async () => {
    const soap = await newItem({ name: "同键香皂", pricePoints: 10 }, 3);
    await give(v.r2.residentId, 10);
    const k = key();
    const [first, second] = await Promise.all([buy(v.r2.cookie, soap, k), buy(v.r2.cookie, soap, k)]);
    const x = await ok(first);
    const y = await ok(second);
    expect(y).toMatchObject({ id: x.id, code: x.code, balance: x.balance });
    expect([x.replayed, y.replayed].sort()).toEqual([false, true]);
    expect(await stockOf(soap)).toBe(2);
    await ledgerOk();
  });

  it("too few points, sold out, over the limit, a non-resident: 409/403 and nothing changed", async () => {
    const soap = await newItem({ name: "肥皂", pricePoints: 30, limitCount: 1, limitPeriod: "month" }, 2);
    await give(v.r1.residentId, 70);
    const dear = await newItem({ pricePoints: 500 }, 1);
    const short = await unchanged(() => buy(v.r1.cookie, dear), 409);
    expect(short.code).toBe("MALL_POINTS_SHORT");
    await ok(await buy(v.r1.cookie, soap));
    const limit = await unchanged(() => buy(v.r1.cookie, soap), 409);
    expect(limit.code).toBe("MALL_LIMIT");
    await give(v.r2.residentId, 100);
    await ok(await buy(v.r2.cookie, soap));
    const gone = await unchanged(() => buy(v.r0.cookie, soap), 409);
    expect(gone.code).toBe("MALL_SOLD_OUT");
    expect(gone.message ?? gone.zh ?? JSON.stringify(gone)).toBeTruthy();
    expect(JSON.stringify(gone)).toContain("已兑完");
    await unchanged(() => buy(v.worker.cookie, soap), 403);
    await ledgerOk();
  });

  it("an uncollected exchange expires and is refunded exactly once, its stock returned; its code is refused", async () => {
    const tea = await newItem({ name: "茶叶", pricePoints: 20, expiryDays: 1 }, 1);
    await give(v.r2.residentId, 20);
    const before = await balance(v.r2.cookie);
    const x = await ok(await buy(v.r2.cookie, tea));
    expect(await stockOf(tea)).toBe(0);
    const later = new Date(Date.now() + 2 * 86_400_000);
    const [a, b] = await Promise.all([expireExchanges(t.db, later), expireExchanges(t.db, later)]);
    expect(a.expired + b.expired).toBeGreaterThanOrEqual(1);
    expect((await expireExchanges(t.db, later)).expired).toBe(0);
    expect(await balance(v.r2.cookie)).toBe(before);
    expect(await stockOf(tea)).toBe(1);
    const row = await t.db
      .selectFrom("mall_exchange")
      .select(["status", "refund_transaction_id"])
      .where("id", "=", x.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe("expired");
    expect(row.refund_transaction_id).not.toBeNull();
    await unchanged(() => api(t, "POST", `${A}/mall/pickups`, v.worker.cookie, { code: x.code }), 404);
    await ledgerOk();
  });

  it("50 concurrent exchanges for a stock of 5: exactly 5 succeed, the rest 已兑完 with points kept", async () => {
    const last = await newItem({ name: "抢购毛巾", pricePoints: 10 }, 5);
    const people = [];
    for (let i = 0; i < 50; i++) {
      const hh = v.a.households[i % v.a.households.length]!.id;
      const r = await createResidentUser(t.db, v.a.id, hh, `抢购者${i}`);
      await give(r.residentId, 10);
      people.push({ ...r, cookie: await sessionCookie(t, r.id) });
    }
    const results = await Promise.all(people.map((p) => buy(p.cookie, last)));
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 200)).toHaveLength(5);
    expect(codes.filter((c) => c === 409)).toHaveLength(45);
    for (const r of results.filter((x) => x.statusCode === 409)) expect(r.json().code).toBe("MALL_SOLD_OUT");
    expect(await stockOf(last)).toBe(0);
    const balances = await Promise.all(people.map((p) => balance(p.cookie)));
    expect(balances.filter((b) => b === 0)).toHaveLength(5);
    expect(balances.filter((b) => b === 10)).toHaveLength(45);
    await ledgerOk();
  });
});

describe("exchange days", () => {
  it("once a window exists, exchange is open only inside it; the window is announced as a notice", async () => {
    const { id: c2 } = await t.db
      .selectFrom("community")
      .select("id")
      .where("id", "=", v.a.id)
      .executeTakeFirstOrThrow();
    const item = await newItem({ name: "洗衣液", pricePoints: 5 }, 2);
    await give(v.r0.residentId, 5);
    const opensAt = new Date(Date.now() + 86_400_000);
    const w = await ok(
      await api(t, "POST", `${A}/mall/windows`, v.secretary.cookie, {
        title: "积分兑换日",
        opensAt: opensAt.toISOString(),
        closesAt: new Date(opensAt.getTime() + 8 * 3_600_000).toISOString(),
      }),
    );
    expect(w.noticeId).not.toBeNull();
    const notice = await t.db
      .selectFrom("notice")
      .select(["title", "visibility"])
      .where("community_id", "=", c2)
      .where("id", "=", w.noticeId)
      .executeTakeFirstOrThrow();
    expect(notice.title).toBe("积分兑换日");
    const shopNow = await ok(await api(t, "GET", `${A}/mall/shop`, v.r0.cookie));
    expect(shopNow.open).toBe(false);
    expect(shopNow.nextWindow.id).toBe(w.id);
    const closed = await unchanged(() => buy(v.r0.cookie, item), 409);
    expect(closed.code).toBe("MALL_CLOSED");
    // inside the window it is open
    const actor = await loadActor(t.db, v.r0.id);
    const x = await exchange(
      t.db,
      actor,
      v.a.id,
      { itemId: item, idempotencyKey: key() },
      new Date(opensAt.getTime() + 60_000),
    );
    expect(x.status).toBe("open");
    await unchanged(
      () => api(t, "POST", `${A}/mall/windows`, v.unitRep.cookie, { title: "x", opensAt, closesAt: opensAt }),
      400,
    );
    await t.db.deleteFrom("mall_window").where("community_id", "=", v.a.id).execute();
    await ledgerOk();
  });
});

describe("figures", () => {
  it("points redeemed and goods value exchanged per community and month, expired ones left out", async () => {
    const rows = await mallFigures(
      t.db,
      [v.a.id],
      new Date(Date.now() - 40 * 86_400_000),
      new Date(Date.now() + 3 * 86_400_000),
    );
    const all = await t.db
      .selectFrom("mall_exchange")
      .select(["points", "value_fen", "status"])
      .where("community_id", "=", v.a.id)
      .execute();
    const live = all.filter((r) => r.status !== "expired");
    expect(rows.reduce((s, r) => s + r.pointsRedeemed, 0)).toBe(live.reduce((s, r) => s + r.points, 0));
    expect(rows.reduce((s, r) => s + r.valueFen, 0)).toBe(live.reduce((s, r) => s + r.value_fen, 0));
  });

  it("feeds insight through its events: the rollup holds the same exchanges, points and goods value", async () => {
    await drainAllEvents(t.db);
    expect((await verifyFigures(t.db)).ok).toBe(true);
    const live = (
      await t.db
        .selectFrom("mall_exchange")
        .select(["points", "value_fen", "status"])
        .where("community_id", "=", v.a.id)
        .execute()
    ).filter((r) => r.status !== "expired");
    expect(live.length).toBeGreaterThan(0);
    const rollup = await t.db
      .selectFrom("insight_daily")
      .select(["figure", (eb) => eb.fn.sum<string>("value").as("n")])
      .where("community_id", "=", v.a.id)
      .where("figure", "in", ["mall_exchanges", "mall_points", "mall_value_fen"])
      .groupBy("figure")
      .execute();
    const sum = (f: string) => Number(rollup.find((r) => r.figure === f)?.n ?? 0);
    expect(sum("mall_exchanges")).toBe(live.length);
    expect(sum("mall_points")).toBe(live.reduce((s, r) => s + r.points, 0));
    expect(sum("mall_value_fen")).toBe(live.reduce((s, r) => s + r.value_fen, 0));
  });

  it("limit periods start in Shanghai", () => {
    expect(limitPeriodStart("day", new Date("2026-12-06T17:00:00Z"))?.toISOString()).toBe(
      "2026-12-06T16:00:00.000Z",
    );
    expect(limitPeriodStart("month", new Date("2026-12-06T17:00:00Z"))?.toISOString()).toBe(
      "2026-11-30T16:00:00.000Z",
    );
    expect(limitPeriodStart("ever")).toBeNull();
  });
});

describe("properties (fast-check)", () => {
  it("no sequence of exchanges, pickups and expiries oversells; refunds restore balance and stock exactly; limits hold", async () => {
    const people: { id: number; residentId: number }[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await createResidentUser(t.db, v.a.id, v.a.households[i]!.id, `性质${i}`);
      await give(r.residentId, 60);
      people.push(r);
    }
    const staff = await loadActor(t.db, v.worker.id);
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            op: fc.constantFrom("buy", "buy", "buy", "collect", "expire"),
            who: fc.constantFrom(0, 1, 2),
            item: fc.constantFrom(0, 1),
          }),
          { minLength: 1, maxLength: 14 },
        ),
        async (ops) => {
          run++;
          const items = [
            await newItem({ name: `性质甲${run}`, pricePoints: 7, expiryDays: 1 }, 3),
            await newItem(
              { name: `性质乙${run}`, pricePoints: 11, expiryDays: 1, limitCount: 2, limitPeriod: "ever" },
              4,
            ),
          ];
          const actors = await Promise.all(people.map((p) => loadActor(t.db, p.id)));
          const startBal = await Promise.all(people.map((p) => balanceById(p.residentId)));
          let clock = Date.now();
          const open: { code: string }[] = [];
          for (const o of ops) {
            clock += 3_600_000;
            if (o.op === "buy") {
              try {
                const x = await exchange(
                  t.db,
                  actors[o.who]!,
                  v.a.id,
                  { itemId: items[o.item]!, idempotencyKey: key() },
                  new Date(clock),
                );
                open.push({ code: x.code });
              } catch (e: any) {
                expect(["MALL_SOLD_OUT", "MALL_POINTS_SHORT", "MALL_LIMIT"]).toContain(e.code);
              }
            } else if (o.op === "collect" && open.length) {
              const x = open.shift()!;
              try {
                await pickup(t.db, staff, v.a.id, x.code, new Date());
              } catch (e: any) {
                expect(["NOT_FOUND"]).toContain(e.code);
              }
            } else if (o.op === "expire") {
              await expireExchanges(t.db, new Date(clock + 2 * 86_400_000));
            }
          }
          const rows = await t.db
            .selectFrom("mall_exchange")
            .select(["item_id", "resident_id", "status", "points"])
            .where("item_id", "in", items)
            .execute();
          for (const [i, itemId] of items.entries()) {
            const live = rows.filter((r) => r.item_id === itemId && r.status !== "expired").length;
            expect(live + (await stockOf(itemId))).toBe(i === 0 ? 3 : 4);
            for (const p of people)
              if (i === 1)
                expect(
                  rows.filter(
                    (r) => r.item_id === itemId && r.resident_id === p.residentId && r.status !== "expired",
                  ).length,
                ).toBeLessThanOrEqual(2);
          }
          for (const [j, p] of people.entries()) {
            const spent = rows
              .filter((r) => r.resident_id === p.residentId && r.status !== "expired")
              .reduce((s, r) => s + r.points, 0);
            expect(await balanceById(p.residentId)).toBe(startBal[j]! - spent);
          }
          // expire everything and check the refunds restore each balance and stock exactly
          await expireExchanges(t.db, new Date(clock + 30 * 86_400_000));
          const collected = await t.db
            .selectFrom("mall_exchange")
            .select(["item_id", "resident_id", "points"])
            .where("item_id", "in", items)
            .where("status", "=", "collected")
            .execute();
          for (const [j, p] of people.entries())
            expect(await balanceById(p.residentId)).toBe(
              startBal[j]! -
                collected.filter((r) => r.resident_id === p.residentId).reduce((s, r) => s + r.points, 0),
            );
          for (const [i, itemId] of items.entries())
            expect(await stockOf(itemId)).toBe(
              (i === 0 ? 3 : 4) - collected.filter((r) => r.item_id === itemId).length,
            );
          expect((await verifyLedger(t.db, { communityId: v.a.id })).ok).toBe(true);
        },
      ),
      { numRuns: 12 },
    );
  });
});

async function balanceById(residentId: number) {
  const acc = await t.db
    .selectFrom("ledger_account")
    .select("balance")
    .where("community_id", "=", v.a.id)
    .where("code", "=", residentPointsCode(residentId))
    .executeTakeFirst();
  return Number(acc?.balance ?? 0);
}
