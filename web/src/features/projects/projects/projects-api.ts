// Co-building projects (server/src/modules/projects/projects/projects.schema.ts is the source of truth):
// my projects, one project with its crowdfunding, tasks, account and ratings, pledges and claims, and
// the console's board, creation, status moves, the treasurer's bookings and the organiser's records.
import type {
  ZAccount,
  ZBooking,
  ZBookingResult,
  ZClaimResult,
  ZCreateProject,
  ZMyProjects,
  ZPledge,
  ZPledgeResult,
  ZProjectDetail,
  ZProjectList,
  ZProjectRefs,
  ZProjectStatus,
  ZProjectsQuery,
  ZPublishResult,
  ZTargetKind,
  ZUpdateProject,
  ZUpdateResult,
} from "@contract/projects/projects/projects.schema";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../../shared/api/client";
import { allValues, type Body, type Query, type Reply } from "../../../shared/api/contract";
import type { Rating } from "../../../shared/ui/rating";

export type ProjectStatus = Reply<typeof ZProjectStatus>;
export const STATUSES = allValues<ProjectStatus>()([
  "preparing",
  "crowdfunding",
  "building",
  "finished",
  "evaluated",
]);
export type TargetKind = Reply<typeof ZTargetKind>;
export const TARGET_KINDS = allValues<TargetKind>()(["labour", "money", "goods", "ideas"]);
export type ProjectDetail = Reply<typeof ZProjectDetail>;
export type ProjectList = Reply<typeof ZProjectList>;
export type ProjectItem = ProjectList["items"][number];
export type Account = Reply<typeof ZAccount>;
export type ProjectFilters = Query<typeof ZProjectsQuery>;
export type NewProject = Body<typeof ZCreateProject>;

export const projectKey = (communityId: number, projectId: number) =>
  ["project", communityId, projectId] as const;
const P = (communityId: number, projectId: number) => `/communities/${communityId}/projects/${projectId}`;
export const photoUrl = (communityId: number, projectId: number, photoId: number) =>
  `/api${P(communityId, projectId)}/photos/${photoId}`;

/** Yuan as the resident reads it: 1234.5 → "1,234.50". */
export const yuan = (fen: number) =>
  (fen / 100).toLocaleString("zh-CN", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
/** What a person typed in yuan → whole fen, or null when it is not a positive amount with at most 2 decimals. */
export function fenOf(text: string): number | null {
  const s = text.trim();
  if (!/^\d{1,11}(\.\d{1,2})?$/.test(s)) return null;
  const [whole, frac = ""] = s.split(".");
  const fen = Number(whole) * 100 + Number(frac.padEnd(2, "0"));
  return fen > 0 ? fen : null;
}

export function useMyProjects(enabled: boolean) {
  return useQuery({
    queryKey: ["my-projects"],
    queryFn: () => api.get<Reply<typeof ZMyProjects>>("/me/projects"),
    enabled,
    staleTime: 0,
  });
}

export function useProject(communityId: number, projectId: number) {
  return useQuery({
    queryKey: projectKey(communityId, projectId),
    queryFn: () => api.get<ProjectDetail>(P(communityId, projectId)),
    staleTime: 0,
  });
}

export function useAccount(communityId: number, projectId: number, enabled: boolean, before?: number) {
  return useQuery({
    queryKey: ["project-account", communityId, projectId, before ?? null],
    queryFn: () =>
      api.get<Account>(`${P(communityId, projectId)}/account`, { limit: 20, ...(before ? { before } : {}) }),
    enabled,
    staleTime: 0,
  });
}

export function useProjectsFrom(communityId: number, kind: "topic" | "request" | "idea", id: number) {
  return useQuery({
    queryKey: ["projects-from", communityId, kind, id],
    queryFn: () =>
      api.get<Reply<typeof ZProjectRefs>>(`/communities/${communityId}/projects/by-origin`, { kind, id }),
    staleTime: 0,
  });
}

export const pledge = (communityId: number, projectId: number, body: Body<typeof ZPledge>) =>
  api.post<Reply<typeof ZPledgeResult>>(`${P(communityId, projectId)}/pledges`, body);
export const claimTask = (communityId: number, projectId: number, taskId: number, promiseDate: string) =>
  api.post<Reply<typeof ZClaimResult>>(`${P(communityId, projectId)}/tasks/${taskId}/claim`, { promiseDate });
export const rateProject = (communityId: number, projectId: number, rating: Rating, comment?: string) =>
  api.put<ProjectDetail>(`${P(communityId, projectId)}/rating`, { rating, ...(comment ? { comment } : {}) });

// ---- staff ----

export const projectsQuery = (f: ProjectFilters) => ({ q: f.q, status: f.status, tier: f.tier });

export function useStaffProjects(communityId: number, f: ProjectFilters & { limit: number; offset: number }) {
  return useQuery({
    queryKey: ["staff-projects", communityId, f],
    queryFn: () =>
      api.get<ProjectList>(`/communities/${communityId}/projects`, {
        ...projectsQuery(f),
        limit: f.limit,
        offset: f.offset,
      }),
    staleTime: 0,
  });
}

export const createProject = (communityId: number, body: NewProject) =>
  api.post<ProjectDetail>(`/communities/${communityId}/projects`, body);
export const updateProject = (communityId: number, projectId: number, body: Body<typeof ZUpdateProject>) =>
  api.patch<ProjectDetail>(P(communityId, projectId), body);
export const moveStatus = (
  communityId: number,
  projectId: number,
  to: Exclude<ProjectStatus, "preparing">,
  text = "",
) => api.post<ProjectDetail>(`${P(communityId, projectId)}/status`, { to, text });
export const createTask = (communityId: number, projectId: number, title: string) =>
  api.post<ProjectDetail>(`${P(communityId, projectId)}/tasks`, { title });
export const fulfilPledge = (communityId: number, projectId: number, pledgeId: number, quantity: number) =>
  api.post<Reply<typeof ZPledgeResult>>(`${P(communityId, projectId)}/pledges/${pledgeId}/fulfil`, {
    quantity,
  });
export const publishAccount = (communityId: number, projectId: number) =>
  api.post<Reply<typeof ZPublishResult>>(`${P(communityId, projectId)}/account/publish`);

function withPhotos(data: unknown, photos: File[]): unknown {
  if (photos.length === 0) return data;
  const form = new FormData();
  form.append("data", JSON.stringify(data));
  for (const p of photos) form.append("photos", p, p.name);
  return form;
}
export const book = (communityId: number, projectId: number, body: Body<typeof ZBooking>, voucher: File[]) =>
  api.post<Reply<typeof ZBookingResult>>(`${P(communityId, projectId)}/bookings`, withPhotos(body, voucher));
/** 冲正: the treasurer reverses a mistaken booking (the key made when the dialog opens; a retry books once). */
export const reverseBooking = (
  communityId: number,
  projectId: number,
  bookingId: number,
  body: { reason: string; idempotencyKey: string },
) =>
  api.post<Reply<typeof ZBookingResult>>(`${P(communityId, projectId)}/bookings/${bookingId}/reverse`, body);
export const addUpdate = (
  communityId: number,
  projectId: number,
  body: { text: string; photoKind: "progress" | "before" | "after" | "design" },
  photos: File[],
) => api.post<Reply<typeof ZUpdateResult>>(`${P(communityId, projectId)}/updates`, withPhotos(body, photos));
