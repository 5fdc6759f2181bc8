// The events of the points mall (S4). Payloads name the exchange rows — never a person.
import { z } from "zod";
import { defineEvent } from "../../../events/define.ts";

export const mallExchanged = defineEvent({
  type: "mall.exchanged",
  version: 1,
  aggregate: "mall_exchange",
  payload: z.object({ itemId: z.number().int().positive() }),
  description: "a resident exchanged points for an item of the mall (stock reserved, points debited)",
});

export const mallExchangeExpired = defineEvent({
  type: "mall.exchange_expired",
  version: 1,
  aggregate: "mall_exchange",
  payload: z.object({ itemId: z.number().int().positive() }),
  description: "an exchange not collected in time expired: its points refunded by a reversing booking",
});

export const MALL_EVENTS = [mallExchanged, mallExchangeExpired];
