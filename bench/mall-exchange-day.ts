// `npm run bench -- mall-exchange-day` (or `node --import tsx bench/mall-exchange-day.ts [--pglite]
// [--residents N] [--items N] [--stock N] [--clients N] [--pool N] [--no-fsync]`): issue 14's exchange-day rush — "100 concurrent
// clients, 10,000 residents, 50 items with small stock — ≥ 1,000 exchanges/s with zero oversell and the
// ledger verified after the run". On PostgreSQL: the server at DATABASE_URL when set, else a throwaway
// cluster (durable, as production).
//
// One community, its residents each holding 100 points on the ledger (one booking from the points source),
// 50 items of `stock` each at 10 points with a limit of 2 per person a day. 100 clients exchange through the
// mall service (the code the route calls: lock, limit, conditional stock UPDATE, ledger booking, code) for a
// random resident and a random item until every item is sold out; a refusal (已兑完, limit) counts as
// refused. Afterwards: per item, exchanges + stock = what was donated and no stock below zero (no
// oversell); per resident, balance + points spent = 100 (no double spend); verifyLedger recomputes the chain.
import { parseArgs } from "node:util";
import { sql } from "kysely";
import type { Actor } from "../server/src/access/reach.ts";
import { openDatabase } from "../server/src/db/database.ts";
import { migrateToLatest } from "../server/src/db/migrate.ts";
import { post, verifyLedger } from "../server/src/modules/core/ledger/ledger.service.ts";
import { exchange } from "../server/src/modules/points/mall/mall.service.ts";
import { startThrowawayCluster } from "../server/test/postgres-cluster.ts";
import { round, startCpuMeter } from "./stats.ts";

const POINTS_EACH = 100;
const PRICE = 10;

export async function runMallExchangeDayScenario(o: {
  database: "postgres" | "pglite";
  databaseUrl?: string | undefined;
  durable?: boolean;
  residents: number;
  items: number;
  stock: number;
  clients: number;
  poolSize?: number;
  log: (m: string) => void;
  registerCleanup: (fn: () => Promise<void>) => void;
}) {
  let databaseUrl = o.databaseUrl;
  if (o.database === "postgres" && !databaseUrl) {
    o.log("mall-exchange-day: starting a throwaway PostgreSQL cluster");
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

  const setupStarted = performance.now();
  const district = await db
    .insertInto("district")
    .values({ code: `M${Date.now()}`, name: "基准区" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const street = await db
    .insertInto("street")
    .values({ district_id: district.id, name: "基准街道" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const { id: cid } = await db
    .insertInto("community")
    .values({ street_id: street.id, name: "兑换日社区", reported: "{}" })
    .returning("id")
    .executeTakeFirstOrThrow();
  await sql`insert into resident (community_id, name, status)
    select ${cid}, '居民' || g, 'verified' from generate_series(1, ${o.residents}) g`.execute(db);
  const residents = (
    await db.selectFrom("resident").select("id").where("community_id", "=", cid).orderBy("id").execute()
  ).map((r) => r.id);
  await sql`insert into ledger_account (community_id, code, name_zh, name_en, unit, allow_negative, owner_kind, owner_id)
    select ${cid}, 'points:resident:' || r.id, '居民积分 #' || r.id, 'Resident #' || r.id || ': points', 'point', false, 'resident', r.id
    from resident r where r.community_id = ${cid}`.execute(db);
  const { id: sourceId } = await db
    .insertInto("ledger_account")
    .values({
      community_id: cid,
      code: "points:source",
      name_zh: "社区积分发放",
      name_en: "Community points issued",
      unit: "point",
      allow_negative: true,
      owner_kind: "community",
      owner_id: cid,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const accounts = await db
    .selectFrom("ledger_account")
    .select(["id", "code"])
    .where("community_id", "=", cid)
    .where("owner_kind", "=", "resident")
    .execute();
  // the points given, in bookings of 2,000 residents
  for (let i = 0; i < accounts.length; i += 2000) {
    const part = accounts.slice(i, i + 2000);
    await post(db, {
      communityId: cid,
      idempotencyKey: `bench-mall-give-${i}`,
      kind: "points.award",
      memo: "基准积分",
      postings: [
        ...part.map((a) => ({ accountId: a.id, amount: POINTS_EACH })),
        { accountId: sourceId, amount: -POINTS_EACH * part.length },
      ],
      actorUserId: null,
    });
  }
  const items: number[] = [];
  for (let i = 0; i < o.items; i++) {
    const { id } = await db
      .insertInto("mall_item")
      .values({
        community_id: cid,
        kind: "goods",
        name: `兑换物品 ${i + 1}`,
        org_id: null,
        price_points: PRICE,
        unit_value_fen: 1000,
        stock: o.stock,
        pickup_place: "社区爱心超市",
        limit_count: 2,
        limit_period: "day",
        photo_file_id: null,
        created_by: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    items.push(id);
  }
  const users: number[] = [];
  for (let i = 0; i < o.clients; i++) {
    const { id } = await db
      .insertInto("app_user")
      .values({
        phone: `1960${String(Date.now()).slice(-3)}${String(i).padStart(4, "0")}`,
        name: `终端${i}`,
        password_hash: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    users.push(id);
  }
  await sql`analyze`.execute(db);
  o.log(
    `mall-exchange-day: ${o.residents} residents × ${POINTS_EACH} points, ${o.items} items × ${o.stock} in stock, set up in ${round((performance.now() - setupStarted) / 1000, 1)} s; ${o.clients} clients on ${o.database}`,
  );

  const soldOut = new Set<number>();
  const tally = { exchanged: 0, soldOut: 0, limit: 0, short: 0, errors: 0 };
  const latencies: number[] = [];
  // a 32-bit xorshift: the earlier LCG's `seed % n` took its low bits, whose period is tiny (bit 0
  // alternates, so with two draws per exchange the item index always had the same parity)
  let seed = 12345;
  const rand = (n: number) => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) % n;
  };
  // the items still offered as the shop shows them: a resident does not pick one the shop shows 已兑完
  // (once a client has been refused one as sold out, the clients pick among the others)
  const offered = [...items];
  let k = 0;
  const client = async (c: number) => {
    while (soldOut.size < items.length && offered.length > 0) {
      const residentId = residents[rand(residents.length)]!;
      const itemId = offered[rand(offered.length)]!;
      const actor: Actor = {
        userId: users[c]!,
        name: `终端${c}`,
        phone: "",
        locale: "zh-CN",
        elderlyMode: false,
        grants: [],
        residencies: [{ communityId: cid, residentId, householdId: null, status: "verified" }],
      };
      const started = performance.now();
      try {
        await exchange(db, actor, cid, { itemId, idempotencyKey: `bench-${c}-${++k}` });
        tally.exchanged++;
        latencies.push(performance.now() - started);
      } catch (e) {
        const code = (e as { code?: string }).code;
        if (code === "MALL_SOLD_OUT") {
          tally.soldOut++;
          soldOut.add(itemId);
          const at = offered.indexOf(itemId);
          if (at >= 0) offered.splice(at, 1);
        } else if (code === "MALL_LIMIT") tally.limit++;
        else if (code === "MALL_POINTS_SHORT") tally.short++;
        else {
          tally.errors++;
          if (tally.errors < 5) o.log(`mall-exchange-day: exchange failed: ${(e as Error).message}`);
          if (tally.errors > 100) return;
        }
      }
    }
  };
  const cpuMeter = startCpuMeter();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: o.clients }, (_, c) => client(c)));
  const elapsed = (performance.now() - t0) / 1000;
  const rate = tally.exchanged / elapsed;
  o.log(`mall-exchange-day: during the rush ${cpuMeter.read(elapsed, tally.exchanged)}`);

  // invariants: no oversell, no double spend, the ledger verifies
  const checkStarted = performance.now();
  const oversold = await sql<{ n: number }>`
    select count(*)::int as n from mall_item i
    where i.community_id = ${cid} and (i.stock < 0 or i.stock + (select count(*) from mall_exchange x
      where x.community_id = i.community_id and x.item_id = i.id and x.status <> 'expired') <> ${o.stock})`.execute(
    db,
  );
  const overspent = await sql<{ n: number }>`
    select count(*)::int as n from ledger_account a
    where a.community_id = ${cid} and a.owner_kind = 'resident' and a.balance + coalesce((select sum(x.points)
      from mall_exchange x where x.community_id = a.community_id and x.resident_id = a.owner_id), 0) <> ${POINTS_EACH}`.execute(
    db,
  );
  const report = await verifyLedger(db, { communityId: cid });
  const sold = (
    await db.selectFrom("mall_item").select("stock").where("community_id", "=", cid).execute()
  ).reduce((s, i) => s + i.stock, 0);
  const invariantsHold =
    oversold.rows[0]!.n === 0 && overspent.rows[0]!.n === 0 && report.ok && tally.errors === 0 && sold === 0;
  o.log(
    `mall-exchange-day: ${tally.exchanged} exchanged in ${round(elapsed, 2)} s, ${tally.soldOut} 已兑完, ${tally.limit} over the limit, ${tally.errors} errors; oversold items ${oversold.rows[0]!.n}, residents off balance ${overspent.rows[0]!.n}, ledger ${report.ok ? "OK" : "BROKEN"} (${round((performance.now() - checkStarted) / 1000, 1)} s)`,
  );
  const sorted = [...latencies].sort((a, b) => a - b);
  const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
  return {
    lines: [
      {
        scenario: `mall-exchange-day (${o.database})`,
        figure: `${Math.round(rate)}`,
        unit: `exchanges/s, ${o.clients} clients, ${o.residents} residents, ${o.items} items × ${o.stock}`,
        baseline: `latency p50 ${round(pct(0.5), 1)} p95 ${round(pct(0.95), 1)} ms; ${tally.soldOut} sold-out and ${tally.limit} limit refusals`,
        details: `oversold 0 required: ${oversold.rows[0]!.n}; invariants ${invariantsHold ? "hold" : "BROKEN"}`,
      },
    ],
    targets: [
      {
        target: `exchange day ≥ 1,000 exchanges/s, zero oversell, ledger verified (${o.database}, ${o.clients} clients)`,
        measured: `${Math.round(rate)}/s, invariants ${invariantsHold ? "hold" : "BROKEN"}`,
        pass: rate >= 1000 && invariantsHold,
      },
    ],
    results: { [`mall-exchange-day-${o.database}`]: { rate, tally, invariantsHold, elapsed } },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      pglite: { type: "boolean", default: false },
      residents: { type: "string", default: "10000" },
      items: { type: "string", default: "50" },
      stock: { type: "string", default: "40" },
      clients: { type: "string", default: "100" },
      "no-fsync": { type: "boolean", default: false },
      pool: { type: "string", default: "40" },
    },
  });
  const cleanups: (() => Promise<void>)[] = [];
  try {
    const r = await runMallExchangeDayScenario({
      database: values.pglite ? "pglite" : "postgres",
      databaseUrl: process.env.DATABASE_URL || undefined,
      residents: Number(values.residents),
      items: Number(values.items),
      stock: Number(values.stock),
      clients: Number(values.clients),
      poolSize: Number(values.pool),
      durable: !values["no-fsync"],
      log: (m) => console.log(m),
      registerCleanup: (fn) => cleanups.push(fn),
    });
    for (const l of r.lines)
      console.log([l.scenario, l.figure, l.unit, `baseline: ${l.baseline}`, l.details].join("\t"));
    for (const t of r.targets) console.log(`${t.pass ? "PASS" : "FAIL"}\t${t.target}: ${t.measured}`);
  } finally {
    for (const fn of cleanups.reverse()) await fn().catch(() => {});
  }
}
