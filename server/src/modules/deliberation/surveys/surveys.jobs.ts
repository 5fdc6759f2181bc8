import type { JobDefinition } from "../../../jobs/job.ts";
import { openDueSurveys } from "./surveys.service.ts";

export const surveysJobs: JobDefinition[] = [
  {
    name: "surveys-open",
    description:
      "announces each published survey whose opening time has come (survey.opened, claimed once per survey by opened_at; every minute)",
    schedule: "* * * * *",
    run: ({ db }) => db.transaction().execute((trx) => openDueSurveys(trx)),
  },
];
