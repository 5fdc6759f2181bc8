// All SQL of the surveys module (D4). Private: the service is the module's surface.
import { type ExpressionBuilder, type Kysely, sql } from "kysely";
import type { ScopeIds } from "../../../db/place-scope.ts";
import type { DB } from "../../../db/schema.ts";
import { tenantJoin } from "../../../db/tenant-join.ts";
import type { SurveyAnswerTable, SurveyTable } from "./surveys.tables.ts";

type Db = Kysely<DB>;

export const communityName = async (db: Db, communityId: number) =>
  (await db.selectFrom("community").select("name").where("id", "=", communityId).executeTakeFirst())?.name ??
  null;

export const communityNames = async (db: Db, ids: number[]) =>
  ids.length ? db.selectFrom("community").select(["id", "name"]).where("id", "in", ids).execute() : [];

/** The estate and building as found in the community (the building's estate and grid with it). */
export async function placeInCommunity(
  db: Db,
  communityId: number,
  ids: { estateId: number | null; buildingId: number | null },
) {
  const [estate, building] = await Promise.all([
    ids.estateId == null
      ? null
      : db
          .selectFrom("estate")
          .select(["id", "name"])
          .where("community_id", "=", communityId)
          .where("id", "=", ids.estateId)
          .executeTakeFirst(),
    ids.buildingId == null
      ? null
      : db
          .selectFrom("building")
          .select(["id", "name", "estate_id", "grid_id"])
          .where("community_id", "=", communityId)
          .where("id", "=", ids.buildingId)
          .executeTakeFirst(),
  ]);
  return { estate: estate ?? null, building: building ?? null };
}

const RESPONSES = -1;

function surveyColumns(db: Db) {
  return db
    .selectFrom("survey as s")
    .leftJoin("estate as e", tenantJoin("e", "s", "estate_id"))
    .leftJoin("building as b", tenantJoin("b", "s", "building_id"))
    .leftJoin("survey_tally as t", (j) =>
      j
        .onRef("t.community_id", "=", "s.community_id")
        .onRef("t.survey_id", "=", "s.id")
        .on("t.question_index", "=", RESPONSES)
        .on("t.choice", "=", 0),
    )
    .selectAll("s")
    .select(["e.name as estate_name", "b.name as building_name"])
    .select(sql<number>`coalesce(t.answers, 0)`.as("responses"));
}
export type SurveyRow = Awaited<ReturnType<typeof findSurvey>> & {};

export const findSurvey = (db: Db, communityId: number, id: number) =>
  surveyColumns(db).where("s.community_id", "=", communityId).where("s.id", "=", id).executeTakeFirst();

/** Restricts surveys `s` to what a partial reach covers (a whole-community survey needs the community). */
function surveyInScope(eb: ExpressionBuilder<any, any>, scope: ScopeIds | null) {
  if (!scope) return eb.lit(true);
  const ors = [];
  if (scope.gridIds.length) ors.push(eb("s.grid_id", "in", scope.gridIds));
  if (scope.estateIds.length) ors.push(eb("s.estate_id", "in", scope.estateIds));
  if (scope.buildingIds.length) ors.push(eb("s.building_id", "in", scope.buildingIds));
  return ors.length ? eb.or(ors) : eb.lit(false);
}

export type SurveyState = "draft" | "upcoming" | "open" | "closed";

export async function listSurveys(
  db: Db,
  communityId: number,
  scope: ScopeIds | null,
  f: {
    q?: string | undefined;
    state?: SurveyState | undefined;
    topicId?: number | undefined;
    limit: number;
    offset: number;
  },
  now: Date,
) {
  let query = surveyColumns(db)
    .where("s.community_id", "=", communityId)
    .where((eb) => surveyInScope(eb, scope));
  if (f.q) query = query.where("s.title", "ilike", `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (f.topicId) query = query.where("s.topic_id", "=", f.topicId);
  if (f.state === "draft") query = query.where("s.published_at", "is", null);
  if (f.state === "upcoming")
    query = query.where("s.published_at", "is not", null).where("s.opens_at", ">", now);
  if (f.state === "open")
    query = query
      .where("s.published_at", "is not", null)
      .where("s.opens_at", "<=", now)
      .where("s.closes_at", ">", now);
  if (f.state === "closed")
    query = query.where("s.published_at", "is not", null).where("s.closes_at", "<=", now);
  const [rows, total] = await Promise.all([
    query.orderBy("s.created_at", "desc").orderBy("s.id", "desc").limit(f.limit).offset(f.offset).execute(),
    query
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export const insertSurvey = (db: Db, row: Omit<SurveyTable, "id" | "created_at" | "updated_at"> & {}) =>
  db
    .insertInto("survey")
    .values(row as any)
    .returning("id")
    .executeTakeFirstOrThrow();

export const updateSurvey = (db: Db, communityId: number, id: number, set: Record<string, unknown>) =>
  db
    .updateTable("survey")
    .set({ ...set, updated_at: new Date() })
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .execute();

/** Locks the survey row while its questions change, so that no answer slips in meanwhile. */
export const lockSurvey = (db: Db, communityId: number, id: number) =>
  db
    .selectFrom("survey")
    .select("id")
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst();

export const hasResponses = async (db: Db, communityId: number, surveyId: number) =>
  !!(await db
    .selectFrom("survey_response")
    .select("id")
    .where("community_id", "=", communityId)
    .where("survey_id", "=", surveyId)
    .limit(1)
    .executeTakeFirst());

// ---- who may answer ------------------------------------------------------------------------------

export interface Targeting {
  community_id: number;
  estate_id: number | null;
  building_id: number | null;
  audience: string;
  care_tag: string | null;
}

/**
 * The verified residents at the survey's place and in its group, lowest id first: those of one
 * account (`userId`), one resident (`residentId`), or any (`name` words, at most `limit`).
 */
export function eligibleResidents(
  db: Db,
  s: Targeting,
  who: { userId?: number; residentId?: number; name?: string | undefined; limit?: number },
) {
  let query = targetedResidents(db, s)
    .leftJoin("unit as u", tenantJoin("u", "h", "unit_id"))
    .select([
      "r.id as resident_id",
      "r.user_id",
      "r.household_id",
      "r.name",
      "r.phone",
      "h.room",
      "b.name as building_name",
      "u.name as unit_name",
    ]);
  if (who.userId != null) query = query.where("r.user_id", "=", who.userId);
  if (who.residentId != null) query = query.where("r.id", "=", who.residentId);
  if (who.name) query = query.where("r.name", "like", `%${who.name.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  return query
    .orderBy("r.id")
    .limit(who.limit ?? 50)
    .execute();
}
export type EligibleResident = Awaited<ReturnType<typeof eligibleResidents>>[number];

/** The verified residents `r` (with household `h`, building `b`) at a survey's place and in its group. */
function targetedResidents(db: Db, s: Targeting) {
  let query = db
    .selectFrom("resident as r")
    .innerJoin("household as h", tenantJoin("h", "r", "household_id"))
    .innerJoin("building as b", tenantJoin("b", "h", "building_id"))
    .where("r.community_id", "=", s.community_id)
    .where("r.status", "=", "verified");
  if (s.building_id != null) query = query.where("h.building_id", "=", s.building_id);
  else if (s.estate_id != null) query = query.where("b.estate_id", "=", s.estate_id);
  if (s.audience === "owners") query = query.where("r.relation", "=", "owner");
  if (s.audience === "tenants") query = query.where("r.relation", "=", "tenant");
  if (s.audience === "care_tag") query = query.where(sql<boolean>`${s.care_tag ?? ""} = any(r.care_tags)`);
  if (s.audience === "party_members")
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom("party_member as pm")
          .select("pm.id")
          .whereRef("pm.community_id", "=", "r.community_id")
          .where((e) =>
            e.or([
              e("pm.resident_id", "=", e.ref("r.id")),
              e.and([e("r.user_id", "is not", null), e("pm.user_id", "=", e.ref("r.user_id"))]),
            ]),
          ),
      ),
    );
  return query;
}

/** The accounts of the residents a survey is for (each once), for its opening notice. */
export const targetedUserIds = async (db: Db, s: Targeting) =>
  (
    await targetedResidents(db, s)
      .where("r.user_id", "is not", null)
      .select("r.user_id")
      .distinct()
      .orderBy("r.user_id")
      .execute()
  ).map((r) => r.user_id!);

/**
 * Claims the published surveys that are open by `now` and whose opening was not yet announced (stamps
 * opened_at; `id`: only that one): the caller emits survey.opened for each in the same transaction.
 */
export const claimOpenedSurveys = async (db: Db, now: Date, only?: { communityId: number; id: number }) =>
  (
    await sql<{
      community_id: number;
      id: number;
      title: string;
      closes_at: Date;
      created_by: number | null;
    }>`
      update survey set opened_at = ${now}
      where opened_at is null and published_at is not null and opens_at <= ${now} and closes_at > ${now}
        ${only ? sql`and community_id = ${only.communityId} and id = ${only.id}` : sql``}
      returning community_id, id, title, closes_at, created_by`.execute(db)
  ).rows;

/** Claims the opening notice of a survey (once): its targeting, or nothing when already told. */
export const claimOpenNotice = async (db: Db, communityId: number, id: number) =>
  (
    await sql<Targeting & { id: number; title: string; closes_at: Date; anonymous: boolean }>`
      update survey set open_notified_at = now()
      where community_id = ${communityId} and id = ${id} and open_notified_at is null
      returning community_id, id, title, closes_at, anonymous, estate_id, building_id, audience, care_tag`.execute(
      db,
    )
  ).rows[0];

/** Published surveys open now in these communities (the caller's eligibility is checked per survey). */
export const openSurveysIn = (db: Db, communityIds: number[], now: Date) =>
  communityIds.length
    ? surveyColumns(db)
        .where("s.community_id", "in", communityIds)
        .where("s.published_at", "is not", null)
        .where("s.opens_at", "<=", now)
        .where("s.closes_at", ">", now)
        .orderBy("s.closes_at")
        .limit(200)
        .execute()
    : Promise.resolve([]);

/** Which of these respondent keys have answered the survey. */
export async function answeredKeys(db: Db, communityId: number, surveyId: number, keys: string[]) {
  if (!keys.length) return new Set<string>();
  const rows = await db
    .selectFrom("survey_response")
    .select("respondent_key")
    .where("community_id", "=", communityId)
    .where("survey_id", "=", surveyId)
    .where("respondent_key", "in", keys)
    .execute();
  return new Set(rows.map((r) => r.respondent_key));
}

// ---- answers -------------------------------------------------------------------------------------

export type AnswerRow = Omit<SurveyAnswerTable, "community_id" | "survey_id" | "response_id">;

/**
 * One response with its answer rows and the survey's tally, in the caller's transaction. The tally
 * rows are upserted in (question, choice) order so that concurrent answers lock them in one order.
 */
export async function insertResponse(
  db: Db,
  r: {
    community_id: number;
    survey_id: number;
    respondent_key: string;
    resident_id: number | null;
    household_id: number | null;
    channel: "online" | "paper";
    entered_by: number | null;
  },
  answers: AnswerRow[],
): Promise<number> {
  const { id } = await db.insertInto("survey_response").values(r).returning("id").executeTakeFirstOrThrow();
  if (answers.length)
    await db
      .insertInto("survey_answer")
      .values(
        answers.map((a) => ({ ...a, community_id: r.community_id, survey_id: r.survey_id, response_id: id })),
      )
      .execute();
  const tally = new Map<string, { question_index: number; choice: number; answers: number; total: number }>();
  const add = (question_index: number, choice: number, value: number) => {
    const k = `${question_index}:${choice}`;
    const t = tally.get(k) ?? { question_index, choice, answers: 0, total: 0 };
    t.answers += 1;
    t.total += value;
    tally.set(k, t);
  };
  add(RESPONSES, 0, 0);
  if (r.channel === "paper") add(RESPONSES, 1, 0);
  for (const a of answers) add(a.question_index, a.choice, a.number_value ?? 0);
  const rows = [...tally.values()]
    .sort((x, y) => x.question_index - y.question_index || x.choice - y.choice)
    .map((t) => ({ ...t, community_id: r.community_id, survey_id: r.survey_id }));
  await db
    .insertInto("survey_tally")
    .values(rows)
    .onConflict((oc) =>
      oc.columns(["community_id", "survey_id", "question_index", "choice"]).doUpdateSet({
        answers: sql`survey_tally.answers + excluded.answers`,
        total: sql`survey_tally.total + excluded.total`,
      }),
    )
    .execute();
  return id;
}

export const tallies = (db: Db, communityId: number, surveyId: number) =>
  db
    .selectFrom("survey_tally")
    .select(["question_index", "choice", "answers", "total"])
    .where("community_id", "=", communityId)
    .where("survey_id", "=", surveyId)
    .execute();

/** The tally recounted from the answers (tests compare it with survey_tally). */
export const recount = (db: Db, communityId: number, surveyId: number) =>
  db
    .selectFrom("survey_answer")
    .select(["question_index", "choice"])
    .select((eb) => [
      eb.fn.countAll<number>().as("answers"),
      sql<number>`coalesce(sum(number_value), 0)`.as("total"),
    ])
    .where("community_id", "=", communityId)
    .where("survey_id", "=", surveyId)
    .groupBy(["question_index", "choice"])
    .execute();

export function textAnswers(
  db: Db,
  communityId: number,
  surveyId: number,
  f: { question: number; after?: number | undefined; limit: number },
) {
  let query = db
    .selectFrom("survey_answer as a")
    .innerJoin("survey_response as r", tenantJoin("r", "a", "response_id"))
    .leftJoin("resident as p", tenantJoin("p", "r", "resident_id"))
    .select(["a.response_id", "a.text_value", "r.channel", "r.submitted_at", "p.name as respondent_name"])
    .where("a.community_id", "=", communityId)
    .where("a.survey_id", "=", surveyId)
    .where("a.question_index", "=", f.question)
    .where("a.text_value", "is not", null);
  if (f.after != null) query = query.where("a.response_id", ">", f.after);
  return query
    .orderBy("a.response_id")
    .limit(f.limit + 1)
    .execute();
}

/** Every response of a survey with its respondent and answers, in answer order (the named export). */
export async function exportResponses(db: Db, communityId: number, surveyId: number, max: number) {
  const responses = await db
    .selectFrom("survey_response as r")
    .leftJoin("resident as p", tenantJoin("p", "r", "resident_id"))
    .leftJoin("household as h", tenantJoin("h", "r", "household_id"))
    .leftJoin("building as b", tenantJoin("b", "h", "building_id"))
    .leftJoin("unit as u", tenantJoin("u", "h", "unit_id"))
    .select([
      "r.id",
      "r.channel",
      "r.submitted_at",
      "p.name",
      "b.name as building_name",
      "u.name as unit_name",
      "h.room",
    ])
    .where("r.community_id", "=", communityId)
    .where("r.survey_id", "=", surveyId)
    .orderBy("r.id")
    .limit(max)
    .execute();
  const answers = responses.length
    ? await db
        .selectFrom("survey_answer")
        .select(["response_id", "question_index", "choice", "number_value", "text_value"])
        .where("community_id", "=", communityId)
        .where("survey_id", "=", surveyId)
        .where("response_id", "<=", responses[responses.length - 1]!.id)
        .orderBy("response_id")
        .orderBy("question_index")
        .orderBy("choice")
        .execute()
    : [];
  return { responses, answers };
}
