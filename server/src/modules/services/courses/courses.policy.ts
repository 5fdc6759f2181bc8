// Courses and activities (C3): the community's staff set up courses, allocate a window's applications,
// mark attendance and cancel for a resident; officials read the courses and their counts. Residents
// enrol and cancel for themselves without a permission (decided in courses.service.ts by who they are).
import { definePolicy } from "../../../access/policy.ts";
import { COMMUNITY_STAFF, OVERSEERS } from "../../../access/roles.ts";

export const coursesPolicy = definePolicy({
  module: "courses",
  permissions: {
    "courses.read": [...OVERSEERS, ...COMMUNITY_STAFF],
    "courses.manage": [...COMMUNITY_STAFF],
  },
});
