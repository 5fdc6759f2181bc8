import { type Kysely, sql } from "kysely";
import type { DB } from "../../../db/schema.ts";

/**
 * The statement that marks the rollup key of a request (community, grid, day of submission in
 * China time) for recomputation; the figures consumer (figures.events.ts) runs it for each event.
 */
export function statsDirtyInsert(key: {
  communityId: number;
  gridId: number | null;
  createdAt: Date | string;
}) {
  return sql`insert into request_stats_dirty (community_id, grid_id, day)
    values (${key.communityId}::int, ${key.gridId ?? 0}::int,
      (${new Date(key.createdAt).toISOString()}::timestamptz at time zone 'Asia/Shanghai')::date)
    on conflict do nothing`;
}

/**
 * Marks the rollup key of a request for recomputation, directly (the fixtures that write requests
 * without their services). The services emit domain events instead; figures.events.ts marks.
 */
export async function markStatsDirty(
  db: Kysely<DB>,
  key: { communityId: number; gridId: number | null; createdAt: Date | string },
): Promise<void> {
  await statsDirtyInsert(key).execute(db);
}

/** The queue name of the figures job (figures.jobs.ts). */
export const FIGURES_REFRESH_JOB = "figures-refresh";

// ---- the rollup (request_stats), recomputed per dirty key FROM the request rows ----

/**
 * Upper bounds (hours) of the solve-time histogram buckets: [0,1) [1,2) [2,4) [4,8) [8,24) [24,48)
 * [48,72) [72,120) [120,168) [168,336) and [336,∞) — 11 buckets, stored in this order in
 * request_stats.solve_hours_hist. Solve time is resolved_at − created_at (wall-clock hours).
 */
export const SOLVE_HOUR_BOUNDS = [1, 2, 4, 8, 24, 48, 72, 120, 168, 336] as const;
export const SOLVE_HOUR_BUCKETS = SOLVE_HOUR_BOUNDS.length + 1;

const STATS_COLUMNS = [
  "received",
  "wishes",
  "wishes_fulfilled",
  "signed",
  "signed_on_time",
  "solved",
  "solved_on_time",
  "problems_solved",
  "rated",
  "rated_good",
  "rated_average",
  "rated_poor",
  "solve_hours_hist",
] as const;

/** The columns of request_stats_monthly: every figure but the histogram (migration 52). */
const MONTHLY_COLUMNS = STATS_COLUMNS.filter((c) => c !== "solve_hours_hist");
const MONTHLY_SUMS = sql.raw(MONTHLY_COLUMNS.map((c) => `sum(s.${c})::int as ${c}`).join(", "));
/** request_stats_community summed per community and month: what request_stats_monthly holds. */
const MONTHS_OF_DAYS = (where = sql`true`) => sql`
  select s.community_id, date_trunc('month', s.day)::date as month, ${MONTHLY_SUMS}
  from request_stats_community s where ${where} group by 1, 2`;

/**
 * The figures of a group of request rows `r` (merged duplicates are excluded by the callers):
 * received = every request; wishes = micro-wishes; wishes fulfilled = wishes resolved or closed (not
 * as merged); signed = signed_at set, on time when signed_at <= sign_due_at; solved = resolved_at
 * set, on time when resolved_at <= solve_due_at; problems solved = solved requests that are not
 * micro-wishes (problems and needs: the articles' "急难愁盼问题"); rated and the three ratings; the
 * histogram above.
 */
function statsAggregates() {
  const bucket = sql`width_bucket(extract(epoch from (r.resolved_at - r.created_at)) / 3600.0, ${sql.raw(
    `array[${SOLVE_HOUR_BOUNDS.join(",")}]::float8[]`,
  )})`;
  const hist = Array.from(
    { length: SOLVE_HOUR_BUCKETS },
    (_, k) => sql`count(*) filter (where r.resolved_at is not null and ${bucket} = ${sql.lit(k)})`,
  );
  return sql`
    count(*)::int as received,
    count(*) filter (where r.kind = 'wish')::int as wishes,
    count(*) filter (where r.kind = 'wish' and r.status in ('resolved', 'closed')
      and r.close_reason is distinct from 'merged')::int as wishes_fulfilled,
    count(r.signed_at)::int as signed,
    count(*) filter (where r.signed_at <= r.sign_due_at)::int as signed_on_time,
    count(r.resolved_at)::int as solved,
    count(*) filter (where r.resolved_at <= r.solve_due_at)::int as solved_on_time,
    count(r.resolved_at) filter (where r.kind <> 'wish')::int as problems_solved,
    count(r.rating)::int as rated,
    count(*) filter (where r.rating = 'good')::int as rated_good,
    count(*) filter (where r.rating = 'average')::int as rated_average,
    count(*) filter (where r.rating = 'poor')::int as rated_poor,
    array[${sql.join(hist)}]::int[] as solve_hours_hist`;
}

const dayOf = sql`(r.created_at at time zone 'Asia/Shanghai')::date`;

/**
 * Rollup writers take this transaction lock, one at a time: two refreshes touching grids of the
 * same community and day would otherwise both delete and re-insert its request_stats_community row
 * (one fails on the key). The queue runs one refresh at a time anyway; this makes it a rule.
 */
const lockRollup = (db: Kysely<DB>) => sql`select pg_advisory_xact_lock(7104202611)`.execute(db);

/**
 * Recomputes up to `limit` dirty keys in one transaction: claims (deletes) their dirty rows, drops
 * their rollup rows and inserts a fresh count from the request rows of each key (community, grid,
 * day of submission in China time). Returns how many keys it processed.
 */
export async function refreshDirtyStats(db: Kysely<DB>, limit: number): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await lockRollup(trx);
    const { rows: keys } = await sql<{ community_id: number; grid_id: number; day: string }>`
      delete from request_stats_dirty
      where (community_id, grid_id, day) in (
        select community_id, grid_id, day from request_stats_dirty
        order by community_id, grid_id, day
        limit ${limit}
        for update skip locked
      )
      returning community_id, grid_id, day`.execute(trx);
    if (keys.length === 0) return 0;
    const unnestKeys = sql`unnest(
      ${keys.map((k) => k.community_id)}::int[],
      ${keys.map((k) => k.grid_id)}::int[],
      ${keys.map((k) => String(k.day))}::date[]) as k(community_id, grid_id, day)`;
    await sql`
      delete from request_stats s using ${unnestKeys}
      where s.community_id = k.community_id and s.grid_id = k.grid_id and s.day = k.day`.execute(trx);
    await sql`
      insert into request_stats (community_id, grid_id, day, ${sql.raw(STATS_COLUMNS.join(", "))})
      select k.community_id, k.grid_id, k.day, ${sql.raw(STATS_COLUMNS.map((c) => `a.${c}`).join(", "))}
      from ${unnestKeys}
      cross join lateral (${requestsOfDay(sql`and coalesce(r.grid_id, 0) = k.grid_id`)}) a
      where a.received > 0`.execute(trx);
    await refreshCommunityDays(trx, keys);
    return keys.length;
  });
}

/**
 * The figures of the requests of key `k` (community, day in China time; the caller may narrow it
 * to a grid). A LATERAL subquery, so that every key is an index range scan on request_created
 * (community_id, created_at) — a plain join may hash the whole request table instead.
 */
function requestsOfDay(narrow = sql``) {
  return sql`
    select ${statsAggregates()} from request r
    where r.community_id = k.community_id
      and r.created_at >= (k.day::timestamp at time zone 'Asia/Shanghai')
      and r.created_at < ((k.day + 1)::timestamp at time zone 'Asia/Shanghai')
      and r.status <> 'merged' ${narrow}`;
}

/** Sums of the grid rows of request_stats, as the columns of a rollup row. */
function gridRowSums() {
  return sql.raw(
    [
      ...STATS_COLUMNS.filter((c) => c !== "solve_hours_hist").map((c) => `sum(s.${c})::int`),
      `array[${Array.from({ length: SOLVE_HOUR_BUCKETS }, (_, k) => `coalesce(sum(s.solve_hours_hist[${k + 1}]), 0)`).join(", ")}]::int[]`,
    ].join(", "),
  );
}

/** Recounts request_stats_community for the (community, day) pairs of some keys, from the requests. */
async function refreshCommunityDays(db: Kysely<DB>, keys: { community_id: number; day: string }[]) {
  const pairs = [...new Map(keys.map((k) => [`${k.community_id}/${k.day}`, k])).values()];
  const unnestPairs = sql`unnest(
    ${pairs.map((k) => k.community_id)}::int[],
    ${pairs.map((k) => String(k.day))}::date[]) as k(community_id, day)`;
  await sql`
    delete from request_stats_community s using ${unnestPairs}
    where s.community_id = k.community_id and s.day = k.day`.execute(db);
  await sql`
    insert into request_stats_community (community_id, day, ${sql.raw(STATS_COLUMNS.join(", "))})
    select k.community_id, k.day, ${sql.raw(STATS_COLUMNS.map((c) => `a.${c}`).join(", "))}
    from ${unnestPairs}
    cross join lateral (${requestsOfDay()}) a
    where a.received > 0`.execute(db);
  // the months of those days, from the days (request_stats_monthly, migration 52)
  const months = [...new Set(pairs.map((k) => `${k.community_id}|${String(k.day).slice(0, 7)}-01`))].map(
    (k) => k.split("|"),
  );
  const unnestMonths = sql`unnest(
    ${months.map(([c]) => Number(c))}::int[], ${months.map(([, m]) => m!)}::date[]) as k(community_id, month)`;
  await sql`
    delete from request_stats_monthly s using ${unnestMonths}
    where s.community_id = k.community_id and s.month = k.month`.execute(db);
  await sql`
    insert into request_stats_monthly (community_id, month, ${sql.raw(MONTHLY_COLUMNS.join(", "))})
    ${MONTHS_OF_DAYS(sql`(s.community_id, date_trunc('month', s.day)::date) in (select * from ${unnestMonths})`)}`.execute(
    db,
  );
}

/**
 * Rebuilds the whole rollup from the request table in one statement (after a bulk load or an
 * import of historical requests); clears the dirty keys it covers.
 */
export async function rebuildAllStats(db: Kysely<DB>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await lockRollup(trx);
    await sql`delete from request_stats_dirty`.execute(trx);
    await sql`delete from request_stats`.execute(trx);
    await sql`delete from request_stats_community`.execute(trx);
    await sql`
      insert into request_stats (community_id, grid_id, day, ${sql.raw(STATS_COLUMNS.join(", "))})
      select r.community_id, coalesce(r.grid_id, 0), ${dayOf}, ${statsAggregates()}
      from request r where r.status <> 'merged'
      group by 1, 2, 3`.execute(trx);
    await sql`
      insert into request_stats_community (community_id, day, ${sql.raw(STATS_COLUMNS.join(", "))})
      select s.community_id, s.day, ${gridRowSums()}
      from request_stats s group by 1, 2`.execute(trx);
    await sql`delete from request_stats_monthly`.execute(trx);
    await sql`
      insert into request_stats_monthly (community_id, month, ${sql.raw(MONTHLY_COLUMNS.join(", "))})
      ${MONTHS_OF_DAYS()}`.execute(trx);
  });
}

/**
 * Compares every request_stats_monthly row with the sum of its month's request_stats_community rows
 * (the verify command and tests); returns how many (community, month) differ and up to 20 of them.
 */
export async function monthlyStatsMismatches(
  db: Kysely<DB>,
): Promise<{ count: number; sample: { community_id: number; month: string; problem: string }[] }> {
  const cols = MONTHLY_COLUMNS.map((c) => `c.${c}`).join(", ");
  const mcols = MONTHLY_COLUMNS.map((c) => `m.${c}`).join(", ");
  const { rows } = await sql<{ community_id: number; month: string; problem: string; total: number }>`
    with c as (${MONTHS_OF_DAYS()}), d as (
      select coalesce(c.community_id, m.community_id) as community_id,
        to_char(coalesce(c.month, m.month), 'YYYY-MM') as month,
        case when m.community_id is null then 'missing' when c.community_id is null then 'extra'
          else 'differs' end as problem
      from c full join request_stats_monthly m on m.community_id = c.community_id and m.month = c.month
      where m.community_id is null or c.community_id is null
        or (${sql.raw(cols)}) is distinct from (${sql.raw(mcols)}))
    select d.*, (select count(*) from d)::int as total from d
    order by community_id, month limit 20`.execute(db);
  return { count: rows[0]?.total ?? 0, sample: rows.map(({ total: _, ...m }) => m) };
}

export const countDirtyStats = async (db: Kysely<DB>) =>
  Number(
    (
      await db
        .selectFrom("request_stats_dirty")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

export interface StatsMismatch {
  community_id: number;
  /** null for a row of the per-community rollup */
  grid_id: number | null;
  day: string;
  problem: "missing" | "extra" | "differs";
}

/**
 * Compares every rollup row (request_stats per grid, and request_stats_community) with a recount
 * over the request table — a full scan: for tests and the benchmark's check, never for the board.
 * Call it when no key is dirty; returns the number of rows that differ and up to 20 of them.
 */
export async function recountMismatches(db: Kysely<DB>): Promise<{ count: number; sample: StatsMismatch[] }> {
  const cols = STATS_COLUMNS.map((c) => `c.${c}`).join(", ");
  const scols = STATS_COLUMNS.map((c) => `s.${c}`).join(", ");
  const { rows } = await sql<StatsMismatch & { total: number }>`
    with c as (
      select r.community_id, coalesce(r.grid_id, 0) as grid_id, ${dayOf} as day, ${statsAggregates()}
      from request r where r.status <> 'merged'
      group by 1, 2, 3
    ), cc as (
      select r.community_id, ${dayOf} as day, ${statsAggregates()}
      from request r where r.status <> 'merged'
      group by 1, 2
    ), d as (
      select coalesce(c.community_id, s.community_id) as community_id,
        coalesce(c.grid_id, s.grid_id) as grid_id,
        coalesce(c.day, s.day) as day,
        case when s.community_id is null then 'missing' when c.community_id is null then 'extra'
          else 'differs' end as problem
      from c full join request_stats s
        on s.community_id = c.community_id and s.grid_id = c.grid_id and s.day = c.day
      where s.community_id is null or c.community_id is null
        or (${sql.raw(cols)}) is distinct from (${sql.raw(scols)})
      union all
      select coalesce(c.community_id, s.community_id), null, coalesce(c.day, s.day),
        case when s.community_id is null then 'missing' when c.community_id is null then 'extra'
          else 'differs' end
      from cc c full join request_stats_community s
        on s.community_id = c.community_id and s.day = c.day
      where s.community_id is null or c.community_id is null
        or (${sql.raw(cols)}) is distinct from (${sql.raw(scols)})
    )
    select d.*, (select count(*) from d)::int as total from d
    order by community_id, grid_id nulls first, day limit 20`.execute(db);
  return {
    count: rows[0]?.total ?? 0,
    sample: rows.map(({ total: _, ...m }) => ({ ...m, day: String(m.day) })),
  };
}

// ---- the public board: sums over the rollup only (never a scan of request) ----

export interface StatsScope {
  communityIds: number[];
  gridId?: number;
  from?: string;
  to?: string;
}

/** Grid scopes read request_stats; communities and streets read the smaller per-community rollup. */
function statsSource(scope: StatsScope) {
  const parts = [sql`community_id in (${sql.join(scope.communityIds.length ? scope.communityIds : [-1])})`];
  if (scope.gridId != null) parts.push(sql`grid_id = ${scope.gridId}`);
  if (scope.from) parts.push(sql`day >= ${scope.from}::date`);
  if (scope.to) parts.push(sql`day <= ${scope.to}::date`);
  const table = scope.gridId != null ? sql`request_stats` : sql`request_stats_community`;
  return sql`${table} where ${sql.join(parts, sql` and `)}`;
}

const SUMS = sql.raw(
  [
    ...STATS_COLUMNS.filter((c) => c !== "solve_hours_hist").map((c) => `sum(${c})::int as ${c}`),
    ...Array.from(
      { length: SOLVE_HOUR_BUCKETS },
      (_, k) => `coalesce(sum(solve_hours_hist[${k + 1}]), 0)::int as h${k}`,
    ),
  ].join(",\n"),
);

export type StatsSums = Record<Exclude<(typeof STATS_COLUMNS)[number], "solve_hours_hist">, number> & {
  hist: number[];
};

function toSums(row: Record<string, unknown>): StatsSums {
  const out: Record<string, unknown> = {};
  for (const c of STATS_COLUMNS) if (c !== "solve_hours_hist") out[c] = Number(row[c] ?? 0);
  out.hist = Array.from({ length: SOLVE_HOUR_BUCKETS }, (_, k) => Number(row[`h${k}`] ?? 0));
  return out as StatsSums;
}

/** The figures of a scope per day of submission (days with requests only), oldest first. */
export async function dailyStats(
  db: Kysely<DB>,
  scope: StatsScope,
): Promise<(StatsSums & { day: string })[]> {
  const { rows } = await sql<Record<string, unknown>>`
    select day, ${SUMS} from ${statsSource(scope)}
    group by day order by day`.execute(db);
  return rows.map((r) => ({ day: String(r.day), ...toSums(r) }));
}

/** Adds up daily figures. */
export function totalOf(days: StatsSums[]): StatsSums {
  const total = toSums({});
  for (const d of days) {
    for (const c of STATS_COLUMNS) if (c !== "solve_hours_hist") total[c] += d[c];
    d.hist.forEach((n, k) => {
      total.hist[k]! += n;
    });
  }
  return total;
}

export const gridById = (db: Kysely<DB>, gridId: number) =>
  db.selectFrom("grid").select(["community_id", "id", "name"]).where("id", "=", gridId).execute();

export const communityById = (db: Kysely<DB>, communityId: number) =>
  db.selectFrom("community").select(["id", "name"]).where("id", "=", communityId).executeTakeFirst();

export const streetById = (db: Kysely<DB>, streetId: number) =>
  db.selectFrom("street").select(["id", "name"]).where("id", "=", streetId).executeTakeFirst();

export const communityIdsOfStreet = async (db: Kysely<DB>, streetId: number) =>
  (await db.selectFrom("community").select("id").where("street_id", "=", streetId).execute()).map(
    (c) => c.id,
  );

/** Verified residents of communities, or of one grid (by their household). */
export const verifiedResidents = async (db: Kysely<DB>, communityIds: number[], gridId?: number) => {
  if (communityIds.length === 0) return 0;
  let q = db
    .selectFrom("resident as r")
    .where("r.community_id", "in", communityIds)
    .where("r.status", "=", "verified");
  if (gridId != null)
    q = q
      .innerJoin("household as h", (j) =>
        j.onRef("h.community_id", "=", "r.community_id").onRef("h.id", "=", "r.household_id"),
      )
      .where("h.grid_id", "=", gridId);
  return Number((await q.select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n);
};
