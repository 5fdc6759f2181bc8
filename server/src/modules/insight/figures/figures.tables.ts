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

/** Migration 52: insight_daily summed per community, month (its 1st day) and figure. */
export interface InsightMonthlyTable {
  community_id: number;
  month: string;
  figure: string;
  value: string | number;
}
/** Migration 52: verified residents per community, grid (0: none) and group, the refresh job's snapshot. */
export interface InsightResidentsTable {
  community_id: number;
  grid_id: number;
  /** "band:<age band>" or "tag:<care tag>" */
  grp: string;
  residents: number;
}
/** Migration 52: the day of each community's snapshot (its age bands are as of that day). */
export interface InsightResidentsDayTable {
  community_id: number;
  as_of: string;
}
/** Migration 52: communities whose residents changed since the snapshot (appended by triggers). */
export interface InsightResidentsDirtyTable {
  community_id: number;
}

/** Migration 53: participation's active residents per standard window, the refresh job's snapshot. */
export interface InsightActiveCountsTable {
  community_id: number;
  /** "<first month>..<last month>|<series bucket>@<last day>" */
  win: string;
  grid_id: number;
  /** "all", or a series bucket (YYYY-MM or YYYY) */
  bucket: string;
  grp: string;
  n: number;
}
/** Migration 53: the windows taken per community, and the day they end on. */
export interface InsightActiveTakenTable {
  community_id: number;
  win: string;
  as_of: string;
}
/** Migration 53: communities with new insight_active rows since the snapshot (appended by a trigger). */
export interface InsightActiveDirtyTable {
  community_id: number;
}

/** Migration 54: one row (id 1), raised by a trigger on every write to a table the figures read. */
export interface InsightGenerationTable {
  id: number;
  n: string | number;
}

export interface InsightTables {
  insight_daily: InsightDailyTable;
  insight_dirty: InsightDirtyTable;
  insight_active: InsightActiveTable;
  insight_coverage: InsightCoverageTable;
  insight_monthly: InsightMonthlyTable;
  insight_residents: InsightResidentsTable;
  insight_residents_day: InsightResidentsDayTable;
  insight_residents_dirty: InsightResidentsDirtyTable;
  insight_active_counts: InsightActiveCountsTable;
  insight_active_taken: InsightActiveTakenTable;
  insight_active_dirty: InsightActiveDirtyTable;
  insight_generation: InsightGenerationTable;
}
