// 导出 Excel (issue 3, item 10): the staff list of requests as a workbook, with the list's filters,
// the list's columns and the list's reach — no submitter's name or phone. The workbook is written by
// the imports module's writer; the export is audited like every other data export.

import { authorizeWithin, exportingActor, primaryRole, requireActor } from "../../../access/authorize.ts";
import type { Actor } from "../../../access/reach.ts";
import { AppError } from "../../../errors.ts";
import { recordAudit } from "../../core/audit/audit.service.ts";
import {
  attachmentDisposition,
  type SheetColumn,
  workbookBytes,
  writeWorkbook,
  XLSX_MIME,
} from "../../core/imports/imports.service.ts";
import type { Cell } from "../../core/imports/resident-sheet.ts";
import { communityExists, communityName } from "../../core/people/people.service.ts";
import { scopeIdsOf } from "../../core/places/places.service.ts";
import * as q from "./requests.queries.ts";
import { KIND_ZH } from "./requests.schema.ts";
import type { Db } from "./requests.service.ts";
import { presentListItem } from "./requests-read.service.ts";
import { ROUTE_ZH } from "./requests-triage.service.ts";

/** At most this many rows (the newest); a sheet cut there says so in its last row. */
export const MAX_EXPORT_ROWS = 50_000;

export type ExportFilters = Omit<Parameters<typeof q.listRequests>[3], "cursor" | "limit">;

// the words of the staff console (web/src/shared/i18n/voice.zh-CN.ts)
const STATUS_ZH: Record<string, string> = {
  submitted: "待签收",
  signed: "办理中",
  resolved: "待评价",
  closed: "已办结",
  merged: "已合并",
};
const CHANNEL_ZH: Record<string, string> = {
  app: "居民自主提交",
  door_visit: "上门走访",
  phone: "电话",
  opinion_box: "意见箱",
  meeting: "会议",
  open311: "城市服务平台",
};
const RATING_ZH: Record<string, string> = { good: "好评", average: "一般", poor: "差评" };

const DATE = "yyyy-mm-dd hh:mm";
const COLUMNS: SheetColumn[] = [
  { header: "编号 / No.", width: 9 },
  { header: "类型 / Kind", width: 9 },
  { header: "类别 / Category", width: 14 },
  { header: "标题 / Title", width: 30 },
  { header: "状态 / Status", width: 10 },
  { header: "超期 / Overdue", width: 9 },
  { header: "位置 / Place", width: 28 },
  { header: "网格 / Grid", width: 12 },
  { header: "来源 / Channel", width: 13 },
  { header: "办理单位 / Handled by", width: 14 },
  { header: "签收期限 / Sign by", width: 17, numFmt: DATE },
  { header: "办结期限 / Solve by", width: 17, numFmt: DATE },
  { header: "评价 / Rating", width: 9 },
  { header: "重办次数 / Reopened", width: 10 },
  { header: "提交时间 / Submitted", width: 17, numFmt: DATE },
];

/**
 * A date cell that shows China time: Excel dates carry no zone, so the instant is moved by +8 h
 * (Asia/Shanghai has no daylight saving time).
 */
export const shanghaiCell = (d: Date): Date => new Date(d.getTime() + 8 * 3_600_000);

function rowCells(v: ReturnType<typeof presentListItem>): Cell[] {
  return [
    v.id,
    KIND_ZH[v.kind] ?? v.kind,
    v.category.nameZh,
    v.title,
    STATUS_ZH[v.status] ?? v.status,
    v.overdue ? "是" : "否",
    v.place.address || null,
    v.place.gridName,
    CHANNEL_ZH[v.channel] ?? v.channel,
    v.routeTo ? ROUTE_ZH[v.routeTo] : null,
    shanghaiCell(v.signDueAt),
    shanghaiCell(v.solveDueAt),
    v.rating ? RATING_ZH[v.rating]! : null,
    v.reopenCount,
    shanghaiCell(v.createdAt),
  ];
}

/**
 * The requests the caller reaches, with the staff list's filters, newest first, as .xlsx. Exporting
 * needs data.export as well as requests.read, and reaches only through roles that hold both (a grid
 * worker: their grids), so 三长, property staff and owners' committees read the list but do not
 * export it.
 */
export async function exportRequests(
  db: Db,
  actor: Actor | null,
  communityId: number,
  filters: ExportFilters,
  opts: { maxRows?: number } = {},
) {
  const a = requireActor(actor);
  const exporter = exportingActor(a);
  const reach = authorizeWithin(exporter, "requests.read", communityId);
  if (!(await communityExists(db, communityId)))
    throw new AppError("NOT_FOUND", { zh: "社区不存在", en: "Community not found" });
  const max = opts.maxRows ?? MAX_EXPORT_ROWS;
  const scope = scopeIdsOf(reach, communityId);
  const rows = await q.listRequests(db, communityId, scope, { ...filters, limit: max + 1 });
  const truncated = rows.length > max;
  const kept = truncated ? rows.slice(0, max) : rows;

  await recordAudit(db, {
    actorUserId: a.userId,
    actorRole: primaryRole(reach),
    communityId,
    action: "data.export",
    targetType: "requests",
    targetId: "xlsx",
    after: { format: "xlsx", filters, rows: kept.length, truncated, scope: scope ?? "community" },
  });

  const now = Date.now();
  const notes = truncated
    ? [
        `已达导出上限：只导出了最新的 ${max.toLocaleString("en")} 条，请缩小筛选范围后分批导出`,
        `Export limit reached: only the newest ${max.toLocaleString("en")} requests are here; narrow the filters and export in parts`,
      ]
    : [];
  const body = await workbookBytes((sink) =>
    writeWorkbook(
      { name: "诉求列表", columns: COLUMNS, notes },
      kept.map((v) => rowCells(presentListItem(v, now))),
      sink,
    ),
  );
  const name = await communityName(db, communityId);
  const stamp = new Date(now + 8 * 3_600_000).toISOString().slice(0, 10);
  return {
    contentType: XLSX_MIME,
    disposition: attachmentDisposition(
      `requests-${communityId}-${stamp}.xlsx`,
      `诉求列表-${name}-${stamp}.xlsx`,
    ),
    rows: kept.length,
    truncated,
    body,
  };
}
