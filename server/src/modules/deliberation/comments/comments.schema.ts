import { z } from "zod";
import { patchBody } from "../../../http/patch.ts";
import { ZCommunityParams } from "../../core/places/places.schema.ts";

export const COMMENT_MAX = 1000;
export const REASON_MAX = 200;
export const WORD_MAX = 20;
export const WORDS_MAX = 300;
export const MAX_MODERATION_BATCH = 100;

export const ZSubjectKind = z
  .string()
  .regex(/^[a-z_]{1,30}$/)
  .describe(
    "the kind of thing commented on, as its module registered it: notice (now), topic, idea, project",
  );

export const ZCommentParams = ZCommunityParams.extend({ commentId: z.coerce.number().int().positive() });

export const ZThreadQuery = z.object({
  subjectKind: ZSubjectKind,
  subjectId: z.coerce.number().int().positive(),
});

const ZBody = z.string().trim().min(1).max(COMMENT_MAX);

export const ZNewComment = z.object({
  subjectKind: ZSubjectKind,
  subjectId: z.number().int().positive(),
  parentId: z
    .number()
    .int()
    .positive()
    .optional()
    .describe("the comment replied to; a reply to a reply attaches to its top comment (one level deep)"),
  body: ZBody.describe(`the text, 1–${COMMENT_MAX} characters`),
});
export type TNewComment = z.infer<typeof ZNewComment>;

export const ZEditComment = patchBody({ body: ZBody.optional() });
export type TEditComment = z.infer<typeof ZEditComment>;

export const ZReport = z.object({ reason: z.string().trim().max(REASON_MAX).optional() });
export const ZHide = z.object({
  reason: z.string().trim().min(1).max(REASON_MAX).describe("shown to the author"),
});

export const ZCommentStatus = z
  .enum(["visible", "held", "hidden"])
  .describe(
    "visible; held — contains a listed word, shown only to its author (待审核) until staff decide; hidden by staff",
  );

export const ZComment = z
  .object({
    id: z.number(),
    parentId: z.number().nullable(),
    authorName: z
      .string()
      .nullable()
      .describe("the author as others see it (family name + 某); null for a hidden comment of someone else"),
    mine: z.boolean(),
    body: z.string().nullable().describe("null for a hidden comment of someone else"),
    status: ZCommentStatus,
    hiddenReason: z.string().nullable().describe("only to the author"),
    createdAt: z.date(),
    editedAt: z.date().nullable(),
    editableUntil: z
      .date()
      .nullable()
      .describe("the author's edit window; null when it is closed or not theirs"),
    reportedByMe: z.boolean(),
  })
  .meta({ id: "Comment" });

export const ZThread = z.object({
  canComment: z.boolean(),
  items: z
    .array(ZComment.extend({ replies: z.array(ZComment) }))
    .describe("top comments oldest first, each with its replies"),
});

export const ZReported = z.object({
  commentId: z.number(),
  already: z.boolean().describe("true when this person had reported it before (nothing new is stored)"),
});

export const ZQueueQuery = z.object({
  status: z.enum(["held", "reported", "hidden"]).default("held"),
  q: z.string().trim().max(50).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

export const ZQueueItem = z.object({
  id: z.number(),
  subjectKind: z.string(),
  subjectId: z.number(),
  subjectTitle: z.string().nullable(),
  parentId: z.number().nullable(),
  authorName: z.string().describe("masked: family name + 某"),
  body: z.string(),
  status: ZCommentStatus,
  heldWord: z.string().nullable(),
  hiddenReason: z.string().nullable(),
  reports: z.number().describe("open reports"),
  reportReasons: z.array(z.string()),
  createdAt: z.date(),
});
export const ZQueue = z.object({ items: z.array(ZQueueItem), total: z.number() });

export const ZModerated = z.object({ id: z.number(), status: ZCommentStatus });

export const ZBatchModerate = z.object({
  ids: z
    .array(z.number().int().positive())
    .min(1)
    .max(MAX_MODERATION_BATCH)
    .refine((ids) => new Set(ids).size === ids.length, { message: "ids must not repeat" })
    .describe(`the comments, at most ${MAX_MODERATION_BATCH}, none twice`),
  action: z.enum(["approve", "hide"]),
  reason: z.string().trim().min(1).max(REASON_MAX).optional().describe("required to hide"),
});
export const ZBatchModerated = z.object({
  results: z.array(
    z.object({
      id: z.number(),
      ok: z.boolean(),
      status: ZCommentStatus.nullable(),
      error: z.object({ code: z.string(), message_zh: z.string(), message_en: z.string() }).nullable(),
    }),
  ),
  okCount: z.number(),
  errorCount: z.number(),
});

export const ZWords = z.object({
  words: z
    .array(z.string().trim().min(1).max(WORD_MAX))
    .max(WORDS_MAX)
    .describe(
      `the community's word list (each 1–${WORD_MAX} characters, at most ${WORDS_MAX}); matched ignoring case and spaces`,
    ),
});
