// The events of a request's life (issue 8): emitted in the transaction of each change, read by the
// consumers that react (figures.events.ts marks the rollups). Payloads carry ids, the grid and the
// day of submission (the rollup key) — never a person's data.
import type { Kysely } from "kysely";
import { z } from "zod";
import type { DB } from "../../../db/schema.ts";
import { defineEvent, type EventDefinition } from "../../../events/define.ts";
import { emitEvent } from "../../../events/outbox.ts";

/** What every request event says about its request (the aggregate id): enough for its rollup key. */
export const requestFacts = z.object({
  gridId: z.number().int().positive().nullable(),
  /** When it was submitted (ISO): its day in China time is the rollup's day. */
  submittedAt: z.string(),
});
export type RequestFacts = z.infer<typeof requestFacts>;

const requestEvent = (verb: string, description: string, extra?: z.ZodRawShape) =>
  defineEvent({
    type: `request.${verb}`,
    version: 1,
    aggregate: "request",
    payload: extra ? requestFacts.extend(extra) : requestFacts,
    description,
  }) as EventDefinition<RequestFacts & Record<string, unknown>>;

export const requestSubmitted = requestEvent("submitted", "a request (need, wish, complaint…) was submitted");
export const requestSigned = requestEvent("signed", "the grid signed for a request");
export const requestRouted = requestEvent("routed", "a request was routed to another grid or level");
export const requestMerged = requestEvent("merged", "a request was merged into another (intoRequest…)", {
  intoRequestId: z.number().int().positive(),
  intoGridId: z.number().int().positive().nullable(),
  intoSubmittedAt: z.string(),
});
export const requestResolved = requestEvent("resolved", "a request was marked resolved");
export const requestReopened = requestEvent(
  "reopened",
  "a resolution was rejected; the request is open again",
);
export const requestConfirmed = requestEvent(
  "confirmed",
  "the submitter confirmed (and rated) the resolution",
);
export const requestClosed = requestEvent("closed", "a resolved request closed unrated after its wait");

export const REQUEST_EVENTS = [
  requestSubmitted,
  requestSigned,
  requestRouted,
  requestMerged,
  requestResolved,
  requestReopened,
  requestConfirmed,
  requestClosed,
];

/** The facts of a request row. */
export const factsOf = (r: { grid_id: number | null; created_at: Date | string }): RequestFacts => ({
  gridId: r.grid_id ?? null,
  submittedAt: new Date(r.created_at).toISOString(),
});

/** Emits a request event in the transaction `trx`. */
export function emitRequestEvent(
  trx: Kysely<DB>,
  def: EventDefinition<RequestFacts & Record<string, unknown>>,
  r: { id: number; community_id: number; grid_id: number | null; created_at: Date | string },
  actorUserId: number | null,
  extra: Record<string, unknown> = {},
): Promise<void> {
  return emitEvent(trx, def, {
    communityId: r.community_id,
    aggregateId: Number(r.id),
    payload: { ...factsOf(r), ...extra },
    actorUserId,
  });
}
