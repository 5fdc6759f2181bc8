// Deadlines (DOMAIN V4, 限期反馈整改): reminders before the time to sign and the time to solve,
// escalation to the street after it, and closing resolved items nobody confirmed in time.
//
// Timing (simple on purpose, and the same on every day of the week — the deadlines themselves are
// already counted in working days by the requests module):
//   - sign reminder:  2 hours before sign_due_at, to the grid workers of the request's grid
//     (community staff when the grid has none or the place has no grid);
//   - solve reminder: 24 hours before solve_due_at, to whoever must act (see assigneesOf) and the
//     grid worker who signed;
//   - escalation: once sign_due_at (still unsigned) or solve_due_at (still unresolved) has passed,
//     to the street officials of the community's street, with an 'escalated' event on the request;
//     the people responsible are told it went up;
//   - auto-close: a resolved request past confirm_due_at closes as 'not_rated' (requests module's
//     closeUnrated).
// A reminder whose deadline has already passed when the sweep gets to it (the server was down for
// the whole window) is not sent: the escalation takes its place.
//
// Promise dates of claims (V3, 双向认领). A promise date is a China calendar day: the claimant
// promised to fulfil the wish by the end of that day. Messages about it go out in the daytime, from
// 09:00 China time, so that no text message wakes anyone:
//   - claim reminder: to the claimant, from 09:00 on the day before the promise date (a sweep that
//     missed that whole day still reminds on the promise date itself, at any hour); not for a claim
//     made on or after the day before its promise date — the claimant has just chosen that date;
//   - claim overdue: once the promise date has passed, from 09:00 on the day after it, to the
//     claimant and to the grid workers of the request's place (requests' gridWorkersOf: the grid's
//     workers, else the community staff), who may release the claim (claims module).
// Both only while the claim is still active and its request still waits (signed); a fulfilled,
// withdrawn or released claim gets nothing. The claim steps take "now" from the caller (default: the
// clock), so tests can name the moment.
//
// Exactly once: each step claims a batch with one UPDATE … WHERE <column> IS NULL … RETURNING in
// the same transaction as the notifications (in-app rows and the SMS outbox), so a crash rolls both
// back and the next sweep sends them; a committed claim is never sent again.
import type { Kysely } from "kysely";
import { authorizeWithin, reachOf, requireActor } from "../../../access/authorize.ts";
import { type Actor, coversCommunity, partialReach } from "../../../access/reach.ts";
import type { DB } from "../../../db/schema.ts";
import { AppError } from "../../../errors.ts";
import { nextDay, shanghaiDay, startOfDay } from "../../core/calendar/calendar.service.ts";
import { notify } from "../../core/notifications/notifications.service.ts";
import { communityStaffOf, gridWorkersOf } from "../requests/requests.service.ts";
import { closeUnrated } from "../requests/requests-resolution.service.ts";
import { type GridNames, gridKey } from "./deadlines.present.ts";
import * as q from "./deadlines.queries.ts";

export interface SweepResult {
  signReminders: number;
  solveReminders: number;
  signEscalations: number;
  solveEscalations: number;
  autoClosed: number;
  claimReminders: number;
  claimOverdue: number;
}

const BATCH = 100;

const zhTime = new Intl.DateTimeFormat("zh-CN", {
  timeZone: "Asia/Shanghai",
  month: "numeric",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hour12: false,
});
const enTime = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Asia/Shanghai",
  day: "numeric",
  month: "short",
  hour: "2-digit",
  minute: "2-digit",
  hour12: false,
});

export const requestLink = (communityId: number, requestId: number) =>
  `/staff/requests/${communityId}/${requestId}`;

/** One sweep over every deadline step; safe to run concurrently and as often as wanted. */
export async function sweepDeadlines(db: Kysely<DB>, opts: { now?: Date } = {}): Promise<SweepResult> {
  const now = opts.now ?? new Date();
  return {
    signReminders: await runStep(db, "sign_reminder"),
    solveReminders: await runStep(db, "solve_reminder"),
    signEscalations: await runStep(db, "sign_escalation"),
    solveEscalations: await runStep(db, "solve_escalation"),
    autoClosed: await closeUnconfirmed(db),
    claimReminders: await runClaimStep(db, "claim_reminder", now),
    claimOverdue: await runClaimStep(db, "claim_overdue", now),
  };
}

/** Messages about promise dates start at this hour, China time. */
const CLAIM_MESSAGE_HOUR = 9;

/** The China days the claim steps look at, for a moment `now` (see the rules at the top). */
export function claimWindow(now: Date): q.ClaimWindow {
  const today = shanghaiDay(now);
  const yesterday = shanghaiDay(new Date(startOfDay(today).getTime() - 1));
  const dayBefore = shanghaiDay(new Date(startOfDay(yesterday).getTime() - 1));
  const daytime = now.getTime() >= startOfDay(today).getTime() + CLAIM_MESSAGE_HOUR * 3_600_000;
  return {
    remindTomorrow: daytime ? { day: nextDay(today), madeBefore: startOfDay(today) } : null,
    remindToday: { day: today, madeBefore: startOfDay(yesterday) },
    overdueUpTo: daytime ? yesterday : dayBefore,
  };
}

async function runClaimStep(db: Kysely<DB>, step: q.ClaimStep, now: Date): Promise<number> {
  const window = claimWindow(now);
  const today = shanghaiDay(now);
  let total = 0;
  for (;;) {
    const claimed = await db.transaction().execute(async (trx) => {
      const rows = await q.claimPromiseStep(trx, step, window, BATCH);
      for (const c of rows) await announceClaim(trx, step, c, today);
      return rows.length;
    });
    total += claimed;
    if (claimed < BATCH) return total;
  }
}

const WISH = { wish: { zh: "微心愿", en: "micro-wish" }, need: { zh: "需求", en: "need" } } as const;
const CLAIMANT_ZH: Record<string, string> = {
  party_member: "党员",
  volunteer: "志愿者",
  co_building_unit: "共建单位",
};

/** The claimant's own page of claims, where they mark one fulfilled or withdraw it. */
export const myClaimsLink = "/m/my-claims";

async function announceClaim(db: Kysely<DB>, step: q.ClaimStep, c: q.ClaimedClaim, today: string) {
  const what = WISH[c.kind as "wish" | "need"] ?? WISH.wish;
  const base = { communityId: c.community_id };
  if (step === "claim_reminder") {
    const day = c.promise_date === today ? { zh: "今天", en: "today" } : { zh: "明天", en: "tomorrow" };
    return notify(db, {
      ...base,
      userIds: [c.claimant_user_id],
      link: myClaimsLink,
      kind: "claim.promise_reminder",
      titleZh: `您认领的${what.zh}${day.zh}到期：${c.title}`,
      titleEn: `The ${what.en} you claimed is due ${day.en}: ${c.title}`,
      bodyZh: `您承诺在 ${c.promise_date} 前完成。完成后请在“我的认领”中标记完成；如无法完成，请及时撤回，让其他人认领。`,
      bodyEn: `You promised to fulfil it by ${c.promise_date}. Mark it fulfilled in My claims when done, or withdraw so that someone else can take it.`,
    });
  }
  const claimant = await notify(db, {
    ...base,
    userIds: [c.claimant_user_id],
    link: myClaimsLink,
    kind: "claim.overdue",
    titleZh: `您的认领已超期：${c.title}`,
    titleEn: `Your claim is overdue: ${c.title}`,
    bodyZh: `承诺完成日期 ${c.promise_date} 已过。请尽快完成并标记，或撤回认领；网格员已知悉。`,
    bodyEn: `The promise date ${c.promise_date} has passed. Please fulfil it and mark it, or withdraw; the grid worker has been told.`,
  });
  const staff = (await gridWorkersOf(db, c.community_id, c.grid_id)).filter((u) => u !== c.claimant_user_id);
  const workers = staff.length
    ? await notify(db, {
        ...base,
        userIds: staff,
        link: requestLink(c.community_id, c.request_id),
        kind: "claim.overdue_staff",
        titleZh: `认领超期未完成：${c.title}`,
        titleEn: `Claim overdue: ${c.title}`,
        bodyZh: `${CLAIMANT_ZH[c.claimant_kind] ?? "认领人"}承诺在 ${c.promise_date} 前完成该${what.zh}，至今未完成。可联系认领人，或在诉求详情中释放认领，让它重新开放认领。`,
        bodyEn: `A claimant promised to fulfil this ${what.en} by ${c.promise_date} and has not. Contact them, or release the claim from the request so that others can claim it.`,
      })
    : [];
  return [...claimant, ...workers];
}

async function runStep(db: Kysely<DB>, step: q.DeadlineStep): Promise<number> {
  let total = 0;
  for (;;) {
    const claimed = await db.transaction().execute(async (trx) => {
      const rows = await q.claimDeadlineStep(trx, step, BATCH);
      for (const r of rows) await announce(trx, step, r);
      return rows.length;
    });
    total += claimed;
    if (claimed < BATCH) return total;
  }
}

async function announce(db: Kysely<DB>, step: q.DeadlineStep, r: q.ClaimedRequest) {
  const due = { zh: zhTime.format(r.due_at), en: enTime.format(r.due_at) };
  const link = requestLink(r.community_id, r.id);
  const base = { communityId: r.community_id, link };
  switch (step) {
    case "sign_reminder":
      return notify(db, {
        ...base,
        userIds: await signersOf(db, r),
        kind: "deadline.sign_reminder",
        titleZh: `待签收即将超时：${r.title}`,
        titleEn: `Sign soon: ${r.title}`,
        bodyZh: `请在 ${due.zh} 前签收。`,
        bodyEn: `Please sign for it before ${due.en}.`,
      });
    case "solve_reminder":
      return notify(db, {
        ...base,
        userIds: await responsibleFor(db, r),
        kind: "deadline.solve_reminder",
        titleZh: `办理即将超时：${r.title}`,
        titleEn: `Solve soon: ${r.title}`,
        bodyZh: `请在 ${due.zh} 前办结。`,
        bodyEn: `Please resolve it before ${due.en}.`,
      });
    case "sign_escalation":
    case "solve_escalation": {
      const stage = step === "sign_escalation" ? "sign" : "solve";
      await q.insertRequestEvents(db, [
        {
          community_id: r.community_id,
          request_id: r.id,
          kind: "escalated",
          note: stage === "sign" ? "超时未签收，上报街道" : "超时未办结，上报街道",
          data: { stage, dueAt: r.due_at.toISOString(), to: "street" },
        },
      ]);
      const what = stage === "sign" ? { zh: "签收", en: "signed for" } : { zh: "办结", en: "resolved" };
      const street = await notify(db, {
        ...base,
        userIds: await q.streetOfficialsOf(db, r.community_id),
        kind: "deadline.escalated",
        titleZh: `超时上报：${r.title}`,
        titleEn: `Escalated: ${r.title}`,
        bodyZh: `该诉求未在 ${due.zh} 前${what.zh}，已上报街道。`,
        bodyEn: `It was not ${what.en} by ${due.en} and has been escalated to the street.`,
      });
      const responsible = await notify(db, {
        ...base,
        userIds: stage === "sign" ? await signersOf(db, r) : await responsibleFor(db, r),
        kind: "deadline.overdue",
        titleZh: `已超时：${r.title}`,
        titleEn: `Overdue: ${r.title}`,
        bodyZh: `未在 ${due.zh} 前${what.zh}，已上报街道，请尽快处理。`,
        bodyEn: `Not ${what.en} by ${due.en}; the street has been told. Please act now.`,
      });
      return [...street, ...responsible];
    }
  }
}

/** Who signs for a request: the grid workers of its grid, else the community staff. */
function signersOf(db: Kysely<DB>, r: q.ClaimedRequest): Promise<number[]> {
  return gridWorkersOf(db, r.community_id, r.grid_id);
}

/**
 * Who must act on a signed request: the people of the organisation it was routed to (property
 * company, co-building unit), the estate's owners' committee, the street, or the community staff —
 * plus the grid worker who signed it. Falls back to the signers when nobody is found.
 */
async function responsibleFor(db: Kysely<DB>, r: q.ClaimedRequest): Promise<number[]> {
  const ids = new Set<number>();
  if (r.signed_by != null) ids.add(r.signed_by);
  let assignees: number[] = [];
  switch (r.route_to) {
    case "property":
    case "co_building_unit":
      if (r.route_org_id != null) assignees = await q.organisationPeople(db, r.route_org_id);
      break;
    case "owners_committee":
      if (r.estate_id != null) assignees = await q.estateCommittee(db, r.community_id, r.estate_id);
      break;
    case "street":
      assignees = await q.streetOfficialsOf(db, r.community_id);
      break;
    case "community":
    case "department":
      assignees = await communityStaffOf(db, r.community_id);
      break;
  }
  for (const a of assignees) ids.add(a);
  return ids.size ? [...ids] : signersOf(db, r);
}

/**
 * Closes resolved requests that nobody confirmed by confirm_due_at as 'not_rated', through the
 * requests module's closeUnrated (one transaction each, idempotent: it closes only what is still
 * resolved and due, and tells the submitter and followers).
 */
async function closeUnconfirmed(db: Kysely<DB>): Promise<number> {
  let total = 0;
  for (;;) {
    const due = await q.unconfirmedPastDue(db, BATCH);
    let closed = 0;
    for (const r of due) if (await closeUnrated(db, r.community_id, r.id)) closed += 1;
    total += closed;
    // rows another sweep closed meanwhile are skipped; stop when a batch closed nothing new
    if (due.length < BATCH || closed === 0) return total;
  }
}

// ---- the overdue lists (超期清单) of a community and of a street ----

async function gridNamesOf(db: Kysely<DB>, communityIds: number[]): Promise<GridNames> {
  const rows = await q.gridNames(db, communityIds);
  return new Map(rows.map((g) => [gridKey(g.community_id, g.id), g.name]));
}

/** A community's overdue requests within the caller's places, with the counts per grid. */
export async function communityOverdue(
  db: Kysely<DB>,
  actor: Actor | null,
  communityId: number,
  limit: number,
) {
  const reach = authorizeWithin(actor, "requests.read", communityId);
  const filter: q.OverdueFilter = { communityIds: [communityId] };
  if (!coversCommunity(reach, communityId)) {
    // the same places as the requests module's lists: grids, estates, buildings, units
    filter.places = partialReach(reach, communityId);
  }
  const [counts, rows, names] = await Promise.all([
    q.countOverdue(db, filter),
    q.listOverdue(db, filter, limit),
    gridNamesOf(db, [communityId]),
  ]);
  return { counts, rows, names };
}

/** A whole street's overdue requests: for whoever covers every community of it (or the street). */
export async function streetOverdue(db: Kysely<DB>, actor: Actor | null, streetId: number, limit: number) {
  const a = requireActor(actor);
  const reach = reachOf(a, "requests.read");
  const street = await q.streetWithCommunities(db, streetId);
  if (!street) throw new AppError("NOT_FOUND");
  const ids = street.communities.map((c) => c.id);
  const coversStreet =
    reach.all ||
    (ids.length > 0 && ids.every((id) => coversCommunity(reach, id))) ||
    a.grants.some((g) => g.scopeType === "street" && g.scopeId === street.id && g.role === "street_official");
  if (!coversStreet) throw new AppError("OUT_OF_SCOPE");
  const filter = { communityIds: ids };
  const [counts, rows, names] = await Promise.all([
    q.countOverdue(db, filter),
    q.listOverdue(db, filter, limit),
    gridNamesOf(db, ids),
  ]);
  return { street, counts, rows, names };
}
