import type { Kysely } from "kysely";
import { sql } from "kysely";

// Participation at district scale (issue 17). A page's participation counted the distinct active
// residents of its period from insight_active on every load (~1.3 s for a 70,000-resident district).
// - insight_active_counts: the refresh job's snapshot of those counts for the standard windows a page
//   opens with (the last 30 days, 12 months, 5 years, through the snapshot's China day): per community,
//   window, grid (0: none), bucket ("all" over the window, or its series' month / year) and group
//   (`band:<age band>` on the window's last day, `tag:<care tag>` of those enrolled), as participation
//   counts them.
// - insight_active_taken: the windows taken per community and the day they end on.
// - insight_active_dirty: communities with new rows in insight_active since (a statement trigger on
//   insert appends them in the consumer's transaction; no key, appending never waits). The refresh
//   takes these, those of insight_residents_dirty (a resident's status, grid, birth date or care
//   changed), and every community on a new day, in one transaction with the residents snapshot. A page
//   counts a community still marked, or without its window, from insight_active as before.
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `create table insight_active_counts (
      community_id int not null references community(id),
      win text not null,
      grid_id int not null,
      bucket text not null,
      grp text not null,
      n int not null,
      primary key (community_id, win, bucket, grid_id, grp)
    )`,
    `create table insight_active_taken (
      community_id int not null references community(id),
      win text not null,
      as_of date not null,
      primary key (community_id, win)
    )`,
    "create table insight_active_dirty (community_id int not null)",
    "create index insight_active_dirty_community on insight_active_dirty (community_id)",
    `create function insight_active_mark() returns trigger language plpgsql as $$
     begin
       insert into insight_active_dirty (community_id) select distinct community_id from new_rows;
       return null;
     end $$`,
    `create trigger insight_active_on_insert after insert on insight_active
       referencing new table as new_rows for each statement execute function insight_active_mark()`,
  ];
  for (const s of statements) await sql.raw(s).execute(db);
}

export async function down(): Promise<void> {
  throw new Error("migrations are forward-only");
}
