// Insight's figures: all their SQL. The rollup insight_daily (community, figure, day → value) holds
// the figures of the other modules' rows by day in China time; each source below says how its figures
// are counted from its rows. The consumer marks (community, source, day) keys dirty; the refresh
// recomputes a dirty key from the rows, and that month's insight_monthly rows from the days, in the
// same transaction. Only non-zero values are stored. Reads sum whole months from insight_monthly and
// days from insight_daily, grouped per bucket and child place in SQL; the denominators are read from
// the residents snapshot insight_residents (migration 52).
import { type Kysely, type RawBuilder, sql } from "kysely";
import type { DB } from "../../../db/schema.ts";

type Db = Kysely<DB>;

/** The queue name of the insight refresh job (figures.jobs.ts). */
export const INSIGHT_REFRESH_JOB = "insight-refresh";

const chinaDay = (col: string) => `(${col} at time zone 'Asia/Shanghai')::date`;

export interface Source {
  /** the figures it counts, each a column of its select */
  figures: readonly string[];
  /** the source's rows as `from` clause text: the row alias is `s` (its id and community_id) */
  from: string;
  /** the China day a row counts on, as SQL over the `from` clause */
  day: string;
  /** rows (community_id, day, <figures>) of the source, restricted by `where` (SQL over alias s) */
  select(where: RawBuilder<unknown>): RawBuilder<unknown>;
}

/** One source's select: its figures per community and day over its rows. */
const selectOf =
  (from: string, day: string, figures: string, filter = "true") =>
  (where: RawBuilder<unknown>) =>
    sql`select s.community_id, ${sql.raw(day)} as day, ${sql.raw(figures)}
      from ${sql.raw(from)} where ${sql.raw(filter)} and ${where}
      group by 1, 2`;

const source = (def: {
  figures: readonly string[];
  from: string;
  day: string;
  sums: string;
  filter?: string;
}): Source => ({
  figures: def.figures,
  from: def.from,
  day: def.day,
  select: selectOf(def.from, def.day, def.sums, def.filter),
});

/**
 * The sources and their definitions (docs/insight.md says them in words):
 * - volunteering: vol_services = certified attendances, vol_minutes = their certified minutes, by
 *   the day of check-in;
 * - meetings: meeting_attendances = meeting sign-ins, meeting_residents = those by a resident, by day
 *   of sign-in;
 * - topics: topics_created = topics (议题) created, by day of creation;
 * - votes: votes_closed = owners' votes closed and counted, votes_passed = those in which every
 *   question passed, by day of closing;
 * - points: points_issued = points awarded (earned or by staff), points_deducted = points taken
 *   away under the standard, by day of the award;
 * - mall: mall_exchanges = exchanges not expired, mall_points = their points, mall_value_fen = the
 *   goods' value (fen), by day of exchange;
 * - canteen: canteen_meals = meals ordered and not cancelled, canteen_deliveries = those delivered to
 *   the door, canteen_{resident,community,discount,subsidy}_fen = the parts of their cost, by the
 *   meal's day;
 * - care_visits: care_visits = care visits recorded, by the day of the visit;
 * - care_alerts: care_alerts = missed daily check-ins alerted, care_alerts_answered = those
 *   acknowledged or closed within an hour of the alert, by the day of the check-in;
 * - projects: project_incomes = incomes booked on co-building projects' accounts and not reversed
 *   (冲正), project_raised_fen = their amount, project_raised_<kind>_fen = the part of it booked
 *   against a funding source of that kind (unspecified: no source named), by the day the money came.
 */
export const SOURCES = {
  volunteering: source({
    figures: ["vol_services", "vol_minutes"],
    from: "vol_attendance s",
    day: chinaDay("s.check_in_at"),
    sums: "count(*)::bigint as vol_services, coalesce(sum(s.minutes), 0)::bigint as vol_minutes",
    filter: "s.certified_at is not null",
  }),
  meetings: source({
    figures: ["meeting_attendances", "meeting_residents"],
    from: "meeting_attendance s",
    day: chinaDay("s.signed_in_at"),
    sums: "count(*)::bigint as meeting_attendances, count(s.resident_id)::bigint as meeting_residents",
  }),
  topics: source({
    figures: ["topics_created"],
    from: "topic s",
    day: chinaDay("s.created_at"),
    sums: "count(*)::bigint as topics_created",
  }),
  votes: source({
    figures: ["votes_closed", "votes_passed"],
    from: "vote s",
    day: chinaDay("s.closed_at"),
    sums: `count(*)::bigint as votes_closed,
        count(*) filter (where jsonb_array_length(coalesce(s.result::jsonb -> 'questions', '[]'::jsonb)) > 0
          and not exists (select 1 from jsonb_array_elements(s.result::jsonb -> 'questions') q
            where (q ->> 'passed')::boolean is not true))::bigint as votes_passed`,
    filter: "s.status = 'closed' and s.closed_at is not null",
  }),
  points: source({
    figures: ["points_issued", "points_deducted"],
    from: "points_award s",
    day: chinaDay("s.awarded_at"),
    sums: `coalesce(sum(s.points) filter (where s.points > 0), 0)::bigint as points_issued,
        coalesce(-sum(s.points) filter (where s.points < 0), 0)::bigint as points_deducted`,
  }),
  mall: source({
    figures: ["mall_exchanges", "mall_points", "mall_value_fen"],
    from: "mall_exchange s",
    day: chinaDay("s.created_at"),
    sums: `count(*)::bigint as mall_exchanges, coalesce(sum(s.points), 0)::bigint as mall_points,
        coalesce(sum(s.value_fen), 0)::bigint as mall_value_fen`,
    filter: "s.status <> 'expired'",
  }),
  canteen: source({
    figures: [
      "canteen_meals",
      "canteen_deliveries",
      "canteen_resident_fen",
      "canteen_community_fen",
      "canteen_discount_fen",
      "canteen_subsidy_fen",
    ],
    from: "canteen_order s join canteen_menu m on m.community_id = s.community_id and m.id = s.menu_id",
    day: "m.day",
    sums: `count(*)::bigint as canteen_meals,
        count(*) filter (where s.mode = 'delivery')::bigint as canteen_deliveries,
        coalesce(sum(s.resident_fen), 0)::bigint as canteen_resident_fen,
        coalesce(sum(s.community_fen), 0)::bigint as canteen_community_fen,
        coalesce(sum(s.discount_fen), 0)::bigint as canteen_discount_fen,
        coalesce(sum(s.subsidy_fen), 0)::bigint as canteen_subsidy_fen`,
    filter: "s.status = 'placed'",
  }),
  care_visits: source({
    figures: ["care_visits"],
    from: "care_visit s",
    day: "s.visited_on",
    sums: "count(*)::bigint as care_visits",
  }),
  care_alerts: source({
    figures: ["care_alerts", "care_alerts_answered"],
    from: "care_alert s",
    day: "s.day",
    sums: `count(*)::bigint as care_alerts,
        count(*) filter (where least(s.acknowledged_at, s.closed_at) <= s.raised_at + interval '1 hour')::bigint
          as care_alerts_answered`,
  }),
  projects: source({
    figures: [
      "project_incomes",
      "project_raised_fen",
      "project_raised_community_fen",
      "project_raised_units_fen",
      "project_raised_government_fen",
      "project_raised_residents_fen",
      "project_raised_other_fen",
      "project_raised_unspecified_fen",
    ],
    from: `project_booking s left join project_funding_source f
      on f.community_id = s.community_id and f.id = s.source_id`,
    day: "s.occurred_on",
    sums: `count(*)::bigint as project_incomes, coalesce(sum(s.amount_fen), 0)::bigint as project_raised_fen,
        coalesce(sum(s.amount_fen) filter (where f.kind = 'community'), 0)::bigint as project_raised_community_fen,
        coalesce(sum(s.amount_fen) filter (where f.kind = 'co_building_unit'), 0)::bigint as project_raised_units_fen,
        coalesce(sum(s.amount_fen) filter (where f.kind = 'government'), 0)::bigint as project_raised_government_fen,
        coalesce(sum(s.amount_fen) filter (where f.kind = 'residents'), 0)::bigint as project_raised_residents_fen,
        coalesce(sum(s.amount_fen) filter (where f.kind = 'other'), 0)::bigint as project_raised_other_fen,
        coalesce(sum(s.amount_fen) filter (where f.id is null), 0)::bigint as project_raised_unspecified_fen`,
    filter: `s.direction = 'income' and s.corrects_id is null and not exists (
        select 1 from project_booking c where c.community_id = s.community_id and c.corrects_id = s.id)`,
  }),
} as const satisfies Record<string, Source>;

export type SourceName = keyof typeof SOURCES;
export const SOURCE_NAMES = Object.keys(SOURCES) as SourceName[];
export const ROLLUP_FIGURES = SOURCE_NAMES.flatMap((s) => SOURCES[s].figures);

/** A source's select unpivoted to (community_id, day, figure, value), non-zero values only. */
function unpivoted(source: SourceName, where: RawBuilder<unknown>) {
  const def = SOURCES[source];
  const values = sql.join(def.figures.map((f) => sql`(${f}::text, a.${sql.ref(f)}::bigint)`));
  return sql`
    select a.community_id, a.day, v.figure, v.value
    from (${def.select(where)}) a
    cross join lateral (values ${values}) v(figure, value)
    where v.value <> 0`;
}

// ---- marking keys dirty (the consumer, in its transaction) ----

/** Marks the keys of a source's rows (by their ids) dirty: the day is read from the rows themselves. */
export function markDirtyByIds(db: Db, source: SourceName, communityId: number, ids: number[]) {
  const def = SOURCES[source];
  return sql`
    insert into insight_dirty (community_id, source, day)
    select distinct s.community_id, ${source}::text, ${sql.raw(def.day)}
    from ${sql.raw(def.from)}
    where s.community_id = ${communityId}::int and s.id = any(${ids}::int[])
      and ${sql.raw(def.day)} is not null
    on conflict do nothing`.execute(db);
}

export const countDirty = async (db: Db) =>
  Number(
    (
      await db
        .selectFrom("insight_dirty")
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

/** Refresh writers take this lock one at a time (as request_stats' writers take theirs). */
const lockRollup = (db: Db) => sql`select pg_advisory_xact_lock(7104202617)`.execute(db);

/** Recomputes up to `limit` dirty keys in one transaction; returns how many it processed. */
export async function refreshDirty(db: Db, limit: number): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await lockRollup(trx);
    const { rows: keys } = await sql<{ community_id: number; source: SourceName; day: string }>`
      delete from insight_dirty
      where (community_id, source, day) in (
        select community_id, source, day from insight_dirty
        order by community_id, source, day limit ${limit}
        for update skip locked)
      returning community_id, source, to_char(day, 'YYYY-MM-DD') as day`.execute(trx);
    for (const source of SOURCE_NAMES) {
      const mine = keys.filter((k) => k.source === source);
      if (mine.length === 0) continue;
      const cs = mine.map((k) => k.community_id);
      const ds = mine.map((k) => k.day);
      const figures = [...SOURCES[source].figures];
      await sql`
        delete from insight_daily d
        using unnest(${cs}::int[], ${ds}::date[]) as k(community_id, day)
        where d.community_id = k.community_id and d.day = k.day and d.figure = any(${figures}::text[])`.execute(
        trx,
      );
      const where = sql`(s.community_id, ${sql.raw(SOURCES[source].day)}) in (
        select * from unnest(${cs}::int[], ${ds}::date[]))`;
      await sql`
        insert into insight_daily (community_id, day, figure, value)
        ${unpivoted(source, where)}`.execute(trx);
      await refreshMonths(trx, cs, ds, figures);
    }
    return keys.length;
  });
}

/**
 * Recomputes the months of some (community, day) keys in insight_monthly from insight_daily, for
 * some figures (in the refresh's transaction, after their days were recounted).
 */
async function refreshMonths(trx: Db, cs: number[], ds: string[], figures: string[]) {
  const pairs = [...new Set(cs.map((c, i) => `${c}|${ds[i]!.slice(0, 7)}-01`))].map((k) => k.split("|"));
  const mc = pairs.map(([c]) => Number(c));
  const mm = pairs.map(([, m]) => m!);
  await sql`
    delete from insight_monthly m
    using unnest(${mc}::int[], ${mm}::date[]) as k(community_id, month)
    where m.community_id = k.community_id and m.month = k.month and m.figure = any(${figures}::text[])`.execute(
    trx,
  );
  await sql`
    insert into insight_monthly (community_id, month, figure, value)
    select d.community_id, k.month, d.figure, sum(d.value)
    from unnest(${mc}::int[], ${mm}::date[]) as k(community_id, month)
    join insight_daily d on d.community_id = k.community_id
      and d.day >= k.month and d.day < (k.month + interval '1 month')::date
    where d.figure = any(${figures}::text[])
    group by 1, 2, 3
    having sum(d.value) <> 0`.execute(trx);
}

/** insight_daily summed per community, month and figure (non-zero sums): what insight_monthly holds. */
const MONTHLY_OF_DAILY = sql`
  select community_id, date_trunc('month', day)::date as month, figure, sum(value) as value
  from insight_daily group by 1, 2, 3 having sum(value) <> 0`;

/** Rebuilds the whole rollup from the rows (after a bulk load); clears the dirty keys. */
export async function rebuildAll(db: Db): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await lockRollup(trx);
    await sql`delete from insight_dirty`.execute(trx);
    await sql`delete from insight_daily`.execute(trx);
    await sql`delete from insight_monthly`.execute(trx);
    for (const source of SOURCE_NAMES)
      await sql`insert into insight_daily (community_id, day, figure, value)
        ${unpivoted(source, sql`true`)}`.execute(trx);
    await sql`insert into insight_monthly (community_id, month, figure, value) ${MONTHLY_OF_DAILY}`.execute(
      trx,
    );
  });
}

export interface RollupMismatch {
  community_id: number;
  day: string;
  figure: string;
  rollup: string | null;
  recount: string | null;
}

/**
 * Compares every rollup row with a recount over the source rows (a full scan: for the verify command
 * and tests, never a page). Call it when no key is dirty.
 */
export async function recountMismatches(db: Db): Promise<{ count: number; sample: RollupMismatch[] }> {
  const recount = sql.join(
    SOURCE_NAMES.map((s) => unpivoted(s, sql`true`)),
    sql` union all `,
  );
  const { rows } = await sql<RollupMismatch & { total: number }>`
    with c as (${recount}), d as (
      select coalesce(c.community_id, r.community_id) as community_id,
        to_char(coalesce(c.day, r.day), 'YYYY-MM-DD') as day, coalesce(c.figure, r.figure) as figure,
        r.value::text as rollup, c.value::text as recount
      from c full join insight_daily r
        on r.community_id = c.community_id and r.day = c.day and r.figure = c.figure
      where r.value is distinct from c.value)
    select d.*, (select count(*) from d)::int as total from d
    order by community_id, day, figure limit 20`.execute(db);
  return { count: rows[0]?.total ?? 0, sample: rows.map(({ total: _, ...m }) => m) };
}

export interface MonthlyMismatch {
  community_id: number;
  month: string;
  figure: string;
  monthly: string | null;
  daily: string | null;
}

/** Compares every insight_monthly row with the sum of its month's insight_daily rows (verify, tests). */
export async function monthlyMismatches(db: Db): Promise<{ count: number; sample: MonthlyMismatch[] }> {
  const { rows } = await sql<MonthlyMismatch & { total: number }>`
    with s as (${MONTHLY_OF_DAILY}), d as (
      select coalesce(s.community_id, m.community_id) as community_id,
        to_char(coalesce(s.month, m.month), 'YYYY-MM') as month, coalesce(s.figure, m.figure) as figure,
        m.value::text as monthly, s.value::text as daily
      from s full join insight_monthly m
        on m.community_id = s.community_id and m.month = s.month and m.figure = s.figure
      where m.value is distinct from s.value)
    select d.*, (select count(*) from d)::int as total from d
    order by community_id, month, figure limit 20`.execute(db);
  return { count: rows[0]?.total ?? 0, sample: rows.map(({ total: _, ...m }) => m) };
}

// ---- reading: sums of the rollup per bucket (day, month or year) and child place, grouped in SQL ----

export type Bucket = "day" | "month" | "year";
/** How a place's communities group into its child places: by street (a district), by community (a street). */
export type ChildBy = "street" | "community" | null;

const BUCKET_FORMAT = { day: "YYYY-MM-DD", month: "YYYY-MM", year: "YYYY" } as const;

const addDays = (day: string, n: number) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};
const monthStart = (day: string) => `${day.slice(0, 7)}-01`;

/**
 * Where a period's sums are read: the whole months inside [from, to] from insight_monthly
 * ([monthFrom, monthTo), first days of months), the days outside them from insight_daily (the partial
 * months at the ends, or every day for a period of days). Same sums either way: a month's row is the
 * sum of its days.
 */
export function splitPeriod(from: string, to: string, bucket: Bucket) {
  const firstWhole = from.endsWith("-01") ? from : monthStart(addDays(monthStart(from), 31));
  const afterLastWhole = monthStart(addDays(to, 1)) === addDays(to, 1) ? addDays(to, 1) : monthStart(to);
  if (bucket === "day" || firstWhole >= afterLastWhole)
    return { months: null, days: [[from, addDays(to, 1)]] as [string, string][] };
  const days: [string, string][] = [];
  if (from < firstWhole) days.push([from, firstWhole]);
  if (afterLastWhole <= to) days.push([afterLastWhole, addDays(to, 1)]);
  return { months: [firstWhole, afterLastWhole] as [string, string], days };
}

/** Which grouping a row of a place's sums is: per bucket, per child place, or the period's total. */
export type GroupedSet = "bucket" | "child" | "total";
const setOf = (g: number): GroupedSet => (g === 1 ? "bucket" : g === 2 ? "child" : "total");

/** A row of a place's sums: per bucket (`bucket` set), per child place (`child` set), or the total. */
export interface GroupedRow {
  set: GroupedSet;
  bucket: string;
  child: number | null;
  figure: string;
  value: string;
}

/** The child place of a row of alias r (with the join it needs), and the grouping sets to sum by. */
const childOf = (childBy: ChildBy) => ({
  child:
    childBy === "street" ? sql`c.street_id` : childBy === "community" ? sql`r.community_id` : sql`null::int`,
  join: childBy === "street" ? sql`join community c on c.id = r.community_id` : sql``,
});

/**
 * The rollup's sums for some communities over [from, to] (China days), in one statement: per bucket,
 * per child place (street or community; with none, one row of child null) and in total, each per figure.
 */
export async function rollupGrouped(
  db: Db,
  communityIds: number[],
  from: string,
  to: string,
  bucket: Bucket,
  childBy: ChildBy,
): Promise<GroupedRow[]> {
  if (communityIds.length === 0) return [];
  const { months, days } = splitPeriod(from, to, bucket);
  const parts = days.map(
    ([a, b]) => sql`select community_id, day, figure, value from insight_daily
      where community_id = any(${communityIds}::int[]) and day >= ${a}::date and day < ${b}::date`,
  );
  if (months)
    parts.push(sql`select community_id, month, figure, value from insight_monthly
      where community_id = any(${communityIds}::int[]) and month >= ${months[0]}::date
        and month < ${months[1]}::date`);
  const { child, join } = childOf(childBy);
  const { rows } = await sql<Omit<GroupedRow, "set"> & { g: number }>`
    select bucket, child, figure, sum(value)::text as value, grouping(bucket, child) as g
    from (
      select to_char(r.day, ${BUCKET_FORMAT[bucket]}) as bucket, ${child} as child, r.figure, r.value
      from (${sql.join(parts, sql` union all `)}) r(community_id, day, figure, value) ${join}) x
    group by grouping sets ((bucket, figure), (child, figure), (figure))`.execute(db);
  return rows.map(({ g, ...r }) => ({ ...r, set: setOf(g) }));
}

// ---- places ----

export const districtById = (db: Db, id: number) =>
  db.selectFrom("district").select(["id", "name"]).where("id", "=", id).executeTakeFirst();
export const streetById = (db: Db, id: number) =>
  db.selectFrom("street").select(["id", "name", "district_id"]).where("id", "=", id).executeTakeFirst();
export const communityById = (db: Db, id: number) =>
  db.selectFrom("community").select(["id", "name", "street_id"]).where("id", "=", id).executeTakeFirst();
export const gridById = (db: Db, communityId: number, id: number) =>
  db
    .selectFrom("grid")
    .select(["id", "name", "community_id"])
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .executeTakeFirst();

export const streetsOfDistrict = (db: Db, districtId: number) =>
  db
    .selectFrom("street")
    .select(["id", "name"])
    .where("district_id", "=", districtId)
    .orderBy("id")
    .execute();
export const communitiesOfStreets = (db: Db, streetIds: number[]) =>
  streetIds.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom("community")
        .select(["id", "name", "street_id"])
        .where("street_id", "in", streetIds)
        .orderBy("id")
        .execute();
export const communitiesOfAll = (db: Db) => db.selectFrom("community").select("id").orderBy("id").execute();
export const gridsOfCommunity = (db: Db, communityId: number) =>
  db
    .selectFrom("grid")
    .select(["id", "name"])
    .where("community_id", "=", communityId)
    .orderBy("id")
    .execute();

// ---- the denominators: verified residents per community, grid and group, from the snapshot ----

/** A row of the denominators: verified residents of a community and grid (null: none) in a group. */
export interface ResidentGroupRow {
  community_id: number;
  grid_id: number | null;
  /** "band:<age band>" (on the snapshot's day) or "tag:<care tag>" (of those enrolled in care) */
  group: string;
  n: number;
}

/** Communities counted from resident instead: marked since their snapshot, or with none taken. */
const unsnapped = (communityIds: number[]) => sql`
  select community_id from insight_residents_dirty where community_id = any(${communityIds}::int[])
  union
  select c from unnest(${communityIds}::int[]) c
  where not exists (select 1 from insight_residents_day d where d.community_id = c)`;

/**
 * Verified residents per community and grid (0: none) of some communities: the sum of their age bands
 * in the snapshot, except for communities marked since it was taken (insight_residents_dirty, committed
 * with the change) or never taken, which are counted from resident (index resident_grid). Equal to a
 * count either way.
 */
export async function residentsOf(db: Db, communityIds: number[]) {
  if (communityIds.length === 0) return [];
  const { rows } = await sql<{ community_id: number; grid_id: number; residents: number }>`
    with live as (${unsnapped(communityIds)})
    select community_id, grid_id, sum(residents)::int as residents from insight_residents
    where community_id = any(${communityIds}::int[]) and grp like 'band:%'
      and community_id not in (select community_id from live)
    group by 1, 2
    union all
    select community_id, coalesce(grid_id, 0), count(*)::int from resident
    where community_id in (select community_id from live) and status = 'verified'
    group by 1, 2`.execute(db);
  return rows.map((r) => ({ ...r, residents: Number(r.residents) }));
}

/**
 * The snapshot's groups (participation's denominators) of the communities whose snapshot is of day
 * `asOf` and not marked since; `others` are the communities to count from resident.
 */
export async function residentGroups(db: Db, communityIds: number[], asOf: string) {
  if (communityIds.length === 0) return { rows: [] as ResidentGroupRow[], others: [] as number[] };
  const { rows: usable } = await sql<{ community_id: number }>`
    select d.community_id from insight_residents_day d
    where d.community_id = any(${communityIds}::int[]) and d.as_of = ${asOf}::date
      and not exists (select 1 from insight_residents_dirty m where m.community_id = d.community_id)`.execute(
    db,
  );
  const ids = usable.map((r) => r.community_id);
  const { rows } =
    ids.length === 0
      ? { rows: [] }
      : await sql<ResidentGroupRow>`
    select community_id, nullif(grid_id, 0) as grid_id, grp as "group", residents as n
    from insight_residents where community_id = any(${ids}::int[])`.execute(db);
  const taken = new Set(ids);
  return { rows, others: communityIds.filter((c) => !taken.has(c)) };
}

/** Refresh writers of the snapshot take this lock one at a time. */
export const lockResidents = (db: Db) => sql`select pg_advisory_xact_lock(7104202652)`.execute(db);

/**
 * Claims the communities whose snapshot the refresh must take (in its transaction): those marked
 * (their marks deleted), or every community when one has no snapshot of `today` (a new China day: the
 * age bands move; a community never taken).
 */
export async function claimResidents(trx: Db, today: string): Promise<number[]> {
  const { rows: marked } = await sql<{
    community_id: number;
  }>`delete from insight_residents_dirty returning community_id`.execute(trx);
  const { rows: stale } = await sql<{ n: number }>`
    select count(*)::int as n from community c
    where not exists (select 1 from insight_residents_day d where d.community_id = c.id and d.as_of = ${today}::date)`.execute(
    trx,
  );
  if (Number(stale[0]?.n ?? 0) > 0) return (await communitiesOfAll(trx)).map((c) => c.id);
  return [...new Set(marked.map((r) => r.community_id))].sort((a, b) => a - b);
}

/** Replaces the snapshot of some communities by their groups counted on day `asOf`. */
export async function writeResidents(
  trx: Db,
  communityIds: number[],
  asOf: string,
  rows: ResidentGroupRow[],
) {
  await sql`delete from insight_residents where community_id = any(${communityIds}::int[])`.execute(trx);
  if (rows.length > 0)
    await sql`
      insert into insight_residents (community_id, grid_id, grp, residents)
      select * from unnest(${rows.map((r) => r.community_id)}::int[], ${rows.map((r) => r.grid_id ?? 0)}::int[],
        ${rows.map((r) => r.group)}::text[], ${rows.map((r) => r.n)}::int[])`.execute(trx);
  await sql`
    insert into insight_residents_day (community_id, as_of)
    select c, ${asOf}::date from unnest(${communityIds}::int[]) c
    on conflict (community_id) do update set as_of = excluded.as_of`.execute(trx);
}

/** Every snapshot row and each community's day (verify, tests). */
export async function storedResidents(db: Db) {
  const [rows, days] = await Promise.all([
    sql<ResidentGroupRow>`select community_id, nullif(grid_id, 0) as grid_id, grp as "group", residents as n
      from insight_residents`.execute(db),
    db
      .selectFrom("insight_residents_day")
      .select(["community_id"])
      .select(sql<string>`to_char(as_of, 'YYYY-MM-DD')`.as("as_of"))
      .execute(),
  ]);
  return { rows: rows.rows, days };
}

// ---- request figures: read from voice/figures' rollups (request_stats_community per community and
// day, request_stats per grid), never recounted here ----

export const REQUEST_FIGURES = [
  "requests_received",
  "requests_solved",
  "requests_solved_on_time",
  "requests_rated",
  "requests_rated_good",
] as const;

const REQUEST_SUMS = sql.raw(`
  sum(received)::text as requests_received, sum(solved)::text as requests_solved,
  sum(solved_on_time)::text as requests_solved_on_time, sum(rated)::text as requests_rated,
  sum(rated_good)::text as requests_rated_good`);

/**
 * Request figures of some communities over [from, to] (days of submission, China time), in one
 * statement: per bucket, per child place and in total (as rollupGrouped: whole months from
 * request_stats_monthly, the other days from request_stats_community), one column per figure.
 */
export async function requestGrouped(
  db: Db,
  communityIds: number[],
  from: string,
  to: string,
  bucket: Bucket,
  childBy: ChildBy,
) {
  if (communityIds.length === 0) return [];
  const { months, days } = splitPeriod(from, to, bucket);
  const cols = sql.raw("received, solved, solved_on_time, rated, rated_good");
  const parts = days.map(
    ([a, b]) => sql`select community_id, day, ${cols} from request_stats_community
      where community_id = any(${communityIds}::int[]) and day >= ${a}::date and day < ${b}::date`,
  );
  if (months)
    parts.push(sql`select community_id, month, ${cols} from request_stats_monthly
      where community_id = any(${communityIds}::int[]) and month >= ${months[0]}::date
        and month < ${months[1]}::date`);
  const { child, join } = childOf(childBy);
  const { rows } = await sql<
    Record<(typeof REQUEST_FIGURES)[number], string> & { bucket: string; child: number | null; g: number }
  >`
    select bucket, child, ${REQUEST_SUMS}, grouping(bucket, child) as g
    from (
      select to_char(r.day, ${BUCKET_FORMAT[bucket]}) as bucket, ${child} as child, r.received, r.solved,
        r.solved_on_time, r.rated, r.rated_good
      from (${sql.join(parts, sql` union all `)}) r(community_id, day, received, solved, solved_on_time, rated, rated_good)
      ${join}) x
    group by grouping sets ((bucket), (child), ())`.execute(db);
  return rows.map(({ g, ...r }) => ({ ...r, set: setOf(g) }));
}

/** Request figures per grid (0: none) and bucket of one community. */
export async function requestSumsByGrid(
  db: Db,
  communityId: number,
  from: string,
  to: string,
  bucket: Bucket,
) {
  const fmt = BUCKET_FORMAT[bucket];
  const { rows } = await sql<Record<string, string> & { grid_id: number; bucket: string }>`
    select grid_id, to_char(day, ${fmt}) as bucket, ${REQUEST_SUMS}
    from request_stats
    where community_id = ${communityId}::int and day >= ${from}::date and day <= ${to}::date
    group by 1, 2`.execute(db);
  return rows;
}

// ---- requests by category (the big screen): counted from the request rows of a bounded period (at
// most 92 days, checked by the service) through the index request_created (community_id, created_at);
// request_stats has no category. Merged duplicates are not counted, as in request_stats.received.

export async function requestsByCategory(
  db: Db,
  communityIds: number[],
  gridId: number | null,
  from: string,
  to: string,
) {
  if (communityIds.length === 0) return [];
  const grid = gridId == null ? sql`` : sql`and r.grid_id = ${gridId}::int`;
  const { rows } = await sql<{ code: string; name_zh: string; name_en: string; n: string }>`
    select c.code, min(c.name_zh) as name_zh, min(c.name_en) as name_en, count(*)::text as n
    from request r
    join request_category c on c.community_id = r.community_id and c.id = r.category_id
    where r.community_id = any(${communityIds}::int[])
      and r.created_at >= (${from}::date::timestamp at time zone 'Asia/Shanghai')
      and r.created_at < ((${to}::date + 1)::timestamp at time zone 'Asia/Shanghai')
      and r.status <> 'merged' ${grid}
    group by c.code
    order by count(*) desc, c.code`.execute(db);
  return rows;
}

// ---- the figures' generation (migration 54): what a remembered page answer is tied to ----

/**
 * The counter raised by every write to a table the figures read (refresh jobs, rebuilds), and whether
 * any of some communities is marked (new activity or changed residents, counted live until the
 * refresh): a page's answer may be remembered only when none is.
 */
export async function figuresGeneration(db: Db, communityIds: number[]) {
  const { rows } = await sql<{ n: string; marked: boolean }>`
    select (select n::text from insight_generation where id = 1) as n,
      exists (select 1 from insight_active_dirty where community_id = any(${communityIds}::int[]))
        or exists (select 1 from insight_residents_dirty where community_id = any(${communityIds}::int[]))
        as marked`.execute(db);
  return { generation: rows[0]?.n ?? "0", marked: rows[0]?.marked ?? true };
}
