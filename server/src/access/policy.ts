// A module's policy (<module>.policy.ts): the permissions it defines and which roles hold each. The
// system admin holds every permission and is not listed. registry.ts lists every module's policy, the way
// jobs/registry.ts lists their jobs; a permission's reach over places comes from the holder's grants
// (authorize.ts). Place rules the module needs beyond "a grant reaches the place" live beside it, in the
// same file, as functions over the caller's reach (reach.ts).
import type { Role } from "./roles.ts";

export interface Policy<P extends string = string> {
  module: string;
  /** permission → the roles (other than system_admin) that hold it */
  permissions: Record<P, readonly Role[]>;
}

export function definePolicy<const P extends string>(policy: Policy<P>): Policy<P> {
  for (const name of Object.keys(policy.permissions)) {
    if (!/^[a-z0-9_]+(\.[a-z0-9_]+)+$/.test(name)) throw new Error(`permission ${name}: not <area>.<verb>`);
  }
  return policy;
}
