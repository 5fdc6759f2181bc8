// The figures' consumer: every event about a request marks its rollup key (community, grid, day of
// submission) dirty, in the consumer's transaction, and asks for the refresh job within seconds (its
// minute schedule remains the backstop). The rollups are recomputed from the request rows, so the
// order of events does not matter here, only that none is missed.
import { defineConsumer } from "../../../events/define.ts";
import { nudgeJob } from "../../../jobs/nudge.ts";
import { CLAIM_EVENTS } from "../claims/claims.events.ts";
import { REQUEST_EVENTS, type RequestFacts } from "../requests/requests.events.ts";
import { FIGURES_REFRESH_JOB, statsDirtyInsert } from "./figures.queries.ts";

export const figuresConsumer = defineConsumer({
  name: "figures",
  description: "marks the request_stats key of each changed request dirty and nudges figures-refresh",
  events: [...REQUEST_EVENTS, ...CLAIM_EVENTS],
  async handle(trx, event) {
    const p = event.payload as RequestFacts & {
      intoRequestId?: number;
      intoGridId?: number | null;
      intoSubmittedAt?: string;
    };
    await statsDirtyInsert({
      communityId: event.communityId,
      gridId: p.gridId,
      createdAt: p.submittedAt,
    }).execute(trx);
    if (p.intoRequestId && p.intoSubmittedAt)
      await statsDirtyInsert({
        communityId: event.communityId,
        gridId: p.intoGridId ?? null,
        createdAt: p.intoSubmittedAt,
      }).execute(trx);
    nudgeJob(FIGURES_REFRESH_JOB);
  },
});

export const FIGURES_CONSUMERS = [figuresConsumer];
