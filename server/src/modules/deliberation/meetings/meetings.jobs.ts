import type { JobDefinition } from "../../../jobs/job.ts";
import { remindMeetings } from "./meetings.service.ts";

export const meetingsJobs: JobDefinition[] = [
  {
    name: "meetings-remind",
    description:
      "a reminder to the invited of each meeting starting within a day (claimed once per meeting by reminded_at; every 10 minutes)",
    schedule: "*/10 * * * *",
    run: ({ db }) => remindMeetings(db),
  },
];
