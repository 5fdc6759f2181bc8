// Garden plots and tree adoption (DOMAIN C4; Lvzhou's 责任田 at 100–500 yuan a year, rent to the
// volunteer fund; 认养一棵树). Staff keep plots (code, size, yearly rent stored in fen: a rent that is not
// a whole number of fen is refused) and trees. A verified resident applies for a plot for their
// household; staff approve applications in a batch: each approval makes a lease of one year and books
// the year's rent on the ledger (the community's volunteer fund +, the residents' rent account −) in the
// same transaction. A plot may open with an application window instead: its applications are collected
// and, after the window, allocated — the one applicant, else the winner of the lottery the plot opened in
// the lotteries module (kind 'garden', per household; staff freeze and draw it there, verifiably), exactly
// as the courses module does; the other applications are declined. The holder renews in the lease's
// last month (a year more, the year's rent booked); the daily job expires the leases past their last day
// (each once: the row's own condition) and reminds the household once per term when its lease enters the
// last month (a notification linking to /m/garden, where 续租 shows). Staff may reject waiting
// applications with a reason (未通过; all of a batch or none). A tree is adopted by one household at a
// time (a partial unique index) until the household or staff end the adoption (the tree is free again;
// its care records stay), and its care is recorded (date, what was done, an optional photo checked as
// requests' photos).
import type { Kysely } from "kysely";
import {
  authorize,
  authorizeWithin,
  exportingActor,
  primaryRole,
  reachOf,
  requireActor,
} from "../../../access/authorize.ts";
import type { Actor } from "../../../access/reach.ts";
import { coversCommunity } from "../../../access/reach.ts";
import type { DB } from "../../../db/schema.ts";
import { AppError } from "../../../errors.ts";
import { audited, recordAudit } from "../../core/audit/audit.service.ts";
import { shanghaiDay } from "../../core/calendar/calendar.service.ts";
import {
  attachmentDisposition,
  type SheetColumn,
  workbookBytes,
  writeWorkbook,
  XLSX_MIME,
} from "../../core/imports/imports.service.ts";
import { ensureAccount, post } from "../../core/ledger/ledger.service.ts";
import { notifyEach } from "../../core/notifications/notifications.service.ts";
import { communityExists } from "../../core/people/people.service.ts";
import { maskPhone } from "../../core/privacy/pii.present.ts";
import {
  applyToLottery,
  createLottery,
  lotteryOutcomes,
} from "../../deliberation/lotteries/lotteries.service.ts";
import { checkPhotos, type PhotoUpload } from "../../voice/requests/requests.service.ts";
import * as q from "./garden.queries.ts";
import type {
  TAddCare,
  TApplicationsQuery,
  TApprove,
  TCreatePlot,
  TCreateTree,
  TLeasesQuery,
  TPlotsQuery,
  TReject,
} from "./garden.schema.ts";

type Db = Kysely<DB>;

const notFound = (zh = "地块不存在", en = "No such plot") => new AppError("NOT_FOUND", { zh, en });
const invalid = (field: string, zh: string, en: string) =>
  new AppError("VALIDATION", { zh, en, details: [{ field, message: en }] });
const iso = (d: Date | string | null | undefined) => (d == null ? null : new Date(d).toISOString());

// ---- rent and days ----

/** The rent in fen of a yuan amount; a fraction of a fen (or anything not a plain amount) is refused. */
export function rentToFen(yuan: number | string): number {
  const text = typeof yuan === "number" ? (Number.isFinite(yuan) ? String(yuan) : "x") : yuan.trim();
  const m = /^(\d{1,6})(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) {
    if (/^\d{1,6}\.\d{3,}$/.test(text))
      throw new AppError("GARDEN_RENT_FRACTION", {
        details: [{ field: "rentYuan", message: `${text} is not a whole number of fen` }],
      });
    throw invalid(
      "rentYuan",
      "租金须是以元为单位的金额，例如 120.50",
      "The rent is an amount in yuan, e.g. 120.50",
    );
  }
  const fen = Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
  if (fen < 10_000 || fen > 50_000)
    throw invalid(
      "rentYuan",
      "年租金须在 100 至 500 元之间",
      "The yearly rent must be between 100 and 500 yuan",
    );
  return fen;
}

const dayParts = (day: string) => day.split("-").map(Number) as [number, number, number];
const fmt = (d: Date) => d.toISOString().slice(0, 10);
export const addDays = (day: string, n: number) => {
  const [y, m, d] = dayParts(day);
  return fmt(new Date(Date.UTC(y, m - 1, d + n)));
};
/** The same day months later (clamped to the month's end: 31 Jan + 1 month = 28/29 Feb). */
export const addMonths = (day: string, n: number) => {
  const [y, m, d] = dayParts(day);
  const last = new Date(Date.UTC(y, m - 1 + n + 1, 0)).getUTCDate();
  return fmt(new Date(Date.UTC(y, m - 1 + n, Math.min(d, last))));
};
/** A year from `start`: its last day. */
export const yearEnd = (start: string) => addDays(addMonths(start, 12), -1);
/** In the lease's last month: after the day a month before its end, up to its end. */
export const renewable = (endsOn: string, today: string) => today > addMonths(endsOn, -1) && today <= endsOn;

// ---- who ----

const isStaff = (a: Actor | null, communityId: number, perm: "garden.read" | "garden.manage") =>
  !!a && coversCommunity(reachOf(a, perm), communityId);
const homesIn = (a: Actor, communityId: number) =>
  a.residencies.filter(
    (r): r is typeof r & { householdId: number } =>
      r.communityId === communityId && r.status === "verified" && r.householdId != null,
  );
function readerOf(a: Actor, communityId: number) {
  const isResident = a.residencies.some((r) => r.communityId === communityId && r.status === "verified");
  if (!isResident && !isStaff(a, communityId, "garden.read")) authorizeWithin(a, "garden.read", communityId);
}
function requireHome(a: Actor, communityId: number, zh: string, en: string) {
  const home = homesIn(a, communityId)[0];
  if (!home) throw new AppError("FORBIDDEN", { zh, en });
  return home;
}

// ---- the ledger: the volunteer fund ----

async function rentAccounts(db: Db, communityId: number) {
  const fund = await ensureAccount(db, {
    communityId,
    code: "community:volunteer-fund",
    nameZh: "志愿服务基金",
    nameEn: "Volunteer fund",
    unit: "fen",
    allowNegative: false,
    ownerKind: "community",
    ownerId: communityId,
  });
  const payers = await ensureAccount(db, {
    communityId,
    code: "garden:rent-paid",
    nameZh: "菜地租金（居民缴纳）",
    nameEn: "Garden plot rent paid by residents",
    unit: "fen",
    allowNegative: true,
    ownerKind: "garden",
    ownerId: communityId,
  });
  return { fund, payers };
}

/** Books a lease's year of rent to the volunteer fund, in the caller's transaction; once per period. */
async function bookRent(
  trx: Db,
  r: {
    communityId: number;
    leaseId: number;
    plotCode: string;
    periodStart: string;
    periodEnd: string;
    rentFen: number;
    actorUserId: number;
  },
) {
  const { fund, payers } = await rentAccounts(trx, r.communityId);
  const { transactionId } = await post(trx, {
    communityId: r.communityId,
    idempotencyKey: `garden:lease:${r.leaseId}:${r.periodStart}`,
    kind: "garden.rent",
    memo: `菜地 ${r.plotCode} 年租金 ${r.periodStart} 至 ${r.periodEnd}`,
    postings: [
      { accountId: fund.id, amount: r.rentFen },
      { accountId: payers.id, amount: -r.rentFen },
    ],
    actorUserId: r.actorUserId,
    refKind: "garden_lease",
    refId: r.leaseId,
  });
  await q.insertRent(trx, {
    community_id: r.communityId,
    lease_id: r.leaseId,
    period_start: r.periodStart,
    period_end: r.periodEnd,
    rent_fen: r.rentFen,
    ledger_transaction_id: transactionId,
  });
  return transactionId;
}

// ---- plots ----

function presentPlot(
  p: q.PlotRow,
  mine: {
    applicationId: number | null;
    applicationStatus: string | null;
    rejectReason: string | null;
    lease: q.HomeLease | null;
  } | null,
  today: string,
) {
  return {
    id: p.id,
    communityId: p.community_id,
    code: p.code,
    sizeM2: Number(p.size_m2),
    rentFen: p.rent_fen,
    note: p.note,
    applyUntil: iso(p.apply_until),
    lotteryId: p.lottery_id,
    allocated: !!p.allocated_at,
    state: (p.lease_ends_on ? "leased" : "free") as "free" | "leased",
    leaseEndsOn: p.lease_ends_on,
    applications: Number(p.applied),
    mine: mine
      ? {
          applicationId: mine.applicationId,
          applicationStatus: mine.applicationStatus as
            | "applied"
            | "approved"
            | "declined"
            | "rejected"
            | null,
          rejectReason: mine.rejectReason,
          lease: mine.lease
            ? {
                id: mine.lease.id,
                startsOn: mine.lease.starts_day,
                endsOn: mine.lease.ends_day,
                status: mine.lease.status,
                renewable: mine.lease.status === "active" && renewable(mine.lease.ends_day, today),
              }
            : null,
        }
      : null,
  };
}

async function requirePlot(db: Db, communityId: number, id: number) {
  const p = await q.findPlot(db, communityId, id);
  if (!p) throw notFound();
  return p;
}

export async function createPlot(db: Db, actor: Actor | null, communityId: number, input: TCreatePlot) {
  const reach = authorize(actor, "garden.manage", { communityId });
  const a = requireActor(actor);
  if (!(await communityExists(db, communityId)))
    throw new AppError("NOT_FOUND", { zh: "社区不存在", en: "Community not found" });
  const rentFen = rentToFen(input.rentYuan);
  if (await q.plotCodeTaken(db, communityId, input.code))
    throw new AppError("CONFLICT", { zh: "这个地块编号已经有了", en: "A plot with this code exists" });
  const now = Date.now();
  if (input.applyUntil) {
    if (input.applyUntil.getTime() <= now)
      throw invalid("applyUntil", "申请截止时间须在将来", "The application window must end in the future");
    if (input.applyUntil.getTime() > now + 366 * 86_400_000)
      throw invalid("applyUntil", "申请期最长一年", "An application window is at most a year long");
  }
  const { id, lottery } = await audited(db, async (trx) => {
    let lottery: { id: number; secret: string | null } | null = null;
    if (input.applyUntil) {
      // drawn by the lotteries module when oversubscribed (it authorizes its own command), in this
      // transaction: a plot that is not made leaves no lottery behind
      const made = await createLottery(trx, actor, communityId, {
        title: `责任田 ${input.code}：申请摇号`.slice(0, 80),
        description: `${input.sizeM2} 平方米 · 年租金 ${(rentFen / 100).toFixed(2)} 元`,
        kind: "garden",
        places: 1,
        items: [],
        audience: "residents",
        per: "household",
        opensAt: new Date(now),
        closesAt: input.applyUntil,
      });
      lottery = { id: made.lottery.id, secret: made.secret };
    }
    const { id } = await q.insertPlot(trx, {
      community_id: communityId,
      code: input.code,
      size_m2: Math.round(input.sizeM2 * 10) / 10,
      rent_fen: rentFen,
      note: input.note,
      apply_until: input.applyUntil ?? null,
      lottery_id: lottery?.id ?? null,
      allocated_at: null,
      created_by: a.userId,
    });
    return {
      result: { id, lottery },
      audit: {
        actorUserId: a.userId,
        actorRole: primaryRole(reach),
        communityId,
        action: "garden.plot.create",
        targetType: "garden_plot",
        targetId: id,
        after: { ...input, rentFen, lotteryId: lottery?.id ?? null },
      },
    };
  });
  const p = await requirePlot(db, communityId, id);
  return { plot: presentPlot(p, null, shanghaiDay(new Date())), lotterySecret: lottery?.secret ?? null };
}

export async function listPlots(db: Db, actor: Actor | null, communityId: number, f: TPlotsQuery) {
  const a = requireActor(actor);
  readerOf(a, communityId);
  const rows = await q.listPlots(db, communityId, f);
  const homes = homesIn(a, communityId).map((h) => h.householdId);
  const [apps, leases] = await Promise.all([
    q.householdApplications(db, communityId, homes),
    q.householdLeases(db, communityId, homes),
  ]);
  const today = shanghaiDay(new Date());
  return {
    total: rows.length,
    items: rows.slice(f.offset, f.offset + f.limit).map((p) => {
      const app = apps.find((x) => x.plot_id === p.id);
      const lease = leases.find((x) => x.plot_id === p.id && x.status === "active") ?? null;
      return presentPlot(
        p,
        homes.length
          ? {
              applicationId: app?.id ?? null,
              applicationStatus: app?.status ?? null,
              rejectReason: app?.reject_reason ?? null,
              lease,
            }
          : null,
        today,
      );
    }),
  };
}

// ---- residents: apply ----

export async function applyForPlot(db: Db, actor: Actor | null, communityId: number, plotId: number) {
  const a = requireActor(actor);
  const p = await requirePlot(db, communityId, plotId);
  const home = requireHome(
    a,
    communityId,
    "只有本社区已认证、登记了住户的居民可以申请",
    "Only verified residents of the community with a household may apply",
  );
  if (p.lease_ends_on) throw new AppError("GARDEN_PLOT_TAKEN");
  if (await q.liveApplicationOf(db, communityId, plotId, home.householdId))
    throw new AppError("GARDEN_APPLIED");
  const inWindow = !!p.apply_until && Date.now() < p.apply_until.getTime();
  if (p.apply_until && !inWindow && !p.allocated_at) throw new AppError("GARDEN_NOT_ALLOCATED");
  if (inWindow && p.lottery_id != null) await applyToLottery(db, a, communityId, p.lottery_id);
  try {
    const row = await q.insertApplication(db, {
      community_id: communityId,
      plot_id: plotId,
      resident_id: home.residentId,
      household_id: home.householdId,
      user_id: a.userId,
    });
    return { applicationId: row.id, status: row.status };
  } catch (err) {
    if ((err as { code?: string }).code === "23505") throw new AppError("GARDEN_APPLIED");
    throw err;
  }
}

// ---- staff: approve (a batch), allocate a window ----

/** Approves one application in the caller's transaction: a lease of a year, its rent booked. */
async function approveOne(trx: Db, userId: number, communityId: number, applicationId: number) {
  const app = await q.findApplication(trx, communityId, applicationId);
  if (!app) throw notFound("申请不存在", "No such application");
  const plot = await q.lockPlot(trx, communityId, app.plot_id);
  if (!plot) throw notFound();
  const now = await q.findApplication(trx, communityId, applicationId);
  if (now?.status !== "applied")
    throw new AppError("CONFLICT", {
      zh: "这份申请已经处理过了",
      en: "This application was already decided",
    });
  if (await q.activeLeaseOf(trx, communityId, plot.id)) throw new AppError("GARDEN_PLOT_TAKEN");
  if (plot.apply_until && !plot.allocated_at) {
    if (Date.now() < plot.apply_until.getTime()) throw new AppError("GARDEN_NOT_ALLOCATED");
    const applied = await q.appliedOf(trx, communityId, plot.id);
    if (applied.length > 1) {
      const outcomes =
        plot.lottery_id != null ? await lotteryOutcomes(trx, communityId, plot.lottery_id) : null;
      const won = outcomes?.drawn
        ? outcomes.applications.find((x) => x.householdId === app.household_id)?.outcome === "won"
        : false;
      if (!won) throw new AppError("GARDEN_NOT_ALLOCATED");
    }
    await q.markAllocated(trx, communityId, plot.id);
  }
  await q.decide(trx, communityId, [applicationId], "approved", userId);
  const others = (await q.appliedOf(trx, communityId, plot.id)).map((x) => x.id);
  await q.decide(trx, communityId, others, "declined", userId);
  const startsOn = shanghaiDay(new Date());
  const endsOn = yearEnd(startsOn);
  const { id: leaseId } = await q.insertLease(trx, {
    community_id: communityId,
    plot_id: plot.id,
    application_id: applicationId,
    resident_id: app.resident_id,
    household_id: app.household_id,
    user_id: app.user_id,
    starts_on: startsOn,
    ends_on: endsOn,
  });
  const ledgerTransactionId = await bookRent(trx, {
    communityId,
    leaseId,
    plotCode: plot.code,
    periodStart: startsOn,
    periodEnd: endsOn,
    rentFen: plot.rent_fen,
    actorUserId: userId,
  });
  return {
    applicationId,
    leaseId,
    ledgerTransactionId,
    declined: others.length,
    plotId: plot.id,
    startsOn,
    endsOn,
  };
}

export async function approveApplications(db: Db, actor: Actor | null, communityId: number, input: TApprove) {
  const reach = authorize(actor, "garden.manage", { communityId });
  const a = requireActor(actor);
  const approved: { applicationId: number; leaseId: number; ledgerTransactionId: number }[] = [];
  const refused: { applicationId: number; code: string; zh: string; en: string }[] = [];
  const ids = [...new Set(input.applications)];
  const known = new Set(await q.applicationIdsIn(db, communityId, ids));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length)
    throw new AppError("NOT_FOUND", {
      zh: `申请不存在：${unknown.join("、")}`,
      en: `No such application: ${unknown.join(", ")}`,
      details: [{ field: "applications", message: `unknown: ${unknown.join(", ")}` }],
    });
  for (const id of ids) {
    try {
      const r = await audited(db, async (trx) => {
        const r = await approveOne(trx, a.userId, communityId, id);
        return {
          result: r,
          audit: {
            actorUserId: a.userId,
            actorRole: primaryRole(reach),
            communityId,
            action: "garden.application.approve",
            targetType: "garden_application",
            targetId: id,
            after: { leaseId: r.leaseId, startsOn: r.startsOn, endsOn: r.endsOn, declined: r.declined },
          },
        };
      });
      approved.push({ applicationId: id, leaseId: r.leaseId, ledgerTransactionId: r.ledgerTransactionId });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      refused.push({ applicationId: id, code: e.code, zh: e.zh, en: e.en });
    }
  }
  return { approved, refused };
}

const GARDEN_LINK = "/m/garden";

/**
 * Rejects waiting applications with a reason (未通过), all of them in one transaction or none: an
 * application already decided (GARDEN_DECIDED) or of a plot whose window is open or not yet allocated
 * (GARDEN_IN_WINDOW: the lottery decides those) refuses the whole batch and changes nothing. The plots'
 * rows are locked first (as approval does), so an approval and a rejection of the same application
 * cannot both succeed. Each applicant is notified with the reason; audited per application.
 */
export async function rejectApplications(db: Db, actor: Actor | null, communityId: number, input: TReject) {
  const reach = authorize(actor, "garden.manage", { communityId });
  const a = requireActor(actor);
  const ids = [...new Set(input.applications)];
  const known = new Set(await q.applicationIdsIn(db, communityId, ids));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length)
    throw new AppError("NOT_FOUND", {
      zh: `申请不存在：${unknown.join("、")}`,
      en: `No such application: ${unknown.join(", ")}`,
      details: [{ field: "applications", message: `unknown: ${unknown.join(", ")}` }],
    });
  return db.transaction().execute(async (trx) => {
    // the plots first, then the applications: the order approval takes them in (no deadlock)
    const first = await q.applicationsWithPlot(trx, communityId, ids, false);
    await q.lockPlots(trx, communityId, [...new Set(first.map((x) => x.plot_id))]);
    const apps = await q.applicationsWithPlot(trx, communityId, ids, true);
    const decided = apps.filter((x) => x.status !== "applied");
    if (decided.length)
      throw new AppError("GARDEN_DECIDED", {
        details: decided.map((x) => ({ field: "applications", message: `#${x.id} is ${x.status}` })),
      });
    const windowed = apps.filter((x) => x.apply_until && !x.allocated_at);
    if (windowed.length)
      throw new AppError("GARDEN_IN_WINDOW", {
        details: windowed.map((x) => ({ field: "applications", message: `#${x.id}: plot ${x.code}` })),
      });
    const rows = await q.rejectApplications(trx, communityId, ids, input.reason, a.userId);
    if (rows.length !== ids.length) throw new AppError("GARDEN_DECIDED");
    for (const x of apps)
      await recordAudit(trx, {
        actorUserId: a.userId,
        actorRole: primaryRole(reach),
        communityId,
        action: "garden.application.reject",
        targetType: "garden_application",
        targetId: x.id,
        reason: input.reason,
        before: { status: x.status },
        after: { status: "rejected", plotId: x.plot_id },
      });
    await notifyEach(trx, {
      communityId,
      kind: "garden.application_rejected",
      items: apps.map((x) => ({
        userId: x.user_id,
        titleZh: `责任田 ${x.code} 的申请未通过`,
        titleEn: `Your application for garden plot ${x.code} was not approved`,
        bodyZh: `原因：${input.reason}`,
        bodyEn: `Reason: ${input.reason}`,
        link: GARDEN_LINK,
      })),
    });
    return { rejected: apps.map((x) => x.id) };
  });
}

export async function allocatePlot(db: Db, actor: Actor | null, communityId: number, plotId: number) {
  const reach = authorize(actor, "garden.manage", { communityId });
  const a = requireActor(actor);
  const p = await requirePlot(db, communityId, plotId);
  if (!p.apply_until)
    throw invalid(
      "plotId",
      "这块地没有申请期：直接批准申请",
      "This plot has no application window: approve directly",
    );
  if (p.allocated_at)
    throw new AppError("CONFLICT", { zh: "这块地已经分配过了", en: "This plot was already allocated" });
  if (Date.now() < p.apply_until.getTime()) throw new AppError("GARDEN_NOT_ALLOCATED");
  const applied = await q.appliedOf(db, communityId, plotId);
  const byLottery = applied.length > 1;
  let winner: (typeof applied)[number] | undefined = applied[0];
  if (byLottery) {
    const outcomes = p.lottery_id != null ? await lotteryOutcomes(db, communityId, p.lottery_id) : null;
    if (!outcomes?.drawn) throw new AppError("GARDEN_NOT_ALLOCATED");
    const won = outcomes.applications.find((x) => x.outcome === "won");
    winner = applied.find((x) => x.household_id === won?.householdId);
  }
  return audited(db, async (trx) => {
    let leaseId: number | null = null;
    let declined = 0;
    if (winner) {
      const r = await approveOne(trx, a.userId, communityId, winner.id);
      leaseId = r.leaseId;
      declined = r.declined;
    } else {
      if (!(await q.markAllocated(trx, communityId, plotId))) throw new AppError("CONFLICT");
      declined = (
        await q.decide(
          trx,
          communityId,
          applied.map((x) => x.id),
          "declined",
          a.userId,
        )
      ).length;
    }
    return {
      result: { leaseId, declined, byLottery },
      audit: {
        actorUserId: a.userId,
        actorRole: primaryRole(reach),
        communityId,
        action: "garden.plot.allocate",
        targetType: "garden_plot",
        targetId: plotId,
        after: { leaseId, declined, byLottery, lotteryId: p.lottery_id },
      },
    };
  });
}

export async function listApplications(
  db: Db,
  actor: Actor | null,
  communityId: number,
  f: TApplicationsQuery,
) {
  authorize(actor, "garden.read", { communityId });
  const rows = await q.applicationRows(db, communityId, f);
  const now = Date.now();
  return {
    total: rows.length,
    items: rows.slice(f.offset, f.offset + f.limit).map((r) => ({
      id: r.id,
      plotId: r.plot_id,
      plotCode: r.code,
      rentFen: r.rent_fen,
      residentId: r.resident_id,
      name: r.name,
      phone: maskPhone(r.phone),
      householdId: r.household_id,
      status: r.status,
      inWindow: !!r.apply_until && now < r.apply_until.getTime(),
      createdAt: iso(r.created_at)!,
      decidedAt: iso(r.decided_at),
      rejectReason: r.reject_reason,
    })),
  };
}

// ---- leases ----

const presentLease = (r: Awaited<ReturnType<typeof q.leaseRows>>[number]) => ({
  id: r.id,
  plotId: r.plot_id,
  plotCode: r.code,
  sizeM2: Number(r.size_m2),
  residentId: r.resident_id,
  name: r.name,
  phone: maskPhone(r.phone),
  startsOn: r.starts_day,
  endsOn: r.ends_day,
  status: r.status,
  renewals: r.renewals,
  rentPaidFen: Number(r.paid),
});

export async function listLeases(db: Db, actor: Actor | null, communityId: number, f: TLeasesQuery) {
  authorize(actor, "garden.read", { communityId });
  const rows = await q.leaseRows(db, communityId, f);
  return { total: rows.length, items: rows.slice(f.offset, f.offset + f.limit).map(presentLease) };
}

const LEASE_COLUMNS: SheetColumn[] = [
  { header: "地块 / Plot", width: 10 },
  { header: "面积㎡ / Size m²", width: 10 },
  { header: "承租人 / Holder", width: 12 },
  { header: "电话 / Phone", width: 14 },
  { header: "开始 / Starts", width: 12 },
  { header: "结束 / Ends", width: 12 },
  { header: "状态 / Status", width: 10 },
  { header: "续租次数 / Renewals", width: 8 },
  { header: "已缴租金（元）/ Rent paid (yuan)", width: 12, numFmt: "0.00" },
];

export async function exportLeases(db: Db, actor: Actor | null, communityId: number, f: TLeasesQuery) {
  const a = requireActor(actor);
  // exporting needs data.export and garden.read from the same grants
  const exporter = exportingActor(a);
  const reach = authorize(exporter, "garden.read", { communityId });
  const rows = (await q.leaseRows(db, communityId, f)).map(presentLease);
  await recordAudit(db, {
    actorUserId: a.userId,
    actorRole: primaryRole(reach),
    communityId,
    action: "data.export",
    targetType: "garden_leases",
    targetId: communityId,
    after: { format: "xlsx", filters: f, rows: rows.length },
  });
  const status = { active: "在租 active", expired: "已到期 expired" };
  const body = await workbookBytes((sink) =>
    writeWorkbook(
      { name: "责任田租约", columns: LEASE_COLUMNS, notes: [] },
      rows.map((r) => [
        r.plotCode,
        r.sizeM2,
        r.name,
        r.phone ?? "",
        r.startsOn,
        r.endsOn,
        status[r.status],
        r.renewals,
        r.rentPaidFen / 100,
      ]),
      sink,
    ),
  );
  const stamp = shanghaiDay(new Date());
  return {
    contentType: XLSX_MIME,
    disposition: attachmentDisposition(
      `garden-leases-${communityId}-${stamp}.xlsx`,
      `责任田租约-${stamp}.xlsx`,
    ),
    rows: rows.length,
    body,
  };
}

/** The holder's household renews in the lease's last month: a year more, the year's rent booked. */
export async function renewLease(db: Db, actor: Actor | null, communityId: number, leaseId: number) {
  const a = requireActor(actor);
  const l = await q.findLease(db, communityId, leaseId);
  const homes = homesIn(a, communityId).map((h) => h.householdId);
  if (!l || !homes.includes(l.household_id)) throw notFound("租约不存在", "No such lease");
  return db.transaction().execute(async (trx) => {
    const now = await q.lockLease(trx, communityId, leaseId);
    if (now?.status !== "active")
      throw new AppError("CONFLICT", { zh: "租约已经到期", en: "This lease has expired" });
    if (!renewable(now.ends_day, shanghaiDay(new Date()))) throw new AppError("GARDEN_RENEW_NOT_YET");
    const plot = await q.lockPlot(trx, communityId, now.plot_id);
    const periodStart = addDays(now.ends_day, 1);
    const endsOn = yearEnd(periodStart);
    await q.extendLease(trx, communityId, leaseId, endsOn);
    const ledgerTransactionId = await bookRent(trx, {
      communityId,
      leaseId,
      plotCode: plot!.code,
      periodStart,
      periodEnd: endsOn,
      rentFen: plot!.rent_fen,
      actorUserId: a.userId,
    });
    return { leaseId, endsOn, rentFen: plot!.rent_fen, ledgerTransactionId };
  });
}

/**
 * The daily job: expires every active lease past its last day (China time), each exactly once; then
 * reminds the household of every lease that has entered its last month, once per term (the claim sets
 * `reminded_for`, the notification goes in the same transaction: both or neither).
 */
export async function sweepGarden(db: Db, o: { now?: Date } = {}) {
  const today = shanghaiDay(o.now ?? new Date());
  const expired = await q.expireLeases(db, today);
  const reminded = await db.transaction().execute(async (trx) => {
    const leases = await q.claimLastMonthReminders(trx, today);
    const members = await q.householdUsers(
      trx,
      leases.map((l) => ({ communityId: l.community_id, householdId: l.household_id })),
    );
    const byCommunity = new Map<number, typeof leases>();
    for (const l of leases) byCommunity.set(l.community_id, [...(byCommunity.get(l.community_id) ?? []), l]);
    for (const [communityId, list] of byCommunity)
      await notifyEach(trx, {
        communityId,
        kind: "garden.lease_last_month",
        items: list.flatMap((l) => {
          const users = new Set([
            l.user_id,
            ...members
              .filter((m) => m.community_id === communityId && m.household_id === l.household_id)
              .map((m) => m.user_id!),
          ]);
          return [...users].map((userId) => ({
            userId,
            titleZh: `责任田 ${l.code} 的租期 ${l.ends_day} 到期`,
            titleEn: `Your lease of garden plot ${l.code} ends on ${l.ends_day}`,
            bodyZh: "租期进入最后一个月：在“菜地与认养”点“续租一年”即可再租一年，到期不续租地块将空出。",
            bodyEn:
              "The lease is in its last month: tap “Renew for a year” on the garden page to keep the plot; unrenewed, it is freed after its last day.",
            link: GARDEN_LINK,
          }));
        }),
      });
    return leases.length;
  });
  return { expired: expired.length, reminded };
}

// ---- trees ----

function presentTree(t: q.TreeRow, homes: number[], staff: boolean) {
  return {
    id: t.id,
    communityId: t.community_id,
    code: t.code,
    species: t.species,
    location: t.location,
    adopted: t.adoption_id != null,
    adoptedByMine: t.household_id != null && homes.includes(t.household_id),
    adopterName: staff ? (t.adopter_name ?? null) : null,
    adoptedAt: iso(t.adopted_at),
    cares: Number(t.cares),
    lastCareOn: t.last_care_on,
  };
}

export async function createTree(db: Db, actor: Actor | null, communityId: number, input: TCreateTree) {
  const reach = authorize(actor, "garden.manage", { communityId });
  const a = requireActor(actor);
  if (!(await communityExists(db, communityId)))
    throw new AppError("NOT_FOUND", { zh: "社区不存在", en: "Community not found" });
  if (await q.treeCodeTaken(db, communityId, input.code))
    throw new AppError("CONFLICT", { zh: "这个树木编号已经有了", en: "A tree with this code exists" });
  const id = await audited(db, async (trx) => {
    const { id } = await q.insertTree(trx, { community_id: communityId, created_by: a.userId, ...input });
    return {
      result: id,
      audit: {
        actorUserId: a.userId,
        actorRole: primaryRole(reach),
        communityId,
        action: "garden.tree.create",
        targetType: "garden_tree",
        targetId: id,
        after: input,
      },
    };
  });
  return { tree: presentTree((await q.findTree(db, communityId, id))!, [], true) };
}

export async function listTrees(db: Db, actor: Actor | null, communityId: number) {
  const a = requireActor(actor);
  readerOf(a, communityId);
  const homes = homesIn(a, communityId).map((h) => h.householdId);
  const staff = isStaff(a, communityId, "garden.read");
  const rows = await q.treeRows(db, communityId).orderBy("t.code").limit(2000).execute();
  return { items: rows.map((t) => presentTree(t, homes, staff)) };
}

async function requireTree(db: Db, communityId: number, id: number) {
  const t = await q.findTree(db, communityId, id);
  if (!t) throw notFound("树木不存在", "No such tree");
  return t;
}

export async function adoptTree(db: Db, actor: Actor | null, communityId: number, treeId: number) {
  const a = requireActor(actor);
  const t = await requireTree(db, communityId, treeId);
  const home = requireHome(
    a,
    communityId,
    "只有本社区已认证、登记了住户的居民可以认养",
    "Only verified residents of the community with a household may adopt",
  );
  if (t.adoption_id != null) throw new AppError("GARDEN_TREE_ADOPTED");
  try {
    const { id } = await q.insertAdoption(db, {
      community_id: communityId,
      tree_id: treeId,
      household_id: home.householdId,
      resident_id: home.residentId,
      user_id: a.userId,
    });
    return { adoptionId: id, treeId };
  } catch (err) {
    // two households at once: the partial unique index keeps the first
    if ((err as { code?: string }).code === "23505") throw new AppError("GARDEN_TREE_ADOPTED");
    throw err;
  }
}

/**
 * Ends a tree's adoption, by the adopting household or the community's staff: the tree is free for
 * another household (the partial unique index holds live adoptions only); its care records stay, with
 * the adoption they were made under. Audited; 409 GARDEN_NOT_ADOPTED when no household adopts it.
 */
export async function endAdoption(db: Db, actor: Actor | null, communityId: number, treeId: number) {
  const a = requireActor(actor);
  const t = await requireTree(db, communityId, treeId);
  const homes = homesIn(a, communityId).map((h) => h.householdId);
  const adopter = t.household_id != null && homes.includes(t.household_id);
  const staff = isStaff(a, communityId, "garden.manage");
  const member = homes.length > 0 || a.residencies.some((r) => r.communityId === communityId);
  // the community's residents see whether a tree is adopted: ending a free tree is 409 for them too
  // (e.g. the household that has just ended it), not 403
  if (t.adoption_id == null && (member || staff)) throw new AppError("GARDEN_NOT_ADOPTED");
  if (!adopter && !staff) {
    if (member)
      throw new AppError("FORBIDDEN", {
        zh: "只有认养这棵树的住户或社区工作人员可以结束认养",
        en: "Only the adopting household or the community's staff may end the adoption",
      });
    authorize(a, "garden.manage", { communityId });
  }
  if (t.adoption_id == null) throw new AppError("GARDEN_NOT_ADOPTED");
  const adoptionId = t.adoption_id;
  return audited(db, async (trx) => {
    const ended = await q.endAdoption(trx, communityId, adoptionId, a.userId);
    if (!ended) throw new AppError("GARDEN_NOT_ADOPTED");
    return {
      result: { adoptionId, treeId, endedAt: iso(ended.ended_at)! },
      audit: {
        actorUserId: a.userId,
        actorRole: adopter ? "resident" : primaryRole(reachOf(a, "garden.manage")),
        communityId,
        action: "garden.adoption.end",
        targetType: "garden_adoption",
        targetId: adoptionId,
        after: { treeId, householdId: t.household_id },
      },
    };
  });
}

const presentCare = (c: {
  id: number;
  tree_id: number;
  done_day: string;
  what: string;
  photo_mime: string | null;
  created_at: Date;
}) => ({
  id: c.id,
  treeId: c.tree_id,
  doneOn: c.done_day,
  what: c.what,
  hasPhoto: c.photo_mime != null,
  createdAt: iso(c.created_at)!,
});

/** A care record by the adopting household (or staff), with an optional photo (checked as requests'). */
export async function addCare(
  db: Db,
  actor: Actor | null,
  communityId: number,
  treeId: number,
  input: TAddCare,
  uploads: PhotoUpload[],
) {
  const a = requireActor(actor);
  const t = await requireTree(db, communityId, treeId);
  const homes = homesIn(a, communityId).map((h) => h.householdId);
  const adopter = t.household_id != null && homes.includes(t.household_id);
  if (!adopter && !isStaff(a, communityId, "garden.manage")) {
    if (homes.length || a.residencies.some((r) => r.communityId === communityId))
      throw new AppError("FORBIDDEN", {
        zh: "只有认养这棵树的住户或社区工作人员可以记录养护",
        en: "Only the adopting household or the community's staff may record its care",
      });
    authorize(a, "garden.manage", { communityId });
  }
  if (input.doneOn > shanghaiDay(new Date()))
    throw invalid("doneOn", "养护日期不能在将来", "The care cannot be dated in the future");
  if (uploads.length > 1)
    throw new AppError("TOO_LARGE", {
      zh: "每条养护记录最多一张照片",
      en: "At most one photo per care record",
      details: [{ field: "photos", message: "too many files" }],
    });
  const [photo] = await checkPhotos(uploads, false);
  const row = await q.insertCare(db, {
    community_id: communityId,
    tree_id: treeId,
    adoption_id: t.adoption_id ?? null,
    done_on: input.doneOn,
    what: input.what,
    by_user: a.userId,
    photo_mime: photo?.mime ?? null,
    photo_size: photo?.byteSize ?? null,
    photo_sha256: photo?.sha256 ?? null,
    photo_bytes: photo?.bytes ?? null,
  });
  return { care: presentCare(row) };
}

export async function listCare(db: Db, actor: Actor | null, communityId: number, treeId: number) {
  const a = requireActor(actor);
  readerOf(a, communityId);
  await requireTree(db, communityId, treeId);
  return { items: (await q.caresOf(db, communityId, treeId)).map(presentCare) };
}

export async function readCarePhoto(
  db: Db,
  actor: Actor | null,
  communityId: number,
  treeId: number,
  careId: number,
) {
  const a = requireActor(actor);
  readerOf(a, communityId);
  const p = await q.carePhoto(db, communityId, treeId, careId);
  if (!p?.photo_bytes || !p.photo_mime)
    throw new AppError("NOT_FOUND", { zh: "照片不存在", en: "No such photo" });
  return { mime: p.photo_mime, bytes: p.photo_bytes, sha256: p.photo_sha256 ?? "" };
}

// ---- mine ----

export async function myGarden(db: Db, actor: Actor | null) {
  const a = requireActor(actor);
  const keys = a.residencies
    .filter((r) => r.status === "verified" && r.householdId != null)
    .map((r) => ({ communityId: r.communityId, householdId: r.householdId! }));
  const [leases, apps, trees] = await Promise.all([
    q.leasesOfHouseholds(db, keys),
    q.applicationsOfHouseholds(db, keys),
    q.adoptionsOfHouseholds(db, keys),
  ]);
  const today = shanghaiDay(new Date());
  return {
    leases: leases.map((l) => ({
      id: l.id,
      communityId: l.community_id,
      communityName: l.community_name,
      plotId: l.plot_id,
      plotCode: l.code,
      rentFen: l.rent_fen,
      startsOn: l.starts_day,
      endsOn: l.ends_day,
      status: l.status,
      renewable: l.status === "active" && renewable(l.ends_day, today),
    })),
    applications: apps.map((x) => ({
      id: x.id,
      communityId: x.community_id,
      plotId: x.plot_id,
      plotCode: x.code,
      status: x.status,
      rejectReason: x.reject_reason,
    })),
    trees: trees.map((t) => ({
      communityId: t.community_id,
      treeId: t.tree_id,
      code: t.code,
      species: t.species,
      adoptedAt: iso(t.adopted_at)!,
    })),
  };
}
