// In-memory caches hear here that a community's data changed, so that they drop what they hold for
// it. Two sources call `communityChanged`: the outbox, when an event is emitted in this process
// (before commit — so a cache that kept rows read meanwhile drops them again at the second call),
// and the NOTIFY listener (app.ts), when any process's transaction with events committed. So a
// change through one server process is seen through the others' cached reads as soon as the
// announcement arrives (milliseconds), not after a cache's lifetime.
type ChangeListener = (communityId: number) => void;
const listeners = new Set<ChangeListener>();

export function onCommunityChanged(listener: ChangeListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function communityChanged(communityId: number): void {
  for (const l of listeners) l(communityId);
}
