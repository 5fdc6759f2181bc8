import { z } from "zod";
import { ZCommunityParams } from "../../core/places/places.schema.ts";

export const ZOpinionStatus = z.enum(["pending", "replied"]).describe("pending 待回复, replied 已回复");

export const ZSubmitOpinion = z.object({
  text: z.string().trim().min(5).max(2000).describe("the suggestion or opinion, anonymous"),
  topic: z.string().trim().min(1).max(40).optional().describe("what it is about, e.g. 停车, 环境"),
});

export const ZOpinionSubmitted = z.object({
  trackingCode: z.string().describe("keep it to read the reply: the only link to the opinion"),
  submittedAt: z.date(),
  feedbackDueAt: z.date().describe("the community replies within 5 working days"),
});

export const ZTrackingParams = ZCommunityParams.extend({
  trackingCode: z
    .string()
    .trim()
    .min(8)
    .max(20)
    .regex(/^[0-9A-Za-z-]+$/, "letters, digits and -"),
});
export const ZOpinionParams = ZCommunityParams.extend({ opinionId: z.coerce.number().int().positive() });

export const ZTrackedOpinion = z.object({
  trackingCode: z.string(),
  text: z.string(),
  topic: z.string().nullable(),
  status: ZOpinionStatus,
  submittedAt: z.date(),
  feedbackDueAt: z.date(),
  overdue: z.boolean().describe("no reply yet and the feedback deadline has passed"),
  reply: z.string().nullable(),
  repliedAt: z.date().nullable(),
});

export const ZOpinionListQuery = z.object({
  status: ZOpinionStatus.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

export const ZStaffOpinion = z.object({
  id: z.number(),
  text: z.string(),
  topic: z.string().nullable(),
  status: ZOpinionStatus,
  submittedAt: z.date(),
  feedbackDueAt: z.date(),
  overdue: z.boolean(),
  reply: z.string().nullable(),
  replyPublic: z.boolean(),
  repliedAt: z.date().nullable(),
  repliedBy: z.string().nullable().describe("the staff member who replied"),
});
export const ZStaffOpinions = z.object({
  items: z.array(ZStaffOpinion),
  overdueCount: z.number().describe("opinions past their feedback deadline without a reply"),
  nextOffset: z.number().nullable(),
});

export const ZReplyOpinion = z.object({
  reply: z.string().trim().min(2).max(2000),
  public: z.boolean().default(true).describe("show the opinion and this reply in the suggestion column"),
});

export const ZColumnQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(30),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export const ZColumnItem = z.object({
  text: z.string(),
  topic: z.string().nullable(),
  reply: z.string(),
  repliedAt: z.date(),
});
export const ZSuggestionColumn = z.object({
  items: z.array(ZColumnItem),
  nextOffset: z.number().nullable(),
});
