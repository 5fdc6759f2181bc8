import type { JobDefinition } from "../../jobs/queue.ts";
import { refreshFigures } from "./figures.service.ts";

export const figuresJobs: JobDefinition[] = [
  {
    name: "figures-refresh",
    description: "recomputes request_stats for every key marked dirty (every minute)",
    schedule: "* * * * *",
    run: ({ db }) => refreshFigures(db),
  },
];
