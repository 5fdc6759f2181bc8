import { z } from "zod";
import { ZCommunityParams } from "../../core/places/places.schema.ts";

// ---- the vocabulary of 好差评 (DOMAIN V5: "good/average/poor plus comment, 点赞/吐槽") ----
// One for every thing residents rate: a resolved request (this module) and a space or service (the
// ratings module, which builds on requests and imports it from here), so the values, the words and
// the comment limit cannot drift apart.

export const RATINGS = ["good", "average", "poor"] as const;
export type RatingValue = (typeof RATINGS)[number];

export const ZRating = z.enum(RATINGS).describe("好评 / 一般 / 差评");

/** A comment goes with any rating and is never required, a poor one included (as for requests). */
export const RATING_COMMENT_MAX = 500;
export const ZRatingComment = z.string().trim().max(RATING_COMMENT_MAX);

/** The words of a rating in notifications (the web app has the same ones in its i18n `rating` group). */
export const RATING_WORDS: Record<RatingValue, { zh: string; en: string }> = {
  good: { zh: "好评", en: "good" },
  average: { zh: "一般", en: "average" },
  poor: { zh: "差评", en: "poor" },
};

/**
 * Satisfaction (满意率) as the public board defines it for requests (figures.service.ts
 * `presentFigures`): good ratings ÷ ratings, in percent with one decimal; null when nothing is rated.
 */
export function satisfactionPct(good: number, rated: number): number | null {
  return rated > 0 ? Math.round((1000 * good) / rated) / 10 : null;
}

export const ZKind = z
  .enum(["problem", "need", "wish"])
  .describe("problem 问题, need 需求, micro-wish 微心愿 (DOMAIN V1)");
/** A request's kind in Chinese words (notices, the export); the web app has them in its i18n. */
export const KIND_ZH: Record<z.output<typeof ZKind>, string> = {
  problem: "问题",
  need: "需求",
  wish: "微心愿",
};
export const ZStatus = z.enum(["submitted", "signed", "resolved", "closed", "merged"]);
export const ZOnBehalfChannel = z
  .enum(["door_visit", "phone", "opinion_box", "meeting"])
  .describe("how a staff member or 三长 heard it (代办); a resident's own submission is 'app'");
export const ZRouteTo = z.enum([
  "community",
  "property",
  "co_building_unit",
  "owners_committee",
  "street",
  "department",
]);

const ZPhone = z
  .string()
  .trim()
  .regex(/^1[3-9]\d{9}$/, "a mainland mobile number (11 digits)");

export const ZPlace = z
  .discriminatedUnion("type", [
    z.object({
      type: z.literal("household"),
      householdId: z
        .number()
        .int()
        .positive()
        .optional()
        .describe("a resident's own household (may be left out when they have one); required on behalf"),
    }),
    z.object({ type: z.literal("building"), buildingId: z.number().int().positive() }),
    z.object({
      type: z.literal("point"),
      lat: z.number().min(-90).max(90).optional(),
      lng: z.number().min(-180).max(180).optional(),
      address: z.string().trim().min(2).max(200).optional().describe("what a person would call the place"),
      gridId: z
        .number()
        .int()
        .positive()
        .optional()
        .describe("the grid the point lies in, when the submitter knows it; else the grid is unknown"),
    }),
  ])
  .describe("where it is: own household, a building, or a point on the map");

export const ZOnBehalf = z
  .object({
    channel: ZOnBehalfChannel,
    residentId: z.number().int().positive().optional().describe("a registered resident of this community"),
    name: z.string().trim().min(1).max(40).optional().describe("when the person is not registered"),
    phone: ZPhone.optional(),
  })
  .describe("代办: submitted by staff or a 三长 for a resident after a visit, a call, the box or a meeting");

export const ZSubmitRequest = z
  .object({
    kind: ZKind,
    categoryId: z.number().int().positive().optional(),
    categoryCode: z.string().trim().min(1).max(40).optional().describe("instead of categoryId"),
    title: z.string().trim().min(2).max(80),
    description: z.string().trim().max(2000).default(""),
    place: ZPlace,
    isPublic: z
      .boolean()
      .optional()
      .describe(
        "publish it (default false: private): a problem in Open311, a need or wish on the claim board — with phones, ID numbers and names masked, never a name or room; a never-public category stays private",
      ),
    keepLocation: z
      .boolean()
      .default(false)
      .describe("keep the photos' location metadata (EXIF GPS); by default it is removed"),
    onBehalf: ZOnBehalf.optional(),
    clientKey: z
      .uuid()
      .optional()
      .describe(
        "the submitting device's key for this report (a UUID it made): sent again with the same key (a report kept offline and re-sent, a lost answer), the first request is answered, never a second",
      ),
  })
  .superRefine((v, ctx) => {
    if ((v.categoryId == null) === (v.categoryCode == null))
      ctx.addIssue({ code: "custom", path: ["categoryId"], message: "give categoryId or categoryCode" });
    if (v.place.type === "point") {
      const hasLat = v.place.lat != null;
      if (hasLat !== (v.place.lng != null))
        ctx.addIssue({ code: "custom", path: ["place", "lng"], message: "give both lat and lng" });
      if (!hasLat && !v.place.address)
        ctx.addIssue({
          code: "custom",
          path: ["place", "address"],
          message: "give a position or an address",
        });
    }
    if (v.onBehalf && v.onBehalf.residentId == null && !v.onBehalf.name)
      ctx.addIssue({ code: "custom", path: ["onBehalf", "name"], message: "give residentId or the name" });
  });
export type TSubmitRequest = z.infer<typeof ZSubmitRequest>;
export type TSubmitRequestInput = z.input<typeof ZSubmitRequest>;

export const ZRequestParams = ZCommunityParams.extend({ requestId: z.coerce.number().int().positive() });
export const ZPhotoParams = ZRequestParams.extend({ photoId: z.coerce.number().int().positive() });

export const ZSubmitted = z.object({
  id: z.number(),
  status: ZStatus,
  isPublic: z.boolean().describe("published: the submitter asked and the category allows it"),
  signDueAt: z.date(),
  solveDueAt: z.date(),
  photoIds: z.array(z.number()),
  repeated: z
    .boolean()
    .optional()
    .describe("true when this key was sent before: the answer is that first request, nothing new was stored"),
});

export const ZCategoryRef = z.object({
  id: z.number(),
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
});
export const ZPlaceView = z.object({
  type: z.enum(["household", "building", "point"]),
  householdId: z.number().nullable(),
  buildingId: z.number().nullable(),
  estateId: z.number().nullable(),
  gridId: z.number().nullable(),
  gridName: z.string().nullable(),
  address: z.string().describe("estate, building, unit and room; or the address of the point"),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
});

/**
 * The staff lists' search (issue 9): a keyword (title, description, address, estate or building name,
 * or the request's number as "123" / "#123") and a range of submission days, China time, both ends
 * included.
 */
const ZDay = z.iso
  .date()
  // PostgreSQL has no year 0, and a search needs no day before 1900 or after 2999
  .refine((d) => d >= "1900-01-01" && d <= "2999-12-31", "a day between 1900 and 2999")
  .describe("a day, YYYY-MM-DD (China time)");
export const ZListSearch = z.object({
  q: z.string().trim().max(60).optional().describe("keyword: title, description, address, or #number"),
  from: ZDay.optional().describe("submitted on or after this day (China time)"),
  to: ZDay.optional().describe("submitted on or before this day (China time)"),
});

export const ZInboxQuery = ZListSearch.extend({
  cursor: z.string().max(200).optional().describe("from the previous page's nextCursor"),
  limit: z.coerce.number().int().min(1).max(100).default(30),
  gridId: z.coerce.number().int().positive().optional(),
});
export const ZInboxItem = z.object({
  id: z.number(),
  kind: ZKind,
  status: z.enum(["submitted", "signed"]),
  title: z.string(),
  channel: z.string(),
  category: ZCategoryRef,
  place: ZPlaceView,
  deadlineKind: z.enum(["sign", "solve"]).describe("to sign for a submitted item, to solve a signed one"),
  dueAt: z.date(),
  secondsLeft: z.number().describe("negative when overdue"),
  photoCount: z.number(),
  routeTo: ZRouteTo.nullable(),
  reopenCount: z.number(),
  createdAt: z.date(),
});
export const ZInbox = z.object({ items: z.array(ZInboxItem), nextCursor: z.string().nullable() });

export const ZListQuery = ZListSearch.extend({
  status: ZStatus.optional(),
  kind: ZKind.optional(),
  categoryId: z.coerce.number().int().positive().optional(),
  gridId: z.coerce.number().int().positive().optional(),
  routeTo: ZRouteTo.optional(),
  overdue: z
    .enum(["true", "false", "1", "0"])
    .transform((v) => v === "true" || v === "1")
    .optional()
    .describe("only open items past their deadline to sign or to solve"),
  cursor: z.coerce.number().int().positive().optional().describe("the last id of the previous page"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const ZListItem = z.object({
  id: z.number(),
  kind: ZKind,
  status: ZStatus,
  title: z.string(),
  channel: z.string(),
  category: ZCategoryRef,
  place: ZPlaceView,
  routeTo: ZRouteTo.nullable(),
  signDueAt: z.date(),
  solveDueAt: z.date(),
  overdue: z.boolean(),
  rating: ZRating.nullable(),
  reopenCount: z.number(),
  createdAt: z.date(),
});
export const ZList = z.object({ items: z.array(ZListItem), nextCursor: z.number().nullable() });
export const ZExportQuery = ZListQuery.omit({ cursor: true, limit: true });

export const ZBuildingChoices = z.object({
  estates: z.array(
    z.object({
      id: z.number(),
      name: z.string(),
      buildings: z.array(z.object({ id: z.number(), name: z.string() })),
    }),
  ),
});

export const ZRouteTarget = z.object({
  id: z.number(),
  kind: z.enum(["property_company", "co_building_unit", "owners_committee", "government_department"]),
  name: z.string(),
  routeTo: ZRouteTo.describe("the `to` of POST …/route that takes this organisation as orgId"),
  isDefault: z.boolean().describe("the property company of the request's estate (used when none is named)"),
});

export const ZEvent = z.object({
  id: z.number(),
  at: z.date(),
  kind: z.string(),
  note: z.string().nullable(),
  actorRole: z.string().nullable(),
  actorName: z.string().nullable().describe("staff names; a resident's own actions say 提交人"),
  data: z.record(z.string(), z.unknown()).nullable(),
});
export const ZPhotoView = z.object({
  id: z.number(),
  stage: z.enum(["submit", "resolve"]),
  mime: z.string(),
  byteSize: z.number(),
  url: z.string(),
});
export const ZRequestDetail = z.object({
  id: z.number(),
  communityId: z.number(),
  kind: ZKind,
  status: ZStatus,
  channel: z.string(),
  title: z.string(),
  description: z.string(),
  category: ZCategoryRef,
  place: ZPlaceView,
  isPublic: z.boolean(),
  submitter: z.object({
    name: z.string().nullable(),
    phone: z.string().nullable().describe("masked"),
    isMe: z.boolean(),
    onBehalf: z.boolean(),
  }),
  route: z.object({ to: ZRouteTo, orgId: z.number().nullable(), orgName: z.string().nullable() }).nullable(),
  signedAt: z.date().nullable(),
  signDueAt: z.date(),
  solveDueAt: z.date(),
  resolvedAt: z.date().nullable(),
  resolution: z.string().nullable(),
  confirmDueAt: z.date().nullable(),
  closedAt: z.date().nullable(),
  closeReason: z.string().nullable(),
  rating: ZRating.nullable(),
  ratingComment: z.string().nullable(),
  mergedInto: z.number().nullable(),
  mergedFrom: z.array(z.number()),
  reopenCount: z.number(),
  createdAt: z.date(),
  photos: z.array(ZPhotoView),
  events: z.array(ZEvent),
  can: z
    .object({
      sign: z.boolean(),
      route: z.boolean(),
      merge: z.boolean(),
      resolve: z.boolean(),
      confirm: z.boolean(),
    })
    .describe("what the caller may do next"),
});

export const ZSign = z.object({
  categoryId: z.number().int().positive().optional().describe("reclassify while signing"),
  note: z.string().trim().max(500).optional(),
});
export const ZRoute = z.object({
  to: ZRouteTo,
  orgId: z
    .number()
    .int()
    .positive()
    .optional()
    .describe("the organisation; for 'property' the estate's property company by default"),
  note: z.string().trim().max(500).optional(),
});
export const ZMerge = z.object({ intoId: z.number().int().positive().describe("the request that stays") });
export const ZResolve = z.object({ text: z.string().trim().min(2).max(2000) });
export const ZResolved = z.object({
  id: z.number(),
  status: z.literal("resolved"),
  confirmDueAt: z.date(),
  photoIds: z.array(z.number()),
});
export const ZConfirm = z.object({ rating: ZRating, comment: ZRatingComment.optional() });
export const ZRejectResolution = z.object({ comment: z.string().trim().min(2).max(500) });

export const ZDuplicate = z.object({
  id: z.number(),
  title: z.string(),
  status: ZStatus,
  place: ZPlaceView,
  distanceM: z.number().nullable(),
  createdAt: z.date(),
});

export const ZMyRequestsQuery = z.object({
  cursor: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
export const ZMyRequest = z.object({
  id: z.number(),
  communityId: z.number(),
  kind: ZKind,
  status: ZStatus,
  title: z.string(),
  category: ZCategoryRef,
  createdAt: z.date(),
  signDueAt: z.date().describe("the time to sign for it (V4)"),
  solveDueAt: z.date().describe("the time to solve it (V4)"),
  overdue: z.boolean().describe("submitted past signDueAt, or signed past solveDueAt (as the staff list)"),
  confirmDueAt: z.date().nullable(),
  rating: ZRating.nullable(),
  mergedInto: z.number().nullable(),
  following: z.boolean().describe("this one was merged: I now follow the request mergedInto"),
});
export const ZMyRequests = z.object({ items: z.array(ZMyRequest), nextCursor: z.number().nullable() });

export const ZAssignedQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });
export const ZAssigned = z.object({
  items: z.array(
    z.object({
      id: z.number(),
      communityId: z.number(),
      kind: ZKind,
      status: ZStatus,
      title: z.string(),
      category: ZCategoryRef,
      place: ZPlaceView,
      routeTo: ZRouteTo.nullable(),
      routeOrgId: z.number().nullable(),
      solveDueAt: z.date(),
      secondsLeft: z.number().describe("negative when overdue"),
      confirmDueAt: z.date().nullable(),
      createdAt: z.date(),
    }),
  ),
});

export const ZOk = z.object({ ok: z.literal(true) });
export const ZStatusResult = z.object({ id: z.number(), status: ZStatus });

// ---- batch 签收 / 分派 (issue 9): staff act on many items at once, each authorised by its place ----
export const MAX_BATCH = 100;
const ZBatchIds = z
  .array(z.number().int().positive())
  .min(1)
  .max(MAX_BATCH)
  .refine((ids) => new Set(ids).size === ids.length, { message: "ids must not repeat" })
  .describe(`the requests, at most ${MAX_BATCH}, none twice`);
export const ZBatchSign = z.object({ ids: ZBatchIds, note: z.string().trim().max(500).optional() });
export const ZBatchRoute = ZRoute.extend({ ids: ZBatchIds });
export const ZBatchItemResult = z.object({
  id: z.number(),
  ok: z.boolean(),
  status: ZStatus.nullable().describe("the request's status after the action (null when refused)"),
  error: z
    .object({ code: z.string(), message_zh: z.string(), message_en: z.string() })
    .nullable()
    .describe("why this item was refused (code, Chinese and English message)"),
});
export const ZBatchResult = z.object({
  results: z.array(ZBatchItemResult).describe("one per id, in the order sent"),
  okCount: z.number(),
  errorCount: z.number(),
});
