// `npm run bench -- topics-list`: issue 10's "a resident's topic list p95 < 30 ms at 50 clients" on
// PostgreSQL with the synthetic district (1,000,000 residents). Runs inside run.ts's normal flow: after
// the district is generated and the server started, it writes topics with set-based SQL — per
// community 5 community-wide topics, one per estate and one for every 10th building, each on the
// community's X+7 template (topics.service ensureTemplates) at a spread of stages, with the record of
// entering that stage — then ANALYZEs, gives 50 verified residents of 50 different communities an
// account and a session (createSession, as bench/survey-results.ts does), and loads
// GET /api/me/topics with autocannon at `connections` clients. The baseline in the same run is the
// service call (topics.service myTopics) straight through a pool as large as the server's, without
// HTTP, session lookup or JSON. Prints p50/p95/p99, req/s, the statements per request and the plans.
import os from "node:os";
import { sql } from "kysely";
import pg from "pg";
import { loadActor } from "../server/src/access/actor.queries.ts";
import type { Actor } from "../server/src/access/reach.ts";
import { loadConfig } from "../server/src/config.ts";
import { openDatabase } from "../server/src/db/database.ts";
import { createSession } from "../server/src/http/session.ts";
import { ensureTemplates, myTopics } from "../server/src/modules/deliberation/topics/topics.service.ts";
import { captureQueries, type ExplainedQuery, explainAnalyze, measurePerRequestCost } from "./diagnose.ts";
import { runHttpLoad } from "./http-load.ts";
import { runSqlLoad } from "./sql-load.ts";
import { median, pick, prng, round } from "./stats.ts";

/** The server's pg pool size (openDatabase's default), for a baseline on equal terms. */
const SERVER_POOL_SIZE = 20;
const TARGET_MS = 30;
const RESIDENTS = 50;

const TITLES = [
  "架空层改造方案征求意见",
  "小区停车位重新划线",
  "电动车集中充电棚选址",
  "垃圾分类投放点调整",
  "加装电梯意向征集",
  "楼道照明更换为感应灯",
  "健身器材更新",
  "物业费调整听证",
  "绿化带改小菜园的提议",
  "外墙渗水维修资金使用",
];

export interface TopicsListResult {
  lines: { scenario: string; figure: string; unit: string; baseline: string; details?: string }[];
  targets: { target: string; measured: string; pass: boolean | null }[];
  results: Record<string, unknown>;
}

export async function runTopicsListScenario(o: {
  url: string;
  serverPid: number;
  postmasterPid?: number | undefined;
  databaseUrl: string;
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  /** The district's size, for the target line (the target holds at 1,000,000). */
  residents: number;
  log: (m: string) => void;
}): Promise<TopicsListResult> {
  const { log } = o;
  const database = await openDatabase({ databaseUrl: o.databaseUrl, poolSize: SERVER_POOL_SIZE });
  const db = database.db;
  try {
    // 1. Templates: the default X+7 of every community, as the settings page makes it.
    let t0 = performance.now();
    const communities = await db.selectFrom("community").select("id").orderBy("id").execute();
    for (const c of communities) await db.transaction().execute((trx) => ensureTemplates(trx, c.id));
    const templatesSeconds = (performance.now() - t0) / 1000;

    // 2. Topics, set-based. Each community's default template; the stage spread over the eight
    // stages by the topic's number; a tenth of them still proposals (at 收集) awaiting support.
    t0 = performance.now();
    const titles = `array[${TITLES.map((t) => `'${t}'`).join(",")}]::text[]`;
    await sql
      .raw(`
      with tpl as (
        select t.community_id, t.id as template_id from topic_template t where t.is_default
      ), places as (
        select c.id as community_id, 'community' as tier, null::int as estate_id, null::int as building_id,
               null::int as grid_id, n
          from community c cross join generate_series(1, 5) n
        union all
        select e.community_id, 'estate', e.id, null, g.grid_id, e.id
          from estate e
          left join lateral (
            select min(b.grid_id) as grid_id from building b
             where b.community_id = e.community_id and b.estate_id = e.id
            having count(distinct b.grid_id) = 1
          ) g on true
        union all
        select b.community_id, 'building', b.estate_id, b.id, b.grid_id, b.id
          from (select b.*, row_number() over (partition by b.community_id order by b.id) as k from building b) b
         where b.k % 10 = 1
      ), numbered as (
        select p.*, tpl.template_id, (row_number() over (order by p.community_id, p.tier, p.n))::int as i
          from places p join tpl using (community_id)
      )
      insert into topic (community_id, title, description, tier, estate_id, building_id, grid_id, template_id,
                         stage_id, stage_entered_at, status, origin_kind, created_at, opened_at)
      select x.community_id, (${titles})[1 + x.i % ${TITLES.length}] || '（' || x.i || '）', '基准议题', x.tier,
             x.estate_id, x.building_id, x.grid_id, x.template_id, st.id,
             now() - make_interval(hours => (x.i * 7919 % 2000)::int),
             case when x.i % 10 = 0 then 'proposal' else 'open' end,
             case when x.i % 10 = 0 then 'proposal' else 'staff' end,
             now() - make_interval(hours => 2000 + (x.i * 7919 % 2000)::int),
             case when x.i % 10 = 0 then null else now() - make_interval(hours => 2000) end
        from numbered x
        join topic_template_stage st
          on st.community_id = x.community_id and st.template_id = x.template_id
         and st.position = case when x.i % 10 = 0 then 1 else 1 + x.i % 8 end`)
      .execute(db);
    await sql`
      insert into topic_stage_record (community_id, topic_id, stage_id, action, text, is_public, created_at)
      select community_id, id, stage_id, 'entered', '', true, stage_entered_at from topic`.execute(db);
    await sql`analyze topic, topic_template, topic_template_stage, topic_stage_record, topic_support, topic_party`.execute(
      db,
    );
    const counts = await sql<{ tier: string; n: number }>`
      select tier, count(*)::int as n from topic group by tier order by tier`.execute(db);
    const byTier = Object.fromEntries(counts.rows.map((r) => [r.tier, r.n]));
    const topicsSeconds = (performance.now() - t0) / 1000;
    log(
      `topics-list: ${communities.length} communities' templates in ${round(templatesSeconds)} s; topics ${JSON.stringify(byTier)} in ${round(topicsSeconds)} s`,
    );

    // 3. 50 verified residents (owners) of 50 different communities, each with an account and a session.
    const picked = await sql<{ community_id: number; id: number }>`
      select distinct on (r.community_id) r.community_id, r.id
        from resident r
       where r.status = 'verified' and r.relation = 'owner' and r.user_id is null
         and r.community_id in (select id from community order by id limit ${RESIDENTS})
       order by r.community_id, (r.id::bigint * 7919) % 1009, r.id`.execute(db);
    if (picked.rows.length < RESIDENTS)
      log(`topics-list: only ${picked.rows.length} communities have a verified owner; using them`);
    const config = loadConfig({ databaseUrl: o.databaseUrl, webDist: "/nonexistent", jobs: false });
    const residents: { userId: number; communityId: number; cookie: string; actor: Actor }[] = [];
    for (const [i, r] of picked.rows.entries()) {
      const user = await db
        .insertInto("app_user")
        .values({ phone: `166${String(i).padStart(8, "0")}`, name: `基准居民${i}`, password_hash: null })
        .returning("id")
        .executeTakeFirstOrThrow();
      await db
        .updateTable("resident")
        .set({ user_id: user.id })
        .where("community_id", "=", r.community_id)
        .where("id", "=", r.id)
        .execute();
      const cookie = `linli_session=${await createSession(db, config, user.id)}`;
      const actor = await loadActor(db, user.id);
      if (!actor) throw new Error(`no actor for user ${user.id}`);
      residents.push({ userId: user.id, communityId: r.community_id, cookie, actor });
    }
    await sql`analyze app_user, resident, session`.execute(db);

    // every resident's list answers 200 with their topics
    const itemCounts: number[] = [];
    for (const r of residents) {
      const res = await fetch(`${o.url}/api/me/topics`, { headers: { cookie: r.cookie } });
      const body = (await res.json()) as { items?: unknown[] };
      if (res.status !== 200 || !Array.isArray(body.items))
        throw new Error(`GET /api/me/topics answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`);
      itemCounts.push(body.items.length);
    }
    const items = {
      min: Math.min(...itemCounts),
      median: median(itemCounts),
      max: Math.max(...itemCounts),
    };
    log(
      `topics-list: ${residents.length} residents in ${new Set(residents.map((r) => r.communityId)).size} communities; topics per list min ${items.min}, median ${items.median}, max ${items.max}`,
    );

    // 4. Load: HTTP, then the service call straight (the baseline), each after a warm-up.
    const rand = prng(1010);
    const next = () => ({ path: "/api/me/topics", cookie: pick(rand, residents).cookie });
    const operation = () => myTopics(db, pick(rand, residents).actor);
    if (o.warmupSeconds > 0) {
      log(`topics-list: warm-up ${o.warmupSeconds} s`);
      await runHttpLoad({
        url: o.url,
        connections: o.connections,
        durationSeconds: o.warmupSeconds,
        next,
      });
      await runSqlLoad(o.connections, Math.min(o.warmupSeconds, 3), operation);
    }
    const loadBefore = os.loadavg()[0]!;
    log(
      `topics-list: ${o.connections} connections for ${o.durationSeconds} s (load avg ${round(loadBefore, 2)})`,
    );
    const http = await runHttpLoad({
      url: o.url,
      connections: o.connections,
      durationSeconds: o.durationSeconds,
      next,
      serverPid: o.serverPid,
      postmasterPid: o.postmasterPid,
    });
    log(
      `topics-list: SQL baseline (myTopics without HTTP), ${o.connections} concurrent for ${o.durationSeconds} s`,
    );
    const direct = await runSqlLoad(o.connections, o.durationSeconds, operation);
    const failed = http.non2xx + http.errors + http.timeouts;
    log(
      `topics-list: HTTP p50 ${round(http.latency.p50)} p95 ${round(http.latency.p95)} p99 ${round(http.latency.p99)} ms, ` +
        `${round(http.requestsPerSecond, 0)} req/s, failed ${failed}; CPU cores server ${http.cpu?.server} postgres ${http.cpu?.postgres} ` +
        `load ${http.cpu?.loadGenerator} others ${http.cpu?.others}; direct p50 ${round(direct.latency.p50)} p95 ${round(direct.latency.p95)} ms, ` +
        `${round(direct.operationsPerSecond, 0)} ops/s`,
    );

    // 5. What one request costs in the database, and the plans of the handler's queries.
    log("topics-list: statements per request (200 sequential requests)");
    const perRequest = await measurePerRequestCost(o.databaseUrl, 200, async () => {
      const { path, cookie } = next();
      await (await fetch(o.url + path, { headers: { cookie } })).arrayBuffer();
    });
    const sample = residents[0]!;
    const queries = await captureQueries(o.databaseUrl, (qdb) => myTopics(qdb, sample.actor));
    const client = new pg.Client({ connectionString: o.databaseUrl });
    await client.connect();
    let plans: ExplainedQuery[];
    try {
      plans = await explainAnalyze(client, queries);
    } finally {
      await client.end();
    }
    const pass =
      failed === 0 &&
      http.latency.p95 < TARGET_MS &&
      o.connections >= 50 &&
      o.residents >= 1_000_000 &&
      residents.length >= 50;
    if (!pass) {
      log(
        `topics-list missed its target. Per request: ${perRequest.statements} SQL statements; table accesses ${JSON.stringify(perRequest.tables)}. The handler's queries:`,
      );
      for (const p of plans) log(`\n-- ${p.sql}\n-- params ${JSON.stringify(p.parameters)}\n${p.plan}`);
    }
    const totalTopics = Object.values(byTier).reduce((s, n) => s + n, 0);
    return {
      lines: [
        {
          scenario: "topics-list",
          figure: String(round(http.latency.p95)),
          unit: "ms p95",
          baseline: `myTopics direct p95 ${round(direct.latency.p95)} ms, ${round(direct.operationsPerSecond, 0)} ops/s (HTTP/direct: p95 ×${round(http.latency.p95 / direct.latency.p95)}, throughput ×${round(http.requestsPerSecond / direct.operationsPerSecond, 2)})`,
          details:
            `p50 ${round(http.latency.p50)}, p99 ${round(http.latency.p99)} ms; ${round(http.requestsPerSecond, 0)} req/s; failed ${failed}; ` +
            `${totalTopics} topics ${JSON.stringify(byTier)}; ${residents.length} residents, topics per list ${items.min}–${items.max} (median ${items.median}); ` +
            `CPU cores server ${http.cpu?.server}, postgres ${http.cpu?.postgres}, load generator ${http.cpu?.loadGenerator}, others ${http.cpu?.others}; ` +
            `${perRequest.statements} SQL statements/request; handler's queries ${plans.map((p) => `${p.executionMs} ms`).join(", ")}; load avg before ${round(loadBefore, 2)}` +
            (failed ? ` — FAILED: ${JSON.stringify(http.statusCodes)} ${http.sampleFailure ?? ""}` : ""),
        },
      ],
      targets: [
        {
          target: `resident topic list p95 < ${TARGET_MS} ms at ${o.connections} clients, ${o.residents} residents, PostgreSQL`,
          measured: `${round(http.latency.p95)} ms${failed ? ` (${failed} failed requests)` : ""}`,
          pass,
        },
      ],
      results: {
        "topics-list": {
          http,
          direct,
          topics: byTier,
          templatesSeconds,
          topicsSeconds,
          residents: residents.length,
          itemsPerList: items,
          perRequest,
          plans,
          loadAverageBefore: loadBefore,
        },
      },
    };
  } finally {
    await database.close();
  }
}
