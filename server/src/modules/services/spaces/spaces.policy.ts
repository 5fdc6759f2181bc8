// Spaces (C2): the community's staff keep the spaces and decide the bookings; officials read the
// calendars and lists. Residents and organisations book, cancel and rate without a permission (decided
// in spaces.service.ts by who they are).
import { definePolicy } from "../../../access/policy.ts";
import { COMMUNITY_STAFF, OVERSEERS } from "../../../access/roles.ts";

export const spacesPolicy = definePolicy({
  module: "spaces",
  permissions: {
    "spaces.read": [...OVERSEERS, ...COMMUNITY_STAFF],
    "spaces.manage": [...COMMUNITY_STAFF],
  },
});
