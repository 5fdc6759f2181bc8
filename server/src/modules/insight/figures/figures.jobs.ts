import type { JobDefinition } from "../../../jobs/job.ts";
import { INSIGHT_REFRESH_JOB } from "./figures.queries.ts";
import { refreshInsight } from "./figures.service.ts";

export const insightJobs: JobDefinition[] = [
  {
    name: INSIGHT_REFRESH_JOB,
    description: "recomputes insight_daily for every key marked dirty (every minute)",
    schedule: "* * * * *",
    run: ({ db }) => refreshInsight(db),
  },
];
