// The party organisation and its members, co-building units and other organisations, and role assignments.
import { definePolicy } from "../../../access/policy.ts";
import { COMMUNITY_STAFF, OVERSEERS } from "../../../access/roles.ts";

export const organisationsPolicy = definePolicy({
  module: "organisations",
  permissions: {
    "party.read": [...OVERSEERS, ...COMMUNITY_STAFF],
    "party.write": [...COMMUNITY_STAFF],
    "organisations.read": [...OVERSEERS, ...COMMUNITY_STAFF, "unit_representative"],
    "organisations.write": [...COMMUNITY_STAFF],
    "roles.read": [...OVERSEERS, ...COMMUNITY_STAFF],
    "roles.write": ["community_secretary"],
  },
});
