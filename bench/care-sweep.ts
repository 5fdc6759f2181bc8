// `npm run bench -- care-sweep` (or `node --import tsx bench/care-sweep.ts [--residents 100000] [--pglite]`):
// issue 15's daily check-in sweep (C5, 幸福敲门) — "the daily check-in sweep over 100,000 enrolled residents
// < 5 s". On PostgreSQL: the server at DATABASE_URL when set, else a throwaway cluster; `--pglite` runs it
// on embedded PGlite. It writes one community of 100 buildings with the residents, all enrolled in the
// daily check-in with their time at 10:00, a building head per building and a grid worker per 10 buildings,
// and today's check-ins for all but `missed` of them (default 1%); then times one sweepCare at 23:00 China
// time — the missed check-ins alerted (one alert and its notices each) — and a second sweep that finds
// nothing left to do (the figure each minute's run costs once the day's alerts are out).
import { parseArgs } from "node:util";
import { sql } from "kysely";
import { openDatabase } from "../server/src/db/database.ts";
import { migrateToLatest } from "../server/src/db/migrate.ts";
import { shanghaiDay, startOfDay } from "../server/src/modules/core/calendar/calendar.service.ts";
import { sweepCare } from "../server/src/modules/services/care/care.service.ts";
import { startThrowawayCluster } from "../server/test/postgres-cluster.ts";
import { round } from "./stats.ts";

export async function runCareSweepScenario(o: {
  database: "postgres" | "pglite";
  databaseUrl?: string | undefined;
  residents: number;
  missedShare: number;
  log: (m: string) => void;
  registerCleanup: (fn: () => Promise<void>) => void;
}) {
  let databaseUrl = o.databaseUrl;
  if (o.database === "postgres" && !databaseUrl) {
    o.log("care-sweep: starting a throwaway PostgreSQL cluster");
    const cluster = await startThrowawayCluster();
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

  const built = performance.now();
  const district = await db
    .insertInto("district")
    .values({ code: `C${Date.now()}`, name: "基准区" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const street = await db
    .insertInto("street")
    .values({ district_id: district.id, name: "基准街道" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const { id: cid } = await db
    .insertInto("community")
    .values({ street_id: street.id, name: "基准社区", reported: "{}" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const { id: estateId } = await db
    .insertInto("estate")
    .values({ community_id: cid, name: "基准小区" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const n = o.residents;
  const today = shanghaiDay(new Date());
  const now = new Date(startOfDay(today).getTime() + 23 * 3_600_000);
  // 100 buildings in 10 grids, one household and one resident per index, all enrolled at 10:00
  await sql`insert into grid (community_id, name) select ${cid}, 'g' || g from generate_series(1, 10) g`.execute(
    db,
  );
  await sql`insert into building (community_id, estate_id, grid_id, name)
    select ${cid}, ${estateId}, (select id from grid where community_id = ${cid} order by id offset (b % 10) limit 1), 'b' || b
    from generate_series(0, 99) b`.execute(db);
  await sql`insert into household (community_id, building_id, grid_id, room)
    select ${cid}, b.id, b.grid_id, 'r' || i
    from generate_series(0, ${n - 1}) i
    join lateral (select id, grid_id from building where community_id = ${cid} order by id offset (i % 100) limit 1) b on true`.execute(
    db,
  );
  await sql`insert into resident (community_id, household_id, name, status, care_tags)
    select ${cid}, h.id, '居民' || h.id, 'verified', '{living_alone}' from household h where h.community_id = ${cid}`.execute(
    db,
  );
  await sql`insert into care_enrolment (community_id, resident_id, deadline_minutes, consent_by, consent_at, enrolled_at)
    select ${cid}, r.id, 600, 'resident', now() - interval '30 days', now() - interval '30 days'
    from resident r where r.community_id = ${cid}`.execute(db);
  const missed = Math.max(1, Math.round(n * o.missedShare));
  await sql`insert into care_checkin (community_id, resident_id, day, method)
    select ${cid}, r.id, ${today}::date, 'self' from resident r where r.community_id = ${cid}
    order by r.id offset ${missed}`.execute(db);
  // a building head per building, a grid worker per grid
  await sql`insert into app_user (phone, name) select '188' || lpad(b::text, 8, '0'), '楼栋长' || b from generate_series(1, 110) b`.execute(
    db,
  );
  await sql`insert into role_assignment (user_id, role, scope_type, scope_community_id, scope_id)
    select u.id, 'building_head', 'building', ${cid}, b.id
    from (select id, row_number() over (order by id) k from building where community_id = ${cid}) b
    join (select id, row_number() over (order by id) k from app_user where phone like '188%') u on u.k = b.k`.execute(
    db,
  );
  await sql`insert into role_assignment (user_id, role, scope_type, scope_community_id, scope_id)
    select u.id, 'grid_worker', 'grid', ${cid}, g.id
    from (select id, row_number() over (order by id) k from grid where community_id = ${cid}) g
    join (select id, row_number() over (order by id) k from app_user where phone like '188%') u on u.k = g.k + 100`.execute(
    db,
  );
  await sql`analyze`.execute(db);
  o.log(
    `care-sweep: ${n} enrolled residents, ${missed} without today's check-in, built in ${round((performance.now() - built) / 1000, 1)} s`,
  );

  const t0 = performance.now();
  const first = await sweepCare(db, { now });
  const firstS = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  const second = await sweepCare(db, { now });
  const secondS = (performance.now() - t1) / 1000;
  if (first.alerts !== missed || second.alerts !== 0)
    throw new Error(
      `care-sweep: expected ${missed} alerts then none, got ${first.alerts} then ${second.alerts}`,
    );
  const lines = [
    {
      scenario: "care-sweep",
      figure: String(round(firstS, 2)),
      unit: "s",
      baseline: `a sweep with nothing left: ${round(secondS, 2)} s`,
      details: `${n} enrolled, ${first.alerts} alerts raised (${o.database})`,
    },
  ];
  const targets = [
    {
      target: `daily check-in sweep over ${n} enrolled residents < 5 s (${o.database})`,
      measured: `${round(firstS, 2)} s (${first.alerts} alerts); idle sweep ${round(secondS, 2)} s`,
      pass: firstS < 5,
    },
  ];
  return {
    lines,
    targets,
    results: { "care-sweep": { firstS, secondS, alerts: first.alerts, residents: n } },
  };
}

// standalone: node --import tsx bench/care-sweep.ts [--residents 100000] [--missed 0.01] [--pglite]
if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      residents: { type: "string", default: "100000" },
      missed: { type: "string", default: "0.01" },
      pglite: { type: "boolean", default: process.env.LINLI_BENCH_PGLITE === "1" },
    },
  });
  const cleanups: (() => Promise<void>)[] = [];
  runCareSweepScenario({
    database: values.pglite ? "pglite" : "postgres",
    databaseUrl: process.env.DATABASE_URL,
    residents: Number(values.residents),
    missedShare: Number(values.missed),
    log: (m) => console.log(m),
    registerCleanup: (fn) => cleanups.push(fn),
  })
    .then((r) => {
      for (const l of r.lines)
        console.log(`${l.scenario}\t${l.figure}\t${l.unit}\tbaseline: ${l.baseline}\t${l.details ?? ""}`);
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
