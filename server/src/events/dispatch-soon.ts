// Running the consumers as soon as events are announced, in the process that runs the job queue:
// one drain at a time, and announcements that arrive while it runs make it drain once more — so a
// burst of a thousand commits costs a few drains, not a thousand queue sends. The dispatch job
// (events.jobs.ts) stays the backstop every minute, and retries failed consumers after their wait;
// other processes pass by a consumer this one holds (its row is locked with SKIP LOCKED).
export interface DispatchSoon {
  /** Asks for a drain now (or right after the one running). */
  poke(): void;
  /** Stops asking and waits for the drain that runs (before the database closes). */
  stop(): Promise<void>;
}

/** `drain` runs every consumer over the new events (app.ts: drainEvents with the catalogue). */
export function dispatchSoon(drain: () => Promise<unknown>, onError: (err: unknown) => void): DispatchSoon {
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  const run = async () => {
    do {
      again = false;
      try {
        await drain();
      } catch (err) {
        // the consumer's own failures are recorded by the dispatcher; this is the database going
        // away or the like — the schedule runs the consumers again
        if (!stopped) onError(err);
        return;
      }
    } while (again && !stopped);
  };
  return {
    poke() {
      if (stopped) return;
      if (running) {
        again = true;
        return;
      }
      running = run().finally(() => {
        running = null;
      });
    },
    async stop() {
      stopped = true;
      await running;
    },
  };
}
