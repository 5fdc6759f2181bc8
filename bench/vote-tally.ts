// `npm run bench -- vote-tally` (or `node --import tsx bench/vote-tally.ts [--pglite]`): issue 11's
// owners' vote (D5) — "tallying a 10,000-household vote with 8,000 ballots < 20 ms server time
// (running tally + recount equals it); paper ballot entry ≥ 50/s from one client". On PostgreSQL: the
// server at DATABASE_URL when set, else a throwaway cluster; `--pglite` runs it on embedded PGlite.
// It builds one estate of 10 buildings and 10,000 owned households (200 still held by the developer,
// who count as one owner), opens the vote over HTTP (the electorate frozen by the route), writes
// 7,700 online ballots in bulk with their tally, then enters 300 paper ballots over HTTP one after
// the other from one client (and has a second staff member confirm each, which adds it to the
// running tally). The tally is then timed in-process: reading the running tally with the figures
// (readVote) and the recount that must equal it (checkedTally throws if it does not).
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import { sql } from "kysely";
import { loadActor } from "../server/src/access/actor.queries.ts";
import { buildApp } from "../server/src/app.ts";
import { loadConfig } from "../server/src/config.ts";
import { openDatabase } from "../server/src/db/database.ts";
import { migrateToLatest } from "../server/src/db/migrate.ts";
import { createSession } from "../server/src/http/session.ts";
import { checkedTally, readVote } from "../server/src/modules/deliberation/votes/votes.service.ts";
import { startThrowawayCluster } from "../server/test/postgres-cluster.ts";
import { median, round } from "./stats.ts";

export interface VoteTallyLine {
  scenario: string;
  figure: string;
  unit: string;
  baseline: string;
  details?: string;
}

const p95 = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))]!;

export async function runVoteTallyScenario(o: {
  database: "postgres" | "pglite";
  databaseUrl?: string | undefined;
  households: number;
  ballots: number;
  paper: number;
  repeats: number;
  log: (m: string) => void;
  registerCleanup: (fn: () => Promise<void>) => void;
}) {
  let databaseUrl = o.databaseUrl;
  if (o.database === "postgres" && !databaseUrl) {
    o.log("vote-tally: starting a throwaway PostgreSQL cluster");
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
  const config = loadConfig({ ...(databaseUrl ? { databaseUrl } : {}), webDist: "/nonexistent" });

  const district = await db
    .insertInto("district")
    .values({ code: `V${Date.now()}`, name: "基准区" })
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
  const started = performance.now();
  await sql`insert into building (community_id, estate_id, name, floors)
            select ${cid}, ${estateId}, g || '栋', 30 from generate_series(1, 10) g`.execute(db);
  // households spread over the 10 buildings, 60–180 m², the last 2 % still held by the developer
  await sql`insert into household (community_id, building_id, floor, room, area_m2, area_source, developer_held)
            select ${cid}, b.id, 1 + (g / 10) % 30, (g)::text, 60 + (g * 37 % 12000) / 100.0, 'register', g > ${o.households} * 0.98
            from generate_series(1, ${o.households}) g
            join lateral (select id from building where community_id = ${cid} order by id offset (g % 10) limit 1) b on true`.execute(
    db,
  );
  await sql`insert into resident (community_id, household_id, name, relation, status)
            select community_id, id, '业主' || id, 'owner', 'verified' from household
            where community_id = ${cid} and not developer_held`.execute(db);
  await sql`analyze`.execute(db);
  const staff = [];
  for (const name of ["录入员", "核对员"]) {
    const u = await db
      .insertInto("app_user")
      .values({ phone: `139${String(Date.now() + staff.length).slice(-8)}`, name, password_hash: null })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db
      .insertInto("role_assignment")
      .values({
        user_id: u.id,
        role: "community_worker",
        scope_type: "community",
        scope_community_id: cid,
        scope_id: cid,
      })
      .execute();
    staff.push(u.id);
  }
  o.log(
    `vote-tally: ${o.households.toLocaleString("en")} households written in ${round((performance.now() - started) / 1000, 1)} s`,
  );

  const app = await buildApp(config, database, {});
  o.registerCleanup(() => app.close());
  await app.listen({ host: "127.0.0.1", port: 0 });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const [enterer, checker] = await Promise.all(
    staff.map(async (id) => `linli_session=${await createSession(db, config, id)}`),
  );
  const call = async (method: string, path: string, cookie: string, body?: unknown) => {
    const res = await fetch(url + path, {
      method,
      headers: { cookie, ...(body ? { "content-type": "application/json" } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const json = (await res.json()) as any;
    if (res.status !== 200) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const V = `/api/communities/${cid}/votes`;
  const vote = await call("POST", V, enterer!, {
    title: "基准表决：加装电梯",
    estateId,
    matter: 7,
    questions: [{ text: "同意加装电梯" }, { text: "同意分摊方案" }],
    opensAt: new Date(Date.now() - 3_600_000).toISOString(),
    closesAt: new Date(Date.now() + 86_400_000).toISOString(),
  });
  let t0 = performance.now();
  const opened = await call("POST", `${V}/${vote.id}/open`, enterer!);
  const openMs = performance.now() - t0;
  const heads: number = opened.figures.electorate.heads;
  o.log(`vote-tally: electorate frozen over HTTP in ${round(openMs, 0)} ms: ${heads} owners`);

  // the online ballots in bulk, with the tally the ballot route keeps
  const online = o.ballots - o.paper;
  await sql`insert into vote_ballot (community_id, vote_id, voter_no, channel, choices, counted, receipt)
            select ${cid}, ${vote.id}, g, 'online', (array['YY','YN','YA','NA','AY','YY','YY'])[1 + g % 7], true, 'B' || g
            from generate_series(1, ${online}) g`.execute(db);
  await sql`insert into vote_tally (community_id, vote_id, question_index, choice, area_cm2, heads)
            select b.community_id, b.vote_id, q.i - 1, case when q.i = 0 then 'P' else substr(b.choices, q.i, 1) end,
                   sum(v.area_cm2), count(*)
            from vote_ballot b
            join vote_voter v on v.community_id = b.community_id and v.vote_id = b.vote_id and v.voter_no = b.voter_no
            cross join lateral generate_series(0, 2) q(i)
            where b.community_id = ${cid} and b.vote_id = ${vote.id}
            group by 1, 2, 3, 4`.execute(db);
  // statistics for the tables just filled (PGlite has no autovacuum; PostgreSQL's would come later)
  await sql`analyze`.execute(db);

  // paper ballots from one client, one after the other; then a second staff member confirms each
  const ids: number[] = [];
  const WARM = Math.min(20, Math.floor(o.paper / 5)); // the first entries warm plans and JIT, untimed
  for (let i = 0; i < o.paper; i++) {
    if (i === WARM) t0 = performance.now();
    const r = await call("POST", `${V}/${vote.id}/paper-ballots`, enterer!, {
      voterNo: online + 1 + i,
      sheetNo: `P-${i + 1}`,
      choices: [i % 3 ? "Y" : "N", "A"],
    });
    ids.push(r.ballotId);
  }
  const entryPerSecond = (o.paper - WARM) / ((performance.now() - t0) / 1000);
  t0 = performance.now();
  for (const id of ids) await call("POST", `${V}/${vote.id}/paper-ballots/${id}/confirm`, checker!);
  const confirmPerSecond = o.paper / ((performance.now() - t0) / 1000);

  // the tally, timed in the server process: running tally + figures, and the recount that must equal it
  const actor = await loadActor(db, staff[0]!);
  const tallyMs: number[] = [];
  const recountMs: number[] = [];
  let participating = "";
  for (let i = 0; i < o.repeats + 5; i++) {
    const a = performance.now();
    const v = await readVote(db, actor, cid, vote.id);
    const b = performance.now();
    await checkedTally(db, cid, vote.id);
    const c = performance.now();
    participating = `${v.figures!.participating.heads} ballots, ${v.figures!.participating.areaCm2} cm²`;
    if (i >= 5) {
      tallyMs.push(b - a);
      recountMs.push(c - b);
    }
  }
  const both = tallyMs.map((x, i) => x + recountMs[i]!);
  const lines: VoteTallyLine[] = [
    {
      scenario: `vote-tally (${o.database})`,
      figure: `p95 ${round(p95(both), 1)} ms`,
      unit: `running tally + recount, ${heads.toLocaleString("en")} owners, ${o.ballots.toLocaleString("en")} ballots`,
      baseline: `tally alone median ${round(median(tallyMs), 1)} ms, recount alone median ${round(median(recountMs), 1)} ms`,
      details: `${participating}; electorate frozen in ${round(openMs, 0)} ms`,
    },
    {
      scenario: `vote-paper-entry (${o.database})`,
      figure: `${round(entryPerSecond, 0)} /s`,
      unit: `paper ballots entered from one client (${o.paper})`,
      baseline: `confirmations ${round(confirmPerSecond, 0)} /s`,
    },
  ];
  const targets = [
    {
      target: `vote tally + recount < 20 ms (${heads} owners, ${o.ballots} ballots, ${o.database})`,
      measured: `p95 ${round(p95(both), 1)} ms`,
      pass: p95(both) < 20,
    },
    {
      target: `paper ballot entry ≥ 50/s from one client (${o.database})`,
      measured: `${round(entryPerSecond, 0)} /s`,
      pass: entryPerSecond >= 50,
    },
  ];
  return {
    lines,
    targets,
    results: { "vote-tally": { tallyMs, recountMs, entryPerSecond, confirmPerSecond, openMs } },
  };
}

// standalone: node --import tsx bench/vote-tally.ts [--households 10000] [--ballots 8000] [--paper 300] [--pglite]
if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      households: { type: "string", default: "10000" },
      ballots: { type: "string", default: "8000" },
      paper: { type: "string", default: "300" },
      repeats: { type: "string", default: "50" },
      pglite: { type: "boolean", default: process.env.LINLI_BENCH_PGLITE === "1" },
    },
  });
  const cleanups: (() => Promise<void>)[] = [];
  runVoteTallyScenario({
    database: values.pglite ? "pglite" : "postgres",
    databaseUrl: process.env.DATABASE_URL,
    households: Number(values.households),
    ballots: Number(values.ballots),
    paper: Number(values.paper),
    repeats: Number(values.repeats),
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
