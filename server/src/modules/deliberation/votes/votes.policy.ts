// Owners' votes (D5): who sets one up, opens and closes it and enters paper ballots (community staff,
// the owners' committee of the estate), who reads its progress (also the building heads, for door
// visits to owners who have not voted, and the street and district officials). Exporting the
// ballots needs data.export besides (imports' policy). Owners vote as themselves, checked by the
// service against the frozen electorate.
import { definePolicy } from "../../../access/policy.ts";
import { COMMUNITY_STAFF, OVERSEERS } from "../../../access/roles.ts";

export const votesPolicy = definePolicy({
  module: "votes",
  permissions: {
    "votes.read": [...OVERSEERS, ...COMMUNITY_STAFF, "owners_committee_member", "building_head"],
    "votes.manage": [...COMMUNITY_STAFF, "owners_committee_member"],
  },
});
