// Public notices (DOMAIN X, 公告/公示): staff write a notice for a place (the community, an estate or a
// building) and optionally a group there (owners, tenants), publish it for a window (from/to), pin it,
// attach links, and follow its read receipts ("已读 132 / 未读 48", the unread residents masked). A
// public notice is read by anyone without sign-in inside its window and carries no person data; a
// residents' notice only by the verified residents of its place and group. Other modules publish
// through publishNotice (a topic's resolution: kind publicity, subject (topic, id)). Notices are the
// first kind of thing residents comment on (comments' registry, registerNoticeComments).

import type { Kysely } from "kysely";
import {
  authorize,
  authorizeWithin,
  exportingActor,
  primaryRole,
  reachOf,
  requireActor,
} from "../../../access/authorize.ts";
import { type Actor, type PlaceRef, reaches } from "../../../access/reach.ts";
import type { DB } from "../../../db/schema.ts";
import { AppError } from "../../../errors.ts";
import { audited } from "../../core/audit/audit.service.ts";
import {
  attachmentDisposition,
  workbookBytes,
  writeWorkbook,
  XLSX_MIME,
} from "../../core/imports/imports.service.ts";
import { checkedPlaceIn, scopeIdsOf } from "../../core/places/places.service.ts";
import { maskName, maskPhone } from "../../core/privacy/pii.present.ts";
import { registerCommentSubject } from "../comments/comments.service.ts";
import * as q from "./notices.queries.ts";
import type { TEditNotice, TNewNotice } from "./notices.schema.ts";
import type { NoticeAttachment, NoticeAudience, NoticeKind, NoticeVisibility } from "./notices.tables.ts";

type Db = Kysely<DB>;

export const residentNoticeLink = (communityId: number, id: number) => `/m/notices/${communityId}/${id}`;
const MAX_UNREAD_LIST = 500;
const MAX_EXPORT_ROWS = 10_000;

const notFound = () => new AppError("NOT_FOUND", { zh: "公告不存在", en: "No such notice" });

// ---------------------------------------------------------------------------------------------
// presenting

function stateOf(n: q.NoticeRow, now = Date.now()) {
  if (n.status !== "published") return n.status as "draft" | "withdrawn";
  const start = (n.publish_from ?? n.published_at)?.getTime() ?? 0;
  if (start > now) return "scheduled" as const;
  if (n.publish_to && n.publish_to.getTime() <= now) return "expired" as const;
  return "live" as const;
}

function placeOfRow(n: q.NoticeRow) {
  if (n.building_id != null)
    return {
      placeLevel: "building" as const,
      placeName: `${n.building_estate_name ?? ""}${n.building_name ?? ""}`,
    };
  if (n.estate_id != null) return { placeLevel: "estate" as const, placeName: n.estate_name ?? "" };
  return { placeLevel: "community" as const, placeName: n.community_name };
}

export function presentNotice(n: q.NoticeRow) {
  return {
    id: n.id,
    communityId: n.community_id,
    kind: n.kind,
    title: n.title,
    body: n.body,
    ...placeOfRow(n),
    estateId: n.estate_id,
    buildingId: n.building_id,
    audience: n.audience,
    visibility: n.visibility,
    state: stateOf(n),
    publishedAt: n.published_at,
    publishFrom: n.publish_from,
    publishTo: n.publish_to,
    pinned: n.pinned,
    attachments: (n.attachments ?? []) as NoticeAttachment[],
    subject:
      n.subject_kind && n.subject_id != null ? { kind: n.subject_kind, id: Number(n.subject_id) } : null,
  };
}

function presentPublic(n: q.NoticeRow) {
  const { state: _s, audience: _a, visibility: _v, ...rest } = presentNotice(n);
  return rest;
}

const placeRef = (n: {
  community_id: number;
  grid_id: number | null;
  estate_id: number | null;
  building_id: number | null;
}): PlaceRef => ({
  communityId: n.community_id,
  gridId: n.grid_id,
  estateId: n.estate_id,
  buildingId: n.building_id,
});

// ---------------------------------------------------------------------------------------------
// who reads what

/** The caller's residents (one per household) that a notice is for: its place and group. */
async function targetedResidents(db: Db, actor: Actor | null, n: q.NoticeRow): Promise<number[]> {
  const mine = (actor?.residencies ?? [])
    .filter((r) => r.communityId === n.community_id && r.status === "verified")
    .map((r) => r.residentId);
  return q.targetResidentIds(db, n, mine);
}

function staffReads(actor: Actor | null, n: q.NoticeRow): boolean {
  return !!actor && reaches(reachOf(actor, "notices.read"), placeRef(n));
}

function staffManages(actor: Actor | null, n: q.NoticeRow): boolean {
  return !!actor && reaches(reachOf(actor, "notices.publish"), placeRef(n));
}

/**
 * Whether this person reads the notice: staff who read notices at its place (any state); anyone else
 * only while it is live — a public one, or one for a place and group they live in as a verified resident.
 */
async function canRead(db: Db, actor: Actor | null, n: q.NoticeRow): Promise<boolean> {
  if (staffReads(actor, n)) return true;
  if (stateOf(n) !== "live") return false;
  if (n.visibility === "public") return true;
  return (await targetedResidents(db, actor, n)).length > 0;
}

async function loadReadable(db: Db, actor: Actor | null, communityId: number, id: number) {
  const n = await q.findNotice(db, communityId, id);
  if (!n) throw notFound();
  if (!staffReads(actor, n) && stateOf(n) !== "live") throw notFound();
  if (!(await canRead(db, actor, n)))
    throw new AppError("FORBIDDEN", {
      zh: "此公告只对其所在楼栋或小区的居民可见",
      en: "This notice is for the residents of its building or estate only",
    });
  return n;
}

// ---------------------------------------------------------------------------------------------
// reading

export async function publicNoticesOf(db: Db, communityId: number) {
  const name = await q.communityName(db, communityId);
  if (name == null) throw new AppError("NOT_FOUND", { zh: "社区不存在", en: "Community not found" });
  const rows = await q.publicNotices(db, communityId);
  return { communityName: name, items: rows.map(presentPublic) };
}

export async function publicNotice(db: Db, communityId: number, id: number) {
  const n = await q.findNotice(db, communityId, id);
  if (n?.visibility !== "public" || stateOf(n) !== "live") throw notFound();
  return presentPublic(n);
}

/** The live notices of the places a person lives in (all their communities), pinned first. */
export async function myNotices(db: Db, actor: Actor | null) {
  const a = requireActor(actor);
  const rows = await q.noticesForResidences(db, await q.residencesOf(db, a.userId));
  const items = rows.map((n) => ({ ...presentPublic(n), communityName: n.community_name, read: !!n.read }));
  return { items, unread: items.filter((i) => !i.read).length };
}

export async function noticeFor(db: Db, actor: Actor | null, communityId: number, id: number) {
  requireActor(actor);
  const n = await loadReadable(db, actor, communityId, id);
  const targets = await targetedResidents(db, actor, n);
  return {
    ...presentNotice(n),
    canManage: staffManages(actor, n),
    readByMe: await q.readByResidents(db, communityId, id, targets),
    targeted: targets.length > 0,
  };
}

/** A resident opening a live notice of their place records one read (per resident, kept once). */
export async function recordRead(db: Db, actor: Actor | null, communityId: number, id: number) {
  requireActor(actor);
  const n = await loadReadable(db, actor, communityId, id);
  const targets = stateOf(n) === "live" ? await targetedResidents(db, actor, n) : [];
  await q.recordReads(db, communityId, id, targets);
  return { noticeId: id, recorded: targets.length > 0 };
}

// ---------------------------------------------------------------------------------------------
// staff

const checkedPlace = (db: Db, communityId: number, estateId: number | null, buildingId: number | null) =>
  checkedPlaceIn(db, communityId, estateId, buildingId);

function checkWindow(from: Date | null, to: Date | null) {
  if (from && to && to <= from)
    throw new AppError("VALIDATION", {
      zh: "结束时间须晚于开始时间",
      en: "The end must be after the start",
      details: [{ field: "publishTo", message: "after publishFrom" }],
    });
}

const toDate = (v: string | null | undefined) => (v == null ? null : new Date(v));

export interface PublishNoticeInput {
  communityId: number;
  kind: NoticeKind;
  title: string;
  body: string;
  estateId?: number | null;
  buildingId?: number | null;
  audience?: NoticeAudience;
  visibility: NoticeVisibility;
  publishFrom?: Date | null;
  publishTo?: Date | null;
  pinned?: boolean;
  attachments?: NoticeAttachment[];
  /** what it publishes, e.g. { kind: "topic", id } for a topic's resolution */
  subject?: { kind: string; id: number } | null;
  byUserId: number | null;
  /** false: a draft (staff publish it later) */
  publish?: boolean;
}

/**
 * Writes a notice (published at once unless publish: false) in the caller's transaction. Other
 * modules call this — a topic publishes its resolution as { kind: "publicity", subject: { kind:
 * "topic", id } } — after authorising and inside their own audited command; the place is checked here.
 */
export async function publishNotice(trx: Db, input: PublishNoticeInput): Promise<{ id: number }> {
  const place = await checkedPlace(trx, input.communityId, input.estateId ?? null, input.buildingId ?? null);
  checkWindow(input.publishFrom ?? null, input.publishTo ?? null);
  const publish = input.publish ?? true;
  const { id } = await q.insertNotice(trx, {
    community_id: input.communityId,
    kind: input.kind,
    title: input.title,
    body: input.body,
    ...place,
    audience: input.audience ?? "all",
    visibility: input.visibility,
    status: publish ? "published" : "draft",
    publish_from: input.publishFrom ?? null,
    publish_to: input.publishTo ?? null,
    pinned: input.pinned ?? false,
    attachments: JSON.stringify(input.attachments ?? []),
    subject_kind: input.subject?.kind ?? null,
    subject_id: input.subject?.id ?? null,
    created_by: input.byUserId,
    published_at: publish ? new Date() : null,
    published_by: publish ? input.byUserId : null,
  });
  return { id };
}

export async function createNotice(db: Db, actor: Actor | null, communityId: number, input: TNewNotice) {
  const a = requireActor(actor);
  authorizeWithin(a, "notices.publish", communityId);
  const place = await checkedPlace(db, communityId, input.estateId ?? null, input.buildingId ?? null);
  const reach = authorize(a, "notices.publish", placeRef({ community_id: communityId, ...place }));
  const id = await audited(db, async (trx) => {
    const { id } = await publishNotice(trx, {
      communityId,
      kind: input.kind,
      title: input.title,
      body: input.body,
      estateId: place.estate_id,
      buildingId: place.building_id,
      audience: input.audience,
      visibility: input.visibility,
      publishFrom: toDate(input.publishFrom),
      publishTo: toDate(input.publishTo),
      pinned: input.pinned,
      attachments: input.attachments,
      byUserId: a.userId,
      publish: input.publish,
    });
    return {
      result: id,
      audit: {
        actorUserId: a.userId,
        actorRole: primaryRole(reach),
        communityId,
        action: input.publish ? "notice.publish" : "notice.create",
        targetType: "notice",
        targetId: id,
        after: input,
      },
    };
  });
  return presentNotice((await q.findNotice(db, communityId, id))!);
}

async function manageable(db: Db, actor: Actor | null, communityId: number, id: number) {
  const n = await q.findNotice(db, communityId, id);
  if (!n) throw notFound();
  const reach = authorize(actor, "notices.publish", placeRef(n));
  return { n, reach };
}

export async function editNotice(
  db: Db,
  actor: Actor | null,
  communityId: number,
  id: number,
  input: TEditNotice,
) {
  const { n, reach } = await manageable(db, actor, communityId, id);
  if (n.status === "withdrawn")
    throw new AppError("CONFLICT", {
      zh: "公告已撤回，不能修改",
      en: "The notice was withdrawn; it cannot be changed",
    });
  const from = input.publishFrom !== undefined ? toDate(input.publishFrom) : n.publish_from;
  const to = input.publishTo !== undefined ? toDate(input.publishTo) : n.publish_to;
  checkWindow(from, to);
  await audited(db, async (trx) => {
    await q.updateNotice(trx, communityId, id, {
      ...(input.title !== undefined && { title: input.title }),
      ...(input.body !== undefined && { body: input.body }),
      ...(input.audience !== undefined && { audience: input.audience }),
      ...(input.visibility !== undefined && { visibility: input.visibility }),
      ...(input.pinned !== undefined && { pinned: input.pinned }),
      ...(input.attachments !== undefined && { attachments: JSON.stringify(input.attachments) }),
      publish_from: from,
      publish_to: to,
    });
    return {
      result: null,
      audit: {
        actorUserId: actor!.userId,
        actorRole: primaryRole(reach),
        communityId,
        action: "notice.edit",
        targetType: "notice",
        targetId: id,
        before: { title: n.title, pinned: n.pinned, visibility: n.visibility, audience: n.audience },
        after: input,
      },
    };
  });
  return presentNotice((await q.findNotice(db, communityId, id))!);
}

export async function setNoticeStatus(
  db: Db,
  actor: Actor | null,
  communityId: number,
  id: number,
  to: "published" | "withdrawn",
) {
  const { n, reach } = await manageable(db, actor, communityId, id);
  if (to === "published" && n.status !== "draft")
    throw new AppError("CONFLICT", { zh: "只有草稿可以发布", en: "Only a draft can be published" });
  if (to === "withdrawn" && n.status === "withdrawn")
    throw new AppError("CONFLICT", { zh: "公告已撤回", en: "The notice is already withdrawn" });
  await audited(db, async (trx) => {
    await q.updateNotice(trx, communityId, id, {
      status: to,
      ...(to === "published" && { published_at: new Date(), published_by: actor!.userId }),
      ...(to === "withdrawn" && { pinned: false }),
    });
    return {
      result: null,
      audit: {
        actorUserId: actor!.userId,
        actorRole: primaryRole(reach),
        communityId,
        action: to === "published" ? "notice.publish" : "notice.withdraw",
        targetType: "notice",
        targetId: id,
        before: { status: n.status },
        after: { status: to },
      },
    };
  });
  return presentNotice((await q.findNotice(db, communityId, id))!);
}

export async function staffNoticesOf(
  db: Db,
  actor: Actor | null,
  communityId: number,
  f: q.StaffFilters & { limit: number; offset: number },
) {
  const reach = authorizeWithin(actor, "notices.read", communityId);
  const { items, total } = await q.staffNotices(db, communityId, scopeIdsOf(reach, communityId), f);
  return {
    total,
    items: items.map((n) => ({
      ...presentNotice(n),
      readCount: Number(n.read_count),
      targetCount: Number(n.target_count),
      createdAt: n.created_at,
    })),
  };
}

export async function receiptsOf(db: Db, actor: Actor | null, communityId: number, id: number) {
  const n = await q.findNotice(db, communityId, id);
  if (!n) throw notFound();
  authorize(actor, "notices.read", placeRef(n));
  const rows = await q.receiptsOf(db, n);
  const unread = rows.filter((r) => !r.read_at);
  return {
    noticeId: id,
    read: rows.length - unread.length,
    unread: unread.length,
    total: rows.length,
    unreadList: unread.slice(0, MAX_UNREAD_LIST).map((r) => ({
      residentId: r.id,
      name: maskName(r.name),
      address: `${r.building_name}${r.room}`,
      phone: maskPhone(r.phone),
      hasAccount: r.user_id != null,
    })),
  };
}

const KIND_ZH = { announcement: "公告", publicity: "公示" } as const;
const STATE_ZH = {
  draft: "草稿",
  scheduled: "待发布",
  live: "发布中",
  expired: "已过期",
  withdrawn: "已撤回",
} as const;
const AUDIENCE_ZH = { all: "全体居民", owners: "业主", tenants: "租户" } as const;
const shanghai = (d: Date | null) => (d ? new Date(d.getTime() + 8 * 3_600_000) : null);

/** The staff list as Excel (data.export with notices.read; same filters and reach), audited. */
export async function exportNotices(db: Db, actor: Actor | null, communityId: number, f: q.StaffFilters) {
  const a = requireActor(actor);
  const exporter = exportingActor(a);
  const reach = authorizeWithin(exporter, "notices.read", communityId);
  const name = await q.communityName(db, communityId);
  if (name == null) throw new AppError("NOT_FOUND", { zh: "社区不存在", en: "Community not found" });
  const scope = scopeIdsOf(reach, communityId);
  const { items } = await q.staffNotices(db, communityId, scope, { ...f, limit: MAX_EXPORT_ROWS, offset: 0 });
  await audited(db, async () => ({
    result: null,
    audit: {
      actorUserId: a.userId,
      actorRole: primaryRole(reach),
      communityId,
      action: "data.export",
      targetType: "notices",
      targetId: "xlsx",
      after: { format: "xlsx", filters: f, rows: items.length, scope: scope ?? "community" },
    },
  }));
  const body = await workbookBytes((sink) =>
    writeWorkbook(
      {
        name: "公告列表",
        columns: [
          { header: "编号", width: 8 },
          { header: "类型", width: 8 },
          { header: "标题", width: 36 },
          { header: "范围", width: 20 },
          { header: "对象", width: 10 },
          { header: "可见", width: 10 },
          { header: "状态", width: 10 },
          { header: "置顶", width: 6 },
          { header: "发布时间", width: 18, numFmt: "yyyy-mm-dd hh:mm" },
          { header: "开始", width: 18, numFmt: "yyyy-mm-dd hh:mm" },
          { header: "结束", width: 18, numFmt: "yyyy-mm-dd hh:mm" },
          { header: "已读", width: 8 },
          { header: "应读", width: 8 },
        ],
      },
      items.map((n) => {
        const p = presentNotice(n);
        return [
          p.id,
          KIND_ZH[p.kind],
          p.title,
          p.placeName,
          AUDIENCE_ZH[p.audience],
          p.visibility === "public" ? "公开" : "仅本楼居民",
          STATE_ZH[p.state],
          p.pinned ? "是" : "",
          shanghai(p.publishedAt),
          shanghai(p.publishFrom),
          shanghai(p.publishTo),
          Number(n.read_count),
          Number(n.target_count),
        ];
      }),
      sink,
    ),
  );
  const stamp = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  return {
    contentType: XLSX_MIME,
    disposition: attachmentDisposition(
      `notices-${communityId}-${stamp}.xlsx`,
      `公告列表-${name}-${stamp}.xlsx`,
    ),
    rows: items.length,
    body,
  };
}

// ---------------------------------------------------------------------------------------------
// notices are the first thing residents comment on

/** Registers "notice" with comments: readers of a notice read its comments; while live they comment. */
export function registerNoticeComments(): void {
  registerCommentSubject("notice", {
    async placeOf(db, communityId, id) {
      const n = await q.findNotice(db, communityId, id);
      return n
        ? { gridId: n.grid_id, estateId: n.estate_id, buildingId: n.building_id, title: n.title }
        : null;
    },
    async canRead(db, actor, communityId, id) {
      const n = await q.findNotice(db, communityId, id);
      return !!n && (await canRead(db, actor, n));
    },
    async canComment(db, actor, communityId, id) {
      const n = await q.findNotice(db, communityId, id);
      if (!n || stateOf(n) !== "live") return false;
      return (
        staffManages(actor, n) ||
        (await targetedResidents(db, actor, n)).length > 0 ||
        (n.visibility === "public" &&
          actor.residencies.some((r) => r.communityId === communityId && r.status === "verified"))
      );
    },
    linkOf: residentNoticeLink,
  });
}
