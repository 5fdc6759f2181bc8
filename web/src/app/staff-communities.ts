import type { Division, Me } from "../shared/api/types";
import type { CommunityOption } from "../shared/staff/community";

/**
 * The communities a staff member works on, from the scopes of their roles: a global role reaches
 * all, a district or street role the communities inside it, other roles their own community.
 */
export function communitiesOf(me: Me, divisions: Division[]): CommunityOption[] {
  const all = divisions.flatMap((d) =>
    d.streets.flatMap((s) =>
      s.communities.map((c) => ({
        option: { id: c.id, name: c.name, streetName: s.name, districtName: d.name },
        streetId: s.id,
        districtId: d.id,
      })),
    ),
  );
  const picked = new Map<number, CommunityOption>();
  for (const r of me.roles) {
    if (r.scopeType === "global") {
      for (const c of all) picked.set(c.option.id, c.option);
    } else if (r.scopeType === "district") {
      for (const c of all) if (c.districtId === r.scopeId) picked.set(c.option.id, c.option);
    } else if (r.scopeType === "street") {
      for (const c of all) if (c.streetId === r.scopeId) picked.set(c.option.id, c.option);
    } else if (r.scopeCommunityId != null && !picked.has(r.scopeCommunityId)) {
      const known = all.find((c) => c.option.id === r.scopeCommunityId);
      picked.set(
        r.scopeCommunityId,
        known?.option ?? {
          id: r.scopeCommunityId,
          name: r.scopeType === "community" && r.scopeName ? r.scopeName : `#${r.scopeCommunityId}`,
          streetName: "",
          districtName: "",
        },
      );
    }
  }
  return [...picked.values()];
}
