// The events of meetings (D4). Payloads name the meeting and attendance rows — never a person.
import { z } from "zod";
import { defineEvent } from "../../../events/define.ts";

export const meetingAttended = defineEvent({
  type: "meeting.attended",
  version: 1,
  aggregate: "meeting",
  payload: z.object({
    meetingId: z.number().int().positive(),
    attendanceIds: z.array(z.number().int().positive()).min(1),
  }),
  description:
    "residents signed in to a meeting (by the screen's code, their personal code or ticked by name)",
});

export const MEETING_EVENTS = [meetingAttended];
