import { type Kysely, sql } from "kysely";

// Figures (V6) per community and day: the grid rows of request_stats summed, kept by the same job
// in the same transaction, so that a street's board reads ~365 rows per community and year instead
// of one row per grid and day. Unread notifications are counted on every list and badge.
export async function up(db: Kysely<any>): Promise<void> {
  const ddl = `
create table request_stats_community (
  community_id integer not null references community(id),
  day date not null,
  received integer not null default 0,
  wishes integer not null default 0,
  wishes_fulfilled integer not null default 0,
  signed integer not null default 0,
  signed_on_time integer not null default 0,
  solved integer not null default 0,
  solved_on_time integer not null default 0,
  rated integer not null default 0,
  rated_good integer not null default 0,
  rated_average integer not null default 0,
  rated_poor integer not null default 0,
  solve_hours_hist integer[] not null default '{}',
  primary key (community_id, day)
);
create index notification_unread on notification(user_id) where read_at is null;
`;
  for (const statement of ddl
    .split(/;\s*\n/)
    .map((s) => s.trim())
    .filter(Boolean)) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(): Promise<void> {
  throw new Error("the figures migration cannot be reverted");
}
