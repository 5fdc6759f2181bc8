// Contests (DOMAIN D6 金点子大赛, E3 十大社区治理创新项目): a call held at a place (a community, an estate
// or building of it, a street, a district) with a theme, a submission period, weighted criteria and
// judges; entries (a resident's idea with photos, or a community's project entered by its staff);
// public support by the place's verified residents (one per resident and entry, held by the primary
// key); rounds in which each judge scores each entry once per criterion (0…scoreMax), seeing only
// their own sheets until the organisers close the round (the server answers no other sheet and no
// ranking before); a cut to the finalists who go on to the next round with its own judges; the
// ranking published as a notice; scores per judge exported to Excel; and 签约立项 — an entry adopted
// to become a project, its link kept on the entry (project_id) and announced by contest.entry_adopted.
// Organisers' actions are audited commands; residents' entries and support and judges' sheets are
// their own.
import type { Kysely } from "kysely";
import { authorize, exportingActor, primaryRole, reachOf, requireActor } from "../../../access/authorize.ts";
import { type Actor, coversCommunity, type Reach, touchesCommunity } from "../../../access/reach.ts";
import type { DB } from "../../../db/schema.ts";
import { AppError } from "../../../errors.ts";
import { emitEvent } from "../../../events/outbox.ts";
import { audited, recordAudit } from "../../core/audit/audit.service.ts";
import {
  attachmentDisposition,
  type SheetColumn,
  workbookBytes,
  writeWorkbook,
  XLSX_MIME,
} from "../../core/imports/imports.service.ts";
import { checkedPlaceIn } from "../../core/places/places.service.ts";
import { maskName, maskPhone } from "../../core/privacy/pii.present.ts";
import { publishNotice } from "../../deliberation/notices/notices.service.ts";
import { checkPhotos, type PhotoUpload } from "../../voice/requests/requests.service.ts";
import { contestEntryAdopted } from "./contests.events.ts";
import * as q from "./contests.queries.ts";
import type { TCreateContest, TCriterion } from "./contests.schema.ts";
import { rankEntries, TIE_BREAK, weighted } from "./contests-ranking.ts";

export { rankEntries, TIE_BREAK } from "./contests-ranking.ts";

type Db = Kysely<DB>;
type ContestRow = q.ContestRow;

const notFound = () => new AppError("NOT_FOUND", { zh: "评选活动不存在", en: "No such contest" });
const notJudge = () =>
  new AppError("FORBIDDEN", { zh: "您不是本轮评委，不能评分", en: "You are not a judge of this round" });
const entryNotFound = () => new AppError("NOT_FOUND", { zh: "作品不存在", en: "No such entry" });
const invalid = (field: string, zh: string, en: string) =>
  new AppError("VALIDATION", { zh, en, details: [{ field, message: en }] });

export const KIND_ZH = { idea: "金点子大赛", innovation: "治理创新项目评选" } as const;

const criteriaOf = (c: { criteria: unknown }) =>
  Array.isArray(c.criteria) ? (c.criteria as TCriterion[]) : [];
const noticeIdsOf = (c: { notice_ids: unknown }) =>
  Array.isArray(c.notice_ids) ? (c.notice_ids as number[]) : [];
const scoresOf = (s: unknown) => (Array.isArray(s) ? (s as number[]) : []);

function placeNameOf(c: ContestRow) {
  if (c.scope === "district") return c.district_name;
  if (c.scope === "street") return `${c.district_name}${c.street_name ?? ""}`;
  return [c.community_name, c.estate_name, c.building_name].filter(Boolean).join(" ");
}

export function stateOf(c: ContestRow, now = new Date()) {
  if (c.published_at) return "published" as const;
  if (c.current_closed_at) return "closed" as const;
  if (c.current_round === 1 && now < c.submit_from) return "upcoming" as const;
  if (c.current_round === 1 && now < c.submit_to) return "open" as const;
  return "judging" as const;
}

function presentListItem(c: ContestRow) {
  return {
    id: c.id,
    kind: c.kind,
    title: c.title,
    scope: c.scope,
    placeName: placeNameOf(c),
    submitFrom: c.submit_from,
    submitTo: c.submit_to,
    state: stateOf(c),
    currentRound: c.current_round,
    entries: Number(c.entry_count ?? 0),
  };
}

async function requireContest(db: Db, id: number) {
  const c = await q.findContest(db, id);
  if (!c) throw notFound();
  return c;
}

// ---------------------------------------------------------------------------------------------
// who may do what

/**
 * Organisers: a community contest needs the permission at its place (community, estate or building);
 * a street or district contest needs it over every community there (a street or district grant).
 */
async function authorizeAtContest(
  db: Db,
  actor: Actor | null,
  permission: "contests.manage" | "contests.read",
  c: ContestRow,
) {
  const a = requireActor(actor);
  if (c.scope === "community")
    return authorize(a, permission, {
      communityId: c.scope_community_id!,
      estateId: c.estate_id,
      buildingId: c.building_id,
    });
  const reach = reachOf(a, permission);
  if (reach.roles.length === 0) throw new AppError("FORBIDDEN");
  const communities = await q.communitiesOfScope(db, c);
  const ok =
    permission === "contests.manage"
      ? reach.all || (communities.length > 0 && communities.every((id) => coversCommunity(reach, id)))
      : communities.some((id) => touchesCommunity(reach, id));
  if (!ok) throw new AppError("OUT_OF_SCOPE");
  return reach;
}

async function may<T>(f: () => Promise<T>): Promise<T | null> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof AppError && (e.code === "FORBIDDEN" || e.code === "OUT_OF_SCOPE")) return null;
    throw e;
  }
}

/** The caller's verified residencies at the contest's place (community, estate or building). */
async function residenciesAt(db: Db, actor: Actor | null, c: ContestRow) {
  if (!actor) return [];
  const verified = actor.residencies.filter((r) => r.status === "verified");
  if (!verified.length) return [];
  const divisions = await q.divisionsOfCommunities(
    db,
    verified.map((r) => r.communityId),
  );
  const inScope = verified.filter((r) => {
    const d = divisions.find((x) => x.id === r.communityId);
    if (!d) return false;
    if (c.scope === "district") return d.district_id === c.district_id;
    if (c.scope === "street") return d.street_id === c.street_id;
    return r.communityId === c.scope_community_id;
  });
  if (c.scope !== "community" || (c.estate_id == null && c.building_id == null)) return inScope;
  const out = [];
  for (const r of inScope) {
    if (r.householdId == null) continue;
    const h = await q.householdPlaceOf(db, r.communityId, r.householdId);
    if (!h) continue;
    if (c.building_id != null && h.building_id !== c.building_id) continue;
    if (c.estate_id != null && h.estate_id !== c.estate_id) continue;
    out.push(r);
  }
  return out;
}

interface Access {
  manager: Reach | null;
  reader: Reach | null;
  judgeOf: number[];
  residencies: Awaited<ReturnType<typeof residenciesAt>>;
}

/** Who the caller is to this contest; refuses anyone who is none of organiser, staff, judge, resident of the place. */
async function accessTo(db: Db, actor: Actor | null, c: ContestRow): Promise<Access> {
  const a = requireActor(actor);
  const manager = await may(() => authorizeAtContest(db, a, "contests.manage", c));
  const reader = manager ?? (await may(() => authorizeAtContest(db, a, "contests.read", c)));
  const judgeOf = (await q.roundsJudgedBy(db, c.id, a.userId)).map((r) => r.round_no);
  const residencies = await residenciesAt(db, a, c);
  if (!reader && !judgeOf.length && !residencies.length) throw new AppError("OUT_OF_SCOPE");
  return { manager, reader, judgeOf, residencies };
}

async function managed(db: Db, actor: Actor | null, id: number) {
  const a = requireActor(actor);
  const c = await requireContest(db, id);
  const reach = await authorizeAtContest(db, a, "contests.manage", c);
  return { a, c, reach };
}

const auditCommunity = (c: ContestRow) => c.scope_community_id;

// ---------------------------------------------------------------------------------------------
// organisers: the call

async function checkJudges(db: Db, userIds: number[]) {
  const found = await q.existingUsers(db, userIds);
  const missing = userIds.filter((u) => !found.some((f) => f.id === u));
  if (missing.length)
    throw invalid(
      "judgeUserIds",
      `评委账号不存在：${missing.join("、")}`,
      `No such accounts: ${missing.join(", ")}`,
    );
}

export async function createContest(db: Db, actor: Actor | null, input: TCreateContest) {
  const a = requireActor(actor);
  if (input.submitTo <= input.submitFrom)
    throw invalid("submitTo", "征集截止时间须晚于开始时间", "submitTo must be after submitFrom");
  let place: {
    district_id: number;
    street_id: number | null;
    scope_community_id: number | null;
    estate_id: number | null;
    building_id: number | null;
  };
  if (input.scope === "community") {
    if (input.communityId == null) throw invalid("communityId", "请选择社区", "communityId is required");
    const cm = await q.communityDivision(db, input.communityId);
    if (!cm) throw new AppError("NOT_FOUND", { zh: "社区不存在", en: "No such community" });
    const p = await checkedPlaceIn(db, cm.id, input.estateId ?? null, input.buildingId ?? null);
    place = {
      district_id: cm.district_id,
      street_id: cm.street_id,
      scope_community_id: cm.id,
      estate_id: p.estate_id,
      building_id: p.building_id,
    };
  } else if (input.scope === "street") {
    if (input.streetId == null) throw invalid("streetId", "请选择街道", "streetId is required");
    const s = await q.streetOf(db, input.streetId);
    if (!s) throw new AppError("NOT_FOUND", { zh: "街道不存在", en: "No such street" });
    place = {
      district_id: s.district_id,
      street_id: s.id,
      scope_community_id: null,
      estate_id: null,
      building_id: null,
    };
  } else {
    if (input.districtId == null) throw invalid("districtId", "请选择区", "districtId is required");
    if (!(await q.districtExists(db, input.districtId)))
      throw new AppError("NOT_FOUND", { zh: "区不存在", en: "No such district" });
    place = {
      district_id: input.districtId,
      street_id: null,
      scope_community_id: null,
      estate_id: null,
      building_id: null,
    };
  }
  // authorise at the place before anything is written
  const probe = { ...place, scope: input.scope, id: 0 } as unknown as ContestRow;
  const reach = await authorizeAtContest(db, a, "contests.manage", probe);
  await checkJudges(db, input.judgeUserIds);
  const id = await audited(db, async (trx) => {
    const { id } = await q.insertContest(trx, {
      kind: input.kind,
      title: input.title,
      theme: input.theme,
      scope: input.scope,
      ...place,
      submit_from: input.submitFrom,
      submit_to: input.submitTo,
      criteria: JSON.stringify(input.criteria),
      score_max: input.scoreMax,
      created_by: a.userId,
    });
    await q.insertRound(trx, id, 1);
    await q.insertJudges(trx, id, 1, input.judgeUserIds, a.userId);
    return {
      result: id,
      audit: {
        actorUserId: a.userId,
        actorRole: primaryRole(reach),
        communityId: place.scope_community_id,
        action: "contest.create",
        targetType: "contest",
        targetId: id,
        after: { ...input, ...place },
      },
    };
  });
  return readContest(db, a, id);
}

export async function setJudges(db: Db, actor: Actor | null, id: number, roundNo: number, userIds: number[]) {
  const { a, c, reach } = await managed(db, actor, id);
  const round = await q.findRound(db, id, roundNo);
  if (!round) throw new AppError("NOT_FOUND", { zh: "评审轮次不存在", en: "No such round" });
  if (round.closed_at) throw new AppError("CONTEST_ROUND_CLOSED");
  await checkJudges(db, userIds);
  const before = (await q.judgesOf(db, id)).filter((j) => j.round_no === roundNo).map((j) => j.user_id);
  await audited(db, async (trx) => {
    const kept = await q.removeJudgesExcept(trx, id, roundNo, userIds);
    if (kept.length)
      throw new AppError("CONFLICT", {
        zh: "已评分的评委不能移出本轮",
        en: "A judge who has scored cannot be removed from the round",
        details: kept.map((k) => ({ field: "userIds", message: `judge ${k} has scored` })),
      });
    await q.insertJudges(trx, id, roundNo, userIds, a.userId);
    return {
      result: null,
      audit: {
        actorUserId: a.userId,
        actorRole: primaryRole(reach),
        communityId: auditCommunity(c),
        action: "contest.judges",
        targetType: "contest",
        targetId: id,
        before: { roundNo, judges: before },
        after: { roundNo, judges: userIds },
      },
    };
  });
  return readContest(db, a, id);
}

export async function judgeChoices(db: Db, actor: Actor | null, id: number, query: string | undefined) {
  const { c } = await managed(db, actor, id);
  const communities = await q.communitiesOfScope(db, c);
  const found = await q.judgeChoices(db, communities, query);
  if (Array.isArray(found)) return { items: [] };
  const items = new Map<number, { userId: number; name: string; phone: string; what: string }>();
  for (const s of found.staff)
    if (!items.has(s.id))
      items.set(s.id, { userId: s.id, name: s.name, phone: maskPhone(s.phone) ?? "", what: s.role });
  for (const r of found.residents)
    if (!items.has(r.id))
      items.set(r.id, {
        userId: r.id,
        name: r.name,
        phone: maskPhone(r.phone) ?? "",
        what: `${r.community_name} 居民`,
      });
  return { items: [...items.values()].slice(0, 30) };
}

// ---------------------------------------------------------------------------------------------
// reading

export async function readContest(db: Db, actor: Actor | null, id: number) {
  const c = await requireContest(db, id);
  const acc = await accessTo(db, actor, c);
  const rounds = await q.roundsOf(db, id);
  const judges = acc.manager ? await q.judgesOf(db, id) : [];
  const entries = await q.entriesOf(db, id, 1);
  const state = stateOf(c);
  return {
    ...presentListItem(c),
    theme: c.theme,
    districtId: c.district_id,
    streetId: c.street_id,
    communityId: c.scope_community_id,
    estateId: c.estate_id,
    buildingId: c.building_id,
    criteria: criteriaOf(c),
    scoreMax: c.score_max,
    rounds: rounds.map((r) => ({
      roundNo: r.round_no,
      closedAt: r.closed_at,
      entries: entries.filter((e) => e.reached_round >= r.round_no).length,
      judges: judges
        .filter((j) => j.round_no === r.round_no)
        .map((j) => ({ userId: j.user_id, name: j.name, scored: Number(j.scored ?? 0) })),
    })),
    publishedAt: c.published_at,
    noticeIds: noticeIdsOf(c),
    me: {
      canManage: !!acc.manager,
      canSubmit:
        state === "open" &&
        (c.kind === "idea" ? acc.residencies.length > 0 : canEnterFor(actor, c).length > 0),
      canSupport: acc.residencies.length > 0 && !c.current_closed_at && !c.published_at,
      judgeOf: acc.judgeOf,
    },
  };
}

/** The communities in which the caller may enter projects (innovation contests). */
function canEnterFor(actor: Actor | null, _c: ContestRow): number[] {
  if (!actor) return [];
  const reach = reachOf(actor, "contests.enter");
  return [...reach.communities];
}

export async function listContests(
  db: Db,
  actor: Actor | null,
  f: { kind?: "idea" | "innovation" | undefined; limit: number; offset: number },
) {
  const a = requireActor(actor);
  const reach = reachOf(a, "contests.read");
  if (reach.roles.length === 0) throw new AppError("FORBIDDEN");
  const communityIds = [...reach.communities];
  for (const set of [reach.grids, reach.estates, reach.buildings, reach.units])
    for (const k of set) communityIds.push(Number(k.split(":")[0]));
  const divisions = await q.divisionsOfCommunities(db, [...new Set(communityIds)]);
  const rows = await q.listContests(db, {
    all: reach.all,
    communityIds: [...new Set(communityIds)],
    streetIds: [...new Set(divisions.map((d) => d.street_id))],
    districtIds: [...new Set(divisions.map((d) => d.district_id))],
    judgeUserId: a.userId,
    kind: f.kind,
    limit: f.limit,
    offset: f.offset,
  });
  return { items: rows.items.map(presentListItem), total: rows.total };
}

/** Contests of the caller's verified places and those they judge. */
export async function myContests(db: Db, actor: Actor | null) {
  const a = requireActor(actor);
  const verified = a.residencies.filter((r) => r.status === "verified").map((r) => r.communityId);
  const divisions = await q.divisionsOfCommunities(db, verified);
  const rows = await q.listContests(db, {
    all: false,
    communityIds: verified,
    streetIds: [...new Set(divisions.map((d) => d.street_id))],
    districtIds: [...new Set(divisions.map((d) => d.district_id))],
    judgeUserId: a.userId,
    limit: 50,
    offset: 0,
  });
  const items = [];
  for (const c of rows.items) {
    const judging = !c.current_closed_at && !!(await q.isJudge(db, c.id, c.current_round, a.userId));
    if (!judging && !(await residenciesAt(db, a, c)).length) continue;
    items.push({ ...presentListItem(c), judging });
  }
  return { items };
}

// ---------------------------------------------------------------------------------------------
// entries and support

export async function submitEntry(
  db: Db,
  actor: Actor | null,
  id: number,
  input: {
    title: string;
    summary: string;
    communityId?: number | undefined;
    projectId?: number | null | undefined;
  },
  photos: PhotoUpload[] = [],
) {
  const a = requireActor(actor);
  const c = await requireContest(db, id);
  let communityId: number;
  let residentId: number | null = null;
  if (c.kind === "idea") {
    const res = await residenciesAt(db, a, c);
    if (!res.length) {
      await accessTo(db, a, c); // an outsider learns nothing more than "out of scope"
      throw new AppError("FORBIDDEN", {
        zh: "只有本地已认证的居民可以提交金点子",
        en: "Only verified residents of the place may submit ideas",
      });
    }
    communityId = res[0]!.communityId;
    residentId = res[0]!.residentId;
  } else {
    if (input.communityId == null) throw invalid("communityId", "请选择参赛社区", "communityId is required");
    const communities = await q.communitiesOfScope(db, c);
    if (!communities.includes(input.communityId)) throw new AppError("OUT_OF_SCOPE");
    authorize(a, "contests.enter", { communityId: input.communityId });
    communityId = input.communityId;
  }
  if (stateOf(c) !== "open") throw new AppError("CONTEST_NOT_OPEN");
  const checked = await checkPhotos(photos, false);
  return db.transaction().execute(async (trx) => {
    const { id: entryId } = await q.insertEntry(trx, {
      community_id: communityId,
      contest_id: id,
      title: input.title,
      summary: input.summary,
      project_id: c.kind === "innovation" ? (input.projectId ?? null) : null,
      resident_id: residentId,
      submitted_by: a.userId,
    });
    const photoIds = await q.insertPhotos(trx, communityId, entryId, checked);
    return { id: entryId, photoIds };
  });
}

export async function listEntries(db: Db, actor: Actor | null, id: number) {
  const c = await requireContest(db, id);
  const acc = await accessTo(db, actor, c);
  const entries = await q.entriesOf(db, id, 1);
  const photos = await q.photoIdsOf(db, id);
  const mine = await q.supportedBy(
    db,
    id,
    acc.residencies.map((r) => ({ communityId: r.communityId, residentId: r.residentId })),
  );
  const a = requireActor(actor);
  return {
    items: entries.map((e) => ({
      id: e.id,
      contestId: e.contest_id,
      communityId: e.community_id,
      communityName: e.community_name,
      title: e.title,
      summary: e.summary,
      submitter: c.kind === "idea" ? (e.resident_name ? maskName(e.resident_name) : null) : e.community_name,
      projectId: e.project_id,
      photoIds: photos.get(e.id) ?? [],
      supports: Number(e.supports ?? 0),
      supportedByMe: mine.has(e.id),
      mine: e.submitted_by === a.userId,
      reachedRound: e.reached_round,
      submittedAt: e.submitted_at,
      adoptedAt: e.adopted_at,
    })),
  };
}

export async function readEntryPhoto(
  db: Db,
  actor: Actor | null,
  id: number,
  entryId: number,
  photoId: number,
) {
  const c = await requireContest(db, id);
  await accessTo(db, actor, c);
  const e = await q.findEntry(db, id, entryId);
  if (!e) throw entryNotFound();
  const p = await q.findPhoto(db, e.community_id, entryId, photoId);
  if (!p) throw new AppError("NOT_FOUND", { zh: "照片不存在", en: "No such photo" });
  return p;
}

export async function supportEntry(db: Db, actor: Actor | null, id: number, entryId: number) {
  const a = requireActor(actor);
  const c = await requireContest(db, id);
  const res = await residenciesAt(db, a, c);
  if (!res.length) {
    await accessTo(db, a, c);
    throw new AppError("FORBIDDEN", {
      zh: "只有本地已认证的居民可以支持作品",
      en: "Only verified residents of the place may support entries",
    });
  }
  const e = await q.findEntry(db, id, entryId);
  if (!e) throw entryNotFound();
  if (c.current_closed_at || c.published_at)
    throw new AppError("CONTEST_ROUND_CLOSED", {
      zh: "评审已结束，不能再支持",
      en: "Judging has ended; support is closed",
    });
  const r = res[0]!;
  const added = await q.insertSupport(db, {
    community_id: r.communityId,
    resident_id: r.residentId,
    entry_community_id: e.community_id,
    entry_id: e.id,
    contest_id: id,
  });
  if (!added) throw new AppError("CONTEST_SUPPORTED");
  return { entryId, supports: await q.supportCount(db, e.community_id, e.id) };
}

// ---------------------------------------------------------------------------------------------
// judging: blind until the round closes

async function judgeOfRound(db: Db, actor: Actor | null, id: number, roundNo: number) {
  const a = requireActor(actor);
  const c = await requireContest(db, id);
  const round = await q.findRound(db, id, roundNo);
  if (!round) throw new AppError("NOT_FOUND", { zh: "评审轮次不存在", en: "No such round" });
  if (!(await q.isJudge(db, id, roundNo, a.userId))) throw notJudge();
  return { a, c, round };
}

export async function judgingSheet(db: Db, actor: Actor | null, id: number, roundNo: number) {
  const { a, c, round } = await judgeOfRound(db, actor, id, roundNo);
  const entries = await q.entriesOf(db, id, roundNo);
  const photos = await q.photoIdsOf(db, id);
  const mine = new Map(
    (await q.myScores(db, id, roundNo, a.userId)).map((s) => [s.entry_id, scoresOf(s.scores)]),
  );
  return {
    contestId: id,
    roundNo,
    open: !round.closed_at,
    criteria: criteriaOf(c),
    scoreMax: c.score_max,
    scored: entries.filter((e) => mine.has(e.id)).length,
    total: entries.length,
    entries: entries.map((e) => ({
      id: e.id,
      communityName: e.community_name,
      title: e.title,
      summary: e.summary,
      photoIds: photos.get(e.id) ?? [],
      myScores: mine.get(e.id) ?? null,
    })),
  };
}

function checkSheet(c: ContestRow, scores: number[]) {
  const criteria = criteriaOf(c);
  if (scores.length !== criteria.length)
    throw invalid(
      "scores",
      `需要为 ${criteria.length} 项评分标准各打一个分`,
      `Give one score for each of the ${criteria.length} criteria`,
    );
  if (scores.some((s) => s > c.score_max))
    throw invalid(
      "scores",
      `每项分数应在 0 到 ${c.score_max} 之间`,
      `Each score must be 0 to ${c.score_max}`,
    );
}

/** A judge's sheet for one entry: once (a second is refused; correctScore changes it while the round is open). */
export async function scoreEntry(
  db: Db,
  actor: Actor | null,
  id: number,
  roundNo: number,
  entryId: number,
  scores: number[],
  correction = false,
) {
  const { a, c } = await judgeOfRound(db, actor, id, roundNo);
  const e = await q.findEntry(db, id, entryId);
  if (!e || e.reached_round < roundNo) throw entryNotFound();
  checkSheet(c, scores);
  await db.transaction().execute(async (trx) => {
    const round = await q.roundForScoring(trx, id, roundNo);
    if (!round || round.closed_at) throw new AppError("CONTEST_ROUND_CLOSED");
    const key = { community_id: e.community_id, entry_id: e.id, round_no: roundNo, judge_user_id: a.userId };
    if (correction) {
      if (!(await q.updateScore(trx, key, scores)))
        throw new AppError("NOT_FOUND", {
          zh: "您还没有为该作品评分",
          en: "You have not scored this entry yet",
        });
    } else if (!(await q.insertScore(trx, { ...key, contest_id: id, scores })))
      throw new AppError("CONTEST_SCORED");
  });
  return { entryId, roundNo, scores };
}

export async function closeRound(db: Db, actor: Actor | null, id: number, roundNo: number) {
  const { a, c, reach } = await managed(db, actor, id);
  if (roundNo !== c.current_round) throw new AppError("CONTEST_ROUND_CLOSED");
  const entries = (await q.entriesOf(db, id, roundNo)).length;
  const judges = (await q.judgesOf(db, id)).filter((j) => j.round_no === roundNo).length;
  return audited(db, async (trx) => {
    const closed = await q.closeRound(trx, id, roundNo, a.userId);
    if (!closed) throw new AppError("CONTEST_ROUND_CLOSED");
    const sheets = await q.countRoundScores(trx, id, roundNo);
    return {
      result: { roundNo, closedAt: closed.closed_at!, missingSheets: Math.max(0, entries * judges - sheets) },
      audit: {
        actorUserId: a.userId,
        actorRole: primaryRole(reach),
        communityId: auditCommunity(c),
        action: "contest.round_close",
        targetType: "contest",
        targetId: id,
        after: { roundNo, entries, judges, sheets },
      },
    };
  });
}

async function computeRanking(db: Db, c: ContestRow, roundNo: number) {
  const entries = await q.entriesOf(db, c.id, roundNo);
  const sheets = await q.roundScores(db, c.id, roundNo);
  const criteria = criteriaOf(c);
  const ranked = rankEntries(
    entries.map((e) => ({
      entryId: e.id,
      supports: Number(e.supports ?? 0),
      submittedAt: e.submitted_at,
      sheets: sheets.filter((s) => s.entry_id === e.id).map((s) => scoresOf(s.scores)),
    })),
    criteria,
  );
  return { entries, sheets, ranked, criteria };
}

export async function ranking(db: Db, actor: Actor | null, id: number, roundNo: number) {
  const c = await requireContest(db, id);
  const acc = await accessTo(db, actor, c);
  const round = await q.findRound(db, id, roundNo);
  if (!round) throw new AppError("NOT_FOUND", { zh: "评审轮次不存在", en: "No such round" });
  if (!round.closed_at) throw new AppError("CONTEST_ROUND_OPEN");
  const insider = !!acc.reader || acc.judgeOf.length > 0;
  // residents read the ranking once it is published
  if (!insider && !c.published_at) throw new AppError("CONTEST_ROUND_OPEN");
  const { entries, sheets, ranked, criteria } = await computeRanking(db, c, roundNo);
  return {
    contestId: id,
    roundNo,
    closedAt: round.closed_at,
    tieBreak: TIE_BREAK,
    rows: ranked.map((r) => {
      const e = entries.find((x) => x.id === r.entryId)!;
      return {
        rank: r.rank,
        entryId: e.id,
        title: e.title,
        communityId: e.community_id,
        communityName: e.community_name,
        score: r.score,
        sheets: r.sheets.length,
        supports: r.supports,
        submittedAt: e.submitted_at,
        adoptedAt: e.adopted_at,
        projectId: e.project_id,
        advanced: e.reached_round > roundNo,
        byJudge: insider
          ? sheets
              .filter((s) => s.entry_id === e.id)
              .map((s) => ({
                judge: s.judge_name,
                scores: scoresOf(s.scores),
                weighted: Math.round(weighted(scoresOf(s.scores), criteria) * 100) / 100,
              }))
          : [],
      };
    }),
  };
}

/** Cuts the closed round's ranking to its first `finalists`, who go on to a new round with its judges. */
export async function advanceRound(
  db: Db,
  actor: Actor | null,
  id: number,
  roundNo: number,
  input: { finalists: number; judgeUserIds: number[] },
) {
  const { a, c, reach } = await managed(db, actor, id);
  if (c.published_at) throw new AppError("CONTEST_PUBLISHED");
  const round = await q.findRound(db, id, roundNo);
  if (!round) throw new AppError("NOT_FOUND", { zh: "评审轮次不存在", en: "No such round" });
  if (!round.closed_at) throw new AppError("CONTEST_ROUND_OPEN");
  if (roundNo !== c.current_round)
    throw new AppError("CONFLICT", { zh: "这一轮已经晋级过了", en: "This round has already been cut" });
  if (roundNo >= 10) throw invalid("roundNo", "最多 10 轮评审", "At most 10 rounds");
  const { ranked } = await computeRanking(db, c, roundNo);
  if (input.finalists >= ranked.length)
    throw invalid(
      "finalists",
      `入围数量须少于本轮作品数（${ranked.length}）`,
      `finalists must be fewer than the round's entries (${ranked.length})`,
    );
  await checkJudges(db, input.judgeUserIds);
  const ids = ranked.slice(0, input.finalists).map((r) => r.entryId);
  const next = roundNo + 1;
  await audited(db, async (trx) => {
    const locked = await q.lockContest(trx, id);
    if (!locked || locked.current_round !== roundNo)
      throw new AppError("CONFLICT", { zh: "这一轮已经晋级过了", en: "This round has already been cut" });
    await q.insertRound(trx, id, next);
    await q.insertJudges(trx, id, next, input.judgeUserIds, a.userId);
    await q.advanceEntries(trx, id, ids, next);
    await q.setCurrentRound(trx, id, next);
    return {
      result: null,
      audit: {
        actorUserId: a.userId,
        actorRole: primaryRole(reach),
        communityId: auditCommunity(c),
        action: "contest.advance",
        targetType: "contest",
        targetId: id,
        after: { fromRound: roundNo, toRound: next, finalists: ids, judges: input.judgeUserIds },
      },
    };
  });
  return { roundNo: next, finalists: ids.length };
}

const NOTICE_TITLE = 80;
const NOTICE_BODY = 5000;

/**
 * Publishes the final ranking's first `top` as a 公示: in the contest's community (its estate or building),
 * or, for a street or district contest, in each community with an entry in the final round.
 */
export async function publishRanking(db: Db, actor: Actor | null, id: number, top: number) {
  const { a, c, reach } = await managed(db, actor, id);
  if (c.published_at) throw new AppError("CONTEST_PUBLISHED");
  if (!c.current_closed_at) throw new AppError("CONTEST_ROUND_OPEN");
  const { entries, ranked } = await computeRanking(db, c, c.current_round);
  if (!ranked.length) throw invalid("top", "没有可公布的作品", "There are no entries to publish");
  const shown = ranked.slice(0, top);
  const lines = shown.map((r) => {
    const e = entries.find((x) => x.id === r.entryId)!;
    const where = c.kind === "innovation" || c.scope !== "community" ? `（${e.community_name}）` : "";
    return `第${r.rank}名　${e.title}${where}　${r.score == null ? "未评分" : `${r.score.toFixed(2)} 分`}`;
  });
  const title = `${c.title} 评选结果公示`.slice(0, NOTICE_TITLE);
  const body = [
    `${placeNameOf(c)}${KIND_ZH[c.kind]}“${c.title}”评审结束，前 ${shown.length} 名如下：`,
    "",
    ...lines,
    "",
    `排名规则：${TIE_BREAK}`,
  ]
    .join("\n")
    .slice(0, NOTICE_BODY);
  const communities =
    c.scope === "community" ? [c.scope_community_id!] : [...new Set(entries.map((e) => e.community_id))]; // the communities of the final round's entries
  const noticeIds = await audited(db, async (trx) => {
    const ids: number[] = [];
    for (const communityId of communities) {
      const { id: noticeId } = await publishNotice(trx, {
        communityId,
        kind: "publicity",
        title,
        body,
        estateId: c.scope === "community" ? c.estate_id : null,
        buildingId: c.scope === "community" ? c.building_id : null,
        visibility: c.kind === "innovation" ? "public" : "residents",
        subject: { kind: "contest", id },
        byUserId: a.userId,
      });
      ids.push(noticeId);
    }
    if (!(await q.markPublished(trx, id, a.userId, top, ids))) throw new AppError("CONTEST_PUBLISHED");
    return {
      result: ids,
      audit: {
        actorUserId: a.userId,
        actorRole: primaryRole(reach),
        communityId: auditCommunity(c),
        action: "contest.publish",
        targetType: "contest",
        targetId: id,
        after: { top, roundNo: c.current_round, noticeIds: ids },
      },
    };
  });
  return { noticeIds };
}

const EXPORT_COLUMNS_BASE: SheetColumn[] = [
  { header: "名次 / Rank", width: 8 },
  { header: "作品 / Entry", width: 30 },
  { header: "社区 / Community", width: 16 },
  { header: "评委 / Judge", width: 12 },
];

/** The closed round's sheets, one row per entry and judge, in ranking order (organisers holding data.export). */
export async function exportScores(db: Db, actor: Actor | null, id: number, roundNo: number) {
  const a = requireActor(actor);
  const exporter = exportingActor(a);
  const c = await requireContest(db, id);
  const reach = await authorizeAtContest(db, exporter, "contests.manage", c);
  const round = await q.findRound(db, id, roundNo);
  if (!round) throw new AppError("NOT_FOUND", { zh: "评审轮次不存在", en: "No such round" });
  if (!round.closed_at) throw new AppError("CONTEST_ROUND_OPEN");
  const { entries, sheets, ranked, criteria } = await computeRanking(db, c, roundNo);
  const columns: SheetColumn[] = [
    ...EXPORT_COLUMNS_BASE,
    ...criteria.map((k) => ({ header: `${k.name}（权重 ${k.weight}）`, width: 12 })),
    { header: "加权分 / Weighted", width: 12 },
    { header: "作品得分 / Entry score", width: 14 },
    { header: "支持数 / Supports", width: 10 },
  ];
  const rows: unknown[][] = [];
  for (const r of ranked) {
    const e = entries.find((x) => x.id === r.entryId)!;
    const own = sheets.filter((s) => s.entry_id === e.id);
    if (!own.length)
      rows.push([
        r.rank,
        e.title,
        e.community_name,
        "（未评分）",
        ...criteria.map(() => null),
        null,
        null,
        r.supports,
      ]);
    for (const s of own) {
      const sc = scoresOf(s.scores);
      rows.push([
        r.rank,
        e.title,
        e.community_name,
        s.judge_name,
        ...sc,
        Math.round(weighted(sc, criteria) * 100) / 100,
        r.score,
        r.supports,
      ]);
    }
  }
  await recordAudit(db, {
    actorUserId: a.userId,
    actorRole: primaryRole(reach),
    communityId: auditCommunity(c),
    action: "data.export",
    targetType: "contest_scores",
    targetId: id,
    after: { format: "xlsx", roundNo, rows: rows.length },
  });
  const body = await workbookBytes((sink) =>
    writeWorkbook(
      { name: `第${roundNo}轮评分`, columns, notes: [`排名规则：${TIE_BREAK}`] },
      rows as never,
      sink,
    ),
  );
  const stamp = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  return {
    contentType: XLSX_MIME,
    disposition: attachmentDisposition(
      `contest-${id}-round-${roundNo}-${stamp}.xlsx`,
      `评分-${c.title}-第${roundNo}轮-${stamp}.xlsx`,
    ),
    rows: rows.length,
    body,
  };
}

/**
 * 签约立项: an entry of a closed round is adopted to become a project. The adoption is recorded on the
 * entry and announced by contest.entry_adopted (v1). The projects module's `createProject` with origin
 * { kind: "contest_entry", id } calls this in its own transaction when the entry is not adopted yet, then
 * links the new project (`linkEntryProject`): one step, all or nothing. Given a transaction, it runs in it.
 */
export async function adoptEntry(db: Db, actor: Actor | null, id: number, entryId: number) {
  const { a, c, reach } = await managed(db, actor, id);
  const e = await q.findEntry(db, id, entryId);
  if (!e) throw entryNotFound();
  if (e.adopted_at) throw new AppError("CONTEST_ADOPTED");
  const roundNo = Math.min(e.reached_round, c.current_round);
  const round = await q.findRound(db, id, roundNo);
  if (!round?.closed_at) throw new AppError("CONTEST_ROUND_OPEN");
  const { ranked } = await computeRanking(db, c, roundNo);
  const rank = ranked.find((r) => r.entryId === e.id)?.rank ?? null;
  return audited(db, async (trx) => {
    const done = await q.markAdopted(trx, e.community_id, e.id, a.userId);
    if (!done) throw new AppError("CONTEST_ADOPTED");
    await emitEvent(trx, contestEntryAdopted, {
      communityId: e.community_id,
      aggregateId: e.id,
      actorUserId: a.userId,
      payload: { contestId: id, entryId: e.id, roundNo, rank, title: e.title, projectId: done.project_id },
    });
    return {
      result: { entryId: e.id, adoptedAt: done.adopted_at!, projectId: done.project_id },
      audit: {
        actorUserId: a.userId,
        actorRole: primaryRole(reach),
        communityId: e.community_id,
        action: "contest.adopt",
        targetType: "contest_entry",
        targetId: e.id,
        after: { contestId: id, roundNo, rank },
      },
    };
  });
}

/**
 * The link of an adopted entry to the project made from it (签约立项), for the projects module: called in
 * its transaction after it created the project with origin { kind: "contest_entry", id } (the caller has
 * authorised; the adoption was audited here). False when the entry is not adopted or already linked.
 */
export async function linkEntryProject(db: Db, communityId: number, entryId: number, projectId: number) {
  return !!(await q.setEntryProject(db, communityId, entryId, projectId));
}

/**
 * An entry of the community as the projects module needs it for 签约立项 (title, summary, whether adopted,
 * the project it already stands for or became), or null when the community has no such entry.
 */
export async function entryForProject(db: Db, communityId: number, entryId: number) {
  const e = await q.findEntryById(db, communityId, entryId);
  if (!e) return null;
  return {
    contestId: e.contest_id,
    entryId: e.id,
    communityId: e.community_id,
    title: e.title,
    summary: e.summary,
    adopted: e.adopted_at != null,
    projectId: e.project_id,
  };
}

/** What a project made from an adopted entry starts from (title, summary, its community), or null. */
export async function adoptedEntry(db: Db, communityId: number, entryId: number) {
  const e = await entryForProject(db, communityId, entryId);
  if (!e?.adopted) return null;
  const { adopted: _, ...rest } = e;
  return rest;
}
