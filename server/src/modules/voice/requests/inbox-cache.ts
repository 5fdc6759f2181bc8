// The grid worker's inbox rows, kept for a second. An inbox is read far more often than it changes
// (every open and refresh of the console, by every worker of the community), and its query joins
// seven tables; the rows are kept per database, community and reach for at most TTL_MS, and dropped
// at once when a request of that community changes (events/changes.ts: every change emits a domain
// event; this process hears it when emitted, every process when NOTIFY announces its commit). The countdowns (seconds left) are computed at every answer, never cached.
import { onCommunityChanged } from "../../../events/changes.ts";

const TTL_MS = 1_000;
const MAX_ENTRIES = 5_000;

interface Entry {
  rows: unknown;
  until: number;
  generation: number;
}

let cache = new WeakMap<object, Map<string, Entry>>();
let entries = 0;
/** Bumped by every change of a community's requests; rows read before a change are not kept. */
const generations = new Map<number, number>();

onCommunityChanged((communityId) => {
  generations.set(communityId, (generations.get(communityId) ?? 0) + 1);
});

/** The inbox rows for `key` in `communityId`, from the cache or from `load` (then kept TTL_MS). */
export async function cachedInboxRows<T>(
  db: object,
  communityId: number,
  key: string,
  load: () => Promise<T>,
): Promise<T> {
  const k = `${communityId}|${key}`;
  const generation = generations.get(communityId) ?? 0;
  const now = Date.now();
  const hit = cache.get(db)?.get(k);
  if (hit && hit.until > now && hit.generation === generation) return hit.rows as T;
  const rows = await load();
  // a change while the query ran: the rows may predate it, so they are answered but not kept
  if ((generations.get(communityId) ?? 0) !== generation) return rows;
  if (entries >= MAX_ENTRIES) {
    cache = new WeakMap();
    entries = 0;
  }
  let m = cache.get(db);
  if (!m) {
    m = new Map();
    cache.set(db, m);
  }
  if (!m.has(k)) entries++;
  m.set(k, { rows, until: now + TTL_MS, generation });
  return rows;
}
