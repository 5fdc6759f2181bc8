// Care for key groups and the daily check-in (C5, 幸福敲门) in 矿山路社区 (seed 001): the article's 老张
// (张荣清) lives alone in a building of the first grid; his neighbours 郝菊先 and 万国钧 noticed when he did
// not come down one morning, phoned him, and the grid worker and volunteers had taken him to hospital.
// Here he is enrolled in the daily check-in with a demo account of his own (13900000041), his building
// head (13900000040, 刘桂芳, a demo account) and the first grid's worker (黄丽) hear when he misses it, and
// today's time is already past when the demo loads — so the care-sweep job raises his missed check-in
// within a minute of the start. The visit plans per group, who is in each group (taken from the register
// of the first grid's buildings) and the earlier visits are invented; the article gives no counts.
import type { Kysely } from "kysely";
import { sql } from "kysely";
import type { DB } from "../db/schema.ts";
import { hashPassword } from "../modules/core/auth/auth.service.ts";
import { shanghaiDay, startOfDay } from "../modules/core/calendar/calendar.service.ts";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, KUANGSHANLU } from "./demo-accounts.ts";

type Db = Kysely<DB>;
const DAY = 86_400_000;

/** The demo account of 老张 (张荣清), living alone, enrolled in the daily check-in. */
export const DEMO_CARE_RESIDENT_PHONE = "13900000041";
const HEAD_PHONE = "13900000040";

const PLANS: [string, number][] = [
  ["living_alone", 7],
  ["empty_nest", 14],
  ["elderly_80_plus", 14],
  ["hardship", 30],
  ["disability", 30],
  ["left_behind_child", 30],
];
/** Groups given in turn to the register's residents of the first grid (some hold two). */
const GROUPS: string[][] = [
  ["living_alone", "elderly_80_plus"],
  ["empty_nest"],
  ["living_alone"],
  ["elderly_80_plus", "empty_nest"],
  ["hardship"],
  ["disability"],
  ["left_behind_child"],
  ["empty_nest"],
  ["living_alone", "hardship"],
  ["elderly_80_plus"],
];

export async function writeDemoCare(db: Db, log: (m: string) => void): Promise<void> {
  const ks = await db.selectFrom("community").select("id").where("code", "=", KUANGSHANLU).executeTakeFirst();
  const head = await db
    .selectFrom("app_user as u")
    .innerJoin("role_assignment as ra", "ra.user_id", "u.id")
    .select(["u.id", "ra.scope_id as building_id"])
    .where("u.phone", "=", HEAD_PHONE)
    .where("ra.role", "=", "building_head")
    .executeTakeFirst();
  if (!ks || !head?.building_id || !DEMO_ACCOUNTS.some((a) => a.phone === HEAD_PHONE)) return;
  const cid = ks.id;
  const now = new Date();
  const today = shanghaiDay(now);

  for (const [tag, days] of PLANS)
    await db
      .insertInto("care_plan")
      .values({
        community_id: cid,
        care_tag: tag,
        frequency_days: days,
        created_at: new Date(now.getTime() - 10 * DAY),
      })
      .onConflict((oc) => oc.doNothing())
      .execute();

  // 老张: a home of his own in the building head's building (he lives alone), an account, 80+
  const neighbour = await db
    .selectFrom("household")
    .select(["unit_id", "grid_id"])
    .where("community_id", "=", cid)
    .where("building_id", "=", head.building_id)
    .orderBy("id")
    .executeTakeFirst();
  if (!neighbour) return;
  const home = await db
    .insertInto("household")
    .values({
      community_id: cid,
      building_id: head.building_id,
      unit_id: neighbour.unit_id,
      grid_id: neighbour.grid_id,
      floor: 1,
      room: "1-01",
      area_m2: null,
      area_source: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const user = await db
    .insertInto("app_user")
    .values({
      phone: DEMO_CARE_RESIDENT_PHONE,
      name: "张荣清",
      password_hash: await hashPassword(DEMO_PASSWORD),
    })
    .onConflict((oc) => oc.column("phone").doUpdateSet({ name: "张荣清" }))
    .returning("id")
    .executeTakeFirstOrThrow();
  const zhang = await db
    .insertInto("resident")
    .values({
      community_id: cid,
      user_id: user.id,
      household_id: home.id,
      name: "张荣清",
      gender: "male",
      birth_date: "1942-03-08",
      phone: DEMO_CARE_RESIDENT_PHONE,
      phone_tail: DEMO_CARE_RESIDENT_PHONE.slice(-4),
      relation: "owner",
      status: "verified",
      care_tags: ["living_alone", "elderly_80_plus"],
      verified_at: new Date(now.getTime() - 365 * DAY),
    })
    .returning("id")
    .executeTakeFirstOrThrow();

  // the register's residents of the first grid's buildings, in the groups in turn
  const grid = await db
    .selectFrom("household")
    .select("grid_id")
    .where("community_id", "=", cid)
    .where("id", "=", home.id)
    .executeTakeFirstOrThrow();
  const others = await db
    .selectFrom("resident as r")
    .innerJoin("household as h", (j) =>
      j.onRef("h.community_id", "=", "r.community_id").onRef("h.id", "=", "r.household_id"),
    )
    .select(["r.id", "r.birth_date", "r.care_tags"])
    .where("r.community_id", "=", cid)
    .where("r.status", "=", "verified")
    .where("r.id", "<>", zhang.id)
    .where((eb) => (grid.grid_id == null ? eb.lit(true) : eb("h.grid_id", "=", grid.grid_id)))
    .orderBy("r.id")
    .limit(GROUPS.length * 3)
    .execute();
  // 高龄 (80+) stays what the birth date says: the register derives it, a group never overrides it
  const eighty = new Date(now.getTime() - 80 * 365.25 * DAY).toISOString().slice(0, 10);
  for (const [i, r] of others.entries()) {
    const born = r.birth_date as unknown;
    const day = born instanceof Date ? born.toISOString().slice(0, 10) : born == null ? null : String(born);
    const is80 = day != null && day.slice(0, 10) <= eighty;
    const tags = new Set([...(r.care_tags ?? []), ...GROUPS[i % GROUPS.length]!]);
    if (is80) tags.add("elderly_80_plus");
    else tags.delete("elderly_80_plus");
    await db
      .updateTable("resident")
      .set({ care_tags: [...tags] })
      .where("community_id", "=", cid)
      .where("id", "=", r.id)
      .execute();
  }

  // earlier visits: most of the group seen within their plan, a few overdue
  let visits = 0;
  for (const [i, r] of others.entries()) {
    if (i % 4 === 3) continue; // never visited since the plans were set: overdue
    await db
      .insertInto("care_visit")
      .values({
        community_id: cid,
        resident_id: r.id,
        visited_on: shanghaiDay(new Date(now.getTime() - ((i * 3) % 20) * DAY)),
        visitor_user_id: head.id,
        visitor_role: "building_head",
        health: i % 5 === 0 ? "fair" : "good",
        gas_safe: true,
        electricity_safe: i % 7 !== 2,
        notes: i % 7 === 2 ? "插线板老化，已提醒更换" : "身体状况稳定，家中整洁",
      })
      .execute();
    visits++;
  }

  // the daily check-in: 老张 (today's time already past: his check-in is missed) and three neighbours,
  // two of whom have checked in this morning
  const dayStart = startOfDay(today);
  const passed = Math.max(0, Math.min(600, Math.floor((now.getTime() - dayStart.getTime()) / 60_000) - 1));
  const enrolled = [
    zhang.id,
    ...others
      .filter((_, i) => GROUPS[i % GROUPS.length]!.includes("living_alone"))
      .slice(0, 3)
      .map((r) => r.id),
  ];
  for (const [i, rid] of enrolled.entries()) {
    await db
      .insertInto("care_enrolment")
      .values({
        community_id: cid,
        resident_id: rid,
        deadline_minutes: i === 0 ? passed : 600,
        consent_by: "resident",
        consent_note: "本人签字同意（幸福敲门登记表）",
        consent_at: new Date(now.getTime() - 30 * DAY),
        enrolled_by: head.id,
        enrolled_at: new Date(now.getTime() - 30 * DAY),
      })
      .execute();
    // a week of check-ins before today
    for (let d = 1; d <= 7; d++)
      await db
        .insertInto("care_checkin")
        .values({
          community_id: cid,
          resident_id: rid,
          day: shanghaiDay(new Date(now.getTime() - d * DAY)),
          at: new Date(dayStart.getTime() - d * DAY + (7 * 60 + ((i * 13 + d * 7) % 90)) * 60_000),
          by_user_id: i === 0 ? user.id : null,
          method: i === 0 ? "self" : d % 3 === 0 ? "phone" : "self",
        })
        .execute();
    if (i >= 2 && now.getTime() - dayStart.getTime() > 8 * 3_600_000)
      await db
        .insertInto("care_checkin")
        .values({
          community_id: cid,
          resident_id: rid,
          day: today,
          at: sql<Date>`now()` as never,
          method: "self",
        })
        .execute();
  }
  log(
    `  care: 矿山路社区 ${PLANS.length} visit plans, ${others.length + 1} residents in care groups, ${visits} visits, ` +
      `${enrolled.length} enrolled in the daily check-in (张荣清 ${DEMO_CARE_RESIDENT_PHONE} misses today's; building head ${HEAD_PHONE})`,
  );
}
