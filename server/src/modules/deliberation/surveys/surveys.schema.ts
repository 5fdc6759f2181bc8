import { z } from "zod";
import { patchBody } from "../../../http/patch.ts";
import { ZCommunityParams } from "../../core/places/places.schema.ts";

export const MAX_TEXT_ANSWER = 1000;
export const MAX_QUESTIONS = 50;
export const MAX_OPTIONS = 20;

export const ZSurveyParams = ZCommunityParams.extend({ surveyId: z.coerce.number().int().positive() });

const ZQuestionText = z.string().trim().min(1).max(200);
const ZOption = z.string().trim().min(1).max(100);
const ZRequired = z.boolean().default(true);

export const ZQuestion = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("single").describe("single choice 单选"),
    text: ZQuestionText,
    required: ZRequired,
    options: z.array(ZOption).min(2).max(MAX_OPTIONS),
  }),
  z.object({
    kind: z.literal("multiple").describe("multiple choice 多选"),
    text: ZQuestionText,
    required: ZRequired,
    options: z.array(ZOption).min(2).max(MAX_OPTIONS),
  }),
  z.object({
    kind: z.literal("rating").describe("rating scale 1–5 评分"),
    text: ZQuestionText,
    required: ZRequired,
  }),
  z.object({
    kind: z.literal("number").describe("a number between min and max 数字"),
    text: ZQuestionText,
    required: ZRequired,
    min: z.number().min(-1e9).max(1e9),
    max: z.number().min(-1e9).max(1e9),
  }),
  z.object({
    kind: z.literal("text").describe(`free text, at most ${MAX_TEXT_ANSWER} characters 文字`),
    text: ZQuestionText,
    required: ZRequired,
  }),
]);
export type TQuestion = z.output<typeof ZQuestion>;
export type QuestionKind = TQuestion["kind"];

export const ZAudience = z
  .enum(["all", "owners", "tenants", "care_tag", "party_members"])
  .describe(
    "who at the place may answer: all verified residents, owners (业主), tenants (租户), residents with a care tag (careTag), party members (党员)",
  );
export const ZAnswerPer = z
  .enum(["person", "household"])
  .describe("one answer per person (每人一份) or per household (每户一份), held by a unique index");
export const ZSurveyState = z
  .enum(["draft", "upcoming", "open", "closed"])
  .describe("draft 草稿 (not published), upcoming 未开始, open 进行中, closed 已结束");

const ZSurveyFields = {
  title: z.string().trim().min(1).max(80),
  description: z.string().trim().max(1000),
  estateId: z.number().int().positive().nullable().describe("the estate it targets (null: whole community)"),
  buildingId: z
    .number()
    .int()
    .positive()
    .nullable()
    .describe("the building it targets (its estate is then taken from the building)"),
  audience: ZAudience,
  careTag: z.string().trim().min(1).max(30).nullable().describe("with audience care_tag: the tag"),
  anonymous: z.boolean().describe("true: nobody, staff included, can tell who gave which answer"),
  answerPer: ZAnswerPer,
  questions: z.array(ZQuestion).min(1).max(MAX_QUESTIONS),
  opensAt: z.coerce.date(),
  closesAt: z.coerce.date(),
  topicId: z.number().int().positive().nullable().describe("the topic (议题) it belongs to, if any"),
  stageKey: z
    .string()
    .trim()
    .min(1)
    .max(40)
    .nullable()
    .describe("the topic's stage it belongs to (e.g. collect)"),
};

export const ZCreateSurvey = z.object({
  ...ZSurveyFields,
  description: ZSurveyFields.description.default(""),
  estateId: ZSurveyFields.estateId.optional(),
  buildingId: ZSurveyFields.buildingId.optional(),
  audience: ZAudience.default("all"),
  careTag: ZSurveyFields.careTag.optional(),
  anonymous: z.boolean().default(false),
  answerPer: ZAnswerPer.default("person"),
  topicId: ZSurveyFields.topicId.optional(),
  stageKey: ZSurveyFields.stageKey.optional(),
  publish: z.boolean().default(false).describe("publish at once (else a draft)"),
});
export type TCreateSurvey = z.output<typeof ZCreateSurvey>;

export const ZUpdateSurvey = patchBody({
  title: ZSurveyFields.title.optional(),
  description: ZSurveyFields.description.optional(),
  estateId: ZSurveyFields.estateId.optional(),
  buildingId: ZSurveyFields.buildingId.optional(),
  audience: ZAudience.optional(),
  careTag: ZSurveyFields.careTag.optional(),
  anonymous: z.boolean().optional(),
  answerPer: ZAnswerPer.optional(),
  questions: ZSurveyFields.questions.optional(),
  opensAt: ZSurveyFields.opensAt.optional(),
  closesAt: ZSurveyFields.closesAt.optional().describe("a past time closes the survey now"),
  topicId: ZSurveyFields.topicId.optional(),
  stageKey: ZSurveyFields.stageKey.optional(),
  publish: z.literal(true).optional().describe("publish a draft"),
});
export type TUpdateSurvey = z.output<typeof ZUpdateSurvey>;

export const ZAnswer = z.object({
  question: z
    .number()
    .int()
    .min(0)
    .max(MAX_QUESTIONS - 1)
    .describe("the question's index (0-based)"),
  choices: z
    .array(
      z
        .number()
        .int()
        .min(0)
        .max(MAX_OPTIONS - 1),
    )
    .max(MAX_OPTIONS)
    .optional()
    .describe("single/multiple choice: the chosen options' indexes"),
  value: z.number().min(-1e9).max(1e9).optional().describe("rating (1–5) or number"),
  text: z.string().max(MAX_TEXT_ANSWER).optional().describe(`free text ≤ ${MAX_TEXT_ANSWER} characters`),
});
export type TAnswer = z.output<typeof ZAnswer>;

export const ZSubmitAnswers = z.object({ answers: z.array(ZAnswer).max(MAX_QUESTIONS) });
export const ZPaperAnswers = ZSubmitAnswers.extend({
  residentId: z.number().int().positive().describe("the resident who answered on paper"),
});

export const ZSurveysQuery = z.object({
  q: z.string().trim().max(80).optional().describe("words in the title"),
  state: ZSurveyState.optional(),
  topicId: z.coerce.number().int().positive().optional().describe("only the surveys of this topic (议题)"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

const ZSurveyBase = z.object({
  id: z.number(),
  communityId: z.number(),
  title: z.string(),
  description: z.string(),
  estateId: z.number().nullable(),
  estateName: z.string().nullable(),
  buildingId: z.number().nullable(),
  buildingName: z.string().nullable(),
  placeName: z.string().describe("where it is addressed: the building, the estate or the community"),
  audience: ZAudience,
  careTag: z.string().nullable(),
  anonymous: z.boolean(),
  answerPer: ZAnswerPer,
  opensAt: z.date(),
  closesAt: z.date(),
  publishedAt: z.date().nullable(),
  state: ZSurveyState,
  topicId: z.number().nullable(),
  stageKey: z.string().nullable(),
  questionCount: z.number(),
  responses: z.number().describe("answers received (paper ones included)"),
});

export const ZSurveyListItem = ZSurveyBase.meta({ id: "SurveyListItem" });
export const ZSurveyList = z.object({ items: z.array(ZSurveyListItem), total: z.number() });

export const ZSurvey = ZSurveyBase.extend({
  questions: z.array(ZQuestion),
  createdAt: z.date(),
  updatedAt: z.date(),
}).meta({ id: "Survey" });

export const ZSurveyForm = z
  .object({
    id: z.number(),
    communityId: z.number(),
    communityName: z.string(),
    title: z.string(),
    description: z.string(),
    placeName: z.string(),
    anonymous: z.boolean(),
    answerPer: ZAnswerPer,
    closesAt: z.date(),
    state: ZSurveyState,
    questions: z.array(ZQuestion),
    canAnswer: z.boolean().describe("the caller may answer it now"),
    answered: z.boolean().describe("the caller (or their household) has answered it"),
  })
  .meta({ id: "SurveyForm" });

export const ZMySurvey = z.object({
  id: z.number(),
  communityId: z.number(),
  communityName: z.string(),
  title: z.string(),
  placeName: z.string(),
  anonymous: z.boolean(),
  answerPer: ZAnswerPer,
  closesAt: z.date(),
  questionCount: z.number(),
  answered: z.boolean(),
});
export const ZMySurveys = z.object({ items: z.array(ZMySurvey) });

export const ZSubmitted = z.object({
  surveyId: z.number(),
  responseId: z.number(),
  channel: z.enum(["online", "paper"]),
});

const ZQuestionResult = z.object({
  index: z.number(),
  kind: z.enum(["single", "multiple", "rating", "number", "text"]),
  text: z.string(),
  answered: z.number().describe("answers to this question"),
  options: z
    .array(z.object({ label: z.string(), count: z.number(), pct: z.number().nullable() }))
    .describe("choice questions: each option; rating: 1 to 5"),
  average: z.number().nullable().describe("rating and number questions: the mean, two decimals"),
});

export const ZSurveyResults = z
  .object({
    surveyId: z.number(),
    title: z.string(),
    anonymous: z.boolean(),
    responses: z.number(),
    paper: z.number().describe("of which entered from paper"),
    questions: z.array(ZQuestionResult),
  })
  .meta({ id: "SurveyResults" });

export const ZTextAnswersQuery = z.object({
  question: z.coerce
    .number()
    .int()
    .min(0)
    .max(MAX_QUESTIONS - 1),
  after: z.coerce.number().int().min(0).optional().describe("keyset: the last responseId of the page before"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const ZTextAnswers = z.object({
  items: z.array(
    z.object({
      responseId: z.number(),
      text: z.string(),
      respondentName: z.string().nullable().describe("named surveys only; null when anonymous"),
      channel: z.enum(["online", "paper"]),
      submittedDay: z.string().nullable().describe("YYYY-MM-DD (China time); null when anonymous"),
    }),
  ),
  next: z.number().nullable().describe("pass as after for the next page; null at the end"),
});

export const ZRespondentChoicesQuery = z.object({ q: z.string().trim().max(40).optional() });
export const ZRespondentChoices = z.object({
  items: z.array(
    z.object({
      residentId: z.number(),
      name: z.string(),
      address: z.string().describe("building, unit and room"),
      phone: z.string().nullable().describe("masked"),
      answered: z.boolean(),
    }),
  ),
});
