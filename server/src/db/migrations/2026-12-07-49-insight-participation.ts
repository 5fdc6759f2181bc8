import type { Kysely } from "kysely";
import { sql } from "kysely";

// Insight, the three figures still missing (issue 17 E1): participation, money raised by source, and
// life-circle coverage. Money raised is summable by day and lives in insight_daily (migration 45).
// - insight_active: a resident active in a month (one row, whatever they did and however often). A
//   distinct count cannot be summed over days, so the insight consumer marks (community, month,
//   resident) with insert … on conflict do nothing, and a month's or a year's participation counts the
//   distinct residents of its rows.
// - insight_coverage: per community and facility kind, the residential buildings (and the verified
//   residents of their households) within 15 minutes' walk, from the lifecircle module's stored
//   readings; refreshed by the insight-refresh job when the community's readings were recomputed
//   (lifecircle_network.computed_at newer than the row's source_computed_at) and nightly for all.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table insight_active (
      community_id int not null references community(id),
      month date not null,
      resident_id int not null,
      primary key (community_id, month, resident_id)
    )`.execute(db);
  await sql`
    create table insight_coverage (
      community_id int not null references community(id),
      kind_code text not null,
      buildings int not null,
      buildings_within int not null,
      residents int not null,
      residents_within int not null,
      source_computed_at timestamptz,
      refreshed_at timestamptz not null default now(),
      primary key (community_id, kind_code)
    )`.execute(db);
  // What happened before this migration: the projects' money is recounted by the insight-refresh job
  // from these dirty keys; the residents active so far are marked here (the same rows as
  // insight/figures/participation.queries.ts's ACTIVITIES); coverage is filled by the job's first run.
  await sql`
    insert into insight_dirty (community_id, source, day)
    select distinct community_id, 'projects', occurred_on from project_booking
    on conflict do nothing`.execute(db);
  const month = (col: string) => sql.raw(`date_trunc('month', ${col} at time zone 'Asia/Shanghai')::date`);
  await sql`
    insert into insight_active (community_id, month, resident_id)
    select s.community_id, ${month("s.created_at")}, r.id from request s
      join resident r on r.community_id = s.community_id and r.user_id = s.submitter_user_id
    union
    select s.community_id, ${month("s.signed_in_at")}, s.resident_id from meeting_attendance s
      where s.resident_id is not null
    union
    select s.community_id, ${month("s.check_in_at")}, r.id from vol_attendance s
      join resident r on r.community_id = s.community_id and r.user_id = s.user_id
      where s.certified_at is not null
    union
    select s.community_id, ${month("s.cast_at")}, r.id from vote_ballot s
      join resident r on r.community_id = s.community_id and r.user_id = s.user_id
      join vote v on v.community_id = s.community_id and v.id = s.vote_id
      where v.status = 'closed'
    union
    select s.community_id, ${month("s.created_at")}, s.resident_id from mall_exchange s
    union
    select s.community_id, ${month("s.created_at")}, s.resident_id from canteen_order s
    union
    select s.community_id, ${month("s.created_at")}, r.id from comment s
      join resident r on r.community_id = s.community_id and r.user_id = s.author_user_id
    union
    select s.community_id, ${month("s.submitted_at")}, s.resident_id from survey_response s
      where s.resident_id is not null
    on conflict do nothing`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("migrations are forward-only");
}
