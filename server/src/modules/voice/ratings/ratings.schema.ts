import { z } from "zod";
import { patchBody } from "../../../http/patch.ts";
import { ZCommunityParams } from "../../core/places/places.schema.ts";
import { ZRating, ZRatingComment } from "../requests/requests.schema.ts";

export const ZSubjectKind = z
  .enum(["space", "service"])
  .describe(
    "space 场地 (聚邻空间, 红色驿站, a function room…), service 服务 (幸福食堂, 上门助老, 物业服务…)",
  );

export const ZSubjectParams = ZCommunityParams.extend({ subjectId: z.coerce.number().int().positive() });
export const ZRatingParams = ZCommunityParams.extend({ ratingId: z.coerce.number().int().positive() });

const ZName = z.string().trim().min(1).max(60);
const ZDescription = z.string().trim().max(500);

export const ZCreateSubject = z.object({
  kind: ZSubjectKind,
  name: ZName.describe("unique in the community"),
  description: ZDescription.default(""),
  estateId: z.number().int().positive().nullable().optional().describe("the estate it is in, if any"),
  buildingId: z
    .number()
    .int()
    .positive()
    .nullable()
    .optional()
    .describe("the building it is in, if any (its estate is then taken from the building)"),
});
export type TCreateSubject = z.infer<typeof ZCreateSubject>;

export const ZUpdateSubject = patchBody({
  name: ZName.optional(),
  description: ZDescription.optional(),
  estateId: z.number().int().positive().nullable().optional(),
  buildingId: z.number().int().positive().nullable().optional(),
  active: z.boolean().optional().describe("false: no longer offered for rating (its ratings are kept)"),
});
export type TUpdateSubject = z.infer<typeof ZUpdateSubject>;

/** Same rules as rating a request (ZConfirm): the rating, and a comment that is never required. */
export const ZRate = z.object({ rating: ZRating, comment: ZRatingComment.optional() });
export type TRate = z.infer<typeof ZRate>;

export const ZSubjectsQuery = z.object({ kind: ZSubjectKind.optional() });

const ZFigures = z.object({
  rated: z.number().describe("people who rate it now (one current rating per person)"),
  good: z.number(),
  average: z.number(),
  poor: z.number(),
  satisfactionPct: z
    .number()
    .nullable()
    .describe("good ÷ rated in percent, one decimal (满意率, as on the public board); null when unrated"),
});

export const ZPublicComment = z.object({
  rating: ZRating,
  comment: z.string(),
  day: z.string().describe("the day it was rated (China time), YYYY-MM-DD"),
});

const ZMine = z
  .object({ rating: ZRating, comment: z.string().nullable(), ratedAt: z.date() })
  .describe("the caller's own current rating");

export const ZSubject = z
  .object({
    id: z.number(),
    kind: ZSubjectKind,
    name: z.string(),
    description: z.string(),
    estateId: z.number().nullable(),
    estateName: z.string().nullable(),
    buildingId: z.number().nullable(),
    buildingName: z.string().nullable(),
    active: z.boolean(),
    figures: ZFigures,
    latestComments: z.array(ZPublicComment).describe("the newest comments: text, rating and day; no names"),
    mine: ZMine.nullable().describe("only for a signed-in resident of the community; else null"),
  })
  .meta({ id: "RatingSubject" });

export const ZSubjects = z.object({
  canRate: z.boolean().describe("whether the caller is a verified resident of this community"),
  items: z.array(ZSubject),
});

export const ZRated = z.object({
  subjectId: z.number(),
  rating: ZRating,
  comment: z.string().nullable(),
  firstRatedAt: z.date(),
  ratedAt: z.date(),
  figures: ZFigures,
});

export const ZStaffRatingsQuery = z.object({
  subjectId: z.coerce.number().int().positive().optional(),
  rating: ZRating.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

export const ZStaffRating = z.object({
  id: z.number(),
  subjectId: z.number(),
  subjectName: z.string(),
  subjectKind: ZSubjectKind,
  rating: ZRating,
  comment: z.string().nullable(),
  firstRatedAt: z.date(),
  ratedAt: z.date(),
  raterName: z.string().describe("the resident's name (staff only; no phone or room)"),
  requestId: z.number().nullable().describe("the problem request made from this rating, if any"),
});

export const ZStaffRatings = z.object({
  subjects: z.array(ZSubject.omit({ mine: true })).describe("every subject, stopped ones too"),
  ratings: z.array(ZStaffRating),
  total: z.number(),
});

export const ZToRequest = z.object({
  categoryId: z
    .number()
    .int()
    .positive()
    .optional()
    .describe("the request category; default 公共设施 for a space, 意见建议 for a service"),
  title: z.string().trim().min(2).max(80).optional().describe("default: 差评：<the subject's name>"),
});

export const ZToRequestResult = z.object({ ratingId: z.number(), requestId: z.number() });
