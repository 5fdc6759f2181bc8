// The canteen through the real API (C1, 幸福食堂): staff set up the canteen, its price rules (65+ pays 10
// yuan, 80+ or 困难 5 yuan, others full price) and a menu; a 68-year-old orders lunch for delivery and is
// charged 10 yuan with the rest of the cost split between community, canteen discount and government
// subsidy, booked on the ledger in one balanced transaction; concurrent orders never exceed the meal's
// capacity; an order after the cut-off is refused in both languages and changes nothing; a cancellation
// frees the seat and reverses the booking; staff order for a resident (代订) and record payment at the
// counter; a delivery is assigned to a 帮跑团 volunteer who marks it delivered; the monthly subsidy report
// (community and street; JSON, PDF, Excel) sums the split.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, drainAllEvents, isBilingualError, type TestApp } from "../../../../test/test-app.ts";
import { verifyLedger } from "../../core/ledger/ledger.service.ts";
import { verifyFigures } from "../../insight/figures/figures.service.ts";
import { api, type VoiceWorld, voiceWorld } from "../../voice/requests/requests.fixtures.ts";

let t: TestApp;
let v: VoiceWorld;
let C: string;

type Res = { statusCode: number; body: string; json(): any };
async function ok(res: Res) {
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}
async function refused(res: Res, status: number) {
  expect(res.statusCode, res.body).toBe(status);
  expect(isBilingualError(res.json())).toBe(true);
  return res.json();
}
const ledgerOk = async () => expect((await verifyLedger(t.db, { communityId: v.a.id })).ok).toBe(true);

const shanghai = (offsetDays: number) =>
  new Date(Date.now() + 8 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
const tomorrow = shanghai(1);
const yesterday = shanghai(-1);
const month = tomorrow.slice(0, 7);

beforeAll(async () => {
  t = await createTestApp();
  v = await voiceWorld(t);
  C = `${v.A}/canteen`;
  const born = (years: number) => `${Number(tomorrow.slice(0, 4)) - years}-01-01`;
  await t.db
    .updateTable("resident")
    .set({ birth_date: born(68) })
    .where("id", "=", v.r0.residentId)
    .execute();
  await t.db
    .updateTable("resident")
    .set({ birth_date: born(40), care_tags: ["困难"] })
    .where("id", "=", v.r1.residentId)
    .execute();
  await t.db
    .updateTable("resident")
    .set({ birth_date: born(40) })
    .where("id", "=", v.r2.residentId)
    .execute();
});
afterAll(async () => {
  await t?.close();
});

let lunchTomorrow: number;
let lunchYesterday: number;

describe("setup", () => {
  it("staff set up the canteen, rules and menus; residents cannot", async () => {
    await refused(
      await api(t, "PUT", C, v.r0.cookie, {
        name: "幸福食堂",
        meals: [{ kind: "lunch", cutoff: "10:00", capacity: 5 }],
      }),
      403,
    );
    await ok(
      await api(t, "PUT", C, v.secretary.cookie, {
        name: "东龙幸福食堂",
        place: "社区党群服务中心一楼",
        meals: [
          { kind: "lunch", cutoff: "10:00", capacity: 5 },
          { kind: "dinner", cutoff: "16:00", capacity: 100 },
        ],
      }),
    );
    // shares that do not make 100% are refused
    await refused(
      await api(t, "PUT", `${C}/rules`, v.secretary.cookie, {
        rules: [
          { name: "x", residentFen: 1000, communityPct: 50, discountPct: 50, subsidyPct: 10, source: "s" },
        ],
      }),
      400,
    );
    await ok(
      await api(t, "PUT", `${C}/rules`, v.secretary.cookie, {
        rules: [
          {
            name: "80岁以上或困难",
            minAge: 80,
            careTags: ["困难"],
            residentFen: 500,
            communityPct: 40,
            discountPct: 20,
            subsidyPct: 40,
            source: "区民政局助餐补贴细则",
          },
          {
            name: "65岁以上",
            minAge: 65,
            residentFen: 1000,
            communityPct: 50,
            discountPct: 25,
            subsidyPct: 25,
            source: "东龙社区幸福食堂：65岁以上老人每餐10元",
          },
          {
            name: "其他居民",
            residentFen: null,
            communityPct: 0,
            discountPct: 0,
            subsidyPct: 100,
            source: "按成本价",
          },
        ],
      }),
    );
    lunchTomorrow = (
      await ok(
        await api(t, "PUT", `${C}/menus`, v.worker.cookie, {
          day: tomorrow,
          meal: "lunch",
          dishes: ["红烧肉", "清炒时蔬", "番茄蛋汤", "米饭"],
          costFen: 2200,
        }),
      )
    ).id;
    lunchYesterday = (
      await ok(
        await api(t, "PUT", `${C}/menus`, v.worker.cookie, {
          day: yesterday,
          meal: "lunch",
          dishes: ["面条"],
          costFen: 1500,
        }),
      )
    ).id;
    await refused(
      await api(t, "PUT", `${C}/menus`, v.worker.cookie, {
        day: "2026-02-30",
        meal: "lunch",
        dishes: ["面条"],
        costFen: 1500,
      }),
      400,
    );
  });

  it("the day's menu shows each person the price of the rule that applies to them", async () => {
    const d0 = await ok(await api(t, "GET", `${C}/day?day=${tomorrow}`, v.r0.cookie));
    const lunch = d0.menus.find((m: any) => m.meal === "lunch");
    expect(lunch.price).toMatchObject({ ruleName: "65岁以上", residentFen: 1000, costFen: 2200 });
    expect(lunch.open).toBe(true);
    const d1 = await ok(await api(t, "GET", `${C}/day?day=${tomorrow}`, v.r1.cookie));
    expect(d1.menus[0].price).toMatchObject({ ruleName: "80岁以上或困难", residentFen: 500 });
    const d2 = await ok(await api(t, "GET", `${C}/day?day=${tomorrow}`, v.r2.cookie));
    expect(d2.menus[0].price).toMatchObject({ ruleName: "其他居民", residentFen: 2200 });
    // a neighbour cannot price (or see the age of) someone outside their household
    await refused(
      await api(t, "GET", `${C}/day?day=${tomorrow}&residentId=${v.r0.residentId}`, v.r2.cookie),
      403,
    );
  });
});

let order0: number;
describe("orders", () => {
  it("a 68-year-old orders lunch for delivery: 10 yuan, the split booked on the ledger", async () => {
    const { order } = await ok(
      await api(t, "POST", `${C}/orders`, v.r0.cookie, {
        menuId: lunchTomorrow,
        mode: "delivery",
        address: "1栋1单元101",
      }),
    );
    order0 = order.id;
    expect(order).toMatchObject({
      residentFen: 1000,
      communityFen: 600,
      discountFen: 300,
      subsidyFen: 300,
      costFen: 2200,
      channel: "self",
      mode: "delivery",
      paidAt: null,
    });
    const tx = await t.db
      .selectFrom("ledger_transaction")
      .select(["id", "kind"])
      .where("ref_kind", "=", "canteen_order")
      .where("ref_id", "=", order.id)
      .executeTakeFirstOrThrow();
    const entries = await t.db
      .selectFrom("ledger_entry")
      .select("amount")
      .where("transaction_id", "=", tx.id)
      .execute();
    expect(entries.reduce((s, e) => s + Number(e.amount), 0)).toBe(0);
    expect(entries.map((e) => Number(e.amount)).sort((a, b) => a - b)).toEqual([-2200, 300, 300, 600, 1000]);
    await refused(
      await api(t, "POST", `${C}/orders`, v.r0.cookie, { menuId: lunchTomorrow, mode: "pickup" }),
      409,
    );
    await ledgerOk();
  });

  it("an order after the cut-off is refused (zh/en) and changes nothing", async () => {
    const before = await t.db
      .selectFrom("canteen_order")
      .select(sql<string>`count(*)`.as("n"))
      .executeTakeFirstOrThrow();
    const e = await refused(
      await api(t, "POST", `${C}/orders`, v.r2.cookie, { menuId: lunchYesterday, mode: "dine_in" }),
      409,
    );
    expect(e.code).toBe("CANTEEN_CLOSED");
    const after = await t.db
      .selectFrom("canteen_order")
      .select(sql<string>`count(*)`.as("n"))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it("concurrent orders never exceed the meal's capacity", async () => {
    const people = [];
    for (let i = 0; i < 8; i++) {
      const hh = v.a.households[i % v.a.households.length]!.id;
      const { createResidentUser, sessionCookie } = await import("../../../../test/test-app.ts");
      const r = await createResidentUser(t.db, v.a.id, hh, `食客${i}`);
      people.push(await sessionCookie(t, r.id));
    }
    const results = await Promise.all(
      people.map((cookie) =>
        api(t, "POST", `${C}/orders`, cookie, { menuId: lunchTomorrow, mode: "dine_in" }),
      ),
    );
    const okCount = results.filter((r) => r.statusCode === 200).length;
    const full = results.filter((r) => r.statusCode === 409);
    expect(okCount).toBe(4); // 5 seats, one taken above
    expect(full.every((r) => r.json().code === "CANTEEN_FULL")).toBe(true);
    const menu = await t.db
      .selectFrom("canteen_menu")
      .selectAll()
      .where("id", "=", lunchTomorrow)
      .executeTakeFirstOrThrow();
    expect(menu.ordered).toBe(5);
    const live = await t.db
      .selectFrom("canteen_order")
      .select(sql<string>`count(*)`.as("n"))
      .where("menu_id", "=", lunchTomorrow)
      .where("status", "=", "placed")
      .executeTakeFirstOrThrow();
    expect(Number(live.n)).toBe(5);
    await ledgerOk();
  });

  it("a cancellation before the cut-off frees the seat and reverses the booking; a neighbour cannot cancel", async () => {
    const board = await ok(await api(t, "GET", `${C}/orders?day=${tomorrow}&mode=dine_in`, v.worker.cookie));
    // an order of another household than 张大爷's (the diners above share the fixture's households, and a
    // household member may cancel a household's order); the board's order among equal times is the database's
    const households = new Map(
      (
        await t.db
          .selectFrom("resident")
          .select(["id", "household_id"])
          .where("community_id", "=", v.a.id)
          .execute()
      ).map((r) => [r.id, r.household_id]),
    );
    const someone = board.items.find(
      (o: { residentId: number }) => households.get(o.residentId) !== v.r2.householdId,
    );
    expect(someone).toBeTruthy();
    await refused(await api(t, "POST", `${C}/orders/${someone.id}/cancel`, v.r2.cookie), 404);
    await ok(await api(t, "POST", `${C}/orders/${someone.id}/cancel`, v.worker.cookie));
    await refused(await api(t, "POST", `${C}/orders/${someone.id}/cancel`, v.worker.cookie), 409);
    const menu = await t.db
      .selectFrom("canteen_menu")
      .selectAll()
      .where("id", "=", lunchTomorrow)
      .executeTakeFirstOrThrow();
    expect(menu.ordered).toBe(4);
    const reversal = await t.db
      .selectFrom("ledger_transaction")
      .select("kind")
      .where("ref_kind", "=", "canteen_order")
      .where("ref_id", "=", someone.id)
      .where("corrects_id", "is not", null)
      .executeTakeFirst();
    expect(reversal?.kind).toBe("canteen.meal.reversal");
    await ledgerOk();
  });

  it("staff order for a resident (代订) and record payment at the counter", async () => {
    await refused(
      await api(t, "POST", `${C}/orders`, v.r2.cookie, {
        menuId: lunchTomorrow,
        mode: "pickup",
        residentId: v.r1.residentId,
      }),
      403,
    );
    const { order } = await ok(
      await api(t, "POST", `${C}/orders`, v.worker.cookie, {
        menuId: lunchTomorrow,
        mode: "pickup",
        residentId: v.r1.residentId,
        channel: "staff_phone",
      }),
    );
    expect(order).toMatchObject({
      channel: "staff_phone",
      residentFen: 500,
      ruleName: "80岁以上或困难",
      paidAt: null,
    });
    const paid = await ok(await api(t, "POST", `${C}/orders/${order.id}/paid`, v.worker.cookie));
    expect(paid.order.paidHow).toBe("counter");
    await refused(await api(t, "POST", `${C}/orders/${order.id}/paid`, v.worker.cookie), 409);
    const board = await ok(
      await api(t, "GET", `${C}/orders?day=${tomorrow}&q=${encodeURIComponent("李师傅")}`, v.worker.cookie),
    );
    expect(board.items.map((o: any) => o.id)).toEqual([order.id]);
    expect(board.items[0].phone).not.toContain(v.r1.phone.slice(3, 7));
    const xlsx = await api(t, "GET", `${C}/orders/export.xlsx?day=${tomorrow}`, v.secretary.cookie);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers["content-type"]).toContain("spreadsheetml");
  });
});

describe("deliveries", () => {
  it("staff assign a delivery to a 帮跑团 volunteer, who marks it delivered", async () => {
    const team = await ok(
      await api(t, "POST", `${v.A}/volunteering/teams`, v.secretary.cookie, {
        name: "帮跑团",
        leaderUserId: v.r2.id,
      }),
    );
    expect(team.id).toBeGreaterThan(0);
    // only a team member can be assigned
    await refused(
      await api(t, "POST", `${C}/orders/${order0}/assign`, v.worker.cookie, { volunteerUserId: v.r1.id }),
      400,
    );
    const vols = await ok(await api(t, "GET", `${C}/volunteers`, v.worker.cookie));
    expect(vols.volunteers.map((x: any) => x.userId)).toContain(v.r2.id);
    await ok(
      await api(t, "POST", `${C}/orders/${order0}/assign`, v.worker.cookie, { volunteerUserId: v.r2.id }),
    );
    // the one it is not assigned to cannot mark it
    await refused(await api(t, "POST", `${C}/orders/${order0}/delivered`, v.r1.cookie), 404);
    const mine = await ok(await api(t, "GET", "/api/me/canteen", v.r2.cookie));
    expect(mine.deliveries.map((o: any) => o.id)).toEqual([order0]);
    const done = await ok(await api(t, "POST", `${C}/orders/${order0}/delivered`, v.r2.cookie));
    expect(done.order.deliveredAt).not.toBeNull();
    await refused(await api(t, "POST", `${C}/orders/${order0}/delivered`, v.r2.cookie), 409);
    const r0 = await ok(await api(t, "GET", "/api/me/canteen", v.r0.cookie));
    expect(r0.orders.find((o: any) => o.id === order0)).toMatchObject({ residentFen: 1000 });
  });
});

describe("the monthly subsidy report", () => {
  it("sums the split per rule; PDF and Excel; the street office sees its communities; residents cannot", async () => {
    const r = await ok(await api(t, "GET", `${C}/report?month=${month}`, v.street.cookie));
    const row65 = r.rows.find((x: any) => x.ruleName === "65岁以上");
    expect(row65).toMatchObject({
      meals: 1,
      costFen: 2200,
      residentFen: 1000,
      communityFen: 600,
      discountFen: 300,
      subsidyFen: 300,
    });
    expect(r.total.costFen).toBe(
      r.total.residentFen + r.total.communityFen + r.total.discountFen + r.total.subsidyFen,
    );
    const pdf = await api(t, "GET", `${C}/report?month=${month}&format=pdf`, v.secretary.cookie);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 4).toString()).toBe("%PDF");
    const xlsx = await api(t, "GET", `${C}/report?month=${month}&format=xlsx`, v.secretary.cookie);
    expect(xlsx.statusCode).toBe(200);
    const street = await ok(
      await api(t, "GET", `/api/streets/${v.w.streetA}/canteen/report?month=${month}`, v.street.cookie),
    );
    expect(street.total.meals).toBe(r.total.meals);
    await refused(
      await api(t, "GET", `/api/streets/${v.w.streetA}/canteen/report?month=${month}`, v.secretary.cookie),
      403,
    );
    await refused(await api(t, "GET", `${C}/report?month=${month}`, v.r0.cookie), 403);
    await refused(await api(t, "GET", `${C}/report?month=2026-13`, v.secretary.cookie), 400);
  });
});

describe("insight", () => {
  it("feeds the figures through its events: meals and the funding split equal the orders", async () => {
    await drainAllEvents(t.db);
    expect((await verifyFigures(t.db)).ok).toBe(true);
    const placed = await t.db
      .selectFrom("canteen_order")
      .select(["mode", "resident_fen", "community_fen", "discount_fen", "subsidy_fen"])
      .where("community_id", "=", v.a.id)
      .where("status", "=", "placed")
      .execute();
    expect(placed.length).toBeGreaterThan(0);
    const total = (k: "resident_fen" | "community_fen" | "discount_fen" | "subsidy_fen") =>
      placed.reduce((n, o) => n + o[k], 0);
    expect(
      await rollupSums(v.a.id, [
        "canteen_meals",
        "canteen_deliveries",
        "canteen_resident_fen",
        "canteen_community_fen",
        "canteen_discount_fen",
        "canteen_subsidy_fen",
      ]),
    ).toEqual({
      canteen_meals: placed.length,
      canteen_deliveries: placed.filter((o) => o.mode === "delivery").length,
      canteen_resident_fen: total("resident_fen"),
      canteen_community_fen: total("community_fen"),
      canteen_discount_fen: total("discount_fen"),
      canteen_subsidy_fen: total("subsidy_fen"),
    });
  });
});

/** The insight rollup's sums of some figures over every day of a community. */
async function rollupSums(communityId: number, figures: string[]) {
  const rows = await t.db
    .selectFrom("insight_daily")
    .select(["figure", (eb) => eb.fn.sum<string>("value").as("n")])
    .where("community_id", "=", communityId)
    .where("figure", "in", figures)
    .groupBy("figure")
    .execute();
  return Object.fromEntries(figures.map((f) => [f, Number(rows.find((r) => r.figure === f)?.n ?? 0)]));
}
