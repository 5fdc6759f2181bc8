// The contract of owners' votes (D5, 业主共同决定): bodies, queries and answers of its routes.
import { z } from "zod";
import { ZCommunityParams } from "../../core/places/places.schema.ts";

export const MAX_QUESTIONS = 20;
export const MAX_SCOPE_IDS = 200;

export const ZVoteParams = ZCommunityParams.extend({ voteId: z.coerce.number().int().positive() });
export const ZBallotParams = ZVoteParams.extend({ ballotId: z.coerce.number().int().positive() });

export const ZChoice = z.enum(["Y", "N", "A"]).describe("Y 同意 (yes), N 反对 (no), A 弃权 (abstain)");
export const ZChoices = z
  .array(ZChoice)
  .min(1)
  .max(MAX_QUESTIONS)
  .describe("one choice per question, in the questions' order");

export const ZVoteState = z
  .enum(["draft", "upcoming", "open", "ended", "closed"])
  .describe(
    "draft 草稿 (electorate not frozen), upcoming 未开始, open 表决中, ended 已截止未计票 (period over, not closed), closed 已计票",
  );

const ZScopeIds = z.array(z.number().int().positive()).max(MAX_SCOPE_IDS);

export const ZCreateVote = z.object({
  title: z.string().trim().min(1).max(80),
  description: z.string().trim().max(2000).default(""),
  estateId: z.number().int().positive().describe("the estate (小区) whose owners decide"),
  buildingIds: ZScopeIds.default([]).describe("only these buildings of the estate (empty: the whole estate)"),
  unitIds: ZScopeIds.default([]).describe("only these units/stairwells of those buildings (empty: all)"),
  matter: z
    .number()
    .int()
    .min(1)
    .max(9)
    .describe("民法典第二百七十八条 item 1–9; items 6–8 need 3/4 (major), the others more than half"),
  questions: z
    .array(z.object({ text: z.string().trim().min(1).max(300) }))
    .min(1)
    .max(MAX_QUESTIONS),
  opensAt: z.coerce.date(),
  closesAt: z.coerce.date(),
  proxyLimit: z
    .number()
    .int()
    .min(0)
    .max(100)
    .default(1)
    .describe("how many owners one proxy (受托人) may vote for at most"),
  topicId: z.number().int().positive().nullable().optional().describe("the topic (议题) it belongs to"),
});
export type TCreateVote = z.output<typeof ZCreateVote>;

export const ZVotesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

const ZMeasure = z.object({
  areaCm2: z.string().describe("exclusive area in 0.01 m² (an integer as a string)"),
  heads: z.number().int().describe("owners as 解释第九条 counts them"),
});

const ZThreshold = z.object({
  rule: z.string().describe("the rule in words, e.g. ≥ 2/3"),
  areaNeededCm2: z.string(),
  headsNeeded: z.number().int(),
  areaMet: z.boolean(),
  headsMet: z.boolean(),
});

export const ZVoteResultQuestion = z.object({
  index: z.number().int(),
  text: z.string(),
  yes: ZMeasure,
  no: ZMeasure,
  abstain: ZMeasure,
  threshold: ZThreshold,
  passed: z.boolean(),
});

export const ZVoteFigures = z.object({
  electorate: ZMeasure,
  participating: ZMeasure,
  areaBasisPoints: z.number().int().describe("participating area share in 1/100 %"),
  headsBasisPoints: z.number().int(),
  quorum: ZThreshold,
  questions: z.array(ZVoteResultQuestion),
  pendingPaper: z.number().int().describe("paper/proxy ballots waiting for a second staff member"),
});

export const ZVote = z.object({
  id: z.number().int(),
  communityId: z.number().int(),
  title: z.string(),
  description: z.string(),
  estateId: z.number().int(),
  buildingIds: z.array(z.number().int()),
  unitIds: z.array(z.number().int()),
  matter: z.number().int(),
  matterName: z.string(),
  major: z.boolean(),
  questions: z.array(z.object({ text: z.string() })),
  opensAt: z.date(),
  closesAt: z.date(),
  proxyLimit: z.number().int(),
  topicId: z.number().int().nullable(),
  state: ZVoteState,
  openedAt: z.date().nullable(),
  closedAt: z.date().nullable(),
  electorateHash: z.string().nullable(),
  ballotsHash: z.string().nullable(),
  noticeId: z.number().int().nullable(),
  figures: ZVoteFigures.nullable().describe("null until the electorate is frozen"),
});

export const ZVoteList = z.object({
  total: z.number().int(),
  items: z.array(ZVote.omit({ figures: true, questions: true })),
});

export const ZProgress = z.object({
  figures: ZVoteFigures,
  notVoted: z
    .array(
      z.object({
        voterNo: z.number().int(),
        maskedNames: z.string(),
        rooms: z.string().describe("the parts they hold: building unit room"),
      }),
    )
    .describe("owners with no counted ballot, names masked (张某), for door visits; at most 500"),
  notVotedTotal: z.number().int(),
});

export const ZElectorate = z.object({
  voteId: z.number().int(),
  electorateHash: z.string().nullable(),
  totals: ZMeasure,
  items: z.array(
    z.object({
      voterNo: z.number().int(),
      maskedNames: z.string(),
      developer: z.boolean(),
      parts: z.number().int(),
      areaCm2: z.string(),
    }),
  ),
});

export const ZMyBallotBody = z.object({ choices: ZChoices });
export const ZBallotForm = z.object({
  id: z.number().int(),
  communityId: z.number().int(),
  title: z.string(),
  description: z.string(),
  matterName: z.string(),
  major: z.boolean(),
  questions: z.array(z.object({ text: z.string() })),
  closesAt: z.date(),
  state: ZVoteState,
  myAreaCm2: z.string(),
  myParts: z.number().int(),
  myBallot: z
    .object({
      choices: z.array(ZChoice),
      channel: z.enum(["online", "paper", "proxy"]),
      counted: z.boolean(),
      receipt: z.string(),
    })
    .nullable(),
  canVote: z.boolean(),
});
export const ZBallotReceipt = z.object({
  voteId: z.number().int(),
  ballotId: z.number().int(),
  channel: z.enum(["online", "paper", "proxy"]),
  counted: z.boolean(),
  receipt: z.string().describe("a code the owner keeps to find their ballot in the published hash list"),
  changed: z.boolean().describe("true when this replaced the owner's earlier ballot"),
});

export const ZPaperBallot = z.object({
  voterNo: z.number().int().positive().describe("the owner's number in the frozen electorate"),
  sheetNo: z.string().trim().min(1).max(40).describe("the paper sheet's number 表决票编号"),
  choices: ZChoices,
  proxy: z
    .object({
      fileId: z.string().trim().min(1).max(200).describe("the power of attorney 委托书 (a stored file's id)"),
      holderName: z.string().trim().min(1).max(40),
      holderIdTail: z
        .string()
        .trim()
        .regex(/^[0-9Xx]{4,6}$/)
        .describe("the last 4–6 characters of the proxy's ID number (told apart, never stored in clear)"),
    })
    .optional()
    .describe("a ballot cast by a proxy 受托人 under a 委托书"),
});
export type TPaperBallot = z.output<typeof ZPaperBallot>;

export const ZExport = z.object({
  format: z.literal("linli-vote-export/1"),
  vote: z.object({
    id: z.number().int(),
    communityId: z.number().int(),
    title: z.string(),
    matter: z.number().int(),
    questions: z.array(z.string()),
  }),
  parts: z.array(z.object({ part: z.string(), owner: z.string(), areaCm2: z.string() })),
  ballots: z.array(z.object({ owner: z.string(), channel: z.string(), choices: z.string() })),
  electorateHash: z.string(),
  ballotsHash: z.string(),
  figures: ZVoteFigures,
});

export const ZMyVotes = z.object({
  items: z
    .array(
      z.object({
        id: z.number().int(),
        communityId: z.number().int(),
        communityName: z.string(),
        title: z.string(),
        matterName: z.string(),
        major: z.boolean(),
        state: ZVoteState,
        opensAt: z.date(),
        closesAt: z.date(),
        canVote: z.boolean().describe("open now and the owner's ballot (if any) is an online one"),
        myBallot: z
          .object({
            channel: z.enum(["online", "paper", "proxy"]),
            counted: z.boolean().describe("false: a paper/proxy ballot waiting for a second staff member"),
            receipt: z.string(),
            castAt: z.date(),
          })
          .nullable()
          .describe("the caller's own ballot only (as the owner they vote as), never another owner's"),
        result: z
          .object({
            quorumMet: z.boolean(),
            questions: z.array(z.object({ text: z.string(), passed: z.boolean() })),
          })
          .nullable()
          .describe("the published result once the vote is closed"),
        noticeId: z.number().int().nullable().describe("the result notice (公示) once closed"),
      }),
    )
    .describe("open votes first, then those closed in the last 180 days; at most 100"),
});
