import { z } from "zod";

export const ZDay = z.iso.date().describe("YYYY-MM-DD (China time)");
export const ZCalendarQuery = z.object({
  year: z.coerce
    .number()
    .int()
    .min(2000)
    .max(2100)
    .optional()
    .describe("defaults to the current year in China"),
});
export const ZCalendarEntry = z.object({
  day: ZDay,
  kind: z.enum(["holiday", "workday"]).describe("holiday: a rest day; workday: a make-up working day (调休)"),
  name: z.string(),
});
export const ZCalendarYear = z.object({
  year: z.number(),
  days: z.array(ZCalendarEntry),
  workingDays: z.number().describe("working days in the year"),
  official: z.boolean().describe("the State Council's arrangement for this year ships with Linli"),
});
export const ZDayParams = z.object({ day: ZDay });
export const ZSetDay = z.object({
  kind: z.enum(["holiday", "workday"]),
  name: z.string().trim().min(1).max(40).describe("e.g. 春节, or 春节调休上班"),
});
