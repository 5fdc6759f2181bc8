import { z } from "zod";

export const ZAuditQuery = z.object({
  communityId: z.coerce.number().int().positive(),
  action: z.string().max(60).optional(),
  before: z.coerce.number().int().positive().optional().describe("page backwards from this id"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const ZAuditEntry = z.object({
  id: z.number(),
  at: z.date(),
  actorName: z.string().nullable(),
  actorRole: z.string().nullable(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  reason: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
});
export const ZAuditLog = z.array(ZAuditEntry);
