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

/** Migration 49: a resident active in a month (participation). */
export interface InsightActiveTable {
  community_id: number;
  month: string;
  resident_id: number;
}
/** Migration 49: life-circle coverage per community and facility kind. */
export interface InsightCoverageTable {
  community_id: number;
  kind_code: string;
  buildings: number;
  buildings_within: number;
  residents: number;
  residents_within: number;
  source_computed_at: Date | null;
  refreshed_at: Date;
}

export interface InsightTables {
  insight_daily: InsightDailyTable;
  insight_dirty: InsightDirtyTable;
  insight_active: InsightActiveTable;
  insight_coverage: InsightCoverageTable;
}
