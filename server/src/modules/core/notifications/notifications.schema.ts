import { z } from "zod";

export const ZNotification = z
  .object({
    id: z.number(),
    kind: z.string().describe("e.g. deadline.sign_reminder, deadline.escalated, request.closed"),
    communityId: z.number().nullable(),
    title: z.string().describe("in the person's language"),
    body: z.string(),
    titleZh: z.string(),
    titleEn: z.string(),
    bodyZh: z.string(),
    bodyEn: z.string(),
    link: z.string().nullable().describe("a page of the web app to open"),
    createdAt: z.date(),
    readAt: z.date().nullable(),
  })
  .meta({ id: "Notification" });

export const ZNotificationList = z.object({
  items: z.array(ZNotification),
  unreadCount: z.number(),
  nextBefore: z.number().nullable().describe("pass as `before` for the next (older) page; null at the end"),
});

export const ZListQuery = z.object({
  before: z.coerce.number().int().positive().optional().describe("page backwards from this id"),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  unreadOnly: z
    .enum(["true", "false", "1", "0"])
    .optional()
    .transform((v) => v === "true" || v === "1"),
});

export const ZNotificationParams = z.object({ notificationId: z.coerce.number().int().positive() });

export const ZUnread = z.object({ unreadCount: z.number() });

export const ZPreferences = z
  .object({
    inApp: z.boolean().describe("the in-app list and live updates"),
    sms: z.boolean().describe("text messages through the SMS adapter"),
  })
  .strict()
  .meta({ id: "NotificationPreferences" });

export const ZStreamQuery = z.object({
  maxSeconds: z.coerce
    .number()
    .int()
    .min(0)
    .max(3600)
    .default(600)
    .describe(
      "the server ends the stream after this long (EventSource reconnects by itself); 0 ends it at once",
    ),
});
