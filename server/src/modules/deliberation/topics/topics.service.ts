// Deliberation topics (DOMAIN D1, D2). A topic (议题) has a tier — building, estate or community — at a
// place, and the tier decides who takes part: residents verified at that place, staff whose reach
// covers it, and the organisations invited (a community's named participant sets, 四轴联动 / 五方联动,
// are data). It runs through the stages of its community's template (the default "X+7"); every move
// leaves a record, only stages marked skippable may be skipped, and a resolution is published
// (公示决议) for the community's notice period in working days before 实施 may start. Residents raise
// proposals that become topics once enough distinct households support them (one support per
// household, the primary key), and rate the outcome in 评议 with the requests' rating vocabulary.
import type { Kysely } from "kysely";
import type { z } from "zod";
import {
  authorize,
  authorizeWithin,
  exportingActor,
  primaryRole,
  reachOf,
  requireActor,
} from "../../../access/authorize.ts";
import {
  type Actor,
  coversCommunity,
  type PlaceRef,
  partialReach,
  reaches,
  touchesCommunity,
} from "../../../access/reach.ts";
import type { DB } from "../../../db/schema.ts";
import { AppError } from "../../../errors.ts";
import { emitEvent } from "../../../events/outbox.ts";
import { recordAudit } from "../../core/audit/audit.service.ts";
import { addWorkingDays, loadCalendar, shanghaiDay } from "../../core/calendar/calendar.service.ts";
import {
  attachmentDisposition,
  workbookBytes,
  writeWorkbook,
  XLSX_MIME,
} from "../../core/imports/imports.service.ts";
import { opinionExists } from "../../voice/opinions/opinions.service.ts";
import { checkAttachablePhotos, loadRequest } from "../../voice/requests/requests.service.ts";
import { registerCommentSubject } from "../comments/comments.service.ts";
import { publishNotice } from "../notices/notices.service.ts";
import { topicCreated, topicStageChanged } from "./topics.events.ts";
import { placeNameOf, presentListItem, presentStage, ratingSummary } from "./topics.present.ts";
import * as q from "./topics.queries.ts";
import type {
  ZAdvance,
  ZCreateParticipantSet,
  ZCreateTemplate,
  ZCreateTopic,
  ZProposal,
  ZTopicRate,
  ZUpdateParticipantSet,
  ZUpdateSettings,
  ZUpdateTemplate,
} from "./topics.schema.ts";
import type { TopicTier } from "./topics.tables.ts";

type Db = Kysely<DB>;
type In<T extends z.ZodType> = z.output<T>;

export const DEFAULT_SUPPORT_THRESHOLD = 10;
export const DEFAULT_NOTICE_WORKING_DAYS = 5;
/** Stage keys that carry rules. */
export const PUBLISH_KEY = "publish_resolution";
export const IMPLEMENT_KEY = "implement";
export const EVALUATE_KEY = "evaluate";

/** The "X+7" method (粤汉里): collect, then seven steps from setting the topic to evaluating it. */
export const X7_STAGES = [
  { key: "collect", nameZh: "收集", nameEn: "Collect" },
  { key: "set_topic", nameZh: "定题", nameEn: "Set the topic" },
  { key: "prepare", nameZh: "准备与公示", nameEn: "Prepare and publicise" },
  { key: "deliberate", nameZh: "协商", nameEn: "Deliberate" },
  { key: "resolve", nameZh: "决议", nameEn: "Resolve" },
  { key: PUBLISH_KEY, nameZh: "公示决议", nameEn: "Publish the resolution" },
  { key: IMPLEMENT_KEY, nameZh: "实施", nameEn: "Implement" },
  { key: EVALUATE_KEY, nameZh: "评议", nameEn: "Evaluate" },
] as const;
export const X7_NAME = "X+7";

export const residentTopicLink = (communityId: number, id: number) => `/m/topics/${communityId}/${id}`;
export const staffTopicLink = (communityId: number, id: number) => `/staff/topics/${communityId}/${id}`;

const topicNotFound = () => new AppError("NOT_FOUND", { zh: "议题不存在", en: "Topic not found" });
const conflict = (zh: string, en: string) => new AppError("CONFLICT", { zh, en });
const invalid = (field: string, zh: string, en: string) =>
  new AppError("VALIDATION", { zh, en, details: [{ field, message: en }] });

async function requireCommunity(db: Db, communityId: number) {
  const c = await q.communityOf(db, communityId);
  if (!c) throw new AppError("NOT_FOUND", { zh: "社区不存在", en: "Community not found" });
  return c;
}

// ---------------------------------------------------------------------------------------------
// settings, templates, participant sets

async function settingsValues(db: Db, communityId: number) {
  const s = await q.settingsOf(db, communityId);
  return {
    supportThreshold: s?.support_threshold ?? DEFAULT_SUPPORT_THRESHOLD,
    noticeWorkingDays: s?.notice_working_days ?? DEFAULT_NOTICE_WORKING_DAYS,
  };
}

/** A community without templates gets X+7 as its default (in the caller's transaction). */
export async function ensureTemplates(db: Db, communityId: number) {
  const existing = await q.templatesOf(db, communityId);
  if (existing.length) return;
  const t = await q.insertTemplate(db, communityId, X7_NAME, true);
  await q.insertStages(
    db,
    X7_STAGES.map((s, i) => ({
      community_id: communityId,
      template_id: t.id,
      position: i + 1,
      key: s.key,
      name_zh: s.nameZh,
      name_en: s.nameEn,
      skippable: false,
    })),
  );
}

async function templatesWithStages(db: Db, communityId: number) {
  const [templates, stages] = await Promise.all([
    q.templatesOf(db, communityId),
    q.stagesOf(db, communityId),
  ]);
  return templates.map((t) => ({
    id: t.id,
    name: t.name,
    isDefault: t.is_default,
    topics: Number(t.topics ?? 0),
    stages: stages.filter((s) => s.template_id === t.id).map(presentStage),
  }));
}

type SetMember = { kind: string; organisationId: number | null };
const membersOf = (json: unknown): SetMember[] => (Array.isArray(json) ? (json as SetMember[]) : []);

async function settingsAnswer(db: Db, communityId: number) {
  const [values, templates, sets, orgs] = await Promise.all([
    settingsValues(db, communityId),
    templatesWithStages(db, communityId),
    q.participantSetsOf(db, communityId),
    q.invitableOrganisations(db, communityId),
  ]);
  const orgName = new Map(orgs.map((o) => [o.id, o.name]));
  return {
    ...values,
    templates,
    participantSets: sets.map((s) => ({
      id: s.id,
      name: s.name,
      description: s.description,
      members: membersOf(s.members).map((m) => ({
        kind: m.kind as any,
        organisationId: m.organisationId,
        organisationName: m.organisationId != null ? (orgName.get(m.organisationId) ?? null) : null,
      })),
    })),
    organisations: orgs.map((o) => ({ id: o.id, kind: o.kind, name: o.name })),
  };
}

/** Templates, participant sets, thresholds and invitable organisations (staff reading topics there). */
export async function topicSettingsOf(db: Db, actor: Actor | null, communityId: number) {
  authorizeWithin(actor, "topics.read", communityId);
  await requireCommunity(db, communityId);
  await db.transaction().execute((trx) => ensureTemplates(trx, communityId));
  return settingsAnswer(db, communityId);
}

export async function updateTopicSettings(
  db: Db,
  actor: Actor | null,
  communityId: number,
  input: In<typeof ZUpdateSettings>,
) {
  const reach = authorize(actor, "topics.configure", { communityId });
  await requireCommunity(db, communityId);
  await db.transaction().execute(async (trx) => {
    const before = await settingsValues(trx, communityId);
    await q.upsertSettings(trx, communityId, {
      ...(input.supportThreshold !== undefined ? { support_threshold: input.supportThreshold } : {}),
      ...(input.noticeWorkingDays !== undefined ? { notice_working_days: input.noticeWorkingDays } : {}),
      updated_by: actor!.userId,
    });
    await recordAudit(trx, {
      actorUserId: actor!.userId,
      actorRole: primaryRole(reach),
      communityId,
      action: "topic_settings.update",
      targetType: "topic_settings",
      targetId: communityId,
      before,
      after: input,
    });
  });
  return topicSettingsOf(db, actor, communityId);
}

function checkStageKeys(stages: { key: string }[]) {
  const seen = new Set<string>();
  for (const s of stages) {
    if (seen.has(s.key))
      throw invalid("stages", `阶段标识“${s.key}”重复`, `The stage key "${s.key}" appears twice`);
    seen.add(s.key);
  }
}

export async function createTemplate(
  db: Db,
  actor: Actor | null,
  communityId: number,
  input: In<typeof ZCreateTemplate>,
) {
  const reach = authorize(actor, "topics.configure", { communityId });
  await requireCommunity(db, communityId);
  const stages = input.stages ?? X7_STAGES.map((s) => ({ ...s, skippable: false }));
  checkStageKeys(stages);
  await db.transaction().execute(async (trx) => {
    await ensureTemplates(trx, communityId);
    if (await q.templateNameTaken(trx, communityId, input.name))
      throw conflict(`已有名为“${input.name}”的模板`, `A template named "${input.name}" exists`);
    const t = await q.insertTemplate(trx, communityId, input.name, false);
    await q.insertStages(
      trx,
      stages.map((s, i) => ({
        community_id: communityId,
        template_id: t.id,
        position: i + 1,
        key: s.key,
        name_zh: s.nameZh,
        name_en: s.nameEn,
        skippable: s.skippable,
      })),
    );
    await recordAudit(trx, {
      actorUserId: actor!.userId,
      actorRole: primaryRole(reach),
      communityId,
      action: "topic_template.create",
      targetType: "topic_template",
      targetId: t.id,
      after: { name: input.name, stages },
    });
  });
  return settingsAnswer(db, communityId);
}

/** Renames a template, renames or flags its stages, adds stages, or makes it the default (audited). */
export async function updateTemplate(
  db: Db,
  actor: Actor | null,
  communityId: number,
  templateId: number,
  input: In<typeof ZUpdateTemplate>,
) {
  const reach = authorize(actor, "topics.configure", { communityId });
  await requireCommunity(db, communityId);
  await db.transaction().execute(async (trx) => {
    await ensureTemplates(trx, communityId);
    const all = await templatesWithStages(trx, communityId);
    const before = all.find((t) => t.id === templateId);
    if (!before) throw new AppError("NOT_FOUND", { zh: "模板不存在", en: "Template not found" });
    if (input.name !== undefined && input.name !== before.name) {
      if (await q.templateNameTaken(trx, communityId, input.name, templateId))
        throw conflict(`已有名为“${input.name}”的模板`, `A template named "${input.name}" exists`);
      await q.updateTemplate(trx, communityId, templateId, input.name);
    }
    if (input.stages) {
      checkStageKeys(input.stages);
      const known = new Map(before.stages.map((s) => [s.id, s]));
      for (const s of input.stages)
        if (s.id != null && !known.has(s.id))
          throw invalid("stages", `阶段 #${s.id} 不属于这个模板`, `Stage #${s.id} is not in this template`);
      const kept = new Set(input.stages.filter((s) => s.id != null).map((s) => s.id));
      const dropped = before.stages.filter((s) => !kept.has(s.id));
      if (dropped.length)
        throw invalid(
          "stages",
          `阶段不能删除（${dropped.map((s) => s.nameZh).join("、")}），可标为可跳过`,
          `Stages cannot be removed (${dropped.map((s) => s.nameEn).join(", ")}); mark them skippable instead`,
        );
      // positions first moved out of the way (no unique index on them, but keep the order clean)
      for (const [i, s] of input.stages.entries()) {
        const fields = {
          position: i + 1,
          key: s.key,
          name_zh: s.nameZh,
          name_en: s.nameEn,
          skippable: s.skippable,
        };
        if (s.id != null) {
          const old = known.get(s.id)!;
          if (old.key !== s.key && before.topics > 0)
            throw invalid(
              "stages",
              "已有议题使用此模板，阶段标识不能修改（名称可以改）",
              "Topics use this template: a stage's key cannot change (its names can)",
            );
          await q.updateStage(trx, communityId, s.id, { ...fields, key: s.key });
        } else {
          await q.insertStages(trx, [{ community_id: communityId, template_id: templateId, ...fields }]);
        }
      }
      // a key moved onto another stage's old key would violate the unique index: caught as 409
    }
    if (input.isDefault) await q.makeDefault(trx, communityId, templateId);
    await recordAudit(trx, {
      actorUserId: actor!.userId,
      actorRole: primaryRole(reach),
      communityId,
      action: "topic_template.update",
      targetType: "topic_template",
      targetId: templateId,
      before: { name: before.name, stages: before.stages },
      after: input,
    });
  });
  return settingsAnswer(db, communityId);
}

async function checkMembers(db: Db, communityId: number, members: SetMember[]) {
  const orgs = new Map((await q.invitableOrganisations(db, communityId)).map((o) => [o.id, o]));
  for (const m of members) {
    if (m.organisationId == null) continue;
    const o = orgs.get(m.organisationId);
    if (!o)
      throw invalid(
        "members",
        `组织 #${m.organisationId} 不在本社区`,
        `Organisation #${m.organisationId} does not serve this community`,
      );
  }
}

export async function createParticipantSet(
  db: Db,
  actor: Actor | null,
  communityId: number,
  input: In<typeof ZCreateParticipantSet>,
) {
  const reach = authorize(actor, "topics.configure", { communityId });
  await requireCommunity(db, communityId);
  await checkMembers(db, communityId, input.members);
  if (await q.participantSetNameTaken(db, communityId, input.name))
    throw conflict(`已有名为“${input.name}”的参与方组合`, `A participant set named "${input.name}" exists`);
  await db.transaction().execute(async (trx) => {
    const row = await q.insertParticipantSet(trx, {
      community_id: communityId,
      name: input.name,
      description: input.description,
      members: JSON.stringify(input.members),
    });
    await recordAudit(trx, {
      actorUserId: actor!.userId,
      actorRole: primaryRole(reach),
      communityId,
      action: "topic_participant_set.create",
      targetType: "topic_participant_set",
      targetId: row.id,
      after: input,
    });
  });
  return settingsAnswer(db, communityId);
}

export async function updateParticipantSet(
  db: Db,
  actor: Actor | null,
  communityId: number,
  setId: number,
  input: In<typeof ZUpdateParticipantSet>,
) {
  const reach = authorize(actor, "topics.configure", { communityId });
  await requireCommunity(db, communityId);
  const before = (await q.participantSetsOf(db, communityId)).find((s) => s.id === setId);
  if (!before) throw new AppError("NOT_FOUND", { zh: "参与方组合不存在", en: "Participant set not found" });
  if (input.members) await checkMembers(db, communityId, input.members);
  if (input.name !== undefined && (await q.participantSetNameTaken(db, communityId, input.name, setId)))
    throw conflict(`已有名为“${input.name}”的参与方组合`, `A participant set named "${input.name}" exists`);
  await db.transaction().execute(async (trx) => {
    await q.updateParticipantSet(trx, communityId, setId, {
      name: input.name,
      description: input.description,
      ...(input.members ? { members: JSON.stringify(input.members) } : {}),
    });
    await recordAudit(trx, {
      actorUserId: actor!.userId,
      actorRole: primaryRole(reach),
      communityId,
      action: "topic_participant_set.update",
      targetType: "topic_participant_set",
      targetId: setId,
      before: { name: before.name, description: before.description, members: before.members },
      after: input,
    });
  });
  return settingsAnswer(db, communityId);
}

// ---------------------------------------------------------------------------------------------
// who takes part

const placeRefOf = (t: {
  community_id: number;
  tier: TopicTier;
  estate_id: number | null;
  building_id: number | null;
  grid_id: number | null;
}): PlaceRef =>
  t.tier === "community"
    ? { communityId: t.community_id }
    : { communityId: t.community_id, estateId: t.estate_id, buildingId: t.building_id, gridId: t.grid_id };

/** Staff reading: their reach covers the place, or it is community-wide and they reach part of the community. */
function staffReads(actor: Actor | null, t: q.TopicRow): boolean {
  const reach = reachOf(actor, "topics.read");
  if (!reach.roles.length) return false;
  return reaches(reach, placeRefOf(t)) || (t.tier === "community" && touchesCommunity(reach, t.community_id));
}

function staffManages(actor: Actor | null, t: q.TopicRow): boolean {
  const reach = reachOf(actor, "topics.manage");
  return reach.roles.length > 0 && reaches(reach, placeRefOf(t));
}

const orgIdsOf = (actor: Actor | null) =>
  (actor?.grants ?? [])
    .filter((g) => g.scopeType === "organisation" && g.scopeId != null)
    .map((g) => g.scopeId!);

/** The caller's verified households (a signed-out caller has none). */
async function householdsOf(db: Db, actor: Actor | null) {
  return actor ? q.householdsOfUser(db, actor.userId) : [];
}

function householdsAt(households: q.HouseholdOfUser[], t: q.TopicRow) {
  return households.filter(
    (h) =>
      h.community_id === t.community_id &&
      (t.tier === "community" ||
        (t.tier === "estate" && h.estate_id === t.estate_id) ||
        (t.tier === "building" && h.building_id === t.building_id)),
  );
}

interface Standing {
  staff: boolean;
  manager: boolean;
  invited: boolean;
  householdsHere: q.HouseholdOfUser[];
  communityResident: boolean;
}

async function standingOf(db: Db, actor: Actor | null, t: q.TopicRow, parties: { id: number }[]) {
  const households = await householdsOf(db, actor);
  const orgIds = new Set(orgIdsOf(actor));
  return {
    staff: staffReads(actor, t),
    manager: staffManages(actor, t),
    invited: parties.some((p) => orgIds.has(p.id)),
    householdsHere: householdsAt(households, t),
    communityResident: households.some((h) => h.community_id === t.community_id),
  } satisfies Standing;
}

const isParticipant = (s: Standing) => s.staff || s.invited || s.householdsHere.length > 0;
const maySee = (s: Standing) => isParticipant(s) || s.communityResident;

// ---------------------------------------------------------------------------------------------
// reading

async function loadTopic(db: Db, communityId: number, id: number) {
  const t = await q.findTopic(db, communityId, id);
  if (!t) throw topicNotFound();
  return t;
}

function noticeEndOf(
  t: { stage_key: string; stage_entered_at: Date },
  days: number,
  cal: Awaited<ReturnType<typeof loadCalendar>>,
) {
  return t.stage_key === PUBLISH_KEY ? addWorkingDays(t.stage_entered_at, days, cal) : null;
}

/**
 * One topic with its stages and the records the caller may see: participants (residents at the
 * place, staff whose reach covers it, invited parties) every record; other verified residents of
 * the community only the public ones (a published resolution); anyone else nothing (403).
 */
export async function readTopic(db: Db, actor: Actor | null, communityId: number, id: number) {
  requireActor(actor);
  const t = await loadTopic(db, communityId, id);
  const parties = await q.partiesOf(db, communityId, id);
  const standing = await standingOf(db, actor, t, parties);
  if (!maySee(standing)) throw new AppError("OUT_OF_SCOPE");
  const participant = isParticipant(standing);
  const [stages, records, settings, ratings, sets, cal, supported] = await Promise.all([
    q.stagesOf(db, communityId, t.template_id),
    q.recordsOf(db, communityId, id),
    settingsValues(db, communityId),
    q.ratingsOf(db, communityId, id),
    q.participantSetsOf(db, communityId),
    loadCalendar(db),
    q.supportingHouseholds(
      db,
      communityId,
      id,
      standing.householdsHere.map((h) => h.household_id),
    ),
  ]);
  const templateName = (await q.templatesOf(db, communityId)).find((x) => x.id === t.template_id)?.name ?? "";
  const current = stages.findIndex((s) => s.id === t.stage_id);
  const skipped = new Set(records.filter((r) => r.action === "skipped").map((r) => r.stage_id));
  const set = sets.find((s) => s.id === t.participant_set_id);
  const inEvaluate = t.stage_key === EVALUATE_KEY;
  const mySupport = supported.length > 0;
  return {
    ...presentListItem(t),
    description: t.description,
    templateName,
    stages: stages.map((s, i) => ({
      ...presentStage(s),
      state:
        i === current
          ? ("current" as const)
          : i > current
            ? ("later" as const)
            : skipped.has(s.id)
              ? ("skipped" as const)
              : ("done" as const),
    })),
    records: records
      .filter((r) => participant || r.is_public)
      .map((r) => ({
        id: r.id,
        stageId: r.stage_id,
        action: r.action,
        text: r.text,
        attachments: Array.isArray(r.attachments) ? (r.attachments as number[]) : [],
        isPublic: r.is_public,
        actorName: standing.staff ? r.actor_name : null,
        createdAt: r.created_at,
      })),
    participant,
    participantSet: set
      ? { id: set.id, name: set.name, kinds: [...new Set(membersOf(set.members).map((m) => m.kind))] as any }
      : null,
    parties,
    implementationRequestId: t.implementation_request_id,
    supportThreshold: settings.supportThreshold,
    noticeEndsOn: noticeEndOf(t, settings.noticeWorkingDays, cal),
    can: {
      support: t.status === "proposal" && standing.householdsHere.length > 0 && !mySupport,
      rate: inEvaluate && t.status === "open" && (standing.householdsHere.length > 0 || standing.invited),
      advance: t.status === "open" && standing.manager && current < stages.length - 1,
    },
    mySupport,
    ratings: ratingSummary(ratings, actor?.userId ?? null),
  };
}

/** The staff list of a community's topics, filtered to the caller's reach. */
export async function listTopicsOf(
  db: Db,
  actor: Actor | null,
  communityId: number,
  f: q.TopicFilters & { limit: number; offset: number },
) {
  const reach = authorizeWithin(actor, "topics.read", communityId);
  await requireCommunity(db, communityId);
  const scope = coversCommunity(reach, communityId) ? null : partialReach(reach, communityId);
  const page = await q.listTopics(db, communityId, scope, f);
  return { items: page.rows.map(presentListItem), total: page.total };
}

/** A resident's topics: those at their verified places, and those their organisation is invited to. */
export async function myTopics(db: Db, actor: Actor | null) {
  const a = requireActor(actor);
  const rows = await q.topicsOfResident(db, a.userId);
  const orgIds = orgIdsOf(a);
  const invited = orgIds.length ? await q.topicsOfOrganisations(db, orgIds) : [];
  const seen = new Set<string>();
  const items = [];
  for (const t of [...rows, ...invited]) {
    const k = `${t.community_id}:${t.id}`;
    if (seen.has(k)) continue;
    seen.add(k);
    items.push(presentListItem(t));
  }
  return { items };
}

/** Topics made from one request or opinion-box item that the caller may see ("转为议题 #…"). */
export async function topicsFromOrigin(
  db: Db,
  actor: Actor | null,
  communityId: number,
  origin: { kind: "request" | "opinion"; id: number },
) {
  requireActor(actor);
  const rows = await q.topicsByOrigin(db, communityId, origin.kind, origin.id);
  const items = [];
  for (const t of rows) {
    const standing = await standingOf(db, actor, t, await q.partiesOf(db, communityId, t.id));
    if (maySee(standing))
      items.push({
        id: t.id,
        title: t.title,
        stage: { id: t.stage_id, key: t.stage_key, nameZh: t.stage_name_zh, nameEn: t.stage_name_en },
      });
  }
  return { items };
}

const TIER_ZH: Record<TopicTier, string> = {
  building: "楼栋议事",
  estate: "小区议事",
  community: "社区议事",
};
const STATUS_ZH = { proposal: "提议征集支持", open: "议事中" } as const;
const ORIGIN_ZH = {
  staff: "社区发起",
  proposal: "居民提议",
  request: "诉求转入",
  opinion: "意见箱",
} as const;
const COLUMNS = [
  { header: "编号", width: 8 },
  { header: "议题", width: 30 },
  { header: "层级", width: 10 },
  { header: "地点", width: 20 },
  { header: "状态", width: 12 },
  { header: "当前阶段", width: 12 },
  { header: "进入阶段时间", width: 18, numFmt: "yyyy-mm-dd hh:mm" },
  { header: "来源", width: 10 },
  { header: "来源编号", width: 10 },
  { header: "支持户数", width: 10 },
  { header: "创建时间", width: 18, numFmt: "yyyy-mm-dd hh:mm" },
];
const shanghaiCell = (d: Date): Date => new Date(d.getTime() + 8 * 3_600_000);

/** The staff list as .xlsx (data.export and topics.read, the list's filters and reach; audited). */
export async function exportTopics(db: Db, actor: Actor | null, communityId: number, f: q.TopicFilters) {
  const a = requireActor(actor);
  const exporter = exportingActor(a);
  const reach = authorizeWithin(exporter, "topics.read", communityId);
  const community = await requireCommunity(db, communityId);
  const scope = coversCommunity(reach, communityId) ? null : partialReach(reach, communityId);
  const { rows } = await q.listTopics(db, communityId, scope, { ...f, limit: 10_000, offset: 0 });
  await recordAudit(db, {
    actorUserId: a.userId,
    actorRole: primaryRole(reach),
    communityId,
    action: "data.export",
    targetType: "topics",
    targetId: "xlsx",
    after: { format: "xlsx", filters: f, rows: rows.length, scope: scope ?? "community" },
  });
  const body = await workbookBytes((sink) =>
    writeWorkbook(
      { name: "议题列表", columns: COLUMNS },
      rows.map((t) => [
        t.id,
        t.title,
        TIER_ZH[t.tier],
        placeNameOf(t),
        STATUS_ZH[t.status],
        t.stage_name_zh,
        shanghaiCell(t.stage_entered_at),
        ORIGIN_ZH[t.origin_kind],
        t.origin_id,
        Number(t.supports ?? 0),
        shanghaiCell(t.created_at),
      ]),
      sink,
    ),
  );
  const stamp = shanghaiDay(new Date());
  return {
    contentType: XLSX_MIME,
    disposition: attachmentDisposition(
      `topics-${communityId}-${stamp}.xlsx`,
      `议题列表-${community.name}-${stamp}.xlsx`,
    ),
    rows: rows.length,
    body,
  };
}

// ---------------------------------------------------------------------------------------------
// raising topics

async function placeOf(
  db: Db,
  communityId: number,
  tier: TopicTier,
  estateId?: number | null,
  buildingId?: number | null,
) {
  if (tier === "building") {
    if (buildingId == null)
      throw invalid("buildingId", "楼栋议事须选择楼栋", "A building topic needs a building");
    const b = await q.buildingIn(db, communityId, buildingId);
    if (!b) throw invalid("buildingId", "楼栋不在本社区", "The building is not in this community");
    return { estate_id: b.estate_id, building_id: b.id, grid_id: b.grid_id };
  }
  if (tier === "estate") {
    if (estateId == null) throw invalid("estateId", "小区议事须选择小区", "An estate topic needs an estate");
    const e = await q.estateIn(db, communityId, estateId);
    if (!e) throw invalid("estateId", "小区不在本社区", "The estate is not in this community");
    // an estate lies inside a grid only when all its buildings do (a grid worker acts there)
    const grid = e.gridIds.length === 1 ? e.gridIds[0]! : null;
    return { estate_id: e.id, building_id: null, grid_id: grid };
  }
  return { estate_id: null, building_id: null, grid_id: null };
}

async function templateFor(db: Db, communityId: number, templateId?: number) {
  await ensureTemplates(db, communityId);
  const templates = await q.templatesOf(db, communityId);
  const t =
    templateId != null
      ? templates.find((x) => x.id === templateId)
      : (templates.find((x) => x.is_default) ?? templates[0]);
  if (!t) throw invalid("templateId", "议事模板不存在", "No such deliberation template");
  const stages = await q.stagesOf(db, communityId, t.id);
  return { template: t, first: stages[0]! };
}

async function emitCreated(
  db: Db,
  t: {
    community_id: number;
    id: number;
    tier: TopicTier;
    estate_id: number | null;
    building_id: number | null;
    origin_kind: "staff" | "proposal" | "request" | "opinion";
    origin_id: number | null;
  },
  stageKey: string,
  actorUserId: number,
) {
  await emitEvent(db, topicCreated, {
    communityId: t.community_id,
    aggregateId: t.id,
    actorUserId,
    payload: {
      topicId: t.id,
      tier: t.tier,
      estateId: t.estate_id,
      buildingId: t.building_id,
      originKind: t.origin_kind,
      originId: t.origin_id,
      stageKey,
    },
  });
}

/** Staff raise a topic at a place they act on, possibly from a request or an opinion-box item (audited). */
export async function createTopic(
  db: Db,
  actor: Actor | null,
  communityId: number,
  input: In<typeof ZCreateTopic>,
) {
  const a = requireActor(actor);
  await requireCommunity(db, communityId);
  const place = await placeOf(db, communityId, input.tier, input.estateId, input.buildingId);
  const reach = authorize(a, "topics.manage", {
    communityId,
    ...(input.tier === "community"
      ? {}
      : { estateId: place.estate_id, buildingId: place.building_id, gridId: place.grid_id }),
  });
  if (input.origin?.kind === "request") await loadRequest(db, communityId, input.origin.id);
  if (input.origin?.kind === "opinion" && !(await opinionExists(db, communityId, input.origin.id)))
    throw new AppError("NOT_FOUND", { zh: "意见不存在", en: "Opinion not found" });
  const sets = await q.participantSetsOf(db, communityId);
  const set = input.participantSetId != null ? sets.find((s) => s.id === input.participantSetId) : undefined;
  if (input.participantSetId != null && !set)
    throw invalid("participantSetId", "参与方组合不存在", "No such participant set");
  const invitable = new Set((await q.invitableOrganisations(db, communityId)).map((o) => o.id));
  for (const o of input.organisationIds)
    if (!invitable.has(o))
      throw invalid(
        "organisationIds",
        `组织 #${o} 不在本社区`,
        `Organisation #${o} does not serve this community`,
      );
  const orgIds = [
    ...new Set([
      ...(set
        ? membersOf(set.members).flatMap((m) => (m.organisationId != null ? [m.organisationId] : []))
        : []),
      ...input.organisationIds,
    ]),
  ].filter((o) => invitable.has(o));

  const id = await db.transaction().execute(async (trx) => {
    const { template, first } = await templateFor(trx, communityId, input.templateId);
    const originKind = input.origin?.kind ?? "staff";
    const row = await q.insertTopic(trx, {
      community_id: communityId,
      title: input.title,
      description: input.description,
      tier: input.tier,
      ...place,
      template_id: template.id,
      stage_id: first.id,
      status: "open",
      origin_kind: originKind,
      origin_id: input.origin?.id ?? null,
      participant_set_id: set?.id ?? null,
      raised_by: a.userId,
      opened_at: new Date(),
    });
    await q.insertParties(trx, communityId, row.id, orgIds);
    await q.insertRecords(trx, [
      {
        community_id: communityId,
        topic_id: row.id,
        stage_id: first.id,
        action: "entered",
        text: input.text,
        attachments: [],
        is_public: false,
        actor_user_id: a.userId,
      },
    ]);
    await emitCreated(
      trx,
      {
        community_id: communityId,
        id: row.id,
        tier: input.tier,
        ...place,
        origin_kind: originKind,
        origin_id: input.origin?.id ?? null,
      },
      first.key,
      a.userId,
    );
    await recordAudit(trx, {
      actorUserId: a.userId,
      actorRole: primaryRole(reach),
      communityId,
      action: "topic.create",
      targetType: "topic",
      targetId: row.id,
      after: { ...input, organisationIds: orgIds },
    });
    return row.id;
  });
  return readTopic(db, a, communityId, id);
}

/** A verified resident proposes a topic at their own building, estate or community; their household supports it first. */
export async function proposeTopic(
  db: Db,
  actor: Actor | null,
  communityId: number,
  input: In<typeof ZProposal>,
) {
  const a = requireActor(actor);
  const households = (await q.householdsOfUser(db, a.userId)).filter((h) => h.community_id === communityId);
  const h =
    input.householdId != null ? households.find((x) => x.household_id === input.householdId) : households[0];
  if (!h)
    throw new AppError("FORBIDDEN", {
      zh: "只有本社区已认证的居民可以提议",
      en: "Only verified residents of this community can propose a topic",
    });
  const place =
    input.tier === "building"
      ? await placeOf(db, communityId, "building", null, h.building_id)
      : input.tier === "estate"
        ? await placeOf(db, communityId, "estate", h.estate_id)
        : await placeOf(db, communityId, "community");
  const { supportThreshold } = await settingsValues(db, communityId);
  const id = await db.transaction().execute(async (trx) => {
    const { template, first } = await templateFor(trx, communityId);
    const open = supportThreshold <= 1;
    const row = await q.insertTopic(trx, {
      community_id: communityId,
      title: input.title,
      description: input.description,
      tier: input.tier,
      ...place,
      template_id: template.id,
      stage_id: first.id,
      status: open ? "open" : "proposal",
      origin_kind: "proposal",
      origin_id: null,
      participant_set_id: null,
      raised_by: a.userId,
      opened_at: open ? new Date() : null,
    });
    await q.insertSupport(trx, {
      community_id: communityId,
      topic_id: row.id,
      household_id: h.household_id,
      user_id: a.userId,
    });
    await q.insertRecords(trx, [
      {
        community_id: communityId,
        topic_id: row.id,
        stage_id: first.id,
        action: "entered",
        text: input.description,
        attachments: [],
        is_public: false,
        actor_user_id: a.userId,
      },
    ]);
    if (open)
      await emitCreated(
        trx,
        {
          community_id: communityId,
          id: row.id,
          tier: input.tier,
          ...place,
          origin_kind: "proposal",
          origin_id: null,
        },
        first.key,
        a.userId,
      );
    return row.id;
  });
  return readTopic(db, a, communityId, id);
}

/**
 * A verified resident at the proposal's place supports it for their household — once per household
 * (a second support from the same household is refused: 409, nothing stored). When the supporting
 * households reach the community's threshold the proposal becomes a topic (topic.created).
 */
export async function supportTopic(
  db: Db,
  actor: Actor | null,
  communityId: number,
  topicId: number,
  body: { householdId?: number | undefined },
) {
  const a = requireActor(actor);
  const t = await loadTopic(db, communityId, topicId);
  const here = householdsAt(await q.householdsOfUser(db, a.userId), t);
  if (!here.length)
    throw new AppError("FORBIDDEN", {
      zh: "只有该议题所在地点已认证的居民可以支持",
      en: "Only verified residents of the topic's place can support it",
    });
  const h = body.householdId != null ? here.find((x) => x.household_id === body.householdId) : here[0];
  if (!h)
    throw invalid("householdId", "这户不在该议题的范围内", "That household is not at the topic's place");
  const { supportThreshold } = await settingsValues(db, communityId);
  return db.transaction().execute(async (trx) => {
    const locked = await q.lockTopic(trx, communityId, topicId);
    if (!locked) throw topicNotFound();
    if (locked.status !== "proposal")
      throw conflict(
        "该提议已成为议题，无需再支持",
        "This proposal is already a topic; no more support is needed",
      );
    const added = await q.insertSupport(trx, {
      community_id: communityId,
      topic_id: topicId,
      household_id: h.household_id,
      user_id: a.userId,
    });
    if (!added)
      throw new AppError("ALREADY_SUPPORTED", {
        zh: "您家已经支持过这条提议（每户一次）",
        en: "Your household has already supported this proposal (once per household)",
      });
    const supports = await q.countSupports(trx, communityId, topicId);
    let status: "proposal" | "open" = "proposal";
    if (supports >= supportThreshold) {
      status = "open";
      await q.updateTopic(trx, communityId, topicId, { status: "open", opened_at: new Date() });
      await emitCreated(trx, { ...t, origin_kind: t.origin_kind }, t.stage_key, a.userId);
    }
    return { supports, status, threshold: supportThreshold };
  });
}

// ---------------------------------------------------------------------------------------------
// stages

/**
 * Staff acting on the topic's place move it to the next stage, or to a later one skipping only
 * stages marked skippable. Leaving 公示决议 for a later stage needs the notice period to have passed
 * (the community's working days, from the day the resolution was published); a resolution cannot be
 * skipped past unpublished. 实施 may name the request that carries it out. Every move is a record
 * (who, when, text, attachments), an event and an audit entry.
 */
export async function advanceTopic(
  db: Db,
  actor: Actor | null,
  communityId: number,
  topicId: number,
  input: In<typeof ZAdvance>,
) {
  const a = requireActor(actor);
  const t = await loadTopic(db, communityId, topicId);
  const reach = authorize(a, "topics.manage", placeRefOf(t));
  if (t.status !== "open")
    throw conflict(
      "提议尚未获得足够的支持，还不能推进",
      "This proposal has not yet got enough support to move on",
    );
  const stages = await q.stagesOf(db, communityId, t.template_id);
  const from = stages.findIndex((s) => s.id === t.stage_id);
  const to = input.toStageId != null ? stages.findIndex((s) => s.id === input.toStageId) : from + 1;
  if (input.toStageId != null && to < 0)
    throw invalid("toStageId", "该阶段不属于这个议题的模板", "That stage is not in this topic's template");
  if (to >= stages.length) throw conflict("议题已在最后一个阶段", "The topic is at its last stage");
  if (to <= from) throw conflict("只能推进到后面的阶段", "A topic moves only to a later stage");
  const target = stages[to]!;
  const between = stages.slice(from + 1, to);
  const fixed = between.filter((s) => !s.skippable);
  if (fixed.length)
    throw new AppError("STAGE_NOT_SKIPPABLE", {
      zh: `模板规定不能跳过“${fixed.map((s) => s.name_zh).join("”“")}”阶段`,
      en: `The template does not allow skipping the stage${fixed.length > 1 ? "s" : ""} ${fixed.map((s) => `"${s.name_en}"`).join(", ")}`,
      details: [{ field: "toStageId", message: "STAGE_NOT_SKIPPABLE" }],
    });
  if (between.some((s) => s.key === PUBLISH_KEY))
    throw conflict("决议须先公示，才能实施", "A resolution must be published before it is carried out");
  if (stages[from]!.key === PUBLISH_KEY) {
    const { noticeWorkingDays } = await settingsValues(db, communityId);
    const ends = addWorkingDays(t.stage_entered_at, noticeWorkingDays, await loadCalendar(db));
    if (shanghaiDay(new Date()) <= ends)
      throw new AppError("NOTICE_PERIOD", {
        zh: `决议公示期未满：须公示满 ${noticeWorkingDays} 个工作日（至 ${ends}），之后才能进入“${target.name_zh}”`,
        en: `The resolution's notice period has not ended: it must be published for ${noticeWorkingDays} working days (until ${ends}) before "${target.name_en}"`,
        details: [{ field: "toStageId", message: "NOTICE_PERIOD" }],
      });
  }
  if (input.implementationRequestId != null) {
    if (target.key !== IMPLEMENT_KEY)
      throw invalid(
        "implementationRequestId",
        "只有进入“实施”时可以关联诉求",
        "A request is linked only when entering 实施 (implement)",
      );
    await loadRequest(db, communityId, input.implementationRequestId);
  }
  // attachments: photos uploaded through the request upload path, in this community, that the caller may see
  await checkAttachablePhotos(db, a, communityId, input.attachments ?? []);
  const isPublic = input.isPublic ?? target.key === PUBLISH_KEY;
  await db.transaction().execute(async (trx) => {
    const locked = await q.lockTopic(trx, communityId, topicId);
    if (!locked || locked.stage_id !== t.stage_id)
      throw conflict(
        "议题刚被他人推进，请刷新后再试",
        "Someone else moved this topic just now; reload and try again",
      );
    await q.insertRecords(trx, [
      ...between.map((s) => ({
        community_id: communityId,
        topic_id: topicId,
        stage_id: s.id,
        action: "skipped" as const,
        text: "",
        attachments: [],
        is_public: isPublic,
        actor_user_id: a.userId,
      })),
      {
        community_id: communityId,
        topic_id: topicId,
        stage_id: target.id,
        action: "entered" as const,
        text: input.text,
        attachments: input.attachments,
        is_public: isPublic,
        actor_user_id: a.userId,
      },
    ]);
    await q.updateTopic(trx, communityId, topicId, {
      stage_id: target.id,
      stage_entered_at: new Date(),
      ...(input.implementationRequestId != null
        ? { implementation_request_id: input.implementationRequestId }
        : {}),
    });
    if (target.key === PUBLISH_KEY)
      // 公示决议 is a public notice (公示) through notices: the community sees a community topic's
      // resolution without signing in; a building's or an estate's, its residents
      await publishNotice(trx, {
        communityId,
        kind: "publicity",
        title: `决议公示：${t.title}`,
        body: input.text,
        estateId: t.tier === "community" ? null : t.estate_id,
        buildingId: t.tier === "building" ? t.building_id : null,
        visibility: t.tier === "community" ? "public" : "residents",
        subject: { kind: "topic", id: topicId },
        byUserId: a.userId,
      });
    await emitEvent(trx, topicStageChanged, {
      communityId,
      aggregateId: topicId,
      actorUserId: a.userId,
      payload: {
        topicId,
        tier: t.tier,
        estateId: t.estate_id,
        buildingId: t.building_id,
        fromStageKey: t.stage_key,
        toStageKey: target.key,
        skippedStageKeys: between.map((s) => s.key),
      },
    });
    await recordAudit(trx, {
      actorUserId: a.userId,
      actorRole: primaryRole(reach),
      communityId,
      action: "topic.advance",
      targetType: "topic",
      targetId: topicId,
      before: { stage: t.stage_key },
      after: {
        stage: target.key,
        skipped: between.map((s) => s.key),
        implementationRequestId: input.implementationRequestId ?? null,
      },
    });
  });
  return readTopic(db, a, communityId, topicId);
}

/** In 评议, a resident at the place or a member of an invited party rates the outcome (one current rating per person). */
export async function rateTopic(
  db: Db,
  actor: Actor | null,
  communityId: number,
  topicId: number,
  input: In<typeof ZTopicRate>,
) {
  const a = requireActor(actor);
  const t = await loadTopic(db, communityId, topicId);
  const standing = await standingOf(db, a, t, await q.partiesOf(db, communityId, topicId));
  if (!standing.householdsHere.length && !standing.invited)
    throw new AppError("FORBIDDEN", {
      zh: "只有该议题的参与居民和受邀单位可以评议",
      en: "Only the topic's residents and invited parties can rate it",
    });
  if (t.stage_key !== EVALUATE_KEY)
    throw conflict("议题进入“评议”阶段后才能评价", "A topic can be rated once it reaches 评议 (evaluate)");
  await q.upsertRating(db, {
    community_id: communityId,
    topic_id: topicId,
    user_id: a.userId,
    rating: input.rating,
    comment: input.comment || null,
  });
  return readTopic(db, a, communityId, topicId);
}

// ---------------------------------------------------------------------------------------------
// comments on topics

/**
 * Registers "topic" with comments: whoever may read a topic reads its comments; participants (residents
 * at its place, staff reaching it, invited parties) comment while it is open.
 */
export function registerTopicComments(): void {
  registerCommentSubject("topic", {
    async placeOf(db, communityId, id) {
      const t = await q.findTopic(db, communityId, id);
      return t
        ? { gridId: t.grid_id, estateId: t.estate_id, buildingId: t.building_id, title: t.title }
        : null;
    },
    async canRead(db, actor, communityId, id) {
      const t = await q.findTopic(db, communityId, id);
      if (!t) return false;
      return maySee(await standingOf(db, actor, t, await q.partiesOf(db, communityId, id)));
    },
    async canComment(db, actor, communityId, id) {
      const t = await q.findTopic(db, communityId, id);
      if (!t) return false;
      return isParticipant(await standingOf(db, actor, t, await q.partiesOf(db, communityId, id)));
    },
    linkOf: (communityId, id) => `/m/topics/${communityId}/${id}`,
  });
}

/** A meeting or a survey that names a topic: the topic must be one of this community's (else 400). */
export async function checkTopicIn(db: Db, communityId: number, topicId: number | null | undefined) {
  if (topicId == null) return;
  if (!(await q.findTopic(db, communityId, topicId)))
    throw invalid("topicId", "这个社区没有该议题", "There is no such topic in this community");
}
