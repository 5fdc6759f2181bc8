// Kysely table types of the figures module: the request_stats rollups. Keep in step with db/migrations/;
// db/schema.ts's DB includes them. Only db/schema.ts and this module import this file; other modules take the
// row types they need from db/schema.ts.
import type { ColumnType, Generated } from "kysely";

export interface RequestStatsTable {
  community_id: number;
  grid_id: Generated<number>;
  day: string;
  received: Generated<number>;
  wishes: Generated<number>;
  wishes_fulfilled: Generated<number>;
  signed: Generated<number>;
  signed_on_time: Generated<number>;
  solved: Generated<number>;
  solved_on_time: Generated<number>;
  /** solved requests that are not micro-wishes (problems and needs), migration 12 */
  problems_solved: Generated<number>;
  rated: Generated<number>;
  rated_good: Generated<number>;
  rated_average: Generated<number>;
  rated_poor: Generated<number>;
  solve_hours_hist: ColumnType<number[], number[] | undefined, number[]>;
}
/** request_stats summed over the grids of a community, per day (migration 04). */
export type RequestStatsCommunityTable = Omit<RequestStatsTable, "grid_id">;
/** request_stats_community summed per community and month, without the histogram (migration 52). */
export type RequestStatsMonthlyTable = Omit<RequestStatsCommunityTable, "day" | "solve_hours_hist"> & {
  month: string;
};
export interface RequestStatsDirtyTable {
  community_id: number;
  grid_id: number;
  day: string;
}

export interface FiguresTables {
  request_stats: RequestStatsTable;
  request_stats_dirty: RequestStatsDirtyTable;
  request_stats_community: RequestStatsCommunityTable;
  request_stats_monthly: RequestStatsMonthlyTable;
}
