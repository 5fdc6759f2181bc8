// Resources and matching them to residents' needs (V3).
import { definePolicy } from "../../../access/policy.ts";
import { COMMUNITY_STAFF } from "../../../access/roles.ts";

export const claimsPolicy = definePolicy({
  module: "claims",
  permissions: {
    "resources.match": [...COMMUNITY_STAFF],
  },
});
