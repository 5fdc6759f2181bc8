// Lvzhou's free weekly courses (seed; DOMAIN C3), written through the courses service by the community
// secretary (13900000006): eleven sessions a week over a term that began a month ago — the article's
// "10+ free courses a week"; the titles, teachers and rooms are invented for the demo. All first come (a
// window would open a lottery whose secret only its organiser may keep).
import type { Kysely } from "kysely";
import { loadActor } from "../access/actor.queries.ts";
import type { DB } from "../db/schema.ts";
import { createCourse } from "../modules/services/courses/courses.service.ts";
import { LVZHOU } from "./demo-accounts.ts";

type Db = Kysely<DB>;
const DAY = 86_400_000;
const beijingDay = (t: number) => new Date(t + 8 * 3_600_000).toISOString().slice(0, 10);

const COURSES: [string, string, string, string, string, string, number][] = [
  ["太极拳", "陈桂英", "", "社区广场", "FREQ=WEEKLY;BYDAY=MO,TH", "07:30", 40],
  ["智能手机课", "王晓", "宜昌市老年大学", "党群服务中心二楼教室", "FREQ=WEEKLY;BYDAY=TU", "09:30", 20],
  ["合唱团", "刘芳", "", "党群服务中心多功能厅", "FREQ=WEEKLY;BYDAY=WE", "15:00", 30],
  ["书法", "周志强", "区书法家协会", "党群服务中心书画室", "FREQ=WEEKLY;BYDAY=FR", "09:00", 12],
  ["广场舞", "李秀兰", "", "社区广场", "FREQ=WEEKLY;BYDAY=MO,WE,FR", "19:00", 60],
  ["儿童绘本阅读", "黄敏", "区图书馆", "四点半课堂", "FREQ=WEEKLY;BYDAY=SA", "10:00", 15],
  ["中医养生讲座", "张医生", "社区卫生服务站", "党群服务中心多功能厅", "FREQ=WEEKLY;BYDAY=TH", "14:30", 50],
  ["剪纸", "吴阿姨", "", "党群服务中心书画室", "FREQ=WEEKLY;BYDAY=SU", "14:00", 15],
];

export async function writeDemoCourses(db: Db, log: (m: string) => void): Promise<void> {
  const lz = await db.selectFrom("community").select("id").where("code", "=", LVZHOU).executeTakeFirst();
  const sec = await db
    .selectFrom("app_user")
    .select("id")
    .where("phone", "=", "13900000006")
    .executeTakeFirst();
  const secretary = sec ? await loadActor(db, sec.id) : null;
  if (!lz || !secretary) return;
  const now = Date.now();
  let sessions = 0;
  for (const [title, teacherName, teacherOrg, place, rule, startTime, seats] of COURSES) {
    const r = await createCourse(db, secretary, lz.id, {
      title,
      description: "",
      teacherName,
      teacherOrg,
      place,
      rule,
      startTime,
      minutes: 60,
      seats,
      termStart: beijingDay(now - 30 * DAY),
      termEnd: beijingDay(now + 90 * DAY),
    });
    sessions += r.sessions;
  }
  log(
    `courses: ${COURSES.length} courses in Lvzhou (11 sessions a week), ${sessions} sessions over the term`,
  );
}
