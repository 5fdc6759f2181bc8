// Insight's figures (server/src/modules/insight/figures/figures.schema.ts is the source of truth).
import type { ZFigures, ZFiguresQuery } from "@contract/insight/figures/figures.schema";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api } from "../../../shared/api/client";
import type { Query, Reply } from "../../../shared/api/contract";

export type Figures = Reply<typeof ZFigures>;
export type FigureKey = keyof Figures["figures"];
export type FiguresQuery = Query<typeof ZFiguresQuery>;

export const FIGURE_KEYS: FigureKey[] = [
  "requests_received",
  "requests_solved",
  "requests_solved_on_time",
  "requests_rated",
  "requests_rated_good",
  "vol_services",
  "vol_minutes",
  "meeting_attendances",
  "meeting_residents",
  "topics_created",
  "votes_closed",
  "votes_passed",
  "points_issued",
  "points_deducted",
  "mall_exchanges",
  "mall_points",
  "mall_value_fen",
  "canteen_meals",
  "canteen_deliveries",
  "canteen_resident_fen",
  "canteen_community_fen",
  "canteen_discount_fen",
  "canteen_subsidy_fen",
  "care_visits",
  "care_alerts",
  "care_alerts_answered",
  "project_incomes",
  "project_raised_fen",
  "project_raised_community_fen",
  "project_raised_units_fen",
  "project_raised_government_fen",
  "project_raised_residents_fen",
  "project_raised_other_fen",
  "project_raised_unspecified_fen",
];

export type Participation = Figures["participation"];
export type Coverage = NonNullable<Figures["coverage"]>;

export function useFigures(q: FiguresQuery | null) {
  return useQuery({
    queryKey: ["insight", "figures", q],
    queryFn: () => api.get<Figures>("/insight/figures", q!),
    enabled: q != null,
    placeholderData: keepPreviousData,
  });
}
