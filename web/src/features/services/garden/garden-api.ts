// Garden plots and trees (server/src/modules/services/garden/garden.schema.ts is the source of truth):
// plots with my household's application and lease, apply, renew; my garden; trees, adopt, care records
// (with an optional photo), ending an adoption; the staff's applications (batch approve, reject one or a
// batch with a reason), leases and their Excel.
import type {
  ZAdoptResult,
  ZAllocateResult,
  ZApplicationList,
  ZApplyResult,
  ZApproveResult,
  ZCareCreated,
  ZCareList,
  ZCreatePlot,
  ZCreateTree,
  ZEndAdoptionResult,
  ZLeaseList,
  ZMyGarden,
  ZPlotCreated,
  ZPlotList,
  ZRejectResult,
  ZRenewResult,
  ZTreeCreated,
  ZTreeList,
} from "@contract/services/garden/garden.schema";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../../shared/api/client";
import type { Body, Reply } from "../../../shared/api/contract";

export type Plot = Reply<typeof ZPlotList>["items"][number];
export type Application = Reply<typeof ZApplicationList>["items"][number];
export type Lease = Reply<typeof ZLeaseList>["items"][number];
export type Tree = Reply<typeof ZTreeList>["items"][number];
export type MyGarden = Reply<typeof ZMyGarden>;

const G = (communityId: number) => `/communities/${communityId}/garden`;
export const gardenKey = (communityId: number) => ["garden", communityId] as const;

export function usePlots(communityId: number | null, q: { q?: string; state?: string } = {}) {
  return useQuery({
    queryKey: [...gardenKey(communityId ?? 0), "plots", q],
    queryFn: () => api.get<Reply<typeof ZPlotList>>(`${G(communityId!)}/plots`, { ...q, limit: 500 }),
    enabled: !!communityId,
  });
}
export function useMyGarden() {
  return useQuery({ queryKey: ["garden", "me"], queryFn: () => api.get<MyGarden>("/me/garden") });
}
export const applyForPlot = (communityId: number, plotId: number) =>
  api.post<Reply<typeof ZApplyResult>>(`${G(communityId)}/plots/${plotId}/apply`);
export const renewLease = (communityId: number, leaseId: number) =>
  api.post<Reply<typeof ZRenewResult>>(`${G(communityId)}/leases/${leaseId}/renew`);
export const createPlot = (communityId: number, body: Body<typeof ZCreatePlot>) =>
  api.post<Reply<typeof ZPlotCreated>>(`${G(communityId)}/plots`, body);
export const allocatePlot = (communityId: number, plotId: number) =>
  api.post<Reply<typeof ZAllocateResult>>(`${G(communityId)}/plots/${plotId}/allocate`);

export function useApplications(communityId: number, q: { q?: string; status?: string }) {
  return useQuery({
    queryKey: [...gardenKey(communityId), "applications", q],
    queryFn: () =>
      api.get<Reply<typeof ZApplicationList>>(`${G(communityId)}/applications`, { ...q, limit: 500 }),
  });
}
export const approveApplications = (communityId: number, applications: number[]) =>
  api.post<Reply<typeof ZApproveResult>>(`${G(communityId)}/applications/approve`, { applications });

/** All of them or none (an application already decided refuses the batch). */
export const rejectApplications = (communityId: number, applications: number[], reason: string) =>
  api.post<Reply<typeof ZRejectResult>>(`${G(communityId)}/applications/reject`, { applications, reason });

export function useLeases(communityId: number, q: { q?: string; status?: string }) {
  return useQuery({
    queryKey: [...gardenKey(communityId), "leases", q],
    queryFn: () => api.get<Reply<typeof ZLeaseList>>(`${G(communityId)}/leases`, { ...q, limit: 500 }),
  });
}
export const leasesExportPath = (communityId: number) => `${G(communityId)}/leases/export.xlsx`;

export function useTrees(communityId: number | null) {
  return useQuery({
    queryKey: [...gardenKey(communityId ?? 0), "trees"],
    queryFn: () => api.get<Reply<typeof ZTreeList>>(`${G(communityId!)}/trees`),
    enabled: !!communityId,
  });
}
export const createTree = (communityId: number, body: Body<typeof ZCreateTree>) =>
  api.post<Reply<typeof ZTreeCreated>>(`${G(communityId)}/trees`, body);
export const adoptTree = (communityId: number, treeId: number) =>
  api.post<Reply<typeof ZAdoptResult>>(`${G(communityId)}/trees/${treeId}/adopt`);
export const endAdoption = (communityId: number, treeId: number) =>
  api.post<Reply<typeof ZEndAdoptionResult>>(`${G(communityId)}/trees/${treeId}/end-adoption`);
export function useCare(communityId: number, treeId: number | null) {
  return useQuery({
    queryKey: [...gardenKey(communityId), "care", treeId],
    queryFn: () => api.get<Reply<typeof ZCareList>>(`${G(communityId)}/trees/${treeId}/care`),
    enabled: treeId != null,
  });
}
/** JSON without a photo, else multipart: the JSON in `data` and the photo in `photos`. */
export function addCare(
  communityId: number,
  treeId: number,
  v: { doneOn: string; what: string },
  photo: File | null,
) {
  const url = `${G(communityId)}/trees/${treeId}/care`;
  if (!photo) return api.post<Reply<typeof ZCareCreated>>(url, v);
  const form = new FormData();
  form.append("data", JSON.stringify(v));
  form.append("photos", photo, photo.name);
  return api.post<Reply<typeof ZCareCreated>>(url, form);
}
export const carePhotoUrl = (communityId: number, treeId: number, careId: number) =>
  `/api${G(communityId)}/trees/${treeId}/care/${careId}/photo`;

/** "200.50" from fen. */
export const yuan = (fen: number) => (fen / 100).toFixed(2);
/** Today in China time. */
export const todayCn = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
