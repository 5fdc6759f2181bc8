// The public board's data: the figures rollups (GET /api/board/figures) and, for a community, the
// spaces and services residents rate with their satisfaction (GET …/rating-subjects, ratings module;
// public, no person data). Fetched here because features do not import each other.
import { api } from "../../../shared/api/client";

/** A space or service of the community with its rating figures (the board reads no comments). */
export interface RatedSubject {
  id: number;
  kind: "space" | "service";
  name: string;
  active: boolean;
  figures: {
    rated: number;
    good: number;
    average: number;
    poor: number;
    /** good ÷ rated in percent, one decimal; null while nobody rated it */
    satisfactionPct: number | null;
  };
}

export const ratedSubjectsOf = async (communityId: number): Promise<RatedSubject[]> =>
  (await api.get<{ items: RatedSubject[] }>(`/communities/${communityId}/rating-subjects`)).items;
