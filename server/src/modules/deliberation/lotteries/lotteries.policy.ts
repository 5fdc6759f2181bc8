// Lotteries (D8): who opens, freezes and draws them and records a declined place (staff of the place:
// community staff, a grid worker for the buildings in their grids), who reads them and their
// applications (also the street and district officials, across their communities). Exporting the
// applications needs data.export besides. Residents apply as themselves and read the board of a
// lottery of their place: decided per person by the service.
import { definePolicy } from "../../../access/policy.ts";
import { COMMUNITY_STAFF, OVERSEERS } from "../../../access/roles.ts";

export const lotteriesPolicy = definePolicy({
  module: "lotteries",
  permissions: {
    "lotteries.read": [...OVERSEERS, ...COMMUNITY_STAFF, "grid_worker"],
    "lotteries.manage": [...COMMUNITY_STAFF, "grid_worker"],
  },
});
