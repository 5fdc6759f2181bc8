// The events of owners' votes (D5). Payloads name the vote, its estate and figures — never a person
// (the actor is the event's actor_user_id).
import { z } from "zod";
import { defineEvent } from "../../../events/define.ts";

const voteFacts = z.object({
  voteId: z.number().int().positive(),
  estateId: z.number().int().positive(),
  matter: z.number().int().min(1).max(9),
});

export const voteOpened = defineEvent({
  type: "vote.opened",
  version: 1,
  aggregate: "vote",
  payload: voteFacts.extend({
    electorateHeads: z.number().int().min(0),
    electorateAreaCm2: z.string(),
    electorateHash: z.string(),
  }),
  description: "an owners' vote opened: its electorate frozen from the household register",
});

export const voteClosed = defineEvent({
  type: "vote.closed",
  version: 1,
  aggregate: "vote",
  payload: voteFacts.extend({
    quorum: z.boolean(),
    passed: z.array(z.boolean()),
    ballotsHash: z.string(),
  }),
  description: "an owners' vote closed and counted; its result published as a notice",
});

export const VOTE_EVENTS = [voteOpened, voteClosed];
