// Points (S1–S5): who sets a community's scoring standard (its staff, after the residents adopted it
// through a survey or a resolution), who awards and deducts (staff and grid workers, each at the places
// they reach; an item may narrow it to some roles), and who reads the awards in the console.
// Residents read their own points and the honour board by who they are (points.service.ts).
import { definePolicy } from "../../../access/policy.ts";
import { COMMUNITY_STAFF, OVERSEERS } from "../../../access/roles.ts";

export const pointsPolicy = definePolicy({
  module: "points",
  permissions: {
    "points.read": [...OVERSEERS, ...COMMUNITY_STAFF, "grid_worker"],
    "points.manage": [...COMMUNITY_STAFF],
    // a grid worker awards the residents of the households inside their grids
    "points.award": [...COMMUNITY_STAFF, "grid_worker"],
  },
});
