// Query helpers several modules' queries share: which households a partial reach covers.
import type { ExpressionBuilder } from "kysely";

/** Ids a partial reach covers inside one community (null = the whole community). */
export interface ScopeIds {
  gridIds: number[];
  estateIds: number[];
  buildingIds: number[];
  unitIds: number[];
}

/** Restricts rows of household `h` to what a partial reach covers; whole-community reach passes null. */
export function householdInScope(eb: ExpressionBuilder<any, any>, scope: ScopeIds | null) {
  if (!scope) return eb.lit(true);
  const ors = [];
  if (scope.gridIds.length) ors.push(eb("h.grid_id", "in", scope.gridIds));
  if (scope.buildingIds.length) ors.push(eb("h.building_id", "in", scope.buildingIds));
  if (scope.unitIds.length) ors.push(eb("h.unit_id", "in", scope.unitIds));
  if (scope.estateIds.length) {
    ors.push(
      eb(
        "h.building_id",
        "in",
        eb
          .selectFrom("building as sb")
          .select("sb.id")
          .whereRef("sb.community_id", "=", "h.community_id")
          .where("sb.estate_id", "in", scope.estateIds),
      ),
    );
  }
  return ors.length ? eb.or(ors) : eb.lit(false);
}

/**
 * Restricts rows of alias `r` that carry their own place columns (grid_id, estate_id, building_id and
 * household_id, as requests do) to what a partial reach covers; whole-community reach passes null.
 */
export function rowInScope(eb: ExpressionBuilder<any, any>, scope: ScopeIds | null) {
  if (!scope) return eb.lit(true);
  const ors = [];
  if (scope.gridIds.length) ors.push(eb("r.grid_id", "in", scope.gridIds));
  if (scope.estateIds.length) ors.push(eb("r.estate_id", "in", scope.estateIds));
  if (scope.buildingIds.length) ors.push(eb("r.building_id", "in", scope.buildingIds));
  if (scope.unitIds.length) {
    ors.push(
      eb(
        "r.household_id",
        "in",
        eb
          .selectFrom("household as sh")
          .select("sh.id")
          .whereRef("sh.community_id", "=", "r.community_id")
          .where("sh.unit_id", "in", scope.unitIds),
      ),
    );
  }
  return ors.length ? eb.or(ors) : eb.lit(false);
}
