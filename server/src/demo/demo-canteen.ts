// Donglong's 幸福食堂 (seed 000; DOMAIN C1), written through the canteen service: the canteen shared with
// the Hubei broadcaster's staff canteen (湖北广播电视台内部食堂), lunch with a 10:00 cut-off; the rules —
// 65岁以上 pay 10 yuan (the article's figure), the meal's cost split between the community's own funds,
// the canteen's discount and the government subsidy (社区自筹一部分、食堂让利一部分、政府补贴一部分: the article
// gives no shares, so equal thirds are assumed), 80岁以上或困难 8 yuan (invented for the demo: the issue asks
// for a lower price), everyone else — the 社区大食堂's young working residents — at cost; a meal's cost of
// 20 yuan is invented. Menus for the past month and the next two days, and a month of lunches ordered by
// older residents (some delivered by 帮跑团), so the month's subsidy report shows the split.
import type { Kysely } from "kysely";
import { loadActor } from "../access/actor.queries.ts";
import type { DB } from "../db/schema.ts";
import {
  assignDelivery,
  markDelivered,
  placeOrder,
  setMenu,
  setRules,
  setupCanteen,
} from "../modules/services/canteen/canteen.service.ts";
import { activeTeamMembers } from "../modules/volunteering/volunteering/volunteering.service.ts";
import { DEMO_ACCOUNTS, DONGLONG } from "./demo-accounts.ts";

type Db = Kysely<DB>;
const DAY = 86_400_000;

const MENUS = [
  ["红烧肉", "清炒时蔬", "番茄蛋汤", "米饭"],
  ["清蒸鲈鱼", "香菇青菜", "冬瓜排骨汤", "米饭"],
  ["土豆烧牛肉", "蒜蓉西兰花", "紫菜蛋花汤", "米饭"],
  ["莲藕排骨汤", "鱼香肉丝", "手撕包菜", "米饭"],
  ["卤鸡腿", "麻婆豆腐", "青菜豆腐汤", "二米饭"],
];

const beijingDay = (t: number) => new Date(t + 8 * 3_600_000).toISOString().slice(0, 10);

export async function writeDemoCanteen(db: Db, log: (m: string) => void): Promise<void> {
  const dl = await db
    .selectFrom("community")
    .select(["id", "name"])
    .where("code", "=", DONGLONG)
    .executeTakeFirst();
  const phone = DEMO_ACCOUNTS.find(
    (a) => a.role === "community_secretary" && "code" in a.target && a.target.code === DONGLONG,
  )?.phone;
  const sec = phone
    ? await db.selectFrom("app_user").select("id").where("phone", "=", phone).executeTakeFirst()
    : null;
  const secretary = sec ? await loadActor(db, sec.id) : null;
  if (!dl || !secretary) return;
  await setupCanteen(db, secretary, dl.id, {
    name: "幸福食堂",
    place: "东龙社区党群服务中心一楼（与湖北广播电视台内部食堂共建）",
    meals: [
      { kind: "lunch", cutoff: "10:00", capacity: 120 },
      { kind: "dinner", cutoff: "16:00", capacity: 60 },
    ],
  });
  await setRules(db, secretary, dl.id, {
    rules: [
      {
        name: "80岁以上或困难老人",
        minAge: 80,
        careTags: ["困难"],
        residentFen: 800,
        communityPct: 34,
        discountPct: 33,
        subsidyPct: 33,
        source: "演示数据：文章未给出高龄和困难老人的价格，按议题“80岁以上或困难者更低”设为8元",
      },
      {
        name: "65岁以上老人",
        minAge: 65,
        careTags: [],
        residentFen: 1000,
        communityPct: 34,
        discountPct: 33,
        subsidyPct: 33,
        source:
          "东龙社区“幸福食堂”：65岁以上的老人只需花10元就可享用午餐；社区自筹一部分、食堂让利一部分、政府补贴一部分（各部分比例为演示假设）",
      },
      {
        name: "其他居民（社区大食堂）",
        minAge: null,
        careTags: [],
        residentFen: null,
        communityPct: 0,
        discountPct: 0,
        subsidyPct: 100,
        source: "“幸福食堂”升级为“社区大食堂”，工作繁忙的年轻人按成本价就餐",
      },
    ],
  });
  const now = Date.now();
  const menuOf = new Map<string, number>();
  for (let d = -30; d <= 2; d++) {
    const day = beijingDay(now + d * DAY);
    const m = await setMenu(db, secretary, dl.id, {
      day,
      meal: "lunch",
      dishes: MENUS[(d + 30) % MENUS.length]!,
      costFen: 2000,
    });
    menuOf.set(day, m.id);
    if (d >= 0)
      await setMenu(db, secretary, dl.id, {
        day,
        meal: "dinner",
        dishes: ["青菜肉丝面", "小菜"],
        costFen: 1500,
      });
  }
  // older residents of Donglong with an address: a month of lunches, a few each day
  const elders = await db
    .selectFrom("resident")
    .select(["id", "birth_date"])
    .where("community_id", "=", dl.id)
    .where("status", "=", "verified")
    .where("household_id", "is not", null)
    .where("birth_date", "<=", beijingDay(now - 65 * 365.25 * DAY))
    .orderBy("id")
    .limit(40)
    .execute();
  const young = await db
    .selectFrom("resident")
    .select("id")
    .where("community_id", "=", dl.id)
    .where("status", "=", "verified")
    .where("birth_date", ">", beijingDay(now - 40 * 365.25 * DAY))
    .where("birth_date", "<=", beijingDay(now - 22 * 365.25 * DAY))
    .orderBy("id")
    .limit(10)
    .execute();
  const runners = (await activeTeamMembers(db, dl.id)).filter((m) => m.team === "帮跑团");
  let orders = 0;
  for (let d = -30; d <= -1; d++) {
    const day = beijingDay(now + d * DAY);
    const menuId = menuOf.get(day)!;
    const morning = new Date(`${day}T08:30:00+08:00`);
    const diners = [
      ...elders.filter((_, i) => (i + d + 30) % 3 !== 0).slice(0, 18),
      ...young.filter((_, i) => (i + d) % 2 === 0).slice(0, 3),
    ];
    for (const [i, r] of diners.entries()) {
      const mode = i % 5 === 0 ? "delivery" : i % 3 === 0 ? "pickup" : "dine_in";
      const { order } = await placeOrder(
        db,
        secretary,
        dl.id,
        { menuId, mode, residentId: r.id, channel: "staff_counter", address: "", paid: true },
        morning,
      );
      orders++;
      const runner = runners[i % Math.max(1, runners.length)];
      if (mode === "delivery" && runner) {
        await assignDelivery(db, secretary, dl.id, order.id, runner.userId);
        await markDelivered(db, secretary, dl.id, order.id);
      }
    }
  }
  log(`Canteen: Donglong's 幸福食堂 with 3 price rules, 35 menus, ${orders} lunches of the past month.`);
}
