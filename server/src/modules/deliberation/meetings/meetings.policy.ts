// Meetings (D3): who plans and runs them (invitations, sign-in, minutes) and who reads them. Handled like
// requests (requests.handle): the community's staff, and a grid worker for the meetings in their grids;
// officials read across their street or district. Residents need no permission: they see the meetings of
// their places and those they are invited to, decided per person by the service.
import { definePolicy } from "../../../access/policy.ts";
import { COMMUNITY_STAFF, OVERSEERS } from "../../../access/roles.ts";

export const meetingsPolicy = definePolicy({
  module: "meetings",
  permissions: {
    "meetings.read": [...OVERSEERS, ...COMMUNITY_STAFF, "grid_worker"],
    "meetings.manage": [...COMMUNITY_STAFF, "grid_worker"],
  },
});
