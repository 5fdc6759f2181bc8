// Keeping the facilities and the kinds (DOMAIN L1): staff edit a facility they entered (kind, name,
// point, hours) and close any facility softly with the day it closed; the secretary or the district sets
// a kind's target walk and whether the checklist requires it. Every change is audited and marks the
// readings for recompute: at once here, and by the `lifecircle-recompute` job if that fails.
import { randomUUID } from "node:crypto";
import { rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Kysely } from "kysely";
import { authorize, primaryRole } from "../../../access/authorize.ts";
import type { Actor } from "../../../access/reach.ts";
import type { DB } from "../../../db/schema.ts";
import { AppError } from "../../../errors.ts";
import { recordAudit } from "../../core/audit/audit.service.ts";
import {
  attachmentDisposition,
  inspectUpload,
  readSheetRows,
  workbookBytes,
  writeWorkbook,
  XLSX_MIME,
} from "../../core/imports/imports.service.ts";
import { MAX_SNAP_METERS } from "./analyse.ts";
import { toGcj02, toWgs84 } from "./coords.ts";
import {
  isBlankRow,
  MAX_SHEET_ROWS,
  matchSheetHeader,
  missingColumns,
  parseSheetRow,
  SHEET_COLUMNS,
  SHEET_FIELDS,
  type SheetError,
  type SheetFacility,
  sheetRowCells,
} from "./facilities-sheet.ts";
import { unpackGraph } from "./graph-bytes.ts";
import * as q from "./network.queries.ts";
import type { TCloseFacility, TUpdateFacility, TUpdateKind } from "./network.schema.ts";
import { kindsOf, recomputeSoon, requireCommunity } from "./network.service.ts";
import { Snapper } from "./snap.ts";

type Db = Kysely<DB>;

const presentRecord = (f: NonNullable<Awaited<ReturnType<typeof q.findFacility>>>) => ({
  id: f.id,
  kind: f.kind_code,
  name: f.name,
  lat: f.lat,
  lon: f.lon,
  hours: f.hours,
  source: f.source,
  active: f.active,
  closedOn: f.closed_on,
  closedReason: f.closed_reason,
});

async function facilityIn(db: Db, communityId: number, id: number) {
  const f = await q.findFacility(db, communityId, id);
  if (!f) throw new AppError("NOT_FOUND", { zh: "找不到该设施", en: "No such facility" });
  return f;
}

const todayInChina = () => new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());

/** Staff edit a facility; one imported from OSM is kept by the extract (close it, or fix it in OSM). */
export async function editFacility(
  db: Db,
  actor: Actor | null,
  communityId: number,
  id: number,
  input: TUpdateFacility,
) {
  const reach = authorize(actor, "lifecircle.manage", { communityId });
  await requireCommunity(db, communityId);
  const before = await facilityIn(db, communityId, id);
  if (before.source === "osm")
    throw new AppError("CONFLICT", {
      zh: "该设施来自 OpenStreetMap，下次导入会恢复原样：请在 OpenStreetMap 中修改，或将其停用",
      en: "This facility comes from OpenStreetMap and the next import restores it: fix it there, or close it",
    });
  if (!before.active) throw new AppError("CONFLICT", { zh: "该设施已停用", en: "The facility is closed" });
  if (input.kind !== undefined && !(await kindsOf(db, communityId)).some((k) => k.code === input.kind))
    throw new AppError("VALIDATION", { zh: "没有这种设施类型", en: "No such facility kind" });
  if ((input.lat === undefined) !== (input.lon === undefined))
    throw new AppError("VALIDATION", {
      zh: "纬度和经度要一起修改",
      en: "Change the latitude and the longitude together",
    });
  const set: { kind_code?: string; name?: string; lat?: number; lon?: number; hours?: string } = {};
  if (input.kind !== undefined) set.kind_code = input.kind;
  if (input.name !== undefined) set.name = input.name;
  if (input.hours !== undefined) set.hours = input.hours;
  if (input.lat !== undefined && input.lon !== undefined) {
    const p = toWgs84(input.lat, input.lon, input.coordSystem ?? "wgs84");
    const stored = await q.networkGraph(db, communityId);
    if (!stored || !new Snapper(unpackGraph(stored.graph)).nearest(p.lat, p.lon, MAX_SNAP_METERS))
      throw new AppError("LIFECIRCLE_FACILITY_OUTSIDE");
    set.lat = p.lat;
    set.lon = p.lon;
  }
  const row = await db.transaction().execute(async (trx) => {
    const after = await q.updateFacility(trx, communityId, id, set);
    await q.markDirty(trx, communityId);
    await recordAudit(trx, {
      actorUserId: actor?.userId ?? null,
      actorRole: primaryRole(reach),
      communityId,
      action: "lifecircle.facility.update",
      targetType: "lifecircle_facility",
      targetId: id,
      before: presentRecord(before),
      after: set,
    });
    return after;
  });
  await recomputeSoon(db, communityId);
  return presentRecord(row);
}

/** Staff close a facility (soft: kept with the day it closed); the readings follow. */
export async function closeFacility(
  db: Db,
  actor: Actor | null,
  communityId: number,
  id: number,
  input: TCloseFacility,
) {
  const reach = authorize(actor, "lifecircle.manage", { communityId });
  await requireCommunity(db, communityId);
  const before = await facilityIn(db, communityId, id);
  if (!before.active)
    throw new AppError("CONFLICT", { zh: "该设施已停用", en: "The facility is already closed" });
  const closedOn = input.closedOn ?? todayInChina();
  const row = await db.transaction().execute(async (trx) => {
    const after = await q.closeFacility(trx, communityId, id, closedOn, input.reason);
    await q.markDirty(trx, communityId);
    await recordAudit(trx, {
      actorUserId: actor?.userId ?? null,
      actorRole: primaryRole(reach),
      communityId,
      action: "lifecircle.facility.close",
      targetType: "lifecircle_facility",
      targetId: id,
      before: presentRecord(before),
      after: { closedOn, reason: input.reason },
    });
    return after;
  });
  await recomputeSoon(db, communityId);
  return presentRecord(row);
}

/** The secretary or the district set a kind's target walk and whether the checklist requires it. */
export async function editKind(
  db: Db,
  actor: Actor | null,
  communityId: number,
  code: string,
  input: TUpdateKind,
) {
  const reach = authorize(actor, "lifecircle.kinds", { communityId });
  await requireCommunity(db, communityId);
  const before = (await kindsOf(db, communityId)).find((k) => k.code === code);
  if (!before) throw new AppError("NOT_FOUND", { zh: "没有这种设施类型", en: "No such facility kind" });
  const row = await db.transaction().execute(async (trx) => {
    await kindsOf(trx, communityId, true);
    const after = await q.updateKind(trx, communityId, code, {
      ...(input.targetMinutes !== undefined ? { target_minutes: input.targetMinutes } : {}),
      ...(input.required !== undefined ? { required: input.required } : {}),
    });
    await q.markDirty(trx, communityId);
    await recordAudit(trx, {
      actorUserId: actor?.userId ?? null,
      actorRole: primaryRole(reach),
      communityId,
      action: "lifecircle.kind.update",
      targetType: "lifecircle_kind",
      targetId: code,
      before: { code, targetMinutes: before.targetMinutes, required: before.required },
      after: { code, ...input },
    });
    return after;
  });
  await recomputeSoon(db, communityId);
  return {
    code: row.code,
    nameZh: row.name_zh,
    nameEn: row.name_en,
    targetMinutes: row.target_minutes,
    required: row.required,
  };
}

// ---- the facilities sheet (source `excel`) ----

const FACILITIES_SHEET = {
  name: "设施",
  columns: SHEET_FIELDS.map((f) => ({ header: SHEET_COLUMNS[f].zh, width: SHEET_COLUMNS[f].width })),
};

/**
 * 下载模板: the header row the importer reads and two example rows in the words it accepts, placed on
 * the community's own network when it has one (so the example imports as it is): one in WGS-84, the
 * same point in GCJ-02 as a Chinese web map gives it.
 */
export async function facilitiesTemplate(db: Db, actor: Actor | null, communityId: number) {
  authorize(actor, "lifecircle.manage", { communityId });
  await requireCommunity(db, communityId);
  const stored = await q.networkGraph(db, communityId);
  let at = { lat: 39.908722, lon: 116.397499 };
  if (stored) {
    const g = unpackGraph(stored.graph);
    let v = 0;
    while (v < g.nodeCount && g.component[v] !== g.largest) v++;
    if (v < g.nodeCount) at = { lat: g.lat[v] as number, lon: g.lon[v] as number };
  }
  const six = (x: number) => Math.round(x * 1e6) / 1e6;
  const gcj = toGcj02(at.lat, at.lon);
  const rows = [
    sheetRowCells({
      kind: "convenience",
      kindZh: "便利店",
      name: "示例便利店",
      lat: six(at.lat),
      lon: six(at.lon),
      coordSystem: "wgs84",
      hours: "07:00-23:00",
    }),
    sheetRowCells({
      kind: "canteen",
      kindZh: "社区食堂",
      name: "示例社区食堂（高德坐标）",
      lat: six(gcj.lat),
      lon: six(gcj.lon),
      coordSystem: "gcj02",
      hours: "11:00-13:00, 17:00-19:00",
    }),
  ];
  const body = await workbookBytes((sink) => writeWorkbook(FACILITIES_SHEET, rows, sink));
  return {
    contentType: XLSX_MIME,
    disposition: attachmentDisposition("facilities-template.xlsx", "设施导入模板.xlsx"),
    body,
  };
}

const sheetInvalid = (errors: SheetError[]) =>
  new AppError("LIFECIRCLE_SHEET_INVALID", {
    zh: `设施表有 ${errors.length} 处错误，没有导入任何设施：${errors
      .slice(0, 3)
      .map((e) => e.message_zh)
      .join("；")}${errors.length > 3 ? "……" : ""}`,
    en: `The facilities sheet has ${errors.length} error(s) and nothing was imported: ${errors
      .slice(0, 3)
      .map((e) => e.message_en)
      .join("; ")}${errors.length > 3 ? "…" : ""}`,
    details: errors.slice(0, 500),
  });

/** Reads the uploaded sheet's rows (first worksheet; .xlsx or .csv, checked by content). */
async function sheetRows(bytes: Buffer, filename: string) {
  const path = join(tmpdir(), `linli-facilities-${randomUUID()}`);
  await writeFile(path, bytes);
  try {
    const { format } = await inspectUpload(path, filename);
    const rows: { line: number; cells: (string | number | boolean | Date | null)[] }[] = [];
    try {
      for await (const r of readSheetRows(path, format)) {
        if (isBlankRow(r.cells)) continue;
        rows.push(r);
        if (rows.length > MAX_SHEET_ROWS + 1)
          throw new AppError("TOO_LARGE", {
            zh: `设施表超过 ${MAX_SHEET_ROWS} 行`,
            en: `The facilities sheet has more than ${MAX_SHEET_ROWS} rows`,
          });
      }
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw new AppError("UNSUPPORTED_FILE", {
        zh: "无法读取该表格文件（可能已损坏）",
        en: "The spreadsheet cannot be read (it may be damaged)",
      });
    }
    return rows;
  } finally {
    await rm(path, { force: true });
  }
}

/**
 * Imports the facilities sheet: every row checked (kind, name, a WGS-84 or GCJ-02 point on the
 * community's walking network, hours; a name already open for the kind, or twice in the sheet, is a
 * mistake), then all rows in one transaction or none; the readings are recomputed; audited.
 */
export async function importFacilitiesSheet(
  db: Db,
  actor: Actor | null,
  communityId: number,
  bytes: Buffer,
  filename: string,
) {
  const reach = authorize(actor, "lifecircle.manage", { communityId });
  await requireCommunity(db, communityId);
  const stored = await q.networkGraph(db, communityId);
  if (!stored)
    throw new AppError("CONFLICT", {
      zh: "请先导入本社区的步行路网",
      en: "Import the community's walking network first",
    });
  const rows = await sheetRows(bytes, filename);
  const header = rows[0];
  const layout = header ? matchSheetHeader(header.cells) : null;
  if (!header || !layout)
    throw sheetInvalid([
      {
        row: 0,
        column: null,
        message_zh: "找不到表头（设施类型、名称、纬度、经度、坐标系、开放时间）：请使用下载的模板",
        message_en:
          "No header row (kind, name, latitude, longitude, coordinate system, hours): use the template",
      },
    ]);
  const missing = missingColumns(layout);
  if (missing.length > 0) throw sheetInvalid(missing);
  if (rows.length === 1)
    throw sheetInvalid([
      { row: 0, column: null, message_zh: "表中没有设施", message_en: "The sheet lists no facilities" },
    ]);

  const kinds = await kindsOf(db, communityId);
  const open = await q.activeFacilities(db, communityId);
  const taken = new Set(open.map((f) => `${f.kind_code}\u0000${f.name}`));
  const snapper = new Snapper(unpackGraph(stored.graph));
  const errors: SheetError[] = [];
  const good: (SheetFacility & { wgs: { lat: number; lon: number } })[] = [];
  for (const r of rows.slice(1)) {
    const { facility, errors: rowErrors } = parseSheetRow(r.line, r.cells, layout, kinds);
    errors.push(...rowErrors);
    if (!facility) continue;
    const key = `${facility.kind}\u0000${facility.name}`;
    if (taken.has(key)) {
      errors.push({
        row: r.line,
        column: SHEET_COLUMNS.name.zh,
        message_zh: `第 ${r.line} 行“名称”：本社区已有同类型、同名的开放设施“${facility.name}”（或表中重复）`,
        message_en: `Row ${r.line}, name: an open facility of this kind named "${facility.name}" already exists (or the sheet repeats it)`,
      });
      continue;
    }
    taken.add(key);
    const wgs = toWgs84(facility.lat, facility.lon, facility.coordSystem);
    if (!snapper.nearest(wgs.lat, wgs.lon, MAX_SNAP_METERS)) {
      errors.push({
        row: r.line,
        column: `${SHEET_COLUMNS.lat.zh}/${SHEET_COLUMNS.lon.zh}`,
        message_zh: `第 ${r.line} 行：该位置不在本社区路网范围内（离最近的可步行道路超过 ${MAX_SNAP_METERS} 米），请核对经纬度和坐标系`,
        message_en: `Row ${r.line}: the point is outside the community's network (more than ${MAX_SNAP_METERS} m from any walkable way); check the coordinates and their system`,
      });
      continue;
    }
    good.push({ ...facility, wgs });
  }
  if (errors.length > 0) throw sheetInvalid(errors);

  const created = await db.transaction().execute(async (trx) => {
    await kindsOf(trx, communityId, true);
    const inserted = await q.insertFacilitiesReturning(
      trx,
      good.map((f) => ({
        community_id: communityId,
        kind_code: f.kind,
        name: f.name,
        lat: f.wgs.lat,
        lon: f.wgs.lon,
        hours: f.hours,
        source: "excel" as const,
        created_by: actor?.userId ?? null,
      })),
    );
    await q.markDirty(trx, communityId);
    await recordAudit(trx, {
      actorUserId: actor?.userId ?? null,
      actorRole: primaryRole(reach),
      communityId,
      action: "lifecircle.facility.import",
      targetType: "lifecircle_facility",
      targetId: inserted[0]?.id ?? null,
      after: { filename, facilities: inserted.map((f) => ({ id: f.id, kind: f.kind_code, name: f.name })) },
    });
    return inserted;
  });
  await recomputeSoon(db, communityId);
  return {
    imported: created.length,
    items: created.map((f) => ({
      id: f.id,
      kind: f.kind_code,
      name: f.name,
      lat: f.lat,
      lon: f.lon,
      hours: f.hours,
      source: f.source,
      active: f.active,
    })),
  };
}

/** The closed facilities, kept with the day each closed and why (staff). */
export async function closedFacilitiesOf(db: Db, actor: Actor | null, communityId: number) {
  authorize(actor, "lifecircle.read", { communityId });
  await requireCommunity(db, communityId);
  return { items: (await q.closedFacilities(db, communityId)).map(presentRecord) };
}
