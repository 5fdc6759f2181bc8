// `npm run bench -- ledger` (or `node --import tsx bench/ledger.ts [--pglite]`): issue 12's ledger targets
// (docs/ledger.md) — "ledger writes ≥ 2,000 transactions/s on PostgreSQL (100 clients, half on the same
// hot account) with the invariants checked after the run" and "verifying a 1,000,000-entry ledger < 10 s".
// On PostgreSQL: the server at DATABASE_URL when set, else a throwaway cluster.
//
// Writes: 100 clients book through the ledger service (the code the routes call) in the benchmark's
// process on a pool of 40 connections, for --duration seconds after a warm-up. Clients 0–49 move money
// between one hot account (may not go negative) and an account of their own in community 1 — half of
// their bookings draw on the hot account and are refused when it is short; clients 50–99 move money
// between accounts of their own in ten other communities (each community's chain orders its bookings
// one at a time, so a district's communities book in parallel). Every tenth booking is sent twice with
// the same idempotency key: the second must book nothing. Afterwards verifyLedger recomputes every chain
// and balance, and SQL checks Σ = 0 per transaction and no balance below zero.
//
// Verify: a community whose chain holds 500,000 transactions of 2 entries (1,000,000 entries) is written
// in bulk with correct hashes and balances, then verifyLedger recomputes it, three times.
import { parseArgs } from "node:util";
import { sql } from "kysely";
import { openDatabase } from "../server/src/db/database.ts";
import { migrateToLatest } from "../server/src/db/migrate.ts";
import { chainHash, GENESIS_HASH } from "../server/src/modules/core/ledger/ledger.chain.ts";
import { ensureAccount, post, verifyLedger } from "../server/src/modules/core/ledger/ledger.service.ts";
import { startThrowawayCluster } from "../server/test/postgres-cluster.ts";
import { median, round } from "./stats.ts";

export interface LedgerLine {
  scenario: string;
  figure: string;
  unit: string;
  baseline: string;
  details?: string;
}

export async function runLedgerScenario(o: {
  database: "postgres" | "pglite";
  databaseUrl?: string | undefined;
  /** a throwaway cluster with fsync and synchronous commit on (as production), not the tests' settings */
  durable?: boolean;
  clients: number;
  seconds: number;
  verifyEntries: number;
  /** connections in the benchmark's pool (default 40) */
  poolSize?: number;
  log: (m: string) => void;
  registerCleanup: (fn: () => Promise<void>) => void;
}) {
  let databaseUrl = o.databaseUrl;
  if (o.database === "postgres" && !databaseUrl) {
    o.log(
      `ledger: starting a throwaway PostgreSQL cluster (${(o.durable ?? true) ? "fsync on" : "fsync off"})`,
    );
    const cluster = await startThrowawayCluster({ durable: o.durable ?? true });
    o.registerCleanup(() => cluster.stop());
    databaseUrl = cluster.adminUrl;
  }
  const database = await openDatabase({
    ...(o.database === "postgres" ? { databaseUrl } : {}),
    pgliteDataDir: "memory://",
    poolSize: o.poolSize ?? 40,
  });
  o.registerCleanup(() => database.close());
  const db = database.db;
  await migrateToLatest(db);

  const district = await db
    .insertInto("district")
    .values({ code: `L${Date.now()}`, name: "基准区" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const street = await db
    .insertInto("street")
    .values({ district_id: district.id, name: "基准街道" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const communities: number[] = [];
  for (let i = 0; i < 12; i++) {
    const { id } = await db
      .insertInto("community")
      .values({ street_id: street.id, name: `账本社区${i + 1}`, reported: "{}" })
      .returning("id")
      .executeTakeFirstOrThrow();
    communities.push(id);
  }
  const [hotCommunity, verifyCommunity, ...coldCommunities] = communities as [number, number, ...number[]];
  const open = (communityId: number, code: string, allowNegative: boolean) =>
    ensureAccount(db, { communityId, code, nameZh: code, nameEn: code, unit: "fen", allowNegative });
  const hot = await open(hotCommunity, "hot", false);
  const source = await open(hotCommunity, "source", true);
  await post(db, {
    communityId: hotCommunity,
    idempotencyKey: "fund-the-hot-account",
    kind: "bench.fund",
    memo: "",
    postings: [
      { accountId: hot.id, amount: 1_000_000 },
      { accountId: source.id, amount: -1_000_000 },
    ],
    actorUserId: null,
  });
  const clients: { communityId: number; a: number; b: number; hot: boolean }[] = [];
  for (let i = 0; i < o.clients; i++) {
    if (i < o.clients / 2) {
      const own = await open(hotCommunity, `client-${i}`, false);
      clients.push({ communityId: hotCommunity, a: hot.id, b: own.id, hot: true });
    } else {
      const c = coldCommunities[i % coldCommunities.length]!;
      const a = await open(c, `client-${i}-a`, true);
      const b = await open(c, `client-${i}-b`, false);
      clients.push({ communityId: c, a: a.id, b: b.id, hot: false });
    }
  }

  let stop = false;
  let measuring = false;
  const tally = { booked: 0, refused: 0, replayed: 0, hotBooked: 0, errors: 0 };
  const latencies: number[] = [];
  let n = 0;
  const loop = async (c: (typeof clients)[number], i: number) => {
    let k = 0;
    while (!stop) {
      k++;
      // hot clients: odd bookings draw on the hot account, even ones pay into it
      const amount = 1 + ((i * 7919 + k * 104729) % 500);
      const draw = k % 2 === 1;
      const postings = c.hot
        ? [
            { accountId: c.a, amount: draw ? -amount : amount },
            { accountId: c.b, amount: draw ? amount : -amount },
          ]
        : [
            { accountId: c.a, amount: -amount },
            { accountId: c.b, amount },
          ];
      const booking = {
        communityId: c.communityId,
        idempotencyKey: `bench-${i}-${k}-${++n}`,
        kind: "bench.move",
        memo: "",
        postings,
        actorUserId: null,
      };
      const started = performance.now();
      try {
        await post(db, booking);
        if (measuring) {
          tally.booked++;
          if (c.hot) tally.hotBooked++;
          latencies.push(performance.now() - started);
        }
        if (k % 10 === 0) {
          const again = await post(db, booking);
          if (!again.replayed) throw new Error("a retried booking booked twice");
          if (measuring) tally.replayed++;
        }
      } catch (e) {
        if ((e as { code?: string }).code === "LEDGER_INSUFFICIENT") {
          if (measuring) tally.refused++;
        } else {
          tally.errors++;
          if (tally.errors < 5) o.log(`ledger: booking failed: ${(e as Error).message}`);
        }
      }
    }
  };
  o.log(`ledger: ${o.clients} clients for ${o.seconds} s (+3 s warm-up) on ${o.database}`);
  const loops = clients.map((c, i) => loop(c, i));
  await new Promise((r) => setTimeout(r, 3000));
  measuring = true;
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, o.seconds * 1000));
  measuring = false;
  const elapsed = (performance.now() - t0) / 1000;
  stop = true;
  await Promise.all(loops);
  const rate = (tally.booked + tally.refused) / elapsed;
  const bookedRate = tally.booked / elapsed;

  // invariants after the run
  const checkStarted = performance.now();
  const report = await verifyLedger(db);
  const sums = await sql<{ unbalanced: number; negative: number; drift: number }>`
    select
      (select count(*) from (select 1 from ledger_entry group by community_id, transaction_id having sum(amount) <> 0) x)::int as unbalanced,
      (select count(*) from ledger_account where not allow_negative and balance < 0)::int as negative,
      (select count(*) from ledger_account a where balance <> coalesce((select sum(amount) from ledger_entry e
         where e.community_id = a.community_id and e.account_id = a.id), 0))::int as drift`.execute(db);
  const inv = sums.rows[0]!;
  const invariantsHold =
    report.ok && inv.unbalanced === 0 && inv.negative === 0 && inv.drift === 0 && tally.errors === 0;
  o.log(
    `ledger: ${tally.booked} booked, ${tally.refused} refused (hot account short), ${tally.replayed} retries booked nothing, ${tally.errors} errors; verify ${report.ok ? "OK" : `BROKEN ${JSON.stringify(report.firstBreak)}`} in ${round((performance.now() - checkStarted) / 1000, 1)} s`,
  );

  // verification of a 1,000,000-entry chain
  const pairs = Math.round(o.verifyEntries / 2);
  const written = await writeChain(db, verifyCommunity, pairs, o.log);
  const verifySeconds: number[] = [];
  for (let r = 0; r < 3; r++) {
    const s = performance.now();
    const v = await verifyLedger(db, { communityId: verifyCommunity });
    verifySeconds.push((performance.now() - s) / 1000);
    if (!v.ok || v.entries !== pairs * 2)
      throw new Error(`ledger: the written chain did not verify: ${JSON.stringify(v)}`);
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
  const lines: LedgerLine[] = [
    {
      scenario: `ledger-writes (${o.database})`,
      figure: `${Math.round(rate)}`,
      unit: `transactions/s, ${o.clients} clients, half on one hot account`,
      baseline: `booked ${Math.round(bookedRate)}/s + refused ${Math.round(tally.refused / elapsed)}/s; latency p50 ${round(pct(0.5), 1)} p95 ${round(pct(0.95), 1)} ms`,
      details: `hot account ${tally.hotBooked} booked; ${tally.replayed} retries booked nothing; invariants ${invariantsHold ? "hold" : "BROKEN"}`,
    },
    {
      scenario: `ledger-verify (${o.database})`,
      figure: `${round(median(verifySeconds), 2)}`,
      unit: `s to verify ${(pairs * 2).toLocaleString("en")} entries (median of 3)`,
      baseline: `runs ${verifySeconds.map((s) => round(s, 2)).join(" / ")} s; written in ${round(written, 1)} s`,
    },
  ];
  const targets = [
    {
      target: `ledger writes ≥ 2,000 transactions/s with invariants holding (${o.database}, ${o.clients} clients)`,
      measured: `${Math.round(rate)}/s, invariants ${invariantsHold ? "hold" : "BROKEN"}`,
      pass: rate >= 2000 && invariantsHold,
    },
    {
      target: `verifying a ${(pairs * 2).toLocaleString("en")}-entry ledger < 10 s (${o.database})`,
      measured: `${round(median(verifySeconds), 2)} s`,
      pass: median(verifySeconds) < 10,
    },
  ];
  return {
    lines,
    targets,
    results: {
      [`ledger-${o.database}`]: {
        rate,
        bookedRate,
        tally,
        latencyP50: pct(0.5),
        latencyP95: pct(0.95),
        verifySeconds,
        invariantsHold,
      },
    },
  };
}

/** A chain of `pairs` two-entry transactions written in bulk, with hashes and balances as post() keeps them. */
async function writeChain(
  db: Awaited<ReturnType<typeof openDatabase>>["db"],
  communityId: number,
  pairs: number,
  log: (m: string) => void,
) {
  const started = performance.now();
  const accounts: number[] = [];
  for (let i = 0; i < 100; i++)
    accounts.push(
      (
        await ensureAccount(db, {
          communityId,
          code: `v-${i}`,
          nameZh: `核验${i}`,
          nameEn: `Verify ${i}`,
          unit: "fen",
          allowNegative: true,
        })
      ).id,
    );
  const balance = new Map<number, number>();
  let prevHash = GENESIS_HASH;
  const at = new Date("2026-12-01T00:00:00.000Z").getTime();
  const BATCH = 1000;
  for (let from = 1; from <= pairs; from += BATCH) {
    const txs = [];
    const entries: { seq: number; account_id: number; amount: number; balance_after: number }[] = [];
    for (let seq = from; seq < Math.min(from + BATCH, pairs + 1); seq++) {
      const a = accounts[seq % 100]!;
      const b =
        accounts[(seq * 7 + 3) % 100]! === a ? accounts[(seq + 1) % 100]! : accounts[(seq * 7 + 3) % 100]!;
      const amount = 1 + ((seq * 31) % 10_000);
      const postings = [
        { accountId: a, amount: -amount },
        { accountId: b, amount },
      ];
      const createdAt = new Date(at + seq * 10);
      const key = `verify-${seq}`;
      const hash = chainHash({
        communityId,
        seq,
        idempotencyKey: key,
        kind: "bench.move",
        memo: "",
        refKind: null,
        refId: null,
        voucherFileId: null,
        correctsId: null,
        actorUserId: null,
        createdAt,
        entries: postings,
        prevHash,
      });
      txs.push({
        community_id: communityId,
        seq,
        idempotency_key: key,
        kind: "bench.move",
        memo: "",
        ref_kind: null,
        ref_id: null,
        voucher_file_id: null,
        corrects_id: null,
        actor_user_id: null,
        created_at: createdAt,
        prev_hash: prevHash,
        hash,
      });
      for (const p of postings) {
        const after = (balance.get(p.accountId) ?? 0) + p.amount;
        balance.set(p.accountId, after);
        entries.push({ seq, account_id: p.accountId, amount: p.amount, balance_after: after });
      }
      prevHash = hash;
    }
    const ids = await db.insertInto("ledger_transaction").values(txs).returning(["id", "seq"]).execute();
    const idOf = new Map(ids.map((r) => [Number(r.seq), Number(r.id)]));
    await db
      .insertInto("ledger_entry")
      .values(
        entries.map((e) => ({
          community_id: communityId,
          transaction_id: idOf.get(e.seq)!,
          account_id: e.account_id,
          amount: e.amount,
          balance_after: e.balance_after,
        })),
      )
      .execute();
    if ((from - 1) % 100_000 === 0) log(`ledger: chain written to seq ${from - 1}`);
  }
  for (const [id, b] of balance)
    await db
      .updateTable("ledger_account")
      .set({ balance: b })
      .where("community_id", "=", communityId)
      .where("id", "=", id)
      .execute();
  await db
    .insertInto("ledger_chain")
    .values({ community_id: communityId, last_seq: pairs, last_hash: prevHash })
    .execute();
  await sql`analyze ledger_transaction, ledger_entry`.execute(db);
  return (performance.now() - started) / 1000;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      pglite: { type: "boolean", default: false },
      "no-fsync": { type: "boolean", default: false },
      clients: { type: "string", default: "100" },
      seconds: { type: "string", default: "20" },
      entries: { type: "string", default: "1000000" },
      pool: { type: "string", default: "40" },
    },
  });
  const cleanups: (() => Promise<void>)[] = [];
  try {
    const r = await runLedgerScenario({
      database: values.pglite ? "pglite" : "postgres",
      databaseUrl: process.env.DATABASE_URL || undefined,
      durable: !values["no-fsync"],
      clients: Number(values.clients),
      seconds: Number(values.seconds),
      verifyEntries: Number(values.entries),
      poolSize: Number(values.pool),
      log: (m) => console.log(m),
      registerCleanup: (fn) => cleanups.push(fn),
    });
    for (const l of r.lines)
      console.log([l.scenario, l.figure, l.unit, `baseline: ${l.baseline}`, l.details ?? ""].join("\t"));
    for (const t of r.targets) console.log(`${t.pass ? "PASS" : "FAIL"}\t${t.target}: ${t.measured}`);
  } finally {
    for (const fn of cleanups.reverse()) await fn().catch(() => {});
  }
}
