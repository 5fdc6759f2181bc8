// Surveys (D4): who builds them and enters paper answers (staff of the place: community staff, a grid
// worker in their grids), who reads them and their results (also the street and district officials,
// across their communities). Exporting answers needs data.export besides (imports' policy).
// Residents answer as themselves, checked by the service against the survey's place and group.
import { definePolicy } from "../../../access/policy.ts";
import { COMMUNITY_STAFF, OVERSEERS } from "../../../access/roles.ts";

export const surveysPolicy = definePolicy({
  module: "surveys",
  permissions: {
    "surveys.read": [...OVERSEERS, ...COMMUNITY_STAFF, "grid_worker"],
    "surveys.manage": [...COMMUNITY_STAFF, "grid_worker"],
  },
});
