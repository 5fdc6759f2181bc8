import type { JobDefinition } from "../../../jobs/job.ts";
import { INSIGHT_REPORTS_JOB } from "./reports.queries.ts";
import { runMonthlyReports } from "./reports.service.ts";

export const insightReportsJobs: JobDefinition[] = [
  {
    name: INSIGHT_REPORTS_JOB,
    description:
      "archives last month's report (PDF and numbers) of every community and street that has none yet (1st of each month, 02:00 China time; idempotent)",
    schedule: "0 2 1 * *",
    timezone: "Asia/Shanghai",
    expireInSeconds: 3600,
    run: ({ db }) => runMonthlyReports(db),
  },
];
