// Meetings the seed articles tell of (D3): Donglong's 架空层 renovation — "先后8次召开意见征集会" at the
// 省法院小区, with residents and the units around it (the 省法院, the property company, party members) —
// planned as a weekly series of 8, the past ones with attendance, minutes and resolutions; and Kuangshan
// Road's 议事会 that decided the free multi-storey car park at 九龙洞公园 ("通过居民协商议事会定下来的").
// Attendance is by residents without a sign-in account, so the demo accounts start with nothing signed.
import type { Kysely } from "kysely";
import type { DB } from "../db/schema.ts";
import { occurrencesOf } from "../modules/deliberation/meetings/meetings.service.ts";
import { DONGLONG, KUANGSHANLU } from "./demo-accounts.ts";
import { Rng } from "./demo-random.ts";

const DAY = 86_400_000;
const HOUR = 3_600_000;

const DONGLONG_MINUTES = [
  "居民反映架空层堆满旧家具和杂物，希望清理后改作公共活动空间。",
  "讨论功能分区：党员教育、普法宣传、运动健身、老幼服务，法院同志建议设置模拟法庭。",
  "社区规划师团队展示设计草图，居民对座椅、照明和儿童区提出修改意见。",
  "确定施工安排：党员负责清理杂物，物业配合施工，省法院提供经费支持。",
  "讨论开放时间和管理公约，推选楼栋志愿者轮流值守。",
  "验收意见征集：居民对指示牌、色彩和健身器材提出完善建议。",
];
const DONGLONG_RESOLUTIONS = [
  ["清理架空层堆放的旧家具和杂物", "架空层改造为公共休闲空间"],
  ["架空层分为党员教育、普法宣传、运动健身、老幼服务四个区", "设置模拟法庭"],
  ["采用社区规划师团队的第二版设计"],
  ["党员周六集中清理杂物", "物业配合施工，省法院支持经费"],
  ["开放时间为每天8:00至21:00", "制定“聚邻空间”使用公约"],
  ["增加分区指示牌", "定名为“聚邻空间”"],
];

async function communityOf(db: Kysely<DB>, code: string) {
  return db.selectFrom("community").select("id").where("code", "=", code).executeTakeFirst();
}

export async function writeDemoMeetings(db: Kysely<DB>, log: (m: string) => void): Promise<void> {
  let meetings = 0;
  let attendance = 0;
  const rng = new Rng("meetings");
  const now = Date.now();
  // whole days in China time, so the meetings fall at 19:30 local
  const chinaMidnight = (t: number) => Math.floor((t + 8 * HOUR) / DAY) * DAY - 8 * HOUR;

  const attend = async (communityId: number, meetingId: number, residentIds: number[], at: Date) => {
    if (!residentIds.length) return;
    await db
      .insertInto("meeting_attendance")
      .values(
        residentIds.map((id, i) => ({
          community_id: communityId,
          meeting_id: meetingId,
          person_key: `r:${id}`,
          resident_id: id,
          method: (i % 4 === 3 ? "ticked" : i % 2 ? "code" : "scan") as "ticked" | "code" | "scan",
          signed_in_at: new Date(at.getTime() - rng.int(0, 15) * 60_000),
        })),
      )
      .execute();
    attendance += residentIds.length;
  };

  const donglong = await communityOf(db, DONGLONG);
  if (donglong) {
    const cid = donglong.id;
    const estate = await db
      .selectFrom("estate")
      .select("id")
      .where("community_id", "=", cid)
      .where("name", "=", "省法院小区")
      .executeTakeFirst();
    const residents = await db
      .selectFrom("resident as r")
      .innerJoin("household as h", (j) =>
        j.onRef("h.community_id", "=", "r.community_id").onRef("h.id", "=", "r.household_id"),
      )
      .innerJoin("building as b", (j) =>
        j.onRef("b.community_id", "=", "h.community_id").onRef("b.id", "=", "h.building_id"),
      )
      .select("r.id")
      .where("r.community_id", "=", cid)
      .where("r.status", "=", "verified")
      .where("r.user_id", "is", null)
      .$if(estate != null, (qb) => qb.where("b.estate_id", "=", estate!.id))
      .orderBy("r.id")
      .limit(60)
      .execute();
    const orgs = await db
      .selectFrom("organisation")
      .select(["id", "name", "kind"])
      .where("home_community_id", "=", cid)
      .where((eb) =>
        eb.or([
          eb("name", "=", "湖北省高级人民法院"),
          eb("kind", "=", "property_company"),
          eb("kind", "=", "party_committee"),
        ]),
      )
      .execute();
    const first = new Date(chinaMidnight(now - 6 * 7 * DAY) + 19.5 * HOUR);
    const rrule = "FREQ=WEEKLY;COUNT=8";
    const { id: seriesId } = await db
      .insertInto("meeting_series")
      .values({ community_id: cid, rrule, first_starts_at: first, created_by: null })
      .returning("id")
      .executeTakeFirstOrThrow();
    const invited = residents.slice(0, 24).map((r) => r.id);
    for (const [i, start] of occurrencesOf(rrule, first).entries()) {
      const past = start.getTime() < now;
      const { id } = await db
        .insertInto("meeting")
        .values({
          community_id: cid,
          series_id: seriesId,
          kind: "opinion",
          title: `架空层改造意见征集会（第${i + 1}次）`,
          starts_at: start,
          ends_at: new Date(start.getTime() + 1.5 * HOUR),
          estate_id: estate?.id ?? null,
          building_id: null,
          grid_id: null,
          venue: "省法院小区架空层",
          agenda: "收集居民对公正路省法院小区架空层（480平方米）改造的意见：功能分区、设计方案、施工与管理",
          minutes: past ? (DONGLONG_MINUTES[i] ?? "") : "",
          resolutions: JSON.stringify(past ? (DONGLONG_RESOLUTIONS[i] ?? []) : []),
          topic_id: null,
          reminded_at: past ? start : null,
          created_by: null,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      meetings += 1;
      const rows = [
        ...invited.map((resident_id) => ({
          community_id: cid,
          meeting_id: id,
          resident_id,
          organisation_id: null,
        })),
        ...orgs.map((o) => ({ community_id: cid, meeting_id: id, resident_id: null, organisation_id: o.id })),
      ];
      if (rows.length) await db.insertInto("meeting_invitation").values(rows).execute();
      if (past) {
        const came = invited.filter(() => rng.chance(0.7));
        // a few neighbours who were not invited came as well
        const walkIns = residents
          .slice(24)
          .filter(() => rng.chance(0.1))
          .map((r) => r.id);
        await attend(cid, id, [...came, ...walkIns], start);
      }
    }
  }

  const kuangshan = await communityOf(db, KUANGSHANLU);
  if (kuangshan) {
    const cid = kuangshan.id;
    const residents = await db
      .selectFrom("resident")
      .select("id")
      .where("community_id", "=", cid)
      .where("status", "=", "verified")
      .where("user_id", "is", null)
      .orderBy("id")
      .limit(30)
      .execute();
    const start = new Date(chinaMidnight(now - 20 * DAY) + 15 * HOUR);
    const { id } = await db
      .insertInto("meeting")
      .values({
        community_id: cid,
        series_id: null,
        kind: "council",
        title: "居民协商议事会：九龙洞公园停车难",
        starts_at: start,
        ends_at: new Date(start.getTime() + 2 * HOUR),
        estate_id: null,
        building_id: null,
        grid_id: null,
        venue: "红色驿站享聊议事会客厅",
        agenda: "小区周边停车难，议定九龙洞公园内建设立体停车场的方案与收费方式",
        minutes: "居民代表、物业和社区共同协商：公园内空地可建立体停车场，居民希望免费停放并规范管理。",
        resolutions: JSON.stringify([
          "在九龙洞公园内新建立体停车场",
          "停车场对居民免费开放",
          "由志愿者协助维持停车秩序",
        ]),
        topic_id: null,
        reminded_at: start,
        created_by: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    meetings += 1;
    const invited = residents.slice(0, 20).map((r) => r.id);
    if (invited.length)
      await db
        .insertInto("meeting_invitation")
        .values(
          invited.map((resident_id) => ({
            community_id: cid,
            meeting_id: id,
            resident_id,
            organisation_id: null,
          })),
        )
        .execute();
    await attend(
      cid,
      id,
      invited.filter(() => rng.chance(0.8)),
      start,
    );
  }
  log(
    `  meetings: ${meetings} (Donglong's 8 opinion meetings, Kuangshan Road's parking council), ${attendance} sign-ins`,
  );
}
