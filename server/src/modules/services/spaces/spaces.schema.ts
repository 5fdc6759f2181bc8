// The contract of the spaces module (C2): bodies, queries and answers of every route; also the OpenAPI
// document and the web app's types. Times are China time (UTC+8): a booking is a day and two HH:MM.
import { z } from "zod";
import { patchBody } from "../../../http/patch.ts";
import { ZCommunityParams } from "../../core/places/places.schema.ts";
import { ZRating, ZRatingComment } from "../../voice/requests/requests.schema.ts";

const ZId = z.number().int().positive();
const realDay = (s: string) => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};
export const ZDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "YYYY-MM-DD")
  .refine(realDay, "a real calendar day")
  .refine((s) => s >= "2000-01-01" && s <= "2100-12-31", "a day in 2000–2100");
export const ZTime = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$/, "HH:MM");
const ZWindow = z
  .string()
  .regex(/^$|^([01][0-9]|2[0-3]):[0-5][0-9]-(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$/, "'' or HH:MM-HH:MM")
  .refine((w) => w === "" || w.slice(0, 5) < w.slice(6), "opening before closing");
export const ZHours = z
  .array(ZWindow)
  .length(7)
  .describe("opening hours per weekday, Monday first, China time: '' closed, else 'HH:MM-HH:MM'");

export const ZSpaceParams = ZCommunityParams.extend({ spaceId: z.coerce.number().int().positive() });
export const ZBookingParams = ZCommunityParams.extend({ spaceBookingId: z.coerce.number().int().positive() });

// ---- spaces ----
const spaceFields = {
  name: z.string().trim().min(1).max(60).describe("unique in the community, e.g. 聚邻空间"),
  estateId: ZId.nullable().optional().describe("the estate it is in, if any"),
  place: z.string().trim().max(200).default("").describe("where it is, e.g. 省法院小区架空层"),
  description: z.string().trim().max(1000).default(""),
  capacity: z.number().int().min(1).max(10_000).describe("people at most"),
  hours: ZHours,
  convention: z.string().trim().min(1).max(5000).describe("the convention (公约) a booker accepts"),
  needsApproval: z.boolean().default(true).describe("bookings wait for staff approval"),
  status: z.enum(["open", "closed"]).default("open"),
  ratingSubjectId: ZId.nullable()
    .optional()
    .describe("the rating subject residents rate it under (default: the space subject of the same name)"),
};
export const ZCreateSpace = z.object(spaceFields);
export type TCreateSpace = z.infer<typeof ZCreateSpace>;
export const ZUpdateSpace = patchBody({
  name: spaceFields.name.optional(),
  estateId: ZId.nullable().optional(),
  place: z.string().trim().max(200).optional(),
  description: z.string().trim().max(1000).optional(),
  capacity: spaceFields.capacity.optional(),
  hours: ZHours.optional(),
  convention: spaceFields.convention.optional().describe("a changed text is a new version"),
  needsApproval: z.boolean().optional(),
  status: z.enum(["open", "closed"]).optional(),
  ratingSubjectId: ZId.nullable().optional(),
});
export type TUpdateSpace = z.infer<typeof ZUpdateSpace>;

export const ZSpace = z.object({
  id: ZId,
  communityId: ZId,
  name: z.string(),
  estateId: z.number().int().nullable(),
  place: z.string(),
  description: z.string(),
  capacity: z.number().int(),
  hours: z.array(z.string()),
  convention: z.string(),
  conventionVersion: z.number().int(),
  needsApproval: z.boolean(),
  status: z.enum(["open", "closed"]),
  ratingSubjectId: z.number().int().nullable(),
});
export const ZSpaceList = z.object({ items: z.array(ZSpace), canBook: z.boolean() });
export const ZSpaceResult = z.object({ space: ZSpace });

// ---- bookings ----
export const ZBookingStatus = z.enum(["pending", "approved", "refused", "cancelled"]);
export const ZBooking = z.object({
  id: ZId,
  communityId: ZId,
  spaceId: ZId,
  spaceName: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  day: z.string().describe("China day"),
  from: z.string().describe("HH:MM China time"),
  to: z.string().describe("HH:MM China time"),
  status: ZBookingStatus,
  mine: z.boolean().describe("the caller's side (themself, their household, or they made it)"),
  details: z
    .object({
      purpose: z.string(),
      attendees: z.number().int(),
      bookerName: z.string().describe("the resident or organisation it is for"),
      bookedByName: z.string(),
      phone: z.string().nullable().describe("masked"),
      organisationId: z.number().int().nullable(),
      meetingId: z.number().int().nullable(),
      meetingTitle: z.string().nullable(),
      conventionVersion: z.number().int(),
      decisionNote: z.string(),
      decidedAt: z.string().nullable(),
      ratedAt: z.string().nullable(),
      createdAt: z.string(),
    })
    .nullable()
    .describe("only for the booker's side and staff: who and why (null for other residents)"),
});
export const ZBookingResult = z.object({ booking: ZBooking });

export const ZBook = z.object({
  day: ZDay,
  from: ZTime,
  to: ZTime,
  purpose: z.string().trim().min(1).max(200),
  attendees: z.number().int().min(1).max(10_000),
  conventionVersion: z
    .number()
    .int()
    .positive()
    .describe("the version of the convention the booker read and accepts (must be the current one)"),
  organisationId: ZId.optional().describe("book for an organisation the caller represents"),
});
export type TBook = z.infer<typeof ZBook>;

export const ZBookMeeting = z.object({
  meetingId: ZId,
  conventionVersion: z.number().int().positive(),
  attendees: z.number().int().min(1).max(10_000).default(10),
});
export type TBookMeeting = z.infer<typeof ZBookMeeting>;

export const ZDayQuery = z.object({ day: ZDay.optional() });
export const ZSpaceDay = z.object({
  space: ZSpace,
  day: z.string(),
  open: z.string().nullable().describe("HH:MM-HH:MM, or null: closed that day"),
  bookings: z.array(ZBooking),
  free: z
    .array(z.object({ from: z.string(), to: z.string() }))
    .describe("the free hour slots still to come that day (China time)"),
});

export const ZBookingsQuery = z.object({
  spaceId: z.coerce.number().int().positive().optional(),
  status: ZBookingStatus.optional(),
  from: ZDay.optional().describe("first day (China time)"),
  to: ZDay.optional().describe("last day (China time), inclusive"),
  q: z.string().trim().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type TBookingsQuery = z.infer<typeof ZBookingsQuery>;
export const ZBookingList = z.object({
  items: z.array(ZBooking),
  total: z.number().int(),
  counts: z.object({
    pending: z.number().int(),
    approved: z.number().int(),
    refused: z.number().int(),
    cancelled: z.number().int(),
  }),
});

export const ZDecide = z.object({
  ids: z.array(ZId).min(1).max(200),
  decision: z.enum(["approve", "refuse"]),
  note: z.string().trim().max(200).default(""),
});
export type TDecide = z.infer<typeof ZDecide>;
export const ZDecided = z.object({
  decided: z.array(z.number().int()).describe("the pending bookings decided"),
  skipped: z.array(z.number().int()).describe("not pending (already decided or cancelled) or unknown"),
});

export const ZRateBooking = z.object({ rating: ZRating, comment: ZRatingComment.optional() });
export type TRateBooking = z.infer<typeof ZRateBooking>;
export const ZRated = z.object({ bookingId: ZId, subjectId: ZId, rating: ZRating });

export const ZMine = z.object({ bookings: z.array(ZBooking) });
