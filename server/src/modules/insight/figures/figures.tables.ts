// Kysely table types of insight's figures (migration 45): the daily rollup per community and the dirty
// keys the insight consumer marks. Keep in step with db/migrations/; db/schema.ts's DB includes them.
export interface InsightDailyTable {
  community_id: number;
  day: string;
  figure: string;
  value: string | number;
}
export interface InsightDirtyTable {
  community_id: number;
  source: string;
  day: string;
}

export interface InsightTables {
  insight_daily: InsightDailyTable;
  insight_dirty: InsightDirtyTable;
}
