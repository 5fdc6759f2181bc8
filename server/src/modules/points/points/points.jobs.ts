import type { JobDefinition } from "../../../jobs/job.ts";
import { runYearEnd } from "./points.service.ts";

export const pointsJobs: JobDefinition[] = [
  {
    name: "points-year-end",
    description:
      "the points standards' year-end rule for the year just ended: where points expire, one ledger transaction per community takes every resident's balance back (its key names the year, so a second run books nothing); 00:05 on 1 January, Asia/Shanghai",
    schedule: "5 0 1 1 *",
    expireInSeconds: 3600,
    run: async ({ db }) => runYearEnd(db, new Date(Date.now() + 8 * 3600_000).getUTCFullYear() - 1),
  },
];
