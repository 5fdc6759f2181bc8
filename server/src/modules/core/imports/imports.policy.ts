// Spreadsheet import and export of a community's register.
import { definePolicy } from "../../../access/policy.ts";
import { COMMUNITY_STAFF, OVERSEERS } from "../../../access/roles.ts";

export const importsPolicy = definePolicy({
  module: "imports",
  permissions: {
    "data.import": [...COMMUNITY_STAFF],
    "data.export": [...OVERSEERS, ...COMMUNITY_STAFF, "grid_worker"],
  },
});
