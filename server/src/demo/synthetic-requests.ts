// Historical requests for the synthetic district (issue 3's benchmark): N requests spread over ~3
// years across every household of the district, generated inside PostgreSQL in set-based chunks
// (INSERT … SELECT from generate_series), then the figures rollup rebuilt by the figures module's
// own rebuildAllStats. PostgreSQL only (session_replication_role needs a superuser: the benchmark's
// throwaway cluster).
//
// Shape of the data:
//  - place: a household drawn uniformly (its building, estate and grid denormalised as the service
//    does); category: one of the community's ten defaults; kind: 70 % problem, 20 % need, 10 % wish;
//    channel: 70 % app, 15 % door visit, 10 % phone, 3 % opinion box, 2 % meeting (代办 by nobody);
//  - created_at uniform over `years` before `now`;
//  - deadlines: sign_due_at = created + sign_days calendar days, solve_due_at = created + solve_days
//    × 7/5 calendar days (the working-day calendar is approximated, not applied);
//  - status by age: older than 14 days → 97 % closed (70 % of them rated: 72 % good, 20 % average,
//    8 % poor; the rest 'not_rated'), 1.5 % resolved, 1 % signed, 0.5 % submitted — the long tail of
//    stuck items; younger → 20 % submitted, 30 % signed, 25 % resolved, 25 % closed. The history is
//    as the deadline job (deadlines-sweep) leaves it: a resolved item past its 7 days to confirm is
//    closed 'not_rated' at that time; an overdue open item has its reminder and escalation stamped
//    (sign_/solve_reminded_at, _escalated_at), so the server's jobs do not catch up on 3 years of
//    history while the scenarios run. signed_at = created + a skewed 0–48 h (≈ 85 % on time), resolved_at = signed +
//    a skewed 0–12 days (≈ 75 % on time), confirm_due = resolved + 7 days, closed/rated within it.
//  - no merged duplicates, no photos, and no request_event rows for the history (the service writes
//    one per change; 30–40 M event rows were out of the time budget) — stated in docs/benchmarks.md.
//
// Foreign keys are not checked row by row (session_replication_role = replica): every reference is
// drawn from existing rows. The request table's secondary indexes are dropped during the load and
// recreated from their own definitions afterwards (pg_indexes.indexdef), which is much faster than
// maintaining 11 indexes row by row.
import { type Kysely, sql } from "kysely";
import type { DB } from "../db/schema.ts";
import { rebuildAllStats } from "../modules/voice/figures/figures.service.ts";
import { ensureCategories } from "../modules/voice/requests/categories.service.ts";

export interface GenerateRequestsOptions {
  total: number;
  chunk?: number;
  years?: number;
  now?: Date;
  log?: (m: string) => void;
}

export interface GeneratedRequests {
  requests: number;
  seconds: number;
  phases: Record<string, number>;
  statusMix: Record<string, number>;
  statsRows: number;
  statsCommunityRows: number;
}

export async function generateRequests(
  db: Kysely<DB>,
  opts: GenerateRequestsOptions,
): Promise<GeneratedRequests> {
  const log = opts.log ?? (() => {});
  const chunk = opts.chunk ?? 1_000_000;
  const years = opts.years ?? 3;
  const now = (opts.now ?? new Date()).toISOString();
  const started = performance.now();
  const phases: Record<string, number> = {};
  let t = performance.now();
  const phase = (name: string) => {
    phases[name] = Math.round((performance.now() - t) / 100) / 10;
    log(`${name}: ${phases[name]} s`);
    t = performance.now();
  };

  const communities = await db.selectFrom("community").select("id").orderBy("id").execute();
  for (const c of communities) await ensureCategories(db, c.id);
  phase(`categories for ${communities.length} communities`);

  await db.connection().execute(async (c) => {
    await sql`drop table if exists synthetic_place, synthetic_category`.execute(c);
    await sql`create unlogged table synthetic_place as
      select (row_number() over (order by h.community_id, h.id))::int as rn,
        h.community_id, h.id as household_id, h.building_id, b.estate_id, h.grid_id
      from household h join building b on b.community_id = h.community_id and b.id = h.building_id`.execute(
      c,
    );
    await sql`alter table synthetic_place add primary key (rn)`.execute(c);
    await sql`create unlogged table synthetic_category as
      select community_id, (row_number() over (partition by community_id order by sort, id))::int - 1 as k,
        id, sign_days, solve_days
      from request_category`.execute(c);
    await sql`alter table synthetic_category add primary key (community_id, k)`.execute(c);
    await sql`analyze synthetic_place`.execute(c);
    await sql`analyze synthetic_category`.execute(c);
    const places = Number(
      (await sql<{ n: number }>`select count(*)::int as n from synthetic_place`.execute(c)).rows[0]!.n,
    );
    if (places === 0) throw new Error("no households: generate the district first");
    phase(`${places} places`);

    const indexes = (
      await sql<{ name: string; def: string }>`
        select indexname as name, indexdef as def from pg_indexes
        where schemaname = current_schema() and tablename = 'request'
          and indexname <> 'request_pkey'`.execute(c)
    ).rows;
    for (const i of indexes) await sql.raw(`drop index ${i.name}`).execute(c);
    await sql`set session_replication_role = replica`.execute(c);
    await sql`set synchronous_commit = off`.execute(c);
    phase(`dropped ${indexes.length} secondary indexes of request`);

    for (let lo = 1; lo <= opts.total; lo += chunk) {
      const hi = Math.min(opts.total, lo + chunk - 1);
      await sql`
        insert into request (community_id, kind, category_id, title, description, status, channel,
          submitter_user_id, household_id, estate_id, building_id, grid_id, is_public,
          signed_at, sign_due_at, solve_due_at, resolved_at, resolution, confirm_due_at, closed_at,
          close_reason, rating, rated_at, sign_reminded_at, sign_escalated_at, solve_reminded_at,
          solve_escalated_at, created_at, updated_at)
        select p.community_id, x.kind, cat.id, x.kind || ' #' || g, '', x.status, x.channel,
          null, p.household_id, p.estate_id, p.building_id, p.grid_id, true,
          x.signed_at, x.sign_due, x.solve_due, x.resolved_at,
          case when x.resolved_at is not null then 'done' end,
          x.resolved_at + interval '7 days', x.closed_at,
          case when x.closed_at is null then null when x.rating is null then 'not_rated' else 'rated' end,
          x.rating, case when x.rating is not null then x.closed_at end,
          case when x.status = 'submitted' and x.sign_due <= ${now}::timestamptz then x.sign_due - interval '2 hours' end,
          case when x.status = 'submitted' and x.sign_due <= ${now}::timestamptz then x.sign_due end,
          case when x.status = 'signed' and x.solve_due <= ${now}::timestamptz then x.solve_due - interval '24 hours' end,
          case when x.status = 'signed' and x.solve_due <= ${now}::timestamptz then x.solve_due end,
          x.created_at, coalesce(x.closed_at, x.resolved_at, x.signed_at, x.created_at)
        from generate_series(${lo}::bigint, ${hi}::bigint) g
        join synthetic_place p on p.rn = 1 + ((g * 2654435761) % ${places})
        join synthetic_category cat on cat.community_id = p.community_id and cat.k = (g % 10)::int
        cross join lateral (
          select d.*,
            case when d.status = 'closed' and d.u5x < 0.7 then
              case when d.u6 < 0.72 then 'good' when d.u6 < 0.92 then 'average' else 'poor' end end as rating,
            case when d.status = 'closed' then
              case when d.auto_closed then d.resolved_at + interval '7 days'
                else least(d.resolved_at + d.u7 * interval '7 days', ${now}::timestamptz) end end as closed_at
          from (
            -- what the deadline job has done to the history: a resolved item not confirmed within
            -- 7 days was closed as not rated
            select c.*,
              c.status0 = 'resolved' and c.resolved_at + interval '7 days' <= ${now}::timestamptz as auto_closed,
              case when c.status0 = 'resolved' and c.resolved_at + interval '7 days' <= ${now}::timestamptz
                then 'closed' else c.status0 end as status,
              case when c.status0 = 'resolved' then 1.0 else c.u5 end as u5x
            from (
              select b.*,
                case when b.status0 <> 'submitted' then
                  least(b.created_at + b.u2 * b.u2 * interval '48 hours', ${now}::timestamptz) end as signed_at,
                case when b.status0 in ('resolved', 'closed') then
                  least(b.created_at + b.u2 * b.u2 * interval '48 hours' + b.u3 * b.u3 * interval '12 days',
                    ${now}::timestamptz) end as resolved_at
              from (
                select a.*,
                  a.created_at + cat.sign_days * interval '1 day' as sign_due,
                  a.created_at + cat.solve_days * interval '1 day' * 7 / 5 as solve_due,
                  case when a.created_at < ${now}::timestamptz - interval '14 days' then
                    case when a.u4 < 0.97 then 'closed' when a.u4 < 0.985 then 'resolved'
                      when a.u4 < 0.995 then 'signed' else 'submitted' end
                  else
                    case when a.u4 < 0.2 then 'submitted' when a.u4 < 0.5 then 'signed'
                      when a.u4 < 0.75 then 'resolved' else 'closed' end
                  end as status0
                from (
                  select ${now}::timestamptz - random() * ${years} * interval '365 days' as created_at,
                    case when u.u1 < 0.7 then 'problem' when u.u1 < 0.9 then 'need' else 'wish' end as kind,
                    case when u.u8 < 0.7 then 'app' when u.u8 < 0.85 then 'door_visit' when u.u8 < 0.95 then 'phone'
                      when u.u8 < 0.98 then 'opinion_box' else 'meeting' end as channel,
                    u.u2, u.u3, u.u4, u.u5, u.u6, u.u7
                  from (select random() as u1, random() as u2, random() as u3, random() as u4, random() as u5,
                    random() as u6, random() as u7, random() as u8, g as seed) u
                ) a
              ) b
            ) c
          ) d
        ) x`.execute(c);
      log(`  requests ${lo}–${hi} (${Math.round((performance.now() - t) / 1000)} s so far)`);
    }
    phase(`inserted ${opts.total} requests`);
    await sql`set session_replication_role = origin`.execute(c);
    // a few at a time in parallel would compete for the 2 cores; one by one, with more memory
    await sql`set maintenance_work_mem = '256MB'`.execute(c);
    for (const i of indexes) await sql.raw(i.def).execute(c);
    phase(`recreated ${indexes.length} indexes`);
    await sql`drop table synthetic_place, synthetic_category`.execute(c);
    await sql`vacuum analyze request`.execute(c);
    phase("vacuum analyze request");
  });

  await rebuildAllStats(db);
  phase("rebuildAllStats (figures rollup)");
  const statusMix = Object.fromEntries(
    (
      await sql<{
        status: string;
        n: number;
      }>`select status, count(*)::int as n from request group by 1`.execute(db)
    ).rows.map((r) => [r.status, r.n]),
  );
  const statsRows = (await sql<{ n: number }>`select count(*)::int as n from request_stats`.execute(db))
    .rows[0]!.n;
  const statsCommunityRows = (
    await sql<{ n: number }>`select count(*)::int as n from request_stats_community`.execute(db)
  ).rows[0]!.n;
  phase("counts");
  return {
    requests: opts.total,
    seconds: (performance.now() - started) / 1000,
    phases,
    statusMix,
    statsRows,
    statsCommunityRows,
  };
}
