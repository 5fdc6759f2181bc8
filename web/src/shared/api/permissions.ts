// What a signed-in person may do, read from their roles — only to show or hide buttons and menu
// items. The server decides (the modules' policies, gathered in server/src/access/registry.ts, are the source of truth; this mirrors
// ROLE_PERMISSIONS for the resident-voice permissions and must follow it when it changes; the role
// and permission names are the server's types, so a renamed one fails the build here).
import type { Permission } from "../../../../server/src/access/registry.ts";
import type { Role } from "../../../../server/src/access/roles.ts";
import type { Me, RoleGrant } from "./types";

export type VoicePermission = Extract<
  Permission,
  | "places.read"
  | "organisations.read"
  | "requests.read"
  | "requests.handle"
  | "requests.resolve"
  | "requests.on_behalf"
  | "requests.configure"
  | "resources.match"
  | "opinions.reply"
  | "open311.keys"
  | "calendar.write"
  | "data.export"
>;

const READ_ALL: VoicePermission[] = ["places.read", "organisations.read", "requests.read", "data.export"];
const COMMUNITY_STAFF: VoicePermission[] = [
  ...READ_ALL,
  "requests.handle",
  "requests.resolve",
  "requests.on_behalf",
  "requests.configure",
  "resources.match",
  "opinions.reply",
];
const RESIDENT_LEADER: VoicePermission[] = ["places.read", "requests.read", "requests.on_behalf"];

const ROLE_PERMISSIONS: Record<Role, readonly VoicePermission[]> = {
  system_admin: [...COMMUNITY_STAFF, "open311.keys", "calendar.write"],
  district_official: READ_ALL,
  street_official: [...READ_ALL, "requests.resolve"],
  community_secretary: [...COMMUNITY_STAFF, "open311.keys"],
  community_worker: COMMUNITY_STAFF,
  grid_worker: [
    "places.read",
    "requests.read",
    "requests.handle",
    "requests.resolve",
    "requests.on_behalf",
    "data.export",
  ],
  grid_leader: RESIDENT_LEADER,
  building_head: RESIDENT_LEADER,
  floor_head: RESIDENT_LEADER,
  unit_head: RESIDENT_LEADER,
  property_staff: ["places.read", "requests.read", "requests.resolve"],
  owners_committee_member: ["places.read", "requests.read"],
  unit_representative: ["organisations.read", "requests.resolve"],
};

/** A role's permissions; a role this table does not know (the server's list is wider) has none. */
const permissionsOf = (role: string): readonly VoicePermission[] | undefined =>
  (ROLE_PERMISSIONS as Partial<Record<string, readonly VoicePermission[]>>)[role];

/** The community a grant is about (null for global, district and street grants). */
export function grantCommunity(g: RoleGrant): number | null {
  return g.scopeCommunityId ?? (g.scopeType === "community" ? g.scopeId : null);
}

/**
 * Whether one of the person's roles carries the permission — in the given community when one is
 * named (global, district and street roles count everywhere; the server checks the exact reach).
 */
export function hasPermission(
  me: Me | null | undefined,
  permission: VoicePermission,
  communityId?: number,
): boolean {
  if (!me) return false;
  return me.roles.some((g) => {
    if (!permissionsOf(g.role)?.includes(permission)) return false;
    if (communityId === undefined) return true;
    const c = grantCommunity(g);
    return c === null || c === communityId;
  });
}

/** The calendar is national: only a global grant may change it. */
export function canEditCalendar(me: Me | null | undefined): boolean {
  return !!me?.roles.some(
    (g) => g.scopeType === "global" && permissionsOf(g.role)?.includes("calendar.write"),
  );
}
