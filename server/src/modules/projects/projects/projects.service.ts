// Co-building projects (共建项目, DOMAIN P1–P5): 发展共建、建设共管、效果共评、成果共享.
//
// Rules decided here:
//  * A project comes from somewhere, kept as (origin kind, id): a topic's resolution (the topic's page
//    finds it back through `projectsFromOrigin`, as a request finds the topic made from it), an idea, a
//    request (need), a contest entry (签约立项: `createProject` adopts the entry and links it), later a
//    life-circle gap; or staff raise it. It stands at a place by tier like a topic, and the tier says
//    whose project it is: the verified residents there.
//  * Staff holding projects.manage at the place run it (a grid worker inside their grids; a community-
//    wide project needs community staff). Its treasurer (a named person, the creator unless another is
//    named) books income and expenses; its organiser certifies labour hours and receives goods.
//  * Status a resident understands: 筹备中 → 众筹中 → 建设中 → 已完工 → 已评议, forward only (众筹中 and
//    建设中 may be skipped). A pledge to a finished or evaluated project is refused; a booking to an
//    evaluated one too. Residents of the place rate it once it is finished (one current rating each).
//  * Crowdfunding (筹资、筹物、筹人、筹智): targets per kind; verified residents of the community pledge for
//    themselves, a co-building unit's representative for the unit (the claims module's rule decides who
//    represents which unit). Money arrives offline: the treasurer books it (optionally naming the pledge
//    it fulfils) with a voucher photo; goods received and labour hours are recorded by the organiser.
//  * The account (公示): each booking is a transaction on the ledger and a row here with its voucher,
//    what it was for and the balance after it; an expense that would take the balance below zero is
//    refused (409) and nothing is stored; a retried booking with the same idempotency key books once.
//    Verified residents of the place, the project's people and staff reaching it read the account; the
//    public only when the project is public. Publishing it writes a 公示 notice.
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
import { recordAudit } from "../../core/audit/audit.service.ts";
import { shanghaiDay } from "../../core/calendar/calendar.service.ts";
import {
  attachmentDisposition,
  workbookBytes,
  writeWorkbook,
  XLSX_MIME,
} from "../../core/imports/imports.service.ts";
import { notify } from "../../core/notifications/notifications.service.ts";
import { maskName } from "../../core/privacy/pii.present.ts";
import { registerCommentSubject } from "../../deliberation/comments/comments.service.ts";
import { readSurvey } from "../../deliberation/surveys/surveys.service.ts";
import { checkTopicIn } from "../../deliberation/topics/topics.service.ts";
import { readVote } from "../../deliberation/votes/votes.service.ts";
import { claimantOf, todayInChina } from "../../voice/claims/claims.service.ts";
import { checkPhotos, loadRequest, type PhotoUpload } from "../../voice/requests/requests.service.ts";
import { adoptEntry, entryForProject, linkEntryProject } from "../contests/contests.service.ts";
import * as q from "./projects.queries.ts";
import {
  type ZClaimTask,
  ZCreateProject,
  type ZCreateTask,
  type ZFulfil,
  type ZMoveStatus,
  type ZNewUpdate,
  type ZPledge,
  type ZProjectRate,
  type ZUpdateProject,
} from "./projects.schema.ts";
import type { ProjectStatus, ProjectTier, TargetKind } from "./projects.tables.ts";

type Db = Kysely<DB>;
type In<T extends z.ZodType> = z.output<T>;

export const residentProjectLink = (communityId: number, id: number) => `/m/projects/${communityId}/${id}`;
export const staffProjectLink = (communityId: number, id: number) => `/staff/projects/${communityId}/${id}`;

const STATUS_ORDER: ProjectStatus[] = ["preparing", "crowdfunding", "building", "finished", "evaluated"];
export const STATUS_ZH: Record<ProjectStatus, string> = {
  preparing: "筹备中",
  crowdfunding: "众筹中",
  building: "建设中",
  finished: "已完工",
  evaluated: "已评议",
};
const STATUS_EN: Record<ProjectStatus, string> = {
  preparing: "preparing",
  crowdfunding: "crowdfunding",
  building: "under construction",
  finished: "finished",
  evaluated: "evaluated",
};
const KIND_ZH: Record<TargetKind, string> = { money: "出钱", goods: "出物", labour: "出力", ideas: "出点子" };

export const projectNotFound = () => new AppError("NOT_FOUND", { zh: "项目不存在", en: "Project not found" });
export const conflict = (zh: string, en: string, reason?: string) =>
  new AppError("CONFLICT", { zh, en, ...(reason ? { details: { reason } } : {}) });
export const invalid = (field: string, zh: string, en: string) =>
  new AppError("VALIDATION", { zh, en, details: [{ field, message: en }] });
export const notYours = (zh: string, en: string) => new AppError("FORBIDDEN", { zh, en });

async function requireCommunity(db: Db, communityId: number) {
  const c = await q.communityOf(db, communityId);
  if (!c) throw new AppError("NOT_FOUND", { zh: "社区不存在", en: "Community not found" });
  return c;
}

// ---------------------------------------------------------------------------------------------
// place and standing

async function placeOf(
  db: Db,
  communityId: number,
  tier: ProjectTier,
  estateId?: number | null,
  buildingId?: number | null,
) {
  if (tier === "building") {
    if (buildingId == null)
      throw invalid("buildingId", "楼栋项目须选择楼栋", "A building project needs a building");
    const b = await q.buildingIn(db, communityId, buildingId);
    if (!b) throw invalid("buildingId", "楼栋不在本社区", "The building is not in this community");
    return { estate_id: b.estate_id, building_id: b.id, grid_id: b.grid_id };
  }
  if (tier === "estate") {
    if (estateId == null)
      throw invalid("estateId", "小区项目须选择小区", "An estate project needs an estate");
    const e = await q.estateIn(db, communityId, estateId);
    if (!e) throw invalid("estateId", "小区不在本社区", "The estate is not in this community");
    // an estate lies inside a grid only when all its buildings do (a grid worker acts there)
    return { estate_id: e.id, building_id: null, grid_id: e.gridIds.length === 1 ? e.gridIds[0]! : null };
  }
  return { estate_id: null, building_id: null, grid_id: null };
}

export const placeRefOf = (p: {
  community_id: number;
  tier: ProjectTier;
  estate_id: number | null;
  building_id: number | null;
  grid_id: number | null;
}): PlaceRef =>
  p.tier === "community"
    ? { communityId: p.community_id }
    : { communityId: p.community_id, estateId: p.estate_id, buildingId: p.building_id, gridId: p.grid_id };

function staffReads(actor: Actor | null, p: q.ProjectRow): boolean {
  const reach = reachOf(actor, "projects.read");
  if (!reach.roles.length) return false;
  return reaches(reach, placeRefOf(p)) || (p.tier === "community" && touchesCommunity(reach, p.community_id));
}

function staffManages(actor: Actor | null, p: q.ProjectRow): boolean {
  const reach = reachOf(actor, "projects.manage");
  return reach.roles.length > 0 && reaches(reach, placeRefOf(p));
}

function householdsAt(households: q.HouseholdOfUser[], p: q.ProjectRow) {
  return households.filter(
    (h) =>
      h.community_id === p.community_id &&
      (p.tier === "community" ||
        (p.tier === "estate" && h.estate_id === p.estate_id) ||
        (p.tier === "building" && h.building_id === p.building_id)),
  );
}

export interface Standing {
  staff: boolean;
  manager: boolean;
  treasurer: boolean;
  organiser: boolean;
  /** a verified resident of the project's place */
  residentHere: boolean;
  /** a verified resident of the project's community */
  communityResident: boolean;
  /** the representative of a co-building unit based in the project's community */
  unitRep: boolean;
}

async function standingOf(db: Db, actor: Actor | null, p: q.ProjectRow): Promise<Standing> {
  const households = actor ? await q.householdsOfUser(db, actor.userId) : [];
  const units = actor ? await q.organisationsByIds(db, unitOrgsOf(actor)) : [];
  return {
    staff: staffReads(actor, p),
    manager: staffManages(actor, p),
    treasurer: actor != null && p.treasurer_user_id === actor.userId,
    organiser: actor != null && p.organiser_user_id === actor.userId,
    residentHere: householdsAt(households, p).length > 0,
    communityResident: households.some((h) => h.community_id === p.community_id),
    unitRep: units.some((o) => o.kind === "co_building_unit" && o.home_community_id === p.community_id),
  };
}

const people = (s: Standing) => s.staff || s.manager || s.treasurer || s.organiser;
const maySee = (s: Standing, p: q.ProjectRow) => p.is_public || people(s) || s.communityResident || s.unitRep;
/** P3: the account is the place's — its residents, the project's people, staff; the public only when public. */
export const mayReadAccount = (s: Standing, p: q.ProjectRow) => p.is_public || people(s) || s.residentHere;

export async function loadProject(db: Db, communityId: number, id: number) {
  const p = await q.findProject(db, communityId, id);
  if (!p) throw projectNotFound();
  return p;
}

/** Loads a project the caller may see (404 for a project they may not know of outside their community). */
export async function visibleProject(db: Db, actor: Actor | null, communityId: number, id: number) {
  const p = await loadProject(db, communityId, id);
  const s = await standingOf(db, actor, p);
  if (!maySee(s, p)) {
    if (!actor) throw new AppError("UNAUTHENTICATED");
    throw new AppError("OUT_OF_SCOPE");
  }
  return { p, s };
}

export function requireManager(actor: Actor | null, p: q.ProjectRow) {
  return authorize(actor, "projects.manage", placeRefOf(p));
}

// ---------------------------------------------------------------------------------------------
// creating and editing

async function checkOrganisations(db: Db, communityId: number, ids: (number | null | undefined)[]) {
  const wanted = [...new Set(ids.filter((x): x is number => x != null))];
  if (!wanted.length) return new Map<number, string>();
  const serving = new Map((await q.servingOrganisations(db, communityId)).map((o) => [o.id, o.name]));
  for (const id of wanted)
    if (!serving.has(id))
      throw invalid(
        "organisationId",
        `组织 #${id} 不在本社区`,
        `Organisation #${id} does not serve this community`,
      );
  return serving;
}

async function checkUser(db: Db, field: string, id: number | null | undefined) {
  if (id != null && !(await q.userExists(db, id))) throw invalid(field, "该用户不存在", "No such user");
}

function partyRows(
  parties: In<typeof ZCreateProject>["parties"],
  orgNames: Map<number, string>,
): { role: string; organisationId: number | null; name: string; contribution: string }[] {
  return parties.map((x) => {
    const name = x.name || (x.organisationId != null ? (orgNames.get(x.organisationId) ?? "") : "");
    if (!name)
      throw invalid("parties", "参与方须填写名称或选择组织", "A party needs a name or an organisation");
    return { role: x.role, organisationId: x.organisationId, name, contribution: x.contribution };
  });
}

const entryLinked = {
  zh: "该作品已经立项，不能再转为新的项目",
  en: "This entry already has its project; it cannot become another one",
};

/** A contest entry of the community that may still become a project (签约立项), adopted or not yet. */
async function entryToAdopt(db: Db, communityId: number, entryId: number) {
  const e = await entryForProject(db, communityId, entryId);
  if (!e) throw invalid("origin", "本社区没有这个大赛作品", "No such contest entry in this community");
  if (e.projectId != null) throw new AppError("CONTEST_ADOPTED", entryLinked);
  return e;
}

/**
 * Staff raise a project at a place they act on — from a topic's resolution, an idea, a request, a
 * contest entry (签约立项) or a gap, or on their own — with its plan, budget, milestones, parties,
 * funding sources and crowdfunding targets (audited). With `origin: { kind: "contest_entry", id }` it is
 * 签约立项: an entry of the community that has no project yet is adopted (contests' `adoptEntry`: the
 * caller must run the contest, its round closed) if it was not, and linked to the new project, in the same
 * transaction.
 */
export async function createProject(
  db: Db,
  actor: Actor | null,
  communityId: number,
  input: z.input<typeof ZCreateProject>,
) {
  const a = requireActor(actor);
  // the routes validated already; another module's call (contests) is checked here the same way
  const parsed = ZCreateProject.safeParse(input);
  if (!parsed.success)
    throw new AppError("VALIDATION", {
      details: parsed.error.issues.map((i) => ({ field: i.path.join("."), message: i.message })),
    });
  const body = parsed.data;
  await requireCommunity(db, communityId);
  const place = await placeOf(db, communityId, body.tier, body.estateId, body.buildingId);
  const reach = authorize(a, "projects.manage", {
    communityId,
    ...(body.tier === "community"
      ? {}
      : { estateId: place.estate_id, buildingId: place.building_id, gridId: place.grid_id }),
  });
  if (body.origin?.kind === "topic") await checkTopicIn(db, communityId, body.origin.id);
  if (body.origin?.kind === "request") await loadRequest(db, communityId, body.origin.id);
  const entry =
    body.origin?.kind === "contest_entry" ? await entryToAdopt(db, communityId, body.origin.id) : null;
  const orgNames = await checkOrganisations(db, communityId, [
    ...body.parties.map((x) => x.organisationId),
    ...body.fundingSources.map((x) => x.organisationId),
  ]);
  await checkUser(db, "treasurerUserId", body.treasurerUserId);
  await checkUser(db, "organiserUserId", body.organiserUserId);
  const parties = partyRows(body.parties, orgNames);
  const id = await db.transaction().execute(async (trx) => {
    // 签约立项 in one step: the entry is adopted (audited, contest.entry_adopted) in this transaction
    if (entry && !entry.adopted) await adoptEntry(trx, a, entry.contestId, entry.entryId);
    const row = await q.insertProject(trx, {
      community_id: communityId,
      title: body.title,
      summary: body.summary,
      plan: body.plan,
      tier: body.tier,
      ...place,
      place_text: body.placeText,
      origin_kind: body.origin?.kind ?? "staff",
      origin_id: body.origin?.id ?? null,
      status: "preparing",
      is_public: body.isPublic,
      organiser_user_id: body.organiserUserId ?? a.userId,
      treasurer_user_id: body.treasurerUserId ?? a.userId,
      design_kind: null,
      design_ref_id: null,
      design_choice: null,
      created_by: a.userId,
    });
    await q.insertBudgetLines(
      trx,
      body.budgetLines.map((l, i) => ({
        community_id: communityId,
        project_id: row.id,
        position: i + 1,
        name: l.name,
        amount_fen: l.amountFen,
        note: l.note,
      })),
    );
    await q.replaceMilestones(trx, communityId, row.id, body.milestones);
    await q.replaceParties(trx, communityId, row.id, parties);
    await q.insertSources(
      trx,
      body.fundingSources.map((x, i) => ({
        community_id: communityId,
        project_id: row.id,
        position: i + 1,
        kind: x.kind,
        label: x.label,
        organisation_id: x.organisationId,
        planned_fen: x.plannedFen,
      })),
    );
    await q.insertTargets(
      trx,
      body.targets.map((t) => ({
        community_id: communityId,
        project_id: row.id,
        kind: t.kind,
        item: t.item,
        unit: t.unit,
        quantity: t.quantity,
      })),
    );
    await recordAudit(trx, {
      actorUserId: a.userId,
      actorRole: primaryRole(reach),
      communityId,
      action: "project.create",
      targetType: "project",
      targetId: row.id,
      after: body,
    });
    if (entry && !(await linkEntryProject(trx, communityId, entry.entryId, row.id)))
      throw new AppError("CONTEST_ADOPTED", entryLinked); // a parallel 立项 of the same entry won
    return row.id;
  });
  return readProject(db, a, communityId, id);
}

/** Replaces a list keeping rows by id: new rows inserted, missing rows removed unless bookings or pledges use them. */
async function syncList<T extends { id?: number | undefined }>(
  trx: Db,
  table: "project_budget_line" | "project_funding_source" | "project_target",
  communityId: number,
  projectId: number,
  rows: T[],
  write: {
    insert: (rows: { row: T; position: number }[]) => Promise<unknown>;
    update: (id: number, row: T, position: number) => Promise<unknown>;
  },
) {
  const existing = new Set(await q.listIds(trx, table, communityId, projectId));
  const kept = new Set<number>();
  const fresh: { row: T; position: number }[] = [];
  for (const [i, row] of rows.entries()) {
    if (row.id != null) {
      if (!existing.has(row.id))
        throw invalid(table, `#${row.id} 不属于这个项目`, `#${row.id} is not one of this project's`);
      kept.add(row.id);
      await write.update(row.id, row, i + 1);
    } else fresh.push({ row, position: i + 1 });
  }
  for (const id of existing) {
    if (kept.has(id)) continue;
    if (await q.listRowUsed(trx, table, communityId, id))
      throw conflict(
        "已有记账或认捐使用这一项，不能删除",
        "Bookings or pledges use this item, so it cannot be removed",
      );
    await q.deleteListRow(trx, table, communityId, id);
  }
  await write.insert(fresh);
}

/** Staff running the project change its plan, lists, people, publicness or design choice (audited). */
export async function updateProject(
  db: Db,
  actor: Actor | null,
  communityId: number,
  projectId: number,
  input: In<typeof ZUpdateProject>,
) {
  const a = requireActor(actor);
  const p = await loadProject(db, communityId, projectId);
  const reach = requireManager(a, p);
  if (p.status === "evaluated")
    throw conflict(
      "项目已评议结项，不能再修改",
      "The project has been evaluated and closed; it cannot change",
    );
  const orgNames = await checkOrganisations(db, communityId, [
    ...(input.parties ?? []).map((x) => x.organisationId),
    ...(input.fundingSources ?? []).map((x) => x.organisationId),
  ]);
  await checkUser(db, "treasurerUserId", input.treasurerUserId);
  await checkUser(db, "organiserUserId", input.organiserUserId);
  if (input.design) {
    // the survey or vote must be one the caller can open in this community
    if (input.design.kind === "survey") await readSurvey(db, a, communityId, input.design.refId);
    else await readVote(db, a, communityId, input.design.refId);
  }
  const parties = input.parties ? partyRows(input.parties, orgNames) : null;
  await db.transaction().execute(async (trx) => {
    if (!(await q.lockProject(trx, communityId, projectId))) throw projectNotFound();
    await q.updateProject(trx, communityId, projectId, {
      ...(input.title !== undefined && { title: input.title }),
      ...(input.summary !== undefined && { summary: input.summary }),
      ...(input.plan !== undefined && { plan: input.plan }),
      ...(input.placeText !== undefined && { place_text: input.placeText }),
      ...(input.isPublic !== undefined && { is_public: input.isPublic }),
      ...(input.treasurerUserId !== undefined && { treasurer_user_id: input.treasurerUserId }),
      ...(input.organiserUserId !== undefined && { organiser_user_id: input.organiserUserId }),
      ...(input.design !== undefined && {
        design_kind: input.design?.kind ?? null,
        design_ref_id: input.design?.refId ?? null,
        design_choice: input.design?.choice ?? null,
      }),
    });
    if (input.milestones) await q.replaceMilestones(trx, communityId, projectId, input.milestones);
    if (parties) await q.replaceParties(trx, communityId, projectId, parties);
    if (input.budgetLines)
      await syncList(trx, "project_budget_line", communityId, projectId, input.budgetLines, {
        insert: (rows) =>
          q.insertBudgetLines(
            trx,
            rows.map(({ row, position }) => ({
              community_id: communityId,
              project_id: projectId,
              position,
              name: row.name,
              amount_fen: row.amountFen,
              note: row.note,
            })),
          ),
        update: (id, row, position) =>
          q.updateBudgetLine(trx, communityId, id, {
            position,
            name: row.name,
            amount_fen: row.amountFen,
            note: row.note,
          }),
      });
    if (input.fundingSources)
      await syncList(trx, "project_funding_source", communityId, projectId, input.fundingSources, {
        insert: (rows) =>
          q.insertSources(
            trx,
            rows.map(({ row, position }) => ({
              community_id: communityId,
              project_id: projectId,
              position,
              kind: row.kind,
              label: row.label,
              organisation_id: row.organisationId,
              planned_fen: row.plannedFen,
            })),
          ),
        update: (id, row, position) =>
          q.updateSource(trx, communityId, id, {
            position,
            kind: row.kind,
            label: row.label,
            organisation_id: row.organisationId,
            planned_fen: row.plannedFen,
          }),
      });
    if (input.targets) {
      const before = new Map((await q.targetsOf(trx, communityId, projectId)).map((t) => [t.id, t]));
      for (const t of input.targets)
        if (
          t.id != null &&
          before.get(t.id) &&
          before.get(t.id)!.kind !== t.kind &&
          Number(before.get(t.id)!.pledged) > 0
        )
          throw conflict("已有认捐的目标不能改变类别", "A target with pledges cannot change its kind");
      await syncList(trx, "project_target", communityId, projectId, input.targets, {
        insert: (rows) =>
          q.insertTargets(
            trx,
            rows.map(({ row }) => ({
              community_id: communityId,
              project_id: projectId,
              kind: row.kind,
              item: row.item,
              unit: row.unit,
              quantity: row.quantity,
            })),
          ),
        update: (id, row) =>
          q.updateTarget(trx, communityId, id, {
            kind: row.kind,
            item: row.item,
            unit: row.unit,
            quantity: row.quantity,
          }),
      });
    }
    await recordAudit(trx, {
      actorUserId: a.userId,
      actorRole: primaryRole(reach),
      communityId,
      action: "project.update",
      targetType: "project",
      targetId: projectId,
      before: {
        title: p.title,
        isPublic: p.is_public,
        treasurer: p.treasurer_user_id,
        organiser: p.organiser_user_id,
      },
      after: input,
    });
  });
  return readProject(db, a, communityId, projectId);
}

/** Moves the project forward: 众筹中, 建设中, 已完工, 已评议 (众筹中 and 建设中 may be skipped; audited). */
export async function moveProjectStatus(
  db: Db,
  actor: Actor | null,
  communityId: number,
  projectId: number,
  input: In<typeof ZMoveStatus>,
) {
  const a = requireActor(actor);
  const p = await loadProject(db, communityId, projectId);
  const reach = requireManager(a, p);
  const from = STATUS_ORDER.indexOf(p.status);
  const to = STATUS_ORDER.indexOf(input.to);
  if (to <= from)
    throw conflict(
      `项目已是“${STATUS_ZH[p.status]}”，只能向后推进`,
      `The project is already ${STATUS_EN[p.status]}; it only moves forward`,
    );
  if (input.to === "evaluated" && p.status !== "finished")
    throw conflict("项目完工后才能评议结项", "A project is evaluated only once it is finished");
  const stamp = {
    crowdfunding: "crowdfunding_at",
    building: "building_at",
    finished: "finished_at",
    evaluated: "evaluated_at",
  } as const;
  await db.transaction().execute(async (trx) => {
    const locked = await q.lockProject(trx, communityId, projectId);
    if (!locked || locked.status !== p.status)
      throw conflict(
        "项目刚被他人更新，请刷新后再试",
        "Someone else changed this project just now; reload and try again",
      );
    await q.updateProject(trx, communityId, projectId, {
      status: input.to,
      [stamp[input.to as keyof typeof stamp]]: new Date(),
    });
    if (input.text)
      await q.insertUpdate(trx, {
        community_id: communityId,
        project_id: projectId,
        text: `【${STATUS_ZH[input.to]}】${input.text}`,
        photo_ids: "[]",
        created_by: a.userId,
      });
    await recordAudit(trx, {
      actorUserId: a.userId,
      actorRole: primaryRole(reach),
      communityId,
      action: "project.status",
      targetType: "project",
      targetId: projectId,
      before: { status: p.status },
      after: { status: input.to },
    });
  });
  return readProject(db, a, communityId, projectId);
}

// ---------------------------------------------------------------------------------------------
// reading

const nameOf = (kind: string, person: string | null, org: string | null) =>
  kind === "co_building_unit" && org ? org : maskName(person ?? "");

export function placeNameOf(p: {
  tier: ProjectTier;
  community_name: string;
  estate_name: string | null;
  building_name: string | null;
}) {
  if (p.tier === "building") return [p.estate_name, p.building_name].filter(Boolean).join(" ");
  if (p.tier === "estate") return p.estate_name ?? "";
  return p.community_name;
}

export function presentListItem(p: q.ProjectRow) {
  return {
    id: p.id,
    communityId: p.community_id,
    communityName: p.community_name,
    title: p.title,
    tier: p.tier,
    placeName: placeNameOf(p),
    status: p.status,
    originKind: p.origin_kind,
    originId: p.origin_id,
    isPublic: p.is_public,
    budgetFen: Number(p.budget_fen ?? 0),
    balanceFen: Number(p.balance_fen ?? 0),
    createdAt: p.created_at,
  };
}

function progressOf(targets: Awaited<ReturnType<typeof q.targetsOf>>) {
  const kinds: TargetKind[] = ["money", "goods", "labour", "ideas"];
  return kinds
    .map((kind) => {
      const ts = targets.filter((t) => t.kind === kind);
      return {
        kind,
        target: ts.reduce((s, t) => s + Number(t.quantity), 0),
        pledged: ts.reduce((s, t) => s + Number(t.pledged ?? 0), 0),
        fulfilled: ts.reduce((s, t) => s + Number(t.fulfilled ?? 0), 0),
      };
    })
    .filter((x) => x.target > 0);
}

/**
 * One project as its page shows it: what, where, why, who builds, the money in and out, progress
 * photos, how to help (targets, tasks), the ratings; and what the caller may do.
 */
export async function readProject(db: Db, actor: Actor | null, communityId: number, id: number) {
  const { p, s } = await visibleProject(db, actor, communityId, id);
  const [lines, milestones, parties, sources, targets, pledges, tasks, updates, photos, ratings, last] =
    await Promise.all([
      q.budgetLinesOf(db, communityId, id),
      q.milestonesOf(db, communityId, id),
      q.partiesOf(db, communityId, id),
      q.sourcesOf(db, communityId, id),
      q.targetsOf(db, communityId, id),
      q.pledgesOf(db, communityId, id),
      q.tasksOf(db, communityId, id),
      q.updatesOf(db, communityId, id),
      q.photosOf(db, communityId, id),
      q.ratingsOf(db, communityId, id),
      q.lastBooking(db, communityId, id),
    ]);
  const uid = actor?.userId ?? null;
  const plannedTotal = sources.reduce((x, r) => x + Number(r.planned_fen), 0);
  const readAccount = mayReadAccount(s, p);
  const open = p.status !== "finished" && p.status !== "evaluated";
  const mine = ratings.find((r) => r.user_id === uid);
  const count = (r: string) => ratings.filter((x) => x.rating === r).length;
  return {
    ...presentListItem(p),
    balanceFen: readAccount ? Number(last?.balance_fen ?? 0) : 0,
    summary: p.summary,
    plan: p.plan,
    placeText: p.place_text,
    estateId: p.estate_id,
    buildingId: p.building_id,
    treasurerUserId: s.staff || s.manager ? p.treasurer_user_id : null,
    organiserUserId: s.staff || s.manager ? p.organiser_user_id : null,
    budgetLines: lines.map((l) => ({
      id: l.id,
      name: l.name,
      amountFen: Number(l.amount_fen),
      note: l.note,
      spentFen: readAccount ? Number(l.spent_fen ?? 0) : 0,
    })),
    milestones: milestones.map((m) => ({ title: m.title, dueOn: m.due_on, doneOn: m.done_on })),
    parties: parties.map((x) => ({
      role: x.role,
      organisationId: x.organisation_id,
      name: x.name,
      contribution: x.contribution,
    })),
    fundingSources: sources.map((r) => ({
      id: r.id,
      kind: r.kind,
      label: r.label,
      organisationId: r.organisation_id,
      plannedFen: Number(r.planned_fen),
      receivedFen: readAccount ? Number(r.received_fen ?? 0) : 0,
      sharePct: plannedTotal > 0 ? Math.round((Number(r.planned_fen) * 100) / plannedTotal) : 0,
    })),
    targets: targets.map((t) => ({
      id: t.id,
      kind: t.kind,
      item: t.item,
      unit: t.unit,
      quantity: Number(t.quantity),
      pledged: Number(t.pledged ?? 0),
      fulfilled: Number(t.fulfilled ?? 0),
    })),
    progress: progressOf(targets),
    pledges: pledges.map((g) => presentPledge(g, uid)),
    tasks: tasks.map((t) => ({
      id: t.id,
      title: t.title,
      description: t.description,
      dueOn: t.due_on,
      status:
        t.claim_status === "fulfilled"
          ? ("done" as const)
          : t.claim_id
            ? ("claimed" as const)
            : ("open" as const),
      claim:
        t.claim_id != null
          ? {
              id: t.claim_id,
              claimantKind: t.claimant_kind!,
              claimantName: nameOf(t.claimant_kind!, t.claimant_name, t.org_name),
              promiseDate: t.promise_date!,
              status: t.claim_status!,
              mine: t.claimant_user_id === uid,
            }
          : null,
    })),
    updates: updates.map((u) => ({
      id: u.id,
      text: u.text,
      photoIds: Array.isArray(u.photo_ids) ? (u.photo_ids as number[]) : [],
      createdAt: u.created_at,
    })),
    photos: photos.map((x) => ({ id: x.id, kind: x.kind })),
    account: readAccount
      ? {
          incomeFen: Number(last?.income_total_fen ?? 0),
          expenseFen: Number(last?.expense_total_fen ?? 0),
          balanceFen: Number(last?.balance_fen ?? 0),
          entries: Number(last?.seq ?? 0),
        }
      : null,
    design: p.design_kind ? { kind: p.design_kind, refId: p.design_ref_id!, choice: p.design_choice } : null,
    ratings: {
      good: count("good"),
      average: count("average"),
      poor: count("poor"),
      mine: mine ? { rating: mine.rating, comment: mine.comment } : null,
      comments: ratings
        .filter((r) => r.comment)
        .slice(0, 20)
        .map((r) => ({ rating: r.rating, comment: r.comment!, ratedAt: r.rated_at })),
    },
    can: {
      manage: s.manager && p.status !== "evaluated",
      book: s.treasurer && p.status !== "evaluated",
      certify: (s.organiser || s.manager) && p.status !== "evaluated",
      pledge: open && (s.communityResident || s.unitRep),
      claim: open && (s.communityResident || s.unitRep),
      rate: p.status === "finished" && s.residentHere,
      readAccount,
    },
  };
}

function presentPledge(g: q.PledgeRow, uid: number | null) {
  return {
    id: g.id,
    targetId: g.target_id,
    kind: g.kind,
    pledgerKind: g.pledger_kind,
    pledgerName: nameOf(g.pledger_kind, g.pledger_name, g.org_name),
    quantity: Number(g.quantity),
    fulfilled: Number(g.fulfilled),
    text: g.text,
    status: g.status,
    mine: g.pledger_user_id === uid,
    createdAt: g.created_at,
  };
}

/** The staff board of a community's projects, filtered to the caller's reach. */
export async function listProjectsOf(
  db: Db,
  actor: Actor | null,
  communityId: number,
  f: q.ProjectFilters & { limit: number; offset: number },
) {
  const reach = authorizeWithin(actor, "projects.read", communityId);
  await requireCommunity(db, communityId);
  const scope = coversCommunity(reach, communityId) ? null : partialReach(reach, communityId);
  const page = await q.listProjects(db, communityId, scope, f);
  return { items: page.rows.map(presentListItem), total: page.total };
}

/** A resident's projects: those at their verified places, their communities' community-wide and public ones. */
export async function myProjects(db: Db, actor: Actor | null) {
  const a = requireActor(actor);
  const households = await q.householdsOfUser(db, a.userId);
  const rows = await q.projectsAtPlaces(db, {
    communityIds: [...new Set(households.map((h) => h.community_id))],
    estateKeys: households.map((h) => [h.community_id, h.estate_id]),
    buildingKeys: households.map((h) => [h.community_id, h.building_id]),
  });
  return {
    items: rows.map((p) => {
      const readAccount = p.is_public || householdsAt(households, p).length > 0;
      return { ...presentListItem(p), balanceFen: readAccount ? Number(p.balance_fen ?? 0) : 0 };
    }),
  };
}

/** Projects made from one topic (or request, idea, contest entry) that the caller may see ("已立项 #…"). */
export async function projectsFromOrigin(
  db: Db,
  actor: Actor | null,
  communityId: number,
  origin: { kind: "topic" | "idea" | "request" | "contest_entry" | "gap"; id: number },
) {
  const rows = await q.projectsByOrigin(db, communityId, origin.kind, origin.id);
  const items = [];
  for (const p of rows)
    if (maySee(await standingOf(db, actor, p), p)) items.push({ id: p.id, title: p.title, status: p.status });
  return { items };
}

const COLUMNS = [
  { header: "编号", width: 8 },
  { header: "项目", width: 30 },
  { header: "地点", width: 20 },
  { header: "状态", width: 10 },
  { header: "来源", width: 10 },
  { header: "来源编号", width: 10 },
  { header: "预算（元）", width: 14, numFmt: "#,##0.00" },
  { header: "账户余额（元）", width: 14, numFmt: "#,##0.00" },
  { header: "公开", width: 6 },
  { header: "创建时间", width: 18, numFmt: "yyyy-mm-dd hh:mm" },
];
const ORIGIN_ZH = {
  staff: "社区发起",
  topic: "议事决议",
  idea: "金点子",
  request: "居民需求",
  contest_entry: "大赛项目",
  gap: "生活圈短板",
} as const;
export const shanghaiCell = (d: Date): Date => new Date(d.getTime() + 8 * 3_600_000);
export const yuan = (fen: number) => fen / 100;

function exporterOf(a: Actor): Actor {
  return exportingActor(a);
}

/** The staff board as .xlsx (data.export and projects.read, the list's filters and reach; audited). */
export async function exportProjects(db: Db, actor: Actor | null, communityId: number, f: q.ProjectFilters) {
  const a = requireActor(actor);
  const reach = authorizeWithin(exporterOf(a), "projects.read", communityId);
  const community = await requireCommunity(db, communityId);
  const scope = coversCommunity(reach, communityId) ? null : partialReach(reach, communityId);
  const { rows } = await q.listProjects(db, communityId, scope, { ...f, limit: 10_000, offset: 0 });
  await recordAudit(db, {
    actorUserId: a.userId,
    actorRole: primaryRole(reach),
    communityId,
    action: "data.export",
    targetType: "projects",
    targetId: "xlsx",
    after: { format: "xlsx", filters: f, rows: rows.length, scope: scope ?? "community" },
  });
  const body = await workbookBytes((sink) =>
    writeWorkbook(
      { name: "共建项目", columns: COLUMNS },
      rows.map((p) => [
        p.id,
        p.title,
        placeNameOf(p),
        STATUS_ZH[p.status],
        ORIGIN_ZH[p.origin_kind],
        p.origin_id,
        yuan(Number(p.budget_fen ?? 0)),
        yuan(Number(p.balance_fen ?? 0)),
        p.is_public ? "是" : "否",
        shanghaiCell(p.created_at),
      ]),
      sink,
    ),
  );
  const stamp = shanghaiDay(new Date());
  return {
    contentType: XLSX_MIME,
    disposition: attachmentDisposition(
      `projects-${communityId}-${stamp}.xlsx`,
      `共建项目-${community.name}-${stamp}.xlsx`,
    ),
    rows: rows.length,
    body,
  };
}

// ---------------------------------------------------------------------------------------------
// photos and progress

export async function storePhotos(
  trx: Db,
  communityId: number,
  projectId: number,
  kind: "before" | "after" | "progress" | "voucher" | "design",
  photos: Awaited<ReturnType<typeof checkPhotos>>,
  byUserId: number,
) {
  const rows = await q.insertPhotos(
    trx,
    photos.map((x) => ({
      community_id: communityId,
      project_id: projectId,
      kind,
      mime: x.mime,
      byte_size: x.byteSize,
      sha256: x.sha256,
      bytes: x.bytes,
      created_by: byUserId,
    })),
  );
  return rows.map((r) => r.id);
}

/** A progress update with photos (P4) by the staff running the project or its organiser. */
export async function addProjectUpdate(
  db: Db,
  actor: Actor | null,
  communityId: number,
  projectId: number,
  input: In<typeof ZNewUpdate>,
  uploads: PhotoUpload[] = [],
) {
  const a = requireActor(actor);
  const p = await loadProject(db, communityId, projectId);
  const s = await standingOf(db, a, p);
  if (!s.manager && !s.organiser) requireManager(a, p);
  if (p.status === "evaluated") throw conflict("项目已评议结项", "The project has been evaluated and closed");
  const photos = await checkPhotos(uploads, false);
  return db.transaction().execute(async (trx) => {
    const photoIds = await storePhotos(trx, communityId, projectId, input.photoKind, photos, a.userId);
    const row = await q.insertUpdate(trx, {
      community_id: communityId,
      project_id: projectId,
      text: input.text,
      photo_ids: JSON.stringify(photoIds),
      created_by: a.userId,
    });
    return { id: row.id, photoIds };
  });
}

/** A photo of the project: its page's readers; a voucher only those who may read the account. */
export async function projectPhoto(
  db: Db,
  actor: Actor | null,
  communityId: number,
  projectId: number,
  photoId: number,
) {
  const { p, s } = await visibleProject(db, actor, communityId, projectId);
  const photo = await q.photoOf(db, communityId, projectId, photoId);
  if (!photo) throw new AppError("NOT_FOUND", { zh: "照片不存在", en: "Photo not found" });
  if (photo.kind === "voucher" && !mayReadAccount(s, p)) throw new AppError("OUT_OF_SCOPE");
  return photo;
}

// ---------------------------------------------------------------------------------------------
// tasks (the claims module's rules: one live claim per task, a promise date, withdrawal, release)

const unitOrgsOf = (a: Actor) =>
  a.grants
    .filter((g) => g.role === "unit_representative" && g.scopeType === "organisation" && g.scopeId != null)
    .map((g) => g.scopeId!);

export async function createTask(
  db: Db,
  actor: Actor | null,
  communityId: number,
  projectId: number,
  input: In<typeof ZCreateTask>,
) {
  const a = requireActor(actor);
  const p = await loadProject(db, communityId, projectId);
  const reach = requireManager(a, p);
  if (p.status === "finished" || p.status === "evaluated")
    throw conflict("项目已完工，不能再添加任务", "The project is finished; no more tasks can be added");
  await db.transaction().execute(async (trx) => {
    const row = await q.insertTask(trx, {
      community_id: communityId,
      project_id: projectId,
      title: input.title,
      description: input.description,
      due_on: input.dueOn,
      created_by: a.userId,
    });
    await recordAudit(trx, {
      actorUserId: a.userId,
      actorRole: primaryRole(reach),
      communityId,
      action: "project_task.create",
      targetType: "project_task",
      targetId: row.id,
      after: input,
    });
  });
  return readProject(db, a, communityId, projectId);
}

const taskTaken = () =>
  new AppError("CONFLICT", {
    zh: "该任务已被认领，请选择其他任务",
    en: "This task has already been claimed; choose another one",
    details: { reason: "ALREADY_CLAIMED" },
  });

/** A party member, a volunteer (verified resident) or a co-building unit claims a task with a promise date. */
export async function claimTask(
  db: Db,
  actor: Actor | null,
  communityId: number,
  projectId: number,
  taskId: number,
  input: In<typeof ZClaimTask>,
) {
  const a = requireActor(actor);
  const { p } = await visibleProject(db, a, communityId, projectId);
  const task = await q.taskOf(db, communityId, projectId, taskId);
  if (!task) throw new AppError("NOT_FOUND", { zh: "任务不存在", en: "Task not found" });
  if (p.status === "finished" || p.status === "evaluated")
    throw conflict(
      "项目已完工，任务不能再认领",
      "The project is finished; its tasks can no longer be claimed",
      "PROJECT_CLOSED",
    );
  if (await q.liveClaimOfTask(db, communityId, taskId)) throw taskTaken();
  if (input.promiseDate < todayInChina())
    throw new AppError("VALIDATION", {
      zh: "承诺完成日期不能早于今天",
      en: "The promise date cannot be in the past",
      details: [{ field: "promiseDate", message: "in the past" }],
    });
  const who = await claimantOf(db, a, communityId, input);
  try {
    const claim = await q.insertClaim(db, {
      community_id: communityId,
      project_id: projectId,
      task_id: taskId,
      claimant_user_id: a.userId,
      claimant_org_id: who.orgId,
      claimant_kind: who.kind,
      promise_date: input.promiseDate,
      status: "active",
      note: input.note ?? null,
    });
    return { id: claim.id, taskId, status: claim.status, promiseDate: input.promiseDate };
  } catch (e) {
    // two claims at once: the partial unique index project_task_claim_one lets one through
    if ((e as { code?: string }).code === "23505") throw taskTaken();
    throw e;
  }
}

async function claimFor(db: Db, communityId: number, projectId: number, claimId: number) {
  const c = await q.claimOf(db, communityId, projectId, claimId);
  if (!c) throw new AppError("NOT_FOUND", { zh: "认领记录不存在", en: "Claim not found" });
  return c;
}
const claimNotActive = () => conflict("该认领已完成或已撤回", "This claim is already fulfilled or withdrawn");

/** The claimant marks the task done, or withdraws (the task is open again). */
export async function endTaskClaim(
  db: Db,
  actor: Actor | null,
  communityId: number,
  projectId: number,
  claimId: number,
  to: "fulfilled" | "withdrawn",
) {
  const a = requireActor(actor);
  const c = await claimFor(db, communityId, projectId, claimId);
  if (c.claimant_user_id !== a.userId)
    throw notYours("只有认领人可以这样做", "Only the person who claimed it can do this");
  if (!(await q.endClaimRow(db, communityId, claimId, to, null))) throw claimNotActive();
  return { id: claimId, taskId: c.task_id, status: to, promiseDate: c.promise_date };
}

/** 释放认领: staff running the project end an abandoned claim with a reason (audited; the claimant told). */
export async function releaseTaskClaim(
  db: Db,
  actor: Actor | null,
  communityId: number,
  projectId: number,
  claimId: number,
  input: { reason: string },
) {
  const a = requireActor(actor);
  const p = await loadProject(db, communityId, projectId);
  const reach = requireManager(a, p);
  const c = await claimFor(db, communityId, projectId, claimId);
  await db.transaction().execute(async (trx) => {
    if (
      !(await q.endClaimRow(trx, communityId, claimId, "withdrawn", { by: a.userId, reason: input.reason }))
    )
      throw claimNotActive();
    await recordAudit(trx, {
      actorUserId: a.userId,
      actorRole: primaryRole(reach),
      communityId,
      action: "project_claim.release",
      targetType: "project_task_claim",
      targetId: claimId,
      reason: input.reason,
      before: { status: "active", claimantUserId: c.claimant_user_id, promiseDate: c.promise_date },
      after: { status: "withdrawn", releasedBy: a.userId },
    });
    await notify(trx, {
      userIds: [c.claimant_user_id],
      communityId,
      kind: "project.claim_released",
      titleZh: `您对项目任务的认领已被社区释放：${p.title}`,
      titleEn: `Your claim on a project task was released: ${p.title}`,
      bodyZh: `原因：${input.reason}`,
      bodyEn: `Reason: ${input.reason}`,
      link: residentProjectLink(communityId, projectId),
    });
  });
  return { id: claimId, taskId: c.task_id, status: "withdrawn" as const, promiseDate: c.promise_date };
}

// ---------------------------------------------------------------------------------------------
// crowdfunding

const closedForPledges = () =>
  new AppError("CONFLICT", {
    zh: "项目已完工或已结项，不再接受认捐",
    en: "The project is finished or closed and takes no more pledges",
    details: { reason: "PROJECT_CLOSED" },
  });

/** A verified resident of the community pledges for themselves, a unit's representative for the unit. */
export async function pledge(
  db: Db,
  actor: Actor | null,
  communityId: number,
  projectId: number,
  input: In<typeof ZPledge>,
) {
  const a = requireActor(actor);
  const { p, s } = await visibleProject(db, a, communityId, projectId);
  if (p.status === "finished" || p.status === "evaluated") throw closedForPledges();
  const target = await q.targetOf(db, communityId, input.targetId);
  if (!target || target.project_id !== projectId)
    throw invalid("targetId", "该众筹目标不属于这个项目", "That target is not one of this project's");
  if (target.kind === "ideas" && !input.text)
    throw invalid("text", "出点子请写下您的点子", "An idea pledge needs the idea written down");
  let who: { kind: "resident" | "co_building_unit"; orgId: number | null };
  if (input.as === "co_building_unit" || input.orgId != null) {
    const unit = await claimantOf(db, a, communityId, { as: "co_building_unit", orgId: input.orgId });
    who = { kind: "co_building_unit", orgId: unit.orgId };
  } else if (s.communityResident) who = { kind: "resident", orgId: null };
  else if (unitOrgsOf(a).length === 1) {
    const unit = await claimantOf(db, a, communityId, { as: "co_building_unit" });
    who = { kind: "co_building_unit", orgId: unit.orgId };
  } else
    throw notYours(
      "只有本社区已认证的居民和共建单位可以认捐",
      "Only verified residents and co-building units of this community can pledge",
    );
  const quantity = target.kind === "ideas" ? 1 : input.quantity;
  const id = await db.transaction().execute(async (trx) => {
    // the project's lock: a pledge and the move to 已完工 do not cross
    const locked = await q.lockProject(trx, communityId, projectId);
    if (!locked) throw projectNotFound();
    if (locked.status === "finished" || locked.status === "evaluated") throw closedForPledges();
    const row = await q.insertPledge(trx, {
      community_id: communityId,
      project_id: projectId,
      target_id: target.id,
      kind: target.kind,
      pledger_user_id: a.userId,
      pledger_org_id: who.orgId,
      pledger_kind: who.kind,
      quantity,
      text: input.text,
    });
    const notifyIds = [p.organiser_user_id, p.treasurer_user_id].filter(
      (x): x is number => x != null && x !== a.userId,
    );
    if (notifyIds.length)
      await notify(trx, {
        userIds: [...new Set(notifyIds)],
        communityId,
        kind: "project.pledged",
        titleZh: `新的认捐（${KIND_ZH[target.kind]}）：${p.title}`,
        titleEn: `A new pledge (${target.kind}): ${p.title}`,
        bodyZh: target.item || "",
        bodyEn: target.item || "",
        link: staffProjectLink(communityId, projectId),
      });
    return row.id;
  });
  const row = await q.pledgeOf(db, communityId, projectId, id);
  return presentPledge(row!, a.userId);
}

/** The pledger withdraws a pledge nothing of which was fulfilled yet. */
export async function cancelPledge(
  db: Db,
  actor: Actor | null,
  communityId: number,
  projectId: number,
  pledgeId: number,
) {
  const a = requireActor(actor);
  const g = await q.pledgeOf(db, communityId, projectId, pledgeId);
  if (!g) throw new AppError("NOT_FOUND", { zh: "认捐不存在", en: "Pledge not found" });
  if (g.pledger_user_id !== a.userId)
    throw notYours("只有认捐人可以撤回", "Only the pledger can withdraw a pledge");
  if (!(await q.cancelPledgeRow(db, communityId, pledgeId)))
    throw conflict(
      "已部分兑现或已撤回的认捐不能撤回",
      "A pledge already (partly) fulfilled or withdrawn cannot be withdrawn",
    );
  return presentPledge((await q.pledgeOf(db, communityId, projectId, pledgeId))!, a.userId);
}

/**
 * The organiser (or staff running the project) records goods received, labour hours certified
 * (谁组织谁记录，谁记录谁证明) or an idea taken up. Money is fulfilled by a booking, not here.
 */
export async function fulfilPledge(
  db: Db,
  actor: Actor | null,
  communityId: number,
  projectId: number,
  pledgeId: number,
  input: In<typeof ZFulfil>,
) {
  const a = requireActor(actor);
  const p = await loadProject(db, communityId, projectId);
  const s = await standingOf(db, a, p);
  const reach = s.organiser ? null : requireManager(a, p);
  if (p.status === "evaluated") throw conflict("项目已评议结项", "The project has been evaluated and closed");
  const g = await q.pledgeOf(db, communityId, projectId, pledgeId);
  if (!g) throw new AppError("NOT_FOUND", { zh: "认捐不存在", en: "Pledge not found" });
  if (g.kind === "money")
    throw conflict(
      "捐款由项目出纳记账兑现（附凭证），不在这里登记",
      "Money is fulfilled by the treasurer's booking (with a voucher), not here",
    );
  await db.transaction().execute(async (trx) => {
    if (!(await q.addFulfilled(trx, communityId, pledgeId, input.quantity)))
      throw conflict(
        `兑现数量超过认捐数量（还剩 ${Number(g.quantity) - Number(g.fulfilled)}），或认捐已撤回`,
        `More than was pledged (${Number(g.quantity) - Number(g.fulfilled)} left), or the pledge was withdrawn`,
      );
    await q.insertFulfilment(trx, {
      community_id: communityId,
      project_id: projectId,
      pledge_id: pledgeId,
      quantity: input.quantity,
      note: input.note,
      booking_id: null,
      recorded_by: a.userId,
    });
    await recordAudit(trx, {
      actorUserId: a.userId,
      actorRole: reach ? primaryRole(reach) : "project_organiser",
      communityId,
      action: g.kind === "labour" ? "project_pledge.certify_hours" : "project_pledge.fulfil",
      targetType: "project_pledge",
      targetId: pledgeId,
      after: { quantity: input.quantity, note: input.note },
    });
  });
  return presentPledge((await q.pledgeOf(db, communityId, projectId, pledgeId))!, a.userId);
}

// ---------------------------------------------------------------------------------------------
// the account (公示)

export async function rateProject(
  db: Db,
  actor: Actor | null,
  communityId: number,
  projectId: number,
  input: In<typeof ZProjectRate>,
) {
  const a = requireActor(actor);
  const { p, s } = await visibleProject(db, a, communityId, projectId);
  if (!s.residentHere)
    throw notYours(
      "只有项目所在地已认证的居民可以评价",
      "Only verified residents of the project's place can rate it",
    );
  if (p.status !== "finished")
    throw conflict(
      p.status === "evaluated" ? "评议已结束" : "项目完工后才能评价",
      p.status === "evaluated" ? "The evaluation has closed" : "A project can be rated once it is finished",
    );
  await q.upsertRating(db, {
    community_id: communityId,
    project_id: projectId,
    user_id: a.userId,
    rating: input.rating,
    comment: input.comment || null,
  });
  return readProject(db, a, communityId, projectId);
}

/** Registers "project" with comments: whoever may see a project reads its comments; residents of its community and its people comment. */
export function registerProjectComments(): void {
  registerCommentSubject("project", {
    async placeOf(db, communityId, id) {
      const p = await q.findProject(db, communityId, id);
      return p
        ? { gridId: p.grid_id, estateId: p.estate_id, buildingId: p.building_id, title: p.title }
        : null;
    },
    async canRead(db, actor, communityId, id) {
      const p = await q.findProject(db, communityId, id);
      return p ? maySee(await standingOf(db, actor, p), p) : false;
    },
    async canComment(db, actor, communityId, id) {
      const p = await q.findProject(db, communityId, id);
      if (!p || !actor) return false;
      const s = await standingOf(db, actor, p);
      return people(s) || s.communityResident || s.unitRep;
    },
    linkOf: (communityId, id) => residentProjectLink(communityId, id),
  });
}
