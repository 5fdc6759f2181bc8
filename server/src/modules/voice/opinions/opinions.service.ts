// Opinion box and suggestion column (意见箱/建议栏, DOMAIN V8). Anyone may leave an opinion without
// signing in; the community answers within 5 working days; the reply is read with the tracking code
// given at submission, and replies the community makes public appear in the suggestion column.
//
// Anonymous means anonymous: the opinion row holds the text, the topic and the dates — no account,
// no name, no phone, no IP. Submissions are limited per IP through auth_throttle under a keyed hash of
// the IP (HMAC with the server's secret), and those entries are deleted once their window has passed.
import { createHmac, randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import { authorize, primaryRole } from "../../../access/authorize.ts";
import type { Actor } from "../../../access/reach.ts";
import type { Config } from "../../../config.ts";
import type { DB } from "../../../db/schema.ts";
import { AppError } from "../../../errors.ts";
import { recordAudit } from "../../core/audit/audit.service.ts";
import { loadCalendar, workingDeadline } from "../../core/calendar/calendar.service.ts";
import { notify } from "../../core/notifications/notifications.service.ts";
import { communityStaffOf } from "../requests/requests.service.ts";
import * as q from "./opinions.queries.ts";

/** The community replies within this many working days (China's calendar, 调休 included). */
export const FEEDBACK_WORKING_DAYS = 5;
/** At most this many opinions per IP address per window: enough for a family or a shared kiosk. */
export const OPINIONS_PER_WINDOW = 10;
export const THROTTLE_WINDOW_MS = 3_600_000;
const THROTTLE_PREFIX = "opinion:";

// Tracking codes: 12 characters from 32 unambiguous ones (no 0/O, 1/I) = 60 random bits, shown as
// XXXX-XXXX-XXXX; the code is the only key to an opinion's reply, so it must not be guessable.
const ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
const CODE_CHARS = 12;

export function newTrackingCode(): string {
  const chars = [...randomBytes(CODE_CHARS)].map((b) => ALPHABET[b & 31]).join("");
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
}

/** A tracking code as typed (any case, with or without dashes or spaces), or null if it cannot be one. */
export function normaliseTrackingCode(raw: string): string | null {
  const s = raw.toUpperCase().replace(/[\s-]/g, "");
  if (s.length !== CODE_CHARS || [...s].some((c) => !ALPHABET.includes(c))) return null;
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`;
}

function throttleKey(config: Config, ip: string): string {
  const h = createHmac("sha256", config.piiKey).update(`opinion-throttle\u0000${ip}`).digest("base64url");
  return `${THROTTLE_PREFIX}${h.slice(0, 32)}`;
}

const communityNotFound = () => new AppError("NOT_FOUND", { zh: "社区不存在", en: "Community not found" });
const opinionNotFound = () =>
  new AppError("NOT_FOUND", {
    zh: "找不到该意见，请核对查询码",
    en: "No opinion with this tracking code; check the code",
  });

const snippet = (text: string, n = 20) => (text.length > n ? `${text.slice(0, n)}…` : text);

/** Leaves an anonymous opinion; returns its tracking code and the feedback deadline. */
export async function submitOpinion(
  db: Kysely<DB>,
  config: Config,
  communityId: number,
  input: { text: string; topic?: string | undefined },
  ip: string,
) {
  if (!(await q.communityExists(db, communityId))) throw communityNotFound();
  await q.forgetExpiredAttempts(db, THROTTLE_PREFIX, THROTTLE_WINDOW_MS);
  const attempts = await q.countAttempt(db, throttleKey(config, ip), THROTTLE_WINDOW_MS);
  if (attempts > OPINIONS_PER_WINDOW)
    throw new AppError("TOO_MANY", {
      zh: "提交太频繁，请一小时后再试",
      en: "Too many opinions from this address; try again in an hour",
    });
  const submittedAt = new Date();
  const feedbackDueAt = workingDeadline(submittedAt, FEEDBACK_WORKING_DAYS, await loadCalendar(db));
  const row = await db.transaction().execute(async (trx) => {
    let inserted: Awaited<ReturnType<typeof q.insertOpinion>>;
    for (let attempt = 0; attempt < 5 && !inserted; attempt++) {
      inserted = await q.insertOpinion(trx, {
        community_id: communityId,
        tracking_code: newTrackingCode(),
        text: input.text,
        topic: input.topic ?? null,
        submitted_at: submittedAt,
        feedback_due_at: feedbackDueAt,
      });
    }
    if (!inserted) throw new AppError("INTERNAL");
    const topic = input.topic ? `【${input.topic}】` : "";
    await notify(trx, {
      // the community's secretaries and workers (they hold opinions.reply)
      userIds: await communityStaffOf(trx, communityId),
      communityId,
      kind: "opinion.submitted",
      titleZh: `意见箱有新意见${topic}：${snippet(input.text)}`,
      titleEn: `New opinion in the box${input.topic ? ` (${input.topic})` : ""}: ${snippet(input.text)}`,
      bodyZh: `请在 ${dueText(feedbackDueAt)} 前回复`,
      bodyEn: `Reply by ${dueText(feedbackDueAt)} (China time)`,
      link: "/staff/opinions",
    });
    return inserted;
  });
  return {
    trackingCode: row.tracking_code,
    submittedAt: new Date(row.submitted_at),
    feedbackDueAt: new Date(row.feedback_due_at),
  };
}

/** "2026-03-02 24:00" for a deadline at midnight China time. */
function dueText(d: Date): string {
  const local = new Date(d.getTime() + 8 * 3_600_000 - 1);
  return `${local.toISOString().slice(0, 10)} 24:00`;
}

const isOverdue = (o: { reply: string | null; feedback_due_at: Date | string }, now = Date.now()) =>
  o.reply == null && new Date(o.feedback_due_at).getTime() < now;

/** What the holder of a tracking code sees: their text, the status, the deadline and the reply. */
export async function trackOpinion(db: Kysely<DB>, communityId: number, rawCode: string) {
  const code = normaliseTrackingCode(rawCode);
  if (!code) throw opinionNotFound();
  const o = await q.findByTrackingCode(db, communityId, code);
  if (!o) throw opinionNotFound();
  return {
    trackingCode: o.tracking_code,
    text: o.text,
    topic: o.topic,
    status: o.reply == null ? ("pending" as const) : ("replied" as const),
    submittedAt: new Date(o.submitted_at),
    feedbackDueAt: new Date(o.feedback_due_at),
    overdue: isOverdue(o),
    reply: o.reply,
    repliedAt: o.replied_at ? new Date(o.replied_at) : null,
  };
}

type StaffRow = Awaited<ReturnType<typeof q.listOpinions>>[number];

function presentForStaff(
  o: Omit<StaffRow, "overdue" | "replied_by_name"> & { replied_by_name?: string | null },
) {
  return {
    id: o.id,
    text: o.text,
    topic: o.topic,
    status: o.reply == null ? ("pending" as const) : ("replied" as const),
    submittedAt: new Date(o.submitted_at),
    feedbackDueAt: new Date(o.feedback_due_at),
    overdue: isOverdue(o),
    reply: o.reply,
    replyPublic: o.reply_public,
    repliedAt: o.replied_at ? new Date(o.replied_at) : null,
    repliedBy: o.replied_by_name ?? null,
  };
}

/** Community staff (opinions.reply): every opinion, overdue ones first. */
export async function listOpinionsOf(
  db: Kysely<DB>,
  actor: Actor | null,
  communityId: number,
  f: { status?: "pending" | "replied" | undefined; limit: number; offset: number },
) {
  authorize(actor, "opinions.reply", { communityId });
  const [rows, overdueCount] = await Promise.all([
    q.listOpinions(db, communityId, { ...f, limit: f.limit + 1 }),
    q.countOverdue(db, communityId),
  ]);
  return {
    items: rows.slice(0, f.limit).map(presentForStaff),
    overdueCount,
    nextOffset: rows.length > f.limit ? f.offset + f.limit : null,
  };
}

/** Replies to an opinion once (409 after); public replies go to the suggestion column; audited. */
export async function replyOpinion(
  db: Kysely<DB>,
  actor: Actor | null,
  communityId: number,
  id: number,
  input: { reply: string; public: boolean },
) {
  const reach = authorize(actor, "opinions.reply", { communityId });
  return db.transaction().execute(async (trx) => {
    const row = await q.replyToOpinion(trx, communityId, id, {
      reply: input.reply,
      reply_public: input.public,
      replied_by: actor!.userId,
    });
    if (!row) {
      const existing = await q.findOpinion(trx, communityId, id);
      if (!existing) throw new AppError("NOT_FOUND", { zh: "意见不存在", en: "Opinion not found" });
      throw new AppError("ALREADY_DECIDED", {
        zh: "该意见已回复",
        en: "This opinion has already been replied to",
      });
    }
    await recordAudit(trx, {
      actorUserId: actor!.userId,
      actorRole: primaryRole(reach),
      communityId,
      action: "opinion.reply",
      targetType: "opinion",
      targetId: id,
      after: { reply: input.reply, public: input.public },
    });
    return presentForStaff({ ...row, replied_by_name: actor!.name });
  });
}

/** The public suggestion column: the opinion and the reply, nothing else. */
export async function suggestionColumnOf(
  db: Kysely<DB>,
  communityId: number,
  f: { limit: number; offset: number },
) {
  if (!(await q.communityExists(db, communityId))) throw communityNotFound();
  const rows = await q.suggestionColumn(db, communityId, f.limit + 1, f.offset);
  return {
    items: rows.slice(0, f.limit).map((r) => ({
      text: r.text,
      topic: r.topic,
      reply: r.reply!,
      repliedAt: new Date(r.replied_at!),
    })),
    nextOffset: rows.length > f.limit ? f.offset + f.limit : null,
  };
}

/** Whether an opinion-box item exists in the community (other modules link to it: a topic's origin). */
export const opinionExists = async (db: Kysely<DB>, communityId: number, id: number): Promise<boolean> =>
  !!(await q.findOpinion(db, communityId, id));
