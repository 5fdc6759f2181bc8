// Owners' votes (业主共同决定, server/src/modules/deliberation/votes/votes.schema.ts is the source of
// truth): the owner's ballot form and casting (or changing) their ballot; the staff console's list,
// progress, paper ballots (enter, confirm) and closing.
import type {
  ZBallotForm,
  ZBallotReceipt,
  ZCreateVote,
  ZMyBallotBody,
  ZMyVotes,
  ZPaperBallot,
  ZProgress,
  ZVote,
  ZVoteList,
} from "@contract/deliberation/votes/votes.schema";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../../shared/api/client";
import type { Body, Reply } from "../../../shared/api/contract";

export type BallotForm = Reply<typeof ZBallotForm>;
export type BallotReceipt = Reply<typeof ZBallotReceipt>;
export type Choice = Body<typeof ZMyBallotBody>["choices"][number];
export const CHOICES: Choice[] = ["Y", "N", "A"];

const base = (communityId: number, voteId: number) => `/communities/${communityId}/votes/${voteId}`;

export const useBallotForm = (communityId: number, voteId: number) =>
  useQuery({
    queryKey: ["vote-ballot", communityId, voteId],
    queryFn: () => api.get<BallotForm>(`${base(communityId, voteId)}/ballot`),
    staleTime: 0,
  });

export const castBallot = (communityId: number, voteId: number, choices: Choice[]) =>
  api.put<BallotReceipt>(`${base(communityId, voteId)}/ballot`, { choices });

export type Vote = Reply<typeof ZVote>;
export type VoteList = Reply<typeof ZVoteList>;
export type Progress = Reply<typeof ZProgress>;
export type PaperBallot = Body<typeof ZPaperBallot>;

export const votesPath = (communityId: number) => `/communities/${communityId}/votes`;

export const useVotes = (communityId: number) =>
  useQuery({
    queryKey: ["votes", communityId],
    queryFn: () => api.get<VoteList>(`${votesPath(communityId)}?limit=200`),
  });

export const useVote = (communityId: number, voteId: number) =>
  useQuery({
    queryKey: ["vote", communityId, voteId],
    queryFn: () => api.get<Vote>(`${votesPath(communityId)}/${voteId}`),
  });

export const useProgress = (communityId: number, voteId: number, enabled: boolean) =>
  useQuery({
    queryKey: ["vote-progress", communityId, voteId],
    queryFn: () => api.get<Progress>(`${votesPath(communityId)}/${voteId}/progress`),
    enabled,
  });

export const enterPaperBallot = (communityId: number, voteId: number, body: PaperBallot) =>
  api.post<BallotReceipt>(`${votesPath(communityId)}/${voteId}/paper-ballots`, body);
export const confirmPaperBallot = (communityId: number, voteId: number, ballotId: number) =>
  api.post<BallotReceipt>(`${votesPath(communityId)}/${voteId}/paper-ballots/${ballotId}/confirm`, {});
export const openVote = (communityId: number, voteId: number) =>
  api.post<Vote>(`${votesPath(communityId)}/${voteId}/open`, {});
export const closeVote = (communityId: number, voteId: number) =>
  api.post<Vote>(`${votesPath(communityId)}/${voteId}/close`, {});
export type VoteInput = Body<typeof ZCreateVote>;
export const createVote = (communityId: number, body: VoteInput) =>
  api.post<Vote>(votesPath(communityId), body);

export type MyVotes = Reply<typeof ZMyVotes>;
export const useMyVotes = () =>
  useQuery({ queryKey: ["my-votes"], queryFn: () => api.get<MyVotes>("/me/votes"), staleTime: 0 });
