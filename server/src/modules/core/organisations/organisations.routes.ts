import { z } from "zod";
import { type App, needs } from "../../../http/context.ts";
import { errorResponses } from "../../../http/errors.ts";
import { ZCommunityParams, ZCreated, ZPage } from "../places/places.schema.ts";
import { presentOrganisation, presentPartyMember, presentRoleAssignment } from "./organisations.present.ts";
import {
  ZCreateOrganisation,
  ZCreatePartyMember,
  ZCreateRoleAssignment,
  ZOrganisation,
  ZPartyMemberList,
  ZRoleAssignment,
  ZRoleParams,
} from "./organisations.schema.ts";
import {
  createOrganisation,
  createPartyMember,
  grantRole,
  partyMembers,
  roleAssignments,
  visibleOrganisations,
  withdrawRole,
} from "./organisations.service.ts";

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
      const rows = await visibleOrganisations(app.db, req.actor, req.params.communityId);
      return rows.map(presentOrganisation);
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
    async (req) => createOrganisation(app.db, req.actor, req.params.communityId, req.body),
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
      const { rows, total } = await partyMembers(app.db, req.actor, req.params.communityId, req.query);
      return { total, items: rows.map(presentPartyMember) };
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
    async (req) => createPartyMember(app.db, req.actor, req.params.communityId, req.body),
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
      const rows = await roleAssignments(app.db, req.actor, req.params.communityId);
      return rows.map(presentRoleAssignment);
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
    async (req) => grantRole(app.db, req.actor, req.params.communityId, req.body),
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
      await withdrawRole(app.db, req.actor, req.params.communityId, req.params.roleId);
      return { ok: true as const };
    },
  );
}
