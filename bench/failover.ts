// `npm run bench -- failover [--failover-mode standby|single|both]` (or on its own:
// `node --import tsx bench/failover.ts [standby|single|both] [clients]`): issue 16's failover under a
// write load (docs/failover.md). A pg_auto_failover formation on loopback (server/test/failover/
// cluster.ts) — a monitor and a primary with a synchronous standby, or (`single`) one PostgreSQL with
// no standby — and the real app in this process on the multi-host URL. Residents submit requests over
// HTTP without pause — and, in turn, owners change their online ballot in an open vote over HTTP and the
// app books ledger transactions on its pool — after a few seconds the primary is killed hard (kill -9 of its keeper and its
// postgres: the standby is promoted) or, in `single`, only postgres is killed (its keeper starts it
// again: crash recovery, as systemd would). The load goes on until writes succeed again, and a little
// after. Then: every acknowledged write (a 200 with the request's id) must be in the database; the
// window (kill → first acknowledged write after it) in seconds; each owner's stored ballot is the last one
// acknowledged (or one tried after it whose answer was lost), the vote's tally equals its recount, every
// acknowledged booking is there and the community's ledger chain verifies; the answers by status during it (503
// DATABASE_UNAVAILABLE expected; never a 500, never a request left hanging past its timeout).
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { buildApp } from "../server/src/app.ts";
import { loadConfig } from "../server/src/config.ts";
import { openDatabase } from "../server/src/db/database.ts";
import { migrateToLatest } from "../server/src/db/migrate.ts";
import { createSession } from "../server/src/http/session.ts";
import { ensureAccount, post, verifyLedger } from "../server/src/modules/core/ledger/ledger.service.ts";
import { checkedTally } from "../server/src/modules/deliberation/votes/votes.service.ts";
import { startAutoFailoverCluster } from "../server/test/failover/cluster.ts";

export type FailoverMode = "standby" | "single";

export interface FailoverOptions {
  mode: FailoverMode;
  /** concurrent residents submitting */
  clients: number;
  /** seconds of load before the kill, and after the first success that follows it */
  steadySeconds: number;
  /** a client gives up on a request after this long (counted as a hang) */
  requestTimeoutMs: number;
  /** the scenario fails when writes do not succeed again within this long */
  recoveryTimeoutMs: number;
  log: (m: string) => void;
}

export interface FailoverResult {
  mode: FailoverMode;
  acknowledged: number;
  present: number;
  missing: string[];
  /** per kind of write: acknowledged and present after (ballots: owners whose stored ballot is right) */
  kinds: Record<"request" | "ballot" | "booking", { acknowledged: number; present: number }>;
  ledgerVerified: boolean;
  tallyEqualsRecount: boolean;
  windowSeconds: number;
  /** answers of requests that ended between the kill and the first success after it */
  duringWindow: Record<string, number>;
  /** all answers of the run */
  all: Record<string, number>;
  slowestMs: number;
}

export const FAILOVER_DEFAULTS = {
  clients: 8,
  steadySeconds: 4,
  requestTimeoutMs: 30_000,
  recoveryTimeoutMs: 120_000,
} as const;

export async function runFailover(opts: FailoverOptions): Promise<FailoverResult> {
  const { log } = opts;
  log(`failover (${opts.mode}): starting a pg_auto_failover formation`);
  const cluster = await startAutoFailoverCluster({ standby: opts.mode === "standby", log });
  const cleanups: (() => Promise<unknown>)[] = [() => cluster.stop()];
  try {
    log(`failover (${opts.mode}): ${cluster.url}`);
    const database = await openDatabase({ databaseUrl: cluster.url, poolSize: 10 });
    cleanups.push(() => database.close());
    const db = database.db;
    await migrateToLatest(db);
    const config = loadConfig({
      databaseUrl: cluster.url,
      webDist: "/nonexistent",
      jobs: false,
      submissionLimits: { ownPerHour: 1_000_000, ownPerDay: 1_000_000, staffPerHour: 1_000_000 },
    });
    const district = await db
      .insertInto("district")
      .values({ code: "FO-1", name: "切换测试区" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const street = await db
      .insertInto("street")
      .values({ district_id: district.id, name: "切换测试街道" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const { id: cid } = await db
      .insertInto("community")
      .values({ street_id: street.id, name: "切换测试社区", reported: "{}" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const estate = await db
      .insertInto("estate")
      .values({ community_id: cid, name: "切换小区", property_org_id: null })
      .returning("id")
      .executeTakeFirstOrThrow();
    const building = await db
      .insertInto("building")
      .values({ community_id: cid, estate_id: estate.id, grid_id: null, name: "1栋", floors: 6 })
      .returning("id")
      .executeTakeFirstOrThrow();
    const category = await db
      .insertInto("request_category")
      .values({ community_id: cid, code: "failover", name_zh: "切换测试", name_en: "Failover" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const cookies: string[] = [];
    for (let i = 0; i < opts.clients; i++) {
      const user = await db
        .insertInto("app_user")
        .values({ phone: `176${String(i).padStart(8, "0")}`, name: `居民${i}`, password_hash: "x" })
        .returning("id")
        .executeTakeFirstOrThrow();
      const home = await db
        .insertInto("household")
        .values({
          community_id: cid,
          building_id: building.id,
          unit_id: null,
          grid_id: null,
          floor: 1,
          room: `${i}`,
          area_m2: 80 + i,
          area_source: "register",
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await db
        .insertInto("resident")
        .values({
          community_id: cid,
          user_id: user.id,
          household_id: home.id,
          name: `居民${i}`,
          relation: "owner",
          status: "verified",
        })
        .execute();
      cookies.push(`linli_session=${await createSession(db, config, user.id)}`);
    }

    const staffUser = await db
      .insertInto("app_user")
      .values({ phone: "17699999999", name: "切换测试社工", password_hash: "x" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db
      .insertInto("role_assignment")
      .values({
        user_id: staffUser.id,
        role: "community_worker",
        scope_type: "community",
        scope_community_id: cid,
        scope_id: cid,
      })
      .execute();
    const staffCookie = `linli_session=${await createSession(db, config, staffUser.id)}`;
    const source = await ensureAccount(db, {
      communityId: cid,
      code: "failover:source",
      nameZh: "切换测试来源",
      nameEn: "Failover source",
      unit: "point",
      allowNegative: true,
    });
    const sinks = await Promise.all(
      cookies.map((_, i) =>
        ensureAccount(db, {
          communityId: cid,
          code: `failover:sink:${i}`,
          nameZh: `切换测试账户${i}`,
          nameEn: `Failover account ${i}`,
          unit: "point",
          allowNegative: false,
        }),
      ),
    );

    const app = await buildApp(config, database);
    await app.listen({ host: "127.0.0.1", port: 0 });
    cleanups.push(() => app.close());
    const address = app.server.address();
    const port = typeof address === "object" && address ? address.port : 0;
    const route = `http://127.0.0.1:${port}/api/communities/${cid}/requests`;
    const votes = `http://127.0.0.1:${port}/api/communities/${cid}/votes`;
    const staffCall = async (method: string, url: string, body?: unknown) => {
      const res = await fetch(url, {
        method,
        headers: { cookie: staffCookie, ...(body ? { "content-type": "application/json" } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      const json = (await res.json()) as { id?: number };
      if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    };
    const vote = await staffCall("POST", votes, {
      title: "切换测试表决",
      estateId: estate.id,
      matter: 7,
      questions: [{ text: "同意" }],
      opensAt: new Date(Date.now() - 3_600_000).toISOString(),
      closesAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    await staffCall("POST", `${votes}/${vote.id}/open`);
    const ballotUrl = `${votes}/${vote.id}/ballot`;

    const t0 = performance.now();
    const now = () => (performance.now() - t0) / 1000;
    const acknowledged = new Map<string, number>(); // title → request id
    // per owner (client index): the receipts of ballots in the order tried, and how many of them were acknowledged
    const ballots = cookies.map(() => ({ tried: [] as (string | null)[], lastAcked: -1 }));
    const booked = new Map<string, number>(); // idempotency key → ledger transaction id
    const answers: { status: string; start: number; end: number }[] = [];
    let killedAt = Number.POSITIVE_INFINITY;
    let recoveredAt = Number.POSITIVE_INFINITY;
    let stopAt = Number.POSITIVE_INFINITY;
    let seq = 0;

    const ack = (start: number) => {
      if (start > killedAt && recoveredAt === Number.POSITIVE_INFINITY) {
        recoveredAt = now();
        stopAt = recoveredAt + opts.steadySeconds;
      }
    };
    const failed = (err: unknown) =>
      (err as Error).name === "TimeoutError" ? "hang (client timeout)" : "network error";
    // a ballot changed over HTTP: acknowledged with its receipt
    const castBallot = async (cookie: string, who: number, start: number): Promise<string> => {
      const mine = ballots[who]!;
      mine.tried.push(null);
      try {
        const res = await fetch(ballotUrl, {
          method: "PUT",
          headers: { cookie, "content-type": "application/json" },
          body: JSON.stringify({ choices: [(["Y", "N", "A"] as const)[mine.tried.length % 3]] }),
          signal: AbortSignal.timeout(opts.requestTimeoutMs),
        });
        const body = (await res.json()) as { receipt?: string; code?: string };
        if (res.ok && typeof body.receipt === "string") {
          mine.tried[mine.tried.length - 1] = body.receipt;
          mine.lastAcked = mine.tried.length - 1;
          ack(start);
          return "200";
        }
        return `${res.status} ${body.code ?? ""}`.trim();
      } catch (err) {
        return failed(err);
      }
    };
    // a ledger booking on the app's own pool (the multi-host URL): acknowledged when post() returns
    let bookings = 0;
    const book = async (who: number, start: number): Promise<string> => {
      const key = `failover:${who}:${++bookings}`;
      try {
        const r = await post(db, {
          communityId: cid,
          idempotencyKey: key,
          kind: "failover.test",
          memo: "切换测试记账",
          postings: [
            { accountId: source.id, amount: -1 },
            { accountId: sinks[who]!.id, amount: 1 },
          ],
          actorUserId: null,
        });
        booked.set(key, r.transactionId);
        ack(start);
        return "200";
      } catch (err) {
        const code = (err as { code?: unknown }).code;
        return `booking refused ${typeof code === "string" ? code : (err as Error).name}`;
      }
    };

    const client = async (cookie: string, who: number) => {
      let turn = who;
      while (now() < stopAt) {
        const start = now();
        let status: string;
        turn++;
        if (turn % 3 === 1) {
          status = await castBallot(cookie, who, start);
          answers.push({ status: status === "200" ? "200" : `ballot: ${status}`, start, end: now() });
          if (status !== "200") await new Promise((r) => setTimeout(r, 200));
          continue;
        }
        if (turn % 3 === 2) {
          status = await book(who, start);
          answers.push({ status: status === "200" ? "200" : `booking: ${status}`, start, end: now() });
          if (status !== "200") await new Promise((r) => setTimeout(r, 200));
          continue;
        }
        const title = `切换测试 ${++seq}`;
        try {
          const res = await fetch(route, {
            method: "POST",
            headers: { cookie, "content-type": "application/json" },
            body: JSON.stringify({
              kind: "problem",
              categoryId: category.id,
              title,
              place: { type: "building", buildingId: building.id },
              clientKey: randomUUID(),
            }),
            signal: AbortSignal.timeout(opts.requestTimeoutMs),
          });
          const body = (await res.json()) as { id?: number; code?: string };
          status = res.ok ? "200" : `${res.status} ${body.code ?? ""}`.trim();
          if (res.ok && typeof body.id === "number") {
            acknowledged.set(title, body.id);
            ack(start);
          }
        } catch (err) {
          status = failed(err);
        }
        answers.push({ status, start, end: now() });
        // a refused write is retried after a pause, as a phone would (not a tight loop)
        if (status !== "200") await new Promise((r) => setTimeout(r, 200));
      }
    };

    log(
      `failover (${opts.mode}): ${opts.clients} residents submitting requests, changing their ballots and booking`,
    );
    const load = Promise.all(cookies.map((cookie, who) => client(cookie, who)));
    await new Promise((r) => setTimeout(r, opts.steadySeconds * 1000));
    const primary = await cluster.primary();
    if (!primary) throw new Error("no primary before the kill");
    killedAt = now();
    if (opts.mode === "standby") {
      log(`failover (standby): kill -9 ${primary.name} (its keeper and its postgres)`);
      cluster.killNode(primary);
    } else {
      log(`failover (single): kill -9 the postgres of ${primary.name} (its keeper restarts it)`);
      cluster.killPostgres(primary);
    }
    const giveUp = setTimeout(() => {
      if (recoveredAt === Number.POSITIVE_INFINITY) stopAt = now();
    }, opts.recoveryTimeoutMs);
    await load;
    clearTimeout(giveUp);
    if (recoveredAt === Number.POSITIVE_INFINITY)
      throw new Error(`writes did not succeed again within ${opts.recoveryTimeoutMs / 1000} s of the kill`);
    const after = await cluster.primary();
    log(`failover (${opts.mode}): primary now ${after?.name}; checking the acknowledged writes`);

    const rows = await db
      .selectFrom("request")
      .select(["id", "title"])
      .where("community_id", "=", cid)
      .where("category_id", "=", category.id)
      .execute();
    const requests = new Map(rows.map((r) => [r.title, Number(r.id)]));
    const missing = [...acknowledged].filter(([title, id]) => requests.get(title) !== id).map(([t]) => t);
    // ballots: each owner's stored receipt is the last acknowledged one, or one tried after it whose
    // answer was lost (a commit whose acknowledgement did not reach the phone)
    const stored = await db
      .selectFrom("vote_ballot")
      .innerJoin("vote_part", (j) =>
        j
          .onRef("vote_part.community_id", "=", "vote_ballot.community_id")
          .onRef("vote_part.vote_id", "=", "vote_ballot.vote_id")
          .onRef("vote_part.voter_no", "=", "vote_ballot.voter_no"),
      )
      .innerJoin("household", "household.id", "vote_part.household_id")
      .select(["household.room", "vote_ballot.receipt"])
      .where("vote_ballot.community_id", "=", cid)
      .where("vote_ballot.vote_id", "=", vote.id!)
      .execute();
    const receiptOf = new Map(stored.map((r) => [Number(r.room), r.receipt]));
    const ballotsRight = ballots.filter((b, who) => {
      if (b.lastAcked < 0) return true;
      const r = receiptOf.get(who);
      return r === b.tried[b.lastAcked] || (r !== undefined && b.tried.slice(b.lastAcked + 1).includes(null));
    });
    const ballotsOwned = ballots.filter((b) => b.lastAcked >= 0).length;
    let tallyEqualsRecount = true;
    try {
      await checkedTally(db, cid, vote.id!);
    } catch {
      tallyEqualsRecount = false;
    }
    // bookings: every acknowledged one is there with its id, and the chain verifies
    const keys = [...booked.keys()];
    const present = new Map<string, number>();
    for (let i = 0; i < keys.length; i += 1000) {
      const rows = await db
        .selectFrom("ledger_transaction")
        .select(["idempotency_key", "id"])
        .where("community_id", "=", cid)
        .where("idempotency_key", "in", keys.slice(i, i + 1000))
        .execute();
      for (const r of rows) present.set(r.idempotency_key, Number(r.id));
    }
    const bookingsPresent = keys.filter((k) => present.get(k) === booked.get(k)).length;
    const ledger = await verifyLedger(db, { communityId: cid });
    const count = (list: typeof answers) => {
      const out: Record<string, number> = {};
      for (const a of list) out[a.status] = (out[a.status] ?? 0) + 1;
      return out;
    };
    const kinds = {
      request: { acknowledged: acknowledged.size, present: acknowledged.size - missing.length },
      ballot: { acknowledged: ballotsOwned, present: ballotsRight.filter((b) => b.lastAcked >= 0).length },
      booking: { acknowledged: keys.length, present: bookingsPresent },
    };
    const all = Object.values(kinds);
    return {
      mode: opts.mode,
      acknowledged: all.reduce((n, k) => n + k.acknowledged, 0),
      present: all.reduce((n, k) => n + k.present, 0),
      missing: [
        ...missing,
        ...ballots.flatMap((b, who) => (ballotsRight.includes(b) ? [] : [`ballot of owner ${who}`])),
        ...keys.filter((k) => present.get(k) !== booked.get(k)),
      ],
      kinds,
      ledgerVerified: ledger.ok,
      tallyEqualsRecount,
      windowSeconds: Math.round((recoveredAt - killedAt) * 100) / 100,
      duringWindow: count(answers.filter((a) => a.end >= killedAt && a.end <= recoveredAt)),
      all: count(answers),
      slowestMs: Math.round(Math.max(...answers.map((a) => (a.end - a.start) * 1000))),
    };
  } finally {
    for (const c of cleanups.reverse()) await c().catch(() => {});
  }
}

export function describeFailover(r: FailoverResult): string {
  const statuses = (s: Record<string, number>) =>
    Object.entries(s)
      .map(([k, v]) => `${k} ×${v}`)
      .join(", ");
  return [
    `failover (${r.mode}): acknowledged ${r.acknowledged}, present ${r.present}${r.missing.length ? ` (missing: ${r.missing.slice(0, 5).join("; ")})` : ""}`,
    `  requests ${r.kinds.request.present}/${r.kinds.request.acknowledged}, owners' last ballots ${r.kinds.ballot.present}/${r.kinds.ballot.acknowledged}, bookings ${r.kinds.booking.present}/${r.kinds.booking.acknowledged}; ledger verified: ${r.ledgerVerified}; tally = recount: ${r.tallyEqualsRecount}`,
    `  window ${r.windowSeconds} s (kill → first acknowledged write after it); slowest answer ${r.slowestMs} ms`,
    `  during the window: ${statuses(r.duringWindow) || "none"}`,
    `  whole run: ${statuses(r.all)}`,
  ].join("\n");
}

/** For bench/run.ts: both modes, one line each, and the targets. */
export async function runFailoverScenario(opts: {
  modes: FailoverMode[];
  clients?: number;
  log: (m: string) => void;
}) {
  const lines: { scenario: string; figure: string; unit: string; baseline: string; details?: string }[] = [];
  const targets: { target: string; measured: string; pass: boolean | null }[] = [];
  const results: Record<string, FailoverResult> = {};
  for (const mode of opts.modes) {
    const r = await runFailover({
      ...FAILOVER_DEFAULTS,
      clients: opts.clients ?? FAILOVER_DEFAULTS.clients,
      mode,
      log: opts.log,
    });
    opts.log(describeFailover(r));
    results[mode] = r;
    // the HTTP answers (requests and ballots; bookings are the app's own calls, not answers)
    const bad = Object.entries(r.all)
      .filter(([s]) => !s.startsWith("booking:"))
      .map(([s, n]) => [s.replace(/^ballot: /, ""), n] as const)
      .filter(([s]) => !s.startsWith("200") && !s.startsWith("503"));
    lines.push({
      scenario: `failover-${mode}`,
      figure: String(r.windowSeconds),
      unit: "s window",
      baseline: `acknowledged ${r.acknowledged}, present ${r.present} (requests ${r.kinds.request.present}/${r.kinds.request.acknowledged}, ballots ${r.kinds.ballot.present}/${r.kinds.ballot.acknowledged}, bookings ${r.kinds.booking.present}/${r.kinds.booking.acknowledged})`,
      details: `during the window: ${JSON.stringify(r.duringWindow)}; slowest ${r.slowestMs} ms`,
    });
    targets.push(
      {
        target: `failover-${mode}: every acknowledged write present`,
        measured: `${r.present}/${r.acknowledged}`,
        pass: r.present === r.acknowledged,
      },
      {
        target: `failover-${mode}: the ledger verifies and the vote's tally equals its recount`,
        measured: `ledger ${r.ledgerVerified ? "verified" : "BROKEN"}, tally ${r.tallyEqualsRecount ? "= recount" : "≠ recount"}`,
        pass: r.ledgerVerified && r.tallyEqualsRecount,
      },
      {
        target: `failover-${mode}: only 200 and 503 answers (no 500, no hang)`,
        measured: bad.length ? JSON.stringify(Object.fromEntries(bad)) : "none other",
        pass: bad.length === 0,
      },
    );
  }
  return { lines, targets, results };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const [mode = "both", clients = String(FAILOVER_DEFAULTS.clients)] = process.argv.slice(2);
  const modes: FailoverMode[] = mode === "both" ? ["standby", "single"] : [mode as FailoverMode];
  runFailoverScenario({ modes, clients: Number(clients), log: (m) => console.log(m) }).then(
    (r) => {
      for (const t of r.targets) console.log(`${t.pass ? "PASS" : "FAIL"}\t${t.target}\t${t.measured}`);
      process.exit(r.targets.every((t) => t.pass) ? 0 : 1);
    },
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
