// The events of claims and matched resources (issue 8). Their payload carries the request's facts
// (requests.events.ts), so that the figures consumer finds the rollup key without a query.
import type { Kysely } from "kysely";
import { z } from "zod";
import type { DB } from "../../../db/schema.ts";
import { defineEvent } from "../../../events/define.ts";
import { emitEvent } from "../../../events/outbox.ts";
import { factsOf, requestFacts } from "../requests/requests.events.ts";

const claimFacts = requestFacts.extend({
  requestId: z.number().int().positive(),
  claimId: z.number().int().positive(),
});
type ClaimFacts = z.infer<typeof claimFacts>;

export const claimMade = defineEvent({
  type: "claim.made",
  version: 1,
  aggregate: "claim",
  payload: claimFacts,
  description: "a party member, volunteer or organisation claimed a wish or need",
});
export const claimFulfilled = defineEvent({
  type: "claim.fulfilled",
  version: 1,
  aggregate: "claim",
  payload: claimFacts,
  description: "the claimant marked the claim fulfilled (the request is resolved with it)",
});
export const claimWithdrawn = defineEvent({
  type: "claim.withdrawn",
  version: 1,
  aggregate: "claim",
  payload: claimFacts.extend({ released: z.boolean() }),
  description: "a claim was withdrawn by its claimant or released by staff",
});
export const resourceMatched = defineEvent({
  type: "resource.matched",
  version: 1,
  aggregate: "resource",
  payload: requestFacts.extend({
    requestId: z.number().int().positive(),
    resourceId: z.number().int().positive(),
  }),
  description: "a published resource was matched with a request",
});

export const CLAIM_EVENTS = [claimMade, claimFulfilled, claimWithdrawn, resourceMatched];

type RequestRow = { id: number; community_id: number; grid_id: number | null; created_at: Date | string };

export function emitClaimEvent(
  trx: Kysely<DB>,
  def: typeof claimMade | typeof claimFulfilled,
  r: RequestRow,
  claimId: number,
  actorUserId: number | null,
): Promise<void> {
  const payload: ClaimFacts = { ...factsOf(r), requestId: Number(r.id), claimId: Number(claimId) };
  return emitEvent(trx, def, {
    communityId: r.community_id,
    aggregateId: Number(claimId),
    payload,
    actorUserId,
  });
}

export function emitClaimWithdrawn(
  trx: Kysely<DB>,
  r: RequestRow,
  claimId: number,
  released: boolean,
  actorUserId: number | null,
): Promise<void> {
  return emitEvent(trx, claimWithdrawn, {
    communityId: r.community_id,
    aggregateId: Number(claimId),
    payload: { ...factsOf(r), requestId: Number(r.id), claimId: Number(claimId), released },
    actorUserId,
  });
}

export function emitResourceMatched(
  trx: Kysely<DB>,
  r: RequestRow,
  resourceId: number,
  actorUserId: number | null,
): Promise<void> {
  return emitEvent(trx, resourceMatched, {
    communityId: r.community_id,
    aggregateId: Number(resourceId),
    payload: { ...factsOf(r), requestId: Number(r.id), resourceId: Number(resourceId) },
    actorUserId,
  });
}
