import type { Kysely } from "kysely";
import { sql } from "kysely";

// Insight (issue 17, DOMAIN E1): figures of every module kept as daily rollups per community, fed by
// domain events. The insight consumer marks (community, source, day) keys dirty in its transaction; the
// insight-refresh job recomputes each dirty key's figures from the source rows (so the order of events
// does not matter, only that none is missed), as the request figures do (migration 04). Streets,
// districts, months and years are sums of these rows. Request figures stay in request_stats.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table insight_daily (
      community_id int not null references community(id),
      day date not null,
      figure text not null,
      value bigint not null,
      primary key (community_id, figure, day)
    )`.execute(db);
  await sql`
    create table insight_dirty (
      community_id int not null,
      source text not null,
      day date not null,
      primary key (community_id, source, day)
    )`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("migrations are forward-only");
}
