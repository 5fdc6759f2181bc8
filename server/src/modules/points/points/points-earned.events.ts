// Points earned by themselves (S2): the `points-earned` consumer turns certified volunteer hours
// (volunteering's `volunteer_hours.certified` / `.corrected`) and residents' meeting attendance
// (meetings' `meeting.attended`) into awards under the community's current standard — an item of source
// `volunteer_hours` (its points per certified hour, whole points, rounded down) or `meeting_attendance`
// (its points once per meeting). Runs once per event in the consumer's transaction; each earning's key
// names its attendance, so a correction books the difference and a replay books nothing.
import type { Kysely } from "kysely";
import type { DB } from "../../../db/schema.ts";
import { defineConsumer, isEvent } from "../../../events/define.ts";
import { meetingAttended } from "../../deliberation/meetings/meetings.events.ts";
import { residentAttendances } from "../../deliberation/meetings/meetings.service.ts";
import { hoursCertified, hoursCorrected } from "../../volunteering/volunteering/volunteering.events.ts";
import { certifiedAttendances } from "../../volunteering/volunteering/volunteering.service.ts";
import { earnAutomatically, verifiedResidentOfUser } from "./points.service.ts";

async function earnForHours(trx: Kysely<DB>, communityId: number, eventId: number, ids: number[]) {
  for (const att of await certifiedAttendances(trx, communityId, ids)) {
    const residentId = await verifiedResidentOfUser(trx, communityId, att.userId);
    if (residentId == null) continue;
    await earnAutomatically(trx, {
      communityId,
      source: "volunteer_hours",
      residentId,
      units: att.minutes,
      perHour: true,
      keyPrefix: `auto:vol:${att.id}:`,
      eventId,
      evidence: `志愿活动 #${att.activityId}，认证 ${att.minutes} 分钟`,
    });
  }
}

export const pointsEarned = defineConsumer({
  name: "points-earned",
  description: "points earned by themselves: certified volunteer hours and residents' meeting attendance",
  events: [hoursCertified, hoursCorrected, meetingAttended],
  async handle(trx, event) {
    if (isEvent(event, hoursCertified))
      await earnForHours(trx, event.communityId, event.id, event.payload.attendanceIds);
    else if (isEvent(event, hoursCorrected))
      await earnForHours(trx, event.communityId, event.id, [event.payload.attendanceId]);
    else if (isEvent(event, meetingAttended))
      for (const att of await residentAttendances(trx, event.communityId, event.payload.attendanceIds))
        await earnAutomatically(trx, {
          communityId: event.communityId,
          source: "meeting_attendance",
          residentId: att.residentId,
          units: 1,
          perHour: false,
          keyPrefix: `auto:meeting:${att.meetingId}:r${att.residentId}:`,
          eventId: event.id,
          evidence: `会议 #${att.meetingId} 签到`,
        });
  },
});

export const POINTS_CONSUMERS = [pointsEarned];
