// 导出认领 (issue 9): the staff claims list (认领管理) as Excel, with the list's filters and reach and
// the list's columns — the claimant's name and their phone masked as the list shows them. Reach: the
// roles that hold data.export as well as requests.read (a grid worker: their grids). At most the
// newest 50,000 claims (the sheet says when cut); audited like every export.

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
import { communityExists, communityName } from "../../core/people/people.service.ts";
import { scopeIdsOf } from "../../core/places/places.service.ts";
import { KIND_ZH } from "../requests/requests.schema.ts";
import { type Db, todayInChina } from "./claims.service.ts";
import { claimsForStaffOf } from "./claims-read.service.ts";

export const MAX_CLAIM_EXPORT_ROWS = 50_000;

export type ClaimsExportFilters = Omit<Parameters<typeof claimsForStaffOf>[3], "cursor" | "limit">;

const DATE = "yyyy-mm-dd hh:mm";
const COLUMNS: SheetColumn[] = [
  { header: "认领编号 / Claim", width: 9 },
  { header: "诉求编号 / Request", width: 9 },
  { header: "类型 / Kind", width: 8 },
  { header: "标题 / Title", width: 30 },
  { header: "位置 / Place", width: 24 },
  { header: "网格 / Grid", width: 12 },
  { header: "认领人 / Claimant", width: 10 },
  { header: "电话(已脱敏) / Phone (masked)", width: 15, numFmt: "@" },
  { header: "认领身份 / Claimed as", width: 10 },
  { header: "共建单位 / Unit", width: 16 },
  { header: "承诺日期 / Promise date", width: 12, numFmt: "@" },
  { header: "状态 / Status", width: 9 },
  { header: "已超期 / Overdue", width: 8 },
  { header: "认领时间 / Claimed", width: 17, numFmt: DATE },
  { header: "完成时间 / Fulfilled", width: 17, numFmt: DATE },
];

const CLAIMED_AS_ZH: Record<string, string> = {
  party_member: "党员",
  volunteer: "志愿者",
  co_building_unit: "共建单位",
  resident: "居民",
};
const CLAIM_STATUS_ZH: Record<string, string> = {
  active: "进行中",
  fulfilled: "已完成",
  withdrawn: "已撤回",
};

/** Excel dates carry no zone: the instant moved by +8 h shows China time (no daylight saving). */
const shanghaiCell = (d: Date | null) => (d ? new Date(d.getTime() + 8 * 3_600_000) : null);

export async function exportClaims(
  db: Db,
  actor: Actor | null,
  communityId: number,
  filters: ClaimsExportFilters,
  opts: { maxRows?: number } = {},
) {
  const a = requireActor(actor);
  const exporter = exportingActor(a);
  const reach = authorizeWithin(exporter, "requests.read", communityId);
  if (!(await communityExists(db, communityId)))
    throw new AppError("NOT_FOUND", { zh: "社区不存在", en: "Community not found" });
  const max = opts.maxRows ?? MAX_CLAIM_EXPORT_ROWS;
  // the list itself, read as the exporter: the same reach, presenter and masking
  const page = await claimsForStaffOf(db, exporter, communityId, { ...filters, limit: max });
  const truncated = page.nextCursor != null;
  const scope = scopeIdsOf(reach, communityId);
  await recordAudit(db, {
    actorUserId: a.userId,
    actorRole: primaryRole(reach),
    communityId,
    action: "data.export",
    targetType: "claims",
    targetId: "xlsx",
    after: { format: "xlsx", filters, rows: page.items.length, truncated, scope: scope ?? "community" },
  });
  const notes = truncated
    ? [
        `已达导出上限：只导出了最新的 ${max.toLocaleString("en")} 条认领，请缩小筛选范围后分批导出`,
        `Export limit reached: only the newest ${max.toLocaleString("en")} claims are here; narrow the filters and export in parts`,
      ]
    : [];
  const body = await workbookBytes((sink) =>
    writeWorkbook(
      { name: "认领列表", columns: COLUMNS, notes },
      page.items.map((c) => [
        c.id,
        c.requestId,
        KIND_ZH[c.kind] ?? c.kind,
        c.title,
        c.place.address || null,
        c.place.gridName,
        c.claimantName,
        c.claimantPhone,
        CLAIMED_AS_ZH[c.claimedAs] ?? c.claimedAs,
        c.orgName,
        c.promiseDate,
        c.released ? "已释放" : (CLAIM_STATUS_ZH[c.status] ?? c.status),
        c.overdue ? "是" : "否",
        shanghaiCell(c.createdAt),
        shanghaiCell(c.fulfilledAt),
      ]),
      sink,
    ),
  );
  const name = await communityName(db, communityId);
  const stamp = todayInChina();
  return {
    contentType: XLSX_MIME,
    disposition: attachmentDisposition(
      `claims-${communityId}-${stamp}.xlsx`,
      `认领列表-${name}-${stamp}.xlsx`,
    ),
    rows: page.items.length,
    truncated,
    body,
  };
}
