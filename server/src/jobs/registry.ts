// Every background job of the application. A module declares its jobs in `<module>.jobs.ts`
// (name, schedule, handler) and they are listed here; the queue (queue.ts) runs exactly these, on
// PGlite and on PostgreSQL alike.
import { eventsJobs } from "../events/events.jobs.ts";
import { meetingsJobs } from "../modules/deliberation/meetings/meetings.jobs.ts";
import { surveysJobs } from "../modules/deliberation/surveys/surveys.jobs.ts";
import { insightJobs } from "../modules/insight/figures/figures.jobs.ts";
import { insightReportsJobs } from "../modules/insight/reports/reports.jobs.ts";
import { lifecircleJobs } from "../modules/lifecircle/network/network.jobs.ts";
import { mallJobs } from "../modules/points/mall/mall.jobs.ts";
import { pointsJobs } from "../modules/points/points/points.jobs.ts";
import { careJobs } from "../modules/services/care/care.jobs.ts";
import { gardenJobs } from "../modules/services/garden/garden.jobs.ts";
import { deadlineJobs } from "../modules/voice/deadlines/deadlines.jobs.ts";
import { figuresJobs } from "../modules/voice/figures/figures.jobs.ts";
import { rostersJobs } from "../modules/volunteering/rosters/rosters.jobs.ts";
import type { JobDefinition } from "./job.ts";

export const JOBS: JobDefinition[] = [
  ...deadlineJobs,
  ...figuresJobs,
  ...eventsJobs,
  ...meetingsJobs,
  ...surveysJobs,
  ...lifecircleJobs,
  ...pointsJobs,
  ...careJobs,
  ...rostersJobs,
  ...mallJobs,
  ...insightJobs,
  ...insightReportsJobs,
  ...gardenJobs,
];
