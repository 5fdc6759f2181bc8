// `npm run bench -- survey-results` (or `node --import tsx bench/survey-results.ts`): issue 10's
// "a survey with 20,000 answers — results p95 < 50 ms at 20 concurrent readers". On PostgreSQL: the
// server at DATABASE_URL when set, else a throwaway cluster (Debian's postgresql); `--pglite` (or
// LINLI_BENCH_PGLITE=1 standalone) runs it on embedded PGlite instead. It builds a community with a
// five-question survey (single, multiple, rating, number, text) and N answers written in bulk (each
// answer's rows and the tally the answer route keeps), checks the tally against a recount, starts
// the real app on loopback and loads GET …/surveys/:id/results with autocannon as a community
// worker; the baseline in the same run is GET /api/health at the same concurrency.
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import { sql } from "kysely";
import { buildApp } from "../server/src/app.ts";
import { loadConfig } from "../server/src/config.ts";
import { openDatabase } from "../server/src/db/database.ts";
import { migrateToLatest } from "../server/src/db/migrate.ts";
import { createSession } from "../server/src/http/session.ts";
import { surveyRespondentKey } from "../server/src/modules/deliberation/surveys/surveys.service.ts";
import { startThrowawayCluster } from "../server/test/postgres-cluster.ts";
import { runHttpLoad } from "./http-load.ts";
import { prng, round } from "./stats.ts";

export interface SurveyResultsLine {
  scenario: string;
  figure: string;
  unit: string;
  baseline: string;
  details?: string;
}

export async function runSurveyResultsScenario(o: {
  database: "postgres" | "pglite";
  databaseUrl?: string | undefined;
  answers: number;
  connections: number;
  durationSeconds: number;
  log: (m: string) => void;
  registerCleanup: (fn: () => Promise<void>) => void;
}) {
  let databaseUrl = o.databaseUrl;
  if (o.database === "postgres" && !databaseUrl) {
    o.log("survey-results: starting a throwaway PostgreSQL cluster");
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

  // a community, a worker, a survey
  const district = await db
    .insertInto("district")
    .values({ code: `B${Date.now()}`, name: "基准区" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const street = await db
    .insertInto("street")
    .values({ district_id: district.id, name: "基准街道" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const community = await db
    .insertInto("community")
    .values({ street_id: street.id, name: "基准社区", reported: "{}" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const user = await db
    .insertInto("app_user")
    .values({ phone: `139${String(Date.now()).slice(-8)}`, name: "基准社工", password_hash: null })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("role_assignment")
    .values({
      user_id: user.id,
      role: "community_worker",
      scope_type: "community",
      scope_community_id: community.id,
      scope_id: community.id,
    })
    .execute();
  const questions = [
    {
      kind: "single",
      text: "架空层改成什么？",
      required: true,
      options: ["健身", "老幼活动", "普法宣传", "党员教育"],
    },
    {
      kind: "multiple",
      text: "什么时间去？",
      required: true,
      options: ["早上", "白天", "傍晚", "晚上", "周末"],
    },
    { kind: "rating", text: "满意吗？", required: true },
    { kind: "number", text: "几口人去？", required: true, min: 0, max: 10 },
    { kind: "text", text: "建议", required: false },
  ];
  const { id: surveyId } = await db
    .insertInto("survey")
    .values({
      community_id: community.id,
      title: "基准问卷",
      answer_per: "household",
      questions: JSON.stringify(questions),
      opens_at: new Date(Date.now() - 86_400_000),
      closes_at: new Date(Date.now() + 86_400_000),
      published_at: new Date(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();

  // N answers in batches: responses, their answer rows, then the tally as the route keeps it
  const started = performance.now();
  const rand = prng(10);
  const pick = (n: number) => Math.floor(rand() * n);
  const BATCH = 500;
  for (let done = 0; done < o.answers; done += BATCH) {
    const n = Math.min(BATCH, o.answers - done);
    const responses = await db
      .insertInto("survey_response")
      .values(
        Array.from({ length: n }, (_, i) => ({
          community_id: community.id,
          survey_id: surveyId,
          respondent_key: surveyRespondentKey(config.piiKey, community.id, surveyId, `h:${done + i}`),
          resident_id: null,
          household_id: null,
          channel: (done + i) % 10 === 0 ? ("paper" as const) : ("online" as const),
          entered_by: null,
        })),
      )
      .returning("id")
      .execute();
    const rows = responses.flatMap(({ id }) => {
      const base = { community_id: community.id, survey_id: surveyId, response_id: id };
      const times = [0, 1, 2, 3, 4].filter(() => rand() < 0.4);
      if (!times.length) times.push(pick(5));
      const rating = 1 + pick(5);
      return [
        { ...base, question_index: 0, choice: pick(4), number_value: null, text_value: null },
        ...times.map((c) => ({
          ...base,
          question_index: 1,
          choice: c,
          number_value: null,
          text_value: null,
        })),
        { ...base, question_index: 1, choice: -1, number_value: null, text_value: null },
        { ...base, question_index: 2, choice: rating, number_value: rating, text_value: null },
        { ...base, question_index: 3, choice: 0, number_value: pick(6), text_value: null },
        ...(rand() < 0.3
          ? [
              {
                ...base,
                question_index: 4,
                choice: 0,
                number_value: null,
                text_value: `建议 ${id}：灯光亮一些`,
              },
            ]
          : []),
      ];
    });
    await db.insertInto("survey_answer").values(rows).execute();
  }
  await sql`
    insert into survey_tally (community_id, survey_id, question_index, choice, answers, total)
    select community_id, survey_id, question_index, choice, count(*), coalesce(sum(number_value), 0)
      from survey_answer where community_id = ${community.id} and survey_id = ${surveyId}
     group by community_id, survey_id, question_index, choice
    union all
    select community_id, survey_id, -1, 0, count(*), 0 from survey_response
     where community_id = ${community.id} and survey_id = ${surveyId} group by community_id, survey_id
    union all
    select community_id, survey_id, -1, 1, count(*), 0 from survey_response
     where community_id = ${community.id} and survey_id = ${surveyId} and channel = 'paper'
     group by community_id, survey_id`.execute(db);
  if (o.database === "postgres") await sql`analyze`.execute(db);
  const answerRows = await db
    .selectFrom("survey_answer")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("community_id", "=", community.id)
    .executeTakeFirstOrThrow();
  o.log(
    `survey-results: ${o.answers.toLocaleString("en")} answers (${Number(answerRows.n).toLocaleString("en")} answer rows) written in ${round((performance.now() - started) / 1000, 1)} s on ${o.database}`,
  );

  const app = await buildApp(config, database, {});
  o.registerCleanup(() => app.close());
  await app.listen({ host: "127.0.0.1", port: 0 });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const cookie = `linli_session=${await createSession(db, config, user.id)}`;
  const path = `/api/communities/${community.id}/surveys/${surveyId}/results`;
  const check = await fetch(url + path, { headers: { cookie } });
  const body = (await check.json()) as { responses: number };
  if (check.status !== 200 || body.responses !== o.answers)
    throw new Error(`results answered ${check.status} with ${body.responses} responses`);

  const load = (p: string) =>
    runHttpLoad({
      url,
      connections: o.connections,
      durationSeconds: o.durationSeconds,
      next: () => ({ path: p, cookie }),
    });
  await load(path); // warm-up: plans, caches, JIT
  const floor = await load("/api/health");
  const results = await load(path);
  const line: SurveyResultsLine = {
    scenario: `survey-results (${o.database})`,
    figure: `p95 ${round(results.latency.p95, 1)} ms`,
    unit: `at ${o.connections} concurrent readers, ${o.answers.toLocaleString("en")} answers`,
    baseline: `GET /api/health p95 ${round(floor.latency.p95, 1)} ms`,
    details: `p50 ${round(results.latency.p50, 1)} ms, p99 ${round(results.latency.p99, 1)} ms, ${round(results.requestsPerSecond, 0)} req/s, non-2xx ${results.non2xx}, errors ${results.errors}`,
  };
  const target = {
    target: `survey results p95 < 50 ms at ${o.connections} concurrent readers, ${o.answers.toLocaleString("en")} answers (${o.database})`,
    measured: `${round(results.latency.p95, 1)} ms`,
    pass: results.non2xx === 0 && results.errors === 0 && results.latency.p95 < 50,
  };
  return { lines: [line], targets: [target], results: { [line.scenario]: { floor, results } } };
}

// standalone: node --import tsx bench/survey-results.ts [--answers 20000] [--connections 20] [--duration 20]
if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      answers: { type: "string", default: "20000" },
      connections: { type: "string", default: "20" },
      duration: { type: "string", default: "20" },
      pglite: { type: "boolean", default: process.env.LINLI_BENCH_PGLITE === "1" },
    },
  });
  const cleanups: (() => Promise<void>)[] = [];
  const log = (m: string) => console.log(m);
  runSurveyResultsScenario({
    database: values.pglite ? "pglite" : "postgres",
    databaseUrl: process.env.DATABASE_URL,
    answers: Number(values.answers),
    connections: Number(values.connections),
    durationSeconds: Number(values.duration),
    log,
    registerCleanup: (fn) => cleanups.push(fn),
  })
    .then((r) => {
      for (const l of r.lines)
        console.log(`${l.scenario}\t${l.figure}\t${l.unit}\tbaseline: ${l.baseline}\t${l.details}`);
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
