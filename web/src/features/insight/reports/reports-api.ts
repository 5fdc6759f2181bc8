// Insight's monthly reports (server/src/modules/insight/reports/reports.schema.ts is the source of truth).
import type { ZReportList, ZReportMeta, ZReportsQuery } from "@contract/insight/reports/reports.schema";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../shared/api/client";
import type { Query, Reply } from "../../../shared/api/contract";

export type ReportList = Reply<typeof ZReportList>;
export type ReportMeta = Reply<typeof ZReportMeta>;
export type ReportsQuery = Query<typeof ZReportsQuery>;

/** The places below a place, by name, for the place filter (read from the figures' rollups). */
interface PlaceChildren {
  place: { level: string; place: string; name: string };
  children: { place: { level: string; place: string; name: string } }[];
}

export function useReports(q: ReportsQuery | null) {
  return useQuery({
    queryKey: ["insight", "reports", q],
    queryFn: () => api.get<ReportList>("/insight/reports", q!),
    enabled: q != null,
    placeholderData: keepPreviousData,
  });
}

export function usePlaceChildren(place: string | null, month: string) {
  return useQuery({
    queryKey: ["insight", "reports", "places", place],
    queryFn: () =>
      api.get<PlaceChildren>("/insight/figures", {
        place: place!,
        period: "month",
        from: `${month}-01`,
        to: `${month}-01`,
      }),
    enabled: place != null,
    staleTime: 600_000,
  });
}

export function useGenerateReport() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { place: string; month: string }) => api.post<ReportMeta>("/insight/reports", body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["insight", "reports"] }),
  });
}
