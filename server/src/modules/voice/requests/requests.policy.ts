// Residents' requests (V1, V2, V5): reading, handling (sign, route, merge), resolving, reporting on someone's behalf, configuring categories and rating subjects.
import { definePolicy } from "../../../access/policy.ts";
import { COMMUNITY_STAFF, OVERSEERS, RESIDENT_LEADERS } from "../../../access/roles.ts";

export const requestsPolicy = definePolicy({
  module: "requests",
  permissions: {
    "requests.read": [
      ...OVERSEERS,
      ...COMMUNITY_STAFF,
      "grid_worker",
      ...RESIDENT_LEADERS,
      "property_staff",
      "owners_committee_member",
    ],
    "requests.handle": [...COMMUNITY_STAFF, "grid_worker"],
    "requests.resolve": [
      // escalations (V2/V4) land at the street, which resolves them
      "street_official",
      ...COMMUNITY_STAFF,
      "grid_worker",
      // a property company resolves what is routed to it, in its estates; a co-building unit likewise
      "property_staff",
      "unit_representative",
    ],
    "requests.on_behalf": [...COMMUNITY_STAFF, "grid_worker", ...RESIDENT_LEADERS],
    "requests.configure": [...COMMUNITY_STAFF],
  },
});
