import type { JobDefinition } from "../../../jobs/job.ts";
import { recomputeDirty } from "./network.service.ts";

export const lifecircleJobs: JobDefinition[] = [
  {
    name: "lifecircle-recompute",
    description:
      "recomputes the walking-time readings of every community whose facilities or network changed and were not recomputed yet (lifecircle_network.computed_at null; every minute)",
    schedule: "* * * * *",
    expireInSeconds: 600,
    run: ({ db }) => recomputeDirty(db),
  },
];
