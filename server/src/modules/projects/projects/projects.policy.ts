// Co-building projects (P1–P5): reading them in the console, running them (creating, planning, moving
// them through their statuses, tasks, progress), and booking their accounts. Residents read, pledge,
// claim tasks and rate by who they are (verified households at the project's place), decided in
// projects.service.ts; the project's treasurer books its income and expenses and its organiser
// certifies labour hours — people named on the project, not roles.
import { definePolicy } from "../../../access/policy.ts";
import { COMMUNITY_STAFF, OVERSEERS, RESIDENT_LEADERS } from "../../../access/roles.ts";

export const projectsPolicy = definePolicy({
  module: "projects",
  permissions: {
    "projects.read": [
      ...OVERSEERS,
      ...COMMUNITY_STAFF,
      "grid_worker",
      ...RESIDENT_LEADERS,
      "property_staff",
      "owners_committee_member",
    ],
    // a grid worker runs the projects of the buildings and estates inside their grids
    "projects.manage": [...COMMUNITY_STAFF, "grid_worker"],
  },
});
