// A co-building project's public account (P3 公示), split from projects.service.ts: the treasurer's
// bookings (income and expense with a voucher photo, on the ledger through projects-ledger.ts), their
// correction by a reversing booking (冲正), the account page with its balance and totals, its Excel
// export and its 公示 notice. The rules on who may see a project and who runs it stay in
// projects.service.ts, which this file builds on (never the reverse).
import type { Kysely } from "kysely";
import type { z } from "zod";
import { primaryRole, reachOf, requireActor } from "../../../access/authorize.ts";
import type { Actor } from "../../../access/reach.ts";
import type { DB } from "../../../db/schema.ts";
import { AppError } from "../../../errors.ts";
import { emitEvent } from "../../../events/outbox.ts";
import { recordAudit } from "../../core/audit/audit.service.ts";
import { shanghaiDay } from "../../core/calendar/calendar.service.ts";
import {
  attachmentDisposition,
  workbookBytes,
  writeWorkbook,
  XLSX_MIME,
} from "../../core/imports/imports.service.ts";
import { publishNotice } from "../../deliberation/notices/notices.service.ts";
import { todayInChina } from "../../voice/claims/claims.service.ts";
import { checkPhotos, type PhotoUpload } from "../../voice/requests/requests.service.ts";
import { projectBooked } from "./projects.events.ts";
import * as q from "./projects.queries.ts";
import type { ZBooking, ZReverseBooking } from "./projects.schema.ts";
import {
  conflict,
  invalid,
  loadProject,
  mayReadAccount,
  notYours,
  projectNotFound,
  requireManager,
  residentProjectLink,
  STATUS_ZH,
  shanghaiCell,
  storePhotos,
  visibleProject,
  yuan,
} from "./projects.service.ts";
import { postProjectBooking, reverseProjectBooking } from "./projects-ledger.ts";

type Db = Kysely<DB>;
type In<T extends z.ZodType> = z.output<T>;

function presentBooking(k: q.BookingRow) {
  return {
    id: k.id,
    seq: k.seq,
    direction: k.direction,
    amountFen: Number(k.amount_fen),
    balanceFen: Number(k.balance_fen),
    memo: k.memo,
    counterparty: k.counterparty,
    occurredOn: k.occurred_on,
    sourceLabel: k.source_label,
    budgetLineName: k.line_name,
    voucherPhotoId: k.voucher_photo_id,
    ledgerTransactionId: k.ledger_transaction_id,
    bookedAt: k.booked_at,
    correctsSeq: k.corrects_seq ?? null,
    correctedBySeq: k.corrected_by_seq ?? null,
  };
}

/**
 * The treasurer books an income or an expense with its voucher photo. One transaction: the project's
 * lock, the ledger transaction (which refuses to take the project's account below zero), the voucher,
 * the booking row with the balance after it, a money pledge's fulfilment. A retried booking with the
 * same idempotency key answers the first one and books nothing (`replayed: true`).
 */
export async function bookProjectEntry(
  db: Db,
  actor: Actor | null,
  communityId: number,
  projectId: number,
  input: In<typeof ZBooking>,
  uploads: PhotoUpload[] = [],
) {
  const a = requireActor(actor);
  const p = await loadProject(db, communityId, projectId);
  if (p.treasurer_user_id !== a.userId)
    throw notYours("只有项目出纳可以记账", "Only the project's treasurer can book its income and expenses");
  const replay = await q.bookingByKey(db, communityId, input.idempotencyKey);
  if (replay) {
    if (
      replay.project_id !== projectId ||
      replay.amount_fen !== input.amountFen ||
      replay.direction !== input.direction
    )
      throw new AppError("LEDGER_KEY_REUSED");
    return { ...presentBooking(replay), replayed: true };
  }
  if (p.status === "evaluated")
    throw conflict("项目已评议结项，账目已关闭", "The project is closed; its account takes no bookings");
  if (input.direction === "income" && input.budgetLineId != null)
    throw invalid("budgetLineId", "收入不对应预算科目", "An income has no budget line");
  if (input.direction === "expense" && (input.sourceId != null || input.pledgeId != null))
    throw invalid("sourceId", "支出不对应资金来源或认捐", "An expense has no funding source or pledge");
  if (input.sourceId != null && !(await q.fundingSourceIn(db, communityId, projectId, input.sourceId)))
    throw invalid("sourceId", "资金来源不属于这个项目", "That funding source is not this project's");
  if (input.budgetLineId != null && !(await q.budgetLineIn(db, communityId, projectId, input.budgetLineId)))
    throw invalid("budgetLineId", "预算科目不属于这个项目", "That budget line is not this project's");
  let pledgeRow: q.PledgeRow | undefined;
  if (input.pledgeId != null) {
    pledgeRow = await q.pledgeOf(db, communityId, projectId, input.pledgeId);
    if (pledgeRow?.kind !== "money")
      throw invalid("pledgeId", "该认捐不是本项目的捐款认捐", "That is not a money pledge of this project");
  }
  if (uploads.length > 1) throw invalid("photos", "每笔账只附一张凭证照片", "One voucher photo per booking");
  const photos = await checkPhotos(uploads, false);
  try {
    const booked = await db.transaction().execute(async (trx) => {
      if (!(await q.lockProject(trx, communityId, projectId))) throw projectNotFound();
      // the same key sent twice at once: the second waited on the lock and answers the first
      const raced = await q.bookingByKey(trx, communityId, input.idempotencyKey);
      if (raced) {
        if (
          raced.project_id !== projectId ||
          raced.amount_fen !== input.amountFen ||
          raced.direction !== input.direction
        )
          throw new AppError("LEDGER_KEY_REUSED");
        return { id: raced.id, replayed: true };
      }
      const last = await q.lastBooking(trx, communityId, projectId);
      const balance = Number(last?.balance_fen ?? 0);
      const income = Number(last?.income_total_fen ?? 0);
      const expense = Number(last?.expense_total_fen ?? 0);
      const signed = input.direction === "income" ? input.amountFen : -input.amountFen;
      if (balance + signed < 0)
        throw new AppError("LEDGER_INSUFFICIENT", {
          zh: `账户余额不足：现有 ${(balance / 100).toFixed(2)} 元，这笔支出 ${(input.amountFen / 100).toFixed(2)} 元会使余额小于零`,
          en: `The project's balance is ${(balance / 100).toFixed(2)} yuan: an expense of ${(input.amountFen / 100).toFixed(2)} yuan would take it below zero`,
        });
      const [voucher] = await storePhotos(trx, communityId, projectId, "voucher", photos, a.userId);
      const seq = Number(last?.seq ?? 0) + 1;
      const ledger = await postProjectBooking(trx, {
        communityId,
        projectId,
        projectTitle: p.title,
        direction: input.direction,
        amountFen: input.amountFen,
        idempotencyKey: input.idempotencyKey,
        memo: input.memo,
        actorUserId: a.userId,
        voucherPhotoId: voucher ?? null,
      });
      const row = await q.insertBooking(trx, {
        community_id: communityId,
        project_id: projectId,
        seq,
        direction: input.direction,
        amount_fen: input.amountFen,
        balance_fen: ledger.balanceAfter,
        income_total_fen: income + (signed > 0 ? input.amountFen : 0),
        expense_total_fen: expense + (signed < 0 ? input.amountFen : 0),
        source_id: input.sourceId,
        budget_line_id: input.budgetLineId,
        pledge_id: input.pledgeId,
        voucher_photo_id: voucher ?? null,
        memo: input.memo,
        counterparty: input.counterparty,
        occurred_on: input.occurredOn,
        idempotency_key: input.idempotencyKey,
        ledger_transaction_id: ledger.transactionId,
        booked_by: a.userId,
      });
      if (pledgeRow) {
        if (!(await q.addFulfilled(trx, communityId, pledgeRow.id, input.amountFen)))
          throw conflict(
            "到账金额超过认捐金额，或认捐已撤回",
            "The amount is more than the pledge still owes, or the pledge was withdrawn",
          );
        await q.insertFulfilment(trx, {
          community_id: communityId,
          project_id: projectId,
          pledge_id: pledgeRow.id,
          quantity: input.amountFen,
          note: input.memo,
          booking_id: row.id,
          recorded_by: a.userId,
        });
      }
      await recordAudit(trx, {
        actorUserId: a.userId,
        actorRole: "project_treasurer",
        communityId,
        action: `project_account.${input.direction}`,
        targetType: "project_booking",
        targetId: row.id,
        after: { ...input, seq },
      });
      await emitEvent(trx, projectBooked, {
        communityId,
        aggregateId: row.id,
        payload: { projectId, direction: input.direction, correctsId: null },
        actorUserId: a.userId,
      });
      return { id: row.id, replayed: false };
    });
    return { ...presentBooking(await q.bookingById(db, communityId, booked.id)), replayed: booked.replayed };
  } catch (e) {
    // the same key sent twice at once: the unique index lets one through; answer it
    if ((e as { code?: string }).code === "23505") {
      const first = await q.bookingByKey(db, communityId, input.idempotencyKey);
      if (first && first.project_id === projectId && first.amount_fen === input.amountFen)
        return { ...presentBooking(first), replayed: true };
    }
    throw e;
  }
}

const correctionDone = () =>
  new AppError("LEDGER_ALREADY_CORRECTED", {
    zh: "这笔账已经冲正过，不能再冲正",
    en: "This entry has already been reversed",
  });

/**
 * 冲正: the treasurer corrects a mistaken booking by a reversing one that names it — the account is
 * append-only, so nothing is edited or deleted. The reversal moves the same amount the other way (an
 * income's reversal takes it out of the income total, an expense's out of the expense total), books the
 * ledger's reversing transaction, and takes a money pledge's fulfilment back. A booking is reversed at
 * most once (unique), a reversal is not reversed, and reversing an income the project has already spent
 * is refused (LEDGER_INSUFFICIENT); nothing is stored then. A retried key answers the first reversal.
 */
export async function reverseProjectEntry(
  db: Db,
  actor: Actor | null,
  communityId: number,
  projectId: number,
  bookingId: number,
  input: In<typeof ZReverseBooking>,
) {
  const a = requireActor(actor);
  const p = await loadProject(db, communityId, projectId);
  if (p.treasurer_user_id !== a.userId)
    throw notYours("只有项目出纳可以冲正", "Only the project's treasurer can reverse a booking");
  const replayOf = (k: q.BookingRow | undefined) => {
    if (!k) return null;
    if (k.corrects_id !== bookingId || k.project_id !== projectId) throw new AppError("LEDGER_KEY_REUSED");
    return { ...presentBooking(k), replayed: true };
  };
  const replay = replayOf(await q.bookingByKey(db, communityId, input.idempotencyKey));
  if (replay) return replay;
  if (p.status === "evaluated")
    throw conflict("项目已评议结项，账目已关闭", "The project is closed; its account takes no bookings");
  const booked = await db.transaction().execute(async (trx) => {
    if (!(await q.lockProject(trx, communityId, projectId))) throw projectNotFound();
    const raced = replayOf(await q.bookingByKey(trx, communityId, input.idempotencyKey));
    if (raced) return { id: raced.id };
    const orig = await q.bookingOf(trx, communityId, projectId, bookingId);
    if (!orig) throw new AppError("NOT_FOUND", { zh: "这笔账不存在", en: "No such entry in this account" });
    if (orig.corrects_id != null)
      throw conflict("冲正记录不能再冲正", "A reversal cannot itself be reversed", "is_reversal");
    if (orig.corrected_by_seq != null) throw correctionDone();
    if (orig.ledger_transaction_id == null)
      throw conflict("这笔账不在账本上，不能冲正", "This entry is not on the ledger", "not_on_ledger");
    const amount = Number(orig.amount_fen);
    const last = await q.lastBooking(trx, communityId, projectId);
    const balance = Number(last?.balance_fen ?? 0);
    const income = Number(last?.income_total_fen ?? 0);
    const expense = Number(last?.expense_total_fen ?? 0);
    const wasIncome = orig.direction === "income";
    if (wasIncome && balance - amount < 0)
      throw new AppError("LEDGER_INSUFFICIENT", {
        zh: `账户余额不足：现有 ${(balance / 100).toFixed(2)} 元，冲正这笔 ${(amount / 100).toFixed(2)} 元的收入会使余额小于零`,
        en: `The project's balance is ${(balance / 100).toFixed(2)} yuan: reversing an income of ${(amount / 100).toFixed(2)} yuan would take it below zero`,
      });
    const memo = `冲正 #${orig.seq}：${input.reason}`;
    const ledger = await reverseProjectBooking(trx, {
      communityId,
      projectId,
      projectTitle: p.title,
      transactionId: Number(orig.ledger_transaction_id),
      idempotencyKey: input.idempotencyKey,
      memo,
      actorUserId: a.userId,
    });
    const seq = Number(last?.seq ?? 0) + 1;
    let row: { id: number };
    try {
      row = await q.insertBooking(trx, {
        community_id: communityId,
        project_id: projectId,
        seq,
        direction: wasIncome ? "expense" : "income",
        amount_fen: amount,
        balance_fen: ledger.balanceAfter,
        income_total_fen: income - (wasIncome ? amount : 0),
        expense_total_fen: expense - (wasIncome ? 0 : amount),
        source_id: null,
        budget_line_id: null,
        pledge_id: null,
        voucher_photo_id: null,
        memo,
        counterparty: orig.counterparty,
        occurred_on: todayInChina(),
        idempotency_key: input.idempotencyKey,
        ledger_transaction_id: ledger.transactionId,
        corrects_id: orig.id,
        booked_by: a.userId,
      });
    } catch (e) {
      if ((e as { code?: string }).code === "23505") throw correctionDone();
      throw e;
    }
    if (orig.pledge_id != null) {
      if (!(await q.takeBackFulfilled(trx, communityId, orig.pledge_id, amount)))
        throw conflict("认捐的到账记录对不上，不能冲正", "The pledge's fulfilment does not match", "pledge");
      await q.insertFulfilment(trx, {
        community_id: communityId,
        project_id: projectId,
        pledge_id: orig.pledge_id,
        quantity: -amount,
        note: memo,
        booking_id: row.id,
        recorded_by: a.userId,
      });
    }
    await recordAudit(trx, {
      actorUserId: a.userId,
      actorRole: "project_treasurer",
      communityId,
      action: "project_account.reverse",
      targetType: "project_booking",
      targetId: row.id,
      after: { corrects: orig.id, correctsSeq: orig.seq, seq, reason: input.reason },
    });
    await emitEvent(trx, projectBooked, {
      communityId,
      aggregateId: row.id,
      payload: { projectId, direction: wasIncome ? "expense" : "income", correctsId: orig.id },
      actorUserId: a.userId,
    });
    return { id: row.id };
  });
  return { ...presentBooking(await q.bookingById(db, communityId, booked.id)), replayed: false };
}

/** The project's account, newest first, with its balance and totals (P3 公示). */
export async function readAccount(
  db: Db,
  actor: Actor | null,
  communityId: number,
  projectId: number,
  page: { before?: number | undefined; limit: number },
) {
  const { p, s } = await visibleProject(db, actor, communityId, projectId);
  if (!mayReadAccount(s, p))
    throw new AppError("OUT_OF_SCOPE", {
      zh: "项目账目只向项目所在地的居民公示",
      en: "A project's account is shown to the residents of its place only",
    });
  const [last, rows] = await Promise.all([
    q.lastBooking(db, communityId, projectId),
    q.accountPage(db, communityId, projectId, page.before, page.limit + 1),
  ]);
  const items = rows.slice(0, page.limit);
  return {
    projectId,
    title: p.title,
    balanceFen: Number(last?.balance_fen ?? 0),
    incomeFen: Number(last?.income_total_fen ?? 0),
    expenseFen: Number(last?.expense_total_fen ?? 0),
    entries: Number(last?.seq ?? 0),
    items: items.map(presentBooking),
    nextBefore: rows.length > page.limit ? items[items.length - 1]!.seq : null,
  };
}

const ACCOUNT_COLUMNS = [
  { header: "序号", width: 8 },
  { header: "日期", width: 12 },
  { header: "收支", width: 6 },
  { header: "金额（元）", width: 14, numFmt: "#,##0.00" },
  { header: "余额（元）", width: 14, numFmt: "#,##0.00" },
  { header: "摘要", width: 30 },
  { header: "对方", width: 16 },
  { header: "资金来源", width: 16 },
  { header: "预算科目", width: 16 },
  { header: "凭证", width: 8 },
  { header: "记账时间", width: 18, numFmt: "yyyy-mm-dd hh:mm" },
];

/** The account as .xlsx: whoever may read it (the account holds no person data); staff exports are audited. */
export async function exportAccount(db: Db, actor: Actor | null, communityId: number, projectId: number) {
  const { p, s } = await visibleProject(db, actor, communityId, projectId);
  if (!mayReadAccount(s, p)) throw new AppError("OUT_OF_SCOPE");
  const rows = await q.allBookings(db, communityId, projectId);
  if (actor && (s.staff || s.manager))
    await recordAudit(db, {
      actorUserId: actor.userId,
      actorRole: primaryRole(reachOf(actor, "projects.read")),
      communityId,
      action: "data.export",
      targetType: "project_account",
      targetId: projectId,
      after: { format: "xlsx", rows: rows.length },
    });
  const body = await workbookBytes((sink) =>
    writeWorkbook(
      { name: "项目收支公示", columns: ACCOUNT_COLUMNS },
      rows.map((k) => [
        k.seq,
        k.occurred_on,
        k.direction === "income" ? "收入" : "支出",
        yuan(Number(k.amount_fen)),
        yuan(Number(k.balance_fen)),
        k.memo,
        k.counterparty,
        k.source_label ?? "",
        k.line_name ?? "",
        k.voucher_photo_id ? "有" : "",
        shanghaiCell(k.booked_at),
      ]),
      sink,
    ),
  );
  const stamp = shanghaiDay(new Date());
  return {
    contentType: XLSX_MIME,
    disposition: attachmentDisposition(
      `project-${projectId}-account-${stamp}.xlsx`,
      `项目收支-${p.title}-${stamp}.xlsx`,
    ),
    rows: rows.length,
    body,
  };
}

/** Publishes the account's figures as a 公示 notice at the project's place (audited). */
export async function publishAccount(db: Db, actor: Actor | null, communityId: number, projectId: number) {
  const a = requireActor(actor);
  const p = await loadProject(db, communityId, projectId);
  const reach = requireManager(a, p);
  const [last, sources, lines] = await Promise.all([
    q.lastBooking(db, communityId, projectId),
    q.sourcesOf(db, communityId, projectId),
    q.budgetLinesOf(db, communityId, projectId),
  ]);
  const y = (fen: number) => `${(fen / 100).toFixed(2)} 元`;
  const body = [
    `项目：${p.title}（${STATUS_ZH[p.status]}）`,
    `收入合计 ${y(Number(last?.income_total_fen ?? 0))}，支出合计 ${y(Number(last?.expense_total_fen ?? 0))}，结余 ${y(Number(last?.balance_fen ?? 0))}，共 ${Number(last?.seq ?? 0)} 笔。`,
    sources.length
      ? `资金来源：${sources.map((s) => `${s.label} 计划 ${y(Number(s.planned_fen))}、到账 ${y(Number(s.received_fen ?? 0))}`).join("；")}。`
      : "",
    lines.length
      ? `支出科目：${lines.map((l) => `${l.name} 预算 ${y(Number(l.amount_fen))}、已支 ${y(Number(l.spent_fen ?? 0))}`).join("；")}。`
      : "",
    `每一笔收支及凭证见项目页：${residentProjectLink(communityId, projectId)}`,
  ]
    .filter(Boolean)
    .join("\n");
  const noticeId = await db.transaction().execute(async (trx) => {
    const { id } = await publishNotice(trx, {
      communityId,
      kind: "publicity",
      title: `项目收支公示：${p.title}`,
      body,
      estateId: p.tier === "community" ? null : p.estate_id,
      buildingId: p.tier === "building" ? p.building_id : null,
      visibility: p.is_public ? "public" : "residents",
      subject: { kind: "project", id: projectId },
      byUserId: a.userId,
    });
    await recordAudit(trx, {
      actorUserId: a.userId,
      actorRole: primaryRole(reach),
      communityId,
      action: "project_account.publish",
      targetType: "project",
      targetId: projectId,
      after: { noticeId: id, balanceFen: Number(last?.balance_fen ?? 0), entries: Number(last?.seq ?? 0) },
    });
    return id;
  });
  return { noticeId };
}

// ---------------------------------------------------------------------------------------------
// evaluation (效果共评)

/** A verified resident of the place rates the finished project (one current rating each). */
