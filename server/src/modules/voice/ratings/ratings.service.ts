// Ratings of spaces and services (DOMAIN V5 "ratings also apply to spaces and services", C2).
// Community staff — whoever may configure request categories there (requests.configure) — register
// what residents may rate; a verified resident of the community holds one current rating of each,
// with the vocabulary and rules of rating a request (requests.schema.ts). A poor rating tells the
// community staff (in-app and SMS by each one's channels), who may turn it into a problem request
// through the requests module's own submitRequest. The figures are public: counts, satisfaction and
// the newest comments, never who wrote them.

import type { Kysely } from "kysely";
import { authorize, authorizeWithin, primaryRole, requireActor } from "../../../access/authorize.ts";
import type { Actor } from "../../../access/reach.ts";
import type { Config } from "../../../config.ts";
import type { DB } from "../../../db/schema.ts";
import { AppError } from "../../../errors.ts";
import { recordAudit } from "../../core/audit/audit.service.ts";
import { shanghaiDay } from "../../core/calendar/calendar.service.ts";
import { notify } from "../../core/notifications/notifications.service.ts";
import { checkedPlaceIn } from "../../core/places/places.service.ts";
import { categoriesOf } from "../requests/categories.service.ts";
import { type RatingValue, satisfactionPct } from "../requests/requests.schema.ts";
import { communityStaffOf } from "../requests/requests.service.ts";
import { submitRequest } from "../requests/requests-submit.service.ts";
import * as q from "./ratings.queries.ts";
import type { TCreateSubject, TRate, TUpdateSubject } from "./ratings.schema.ts";
import type { RatingSubjectKind } from "./ratings.tables.ts";

type Db = Kysely<DB>;

/** How many of the newest comments each subject shows in public. */
const PUBLIC_COMMENTS = 3;
const KIND_ZH: Record<RatingSubjectKind, string> = { space: "场地", service: "服务" };

export const residentRatingsLink = (communityId: number) => `/m/ratings?community=${communityId}`;
export const staffRatingsLink = (communityId: number) => `/staff/ratings/${communityId}`;

const notFound = () => new AppError("NOT_FOUND", { zh: "评价对象不存在", en: "No such space or service" });

async function requireCommunity(db: Db, communityId: number) {
  if (!(await q.communityExists(db, communityId)))
    throw new AppError("NOT_FOUND", { zh: "社区不存在", en: "Community not found" });
}

/**
 * The resident record through which a person rates in a community: their verified residency there
 * (the lowest id when they have several households, so a person holds one rating per subject).
 */
function raterResidentId(actor: Actor | null, communityId: number): number | null {
  const ids = (actor?.residencies ?? [])
    .filter((r) => r.communityId === communityId && r.status === "verified")
    .map((r) => r.residentId)
    .sort((a, b) => a - b);
  return ids[0] ?? null;
}

function figuresOf(c: q.SubjectCounts | undefined) {
  const good = c?.good ?? 0;
  const average = c?.average ?? 0;
  const poor = c?.poor ?? 0;
  const rated = good + average + poor;
  return { rated, good, average, poor, satisfactionPct: satisfactionPct(good, rated) };
}

function presentSubject(s: q.SubjectRow) {
  return {
    id: s.id,
    kind: s.kind,
    name: s.name,
    description: s.description,
    estateId: s.estate_id,
    estateName: s.estate_name,
    buildingId: s.building_id,
    buildingName: s.building_name,
    active: s.active,
  };
}

/** Subjects with their figures and newest comments (no names, rooms or ids of people). */
async function subjectsWithFigures(db: Db, communityId: number, includeInactive: boolean) {
  const [subjects, counts, comments] = await Promise.all([
    q.listSubjects(db, communityId, includeInactive),
    q.countsBySubject(db, communityId),
    q.latestComments(db, communityId, PUBLIC_COMMENTS),
  ]);
  const countOf = new Map(counts.map((c) => [c.subject_id, c]));
  return subjects.map((s) => ({
    ...presentSubject(s),
    figures: figuresOf(countOf.get(s.id)),
    latestComments: comments
      .filter((c) => c.subject_id === s.id)
      .map((c) => ({ rating: c.rating, comment: c.comment, day: shanghaiDay(c.rated_at) })),
  }));
}

/**
 * The public list (like the board: no person data); a signed-in verified resident of the community
 * also sees their own current rating of each (`mine`), and nobody else's.
 */
export async function listSubjectsOf(
  db: Db,
  actor: Actor | null,
  communityId: number,
  query: { kind?: RatingSubjectKind | undefined },
) {
  await requireCommunity(db, communityId);
  const residentId = raterResidentId(actor, communityId);
  const [items, mine] = await Promise.all([
    subjectsWithFigures(db, communityId, false),
    q.myRatings(db, communityId, residentId == null ? [] : [residentId]),
  ]);
  const mineOf = new Map(mine.map((m) => [m.subject_id, m]));
  return {
    canRate: residentId != null,
    items: items
      .filter((s) => !query.kind || s.kind === query.kind)
      .map((s) => {
        const m = mineOf.get(s.id);
        return { ...s, mine: m ? { rating: m.rating, comment: m.comment, ratedAt: m.rated_at } : null };
      }),
  };
}

// ---------------------------------------------------------------------------------------------
// staff: register, change, stop

/** The estate and building as stored: a building decides its estate; both must be in the community. */
async function checkedPlace(
  db: Db,
  communityId: number,
  estateId: number | null,
  buildingId: number | null,
): Promise<{ estate_id: number | null; building_id: number | null }> {
  const { estate_id, building_id } = await checkedPlaceIn(db, communityId, estateId, buildingId);
  return { estate_id, building_id };
}

async function checkNameFree(db: Db, communityId: number, name: string, exceptId?: number) {
  if (await q.subjectNameTaken(db, communityId, name, exceptId))
    throw new AppError("CONFLICT", {
      zh: `本社区已有名为“${name}”的场地或服务`,
      en: `This community already has a space or service named "${name}"`,
    });
}

export async function createSubject(db: Db, actor: Actor | null, communityId: number, input: TCreateSubject) {
  const reach = authorize(actor, "requests.configure", { communityId });
  await requireCommunity(db, communityId);
  const place = await checkedPlace(db, communityId, input.estateId ?? null, input.buildingId ?? null);
  await checkNameFree(db, communityId, input.name);
  const id = await db.transaction().execute(async (trx) => {
    const row = await q.insertSubject(trx, {
      community_id: communityId,
      kind: input.kind,
      name: input.name,
      description: input.description,
      ...place,
      created_by: actor!.userId,
    });
    await recordAudit(trx, {
      actorUserId: actor!.userId,
      actorRole: primaryRole(reach),
      communityId,
      action: "rating_subject.create",
      targetType: "rating_subject",
      targetId: row.id,
      after: input,
    });
    return row.id;
  });
  return subjectFor(db, communityId, id);
}

export async function updateSubjectOf(
  db: Db,
  actor: Actor | null,
  communityId: number,
  id: number,
  input: TUpdateSubject,
) {
  const reach = authorize(actor, "requests.configure", { communityId });
  const before = await q.findSubject(db, communityId, id);
  if (!before) throw notFound();
  const placeChanged = input.estateId !== undefined || input.buildingId !== undefined;
  const place = placeChanged
    ? await checkedPlace(
        db,
        communityId,
        input.estateId !== undefined
          ? input.estateId
          : input.buildingId !== undefined
            ? null
            : before.estate_id,
        input.buildingId !== undefined ? input.buildingId : before.building_id,
      )
    : {};
  if (input.name !== undefined && input.name !== before.name)
    await checkNameFree(db, communityId, input.name, id);
  await db.transaction().execute(async (trx) => {
    await q.updateSubject(trx, communityId, id, {
      name: input.name,
      description: input.description,
      active: input.active,
      ...place,
    });
    await recordAudit(trx, {
      actorUserId: actor!.userId,
      actorRole: primaryRole(reach),
      communityId,
      action: input.active === false ? "rating_subject.stop" : "rating_subject.update",
      targetType: "rating_subject",
      targetId: id,
      before: presentSubject(before),
      after: input,
    });
  });
  return subjectFor(db, communityId, id);
}

async function subjectFor(db: Db, communityId: number, id: number) {
  const all = await subjectsWithFigures(db, communityId, true);
  const s = all.find((x) => x.id === id);
  if (!s) throw notFound();
  return { ...s, mine: null };
}

/** Everything staff see: every subject (stopped ones too) and the ratings with comments and names. */
export async function staffRatingsOf(
  db: Db,
  actor: Actor | null,
  communityId: number,
  f: { subjectId?: number | undefined; rating?: RatingValue | undefined; limit: number; offset: number },
) {
  authorizeWithin(actor, "requests.configure", communityId);
  await requireCommunity(db, communityId);
  const [subjects, page] = await Promise.all([
    subjectsWithFigures(db, communityId, true),
    q.staffRatings(db, communityId, f),
  ]);
  return {
    subjects,
    total: page.total,
    ratings: page.rows.map((r) => ({
      id: r.id,
      subjectId: r.subject_id,
      subjectName: r.subject_name,
      subjectKind: r.subject_kind,
      rating: r.rating,
      comment: r.comment,
      firstRatedAt: r.first_rated_at,
      ratedAt: r.rated_at,
      raterName: r.rater_name,
      requestId: r.request_id,
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// residents rate

/**
 * A verified resident of the community rates an active subject: good, average or poor with an
 * optional comment (the rules of rating a request). A second rating replaces the first. A rating
 * that becomes poor, or a poor one whose comment changes, tells the community staff.
 */
export async function rateSubject(
  db: Db,
  actor: Actor | null,
  communityId: number,
  subjectId: number,
  input: TRate,
) {
  const a = requireActor(actor);
  const subject = await q.findSubject(db, communityId, subjectId);
  if (!subject) throw notFound();
  const residentId = raterResidentId(a, communityId);
  if (residentId == null)
    throw new AppError("FORBIDDEN", {
      zh: "只有本社区已认证的居民可以评价",
      en: "Only verified residents of this community can rate its spaces and services",
    });
  if (!subject.active)
    throw new AppError("CONFLICT", {
      zh: `“${subject.name}”已停止评价`,
      en: `"${subject.name}" is no longer open for rating`,
    });
  const comment = input.comment || null;
  const row = await db.transaction().execute(async (trx) => {
    const before = await q.findRatingOf(trx, communityId, subjectId, residentId);
    const stored = await q.upsertRating(trx, {
      community_id: communityId,
      subject_id: subjectId,
      resident_id: residentId,
      rating: input.rating,
      comment,
      rated_at: new Date(),
    });
    const newlyPoor =
      input.rating === "poor" && (before?.rating !== "poor" || (before.comment ?? null) !== comment);
    if (newlyPoor) {
      const staff = (await communityStaffOf(trx, communityId)).filter((u) => u !== a.userId);
      if (staff.length) {
        await notify(trx, {
          userIds: staff,
          communityId,
          kind: "rating.poor",
          titleZh: `居民差评${KIND_ZH[subject.kind]}：${subject.name}`,
          titleEn: `A resident rated the ${subject.kind} "${subject.name}" poor`,
          bodyZh: comment ?? "（未填写评语）",
          bodyEn: comment ?? "(no comment)",
          link: staffRatingsLink(communityId),
        });
      }
    }
    return stored;
  });
  const counts = await q.countsBySubject(db, communityId);
  return {
    subjectId,
    rating: row.rating,
    comment: row.comment,
    firstRatedAt: row.first_rated_at,
    ratedAt: row.rated_at,
    figures: figuresOf(counts.find((c) => c.subject_id === subjectId)),
  };
}

// ---------------------------------------------------------------------------------------------
// staff turn a poor rating into a problem request

/**
 * Staff turn a poor rating into a problem request of the community (V1, through submitRequest:
 * the same rules, deadlines, figures and notifications as any report), recorded by the staff
 * member for the subject's building or, without one, for a point named after the subject. The
 * rating keeps the request's id, so it is turned once; the rater is told.
 */
export async function ratingToRequest(
  db: Db,
  config: Config,
  actor: Actor | null,
  communityId: number,
  ratingId: number,
  input: { categoryId?: number | undefined; title?: string | undefined },
) {
  const reach = authorize(actor, "requests.configure", { communityId });
  const requestId = await db.transaction().execute(async (trx) => {
    const r = await q.lockRating(trx, communityId, ratingId);
    if (!r) throw new AppError("NOT_FOUND", { zh: "评价不存在", en: "Rating not found" });
    if (r.rating !== "poor")
      throw new AppError("CONFLICT", {
        zh: "只有差评可以转为问题处理",
        en: "Only a poor rating can be turned into a problem request",
      });
    if (r.request_id != null)
      throw new AppError("CONFLICT", {
        zh: `这条差评已转为诉求 #${r.request_id}`,
        en: `This rating was already turned into request #${r.request_id}`,
      });
    const subject = (await q.findSubject(trx, communityId, r.subject_id))!;
    const category =
      input.categoryId != null
        ? { categoryId: input.categoryId }
        : await defaultCategory(trx, communityId, subject.kind);
    const where = [subject.estate_name, subject.building_name].filter(Boolean).join(" ");
    const submitted = await submitRequest(trx, config, actor, communityId, {
      kind: "problem",
      ...category,
      title: input.title ?? `差评：${subject.name}`.slice(0, 80),
      description: [
        `居民对${KIND_ZH[subject.kind]}“${subject.name}”的差评（${shanghaiDay(r.rated_at)}）`,
        r.comment ?? "（未填写评语）",
      ].join("\n"),
      place:
        subject.building_id != null
          ? { type: "building", buildingId: subject.building_id }
          : { type: "point", address: where ? `${subject.name}（${where}）` : subject.name },
      // a resident's words: handled by staff, not shown on the claim board
      isPublic: false,
      keepLocation: false,
    });
    if (!(await q.setRatingRequest(trx, communityId, ratingId, submitted.id)))
      throw new AppError("CONFLICT", {
        zh: "这条差评已转为诉求",
        en: "This rating was already turned into a request",
      });
    await recordAudit(trx, {
      actorUserId: actor!.userId,
      actorRole: primaryRole(reach),
      communityId,
      action: "subject_rating.to_request",
      targetType: "subject_rating",
      targetId: ratingId,
      after: { requestId: submitted.id, subjectId: r.subject_id },
    });
    if (r.rater_user_id != null && r.rater_user_id !== actor!.userId) {
      await notify(trx, {
        userIds: [r.rater_user_id],
        communityId,
        kind: "rating.to_request",
        titleZh: `您对“${subject.name}”的差评已转为问题，社区正在处理`,
        titleEn: `Your poor rating of "${subject.name}" is now a problem the community is handling`,
        link: residentRatingsLink(communityId),
      });
    }
    return submitted.id;
  });
  return { ratingId, requestId };
}

/** 公共设施 for a space, 意见建议 for a service: default categories every community has. */
async function defaultCategory(db: Db, communityId: number, kind: RatingSubjectKind) {
  const code = kind === "space" ? "public_facilities" : "suggestion";
  const rows = await categoriesOf(db, communityId);
  const c =
    rows.find((x) => x.code === code && x.active) ??
    rows.find((x) => x.active && x.kinds.includes("problem"));
  if (!c)
    throw new AppError("VALIDATION", {
      zh: "请选择诉求分类",
      en: "Choose a request category",
      details: [{ field: "categoryId", message: "no default category" }],
    });
  return { categoryCode: c.code };
}
