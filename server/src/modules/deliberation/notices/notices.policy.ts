// Public notices (X, 公告/公示): who writes and publishes them (the community staff anywhere in the
// community; a grid worker only for the buildings of their grids — a notice of a building carries the
// building's grid), and who reads the staff list and the read receipts (also the street and district
// officials, who read but do not write). Residents read the notices of their places without a
// permission: the rule is in notices.service.ts (canResidentRead).
import { definePolicy } from "../../../access/policy.ts";
import { COMMUNITY_STAFF, OVERSEERS } from "../../../access/roles.ts";

export const noticesPolicy = definePolicy({
  module: "notices",
  permissions: {
    "notices.publish": [...COMMUNITY_STAFF, "grid_worker"],
    "notices.read": [...OVERSEERS, ...COMMUNITY_STAFF, "grid_worker"],
  },
});
