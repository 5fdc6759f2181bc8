// Garden plots and trees (C4): the community's staff keep plots and trees, decide applications (approve
// or reject with a reason, one or in a batch), allocate a window's applications and may end a tree's
// adoption; officials read them. Residents apply, renew their lease, adopt a tree, record its care and
// end their own adoption without a permission (decided in garden.service.ts by who they are).
import { definePolicy } from "../../../access/policy.ts";
import { COMMUNITY_STAFF, OVERSEERS } from "../../../access/roles.ts";

export const gardenPolicy = definePolicy({
  module: "garden",
  permissions: {
    "garden.read": [...OVERSEERS, ...COMMUNITY_STAFF],
    "garden.manage": [...COMMUNITY_STAFF],
  },
});
