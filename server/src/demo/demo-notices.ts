// Public notices (公告/公示) and comments from the seed articles, so the pages are not empty: Donglong's
// 架空层 (省法院小区, 480 m², 8 opinion meetings) published as a 公示 of the space's use convention,
// a residents' notice of a building with read receipts, the 幸福食堂's lunch notice; Kuangshan Road's
// parking rules for 紫薇花园 agreed at the 议事会 (the article's 立体免费停车场 at 九龙洞公园). Each
// community gets a word list; two demo residents comment on the 架空层 公示 (the owner account
// 13900000017 is left without comments and reads, for the journeys).
import type { Kysely } from "kysely";
import type { DB } from "../db/schema.ts";
import { DONGLONG, KUANGSHANLU } from "./demo-accounts.ts";
import { Rng } from "./demo-random.ts";

const DAY = 86_400_000;
const WORDS = ["骗子", "滚出去", "垃圾物业", "傻子"];

interface DemoNotice {
  kind: "announcement" | "publicity";
  title: string;
  body: string;
  /** the estate by name, or the first building of the first estate */
  estate?: string;
  firstBuilding?: boolean;
  visibility: "public" | "residents";
  pinned?: boolean;
  /** days from now: negative is past */
  from: number;
  to?: number;
  /** the share of the residents it is for who have opened it */
  readShare: number;
}

const NOTICES: Record<string, DemoNotice[]> = {
  [DONGLONG]: [
    {
      kind: "publicity",
      title: "省法院小区架空层“聚邻空间”使用公约（公示）",
      body:
        "省法院小区架空层480平方米闲置空间改造，经入户调研问卷和8次意见征集会，居民、省法院、物业和社区共同商定“聚邻空间”使用公约，现予公示：\n" +
        "一、开放时间每天8:00—21:00，党员教育、普法宣传、运动健身、老幼服务各区按指示牌使用；\n" +
        "二、模拟法庭和议事区使用请提前一天到社区预约；\n" +
        "三、爱护设施，不在架空层堆放家具杂物、不停放电动车、不在室内充电；\n" +
        "四、活动结束后请随手整理，垃圾分类投放。\n" +
        "公示期内如有意见，可在下方留言或到社区党群服务中心反映。",
      estate: "省法院小区",
      visibility: "public",
      pinned: true,
      from: -2,
      to: 5,
      readShare: 0.55,
    },
    {
      kind: "announcement",
      title: "二次供水水箱清洗停水通知",
      body: "本栋二次供水水箱定于本周六9:00—14:00清洗消毒，期间停水，请提前储水。如有老人独居需要帮忙提水，请联系网格员。",
      firstBuilding: true,
      visibility: "residents",
      from: -1,
      to: 3,
      readShare: 0.7,
    },
    {
      kind: "announcement",
      title: "幸福食堂本月菜谱和老人午餐优惠",
      body: "社区大食堂与湖北广播电视台内部食堂共建，65岁以上老人凭身份证午餐10元；行动不便的老人可报名“帮跑团”送餐上门。",
      visibility: "public",
      from: -6,
      readShare: 0.3,
    },
  ],
  [KUANGSHANLU]: [
    {
      kind: "announcement",
      title: "紫薇花园停车管理规定（试行）",
      body:
        "经居民协商议事会讨论通过，自下月1日起试行：\n" +
        "一、小区内车位优先保障本小区业主，一户一车登记；\n" +
        "二、消防通道、楼道口禁止停车；\n" +
        "三、外来车辆请停放至九龙洞公园立体免费停车场；\n" +
        "四、有意见可到红色驿站“享聊议事会客厅”反映。",
      estate: "紫薇花园",
      visibility: "public",
      pinned: true,
      from: -3,
      readShare: 0.4,
    },
  ],
};

export async function writeDemoNotices(db: Kysely<DB>, log: (m: string) => void): Promise<void> {
  let notices = 0;
  let reads = 0;
  let comments = 0;
  const now = Date.now();
  for (const [code, list] of Object.entries(NOTICES)) {
    const community = await db
      .selectFrom("community")
      .select("id")
      .where("code", "=", code)
      .executeTakeFirst();
    if (!community) continue;
    const cid = community.id;
    const rng = new Rng(`notices:${code}`);
    await db
      .insertInto("comment_word")
      .values(WORDS.map((word) => ({ community_id: cid, word })))
      .execute();
    const estates = await db
      .selectFrom("estate")
      .select(["id", "name"])
      .where("community_id", "=", cid)
      .orderBy("id")
      .execute();
    const firstBuilding = await db
      .selectFrom("building")
      .select(["id", "estate_id", "grid_id"])
      .where("community_id", "=", cid)
      .orderBy("id")
      .executeTakeFirst();
    for (const n of list) {
      const estateId = n.firstBuilding
        ? (firstBuilding?.estate_id ?? null)
        : (estates.find((e) => e.name === n.estate)?.id ?? null);
      const buildingId = n.firstBuilding ? (firstBuilding?.id ?? null) : null;
      const publishedAt = new Date(now + n.from * DAY);
      const { id } = await db
        .insertInto("notice")
        .values({
          community_id: cid,
          kind: n.kind,
          title: n.title,
          body: n.body,
          estate_id: estateId,
          building_id: buildingId,
          grid_id: n.firstBuilding ? (firstBuilding?.grid_id ?? null) : null,
          visibility: n.visibility,
          status: "published",
          pinned: n.pinned ?? false,
          publish_from: publishedAt,
          publish_to: n.to == null ? null : new Date(now + n.to * DAY),
          published_at: publishedAt,
          created_at: publishedAt,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      notices += 1;
      // reads by residents of the place who have no sign-in account (the demo accounts start unread)
      let targets = db
        .selectFrom("resident as p")
        .innerJoin("household as h", (j) =>
          j.onRef("h.community_id", "=", "p.community_id").onRef("h.id", "=", "p.household_id"),
        )
        .innerJoin("building as b", (j) =>
          j.onRef("b.community_id", "=", "h.community_id").onRef("b.id", "=", "h.building_id"),
        )
        .select("p.id")
        .where("p.community_id", "=", cid)
        .where("p.status", "=", "verified")
        .where("p.user_id", "is", null);
      if (buildingId != null) targets = targets.where("h.building_id", "=", buildingId);
      else if (estateId != null) targets = targets.where("b.estate_id", "=", estateId);
      const readers = (await targets.orderBy("p.id").limit(2000).execute()).filter(() =>
        rng.chance(n.readShare),
      );
      if (readers.length)
        await db
          .insertInto("notice_read")
          .values(
            readers.map((r) => ({
              community_id: cid,
              notice_id: id,
              resident_id: r.id,
              read_at: new Date(publishedAt.getTime() + rng.int(1, 36) * 3_600_000),
            })),
          )
          .execute();
      reads += readers.length;
      if (code === DONGLONG && n.kind === "publicity")
        comments += await writeComments(db, cid, id, estateId, publishedAt);
    }
  }
  log(`  notices: ${notices} notices and public notices, ${reads} reads, ${comments} comments, word lists`);
}

/** Two demo residents discuss the 架空层 公示 (a comment and a reply). */
async function writeComments(
  db: Kysely<DB>,
  communityId: number,
  noticeId: number,
  estateId: number | null,
  publishedAt: Date,
): Promise<number> {
  const author = async (phone: string) =>
    db
      .selectFrom("app_user as u")
      .innerJoin("resident as p", "p.user_id", "u.id")
      .select(["u.id", "p.name"])
      .where("u.phone", "=", phone)
      .where("p.community_id", "=", communityId)
      .executeTakeFirst();
  const partyMember = await author("13900000020");
  const family = await author("13900000018");
  if (!partyMember || !family) return 0;
  const at = (hours: number) => new Date(publishedAt.getTime() + hours * 3_600_000);
  const { id: top } = await db
    .insertInto("comment")
    .values({
      community_id: communityId,
      subject_kind: "notice",
      subject_id: noticeId,
      estate_id: estateId,
      author_user_id: partyMember.id,
      author_name: partyMember.name,
      body: "支持！架空层改好后老人下棋、孩子写作业都有地方了。建议模拟法庭周末也能预约。",
      created_at: at(3),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("comment")
    .values({
      community_id: communityId,
      subject_kind: "notice",
      subject_id: noticeId,
      parent_id: Number(top),
      estate_id: estateId,
      author_user_id: family.id,
      author_name: family.name,
      body: "同意。另外希望健身区晚上能多开一会儿，下班回来正好锻炼。",
      created_at: at(5),
    })
    .execute();
  return 2;
}
