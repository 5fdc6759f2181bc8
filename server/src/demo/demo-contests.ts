// Contests (DOMAIN D6, E3) of the demo.
//
// Donglong (seed 000): "在多元共建客厅开展下沉党员金点子大赛 … 对居民兴趣浓、评价高、认可足的金点子签约立项".
// Here: a finished 金点子大赛 of the community — 8 ideas of its residents, residents' support, three
// judges (the secretary, a worker and the party-member account) on three weighted criteria, the round
// closed, the ranking published as a 公示 and the winner adopted (签约立项; its project is created by
// demo-projects, which makes it a project and so sets project_id).
//
// Wuchang (seed 004): "共收到104个社区项目报名参赛 … 择优筛选出15个项目入围决赛 … 评议出十强项目", judged on
// the article's five marks (群众性、生活性、共同性、创新性、成效性). Here: a district contest with 104
// entries — the article's ten winners under their own communities and 94 generated ones of other
// Wuchang communities — a first round of 5 judges cut to 15 finalists, a final round of 7 judges (the
// district official and invented experts, accounts without a password), closed, and the top 10
// published in the finalists' communities. Scores are generated (deterministic) so that the final
// order is the article's. All figures but 104 → 15 → 10 are invented.
import type { Kysely } from "kysely";
import type { DB } from "../db/schema.ts";
import { publishNotice } from "../modules/deliberation/notices/notices.service.ts";
import { rankEntries, TIE_BREAK } from "../modules/projects/contests/contests.service.ts";
import { DONGLONG, WUCHANG } from "./demo-accounts.ts";
import { Rng } from "./demo-random.ts";

const DAY = 86_400_000;
export const DEMO_IDEA_CONTEST_TITLE = "多元共建客厅下沉党员金点子大赛";
export const DEMO_INNOVATION_CONTEST_TITLE = "2023年武昌区十大社区治理创新项目评选";

/** The article's ten, in their order: community (as named in the divisions) and project. */
const WUCHANG_TEN: [string, string][] = [
  ["百瑞景", "爱悦读创“书香瑞景”，邻聚力建“共享书屋”"],
  ["都市桃源", "盘活房前屋后“方寸地”，缔造美丽都市“幸福园”"],
  ["三角路", "334最强阵容 共同缔造三角路养老服务综合体"],
  ["武锅", "党建引领“三长”集聚，“邻”结武锅治理力量"],
  ["滨湖", "汇聚五星力量·共建公益家园"],
  ["西城壕", "五步缔造“壕壕”老巷文化，多元共“治”焕古城新生"],
  ["武车", "“青企联盟”聚活力，社区治理有新YOUNG"],
  ["粤汉里", "早治微治巧治，共同缔造幸福粤汉里"],
  ["电力新村", "童心向杨园舞曲，水塔小屋伴成长"],
  ["彭刘杨路", "党建引领深化为老服务，“幸福敲门”打造暖心社区"],
];
const MOTIFS = [
  "邻里议事厅",
  "共享花园",
  "红色驿站",
  "四点半课堂",
  "幸福食堂",
  "楼栋微治理",
  "银龄互助",
  "口袋公园",
  "共享工具房",
  "社区客厅",
];
const THEMES = ["五社联动", "议事协商", "空间改造", "一老一小", "共同缔造", "党建引领"];
const ENDINGS = ["项目", "治理实践", "共建行动", "工作法", "服务品牌"];
const MARKS = ["群众性", "生活性", "共同性", "创新性", "成效性"];
const IDEAS: [string, string][] = [
  ["客厅门口加装扶手和休息椅", "老人进出客厅要上三级台阶，加一段扶手，门口放两把椅子。"],
  ["共享工具箱", "把各家闲置的电钻、梯子放在客厅，登记借用，党员轮流管理。"],
  ["四点半课堂", "下沉党员和退休教师轮流给双职工家庭的孩子辅导作业。"],
  ["楼道“微心愿”墙", "每栋楼一块小白板，写下需要帮忙的小事，志愿者认领。"],
  ["周末便民理发", "请共建单位的理发师每月来一次，给高龄老人上门理发。"],
  ["雨棚下的快递柜", "快递柜挪到有雨棚的地方，下雨天取件不淋雨。"],
  ["旧物交换角", "客厅一角做旧物交换，衣物书籍按季节整理。"],
  ["夜间照明补缺", "小区北门到菜场的路段补三盏路灯。"],
];

async function userByPhone(db: Kysely<DB>, phone: string) {
  return (
    (await db.selectFrom("app_user").select("id").where("phone", "=", phone).executeTakeFirst())?.id ?? null
  );
}

async function expertJudge(db: Kysely<DB>, phone: string, name: string) {
  const found = await userByPhone(db, phone);
  if (found) return found;
  const { id } = await db
    .insertInto("app_user")
    .values({ phone, name, password_hash: null })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

interface DemoEntry {
  id: number;
  community_id: number;
  supports: number;
  submitted_at: Date;
  quality: number;
}

const clamp = (v: number, max: number) => Math.max(0, Math.min(max, Math.round(v)));

/** One closed round's sheets, written; answers the ranking in its order. */
async function scoreRound(
  db: Kysely<DB>,
  rng: Rng,
  contestId: number,
  roundNo: number,
  judges: number[],
  entries: { id: number; community_id: number; supports: number; submitted_at: Date; quality: number }[],
  criteria: { name: string; weight: number }[],
  closedAt: Date,
  closedBy: number | null,
) {
  await db
    .insertInto("contest_judge")
    .values(judges.map((u) => ({ contest_id: contestId, round_no: roundNo, user_id: u, added_by: closedBy })))
    .execute();
  const sheets = new Map<number, number[][]>();
  const rows = [];
  for (const e of entries)
    for (const j of judges) {
      const scores = criteria.map(() => clamp(e.quality + rng.next() - 0.5, 10));
      sheets.set(e.id, [...(sheets.get(e.id) ?? []), scores]);
      rows.push({
        community_id: e.community_id,
        entry_id: e.id,
        contest_id: contestId,
        round_no: roundNo,
        judge_user_id: j,
        scores: JSON.stringify(scores),
        scored_at: new Date(closedAt.getTime() - rng.int(1, 48) * 3_600_000),
      });
    }
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto("contest_score")
      .values(rows.slice(i, i + 500))
      .execute();
  await db
    .updateTable("contest_round")
    .set({ closed_at: closedAt, closed_by: closedBy })
    .where("contest_id", "=", contestId)
    .where("round_no", "=", roundNo)
    .execute();
  return rankEntries(
    entries.map((e) => ({
      entryId: e.id,
      supports: e.supports,
      submittedAt: e.submitted_at,
      sheets: sheets.get(e.id) ?? [],
    })),
    criteria,
  );
}

export async function writeDemoContests(db: Kysely<DB>, log: (m: string) => void) {
  const now = Date.now();
  await writeDonglong(db, now, log);
  await writeWuchang(db, now, log);
}

async function writeDonglong(db: Kysely<DB>, now: number, log: (m: string) => void) {
  const community = await db
    .selectFrom("community as c")
    .innerJoin("street as s", "s.id", "c.street_id")
    .select(["c.id", "c.street_id", "s.district_id"])
    .where("c.code", "=", DONGLONG)
    .executeTakeFirst();
  if (!community) return;
  const secretary = await userByPhone(db, "13900000004");
  const worker = await userByPhone(db, "13900000005");
  const partyMember = await userByPhone(db, "13900000020");
  const judges = [secretary, worker, partyMember].filter((x): x is number => x != null);
  const rng = new Rng("donglong-golden-ideas");
  const criteria = [
    { name: "可行性", weight: 40 },
    { name: "受益面", weight: 35 },
    { name: "创新性", weight: 25 },
  ];
  // residents without an account submit and support (the demo accounts may still take part in new calls)
  const residents = await db
    .selectFrom("resident")
    .select(["id"])
    .where("community_id", "=", community.id)
    .where("status", "=", "verified")
    .where("user_id", "is", null)
    .orderBy("id")
    .limit(60)
    .execute();
  if (residents.length < IDEAS.length) return;
  const { id } = await db
    .insertInto("contest")
    .values({
      kind: "idea",
      title: DEMO_IDEA_CONTEST_TITLE,
      theme:
        "多元共建客厅怎样更好用？请居民、下沉党员和共建单位出点子：评价高、认可足的金点子签约立项，推动落地。",
      scope: "community",
      district_id: community.district_id,
      street_id: community.street_id,
      scope_community_id: community.id,
      estate_id: null,
      building_id: null,
      submit_from: new Date(now - 60 * DAY),
      submit_to: new Date(now - 30 * DAY),
      criteria: JSON.stringify(criteria),
      published_at: null,
      published_by: null,
      published_top: null,
      created_by: secretary,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("contest_round")
    .values({ contest_id: id, round_no: 1, closed_at: null, closed_by: null })
    .execute();
  const entries: DemoEntry[] = [];
  for (const [i, [title, summary]] of IDEAS.entries()) {
    const submittedAt = new Date(now - (58 - i * 3) * DAY);
    const e = await db
      .insertInto("contest_entry")
      .values({
        community_id: community.id,
        contest_id: id,
        title,
        summary,
        project_id: null,
        resident_id: residents[i]!.id,
        submitted_by: null,
        submitted_at: submittedAt,
        adopted_at: null,
        adopted_by: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const supporters = residents.slice(IDEAS.length).filter(() => rng.chance(0.55 - i * 0.05));
    if (supporters.length)
      await db
        .insertInto("contest_support")
        .values(
          supporters.map((r) => ({
            community_id: community.id,
            resident_id: r.id,
            entry_community_id: community.id,
            entry_id: e.id,
            contest_id: id,
            supported_at: new Date(submittedAt.getTime() + rng.int(1, 20) * DAY),
          })),
        )
        .execute();
    entries.push({
      id: e.id,
      community_id: community.id,
      supports: supporters.length,
      submitted_at: submittedAt,
      quality: 8.5 - i * 0.5,
    });
  }
  const ranked = await scoreRound(
    db,
    rng,
    id,
    1,
    judges,
    entries,
    criteria,
    new Date(now - 25 * DAY),
    secretary,
  );
  const lines = ranked
    .slice(0, 3)
    .map(
      (r) =>
        `第${r.rank}名　${IDEAS[entries.findIndex((e) => e.id === r.entryId)]![0]}　${r.score!.toFixed(2)} 分`,
    );
  const { id: noticeId } = await publishNotice(db, {
    communityId: community.id,
    kind: "publicity",
    title: `${DEMO_IDEA_CONTEST_TITLE} 评选结果公示`,
    body: [
      `东龙社区金点子大赛“${DEMO_IDEA_CONTEST_TITLE}”评审结束，前 3 名如下：`,
      "",
      ...lines,
      "",
      `排名规则：${TIE_BREAK}`,
    ].join("\n"),
    visibility: "residents",
    subject: { kind: "contest", id },
    byUserId: secretary,
  });
  await db
    .updateTable("contest")
    .set({
      published_at: new Date(now - 24 * DAY),
      published_by: secretary,
      published_top: 3,
      notice_ids: JSON.stringify([noticeId]),
    })
    .where("id", "=", id)
    .execute();
  await db
    .updateTable("contest_entry")
    .set({ adopted_at: new Date(now - 20 * DAY), adopted_by: secretary })
    .where("community_id", "=", community.id)
    .where("id", "=", ranked[0]!.entryId)
    .execute();
  log(
    `  Donglong: a 金点子大赛 (${entries.length} ideas, ${judges.length} judges), published, the winner adopted`,
  );
}

async function writeWuchang(db: Kysely<DB>, now: number, log: (m: string) => void) {
  const district = await db
    .selectFrom("district")
    .select("id")
    .where("code", "=", WUCHANG)
    .executeTakeFirst();
  if (!district) return;
  const communities = await db
    .selectFrom("community as c")
    .innerJoin("street as s", "s.id", "c.street_id")
    .select(["c.id", "c.name"])
    .where("s.district_id", "=", district.id)
    .orderBy("c.id")
    .execute();
  if (communities.length < 20) return;
  const rng = new Rng("wuchang-innovation-2023");
  const official = await userByPhone(db, "13900000002");
  const experts = [];
  for (const [i, name] of [
    "周明远（华中师范大学）",
    "李晓岚（武汉大学）",
    "黄志成（湖北日报）",
    "吴敏（社会工作协会）",
    "郭涛（长江日报）",
    "钱丽华（社区规划师）",
  ].entries())
    experts.push(await expertJudge(db, `1370000${String(101 + i).padStart(4, "0")}`, name));
  const criteria = MARKS.map((name) => ({ name, weight: 20 }));
  const { id } = await db
    .insertInto("contest")
    .values({
      kind: "innovation",
      title: DEMO_INNOVATION_CONTEST_TITLE,
      theme:
        "围绕五社联动、议事协商、空间改造、一老一小等民生热点，展示社区治理创新经验；突出群众性、生活性、共同性、创新性、成效性。",
      scope: "district",
      district_id: district.id,
      street_id: null,
      scope_community_id: null,
      estate_id: null,
      building_id: null,
      submit_from: new Date(now - 200 * DAY),
      submit_to: new Date(now - 140 * DAY),
      criteria: JSON.stringify(criteria),
      current_round: 2,
      published_at: null,
      published_by: null,
      published_top: null,
      created_by: official,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("contest_round")
    .values([
      { contest_id: id, round_no: 1, closed_at: null, closed_by: null },
      { contest_id: id, round_no: 2, closed_at: null, closed_by: null },
    ])
    .execute();
  const named = WUCHANG_TEN.map(([place, title]) => ({
    community: communities.find((c) => c.name.includes(place)) ?? rng.pick(communities),
    title,
  }));
  const others = communities.filter((c) => !named.some((n) => n.community.id === c.id));
  const generated = Array.from({ length: 94 }, (_, i) => {
    const c = others[i % others.length]!;
    return {
      community: c,
      title: `${c.name.replace(/社区$/, "")}“${rng.pick(MOTIFS)}”${rng.pick(THEMES)}${rng.pick(ENDINGS)}`,
    };
  });
  // quality: the ten first in the article's order, five more finalists, then the rest
  const all = [
    ...named.map((n, i) => ({ ...n, quality: 9.6 - i * 0.3 })),
    ...generated.slice(0, 5).map((n, i) => ({ ...n, quality: 6.6 - i * 0.2 })),
    ...generated.slice(5).map((n) => ({ ...n, quality: 2 + rng.next() * 3.5 })),
  ];
  const entries: DemoEntry[] = [];
  for (const [i, e] of all.entries()) {
    const submittedAt = new Date(now - (199 - (i % 55)) * DAY);
    const row = await db
      .insertInto("contest_entry")
      .values({
        community_id: e.community.id,
        contest_id: id,
        title: e.title.slice(0, 80),
        summary: `${e.community.name}报名项目。`,
        project_id: null,
        resident_id: null,
        submitted_by: null,
        submitted_at: submittedAt,
        adopted_at: null,
        adopted_by: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    entries.push({
      id: row.id,
      community_id: e.community.id,
      supports: 0,
      submitted_at: submittedAt,
      quality: e.quality,
    });
  }
  const round1 = await scoreRound(
    db,
    rng,
    id,
    1,
    [official, ...experts.slice(0, 4)].filter((x): x is number => x != null),
    entries,
    criteria,
    new Date(now - 120 * DAY),
    official,
  );
  const finalistIds = round1.slice(0, 15).map((r) => r.entryId);
  await db
    .updateTable("contest_entry")
    .set({ reached_round: 2 })
    .where("contest_id", "=", id)
    .where("id", "in", finalistIds)
    .execute();
  const finalists = entries
    .filter((e) => finalistIds.includes(e.id))
    .map((e) => ({ ...e, quality: e.quality }));
  const round2 = await scoreRound(
    db,
    rng,
    id,
    2,
    [official, ...experts].filter((x): x is number => x != null),
    finalists,
    criteria,
    new Date(now - 100 * DAY),
    official,
  );
  const titleOf = (entryId: number) => all[entries.findIndex((e) => e.id === entryId)]!;
  const lines = round2.slice(0, 10).map((r) => {
    const e = titleOf(r.entryId);
    return `第${r.rank}名　${e.title}（${e.community.name}）　${r.score!.toFixed(2)} 分`;
  });
  const body = [
    `武昌区治理创新项目评选“${DEMO_INNOVATION_CONTEST_TITLE}”评审结束：共收到 ${entries.length} 个社区项目，${finalists.length} 个入围决赛，前 10 名如下：`,
    "",
    ...lines,
    "",
    `排名规则：${TIE_BREAK}`,
  ].join("\n");
  const noticeIds: number[] = [];
  for (const communityId of [...new Set(finalists.map((f) => f.community_id))]) {
    const { id: noticeId } = await publishNotice(db, {
      communityId,
      kind: "publicity",
      title: `${DEMO_INNOVATION_CONTEST_TITLE} 评选结果公示`.slice(0, 80),
      body,
      visibility: "public",
      subject: { kind: "contest", id },
      byUserId: official,
    });
    noticeIds.push(noticeId);
  }
  await db
    .updateTable("contest")
    .set({
      published_at: new Date(now - 98 * DAY),
      published_by: official,
      published_top: 10,
      notice_ids: JSON.stringify(noticeIds),
    })
    .where("id", "=", id)
    .execute();
  const inOrder = round2.slice(0, 10).every((r, i) => titleOf(r.entryId).title === WUCHANG_TEN[i]![1]);
  log(
    `  Wuchang: the innovation contest, ${entries.length} entries → ${finalists.length} finalists → top 10 published${inOrder ? " (the article's order)" : ""}`,
  );
}
