import { authorizeWithin, reachOf, requireActor } from "../../../access/authorize.ts";
import { coversCommunity, partialReach } from "../../../access/reach.ts";
import { AppError } from "../../../errors.ts";
import { type App, needs } from "../../../http/context.ts";
import { errorResponses } from "../../../http/errors.ts";
import * as q from "./deadlines.queries.ts";
import {
  ZCommunityOverdue,
  ZCommunityParams,
  ZOverdueQuery,
  ZStreetOverdue,
  ZStreetParams,
} from "./deadlines.schema.ts";

type Counts = Awaited<ReturnType<typeof q.countOverdue>>;
type GridNames = Map<string, string>;

const gridKey = (communityId: number, gridId: number) => `${communityId}:${gridId}`;

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

async function namesOf(app: App, communityIds: number[]): Promise<GridNames> {
  const rows = await q.gridNames(app.db, communityIds);
  return new Map(rows.map((g) => [gridKey(g.community_id, g.id), g.name]));
}

export function registerDeadlineRoutes(app: App): void {
  const tags = ["deadlines"];

  app.get(
    "/communities/:communityId/overdue",
    {
      config: { access: needs("requests.read") },
      schema: {
        tags,
        summary:
          "Overdue requests of a community (超期清单), with counts per grid, within the caller's places",
        params: ZCommunityParams,
        querystring: ZOverdueQuery,
        response: { 200: ZCommunityOverdue, ...errorResponses },
      },
    },
    async (req) => {
      const { communityId } = req.params;
      const reach = authorizeWithin(req.actor, "requests.read", communityId);
      const filter: q.OverdueFilter = { communityIds: [communityId] };
      if (!coversCommunity(reach, communityId)) {
        // the same places as the requests module's lists: grids, estates, buildings, units
        filter.places = partialReach(reach, communityId);
      }
      const [counts, rows, names] = await Promise.all([
        q.countOverdue(app.db, filter),
        q.listOverdue(app.db, filter, req.query.limit),
        namesOf(app, [communityId]),
      ]);
      const grids = gridRows(counts, communityId, names);
      const now = Date.now();
      return {
        communityId,
        ...sumCounts(grids),
        grids,
        items: rows.map((r) => presentItem(r, names, now)),
      };
    },
  );

  app.get(
    "/streets/:streetId/overdue",
    {
      config: { access: needs("requests.read") },
      schema: {
        tags,
        summary: "Overdue requests of a whole street (街道超期清单): counts per community and grid",
        description:
          "For street officials (and district officials, administrators): every community of the street.",
        params: ZStreetParams,
        querystring: ZOverdueQuery,
        response: { 200: ZStreetOverdue, ...errorResponses },
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      const reach = reachOf(actor, "requests.read");
      const street = await q.streetWithCommunities(app.db, req.params.streetId);
      if (!street) throw new AppError("NOT_FOUND");
      const ids = street.communities.map((c) => c.id);
      const coversStreet =
        reach.all ||
        (ids.length > 0 && ids.every((id) => coversCommunity(reach, id))) ||
        actor.grants.some(
          (g) => g.scopeType === "street" && g.scopeId === street.id && g.role === "street_official",
        );
      if (!coversStreet) throw new AppError("OUT_OF_SCOPE");
      const filter = { communityIds: ids };
      const [counts, rows, names] = await Promise.all([
        q.countOverdue(app.db, filter),
        q.listOverdue(app.db, filter, req.query.limit),
        namesOf(app, ids),
      ]);
      const communityName = new Map(street.communities.map((c) => [c.id, c.name]));
      const communities = street.communities
        .map((c) => {
          const grids = gridRows(counts, c.id, names);
          return { id: c.id, name: c.name, ...sumCounts(grids), grids };
        })
        .sort((a, b) => b.total - a.total || a.id - b.id);
      const now = Date.now();
      return {
        street: { id: street.id, name: street.name, ...sumCounts(communities) },
        communities,
        items: rows.map((r) => ({
          ...presentItem(r, names, now),
          communityName: communityName.get(r.community_id) ?? "",
        })),
      };
    },
  );
}
