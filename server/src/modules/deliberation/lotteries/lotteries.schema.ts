import { z } from "zod";
import { ZCommunityParams } from "../../core/places/places.schema.ts";

export const MAX_PLACES = 10_000;

export const ZLotteryParams = ZCommunityParams.extend({ lotteryId: z.coerce.number().int().positive() });

export const ZLotteryKind = z
  .enum(["parking", "garden", "course", "other"])
  .describe("parking 车位, garden 菜地/花园地块, course 课程名额, other 其他");
export const ZLotteryAudience = z
  .enum(["residents", "owners"])
  .describe("who at the place may apply: verified residents (已认证居民) or owners (业主)");
export const ZLotteryPer = z
  .enum(["person", "household"])
  .describe("one application per person (每人一份) or per household (每户一份), held by a unique index");
export const ZLotteryState = z
  .enum(["upcoming", "open", "closed", "frozen", "drawn"])
  .describe(
    "upcoming 未开始, open 申请中, closed 已截止 (list not frozen), frozen 名单已冻结公布, drawn 已摇号",
  );
export const ZOutcome = z
  .enum(["won", "waiting", "declined"])
  .describe("won 中签, waiting 候补, declined 中签后放弃");

const ZHex64 = z
  .string()
  .regex(/^[0-9a-f]{64}$/)
  .describe("64 lower-case hex digits (SHA-256)");

export const ZCreateLottery = z.object({
  title: z.string().trim().min(1).max(80),
  description: z.string().trim().max(2000).default(""),
  kind: ZLotteryKind.default("other"),
  estateId: z.number().int().positive().nullable().optional().describe("the estate (null: whole community)"),
  buildingId: z.number().int().positive().nullable().optional().describe("the building"),
  places: z.number().int().min(1).max(MAX_PLACES).describe("how many places are drawn"),
  items: z
    .array(z.string().trim().min(1).max(40))
    .max(MAX_PLACES)
    .default([])
    .describe("named items (space numbers …): none, or exactly one per place, given to winners in order"),
  audience: ZLotteryAudience.default("residents"),
  per: ZLotteryPer.default("household"),
  opensAt: z.coerce.date(),
  closesAt: z.coerce.date(),
  commitment: ZHex64.optional().describe(
    "SHA-256 of the organiser's own secret; left out, the server makes a secret and shows it once, to the organiser only",
  ),
  topicId: z.number().int().positive().nullable().optional().describe("the topic (议题) it belongs to"),
});
export type TCreateLottery = z.output<typeof ZCreateLottery>;

export const ZLotteriesQuery = z.object({
  q: z.string().trim().max(80).optional().describe("words in the title"),
  state: ZLotteryState.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type TLotteriesQuery = z.output<typeof ZLotteriesQuery>;

export const ZLottery = z
  .object({
    id: z.number(),
    communityId: z.number(),
    title: z.string(),
    description: z.string(),
    kind: ZLotteryKind,
    estateId: z.number().nullable(),
    buildingId: z.number().nullable(),
    placeName: z.string(),
    places: z.number(),
    items: z.array(z.string()),
    audience: ZLotteryAudience,
    per: ZLotteryPer,
    opensAt: z.date(),
    closesAt: z.date(),
    state: ZLotteryState,
    commitment: z.string().describe("SHA-256 of the secret, published when applications open"),
    applications: z.number().describe("applications so far (after the freeze: the frozen list)"),
    frozenAt: z.date().nullable(),
    listHash: z.string().nullable().describe("SHA-256 of the canonical applicant list, from the freeze"),
    drawnAt: z.date().nullable(),
    secret: z.string().nullable().describe("revealed at the draw; null before"),
    publicInput: z.string().nullable(),
    noticeId: z.number().nullable().describe("the 公示 of the result"),
    topicId: z.number().nullable(),
    createdAt: z.date(),
  })
  .meta({ id: "Lottery" });

export const ZLotteryList = z.object({ items: z.array(ZLottery), total: z.number() });

export const ZCreatedLottery = z.object({
  lottery: ZLottery,
  secret: z
    .string()
    .nullable()
    .describe(
      "the secret the server made (when no commitment was sent): shown this once, never stored; the organiser keeps it for the draw",
    ),
});

export const ZApplicationsQuery = z.object({
  q: z.string().trim().max(40).optional().describe("name, building or room"),
  outcome: z.enum(["applied", "won", "waiting", "declined"]).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type TApplicationsQuery = z.output<typeof ZApplicationsQuery>;

export const ZApplication = z.object({
  id: z.number(),
  ticket: z.number().nullable(),
  label: z.string().nullable(),
  name: z.string(),
  phone: z.string().nullable().describe("masked"),
  address: z.string(),
  appliedAt: z.date(),
  drawPosition: z.number().nullable(),
  outcome: ZOutcome.nullable(),
  item: z.string().nullable(),
  declinedAt: z.date().nullable(),
  declineReason: z.string().nullable(),
});
export const ZApplications = z.object({ items: z.array(ZApplication), total: z.number() });

export const ZDraw = z.object({
  secret: z.string().min(1).max(200).describe("the secret whose SHA-256 is the commitment"),
  publicInput: z
    .string()
    .trim()
    .max(200)
    .default("")
    .describe("entered at the draw, e.g. the dice a witness rolled (mixed into the seed)"),
});
export const ZDecline = z.object({
  applicationId: z.number().int().positive().describe("the winning application that declines"),
  reason: z.string().trim().max(200).default(""),
});
export const ZDeclined = z.object({
  declinedTicket: z.number(),
  passedTo: z.object({ ticket: z.number(), item: z.string().nullable() }).nullable(),
});

const ZTicket = z.number().int().positive();
export const ZLotteryExport = z
  .object({
    format: z.literal("linli-lottery/1"),
    lottery: z.object({
      id: z.number(),
      communityId: z.number(),
      title: z.string(),
      places: z.number(),
      items: z.array(z.string()),
    }),
    commitment: z.string(),
    applicants: z.array(z.object({ ticket: ZTicket, label: z.string() })),
    applicantListHash: z.string(),
    secret: z.string().nullable(),
    publicInput: z.string().nullable(),
    result: z
      .object({
        order: z.array(ZTicket),
        winners: z.array(z.object({ ticket: ZTicket, item: z.string().nullable() })),
        waitingList: z.array(ZTicket),
      })
      .nullable(),
    declines: z.array(z.object({ ticket: ZTicket, passedTo: ZTicket.nullable(), at: z.string() })),
  })
  .meta({ id: "LotteryExport" })
  .describe(
    "the published export: `npm run verify:lottery -- export.json` redoes the draw from it (docs/lotteries.md)",
  );

export const ZLotteryBoard = z.object({
  lottery: ZLottery.omit({ secret: true }).extend({
    communityName: z.string(),
    secret: z.string().nullable(),
  }),
  export: ZLotteryExport.nullable().describe("from the freeze on (the list); with the result after the draw"),
  mine: z
    .object({
      ticket: z.number().nullable(),
      outcome: ZOutcome.nullable(),
      item: z.string().nullable(),
      waitingPosition: z.number().nullable().describe("1 = next to be offered a place"),
      appliedAt: z.date(),
    })
    .nullable(),
  eligible: z.boolean(),
  canApply: z.boolean(),
});

export const ZMyLotteries = z.object({
  items: z.array(
    z.object({
      id: z.number(),
      communityId: z.number(),
      communityName: z.string(),
      title: z.string(),
      kind: ZLotteryKind,
      placeName: z.string(),
      places: z.number(),
      applications: z.number(),
      opensAt: z.date(),
      closesAt: z.date(),
      state: ZLotteryState,
      applied: z.boolean(),
      outcome: ZOutcome.nullable(),
    }),
  ),
});

export const ZApplied = z.object({ id: z.number(), applications: z.number() });
