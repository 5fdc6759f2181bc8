// 导出房屋 (issue 9): the households list as Excel, with the list's filters (grid, estate, building,
// the address search) and the list's columns — addresses, area, grid and how many verified residents
// live there; no person data at all. Reach: the roles that hold data.export as well as
// households.read (a grid worker: their grids). Capped at the first 50,000 homes in the list's order
// (the sheet says when cut); audited like every export.

import type { Kysely } from "kysely";
import type { z } from "zod";
import { authorizeWithin, exportingActor, primaryRole, requireActor } from "../../../access/authorize.ts";
import type { Actor } from "../../../access/reach.ts";
import type { DB } from "../../../db/schema.ts";
import { AppError } from "../../../errors.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { communityExists, communityName } from "../people/people.service.ts";
import { presentHouseholdRow } from "../places/places.present.ts";
import type { ZHouseholdQuery } from "../places/places.schema.ts";
import { householdsPage, scopeIdsOf } from "../places/places.service.ts";
import {
  attachmentDisposition,
  type SheetColumn,
  workbookBytes,
  writeWorkbook,
  XLSX_MIME,
} from "./spreadsheet.ts";

export const MAX_HOUSEHOLD_EXPORT_ROWS = 50_000;

export type HouseholdExportFilters = Omit<z.output<typeof ZHouseholdQuery>, "page" | "pageSize">;

const COLUMNS: SheetColumn[] = [
  { header: "编号 / No.", width: 8 },
  { header: "地址 / Address", width: 32 },
  { header: "楼层 / Floor", width: 8 },
  { header: "房号 / Room", width: 10, numFmt: "@" },
  { header: "面积(㎡) / Area (m²)", width: 12 },
  { header: "网格 / Grid", width: 14 },
  { header: "在册居民 / Residents", width: 12 },
];

export async function exportHouseholds(
  db: Kysely<DB>,
  actor: Actor | null,
  communityId: number,
  filters: HouseholdExportFilters,
  opts: { maxRows?: number } = {},
) {
  const a = requireActor(actor);
  // only the grants that may export: 三长 and property staff read households but do not export them
  const exporter = exportingActor(a);
  const reach = authorizeWithin(exporter, "households.read", communityId);
  if (!(await communityExists(db, communityId)))
    throw new AppError("NOT_FOUND", { zh: "社区不存在", en: "Community not found" });
  const max = opts.maxRows ?? MAX_HOUSEHOLD_EXPORT_ROWS;
  const { total, items } = await householdsPage(
    db,
    exporter,
    { communityId },
    { ...filters, page: 1, pageSize: max },
  );
  const truncated = total > items.length;
  const scope = scopeIdsOf(reach, communityId);
  await recordAudit(db, {
    actorUserId: a.userId,
    actorRole: primaryRole(reach),
    communityId,
    action: "data.export",
    targetType: "households",
    targetId: "xlsx",
    after: { format: "xlsx", filters, rows: items.length, truncated, scope: scope ?? "community" },
  });
  const notes = truncated
    ? [
        `已达导出上限：只导出了前 ${max.toLocaleString("en")} 户，请缩小筛选范围后分批导出`,
        `Export limit reached: only the first ${max.toLocaleString("en")} homes are here; narrow the filters and export in parts`,
      ]
    : [];
  const body = await workbookBytes((sink) =>
    writeWorkbook(
      { name: "房屋列表", columns: COLUMNS, notes },
      items.map((row) => {
        const h = presentHouseholdRow(row);
        return [h.id, h.address, h.floor, h.room, h.areaM2, h.gridName, h.memberCount];
      }),
      sink,
    ),
  );
  const name = await communityName(db, communityId);
  const stamp = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  return {
    contentType: XLSX_MIME,
    disposition: attachmentDisposition(
      `households-${communityId}-${stamp}.xlsx`,
      `房屋列表-${name}-${stamp}.xlsx`,
    ),
    rows: items.length,
    truncated,
    body,
  };
}
