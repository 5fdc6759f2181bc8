// Authorizing a call: the permissions the caller's roles carry (from the modules' policies, registry.ts),
// reaching only the places of each grant's scope.
import { AppError } from "../errors.ts";
import {
  type Actor,
  emptyReach,
  type PlaceRef,
  placeKey,
  type Reach,
  reaches,
  touchesCommunity,
} from "./reach.ts";
import { type Permission, ROLE_PERMISSIONS } from "./registry.ts";

export function reachOf(actor: Actor | null, permission: Permission): Reach {
  const reach = emptyReach();
  if (!actor) return reach;
  for (const g of actor.grants) {
    if (!ROLE_PERMISSIONS[g.role]?.includes(permission)) continue;
    reach.roles.push(g.role);
    switch (g.scopeType) {
      case "global":
        reach.all = true;
        break;
      case "district":
      case "street":
      case "community":
        for (const c of g.communityIds) reach.communities.add(c);
        break;
      case "grid":
        reach.grids.add(placeKey(g.scopeCommunityId!, g.scopeId!));
        break;
      case "estate":
        reach.estates.add(placeKey(g.scopeCommunityId!, g.scopeId!));
        break;
      case "building":
        reach.buildings.add(placeKey(g.scopeCommunityId!, g.scopeId!));
        break;
      case "unit":
        reach.units.add(placeKey(g.scopeCommunityId!, g.scopeId!));
        break;
      case "organisation":
        reach.organisations.add(g.scopeId!);
        for (const e of g.estateKeys) reach.estates.add(e);
        break;
    }
  }
  return reach;
}

export function requireActor(actor: Actor | null): Actor {
  if (!actor) throw new AppError("UNAUTHENTICATED");
  return actor;
}

/** Throws unless the actor holds `permission` for `place`. Returns the reach for presenters. */
export function authorize(actor: Actor | null, permission: Permission, place: PlaceRef): Reach {
  const a = requireActor(actor);
  const reach = reachOf(a, permission);
  if (reach.roles.length === 0) throw new AppError("FORBIDDEN");
  if (!reaches(reach, place)) throw new AppError("OUT_OF_SCOPE");
  return reach;
}

/** For lists inside one community: the actor must reach at least part of it; the query filters the rest. */
export function authorizeWithin(actor: Actor | null, permission: Permission, communityId: number): Reach {
  const a = requireActor(actor);
  const reach = reachOf(a, permission);
  if (reach.roles.length === 0) throw new AppError("FORBIDDEN");
  if (!touchesCommunity(reach, communityId)) throw new AppError("OUT_OF_SCOPE");
  return reach;
}

export function primaryRole(reach: Reach): string | null {
  return reach.roles[0] ?? null;
}

/**
 * The caller with only the grants whose role also carries data.export: an export authorizes its read
 * permission on this actor, so that the two permissions come from the same grant (a grid worker's export
 * right does not widen to a community-wide read held through another role).
 */
export function exportingActor(a: Actor): Actor {
  return { ...a, grants: a.grants.filter((g) => ROLE_PERMISSIONS[g.role]?.includes("data.export")) };
}
