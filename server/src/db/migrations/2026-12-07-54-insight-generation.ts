import type { Kysely } from "kysely";
import { sql } from "kysely";

// The figures' generation (issue 17: a dashboard seen by many answers from memory until its data
// changes). insight_generation holds one counter, raised by a statement trigger on every table a
// figures page reads its sums and snapshots from — written only by the refresh jobs and rebuilds,
// never by a request or an event consumer — in the writing transaction. A page remembers its answer
// with the counter it read before computing, and only while none of its communities is marked (new
// activity or changed residents are counted live until the refresh takes them, which raises the
// counter). So a remembered answer is never older than the last refresh it could have seen.
const READ_TABLES = [
  "insight_daily",
  "insight_monthly",
  "insight_residents",
  "insight_residents_day",
  "insight_active_counts",
  "insight_active_taken",
  "insight_coverage",
  "request_stats",
  "request_stats_community",
  "request_stats_monthly",
];

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `create table insight_generation (
      id int primary key check (id = 1),
      n bigint not null
    )`,
    "insert into insight_generation (id, n) values (1, 0)",
    `create function insight_generation_raise() returns trigger language plpgsql as $$
     begin
       update insight_generation set n = n + 1 where id = 1;
       return null;
     end $$`,
    ...READ_TABLES.map(
      (t) => `create trigger ${t}_raises_generation after insert or update or delete or truncate on ${t}
        for each statement execute function insight_generation_raise()`,
    ),
  ];
  for (const s of statements) await sql.raw(s).execute(db);
}

export async function down(): Promise<void> {
  throw new Error("migrations are forward-only");
}
