// The contract of matching (T4): a volunteer's stated availability, a need's ranked suggestions with
// their reasons in words, assignments and the volunteer's answer. Also the OpenAPI document and the web
// app's types.
import { z } from "zod";
import { ZCommunityParams } from "../../core/places/places.schema.ts";

export const BANDS = ["morning", "afternoon", "evening"] as const;

export const ZNeedParams = ZCommunityParams.extend({ requestId: z.coerce.number().int().positive() });
export const ZNeedAssignmentParams = ZCommunityParams.extend({
  assignmentId: z.coerce.number().int().positive(),
});

export const ZAvailability = z.object({
  weekdays: z
    .array(z.number().int().min(1).max(7))
    .max(7)
    .describe("ISO weekdays the volunteer can serve (1 = Monday … 7 = Sunday)"),
  bands: z.array(z.enum(BANDS)).max(3).describe("time bands: morning 8–12, afternoon 12–18, evening 18–21"),
  skills: z.array(z.string().trim().min(1).max(20)).max(20).default([]).describe("skills beyond the team's"),
});
export type TAvailability = z.infer<typeof ZAvailability>;
export const ZMyAvailability = ZAvailability.extend({ stated: z.boolean(), volunteer: z.boolean() });

const ZReason = z.object({ zh: z.string(), en: z.string() });

export const ZNeedSummary = z.object({
  requestId: z.number(),
  title: z.string(),
  categoryZh: z.string(),
  categoryEn: z.string(),
  status: z.string(),
  place: z.string().describe("estate and building, no room"),
  createdAt: z.date(),
  assignment: z
    .object({
      id: z.number(),
      userId: z.number(),
      name: z.string(),
      status: z.enum(["assigned", "accepted"]),
    })
    .nullable(),
  declined: z.number().describe("volunteers who declined this need"),
});
export const ZNeedList = z.object({ needs: z.array(ZNeedSummary) });

export const ZSuggestions = z.object({
  need: ZNeedSummary,
  proximity: z
    .enum(["place-tree"])
    .describe("how nearness is read: the register's place tree (same building > estate > grid)"),
  suggestions: z.array(
    z.object({
      userId: z.number(),
      name: z.string(),
      teams: z.array(z.string()),
      score: z.number(),
      recentMinutes: z.number().describe("certified minutes in the last 30 days"),
      reasons: z.array(ZReason),
    }),
  ),
});

export const ZAssignNeed = z.object({ userId: z.number().int().positive() });
export const ZNeedAssigned = z.object({ assignmentId: z.number() });
export const ZAnswer = z.object({ accept: z.boolean() });
export const ZAnswered = z.object({ status: z.enum(["accepted", "declined"]) });

export const ZMyNeedAssignments = z.object({
  assignments: z.array(
    z.object({
      id: z.number(),
      communityId: z.number(),
      requestId: z.number(),
      title: z.string(),
      categoryZh: z.string(),
      categoryEn: z.string(),
      place: z.string(),
      status: z.enum(["assigned", "accepted", "declined"]),
      assignedAt: z.date(),
      reasons: z.array(ZReason),
    }),
  ),
});
