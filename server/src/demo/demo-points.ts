// Points (S1–S5) from seed 002: 绿洲社区's points, earned "以群众评价和服务时长为依据" and exchanged in its points
// mall (the mall comes with a later slice). The residents adopted the scoring standard through a survey
// (征求意见) last month; this month's awards are made through the points service by the community worker,
// so every one is a ledger transaction like a real award. Who was awarded what is invented.
// Seed 003: 文峰塔社区 (随州) "在广泛入户走访、征求群众意见的基础上……制定出了……积分制评分标准", points for 人居环境整治、
// 安全生产、政策宣传 and cultural activities, exchanged for 卫生纸、洗衣粉 on its exchange day: its standard (adopted
// after the door-to-door survey) and its residents' accounts, awarded by the street's system account.
import type { Insertable, Kysely } from "kysely";
import { loadActor } from "../access/actor.queries.ts";
import type { DB } from "../db/schema.ts";
import { awardPoints } from "../modules/points/points/points.service.ts";
import { DEMO_ADMIN_PHONE, LVZHOU } from "./demo-accounts.ts";
import { Rng } from "./demo-random.ts";

const WENFENGTA = "421303002004";

type ItemSpec = Pick<
  Insertable<DB["points_item"]>,
  | "code"
  | "name_zh"
  | "name_en"
  | "category"
  | "points"
  | "cap_points"
  | "cap_period"
  | "evidence_required"
  | "source"
>;

/** 文峰塔社区's items, from the article's list of what earns points. */
const WENFENGTA_ITEMS: ItemSpec[] = [
  {
    code: "environment",
    name_zh: "参加人居环境整治（打扫卫生）",
    name_en: "Clean-up of the living environment",
    category: "environment",
    points: 10,
    cap_points: 40,
    cap_period: "month",
    evidence_required: true,
  },
  {
    code: "safety",
    name_zh: "安全生产隐患排查",
    name_en: "Safety checks",
    category: "safety",
    points: 10,
    cap_points: 30,
    cap_period: "month",
    evidence_required: true,
  },
  {
    code: "publicity",
    name_zh: "政策宣传",
    name_en: "Policy publicity",
    category: "publicity",
    points: 5,
    cap_points: 20,
    cap_period: "month",
    evidence_required: false,
  },
  {
    code: "culture",
    name_zh: "参加文化活动",
    name_en: "Cultural activities",
    category: "civility",
    points: 5,
    cap_points: 20,
    cap_period: "month",
    evidence_required: false,
  },
];

const ITEMS: readonly ItemSpec[] = [
  {
    code: "environment",
    name_zh: "参加环境卫生整治",
    name_en: "Clean-up day",
    category: "environment",
    points: 10,
    cap_points: 40,
    cap_period: "month",
    evidence_required: true,
  },
  {
    code: "volunteer_hour",
    name_zh: "志愿服务（每小时）",
    name_en: "Volunteering (per hour)",
    category: "volunteering",
    points: 10,
    cap_points: null,
    cap_period: null,
    evidence_required: false,
    source: "volunteer_hours",
  },
  {
    code: "civility",
    name_zh: "好人好事、道德风尚",
    name_en: "Good deeds",
    category: "civility",
    points: 20,
    cap_points: 60,
    cap_period: "year",
    evidence_required: true,
  },
  {
    code: "meeting",
    name_zh: "参加居民议事会",
    name_en: "Residents' meeting",
    category: "meetings",
    points: 5,
    cap_points: 20,
    cap_period: "month",
    evidence_required: false,
  },
  {
    code: "publicity",
    name_zh: "政策宣传、入户走访",
    name_en: "Policy publicity",
    category: "publicity",
    points: 5,
    cap_points: 30,
    cap_period: "month",
    evidence_required: false,
  },
  {
    code: "littering",
    name_zh: "乱扔垃圾、占道堆物",
    name_en: "Littering",
    category: "civility",
    points: -10,
    cap_points: null,
    cap_period: null,
    evidence_required: true,
  },
];

export async function writeDemoPoints(db: Kysely<DB>, worker: { phone: string }, log: (m: string) => void) {
  const lz = await writeStandard(db, worker.phone, LVZHOU, {
    items: ITEMS,
    survey: "居民积分评分标准征求意见",
    note: "以群众评价和服务时长为依据；积分可在“积分商城”兑换生活用品",
    batches: [
      ["environment", 24, "清洁家园行动签到表"],
      ["environment", 18, "楼道堆物清理签到表"],
      ["meeting", 30, "居民议事会签到表"],
      ["publicity", 12, "防诈骗宣传入户登记"],
      ["civility", 4, "拾金不昧，失主来信"],
    ],
    key: "demo-points",
    rng: "points:lvzhou",
  });
  if (lz)
    log(
      `demo: 绿洲社区 points standard (${ITEMS.length} items, adopted by survey) and ${lz} awards on the ledger`,
    );
  const wft = await writeStandard(db, DEMO_ADMIN_PHONE, WENFENGTA, {
    items: WENFENGTA_ITEMS,
    survey: "基层治理积分制评分标准入户征求意见",
    note: "党建+积分制：以表现换积分、以积分换物品（卫生纸、洗衣粉等生活用品）",
    batches: [
      ["environment", 40, "人居环境整治签到表"],
      ["environment", 25, "背街小巷大扫除签到表"],
      ["safety", 10, "燃气安全隐患排查记录"],
      ["publicity", 15, "政策宣传入户登记"],
      ["culture", 20, "广场舞展演签到表"],
    ],
    key: "demo-points-wft",
    rng: "points:wenfengta",
  });
  if (wft)
    log(
      `demo: 文峰塔社区 points standard (${WENFENGTA_ITEMS.length} items, adopted after a door-to-door survey) and ${wft} awards on the ledger`,
    );
}

/** A community's standard adopted by a survey last month, and this month's awards by `phone`'s account. */
async function writeStandard(
  db: Kysely<DB>,
  phone: string,
  code: string,
  spec: {
    items: readonly ItemSpec[];
    survey: string;
    note: string;
    batches: [string, number, string][];
    key: string;
    rng: string;
  },
): Promise<number> {
  const community = await db.selectFrom("community").select("id").where("code", "=", code).executeTakeFirst();
  const user = await db.selectFrom("app_user").select("id").where("phone", "=", phone).executeTakeFirst();
  if (!community || !user) return 0;
  const actor = await loadActor(db, user.id);
  const lastMonth = new Date(Date.now() - 30 * 86_400_000);
  const survey = await db
    .insertInto("survey")
    .values({
      community_id: community.id,
      title: spec.survey,
      questions: JSON.stringify([
        { kind: "single", text: "是否同意按这份标准给居民记积分？", options: ["同意", "不同意"] },
        { kind: "text", text: "还应当加上哪些项目？", required: false },
      ]),
      opens_at: new Date(lastMonth.getTime() - 7 * 86_400_000),
      closes_at: lastMonth,
      published_at: new Date(lastMonth.getTime() - 7 * 86_400_000),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const standard = await db
    .insertInto("points_standard")
    .values({
      community_id: community.id,
      version: 1,
      adopted_via_kind: "survey",
      adopted_via_id: survey.id,
      adopted_on: lastMonth.toISOString().slice(0, 10),
      year_end_rule: "carry_over",
      note: spec.note,
      created_by: user.id,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const items = await db
    .insertInto("points_item")
    .values(spec.items.map((i) => ({ ...i, community_id: community.id, standard_id: standard.id })))
    .returning(["id", "code"])
    .execute();
  const itemId = (c: string) => items.find((i) => i.code === c)!.id;
  const residents = await db
    .selectFrom("resident")
    .select("id")
    .where("community_id", "=", community.id)
    .where("status", "=", "verified")
    .where("household_id", "is not", null)
    .orderBy("id")
    .limit(300)
    .execute();
  const rng = new Rng(spec.rng);
  const pick = (n: number) => {
    const chosen = new Set<number>();
    while (chosen.size < Math.min(n, residents.length)) chosen.add(rng.pick(residents).id);
    return [...chosen];
  };
  let awards = 0;
  for (const [i, [c, n, evidence]] of spec.batches.entries()) {
    const r = await awardPoints(db, actor, community.id, {
      itemId: itemId(c),
      residentIds: pick(n),
      evidence,
      idempotencyKey: `${spec.key}-${i}`,
    });
    awards += r.awarded.length;
  }
  return awards;
}
