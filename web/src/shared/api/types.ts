// The API shapes more than one feature (or the app frame) uses, taken from the server's schemas
// (see contract.ts); a feature's own shapes are in its `<feature>-api.ts`.
import type { ZMe, ZPreferences } from "@contract/core/auth/auth.schema";
import type { ZMyHouseholds, ZRelation, ZResidentList } from "@contract/core/people/people.schema";
import type { ZDivisions, ZHouseholdList, ZTree } from "@contract/core/places/places.schema";
import type { Body, Reply } from "./contract";

/** GET /me: the signed-in person with their roles and residencies. */
export type Me = Reply<typeof ZMe>;
export type RoleGrant = Me["roles"][number];
export type Residency = Me["residencies"][number];
export type Locale = Me["locale"];
/** PATCH /me/preferences: the language and elderly mode an account remembers. */
export type Preferences = Body<typeof ZPreferences>;

/** GET /places/divisions: districts with their streets and communities. */
export type Division = Reply<typeof ZDivisions>[number];

/** GET /communities/:id/tree: grids, estates, buildings and units of a community. */
export type PlaceTree = Reply<typeof ZTree>;

/** GET /me/households. */
export type MyHousehold = Reply<typeof ZMyHouseholds>[number];

/** GET /communities/:id/households (a page). */
export type HouseholdList = Reply<typeof ZHouseholdList>;
export type HouseholdRow = HouseholdList["items"][number];

/** GET /communities/:id/residents (a page). */
export type ResidentList = Reply<typeof ZResidentList>;
export type ResidentRow = ResidentList["items"][number];

export type Relation = Body<typeof ZRelation>;
