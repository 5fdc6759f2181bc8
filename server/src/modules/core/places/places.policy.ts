// Places (divisions, grids, estates, buildings, units) and households.
import { definePolicy } from "../../../access/policy.ts";
import { COMMUNITY_STAFF, OVERSEERS, RESIDENT_LEADERS } from "../../../access/roles.ts";

export const placesPolicy = definePolicy({
  module: "places",
  permissions: {
    "places.read": [
      ...OVERSEERS,
      ...COMMUNITY_STAFF,
      "grid_worker",
      ...RESIDENT_LEADERS,
      "property_staff",
      "owners_committee_member",
    ],
    "places.write": [...COMMUNITY_STAFF],
    "households.read": [
      ...OVERSEERS,
      ...COMMUNITY_STAFF,
      "grid_worker",
      ...RESIDENT_LEADERS,
      "property_staff",
      "owners_committee_member",
    ],
    "households.write": [...COMMUNITY_STAFF, "grid_worker"],
  },
});
