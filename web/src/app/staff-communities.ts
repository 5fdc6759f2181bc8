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
    } else {
      // a community role names its community in scopeId (scopeCommunityId may be left empty)
      const id = r.scopeCommunityId ?? (r.scopeType === "community" ? r.scopeId : null);
      if (id == null || picked.has(id)) continue;
      const known = all.find((c) => c.option.id === id);
      picked.set(
        id,
        known?.option ?? {
          id,
          name: r.scopeType === "community" && r.scopeName ? r.scopeName : `#${id}`,
          streetName: "",
          districtName: "",
        },
      );
    }
  }
  return [...picked.values()];
}
