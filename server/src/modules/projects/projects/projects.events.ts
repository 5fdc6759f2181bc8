// The events of a project's account (P3). Payloads name the project and the booking rows — never a
// person (the actor is the event's actor_user_id). The insight consumer marks the money raised.
import { z } from "zod";
import { defineEvent } from "../../../events/define.ts";

export const projectBooked = defineEvent({
  type: "project.booked",
  version: 1,
  aggregate: "project_booking",
  payload: z.object({
    projectId: z.number().int().positive(),
    direction: z.enum(["income", "expense"]),
    /** the booking this one reverses (冲正), if it is a reversal */
    correctsId: z.number().int().positive().nullable(),
  }),
  description: "an income or expense was booked on a project's account, or a booking reversed (冲正)",
});

export const PROJECT_EVENTS = [projectBooked];
