// The contract of contests (D6 金点子大赛, E3 十大社区治理创新项目): bodies, queries and answers (also the
// OpenAPI document and the web app's types).
import { z } from "zod";

export const MAX_CRITERIA = 10;
export const MAX_JUDGES = 30;
export const MAX_ROUNDS = 10;
/** Every criterion is scored with an integer from 0 to the contest's scale (10 unless set). */
export const DEFAULT_SCORE_MAX = 10;

const id = () => z.coerce.number().int().positive().max(2_147_483_647);

export const ZContestParams = z.object({ contestId: id() });
export const ZEntryParams = ZContestParams.extend({ entryId: id() });
export const ZRoundParams = ZContestParams.extend({
  roundNo: z.coerce.number().int().min(1).max(MAX_ROUNDS),
});
export const ZRoundEntryParams = ZRoundParams.extend({ entryId: id() });
export const ZPhotoParams = ZEntryParams.extend({ photoId: id() });

export const ZContestKind = z
  .enum(["idea", "innovation"])
  .describe(
    "idea 金点子大赛 (residents submit ideas) or innovation 治理创新项目评选 (communities enter projects)",
  );
export const ZContestScope = z
  .enum(["community", "street", "district"])
  .describe(
    "the tier it is held at: a community (optionally an estate or building of it), a street, a district",
  );

export const ZCriterion = z.object({
  name: z.string().trim().min(1).max(40).describe("e.g. 可行性, 创新性, 受益面"),
  weight: z.number().int().min(1).max(100).describe("relative weight; the weighted score divides by the sum"),
});
export type TCriterion = z.output<typeof ZCriterion>;

const ZUserIds = z
  .array(id())
  .max(MAX_JUDGES)
  .refine((a) => new Set(a).size === a.length, { message: "每位评委只能列一次 (each judge once)" });

export const ZCreateContest = z
  .object({
    kind: ZContestKind.default("idea"),
    title: z.string().trim().min(1).max(80),
    theme: z.string().trim().max(2000).default("").describe("what the call asks for (征集主题)"),
    scope: ZContestScope.default("community"),
    communityId: id().optional().describe("scope community: the community"),
    estateId: id().nullable().optional().describe("scope community: only this estate's residents"),
    buildingId: id().nullable().optional().describe("scope community: only this building's residents"),
    streetId: id().optional().describe("scope street: the street"),
    districtId: id().optional().describe("scope district: the district"),
    submitFrom: z.coerce.date(),
    submitTo: z.coerce.date(),
    criteria: z.array(ZCriterion).min(1).max(MAX_CRITERIA),
    scoreMax: z
      .number()
      .int()
      .min(1)
      .max(100)
      .default(DEFAULT_SCORE_MAX)
      .describe("each criterion 0…scoreMax"),
    judgeUserIds: ZUserIds.default([]).describe("the first round's judges (accounts)"),
  })
  .meta({ id: "CreateContest" });
export type TCreateContest = z.output<typeof ZCreateContest>;

export const ZSetJudges = z.object({ userIds: ZUserIds });

export const ZContestsQuery = z.object({
  kind: ZContestKind.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

export const ZNewEntry = z.object({
  title: z.string().trim().min(1).max(80),
  summary: z.string().trim().max(2000).default(""),
  communityId: id().optional().describe("innovation: the entering community (the caller's); idea: ignored"),
  projectId: id().nullable().optional().describe("innovation: the project it stands for (项目)"),
});

export const ZScoreSheet = z.object({
  scores: z
    .array(z.number().int().min(0).max(100))
    .min(1)
    .max(MAX_CRITERIA)
    .describe("one integer per criterion, in the contest's order, each 0…scoreMax"),
});
export const ZNewScore = ZScoreSheet.extend({ entryId: id() });

export const ZAdvance = z.object({
  finalists: z.number().int().min(1).max(1000).describe("how many of the ranking go on (e.g. 15)"),
  judgeUserIds: ZUserIds.describe("the next round's judges (may differ)"),
});

export const ZPublishRanking = z.object({
  top: z.number().int().min(1).max(100).describe("how many places the notice names (e.g. 10)"),
});

export const ZJudgeChoicesQuery = z.object({ q: z.string().trim().max(40).optional() });

const ZRound = z.object({
  roundNo: z.number(),
  closedAt: z.date().nullable(),
  entries: z.number(),
  judges: z.array(z.object({ userId: z.number(), name: z.string(), scored: z.number() })),
});

export const ZContest = z
  .object({
    id: z.number(),
    kind: ZContestKind,
    title: z.string(),
    theme: z.string(),
    scope: ZContestScope,
    placeName: z.string(),
    districtId: z.number(),
    streetId: z.number().nullable(),
    communityId: z.number().nullable(),
    estateId: z.number().nullable(),
    buildingId: z.number().nullable(),
    submitFrom: z.date(),
    submitTo: z.date(),
    state: z
      .enum(["upcoming", "open", "judging", "closed", "published"])
      .describe("upcoming 未开始, open 征集中, judging 评审中, closed 评审结束, published 已公布"),
    criteria: z.array(ZCriterion),
    scoreMax: z.number(),
    currentRound: z.number(),
    rounds: z.array(ZRound).describe("judges named to organisers only (empty lists for others)"),
    entries: z.number(),
    publishedAt: z.date().nullable(),
    noticeIds: z.array(z.number()),
    me: z.object({
      canManage: z.boolean(),
      canSubmit: z.boolean(),
      canSupport: z.boolean(),
      judgeOf: z.array(z.number()).describe("the rounds the caller judges"),
    }),
  })
  .meta({ id: "Contest" });

export const ZContestListItem = z.object({
  id: z.number(),
  kind: ZContestKind,
  title: z.string(),
  scope: ZContestScope,
  placeName: z.string(),
  submitFrom: z.date(),
  submitTo: z.date(),
  state: ZContest.shape.state,
  currentRound: z.number(),
  entries: z.number(),
});
export const ZContestList = z.object({ items: z.array(ZContestListItem), total: z.number() });
export const ZMyContests = z.object({
  items: z.array(
    ZContestListItem.extend({ judging: z.boolean().describe("the caller judges the open round") }),
  ),
});

export const ZEntry = z
  .object({
    id: z.number(),
    contestId: z.number(),
    communityId: z.number(),
    communityName: z.string(),
    title: z.string(),
    summary: z.string(),
    submitter: z.string().nullable().describe("masked (张某); the community for innovation entries"),
    projectId: z.number().nullable(),
    photoIds: z.array(z.number()),
    supports: z.number(),
    supportedByMe: z.boolean(),
    mine: z.boolean(),
    reachedRound: z.number(),
    submittedAt: z.date(),
    adoptedAt: z.date().nullable(),
  })
  .meta({ id: "ContestEntry" });
export const ZEntryList = z.object({ items: z.array(ZEntry) });

export const ZEntryCreated = z.object({ id: z.number(), photoIds: z.array(z.number()) });
export const ZSupported = z.object({ entryId: z.number(), supports: z.number() });

export const ZJudgingSheet = z
  .object({
    contestId: z.number(),
    roundNo: z.number(),
    open: z.boolean(),
    criteria: z.array(ZCriterion),
    scoreMax: z.number(),
    scored: z.number(),
    total: z.number(),
    entries: z.array(
      z.object({
        id: z.number(),
        communityName: z.string(),
        title: z.string(),
        summary: z.string(),
        photoIds: z.array(z.number()),
        myScores: z
          .array(z.number())
          .nullable()
          .describe("the caller's own sheet only; never another judge's"),
      }),
    ),
  })
  .meta({ id: "ContestJudgingSheet" });

export const ZScoreSaved = z.object({
  entryId: z.number(),
  roundNo: z.number(),
  scores: z.array(z.number()),
});

export const ZRankingRow = z.object({
  rank: z.number(),
  entryId: z.number(),
  title: z.string(),
  communityId: z.number().describe("the entry's community (where its project is raised)"),
  communityName: z.string(),
  score: z.number().nullable().describe("weighted mean of the judges' sheets on 0…scoreMax, 2 decimals"),
  sheets: z.number().describe("judges who scored it"),
  supports: z.number(),
  submittedAt: z.date(),
  adoptedAt: z.date().nullable(),
  projectId: z.number().nullable(),
  advanced: z.boolean().describe("went on to the next round"),
  byJudge: z
    .array(z.object({ judge: z.string(), scores: z.array(z.number()), weighted: z.number() }))
    .describe("organisers and judges only; empty for residents"),
});
export const ZRanking = z
  .object({
    contestId: z.number(),
    roundNo: z.number(),
    closedAt: z.date(),
    tieBreak: z.string(),
    rows: z.array(ZRankingRow),
  })
  .meta({ id: "ContestRanking" });

export const ZRoundClosed = z.object({ roundNo: z.number(), closedAt: z.date(), missingSheets: z.number() });
export const ZAdvanced = z.object({ roundNo: z.number(), finalists: z.number() });
export const ZPublished = z.object({ noticeIds: z.array(z.number()) });
export const ZAdopted = z.object({
  entryId: z.number(),
  adoptedAt: z.date(),
  projectId: z
    .number()
    .nullable()
    .describe("null until a project is made from it (POST …/projects with origin contest_entry)"),
});
export const ZJudgeChoices = z.object({
  items: z.array(z.object({ userId: z.number(), name: z.string(), phone: z.string(), what: z.string() })),
});
