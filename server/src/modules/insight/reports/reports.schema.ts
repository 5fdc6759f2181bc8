import { z } from "zod";
import { FIGURE_KEYS, type FigureKey } from "../figures/figures.schema.ts";

/** A month of the calendar, China time. */
export const ZMonth = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "a month YYYY-MM (01–12)")
  .describe("a month, YYYY-MM (China time)");

/** The place of a report: a street or a community. */
export const ZReportPlace = z
  .string()
  .regex(/^(street|community):\d{1,9}$/, "street:ID or community:ID")
  .describe("the report's place: street:ID or community:ID");

export const ZReportsQuery = z.object({
  place: z
    .string()
    .regex(/^(district|street|community):\d{1,9}$/, "district:ID, street:ID or community:ID")
    .describe(
      "the reports of this place and of the places below it (a district: its streets and communities)",
    ),
  month: ZMonth.optional().describe("only this month"),
  level: z.enum(["community", "street"]).optional().describe("only community or only street reports"),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export const ZReportId = z.object({ id: z.coerce.number().int().min(1).max(2147483647) });

export const ZGenerateBody = z.object({
  place: ZReportPlace,
  month: ZMonth.describe("a month that is over (before the current month, China time)"),
});

export const ZReportMeta = z.object({
  id: z.number(),
  level: z.enum(["community", "street"]),
  place: z.string().describe("street:ID or community:ID"),
  placeName: z.string(),
  month: z.string(),
  generatedAt: z.string().describe("when the PDF was made (ISO time)"),
  generatedBy: z.enum(["job", "staff"]).describe("the monthly job, or staff regenerating it"),
  sha256: z.string().describe("SHA-256 of the archived PDF, hex"),
  pdfBytes: z.number(),
});

export const ZReportList = z.object({
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
  items: z.array(ZReportMeta),
});

const counts = z.object(
  Object.fromEntries(FIGURE_KEYS.map((k) => [k, z.number().nullable()])) as Record<
    FigureKey,
    z.ZodNullable<z.ZodNumber>
  >,
);
const rates = z.object({
  solvedOnTimePct: z.number().nullable(),
  satisfactionPct: z.number().nullable(),
  volHours: z.number(),
  volHoursPerResident: z.number().nullable(),
});

/** What a report states, kept as JSON beside its PDF: a regeneration states the same. */
export const ZReportNumbers = z.object({
  place: z.object({ level: z.enum(["community", "street"]), place: z.string(), name: z.string() }),
  month: z.string(),
  previousMonth: z.string(),
  residents: z.number().describe("verified residents when the report was made (the denominator)"),
  figures: counts,
  previous: counts,
  rates,
  previousRates: rates,
  highlights: z.object({
    requestsResolved: z.number(),
    requests: z.array(
      z.object({
        id: z.number(),
        community: z.string(),
        title: z.string(),
        category: z.string(),
        supporters: z.number().describe("its submitter and the submitters of the duplicates merged into it"),
      }),
    ),
    projectsFinished: z.number(),
    projects: z.array(z.object({ id: z.number(), community: z.string(), title: z.string() })),
    activitiesFinished: z.number(),
    activities: z.array(
      z.object({ id: z.number(), community: z.string(), title: z.string(), attended: z.number() }),
    ),
  }),
  ranking: z
    .array(
      z.object({
        place: z.string(),
        name: z.string(),
        residents: z.number(),
        figures: counts,
        rates,
      }),
    )
    .describe("a street's communities with their denominators; empty for a community"),
});

/** A report's numbers as stored (the PDF and the service share this type; it lives here so neither imports the other for it). */
export type ReportNumbers = z.infer<typeof ZReportNumbers>;

export const ZReport = ZReportMeta.extend({ numbers: ZReportNumbers });
