// Issue 8's event spine (server/src/events/), over the same district and historical requests as
// bench/requests.ts, real code paths only:
//  - lag: while the real server runs as in production (it runs the job queue, and its LISTEN on
//    linli_events drains every consumer of the catalogue at once: events/dispatch-soon.ts), grid workers submit requests over HTTP at a steady rate (open loop). For each
//    submission: the time from its 201 answer (the commit precedes it) until every consumer's
//    position (event_consumer.last_txid, last_id) has passed its request.submitted event, read by
//    polling every 10 ms; p50/p95/p99 for all consumers together and for each;
//  - throughput: the server is stopped (so that no other process drains), `events` request events
//    about existing historical requests are committed through the real outbox (emitRequestEvent →
//    insertEvents, one transaction per event, 10 at a time), then drainEvents(db, CONSUMERS) — the
//    dispatch job's own function — handles them all; events/s = events ÷ drain seconds (each event
//    handled by every consumer: figures marks the rollup key dirty, request-notices notifies the
//    place's staff). Repeated `runs` times; the median is the figure. A consumer must end with its
//    position past every event; how many its handler was not called for ("passed over") is printed.
// "Reacted" is the position passing the event: an event passed over without its handler counts as
// reacted in the lag, so the lag line also prints the handler calls against the events committed.
import os from "node:os";
import { sql } from "kysely";
import pg from "pg";
import { openDatabase } from "../server/src/db/database.ts";
import { CONSUMERS } from "../server/src/events/catalogue.ts";
import { drainEvents } from "../server/src/events/dispatcher.ts";
import { consumerStates } from "../server/src/events/events.queries.ts";
import { emitRequestEvent, requestSubmitted } from "../server/src/modules/voice/requests/requests.events.ts";
import { sampleCpu } from "./http-load.ts";
import { type LatencySummary, median, pick, prng, round, summarise } from "./stats.ts";

export interface EventsBenchContext {
  url: string;
  serverPid: number;
  postmasterPid?: number;
  databaseUrl: string;
  workers: { communityId: number; gridId: number; cookie: string }[];
  /** Seconds of steady submissions for the lag. */
  durationSeconds: number;
  /** Submissions per second for the lag. */
  rate: number;
  /** Events committed and drained per throughput run. */
  events: number;
  runs: number;
  /** Stops the server (the throughput runs need the dispatcher to themselves). */
  stopServer: () => Promise<void>;
  log: (m: string) => void;
}

interface Line {
  scenario: string;
  figure: string;
  unit: string;
  baseline: string;
  details?: string;
}

const load = () => round(os.loadavg()[0]!, 2);
const fmt = (l: LatencySummary) =>
  `p50 ${round(l.p50)} p95 ${round(l.p95)} p99 ${round(l.p99)} max ${round(l.max)} ms (${l.count})`;

/** (txid, id) of an event or a consumer's position; xid8 compared as a 64-bit integer. */
interface Position {
  txid: bigint;
  id: bigint;
}
const atOrAfter = (p: Position, e: Position) => p.txid > e.txid || (p.txid === e.txid && p.id >= e.id);

async function measureLag(ctx: EventsBenchContext) {
  const { log } = ctx;
  const rand = prng(808);
  const client = new pg.Client({ connectionString: ctx.databaseUrl });
  await client.connect();
  try {
    const submitters: {
      communityId: number;
      cookie: string;
      buildings: number[];
      categoryId: number;
    }[] = [];
    for (const w of ctx.workers) {
      const b = await client.query(
        "select id from building where community_id = $1 and grid_id = $2 order by id",
        [w.communityId, w.gridId],
      );
      const c = await client.query(
        "select id from request_category where community_id = $1 and 'problem' = any(kinds) and active order by sort, id limit 1",
        [w.communityId],
      );
      if (b.rows.length && c.rows.length)
        submitters.push({
          communityId: w.communityId,
          cookie: w.cookie,
          buildings: b.rows.map((r) => r.id as number),
          categoryId: c.rows[0].id as number,
        });
    }
    const consumers = CONSUMERS.map((c) => c.name);
    // the cursor over committed events starts at the newest one (everything before is not ours)
    const start = await client.query(
      "select coalesce(max(txid::text::numeric), 0)::text as txid, coalesce(max(id), 0)::text as id from domain_event",
    );
    let cursor: Position = { txid: BigInt(start.rows[0].txid), id: 0n };
    const handledCounts = async () =>
      Object.fromEntries(
        (await client.query("select name, handled::text as handled from event_consumer")).rows.map((r) => [
          r.name as string,
          Number(r.handled),
        ]),
      ) as Record<string, number>;
    const eventCount = async () =>
      Number((await client.query("select count(*)::text as n from domain_event")).rows[0].n);
    const handledBefore = await handledCounts();
    const eventsBefore = await eventCount();
    // request id → when its 201 arrived; event position once seen; when each consumer passed it
    const answered = new Map<number, number>();
    const events = new Map<number, Position>();
    const reacted = new Map<number, Map<string, number>>();
    let non2xx = 0;
    let firstFailure: string | undefined;
    let sent = 0;
    let polling = true;
    const poll = async () => {
      while (polling) {
        const t = performance.now();
        const fresh = await client.query(
          `select txid::text as txid, id::text as id, aggregate_id from domain_event
           where (txid, id) > ($1::text::xid8, $2::bigint) and txid < pg_snapshot_xmin(pg_current_snapshot())
             and type = $3 and aggregate_type = 'request'
           order by domain_event.txid, domain_event.id`,
          [cursor.txid.toString(), cursor.id.toString(), requestSubmitted.type],
        );
        for (const r of fresh.rows) {
          const p = { txid: BigInt(r.txid), id: BigInt(r.id) };
          events.set(Number(r.aggregate_id), p);
          cursor = p;
        }
        const positions = await client.query(
          "select name, last_txid::text as txid, last_id::text as id from event_consumer",
        );
        const now = performance.now();
        for (const row of positions.rows) {
          const p = { txid: BigInt(row.txid), id: BigInt(row.id) };
          for (const [requestId, e] of events) {
            if (!answered.has(requestId)) continue; // not one of ours (or its answer is still on its way)
            const seen = reacted.get(requestId) ?? new Map<string, number>();
            reacted.set(requestId, seen);
            if (!seen.has(row.name) && atOrAfter(p, e)) seen.set(row.name, now);
          }
        }
        const wait = 10 - (performance.now() - t);
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
    };
    log(
      `events lag: ${ctx.rate} submissions/s for ${ctx.durationSeconds} s over HTTP; polling the consumers' positions every 10 ms`,
    );
    const poller = poll();
    const cpu = sampleCpu(ctx.serverPid, ctx.postmasterPid);
    const inFlight: Promise<void>[] = [];
    const started = performance.now();
    const total = Math.round(ctx.rate * ctx.durationSeconds);
    for (let i = 0; i < total; i++) {
      const due = started + (i * 1000) / ctx.rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const s = pick(rand, submitters);
      sent++;
      inFlight.push(
        fetch(`${ctx.url}/api/communities/${s.communityId}/requests`, {
          method: "POST",
          headers: { cookie: s.cookie, "content-type": "application/json", accept: "application/json" },
          body: JSON.stringify({
            kind: "problem",
            categoryId: s.categoryId,
            title: `井盖松动 ${i}`,
            description: "小区门口井盖松动，车过有响声",
            place: { type: "building", buildingId: pick(rand, s.buildings) },
          }),
        }).then(async (res) => {
          const at = performance.now();
          const text = await res.text();
          if (!res.ok) {
            non2xx++;
            firstFailure ??= `${res.status} ${text.slice(0, 200)}`;
            return;
          }
          answered.set(Number(JSON.parse(text).id), at);
        }),
      );
    }
    await Promise.all(inFlight);
    const submitSeconds = (performance.now() - started) / 1000;
    const cpuUse = cpu.stop();
    // the last reactions: wait until every answered request is passed by every consumer (≤ 90 s)
    const deadline = performance.now() + 90_000;
    const complete = () =>
      [...answered.keys()].every((id) => (reacted.get(id)?.size ?? 0) === consumers.length);
    while (!complete() && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    polling = false;
    await poller;
    // events committed during the window vs events each consumer's handler was called for
    const eventsInWindow = (await eventCount()) - eventsBefore;
    const handledAfter = await handledCounts();
    const handledInWindow = Object.fromEntries(
      consumers.map((c) => [c, (handledAfter[c] ?? 0) - (handledBefore[c] ?? 0)]),
    );
    const lagAll: number[] = [];
    const lagBy: Record<string, number[]> = Object.fromEntries(consumers.map((c) => [c, []]));
    let missing = 0;
    for (const [id, at] of answered) {
      const seen = reacted.get(id);
      if (!seen || seen.size < consumers.length) {
        missing++;
        continue;
      }
      lagAll.push(Math.max(...seen.values()) - at);
      for (const [name, t] of seen) lagBy[name]?.push(t - at);
    }
    const all = summarise(lagAll);
    const byConsumer = Object.fromEntries(Object.entries(lagBy).map(([k, v]) => [k, summarise(v)]));
    log(
      `events lag: ${fmt(all)}; ${Object.entries(byConsumer)
        .map(([k, v]) => `${k} p50 ${round(v.p50)} p95 ${round(v.p95)} ms`)
        .join(
          "; ",
        )}; sent ${sent}, answered ${answered.size}, non-2xx ${non2xx} ${firstFailure ?? ""}, never reacted ${missing}; events committed ${eventsInWindow}, handled ${JSON.stringify(handledInWindow)} (load ${load()})`,
    );
    return {
      all,
      byConsumer,
      eventsInWindow,
      handledInWindow,
      sent,
      answered: answered.size,
      non2xx,
      firstFailure,
      missing,
      submitSeconds,
      cpu: cpuUse,
      loadAverage: load(),
    };
  } finally {
    await client.end();
  }
}

async function measureThroughput(ctx: EventsBenchContext) {
  const { log } = ctx;
  const database = await openDatabase({ databaseUrl: ctx.databaseUrl, poolSize: 10 });
  const { db } = database;
  try {
    // whatever the stopped server left undrained is not part of the measure
    await drainEvents(db, CONSUMERS);
    const n = ctx.events;
    // historical requests to emit events about: a random sample of pages of the table
    const est = await db
      .selectFrom("request")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    const count = Number(est.n);
    const percent = Math.min(100, ((n * ctx.runs * 1.5) / Math.max(1, count)) * 100);
    const { rows: sample } = await pg_sample(ctx.databaseUrl, percent, n * ctx.runs);
    if (sample.length < n) throw new Error(`events: only ${sample.length} requests sampled, need ${n}`);
    const runs: {
      events: number;
      commitSeconds: number;
      horizonSeconds: number;
      drainSeconds: number;
      eventsPerSecond: number;
      handled: Record<string, number>;
      passedOver: Record<string, number>;
      notifications: number;
      loadAverage: number;
      cpuDispatcher: number;
      cpuPostgres: number;
      cpuOthers: number;
    }[] = [];
    for (let run = 0; run < ctx.runs; run++) {
      const slice = sample.length >= n * ctx.runs ? sample.slice(run * n, (run + 1) * n) : sample.slice(0, n);
      log(`events throughput, run ${run + 1}/${ctx.runs}: committing ${n} request.submitted events`);
      let t = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: 10 }, async () => {
          while (next < slice.length) {
            const r = slice[next++]!;
            await db.transaction().execute((trx) => emitRequestEvent(trx, requestSubmitted, r, null));
          }
        }),
      );
      const commitSeconds = (performance.now() - t) / 1000;
      const before = await db
        .selectFrom("notification")
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .executeTakeFirstOrThrow();
      // "server" here is this process (the dispatcher), which sampleCpu also counts as the load generator
      // consumers read only events below the oldest running transaction (eventsAfter): wait until
      // every transaction older than our last event has ended (an autovacuum's ANALYZE may be one),
      // so that the drain measures the consumers, not that horizon
      t = performance.now();
      for (;;) {
        const { rows } = await sql<{ ready: boolean }>`
          select not exists (select from domain_event where txid >= pg_snapshot_xmin(pg_current_snapshot())) as ready`.execute(
          db,
        );
        if (rows[0]?.ready || performance.now() - t > 60_000) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      const horizonSeconds = (performance.now() - t) / 1000;
      const cpu = sampleCpu(process.pid, ctx.postmasterPid);
      t = performance.now();
      const handled = await drainEvents(db, CONSUMERS);
      const drainSeconds = (performance.now() - t) / 1000;
      const cpuUse = cpu.stop();
      const after = await db
        .selectFrom("notification")
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .executeTakeFirstOrThrow();
      // every consumer's position must have passed all n events; an event it passed without calling
      // its handler is counted (and shown) as passed over, never hidden
      const behind = await consumerStates(db);
      const passedOver: Record<string, number> = {};
      for (const c of CONSUMERS) {
        const state = behind.find((x) => x.name === c.name);
        if (!state || state.behind > 0)
          throw new Error(`events: ${c.name} is still ${state?.behind ?? "?"} events behind after the drain`);
        passedOver[c.name] = n - (handled[c.name] ?? 0);
      }
      const r = {
        events: n,
        commitSeconds,
        horizonSeconds,
        drainSeconds,
        eventsPerSecond: n / drainSeconds,
        handled,
        passedOver,
        notifications: Number(after.n) - Number(before.n),
        loadAverage: load(),
        cpuDispatcher: cpuUse.server,
        cpuPostgres: cpuUse.postgres,
        // this process was counted twice (as server and as load generator): add it back once
        cpuOthers: cpuUse.others + cpuUse.loadGenerator,
      };
      runs.push(r);
      log(
        `events throughput, run ${run + 1}: committed in ${round(commitSeconds)} s (${round(n / commitSeconds, 0)} events/s), older transactions ended after ${round(horizonSeconds, 2)} s, drained in ${round(drainSeconds)} s = ${round(r.eventsPerSecond, 0)} events/s; handled ${JSON.stringify(handled)}, passed over without handling ${JSON.stringify(passedOver)}; ${r.notifications} notifications (load ${r.loadAverage})`,
      );
    }
    return { runs, medianEventsPerSecond: median(runs.map((r) => r.eventsPerSecond)) };
  } finally {
    await database.close();
  }
}

/** A sample of historical requests (id, community, grid, created_at) by pages of the table. */
async function pg_sample(databaseUrl: string, percent: number, limit: number) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const res = await client.query(
      `select id, community_id, grid_id, created_at from request tablesample system (${Number(percent.toFixed(4))})
       where grid_id is not null limit ${Math.trunc(limit)}`,
    );
    return {
      rows: res.rows.map((r) => ({
        id: Number(r.id),
        community_id: r.community_id as number,
        grid_id: r.grid_id as number | null,
        created_at: r.created_at as Date,
      })),
    };
  } finally {
    await client.end();
  }
}

export async function runEventsScenario(ctx: EventsBenchContext) {
  const lines: Line[] = [];
  const lag = await measureLag(ctx);
  ctx.log("events: stopping the server, so that the bench's dispatcher is the only one");
  await ctx.stopServer();
  const throughput = await measureThroughput(ctx);
  const consumers = CONSUMERS.map((c) => c.name).join(", ");
  lines.push({
    scenario: "events-throughput",
    figure: String(round(throughput.medianEventsPerSecond, 0)),
    unit: "events/s",
    baseline: "—",
    details: `drainEvents over ${ctx.events} request.submitted events, every consumer (${consumers}); median of ${throughput.runs.length}: runs ${throughput.runs.map((r) => round(r.eventsPerSecond, 0)).join(" / ")} events/s, drain ${throughput.runs.map((r) => round(r.drainSeconds)).join(" / ")} s; committed through the outbox at ${throughput.runs.map((r) => round(r.events / r.commitSeconds, 0)).join(" / ")} events/s (10 connections, one transaction each); passed over without handling ${throughput.runs.map((r) => JSON.stringify(r.passedOver)).join(" / ")}; notifications written ${throughput.runs.map((r) => r.notifications).join(" / ")}; CPU cores dispatcher ${throughput.runs.map((r) => round(r.cpuDispatcher, 2)).join(" / ")}, postgres ${throughput.runs.map((r) => round(r.cpuPostgres, 2)).join(" / ")}, others ${throughput.runs.map((r) => round(r.cpuOthers, 2)).join(" / ")}; load avg ${throughput.runs.map((r) => r.loadAverage).join(" / ")}${throughput.runs.some((r) => Object.values(r.passedOver).some((v) => v > 0)) ? " — EVENTS PASSED OVER WITHOUT HANDLING" : ""}`,
  });
  lines.push({
    scenario: "events-lag",
    figure: String(round(lag.all.p95)),
    unit: "ms p95",
    baseline: "—",
    details:
      `commit (201 answer) → every consumer past the event: ${fmt(lag.all)}; ` +
      Object.entries(lag.byConsumer)
        .map(([k, v]) => `${k} p50 ${round(v.p50)} p95 ${round(v.p95)} ms`)
        .join("; ") +
      `; ${ctx.rate} submissions/s for ${ctx.durationSeconds} s (${lag.answered} answered, non-2xx ${lag.non2xx}, never reacted ${lag.missing}); ` +
      `events committed in the window ${lag.eventsInWindow}, handled ${JSON.stringify(lag.handledInWindow)}; ` +
      `CPU cores server ${round(lag.cpu.server, 2)} postgres ${round(lag.cpu.postgres, 2)} others ${round(lag.cpu.others, 2)}; load avg ${lag.loadAverage}` +
      (lag.non2xx || lag.missing ? " — FAILED" : ""),
  });
  return { lines, results: { "events-lag": lag, "events-throughput": throughput } };
}
