// Duty rosters of the seed communities (DOMAIN T3), written through the rosters service:
//  * 东龙社区 (seed 000): the 聚邻空间 is run by "一直帮" in turns (轮流管, the article's words): a
//    weekend opening roster, 09:00–12:00 on Saturdays and Sundays, two people a shift; and 帮跑团's
//    幸福食堂 meal deliveries, 11:00 on weekdays for an hour, three people a round.
// The first shifts are filled with the team's demo members; the times are invented.
import type { Kysely } from "kysely";
import { loadActor } from "../access/actor.queries.ts";
import type { DB } from "../db/schema.ts";
import { assignShift, createRoster, readRoster } from "../modules/volunteering/rosters/rosters.service.ts";
import { DEMO_ACCOUNTS, DONGLONG } from "./demo-accounts.ts";

type Db = Kysely<DB>;

const phoneOf = (role: string, code?: string) =>
  DEMO_ACCOUNTS.find((a) => a.role === role && (!code || ("code" in a.target && a.target.code === code)))
    ?.phone;

export async function writeDemoRosters(db: Db, log: (m: string) => void): Promise<void> {
  const dl = await db.selectFrom("community").select("id").where("code", "=", DONGLONG).executeTakeFirst();
  const secPhone = phoneOf("community_secretary", DONGLONG);
  const sec = secPhone
    ? await db.selectFrom("app_user").select("id").where("phone", "=", secPhone).executeTakeFirst()
    : undefined;
  const secretary = sec ? await loadActor(db, sec.id) : null;
  if (!dl || !secretary) return;
  const teams = await db
    .selectFrom("vol_team")
    .select(["id", "name"])
    .where("community_id", "=", dl.id)
    .where("name", "in", ["一直帮", "帮跑团"])
    .execute();
  const teamId = (name: string) => teams.find((t) => t.name === name)?.id;
  const plans = [
    {
      team: "一直帮",
      subject: "聚邻空间开放",
      place: "东龙社区聚邻空间（架空层）",
      rule: "FREQ=WEEKLY;BYDAY=SA,SU",
      startTime: "09:00",
      minutes: 180,
      places: 2,
    },
    {
      team: "帮跑团",
      subject: "幸福食堂送餐",
      place: "东龙社区幸福食堂取餐",
      rule: "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
      startTime: "11:00",
      minutes: 60,
      places: 3,
    },
  ];
  let rosters = 0;
  let assigned = 0;
  for (const p of plans) {
    const id = teamId(p.team);
    if (!id) continue;
    const { id: rosterId } = await createRoster(db, secretary, dl.id, {
      teamId: id,
      subject: p.subject,
      place: p.place,
      rule: p.rule,
      startTime: p.startTime,
      minutes: p.minutes,
      places: p.places,
      weeksAhead: 4,
    });
    rosters++;
    const r = await readRoster(db, secretary, dl.id, rosterId);
    const people = r.members.map((m) => m.userId);
    // the first week's shifts: members in turn
    for (const [i, s] of r.shifts
      .filter((s) => new Date(s.startsAt) > new Date())
      .slice(0, 5)
      .entries()) {
      const who = people[i % Math.max(1, people.length)];
      if (who == null) break;
      await assignShift(db, secretary, dl.id, rosterId, s.id, who);
      assigned++;
    }
  }
  log(`  rosters: ${rosters} duty rosters, ${assigned} shifts assigned`);
}
