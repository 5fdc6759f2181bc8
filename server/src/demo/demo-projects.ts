// Co-building projects of the seed communities (DOMAIN P1–P5), written through the projects service so
// that every booking is a ledger transaction with its running balance:
//  * 东龙社区's 幸福食堂 (seed 000): a resolution of the multi-party meeting in the 多元共建客厅, built with
//    湖北广播电视台's canteen and funded "社区自筹一部分、食堂让利一部分、政府补贴一部分" — three equal
//    thirds; 65岁以上 pay 10 yuan a lunch; 帮跑团 delivers. Finished, rated by residents.
//  * 东龙社区's 口袋公园 (seed 000): "种什么树，路设计成什么样的环形，亭子放在什么位置，都是由社区居民反复
//    讨论" — the design options were a survey; the chosen option is recorded; 认养一棵树 volunteers.
//  * 都市桃源社区's 电梯加装 (seed 004): "通过引导居民众筹（筹人、筹资、筹物、筹智…）" — targets of all four
//    kinds at the building of the demo's elevator vote, with residents' pledges; crowdfunding.
// And a topic for the browser journey: 幸福食堂升级为社区大食堂 (seed 000's next step), at 决议.
// The articles give the split, not the amounts: the yuan figures here are invented.

import type { Kysely } from "kysely";
import sharp from "sharp";
import { loadActor } from "../access/actor.queries.ts";
import type { DB } from "../db/schema.ts";
import { bookProjectEntry } from "../modules/projects/projects/project-account.service.ts";
import {
  addProjectUpdate,
  createProject,
  moveProjectStatus,
  rateProject,
  updateProject,
} from "../modules/projects/projects/projects.service.ts";
import { DEMO_ACCOUNTS, DEMO_ADMIN_PHONE, DONGLONG } from "./demo-accounts.ts";
import { writeTopic } from "./demo-topics.ts";
import { DUSHI_TAOYUAN } from "./demo-votes.ts";

type Db = Kysely<DB>;
const DAY = 86_400_000;
export const DEMO_CANTEEN_TOPIC = "幸福食堂升级为社区大食堂";
const dayAgo = (n: number) => new Date(Date.now() - n * DAY + 8 * 3_600_000).toISOString().slice(0, 10);

async function userId(db: Db, phone: string | undefined) {
  if (!phone) return null;
  return (
    (await db.selectFrom("app_user").select("id").where("phone", "=", phone).executeTakeFirst())?.id ?? null
  );
}
async function actorOf(db: Db, phone: string | undefined) {
  const id = await userId(db, phone);
  return id ? loadActor(db, id) : null;
}
async function communityByCode(db: Db, code: string) {
  return db.selectFrom("community").select(["id", "name"]).where("code", "=", code).executeTakeFirst();
}
const photo = (r: number, g: number, b: number) =>
  sharp({ create: { width: 96, height: 64, channels: 3, background: { r, g, b } } })
    .png()
    .toBuffer()
    .then((bytes) => [{ bytes, filename: "photo.png" }]);

let key = 0;
const demoKey = (what: string) => `demo-${what}-${++key}`;

export async function writeDemoProjects(db: Db, log: (m: string) => void): Promise<void> {
  let written = 0;
  const dl = await communityByCode(db, DONGLONG);
  const secretaryPhone = DEMO_ACCOUNTS.find(
    (a) => a.role === "community_secretary" && a.target.kind === "community" && a.target.code === DONGLONG,
  )?.phone;
  const secretary = await actorOf(db, secretaryPhone);
  const owner = await actorOf(db, DEMO_ACCOUNTS.find((a) => a.role === "resident (owner)")?.phone);
  if (dl && secretary) {
    const orgs = await db
      .selectFrom("organisation")
      .select(["id", "name", "kind"])
      .where("home_community_id", "=", dl.id)
      .execute();
    const tv = orgs.find((o) => o.name.includes("广播电视"));
    // the topic the canteen came from, evaluated, and the next one (the journey's), at 决议
    const canteenTopic = await writeTopic(db, {
      communityId: dl.id,
      title: "办“幸福食堂”，解决老人吃饭难",
      description: "空巢、孤寡、高龄老人逐渐增多，老年群体“吃饭难”问题凸显。",
      tier: "community",
      originKind: "staff",
      orgIds: tv ? [tv.id] : [],
      actor: secretary.userId,
      steps: [
        { key: "collect", text: "入户走访，收集老人用餐需求", daysAgo: 400 },
        { key: "set_topic", text: "定题：办一个幸福食堂", daysAgo: 390 },
        {
          key: "prepare",
          text: "在“多元共建客厅”召集居民、党员、共建单位、社会组织代表",
          daysAgo: 380,
          isPublic: true,
        },
        { key: "deliberate", text: "挖掘可用资源，考虑食品安全、营养搭配", daysAgo: 370 },
        {
          key: "resolve",
          text: "决议：链接湖北广播电视台内部食堂资源共建“幸福食堂”；社区自筹一部分、食堂让利一部分、政府补贴一部分",
          daysAgo: 360,
        },
        { key: "publish_resolution", text: "公示共建方案和筹资机制", daysAgo: 355 },
        { key: "implement", text: "签订共建协议，改造场地", daysAgo: 340 },
        { key: "evaluate", text: "食堂开业，请居民评议", daysAgo: 200, isPublic: true },
      ],
    });
    await writeTopic(db, {
      communityId: dl.id,
      title: DEMO_CANTEEN_TOPIC,
      description: "让工作繁忙的年轻人也能享受家门口的食堂服务，扩大辐射面，并为有需要的居民送餐上门。",
      tier: "community",
      originKind: "staff",
      orgIds: tv ? [tv.id] : [],
      actor: secretary.userId,
      steps: [
        { key: "collect", text: "收集年轻上班族和老人的用餐需求", daysAgo: 30 },
        { key: "set_topic", text: "定题：幸福食堂升级为社区大食堂", daysAgo: 25 },
        { key: "prepare", text: "公示议题，邀请共建单位参会", daysAgo: 20, isPublic: true },
        { key: "deliberate", text: "与共建单位协商扩建和送餐", daysAgo: 12 },
        {
          key: "resolve",
          text: "决议：扩建为社区大食堂；社区自筹、共建单位、政府补贴三方出资；组建“帮跑团”送餐",
          daysAgo: 3,
        },
      ],
    });

    // 幸福食堂: three equal thirds, finished and rated
    const canteen = await createProject(db, secretary, dl.id, {
      title: "幸福食堂",
      summary: "老人吃饭难：办一个家门口的食堂，65岁以上老人10元吃一顿营养午餐。",
      plan: "与湖北广播电视台内部食堂共建；改造社区一楼用房为就餐区；“帮跑团”为行动不便的老人送餐。",
      tier: "community",
      origin: { kind: "topic", id: canteenTopic },
      isPublic: true,
      budgetLines: [
        { name: "场地改造", amountFen: 9_000_000 },
        { name: "厨房与餐具", amountFen: 6_000_000 },
        { name: "首年运营补贴", amountFen: 3_000_000 },
      ],
      milestones: [
        { title: "签订共建协议", dueOn: dayAgo(345), doneOn: dayAgo(345) },
        { title: "场地改造完成", dueOn: dayAgo(220), doneOn: dayAgo(215) },
        { title: "食堂开业", dueOn: dayAgo(200), doneOn: dayAgo(200) },
      ],
      parties: [
        ...(tv
          ? [{ role: "co_building_unit" as const, organisationId: tv.id, contribution: "内部食堂让利、供餐" }]
          : []),
        { role: "volunteer_team", name: "帮跑团", contribution: "送餐上门" },
        { role: "community", name: dl.name, contribution: "场地、自筹资金" },
        { role: "government", name: "粮道街道", contribution: "助餐补贴" },
      ],
      fundingSources: [
        { kind: "community", label: "社区自筹", plannedFen: 6_000_000 },
        {
          kind: "co_building_unit",
          label: "食堂让利",
          organisationId: tv?.id ?? null,
          plannedFen: 6_000_000,
        },
        { kind: "government", label: "政府补贴", plannedFen: 6_000_000 },
      ],
      targets: [
        { kind: "labour", item: "送餐志愿者", quantity: 200 },
        { kind: "goods", item: "餐桌椅", unit: "套", quantity: 20 },
        { kind: "ideas", item: "菜单建议", quantity: 30 },
      ],
    });
    const source = (label: string) => canteen.fundingSources.find((s) => s.label === label)!.id;
    const line = (name: string) => canteen.budgetLines.find((l) => l.name === name)!.id;
    const bookings = [
      {
        direction: "income",
        amountFen: 6_000_000,
        memo: "社区自筹资金拨入",
        counterparty: dl.name,
        sourceId: source("社区自筹"),
        daysAgo: 340,
      },
      {
        direction: "income",
        amountFen: 6_000_000,
        memo: "共建单位食堂让利折算",
        counterparty: "湖北广播电视台",
        sourceId: source("食堂让利"),
        daysAgo: 330,
      },
      {
        direction: "expense",
        amountFen: 8_850_000,
        memo: "就餐区改造工程款",
        counterparty: "装修公司",
        budgetLineId: line("场地改造"),
        daysAgo: 250,
      },
      {
        direction: "income",
        amountFen: 6_000_000,
        memo: "街道助餐补贴",
        counterparty: "粮道街道",
        sourceId: source("政府补贴"),
        daysAgo: 230,
      },
      {
        direction: "expense",
        amountFen: 5_620_000,
        memo: "厨房设备、餐桌椅和餐具",
        counterparty: "厨具商店",
        budgetLineId: line("厨房与餐具"),
        daysAgo: 210,
      },
      {
        direction: "expense",
        amountFen: 1_500_000,
        memo: "首年运营补贴（上半年）",
        counterparty: "食堂运营方",
        budgetLineId: line("首年运营补贴"),
        daysAgo: 60,
      },
    ] as const;
    const voucher = await photo(240, 240, 230);
    for (const b of bookings)
      await bookProjectEntry(
        db,
        secretary,
        dl.id,
        canteen.id,
        {
          direction: b.direction,
          amountFen: b.amountFen,
          memo: b.memo,
          counterparty: b.counterparty,
          occurredOn: dayAgo(b.daysAgo),
          sourceId: "sourceId" in b ? b.sourceId : null,
          budgetLineId: "budgetLineId" in b ? b.budgetLineId : null,
          pledgeId: null,
          idempotencyKey: demoKey("canteen"),
        },
        voucher,
      );
    await addProjectUpdate(
      db,
      secretary,
      dl.id,
      canteen.id,
      { text: "改造前：一楼用房闲置", photoKind: "before" },
      await photo(150, 150, 150),
    );
    await addProjectUpdate(
      db,
      secretary,
      dl.id,
      canteen.id,
      { text: "食堂开业，老人们吃上了热乎饭", photoKind: "after" },
      await photo(250, 200, 120),
    );
    await moveProjectStatus(db, secretary, dl.id, canteen.id, {
      to: "building",
      text: "签订共建协议，开始改造",
    });
    await moveProjectStatus(db, secretary, dl.id, canteen.id, { to: "finished", text: "幸福食堂开业" });
    if (owner)
      await rateProject(db, owner, dl.id, canteen.id, { rating: "good", comment: "饭菜可口，价格实惠" });
    written += 1;

    // 口袋公园: designed by residents through a survey
    const surveyId = (
      await db
        .insertInto("survey")
        .values({
          community_id: dl.id,
          title: "口袋公园设计方案征询",
          description: "种什么树、小路修成什么样、亭子放在哪里，请大家选。",
          estate_id: null,
          audience: "all",
          anonymous: false,
          answer_per: "household",
          questions: JSON.stringify([
            { kind: "single", text: "种什么树？", required: true, options: ["香樟和桂花", "银杏", "樱花"] },
            { kind: "single", text: "小路修成什么样？", required: true, options: ["环形步道", "直线步道"] },
            { kind: "single", text: "亭子放在哪里？", required: true, options: ["东北角", "中央", "西南角"] },
          ]),
          opens_at: new Date(Date.now() - 160 * DAY),
          closes_at: new Date(Date.now() - 150 * DAY),
          published_at: new Date(Date.now() - 160 * DAY),
          stage_key: null,
          created_by: secretary.userId,
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
    const park = await createProject(db, secretary, dl.id, {
      title: "口袋公园",
      summary: "把闲置空地改成口袋公园：环绕的小道、多样的绿植，还有纳凉的亭子，出门即公园。",
      plan: "居民当社区规划师：树种、步道形状、亭子位置由居民讨论决定；开展“认养一棵树”和“种下希望花”。",
      tier: "community",
      origin: null,
      isPublic: true,
      budgetLines: [
        { name: "步道与亭子", amountFen: 1_800_000 },
        { name: "苗木", amountFen: 600_000 },
      ],
      parties: [
        { role: "residents", name: "社区规划师（居民）", contribution: "设计方案" },
        { role: "volunteer_team", name: "认养一棵树志愿者", contribution: "养护树木" },
      ],
      fundingSources: [
        { kind: "community", label: "社区自筹", plannedFen: 1_200_000 },
        { kind: "government", label: "政府补贴", plannedFen: 1_200_000 },
      ],
      targets: [
        { kind: "labour", item: "种树和养护", quantity: 120 },
        { kind: "ideas", item: "设计建议", quantity: 50 },
      ],
    });
    await updateProject(db, secretary, dl.id, park.id, {
      design: { kind: "survey", refId: surveyId, choice: "香樟和桂花；环形步道；亭子放在东北角" },
    });
    const parkSource = (label: string) => park.fundingSources.find((s) => s.label === label)!.id;
    for (const [label, fen] of [
      ["社区自筹", 1_200_000],
      ["政府补贴", 1_200_000],
    ] as const)
      await bookProjectEntry(db, secretary, dl.id, park.id, {
        direction: "income",
        amountFen: fen,
        memo: `${label}到账`,
        counterparty: label === "社区自筹" ? dl.name : "粮道街道",
        occurredOn: dayAgo(140),
        sourceId: parkSource(label),
        budgetLineId: null,
        pledgeId: null,
        idempotencyKey: demoKey("park"),
      });
    await bookProjectEntry(db, secretary, dl.id, park.id, {
      direction: "expense",
      amountFen: 2_310_000,
      memo: "步道、亭子和苗木",
      counterparty: "园林公司",
      occurredOn: dayAgo(90),
      sourceId: null,
      budgetLineId: park.budgetLines[0]!.id,
      pledgeId: null,
      idempotencyKey: demoKey("park"),
    });
    await addProjectUpdate(
      db,
      secretary,
      dl.id,
      park.id,
      { text: "改造前：杂草丛生的空地", photoKind: "before" },
      await photo(120, 110, 80),
    );
    await addProjectUpdate(
      db,
      secretary,
      dl.id,
      park.id,
      { text: "口袋公园建成，居民每日打卡", photoKind: "after" },
      await photo(90, 180, 90),
    );
    await moveProjectStatus(db, secretary, dl.id, park.id, { to: "finished", text: "口袋公园建成" });
    written += 1;

    // the 金点子大赛's adopted winner (demo-contests) becomes its project: 签约立项, the link kept
    const winner = await db
      .selectFrom("contest_entry")
      .select(["id", "title", "summary"])
      .where("community_id", "=", dl.id)
      .where("adopted_at", "is not", null)
      .where("project_id", "is", null)
      .orderBy("id")
      .executeTakeFirst();
    if (winner) {
      const idea = await createProject(db, secretary, dl.id, {
        title: winner.title,
        summary: winner.summary,
        plan: "金点子大赛第一名，签约立项：共建单位出材料，下沉党员出工，居民众筹休息椅。",
        tier: "community",
        origin: { kind: "contest_entry", id: winner.id },
        isPublic: true,
        budgetLines: [{ name: "扶手与休息椅", amountFen: 380_000 }],
        fundingSources: [{ kind: "community", label: "社区自筹", plannedFen: 380_000 }],
        targets: [
          { kind: "labour", item: "安装", quantity: 16 },
          { kind: "goods", item: "休息椅", quantity: 2 },
        ],
      });
      await bookProjectEntry(db, secretary, dl.id, idea.id, {
        direction: "income",
        amountFen: 200_000,
        memo: "社区自筹首笔到账",
        counterparty: dl.name,
        occurredOn: dayAgo(10),
        sourceId: idea.fundingSources[0]!.id,
        budgetLineId: null,
        pledgeId: null,
        idempotencyKey: demoKey("idea"),
      });
      await moveProjectStatus(db, secretary, dl.id, idea.id, {
        to: "crowdfunding",
        text: "签约立项，开始众筹",
      });
      written += 1;
    }
  }

  // 都市桃源: the elevator, crowdfunded in people, money, goods and ideas
  const dt = await communityByCode(db, DUSHI_TAOYUAN);
  const admin = await actorOf(db, DEMO_ADMIN_PHONE);
  if (dt && admin) {
    const vote = await db
      .selectFrom("vote")
      .select(["id", "building_ids"])
      .where("community_id", "=", dt.id)
      .executeTakeFirst();
    const buildingId = (vote?.building_ids as number[] | undefined)?.[0];
    if (buildingId != null) {
      const elevator = await createProject(db, admin, dt.id, {
        title: "加装电梯众筹",
        summary: "老楼没有电梯，老人上下楼难。本栋业主表决加装电梯，费用众筹、按楼层分摊。",
        plan: "筹人：业主代表监督施工；筹资：按楼层分摊并申请政府补贴；筹物：施工期间临时存放点；筹智：方案和管线改迁建议。",
        tier: "building",
        buildingId,
        origin: null,
        isPublic: false,
        budgetLines: [{ name: "电梯设备与安装", amountFen: 45_000_000 }],
        fundingSources: [
          { kind: "residents", label: "本栋业主分摊", plannedFen: 30_000_000 },
          { kind: "government", label: "既有住宅加装电梯补贴", plannedFen: 15_000_000 },
        ],
        targets: [
          { kind: "money", quantity: 30_000_000 },
          { kind: "labour", item: "施工监督", quantity: 60 },
          { kind: "goods", item: "临时储物架", unit: "个", quantity: 6 },
          { kind: "ideas", item: "方案与管线改迁建议", quantity: 10 },
        ],
      });
      const residents = await db
        .selectFrom("resident as r")
        .innerJoin("household as h", (j) =>
          j.onRef("h.community_id", "=", "r.community_id").onRef("h.id", "=", "r.household_id"),
        )
        .select(["r.id", "r.name"])
        .where("r.community_id", "=", dt.id)
        .where("h.building_id", "=", buildingId)
        .where("r.relation", "=", "owner")
        .where("r.status", "=", "verified")
        .where("r.user_id", "is", null)
        .orderBy("r.id")
        .limit(8)
        .execute();
      const target = (k: string) => elevator.targets.find((g) => g.kind === k)!;
      const plan = [
        ["labour", 10, "周末可以盯现场"],
        ["money", 1_500_000, ""],
        ["labour", 8, ""],
        ["goods", 2, "家里有两个铁架"],
        ["ideas", 1, "电梯井放在楼道北侧，不挡采光"],
        ["money", 2_000_000, ""],
        ["ideas", 1, "施工期间给高层老人安排临时住处"],
        ["labour", 6, ""],
      ] as const;
      for (const [i, r] of residents.entries()) {
        const p = plan[i];
        if (!p) break;
        // owners who pledged on paper at the building meeting, entered with accounts of their own
        const user = await db
          .insertInto("app_user")
          .values({
            phone: `1990${String(dt.id).padStart(3, "0").slice(-3)}${String(r.id).padStart(4, "0").slice(-4)}`,
            name: r.name,
          })
          .onConflict((oc) => oc.column("phone").doNothing())
          .returning("id")
          .executeTakeFirst();
        if (!user) continue;
        await db
          .updateTable("resident")
          .set({ user_id: user.id })
          .where("community_id", "=", dt.id)
          .where("id", "=", r.id)
          .execute();
        await db
          .insertInto("project_pledge")
          .values({
            community_id: dt.id,
            project_id: elevator.id,
            target_id: target(p[0]).id,
            kind: p[0],
            pledger_user_id: user.id,
            pledger_org_id: null,
            pledger_kind: "resident",
            quantity: p[1],
            text: p[2],
          })
          .execute();
      }
      await moveProjectStatus(db, admin, dt.id, elevator.id, {
        to: "crowdfunding",
        text: "业主表决通过后开始众筹",
      });
      await bookProjectEntry(db, admin, dt.id, elevator.id, {
        direction: "income",
        amountFen: 1_500_000,
        memo: "业主分摊款（第一批）",
        counterparty: "本栋业主",
        occurredOn: dayAgo(5),
        sourceId: elevator.fundingSources[0]!.id,
        budgetLineId: null,
        pledgeId: null,
        idempotencyKey: demoKey("elevator"),
      });
      written += 1;
    }
  }
  log(
    `  projects: ${written} co-building projects (canteen, pocket park, elevator crowdfunding) with their ledger bookings`,
  );
}
