// Volunteering of the seed communities (DOMAIN T1–T2), written through the volunteering service:
//  * 东龙社区 (seed 000): the teams "一直帮" (neighbours helping neighbours) and "帮跑团" (delivering the
//    幸福食堂's meals to older residents), led by the demo party member; a past meal round with hours
//    certified by the secretary for the demo residents, and an upcoming activity with places left.
//  * 绿洲社区 (seed 001): "益+", the seven-colour alliance of seven volunteer teams; and the four teams seed 002
//    names among its "20多支志愿服务队伍" (一生益事, 益启爱, 乐善绿洲, 爱邻环保). The article's 20 stays its
//    reported figure (community.reported.figures.volunteerTeamCount); the others are not named, so not invented.
//  * 彭刘杨路社区 (seed 004): "组建11支为老志愿服务队伍", matched to the older residents' needs (家政帮扶、节日慰问、
//    代购代买、助餐助行). Eleven teams, each with a leader from the community's verified residents (an account
//    without a password: they sign in by SMS); the article gives the count and the services, the names are invented.
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

/** The teams seed 002 names for 绿洲社区 besides the alliance. */
const LVZHOU_NAMED_TEAMS = ["一生益事", "益启爱", "乐善绿洲", "爱邻环保"];

const PENGLIUYANG = "420106007007";
/** 彭刘杨路社区's eleven teams for older residents: name, skills (the article's four kinds of service). */
const PENGLIUYANG_TEAMS: [string, string[]][] = [
  ["为老服务·家政帮扶一队", ["家政帮扶"]],
  ["为老服务·家政帮扶二队", ["家政帮扶"]],
  ["为老服务·助餐送餐队", ["助餐", "送餐"]],
  ["为老服务·助行陪诊队", ["助行"]],
  ["为老服务·代购代买一队", ["代购代买"]],
  ["为老服务·代购代买二队", ["代购代买"]],
  ["为老服务·节日慰问队", ["节日慰问"]],
  ["为老服务·幸福敲门队", ["探访", "助老"]],
  ["为老服务·水电维修队", ["维修"]],
  ["为老服务·理发义剪队", ["理发"]],
  ["为老服务·健康义诊队", ["义诊"]],
];

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
    for (const name of LVZHOU_NAMED_TEAMS) {
      await createTeam(db, lzSecretary, lz.id, { name, unitName: lz.name, description: "", skills: [] });
      teams += 1;
    }
  }
  teams += await writePengliuyangTeams(db, admin);
  log(`  volunteering: ${teams} teams, ${activities} activities`);
}

/** 彭刘杨路社区's eleven teams for older residents, each led by one of its verified residents. */
async function writePengliuyangTeams(db: Db, admin: number | null): Promise<number> {
  const community = await communityByCode(db, PENGLIUYANG);
  const actor = admin ? await loadActor(db, admin) : null;
  if (!community || !actor) return 0;
  const leaders = await db
    .selectFrom("resident")
    .select(["id", "name", "user_id"])
    .where("community_id", "=", community.id)
    .where("status", "=", "verified")
    .where("household_id", "is not", null)
    .orderBy("id")
    .limit(PENGLIUYANG_TEAMS.length)
    .execute();
  let n = 0;
  for (const [i, [name, skills]] of PENGLIUYANG_TEAMS.entries()) {
    const r = leaders[i];
    let leader = r?.user_id ?? null;
    if (r && leader == null) {
      ({ id: leader } = await db
        .insertInto("app_user")
        .values({
          phone: `1991${String(community.id).padStart(3, "0").slice(-3)}${String(i).padStart(4, "0")}`,
          name: r.name,
          password_hash: null,
        })
        .returning("id")
        .executeTakeFirstOrThrow());
      await db
        .updateTable("resident")
        .set({ user_id: leader })
        .where("community_id", "=", community.id)
        .where("id", "=", r.id)
        .execute();
    }
    await createTeam(db, actor, community.id, {
      name,
      unitName: community.name,
      description: "对接社区养老“三张清单”，为高龄、空巢、独居老人服务。",
      skills,
      ...(leader != null ? { leaderUserId: leader } : {}),
    });
    n += 1;
  }
  return n;
}
