// The contract of care for key groups (C5, 幸福敲门 / 双阳工程): bodies, queries and answers of every route;
// also the OpenAPI document and the web app's types. Days are China calendar days (YYYY-MM-DD); a
// check-in time is "HH:MM", China time.
import { z } from "zod";
import { ZCareTag } from "../../core/people/people.schema.ts";
import { ZCommunityParams, ZPage } from "../../core/places/places.schema.ts";

export const ZResidentCareParams = ZCommunityParams.extend({
  residentId: z.coerce.number().int().positive(),
});
export const ZAlertParams = ZCommunityParams.extend({ alertId: z.coerce.number().int().positive() });
export const ZPlanParams = ZCommunityParams.extend({ careTag: ZCareTag });

const ZDay = z.iso.date();
const ZHhMm = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "a time of day as HH:MM")
  .describe("a time of day, China time (HH:MM)");

// ---- visit plans ----
export const ZSetPlan = z.object({
  frequencyDays: z.number().int().min(1).max(365).describe("days between two visits"),
});
export const ZPlan = z.object({
  careTag: ZCareTag,
  frequencyDays: z.number().nullable().describe("null: no plan for this group yet"),
  residents: z.number().describe("residents of the group in the caller's reach"),
  overdue: z.number().describe("of them, overdue for a visit"),
});
export const ZPlanList = z.object({ plans: z.array(ZPlan) });

// ---- the care list (staff) ----
export const ZCareListQuery = ZPage.extend({
  q: z.string().trim().max(40).optional().describe("name or room"),
  careTag: ZCareTag.optional(),
  overdue: z.enum(["true", "false"]).optional().describe("only residents overdue for a visit"),
  enrolled: z.enum(["true", "false"]).optional().describe("only residents enrolled in the daily check-in"),
  missed: z
    .enum(["true", "false"])
    .optional()
    .describe("only enrolled residents who missed today's check-in"),
});
export type TCareListQuery = z.infer<typeof ZCareListQuery>;

export const ZCheckinState = z
  .enum(["not_enrolled", "checked_in", "waiting", "missed"])
  .describe("today: checked in, not yet (before the time), missed (after it)");

export const ZCareResident = z.object({
  residentId: z.number(),
  name: z.string(),
  phone: z.string().describe("masked"),
  place: z.string().describe("building and room"),
  careTags: z.array(ZCareTag),
  lastVisitOn: z.string().nullable(),
  nextVisitDue: z
    .string()
    .nullable()
    .describe("last visit + the shortest frequency of the resident's groups"),
  overdue: z.boolean(),
  enrolled: z.boolean(),
  deadline: z.string().nullable().describe("the daily check-in time (HH:MM)"),
  today: ZCheckinState,
  openAlertId: z.number().nullable(),
});
export const ZCareList = z.object({ items: z.array(ZCareResident), total: z.number() });

// ---- one resident's care record ----
export const ZVisit = z.object({
  id: z.number(),
  visitedOn: z.string(),
  visitor: z.string(),
  health: z.enum(["good", "fair", "poor", "unwell"]),
  gasSafe: z.boolean(),
  electricitySafe: z.boolean(),
  notes: z.string(),
  needs: z.string(),
  requestId: z.number().nullable(),
});
export const ZCheckin = z.object({
  id: z.number(),
  day: z.string(),
  at: z.date(),
  method: z.enum(["self", "family", "building_head", "staff", "phone", "visit"]),
  by: z.string().nullable(),
});
export const ZAlert = z.object({
  id: z.number(),
  residentId: z.number(),
  name: z.string(),
  place: z.string(),
  day: z.string(),
  raisedAt: z.date(),
  escalatedAt: z.date().nullable(),
  acknowledgedAt: z.date().nullable(),
  ackKind: z.enum(["visited", "contacted"]).nullable(),
  closedAt: z.date().nullable(),
  minutesToAnswer: z
    .number()
    .nullable()
    .describe("from the alert to the first answer (acknowledged or closed)"),
});
export const ZCareRecord = z.object({
  residentId: z.number(),
  name: z.string(),
  place: z.string(),
  careTags: z.array(ZCareTag),
  enrolment: z
    .object({
      deadline: z.string(),
      consentBy: z.enum(["resident", "guardian"]),
      consentAt: z.date(),
      contacts: z.array(z.object({ name: z.string(), phone: z.string(), relation: z.string() })),
    })
    .nullable(),
  today: ZCheckinState,
  checkins: z.array(ZCheckin).describe("the last 14 days"),
  visits: z.array(ZVisit).describe("newest first, at most 20"),
  alerts: z.array(ZAlert).describe("the last 14 days"),
  canVisit: z.boolean().describe("the caller may record a visit and check in for them"),
});

// ---- visits ----
export const ZRecordVisit = z.object({
  visitedOn: ZDay.optional().describe("default today"),
  health: z.enum(["good", "fair", "poor", "unwell"]),
  gasSafe: z.boolean(),
  electricitySafe: z.boolean(),
  notes: z.string().trim().max(2000).default(""),
  needs: z
    .string()
    .trim()
    .max(2000)
    .default("")
    .describe("needs found: a private request (kind need, 养老服务) is made on the resident's behalf"),
  alertId: z.number().int().positive().optional().describe("the missed-check-in alert this visit answers"),
});
export type TRecordVisit = z.infer<typeof ZRecordVisit>;
export const ZVisitRecorded = z.object({
  id: z.number(),
  requestId: z.number().nullable(),
  alertClosed: z.boolean(),
});

// ---- enrolment ----
export const ZEnrol = z.object({
  residentId: z.number().int().positive(),
  deadline: ZHhMm.default("10:00"),
  consentBy: z.enum(["resident", "guardian"]).describe("who agreed to the daily check-in"),
  consentNote: z.string().trim().max(500).default(""),
  contacts: z
    .array(
      z.object({
        phone: z
          .string()
          .trim()
          .regex(/^1\d{10}$/, "a mainland mobile number"),
        relation: z.string().trim().max(20).default(""),
      }),
    )
    .max(5)
    .default([])
    .describe("family members with a Linli account who may check in for them and see their check-ins"),
});
export type TEnrol = z.infer<typeof ZEnrol>;
export const ZEnrolled = z.object({ residentId: z.number(), contacts: z.number() });

// ---- check-in ----
export const ZCheckinBody = z.object({
  phoneCall: z.boolean().default(false).describe("staff log a phone call with the resident"),
  note: z.string().trim().max(500).default(""),
});
export const ZCheckedIn = z.object({
  id: z.number(),
  day: z.string(),
  method: ZCheckin.shape.method,
  alertClosed: z.boolean(),
});

// ---- alerts ----
export const ZAlertsQuery = z.object({
  open: z.enum(["true", "false"]).default("true").describe("only alerts not yet closed"),
});
export const ZAlertList = z.object({ alerts: z.array(ZAlert) });
export const ZAcknowledge = z.object({
  kind: z.enum(["visited", "contacted"]).describe("已上门 / 已联系"),
});

// ---- mine (resident and family) ----
export const ZMyCare = z.object({
  enrolled: z.array(
    z.object({
      communityId: z.number(),
      residentId: z.number(),
      deadline: z.string(),
      checkedInToday: z.boolean(),
    }),
  ),
  relatives: z.array(
    z.object({
      communityId: z.number(),
      residentId: z.number(),
      name: z.string(),
      relation: z.string(),
      deadline: z.string(),
      today: ZCheckinState,
      checkins: z.array(ZCheckin).describe("the last 7 days"),
    }),
  ),
});
