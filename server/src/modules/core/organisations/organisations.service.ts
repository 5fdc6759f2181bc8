// Organisations, party members and role assignments of a community: load → authorize → run.
import type { Kysely } from "kysely";
import type { z } from "zod";
import { authorize, primaryRole } from "../../../access/authorize.ts";
import type { Actor } from "../../../access/reach.ts";
import { ROLE_SCOPES } from "../../../access/roles.ts";
import type { DB } from "../../../db/schema.ts";
import { AppError } from "../../../errors.ts";
import { invalidateActors } from "../../../http/session.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { maskPhone } from "../privacy/pii.present.ts";
import * as q from "./organisations.queries.ts";
import type {
  ZCreateOrganisation,
  ZCreatePartyMember,
  ZCreateRoleAssignment,
} from "./organisations.schema.ts";

export type OrganisationRow = Awaited<ReturnType<typeof q.listOrganisations>>[number];
export type PartyMemberRow = Awaited<ReturnType<typeof q.listPartyMembers>>[number];
export type RoleAssignmentRow = Awaited<ReturnType<typeof q.listRoleAssignments>>[number];

/**
 * The organisations of a community the caller may see: all of them for community-wide readers, a unit
 * representative only their own unit (OUT_OF_SCOPE when their unit does not serve this community).
 */
export async function visibleOrganisations(
  db: Kysely<DB>,
  actor: Actor | null,
  communityId: number,
): Promise<OrganisationRow[]> {
  const rows = await q.listOrganisations(db, communityId);
  const reach = authorizeOrgRead(actor, communityId);
  const visible = rows.filter((o) => reach === "all" || reach.has(o.id));
  // a unit representative whose unit does not serve this community has nothing to see here
  if (reach !== "all" && visible.length === 0) throw new AppError("OUT_OF_SCOPE");
  return visible;
}

/** Registers an organisation based in the community (audited). */
export async function createOrganisation(
  db: Kysely<DB>,
  actor: Actor | null,
  communityId: number,
  b: z.output<typeof ZCreateOrganisation>,
) {
  const reach = authorize(actor, "organisations.write", { communityId });
  if (b.parentId && !(await q.findOrganisation(db, b.parentId)))
    throw new AppError("NOT_FOUND", { zh: "上级组织不存在", en: "Parent organisation not found" });
  return db.transaction().execute(async (trx) => {
    const row = await q.insertOrganisation(trx, {
      kind: b.kind,
      name: b.name,
      parent_id: b.parentId ?? null,
      home_community_id: communityId,
      contact_name: b.contactName ?? null,
      contact_phone: b.contactPhone ?? null,
    });
    await recordAudit(trx, {
      actorUserId: actor!.userId,
      actorRole: primaryRole(reach),
      communityId,
      action: "organisation.create",
      targetType: "organisation",
      targetId: row.id,
      after: { ...b, contactPhone: maskPhone(b.contactPhone) },
    });
    return row;
  });
}

/** A page of the community's party members and how many there are. */
export async function partyMembers(
  db: Kysely<DB>,
  actor: Actor | null,
  communityId: number,
  page: { page: number; pageSize: number },
): Promise<{ rows: PartyMemberRow[]; total: number }> {
  authorize(actor, "party.read", { communityId });
  const [rows, total] = await Promise.all([
    q.listPartyMembers(db, communityId, page.pageSize, (page.page - 1) * page.pageSize),
    q.countPartyMembers(db, communityId),
  ]);
  return { rows, total };
}

/** Registers a party member: a resident, or 下沉党员 from a co-building unit (audited). */
export async function createPartyMember(
  db: Kysely<DB>,
  actor: Actor | null,
  communityId: number,
  b: z.output<typeof ZCreatePartyMember>,
) {
  const reach = authorize(actor, "party.write", { communityId });
  if (b.kind === "sinking" && !b.sourceOrgId)
    throw new AppError("VALIDATION", {
      zh: "下沉党员须填写所在共建单位",
      en: "A sinking party member needs their co-building unit",
      details: [{ field: "sourceOrgId", message: "required" }],
    });
  for (const orgId of [b.branchOrgId, b.sourceOrgId]) {
    if (orgId && !(await q.findOrganisation(db, orgId)))
      throw new AppError("NOT_FOUND", { zh: "组织不存在", en: "Organisation not found" });
  }
  return db.transaction().execute(async (trx) => {
    const row = await q.insertPartyMember(trx, {
      community_id: communityId,
      name: b.name,
      phone: b.phone ?? null,
      branch_org_id: b.branchOrgId ?? null,
      kind: b.kind,
      source_org_id: b.sourceOrgId ?? null,
      resident_id: b.residentId ?? null,
      household_id: b.householdId ?? null,
      is_central_household: b.isCentralHousehold ?? false,
    });
    await recordAudit(trx, {
      actorUserId: actor!.userId,
      actorRole: primaryRole(reach),
      communityId,
      action: "party_member.create",
      targetType: "party_member",
      targetId: row.id,
      after: { ...b, phone: maskPhone(b.phone) },
    });
    return row;
  });
}

/** Who holds which role in the community. */
export async function roleAssignments(
  db: Kysely<DB>,
  actor: Actor | null,
  communityId: number,
): Promise<RoleAssignmentRow[]> {
  authorize(actor, "roles.read", { communityId });
  return q.listRoleAssignments(db, communityId);
}

/** Gives a registered person a role scoped to a place or organisation of the community (audited). */
export async function grantRole(
  db: Kysely<DB>,
  actor: Actor | null,
  communityId: number,
  b: z.output<typeof ZCreateRoleAssignment>,
) {
  const reach = authorize(actor, "roles.write", { communityId });
  if (!ROLE_SCOPES[b.role].includes(b.scopeType)) {
    throw new AppError("VALIDATION", {
      zh: "该角色不能授予在这一范围",
      en: `Role ${b.role} cannot be scoped to a ${b.scopeType}`,
      details: [{ field: "scopeType", message: "not allowed for role" }],
    });
  }
  const ok =
    b.scopeType === "community"
      ? b.scopeId === communityId
      : b.scopeType === "organisation"
        ? (await q.listOrganisations(db, communityId)).some((o) => o.id === b.scopeId)
        : await q.placeExists(db, b.scopeType, communityId, b.scopeId);
  if (!ok) throw new AppError("OUT_OF_SCOPE");
  const userId = await q.findUserIdByPhone(db, b.phone);
  if (!userId)
    throw new AppError("NOT_FOUND", {
      zh: "该手机号尚未注册",
      en: "No one has registered with this phone number",
    });
  return db.transaction().execute(async (trx) => {
    const row = await q.insertRoleAssignment(trx, {
      user_id: userId,
      role: b.role,
      scope_type: b.scopeType,
      scope_community_id: communityId,
      scope_id: b.scopeId,
      created_by: actor!.userId,
    });
    invalidateActors();
    if (!row)
      throw new AppError("CONFLICT", {
        zh: "此人已有该角色",
        en: "This person already holds this role here",
      });
    await recordAudit(trx, {
      actorUserId: actor!.userId,
      actorRole: primaryRole(reach),
      communityId,
      action: "role.grant",
      targetType: "role_assignment",
      targetId: row.id,
      after: { ...b, phone: maskPhone(b.phone) },
    });
    return row;
  });
}

/** Withdraws a role of the community (404 when it is not one of its roles; audited). */
export async function withdrawRole(
  db: Kysely<DB>,
  actor: Actor | null,
  communityId: number,
  roleId: number,
): Promise<void> {
  const reach = authorize(actor, "roles.write", { communityId });
  const ra = await q.findRoleAssignment(db, roleId);
  if (!ra || ra.scope_community_id !== communityId) throw new AppError("NOT_FOUND");
  await db.transaction().execute(async (trx) => {
    await q.deleteRoleAssignment(trx, roleId);
    invalidateActors();
    await recordAudit(trx, {
      actorUserId: actor!.userId,
      actorRole: primaryRole(reach),
      communityId,
      action: "role.withdraw",
      targetType: "role_assignment",
      targetId: roleId,
      before: ra,
    });
  });
}

/** Community-wide readers see every organisation; a unit representative only their own unit. */
function authorizeOrgRead(actor: Actor | null, communityId: number): "all" | Set<number> {
  try {
    authorize(actor, "organisations.read", { communityId });
    return "all";
  } catch (e) {
    const orgs = new Set(
      (actor?.grants ?? [])
        .filter((g) => g.role === "unit_representative" && g.scopeType === "organisation")
        .map((g) => g.scopeId!),
    );
    if (orgs.size === 0) throw e;
    return orgs;
  }
}
