// Comments (DOMAIN D7) on any subject: a subject is (kind, id) inside a community. Comments import no
// module whose things are commented on; instead a module that wants comments registers its kind once
// at start (registerCommentSubject, from its own service), saying where a subject is (for moderators'
// reach), who may read it and who may comment. Notices register "notice"; topics, ideas and projects
// register the same way. Threads are one level deep; the author may edit within EDIT_WINDOW_MS;
// residents report a comment once each; staff holding comments.moderate at the subject's place hide
// (with a reason, audited, the author told through notify()) or approve. A comment containing a word
// of the community's list is held: its author sees it as 待审核, nobody else sees it, until staff
// approve or hide it. Rate limits per person are counted in the database (like requests'
// submission-limit.ts), so they hold across server processes.
import type { Kysely } from "kysely";
import { authorize, authorizeWithin, primaryRole, requireActor } from "../../../access/authorize.ts";
import type { Actor } from "../../../access/reach.ts";
import type { DB } from "../../../db/schema.ts";
import { AppError } from "../../../errors.ts";
import { emitEvent } from "../../../events/outbox.ts";
import { audited } from "../../core/audit/audit.service.ts";
import { notify } from "../../core/notifications/notifications.service.ts";
import { scopeIdsOf } from "../../core/places/places.service.ts";
import { maskName } from "../../core/privacy/pii.present.ts";
import { commentPosted } from "./comments.events.ts";
import * as q from "./comments.queries.ts";
import type { TNewComment } from "./comments.schema.ts";
import type { CommentStatus } from "./comments.tables.ts";

type Db = Kysely<DB>;

/** How long the author may edit a comment. */
export const EDIT_WINDOW_MS = 15 * 60_000;
/** Per person, in all communities together: enough for a lively thread, too few for a flood. */
export const COMMENT_LIMITS = { perMinute: 5, perDay: 50 };

// ---------------------------------------------------------------------------------------------
// the subject registry

/** Where a subject is inside its community (what a moderator's reach is checked against) and its title. */
export interface SubjectPlace {
  gridId: number | null;
  estateId: number | null;
  buildingId: number | null;
  title: string;
}

export interface CommentSubject {
  /** The subject's place and title; null when it does not exist in the community. */
  placeOf(db: Db, communityId: number, id: number): Promise<SubjectPlace | null>;
  /** Whether this person may read the subject, and so its comments. */
  canRead(db: Db, actor: Actor, communityId: number, id: number): Promise<boolean>;
  /** Whether this person may comment on it (e.g. residents of its place, while it is open). */
  canComment(db: Db, actor: Actor, communityId: number, id: number): Promise<boolean>;
  /** The resident page of the subject, for the author's notifications. */
  linkOf?(communityId: number, id: number): string;
}

const subjects = new Map<string, CommentSubject>();

/**
 * A module makes its things commentable: called once at start from its own service (a second call
 * with the same kind replaces the first, so a test app built twice is fine).
 */
export function registerCommentSubject(kind: string, subject: CommentSubject): void {
  if (!/^[a-z_]{1,30}$/.test(kind)) throw new Error(`comment subject kind ${kind}: lowercase letters only`);
  subjects.set(kind, subject);
}

export const commentSubjectKinds = (): string[] => [...subjects.keys()];

function subjectOf(kind: string): CommentSubject {
  const s = subjects.get(kind);
  if (!s)
    throw new AppError("VALIDATION", {
      zh: "不能评论这类对象",
      en: "Things of this kind cannot be commented on",
      details: [{ field: "subjectKind", message: `one of ${[...subjects.keys()].join(", ")}` }],
    });
  return s;
}

const subjectNotFound = () =>
  new AppError("NOT_FOUND", { zh: "评论对象不存在", en: "No such thing to comment on" });
const commentNotFound = () => new AppError("NOT_FOUND", { zh: "评论不存在", en: "No such comment" });

async function readableSubject(db: Db, actor: Actor, communityId: number, kind: string, id: number) {
  const s = subjectOf(kind);
  const place = await s.placeOf(db, communityId, id);
  if (!place) throw subjectNotFound();
  if (!(await s.canRead(db, actor, communityId, id))) throw new AppError("FORBIDDEN");
  return { s, place };
}

// ---------------------------------------------------------------------------------------------
// words

const normalise = (text: string) => text.toLowerCase().replace(/\s+/g, "");

/** The first listed word the text contains (ignoring case and spaces), or null. */
export function listedWordIn(text: string, words: string[]): string | null {
  const t = normalise(text);
  return words.find((w) => normalise(w) && t.includes(normalise(w))) ?? null;
}

export async function wordListOf(db: Db, actor: Actor | null, communityId: number) {
  authorizeWithin(actor, "comments.moderate", communityId);
  return { words: await q.wordsOf(db, communityId) };
}

export async function replaceWordList(
  db: Db,
  actor: Actor | null,
  communityId: number,
  input: { words: string[] },
) {
  const reach = authorize(actor, "comments.configure", { communityId });
  if (!(await q.communityExists(db, communityId)))
    throw new AppError("NOT_FOUND", { zh: "社区不存在", en: "Community not found" });
  const words = [...new Set(input.words.map((w) => w.trim()).filter(Boolean))];
  return audited(db, async (trx) => {
    const before = await q.wordsOf(trx, communityId);
    await q.replaceWords(trx, communityId, words, actor!.userId);
    return {
      result: { words: await q.wordsOf(trx, communityId) },
      audit: {
        actorUserId: actor!.userId,
        actorRole: primaryRole(reach),
        communityId,
        action: "comment_words.replace",
        targetType: "comment_word",
        targetId: communityId,
        before,
        after: words,
      },
    };
  });
}

// ---------------------------------------------------------------------------------------------
// reading and writing

function presentComment(c: q.CommentRow, actor: Actor, reported: Set<number>, now: number) {
  const mine = c.author_user_id === actor.userId;
  const hiddenFromMe = c.status === "hidden" && !mine;
  const editable = mine && c.status !== "hidden" && now - c.created_at.getTime() < EDIT_WINDOW_MS;
  return {
    id: c.id,
    parentId: c.parent_id,
    authorName: hiddenFromMe ? null : mine ? c.author_name : maskName(c.author_name),
    mine,
    body: hiddenFromMe ? null : c.body,
    status: c.status,
    hiddenReason: mine ? c.hidden_reason : null,
    createdAt: c.created_at,
    editedAt: c.edited_at,
    editableUntil: editable ? new Date(c.created_at.getTime() + EDIT_WINDOW_MS) : null,
    reportedByMe: reported.has(c.id),
  };
}

/**
 * A subject's thread as this person sees it: held comments only their author sees; someone else's
 * hidden comment shows as a placeholder (no text, no name) where replies hang on it, else not at all.
 */
export async function threadFor(
  db: Db,
  actor: Actor | null,
  communityId: number,
  query: { subjectKind: string; subjectId: number },
) {
  const a = requireActor(actor);
  const { s } = await readableSubject(db, a, communityId, query.subjectKind, query.subjectId);
  const rows = await q.threadOf(db, communityId, query.subjectKind, query.subjectId);
  const shown = rows.filter(
    (c) => c.status === "visible" || c.author_user_id === a.userId || c.status === "hidden",
  );
  const reported = await q.myReportsIn(
    db,
    communityId,
    a.userId,
    shown.map((c) => c.id),
  );
  const now = Date.now();
  const tops = shown.filter((c) => c.parent_id == null);
  const items = tops
    .map((top) => ({
      ...presentComment(top, a, reported, now),
      replies: shown
        .filter((r) => r.parent_id === top.id)
        .filter((r) => r.status !== "hidden" || r.author_user_id === a.userId)
        .map((r) => presentComment(r, a, reported, now)),
    }))
    .filter((t) => t.status !== "hidden" || t.mine || t.replies.length > 0);
  return {
    canComment: await s.canComment(db, a, communityId, query.subjectId),
    items,
  };
}

/** Refuses a comment over the per-person limits (counted in the database, all communities). */
async function assertCommentRate(db: Db, userId: number) {
  const now = Date.now();
  const lastMinute = await q.countAuthoredSince(db, userId, new Date(now - 60_000));
  const lastDay =
    lastMinute >= COMMENT_LIMITS.perMinute
      ? lastMinute
      : await q.countAuthoredSince(db, userId, new Date(now - 86_400_000));
  if (lastMinute >= COMMENT_LIMITS.perMinute || lastDay >= COMMENT_LIMITS.perDay)
    throw new AppError("TOO_MANY", {
      zh: `评论太频繁：每人每分钟最多${COMMENT_LIMITS.perMinute}条、每天${COMMENT_LIMITS.perDay}条，请稍后再试`,
      en: `Too many comments: at most ${COMMENT_LIMITS.perMinute} a minute and ${COMMENT_LIMITS.perDay} a day; try again later`,
    });
}

export async function addComment(db: Db, actor: Actor | null, communityId: number, input: TNewComment) {
  const a = requireActor(actor);
  const { s, place } = await readableSubject(db, a, communityId, input.subjectKind, input.subjectId);
  if (!(await s.canComment(db, a, communityId, input.subjectId)))
    throw new AppError("FORBIDDEN", { zh: "您不能评论此内容", en: "You may not comment on this" });
  let parentId: number | null = null;
  if (input.parentId != null) {
    const parent = await q.findComment(db, communityId, input.parentId);
    if (!parent || parent.subject_kind !== input.subjectKind || parent.subject_id !== input.subjectId)
      throw new AppError("NOT_FOUND", {
        zh: "要回复的评论不存在",
        en: "The comment replied to does not exist",
      });
    if (parent.status === "hidden")
      throw new AppError("CONFLICT", {
        zh: "该评论已被隐藏，不能回复",
        en: "That comment is hidden; it cannot be replied to",
      });
    // one level deep: a reply to a reply attaches to the top comment
    parentId = parent.parent_id ?? parent.id;
  }
  await assertCommentRate(db, a.userId);
  const word = listedWordIn(input.body, await q.wordsOf(db, communityId));
  const authorName = (await q.residentNameOf(db, communityId, a.userId)) ?? a.name;
  const { id } = await db.transaction().execute(async (trx) => {
    const row = await q.insertComment(trx, {
      community_id: communityId,
      subject_kind: input.subjectKind,
      subject_id: input.subjectId,
      parent_id: parentId,
      grid_id: place.gridId,
      estate_id: place.estateId,
      building_id: place.buildingId,
      author_user_id: a.userId,
      author_name: authorName,
      body: input.body,
      status: word ? "held" : "visible",
      held_word: word,
    });
    // insight's participation: the author was active this month
    await emitEvent(trx, commentPosted, {
      communityId,
      aggregateId: Number(row.id),
      payload: { subjectKind: input.subjectKind },
      actorUserId: a.userId,
    });
    return row;
  });
  const row = (await q.findComment(db, communityId, Number(id)))!;
  return presentComment(row, a, new Set(), Date.now());
}

export async function editComment(
  db: Db,
  actor: Actor | null,
  communityId: number,
  id: number,
  input: { body?: string | undefined },
) {
  const a = requireActor(actor);
  const c = await q.findComment(db, communityId, id);
  if (!c) throw commentNotFound();
  if (c.author_user_id !== a.userId)
    throw new AppError("FORBIDDEN", { zh: "只能修改自己的评论", en: "You can edit only your own comments" });
  if (c.status === "hidden")
    throw new AppError("CONFLICT", {
      zh: "该评论已被隐藏，不能修改",
      en: "This comment is hidden and cannot be edited",
    });
  if (Date.now() - c.created_at.getTime() >= EDIT_WINDOW_MS) throw new AppError("EDIT_WINDOW_CLOSED");
  const body = input.body ?? c.body;
  // a held comment stays held until staff decide; a visible one with a listed word becomes held
  const word = listedWordIn(body, await q.wordsOf(db, communityId));
  const status: CommentStatus = c.status === "held" || word ? "held" : "visible";
  await q.updateBody(db, communityId, id, body, status, word ?? (status === "held" ? c.held_word : null));
  return presentComment((await q.findComment(db, communityId, id))!, a, new Set(), Date.now());
}

export async function reportComment(
  db: Db,
  actor: Actor | null,
  communityId: number,
  id: number,
  input: { reason?: string | undefined },
) {
  const a = requireActor(actor);
  const c = await q.findComment(db, communityId, id);
  if (!c || (c.status === "held" && c.author_user_id !== a.userId)) throw commentNotFound();
  await readableSubject(db, a, communityId, c.subject_kind, c.subject_id);
  if (c.author_user_id === a.userId)
    throw new AppError("VALIDATION", { zh: "不能举报自己的评论", en: "You cannot report your own comment" });
  if (c.status !== "visible")
    throw new AppError("CONFLICT", {
      zh: "该评论已在处理中",
      en: "This comment is already being dealt with",
    });
  const stored = await q.insertReport(db, communityId, id, a.userId, input.reason ?? null);
  return { commentId: id, already: !stored };
}

// ---------------------------------------------------------------------------------------------
// moderation

export async function moderationQueue(
  db: Db,
  actor: Actor | null,
  communityId: number,
  f: { status: "held" | "reported" | "hidden"; q?: string | undefined; limit: number; offset: number },
) {
  const reach = authorizeWithin(actor, "comments.moderate", communityId);
  const { items, total } = await q.queue(db, communityId, scopeIdsOf(reach, communityId), f);
  const titles = new Map<string, string | null>();
  for (const c of items) {
    const key = `${c.subject_kind}:${c.subject_id}`;
    if (titles.has(key)) continue;
    const s = subjects.get(c.subject_kind);
    titles.set(key, s ? ((await s.placeOf(db, communityId, c.subject_id))?.title ?? null) : null);
  }
  return {
    total,
    items: items.map((c) => ({
      id: c.id,
      subjectKind: c.subject_kind,
      subjectId: c.subject_id,
      subjectTitle: titles.get(`${c.subject_kind}:${c.subject_id}`) ?? null,
      parentId: c.parent_id,
      authorName: maskName(c.author_name),
      body: c.body,
      status: c.status,
      heldWord: c.held_word,
      hiddenReason: c.hidden_reason,
      reports: Number(c.reports ?? 0),
      reportReasons: (c.report_reasons ?? []) as string[],
      createdAt: c.created_at,
    })),
  };
}

async function moderatable(db: Db, actor: Actor | null, communityId: number, id: number) {
  const c = await q.findComment(db, communityId, id);
  if (!c) throw commentNotFound();
  const reach = authorize(actor, "comments.moderate", {
    communityId,
    gridId: c.grid_id,
    estateId: c.estate_id,
    buildingId: c.building_id,
  });
  return { c, reach };
}

/** Hides a comment with a reason (audited); open reports are closed and the author is told. */
export async function hideComment(
  db: Db,
  actor: Actor | null,
  communityId: number,
  id: number,
  input: { reason: string },
) {
  const { c, reach } = await moderatable(db, actor, communityId, id);
  if (c.status === "hidden")
    throw new AppError("CONFLICT", { zh: "该评论已被隐藏", en: "This comment is already hidden" });
  const link = subjects.get(c.subject_kind)?.linkOf?.(communityId, c.subject_id) ?? null;
  return audited(db, async (trx) => {
    await q.setModeration(trx, communityId, id, "hidden", input.reason, actor!.userId);
    await q.resolveReports(trx, communityId, id);
    await notify(trx, {
      userIds: [c.author_user_id],
      communityId,
      kind: "comment.hidden",
      titleZh: "您的评论已被隐藏",
      titleEn: "Your comment was hidden",
      bodyZh: `原因：${input.reason}`,
      bodyEn: `Reason: ${input.reason}`,
      link,
    });
    return {
      result: { id, status: "hidden" as const },
      audit: {
        actorUserId: actor!.userId,
        actorRole: primaryRole(reach),
        communityId,
        action: "comment.hide",
        targetType: "comment",
        targetId: id,
        reason: input.reason,
        before: { status: c.status, body: c.body },
        after: { status: "hidden" },
      },
    };
  });
}

/** Approves a held comment (it shows), restores a hidden one, or dismisses the reports on a visible one. */
export async function approveComment(db: Db, actor: Actor | null, communityId: number, id: number) {
  const { c, reach } = await moderatable(db, actor, communityId, id);
  if (c.status === "visible" && (await q.openReportCount(db, communityId, id)) === 0)
    throw new AppError("CONFLICT", { zh: "该评论无需审核", en: "This comment needs no review" });
  const link = subjects.get(c.subject_kind)?.linkOf?.(communityId, c.subject_id) ?? null;
  return audited(db, async (trx) => {
    await q.setModeration(trx, communityId, id, "visible", null, actor!.userId);
    await q.resolveReports(trx, communityId, id);
    if (c.status !== "visible")
      await notify(trx, {
        userIds: [c.author_user_id],
        communityId,
        kind: "comment.approved",
        titleZh: "您的评论已通过审核",
        titleEn: "Your comment was approved",
        link,
      });
    return {
      result: { id, status: "visible" as const },
      audit: {
        actorUserId: actor!.userId,
        actorRole: primaryRole(reach),
        communityId,
        action: "comment.approve",
        targetType: "comment",
        targetId: id,
        before: { status: c.status },
        after: { status: "visible" },
      },
    };
  });
}

/** Approves or hides many comments; each through the single action, authorised by its own place. */
export async function moderateBatch(
  db: Db,
  actor: Actor | null,
  communityId: number,
  input: { ids: number[]; action: "approve" | "hide"; reason?: string | undefined },
) {
  authorizeWithin(actor, "comments.moderate", communityId);
  if (input.action === "hide" && !input.reason)
    throw new AppError("VALIDATION", {
      zh: "隐藏评论须填写原因",
      en: "Hiding comments needs a reason",
      details: [{ field: "reason", message: "required to hide" }],
    });
  const results = [];
  for (const id of input.ids) {
    try {
      const done =
        input.action === "hide"
          ? await hideComment(db, actor, communityId, id, { reason: input.reason! })
          : await approveComment(db, actor, communityId, id);
      results.push({ id, ok: true, status: done.status as CommentStatus, error: null });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      results.push({
        id,
        ok: false,
        status: null,
        error: { code: err.code, message_zh: err.zh, message_en: err.en },
      });
    }
  }
  const okCount = results.filter((r) => r.ok).length;
  return { results, okCount, errorCount: results.length - okCount };
}
