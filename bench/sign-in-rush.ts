// The sign-in rush that meeting-sign-in and volunteer-check-in share: N residents with their own sessions
// sign in to one thing at the same time through its real route over HTTP on loopback, a tenth of them twice at
// once; requests/s and one attendance row per person. What is signed in to comes from the caller.
import { performance } from "node:perf_hooks";
import { type Kysely, sql } from "kysely";
import pg from "pg";
import { buildApp } from "../server/src/app.ts";
import { type Config, loadConfig } from "../server/src/config.ts";
import { openDatabase } from "../server/src/db/database.ts";
import { migrateToLatest } from "../server/src/db/migrate.ts";
import type { DB } from "../server/src/db/schema.ts";
import { createSession } from "../server/src/http/session.ts";
import { startThrowawayCluster } from "../server/test/postgres-cluster.ts";

export interface SignInRushResult {
  lines: { scenario: string; figure: string; unit: string; baseline: string; details?: string }[];
  targets: { target: string; measured: string; pass: boolean | null }[];
  results: Record<string, unknown>;
}

/** What differs between one rush and another: the thing signed in to, its route and body, its rows. */
export interface SignInRushTarget {
  /** the scenario's name in the results and the log, e.g. `meeting-sign-in` */
  scenario: string;
  /** the plural noun of the figure, e.g. `sign-ins` */
  noun: string;
  /** the figure's target text, e.g. `meeting sign-in ≥ 500 sign-ins/s` */
  target: string;
  /** makes the thing in the community for the residents' accounts; answers its route and each request's body */
  prepare(
    db: Kysely<DB>,
    place: { communityId: number; estateId: number; userIds: number[] },
  ): Promise<{
    path: string;
    body: (config: Config, now: Date) => unknown;
    /** attendance rows and distinct people after the rush */
    count: () => Promise<{ rows: number; people: number }>;
  }>;
}

export interface SignInRushOptions {
  signIns: number;
  concurrency: number;
  databaseUrl?: string;
  log: (m: string) => void;
}

/**
 * N residents with their own sessions sign in at once over HTTP on loopback (a tenth of them twice at the
 * same moment, in random order), on a fresh database of DATABASE_URL's server or a throwaway cluster.
 * Prints requests/s (target ≥ 500/s) and checks one attendance row per person.
 */
export async function runSignInRush(
  what: SignInRushTarget,
  opts: SignInRushOptions,
): Promise<SignInRushResult> {
  const { log } = opts;
  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    let serverUrl = opts.databaseUrl;
    if (!serverUrl) {
      log(`${what.scenario}: starting a throwaway PostgreSQL cluster`);
      const cluster = await startThrowawayCluster();
      cleanups.push(() => cluster.stop());
      serverUrl = cluster.adminUrl;
    }
    // a fresh database on that server, dropped afterwards
    const name = `linli_bench_${what.scenario.replace(/-/g, "_")}_${Date.now()}`;
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

    log(`${what.scenario}: ${opts.signIns} residents with sessions`);
    const district = await db
      .insertInto("district")
      .values({ code: `B-${Date.now() % 100_000}`, name: "压测区" })
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
    const userIds: number[] = [];
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
      for (const u of users) userIds.push(u.id);
      for (const u of users) cookies.push(`linli_session=${await createSession(db, config, u.id)}`);
    }
    const target = await what.prepare(db, { communityId: cid, estateId: estate.id, userIds });
    await sql`analyze`.execute(db);

    const app = await buildApp(config, database);
    await app.listen({ host: "127.0.0.1", port: 0 });
    cleanups.push(() => app.close());
    const address = app.server.address();
    const port = typeof address === "object" && address ? address.port : 0;
    const route = `http://127.0.0.1:${port}${target.path}`;

    // every resident once, a tenth of them twice at the same moment, in random order
    const jobs = [...cookies.map((c) => c), ...cookies.filter((_, i) => i % 10 === 0)];
    for (let i = jobs.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [jobs[i], jobs[j]] = [jobs[j]!, jobs[i]!];
    }
    const statuses: Record<string, number> = {};
    const send = async (cookie: string) => {
      const res = await fetch(route, {
        method: "POST",
        headers: { cookie, "content-type": "application/json" },
        body: JSON.stringify(target.body(config, new Date())),
      });
      const body = (await res.json()) as { status?: string; code?: string };
      const key = res.ok ? String(body.status) : `${res.status} ${body.code}`;
      statuses[key] = (statuses[key] ?? 0) + 1;
    };
    let next = 0;
    log(`${what.scenario}: ${jobs.length} ${what.noun}, ${opts.concurrency} at a time`);
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: opts.concurrency }, async () => {
        while (next < jobs.length) await send(jobs[next++]!);
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    const rows = await target.count();
    const perSecond = Math.round(jobs.length / seconds);
    const rowCount = rows.rows;
    const people = rows.people;
    const ok = rowCount === opts.signIns && people === rowCount;
    const answers = Object.entries(statuses)
      .map(([k, v]) => `${k} ×${v}`)
      .join(", ");
    log(
      `${what.scenario}: ${perSecond} ${what.noun}/s; ${rowCount} rows for ${opts.signIns} people; ${answers}`,
    );
    return {
      lines: [
        {
          scenario: what.scenario,
          figure: String(perSecond),
          unit: `${what.noun}/s`,
          baseline: `${jobs.length} requests (${opts.signIns} people, ${jobs.length - opts.signIns} repeats) in ${seconds.toFixed(2)} s, ${opts.concurrency} at a time`,
          details: `answers: ${answers}; attendance rows ${rowCount}, distinct people ${people}`,
        },
      ],
      targets: [
        { target: what.target, measured: `${perSecond}/s`, pass: perSecond >= 500 },
        {
          target: "one attendance row per person (repeats answered 已签到)",
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

/** Runs a rush from the command line (`[N] [concurrency]`) and exits 0 when every target passed. */
export function runFromCommandLine(run: (o: SignInRushOptions) => Promise<SignInRushResult>): void {
  const [n = "2000", c = "100"] = process.argv.slice(2);
  run({
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
