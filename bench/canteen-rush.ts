// `npm run bench -- canteen-rush` (or `node --import tsx bench/canteen-rush.ts [--orders 2000] [--clients 100]
// [--pglite]`): issue 15's canteen — "the lunch-order rush, 2,000 orders in the ten minutes before cut-off
// from 100 clients, ≥ 500 orders/s with capacity never exceeded; the monthly subsidy report for a street
// < 2 s". On PostgreSQL: DATABASE_URL's server when set, else a throwaway cluster; `--pglite` runs it on
// embedded PGlite. It builds a street of `communities` communities, each with a canteen (lunch, cut-off
// 10:00) and its price rules; in the first, `orders` residents with an account each (every other one 65+)
// and a lunch for tomorrow whose capacity is 90 % of them, so the rush runs into the capacity. `clients`
// concurrent HTTP clients each place their share of the orders (POST …/canteen/orders, the resident's own
// session: seat taken by the conditional UPDATE, the split booked on the ledger); then the count of live
// orders and the menu's count are checked against the capacity and the ledger verified. The report: a
// month of orders (`monthOrders` per community, written in bulk) for every community of the street, then
// streetReport (the route's service call) timed `repeats` times.
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import { sql } from "kysely";
import { loadActor } from "../server/src/access/actor.queries.ts";
import { buildApp } from "../server/src/app.ts";
import { loadConfig } from "../server/src/config.ts";
import { openDatabase } from "../server/src/db/database.ts";
import { migrateToLatest } from "../server/src/db/migrate.ts";
import { createSession } from "../server/src/http/session.ts";
import { verifyLedger } from "../server/src/modules/core/ledger/ledger.service.ts";
import {
  setRules,
  setupCanteen,
  streetReport,
} from "../server/src/modules/services/canteen/canteen.service.ts";
import { startThrowawayCluster } from "../server/test/postgres-cluster.ts";
import { median, round, startCpuMeter } from "./stats.ts";

const p95 = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))]!;

export async function runCanteenRushScenario(o: {
  database: "postgres" | "pglite";
  databaseUrl?: string | undefined;
  orders: number;
  clients: number;
  communities: number;
  monthOrders: number;
  repeats: number;
  /** a throwaway cluster with fsync and synchronous commit on, as production (default), or off */
  durable?: boolean;
  log: (m: string) => void;
  registerCleanup: (fn: () => Promise<void>) => void;
}) {
  let databaseUrl = o.databaseUrl;
  if (o.database === "postgres" && !databaseUrl) {
    const durable = o.durable ?? true;
    o.log(`canteen-rush: starting a throwaway PostgreSQL cluster (${durable ? "fsync on" : "fsync off"})`);
    const cluster = await startThrowawayCluster({ durable });
    o.registerCleanup(() => cluster.stop());
    databaseUrl = cluster.adminUrl;
  }
  const database = await openDatabase({
    ...(o.database === "postgres" ? { databaseUrl } : {}),
    pgliteDataDir: "memory://",
  });
  o.registerCleanup(() => database.close());
  const db = database.db;
  await migrateToLatest(db);
  const config = loadConfig({ ...(databaseUrl ? { databaseUrl } : {}), webDist: "/nonexistent" });
  const stamp = Date.now();
  const district = await db
    .insertInto("district")
    .values({ code: `C${stamp}`, name: "基准区" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const street = await db
    .insertInto("street")
    .values({ district_id: district.id, name: "基准街道" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const day = (plus: number) =>
    new Date(Date.now() + 8 * 3_600_000 + plus * 86_400_000).toISOString().slice(0, 10);
  const tomorrow = day(1);
  const communities: { id: number; menuId: number }[] = [];
  const admin = await db
    .insertInto("app_user")
    .values({ phone: `138${String(stamp).slice(-8)}`, name: "基准管理员" })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("role_assignment")
    .values({
      user_id: admin.id,
      role: "system_admin",
      scope_type: "global",
      scope_id: null,
      scope_community_id: null,
    })
    .execute();
  const actor = await loadActor(db, admin.id);
  const capacity = Math.max(1, Math.floor(o.orders * 0.9));
  for (let i = 0; i < o.communities; i++) {
    const { id } = await db
      .insertInto("community")
      .values({ street_id: street.id, name: `基准社区${i + 1}`, reported: "{}" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await setupCanteen(db, actor, id, {
      name: "幸福食堂",
      place: "",
      meals: [{ kind: "lunch", cutoff: "10:00", capacity }],
    });
    await setRules(db, actor, id, {
      rules: [
        {
          name: "65岁以上",
          minAge: 65,
          careTags: [],
          residentFen: 1000,
          communityPct: 34,
          discountPct: 33,
          subsidyPct: 33,
          source: "基准",
        },
        {
          name: "其他",
          minAge: null,
          careTags: [],
          residentFen: null,
          communityPct: 0,
          discountPct: 0,
          subsidyPct: 100,
          source: "基准",
        },
      ],
    });
    const meal = await db
      .selectFrom("canteen_meal")
      .select("id")
      .where("community_id", "=", id)
      .executeTakeFirstOrThrow();
    const menu = await db
      .insertInto("canteen_menu")
      .values({ community_id: id, meal_id: meal.id, day: tomorrow, dishes: "[]", cost_fen: 2000, capacity })
      .returning("id")
      .executeTakeFirstOrThrow();
    communities.push({ id, menuId: menu.id });
  }
  const first = communities[0]!;
  const { id: estateId } = await db
    .insertInto("estate")
    .values({ community_id: first.id, name: "基准小区" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const { id: buildingId } = await db
    .insertInto("building")
    .values({ community_id: first.id, estate_id: estateId, name: "1栋", floors: 30 })
    .returning("id")
    .executeTakeFirstOrThrow();
  const started = performance.now();
  await sql`insert into app_user (phone, name)
            select '137' || lpad(g::text, 8, '0'), '食客' || g from generate_series(1, ${o.orders}) g
            on conflict (phone) do nothing`.execute(db);
  await sql`insert into household (community_id, building_id, floor, room, area_m2, area_source, developer_held)
            select ${first.id}, ${buildingId}, 1 + g % 30, g::text, 80, 'register', false from generate_series(1, ${o.orders}) g`.execute(
    db,
  );
  await sql`insert into resident (community_id, household_id, user_id, name, relation, status, birth_date, verified_at)
            select ${first.id}, h.id, u.id, u.name, 'owner', 'verified',
                   case when h.room::int % 2 = 0 then date '1950-01-01' else date '1990-01-01' end, now()
            from household h join app_user u on u.phone = '137' || lpad(h.room, 8, '0')
            where h.community_id = ${first.id}`.execute(db);
  const users = await db
    .selectFrom("resident")
    .select("user_id")
    .where("community_id", "=", first.id)
    .orderBy("id")
    .execute();
  const cookies = await Promise.all(
    users.map(async (u) => `linli_session=${await createSession(db, config, u.user_id!)}`),
  );
  await sql`analyze`.execute(db);
  o.log(
    `canteen-rush: ${cookies.length} residents with sessions written in ${round((performance.now() - started) / 1000, 1)} s`,
  );

  const app = await buildApp(config, database, {});
  o.registerCleanup(() => app.close());
  await app.listen({ host: "127.0.0.1", port: 0 });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const statuses = new Map<number, number>();
  let next = 0;
  const cpuMeter = startCpuMeter();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: o.clients }, async () => {
      for (;;) {
        const i = next++;
        if (i >= cookies.length) return;
        const res = await fetch(`${url}/api/communities/${first.id}/canteen/orders`, {
          method: "POST",
          headers: { cookie: cookies[i]!, "content-type": "application/json" },
          body: JSON.stringify({ menuId: first.menuId, mode: i % 4 === 0 ? "delivery" : "dine_in" }),
        });
        await res.arrayBuffer();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const perSecond = cookies.length / seconds;
  o.log(`canteen-rush: during the rush ${cpuMeter.read(seconds, cookies.length)}`);

  const menu = await db
    .selectFrom("canteen_menu")
    .selectAll()
    .where("id", "=", first.menuId)
    .executeTakeFirstOrThrow();
  const live = await db
    .selectFrom("canteen_order")
    .select(sql<string>`count(*)`.as("n"))
    .where("community_id", "=", first.id)
    .where("menu_id", "=", first.menuId)
    .where("status", "=", "placed")
    .executeTakeFirstOrThrow();
  const ledger = await verifyLedger(db, { communityId: first.id });
  const held = Number(live.n) === menu.ordered && menu.ordered <= menu.capacity && ledger.ok;
  o.log(
    `canteen-rush: ${cookies.length} orders in ${round(seconds, 2)} s from ${o.clients} clients; answers ${JSON.stringify(Object.fromEntries(statuses))}; ${live.n} live of capacity ${menu.capacity}; ledger ${ledger.ok ? "OK" : "BROKEN"}`,
  );

  // a month of orders for every community of the street, in bulk, then the street's report
  const month = day(1).slice(0, 7);
  for (const c of communities) {
    const rule = await db
      .selectFrom("canteen_rule")
      .select(["id", "name"])
      .where("community_id", "=", c.id)
      .where("active", "=", true)
      .orderBy("position")
      .executeTakeFirstOrThrow();
    // one diner per order (one live order per person and meal): residents written in bulk
    await sql`insert into resident (community_id, name, relation, status)
              select ${c.id}, '月报食客' || g, 'owner', 'verified' from generate_series(1, ${o.monthOrders}) g`.execute(
      db,
    );
    await sql`insert into canteen_order (community_id, menu_id, resident_id, placed_by, channel, mode, rule_id, rule_name,
                cost_fen, resident_fen, community_fen, discount_fen, subsidy_fen)
              select ${c.id}, ${c.menuId}, r.id, ${admin.id}, 'staff_counter', 'dine_in', ${rule.id}, ${rule.name},
                     2000, 1000, 340, 330, 330
              from resident r where r.community_id = ${c.id} and r.name like '月报食客%'`.execute(db);
  }
  await sql`analyze canteen_order, canteen_menu`.execute(db);
  const times: number[] = [];
  let meals = 0;
  for (let i = 0; i < o.repeats; i++) {
    const a = performance.now();
    const r = await streetReport(db, actor, street.id, month);
    times.push(performance.now() - a);
    meals = r.total.meals;
  }
  o.log(
    `canteen-rush: street report over ${meals} meals in ${o.communities} communities, median ${round(median(times), 1)} ms`,
  );
  const lines = [
    {
      scenario: `canteen-rush (${o.database})`,
      figure: `${round(perSecond, 0)} orders/s`,
      unit: `${cookies.length} lunch orders from ${o.clients} clients, capacity ${menu.capacity}`,
      baseline: `answers ${JSON.stringify(Object.fromEntries(statuses))}; live ${live.n}; ledger ${ledger.ok ? "OK" : "BROKEN"}`,
    },
    {
      scenario: `canteen-report (${o.database})`,
      figure: `p95 ${round(p95(times), 1)} ms`,
      unit: `a street's monthly subsidy report, ${meals} meals in ${o.communities} communities`,
      baseline: `median ${round(median(times), 1)} ms`,
    },
  ];
  const targets = [
    {
      target: `canteen rush ≥ 500 orders/s, capacity never exceeded (${o.database})`,
      measured: `${round(perSecond, 0)} orders/s, ${held ? "capacity held" : "CAPACITY OR LEDGER BROKEN"}`,
      pass: perSecond >= 500 && held,
    },
    {
      target: `street subsidy report < 2 s (${o.database})`,
      measured: `p95 ${round(p95(times), 1)} ms`,
      pass: p95(times) < 2000,
    },
  ];
  return { lines, targets, results: { "canteen-rush": { perSecond, held, reportP95Ms: p95(times) } } };
}

// standalone: node --import tsx bench/canteen-rush.ts [--orders 2000] [--clients 100] [--pglite] [--no-fsync]
if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      orders: { type: "string", default: "2000" },
      clients: { type: "string", default: "100" },
      communities: { type: "string", default: "15" },
      "month-orders": { type: "string", default: "6000" },
      repeats: { type: "string", default: "20" },
      pglite: { type: "boolean", default: process.env.LINLI_BENCH_PGLITE === "1" },
      "no-fsync": { type: "boolean", default: false },
    },
  });
  const cleanups: (() => Promise<void>)[] = [];
  runCanteenRushScenario({
    database: values.pglite ? "pglite" : "postgres",
    databaseUrl: process.env.DATABASE_URL,
    orders: Number(values.orders),
    clients: Number(values.clients),
    communities: Number(values.communities),
    monthOrders: Number(values["month-orders"]),
    durable: !values["no-fsync"],
    repeats: Number(values.repeats),
    log: (m) => console.log(m),
    registerCleanup: (fn) => cleanups.push(fn),
  })
    .then((r) => {
      for (const l of r.lines) console.log(`${l.scenario}\t${l.figure}\t${l.unit}\tbaseline: ${l.baseline}`);
      for (const t of r.targets) console.log(`${t.pass ? "PASS" : "FAIL"}\t${t.target}: ${t.measured}`);
    })
    .catch((e) => {
      console.error(e);
      process.exitCode = 1;
    })
    .finally(async () => {
      for (const fn of cleanups.reverse()) await fn().catch(() => {});
    });
}
