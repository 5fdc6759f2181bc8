// All SQL of deliberation topics (D1, D2).
import { type CompiledQuery, type Insertable, type Kysely, sql, type Updateable } from "kysely";
import type { DB } from "../../../db/schema.ts";
import { tenantJoin } from "../../../db/tenant-join.ts";
import type { RatingValue } from "../../voice/requests/requests.schema.ts";
import type {
  TopicOriginKind,
  TopicParticipantSetTable,
  TopicStatus,
  TopicTable,
  TopicTemplateStageTable,
  TopicTier,
} from "./topics.tables.ts";

type Db = Kysely<DB>;

export const communityOf = (db: Db, communityId: number) =>
  db
    .selectFrom("community as c")
    .innerJoin("street as s", "s.id", "c.street_id")
    .select(["c.id", "c.name", "c.street_id", "s.district_id"])
    .where("c.id", "=", communityId)
    .executeTakeFirst();

// ---- settings ----

export const settingsOf = (db: Db, communityId: number) =>
  db.selectFrom("topic_settings").selectAll().where("community_id", "=", communityId).executeTakeFirst();

export const upsertSettings = (
  db: Db,
  communityId: number,
  values: { support_threshold?: number; notice_working_days?: number; updated_by: number },
) =>
  db
    .insertInto("topic_settings")
    .values({ community_id: communityId, ...values })
    .onConflict((oc) => oc.column("community_id").doUpdateSet({ ...values, updated_at: new Date() }))
    .execute();

// ---- templates ----

export const templatesOf = (db: Db, communityId: number) =>
  db
    .selectFrom("topic_template as t")
    .select((eb) => [
      "t.id",
      "t.name",
      "t.is_default",
      eb
        .selectFrom("topic as tp")
        .select(eb.fn.countAll<number>().as("n"))
        .whereRef("tp.community_id", "=", "t.community_id")
        .whereRef("tp.template_id", "=", "t.id")
        .as("topics"),
    ])
    .where("t.community_id", "=", communityId)
    .orderBy("t.id")
    .execute();

export const stagesOf = (db: Db, communityId: number, templateId?: number) => {
  let qb = db
    .selectFrom("topic_template_stage")
    .selectAll()
    .where("community_id", "=", communityId)
    .orderBy("template_id")
    .orderBy("position")
    .orderBy("id");
  if (templateId != null) qb = qb.where("template_id", "=", templateId);
  return qb.execute();
};
export type StageRow = Awaited<ReturnType<typeof stagesOf>>[number];

export const insertTemplate = (db: Db, communityId: number, name: string, isDefault: boolean) =>
  db
    .insertInto("topic_template")
    .values({ community_id: communityId, name, is_default: isDefault })
    .returning("id")
    .executeTakeFirstOrThrow();

export const templateNameTaken = async (db: Db, communityId: number, name: string, exceptId?: number) => {
  let qb = db
    .selectFrom("topic_template")
    .select("id")
    .where("community_id", "=", communityId)
    .where("name", "=", name);
  if (exceptId != null) qb = qb.where("id", "!=", exceptId);
  return !!(await qb.executeTakeFirst());
};

export const updateTemplate = (db: Db, communityId: number, id: number, name: string) =>
  db
    .updateTable("topic_template")
    .set({ name })
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .execute();

export const makeDefault = async (db: Db, communityId: number, id: number) => {
  await db
    .updateTable("topic_template")
    .set({ is_default: sql<boolean>`id = ${id}` })
    .where("community_id", "=", communityId)
    .execute();
};

export const insertStages = (db: Db, rows: Insertable<TopicTemplateStageTable>[]) =>
  rows.length ? db.insertInto("topic_template_stage").values(rows).execute() : Promise.resolve([]);

export const updateStage = (
  db: Db,
  communityId: number,
  id: number,
  set: Updateable<TopicTemplateStageTable>,
) =>
  db
    .updateTable("topic_template_stage")
    .set(set)
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .execute();

// ---- participant sets and organisations ----

export const participantSetsOf = (db: Db, communityId: number) =>
  db
    .selectFrom("topic_participant_set")
    .selectAll()
    .where("community_id", "=", communityId)
    .orderBy("id")
    .execute();

export const insertParticipantSet = (db: Db, row: Insertable<TopicParticipantSetTable>) =>
  db.insertInto("topic_participant_set").values(row).returning("id").executeTakeFirstOrThrow();

export const updateParticipantSet = (
  db: Db,
  communityId: number,
  id: number,
  set: Updateable<TopicParticipantSetTable>,
) =>
  db
    .updateTable("topic_participant_set")
    .set(set)
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .executeTakeFirst();

export const participantSetNameTaken = async (
  db: Db,
  communityId: number,
  name: string,
  exceptId?: number,
) => {
  let qb = db
    .selectFrom("topic_participant_set")
    .select("id")
    .where("community_id", "=", communityId)
    .where("name", "=", name);
  if (exceptId != null) qb = qb.where("id", "!=", exceptId);
  return !!(await qb.executeTakeFirst());
};

/** Organisations that may be invited in a community: based there, or the property company of an estate. */
export const invitableOrganisations = (db: Db, communityId: number) =>
  db
    .selectFrom("organisation as o")
    .select(["o.id", "o.kind", "o.name"])
    .where((eb) =>
      eb.or([
        eb("o.home_community_id", "=", communityId),
        eb(
          "o.id",
          "in",
          eb
            .selectFrom("estate")
            .select("property_org_id")
            .where("community_id", "=", communityId)
            .where("property_org_id", "is not", null),
        ),
      ]),
    )
    .orderBy("o.kind")
    .orderBy("o.id")
    .execute();

// ---- places ----

export const buildingIn = (db: Db, communityId: number, id: number) =>
  db
    .selectFrom("building")
    .select(["id", "estate_id", "grid_id", "name"])
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .executeTakeFirst();

/** An estate and the distinct grids of its buildings (a grid worker acts on it only when it lies in theirs). */
export const estateIn = async (db: Db, communityId: number, id: number) => {
  const e = await db
    .selectFrom("estate")
    .select(["id", "name"])
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (!e) return undefined;
  const grids = await db
    .selectFrom("building")
    .select("grid_id")
    .distinct()
    .where("community_id", "=", communityId)
    .where("estate_id", "=", id)
    .execute();
  return { ...e, gridIds: grids.map((g) => g.grid_id) };
};

/** The verified households of a person, with their building and estate, in every community. */
export const householdsOfUser = (db: Db, userId: number) =>
  db
    .selectFrom("resident as r")
    .innerJoin("household as h", tenantJoin("h", "r", "household_id"))
    .innerJoin("building as b", tenantJoin("b", "h", "building_id"))
    .select(["r.community_id", "h.id as household_id", "h.building_id", "b.estate_id"])
    .where("r.user_id", "=", userId)
    .where("r.status", "=", "verified")
    .orderBy("r.community_id")
    .orderBy("h.id")
    .execute();
export type HouseholdOfUser = Awaited<ReturnType<typeof householdsOfUser>>[number];

// ---- topics ----

function topicsBase(db: Db) {
  return db
    .selectFrom("topic as t")
    .innerJoin("community as c", "c.id", "t.community_id")
    .innerJoin("topic_template_stage as st", tenantJoin("st", "t", "stage_id"))
    .leftJoin("estate as e", tenantJoin("e", "t", "estate_id"))
    .leftJoin("building as b", tenantJoin("b", "t", "building_id"))
    .select((eb) => [
      "t.community_id",
      "t.id",
      "t.title",
      "t.description",
      "t.tier",
      "t.estate_id",
      "t.building_id",
      "t.grid_id",
      "t.template_id",
      "t.stage_id",
      "t.stage_entered_at",
      "t.status",
      "t.origin_kind",
      "t.origin_id",
      "t.participant_set_id",
      "t.implementation_request_id",
      "t.raised_by",
      "t.created_at",
      "c.name as community_name",
      "e.name as estate_name",
      "b.name as building_name",
      "st.key as stage_key",
      "st.name_zh as stage_name_zh",
      "st.name_en as stage_name_en",
      "st.position as stage_position",
      eb
        .selectFrom("topic_support as s")
        .select(eb.fn.countAll<number>().as("n"))
        .whereRef("s.community_id", "=", "t.community_id")
        .whereRef("s.topic_id", "=", "t.id")
        .as("supports"),
    ]);
}
export type TopicRow = Awaited<ReturnType<typeof findTopic>> & {};

export const findTopic = (db: Db, communityId: number, id: number) =>
  topicsBase(db).where("t.community_id", "=", communityId).where("t.id", "=", id).executeTakeFirst();

export const lockTopic = (db: Db, communityId: number, id: number) =>
  db
    .selectFrom("topic")
    .select(["id", "stage_id", "status"])
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst();

/** Which topics a partial reach covers: none = the whole community. */
export interface TopicScope {
  gridIds: number[];
  estateIds: number[];
  buildingIds: number[];
}

export interface TopicFilters {
  q?: string | undefined;
  tier?: TopicTier | undefined;
  stageKey?: string | undefined;
  status?: TopicStatus | undefined;
  estateId?: number | undefined;
  buildingId?: number | undefined;
}

function filtered(db: Db, communityId: number, scope: TopicScope | null, f: TopicFilters) {
  let qb = topicsBase(db).where("t.community_id", "=", communityId);
  if (scope) {
    qb = qb.where((eb) =>
      eb.or([
        // a community-wide topic concerns every part of the community: anyone reaching a part reads it
        eb("t.tier", "=", "community"),
        ...(scope.gridIds.length ? [eb("t.grid_id", "in", scope.gridIds)] : []),
        ...(scope.estateIds.length ? [eb("t.estate_id", "in", scope.estateIds)] : []),
        ...(scope.buildingIds.length ? [eb("t.building_id", "in", scope.buildingIds)] : []),
      ]),
    );
  }
  if (f.q) qb = qb.where("t.title", "ilike", `%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
  if (f.tier) qb = qb.where("t.tier", "=", f.tier);
  if (f.stageKey) qb = qb.where("st.key", "=", f.stageKey);
  if (f.status) qb = qb.where("t.status", "=", f.status);
  if (f.estateId) qb = qb.where("t.estate_id", "=", f.estateId);
  if (f.buildingId) qb = qb.where("t.building_id", "=", f.buildingId);
  return qb;
}

export async function listTopics(
  db: Db,
  communityId: number,
  scope: TopicScope | null,
  f: TopicFilters & { limit: number; offset: number },
) {
  const [rows, total] = await Promise.all([
    filtered(db, communityId, scope, f).orderBy("t.id", "desc").limit(f.limit).offset(f.offset).execute(),
    filtered(db, communityId, scope, f)
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

// A resident's own list (GET /api/me/topics) is the most frequent read of the module: it is one
// statement whose text never changes, built by the query builder once and then sent with the caller's
// id in place of a stand-in value (so no query is built per request, and PostgreSQL keeps it prepared).
const CALLER = -987_654_321;
let myTopicsCompiled: CompiledQuery<TopicRow> | null = null;

function myTopicsQuery(db: Db) {
  return topicsBase(db)
    .where("t.community_id", "in", (eb) =>
      eb
        .selectFrom("resident as r0")
        .select("r0.community_id")
        .where("r0.user_id", "=", CALLER)
        .where("r0.status", "=", "verified"),
    )
    .where((eb) =>
      eb.or([
        eb("t.tier", "=", "community"),
        eb.exists(
          eb
            .selectFrom("resident as r")
            .innerJoin("household as h", tenantJoin("h", "r", "household_id"))
            .innerJoin("building as hb", tenantJoin("hb", "h", "building_id"))
            .select("h.id")
            .where("r.user_id", "=", CALLER)
            .where("r.status", "=", "verified")
            .whereRef("r.community_id", "=", "t.community_id")
            .where((w) =>
              w.or([
                w.and([w("t.tier", "=", "estate"), w(w.ref("hb.estate_id"), "=", w.ref("t.estate_id"))]),
                w.and([w("t.tier", "=", "building"), w(w.ref("h.building_id"), "=", w.ref("t.building_id"))]),
              ]),
            ),
        ),
      ]),
    )
    .orderBy("t.stage_entered_at", "desc")
    .orderBy("t.id", "desc")
    .limit(200)
    .compile();
}

/**
 * The topics of the places where the user is a verified resident: community-wide ones of their
 * communities, their estates' and their buildings' (newest stage first, at most 200).
 */
export async function topicsOfResident(db: Db, userId: number): Promise<TopicRow[]> {
  myTopicsCompiled ??= myTopicsQuery(db);
  const q = myTopicsCompiled;
  const r = await db.executeQuery<TopicRow>({
    ...q,
    parameters: q.parameters.map((p) => (p === CALLER ? userId : p)),
  });
  return r.rows;
}

export const topicsByOrigin = (db: Db, communityId: number, kind: TopicOriginKind, id: number) =>
  topicsBase(db)
    .where("t.community_id", "=", communityId)
    .where("t.origin_kind", "=", kind)
    .where("t.origin_id", "=", id)
    .orderBy("t.id")
    .execute();

export const insertTopic = (db: Db, row: Insertable<TopicTable>) =>
  db.insertInto("topic").values(row).returning(["id", "created_at"]).executeTakeFirstOrThrow();

export const updateTopic = (db: Db, communityId: number, id: number, set: Updateable<TopicTable>) =>
  db.updateTable("topic").set(set).where("community_id", "=", communityId).where("id", "=", id).execute();

export const insertParties = (db: Db, communityId: number, topicId: number, orgIds: number[]) =>
  orgIds.length
    ? db
        .insertInto("topic_party")
        .values(orgIds.map((o) => ({ community_id: communityId, topic_id: topicId, organisation_id: o })))
        .onConflict((oc) => oc.doNothing())
        .execute()
    : Promise.resolve([]);

export const partiesOf = (db: Db, communityId: number, topicId: number) =>
  db
    .selectFrom("topic_party as p")
    .innerJoin("organisation as o", "o.id", "p.organisation_id")
    .select(["o.id", "o.kind", "o.name"])
    .where("p.community_id", "=", communityId)
    .where("p.topic_id", "=", topicId)
    .orderBy("o.id")
    .execute();

export const insertRecords = (
  db: Db,
  rows: {
    community_id: number;
    topic_id: number;
    stage_id: number;
    action: "entered" | "skipped";
    text: string;
    attachments: number[];
    is_public: boolean;
    actor_user_id: number | null;
  }[],
) =>
  db
    .insertInto("topic_stage_record")
    .values(rows.map((r) => ({ ...r, attachments: JSON.stringify(r.attachments) })))
    .execute();

export const recordsOf = (db: Db, communityId: number, topicId: number) =>
  db
    .selectFrom("topic_stage_record as r")
    .leftJoin("app_user as u", "u.id", "r.actor_user_id")
    .select([
      "r.id",
      "r.stage_id",
      "r.action",
      "r.text",
      "r.attachments",
      "r.is_public",
      "r.created_at",
      "u.name as actor_name",
    ])
    .where("r.community_id", "=", communityId)
    .where("r.topic_id", "=", topicId)
    .orderBy("r.id")
    .execute();

// ---- support and ratings ----

/** One support per household (the primary key); false when the household had already supported. */
export const insertSupport = async (
  db: Db,
  row: { community_id: number; topic_id: number; household_id: number; user_id: number },
) =>
  !!(await db
    .insertInto("topic_support")
    .values(row)
    .onConflict((oc) => oc.doNothing())
    .returning("household_id")
    .executeTakeFirst());

export const supportingHouseholds = (db: Db, communityId: number, topicId: number, householdIds: number[]) =>
  householdIds.length
    ? db
        .selectFrom("topic_support")
        .select("household_id")
        .where("community_id", "=", communityId)
        .where("topic_id", "=", topicId)
        .where("household_id", "in", householdIds)
        .execute()
    : Promise.resolve([]);

export const countSupports = async (db: Db, communityId: number, topicId: number) =>
  Number(
    (
      await db
        .selectFrom("topic_support")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("community_id", "=", communityId)
        .where("topic_id", "=", topicId)
        .executeTakeFirstOrThrow()
    ).n,
  );

export const upsertRating = (
  db: Db,
  row: {
    community_id: number;
    topic_id: number;
    user_id: number;
    rating: RatingValue;
    comment: string | null;
  },
) =>
  db
    .insertInto("topic_rating")
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(["community_id", "topic_id", "user_id"])
        .doUpdateSet({ rating: row.rating, comment: row.comment, rated_at: new Date() }),
    )
    .execute();

export const ratingsOf = (db: Db, communityId: number, topicId: number) =>
  db
    .selectFrom("topic_rating")
    .select(["user_id", "rating", "comment"])
    .where("community_id", "=", communityId)
    .where("topic_id", "=", topicId)
    .execute();

/** Topics an organisation is invited to (its staff take part through their organisation grant). */
export const topicsOfOrganisations = (db: Db, orgIds: number[]) =>
  orgIds.length
    ? topicsBase(db)
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom("topic_party as p")
              .select("p.topic_id")
              .whereRef("p.community_id", "=", "t.community_id")
              .whereRef("p.topic_id", "=", "t.id")
              .where("p.organisation_id", "in", orgIds),
          ),
        )
        .orderBy("t.id", "desc")
        .limit(200)
        .execute()
    : Promise.resolve([]);
