// The points mall (S4) from the seeds. 002: 绿洲社区 "精心开设‘积分商城’……以群众评价和服务时长为依据累计兑换、发放
// 价值3万多元商品物资" — its mall holds goods its co-building units and merchants donated, recorded with
// their value (together 31,000 yuan, the "3万多元"), listed and donated through the mall service by the
// community worker 张伟; a few residents who were awarded points this month exchanged some, so some pickup
// codes are open. 003: 文峰塔社区's 共同缔造爱心积分兑换活动 in front of the residents' committee (卫生纸、洗衣粉)
// is an exchange day (兑换日), announced as a notice. Which unit gave what and who exchanged is invented.
import type { Kysely } from "kysely";
import { loadActor } from "../access/actor.queries.ts";
import type { DB } from "../db/schema.ts";
import { addDonation, createItem, createWindow, exchange } from "../modules/points/mall/mall.service.ts";
import { residentPointsCode } from "../modules/points/points/points.service.ts";
import { LVZHOU } from "./demo-accounts.ts";

const WENFENGTA = "421303002004";

/** name, price in points, value of one in fen, quantity donated, limit per person a month */
const GOODS: [string, number, number, number, number | null][] = [
  ["东北大米 5 斤", 30, 3500, 200, 1],
  ["食用油 1.8 升", 40, 6000, 150, 1],
  ["洗衣液 2 公斤", 20, 3000, 200, 2],
  ["卫生纸（10 卷）", 10, 1500, 300, 2],
  ["牙膏牙刷套装", 15, 2000, 150, 2],
  ["爱心理发（服务）", 10, 1500, 100, null],
];

/** 文峰塔社区's exchange-day goods (seed 003): name, price in points, value of one in fen, quantity donated. */
const WENFENGTA_GOODS: [string, number, number, number][] = [
  ["卫生纸（10 卷）", 10, 1500, 200],
  ["洗衣粉 1.5 公斤", 15, 1800, 150],
];

export async function writeDemoMall(db: Kysely<DB>, worker: { phone: string }, log: (m: string) => void) {
  const community = await db
    .selectFrom("community")
    .select("id")
    .where("code", "=", LVZHOU)
    .executeTakeFirst();
  const user = await db
    .selectFrom("app_user")
    .select("id")
    .where("phone", "=", worker.phone)
    .executeTakeFirst();
  if (!community || !user) return;
  const cid = community.id;
  const actor = await loadActor(db, user.id);
  const orgs = await db
    .selectFrom("organisation")
    .select(["id", "name"])
    .where("home_community_id", "=", cid)
    .where("kind", "in", ["co_building_unit", "merchant"])
    .orderBy("id")
    .limit(GOODS.length)
    .execute();
  let totalFen = 0;
  const itemIds: number[] = [];
  for (const [i, [name, price, unitFen, quantity, limit]] of GOODS.entries()) {
    const org = orgs.length ? orgs[i % orgs.length]! : null;
    const item = await createItem(db, actor, cid, {
      kind: name.includes("服务") ? "service" : "goods",
      name,
      description: "",
      orgId: org?.id ?? null,
      pricePoints: price,
      unitValueFen: unitFen,
      pickupPlace: "绿洲社区党群服务中心“积分商城”",
      limitCount: limit,
      limitPeriod: limit ? "month" : null,
      expiryDays: 7,
    });
    await addDonation(db, actor, cid, item.id, {
      donorKind: org ? "organisation" : "person",
      donorOrgId: org?.id ?? null,
      donorName: org?.name ?? "爱心居民",
      quantity,
      valueFen: quantity * unitFen,
      note: "共同缔造爱心捐赠",
    });
    totalFen += quantity * unitFen;
    itemIds.push(item.id);
  }
  // residents awarded points this month exchange: they sign in by SMS (no password)
  const withPoints = await db
    .selectFrom("ledger_account as a")
    .innerJoin("resident as r", (j) =>
      j.onRef("r.community_id", "=", "a.community_id").onRef("r.id", "=", "a.owner_id"),
    )
    .select(["r.id as resident_id", "r.name", "r.user_id", "a.balance"])
    .where("a.community_id", "=", cid)
    .where("a.owner_kind", "=", "resident")
    .where("a.balance", ">=", 10)
    .orderBy("a.balance", "desc")
    .orderBy("r.id")
    .limit(8)
    .execute();
  let exchanges = 0;
  for (const [i, r] of withPoints.entries()) {
    if (!r.resident_id) continue;
    let userId = r.user_id;
    if (userId == null) {
      ({ id: userId } = await db
        .insertInto("app_user")
        .values({
          phone: `1990${String(cid).padStart(3, "0").slice(-3)}${String(i).padStart(4, "0")}`,
          name: r.name,
          password_hash: null,
        })
        .returning("id")
        .executeTakeFirstOrThrow());
      await db
        .updateTable("resident")
        .set({ user_id: userId })
        .where("community_id", "=", cid)
        .where("id", "=", r.resident_id)
        .execute();
    }
    const buyer = await loadActor(db, userId);
    const itemId = Number(r.balance) >= 30 ? itemIds[0]! : itemIds[3]!;
    await exchange(db, buyer, cid, {
      itemId,
      idempotencyKey: `demo-mall-${residentPointsCode(r.resident_id)}`,
    });
    exchanges++;
  }
  // 文峰塔社区's exchange day, next Saturday morning (Beijing time)
  const wenfengta = await db
    .selectFrom("community")
    .select("id")
    .where("code", "=", WENFENGTA)
    .executeTakeFirst();
  const admin = await db
    .selectFrom("role_assignment")
    .select("user_id")
    .where("role", "=", "system_admin")
    .orderBy("user_id")
    .executeTakeFirst();
  if (wenfengta && admin) {
    // what its residents carried home in the article: 卫生纸 and 洗衣粉, donated by the community's units
    const adminActor = await loadActor(db, admin.user_id);
    const unit = await db
      .selectFrom("organisation")
      .select(["id", "name"])
      .where("home_community_id", "=", wenfengta.id)
      .where("kind", "in", ["co_building_unit", "merchant"])
      .orderBy("id")
      .executeTakeFirst();
    for (const [name, price, unitFen, quantity] of WENFENGTA_GOODS) {
      const item = await createItem(db, adminActor, wenfengta.id, {
        kind: "goods",
        name,
        description: "",
        orgId: unit?.id ?? null,
        pricePoints: price,
        unitValueFen: unitFen,
        pickupPlace: "文峰塔社区居委会门前",
        limitCount: 2,
        limitPeriod: "month",
        expiryDays: 7,
      });
      await addDonation(db, adminActor, wenfengta.id, item.id, {
        donorKind: unit ? "organisation" : "person",
        donorOrgId: unit?.id ?? null,
        donorName: unit?.name ?? "爱心居民",
        quantity,
        valueFen: quantity * unitFen,
        note: "共同缔造爱心积分兑换",
      });
    }
    const now = new Date(Date.now() + 8 * 3600_000);
    const daysToSaturday = (6 - now.getUTCDay() + 7) % 7 || 7;
    const opens = new Date(
      Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + daysToSaturday, 9) - 8 * 3600_000,
    );
    await createWindow(db, adminActor, wenfengta.id, {
      title: "文峰塔社区共同缔造爱心积分兑换日",
      opensAt: opens,
      closesAt: new Date(opens.getTime() + 3 * 3600_000),
      announce: true,
    });
  }
  log(
    `demo: 绿洲社区 points mall (${GOODS.length} items, donations worth ${(totalFen / 100).toLocaleString("zh-CN")} yuan, ${exchanges} exchanges with open pickup codes); 文峰塔社区's exchange day with ${WENFENGTA_GOODS.length} donated goods`,
  );
}
