import { z } from "zod";
import { patchBody } from "../../../http/patch.ts";
import { ZCommunityParams } from "../../core/places/places.schema.ts";

export const TITLE_MAX = 80;
export const BODY_MAX = 5000;
export const ATTACHMENTS_MAX = 10;

export const ZNoticeKind = z
  .enum(["announcement", "publicity"])
  .describe("announcement 公告; publicity 公示 (a resolution now; accounts and results later)");
export const ZAudience = z
  .enum(["all", "owners", "tenants"])
  .describe("the group at the place it is for: everyone, owners (业主) or tenants (租户)");
export const ZVisibility = z
  .enum(["public", "residents"])
  .describe(
    "public: anyone, without sign-in, inside its window; residents: the verified residents of its place",
  );
export const ZNoticeState = z
  .enum(["draft", "scheduled", "live", "expired", "withdrawn"])
  .describe(
    "draft; published but before its window (scheduled), in it (live) or after it (expired); withdrawn",
  );

export const ZNoticeParams = ZCommunityParams.extend({ noticeId: z.coerce.number().int().positive() });

const ZTime = z.iso
  .datetime({ offset: true })
  .refine((v) => {
    const year = new Date(v).getUTCFullYear();
    return year >= 2000 && year <= 2200;
  }, "a time between the years 2000 and 2200")
  .describe("ISO 8601 with an offset, e.g. 2026-12-05T09:00:00+08:00");

export const ZAttachment = z.object({
  name: z.string().trim().min(1).max(60),
  url: z
    .url({ protocol: /^https?$/ })
    .max(500)
    .describe("a link to the file (http or https); files are not stored by Linli yet"),
});

export const ZNewNotice = z.object({
  kind: ZNoticeKind,
  title: z.string().trim().min(1).max(TITLE_MAX),
  body: z.string().trim().min(1).max(BODY_MAX),
  estateId: z.number().int().positive().nullable().optional().describe("for one estate (else the community)"),
  buildingId: z
    .number()
    .int()
    .positive()
    .nullable()
    .optional()
    .describe("for one building (its estate is taken from it)"),
  audience: ZAudience.default("all"),
  visibility: ZVisibility.default("residents"),
  publishFrom: ZTime.nullable().optional().describe("shown from (default: when published)"),
  publishTo: ZTime.nullable().optional().describe("shown until (default: no end)"),
  pinned: z.boolean().default(false),
  attachments: z.array(ZAttachment).max(ATTACHMENTS_MAX).default([]),
  publish: z.boolean().default(false).describe("publish at once (else a draft)"),
});
export type TNewNotice = z.infer<typeof ZNewNotice>;

export const ZEditNotice = patchBody({
  title: z.string().trim().min(1).max(TITLE_MAX).optional(),
  body: z.string().trim().min(1).max(BODY_MAX).optional(),
  audience: ZAudience.optional(),
  visibility: ZVisibility.optional(),
  publishFrom: ZTime.nullable().optional(),
  publishTo: ZTime.nullable().optional(),
  pinned: z.boolean().optional(),
  attachments: z.array(ZAttachment).max(ATTACHMENTS_MAX).optional(),
});
export type TEditNotice = z.infer<typeof ZEditNotice>;

export const ZNotice = z
  .object({
    id: z.number(),
    communityId: z.number(),
    kind: ZNoticeKind,
    title: z.string(),
    body: z.string(),
    placeLevel: z.enum(["community", "estate", "building"]),
    placeName: z.string(),
    estateId: z.number().nullable(),
    buildingId: z.number().nullable(),
    audience: ZAudience,
    visibility: ZVisibility,
    state: ZNoticeState,
    publishedAt: z.date().nullable(),
    publishFrom: z.date().nullable(),
    publishTo: z.date().nullable(),
    pinned: z.boolean(),
    attachments: z.array(z.object({ name: z.string(), url: z.string() })),
    subject: z
      .object({ kind: z.string(), id: z.number() })
      .nullable()
      .describe("what it publishes (e.g. a topic's resolution), if any"),
  })
  .meta({ id: "Notice" });

export const ZPublicNotice = ZNotice.omit({ state: true, audience: true, visibility: true }).meta({
  id: "PublicNotice",
});
export const ZPublicNotices = z.object({ communityName: z.string(), items: z.array(ZPublicNotice) });

export const ZNoticeDetail = ZNotice.extend({
  canManage: z.boolean().describe("the caller may edit, publish and see the read receipts"),
  readByMe: z.boolean(),
  targeted: z.boolean().describe("the caller is one of the residents it is for (their read is counted)"),
});

export const ZMyNotice = ZPublicNotice.extend({ communityName: z.string(), read: z.boolean() });
export const ZMyNotices = z.object({ items: z.array(ZMyNotice), unread: z.number() });

export const ZStaffNoticesQuery = z.object({
  q: z.string().trim().max(50).optional(),
  kind: ZNoticeKind.optional(),
  state: ZNoticeState.optional(),
  visibility: ZVisibility.optional(),
  from: z.iso.date().optional().describe("published (or created) on or after this day"),
  to: z.iso.date().optional().describe("published (or created) on or before this day"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export const ZExportQuery = ZStaffNoticesQuery.omit({ limit: true, offset: true });

export const ZStaffNotice = ZNotice.extend({
  readCount: z.number().describe("residents of its place and group who opened it"),
  targetCount: z.number().describe("verified residents of its place and group"),
  createdAt: z.date(),
});
export const ZStaffNotices = z.object({ items: z.array(ZStaffNotice), total: z.number() });

export const ZReceipts = z.object({
  noticeId: z.number(),
  read: z.number(),
  unread: z.number(),
  total: z.number(),
  unreadList: z
    .array(
      z.object({
        residentId: z.number(),
        name: z.string().describe("masked (张某)"),
        address: z.string().describe("building and room, to follow up"),
        phone: z.string().nullable().describe("masked"),
        hasAccount: z.boolean().describe("false: no Linli account — tell them in person"),
      }),
    )
    .describe("at most 500, by building and room"),
});

export const ZReadResult = z.object({
  noticeId: z.number(),
  recorded: z.boolean().describe("a read was counted for the caller (true also when counted before)"),
});
