// The public board's data: the figures rollups (GET /api/board/figures) and, for a community, the
// spaces and services residents rate with their satisfaction (GET …/rating-subjects, ratings module;
// public, no person data). Fetched here because features do not import each other.
import type { ZSubjects } from "@contract/voice/ratings/ratings.schema";
import { api } from "../../../shared/api/client";
import type { Reply } from "../../../shared/api/contract";

/** A space or service of the community with its rating figures (the board shows no comments). */
export type RatedSubject = Reply<typeof ZSubjects>["items"][number];

export const ratedSubjectsOf = async (communityId: number): Promise<RatedSubject[]> =>
  (await api.get<Reply<typeof ZSubjects>>(`/communities/${communityId}/rating-subjects`)).items;
