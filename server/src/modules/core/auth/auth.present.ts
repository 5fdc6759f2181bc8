// The signed-in person and the SMS outbox as the API shows them.
import type { Actor } from "../../../access/reach.ts";
import { ROLE_PERMISSIONS } from "../../../access/registry.ts";
import { maskPhone } from "../privacy/pii.present.ts";
import type * as q from "./auth.queries.ts";
import type { TMe } from "./auth.schema.ts";

/** Where each of the person's grants reaches: the community its console opens and the scope's name. */
export interface GrantPlace {
  scopeCommunityId: number | null;
  scopeName: string | null;
}

/** A message of the development SMS outbox as stored. */
export type SmsOutboxRow = Awaited<ReturnType<typeof q.listSmsOutbox>>[number];

/** Whether the pages open in elderly mode: the person's choice, or else their age. */
export interface ElderlyDefault {
  chosen: boolean;
  /** a verified resident aged 60 or more (MIIT 适老化 and the elderly care law's 60) */
  aged60: boolean;
}

/** `/me`: the person (phone masked), each role with its places (`places[i]` is `actor.grants[i]`'s), and their residencies. */
export function presentMe(
  actor: Actor,
  communityNames: Map<number, string>,
  places: GrantPlace[],
  elderly: ElderlyDefault,
): TMe {
  return {
    id: actor.userId,
    name: actor.name,
    phone: maskPhone(actor.phone)!,
    locale: actor.locale,
    elderlyMode: elderly.chosen ? actor.elderlyMode : elderly.aged60,
    elderlyModeChosen: elderly.chosen,
    roles: actor.grants.map((g, i) => ({
      role: g.role,
      scopeType: g.scopeType,
      scopeCommunityId: places[i]!.scopeCommunityId,
      scopeId: g.scopeId,
      scopeName: places[i]!.scopeName,
      permissions: [...ROLE_PERMISSIONS[g.role]],
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
