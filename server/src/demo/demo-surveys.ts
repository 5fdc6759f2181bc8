// Donglong's 架空层 renovation survey (DOMAIN D4): the article (server/data/seed-communities.json,
// 东龙 "spaces" and "methods") says the community "发放大量改造调研问卷" to the residents of 省法院小区
// about its 480 m² 架空层, then held 8 opinion meetings, and the space became 聚邻空间 with 党员教育、
// 普法宣传、运动健身、老幼服务 and a 模拟法庭. The questions follow those functions; the article gives
// no count of answers, so the number here (one per household, up to 60, by residents without a
// sign-in account so the demo accounts have answered nothing) is invented, as are the choices. The
// survey is closed (the renovation is done); journeys build their own open one.
import type { Kysely } from "kysely";
import { sql } from "kysely";
import type { Config } from "../config.ts";
import type { DB } from "../db/schema.ts";
import { surveyRespondentKey } from "../modules/deliberation/surveys/surveys.service.ts";
import { DONGLONG } from "./demo-accounts.ts";
import { Rng } from "./demo-random.ts";

const DAY = 86_400_000;
const FUNCTIONS = ["党员教育", "普法宣传", "运动健身", "老幼服务", "模拟法庭"];
const TIMES = ["早上", "白天", "傍晚", "晚上", "周末"];
const SUGGESTIONS = [
  "把旧家具和杂物清走，地面做防滑",
  "希望有乒乓球台和健身器材",
  "给老人留几张有靠背的椅子",
  "孩子放学后能有个写作业的地方",
  "灯光要亮一些，晚上也能用",
  "希望能办普法讲座，请法院的同志来讲",
];

export const DEMO_SURVEY_TITLE = "省法院小区架空层改造调研问卷";

export async function writeDemoSurveys(db: Kysely<DB>, config: Config, log: (m: string) => void) {
  const community = await db
    .selectFrom("community")
    .select("id")
    .where("code", "=", DONGLONG)
    .executeTakeFirst();
  if (!community) return;
  const estate = await db
    .selectFrom("estate")
    .select("id")
    .where("community_id", "=", community.id)
    .where("name", "=", "省法院小区")
    .executeTakeFirst();
  if (!estate) return;
  const worker = await db
    .selectFrom("app_user")
    .select("id")
    .where("phone", "=", "13900000005")
    .executeTakeFirst();
  const questions = [
    { kind: "multiple", text: "架空层改造后，您希望它有哪些用途？", required: true, options: FUNCTIONS },
    { kind: "single", text: "您一般什么时候会去？", required: true, options: TIMES },
    { kind: "rating", text: "您对架空层现在的样子（堆满旧家具和杂物）满意吗？", required: true },
    { kind: "number", text: "您家有几位老人或孩子会去活动？", required: false, min: 0, max: 10 },
    { kind: "text", text: "您对改造还有什么建议？", required: false },
  ];
  const now = Date.now();
  const { id: surveyId } = await db
    .insertInto("survey")
    .values({
      community_id: community.id,
      title: DEMO_SURVEY_TITLE,
      description: "省法院小区架空层480平方米，闲置多年。社区想听听大家：改成什么样的公共空间？每户填一份。",
      estate_id: estate.id,
      audience: "all",
      anonymous: false,
      answer_per: "household",
      questions: JSON.stringify(questions),
      opens_at: new Date(now - 200 * DAY),
      closes_at: new Date(now - 180 * DAY),
      published_at: new Date(now - 200 * DAY),
      stage_key: "collect",
      created_by: worker?.id ?? null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  // one verified resident without an account per household of the estate
  const residents = await db
    .selectFrom("resident as r")
    .innerJoin("household as h", (j) =>
      j.onRef("h.community_id", "=", "r.community_id").onRef("h.id", "=", "r.household_id"),
    )
    .innerJoin("building as b", (j) =>
      j.onRef("b.community_id", "=", "h.community_id").onRef("b.id", "=", "h.building_id"),
    )
    .select(["r.id", "r.household_id"])
    .distinctOn("r.household_id")
    .where("r.community_id", "=", community.id)
    .where("b.estate_id", "=", estate.id)
    .where("r.status", "=", "verified")
    .where("r.user_id", "is", null)
    .orderBy("r.household_id")
    .orderBy("r.id")
    .limit(60)
    .execute();
  const rng = new Rng(`surveys:${DONGLONG}`);
  for (const r of residents) {
    const paper = rng.chance(0.3);
    const { id: responseId } = await db
      .insertInto("survey_response")
      .values({
        community_id: community.id,
        survey_id: surveyId,
        respondent_key: surveyRespondentKey(config.piiKey, community.id, surveyId, `h:${r.household_id}`),
        resident_id: r.id,
        household_id: r.household_id,
        channel: paper ? "paper" : "online",
        entered_by: paper ? (worker?.id ?? null) : null,
        submitted_at: new Date(now - 200 * DAY + rng.int(0, 19) * DAY + rng.int(0, 600) * 60_000),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const row = (
      question_index: number,
      choice: number,
      number_value: number | null = null,
      text_value: string | null = null,
    ) => ({
      community_id: community.id,
      survey_id: surveyId,
      response_id: responseId,
      question_index,
      choice,
      number_value,
      text_value,
    });
    const wanted = FUNCTIONS.map((_, i) => i).filter((i) => rng.chance([0.5, 0.55, 0.8, 0.75, 0.35][i]!));
    if (!wanted.length) wanted.push(2);
    const rating = rng.weighted<number>([
      [1, 45],
      [2, 35],
      [3, 15],
      [4, 5],
    ]);
    const rows = [
      ...wanted.map((c) => row(0, c)),
      row(0, -1),
      row(
        1,
        rng.weighted<number>([
          [0, 20],
          [1, 15],
          [2, 35],
          [3, 15],
          [4, 15],
        ]),
      ),
      row(2, rating, rating),
    ];
    if (rng.chance(0.8)) rows.push(row(3, 0, rng.int(0, 4)));
    if (rng.chance(0.4)) rows.push(row(4, 0, null, rng.pick(SUGGESTIONS)));
    await db.insertInto("survey_answer").values(rows).execute();
  }
  // the tally, as the answers' transactions keep it (responses at -1/0, paper ones at -1/1)
  await sql`
    insert into survey_tally (community_id, survey_id, question_index, choice, answers, total)
    select community_id, survey_id, question_index, choice, count(*), coalesce(sum(number_value), 0)
      from survey_answer where community_id = ${community.id} and survey_id = ${surveyId}
     group by community_id, survey_id, question_index, choice
    union all
    select community_id, survey_id, -1, 0, count(*), 0
      from survey_response where community_id = ${community.id} and survey_id = ${surveyId}
     group by community_id, survey_id
    union all
    select community_id, survey_id, -1, 1, count(*), 0
      from survey_response where community_id = ${community.id} and survey_id = ${surveyId} and channel = 'paper'
     group by community_id, survey_id`.execute(db);
  log(`  surveys: ${DEMO_SURVEY_TITLE} with ${residents.length} households' answers`);
}
