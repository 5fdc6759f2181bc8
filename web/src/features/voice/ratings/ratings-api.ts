// Ratings of spaces and services (server/src/modules/ratings/ratings.schema.ts is the source of
// truth): the public list with figures and my rating, rating, and the staff console's calls.
import { useQuery } from "@tanstack/react-query";
import { api } from "../../../shared/api/client";
import type { Rating } from "../../../shared/ui/rating";

export type SubjectKind = "space" | "service";
export const SUBJECT_KINDS: SubjectKind[] = ["space", "service"];

export interface Figures {
  rated: number;
  good: number;
  average: number;
  poor: number;
  satisfactionPct: number | null;
}

export interface Subject {
  id: number;
  kind: SubjectKind;
  name: string;
  description: string;
  estateId: number | null;
  estateName: string | null;
  buildingId: number | null;
  buildingName: string | null;
  active: boolean;
  figures: Figures;
  latestComments: { rating: Rating; comment: string; day: string }[];
  mine: { rating: Rating; comment: string | null; ratedAt: string } | null;
}

export interface StaffRating {
  id: number;
  subjectId: number;
  subjectName: string;
  subjectKind: SubjectKind;
  rating: Rating;
  comment: string | null;
  firstRatedAt: string;
  ratedAt: string;
  raterName: string;
  requestId: number | null;
}

export const subjectsKey = (communityId: number | null) => ["rating-subjects", communityId] as const;

export function useSubjects(communityId: number | null) {
  return useQuery({
    queryKey: subjectsKey(communityId),
    queryFn: () =>
      api.get<{ canRate: boolean; items: Subject[] }>(`/communities/${communityId}/rating-subjects`),
    enabled: communityId != null,
    staleTime: 0,
  });
}

export const rateSubject = (communityId: number, subjectId: number, rating: Rating, comment?: string) =>
  api.put<{ rating: Rating; figures: Figures }>(
    `/communities/${communityId}/rating-subjects/${subjectId}/my-rating`,
    { rating, ...(comment ? { comment } : {}) },
  );

export function useStaffRatings(
  communityId: number,
  f: { subjectId?: number | undefined; rating?: Rating | undefined; offset: number; limit: number },
) {
  return useQuery({
    queryKey: ["ratings", communityId, f],
    queryFn: () =>
      api.get<{ subjects: Omit<Subject, "mine">[]; ratings: StaffRating[]; total: number }>(
        `/communities/${communityId}/ratings`,
        { subjectId: f.subjectId, rating: f.rating, offset: f.offset, limit: f.limit },
      ),
  });
}

export interface SubjectInput {
  kind?: SubjectKind;
  name?: string;
  description?: string;
  estateId?: number | null;
  buildingId?: number | null;
  active?: boolean;
}

export const createSubject = (communityId: number, v: SubjectInput) =>
  api.post<Subject>(`/communities/${communityId}/rating-subjects`, v);
export const updateSubject = (communityId: number, id: number, v: SubjectInput) =>
  api.patch<Subject>(`/communities/${communityId}/rating-subjects/${id}`, v);
export const ratingToRequest = (communityId: number, ratingId: number) =>
  api.post<{ ratingId: number; requestId: number }>(
    `/communities/${communityId}/ratings/${ratingId}/request`,
    {},
  );
