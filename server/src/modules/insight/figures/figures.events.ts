// The insight consumer: each event that changes a counted row marks its rollup key (community,
// source, day of the row in China time) dirty in the consumer's transaction and asks for the refresh
// job within seconds (its minute schedule is the backstop). The refresh recounts each key from the
// rows, so the order of events does not matter, only that none is missed. Request figures are kept by
// voice/figures' own consumer and read from its rollups.
import { defineConsumer, isEvent } from "../../../events/define.ts";
import { nudgeJob } from "../../../jobs/nudge.ts";
import { meetingAttended } from "../../deliberation/meetings/meetings.events.ts";
import { topicCreated } from "../../deliberation/topics/topics.events.ts";
import { voteClosed } from "../../deliberation/votes/votes.events.ts";
import { mallExchanged, mallExchangeExpired } from "../../points/mall/mall.events.ts";
import { pointsAwarded } from "../../points/points/points.events.ts";
import { canteenOrderCancelled, canteenOrderPlaced } from "../../services/canteen/canteen.events.ts";
import { careAlertsChanged, careVisitRecorded } from "../../services/care/care.events.ts";
import { hoursCertified, hoursCorrected } from "../../volunteering/volunteering/volunteering.events.ts";
import { INSIGHT_REFRESH_JOB, markDirtyByIds } from "./figures.queries.ts";

export const insightConsumer = defineConsumer({
  name: "insight",
  description:
    "marks the insight_daily keys of certified hours, meeting sign-ins, topics, closed votes, points, mall exchanges, canteen orders, care visits and alerts dirty",
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
    nudgeJob(INSIGHT_REFRESH_JOB);
  },
});

export const INSIGHT_CONSUMERS = [insightConsumer];
