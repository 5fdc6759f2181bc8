// V5: resolving with evidence, the submitter's confirmation and rating, reopening, closing as not rated.

import { requireActor } from "../../../access/authorize.ts";
import type { Actor } from "../../../access/reach.ts";
import { AppError } from "../../../errors.ts";
import {
  addCalendarDays,
  loadCalendar,
  type WorkingCalendar,
  workingDeadline,
} from "../../core/calendar/calendar.service.ts";
import type { CategoryRow } from "./categories.service.ts";
import { type CheckedPhoto, checkPhotos, type PhotoUpload } from "./request-photos.ts";
import {
  emitRequestEvent,
  requestClosed,
  requestConfirmed,
  requestReopened,
  requestResolved,
} from "./requests.events.ts";
import * as q from "./requests.queries.ts";
import { RATING_WORDS, type RatingValue } from "./requests.schema.ts";
import {
  categoryOf,
  conflict,
  type Db,
  formatDue,
  gridWorkersOf,
  inTransaction,
  loadRequest,
  residentLink,
  resolverRole,
  staffLink,
  tell,
  wrongStatus,
} from "./requests.service.ts";

// ---------------------------------------------------------------------------------------------
// V5 resolve, confirm and rate, reopen

/**
 * Marks a signed request resolved with the evidence; used by `resolveRequest` and by the claims
 * module when a claimant fulfils a micro-wish. The submitter has `confirm_days` calendar days to
 * confirm and rate; after that the deadline job closes it as not rated (`closeUnrated`).
 */
export async function resolveInTransaction(
  trx: Db,
  r: q.RequestRow,
  by: { userId: number; role: string | null },
  text: string,
  photos: CheckedPhoto[],
  event: { kind: string; data?: Record<string, unknown> },
  category: CategoryRow,
) {
  const now = new Date();
  const confirmDueAt = addCalendarDays(now, category.confirm_days);
  const updated = await q.updateRequestFrom(trx, r.community_id, r.id, ["signed"], {
    status: "resolved",
    resolved_at: now,
    resolved_by: by.userId,
    resolution: text,
    confirm_due_at: confirmDueAt,
  });
  if (!updated) throw wrongStatus({ status: "changed" }, "办结", "resolved");
  const stored = await q.insertPhotos(
    trx,
    photos.map((p) => ({
      community_id: r.community_id,
      request_id: r.id,
      stage: "resolve" as const,
      mime: p.mime,
      byte_size: p.byteSize,
      sha256: p.sha256,
      bytes: p.bytes,
    })),
  );
  await q.insertEvent(trx, {
    community_id: r.community_id,
    request_id: r.id,
    actor_user_id: by.userId,
    actor_role: by.role,
    kind: event.kind,
    note: text,
    data: JSON.stringify({ ...event.data, photos: stored.length, confirmDueAt }),
  });
  await emitRequestEvent(trx, requestResolved, r, by.userId);
  await tell(trx, {
    userIds: await q.followersOf(trx, r.community_id, r.id),
    except: by.userId,
    communityId: r.community_id,
    kind: "request.resolved",
    titleZh: `您的诉求已办结，请确认并评价：${r.title}`,
    titleEn: `Your request was resolved; please confirm and rate it: ${r.title}`,
    bodyZh: `请在 ${formatDue(confirmDueAt)} 前确认，逾期视为未评价`,
    bodyEn: `Confirm by ${formatDue(confirmDueAt)}; after that it closes as not rated`,
    link: residentLink(r.community_id, r.id),
  });
  return { confirmDueAt, photoIds: stored.map((s) => s.id) };
}

export async function resolveRequest(
  db: Db,
  actor: Actor | null,
  communityId: number,
  id: number,
  input: { text: string },
  photos: PhotoUpload[] = [],
) {
  const r = await loadRequest(db, communityId, id);
  const role = resolverRole(actor, r);
  if (r.status === "submitted") throw conflict("请先签收再办结", "Sign for it before resolving it");
  if (r.status !== "signed") throw wrongStatus(r, "办结", "resolved");
  const checked = await checkPhotos(photos, false);
  const category = await categoryOf(db, communityId, r.category_id);
  const out = await inTransaction(db, (trx) =>
    resolveInTransaction(
      trx,
      r,
      { userId: actor!.userId, role },
      input.text,
      checked,
      { kind: "resolved" },
      category,
    ),
  );
  return { id, status: "resolved" as const, confirmDueAt: out.confirmDueAt, photoIds: out.photoIds };
}

function onlySubmitter(actor: Actor | null, r: q.RequestRow): Actor {
  const a = requireActor(actor);
  if (r.submitter_user_id !== a.userId) {
    throw new AppError("FORBIDDEN", {
      zh: "只有提交诉求的居民本人可以确认和评价",
      en: "Only the resident who submitted this request can confirm and rate it",
    });
  }
  return a;
}

async function reopenInTransaction(
  trx: Db,
  a: Actor,
  r: q.RequestRow,
  why: { rating?: "poor"; comment: string | null },
  cal: WorkingCalendar,
  category: CategoryRow,
) {
  const solveDueAt = workingDeadline(new Date(), category.solve_days, cal);
  const updated = await q.updateRequestFrom(trx, r.community_id, r.id, ["resolved"], {
    status: "signed",
    reopen_count: r.reopen_count + 1,
    solve_due_at: solveDueAt,
    resolved_at: null,
    resolved_by: null,
    resolution: null,
    confirm_due_at: null,
    solve_reminded_at: null,
    solve_escalated_at: null,
    ...(why.rating ? { rating: why.rating, rating_comment: why.comment, rated_at: new Date() } : {}),
  });
  if (!updated) throw wrongStatus({ status: "changed" }, "退回", "reopened");
  await q.insertEvent(trx, {
    community_id: r.community_id,
    request_id: r.id,
    actor_user_id: a.userId,
    actor_role: "submitter",
    kind: why.rating ? "rated" : "resolution_rejected",
    note: why.comment,
    data: JSON.stringify(why.rating ? { rating: why.rating } : {}),
  });
  await q.insertEvent(trx, {
    community_id: r.community_id,
    request_id: r.id,
    actor_user_id: a.userId,
    actor_role: "submitter",
    kind: "reopened",
    data: JSON.stringify({ reopenCount: r.reopen_count + 1, solveDueAt, previousResolution: r.resolution }),
  });
  await emitRequestEvent(trx, requestReopened, r, a.userId);
  const handlers = [
    ...(r.resolved_by != null ? [r.resolved_by] : []),
    ...(await gridWorkersOf(trx, r.community_id, r.grid_id)),
  ];
  await tell(trx, {
    userIds: [...new Set(handlers)],
    except: a.userId,
    communityId: r.community_id,
    kind: "request.reopened",
    titleZh: `居民${why.rating ? "差评" : "不认可办结"}，诉求已重新打开：${r.title}`,
    titleEn: `The resident ${why.rating ? "rated it poor" : "rejected the resolution"}; reopened: ${r.title}`,
    bodyZh: `${why.comment ?? ""}（请在 ${formatDue(solveDueAt)} 前重新办结）`,
    bodyEn: `${why.comment ?? ""} (resolve it again by ${formatDue(solveDueAt)})`,
    link: staffLink(r.community_id, r.id),
  });
  await tell(trx, {
    userIds: await q.followersOf(trx, r.community_id, r.id),
    except: a.userId,
    communityId: r.community_id,
    kind: "request.reopened",
    titleZh: `诉求已重新办理：${r.title}`,
    titleEn: `The request is being handled again: ${r.title}`,
    link: residentLink(r.community_id, r.id),
  });
}

/**
 * The submitter confirms and rates (好差评, V5). good/average close it (rated); poor reopens it:
 * back to signed, reopen_count + 1, a new time to solve, and the whole history kept.
 */
export async function confirmRequest(
  db: Db,
  actor: Actor | null,
  communityId: number,
  id: number,
  input: { rating: RatingValue; comment?: string | undefined },
) {
  const r = await loadRequest(db, communityId, id);
  const a = onlySubmitter(actor, r);
  if (r.status !== "resolved") throw wrongStatus(r, "评价", "rated");
  // the calendar is cached per database handle, so it is loaded before the transaction opens
  const cal = await loadCalendar(db);
  const category = await categoryOf(db, communityId, r.category_id);
  const comment = input.comment || null;
  return inTransaction(db, async (trx) => {
    if (input.rating === "poor") {
      await reopenInTransaction(trx, a, r, { rating: "poor", comment }, cal, category);
      return { id, status: "signed" as const };
    }
    const updated = await q.updateRequestFrom(trx, communityId, id, ["resolved"], {
      status: "closed",
      close_reason: "rated",
      closed_at: new Date(),
      rating: input.rating,
      rating_comment: comment,
      rated_at: new Date(),
    });
    if (!updated) throw wrongStatus({ status: "changed" }, "评价", "rated");
    await q.insertEvent(trx, {
      community_id: communityId,
      request_id: id,
      actor_user_id: a.userId,
      actor_role: "submitter",
      kind: "rated",
      note: comment,
      data: JSON.stringify({ rating: input.rating }),
    });
    await q.insertEvent(trx, {
      community_id: communityId,
      request_id: id,
      actor_user_id: a.userId,
      actor_role: "submitter",
      kind: "closed",
      data: JSON.stringify({ reason: "rated" }),
    });
    await emitRequestEvent(trx, requestConfirmed, r, a.userId);
    const ratingZh = RATING_WORDS[input.rating].zh;
    await tell(trx, {
      userIds: [
        ...(r.resolved_by != null ? [r.resolved_by] : []),
        ...(await q.followersOf(trx, communityId, id)),
      ],
      except: a.userId,
      communityId,
      kind: "request.closed",
      titleZh: `诉求已评价（${ratingZh}）并关闭：${r.title}`,
      titleEn: `Rated ${input.rating} and closed: ${r.title}`,
      bodyZh: comment ?? "",
      bodyEn: comment ?? "",
      link: staffLink(communityId, id),
    });
    return { id, status: "closed" as const };
  });
}

/** The submitter does not accept the resolution: reopened as for a poor rating, without a rating. */
export async function rejectResolution(
  db: Db,
  actor: Actor | null,
  communityId: number,
  id: number,
  input: { comment: string },
) {
  const r = await loadRequest(db, communityId, id);
  const a = onlySubmitter(actor, r);
  if (r.status !== "resolved") throw wrongStatus(r, "退回", "rejected");
  const cal = await loadCalendar(db);
  const category = await categoryOf(db, communityId, r.category_id);
  await inTransaction(db, (trx) => reopenInTransaction(trx, a, r, { comment: input.comment }, cal, category));
  return { id, status: "signed" as const };
}

/**
 * Closes one resolved request as not rated once its time to confirm (confirm_due_at) has passed.
 * Idempotent: returns false when it was already closed, rated, reopened or not yet due. For the
 * deadline job; may be given a transaction.
 */
export async function closeUnrated(db: Db, communityId: number, requestId: number): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const row = await q.closeUnratedRow(trx, communityId, requestId);
    if (!row) return false;
    await q.insertEvent(trx, {
      community_id: communityId,
      request_id: requestId,
      actor_user_id: null,
      actor_role: "system",
      kind: "closed",
      data: JSON.stringify({ reason: "not_rated" }),
    });
    await emitRequestEvent(trx, requestClosed, { ...row, community_id: communityId }, null);
    await tell(trx, {
      userIds: await q.followersOf(trx, communityId, requestId),
      communityId,
      kind: "request.closed",
      titleZh: `诉求已超过确认期限，自动关闭（未评价）：${row.title}`,
      titleEn: `Not confirmed in time; closed as not rated: ${row.title}`,
      link: residentLink(communityId, requestId),
    });
    return true;
  });
}
