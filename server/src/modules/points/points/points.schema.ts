// The contract of points (S1–S5): the scoring standard, awards and deductions, a resident's points and
// the honour board (also the OpenAPI document and the web app's types).
import { z } from "zod";
import { ROLES } from "../../../access/roles.ts";

export const MAX_ITEMS = 60;
/** Residents awarded at once (a clean-up day's volunteers). */
export const MAX_BATCH = 200;

const id = () => z.coerce.number().int().positive().max(2_147_483_647);
const ZDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "YYYY-MM-DD");

export const ZPointsParams = z.object({ communityId: id() });

export const ZPointsCategory = z
  .enum(["environment", "volunteering", "civility", "safety", "publicity", "meetings", "other"])
  .describe("环境卫生 / 志愿服务 / 文明风尚 / 平安建设 / 政策宣传 / 参加会议 / 其他");
export const ZPointsSource = z
  .enum(["manual", "volunteer_hours", "meeting_attendance"])
  .describe(
    "manual: awarded by staff with evidence; the others are earned by themselves (points per hour / per meeting)",
  );

export const ZItemInput = z
  .object({
    code: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,39}$/, "lower-case letters, digits and _")
      .describe("stable code of the item, e.g. clean_up"),
    nameZh: z.string().trim().min(1).max(60),
    nameEn: z.string().trim().min(1).max(80),
    category: ZPointsCategory,
    points: z
      .number()
      .int()
      .min(-10_000)
      .max(10_000)
      .refine((n) => n !== 0, "not zero")
      .describe("points per award; negative: a deduction"),
    capPoints: z.number().int().min(1).max(1_000_000).nullable().default(null),
    capPeriod: z.enum(["month", "year"]).nullable().default(null),
    evidenceRequired: z.boolean().default(false),
    awarderRoles: z
      .array(z.enum(ROLES))
      .max(ROLES.length)
      .default([])
      .describe("who may award it; empty: whoever may award points at the place"),
    source: ZPointsSource.default("manual"),
  })
  .refine((i) => (i.capPoints == null) === (i.capPeriod == null), {
    message: "a cap needs both capPoints and capPeriod",
    path: ["capPeriod"],
  });

export const ZCreateStandard = z
  .object({
    adoptedVia: z
      .object({ kind: z.enum(["survey", "topic"]), id: id() })
      .describe("the survey (调研) or the topic whose resolution adopted it — residents decide the rules"),
    adoptedOn: ZDay,
    yearEndRule: z
      .enum(["expire", "carry_over"])
      .describe("at the year's end: points expire (清零) or carry over (结转)"),
    note: z.string().trim().max(500).default(""),
    items: z.array(ZItemInput).min(1).max(MAX_ITEMS),
  })
  .refine((s) => new Set(s.items.map((i) => i.code)).size === s.items.length, {
    message: "item codes must differ",
    path: ["items"],
  });
export type TCreateStandard = z.output<typeof ZCreateStandard>;

export const ZItem = z.object({
  id: z.number().int(),
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  category: ZPointsCategory,
  points: z.number().int(),
  capPoints: z.number().int().nullable(),
  capPeriod: z.enum(["month", "year"]).nullable(),
  evidenceRequired: z.boolean(),
  awarderRoles: z.array(z.string()),
  source: ZPointsSource,
});

export const ZStandard = z.object({
  id: z.number().int(),
  version: z.number().int(),
  adoptedVia: z.object({
    kind: z.enum(["survey", "topic"]),
    id: z.number().int(),
    title: z.string().nullable(),
  }),
  adoptedOn: z.string(),
  yearEndRule: z.enum(["expire", "carry_over"]),
  note: z.string(),
  createdAt: z.date(),
  items: z.array(ZItem),
});
export const ZStandardReply = z.object({ standard: ZStandard.nullable() });

export const ZAward = z
  .object({
    itemId: id(),
    residentIds: z.array(id()).min(1).max(MAX_BATCH).describe("the residents (register ids) awarded at once"),
    evidence: z
      .string()
      .trim()
      .max(200)
      .default("")
      .describe("what shows it happened (e.g. 3月5日清洁日签到表第2页); required when the item says so"),
    idempotencyKey: z
      .string()
      .trim()
      .min(8)
      .max(80)
      .describe(
        "the form's key: a retried award with the same key awards once (each resident's award adds :residentId)",
      ),
  })
  .refine((a) => new Set(a.residentIds).size === a.residentIds.length, {
    message: "a resident is named twice",
    path: ["residentIds"],
  });
export type TAward = z.output<typeof ZAward>;

export const ZAwardRow = z.object({
  id: z.number().int(),
  residentId: z.number().int(),
  residentName: z.string(),
  address: z.string().nullable(),
  itemId: z.number().int(),
  itemName: z.string(),
  points: z.number().int(),
  evidence: z.string(),
  awardedBy: z.string().nullable(),
  awardedAt: z.date(),
});
export const ZAwardResult = z.object({ awarded: z.array(ZAwardRow), replayed: z.number().int() });

export const ZAwardsQuery = z.object({
  month: z
    .string()
    .regex(/^\d{4}-\d{2}$/, "YYYY-MM")
    .optional(),
  itemId: id().optional(),
  q: z.string().trim().max(40).optional().describe("a resident's name"),
  before: id().optional().describe("keyset: awards older than this id"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const ZAwardsExportQuery = ZAwardsQuery.omit({ before: true, limit: true });
export const ZAwards = z.object({ items: z.array(ZAwardRow), nextBefore: z.number().int().nullable() });

export const ZMyPoints = z.object({
  accounts: z.array(
    z.object({
      communityId: z.number().int(),
      communityName: z.string(),
      residentId: z.number().int(),
      balance: z.number().int(),
      householdBalance: z.number().int().describe("the points of everyone in the household together"),
      entries: z.array(
        z.object({
          at: z.date(),
          points: z.number().int(),
          balanceAfter: z.number().int(),
          what: z.string(),
        }),
      ),
    }),
  ),
});

export const ZHonourQuery = z.object({
  month: z
    .string()
    .regex(/^\d{4}-\d{2}$/, "YYYY-MM")
    .optional()
    .describe("default: this month (Asia/Shanghai)"),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export const ZHonourBoard = z.object({
  month: z.string(),
  rows: z.array(
    z.object({
      rank: z.number().int(),
      name: z.string().describe("masked: 张*明"),
      building: z.string().nullable(),
      points: z.number().int(),
      mine: z.boolean(),
    }),
  ),
});
