import { z } from "zod";

const ZDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date YYYY-MM-DD");

/** A place: district:ID, street:ID, community:ID or grid:COMMUNITY_ID:GRID_ID. */
export const ZPlace = z
  .string()
  .regex(
    /^(district|street|community):\d{1,9}$|^grid:\d{1,9}:\d{1,9}$/,
    "district:ID, street:ID, community:ID or grid:COMMUNITY:ID",
  )
  .describe("the place: district:ID, street:ID, community:ID or grid:COMMUNITY_ID:GRID_ID");

export const ZFiguresQuery = z
  .object({
    place: ZPlace,
    period: z
      .enum(["day", "month", "year"])
      .default("month")
      .describe("the buckets of the series: days, months or years (months and years are sums of days)"),
    from: ZDay.optional().describe(
      "first day counted (China time); default: 30 days, 12 months or 5 years back",
    ),
    to: ZDay.optional().describe("last day counted (China time); default: today"),
  })
  .refine((v) => !v.from || !v.to || v.from <= v.to, {
    message: "from must not be after to",
    path: ["from"],
  });

export const ZExportQuery = ZFiguresQuery.and(
  z.object({
    table: z
      .enum(["summary", "series", "children", "participation", "coverage"])
      .default("summary")
      .describe(
        "which table: the place's figures, its series, its child places, participation by age band and care tag, or life-circle coverage",
      ),
  }),
);

export const FIGURE_KEYS = [
  "requests_received",
  "requests_solved",
  "requests_solved_on_time",
  "requests_rated",
  "requests_rated_good",
  "vol_services",
  "vol_minutes",
  "meeting_attendances",
  "meeting_residents",
  "topics_created",
  "votes_closed",
  "votes_passed",
  "points_issued",
  "points_deducted",
  "mall_exchanges",
  "mall_points",
  "mall_value_fen",
  "canteen_meals",
  "canteen_deliveries",
  "canteen_resident_fen",
  "canteen_community_fen",
  "canteen_discount_fen",
  "canteen_subsidy_fen",
  "care_visits",
  "care_alerts",
  "care_alerts_answered",
  "project_incomes",
  "project_raised_fen",
  "project_raised_community_fen",
  "project_raised_units_fen",
  "project_raised_government_fen",
  "project_raised_residents_fen",
  "project_raised_other_fen",
  "project_raised_unspecified_fen",
] as const;
export type FigureKey = (typeof FIGURE_KEYS)[number];

const ZPlaceRef = z.object({
  level: z.enum(["district", "street", "community", "grid"]),
  place: z.string().describe("the place parameter that names it"),
  name: z.string(),
});

const counts = <T extends z.ZodTypeAny>(cell: T) =>
  z.object(Object.fromEntries(FIGURE_KEYS.map((k) => [k, cell])) as Record<FigureKey, T>);

const ZRates = z.object({
  solvedOnTimePct: z.number().nullable().describe("requests solved on time ÷ solved, percent"),
  satisfactionPct: z.number().nullable().describe("requests rated good ÷ rated, percent"),
  volHours: z.number().describe("certified volunteer hours (minutes ÷ 60, one decimal)"),
  volHoursPerResident: z.number().nullable().describe("certified hours ÷ verified residents"),
  goodsValueYuan: z.number().nullable().describe("goods exchanged in the mall, yuan (mall_value_fen ÷ 100)"),
  canteenSubsidyYuan: z.number().nullable().describe("government subsidy of the canteen's meals, yuan"),
  careAlertsAnsweredPct: z
    .number()
    .nullable()
    .describe("missed check-ins answered within an hour ÷ missed check-ins alerted, percent"),
});

const ZCount = z.number().nullable().describe("null: not counted at this level (grids count requests only)");

const ZShare = z.object({
  active: z.number().describe("distinct verified residents active in the months (insight_active)"),
  residents: z.number().describe("verified residents now"),
  pct: z.number().nullable().describe("active ÷ residents, percent (one decimal)"),
});

export const AGE_BAND_VALUES = ["0-17", "18-34", "35-59", "60-79", "80+", "unknown"] as const;

const ZParticipation = ZShare.extend({
  fromMonth: z.string().describe("first month counted (YYYY-MM): the month of `from`"),
  toMonth: z.string().describe("last month counted (YYYY-MM): the month of `to`"),
  ageOn: z.string().describe("the day ages are taken on (the period's last day)"),
  byAge: z.array(ZShare.extend({ band: z.enum(AGE_BAND_VALUES) })),
  byCare: z
    .array(ZShare.extend({ tag: z.string() }))
    .describe("per care tag of the residents enrolled in care (关爱对象)"),
  series: z
    .array(z.object({ bucket: z.string(), active: z.number(), pct: z.number().nullable() }))
    .describe("per month (per year for a period of years): distinct active residents ÷ residents now"),
});

const ZCoverage = z
  .object({
    minutes: z.number().describe("the walk counted: 15 minutes"),
    communities: z.number().describe("communities of the place with life-circle readings"),
    refreshedAt: z.string().nullable().describe("the oldest refresh of the communities' coverage"),
    kinds: z.array(
      z.object({
        code: z.string(),
        nameZh: z.string(),
        nameEn: z.string(),
        buildings: z.number().describe("residential buildings on the walking network"),
        buildingsWithin: z.number().describe("of them within 15 minutes' walk of a facility of the kind"),
        buildingsPct: z.number().nullable(),
        residents: z.number().describe("verified residents of the (matched) residential buildings"),
        residentsWithin: z.number(),
        residentsPct: z.number().nullable(),
      }),
    ),
  })
  .nullable()
  .describe("life-circle coverage per facility kind; null for a grid");

export const ZFigures = z.object({
  place: ZPlaceRef,
  period: z.enum(["day", "month", "year"]),
  from: z.string(),
  to: z.string(),
  residents: z.number().describe("verified residents now (the denominator of per-resident figures)"),
  figures: counts(ZCount),
  rates: ZRates,
  participation: ZParticipation,
  coverage: ZCoverage,
  series: z.array(z.object({ bucket: z.string(), figures: counts(ZCount) })),
  children: z.array(
    z.object({
      place: ZPlaceRef,
      residents: z.number(),
      figures: counts(ZCount),
      rates: ZRates,
      participation: ZShare,
    }),
  ),
});

const ZOpenCell = z
  .union([z.number(), z.literal("<5")])
  .nullable()
  .describe('a count; "<5" when it is 1 to 4 (suppressed so that no one is identifiable)');

const ZOpenShare = z.object({
  active: ZOpenCell,
  residents: ZOpenCell,
  pct: z.number().nullable().describe("active ÷ residents, percent; null when either count is under 5"),
});

export const ZOpenQuery = z
  .object({
    place: z
      .string()
      .regex(/^(district|street|community):\d{1,9}$/, "district:ID, street:ID or community:ID")
      .describe("district:ID, street:ID or community:ID"),
    period: z.enum(["month", "year"]).default("month").describe("months or years"),
    from: ZDay.optional().describe("first day counted (China time); default: 12 months or 5 years back"),
    to: ZDay.optional().describe("last day counted (China time); default: today"),
  })
  .refine((v) => !v.from || !v.to || v.from <= v.to, {
    message: "from must not be after to",
    path: ["from"],
  });

export const ZOpenFigures = z.object({
  place: ZPlaceRef,
  period: z.enum(["month", "year"]),
  from: z.string(),
  to: z.string(),
  suppression: z.string().describe("the rule applied to every count"),
  residents: ZOpenCell,
  figures: counts(ZOpenCell),
  participation: ZOpenShare.extend({
    fromMonth: z.string(),
    toMonth: z.string(),
    ageOn: z.string(),
    byAge: z.array(ZOpenShare.extend({ band: z.enum(AGE_BAND_VALUES) })),
  }).describe("distinct active residents ÷ residents, by age band (care tags are not published)"),
  coverage: z
    .object({
      minutes: z.number(),
      communities: z.number(),
      kinds: z.array(
        z.object({
          code: z.string(),
          nameZh: z.string(),
          nameEn: z.string(),
          buildings: ZOpenCell,
          buildingsWithin: ZOpenCell,
          buildingsPct: z.number().nullable().describe("null when buildings within is under 5"),
          residents: ZOpenCell,
          residentsWithin: ZOpenCell,
          residentsPct: z.number().nullable().describe("null when residents within is under 5"),
        }),
      ),
    })
    .nullable(),
  series: z.array(
    z.object({
      bucket: z.string(),
      figures: counts(ZOpenCell),
      active: ZOpenCell.describe("distinct residents active in the month or year"),
    }),
  ),
  children: z.array(
    z.object({
      place: ZPlaceRef,
      residents: ZOpenCell,
      figures: counts(ZOpenCell),
      participation: ZOpenShare,
    }),
  ),
});

// ---- requests by category (the big screen's panel): a count over at most 92 days ----

export const ZCategoriesQuery = z
  .object({
    place: ZPlace,
    from: ZDay.optional().describe(
      "first day of submission counted (China time); default: the 1st of this month",
    ),
    to: ZDay.optional().describe("last day of submission counted (China time); default: today"),
  })
  .refine((v) => !v.from || !v.to || v.from <= v.to, {
    message: "from must not be after to",
    path: ["from"],
  });

export const ZCategories = z.object({
  place: ZPlaceRef,
  from: z.string(),
  to: z.string(),
  total: z.number().describe("requests received in the period (merged duplicates not counted)"),
  categories: z
    .array(
      z.object({
        code: z.string().describe("the category's code (the same code in every community is one category)"),
        nameZh: z.string(),
        nameEn: z.string(),
        count: z.number(),
      }),
    )
    .describe("most requests first"),
});
