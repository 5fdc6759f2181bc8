// Per-process caches that every server process drops together. A module that keeps something in
// memory (who a session is, a community's categories, the working calendar, the board's sums, the
// register's names for masking) registers a dropper under a name; whoever changes what it holds
// calls dropCache(db, name, key). The dropper runs here at once, and a NOTIFY on the caches' channel
// (sent at commit when `db` is a transaction, nothing on rollback) makes every process listening on
// the database, this one included, run it too — so a change made through one process is seen
// through another's cached reads as soon as PostgreSQL delivers the notification.
import type { Kysely } from "kysely";
import type { Database } from "../db/database.ts";
import type { DB } from "../db/schema.ts";
import { CACHES_CHANNEL, notifyCaches } from "./caches.queries.ts";

/** The caches there are; a key narrows the drop (e.g. a community id), none drops all. */
export type CacheName = "actors" | "categories" | "calendar" | "boards" | "public-names";
const NAMES: readonly CacheName[] = ["actors", "categories", "calendar", "boards", "public-names"];

type Dropper = (key: string | null) => void;
const droppers = new Map<CacheName, Set<Dropper>>();

/** Registers what drops a cache of this process; returns a function that unregisters it. */
export function onCacheDropped(name: CacheName, dropper: Dropper): () => void {
  let set = droppers.get(name);
  if (!set) {
    set = new Set();
    droppers.set(name, set);
  }
  set.add(dropper);
  return () => set.delete(dropper);
}

function dropHere(name: CacheName, key: string | null): void {
  for (const d of droppers.get(name) ?? []) d(key);
}

/** Drops a cache in this process now and in every process on the database at commit. */
export async function dropCache(db: Kysely<DB>, name: CacheName, key?: string | number): Promise<void> {
  const k = key == null ? null : String(key);
  dropHere(name, k);
  await notifyCaches(db, k == null ? name : `${name}:${k}`);
}

/** "name" or "name:key" → the drop it asks for; anything else is ignored (null). */
export function parseCacheDrop(payload: string): { name: CacheName; key: string | null } | null {
  const i = payload.indexOf(":");
  const name = (i < 0 ? payload : payload.slice(0, i)) as CacheName;
  if (!NAMES.includes(name)) return null;
  return { name, key: i < 0 ? null : payload.slice(i + 1) };
}

/** Hears the drops announced by every process on the database; returns a stop. */
export function listenForCacheDrops(database: Pick<Database, "listen">): Promise<() => Promise<void>> {
  return database.listen(CACHES_CHANNEL, (payload) => {
    const drop = parseCacheDrop(payload);
    if (drop) dropHere(drop.name, drop.key);
  });
}
