// `npm run bench -- community-bytes [--with-district] [--district-residents 20000] [--district-communities 4]
// [--district-requests 200000]` (or standalone `node --import tsx bench/community-bytes.ts [--with-district] …`):
// issue 16 item 6 — bytes and rows per community, measured (docs/scale-out.md).
//
// A throwaway PostgreSQL cluster (its own, always: the figures are of a fresh database). In database
// `linli_bytes_demo`: migrated, then the demo data loaded by the server's own ensureDemoData, as `npm run demo`
// (`server/src/main.ts --demo`) loads it on its first start (the server's jobs do not run here: nothing is
// written after the load). Then VACUUM ANALYZE and, for every table: its rows (exact count(*)), its
// pg_total_relation_size (heap, TOAST and indexes) and, for a table with a `community_id` column, the
// communities it has rows of and its rows per community. Printed: the tables sorted by bytes, the totals,
// bytes per community — the whole database and the community tables, each ÷ the communities with
// residents (the community table also holds every imported division community, most without residents) —
// the register (resident, household and the places: district, street, community, grid, estate, building,
// unit) apart from the activity (every other table), and each community with residents: its residents,
// households, requests, activity rows and its share of the activity bytes (each table's bytes split by the
// community's share of its rows).
// Sizes in decimal units (kB = 1,000 bytes, MB = 1,000,000 bytes), as docs/scale-out.md counts them.
// --with-district: the same in database `linli_bytes_district` after a synthetic district of
// --district-residents in --district-communities (one street), --district-requests historical requests over
// 3 years (server/src/demo/synthetic-requests.ts; 10 per resident is issue 3's bench ratio) and a year of the
// other modules' histories (bench/insight-history.ts), the insight rollup rebuilt.
import { parseArgs } from "node:util";
import pg from "pg";
import { loadConfig } from "../server/src/config.ts";
import { openDatabase } from "../server/src/db/database.ts";
import { migrateToLatest } from "../server/src/db/migrate.ts";
import { ensureDemoData } from "../server/src/demo/demo.service.ts";
import { generateDistrict } from "../server/src/demo/synthetic-district.ts";
import { generateRequests } from "../server/src/demo/synthetic-requests.ts";
import { rebuildInsight } from "../server/src/modules/insight/figures/figures.service.ts";
import { startThrowawayCluster } from "../server/test/postgres-cluster.ts";
import { writeInsightHistory } from "./insight-history.ts";
import { round } from "./stats.ts";

/** The register: the people and the places they live in (the rest is activity). */
const REGISTER = new Set([
  "resident",
  "household",
  "district",
  "street",
  "community",
  "grid",
  "estate",
  "building",
  "unit",
]);

export interface TableBytes {
  table: string;
  rows: number;
  bytes: number;
  register: boolean;
  /** Rows by community (tables with a community_id column), else null. */
  byCommunity: Map<number, number> | null;
}

export interface CommunityFigures {
  id: number;
  name: string;
  residents: number;
  households: number;
  requests: number;
  activityRows: number;
  /** Each table's bytes × the community's share of its rows, summed. */
  activityBytes: number;
  registerBytes: number;
}

export interface DatabaseBytes {
  label: string;
  postgres: string;
  databaseBytes: number;
  tables: TableBytes[];
  /** Communities with at least one resident: the denominator of every "per community" figure. */
  communities: CommunityFigures[];
  communityRows: number;
  totals: {
    tables: number;
    communityTables: number;
    otherTables: number;
    register: number;
    activity: number;
    activityCommunityTables: number;
    activityRows: number;
    /** The life-circle tables (lifecircle_*: a community's walking network and building footprints, map data). */
    lifecircle: number;
  };
}

// decimal units (kB = 1,000 bytes, MB = 1,000,000), as docs/scale-out.md counts
const mb = (bytes: number, digits = 2) => round(bytes / 1e6, digits);
const kb = (bytes: number) => round(bytes / 1e3, 0);
const fmt = (n: number) => n.toLocaleString("en-US");
const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** VACUUM ANALYZE, then rows and bytes of every table of the database at `url`. */
export async function measureDatabase(url: string, label: string): Promise<DatabaseBytes> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("vacuum analyze");
    const postgres = (await client.query("select version() as v")).rows[0].v as string;
    const databaseBytes = Number(
      (await client.query("select pg_database_size(current_database()) as b")).rows[0].b,
    );
    // ordinary tables and materialized views; a partitioned parent has no storage (its partitions are listed)
    const { rows: rels } = await client.query<{
      schema: string;
      name: string;
      bytes: string;
      has_community: boolean;
    }>(
      `select n.nspname as schema, c.relname as name, pg_total_relation_size(c.oid) as bytes,
         exists (select 1 from pg_attribute a
                 where a.attrelid = c.oid and a.attname = 'community_id' and a.attnum > 0 and not a.attisdropped)
           as has_community
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where c.relkind in ('r', 'm') and n.nspname not in ('pg_catalog', 'information_schema')
         and n.nspname not like 'pg_toast%'
       order by 1, 2`,
    );
    const tables: TableBytes[] = [];
    for (const r of rels) {
      const ident = `${quote(r.schema)}.${quote(r.name)}`;
      const table = r.schema === "public" ? r.name : `${r.schema}.${r.name}`;
      const rows = Number((await client.query(`select count(*) as n from ${ident}`)).rows[0].n);
      let byCommunity: Map<number, number> | null = null;
      if (r.has_community) {
        byCommunity = new Map();
        if (rows > 0) {
          const { rows: groups } = await client.query(
            `select community_id as c, count(*) as n from ${ident} where community_id is not null group by 1`,
          );
          for (const g of groups) byCommunity.set(Number(g.c), Number(g.n));
        }
      }
      tables.push({
        table,
        rows,
        bytes: Number(r.bytes),
        register: r.schema === "public" && REGISTER.has(r.name),
        byCommunity,
      });
    }
    tables.sort((a, b) => b.bytes - a.bytes || a.table.localeCompare(b.table));

    const communityRows = Number((await client.query("select count(*) as n from community")).rows[0].n);
    const { rows: seeded } = await client.query<{ id: number; name: string }>(
      "select c.id, c.name from community c where exists (select 1 from resident r where r.community_id = c.id) order by c.id",
    );
    const count = (t: string, c: number) => tables.find((x) => x.table === t)?.byCommunity?.get(c) ?? 0;
    const communities: CommunityFigures[] = seeded.map(({ id, name }) => {
      let activityRows = 0;
      let activityBytes = 0;
      let registerBytes = 0;
      for (const t of tables) {
        const n = t.byCommunity?.get(id) ?? 0;
        if (!n) continue;
        const share = (t.bytes * n) / t.rows;
        if (t.register) registerBytes += share;
        else {
          activityRows += n;
          activityBytes += share;
        }
      }
      // the community's own row and its resident-less places are in the register, not split here
      return {
        id,
        name,
        residents: count("resident", id),
        households: count("household", id),
        requests: count("request", id),
        activityRows,
        activityBytes,
        registerBytes,
      };
    });
    const sum = (f: (t: TableBytes) => boolean, v: (t: TableBytes) => number = (t) => t.bytes) =>
      tables.filter(f).reduce((s, t) => s + v(t), 0);
    return {
      label,
      postgres,
      databaseBytes,
      tables,
      communities,
      communityRows,
      totals: {
        tables: sum(() => true),
        communityTables: sum((t) => t.byCommunity !== null),
        otherTables: sum((t) => t.byCommunity === null),
        register: sum((t) => t.register),
        activity: sum((t) => !t.register),
        activityCommunityTables: sum((t) => !t.register && t.byCommunity !== null),
        activityRows: sum(
          (t) => !t.register,
          (t) => t.rows,
        ),
        lifecircle: sum((t) => t.table.startsWith("lifecircle_")),
      },
    };
  } finally {
    await client.end();
  }
}

/** The measurement as text: the tables by bytes, the totals, the per-community figures. */
export function printDatabase(m: DatabaseBytes, print: (line: string) => void, top = 40) {
  const n = m.communities.length;
  print(`\n== ${m.label}: ${m.postgres.split(" on ")[0]}`);
  print(
    `${"table".padEnd(34)} ${"rows".padStart(10)} ${"kB".padStart(9)} ${"B/row".padStart(7)} ${"comms".padStart(5)} ${"rows/comm".padStart(10)}  part`,
  );
  const withRows = m.tables.filter((t) => t.rows > 0);
  for (const t of withRows.slice(0, top)) {
    const comms = t.byCommunity ? t.byCommunity.size : null;
    print(
      `${t.table.padEnd(34)} ${fmt(t.rows).padStart(10)} ${fmt(kb(t.bytes)).padStart(9)} ${fmt(Math.round(t.bytes / t.rows)).padStart(7)} ${(comms === null ? "—" : String(comms)).padStart(5)} ${(comms ? fmt(round(t.rows / comms, 1)) : "—").padStart(10)}  ${t.register ? "register" : "activity"}`,
    );
  }
  const rest = withRows.slice(top);
  if (rest.length)
    print(
      `… ${rest.length} more tables with rows: ${fmt(rest.reduce((s, t) => s + t.rows, 0))} rows, ${fmt(kb(rest.reduce((s, t) => s + t.bytes, 0)))} kB`,
    );
  const empty = m.tables.filter((t) => t.rows === 0);
  print(
    `${empty.length} empty tables: ${fmt(kb(empty.reduce((s, t) => s + t.bytes, 0)))} kB (their indexes' first pages)`,
  );
  const T = m.totals;
  print(
    `database ${mb(m.databaseBytes)} MB (pg_database_size, with the system catalogs); ${m.tables.length} tables ${mb(T.tables)} MB: community tables ${mb(T.communityTables)} MB, others ${mb(T.otherTables)} MB; register ${mb(T.register)} MB, activity ${mb(T.activity)} MB (${fmt(T.activityRows)} rows; in community tables ${mb(T.activityCommunityTables)} MB; of it the life-circle map, lifecircle_*, ${mb(T.lifecircle)} MB)`,
  );
  print(
    `${n} communities with residents (of ${fmt(m.communityRows)} rows in community): per community — database ${mb(m.databaseBytes / n)} MB, tables ${mb(T.tables / n)} MB, community tables ${mb(T.communityTables / n)} MB, register ${mb(T.register / n)} MB, activity ${mb(T.activity / n)} MB (${fmt(Math.round(T.activityRows / n))} rows), activity in community tables ${mb(T.activityCommunityTables / n)} MB, activity without the life-circle map ${mb((T.activity - T.lifecircle) / n)} MB`,
  );
  const residents = m.communities.reduce((s, c) => s + c.residents, 0);
  if (residents > 0)
    print(
      `per resident (${fmt(residents)}): register ${fmt(Math.round(T.register / residents))} B, activity ${fmt(Math.round(T.activity / residents))} B, activity without the life-circle map ${fmt(Math.round((T.activity - T.lifecircle) / residents))} B`,
    );
  print(
    `${"community".padEnd(20)} ${"residents".padStart(9)} ${"househ.".padStart(8)} ${"requests".padStart(8)} ${"act. rows".padStart(9)} ${"act. kB".padStart(8)} ${"reg. kB".padStart(8)}`,
  );
  for (const c of [...m.communities].sort((a, b) => b.activityBytes - a.activityBytes))
    print(
      `${c.name}${" ".repeat(Math.max(1, 21 - 2 * [...c.name].length))}${fmt(c.residents).padStart(9)} ${fmt(c.households).padStart(8)} ${fmt(c.requests).padStart(8)} ${fmt(c.activityRows).padStart(9)} ${fmt(kb(c.activityBytes)).padStart(8)} ${fmt(kb(c.registerBytes)).padStart(8)}`,
    );
}

function linesOf(scenario: string, m: DatabaseBytes) {
  const n = m.communities.length;
  const T = m.totals;
  const residents = m.communities.reduce((s, c) => s + c.residents, 0);
  const requests = m.communities.reduce((s, c) => s + c.requests, 0);
  const biggest = m.tables
    .slice(0, 8)
    .map((t) => `${t.table} ${mb(t.bytes)} MB/${t.rows}`)
    .join(", ");
  return [
    {
      scenario,
      figure: String(mb(m.databaseBytes / n)),
      unit: `MB per community (whole database ÷ ${n} communities with residents)`,
      baseline: `database ${mb(m.databaseBytes)} MB, tables ${mb(T.tables)} MB`,
      details: `${residents} residents, ${requests} requests; biggest: ${biggest}`,
    },
    {
      scenario: `${scenario} community tables`,
      figure: String(mb(T.communityTables / n)),
      unit: "MB per community (tables with community_id ÷ communities)",
      baseline: `${mb(T.communityTables)} MB in all`,
    },
    {
      scenario: `${scenario} activity`,
      figure: String(mb(T.activity / n)),
      unit: "MB per community (every table but the register ÷ communities)",
      baseline: `in community tables ${mb(T.activityCommunityTables / n)} MB; without the life-circle map (lifecircle_*) ${mb((T.activity - T.lifecircle) / n)} MB; ${Math.round(T.activityRows / n)} rows per community`,
    },
    {
      scenario: `${scenario} register`,
      figure: String(mb(T.register / n)),
      unit: "MB per community (resident, household, places ÷ communities)",
      baseline: `${mb(T.register)} MB in all; ${residents > 0 ? Math.round(m.tables.find((t) => t.table === "resident")!.bytes / residents) : 0} B per resident with its indexes`,
    },
  ];
}

const plain = (m: DatabaseBytes) => ({
  ...m,
  tables: m.tables.map((t) => ({
    ...t,
    byCommunity: t.byCommunity ? Object.fromEntries(t.byCommunity) : null,
  })),
});

export async function runCommunityBytesScenario(o: {
  withDistrict: boolean;
  districtResidents: number;
  districtCommunities: number;
  districtRequests: number;
  log: (m: string) => void;
  registerCleanup: (fn: () => Promise<void>) => void;
  /** Where the tables go (default: the log). */
  print?: (line: string) => void;
}) {
  const print = o.print ?? o.log;
  o.log("community-bytes: starting a throwaway PostgreSQL cluster");
  const cluster = await startThrowawayCluster();
  o.registerCleanup(() => cluster.stop());
  const admin = new pg.Client({ connectionString: cluster.adminUrl });
  await admin.connect();
  const urlOf = (name: string) => {
    const u = new URL(cluster.adminUrl);
    u.pathname = `/${name}`;
    return u.toString();
  };
  const lines: { scenario: string; figure: string; unit: string; baseline: string; details?: string }[] = [];
  const results: Record<string, unknown> = {};
  try {
    // the demo data, as the server loads it on its first `--demo` start
    await admin.query("create database linli_bytes_demo");
    const demoUrl = urlOf("linli_bytes_demo");
    const database = await openDatabase({ databaseUrl: demoUrl });
    let loadSeconds = 0;
    try {
      await migrateToLatest(database.db);
      const t0 = performance.now();
      await ensureDemoData(database.db, loadConfig({ demo: true, databaseUrl: demoUrl }), (m) =>
        o.log(`  ${m}`),
      );
      loadSeconds = (performance.now() - t0) / 1000;
    } finally {
      await database.close();
    }
    o.log(`community-bytes: demo data loaded in ${round(loadSeconds)} s; measuring`);
    const demo = await measureDatabase(demoUrl, "demo (ensureDemoData)");
    printDatabase(demo, print);
    lines.push(...linesOf("community-bytes demo", demo));
    results["community-bytes demo"] = { loadSeconds, ...plain(demo) };

    if (o.withDistrict) {
      await admin.query("create database linli_bytes_district");
      const districtUrl = urlOf("linli_bytes_district");
      const db2 = await openDatabase({ databaseUrl: districtUrl });
      const phases: Record<string, number> = {};
      try {
        await migrateToLatest(db2.db);
        let t = performance.now();
        const lap = (what: string) => {
          phases[what] = round((performance.now() - t) / 1000);
          t = performance.now();
        };
        await generateDistrict(db2.db, {
          residents: o.districtResidents,
          communities: o.districtCommunities,
          streets: 1,
          log: (m) => o.log(`  ${m}`),
        });
        lap("district");
        await generateRequests(db2.db, { total: o.districtRequests, log: (m) => o.log(`  ${m}`) });
        lap("requests");
        await writeInsightHistory(db2.db, { log: (m) => o.log(`  ${m}`) });
        lap("history");
        await rebuildInsight(db2.db);
        lap("insight rollup");
      } finally {
        await db2.close();
      }
      o.log(`community-bytes: synthetic district written (${JSON.stringify(phases)} s); measuring`);
      const district = await measureDatabase(
        districtUrl,
        `synthetic district (${o.districtResidents} residents, ${o.districtCommunities} communities, ${o.districtRequests} requests, a year of histories)`,
      );
      printDatabase(district, print);
      lines.push(...linesOf("community-bytes district", district));
      results["community-bytes district"] = { phases, ...plain(district) };
    }
  } finally {
    await admin.end();
  }
  return { lines, targets: [] as { target: string; measured: string; pass: boolean | null }[], results };
}

// standalone: node --import tsx bench/community-bytes.ts [--with-district] [--district-residents 20000] …
if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      "with-district": { type: "boolean", default: false },
      "district-residents": { type: "string", default: "20000" },
      "district-communities": { type: "string", default: "4" },
      "district-requests": { type: "string", default: "200000" },
    },
  });
  const cleanups: (() => Promise<void>)[] = [];
  runCommunityBytesScenario({
    withDistrict: values["with-district"],
    districtResidents: Number(values["district-residents"]),
    districtCommunities: Number(values["district-communities"]),
    districtRequests: Number(values["district-requests"]),
    log: (m) => console.error(m),
    print: (l) => console.log(l),
    registerCleanup: (fn) => cleanups.push(fn),
  })
    .then((r) => {
      for (const l of r.lines)
        console.log(`${l.scenario}\t${l.figure}\t${l.unit}\tbaseline: ${l.baseline}\t${l.details ?? ""}`);
    })
    .catch((e) => {
      console.error(e);
      process.exitCode = 1;
    })
    .finally(async () => {
      for (const fn of cleanups.reverse()) await fn().catch(() => {});
    });
}
