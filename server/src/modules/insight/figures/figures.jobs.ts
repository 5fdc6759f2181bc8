import type { JobDefinition } from "../../../jobs/job.ts";
import { INSIGHT_REFRESH_JOB } from "./figures.queries.ts";
import { refreshAllCoverage, refreshInsight } from "./figures.service.ts";

export const insightJobs: JobDefinition[] = [
  {
    name: INSIGHT_REFRESH_JOB,
    description:
      "recomputes insight_daily and the months of insight_monthly for every key marked dirty, and the residents snapshot insight_residents of the communities marked (every minute)",
    schedule: "* * * * *",
    run: ({ db }) => refreshInsight(db),
  },
  {
    name: "insight-coverage-nightly",
    description:
      "recomputes every community's life-circle coverage (insight_coverage), taking in residents who moved (02:30 daily)",
    schedule: "30 2 * * *",
    run: ({ db }) => refreshAllCoverage(db),
  },
];
