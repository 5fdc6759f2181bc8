// Insight (E1–E2): the figures of places. Each level reads its own places and the levels below:
// district and street officials the communities of their grants, community staff their community
// and its grids, grid workers their grids (the reach of the grant, checked in figures.service.ts).
// The open figures need no permission.
import { definePolicy } from "../../../access/policy.ts";
import { COMMUNITY_STAFF, OVERSEERS } from "../../../access/roles.ts";

export const insightPolicy = definePolicy({
  module: "insight",
  permissions: {
    "insight.read": [...OVERSEERS, ...COMMUNITY_STAFF, "grid_worker"],
  },
});
