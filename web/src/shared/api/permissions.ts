// What a signed-in person may do, read from their roles — only to show or hide buttons and menu
// items. The server decides: /api/me gives each role grant the permissions the modules' policies
// give that role (server/src/access/registry.ts), so this file keeps no copy of that table; the
// permission names are the server's type, so a renamed one fails the build here.
import type { Permission } from "../../../../server/src/access/registry.ts";
import type { Me, RoleGrant } from "./types";

export type { Permission };

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
  permission: Permission,
  communityId?: number,
): boolean {
  if (!me) return false;
  return me.roles.some((g) => {
    if (!g.permissions.includes(permission)) return false;
    if (communityId === undefined) return true;
    const c = grantCommunity(g);
    return c === null || c === communityId;
  });
}

/** The calendar is national: only a global grant may change it. */
export function canEditCalendar(me: Me | null | undefined): boolean {
  return !!me?.roles.some((g) => g.scopeType === "global" && g.permissions.includes("calendar.write"));
}
