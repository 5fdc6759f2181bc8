import { type Kysely, sql } from "kysely";

// Issue 9. (1) The board tells problems solved apart from micro-wishes fulfilled (the seed article's
// "解决急难愁盼问题181件" and "兑现群众微心愿148个"): both rollups get problems_solved — the requests
// that are not micro-wishes (problems and needs) with resolved_at set — recounted here from the
// request rows for the keys already rolled up. (2) Neither communities nor buildings carry
// coordinates yet, so the area in which a community accepts Open311 points (a centre and a radius,
// set by the community secretary) is a row of its own; a point outside it, plus a margin, is refused.
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    "alter table request_stats add column problems_solved integer not null default 0",
    "alter table request_stats_community add column problems_solved integer not null default 0",
    `update request_stats s set problems_solved = c.n
       from (
         select community_id, coalesce(grid_id, 0) as grid_id,
           (created_at at time zone 'Asia/Shanghai')::date as day,
           count(*) filter (where kind <> 'wish' and resolved_at is not null)::int as n
         from request where status <> 'merged' group by 1, 2, 3
       ) c
      where c.community_id = s.community_id and c.grid_id = s.grid_id and c.day = s.day`,
    `update request_stats_community s set problems_solved = c.n
       from (
         select community_id, (created_at at time zone 'Asia/Shanghai')::date as day,
           count(*) filter (where kind <> 'wish' and resolved_at is not null)::int as n
         from request where status <> 'merged' group by 1, 2
       ) c
      where c.community_id = s.community_id and c.day = s.day`,
    `create table open311_area (
       community_id integer primary key references community(id),
       lat double precision not null check (lat between -90 and 90),
       lng double precision not null check (lng between -180 and 180),
       radius_m integer not null check (radius_m between 100 and 50000),
       updated_by integer references app_user(id),
       updated_at timestamptz not null default now()
     )`,
  ];
  for (const s of statements) await sql.raw(s).execute(db);
}

export async function down(): Promise<void> {
  throw new Error("the problems-solved / open311-area migration cannot be reverted");
}
