// The contract of the points mall (S4, 积分商城 / 爱心超市): items and donations, exchanges with their
// pickup code, pickups, exchange days (also the OpenAPI document and the web app's types).
import { z } from "zod";
import { patchBody } from "../../../http/patch.ts";

const id = () => z.coerce.number().int().positive().max(2_147_483_647);

export const ZMallParams = z.object({ communityId: id() });
export const ZMallItemParams = z.object({ communityId: id(), itemId: id() });

export const ZMallKind = z.enum(["goods", "service"]).describe("goods 物品; service 服务 (e.g. a haircut)");
export const ZLimitPeriod = z
  .enum(["day", "month", "year", "ever"])
  .describe("the per-person limit counts exchanges in this day / month / year (Asia/Shanghai), or ever");

const name = z.string().trim().min(1).max(60);

export const ZNewMallItem = z
  .object({
    kind: ZMallKind.default("goods"),
    name,
    description: z.string().trim().max(500).default(""),
    orgId: id()
      .nullable()
      .default(null)
      .describe("the merchant or unit that manages and hands out the item; null: the community"),
    pricePoints: z.number().int().min(1).max(1_000_000).describe("price in points"),
    unitValueFen: z
      .number()
      .int()
      .min(0)
      .max(100_000_000)
      .describe("what one is worth in fen (the donation's value ÷ quantity), for the figures"),
    pickupPlace: z.string().trim().min(1).max(120),
    limitCount: z.number().int().min(1).max(1000).nullable().default(null),
    limitPeriod: ZLimitPeriod.nullable().default(null),
    expiryDays: z
      .number()
      .int()
      .min(1)
      .max(90)
      .default(7)
      .describe("an exchange not collected within these days expires and is refunded"),
  })
  .refine((i) => (i.limitCount == null) === (i.limitPeriod == null), {
    message: "a limit needs both limitCount and limitPeriod",
    path: ["limitPeriod"],
  });
export type TNewMallItem = z.output<typeof ZNewMallItem>;

export const ZPatchMallItem = patchBody({
  name: name.optional(),
  description: z.string().trim().max(500).optional(),
  pricePoints: z.number().int().min(1).max(1_000_000).optional(),
  pickupPlace: z.string().trim().min(1).max(120).optional(),
  expiryDays: z.number().int().min(1).max(90).optional(),
  status: z.enum(["active", "withdrawn"]).optional().describe("withdrawn: no longer offered"),
});
export type TPatchMallItem = z.output<typeof ZPatchMallItem>;

export const ZMallItem = z.object({
  id: z.number().int(),
  kind: ZMallKind,
  name: z.string(),
  description: z.string(),
  orgId: z.number().int().nullable(),
  orgName: z.string().nullable(),
  pricePoints: z.number().int(),
  unitValueFen: z.number().int(),
  stock: z.number().int(),
  pickupPlace: z.string(),
  limitCount: z.number().int().nullable(),
  limitPeriod: ZLimitPeriod.nullable(),
  expiryDays: z.number().int(),
  photoFileId: z.number().int().nullable(),
  status: z.enum(["active", "withdrawn"]),
  createdAt: z.date(),
});

export const ZMallWindow = z.object({
  id: z.number().int(),
  title: z.string(),
  opensAt: z.date(),
  closesAt: z.date(),
  noticeId: z.number().int().nullable(),
});

export const ZMallShop = z.object({
  items: z.array(ZMallItem),
  open: z.boolean().describe("exchange is open now (no exchange days set: always)"),
  nextWindow: ZMallWindow.nullable().describe("the exchange day now open or the next one"),
  balance: z.number().int().nullable().describe("the caller's points here (a verified resident), else null"),
});

export const ZMallItemsQuery = z.object({
  q: z.string().trim().max(40).optional().describe("part of the item's name"),
  status: z.enum(["active", "withdrawn"]).optional(),
  kind: ZMallKind.optional(),
  orgId: id().optional(),
});
export const ZMallItems = z.object({ items: z.array(ZMallItem) });

export const ZNewDonation = z
  .object({
    donorKind: z.enum(["organisation", "person"]),
    donorOrgId: id()
      .nullable()
      .default(null)
      .describe("the donating unit or merchant (donorKind organisation)"),
    donorName: z.string().trim().min(1).max(60).describe("the unit's or the person's name as it is thanked"),
    quantity: z.number().int().min(1).max(100_000).describe("adds to the item's stock"),
    valueFen: z.number().int().min(0).max(10_000_000_000).describe("the donation's value in fen"),
    note: z.string().trim().max(200).default(""),
  })
  .refine((d) => (d.donorKind === "organisation") === (d.donorOrgId != null), {
    message: "an organisation's donation names donorOrgId; a person's does not",
    path: ["donorOrgId"],
  });
export type TNewDonation = z.output<typeof ZNewDonation>;

export const ZDonation = z.object({
  id: z.number().int(),
  itemId: z.number().int(),
  itemName: z.string(),
  donorKind: z.enum(["organisation", "person"]),
  donorOrgId: z.number().int().nullable(),
  donorName: z.string(),
  quantity: z.number().int(),
  valueFen: z.number().int(),
  note: z.string(),
  donatedAt: z.date(),
});
export const ZDonations = z.object({
  items: z.array(ZDonation),
  totalValueFen: z.number().int().describe("the value of every donation listed"),
});

export const ZNewExchange = z.object({
  itemId: id(),
  idempotencyKey: z
    .string()
    .trim()
    .min(8)
    .max(80)
    .describe("the confirm screen's key: a retried exchange with the same key exchanges once"),
});

export const ZExchangeStatus = z.enum(["open", "collected", "expired"]);
export const ZMyExchange = z.object({
  id: z.number().int(),
  communityId: z.number().int(),
  itemId: z.number().int(),
  itemName: z.string(),
  pickupPlace: z.string(),
  points: z.number().int(),
  code: z.string().describe("the 6-digit pickup code"),
  qrSvg: z.string().describe("the code as a QR image (SVG markup)"),
  status: ZExchangeStatus,
  createdAt: z.date(),
  expiresAt: z.date(),
  collectedAt: z.date().nullable(),
});
export const ZExchangeResult = ZMyExchange.extend({
  replayed: z.boolean(),
  balance: z.number().int().describe("the points left"),
});
export const ZMyExchanges = z.object({ items: z.array(ZMyExchange) });

export const ZExchangesQuery = z.object({
  status: ZExchangeStatus.optional(),
  itemId: id().optional(),
  before: id().optional().describe("keyset: exchanges older than this id"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const ZStaffExchange = z.object({
  id: z.number().int(),
  itemId: z.number().int(),
  itemName: z.string(),
  residentName: z.string().describe("masked: 张*明"),
  points: z.number().int(),
  status: ZExchangeStatus,
  createdAt: z.date(),
  expiresAt: z.date(),
  collectedAt: z.date().nullable(),
});
export const ZStaffExchanges = z.object({
  items: z.array(ZStaffExchange),
  nextBefore: z.number().int().nullable(),
});

export const ZPickup = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, "6 digits")
    .describe("the pickup code the resident shows (typed or scanned)"),
});
export const ZPickupResult = ZStaffExchange;

export const ZNewWindow = z
  .object({
    title: z.string().trim().min(1).max(60).describe("e.g. 文峰塔社区积分兑换日"),
    opensAt: z.coerce.date(),
    closesAt: z.coerce.date(),
    announce: z.boolean().default(true).describe("publish a notice to the community's residents"),
  })
  .refine((w) => w.closesAt.getTime() > w.opensAt.getTime(), {
    message: "closesAt must be after opensAt",
    path: ["closesAt"],
  })
  .refine((w) => w.closesAt.getTime() - w.opensAt.getTime() <= 31 * 86_400_000, {
    message: "an exchange window lasts at most 31 days",
    path: ["closesAt"],
  });
export type TNewWindow = z.output<typeof ZNewWindow>;
export const ZMallWindows = z.object({ items: z.array(ZMallWindow) });
