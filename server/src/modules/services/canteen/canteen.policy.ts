// The canteen (C1): the community's staff run it (setup, rules, menus, 代订, payment at the counter,
// delivery assignment); officials read its boards and the monthly subsidy report. Residents order for
// themselves and their household, and volunteers mark their deliveries, without a permission (decided in
// canteen.service.ts by who they are).
import { definePolicy } from "../../../access/policy.ts";
import { COMMUNITY_STAFF, OVERSEERS } from "../../../access/roles.ts";

export const canteenPolicy = definePolicy({
  module: "canteen",
  permissions: {
    "canteen.read": [...OVERSEERS, ...COMMUNITY_STAFF],
    "canteen.manage": [...COMMUNITY_STAFF],
  },
});
