// Unit and property tests of the reach model: which places a set of role grants covers.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ScopeType } from "../db/schema.ts";
import { AppError } from "../errors.ts";
import { authorize, authorizeWithin, reachOf } from "./authorize.ts";
import {
  type Actor,
  coversCommunity,
  type PlaceRef,
  partialReach,
  type RoleGrant,
  reaches,
  touchesCommunity,
} from "./reach.ts";
import { PERMISSIONS, type Permission, ROLE_PERMISSIONS } from "./registry.ts";
import { ROLE_SCOPES, ROLES, type Role } from "./roles.ts";

const PLACE_SCOPES = ["grid", "estate", "building", "unit"] as const;
type PlaceScope = (typeof PLACE_SCOPES)[number];
const FIELD: Record<PlaceScope, keyof PlaceRef> = {
  grid: "gridId",
  estate: "estateId",
  building: "buildingId",
  unit: "unitId",
};

// Small id ranges on purpose: collisions between communities and places are what we want to find
// (e.g. community 1 grid 12 vs community 11 grid 2).
const communityId = fc.integer({ min: 1, max: 12 });
const placeId = fc.integer({ min: 1, max: 12 });
const maybeId = fc.option(placeId, { nil: null });

const arbPlace: fc.Arbitrary<PlaceRef> = fc.record({
  communityId,
  gridId: maybeId,
  estateId: maybeId,
  buildingId: maybeId,
  unitId: maybeId,
});

let grantSeq = 0;
function grantOf(role: Role, scopeType: ScopeType, scope: Partial<RoleGrant> = {}): RoleGrant {
  grantSeq += 1;
  return {
    id: grantSeq,
    role,
    scopeType,
    scopeCommunityId: null,
    scopeId: null,
    communityIds: [],
    estateKeys: [],
    ...scope,
  };
}

/** Any grant a user could hold: a role on one of the scope types it may be granted on. */
const arbGrant: fc.Arbitrary<RoleGrant> = fc
  .constantFrom(...ROLES)
  .chain((role) => fc.tuple(fc.constant(role), fc.constantFrom(...ROLE_SCOPES[role])))
  .chain(([role, scopeType]) =>
    fc
      .record({
        scopeCommunityId: communityId,
        scopeId: placeId,
        communityIds: fc.uniqueArray(communityId, { maxLength: 4 }),
        estateKeys: fc.uniqueArray(
          fc.tuple(communityId, placeId).map(([c, e]) => `${c}:${e}`),
          { maxLength: 4 },
        ),
      })
      .map((s) => {
        if (scopeType === "global") return grantOf(role, scopeType);
        if (scopeType === "district" || scopeType === "street" || scopeType === "community") {
          return grantOf(role, scopeType, { scopeId: s.scopeId, communityIds: s.communityIds });
        }
        if (scopeType === "organisation") {
          return grantOf(role, scopeType, {
            scopeId: s.scopeId,
            estateKeys: role === "property_staff" ? s.estateKeys : [],
          });
        }
        return grantOf(role, scopeType, { scopeCommunityId: s.scopeCommunityId, scopeId: s.scopeId });
      }),
  );

const arbPermission = fc.constantFrom(...PERMISSIONS);

function actorWith(grants: RoleGrant[], residencies: Actor["residencies"] = []): Actor {
  return {
    userId: 1,
    name: "测试",
    phone: "13800000000",
    locale: "zh-CN",
    elderlyMode: false,
    grants,
    residencies,
  };
}

/** A grid-scoped grant (grid worker or grid leader, who both read households). */
const arbGridGrant = fc
  .tuple(fc.constantFrom<Role>("grid_worker", "grid_leader"), communityId, placeId)
  .map(([role, c, g]) => grantOf(role, "grid", { scopeCommunityId: c, scopeId: g }));

function codeOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
}

describe("reachOf / reaches", () => {
  it("a reach built only from grid grants never reaches a household whose grid is not among them", () => {
    fc.assert(
      fc.property(fc.array(arbGridGrant, { maxLength: 6 }), arbPlace, (grants, place) => {
        const reach = reachOf(actorWith(grants), "households.read");
        const granted = grants.some(
          (g) => g.scopeCommunityId === place.communityId && g.scopeId === place.gridId,
        );
        // exactly: the place is reached if and only if its (community, grid) pair was granted
        expect(reaches(reach, place)).toBe(granted);
      }),
    );
  });

  it("does not confuse grid 12 of community 1 with grid 2 of community 11", () => {
    const reach = reachOf(
      actorWith([grantOf("grid_worker", "grid", { scopeCommunityId: 1, scopeId: 12 })]),
      "households.read",
    );
    expect(reaches(reach, { communityId: 1, gridId: 12 })).toBe(true);
    expect(reaches(reach, { communityId: 11, gridId: 2 })).toBe(false);
    expect(reaches(reach, { communityId: 12, gridId: 1 })).toBe(false);
    expect(touchesCommunity(reach, 11)).toBe(false);
    expect(touchesCommunity(reach, 12)).toBe(false);
  });

  it("reaches a place only through a grant that matches one of the place's own fields", () => {
    fc.assert(
      fc.property(
        fc.array(arbGrant, { maxLength: 6 }),
        arbPermission,
        arbPlace,
        (grants, permission, place) => {
          const relevant = grants.filter((g) => ROLE_PERMISSIONS[g.role].includes(permission));
          const expected = relevant.some((g) => {
            switch (g.scopeType) {
              case "global":
                return true;
              case "district":
              case "street":
              case "community":
                return g.communityIds.includes(place.communityId);
              case "organisation":
                return (
                  place.estateId != null && g.estateKeys.includes(`${place.communityId}:${place.estateId}`)
                );
              default:
                return g.scopeCommunityId === place.communityId && place[FIELD[g.scopeType]] === g.scopeId;
            }
          });
          expect(reaches(reachOf(actorWith(grants), permission), place)).toBe(expected);
        },
      ),
    );
  });

  it("ignores grants whose role lacks the permission", () => {
    fc.assert(
      fc.property(
        fc.array(arbGrant, { maxLength: 6 }),
        arbPermission,
        arbPlace,
        (grants, permission, place) => {
          const all = reachOf(actorWith(grants), permission);
          const onlyRelevant = reachOf(
            actorWith(grants.filter((g) => ROLE_PERMISSIONS[g.role].includes(permission))),
            permission,
          );
          expect(all.roles).toEqual(onlyRelevant.roles);
          expect(reaches(all, place)).toBe(reaches(onlyRelevant, place));
          expect(touchesCommunity(all, place.communityId)).toBe(
            touchesCommunity(onlyRelevant, place.communityId),
          );
        },
      ),
    );
  });

  it("never shrinks when a grant is added", () => {
    fc.assert(
      fc.property(
        fc.array(arbGrant, { maxLength: 5 }),
        arbGrant,
        arbPermission,
        arbPlace,
        (grants, extra, permission, place) => {
          if (reaches(reachOf(actorWith(grants), permission), place)) {
            expect(reaches(reachOf(actorWith([...grants, extra]), permission), place)).toBe(true);
          }
        },
      ),
    );
  });

  it("gives nothing to anonymous callers and to residents without a role", () => {
    fc.assert(
      fc.property(arbPermission, arbPlace, (permission, place) => {
        const resident = actorWith(
          [],
          [{ communityId: place.communityId, residentId: 1, householdId: 1, status: "verified" }],
        );
        for (const actor of [null, resident]) {
          const reach = reachOf(actor, permission);
          expect(reach.roles).toEqual([]);
          expect(reaches(reach, place)).toBe(false);
          expect(touchesCommunity(reach, place.communityId)).toBe(false);
        }
      }),
    );
  });

  it("gives a system admin every place for every permission", () => {
    fc.assert(
      fc.property(arbPermission, arbPlace, (permission, place) => {
        const reach = reachOf(actorWith([grantOf("system_admin", "global")]), permission);
        expect(reaches(reach, place)).toBe(true);
        expect(coversCommunity(reach, place.communityId)).toBe(true);
      }),
    );
  });
});

describe("touchesCommunity / coversCommunity / partialReach", () => {
  it("touches a community exactly when some reach lies inside it", () => {
    fc.assert(
      fc.property(
        fc.array(arbGrant, { maxLength: 6 }),
        arbPermission,
        communityId,
        (grants, permission, c) => {
          const relevant = grants.filter((g) => ROLE_PERMISSIONS[g.role].includes(permission));
          const expected = relevant.some((g) => {
            if (g.scopeType === "global") return true;
            if (g.scopeType === "organisation") return g.estateKeys.some((k) => k.startsWith(`${c}:`));
            if (["district", "street", "community"].includes(g.scopeType)) return g.communityIds.includes(c);
            return g.scopeCommunityId === c;
          });
          expect(touchesCommunity(reachOf(actorWith(grants), permission), c)).toBe(expected);
        },
      ),
    );
  });

  it("touches the community of every place it reaches; covering a community reaches all its places", () => {
    fc.assert(
      fc.property(
        fc.array(arbGrant, { maxLength: 6 }),
        arbPermission,
        arbPlace,
        (grants, permission, place) => {
          const reach = reachOf(actorWith(grants), permission);
          if (reaches(reach, place)) expect(touchesCommunity(reach, place.communityId)).toBe(true);
          if (coversCommunity(reach, place.communityId)) expect(reaches(reach, place)).toBe(true);
        },
      ),
    );
  });

  it("lists, for one community, exactly the place ids granted in it", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.constantFrom(...PLACE_SCOPES), communityId, placeId).map(([scopeType, c, id]) =>
            grantOf(
              {
                grid: "grid_worker",
                estate: "owners_committee_member",
                building: "building_head",
                unit: "unit_head",
              }[scopeType] as Role,
              scopeType,
              { scopeCommunityId: c, scopeId: id },
            ),
          ),
          { maxLength: 8 },
        ),
        communityId,
        (grants, c) => {
          const ids = partialReach(reachOf(actorWith(grants), "places.read"), c);
          const want = (type: PlaceScope) =>
            [
              ...new Set(
                grants.filter((g) => g.scopeType === type && g.scopeCommunityId === c).map((g) => g.scopeId),
              ),
            ].sort((x, y) => x! - y!);
          const sorted = (xs: number[]) => [...xs].sort((x, y) => x - y);
          expect(sorted(ids.gridIds)).toEqual(want("grid"));
          expect(sorted(ids.estateIds)).toEqual(want("estate"));
          expect(sorted(ids.buildingIds)).toEqual(want("building"));
          expect(sorted(ids.unitIds)).toEqual(want("unit"));
        },
      ),
    );
  });
});

describe("authorize / authorizeWithin", () => {
  it("says UNAUTHENTICATED, FORBIDDEN or OUT_OF_SCOPE, in that order, and passes otherwise", () => {
    fc.assert(
      fc.property(
        fc.array(arbGrant, { maxLength: 5 }),
        arbPermission,
        arbPlace,
        (grants, permission, place) => {
          const actor = actorWith(grants);
          const reach = reachOf(actor, permission);
          const expected =
            reach.roles.length === 0 ? "FORBIDDEN" : reaches(reach, place) ? null : "OUT_OF_SCOPE";
          expect(codeOf(() => authorize(actor, permission, place))).toBe(expected);
          const within =
            reach.roles.length === 0
              ? "FORBIDDEN"
              : touchesCommunity(reach, place.communityId)
                ? null
                : "OUT_OF_SCOPE";
          expect(codeOf(() => authorizeWithin(actor, permission, place.communityId))).toBe(within);
          expect(codeOf(() => authorize(null, permission, place))).toBe("UNAUTHENTICATED");
          expect(codeOf(() => authorizeWithin(null, permission, place.communityId))).toBe("UNAUTHENTICATED");
        },
      ),
    );
  });

  it("keeps a grid worker out of the next grid and a street official out of another street's community", () => {
    const gridWorker = actorWith([grantOf("grid_worker", "grid", { scopeCommunityId: 1, scopeId: 1 })]);
    expect(codeOf(() => authorize(gridWorker, "residents.reveal", { communityId: 1, gridId: 1 }))).toBeNull();
    expect(codeOf(() => authorize(gridWorker, "residents.reveal", { communityId: 1, gridId: 2 }))).toBe(
      "OUT_OF_SCOPE",
    );
    expect(codeOf(() => authorize(gridWorker, "residents.reveal", { communityId: 1 }))).toBe("OUT_OF_SCOPE");
    expect(codeOf(() => authorize(gridWorker, "places.write", { communityId: 1, gridId: 1 }))).toBe(
      "FORBIDDEN",
    );

    const streetOfficial = actorWith([
      grantOf("street_official", "street", { scopeId: 7, communityIds: [1, 2] }),
    ]);
    expect(codeOf(() => authorize(streetOfficial, "residents.read", { communityId: 2 }))).toBeNull();
    expect(codeOf(() => authorize(streetOfficial, "residents.read", { communityId: 3 }))).toBe(
      "OUT_OF_SCOPE",
    );
    // officials read; they do not change residents' records or open full ones
    expect(codeOf(() => authorize(streetOfficial, "residents.write", { communityId: 1 }))).toBe("FORBIDDEN");
    expect(codeOf(() => authorize(streetOfficial, "residents.reveal", { communityId: 1 }))).toBe("FORBIDDEN");
  });

  it("lets property staff reach only the estates of their company", () => {
    const staff = actorWith([
      grantOf("property_staff", "organisation", { scopeId: 5, estateKeys: ["1:3", "2:4"] }),
    ]);
    expect(codeOf(() => authorize(staff, "households.read", { communityId: 1, estateId: 3 }))).toBeNull();
    expect(codeOf(() => authorize(staff, "households.read", { communityId: 2, estateId: 4 }))).toBeNull();
    expect(codeOf(() => authorize(staff, "households.read", { communityId: 1, estateId: 4 }))).toBe(
      "OUT_OF_SCOPE",
    );
    expect(codeOf(() => authorize(staff, "households.read", { communityId: 2, estateId: 3 }))).toBe(
      "OUT_OF_SCOPE",
    );
    expect(codeOf(() => authorize(staff, "households.write", { communityId: 1, estateId: 3 }))).toBe(
      "FORBIDDEN",
    );
  });
});

describe("the role table", () => {
  it("grants only known permissions, on known scopes, and everything to the system admin", () => {
    for (const role of ROLES) {
      expect(ROLE_SCOPES[role].length, role).toBeGreaterThan(0);
      for (const p of ROLE_PERMISSIONS[role]) expect(PERMISSIONS as readonly string[], role).toContain(p);
    }
    expect([...ROLE_PERMISSIONS.system_admin].sort()).toEqual([...PERMISSIONS].sort());
  });

  it("keeps the write permissions away from read-only roles", () => {
    const writes: Permission[] = [
      "places.write",
      "households.write",
      "residents.write",
      "residents.verify",
      "residents.reveal",
      "roles.write",
    ];
    for (const role of [
      "district_official",
      "street_official",
      "property_staff",
      "owners_committee_member",
      "building_head",
      "unit_representative",
    ] as Role[]) {
      for (const p of writes) expect(ROLE_PERMISSIONS[role], `${role} must not hold ${p}`).not.toContain(p);
    }
  });
});
