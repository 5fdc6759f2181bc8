// Volunteering (T1–T2): the community's staff register teams and alliances, run any activity of the
// community and certify its hours; officials read. A team's leader and an activity's organiser act on
// their own team or activity by who they are (people named on the row, not roles), decided in
// volunteering.service.ts; residents sign up, check in and read their own record without a permission.
import { definePolicy } from "../../../access/policy.ts";
import { COMMUNITY_STAFF, OVERSEERS } from "../../../access/roles.ts";

export const volunteeringPolicy = definePolicy({
  module: "volunteering",
  permissions: {
    "volunteering.read": [...OVERSEERS, ...COMMUNITY_STAFF, "grid_worker"],
    "volunteering.manage": [...COMMUNITY_STAFF],
  },
});
