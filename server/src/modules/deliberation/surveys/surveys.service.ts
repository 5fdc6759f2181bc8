// Surveys (DOMAIN D4, 调研问卷). Staff of a place (surveys.manage) build a survey for the community,
// an estate or a building, optionally for a group of its residents; verified residents there answer
// it once — per person or per household, held by the unique respondent key (a keyed hash, so an
// anonymous survey keeps no readable link to who answered); staff enter paper answers on a
// resident's behalf (audited, marked paper, counted against the same key). Results come from the
// per-survey tally written in each answer's transaction; the answers' export (named surveys only)
// needs data.export and is audited.

import type { Kysely } from "kysely";
import {
  authorize,
  authorizeWithin,
  exportingActor,
  primaryRole,
  requireActor,
} from "../../../access/authorize.ts";
import type { Actor, PlaceRef } from "../../../access/reach.ts";
import type { Config } from "../../../config.ts";
import type { DB } from "../../../db/schema.ts";
import { AppError } from "../../../errors.ts";
import { emitEvent } from "../../../events/outbox.ts";
import { audited, recordAudit } from "../../core/audit/audit.service.ts";
import { shanghaiDay } from "../../core/calendar/calendar.service.ts";
import {
  attachmentDisposition,
  workbookBytes,
  writeWorkbook,
  XLSX_MIME,
} from "../../core/imports/imports.service.ts";
import { scopeIdsOf } from "../../core/places/places.service.ts";
import { maskPhone } from "../../core/privacy/pii.present.ts";
import { hashPii } from "../../core/privacy/pii.service.ts";
import { checkTopicIn } from "../topics/topics.service.ts";
import { surveyAnswered, surveyOpened } from "./surveys.events.ts";
import * as q from "./surveys.queries.ts";
import {
  MAX_TEXT_ANSWER,
  type TAnswer,
  type TCreateSurvey,
  type TQuestion,
  type TUpdateSurvey,
} from "./surveys.schema.ts";

type Db = Kysely<DB>;
type SurveyRow = NonNullable<Awaited<ReturnType<typeof q.findSurvey>>>;

export const MAX_EXPORT_RESPONSES = 50_000;

const notFound = () => new AppError("NOT_FOUND", { zh: "问卷不存在", en: "No such survey" });
const invalid = (zh: string, en: string, field: string) =>
  new AppError("VALIDATION", { zh, en, details: [{ field, message: en }] });

export function stateOf(s: { published_at: Date | null; opens_at: Date; closes_at: Date }, now = new Date()) {
  if (!s.published_at) return "draft" as const;
  if (now < s.opens_at) return "upcoming" as const;
  if (now >= s.closes_at) return "closed" as const;
  return "open" as const;
}

/** The stored questions (a question stored without `required` is required, as the schema's default). */
const questionsOf = (s: SurveyRow) =>
  (s.questions as TQuestion[]).map((qn) => ({ ...qn, required: qn.required ?? true }));

function placeOf(s: {
  community_id: number;
  estate_id: number | null;
  building_id: number | null;
  grid_id: number | null;
}): PlaceRef {
  return {
    communityId: s.community_id,
    estateId: s.estate_id,
    buildingId: s.building_id,
    gridId: s.building_id != null ? s.grid_id : null,
  };
}

const placeNameOf = (
  s: { building_name: string | null; estate_name: string | null },
  communityName: string,
) => [s.estate_name, s.building_name].filter(Boolean).join(" ") || communityName;

function presentItem(s: SurveyRow, communityName: string, now = new Date()) {
  return {
    id: s.id,
    communityId: s.community_id,
    title: s.title,
    description: s.description,
    estateId: s.estate_id,
    estateName: s.estate_name,
    buildingId: s.building_id,
    buildingName: s.building_name,
    placeName: placeNameOf(s, communityName),
    audience: s.audience,
    careTag: s.care_tag,
    anonymous: s.anonymous,
    answerPer: s.answer_per,
    opensAt: s.opens_at,
    closesAt: s.closes_at,
    publishedAt: s.published_at,
    state: stateOf(s, now),
    topicId: s.topic_id == null ? null : Number(s.topic_id),
    stageKey: s.stage_key,
    questionCount: questionsOf(s).length,
    responses: Number(s.responses),
  };
}

async function requireCommunityName(db: Db, communityId: number) {
  const name = await q.communityName(db, communityId);
  if (name == null) throw new AppError("NOT_FOUND", { zh: "社区不存在", en: "Community not found" });
  return name;
}

async function requireSurvey(db: Db, communityId: number, id: number) {
  const s = await q.findSurvey(db, communityId, id);
  if (!s) throw notFound();
  return s;
}

// ---------------------------------------------------------------------------------------------
// building

/** The questions' own rules zod cannot say: a number's range. */
function checkQuestions(questions: TQuestion[]) {
  questions.forEach((qn, i) => {
    if (qn.kind === "number" && qn.min >= qn.max)
      throw invalid(
        `第 ${i + 1} 题：最小值须小于最大值`,
        `Question ${i + 1}: min must be below max`,
        `questions.${i}`,
      );
    if ((qn.kind === "single" || qn.kind === "multiple") && new Set(qn.options).size !== qn.options.length)
      throw invalid(`第 ${i + 1} 题：选项重复`, `Question ${i + 1}: options repeat`, `questions.${i}`);
  });
}

async function checkedTarget(
  db: Db,
  communityId: number,
  t: { estateId: number | null; buildingId: number | null; audience: string; careTag: string | null },
) {
  const found = await q.placeInCommunity(db, communityId, t);
  if (t.estateId != null && !found.estate)
    throw new AppError("NOT_FOUND", { zh: "小区不在本社区", en: "The estate is not in this community" });
  if (t.buildingId != null && !found.building)
    throw new AppError("NOT_FOUND", { zh: "楼栋不在本社区", en: "The building is not in this community" });
  if (found.building && t.estateId != null && found.building.estate_id !== t.estateId)
    throw invalid("楼栋不在所选小区内", "The building is not in the chosen estate", "buildingId");
  if (t.audience === "care_tag" && !t.careTag)
    throw invalid("请填写关爱标签", "Name the care tag", "careTag");
  return {
    estate_id: found.building?.estate_id ?? t.estateId,
    building_id: t.buildingId,
    grid_id: found.building?.grid_id ?? null,
    care_tag: t.audience === "care_tag" ? t.careTag : null,
  };
}

function checkDates(opensAt: Date, closesAt: Date) {
  if (closesAt <= opensAt)
    throw invalid("截止时间须晚于开始时间", "The closing time must be after the opening time", "closesAt");
}

export async function createSurvey(db: Db, actor: Actor | null, communityId: number, input: TCreateSurvey) {
  requireActor(actor);
  const communityName = await requireCommunityName(db, communityId);
  await checkTopicIn(db, communityId, input.topicId);
  const target = await checkedTarget(db, communityId, {
    estateId: input.estateId ?? null,
    buildingId: input.buildingId ?? null,
    audience: input.audience,
    careTag: input.careTag ?? null,
  });
  const reach = authorize(actor, "surveys.manage", placeOf({ community_id: communityId, ...target }));
  checkQuestions(input.questions);
  checkDates(input.opensAt, input.closesAt);
  const id = await audited(db, async (trx) => {
    const row = await q.insertSurvey(trx, {
      community_id: communityId,
      title: input.title,
      description: input.description,
      ...target,
      audience: input.audience,
      anonymous: input.anonymous,
      answer_per: input.answerPer,
      questions: JSON.stringify(input.questions),
      opens_at: input.opensAt,
      closes_at: input.closesAt,
      published_at: input.publish ? new Date() : null,
      topic_id: input.topicId ?? null,
      stage_key: input.stageKey ?? null,
      created_by: actor!.userId,
    } as any);
    if (input.publish) await openDueSurveys(trx, new Date(), { communityId, id: row.id });
    return {
      result: row.id,
      audit: {
        actorUserId: actor!.userId,
        actorRole: primaryRole(reach),
        communityId,
        action: "survey.create",
        targetType: "survey",
        targetId: row.id,
        after: { title: input.title, ...target, audience: input.audience, publish: input.publish },
      },
    };
  });
  return presentSurvey(await requireSurvey(db, communityId, id), communityName);
}

/**
 * Emits survey.opened for each published survey whose opening time has come and that was not yet
 * announced (claimed by opened_at in this transaction): at publish for that survey, and every minute
 * for all (the surveys-open job). Returns how many opened.
 */
export async function openDueSurveys(db: Db, now = new Date(), only?: { communityId: number; id: number }) {
  const opened = await q.claimOpenedSurveys(db, now, only);
  for (const s of opened)
    await emitEvent(db, surveyOpened, {
      communityId: s.community_id,
      aggregateId: s.id,
      actorUserId: null,
      payload: { surveyId: s.id },
    });
  return opened.length;
}

function presentSurvey(s: SurveyRow, communityName: string) {
  return {
    ...presentItem(s, communityName),
    questions: questionsOf(s),
    createdAt: s.created_at,
    updatedAt: s.updated_at,
  };
}

/**
 * Changes a survey. Its questions, place, group, mode and anonymity are fixed once an answer
 * exists (the answers would no longer mean what they meant); the title, text and dates may change,
 * and a closing time in the past closes it now.
 */
export async function updateSurvey(
  db: Db,
  actor: Actor | null,
  communityId: number,
  id: number,
  input: TUpdateSurvey,
) {
  const communityName = await requireCommunityName(db, communityId);
  const before = await requireSurvey(db, communityId, id);
  let reach = authorize(actor, "surveys.manage", placeOf(before));
  await checkTopicIn(db, communityId, input.topicId);
  const fixed = (
    ["estateId", "buildingId", "audience", "careTag", "anonymous", "answerPer", "questions"] as const
  ).filter((k) => input[k] !== undefined);
  const placeChanged = input.estateId !== undefined || input.buildingId !== undefined;
  const target =
    placeChanged || input.audience !== undefined || input.careTag !== undefined
      ? await checkedTarget(db, communityId, {
          estateId:
            input.estateId !== undefined
              ? input.estateId
              : input.buildingId !== undefined
                ? null
                : before.estate_id,
          buildingId: input.buildingId !== undefined ? input.buildingId : before.building_id,
          audience: input.audience ?? before.audience,
          careTag: input.careTag !== undefined ? input.careTag : before.care_tag,
        })
      : null;
  if (target && placeChanged)
    reach = authorize(actor, "surveys.manage", placeOf({ community_id: communityId, ...target }));
  if (input.questions) checkQuestions(input.questions);
  const now = new Date();
  let opensAt = input.opensAt ?? before.opens_at;
  let closesAt = input.closesAt ?? before.closes_at;
  // a closing time in the past means "close now" (an upcoming survey then opened and closed at once)
  if (input.closesAt && input.closesAt <= now) {
    closesAt = now;
    if (opensAt >= now) opensAt = new Date(now.getTime() - 1000);
  } else if (input.opensAt !== undefined || input.closesAt !== undefined) checkDates(opensAt, closesAt);
  await audited(db, async (trx) => {
    await q.lockSurvey(trx, communityId, id);
    if (fixed.length && (await q.hasResponses(trx, communityId, id)))
      throw new AppError("CONFLICT", {
        zh: "问卷已有人回答，题目、对象和方式不能再改（标题、说明和时间仍可修改）",
        en: "The survey has answers: its questions, audience and mode can no longer change (title, text and dates still can)",
      });
    await q.updateSurvey(trx, communityId, id, {
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(target ?? {}),
      ...(input.audience !== undefined ? { audience: input.audience } : {}),
      ...(input.anonymous !== undefined ? { anonymous: input.anonymous } : {}),
      ...(input.answerPer !== undefined ? { answer_per: input.answerPer } : {}),
      ...(input.questions !== undefined ? { questions: JSON.stringify(input.questions) } : {}),
      ...(opensAt !== before.opens_at ? { opens_at: opensAt } : {}),
      ...(input.closesAt !== undefined ? { closes_at: closesAt } : {}),
      ...(input.topicId !== undefined ? { topic_id: input.topicId } : {}),
      ...(input.stageKey !== undefined ? { stage_key: input.stageKey } : {}),
      ...(input.publish && !before.published_at ? { published_at: now } : {}),
    });
    // published (now or before) and its opening time come: announced once (survey.opened)
    await openDueSurveys(trx, now, { communityId, id });
    return {
      result: null,
      audit: {
        actorUserId: actor!.userId,
        actorRole: primaryRole(reach),
        communityId,
        action: input.publish && !before.published_at ? "survey.publish" : "survey.update",
        targetType: "survey",
        targetId: id,
        before: { title: before.title, opensAt: before.opens_at, closesAt: before.closes_at },
        after: { ...input, questions: input.questions ? `${input.questions.length} questions` : undefined },
      },
    };
  });
  return presentSurvey(await requireSurvey(db, communityId, id), communityName);
}

// ---------------------------------------------------------------------------------------------
// reading (staff)

export async function listSurveysOf(
  db: Db,
  actor: Actor | null,
  communityId: number,
  f: Parameters<typeof q.listSurveys>[3],
) {
  const reach = authorizeWithin(actor, "surveys.read", communityId);
  const name = await requireCommunityName(db, communityId);
  const now = new Date();
  const page = await q.listSurveys(db, communityId, scopeIdsOf(reach, communityId), f, now);
  return { total: page.total, items: page.rows.map((s) => presentItem(s as SurveyRow, name, now)) };
}

export async function readSurvey(db: Db, actor: Actor | null, communityId: number, id: number) {
  const name = await requireCommunityName(db, communityId);
  const s = await requireSurvey(db, communityId, id);
  authorize(actor, "surveys.read", placeOf(s));
  return presentSurvey(s, name);
}

const RATING_LABELS = ["1", "2", "3", "4", "5"];
const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Counts per option, averages of ratings and numbers, from the survey's tally rows. */
function resultsOf(
  s: SurveyRow,
  rows: { question_index: number; choice: number; answers: number; total: number }[],
) {
  const at = (qi: number, c: number) => rows.find((r) => r.question_index === qi && r.choice === c);
  const responses = Number(at(-1, 0)?.answers ?? 0);
  const questions = questionsOf(s).map((qn, index) => {
    const mine = rows.filter((r) => r.question_index === index);
    const count = (c: number) => Number(at(index, c)?.answers ?? 0);
    if (qn.kind === "single" || qn.kind === "multiple") {
      // a multiple-choice answer counts once per option chosen; answered counts people
      const answered = qn.kind === "single" ? mine.reduce((n, r) => n + Number(r.answers), 0) : null;
      return {
        index,
        kind: qn.kind,
        text: qn.text,
        answered: answered ?? Number(at(index, -1)?.answers ?? 0),
        options: qn.options.map((label, i) => ({ label, count: count(i), pct: null as number | null })),
        average: null,
      };
    }
    const answered = mine.reduce((n, r) => n + Number(r.answers), 0);
    const sum = mine.reduce((n, r) => n + Number(r.total), 0);
    return {
      index,
      kind: qn.kind,
      text: qn.text,
      answered,
      options:
        qn.kind === "rating"
          ? RATING_LABELS.map((label, i) => ({ label, count: count(i + 1), pct: null as number | null }))
          : [],
      average: (qn.kind === "rating" || qn.kind === "number") && answered ? round(sum / answered, 2) : null,
    };
  });
  for (const qr of questions)
    for (const o of qr.options) o.pct = qr.answered ? round((o.count * 100) / qr.answered, 1) : null;
  return { responses, paper: Number(at(-1, 1)?.answers ?? 0), questions };
}

export async function surveyResults(db: Db, actor: Actor | null, communityId: number, id: number) {
  const s = await requireSurvey(db, communityId, id);
  authorize(actor, "surveys.read", placeOf(s));
  const rows = await q.tallies(db, communityId, id);
  return { surveyId: id, title: s.title, anonymous: s.anonymous, ...resultsOf(s, rows) };
}

export async function textAnswersOf(
  db: Db,
  actor: Actor | null,
  communityId: number,
  id: number,
  f: { question: number; after?: number | undefined; limit: number },
) {
  const s = await requireSurvey(db, communityId, id);
  authorize(actor, "surveys.read", placeOf(s));
  if (questionsOf(s)[f.question]?.kind !== "text")
    throw invalid("该题不是文字题", "That question is not a free-text question", "question");
  const rows = await q.textAnswers(db, communityId, id, f);
  const more = rows.length > f.limit;
  const page = more ? rows.slice(0, f.limit) : rows;
  return {
    items: page.map((r) => ({
      responseId: Number(r.response_id),
      text: r.text_value ?? "",
      respondentName: s.anonymous ? null : r.respondent_name,
      channel: r.channel,
      submittedDay: s.anonymous ? null : shanghaiDay(r.submitted_at),
    })),
    next: more ? Number(page[page.length - 1]!.response_id) : null,
  };
}

// ---------------------------------------------------------------------------------------------
// answering

/**
 * The keyed hash that makes one answer per person or household (HMAC with the PII key): `who` is
 * `h:<household>` per household, else `u:<account>` or, without an account, `r:<resident>`. Exported
 * for the demo and the benchmark, which write answers in bulk.
 */
export function surveyRespondentKey(
  piiKey: Buffer,
  communityId: number,
  surveyId: number,
  who: string,
): string {
  return hashPii(piiKey, `survey:${communityId}:${surveyId}:${who}`);
}

function respondentKey(config: Config, s: SurveyRow, r: q.EligibleResident): string {
  const who =
    s.answer_per === "household"
      ? `h:${r.household_id}`
      : r.user_id != null
        ? `u:${r.user_id}`
        : `r:${r.resident_id}`;
  return surveyRespondentKey(config.piiKey, s.community_id, s.id, who);
}

/** Checks each answer against its question; returns the rows to store. Nothing is stored on error. */
export function answerRows(questions: TQuestion[], answers: TAnswer[]): q.AnswerRow[] {
  const rows: q.AnswerRow[] = [];
  const seen = new Set<number>();
  for (const a of answers) {
    const qn = questions[a.question];
    const n = a.question + 1;
    const field = `answers.${a.question}`;
    if (!qn) throw invalid(`没有第 ${n} 题`, `There is no question ${n}`, field);
    if (seen.has(a.question)) throw invalid(`第 ${n} 题回答了两次`, `Question ${n} is answered twice`, field);
    seen.add(a.question);
    if (qn.kind === "single" || qn.kind === "multiple") {
      const choices = a.choices ?? [];
      if (!choices.length) continue;
      if (qn.kind === "single" && choices.length > 1)
        throw invalid(`第 ${n} 题只能选一项`, `Question ${n} takes one choice`, field);
      if (new Set(choices).size !== choices.length)
        throw invalid(`第 ${n} 题的选项重复`, `Question ${n}: a choice is repeated`, field);
      for (const c of choices) {
        if (c >= qn.options.length)
          throw invalid(
            `第 ${n} 题没有第 ${c + 1} 个选项`,
            `Question ${n} has no option ${c + 1} (it has ${qn.options.length})`,
            field,
          );
        rows.push({ question_index: a.question, choice: c, number_value: null, text_value: null });
      }
      // a multiple-choice answer also counts once as a person answering (choice -1)
      if (qn.kind === "multiple")
        rows.push({ question_index: a.question, choice: -1, number_value: null, text_value: null });
    } else if (qn.kind === "rating") {
      if (a.value == null) continue;
      if (!Number.isInteger(a.value) || a.value < 1 || a.value > 5)
        throw invalid(`第 ${n} 题请评 1 到 5 分`, `Question ${n}: rate from 1 to 5`, field);
      rows.push({ question_index: a.question, choice: a.value, number_value: a.value, text_value: null });
    } else if (qn.kind === "number") {
      if (a.value == null) continue;
      if (a.value < qn.min || a.value > qn.max)
        throw invalid(
          `第 ${n} 题请填 ${qn.min} 到 ${qn.max} 之间的数`,
          `Question ${n}: give a number from ${qn.min} to ${qn.max}`,
          field,
        );
      rows.push({ question_index: a.question, choice: 0, number_value: a.value, text_value: null });
    } else {
      const text = (a.text ?? "").trim();
      if (!text) continue;
      if (text.length > MAX_TEXT_ANSWER)
        throw invalid(
          `第 ${n} 题最多 ${MAX_TEXT_ANSWER} 字`,
          `Question ${n}: at most ${MAX_TEXT_ANSWER} characters`,
          field,
        );
      rows.push({ question_index: a.question, choice: 0, number_value: null, text_value: text });
    }
  }
  questions.forEach((qn, i) => {
    if (qn.required && !rows.some((r) => r.question_index === i))
      throw invalid(`第 ${i + 1} 题必须回答`, `Question ${i + 1} must be answered`, `answers.${i}`);
  });
  return rows;
}

function assertOpen(s: SurveyRow, now = new Date()) {
  const state = stateOf(s, now);
  if (state === "open") return;
  const when = (d: Date) =>
    `${shanghaiDay(d)} ${new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(11, 16)}`;
  if (state === "draft")
    throw new AppError("SURVEY_CLOSED", { zh: "问卷尚未发布", en: "The survey is not published yet" });
  if (state === "upcoming")
    throw new AppError("SURVEY_CLOSED", {
      zh: `问卷将于 ${when(s.opens_at)} 开始答题`,
      en: `The survey opens for answers on ${when(s.opens_at)} (China time)`,
    });
  throw new AppError("SURVEY_CLOSED", {
    zh: `问卷已于 ${when(s.closes_at)} 截止`,
    en: `The survey closed on ${when(s.closes_at)} (China time)`,
  });
}

const alreadyAnswered = (s: SurveyRow) =>
  s.answer_per === "household"
    ? new AppError("SURVEY_ANSWERED", {
        zh: "您家已经回答过这份问卷（每户一份）",
        en: "Your household has already answered this survey (one answer per household)",
      })
    : new AppError("SURVEY_ANSWERED", {
        zh: "您已经回答过这份问卷（每人一份）",
        en: "You have already answered this survey (one answer per person)",
      });

const notForYou = () =>
  new AppError("OUT_OF_SCOPE", {
    zh: "这份问卷不面向您所在的楼栋、小区或人群",
    en: "This survey is not addressed to your building, estate or group",
  });

async function storeResponse(
  db: Db,
  config: Config,
  s: SurveyRow,
  respondent: q.EligibleResident,
  rows: q.AnswerRow[],
  channel: "online" | "paper",
  enteredBy: number | null,
  audit: ((responseId: number) => Parameters<typeof recordAudit>[1]) | null,
) {
  const key = respondentKey(config, s, respondent);
  if ((await q.answeredKeys(db, s.community_id, s.id, [key])).size) throw alreadyAnswered(s);
  try {
    return await db.transaction().execute(async (trx) => {
      const id = await q.insertResponse(
        trx,
        {
          community_id: s.community_id,
          survey_id: s.id,
          respondent_key: key,
          // an anonymous survey keeps no readable link to who answered
          resident_id: s.anonymous ? null : respondent.resident_id,
          household_id: s.anonymous ? null : respondent.household_id,
          channel,
          entered_by: enteredBy,
        },
        rows,
      );
      if (audit) await recordAudit(trx, audit(id));
      if (!s.anonymous)
        await emitEvent(trx, surveyAnswered, {
          communityId: s.community_id,
          aggregateId: Number(id),
          payload: { surveyId: s.id, channel },
          actorUserId: enteredBy,
        });
      return Number(id);
    });
  } catch (err) {
    // two answers at once from one person/household: the unique index keeps the first
    if ((err as { code?: string }).code === "23505") throw alreadyAnswered(s);
    throw err;
  }
}

export async function answerSurvey(
  db: Db,
  config: Config,
  actor: Actor | null,
  communityId: number,
  id: number,
  answers: TAnswer[],
) {
  const a = requireActor(actor);
  const s = await requireSurvey(db, communityId, id);
  const [respondent] = await q.eligibleResidents(db, s, { userId: a.userId, limit: 1 });
  if (!respondent) throw notForYou();
  assertOpen(s);
  const rows = answerRows(questionsOf(s), answers);
  const responseId = await storeResponse(db, config, s, respondent, rows, "online", null, null);
  return { surveyId: id, responseId, channel: "online" as const };
}

/** Staff enter a resident's paper answer: audited, marked paper, one per person/household as any. */
export async function enterPaperAnswer(
  db: Db,
  config: Config,
  actor: Actor | null,
  communityId: number,
  id: number,
  input: { residentId: number; answers: TAnswer[] },
) {
  const s = await requireSurvey(db, communityId, id);
  const reach = authorize(actor, "surveys.manage", placeOf(s));
  const [respondent] = await q.eligibleResidents(db, s, { residentId: input.residentId, limit: 1 });
  if (!respondent)
    throw invalid(
      "该居民不是这份问卷的对象（须为问卷所在楼栋或小区、所选人群中已认证的居民）",
      "That resident is not addressed by this survey (a verified resident of its place and group)",
      "residentId",
    );
  assertOpen(s);
  const rows = answerRows(questionsOf(s), input.answers);
  const responseId = await storeResponse(db, config, s, respondent, rows, "paper", actor!.userId, (rid) => ({
    actorUserId: actor!.userId,
    actorRole: primaryRole(reach),
    communityId,
    action: "survey.paper_answer",
    targetType: "survey",
    targetId: id,
    // an anonymous survey's audit entry does not say whose answer is which
    after: s.anonymous
      ? { channel: "paper" }
      : { channel: "paper", responseId: rid, residentId: input.residentId },
  }));
  return { surveyId: id, responseId, channel: "paper" as const };
}

/** The residents staff may enter a paper answer for (the survey's place and group), masked phones. */
export async function respondentChoices(
  db: Db,
  config: Config,
  actor: Actor | null,
  communityId: number,
  id: number,
  f: { q?: string | undefined },
) {
  const s = await requireSurvey(db, communityId, id);
  authorize(actor, "surveys.manage", placeOf(s));
  const rows = await q.eligibleResidents(db, s, { name: f.q, limit: 50 });
  const keys = rows.map((r) => respondentKey(config, s, r));
  const done = await q.answeredKeys(db, communityId, id, keys);
  return {
    items: rows.map((r, i) => ({
      residentId: r.resident_id,
      name: r.name,
      address: [r.building_name, r.unit_name, r.room].filter(Boolean).join(" "),
      phone: maskPhone(r.phone),
      answered: done.has(keys[i]!),
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// residents

function verifiedCommunities(a: Actor) {
  return [...new Set(a.residencies.filter((r) => r.status === "verified").map((r) => r.communityId))];
}

/** The open surveys addressed to the caller's verified places and groups, answered or not. */
export async function mySurveys(db: Db, config: Config, actor: Actor | null) {
  const a = requireActor(actor);
  const ids = verifiedCommunities(a);
  const [surveys, names] = await Promise.all([
    q.openSurveysIn(db, ids, new Date()),
    q.communityNames(db, ids),
  ]);
  const nameOf = new Map(names.map((c) => [c.id, c.name]));
  const items = [];
  for (const s of surveys as SurveyRow[]) {
    const [me] = await q.eligibleResidents(db, s, { userId: a.userId, limit: 1 });
    if (!me) continue;
    const key = respondentKey(config, s, me);
    const answered = (await q.answeredKeys(db, s.community_id, s.id, [key])).size > 0;
    const communityName = nameOf.get(s.community_id) ?? "";
    items.push({
      id: s.id,
      communityId: s.community_id,
      communityName,
      title: s.title,
      placeName: placeNameOf(s, communityName),
      anonymous: s.anonymous,
      answerPer: s.answer_per,
      closesAt: s.closes_at,
      questionCount: questionsOf(s).length,
      answered,
    });
  }
  return { items };
}

/** The form a resident answers (or staff who read the survey preview). */
export async function surveyForm(
  db: Db,
  config: Config,
  actor: Actor | null,
  communityId: number,
  id: number,
) {
  const a = requireActor(actor);
  const communityName = await requireCommunityName(db, communityId);
  const s = await requireSurvey(db, communityId, id);
  const [me] = s.published_at ? await q.eligibleResidents(db, s, { userId: a.userId, limit: 1 }) : [];
  if (!me) authorize(a, "surveys.read", placeOf(s));
  const answered = me
    ? (await q.answeredKeys(db, communityId, id, [respondentKey(config, s, me)])).size > 0
    : false;
  const state = stateOf(s);
  return {
    id: s.id,
    communityId,
    communityName,
    title: s.title,
    description: s.description,
    placeName: placeNameOf(s, communityName),
    anonymous: s.anonymous,
    answerPer: s.answer_per,
    closesAt: s.closes_at,
    state,
    questions: questionsOf(s),
    canAnswer: !!me && !answered && state === "open",
    answered,
  };
}

// ---------------------------------------------------------------------------------------------
// exports

/** The caller with only the grants whose role may export (data.export). */
function exporterOf(actor: Actor | null): Actor {
  const a = requireActor(actor);
  return exportingActor(a);
}

const stamp = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const cellTime = (d: Date) => new Date(d.getTime() + 8 * 3_600_000);

/**
 * A survey's answers as .xlsx: a named survey one row per response (respondent, address, channel,
 * time, one column per question); an anonymous survey only its aggregates. Audited.
 */
export async function exportSurvey(db: Db, actor: Actor | null, communityId: number, id: number) {
  const exporter = exporterOf(actor);
  const s = await requireSurvey(db, communityId, id);
  const reach = authorize(exporter, "surveys.read", placeOf(s));
  const questions = questionsOf(s);
  let rowsWritten = 0;
  let body: Buffer;
  if (s.anonymous) {
    const results = resultsOf(s, await q.tallies(db, communityId, id));
    const cells: (string | number | null)[][] = [];
    for (const qr of results.questions) {
      for (const o of qr.options) cells.push([qr.index + 1, qr.text, o.label, o.count, o.pct, null]);
      if (qr.average != null || !qr.options.length)
        cells.push([
          qr.index + 1,
          qr.text,
          qr.average != null ? "平均 average" : "作答 answered",
          qr.answered,
          null,
          qr.average,
        ]);
    }
    body = await workbookBytes((sink) =>
      writeWorkbook(
        {
          name: "问卷统计",
          columns: [
            { header: "题号", width: 6 },
            { header: "题目", width: 40 },
            { header: "选项", width: 24 },
            { header: "人数", width: 8 },
            { header: "占比%", width: 8 },
            { header: "平均", width: 8 },
          ],
          notes: [
            `匿名问卷只导出统计，共 ${results.responses} 份回答`,
            `An anonymous survey exports its aggregates only; ${results.responses} answers`,
          ],
        },
        cells,
        sink,
      ),
    );
    rowsWritten = cells.length;
  } else {
    const { responses, answers } = await q.exportResponses(db, communityId, id, MAX_EXPORT_RESPONSES);
    const byResponse = new Map<number, typeof answers>();
    for (const an of answers) {
      const k = Number(an.response_id);
      byResponse.set(k, [...(byResponse.get(k) ?? []), an]);
    }
    const cell = (qn: TQuestion, rows: typeof answers): string | number | null => {
      if (!rows.length) return null;
      if (qn.kind === "single" || qn.kind === "multiple")
        return rows
          .filter((r) => r.choice >= 0)
          .map((r) => qn.options[r.choice] ?? "")
          .join("、");
      if (qn.kind === "text") return rows[0]!.text_value;
      return rows[0]!.number_value;
    };
    const cells = responses.map((r) => {
      const mine = byResponse.get(Number(r.id)) ?? [];
      return [
        Number(r.id),
        r.name,
        [r.building_name, r.unit_name, r.room].filter(Boolean).join(" "),
        r.channel === "paper" ? "纸质" : "线上",
        cellTime(r.submitted_at),
        ...questions.map((qn, i) =>
          cell(
            qn,
            mine.filter((x) => x.question_index === i),
          ),
        ),
      ];
    });
    body = await workbookBytes((sink) =>
      writeWorkbook(
        {
          name: "问卷回答",
          columns: [
            { header: "编号", width: 8 },
            { header: "姓名", width: 10 },
            { header: "住址", width: 18 },
            { header: "方式", width: 6 },
            { header: "提交时间", width: 18, numFmt: "yyyy-mm-dd hh:mm" },
            ...questions.map((qn, i) => ({ header: `${i + 1}. ${qn.text}`, width: 24 })),
          ],
        },
        cells,
        sink,
      ),
    );
    rowsWritten = cells.length;
  }
  await recordAudit(db, {
    actorUserId: exporter.userId,
    actorRole: primaryRole(reach),
    communityId,
    action: "data.export",
    targetType: "survey",
    targetId: id,
    after: { format: "xlsx", anonymous: s.anonymous, rows: rowsWritten, aggregatesOnly: s.anonymous },
  });
  return {
    contentType: XLSX_MIME,
    disposition: attachmentDisposition(
      `survey-${communityId}-${id}-${stamp()}.xlsx`,
      `问卷-${s.title}-${stamp()}.xlsx`,
    ),
    rows: rowsWritten,
    body,
  };
}

/** The staff list of surveys as .xlsx, same filters and reach (data.export); audited. */
export async function exportSurveyList(
  db: Db,
  actor: Actor | null,
  communityId: number,
  f: Omit<Parameters<typeof q.listSurveys>[3], "limit" | "offset">,
) {
  const exporter = exporterOf(actor);
  const reach = authorizeWithin(exporter, "surveys.read", communityId);
  const name = await requireCommunityName(db, communityId);
  const now = new Date();
  const page = await q.listSurveys(
    db,
    communityId,
    scopeIdsOf(reach, communityId),
    { ...f, limit: 5000, offset: 0 },
    now,
  );
  const STATE_ZH = { draft: "草稿", upcoming: "未开始", open: "进行中", closed: "已结束" } as const;
  const cells = page.rows.map((r) => {
    const s = presentItem(r as SurveyRow, name, now);
    return [
      s.id,
      s.title,
      s.placeName,
      STATE_ZH[s.state],
      s.anonymous ? "匿名" : "实名",
      s.answerPer === "household" ? "每户" : "每人",
      cellTime(s.opensAt),
      cellTime(s.closesAt),
      s.questionCount,
      s.responses,
    ];
  });
  await recordAudit(db, {
    actorUserId: exporter.userId,
    actorRole: primaryRole(reach),
    communityId,
    action: "data.export",
    targetType: "surveys",
    targetId: "xlsx",
    after: { format: "xlsx", filters: f, rows: cells.length },
  });
  const body = await workbookBytes((sink) =>
    writeWorkbook(
      {
        name: "问卷列表",
        columns: [
          { header: "编号", width: 8 },
          { header: "标题", width: 30 },
          { header: "对象", width: 18 },
          { header: "状态", width: 8 },
          { header: "匿名", width: 6 },
          { header: "方式", width: 6 },
          { header: "开始", width: 18, numFmt: "yyyy-mm-dd hh:mm" },
          { header: "截止", width: 18, numFmt: "yyyy-mm-dd hh:mm" },
          { header: "题数", width: 6 },
          { header: "回答数", width: 8 },
        ],
      },
      cells,
      sink,
    ),
  );
  return {
    contentType: XLSX_MIME,
    disposition: attachmentDisposition(
      `surveys-${communityId}-${stamp()}.xlsx`,
      `问卷列表-${name}-${stamp()}.xlsx`,
    ),
    rows: cells.length,
    body,
  };
}
