import type { JobDefinition } from "../../../jobs/job.ts";
import { sweepCare } from "./care.service.ts";

export const careJobs: JobDefinition[] = [
  {
    name: "care-sweep",
    description:
      "the daily check-in: one alert per enrolled resident and day with no check-in after their time (building head and grid worker, in-app and SMS), one escalation to the community staff when nobody answers within an hour, and one notice per overdue visit period to the grid worker (every minute)",
    schedule: "* * * * *",
    run: ({ db }) => sweepCare(db),
  },
];
