// Residents: reading, writing, verifying self-registrations, and revealing a masked record (with a reason, audited).
import { definePolicy } from "../../../access/policy.ts";
import { COMMUNITY_STAFF, OVERSEERS, RESIDENT_LEADERS } from "../../../access/roles.ts";

export const peoplePolicy = definePolicy({
  module: "people",
  permissions: {
    "residents.read": [
      ...OVERSEERS,
      ...COMMUNITY_STAFF,
      "grid_worker",
      ...RESIDENT_LEADERS,
      "property_staff",
    ],
    "residents.write": [...COMMUNITY_STAFF, "grid_worker"],
    "residents.verify": [...COMMUNITY_STAFF, "grid_worker"],
    "residents.reveal": [...COMMUNITY_STAFF, "grid_worker"],
  },
});
