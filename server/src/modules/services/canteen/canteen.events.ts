// The events of the canteen (C1). Payloads name the order and its menu (the day's meal) — never a person.
import { z } from "zod";
import { defineEvent } from "../../../events/define.ts";

const payload = z.object({ menuId: z.number().int().positive() });

export const canteenOrderPlaced = defineEvent({
  type: "canteen.order_placed",
  version: 1,
  aggregate: "canteen_order",
  payload,
  description:
    "a meal ordered (by the resident or by staff for them), its funding split booked on the ledger",
});

export const canteenOrderCancelled = defineEvent({
  type: "canteen.order_cancelled",
  version: 1,
  aggregate: "canteen_order",
  payload,
  description: "an order cancelled before the cut-off: its seat freed and its booking reversed",
});

export const CANTEEN_EVENTS = [canteenOrderPlaced, canteenOrderCancelled];
