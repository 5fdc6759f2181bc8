import type { JobDefinition } from "../../../jobs/job.ts";
import { extendRosters, remindShifts } from "./rosters.service.ts";

export const rostersJobs: JobDefinition[] = [
  {
    name: "rosters-remind",
    description:
      "duty reminders of the day before: from 09:00 Asia/Shanghai each shift of tomorrow is claimed once (UPDATE … RETURNING) and its people notified in the same transaction; every 10 minutes",
    schedule: "*/10 * * * *",
    expireInSeconds: 600,
    run: async ({ db }) => remindShifts(db),
  },
  {
    name: "rosters-extend",
    description: "keeps every active duty roster's shifts materialised its weeks ahead; 03:10 Asia/Shanghai",
    schedule: "10 3 * * *",
    expireInSeconds: 1800,
    run: async ({ db }) => extendRosters(db),
  },
];
