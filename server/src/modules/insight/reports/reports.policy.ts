// Insight's monthly reports (E2): a report of a community or a street. Each level reads the reports of
// its own places and the levels below, and may regenerate them: district and street officials those of
// the communities (and streets) of their grants, community staff their community's. Grid workers, who
// reach grids only, have no monthly report of their own.
import { definePolicy } from "../../../access/policy.ts";
import { coversCommunity, type Reach } from "../../../access/reach.ts";
import { COMMUNITY_STAFF, OVERSEERS } from "../../../access/roles.ts";

export const insightReportsPolicy = definePolicy({
  module: "insight/reports",
  permissions: {
    "insight.reports.read": [...OVERSEERS, ...COMMUNITY_STAFF],
    "insight.reports.generate": [...OVERSEERS, ...COMMUNITY_STAFF],
  },
});

/**
 * A grant reaches a place when it reaches every community of it (a street with no community: only a
 * global grant), as for the figures.
 */
export function reachesPlace(reach: Reach, communityIds: readonly number[]): boolean {
  if (reach.all) return true;
  return communityIds.length > 0 && communityIds.every((c) => coversCommunity(reach, c));
}
