// The events of care (C5). Payloads name the visit and alert rows — never a person: care data is
// personal, and a consumer that needs more reads the rows through this module's service.
import { z } from "zod";
import { defineEvent } from "../../../events/define.ts";

export const careVisitRecorded = defineEvent({
  type: "care.visit_recorded",
  version: 1,
  aggregate: "care_visit",
  payload: z.object({ closedAlertIds: z.array(z.number().int().positive()) }),
  description:
    "a care visit recorded (health, gas and electricity safety, needs); the alerts it answered closed",
});

export const careAlertsChanged = defineEvent({
  type: "care.alerts_changed",
  version: 1,
  aggregate: "care_alert",
  payload: z.object({
    alertIds: z.array(z.number().int().positive()).min(1),
    change: z.enum(["raised", "acknowledged", "closed"]),
  }),
  description:
    "missed daily check-ins alerted by the sweep, or an alert acknowledged by the building head or grid worker, or closed by a late check-in",
});

export const CARE_EVENTS = [careVisitRecorded, careAlertsChanged];
