import { z } from "zod";
import { authorize, primaryRole } from "../../../access/authorize.ts";
import { ROLE_SCOPES } from "../../../access/roles.ts";
import { AppError } from "../../../errors.ts";
import { type App, needs } from "../../../http/context.ts";
import { errorResponses } from "../../../http/errors.ts";
import { invalidateActors } from "../../../http/session.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { ZCommunityParams, ZCreated, ZPage } from "../places/places.schema.ts";
import { maskPhone } from "../privacy/pii.present.ts";
import * as q from "./organisations.queries.ts";
import {
  ZCreateOrganisation,
  ZCreatePartyMember,
  ZCreateRoleAssignment,
  ZOrganisation,
  ZPartyMemberList,
  ZRoleAssignment,
  ZRoleParams,
} from "./organisations.schema.ts";

const ZOk = z.object({ ok: z.literal(true) });

export function registerOrganisationRoutes(app: App): void {
  const tags = ["organisations"];

  app.get(
    "/communities/:communityId/organisations",
    {
      config: { access: needs("organisations.read") },
      schema: {
        tags,
        summary: "Party organisation tree, co-building units, property companies, committees, teams",
        params: ZCommunityParams,
        response: { 200: z.array(ZOrganisation), ...errorResponses },
      },
    },
    async (req) => {
      const { communityId } = req.params;
      const rows = await q.listOrganisations(app.db, communityId);
      const reach = authorizeOrgRead(req.actor, communityId);
      const visible = rows.filter((o) => reach === "all" || reach.has(o.id));
      // a unit representative whose unit does not serve this community has nothing to see here
      if (reach !== "all" && visible.length === 0) throw new AppError("OUT_OF_SCOPE");
      return visible.map((o) => ({
        id: o.id,
        kind: o.kind,
        name: o.name,
        parentId: o.parent_id,
        contactName: o.contact_name,
        contactPhone: maskPhone(o.contact_phone),
        memberCount: Number(o.memberCount),
      }));
    },
  );

  app.post(
    "/communities/:communityId/organisations",
    {
      config: { access: needs("organisations.write") },
      schema: {
        tags,
        summary: "Register an organisation based in the community",
        params: ZCommunityParams,
        body: ZCreateOrganisation,
        response: { 200: ZCreated, ...errorResponses },
      },
    },
    async (req) => {
      const { communityId } = req.params;
      const reach = authorize(req.actor, "organisations.write", { communityId });
      if (req.body.parentId && !(await q.findOrganisation(app.db, req.body.parentId)))
        throw new AppError("NOT_FOUND", { zh: "上级组织不存在", en: "Parent organisation not found" });
      return app.db.transaction().execute(async (trx) => {
        const row = await q.insertOrganisation(trx, {
          kind: req.body.kind,
          name: req.body.name,
          parent_id: req.body.parentId ?? null,
          home_community_id: communityId,
          contact_name: req.body.contactName ?? null,
          contact_phone: req.body.contactPhone ?? null,
        });
        await recordAudit(trx, {
          actorUserId: req.actor!.userId,
          actorRole: primaryRole(reach),
          communityId,
          action: "organisation.create",
          targetType: "organisation",
          targetId: row.id,
          after: { ...req.body, contactPhone: maskPhone(req.body.contactPhone) },
        });
        return row;
      });
    },
  );

  app.get(
    "/communities/:communityId/party-members",
    {
      config: { access: needs("party.read") },
      schema: {
        tags,
        summary: "Party members of the community, including 下沉党员 and 党员中心户",
        params: ZCommunityParams,
        querystring: ZPage,
        response: { 200: ZPartyMemberList, ...errorResponses },
      },
    },
    async (req) => {
      const { communityId } = req.params;
      authorize(req.actor, "party.read", { communityId });
      const [rows, total] = await Promise.all([
        q.listPartyMembers(
          app.db,
          communityId,
          req.query.pageSize,
          (req.query.page - 1) * req.query.pageSize,
        ),
        q.countPartyMembers(app.db, communityId),
      ]);
      return {
        total,
        items: rows.map((r) => ({
          id: r.id,
          name: r.name,
          phone: maskPhone(r.phone),
          kind: r.kind,
          branchName: r.branchName,
          sourceOrgName: r.sourceOrgName,
          isCentralHousehold: r.is_central_household,
        })),
      };
    },
  );

  app.post(
    "/communities/:communityId/party-members",
    {
      config: { access: needs("party.write") },
      schema: {
        tags,
        summary: "Register a party member (a resident, or 下沉党员 from a co-building unit)",
        params: ZCommunityParams,
        body: ZCreatePartyMember,
        response: { 200: ZCreated, ...errorResponses },
      },
    },
    async (req) => {
      const { communityId } = req.params;
      const reach = authorize(req.actor, "party.write", { communityId });
      const b = req.body;
      if (b.kind === "sinking" && !b.sourceOrgId)
        throw new AppError("VALIDATION", {
          zh: "下沉党员须填写所在共建单位",
          en: "A sinking party member needs their co-building unit",
          details: [{ field: "sourceOrgId", message: "required" }],
        });
      for (const orgId of [b.branchOrgId, b.sourceOrgId]) {
        if (orgId && !(await q.findOrganisation(app.db, orgId)))
          throw new AppError("NOT_FOUND", { zh: "组织不存在", en: "Organisation not found" });
      }
      return app.db.transaction().execute(async (trx) => {
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
          actorUserId: req.actor!.userId,
          actorRole: primaryRole(reach),
          communityId,
          action: "party_member.create",
          targetType: "party_member",
          targetId: row.id,
          after: { ...b, phone: maskPhone(b.phone) },
        });
        return row;
      });
    },
  );

  app.get(
    "/communities/:communityId/roles",
    {
      config: { access: needs("roles.read") },
      schema: {
        tags: ["roles"],
        summary: "Who holds which role in the community",
        params: ZCommunityParams,
        response: { 200: z.array(ZRoleAssignment), ...errorResponses },
      },
    },
    async (req) => {
      authorize(req.actor, "roles.read", { communityId: req.params.communityId });
      const rows = await q.listRoleAssignments(app.db, req.params.communityId);
      return rows.map((r) => ({
        id: r.id,
        userName: r.userName,
        phone: maskPhone(r.phone)!,
        role: r.role,
        scopeType: r.scope_type,
        scopeId: r.scope_id,
      }));
    },
  );

  app.post(
    "/communities/:communityId/roles",
    {
      config: { access: needs("roles.write") },
      schema: {
        tags: ["roles"],
        summary: "Give a registered person a role scoped to a place or organisation of the community",
        params: ZCommunityParams,
        body: ZCreateRoleAssignment,
        response: { 200: ZCreated, ...errorResponses },
      },
    },
    async (req) => {
      const { communityId } = req.params;
      const reach = authorize(req.actor, "roles.write", { communityId });
      const b = req.body;
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
            ? (await q.listOrganisations(app.db, communityId)).some((o) => o.id === b.scopeId)
            : await q.placeExists(app.db, b.scopeType, communityId, b.scopeId);
      if (!ok) throw new AppError("OUT_OF_SCOPE");
      const userId = await q.findUserIdByPhone(app.db, b.phone);
      if (!userId)
        throw new AppError("NOT_FOUND", {
          zh: "该手机号尚未注册",
          en: "No one has registered with this phone number",
        });
      return app.db.transaction().execute(async (trx) => {
        const row = await q.insertRoleAssignment(trx, {
          user_id: userId,
          role: b.role,
          scope_type: b.scopeType,
          scope_community_id: communityId,
          scope_id: b.scopeId,
          created_by: req.actor!.userId,
        });
        invalidateActors();
        if (!row)
          throw new AppError("CONFLICT", {
            zh: "此人已有该角色",
            en: "This person already holds this role here",
          });
        await recordAudit(trx, {
          actorUserId: req.actor!.userId,
          actorRole: primaryRole(reach),
          communityId,
          action: "role.grant",
          targetType: "role_assignment",
          targetId: row.id,
          after: { ...b, phone: maskPhone(b.phone) },
        });
        return row;
      });
    },
  );

  app.delete(
    "/communities/:communityId/roles/:roleId",
    {
      config: { access: needs("roles.write") },
      schema: {
        tags: ["roles"],
        summary: "Withdraw a role",
        params: ZRoleParams,
        response: { 200: ZOk, ...errorResponses },
      },
    },
    async (req) => {
      const { communityId, roleId } = req.params;
      const reach = authorize(req.actor, "roles.write", { communityId });
      const ra = await q.findRoleAssignment(app.db, roleId);
      if (!ra || ra.scope_community_id !== communityId) throw new AppError("NOT_FOUND");
      await app.db.transaction().execute(async (trx) => {
        await q.deleteRoleAssignment(trx, roleId);
        invalidateActors();
        await recordAudit(trx, {
          actorUserId: req.actor!.userId,
          actorRole: primaryRole(reach),
          communityId,
          action: "role.withdraw",
          targetType: "role_assignment",
          targetId: roleId,
          before: ra,
        });
      });
      return { ok: true as const };
    },
  );
}

/** Community-wide readers see every organisation; a unit representative only their own unit. */
function authorizeOrgRead(actor: Parameters<typeof authorize>[0], communityId: number): "all" | Set<number> {
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
