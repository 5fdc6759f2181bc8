// Spaces and services the seed articles name, registered for rating (好差评) in their communities,
// with a few weeks of residents' ratings so the pages are not empty. The names and descriptions come
// from the articles (server/data/seed-communities.json: "spaces", "figures", "volunteerTeams"); the
// ratings are invented, by residents without a sign-in account, so that the demo accounts start with
// nothing rated.
import type { Kysely } from "kysely";
import type { DB, Rating, RatingSubjectKind } from "../db/schema.ts";
import { DONGLONG, KUANGSHANLU, LVZHOU } from "./demo-accounts.ts";
import { Rng } from "./demo-random.ts";

interface DemoSubject {
  kind: RatingSubjectKind;
  name: string;
  description: string;
  /** The estate it is in, by name, when the article says. */
  estate?: string;
  /** How many residents have rated it. */
  ratings: number;
}

const SUBJECTS: Record<string, DemoSubject[]> = {
  [DONGLONG]: [
    {
      kind: "space",
      name: "聚邻空间",
      description: "公正路省法院小区架空层，480平方米：党员教育、普法宣传、运动健身、老幼服务、模拟法庭",
      estate: "省法院小区",
      ratings: 14,
    },
    {
      kind: "space",
      name: "多元共建客厅",
      description: "厚朴东龙直播间、有声图书馆、多元共建议事区、东龙社工室",
      ratings: 8,
    },
    {
      kind: "space",
      name: "口袋公园",
      description: "紫沙路与星海路交汇处：环形小道、绿植、纳凉亭子，可认养一棵树",
      ratings: 6,
    },
    {
      kind: "service",
      name: "幸福食堂",
      description: "社区大食堂，与湖北广播电视台内部食堂共建；65岁以上老人午餐10元",
      ratings: 12,
    },
    {
      kind: "service",
      name: "送餐上门",
      description: "“帮跑团”志愿者为行动不便的老人送餐上门",
      ratings: 5,
    },
  ],
  [LVZHOU]: [
    {
      kind: "space",
      name: "“邻聚里”活动室",
      description: "党群服务中心内：养老托育、社区助餐、体育健身、文化休闲、儿童游憩、每周10余门免费课程",
      ratings: 10,
    },
    { kind: "service", name: "幸福食堂", description: "社区助餐", ratings: 9 },
    {
      kind: "space",
      name: "夷“新”服务驿站",
      description: "万达商圈：避暑纳凉、休憩充电、免费观影",
      ratings: 5,
    },
  ],
  [KUANGSHANLU]: [
    {
      kind: "space",
      name: "红色驿站",
      description: "紫薇花园：政务服务岗前哨、便民服务百宝箱、享聊议事会客厅",
      estate: "紫薇花园",
      ratings: 7,
    },
    { kind: "service", name: "爱心食堂", description: "社区老人助餐", ratings: 6 },
    { kind: "service", name: "居家养老服务中心", description: "上门助老、医生驻诊", ratings: 4 },
  ],
};

const COMMENTS: Record<RatingSubjectKind, Record<Rating, string[]>> = {
  space: {
    good: ["环境干净整洁，常来坐坐", "活动多，老人孩子都喜欢", "开放时间方便，工作人员热情"],
    average: ["还可以，希望多安排些活动", "周末人有点多"],
    poor: ["空调坏了好几天没人修", "晚上关门太早，下班后去不了"],
  },
  service: {
    good: ["饭菜可口，价格实惠", "服务周到，很贴心", "志愿者很耐心，每次都准时"],
    average: ["味道一般，希望菜品多一些", "有时要排队"],
    poor: ["排队时间太长", "送来的饭有点凉了"],
  },
};

const DAY = 86_400_000;

export async function writeDemoRatings(db: Kysely<DB>, log: (m: string) => void): Promise<void> {
  let subjects = 0;
  let ratings = 0;
  for (const [code, list] of Object.entries(SUBJECTS)) {
    const community = await db
      .selectFrom("community")
      .select("id")
      .where("code", "=", code)
      .executeTakeFirst();
    if (!community) continue;
    const estates = await db
      .selectFrom("estate")
      .select(["id", "name"])
      .where("community_id", "=", community.id)
      .execute();
    const raters = await db
      .selectFrom("resident")
      .select("id")
      .where("community_id", "=", community.id)
      .where("status", "=", "verified")
      .where("user_id", "is", null)
      .orderBy("id")
      .limit(200)
      .execute();
    const rng = new Rng(`ratings:${code}`);
    const now = Date.now();
    for (const s of list) {
      const { id } = await db
        .insertInto("rating_subject")
        .values({
          community_id: community.id,
          kind: s.kind,
          name: s.name,
          description: s.description,
          estate_id: estates.find((e) => e.name === s.estate)?.id ?? null,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      subjects += 1;
      const chosen = new Set<number>();
      while (chosen.size < Math.min(s.ratings, raters.length)) chosen.add(rng.pick(raters).id);
      const rows = [...chosen].map((residentId) => {
        const rating = rng.weighted<Rating>([
          ["good", 75],
          ["average", 18],
          ["poor", 7],
        ]);
        const at = new Date(now - rng.int(1, 60) * DAY - rng.int(0, 12 * 60) * 60_000);
        return {
          community_id: community.id,
          subject_id: id,
          resident_id: residentId,
          rating,
          comment: rng.chance(rating === "good" ? 0.5 : 0.9) ? rng.pick(COMMENTS[s.kind][rating]) : null,
          first_rated_at: at,
          rated_at: at,
        };
      });
      if (rows.length) await db.insertInto("subject_rating").values(rows).execute();
      ratings += rows.length;
    }
  }
  log(`  ratings: ${subjects} spaces and services of the seed communities, ${ratings} residents' ratings`);
}
