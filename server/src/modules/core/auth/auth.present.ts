// The signed-in person and the SMS outbox as the API shows them.
import type { Actor } from "../../../access/reach.ts";
import { maskPhone } from "../privacy/pii.present.ts";
import type { TMe } from "./auth.schema.ts";
import type { GrantPlace, SmsOutboxRow } from "./auth.service.ts";

/** `/me`: the person (phone masked), each role with its places (`places[i]` is `actor.grants[i]`'s), and their residencies. */
export function presentMe(actor: Actor, communityNames: Map<number, string>, places: GrantPlace[]): TMe {
  return {
    id: actor.userId,
    name: actor.name,
    phone: maskPhone(actor.phone)!,
    locale: actor.locale,
    elderlyMode: actor.elderlyMode,
    roles: actor.grants.map((g, i) => ({
      role: g.role,
      scopeType: g.scopeType,
      scopeCommunityId: places[i]!.scopeCommunityId,
      scopeId: g.scopeId,
      scopeName: places[i]!.scopeName,
    })),
    residencies: actor.residencies.map((r) => ({
      communityId: r.communityId,
      communityName: communityNames.get(r.communityId) ?? "",
      residentId: r.residentId,
      householdId: r.householdId,
      status: r.status,
    })),
  };
}

export function presentSmsMessage(r: SmsOutboxRow) {
  return { id: r.id, phone: r.phone, body: r.body, createdAt: new Date(r.created_at) };
}
