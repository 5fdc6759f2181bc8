import type { Kysely } from "kysely";
import { sql } from "kysely";

// Insight at district scale (issue 17: the district dashboard answers fast). A district's page summed
// every daily row of its communities and counted the resident table on every load.
// - insight_monthly: insight_daily summed per community, month and figure, kept by the insight-refresh
//   job in the same transaction as the daily rows (when it recounts a day it recomputes that month's
//   rows of the same figures from the daily rows) and by the rebuild. Month and year views read it for
//   the whole months of their period; days, and the partial months at a period's ends, read the days.
// - insight_daily_by_day: the daily rows by (community, day), for those partial months (the primary
//   key leads with the figure).
// - insight_residents: the denominators — verified residents per community, grid (0: none) and group
//   (`band:<age band>` on the snapshot's day, `tag:<care tag>` of those enrolled in care; the bands of a
//   community add up to its verified residents), as participation counts them; insight_residents_day
//   holds the day a community's snapshot was taken. Written by the insight-refresh job for the
//   communities in insight_residents_dirty (all of them on a new China day, or for one never taken).
//   Triggers on resident and care_enrolment append a community there in the writing transaction (no
//   key: appending never waits on another writer); the refresh deletes the rows it saw and rewrites
//   those communities' snapshot in one transaction. A reader counts a community still marked (or not
//   taken that day) from resident itself, so the figures always equal a count. Empty here: the job's
//   first run takes every community.
// - request_stats_monthly: request_stats_community summed per community and month (its numeric columns;
//   the solve-time histogram stays daily), kept by voice/figures' refresh in the same transaction as
//   the days and by its rebuild; the insight page reads whole months of request figures from it.
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `create table insight_monthly (
      community_id int not null references community(id),
      month date not null check (extract(day from month) = 1),
      figure text not null,
      value bigint not null,
      primary key (community_id, month, figure)
    )`,
    `insert into insight_monthly (community_id, month, figure, value)
     select community_id, date_trunc('month', day)::date, figure, sum(value)
     from insight_daily group by 1, 2, 3 having sum(value) <> 0`,
    "create index insight_daily_by_day on insight_daily (community_id, day) include (figure, value)",
    `create table insight_residents (
      community_id int not null references community(id),
      grid_id int not null,
      grp text not null,
      residents int not null,
      primary key (community_id, grid_id, grp)
    )`,
    `create table insight_residents_day (
      community_id int primary key references community(id),
      as_of date not null
    )`,
    `create table request_stats_monthly (
      community_id int not null references community(id),
      month date not null check (extract(day from month) = 1),
      received int not null default 0,
      wishes int not null default 0,
      wishes_fulfilled int not null default 0,
      signed int not null default 0,
      signed_on_time int not null default 0,
      solved int not null default 0,
      solved_on_time int not null default 0,
      problems_solved int not null default 0,
      rated int not null default 0,
      rated_good int not null default 0,
      rated_average int not null default 0,
      rated_poor int not null default 0,
      primary key (community_id, month)
    )`,
    `insert into request_stats_monthly (community_id, month, received, wishes, wishes_fulfilled, signed, signed_on_time, solved, solved_on_time, problems_solved, rated, rated_good, rated_average, rated_poor)
     select community_id, date_trunc('month', day)::date, sum(received), sum(wishes), sum(wishes_fulfilled), sum(signed), sum(signed_on_time), sum(solved), sum(solved_on_time), sum(problems_solved), sum(rated), sum(rated_good), sum(rated_average), sum(rated_poor)
     from request_stats_community group by 1, 2`,
    "create table insight_residents_dirty (community_id int not null)",
    "create index insight_residents_dirty_community on insight_residents_dirty (community_id)",
    `create function insight_residents_mark_new() returns trigger language plpgsql as $$
     begin
       insert into insight_residents_dirty (community_id)
       select distinct community_id from new_rows where status = 'verified';
       return null;
     end $$`,
    `create function insight_residents_mark_old() returns trigger language plpgsql as $$
     begin
       insert into insight_residents_dirty (community_id)
       select distinct community_id from old_rows where status = 'verified';
       return null;
     end $$`,
    `create function insight_residents_mark_row() returns trigger language plpgsql as $$
     begin
       insert into insight_residents_dirty (community_id) values (old.community_id);
       if new.community_id <> old.community_id then
         insert into insight_residents_dirty (community_id) values (new.community_id);
       end if;
       return null;
     end $$`,
    `create function insight_residents_mark_all_new() returns trigger language plpgsql as $$
     begin
       insert into insight_residents_dirty (community_id) select distinct community_id from new_rows;
       return null;
     end $$`,
    `create function insight_residents_mark_all_old() returns trigger language plpgsql as $$
     begin
       insert into insight_residents_dirty (community_id) select distinct community_id from old_rows;
       return null;
     end $$`,
    `create trigger insight_residents_on_insert after insert on resident
       referencing new table as new_rows for each statement execute function insight_residents_mark_new()`,
    `create trigger insight_residents_on_delete after delete on resident
       referencing old table as old_rows for each statement execute function insight_residents_mark_old()`,
    `create trigger insight_residents_on_update after update on resident for each row
       when (old.status is distinct from new.status or old.grid_id is distinct from new.grid_id
         or old.community_id is distinct from new.community_id or old.birth_date is distinct from new.birth_date
         or old.care_tags is distinct from new.care_tags)
       execute function insight_residents_mark_row()`,
    `create trigger insight_residents_on_enrol after insert on care_enrolment
       referencing new table as new_rows for each statement execute function insight_residents_mark_all_new()`,
    `create trigger insight_residents_on_unenrol after delete on care_enrolment
       referencing old table as old_rows for each statement execute function insight_residents_mark_all_old()`,
    `create trigger insight_residents_on_enrolment after update on care_enrolment for each row
       when (old.status is distinct from new.status or old.community_id is distinct from new.community_id)
       execute function insight_residents_mark_row()`,
  ];
  for (const s of statements) await sql.raw(s).execute(db);
}

export async function down(): Promise<void> {
  throw new Error("migrations are forward-only");
}
