// Deliberation topics the seed articles describe (issue 10, D1/D2), each with the stage records of
// its X+7 template (given to the community as its default) and the parties it invited:
// - 矿山路社区: the 立体免费停车场 at 九龙洞公园 "通过居民协商议事会定下来的" — a community-wide topic
//   raised from a resident's parking request, with 四轴联动 and the property companies and owners'
//   committees invited, resolved, published and carried out; now in 评议.
// - 东龙社区: the 省法院小区 架空层 (480 m² of idle space) — an estate topic in 协商: surveys were sent
//   and opinion meetings are being held (the meetings themselves are the meetings module's).
// - 粤汉里社区: a topic of its "X+7" method in the 粤汉议事厅, at 决议.
// Dates are relative to the load; records carry no resident's name.
import type { Kysely } from "kysely";
import type { DB } from "../db/schema.ts";
import { ensureTemplates } from "../modules/deliberation/topics/topics.service.ts";
import { rebuildAllStats } from "../modules/voice/figures/figures.service.ts";
import { ensureCategories } from "../modules/voice/requests/categories.service.ts";
import { DEMO_ACCOUNTS, DONGLONG, KUANGSHANLU } from "./demo-accounts.ts";

const DAY = 86_400_000;
const YUEHANLI = "420106002003";

type Db = Kysely<DB>;

interface StageStep {
  key: string;
  text: string;
  daysAgo: number;
  isPublic?: boolean;
}

async function communityByCode(db: Db, code: string) {
  return db.selectFrom("community").select(["id", "name"]).where("code", "=", code).executeTakeFirst();
}

async function userByPhone(db: Db, phone: string | undefined) {
  if (!phone) return null;
  return (
    (await db.selectFrom("app_user").select("id").where("phone", "=", phone).executeTakeFirst())?.id ?? null
  );
}

/** The community's 四轴联动 set (party members, residents, co-building units, property companies). */
async function fourAxes(db: Db, communityId: number, coBuildingUnitIds: number[]) {
  const members = [
    { kind: "party_members", organisationId: null },
    { kind: "residents", organisationId: null },
    { kind: "co_building_unit", organisationId: null },
    ...coBuildingUnitIds.map((id) => ({ kind: "co_building_unit", organisationId: id })),
    { kind: "property_company", organisationId: null },
  ];
  const { id } = await db
    .insertInto("topic_participant_set")
    .values({
      community_id: communityId,
      name: "四轴联动",
      description: "党建引领：党员、居民、共建单位、物业公司四方联动",
      members: JSON.stringify(members),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("topic_participant_set")
    .values({
      community_id: communityId,
      name: "五方联动",
      description: "社区党组织、居委会、业委会、物业公司、共建单位",
      members: JSON.stringify([
        { kind: "party_committee", organisationId: null },
        { kind: "residents", organisationId: null },
        { kind: "owners_committee", organisationId: null },
        { kind: "property_company", organisationId: null },
        { kind: "co_building_unit", organisationId: null },
      ]),
    })
    .execute();
  return id;
}

async function orgsOf(
  db: Db,
  communityId: number,
  kind: "property_company" | "owners_committee" | "co_building_unit",
) {
  const rows = await db
    .selectFrom("organisation")
    .select(["id", "name"])
    .where("home_community_id", "=", communityId)
    .where("kind", "=", kind)
    .orderBy("id")
    .execute();
  return rows;
}

export async function writeTopic(
  db: Db,
  t: {
    communityId: number;
    title: string;
    description: string;
    tier: "building" | "estate" | "community";
    estateId?: number | null;
    gridId?: number | null;
    originKind: "staff" | "request";
    originId?: number | null;
    participantSetId?: number | null;
    orgIds: number[];
    actor: number | null;
    steps: StageStep[];
    implementationRequestId?: number | null;
  },
) {
  await ensureTemplates(db, t.communityId);
  const template = await db
    .selectFrom("topic_template")
    .select("id")
    .where("community_id", "=", t.communityId)
    .where("is_default", "=", true)
    .executeTakeFirstOrThrow();
  const stages = await db
    .selectFrom("topic_template_stage")
    .select(["id", "key"])
    .where("community_id", "=", t.communityId)
    .where("template_id", "=", template.id)
    .execute();
  const stageOf = (key: string) => stages.find((s) => s.key === key)!.id;
  const last = t.steps.at(-1)!;
  const created = new Date(Date.now() - t.steps[0]!.daysAgo * DAY);
  const { id } = await db
    .insertInto("topic")
    .values({
      community_id: t.communityId,
      title: t.title,
      description: t.description,
      tier: t.tier,
      estate_id: t.estateId ?? null,
      building_id: null,
      grid_id: t.gridId ?? null,
      template_id: template.id,
      stage_id: stageOf(last.key),
      stage_entered_at: new Date(Date.now() - last.daysAgo * DAY),
      status: "open",
      origin_kind: t.originKind,
      origin_id: t.originId ?? null,
      participant_set_id: t.participantSetId ?? null,
      implementation_request_id: t.implementationRequestId ?? null,
      raised_by: t.actor,
      created_at: created,
      opened_at: created,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (t.orgIds.length)
    await db
      .insertInto("topic_party")
      .values(
        [...new Set(t.orgIds)].map((o) => ({
          community_id: t.communityId,
          topic_id: id,
          organisation_id: o,
        })),
      )
      .execute();
  await db
    .insertInto("topic_stage_record")
    .values(
      t.steps.map((s) => ({
        community_id: t.communityId,
        topic_id: id,
        stage_id: stageOf(s.key),
        action: "entered" as const,
        text: s.text,
        attachments: "[]",
        is_public: s.isPublic ?? s.key === "publish_resolution",
        actor_user_id: t.actor,
        created_at: new Date(Date.now() - s.daysAgo * DAY),
      })),
    )
    .execute();
  return id;
}

export async function writeDemoTopics(db: Db, log: (m: string) => void): Promise<void> {
  let written = 0;

  // ---- 矿山路社区: the parking topic, from a resident's parking request ----
  const ks = await communityByCode(db, KUANGSHANLU);
  if (ks) {
    await ensureCategories(db, ks.id);
    const parking = await db
      .selectFrom("request_category")
      .select("id")
      .where("community_id", "=", ks.id)
      .where("code", "=", "parking")
      .executeTakeFirstOrThrow();
    const building = await db
      .selectFrom("building")
      .select(["id", "estate_id", "grid_id"])
      .where("community_id", "=", ks.id)
      .orderBy("id")
      .executeTakeFirst();
    const created = new Date(Date.now() - 150 * DAY);
    const request = await db
      .insertInto("request")
      .values({
        community_id: ks.id,
        kind: "problem",
        category_id: parking.id,
        title: "九龙洞公园周边停车难，车辆乱停占道",
        description:
          "晚上回来找不到车位，公园门口和小巷里车停得满满的，老人孩子出行不安全。希望社区想想办法。",
        is_public: true,
        status: "closed",
        channel: "meeting",
        estate_id: building?.estate_id ?? null,
        building_id: building?.id ?? null,
        grid_id: building?.grid_id ?? null,
        route_to: "community",
        signed_at: new Date(created.getTime() + 3_600_000),
        sign_due_at: new Date(created.getTime() + DAY),
        solve_due_at: new Date(created.getTime() + 7 * DAY),
        resolved_at: new Date(created.getTime() + 5 * DAY),
        resolution: "已转为社区议事议题，由居民协商议事会商议解决",
        confirm_due_at: new Date(created.getTime() + 12 * DAY),
        closed_at: new Date(created.getTime() + 12 * DAY),
        close_reason: "not_rated",
        sign_reminded_at: created,
        solve_reminded_at: created,
        created_at: created,
        updated_at: created,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const setId = await fourAxes(db, ks.id, []);
    const invited = [
      ...(await orgsOf(db, ks.id, "property_company")).map((o) => o.id),
      ...(await orgsOf(db, ks.id, "owners_committee")).map((o) => o.id),
    ];
    await writeTopic(db, {
      communityId: ks.id,
      title: "九龙洞公园建设立体免费停车场",
      description:
        "居民反映九龙洞公园周边停车难，社区将诉求转为社区议事议题，在居民协商议事会上商议解决办法。",
      tier: "community",
      originKind: "request",
      originId: request.id,
      participantSetId: setId,
      orgIds: invited,
      actor: null,
      implementationRequestId: request.id,
      steps: [
        { key: "collect", text: "网格员入户和“红色议事亭”收集到居民停车难的意见 37 条", daysAgo: 148 },
        { key: "set_topic", text: "社区两委会商定：以“九龙洞公园立体免费停车场”为议题", daysAgo: 140 },
        {
          key: "prepare",
          text: "在邻里议事长廊公示议事会时间、议题和选址初步方案，邀请物业公司、业委会、党员和居民代表参加",
          daysAgo: 133,
          isPublic: true,
        },
        {
          key: "deliberate",
          text: "居民协商议事会：居民代表、党员、物业公司、业委会共同商议选址、车位数和管理办法",
          daysAgo: 126,
        },
        {
          key: "resolve",
          text: "决议：在九龙洞公园内新建立体停车场，对居民免费开放，由物业公司日常管理",
          daysAgo: 119,
        },
        {
          key: "publish_resolution",
          text: "决议在社区公告栏和居民微信群公示 5 个工作日，无异议",
          daysAgo: 118,
        },
        { key: "implement", text: "停车场动工建设，网格员每周巡查进度", daysAgo: 105 },
        { key: "evaluate", text: "停车场已建成投用，请居民对结果评议", daysAgo: 10, isPublic: true },
      ],
    });
    written += 1;
    // the board counts the parking request among the solved problems
    await rebuildAllStats(db);
  }

  // ---- 东龙社区: the 省法院小区 架空层 renovation, in 协商 ----
  const dl = await communityByCode(db, DONGLONG);
  if (dl) {
    const estate = await db
      .selectFrom("estate")
      .select(["id", "property_org_id"])
      .where("community_id", "=", dl.id)
      .where("name", "=", "省法院小区")
      .executeTakeFirst();
    if (estate) {
      const grids = await db
        .selectFrom("building")
        .select("grid_id")
        .distinct()
        .where("community_id", "=", dl.id)
        .where("estate_id", "=", estate.id)
        .execute();
      const units = await orgsOf(db, dl.id, "co_building_unit");
      const court = units.find((u) => u.name.includes("法院"));
      const tv = units.find((u) => u.name.includes("广播电视"));
      const setId = await fourAxes(
        db,
        dl.id,
        [court?.id, tv?.id].filter((x): x is number => x != null),
      );
      const committee = (
        (await orgsOf(db, dl.id, "owners_committee")) as { id: number; name: string }[]
      ).find((o) => o.name.startsWith("省法院小区"));
      const secretary = await userByPhone(
        db,
        DEMO_ACCOUNTS.find(
          (a) =>
            a.role === "community_secretary" && a.target.kind === "community" && a.target.code === DONGLONG,
        )?.phone,
      );
      await writeTopic(db, {
        communityId: dl.id,
        title: "省法院小区架空层改造",
        description:
          "公正路省法院小区架空层480平方米闲置，堆满旧家具和杂物。改造成什么样，由居民和各方一起商量。",
        tier: "estate",
        estateId: estate.id,
        gridId: grids.length === 1 ? grids[0]!.grid_id : null,
        originKind: "staff",
        participantSetId: setId,
        orgIds: [court?.id, tv?.id, estate.property_org_id, committee?.id].filter(
          (x): x is number => x != null,
        ),
        actor: secretary,
        steps: [
          { key: "collect", text: "线上居民微信群、线下入户走访，发放改造调研问卷", daysAgo: 60 },
          { key: "set_topic", text: "定题：架空层改造为居民公共休闲空间", daysAgo: 52 },
          {
            key: "prepare",
            text: "公示改造议题和意见征集会安排；居民组成社区规划师团队参与设计",
            daysAgo: 45,
            isPublic: true,
          },
          {
            key: "deliberate",
            text: "召开意见征集会，居民、党员、共建单位和物业公司一起谋划功能分区（党员教育、普法宣传、运动健身、老幼服务、模拟法庭）",
            daysAgo: 30,
          },
          {
            key: "resolve",
            text: "决议：架空层改为“聚邻空间”，分党员教育、普法宣传、运动健身、老幼服务四个区并设模拟法庭；居民、省法院、物业和社区共同商定《聚邻空间使用公约》",
            daysAgo: 20,
          },
          {
            // the seed's convention was published: its notice period is long over, so 实施 may start
            key: "publish_resolution",
            text: "公示改造方案和《聚邻空间使用公约》，请小区居民监督",
            daysAgo: 18,
          },
        ],
      });
      written += 1;
    }
  }

  // ---- 粤汉里社区: its X+7 method in the 粤汉议事厅 ----
  const yhl = await communityByCode(db, YUEHANLI);
  if (yhl) {
    await writeTopic(db, {
      communityId: yhl.id,
      title: "老旧楼道堆物清理与公共空间使用公约",
      description: "在“粤汉议事厅”用“X+7”民主议事协商工作模式商议楼道堆物清理和公共空间使用规则。",
      tier: "community",
      originKind: "staff",
      orgIds: [],
      actor: null,
      steps: [
        { key: "collect", text: "居民说事：楼道堆物影响通行和消防安全", daysAgo: 40 },
        { key: "set_topic", text: "定题：楼道堆物清理与公共空间使用公约", daysAgo: 35 },
        { key: "prepare", text: "公示议事时间和议题，邀请楼栋居民代表参加", daysAgo: 30, isPublic: true },
        { key: "deliberate", text: "粤汉议事厅协商：居民代表逐条讨论公约条款", daysAgo: 20 },
        { key: "resolve", text: "决议：两周内集中清理楼道堆物，公约由全体居民共同遵守", daysAgo: 6 },
      ],
    });
    written += 1;
  }
  log(`  topics: ${written} deliberation topics of the seed communities (X+7 stages, invited parties)`);
}
