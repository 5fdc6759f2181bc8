// The insight consumer: each event that changes a counted row marks its rollup key (community,
// source, day of the row in China time) dirty in the consumer's transaction and asks for the refresh
// job within seconds (its minute schedule is the backstop). The refresh recounts each key from the
// rows, so the order of events does not matter, only that none is missed. Request figures are kept by
// voice/figures' own consumer and read from its rollups.
import { defineConsumer, isEvent, type StoredEvent } from "../../../events/define.ts";
import { nudgeJob } from "../../../jobs/nudge.ts";
import { commentPosted } from "../../deliberation/comments/comments.events.ts";
import { meetingAttended } from "../../deliberation/meetings/meetings.events.ts";
import { surveyAnswered } from "../../deliberation/surveys/surveys.events.ts";
import { topicCreated } from "../../deliberation/topics/topics.events.ts";
import { voteClosed } from "../../deliberation/votes/votes.events.ts";
import { mallExchanged, mallExchangeExpired } from "../../points/mall/mall.events.ts";
import { pointsAwarded } from "../../points/points/points.events.ts";
import { projectBooked } from "../../projects/projects/projects.events.ts";
import { canteenOrderCancelled, canteenOrderPlaced } from "../../services/canteen/canteen.events.ts";
import { careAlertsChanged, careVisitRecorded } from "../../services/care/care.events.ts";
import { requestSubmitted } from "../../voice/requests/requests.events.ts";
import { hoursCertified, hoursCorrected } from "../../volunteering/volunteering/volunteering.events.ts";
import { INSIGHT_REFRESH_JOB, markDirtyByIds } from "./figures.queries.ts";
import { markActive } from "./participation.queries.ts";

export const insightConsumer = defineConsumer({
  name: "insight",
  description:
    "marks the insight_daily keys of certified hours, meeting sign-ins, topics, closed votes, points, mall exchanges, canteen orders, care visits and alerts, and project bookings dirty; marks residents active in a month (also from comments and named survey answers)",
  events: [
    hoursCertified,
    hoursCorrected,
    meetingAttended,
    topicCreated,
    voteClosed,
    pointsAwarded,
    mallExchanged,
    mallExchangeExpired,
    canteenOrderPlaced,
    canteenOrderCancelled,
    careVisitRecorded,
    careAlertsChanged,
    projectBooked,
    requestSubmitted,
    commentPosted,
    surveyAnswered,
  ],
  async handle(trx, event) {
    const c = event.communityId;
    if (isEvent(event, hoursCertified))
      await markDirtyByIds(trx, "volunteering", c, event.payload.attendanceIds);
    else if (isEvent(event, hoursCorrected))
      await markDirtyByIds(trx, "volunteering", c, [event.payload.attendanceId]);
    else if (isEvent(event, meetingAttended))
      await markDirtyByIds(trx, "meetings", c, event.payload.attendanceIds);
    else if (isEvent(event, topicCreated)) await markDirtyByIds(trx, "topics", c, [event.aggregateId]);
    else if (isEvent(event, voteClosed)) await markDirtyByIds(trx, "votes", c, [event.aggregateId]);
    else if (isEvent(event, pointsAwarded)) await markDirtyByIds(trx, "points", c, event.payload.awardIds);
    else if (isEvent(event, mallExchanged) || isEvent(event, mallExchangeExpired))
      await markDirtyByIds(trx, "mall", c, [event.aggregateId]);
    else if (isEvent(event, canteenOrderPlaced) || isEvent(event, canteenOrderCancelled))
      await markDirtyByIds(trx, "canteen", c, [event.aggregateId]);
    else if (isEvent(event, careVisitRecorded)) {
      await markDirtyByIds(trx, "care_visits", c, [event.aggregateId]);
      if (event.payload.closedAlertIds.length > 0)
        await markDirtyByIds(trx, "care_alerts", c, event.payload.closedAlertIds);
    } else if (isEvent(event, careAlertsChanged))
      await markDirtyByIds(trx, "care_alerts", c, event.payload.alertIds);
    else if (isEvent(event, projectBooked))
      await markDirtyByIds(trx, "projects", c, [
        event.aggregateId,
        ...(event.payload.correctsId == null ? [] : [event.payload.correctsId]),
      ]);
    await markParticipation(trx, event);
    nudgeJob(INSIGHT_REFRESH_JOB);
  },
});

/** Participation: the residents of the rows an event names are active in their month (insight_active). */
async function markParticipation(trx: Parameters<typeof markActive>[0], event: StoredEvent) {
  const c = event.communityId;
  if (isEvent(event, requestSubmitted)) await markActive(trx, "requests", c, [event.aggregateId]);
  else if (isEvent(event, meetingAttended)) await markActive(trx, "meetings", c, event.payload.attendanceIds);
  else if (isEvent(event, hoursCertified))
    await markActive(trx, "volunteering", c, event.payload.attendanceIds);
  else if (isEvent(event, hoursCorrected))
    await markActive(trx, "volunteering", c, [event.payload.attendanceId]);
  else if (isEvent(event, voteClosed)) await markActive(trx, "votes", c, [event.aggregateId]);
  else if (isEvent(event, mallExchanged)) await markActive(trx, "mall", c, [event.aggregateId]);
  else if (isEvent(event, canteenOrderPlaced)) await markActive(trx, "canteen", c, [event.aggregateId]);
  else if (isEvent(event, commentPosted)) await markActive(trx, "comments", c, [event.aggregateId]);
  else if (isEvent(event, surveyAnswered)) await markActive(trx, "surveys", c, [event.aggregateId]);
}

export const INSIGHT_CONSUMERS = [insightConsumer];
