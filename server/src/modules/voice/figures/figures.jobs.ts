import type { JobDefinition } from "../../../jobs/job.ts";
import { FIGURES_REFRESH_JOB } from "./figures.queries.ts";
import { refreshFigures } from "./figures.service.ts";

export const figuresJobs: JobDefinition[] = [
  {
    name: FIGURES_REFRESH_JOB,
    description: "recomputes request_stats for every key marked dirty (every minute)",
    schedule: "* * * * *",
    run: ({ db }) => refreshFigures(db),
  },
];
