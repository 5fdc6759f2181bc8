// Asking for a job to run soon, from anywhere in the application, without importing the queue (the
// queue imports every module's jobs, so modules importing it back would form a cycle). When this
// process runs the job queue (queue.ts registers itself here), a nudge sends the job a few seconds
// later — at most one send per job per delay, however many nudges arrive — and the queue's
// "stately" policy keeps at most one waiting. Without a queue (tests, LINLI_JOBS=off) it does
// nothing and the job's schedule still applies.
const DELAY_MS = 3_000;

let sender: ((name: string) => Promise<void>) | null = null;
const pending = new Map<string, NodeJS.Timeout>();

export function setJobSender(send: ((name: string) => Promise<void>) | null): void {
  sender = send;
  if (!send) {
    for (const t of pending.values()) clearTimeout(t);
    pending.clear();
  }
}

/** Runs the job named `name` within a few seconds (after the caller's transaction has committed). */
export function nudgeJob(name: string): void {
  if (!sender || pending.has(name)) return;
  const timer = setTimeout(() => {
    pending.delete(name);
    sender?.(name).catch(() => {
      // the queue logs its own errors; the schedule runs the job anyway
    });
  }, DELAY_MS);
  timer.unref();
  pending.set(name, timer);
}

/** Whether this process runs the job queue (so work it would queue may as well run here). */
export function jobsRunHere(): boolean {
  return sender !== null;
}
