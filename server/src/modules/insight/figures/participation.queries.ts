// Participation (issue 17 E1): the residents active in a month. A distinct count cannot be summed
// over days, so the insight consumer marks (community, month, resident) in insight_active — insert …
// on conflict do nothing, in its transaction — from the rows named by each event; a month's or a
// year's participation counts the distinct residents of its rows. The activities and the row each is
// read from (the resident directly, or the resident of the same community whose account did it):
// - requests: a request submitted (request.submitted), month of submission;
// - meetings: a resident's meeting sign-in (meeting.attended), month of sign-in;
// - volunteering: certified volunteer hours (volunteer_hours.certified/corrected), month of check-in;
// - votes: a ballot cast online in an owners' vote, marked when the vote closes (vote.closed), month
//   of casting;
// - mall: an exchange in the points mall (mall.exchanged), month of exchange;
// - canteen: a canteen meal ordered (canteen.order_placed; a later cancellation does not unmark it),
//   month of ordering;
// - comments: a comment or reply written (comment.posted; whatever its moderation), month of writing;
// - surveys: an answer to a named survey, online or on paper (survey.answered; an anonymous survey
//   keeps no link to who answered and is not counted), month of answering.
import { type Kysely, type RawBuilder, sql } from "kysely";
import type { DB } from "../../../db/schema.ts";

type Db = Kysely<DB>;

const chinaMonth = (col: string) => `date_trunc('month', ${col} at time zone 'Asia/Shanghai')::date`;
const byAccount = (alias: string, userCol: string) =>
  `join resident ${alias} on ${alias}.community_id = s.community_id and ${alias}.user_id = s.${userCol}`;

interface Activity {
  /** rows, alias s (with community_id) */
  from: string;
  /** the China month the row counts in */
  month: string;
  /** the resident id */
  resident: string;
  /** which column the event names (default s.id) */
  key?: string;
  filter?: string;
}

export const ACTIVITIES = {
  requests: {
    from: `request s ${byAccount("r", "submitter_user_id")}`,
    month: chinaMonth("s.created_at"),
    resident: "r.id",
  },
  meetings: {
    from: "meeting_attendance s",
    month: chinaMonth("s.signed_in_at"),
    resident: "s.resident_id",
    filter: "s.resident_id is not null",
  },
  volunteering: {
    from: `vol_attendance s ${byAccount("r", "user_id")}`,
    month: chinaMonth("s.check_in_at"),
    resident: "r.id",
    filter: "s.certified_at is not null",
  },
  votes: {
    from: `vote_ballot s ${byAccount("r", "user_id")}
      join vote v on v.community_id = s.community_id and v.id = s.vote_id`,
    month: chinaMonth("s.cast_at"),
    resident: "r.id",
    key: "s.vote_id",
    filter: "v.status = 'closed'",
  },
  mall: { from: "mall_exchange s", month: chinaMonth("s.created_at"), resident: "s.resident_id" },
  canteen: { from: "canteen_order s", month: chinaMonth("s.created_at"), resident: "s.resident_id" },
  comments: {
    from: `comment s ${byAccount("r", "author_user_id")}`,
    month: chinaMonth("s.created_at"),
    resident: "r.id",
  },
  surveys: {
    from: "survey_response s",
    month: chinaMonth("s.submitted_at"),
    resident: "s.resident_id",
    filter: "s.resident_id is not null",
  },
} as const satisfies Record<string, Activity>;

export type ActivityName = keyof typeof ACTIVITIES;
const ACTIVITY_NAMES = Object.keys(ACTIVITIES) as ActivityName[];

const selectActive = (a: Activity, where: RawBuilder<unknown>) =>
  sql`select distinct s.community_id, ${sql.raw(a.month)} as month, ${sql.raw(a.resident)} as resident_id
    from ${sql.raw(a.from)} where ${sql.raw(a.filter ?? "true")} and ${where}`;

/** Marks the residents of an activity's rows (by the ids the event names) active in their month. */
export function markActive(db: Db, activity: ActivityName, communityId: number, ids: number[]) {
  if (ids.length === 0) return Promise.resolve();
  const a: Activity = ACTIVITIES[activity];
  return sql`
    insert into insight_active (community_id, month, resident_id)
    ${selectActive(a, sql`s.community_id = ${communityId}::int and ${sql.raw(a.key ?? "s.id")} = any(${ids}::int[])`)}
    on conflict do nothing`.execute(db);
}

const recountSql = () =>
  sql.join(
    ACTIVITY_NAMES.map((n) => selectActive(ACTIVITIES[n], sql`true`)),
    sql` union `,
  );

/** Rebuilds insight_active from the rows (after a bulk load). */
export async function rebuildActive(db: Db): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`delete from insight_active`.execute(trx);
    await sql`insert into insight_active (community_id, month, resident_id) ${recountSql()}`.execute(trx);
  });
}

export interface ActiveMismatch {
  community_id: number;
  month: string;
  resident_id: number;
  marked: boolean;
  recounted: boolean;
}

/** insight_active compared with a recount from the rows (a full scan: the verify command and tests). */
export async function recountActive(db: Db): Promise<{ count: number; sample: ActiveMismatch[] }> {
  const { rows } = await sql<ActiveMismatch & { total: number }>`
    with c as (${recountSql()}), d as (
      select coalesce(c.community_id, a.community_id) as community_id,
        to_char(coalesce(c.month, a.month), 'YYYY-MM') as month,
        coalesce(c.resident_id, a.resident_id) as resident_id,
        a.resident_id is not null as marked, c.resident_id is not null as recounted
      from c full join insight_active a
        on a.community_id = c.community_id and a.month = c.month and a.resident_id = c.resident_id
      where a.resident_id is null or c.resident_id is null)
    select d.*, (select count(*) from d)::int as total from d
    order by community_id, month, resident_id limit 20`.execute(db);
  return { count: rows[0]?.total ?? 0, sample: rows.map(({ total: _, ...m }) => m) };
}

// ---- reading ----

export const AGE_BANDS = ["0-17", "18-34", "35-59", "60-79", "80+", "unknown"] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/** The resident's age band on a day (SQL over alias r). */
const bandOf = (asOf: string) => sql`case
    when r.birth_date is null then 'unknown'
    when extract(year from age(${asOf}::date, r.birth_date)) < 18 then '0-17'
    when extract(year from age(${asOf}::date, r.birth_date)) < 35 then '18-34'
    when extract(year from age(${asOf}::date, r.birth_date)) < 60 then '35-59'
    when extract(year from age(${asOf}::date, r.birth_date)) < 80 then '60-79'
    else '80+' end`;

/** The care tags of a resident enrolled in the care module (SQL: rows of tag over alias r). */
const enrolled = sql`exists (select 1 from care_enrolment e
    where e.community_id = r.community_id and e.resident_id = r.id and e.status = 'active')`;

export interface ParticipationRow {
  community_id: number;
  grid_id: number | null;
  /** YYYY-MM, YYYY, or "all" (the whole period) */
  bucket: string;
  /** "band:<band>" or "tag:<tag>" */
  group: string;
  n: number;
}

/**
 * Verified residents active in the months [fromMonth, toMonth] (YYYY-MM-01), distinct per bucket
 * (month, year, or "all"), per community and grid, by age band on `asOf` and by care tag of those
 * enrolled. Reads insight_active's rows of those months only (its primary key) and their residents.
 */
export async function activeCounts(
  db: Db,
  communityIds: number[],
  fromMonth: string,
  toMonth: string,
  bucket: "month" | "year" | "all",
  asOf: string,
): Promise<ParticipationRow[]> {
  if (communityIds.length === 0) return [];
  const b = bucket === "all" ? sql`'all'` : sql`to_char(a.month, ${bucket === "month" ? "YYYY-MM" : "YYYY"})`;
  const { rows } = await sql<ParticipationRow & { n: string }>`
    with a as (
      select distinct a.community_id, ${b} as bucket, a.resident_id
      from insight_active a
      where a.community_id = any(${communityIds}::int[])
        and a.month >= ${fromMonth}::date and a.month <= ${toMonth}::date),
    p as (
      select a.community_id, h.grid_id, a.bucket, r.birth_date, r.care_tags, ${enrolled} as enrolled
      from a
      join resident r on r.community_id = a.community_id and r.id = a.resident_id and r.status = 'verified'
      left join household h on h.community_id = r.community_id and h.id = r.household_id)
    select community_id, grid_id, bucket, 'band:' || band as "group", count(*)::int as n
    from (select r.*, ${bandOf(asOf)} as band from p r) p
    group by 1, 2, 3, 4
    union all
    select p.community_id, p.grid_id, p.bucket, 'tag:' || t.tag, count(*)::int
    from p cross join lateral unnest(p.care_tags) t(tag)
    where p.enrolled
    group by 1, 2, 3, 4`.execute(db);
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

/** The denominators: verified residents now per community and grid, by age band on `asOf` and care tag. */
export async function residentCounts(db: Db, communityIds: number[], asOf: string) {
  if (communityIds.length === 0) return [];
  const { rows } = await sql<Omit<ParticipationRow, "bucket"> & { n: string }>`
    with p as (
      select r.community_id, h.grid_id, r.birth_date, r.care_tags, ${enrolled} as enrolled
      from resident r
      left join household h on h.community_id = r.community_id and h.id = r.household_id
      where r.community_id = any(${communityIds}::int[]) and r.status = 'verified')
    select community_id, grid_id, 'band:' || band as "group", count(*)::int as n
    from (select r.*, ${bandOf(asOf)} as band from p r) p
    group by 1, 2, 3
    union all
    select p.community_id, p.grid_id, 'tag:' || t.tag, count(*)::int
    from p cross join lateral unnest(p.care_tags) t(tag)
    where p.enrolled
    group by 1, 2, 3`.execute(db);
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

// ---- life-circle coverage: per community and facility kind, from the lifecircle readings ----

/** 15 minutes' walk: the life circle's outer ring (GB 50180-2018). */
export const COVERAGE_MINUTES = 15;

/**
 * The coverage of some communities recounted from lifecircle_building's readings: residential
 * buildings (and the verified residents of the platform buildings they are matched to, proposed or
 * confirmed, as the lifecircle module matches them) within 15 minutes' walk of a facility of each kind of the community's network.
 */
const coverageSql = (where: RawBuilder<unknown>) => sql`
  with k as (
    select n.community_id, n.computed_at, n.walk_speed, k.code, k.ord::int as ord
    from lifecircle_network n cross join lateral unnest(n.kinds) with ordinality k(code, ord)
    where n.computed_at is not null and ${where}),
  b as (
    select k.community_id, k.code,
      case when b.match_status in ('proposed', 'confirmed') then b.building_id end as building_id,
      coalesce(b.meters[k.ord] / k.walk_speed / 60 <= ${COVERAGE_MINUTES}, false) as within
    from k join lifecircle_building b on b.community_id = k.community_id and b.residential),
  bc as (
    select community_id, code, count(*)::int as buildings,
      (count(*) filter (where within))::int as buildings_within
    from b group by 1, 2),
  pb as (
    select community_id, code, building_id, bool_or(within) as within
    from b where building_id is not null group by 1, 2, 3),
  pr as (
    select pb.community_id, pb.code, count(r.id)::int as residents,
      (count(r.id) filter (where pb.within))::int as residents_within
    from pb
    join household h on h.community_id = pb.community_id and h.building_id = pb.building_id
    join resident r on r.community_id = h.community_id and r.household_id = h.id and r.status = 'verified'
    group by 1, 2)
  select k.community_id, k.code as kind_code, k.computed_at as source_computed_at,
    coalesce(bc.buildings, 0) as buildings, coalesce(bc.buildings_within, 0) as buildings_within,
    coalesce(pr.residents, 0) as residents, coalesce(pr.residents_within, 0) as residents_within
  from k
  left join bc on bc.community_id = k.community_id and bc.code = k.code
  left join pr on pr.community_id = k.community_id and pr.code = k.code`;

/**
 * Refreshes insight_coverage for the communities whose readings were recomputed since (or that have
 * none yet, or whose network is gone), or for every community (`all`: the nightly refresh, which
 * also takes in residents who moved). Returns the communities refreshed.
 */
export async function refreshCoverage(db: Db, all = false): Promise<number> {
  return db.transaction().execute(async (trx) => {
    // one refresh at a time (the job and a nudge may overlap): the rows are replaced per community
    await sql`select pg_advisory_xact_lock(7104202649)`.execute(trx);
    const { rows } = await sql<{ community_id: number }>`
      select n.community_id from lifecircle_network n
      where n.computed_at is not null and (${all}::boolean or not exists (
        select 1 from insight_coverage c where c.community_id = n.community_id
          and c.source_computed_at is not distinct from n.computed_at))
      union
      select c.community_id from insight_coverage c
      where not exists (select 1 from lifecircle_network n
        where n.community_id = c.community_id and n.computed_at is not null)`.execute(trx);
    const ids = rows.map((r) => r.community_id);
    if (ids.length === 0) return 0;
    await sql`delete from insight_coverage where community_id = any(${ids}::int[])`.execute(trx);
    await sql`
      insert into insight_coverage (community_id, kind_code, source_computed_at, buildings,
        buildings_within, residents, residents_within)
      ${coverageSql(sql`n.community_id = any(${ids}::int[])`)}`.execute(trx);
    return ids.length;
  });
}

export interface CoverageMismatch {
  community_id: number;
  kind_code: string;
  stored: string | null;
  recount: string | null;
}

/** insight_coverage compared with a recount from the readings (the verify command and tests). */
export async function recountCoverage(db: Db): Promise<{ count: number; sample: CoverageMismatch[] }> {
  const { rows } = await sql<CoverageMismatch & { total: number }>`
    with c as (${coverageSql(sql`true`)}), d as (
      select coalesce(c.community_id, s.community_id) as community_id,
        coalesce(c.kind_code, s.kind_code) as kind_code,
        case when s.community_id is null then null else concat_ws('/', s.buildings, s.buildings_within,
          s.residents, s.residents_within) end as stored,
        case when c.community_id is null then null else concat_ws('/', c.buildings, c.buildings_within,
          c.residents, c.residents_within) end as recount
      from c full join insight_coverage s on s.community_id = c.community_id and s.kind_code = c.kind_code
      where (s.buildings, s.buildings_within, s.residents, s.residents_within)
        is distinct from (c.buildings, c.buildings_within, c.residents, c.residents_within))
    select d.*, (select count(*) from d)::int as total from d
    order by community_id, kind_code limit 20`.execute(db);
  return { count: rows[0]?.total ?? 0, sample: rows.map(({ total: _, ...m }) => m) };
}

/** The stored coverage of some communities, per kind, with the kind's names (a read of the rollup). */
export async function coverageOf(db: Db, communityIds: number[]) {
  if (communityIds.length === 0) return [];
  const { rows } = await sql<{
    community_id: number;
    kind_code: string;
    name_zh: string | null;
    name_en: string | null;
    buildings: number;
    buildings_within: number;
    residents: number;
    residents_within: number;
    refreshed_at: Date;
  }>`
    select c.community_id, c.kind_code, k.name_zh, k.name_en, c.buildings, c.buildings_within,
      c.residents, c.residents_within, c.refreshed_at
    from insight_coverage c
    left join lifecircle_kind k on k.community_id = c.community_id and k.code = c.kind_code
    where c.community_id = any(${communityIds}::int[])
    order by c.community_id, coalesce(k.position, 0), c.kind_code`.execute(db);
  return rows;
}

// ---- the snapshot of the standard windows' counts (insight_active_counts, migration 53) ----

/**
 * The snapshot's rows of window `win` for some communities (bucket "all" by group; or the series'
 * buckets, each with its bands summed as group "band:*"),
 * except for communities marked since it was taken (new activity, or residents changed: committed
 * marks are seen) or without that window: those are `others`, to be counted.
 */
export async function activeSnapshot(db: Db, communityIds: number[], win: string, series: boolean) {
  if (communityIds.length === 0) return { rows: [] as ParticipationRow[], others: [] as number[] };
  const { rows: usable } = await sql<{ community_id: number }>`
    select t.community_id from insight_active_taken t
    where t.community_id = any(${communityIds}::int[]) and t.win = ${win}
      and not exists (select 1 from insight_active_dirty m where m.community_id = t.community_id)
      and not exists (select 1 from insight_residents_dirty m where m.community_id = t.community_id)`.execute(
    db,
  );
  const ids = usable.map((r) => r.community_id);
  const { rows } =
    ids.length === 0
      ? { rows: [] as ParticipationRow[] }
      : series
        ? // the series needs the active per bucket only: the bands summed (group "band:*"), per grid
          await sql<ParticipationRow>`
    select community_id, nullif(grid_id, 0) as grid_id, bucket, 'band:*' as "group", sum(n)::int as n
    from insight_active_counts
    where community_id = any(${ids}::int[]) and win = ${win} and bucket <> 'all' and grp like 'band:%'
    group by 1, 2, 3`.execute(db)
        : await sql<ParticipationRow>`
    select community_id, nullif(grid_id, 0) as grid_id, bucket, grp as "group", n
    from insight_active_counts
    where community_id = any(${ids}::int[]) and win = ${win} and bucket = 'all'`.execute(db);
  const taken = new Set(ids);
  return { rows, others: communityIds.filter((c) => !taken.has(c)) };
}

/** Deletes the activity marks (in the refresh's transaction) and returns their communities. */
export async function claimActive(trx: Db): Promise<number[]> {
  const { rows } = await sql<{
    community_id: number;
  }>`delete from insight_active_dirty returning community_id`.execute(trx);
  return [...new Set(rows.map((r) => r.community_id))];
}

/** Whether some community has no window ending on `today` (a new day, or never taken). */
export async function activeStale(trx: Db, today: string): Promise<boolean> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from community c
    where not exists (select 1 from insight_active_taken t where t.community_id = c.id and t.as_of = ${today}::date)`.execute(
    trx,
  );
  return Number(rows[0]?.n ?? 0) > 0;
}

/** Replaces the windows of some communities by those given (each with its rows, ending on `asOf`). */
export async function writeActive(
  trx: Db,
  communityIds: number[],
  asOf: string,
  windows: { win: string; rows: ParticipationRow[] }[],
) {
  await sql`delete from insight_active_counts where community_id = any(${communityIds}::int[])`.execute(trx);
  await sql`delete from insight_active_taken where community_id = any(${communityIds}::int[])`.execute(trx);
  for (const w of windows) {
    if (w.rows.length > 0)
      await sql`
        insert into insight_active_counts (community_id, win, grid_id, bucket, grp, n)
        select c, ${w.win}, g, b, grp, n from unnest(${w.rows.map((r) => r.community_id)}::int[],
          ${w.rows.map((r) => r.grid_id ?? 0)}::int[], ${w.rows.map((r) => r.bucket)}::text[],
          ${w.rows.map((r) => r.group)}::text[], ${w.rows.map((r) => r.n)}::int[]) u(c, g, b, grp, n)`.execute(
        trx,
      );
    await sql`
      insert into insight_active_taken (community_id, win, as_of)
      select c, ${w.win}, ${asOf}::date from unnest(${communityIds}::int[]) c`.execute(trx);
  }
}

/** Every window taken and its rows (verify, tests). */
export async function storedActive(db: Db) {
  const [rows, taken] = await Promise.all([
    sql<ParticipationRow & { win: string }>`
      select community_id, win, nullif(grid_id, 0) as grid_id, bucket, grp as "group", n
      from insight_active_counts`.execute(db),
    sql<{ community_id: number; win: string }>`select community_id, win from insight_active_taken`.execute(
      db,
    ),
  ]);
  return { rows: rows.rows, taken: taken.rows };
}
