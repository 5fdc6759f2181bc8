// Organisations, party members and role assignments as the API shows them (phones masked).
import { maskPhone } from "../privacy/pii.present.ts";
import type { OrganisationRow, PartyMemberRow, RoleAssignmentRow } from "./organisations.service.ts";

export function presentOrganisation(o: OrganisationRow) {
  return {
    id: o.id,
    kind: o.kind,
    name: o.name,
    parentId: o.parent_id,
    contactName: o.contact_name,
    contactPhone: maskPhone(o.contact_phone),
    memberCount: Number(o.memberCount),
  };
}

export function presentPartyMember(r: PartyMemberRow) {
  return {
    id: r.id,
    name: r.name,
    phone: maskPhone(r.phone),
    kind: r.kind,
    branchName: r.branchName,
    sourceOrgName: r.sourceOrgName,
    isCentralHousehold: r.is_central_household,
  };
}

export function presentRoleAssignment(r: RoleAssignmentRow) {
  return {
    id: r.id,
    userName: r.userName,
    phone: maskPhone(r.phone)!,
    role: r.role,
    scopeType: r.scope_type,
    scopeId: r.scope_id,
  };
}
