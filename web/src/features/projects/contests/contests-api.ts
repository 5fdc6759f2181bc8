// Contests (金点子大赛, 治理创新项目评选; server/src/modules/projects/contests/contests.schema.ts is the
// source of truth): residents' calls, entries and support, judges' sheets, and the organisers' console.
import type {
  ZAdvance,
  ZAdvanced,
  ZContest,
  ZContestList,
  ZCreateContest,
  ZEntryCreated,
  ZEntryList,
  ZJudgeChoices,
  ZJudgingSheet,
  ZMyContests,
  ZNewEntry,
  ZPublished,
  ZRanking,
  ZRoundClosed,
  ZScoreSaved,
  ZSupported,
} from "@contract/projects/contests/contests.schema";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../../shared/api/client";
import type { Body, Reply } from "../../../shared/api/contract";

export type Contest = Reply<typeof ZContest>;
export type ContestState = Contest["state"];
export type ContestListItem = Reply<typeof ZContestList>["items"][number];
export type Entry = Reply<typeof ZEntryList>["items"][number];
export type JudgingSheet = Reply<typeof ZJudgingSheet>;
export type Ranking = Reply<typeof ZRanking>;
export type RankingRow = Ranking["rows"][number];
export type NewContest = Body<typeof ZCreateContest>;
export type NewEntry = Body<typeof ZNewEntry>;
export type JudgeChoice = Reply<typeof ZJudgeChoices>["items"][number];

export const MAX_PHOTOS = 9;
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;

const base = (id: number) => `/contests/${id}`;
export const photoUrl = (contestId: number, entryId: number, photoId: number) =>
  `/api${base(contestId)}/entries/${entryId}/photos/${photoId}`;

export const useMyContests = () =>
  useQuery({
    queryKey: ["my-contests"],
    queryFn: () => api.get<Reply<typeof ZMyContests>>("/me/contests"),
    staleTime: 0,
  });

export const useContests = (f: { kind?: "idea" | "innovation"; limit: number; offset: number }) =>
  useQuery({ queryKey: ["contests", f], queryFn: () => api.get<Reply<typeof ZContestList>>("/contests", f) });

export const useContest = (id: number) =>
  useQuery({ queryKey: ["contest", id], queryFn: () => api.get<Contest>(base(id)), staleTime: 0 });

export const useEntries = (id: number) =>
  useQuery({
    queryKey: ["contest-entries", id],
    queryFn: () => api.get<Reply<typeof ZEntryList>>(`${base(id)}/entries`),
    staleTime: 0,
  });

export const useJudging = (id: number, roundNo: number) =>
  useQuery({
    queryKey: ["contest-judging", id, roundNo],
    queryFn: () => api.get<JudgingSheet>(`${base(id)}/rounds/${roundNo}/judging`),
    staleTime: 0,
  });

export const useRanking = (id: number, roundNo: number, enabled: boolean) =>
  useQuery({
    queryKey: ["contest-ranking", id, roundNo],
    queryFn: () => api.get<Ranking>(`${base(id)}/rounds/${roundNo}/ranking`),
    enabled,
    staleTime: 0,
  });

export const useJudgeChoices = (id: number, q: string) =>
  useQuery({
    queryKey: ["contest-judge-choices", id, q],
    queryFn: () => api.get<Reply<typeof ZJudgeChoices>>(`${base(id)}/judge-choices`, { q: q || undefined }),
  });

export const createContest = (v: NewContest) => api.post<Contest>("/contests", v);

/** JSON when there are no photos, else multipart: the JSON in `data` and the photos in `photos`. */
export function submitEntry(id: number, v: NewEntry, photos: File[]) {
  if (!photos.length) return api.post<Reply<typeof ZEntryCreated>>(`${base(id)}/entries`, v);
  const form = new FormData();
  form.append("data", JSON.stringify(v));
  for (const p of photos) form.append("photos", p, p.name);
  return api.post<Reply<typeof ZEntryCreated>>(`${base(id)}/entries`, form);
}

export const supportEntry = (id: number, entryId: number) =>
  api.post<Reply<typeof ZSupported>>(`${base(id)}/entries/${entryId}/support`);

export const scoreEntry = (
  id: number,
  roundNo: number,
  entryId: number,
  scores: number[],
  correction: boolean,
) =>
  correction
    ? api.put<Reply<typeof ZScoreSaved>>(`${base(id)}/rounds/${roundNo}/scores/${entryId}`, { scores })
    : api.post<Reply<typeof ZScoreSaved>>(`${base(id)}/rounds/${roundNo}/scores`, { entryId, scores });

export const setJudges = (id: number, roundNo: number, userIds: number[]) =>
  api.put<Contest>(`${base(id)}/rounds/${roundNo}/judges`, { userIds });
export const closeRound = (id: number, roundNo: number) =>
  api.post<Reply<typeof ZRoundClosed>>(`${base(id)}/rounds/${roundNo}/close`);
export const advanceRound = (id: number, roundNo: number, v: Body<typeof ZAdvance>) =>
  api.post<Reply<typeof ZAdvanced>>(`${base(id)}/rounds/${roundNo}/advance`, v);
export const publishRanking = (id: number, top: number) =>
  api.post<Reply<typeof ZPublished>>(`${base(id)}/publish`, { top });
export const exportPath = (id: number, roundNo: number) => `${base(id)}/rounds/${roundNo}/export`;
