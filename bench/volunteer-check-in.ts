// `npm run bench -- volunteer-check-in [--signins 2000 --signin-concurrency 100]` (or on its own:
// `node --import tsx bench/volunteer-check-in.ts [N] [concurrency]`): N signed-up volunteers check in to one
// activity at the same time through the real route (POST /api/communities/:id/volunteering/activities/:id/check
// over HTTP on loopback, each with their own session and the organiser's current rotating 6-digit code), a
// tenth of them sending their check-in twice at once. On PostgreSQL: a fresh database on the server
// DATABASE_URL names when set, else a throwaway cluster. Prints check-ins/s (issue 14's target: ≥ 500/s) and
// checks that there is exactly one attendance row per volunteer (the repeats answered 已签到).
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { sql } from "kysely";
import pg from "pg";
import { rotatingCodeAt } from "../server/src/access/sign-in-codes.ts";
import { buildApp } from "../server/src/app.ts";
import { loadConfig } from "../server/src/config.ts";
import { openDatabase } from "../server/src/db/database.ts";
import { migrateToLatest } from "../server/src/db/migrate.ts";
import { createSession } from "../server/src/http/session.ts";
import { startThrowawayCluster } from "../server/test/postgres-cluster.ts";

export interface VolunteerCheckInResult {
  lines: { scenario: string; figure: string; unit: string; baseline: string; details?: string }[];
  targets: { target: string; measured: string; pass: boolean | null }[];
  results: Record<string, unknown>;
}

export async function runVolunteerCheckInScenario(opts: {
  signIns: number;
  concurrency: number;
  databaseUrl?: string;
  log: (m: string) => void;
}): Promise<VolunteerCheckInResult> {
  const { log } = opts;
  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    let serverUrl = opts.databaseUrl;
    if (!serverUrl) {
      log("volunteer-check-in: starting a throwaway PostgreSQL cluster");
      const cluster = await startThrowawayCluster();
      cleanups.push(() => cluster.stop());
      serverUrl = cluster.adminUrl;
    }
    // a fresh database on that server, dropped afterwards
    const name = `linli_bench_volcheck_${Date.now()}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    cleanups.push(async () => {
      await admin.query(`drop database if exists ${name}`);
      await admin.end();
    });
    const databaseUrl = url.toString();
    const database = await openDatabase({ databaseUrl, poolSize: 20 });
    cleanups.push(() => database.close());
    const db = database.db;
    await migrateToLatest(db);
    const config = loadConfig({ databaseUrl, webDist: "/nonexistent", jobs: false });

    log(`volunteer-check-in: ${opts.signIns} residents with sessions`);
    const district = await db
      .insertInto("district")
      .values({ code: "B-VOLC", name: "压测区" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const street = await db
      .insertInto("street")
      .values({ district_id: district.id, name: "压测街道" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const community = await db
      .insertInto("community")
      .values({ street_id: street.id, name: "压测社区", reported: "{}" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const cid = community.id;
    const estate = await db
      .insertInto("estate")
      .values({ community_id: cid, name: "压测小区", property_org_id: null })
      .returning("id")
      .executeTakeFirstOrThrow();
    const building = await db
      .insertInto("building")
      .values({ community_id: cid, estate_id: estate.id, grid_id: null, name: "1栋", floors: 30 })
      .returning("id")
      .executeTakeFirstOrThrow();
    const cookies: string[] = [];
    for (let start = 0; start < opts.signIns; start += 500) {
      const n = Math.min(500, opts.signIns - start);
      const idx = Array.from({ length: n }, (_, i) => start + i);
      const users = await db
        .insertInto("app_user")
        .values(
          idx.map((i) => ({
            phone: `177${String(i).padStart(8, "0")}`,
            name: `居民${i}`,
            password_hash: "x",
          })),
        )
        .returning("id")
        .execute();
      const homes = await db
        .insertInto("household")
        .values(
          idx.map((i) => ({
            community_id: cid,
            building_id: building.id,
            unit_id: null,
            grid_id: null,
            floor: 1,
            room: `${i}`,
          })),
        )
        .returning("id")
        .execute();
      await db
        .insertInto("resident")
        .values(
          users.map((u, i) => ({
            community_id: cid,
            user_id: u.id,
            household_id: homes[i]!.id,
            name: `居民${start + i}`,
            relation: "owner" as const,
            status: "verified" as const,
          })),
        )
        .execute();
      for (const u of users) cookies.push(`linli_session=${await createSession(db, config, u.id)}`);
    }
    const organiser = await db
      .selectFrom("app_user")
      .select("id")
      .where("phone", "=", "17700000000")
      .executeTakeFirstOrThrow();
    const activity = await db
      .insertInto("vol_activity")
      .values({
        community_id: cid,
        team_id: null,
        organiser_id: organiser.id,
        title: "压测志愿活动",
        place: "社区广场",
        starts_at: new Date(Date.now() - 600_000),
        ends_at: new Date(Date.now() + 7_200_000),
        capacity: opts.signIns,
        skills: JSON.stringify([]),
        signed_up: opts.signIns,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const volunteers = await db
      .selectFrom("resident")
      .select("user_id")
      .where("community_id", "=", cid)
      .execute();
    for (let i = 0; i < volunteers.length; i += 1000)
      await db
        .insertInto("vol_signup")
        .values(
          volunteers.slice(i, i + 1000).map((v) => ({
            community_id: cid,
            activity_id: activity.id,
            user_id: v.user_id!,
            status: "signed" as const,
            waiting_position: null,
            cancelled_at: null,
          })),
        )
        .execute();
    await sql`analyze`.execute(db);

    const app = await buildApp(config, database);
    await app.listen({ host: "127.0.0.1", port: 0 });
    cleanups.push(() => app.close());
    const address = app.server.address();
    const port = typeof address === "object" && address ? address.port : 0;
    const route = `http://127.0.0.1:${port}/api/communities/${cid}/volunteering/activities/${activity.id}/check`;

    // every resident once, a tenth of them twice at the same moment, in random order
    const jobs = [...cookies.map((c) => c), ...cookies.filter((_, i) => i % 10 === 0)];
    for (let i = jobs.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [jobs[i], jobs[j]] = [jobs[j]!, jobs[i]!];
    }
    const statuses: Record<string, number> = {};
    const send = async (cookie: string) => {
      const code = rotatingCodeAt(config, "volunteering", cid, activity.id, new Date()).code;
      const res = await fetch(route, {
        method: "POST",
        headers: { cookie, "content-type": "application/json" },
        body: JSON.stringify({ code, action: "in" }),
      });
      const body = (await res.json()) as { status?: string; code?: string };
      const key = res.ok ? String(body.status) : `${res.status} ${body.code}`;
      statuses[key] = (statuses[key] ?? 0) + 1;
    };
    let next = 0;
    log(`volunteer-check-in: ${jobs.length} check-ins, ${opts.concurrency} at a time`);
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: opts.concurrency }, async () => {
        while (next < jobs.length) await send(jobs[next++]!);
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    const rows = await db
      .selectFrom("vol_attendance")
      .select((eb) => [
        eb.fn.countAll<number>().as("rows"),
        eb.fn.count<number>("user_id").distinct().as("people"),
      ])
      .where("community_id", "=", cid)
      .where("activity_id", "=", activity.id)
      .executeTakeFirstOrThrow();
    const perSecond = Math.round(jobs.length / seconds);
    const rowCount = Number(rows.rows);
    const people = Number(rows.people);
    const ok = rowCount === opts.signIns && people === rowCount;
    const answers = Object.entries(statuses)
      .map(([k, v]) => `${k} ×${v}`)
      .join(", ");
    log(
      `volunteer-check-in: ${perSecond} check-ins/s; ${rowCount} rows for ${opts.signIns} people; ${answers}`,
    );
    return {
      lines: [
        {
          scenario: "volunteer-check-in",
          figure: String(perSecond),
          unit: "check-ins/s",
          baseline: `${jobs.length} requests (${opts.signIns} people, ${jobs.length - opts.signIns} repeats) in ${seconds.toFixed(2)} s, ${opts.concurrency} at a time`,
          details: `answers: ${answers}; attendance rows ${rowCount}, distinct people ${people}`,
        },
      ],
      targets: [
        {
          target: "volunteer check-in ≥ 500 check-ins/s",
          measured: `${perSecond}/s`,
          pass: perSecond >= 500,
        },
        {
          target: "one attendance row per volunteer (repeats answered 已签到)",
          measured: `${rowCount} rows, ${people} people, ${statuses.already ?? 0} 已签到`,
          pass: ok,
        },
      ],
      results: { perSecond, seconds, requests: jobs.length, people: opts.signIns, rows: rowCount, statuses },
    };
  } finally {
    for (const c of cleanups.reverse()) await c().catch(() => {});
  }
}

// run on its own
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const [n = "2000", c = "100"] = process.argv.slice(2);
  runVolunteerCheckInScenario({
    signIns: Number(n),
    concurrency: Number(c),
    databaseUrl: process.env.DATABASE_URL || undefined,
    log: (m) => console.log(m),
  }).then(
    (r) => {
      for (const l of r.lines)
        console.log(`${l.scenario}\t${l.figure} ${l.unit}\t${l.baseline}\t${l.details ?? ""}`);
      for (const t of r.targets) console.log(`${t.pass ? "PASS" : "FAIL"}\t${t.target}\t${t.measured}`);
      process.exit(r.targets.every((t) => t.pass) ? 0 : 1);
    },
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
