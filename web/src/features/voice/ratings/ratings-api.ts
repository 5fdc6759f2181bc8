// Ratings of spaces and services (server/src/modules/ratings/ratings.schema.ts is the source of
// truth): the public list with figures and my rating, rating, and the staff console's calls.

import type {
  ZCreateSubject,
  ZRate,
  ZRated,
  ZStaffRatings,
  ZStaffRatingsQuery,
  ZSubject,
  ZSubjectKind,
  ZSubjects,
  ZToRequestResult,
  ZUpdateSubject,
} from "@contract/voice/ratings/ratings.schema";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../../shared/api/client";
import { allValues, type Body, type Query, type Reply } from "../../../shared/api/contract";
import type { Rating } from "../../../shared/ui/rating";

export type SubjectKind = Reply<typeof ZSubjectKind>;
export const SUBJECT_KINDS = allValues<SubjectKind>()(["space", "service"]);

export type Subjects = Reply<typeof ZSubjects>;
export type Subject = Reply<typeof ZSubject>;
export type Figures = Subject["figures"];
export type StaffRatings = Reply<typeof ZStaffRatings>;
export type StaffRating = StaffRatings["ratings"][number];

export const subjectsKey = (communityId: number | null) => ["rating-subjects", communityId] as const;

export function useSubjects(communityId: number | null) {
  return useQuery({
    queryKey: subjectsKey(communityId),
    queryFn: () => api.get<Subjects>(`/communities/${communityId}/rating-subjects`),
    enabled: communityId != null,
    staleTime: 0,
  });
}

export const rateSubject = (communityId: number, subjectId: number, rating: Rating, comment?: string) =>
  api.put<Reply<typeof ZRated>>(`/communities/${communityId}/rating-subjects/${subjectId}/my-rating`, {
    rating,
    ...(comment ? { comment } : {}),
  } satisfies Body<typeof ZRate>);

export function useStaffRatings(
  communityId: number,
  f: Query<typeof ZStaffRatingsQuery> & { offset: number; limit: number },
) {
  return useQuery({
    queryKey: ["ratings", communityId, f],
    queryFn: () =>
      api.get<StaffRatings>(`/communities/${communityId}/ratings`, {
        subjectId: f.subjectId,
        rating: f.rating,
        offset: f.offset,
        limit: f.limit,
      }),
  });
}

/** The fields of a space or service staff may change (PATCH); a new one also names its kind. */
export type SubjectInput = Body<typeof ZUpdateSubject>;

export const createSubject = (communityId: number, v: Body<typeof ZCreateSubject>) =>
  api.post<Subject>(`/communities/${communityId}/rating-subjects`, v);
export const updateSubject = (communityId: number, id: number, v: SubjectInput) =>
  api.patch<Subject>(`/communities/${communityId}/rating-subjects/${id}`, v);
export const ratingToRequest = (communityId: number, ratingId: number) =>
  api.post<Reply<typeof ZToRequestResult>>(`/communities/${communityId}/ratings/${ratingId}/request`, {});
