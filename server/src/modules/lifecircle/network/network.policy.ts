// The life circle (L1–L4): its figures and each building's walking times are public (OSM buildings and
// facilities, no personal data); community staff import the network and keep the facilities; staff and
// overseers (street and district) read the gap list from which projects are opened; the secretary and
// the district set the kinds' target walks and which kinds the checklist requires.
import { definePolicy } from "../../../access/policy.ts";
import { COMMUNITY_STAFF, OVERSEERS } from "../../../access/roles.ts";

export const lifecirclePolicy = definePolicy({
  module: "lifecircle",
  permissions: {
    // the gap list covers the whole community: those who read a whole community
    "lifecircle.read": [...OVERSEERS, ...COMMUNITY_STAFF],
    "lifecircle.manage": [...COMMUNITY_STAFF],
    // the kinds' targets and the checklist are a standard: the community secretary and the district
    "lifecircle.kinds": ["community_secretary", "district_official"],
  },
});
