// How overdue lists are shown: each item with its stage and hours overdue, counts per grid and per
// community, largest first.
import type * as q from "./deadlines.queries.ts";

type Counts = Awaited<ReturnType<typeof q.countOverdue>>;
export type GridNames = Map<string, string>;
/** What the service loads for a community's overdue list (declared here so the presenter needs no service import). */
export interface CommunityOverdueData {
  counts: Counts;
  rows: q.OverdueRow[];
  names: GridNames;
}
/** What the service loads for a street's overdue list. */
export interface StreetOverdueData extends CommunityOverdueData {
  street: NonNullable<Awaited<ReturnType<typeof q.streetWithCommunities>>>;
}

export const gridKey = (communityId: number, gridId: number) => `${communityId}:${gridId}`;

function presentItem(r: q.OverdueRow, names: GridNames, now: number) {
  return {
    communityId: r.community_id,
    id: r.id,
    kind: r.kind as "problem" | "need" | "wish",
    title: r.title,
    status: r.status,
    stage: r.status === "submitted" ? ("sign" as const) : ("solve" as const),
    categoryId: r.category_id,
    gridId: r.grid_id,
    gridName: r.grid_id != null ? (names.get(gridKey(r.community_id, r.grid_id)) ?? null) : null,
    routeTo: r.route_to,
    dueAt: r.due_at,
    overdueHours: Math.max(0, Math.floor((now - r.due_at.getTime()) / 3_600_000)),
    escalatedAt: r.escalated_at,
    createdAt: r.created_at,
  };
}

function gridRows(counts: Counts, communityId: number, names: GridNames) {
  return counts
    .filter((c) => c.communityId === communityId)
    .map((c) => ({
      gridId: c.gridId === 0 ? null : c.gridId,
      gridName: c.gridId === 0 ? null : (names.get(gridKey(communityId, c.gridId)) ?? null),
      sign: c.sign,
      solve: c.solve,
      total: c.sign + c.solve,
    }))
    .sort((a, b) => b.total - a.total || (a.gridId ?? 0) - (b.gridId ?? 0));
}

const sumCounts = (rows: { sign: number; solve: number }[]) => {
  const sign = rows.reduce((s, r) => s + r.sign, 0);
  const solve = rows.reduce((s, r) => s + r.solve, 0);
  return { sign, solve, total: sign + solve };
};

/** A community's overdue list (超期清单). */
export function presentCommunityOverdue(
  communityId: number,
  { counts, rows, names }: CommunityOverdueData,
  now = Date.now(),
) {
  const grids = gridRows(counts, communityId, names);
  return {
    communityId,
    ...sumCounts(grids),
    grids,
    items: rows.map((r) => presentItem(r, names, now)),
  };
}

/** A street's overdue list (街道超期清单): per community, per grid. */
export function presentStreetOverdue({ street, counts, rows, names }: StreetOverdueData, now = Date.now()) {
  const communityName = new Map(street.communities.map((c) => [c.id, c.name]));
  const communities = street.communities
    .map((c) => {
      const grids = gridRows(counts, c.id, names);
      return { id: c.id, name: c.name, ...sumCounts(grids), grids };
    })
    .sort((a, b) => b.total - a.total || a.id - b.id);
  return {
    street: { id: street.id, name: street.name, ...sumCounts(communities) },
    communities,
    items: rows.map((r) => ({
      ...presentItem(r, names, now),
      communityName: communityName.get(r.community_id) ?? "",
    })),
  };
}
