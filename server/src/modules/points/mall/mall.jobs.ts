import type { JobDefinition } from "../../../jobs/job.ts";
import { expireExchanges } from "./mall.service.ts";

export const mallJobs: JobDefinition[] = [
  {
    name: "mall-expire",
    description:
      "points mall exchanges not collected in time: each claimed once (open → expired), its points refunded by a reversing ledger transaction and its stock returned in the same transaction; every 10 minutes",
    schedule: "*/10 * * * *",
    expireInSeconds: 600,
    run: async ({ db }) => expireExchanges(db),
  },
];
