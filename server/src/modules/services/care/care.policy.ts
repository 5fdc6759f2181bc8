// Care for key groups (C5): care data is personal. The community's staff set the visit plans and enrol
// residents in the daily check-in; grid workers (their grids) and building heads (their buildings) read
// the care records of the residents they are responsible for, record visits, check in for them and
// answer missed-check-in alerts. Street and district officials do not read it. The resident and their
// enrolled family contacts read their own record by who they are (care.service.ts), without a permission.
import { definePolicy } from "../../../access/policy.ts";
import { COMMUNITY_STAFF } from "../../../access/roles.ts";

export const carePolicy = definePolicy({
  module: "care",
  permissions: {
    "care.read": [...COMMUNITY_STAFF, "grid_worker", "building_head"],
    "care.visit": [...COMMUNITY_STAFF, "grid_worker", "building_head"],
    "care.manage": [...COMMUNITY_STAFF],
  },
});
