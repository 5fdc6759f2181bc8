// The resident-voice history of the seed communities whose articles give its figures: Lvzhou's
// "兑现群众微心愿148个，解决急难愁盼问题181件" become 148 fulfilled micro-wishes and 181 solved problems
// over the past year, so the public board reports the article's own numbers. Counts come from
// server/data/seed-communities.json, never from code.
import type { Kysely } from "kysely";
import type { DB, Rating } from "../db/schema.ts";
import { ensureCalendar } from "../modules/core/calendar/calendar.service.ts";
import { rebuildAllStats } from "../modules/voice/figures/figures.service.ts";
import { ensureCategories } from "../modules/voice/requests/categories.service.ts";
import { Rng } from "./demo-random.ts";

interface SeedFigures {
  name: string;
  divisionCode: string | null;
  figures?: Record<string, number | null>;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const PROBLEMS = [
  "楼道灯不亮",
  "垃圾清运不及时",
  "下水道堵塞",
  "路面破损",
  "车辆乱停放",
  "电动车楼道充电",
  "绿化带杂草多",
];
const WISHES = [
  "想要一副老花镜",
  "希望有人陪孩子读书",
  "想学用智能手机",
  "想要一辆轮椅",
  "希望修好小区的长椅",
];

export async function writeDemoRequests(
  db: Kysely<DB>,
  seeds: SeedFigures[],
  log: (m: string) => void,
): Promise<void> {
  await ensureCalendar(db);
  let written = 0;
  for (const seed of seeds) {
    const solved = seed.figures?.problemsSolved ?? 0;
    const wishes = seed.figures?.microWishesFulfilled ?? 0;
    if (!solved && !wishes) continue;
    const community = await db
      .selectFrom("community")
      .select("id")
      .where((eb) => (seed.divisionCode ? eb("code", "=", seed.divisionCode) : eb("name", "=", seed.name)))
      .executeTakeFirst();
    if (!community) continue;
    await ensureCategories(db, community.id);
    const categories = await db
      .selectFrom("request_category")
      .select(["id", "kinds", "never_public"])
      .where("community_id", "=", community.id)
      .execute();
    const buildings = await db
      .selectFrom("building")
      .select(["id", "estate_id", "grid_id"])
      .where("community_id", "=", community.id)
      .execute();
    if (!buildings.length || !categories.length) continue;
    const rng = new Rng(`requests:${seed.name}`);
    const pick = <T>(xs: T[]) => xs[rng.int(0, xs.length - 1)]!;
    const rows = [];
    const now = Date.now();
    for (let i = 0; i < solved + wishes; i++) {
      const kind = i < solved ? ("problem" as const) : ("wish" as const);
      const category = pick(categories.filter((c) => c.kinds.includes(kind)));
      const b = pick(buildings);
      const created = new Date(now - rng.int(2, 365) * DAY - rng.int(0, 23) * HOUR);
      const signed = new Date(created.getTime() + rng.int(1, rng.chance(0.9) ? 20 : 40) * HOUR);
      const resolved = new Date(signed.getTime() + rng.int(2, rng.chance(0.85) ? 100 : 200) * HOUR);
      const rated = rng.chance(0.8);
      const rating: Rating | null = rated ? (rng.chance(0.85) ? "good" : "average") : null;
      const closed = new Date(resolved.getTime() + rng.int(1, 72) * HOUR);
      rows.push({
        community_id: community.id,
        kind,
        category_id: category.id,
        title: pick(kind === "problem" ? PROBLEMS : WISHES),
        // as residents choose: a third of the problems published, most wishes (for the 心愿墙), and
        // nothing of a never-public category (elderly care, children)
        is_public: !category.never_public && (kind === "problem" ? i % 3 === 0 : i % 10 !== 0),
        status: "closed" as const,
        channel: pick(["app", "app", "door_visit", "phone", "meeting"] as const),
        estate_id: b.estate_id,
        building_id: b.id,
        grid_id: b.grid_id,
        route_to: "community" as const,
        signed_at: signed,
        sign_due_at: new Date(created.getTime() + DAY),
        solve_due_at: new Date(created.getTime() + 7 * DAY),
        resolved_at: resolved,
        resolution: kind === "problem" ? "已处理完毕" : "心愿已实现",
        confirm_due_at: new Date(resolved.getTime() + 7 * DAY),
        closed_at: closed,
        close_reason: rated ? ("rated" as const) : ("not_rated" as const),
        rating,
        rated_at: rated ? closed : null,
        // deadlines long past: the sweep must not remind or escalate this history again
        sign_reminded_at: signed,
        solve_reminded_at: resolved,
        created_at: created,
        updated_at: closed,
      });
    }
    for (let i = 0; i < rows.length; i += 500) {
      await db
        .insertInto("request")
        .values(rows.slice(i, i + 500))
        .execute();
    }
    written += rows.length;
    log(`  ${seed.name}: ${solved} solved problems and ${wishes} fulfilled micro-wishes (from the article)`);
  }
  if (written) await rebuildAllStats(db);
}
