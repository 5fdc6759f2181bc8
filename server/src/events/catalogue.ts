// Every domain event and every consumer of the application, as jobs/registry.ts lists the jobs. A
// module declares its events and consumers in `<module>.events.ts`; they are listed here, and the
// dispatch job (events.jobs.ts) runs exactly these consumers.

import { COMMENT_EVENTS } from "../modules/deliberation/comments/comments.events.ts";
import { LOTTERY_EVENTS } from "../modules/deliberation/lotteries/lotteries.events.ts";
import { LOTTERY_NOTICE_CONSUMERS } from "../modules/deliberation/lotteries/lottery-notices.events.ts";
import { MEETING_EVENTS } from "../modules/deliberation/meetings/meetings.events.ts";
import { SURVEY_CONSUMERS, SURVEY_EVENTS } from "../modules/deliberation/surveys/surveys.events.ts";
import { TOPIC_EVENTS } from "../modules/deliberation/topics/topics.events.ts";
import { VOTE_EVENTS } from "../modules/deliberation/votes/votes.events.ts";
import { INSIGHT_CONSUMERS } from "../modules/insight/figures/figures.events.ts";
import { MALL_EVENTS } from "../modules/points/mall/mall.events.ts";
import { POINTS_EVENTS } from "../modules/points/points/points.events.ts";
import { POINTS_CONSUMERS } from "../modules/points/points/points-earned.events.ts";
import { CONTEST_EVENTS } from "../modules/projects/contests/contests.events.ts";
import { PROJECT_EVENTS } from "../modules/projects/projects/projects.events.ts";
import { CANTEEN_EVENTS } from "../modules/services/canteen/canteen.events.ts";
import { CARE_EVENTS } from "../modules/services/care/care.events.ts";
import { CLAIM_EVENTS } from "../modules/voice/claims/claims.events.ts";
import { FIGURES_CONSUMERS } from "../modules/voice/figures/figures.events.ts";
import { REQUEST_NOTICE_CONSUMERS } from "../modules/voice/requests/request-notices.events.ts";
import { REQUEST_EVENTS } from "../modules/voice/requests/requests.events.ts";
import { VOLUNTEERING_EVENTS } from "../modules/volunteering/volunteering/volunteering.events.ts";
import type { ConsumerDefinition, EventDefinition } from "./define.ts";

export const EVENTS: EventDefinition<any>[] = [
  ...REQUEST_EVENTS,
  ...CLAIM_EVENTS,
  ...TOPIC_EVENTS,
  ...LOTTERY_EVENTS,
  ...VOTE_EVENTS,
  ...SURVEY_EVENTS,
  ...COMMENT_EVENTS,
  ...CONTEST_EVENTS,
  ...PROJECT_EVENTS,
  ...MEETING_EVENTS,
  ...VOLUNTEERING_EVENTS,
  ...POINTS_EVENTS,
  ...MALL_EVENTS,
  ...CANTEEN_EVENTS,
  ...CARE_EVENTS,
];

export const CONSUMERS: ConsumerDefinition[] = [
  ...FIGURES_CONSUMERS,
  ...REQUEST_NOTICE_CONSUMERS,
  ...LOTTERY_NOTICE_CONSUMERS,
  ...SURVEY_CONSUMERS,
  ...POINTS_CONSUMERS,
  ...INSIGHT_CONSUMERS,
];

{
  const types = new Set<string>();
  for (const e of EVENTS) {
    if (types.has(e.type)) throw new Error(`event ${e.type} is declared twice`);
    types.add(e.type);
  }
  const names = new Set<string>();
  for (const c of CONSUMERS) {
    if (names.has(c.name)) throw new Error(`consumer ${c.name} is declared twice`);
    names.add(c.name);
    for (const e of c.events)
      if (!types.has(e.type))
        throw new Error(`consumer ${c.name} handles ${e.type}, which is not in the catalogue`);
  }
}
