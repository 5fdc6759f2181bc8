// Lotteries (DOMAIN D8, 摇号): fair allocation where demand exceeds supply — parking spaces, garden plots,
// course seats — drawn so that anyone can check it from what was published:
//   opening:  the lottery and SHA-256(secret) (the commitment) are published; the organiser keeps the
//             secret (the server makes one and shows it once, or the organiser brings their own hash);
//   applying: verified residents (or owners) of the place, once per person or household (unique index);
//   freezing: after the close, the applications are numbered 1…n in arrival order with a pseudonymous
//             label, and the canonical list's SHA-256 is published (board and a 公示 notice);
//   drawing:  the secret is revealed (it must hash to the commitment, else nothing changes), a public
//             input (a witness's dice) is entered, and lotteries-draw.ts orders the list; the winners and
//             the waiting list are published as a 公示 notice;
//   after:    a winner who declines passes the place to the first of the waiting list (audited).
// Staff actions are audited commands; residents' applications are their own.
import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import {
  authorize,
  authorizeWithin,
  exportingActor,
  primaryRole,
  requireActor,
} from "../../../access/authorize.ts";
import type { Actor, PlaceRef } from "../../../access/reach.ts";
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
import { communityExists, communityName } from "../../core/people/people.service.ts";
import { checkedPlaceIn, scopeIdsOf } from "../../core/places/places.service.ts";
import { maskName, maskPhone } from "../../core/privacy/pii.present.ts";
import { publishNotice } from "../notices/notices.service.ts";
import { checkTopicIn } from "../topics/topics.service.ts";
import { lotteryDrawn, lotteryPlacePassed } from "./lotteries.events.ts";
import * as q from "./lotteries.queries.ts";
import type { TApplicationsQuery, TCreateLottery, TLotteriesQuery } from "./lotteries.schema.ts";
import {
  cleanLabel,
  commitmentOf,
  draw,
  EXPORT_FORMAT,
  type LotteryExport,
  listHashOf,
} from "./lotteries-draw.ts";

type Db = Kysely<DB>;
type LotteryRow = q.LotteryRow;

export const KIND_ZH = { parking: "车位", garden: "菜地", course: "课程名额", other: "名额" } as const;
const DAY = 86_400_000;
/** A notice's limits (notices' table: title ≤ 80, body ≤ 5000 characters); the board and the export always hold every ticket. */
const NOTICE_TITLE = 80;
const NOTICE_BODY = 5000;

const notFound = () => new AppError("NOT_FOUND", { zh: "摇号不存在", en: "No such lottery" });
const invalid = (field: string, zh: string, en: string) =>
  new AppError("VALIDATION", { zh, en, details: [{ field, message: en }] });

export function stateOf(
  l: { opens_at: Date; closes_at: Date; frozen_at: Date | null; drawn_at: Date | null },
  now = new Date(),
): q.LotteryState {
  if (l.drawn_at) return "drawn";
  if (l.frozen_at) return "frozen";
  if (now < l.opens_at) return "upcoming";
  if (now < l.closes_at) return "open";
  return "closed";
}

const placeOf = (l: LotteryRow): PlaceRef => ({
  communityId: l.community_id,
  gridId: l.grid_id,
  estateId: l.estate_id,
  buildingId: l.building_id,
});

const itemsOf = (l: { items: unknown }) => (Array.isArray(l.items) ? (l.items as string[]) : []);

const placeNameOf = (l: LotteryRow, community: string) =>
  [l.estate_name, l.building_name].filter(Boolean).join(" ") || community || "全社区";

function presentLottery(l: LotteryRow, community: string, now = new Date()) {
  return {
    id: l.id,
    communityId: l.community_id,
    title: l.title,
    description: l.description,
    kind: l.kind,
    estateId: l.estate_id,
    buildingId: l.building_id,
    placeName: placeNameOf(l, community),
    places: l.places,
    items: itemsOf(l),
    audience: l.audience,
    per: l.per,
    opensAt: l.opens_at,
    closesAt: l.closes_at,
    state: stateOf(l, now),
    commitment: l.commitment,
    applications: Number(l.application_count ?? 0),
    frozenAt: l.frozen_at,
    listHash: l.list_hash,
    drawnAt: l.drawn_at,
    secret: l.secret,
    publicInput: l.public_input,
    noticeId: l.notice_id,
    topicId: l.topic_id,
    createdAt: l.created_at,
  };
}

async function requireLottery(db: Db, communityId: number, id: number) {
  const l = await q.findLottery(db, communityId, id);
  if (!l) throw notFound();
  return l;
}

async function managedLottery(db: Db, actor: Actor | null, communityId: number, id: number) {
  authorizeWithin(actor, "lotteries.manage", communityId);
  const l = await requireLottery(db, communityId, id);
  const reach = authorize(actor, "lotteries.manage", placeOf(l));
  return { l, reach, a: requireActor(actor) };
}

// ---------------------------------------------------------------------------------------------
// staff: open, list, read

/**
 * Opens a lottery (audited). Given the caller's transaction (`db.isTransaction`, as the ledger's `post`
 * takes one), it writes in it — `audited` joins it instead of opening its own — so a caller that opens
 * a lottery for what it makes (a course's seats, a garden plot) commits both or neither.
 */
export async function createLottery(db: Db, actor: Actor | null, communityId: number, input: TCreateLottery) {
  authorizeWithin(actor, "lotteries.manage", communityId);
  if (!(await communityExists(db, communityId)))
    throw new AppError("NOT_FOUND", { zh: "社区不存在", en: "Community not found" });
  await checkTopicIn(db, communityId, input.topicId);
  const place = await checkedPlaceIn(db, communityId, input.estateId ?? null, input.buildingId ?? null);
  const reach = authorize(actor, "lotteries.manage", {
    communityId,
    gridId: place.grid_id,
    estateId: place.estate_id,
    buildingId: place.building_id,
  });
  if (input.closesAt.getTime() <= input.opensAt.getTime())
    throw invalid("closesAt", "截止时间须晚于开始时间", "The close must be after the opening");
  if (input.items.length && input.items.length !== input.places)
    throw invalid(
      "items",
      "编号的个数须与名额数相同（或不填编号）",
      "Name one item per place (or none): the count of items must equal places",
    );
  if (new Set(input.items).size !== input.items.length)
    throw invalid("items", "编号不能重复", "Item names must differ");
  const a = requireActor(actor);
  // the server's secret is returned this once and never stored: only its hash is kept until the draw
  const secret = input.commitment ? null : randomBytes(32).toString("hex");
  const commitment = input.commitment ?? commitmentOf(secret!);
  const id = await audited(db, async (trx) => {
    const { id } = await q.insertLottery(trx, {
      community_id: communityId,
      title: input.title,
      description: input.description,
      kind: input.kind,
      ...place,
      places: input.places,
      items: JSON.stringify(input.items),
      audience: input.audience,
      per: input.per,
      opens_at: input.opensAt,
      closes_at: input.closesAt,
      commitment,
      frozen_at: null,
      list_hash: null,
      applicants: null,
      secret: null,
      public_input: null,
      drawn_at: null,
      drawn_by: null,
      notice_id: null,
      topic_id: input.topicId ?? null,
      created_by: a.userId,
    });
    return {
      result: id,
      audit: {
        actorUserId: a.userId,
        actorRole: primaryRole(reach),
        communityId,
        action: "lottery.create",
        targetType: "lottery",
        targetId: id,
        after: { ...input, commitment, secret: secret ? "generated, shown once" : "organiser's own" },
      },
    };
  });
  const l = await requireLottery(db, communityId, id);
  return { lottery: presentLottery(l, await communityName(db, communityId)), secret };
}

export async function listLotteriesOf(db: Db, actor: Actor | null, communityId: number, f: TLotteriesQuery) {
  const reach = authorizeWithin(actor, "lotteries.read", communityId);
  const name = await communityName(db, communityId);
  const now = new Date();
  const page = await q.listLotteries(db, communityId, scopeIdsOf(reach, communityId), f, now);
  return { total: page.total, items: page.rows.map((l) => presentLottery(l, name, now)) };
}

export async function readLottery(db: Db, actor: Actor | null, communityId: number, id: number) {
  authorizeWithin(actor, "lotteries.read", communityId);
  const l = await requireLottery(db, communityId, id);
  authorize(actor, "lotteries.read", placeOf(l));
  return presentLottery(l, await communityName(db, communityId));
}

function presentApplication(r: Awaited<ReturnType<typeof q.applicationsPage>>["rows"][number]) {
  return {
    id: Number(r.id),
    ticket: r.ticket,
    label: r.label,
    name: r.name,
    phone: maskPhone(r.phone),
    address: [r.building_name, r.unit_name, r.room].filter(Boolean).join(" "),
    appliedAt: r.applied_at,
    drawPosition: r.draw_position,
    outcome: r.outcome,
    item: r.item,
    declinedAt: r.declined_at,
    declineReason: r.decline_reason,
  };
}

export async function applicationsOf(
  db: Db,
  actor: Actor | null,
  communityId: number,
  id: number,
  f: TApplicationsQuery,
) {
  authorizeWithin(actor, "lotteries.read", communityId);
  const l = await requireLottery(db, communityId, id);
  authorize(actor, "lotteries.read", placeOf(l));
  const page = await q.applicationsPage(db, communityId, id, f);
  return { total: page.total, items: page.rows.map(presentApplication) };
}

const EXPORT_COLUMNS: SheetColumn[] = [
  { header: "申请号 / Ticket", width: 8 },
  { header: "公示名 / Label", width: 16 },
  { header: "姓名 / Name", width: 10 },
  { header: "电话 / Phone", width: 14 },
  { header: "住址 / Address", width: 20 },
  { header: "申请时间 / Applied", width: 17, numFmt: "yyyy-mm-dd hh:mm" },
  { header: "摇号顺序 / Position", width: 8 },
  { header: "结果 / Outcome", width: 8 },
  { header: "编号 / Item", width: 10 },
  { header: "放弃原因 / Decline reason", width: 20 },
];
const OUTCOME_ZH = { won: "中签", waiting: "候补", declined: "已放弃" } as const;
const MAX_EXPORT = 20_000;

/** The applications list as Excel (the list's filters; phones masked as shown); audited. */
export async function exportApplications(
  db: Db,
  actor: Actor | null,
  communityId: number,
  id: number,
  f: Omit<TApplicationsQuery, "limit" | "offset">,
) {
  const a = requireActor(actor);
  const exporter = exportingActor(a);
  authorizeWithin(exporter, "lotteries.read", communityId);
  const l = await requireLottery(db, communityId, id);
  const reach = authorize(exporter, "lotteries.read", placeOf(l));
  const page = await q.applicationsPage(db, communityId, id, { ...f, limit: MAX_EXPORT, offset: 0 });
  await recordAudit(db, {
    actorUserId: a.userId,
    actorRole: primaryRole(reach),
    communityId,
    action: "data.export",
    targetType: "lottery_applications",
    targetId: id,
    after: { format: "xlsx", filters: f, rows: page.rows.length },
  });
  const shanghai = (d: Date) => new Date(d.getTime() + 8 * 3_600_000);
  const body = await workbookBytes((sink) =>
    writeWorkbook(
      { name: "摇号申请", columns: EXPORT_COLUMNS, notes: [] },
      page.rows
        .map(presentApplication)
        .map((r) => [
          r.ticket,
          r.label,
          r.name,
          r.phone,
          r.address,
          shanghai(r.appliedAt),
          r.drawPosition,
          r.outcome ? OUTCOME_ZH[r.outcome] : "已申请",
          r.item,
          r.declineReason,
        ]),
      sink,
    ),
  );
  const stamp = shanghai(new Date()).toISOString().slice(0, 10);
  return {
    contentType: XLSX_MIME,
    disposition: attachmentDisposition(`lottery-${id}-${stamp}.xlsx`, `摇号申请-${l.title}-${stamp}.xlsx`),
    rows: page.rows.length,
    body,
  };
}

// ---------------------------------------------------------------------------------------------
// residents: apply

const alreadyApplied = () => new AppError("LOTTERY_APPLIED");
const closed = () => new AppError("LOTTERY_CLOSED");

export async function applyToLottery(db: Db, actor: Actor | null, communityId: number, id: number) {
  const a = requireActor(actor);
  const l = await requireLottery(db, communityId, id);
  const me = await q.eligibleResident(db, l, a.userId);
  if (!me)
    // FORBIDDEN (as every refusal of a person's own standing) with the lottery's own reason
    throw new AppError("FORBIDDEN", {
      zh: "您不在这次摇号的申请范围内（须为该地点已认证的居民，或限业主）",
      en: "You may not apply to this lottery: it is for verified residents (or owners) of its place",
    });
  if (stateOf(l) !== "open") throw closed();
  const key = l.per === "household" ? `h:${me.household_id}` : `p:${me.resident_id}`;
  if (await q.applicationByKey(db, communityId, id, key)) throw alreadyApplied();
  try {
    return await db.transaction().execute(async (trx) => {
      // the freeze takes this lock too: an application is either in the frozen list or refused
      const locked = await q.lockLottery(trx, communityId, id);
      if (!locked || stateOf({ ...locked }) !== "open") throw closed();
      const row = await q.insertApplication(trx, {
        community_id: communityId,
        lottery_id: id,
        applicant_key: key,
        resident_id: me.resident_id,
        household_id: me.household_id,
      });
      const now = await requireLottery(trx, communityId, id);
      return { id: Number(row.id), applications: Number(now.application_count ?? 0) };
    });
  } catch (err) {
    // two applications at once from one household: the unique index keeps the first
    if ((err as { code?: string }).code === "23505") throw alreadyApplied();
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------
// staff: freeze, draw, decline

/** Tickets one per line, as many as fit in `budget` characters, then a pointer to the board. */
function ticketLines(
  tickets: { ticket: number; label?: string | null; item?: string | null }[],
  budget: number,
) {
  const more = (n: number) => `……共${n}个，完整名单见摇号页面`;
  const lines: string[] = [];
  let used = 0;
  for (const t of tickets) {
    const line = `${t.ticket}号${t.label ? ` ${t.label}` : ""}${t.item ? ` → ${t.item}` : ""}`;
    if (used + line.length + 1 > budget - more(tickets.length).length - 1) {
      lines.push(more(tickets.length));
      break;
    }
    lines.push(line);
    used += line.length + 1;
  }
  return lines.join("\n");
}

/** A notice title of the lottery's within the notices' limit. */
const noticeTitle = (title: string, suffix: string) =>
  `${title.slice(0, NOTICE_TITLE - suffix.length)}${suffix}`;

/** The head lines and then the sections of tickets, sharing what is left of the body's limit. */
function noticeBody(head: string[], sections: { heading: string; lines: (budget: number) => string }[]) {
  const start = head.join("\n");
  const budget = Math.floor((NOTICE_BODY - start.length - 20) / Math.max(1, sections.length)) - 20;
  return [start, ...sections.flatMap((x) => ["", x.heading, x.lines(budget) || "（无）"])].join("\n");
}

/** Ends the application window now (the organiser closes early, e.g. as the meeting starts); audited. */
export async function closeApplications(db: Db, actor: Actor | null, communityId: number, id: number) {
  const { l, reach, a } = await managedLottery(db, actor, communityId, id);
  if (stateOf(l) !== "open") throw closed();
  await audited(db, async (trx) => {
    const now = new Date();
    if (!(await q.closeNow(trx, communityId, id, now))) throw closed();
    return {
      result: null,
      audit: {
        actorUserId: a.userId,
        actorRole: primaryRole(reach),
        communityId,
        action: "lottery.close",
        targetType: "lottery",
        targetId: id,
        before: { closesAt: l.closes_at },
        after: { closesAt: now },
      },
    };
  });
  return readLottery(db, actor, communityId, id);
}

export async function freezeLottery(db: Db, actor: Actor | null, communityId: number, id: number) {
  const { l, reach, a } = await managedLottery(db, actor, communityId, id);
  if (l.frozen_at) throw new AppError("LOTTERY_FROZEN");
  if (Date.now() < l.closes_at.getTime()) throw new AppError("LOTTERY_NOT_CLOSED");
  await audited(db, async (trx) => {
    const locked = await q.lockLottery(trx, communityId, id);
    if (locked?.frozen_at) throw new AppError("LOTTERY_FROZEN");
    const rows = await q.applicationsToFreeze(trx, communityId, id);
    const listed = rows.map((r, i) => ({
      id: Number(r.id),
      ticket: i + 1,
      label: cleanLabel(`${maskName(r.name)} · ${r.building_name}`).slice(0, 60),
    }));
    const listHash = listHashOf(listed);
    await q.setTickets(trx, communityId, id, listed);
    await q.markFrozen(trx, communityId, id, listHash, listed.length);
    await publishNotice(trx, {
      communityId,
      kind: "publicity",
      title: noticeTitle(l.title, "：申请名单公示"),
      body: noticeBody(
        [
          `申请已截止，共${listed.length}份申请，名单已冻结，摇号前不再改变。`,
          `名单的SHA-256：${listHash}`,
          `开放申请时公布的承诺值（密钥的SHA-256）：${l.commitment}`,
        ],
        [{ heading: "【申请名单】", lines: (budget) => ticketLines(listed, budget) }],
      ),
      estateId: l.estate_id,
      buildingId: l.building_id,
      visibility: "residents",
      subject: { kind: "lottery", id },
      byUserId: a.userId,
    });
    return {
      result: null,
      audit: {
        actorUserId: a.userId,
        actorRole: primaryRole(reach),
        communityId,
        action: "lottery.freeze",
        targetType: "lottery",
        targetId: id,
        after: { applicants: listed.length, listHash },
      },
    };
  });
  return readLottery(db, actor, communityId, id);
}

export async function drawLottery(
  db: Db,
  actor: Actor | null,
  communityId: number,
  id: number,
  input: { secret: string; publicInput: string },
) {
  const { l, reach, a } = await managedLottery(db, actor, communityId, id);
  if (l.drawn_at) throw new AppError("LOTTERY_DRAWN");
  if (!l.frozen_at) {
    if (Date.now() < l.closes_at.getTime()) throw new AppError("LOTTERY_NOT_CLOSED");
    throw new AppError("LOTTERY_NOT_FROZEN");
  }
  if (commitmentOf(input.secret) !== l.commitment) throw new AppError("LOTTERY_SECRET_MISMATCH");
  await audited(db, async (trx) => {
    // one draw only: the claim returns the row to the first caller alone
    if (
      !(await q.markDrawn(trx, communityId, id, {
        secret: input.secret,
        public_input: input.publicInput,
        drawn_by: a.userId,
      }))
    )
      throw new AppError("LOTTERY_DRAWN");
    const list = await q.frozenList(trx, communityId, id);
    const applicants = list.map((r) => ({ ticket: r.ticket!, label: r.label ?? "" }));
    const items = itemsOf(l);
    const result = draw({
      secret: input.secret,
      publicInput: input.publicInput,
      applicants,
      places: l.places,
      items,
    });
    if (result.listHash !== l.list_hash) throw new AppError("INTERNAL", { en: "the frozen list changed" });
    await q.setDrawResults(
      trx,
      communityId,
      id,
      result.order.map((ticket, k) => ({
        ticket,
        position: k + 1,
        outcome: k < l.places ? "won" : "waiting",
        item: k < l.places ? (items[k] ?? null) : null,
      })),
    );
    const labelOf = new Map(applicants.map((x) => [x.ticket, x.label]));
    const { id: noticeId } = await publishNotice(trx, {
      communityId,
      kind: "publicity",
      title: noticeTitle(l.title, "：摇号结果公示"),
      body: noticeBody(
        [
          `${l.places}个${KIND_ZH[l.kind]}，${applicants.length}份申请。`,
          `密钥：${input.secret}`,
          `现场公开输入：${input.publicInput || "（无）"}`,
          `申请名单SHA-256：${result.listHash}`,
          "任何人可用公布的数据重新计算并核对结果，方法见摇号页面的“如何核对”。",
        ],
        [
          {
            heading: "【中签】",
            lines: (budget) =>
              ticketLines(
                result.winners.map((w) => ({ ...w, label: labelOf.get(w.ticket) ?? null })),
                budget,
              ),
          },
          {
            heading: "【候补（按顺序）】",
            lines: (budget) =>
              ticketLines(
                result.waitingList.map((t) => ({ ticket: t, label: labelOf.get(t) ?? null })),
                budget,
              ),
          },
        ],
      ),
      estateId: l.estate_id,
      buildingId: l.building_id,
      visibility: "residents",
      subject: { kind: "lottery", id },
      byUserId: a.userId,
    });
    await q.setNotice(trx, communityId, id, noticeId);
    await emitEvent(trx, lotteryDrawn, {
      communityId,
      aggregateId: id,
      actorUserId: a.userId,
      payload: {
        lotteryId: id,
        places: l.places,
        applicants: applicants.length,
        listHash: result.listHash,
        noticeId,
      },
    });
    return {
      result: null,
      audit: {
        actorUserId: a.userId,
        actorRole: primaryRole(reach),
        communityId,
        action: "lottery.draw",
        targetType: "lottery",
        targetId: id,
        after: {
          publicInput: input.publicInput,
          listHash: result.listHash,
          winners: result.winners.map((w) => w.ticket),
          waiting: result.waitingList.length,
          noticeId,
        },
      },
    };
  });
  return readLottery(db, actor, communityId, id);
}

export async function declineWin(
  db: Db,
  actor: Actor | null,
  communityId: number,
  id: number,
  input: { applicationId: number; reason: string },
) {
  const { l, reach, a } = await managedLottery(db, actor, communityId, id);
  if (!l.drawn_at) throw new AppError("LOTTERY_NOT_DRAWN");
  return audited(db, async (trx) => {
    const app = await q.applicationById(trx, communityId, id, input.applicationId);
    if (!app) throw new AppError("NOT_FOUND", { zh: "没有这份申请", en: "No such application" });
    if (app.outcome !== "won") throw new AppError("LOTTERY_NOT_WINNER");
    const next = await q.firstWaiting(trx, communityId, id);
    await q.markDeclined(trx, communityId, Number(app.id), {
      declined_by: a.userId,
      decline_reason: input.reason,
      passed_to: next?.ticket ?? null,
    });
    if (next) await q.markWon(trx, communityId, Number(next.id), app.item);
    const passedTo = next ? { ticket: next.ticket!, item: app.item } : null;
    await publishNotice(trx, {
      communityId,
      kind: "publicity",
      title: noticeTitle(l.title, "：递补公示"),
      body: passedTo
        ? `${app.ticket}号放弃了中签${app.item ? `的${app.item}` : ""}，按候补顺序由${passedTo.ticket}号（${next!.label ?? ""}）递补。`
        : `${app.ticket}号放弃了中签${app.item ? `的${app.item}` : ""}，候补名单已无人，该名额空出。`,
      estateId: l.estate_id,
      buildingId: l.building_id,
      visibility: "residents",
      subject: { kind: "lottery", id },
      byUserId: a.userId,
    });
    await emitEvent(trx, lotteryPlacePassed, {
      communityId,
      aggregateId: id,
      actorUserId: a.userId,
      payload: { lotteryId: id, declinedTicket: app.ticket!, passedToTicket: passedTo?.ticket ?? null },
    });
    return {
      result: { declinedTicket: app.ticket!, passedTo },
      audit: {
        actorUserId: a.userId,
        actorRole: primaryRole(reach),
        communityId,
        action: "lottery.decline",
        targetType: "lottery_application",
        targetId: Number(app.id),
        reason: input.reason || null,
        before: { ticket: app.ticket, outcome: app.outcome, item: app.item },
        after: { passedTo },
      },
    };
  });
}

// ---------------------------------------------------------------------------------------------
// the board: what applicants, residents of the place and staff read; the export verify reads

function exportOf(l: LotteryRow, list: Awaited<ReturnType<typeof q.frozenList>>): LotteryExport | null {
  if (!l.frozen_at || !l.list_hash) return null;
  const items = itemsOf(l);
  const byPosition = list
    .filter((r) => r.draw_position != null)
    .sort((x, y) => x.draw_position! - y.draw_position!);
  const order = byPosition.map((r) => r.ticket!);
  return {
    format: EXPORT_FORMAT,
    lottery: { id: l.id, communityId: l.community_id, title: l.title, places: l.places, items },
    commitment: l.commitment,
    applicants: list.map((r) => ({ ticket: r.ticket!, label: r.label ?? "" })),
    applicantListHash: l.list_hash,
    secret: l.drawn_at ? l.secret : null,
    publicInput: l.drawn_at ? l.public_input : null,
    result: l.drawn_at
      ? {
          order,
          winners: order.slice(0, l.places).map((ticket, k) => ({ ticket, item: items[k] ?? null })),
          waitingList: order.slice(l.places),
        }
      : null,
    declines: list
      .filter((r) => r.declined_at)
      .sort((x, y) => x.declined_at!.getTime() - y.declined_at!.getTime())
      .map((r) => ({ ticket: r.ticket!, passedTo: r.passed_to, at: r.declined_at!.toISOString() })),
  };
}

export async function lotteryBoard(db: Db, actor: Actor | null, communityId: number, id: number) {
  const a = requireActor(actor);
  const l = await requireLottery(db, communityId, id);
  const [mine, me] = await Promise.all([
    q.applicationOfUser(db, communityId, id, a.userId),
    q.eligibleResident(db, l, a.userId),
  ]);
  if (!mine && !me) authorize(a, "lotteries.read", placeOf(l));
  const list = l.frozen_at ? await q.frozenList(db, communityId, id) : [];
  const state = stateOf(l);
  const waitingPosition =
    mine?.outcome === "waiting"
      ? list.filter((r) => r.outcome === "waiting" && r.draw_position! < mine.draw_position!).length + 1
      : null;
  const community = await communityName(db, communityId);
  return {
    lottery: { ...presentLottery(l, community), communityName: community },
    export: exportOf(l, list),
    mine: mine
      ? {
          ticket: mine.ticket,
          outcome: mine.outcome,
          item: mine.item,
          waitingPosition,
          appliedAt: mine.applied_at,
        }
      : null,
    eligible: !!me,
    canApply: !!me && !mine && state === "open",
  };
}

/** Lotteries of the caller's verified places: open ones and those closed in the last 90 days. */
export async function myLotteries(db: Db, actor: Actor | null) {
  const a = requireActor(actor);
  const ids = [...new Set(a.residencies.filter((r) => r.status === "verified").map((r) => r.communityId))];
  const [rows, names] = await Promise.all([
    q.recentLotteriesIn(db, ids, new Date(Date.now() - 90 * DAY)),
    q.communityNames(db, ids),
  ]);
  const nameOf = new Map(names.map((c) => [c.id, c.name]));
  const applied = await q.applicationsOfUser(
    db,
    ids,
    rows.map((l) => l.id),
    a.userId,
  );
  const mineOf = new Map(applied.map((x) => [`${x.community_id}:${x.lottery_id}`, x]));
  const items = [];
  for (const l of rows) {
    const mine = mineOf.get(`${l.community_id}:${l.id}`);
    if (!mine && !(await q.eligibleResident(db, l, a.userId))) continue;
    const community = nameOf.get(l.community_id) ?? "";
    items.push({
      id: l.id,
      communityId: l.community_id,
      communityName: community,
      title: l.title,
      kind: l.kind,
      placeName: placeNameOf(l, community),
      places: l.places,
      applications: Number(l.application_count ?? 0),
      opensAt: l.opens_at,
      closesAt: l.closes_at,
      state: stateOf(l),
      applied: !!mine,
      outcome: mine?.outcome ?? null,
    });
  }
  return { items };
}

// ---------------------------------------------------------------------------------------------
// for the modules whose places a lottery allocates (courses, garden plots): no authorization here — the
// calling module authorizes its own command and passes only a lottery it created

/** A lottery's state and each application's resident with its outcome (drawn order first). */
export async function lotteryOutcomes(db: Db, communityId: number, id: number) {
  const l = await requireLottery(db, communityId, id);
  const rows = await q.outcomesOf(db, communityId, id);
  return {
    state: stateOf(l),
    drawn: !!l.drawn_at,
    places: l.places,
    applications: rows.map((r) => ({
      residentId: r.resident_id,
      householdId: r.household_id,
      appliedAt: r.applied_at,
      drawPosition: r.draw_position,
      outcome: r.outcome,
    })),
  };
}
