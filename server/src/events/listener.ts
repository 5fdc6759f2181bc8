// Hearing that events were committed, in every server process on the database: the outbox announces
// each transaction's events with NOTIFY (payload "<communityId> <type>,…"). Listeners drop their
// caches for those communities and wake the dispatcher; neither needs the event itself, so a lost
// announcement (a process starting up) costs only a cache's short lifetime or the dispatcher's schedule.
import type { Database } from "../db/database.ts";
import { EVENTS_CHANNEL } from "./events.queries.ts";

export interface Committed {
  communityId: number;
  type: string;
}

export function parseAnnouncement(payload: string): Committed[] {
  const out: Committed[] = [];
  for (const part of payload.split(",")) {
    const [id, type] = part.trim().split(" ");
    const communityId = Number(id);
    if (Number.isInteger(communityId) && communityId > 0 && type) out.push({ communityId, type });
  }
  return out;
}

/** Calls `onCommitted` with the events of each committed transaction, from any process. */
export function listenForEvents(
  database: Pick<Database, "listen">,
  onCommitted: (events: Committed[]) => void,
): Promise<() => Promise<void>> {
  return database.listen(EVENTS_CHANNEL, (payload) => {
    const events = parseAnnouncement(payload);
    if (events.length) onCommitted(events);
  });
}
