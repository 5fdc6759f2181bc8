// Owners' votes (业主共同决定, server/src/modules/deliberation/votes/votes.schema.ts is the source of
// truth): the owner's ballot form and casting (or changing) their ballot.
import type { ZBallotForm, ZBallotReceipt, ZMyBallotBody } from "@contract/deliberation/votes/votes.schema";
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
