import { z } from "zod";

const ZDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date YYYY-MM-DD");

export const ZBoardQuery = z
  .object({
    level: z.enum(["grid", "community", "street"]),
    id: z.coerce.number().int().positive().describe("the grid, community or street id"),
    communityId: z.coerce
      .number()
      .int()
      .positive()
      .optional()
      .describe("for level=grid: the grid's community (needed only if the grid id is ambiguous)"),
    from: ZDay.optional().describe("first day of submission counted (China time); default: the beginning"),
    to: ZDay.optional().describe("last day of submission counted (China time); default: no limit"),
  })
  .refine((v) => !v.from || !v.to || v.from <= v.to, {
    message: "from must not be after to",
    path: ["from"],
  });

const pctField = (what: string) =>
  z.number().nullable().describe(`${what}, in percent (one decimal); null when nothing to divide by`);

export const ZBoardFigures = z
  .object({
    level: z.enum(["grid", "community", "street"]),
    id: z.number(),
    name: z.string().describe("the public name of the grid, community or street"),
    from: z.string().nullable(),
    to: z.string().nullable(),
    received: z
      .number()
      .describe("requests received (problems, needs, micro-wishes; merged duplicates not counted)"),
    signed: z.number(),
    signedOnTime: z.number(),
    signedOnTimePct: pctField("signed on time ÷ signed"),
    solved: z.number().describe("requests solved (resolved_at set), of every kind"),
    solvedOnTime: z.number(),
    solvedOnTimePct: pctField("solved on time ÷ solved"),
    problemsSolved: z
      .number()
      .describe(
        "problems and needs solved — every solved request that is not a micro-wish (the articles' 解决急难愁盼问题 N 件); micro-wishes are counted in wishesFulfilled",
      ),
    medianSolveHours: z
      .number()
      .nullable()
      .describe(
        "median hours from submission to resolution, read from the histogram: the UPPER bound of the bucket the median falls in (336 for the open bucket ≥ 336 h)",
      ),
    p90SolveHours: z.number().nullable().describe("90th percentile, read from the histogram the same way"),
    rated: z.number(),
    ratedGood: z.number(),
    ratedAverage: z.number(),
    ratedPoor: z.number(),
    satisfactionPct: pctField("good ratings ÷ ratings (满意率)"),
    wishes: z.number().describe("micro-wishes received"),
    wishesFulfilled: z.number().describe("micro-wishes fulfilled (resolved or closed)"),
    solveHoursHistogram: z.array(
      z.object({ fromHours: z.number(), toHours: z.number().nullable(), count: z.number() }),
    ),
    series: z
      .array(
        z.object({
          day: z.string(),
          received: z.number(),
          signed: z.number(),
          signedOnTime: z.number(),
          solved: z.number(),
          solvedOnTime: z.number(),
          problemsSolved: z.number(),
          rated: z.number(),
          ratedGood: z.number(),
          wishes: z.number(),
          wishesFulfilled: z.number(),
        }),
      )
      .describe("per day of submission (China time), days with requests only, for charts"),
  })
  .meta({ id: "BoardFigures" });

export const ZBoardParticipation = z
  .object({
    level: z.enum(["grid", "community", "street"]),
    id: z.number(),
    name: z.string(),
    from: z.string().nullable(),
    to: z.string().nullable(),
    residents: z.number().describe("verified residents of the place now (the denominator)"),
    volunteers: z
      .number()
      .describe("people with certified volunteer service in the period (for a grid: those living in it)"),
    services: z.number().describe("certified services (one person at one activity) in the period"),
    hours: z.number().describe("certified hours in the period, one decimal"),
    hoursPerResident: z
      .number()
      .nullable()
      .describe("certified hours ÷ verified residents, two decimals; null when there are no residents"),
    teamMembers: z
      .number()
      .nullable()
      .describe(
        "active members of the place's volunteer teams now (null for a grid: teams belong to communities)",
      ),
    teams: z.number().nullable().describe("volunteer teams with an active member now (null for a grid)"),
    pointsIssued: z.number().describe("points awarded or earned in the period (deductions not counted)"),
    pointsDeducted: z.number().describe("points deducted in the period"),
    residentsAwarded: z.number().describe("residents who received points in the period"),
    exchanges: z
      .number()
      .nullable()
      .describe(
        "exchanges in the points mall in the period, expired ones not counted (null for a grid: the mall is the community's)",
      ),
    pointsRedeemed: z
      .number()
      .nullable()
      .describe("points spent in the points mall in the period (null for a grid)"),
    goodsValueYuan: z
      .number()
      .nullable()
      .describe(
        "value of the goods exchanged, in yuan (two decimals), at their donors' stated value (null for a grid)",
      ),
  })
  .meta({ id: "BoardParticipation" });
