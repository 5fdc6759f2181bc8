// Courses and activities (server/src/modules/services/courses/courses.schema.ts is the source of truth):
// the community's courses with my enrolment, enrol and cancel, my courses; the staff roster, attendance,
// allocation after a window, the counts per course and term and their Excel.
import type {
  ZAllocateResult,
  ZAttendanceResult,
  ZCancelResult,
  ZCourseList,
  ZCreateCourse,
  ZCreated,
  ZEnrolResult,
  ZMyCourses,
  ZRoster,
  ZStats,
} from "@contract/services/courses/courses.schema";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../../shared/api/client";
import type { Body, Reply } from "../../../shared/api/contract";

export type Course = Reply<typeof ZCourseList>["items"][number];
export type Roster = Reply<typeof ZRoster>;
export type StatsRow = Reply<typeof ZStats>["items"][number];

const C = (communityId: number) => `/communities/${communityId}/courses`;
export const coursesKey = (communityId: number) => ["courses", communityId] as const;

export function useCourses(communityId: number | null, q: { q?: string; weekday?: number } = {}) {
  return useQuery({
    queryKey: [...coursesKey(communityId ?? 0), "list", q],
    queryFn: () => api.get<Reply<typeof ZCourseList>>(C(communityId!), { ...q, limit: 200 }),
    enabled: !!communityId,
  });
}
export function useMyCourses() {
  return useQuery({
    queryKey: ["courses", "me"],
    queryFn: () => api.get<Reply<typeof ZMyCourses>>("/me/courses"),
  });
}
export const enrol = (communityId: number, courseId: number) =>
  api.post<Reply<typeof ZEnrolResult>>(`${C(communityId)}/${courseId}/enrol`);
export const cancelEnrolment = (communityId: number, enrolmentId: number) =>
  api.post<Reply<typeof ZCancelResult>>(`${C(communityId)}/enrolments/${enrolmentId}/cancel`);
export const createCourse = (communityId: number, body: Body<typeof ZCreateCourse>) =>
  api.post<Reply<typeof ZCreated>>(C(communityId), body);
export const allocate = (communityId: number, courseId: number) =>
  api.post<Reply<typeof ZAllocateResult>>(`${C(communityId)}/${courseId}/allocate`);
export const markAttendance = (communityId: number, courseId: number, sessionId: number, present: number[]) =>
  api.put<Reply<typeof ZAttendanceResult>>(`${C(communityId)}/${courseId}/sessions/${sessionId}/attendance`, {
    present,
  });
export function useRoster(communityId: number, courseId: number | null) {
  return useQuery({
    queryKey: [...coursesKey(communityId), "roster", courseId],
    queryFn: () => api.get<Roster>(`${C(communityId)}/${courseId}/roster`),
    enabled: courseId != null,
  });
}
export function useStats(communityId: number, q: { from?: string; to?: string; q?: string }) {
  return useQuery({
    queryKey: [...coursesKey(communityId), "stats", q],
    queryFn: () => api.get<Reply<typeof ZStats>>(`${C(communityId)}/stats`, q),
  });
}
export const statsExportPath = (communityId: number) => `${C(communityId)}/stats/export.xlsx`;

/** Beijing wall-clock "MM-DD HH:mm" of an instant. */
export const when = (iso: string) =>
  new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(5, 16).replace("T", " ");
