// The contract of the canteen (C1, 幸福食堂): bodies, queries and answers of every route; also the OpenAPI
// document and the web app's types. Money in integer fen.
import { z } from "zod";
import { ZCommunityParams } from "../../core/places/places.schema.ts";

const ZId = z.number().int().positive();
const ZFen = z.number().int().min(0).max(1_000_000);
const realDay = (s: string) => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};
export const ZDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "YYYY-MM-DD")
  .refine(realDay, "a real calendar day");
export const ZMonth = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "YYYY-MM")
  .refine((s) => Number(s.slice(0, 4)) >= 2000 && Number(s.slice(0, 4)) <= 2100, "a year 2000–2100");
export const ZMealKind = z.enum(["breakfast", "lunch", "dinner"]);
export const ZMode = z.enum(["dine_in", "pickup", "delivery"]);
export const ZChannel = z.enum(["self", "household", "staff_phone", "staff_counter", "staff_visit"]);

export const ZOrderParams = ZCommunityParams.extend({ orderId: z.coerce.number().int().positive() });
export const ZStreetParams = z.object({ streetId: z.coerce.number().int().positive() });

// ---- the canteen and its meals ----
export const ZMealSetup = z.object({
  kind: ZMealKind,
  cutoff: z
    .string()
    .regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, "HH:MM")
    .describe("orders close at this time (Beijing time) on the meal's day"),
  capacity: z.number().int().min(1).max(100_000),
});
export const ZSetupCanteen = z.object({
  name: z.string().trim().min(1).max(60),
  place: z.string().trim().max(200).default(""),
  meals: z
    .array(ZMealSetup)
    .min(1)
    .max(3)
    .refine((m) => new Set(m.map((x) => x.kind)).size === m.length, "each meal once"),
});
export type TSetupCanteen = z.infer<typeof ZSetupCanteen>;

// ---- price rules ----
export const ZRuleInput = z
  .object({
    name: z.string().trim().min(1).max(60),
    minAge: z.number().int().min(0).max(150).nullable().default(null),
    careTags: z.array(z.string().trim().min(1).max(20)).max(10).default([]),
    residentFen: ZFen.nullable().default(null).describe("what the resident pays; null: the full cost"),
    communityPct: z.number().int().min(0).max(100),
    discountPct: z.number().int().min(0).max(100),
    subsidyPct: z.number().int().min(0).max(100),
    source: z.string().trim().min(1).max(500).describe("the policy this rule follows: its text or URL"),
  })
  .refine((r) => r.communityPct + r.discountPct + r.subsidyPct === 100, {
    message: "community + discount + subsidy shares must be 100%",
    path: ["subsidyPct"],
  });
export const ZSetRules = z.object({
  rules: z.array(ZRuleInput).min(1).max(20).describe("in order: the first that applies prices the meal"),
});
export type TRuleInput = z.infer<typeof ZRuleInput>;
export type TSetRules = z.infer<typeof ZSetRules>;

// ---- menus ----
export const ZSetMenu = z.object({
  day: ZDay,
  meal: ZMealKind,
  dishes: z.array(z.string().trim().min(1).max(40)).min(1).max(20),
  costFen: z.number().int().min(1).max(1_000_000).describe("the meal's full cost"),
  capacity: z.number().int().min(1).max(100_000).optional().describe("default: the meal's capacity"),
});
export type TSetMenu = z.infer<typeof ZSetMenu>;

export const ZDayQuery = z.object({
  day: ZDay.optional(),
  residentId: z.coerce.number().int().positive().optional(),
});

const ZSplit = z.object({
  costFen: z.number().int(),
  residentFen: z.number().int(),
  communityFen: z.number().int(),
  discountFen: z.number().int(),
  subsidyFen: z.number().int(),
});
const ZRule = z.object({
  id: ZId,
  position: z.number().int(),
  name: z.string(),
  minAge: z.number().int().nullable(),
  careTags: z.array(z.string()),
  residentFen: z.number().int().nullable(),
  communityPct: z.number().int(),
  discountPct: z.number().int(),
  subsidyPct: z.number().int(),
  source: z.string(),
});
const ZMeal = z.object({ id: ZId, kind: ZMealKind, cutoff: z.string(), capacity: z.number().int() });
const ZMenu = z.object({
  id: ZId,
  mealId: ZId,
  meal: ZMealKind,
  day: z.string(),
  dishes: z.array(z.string()),
  costFen: z.number().int(),
  capacity: z.number().int(),
  ordered: z.number().int(),
  cutoffAt: z.string().describe("ISO time the orders close"),
  open: z.boolean(),
  price: ZSplit.extend({ ruleName: z.string() })
    .nullable()
    .describe("what the person asked about pays under the rule that applies (null: no resident)"),
  myOrderId: z.number().int().nullable(),
});
export const ZCanteenDay = z.object({
  canteen: z
    .object({ id: ZId, name: z.string(), place: z.string(), meals: z.array(ZMeal), rules: z.array(ZRule) })
    .nullable(),
  day: z.string(),
  menus: z.array(ZMenu),
  forResident: z.object({ id: ZId, name: z.string(), age: z.number().int().nullable() }).nullable(),
  household: z.array(z.object({ id: ZId, name: z.string() })).describe("whom the caller may order for"),
});

// ---- orders ----
export const ZPlaceOrder = z.object({
  menuId: ZId,
  mode: ZMode,
  residentId: ZId.optional().describe(
    "whom the meal is for: default the caller; staff order for anyone (代订)",
  ),
  channel: ZChannel.optional().describe("staff: how the order came (phone, counter, visit)"),
  address: z.string().trim().max(200).default(""),
  paid: z.boolean().default(false).describe("staff: the resident paid their part at the counter now"),
});
export type TPlaceOrder = z.infer<typeof ZPlaceOrder>;

export const ZOrder = ZSplit.extend({
  id: ZId,
  communityId: ZId,
  menuId: ZId,
  day: z.string(),
  meal: ZMealKind,
  dishes: z.array(z.string()),
  residentId: ZId,
  residentName: z.string(),
  phone: z.string().nullable(),
  mode: ZMode,
  channel: ZChannel,
  address: z.string(),
  ruleName: z.string(),
  status: z.enum(["placed", "cancelled"]),
  paidHow: z.enum(["on_order", "counter"]).nullable(),
  paidAt: z.string().nullable(),
  volunteerUserId: z.number().int().nullable(),
  volunteerName: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  createdAt: z.string(),
});
export const ZOrderResult = z.object({ order: ZOrder });

export const ZOrdersQuery = z.object({
  day: ZDay.optional(),
  meal: ZMealKind.optional(),
  mode: ZMode.optional(),
  status: z.enum(["placed", "cancelled"]).optional(),
  q: z.string().trim().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type TOrdersQuery = z.infer<typeof ZOrdersQuery>;
export const ZOrderList = z.object({
  items: z.array(ZOrder),
  total: z.number().int(),
  counts: z.object({
    placed: z.number().int(),
    dineIn: z.number().int(),
    pickup: z.number().int(),
    delivery: z.number().int(),
    delivered: z.number().int(),
    unpaid: z.number().int(),
  }),
  menus: z.array(ZMenu.pick({ id: true, meal: true, capacity: true, ordered: true })),
});

export const ZAssign = z.object({ volunteerUserId: ZId });
export const ZVolunteers = z.object({
  volunteers: z.array(z.object({ userId: ZId, name: z.string(), team: z.string() })),
});
export const ZMine = z.object({ orders: z.array(ZOrder), deliveries: z.array(ZOrder) });

// ---- the monthly subsidy report ----
export const ZReportQuery = z.object({
  month: ZMonth,
  format: z.enum(["json", "pdf", "xlsx"]).default("json"),
});
const ZReportRow = z.object({
  communityId: ZId,
  communityName: z.string(),
  ruleName: z.string(),
  meals: z.number().int(),
  costFen: z.number().int(),
  residentFen: z.number().int(),
  communityFen: z.number().int(),
  discountFen: z.number().int(),
  subsidyFen: z.number().int(),
});
export const ZReport = z.object({
  title: z.string(),
  month: z.string(),
  rows: z.array(ZReportRow),
  total: ZReportRow.omit({ communityId: true, communityName: true, ruleName: true }),
});
export type TReport = z.infer<typeof ZReport>;
