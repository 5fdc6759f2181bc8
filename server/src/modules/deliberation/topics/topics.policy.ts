// Deliberation topics (D1, D2): reading them, raising and advancing them, configuring templates,
// participant sets and thresholds. Residents and invited parties take part by who they are (their
// verified households, their organisation), decided in topics.service.ts, not by a permission.
import { definePolicy } from "../../../access/policy.ts";
import { COMMUNITY_STAFF, OVERSEERS, RESIDENT_LEADERS } from "../../../access/roles.ts";

export const topicsPolicy = definePolicy({
  module: "topics",
  permissions: {
    "topics.read": [
      ...OVERSEERS,
      ...COMMUNITY_STAFF,
      "grid_worker",
      ...RESIDENT_LEADERS,
      "property_staff",
      "owners_committee_member",
    ],
    // a grid worker raises and advances the topics of the buildings and estates inside their grids
    "topics.manage": [...COMMUNITY_STAFF, "grid_worker"],
    "topics.configure": [...COMMUNITY_STAFF],
  },
});
