// The audit log of privileged actions.
import { definePolicy } from "../../../access/policy.ts";
import { COMMUNITY_STAFF, OVERSEERS } from "../../../access/roles.ts";

export const auditPolicy = definePolicy({
  module: "audit",
  permissions: {
    "audit.read": [...OVERSEERS, ...COMMUNITY_STAFF],
  },
});
