// Every module's policy, listed here the way jobs/registry.ts lists their jobs. From them come the
// permission catalogue (`PERMISSIONS`, the `Permission` type) and what each role holds. A new module with
// permissions adds its <module>.policy.ts to POLICIES; a permission may be defined by one module only.
import { eventsPolicy } from "../events/events.policy.ts";
import { auditPolicy } from "../modules/core/audit/audit.policy.ts";
import { authPolicy } from "../modules/core/auth/auth.policy.ts";
import { calendarPolicy } from "../modules/core/calendar/calendar.policy.ts";
import { importsPolicy } from "../modules/core/imports/imports.policy.ts";
import { organisationsPolicy } from "../modules/core/organisations/organisations.policy.ts";
import { peoplePolicy } from "../modules/core/people/people.policy.ts";
import { placesPolicy } from "../modules/core/places/places.policy.ts";
import { commentsPolicy } from "../modules/deliberation/comments/comments.policy.ts";
import { lotteriesPolicy } from "../modules/deliberation/lotteries/lotteries.policy.ts";
import { meetingsPolicy } from "../modules/deliberation/meetings/meetings.policy.ts";
import { noticesPolicy } from "../modules/deliberation/notices/notices.policy.ts";
import { surveysPolicy } from "../modules/deliberation/surveys/surveys.policy.ts";
import { topicsPolicy } from "../modules/deliberation/topics/topics.policy.ts";
import { votesPolicy } from "../modules/deliberation/votes/votes.policy.ts";
import { insightPolicy } from "../modules/insight/figures/figures.policy.ts";
import { insightReportsPolicy } from "../modules/insight/reports/reports.policy.ts";
import { lifecirclePolicy } from "../modules/lifecircle/network/network.policy.ts";
import { mallPolicy } from "../modules/points/mall/mall.policy.ts";
import { pointsPolicy } from "../modules/points/points/points.policy.ts";
import { contestsPolicy } from "../modules/projects/contests/contests.policy.ts";
import { projectsPolicy } from "../modules/projects/projects/projects.policy.ts";
import { canteenPolicy } from "../modules/services/canteen/canteen.policy.ts";
import { carePolicy } from "../modules/services/care/care.policy.ts";
import { coursesPolicy } from "../modules/services/courses/courses.policy.ts";
import { gardenPolicy } from "../modules/services/garden/garden.policy.ts";
import { spacesPolicy } from "../modules/services/spaces/spaces.policy.ts";
import { claimsPolicy } from "../modules/voice/claims/claims.policy.ts";
import { open311Policy } from "../modules/voice/open311/open311.policy.ts";
import { opinionsPolicy } from "../modules/voice/opinions/opinions.policy.ts";
import { requestsPolicy } from "../modules/voice/requests/requests.policy.ts";
import { volunteeringPolicy } from "../modules/volunteering/volunteering/volunteering.policy.ts";
import type { Policy } from "./policy.ts";
import { ROLES, type Role } from "./roles.ts";

export const POLICIES = [
  placesPolicy,
  peoplePolicy,
  organisationsPolicy,
  auditPolicy,
  importsPolicy,
  authPolicy,
  calendarPolicy,
  eventsPolicy,
  requestsPolicy,
  claimsPolicy,
  opinionsPolicy,
  open311Policy,
  commentsPolicy,
  noticesPolicy,
  topicsPolicy,
  surveysPolicy,
  meetingsPolicy,
  lotteriesPolicy,
  votesPolicy,
  contestsPolicy,
  pointsPolicy,
  mallPolicy,
  projectsPolicy,
  lifecirclePolicy,
  volunteeringPolicy,
  carePolicy,
  canteenPolicy,
  spacesPolicy,
  insightPolicy,
  insightReportsPolicy,
  coursesPolicy,
  gardenPolicy,
] as const;

type PermissionOf<T> = T extends Policy<infer P> ? P : never;
export type Permission = PermissionOf<(typeof POLICIES)[number]>;

export const PERMISSIONS: readonly Permission[] = POLICIES.flatMap(
  (p) => Object.keys(p.permissions) as Permission[],
);

function roleTable(): Record<Role, readonly Permission[]> {
  const table = Object.fromEntries(ROLES.map((r) => [r, [] as Permission[]])) as Record<Role, Permission[]>;
  const definedBy = new Map<string, string>();
  for (const policy of POLICIES as readonly Policy[]) {
    for (const [permission, roles] of Object.entries(policy.permissions)) {
      const other = definedBy.get(permission);
      if (other) throw new Error(`permission ${permission} is defined by ${other} and ${policy.module}`);
      definedBy.set(permission, policy.module);
      for (const role of roles) {
        if (role === "system_admin")
          throw new Error(`${permission}: the system admin holds it without listing`);
        table[role].push(permission as Permission);
      }
    }
  }
  table.system_admin = [...PERMISSIONS];
  return table;
}

/** What each role holds, gathered from the policies; the system admin holds every permission. */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = roleTable();
