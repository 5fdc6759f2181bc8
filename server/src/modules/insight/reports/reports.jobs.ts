import type { JobDefinition } from "../../../jobs/job.ts";
import { INSIGHT_REPORTS_JOB } from "./reports.queries.ts";
import { runMonthlyReports } from "./reports.service.ts";

export const insightReportsJobs: JobDefinition[] = [
  {
    name: INSIGHT_REPORTS_JOB,
    description:
      "archives last month's report (PDF and numbers) of the next 10 communities and streets that have none yet (every 5 minutes: on the 1st the month's reports are made, later runs find none missing; idempotent)",
    schedule: "*/5 * * * *",
    timezone: "Asia/Shanghai",
    expireInSeconds: 3600,
    run: ({ db }) => runMonthlyReports(db),
  },
];
