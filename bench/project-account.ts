// `npm run bench -- project-account` (or `node --import tsx bench/project-account.ts [--pglite]`):
// issue 12's "a project's public account with 100,000 entries, first page and balance p95 < 30 ms".
// On PostgreSQL (DATABASE_URL's server, else a throwaway cluster; `--pglite` for embedded PGlite) it
// builds one community with a building and a verified resident, raises a community project through the
// service, books its first income and expense through the service (each a ledger transaction), then
// writes the rest of the 100,000 bookings set-based with their running balance and totals (as the
// booking command keeps them) and ANALYZEs. The resident then asks for GET …/projects/:id/account
// (the newest 50 entries, the balance and the totals) over HTTP one request after another; the
// baseline in the same run is the service call (readAccount) in-process, without HTTP, session or JSON.
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import { sql } from "kysely";
import { loadActor } from "../server/src/access/actor.queries.ts";
import { buildApp } from "../server/src/app.ts";
import { loadConfig } from "../server/src/config.ts";
import { openDatabase } from "../server/src/db/database.ts";
import { migrateToLatest } from "../server/src/db/migrate.ts";
import { createSession } from "../server/src/http/session.ts";
import {
  bookProjectEntry,
  readAccount,
} from "../server/src/modules/projects/projects/project-account.service.ts";
import { createProject } from "../server/src/modules/projects/projects/projects.service.ts";
import { startThrowawayCluster } from "../server/test/postgres-cluster.ts";
import { median, round } from "./stats.ts";

const TARGET_MS = 30;
const p95 = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))]!;

export async function runProjectAccountScenario(o: {
  database: "postgres" | "pglite";
  databaseUrl?: string | undefined;
  entries: number;
  requests: number;
  log: (m: string) => void;
  registerCleanup: (fn: () => Promise<void>) => void;
}) {
  let databaseUrl = o.databaseUrl;
  if (o.database === "postgres" && !databaseUrl) {
    o.log("project-account: starting a throwaway PostgreSQL cluster");
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
    .values({ code: `P${Date.now()}`, name: "基准区" })
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
  const { id: gridId } = await db
    .insertInto("grid")
    .values({ community_id: cid, name: "第一网格" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const { id: buildingId } = await db
    .insertInto("building")
    .values({ community_id: cid, estate_id: estateId, grid_id: gridId, name: "1栋" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const { id: householdId } = await db
    .insertInto("household")
    .values({ community_id: cid, building_id: buildingId, grid_id: gridId, floor: 1, room: "101" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const user = async (name: string, phone: string) =>
    (await db.insertInto("app_user").values({ name, phone }).returning("id").executeTakeFirstOrThrow()).id;
  const secretaryId = await user("基准书记", `139${String(Date.now()).slice(-8)}`);
  await db
    .insertInto("role_assignment")
    .values({
      user_id: secretaryId,
      role: "community_secretary",
      scope_type: "community",
      scope_id: cid,
      scope_community_id: cid,
    })
    .execute();
  const residentId = await user("基准居民", `138${String(Date.now()).slice(-8)}`);
  await db
    .insertInto("resident")
    .values({
      community_id: cid,
      household_id: householdId,
      user_id: residentId,
      name: "基准居民",
      relation: "owner",
      status: "verified",
    })
    .execute();
  const secretary = (await loadActor(db, secretaryId))!;
  const resident = (await loadActor(db, residentId))!;

  let t0 = performance.now();
  const project = await createProject(db, secretary, cid, {
    title: "基准共建项目",
    tier: "community",
    fundingSources: [{ kind: "community", label: "社区自筹", plannedFen: 100_000_000 }],
    budgetLines: [{ name: "工程款", amountFen: 90_000_000 }],
  });
  const today = new Date().toISOString().slice(0, 10);
  for (const [direction, amountFen] of [
    ["income", 50_000],
    ["expense", 20_000],
  ] as const)
    await bookProjectEntry(db, secretary, cid, project.id, {
      direction,
      amountFen,
      memo: direction === "income" ? "居民众筹" : "材料费",
      counterparty: "",
      occurredOn: today,
      sourceId: direction === "income" ? project.fundingSources[0]!.id : null,
      budgetLineId: direction === "expense" ? project.budgetLines[0]!.id : null,
      pledgeId: null,
      idempotencyKey: `bench-${direction}-${Date.now()}`,
    });
  // the rest set-based: every third entry an expense of 200 fen, the others incomes of 500 fen, with
  // the running balance and totals the booking command would have kept (never below zero)
  await sql`
    with start as (
      select seq, balance_fen, income_total_fen, expense_total_fen from project_booking
       where community_id = ${cid} and project_id = ${project.id} order by seq desc limit 1
    ), rows as (
      select start.seq + n as seq,
             case when n % 3 = 0 then 'expense' else 'income' end as direction,
             case when n % 3 = 0 then 200 else 500 end::bigint as amount,
             start.income_total_fen + 500 * (n - n / 3) as income_total,
             start.expense_total_fen + 200 * (n / 3) as expense_total
        from start, generate_series(1, ${o.entries - 2}) n
    )
    insert into project_booking (community_id, project_id, seq, direction, amount_fen, balance_fen,
                                 income_total_fen, expense_total_fen, source_id, budget_line_id, memo,
                                 occurred_on, idempotency_key, booked_by, booked_at)
    select ${cid}, ${project.id}, seq, direction, amount, income_total - expense_total, income_total,
           expense_total,
           case when direction = 'income' then ${project.fundingSources[0]!.id}::int end,
           case when direction = 'expense' then ${project.budgetLines[0]!.id}::int end,
           case when direction = 'income' then '居民众筹' else '材料费' end, current_date,
           'bench-entry-' || seq, ${secretaryId}, now()
      from rows`.execute(db);
  await sql`analyze project_booking, project, project_funding_source, project_budget_line`.execute(db);
  const buildSeconds = (performance.now() - t0) / 1000;
  o.log(`project-account: ${o.entries} entries written in ${round(buildSeconds, 1)} s`);

  const app = await buildApp(config, database, {});
  o.registerCleanup(() => app.close());
  await app.listen({ host: "127.0.0.1", port: 0 });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/api`;
  const cookie = `linli_session=${await createSession(db, config, residentId)}`;
  const path = `/communities/${cid}/projects/${project.id}/account?limit=50`;

  const http: number[] = [];
  type AccountAnswer = { entries: number; balanceFen: number; items: unknown[] };
  let answer: AccountAnswer | null = null;
  for (let i = 0; i < o.requests + 20; i++) {
    t0 = performance.now();
    const res = await fetch(url + path, { headers: { cookie } });
    const body = (await res.json()) as AccountAnswer;
    if (i >= 20) http.push(performance.now() - t0);
    if (res.status !== 200) throw new Error(`account: ${res.status} ${JSON.stringify(body)}`);
    answer = body;
  }
  const direct: number[] = [];
  for (let i = 0; i < o.requests + 20; i++) {
    t0 = performance.now();
    await readAccount(db, resident, cid, project.id, { limit: 50 });
    if (i >= 20) direct.push(performance.now() - t0);
  }
  const expectedBalance =
    30_000 + 500 * (o.entries - 2 - Math.floor((o.entries - 2) / 3)) - 200 * Math.floor((o.entries - 2) / 3);
  if (answer?.entries !== o.entries || answer.balanceFen !== expectedBalance || answer.items.length !== 50)
    throw new Error(
      `account answered ${answer?.entries} entries, balance ${answer?.balanceFen} (expected ${expectedBalance})`,
    );
  const httpP95 = p95(http);
  const directP95 = p95(direct);
  return {
    lines: [
      {
        scenario: "project-account",
        figure: `${round(httpP95, 2)}`,
        unit: `ms p95 (GET …/account, first 50 of ${o.entries} entries + balance, over HTTP, ${o.database})`,
        baseline: `${round(directP95, 2)} ms p95 in-process (readAccount)`,
        details: `median ${round(median(http), 2)} ms over HTTP, ${round(median(direct), 2)} ms in-process; ${o.requests} requests; build ${round(buildSeconds, 1)} s`,
      },
    ],
    targets: [
      {
        target: `project account of ${o.entries} entries, first page and balance p95 < ${TARGET_MS} ms`,
        measured: `${round(httpP95, 2)} ms`,
        pass: httpP95 < TARGET_MS,
      },
    ],
    results: { "project-account": { httpP95, directP95, httpMedian: median(http), entries: o.entries } },
  };
}

// standalone: node --import tsx bench/project-account.ts [--entries 100000] [--requests 200] [--pglite]
if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      entries: { type: "string", default: "100000" },
      requests: { type: "string", default: "200" },
      pglite: { type: "boolean", default: process.env.LINLI_BENCH_PGLITE === "1" },
    },
  });
  const cleanups: (() => Promise<void>)[] = [];
  runProjectAccountScenario({
    database: values.pglite ? "pglite" : "postgres",
    databaseUrl: process.env.DATABASE_URL,
    entries: Number(values.entries),
    requests: Number(values.requests),
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
