// The points mall (S4): community staff manage every item, its donations, pickups and exchange days; a
// merchant or co-building unit's representative (role unit_representative, scope organisation) manages
// and redeems only the items of its own organisation (mall.service.ts checks the item's org). Residents
// exchange by who they are (a verified residency), not by a role.
import { definePolicy } from "../../../access/policy.ts";
import { COMMUNITY_STAFF, OVERSEERS } from "../../../access/roles.ts";

export const mallPolicy = definePolicy({
  module: "mall",
  permissions: {
    "mall.read": [...OVERSEERS, ...COMMUNITY_STAFF, "unit_representative"],
    "mall.manage": [...COMMUNITY_STAFF, "unit_representative"],
    "mall.redeem": [...COMMUNITY_STAFF, "unit_representative"],
  },
});
