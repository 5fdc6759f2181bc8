// Volunteering of the seed communities (DOMAIN T1–T2), written through the volunteering service:
//  * 东龙社区 (seed 000): the teams "一直帮" (neighbours helping neighbours) and "帮跑团" (delivering the
//    幸福食堂's meals to older residents), led by the demo party member; a past meal round with hours
//    certified by the secretary for the demo residents, and an upcoming activity with places left.
//  * 绿洲社区 (seed 001): "益+", the seven-colour alliance of seven volunteer teams.
// The team names come from the articles; the activities, times and hours are invented.
import type { Kysely } from "kysely";
import { loadActor } from "../access/actor.queries.ts";
import type { DB } from "../db/schema.ts";
import {
  certifyHours,
  createActivity,
  createAlliance,
  createTeam,
  signUp,
} from "../modules/volunteering/volunteering/volunteering.service.ts";
import { DEMO_ACCOUNTS, DEMO_ADMIN_PHONE, DONGLONG, LVZHOU } from "./demo-accounts.ts";

type Db = Kysely<DB>;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const phoneOf = (role: string, code?: string) =>
  DEMO_ACCOUNTS.find((a) => a.role === role && (!code || ("code" in a.target && a.target.code === code)))
    ?.phone;
async function userId(db: Db, phone: string | undefined) {
  if (!phone) return null;
  return (
    (await db.selectFrom("app_user").select("id").where("phone", "=", phone).executeTakeFirst())?.id ?? null
  );
}
const communityByCode = (db: Db, code: string) =>
  db.selectFrom("community").select(["id", "name"]).where("code", "=", code).executeTakeFirst();

/** The seven colours of 绿洲's 益+ alliance. */
const LVZHOU_TEAMS = [
  "赤·邻里守望队",
  "橙·助老服务队",
  "黄·文明劝导队",
  "绿·环境美化队",
  "青·青少年成长队",
  "蓝·平安巡逻队",
  "紫·文化文艺队",
];

export async function writeDemoVolunteering(db: Db, log: (m: string) => void): Promise<void> {
  const admin = await userId(db, DEMO_ADMIN_PHONE);
  const dl = await communityByCode(db, DONGLONG);
  const secretaryId = await userId(db, phoneOf("community_secretary", DONGLONG));
  const secretary = secretaryId ? await loadActor(db, secretaryId) : null;
  const ownerId = await userId(db, phoneOf("resident (owner)"));
  const familyId = await userId(db, phoneOf("resident (family)"));
  const partyId = await userId(db, phoneOf("resident (party member)"));
  let teams = 0;
  let activities = 0;
  if (dl && secretary) {
    const leader = partyId ?? secretary.userId;
    const yizhibang = await createTeam(db, secretary, dl.id, {
      name: "一直帮",
      unitName: dl.name,
      description: "邻里互助：帮老人买菜、修水电、陪聊天，一直帮下去。",
      skills: ["助老", "维修", "代购"],
      leaderUserId: leader,
    });
    const bangpao = await createTeam(db, secretary, dl.id, {
      name: "帮跑团",
      unitName: dl.name,
      description: "把幸福食堂的午餐送到行动不便的老人家里。",
      skills: ["送餐"],
      leaderUserId: leader,
    });
    teams += 2;
    for (const uid of [ownerId, familyId].filter((x): x is number => x != null))
      await db
        .insertInto("vol_team_member")
        .values({
          community_id: dl.id,
          team_id: bangpao.id,
          user_id: uid,
          role: "member",
          status: "active",
          decided_by: leader,
          decided_at: new Date(),
        })
        .execute();
    // a meal round three days ago: the volunteers checked in and out, the secretary certified the hours
    const past = await createActivity(db, secretary, dl.id, {
      title: "帮跑团 · 幸福食堂午餐配送",
      description: "11点在幸福食堂取餐，按名单送到老人家中。",
      place: "东龙社区幸福食堂",
      startsAt: new Date(Date.now() - 3 * DAY),
      endsAt: new Date(Date.now() - 3 * DAY + 2 * HOUR),
      capacity: 8,
      skills: ["送餐"],
      teamId: bangpao.id,
    });
    const volunteers = [ownerId, familyId, partyId].filter((x): x is number => x != null);
    const start = Date.now() - 3 * DAY;
    for (const [i, uid] of volunteers.entries()) {
      await db
        .insertInto("vol_signup")
        .values({
          community_id: dl.id,
          activity_id: past.id,
          user_id: uid,
          status: "signed",
          waiting_position: null,
        })
        .execute();
      await db
        .insertInto("vol_attendance")
        .values({
          community_id: dl.id,
          activity_id: past.id,
          user_id: uid,
          check_in_at: new Date(start - 10 * 60_000),
          check_in_method: "qr",
          check_out_at: new Date(start + (90 + 15 * i) * 60_000),
          check_out_method: "qr",
          recorded_by: null,
          minutes: null,
          certified_by: null,
          certified_at: null,
        })
        .execute();
    }
    await db
      .updateTable("vol_activity")
      .set({ signed_up: volunteers.length })
      .where("community_id", "=", dl.id)
      .where("id", "=", past.id)
      .execute();
    const rows = await db
      .selectFrom("vol_attendance")
      .select("id")
      .where("community_id", "=", dl.id)
      .where("activity_id", "=", past.id)
      .execute();
    if (rows.length)
      await certifyHours(db, secretary, dl.id, past.id, {
        entries: rows.map((r) => ({ attendanceId: r.id })),
      });
    // coming up: the 一直帮's visit to older residents living alone, with places left
    const next = await createActivity(db, secretary, dl.id, {
      title: "一直帮 · 探望独居老人",
      description: "两人一组上门探望，陪老人聊天，看看家里水电是否安全。",
      place: "东龙社区党群服务中心门口集合",
      startsAt: new Date(Date.now() + 2 * DAY),
      endsAt: new Date(Date.now() + 2 * DAY + 2 * HOUR),
      capacity: 10,
      skills: ["助老"],
      teamId: yizhibang.id,
    });
    if (partyId) {
      const party = await loadActor(db, partyId);
      if (party) await signUp(db, party, dl.id, next.id);
    }
    activities += 2;
  }
  const lz = await communityByCode(db, LVZHOU);
  const lzSecretaryId = await userId(db, phoneOf("community_secretary", LVZHOU));
  const lzSecretary = lzSecretaryId
    ? await loadActor(db, lzSecretaryId)
    : admin
      ? await loadActor(db, admin)
      : null;
  if (lz && lzSecretary) {
    const ids: number[] = [];
    for (const name of LVZHOU_TEAMS)
      ids.push(
        (await createTeam(db, lzSecretary, lz.id, { name, unitName: lz.name, description: "", skills: [] }))
          .id,
      );
    await createAlliance(db, lzSecretary, lz.id, {
      name: "益+",
      description: "七色志愿服务联盟：七支志愿队伍，一个“益+”品牌。",
      teamIds: ids,
    });
    teams += ids.length;
  }
  log(`  volunteering: ${teams} teams, ${activities} activities`);
}
