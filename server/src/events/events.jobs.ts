// The dispatch job: runs every consumer of the catalogue over the events committed since its
// position. Every minute, as the backstop and to retry failed events after their wait; between
// ticks the process running the queue drains as soon as it hears events committed (dispatch-soon.ts).
import type { JobDefinition } from "../jobs/job.ts";
import { CONSUMERS } from "./catalogue.ts";
import { drainEvents } from "./dispatcher.ts";

export const EVENTS_DISPATCH_JOB = "events-dispatch";

export const eventsJobs: JobDefinition[] = [
  {
    name: EVENTS_DISPATCH_JOB,
    description: "runs every event consumer (events/catalogue.ts) over the new domain events",
    schedule: "* * * * *",
    run: ({ db }) => drainEvents(db, CONSUMERS),
  },
];
