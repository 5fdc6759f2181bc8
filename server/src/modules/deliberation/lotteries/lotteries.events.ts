// The events of lotteries (D8). Payloads name the lottery and its figures — never a person (the actor
// is the event's actor_user_id; tickets are pseudonymous numbers).
import { z } from "zod";
import { defineEvent } from "../../../events/define.ts";

export const lotteryDrawn = defineEvent({
  type: "lottery.drawn",
  version: 1,
  aggregate: "lottery",
  payload: z.object({
    lotteryId: z.number().int().positive(),
    places: z.number().int().positive(),
    applicants: z.number().int().nonnegative(),
    listHash: z.string(),
    noticeId: z.number().int().positive(),
  }),
  description: "a lottery was drawn: the secret revealed, winners and waiting list published",
});

export const lotteryPlacePassed = defineEvent({
  type: "lottery.place_passed",
  version: 1,
  aggregate: "lottery",
  payload: z.object({
    lotteryId: z.number().int().positive(),
    declinedTicket: z.number().int().positive(),
    passedToTicket: z.number().int().positive().nullable(),
  }),
  description: "a winner declined; the place passed to the first of the waiting list (if any)",
});

export const LOTTERY_EVENTS = [lotteryDrawn, lotteryPlacePassed];
