// The events of volunteering (T2). Payloads name the activity and the attendance rows — never a person
// (a consumer that needs the volunteer reads the attendance through this module's service).
import { z } from "zod";
import { defineEvent } from "../../../events/define.ts";

export const hoursCertified = defineEvent({
  type: "volunteer_hours.certified",
  version: 1,
  aggregate: "vol_activity",
  payload: z.object({
    activityId: z.number().int().positive(),
    attendanceIds: z.array(z.number().int().positive()).min(1),
  }),
  description: "an organiser certified volunteers' hours of an activity (谁组织谁记录，谁记录谁证明)",
});

export const hoursCorrected = defineEvent({
  type: "volunteer_hours.corrected",
  version: 1,
  aggregate: "vol_attendance",
  payload: z.object({
    activityId: z.number().int().positive(),
    attendanceId: z.number().int().positive(),
  }),
  description: "an organiser corrected a volunteer's certified hours on the volunteer's request",
});

export const VOLUNTEERING_EVENTS = [hoursCertified, hoursCorrected];
