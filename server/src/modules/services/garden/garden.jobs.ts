import type { JobDefinition } from "../../../jobs/job.ts";
import { sweepGarden } from "./garden.service.ts";

export const gardenJobs: JobDefinition[] = [
  {
    name: "garden-expiry",
    description:
      "garden plots: expires every active lease past its last day, each exactly once (the row's own condition), so the plot is free to apply for; reminds each lease's household once per term when the lease enters its last month (a notification linking to /m/garden; reminded_for claims it) (daily, 00:10 China time)",
    schedule: "10 0 * * *",
    timezone: "Asia/Shanghai",
    run: ({ db }) => sweepGarden(db),
  },
];
