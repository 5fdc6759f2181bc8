// EXPLAIN (ANALYZE, BUFFERS) of issue 3's hot queries against a running benchmark database:
//   node --import tsx bench/requests-explain.ts <databaseUrl>
// The grid worker's inbox (requests.queries inbox, first grid with open requests) and a street's
// board (figures.queries dailyStats over the street's communities), as the handlers build them.
import pg from "pg";
import { dailyStats } from "../server/src/modules/voice/figures/figures.queries.ts";
import { inbox } from "../server/src/modules/voice/requests/requests.queries.ts";
import { captureQueries, explainAnalyze } from "./diagnose.ts";

const url = process.argv[2];
if (!url) throw new Error("usage: bench/requests-explain.ts <databaseUrl>");
const client = new pg.Client({ connectionString: url });
await client.connect();
try {
  const g = (
    await client.query(
      "select community_id, grid_id, count(*)::int as n from request where status in ('submitted','signed') and grid_id is not null group by 1, 2 order by 3 desc limit 1",
    )
  ).rows[0];
  const street = (await client.query("select id from street order by id limit 1")).rows[0].id as number;
  const communityIds = (
    await client.query("select id from community where street_id = $1 order by id", [street])
  ).rows.map((r) => r.id as number);
  console.log(
    `inbox of grid ${g.community_id}/${g.grid_id} (${g.n} open); street ${street} (${communityIds.length} communities)`,
  );
  const queries = await captureQueries(url, async (db) => {
    await inbox(
      db,
      g.community_id,
      { gridIds: [g.grid_id], estateIds: [], buildingIds: [], unitIds: [] },
      {
        limit: 21,
      },
    );
    await dailyStats(db, { communityIds });
  });
  for (const p of await explainAnalyze(client, queries)) {
    console.log(`\n-- ${p.sql}\n-- params ${JSON.stringify(p.parameters)}\n${p.plan}`);
  }
  // planning and execution again on the now warm connection (the first includes catalog loading)
  for (let i = 0; i < 5; i++) {
    for (const p of await explainAnalyze(client, queries)) {
      const planning = /Planning Time: ([\d.]+) ms/.exec(p.plan)?.[1];
      console.log(
        `repeat ${i + 1}: ${p.sql.slice(0, 40)}… planning ${planning} ms, execution ${p.executionMs} ms`,
      );
    }
  }
} finally {
  await client.end();
}
