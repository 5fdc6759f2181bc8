import type { JobDefinition } from "../../../jobs/job.ts";
import { sweepDeadlines } from "./deadlines.service.ts";

export const deadlineJobs: JobDefinition[] = [
  {
    name: "deadlines-sweep",
    description:
      "reminders before the time to sign/solve, escalation to the street after it, auto-close of unconfirmed items, reminders and overdue notices of claims' promise dates (every minute)",
    schedule: "* * * * *",
    run: ({ db }) => sweepDeadlines(db),
  },
];
