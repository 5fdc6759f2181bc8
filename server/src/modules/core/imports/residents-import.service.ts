// The residents import pipeline: a sheet of homes and residents (DOMAIN §0: the spreadsheets
// communities keep today) checked and written into a community. Jobs are driven by
// imports-runner.service.ts; other modules reach this through imports.service.ts.
//
// Rules an import follows:
// - Estates, buildings, units and homes named in the sheet are created when missing; a home is
//   estate + building + unit + room. Existing places are never renamed or re-measured: the floor and
//   area of a home that already exists are left as they are. The one thing an import may set on an
//   existing place is the grid of a building that has none yet (its homes follow, as in places).
// - Grids must exist already (a grid is a unit of staff work, created on purpose).
// - A row whose name matches a verified resident of the same home, or whose ID number matches any
//   verified resident of the community, changes nothing and is reported as a duplicate; so is a
//   second row for the same person, or an ID number repeated, within the file. A row without any
//   person's details lists an empty home (export writes one for each); for a home that exists it
//   is a duplicate too.
// - Rows that name the same new home or building must agree on floor, area and grid.
// - Mode all_or_nothing: any error and nothing is written (status rejected). Mode valid_rows: the
//   rows without errors are written, the others reported (status succeeded).
//
// How it runs: (1) the file is streamed and every row checked on its own, with no transaction open;
// (2) one transaction takes a per-community lock, loads what exists, checks the rows against it and
// each other, and (3) writes everything in multi-row batches. A failure anywhere rolls the whole
// transaction back, so a failed import leaves the database exactly as it was.
//
// Progress: rows read in (1) are written to import_job every 1,000 rows, through the ordinary pool
// (no transaction is open yet, so others see them at once). Inside the transaction of (2)-(3)
// nothing is written to import_job before commit: updates there would be invisible to others until
// the end, and on PGlite (one connection) a write from outside the transaction would wait for it and
// deadlock. Progress of those phases lives in memory (the runner's live map,
// imports-runner.service.ts), which the status endpoint
// overlays on the row. On PGlite every other request also waits while the transaction holds the
// one connection; (1) is therefore kept outside it and (2)-(3) are kept short (about 10 s for
// 100,000 rows).
import { createSecretKey, type KeyObject } from "node:crypto";
import path from "node:path";
import type { Kysely } from "kysely";
import type { Config } from "../../../config.ts";
import type { DB } from "../../../db/schema.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { protectIdNumber } from "../people/people.service.ts";
import { syncHouseholdGrid, updateBuilding } from "../places/places.service.ts";
import * as q from "./imports.queries.ts";
import { type ImportMode, type ImportPhase, MAX_IMPORT_ROWS, MAX_REPORTED_ERRORS } from "./imports.schema.ts";
import {
  COLUMNS,
  checkHeader,
  FIELDS,
  fileError,
  isBlankRow,
  matchHeader,
  noHeaderError,
  type ParsedRow,
  parseRow,
  type RowError,
  type SheetLayout,
} from "./resident-sheet.ts";
import { inspectUpload, readSheetRows } from "./spreadsheet.ts";

export interface ImportProgress {
  phase: ImportPhase;
  totalRows: number;
  processedRows: number;
  importedRows: number;
  errorCount: number;
}

export interface ImportOptions {
  communityId: number;
  filePath: string;
  /** The name the file was uploaded under (its extension decides the format); default: filePath. */
  filename?: string;
  mode?: ImportMode;
  actorUserId: number | null;
  actorRole?: string | null;
  /** When given, the job row is finished in the same transaction as the data. */
  jobId?: number;
  /**
   * Called every 1,000 rows. Awaited while reading (no transaction is open: it may write to the
   * database); while checking and writing it runs inside the import transaction and must not use
   * the database (on PGlite it would wait for that transaction forever).
   */
  onProgress?: (p: ImportProgress) => void | Promise<void>;
}

export interface ImportOutcome {
  status: "succeeded" | "rejected";
  totalRows: number;
  processedRows: number;
  importedRows: number;
  errorCount: number;
  /** The first 1,000, by row then column. */
  errors: RowError[];
  created: { estates: number; buildings: number; units: number; households: number; residents: number };
}

// pii.ts takes the key as a Buffer, and Node 24 imports a Buffer key anew on every createHmac /
// createCipheriv call (~50 µs: 10 s for 100,000 ID numbers). Both accept a KeyObject made once,
// about 6× faster; the hash and the envelope are exactly those of pii.ts (a test checks).
const keyObjects = new WeakMap<Buffer, KeyObject>();
export function withKeyObject(config: Config): Config {
  let key = keyObjects.get(config.piiKey);
  if (!key) {
    key = createSecretKey(config.piiKey);
    keyObjects.set(config.piiKey, key);
  }
  return { ...config, piiKey: key as unknown as Buffer };
}

const PROGRESS_EVERY = 1000;
// Errors kept in memory before sorting; beyond this only the count grows.
const ERRORS_KEPT = 20_000;

class ErrorLog {
  count = 0;
  private kept: RowError[] = [];
  add(errors: RowError[]) {
    this.count += errors.length;
    for (const e of errors) if (this.kept.length < ERRORS_KEPT) this.kept.push(e);
  }
  first(n = MAX_REPORTED_ERRORS): RowError[] {
    const order = (e: RowError) => (e.field ? FIELDS.indexOf(e.field as (typeof FIELDS)[number]) : -1);
    return [...this.kept].sort((a, b) => a.row - b.row || order(a) - order(b)).slice(0, n);
  }
}

const noneCreated = () => ({ estates: 0, buildings: 0, units: 0, households: 0, residents: 0 });

/**
 * Imports a residents sheet (.xlsx or .csv) into a community, without HTTP: the route's background
 * job and the benchmark both call this. The caller has checked permissions.
 */
export async function importResidentsFile(
  db: Kysely<DB>,
  bufferKeyConfig: Config,
  opts: ImportOptions,
): Promise<ImportOutcome> {
  const config = withKeyObject(bufferKeyConfig);
  const { communityId, jobId } = opts;
  const mode = opts.mode ?? "all_or_nothing";
  const { format, estimatedRows } = await inspectUpload(opts.filePath, opts.filename ?? opts.filePath);
  const errors = new ErrorLog();
  const progress: ImportProgress = {
    phase: "reading",
    totalRows: estimatedRows,
    processedRows: 0,
    importedRows: 0,
    errorCount: 0,
  };
  // progress is best effort: a failed progress write must not fail (or mislabel) the import
  const report = () =>
    Promise.resolve(opts.onProgress?.({ ...progress, errorCount: errors.count })).catch(() => undefined);

  // (1) read and check each row on its own
  const rows: ParsedRow[] = [];
  let layout: SheetLayout | null = null;
  const fileProblem = await (async (): Promise<RowError | RowError[] | null> => {
    let rowsBeforeHeader = 0;
    try {
      for await (const { line, cells } of readSheetRows(opts.filePath, format)) {
        if (isBlankRow(cells)) continue;
        if (!layout) {
          const found = matchHeader(cells);
          if (found) {
            const problems = checkHeader(line, found);
            if (problems.length) return problems;
            layout = found.layout;
          } else if (++rowsBeforeHeader >= 10) return noHeaderError();
          continue;
        }
        if (rows.length >= MAX_IMPORT_ROWS) {
          return fileError(
            `文件超过 ${MAX_IMPORT_ROWS.toLocaleString("en")} 行，请拆分后分批导入`,
            `The file has more than ${MAX_IMPORT_ROWS.toLocaleString("en")} rows; split it and import the parts`,
          );
        }
        const parsed = parseRow(cells, layout, line);
        if (parsed.row.idNumber) {
          // encrypted now, outside the transaction (on PGlite every request waits while it is open),
          // and the plain number is not kept
          const pii = protectIdNumber(config, parsed.row.idNumber);
          parsed.row.idNumberEnc = pii.id_number_enc;
          parsed.row.idNumberHash = pii.id_number_hash;
          parsed.row.idNumber = null;
        }
        rows.push(parsed.row);
        errors.add(parsed.errors);
        if (rows.length % PROGRESS_EVERY === 0) {
          progress.processedRows = rows.length;
          progress.totalRows = Math.max(progress.totalRows, rows.length);
          await report();
        }
      }
    } catch {
      return format === "xlsx"
        ? fileError(
            "无法读取该 Excel 文件，请用 Excel 重新保存为 .xlsx 后再试",
            "The Excel file cannot be read; save it again as .xlsx in Excel and retry",
          )
        : fileError("无法读取该 CSV 文件", "The CSV file cannot be read");
    }
    if (!layout) return noHeaderError();
    if (rows.length === 0) return fileError("文件中没有数据行", "The file has no data rows");
    return null;
  })();
  progress.totalRows = rows.length;
  progress.processedRows = rows.length;

  if (fileProblem) {
    const list = [fileProblem].flat();
    const outcome: ImportOutcome = {
      status: "rejected",
      totalRows: rows.length,
      processedRows: rows.length,
      importedRows: 0,
      errorCount: list.length,
      errors: list,
      created: noneCreated(),
    };
    if (jobId) await finishJob(db, communityId, jobId, outcome);
    return outcome;
  }

  // (2) + (3) in one transaction
  return db.transaction().execute(async (trx) => {
    await q.lockCommunityImports(trx, communityId);
    progress.phase = "checking";
    void report();
    const plan = await planImport(trx, communityId, rows, layout!, errors);
    let created = noneCreated();
    let imported = 0;
    if (!(mode === "all_or_nothing" && errors.count > 0)) {
      progress.phase = "writing";
      void report();
      created = await writePlan(trx, communityId, plan, opts.actorUserId, (n) => {
        progress.importedRows = n;
        void report();
      });
      imported = plan.validRows;
    }
    const outcome: ImportOutcome = {
      status: mode === "all_or_nothing" && errors.count > 0 ? "rejected" : "succeeded",
      totalRows: rows.length,
      processedRows: rows.length,
      importedRows: imported,
      errorCount: errors.count,
      errors: errors.first(),
      created,
    };
    if (outcome.status === "succeeded" && imported > 0) {
      await recordAudit(trx, {
        actorUserId: opts.actorUserId,
        actorRole: opts.actorRole ?? null,
        communityId,
        action: "data.import",
        targetType: "import_job",
        targetId: jobId ?? null,
        after: {
          kind: "residents",
          filename: path.basename(opts.filename ?? opts.filePath),
          mode,
          importedRows: imported,
          errorCount: errors.count,
          created,
        },
      });
    }
    if (jobId) await finishJob(trx, communityId, jobId, outcome);
    progress.phase = "done";
    void report();
    return outcome;
  });
}

function finishJob(db: Kysely<DB>, communityId: number, jobId: number, o: ImportOutcome) {
  return q.finishJob(db, communityId, jobId, {
    status: o.status,
    total_rows: o.totalRows,
    processed_rows: o.processedRows,
    imported_rows: o.importedRows,
    error_count: o.errorCount,
    errors: o.errors,
  });
}

// ---------------------------------------------------------------------------------------------
// Checking the rows against the community and each other

interface BuildingPlan {
  id: number | null;
  estate: string;
  name: string;
  gridId: number | null;
  /** The row that gave the grid (0: the database). */
  gridLine: number;
  /** An existing building without a grid that this import puts in one. */
  assignGrid: boolean;
}
interface HomePlan {
  id: number | null;
  buildingKey: string;
  unit: string | null;
  room: string;
  floor: number | null;
  floorLine: number;
  area: number | null;
  areaLine: number;
}
interface ResidentPlan {
  row: ParsedRow;
  homeKey: string;
}
interface ImportPlan {
  estates: Map<string, number | null>;
  buildings: Map<string, BuildingPlan>;
  units: Map<string, number | null>;
  homes: Map<string, HomePlan>;
  residents: ResidentPlan[];
  validRows: number;
}

const SEP = "\u0000";
const buildingKeyOf = (estate: string, building: string) => `${estate}${SEP}${building}`;
const unitKeyOf = (buildingKey: string, unit: string) => `${buildingKey}${SEP}${unit}`;
const homeKeyOf = (buildingKey: string, unit: string | null, room: string) =>
  `${buildingKey}${SEP}${unit ?? ""}${SEP}${room}`;

async function planImport(
  trx: Kysely<DB>,
  communityId: number,
  rows: ParsedRow[],
  layout: SheetLayout,
  errors: ErrorLog,
): Promise<ImportPlan> {
  const existing = await q.loadPlaces(trx, communityId);
  const people = await q.loadVerifiedResidents(trx, communityId);

  const gridByName = new Map(existing.grids.map((g) => [g.name, g.id]));
  const gridName = new Map(existing.grids.map((g) => [g.id, g.name]));
  const estateName = new Map(existing.estates.map((e) => [e.id, e.name]));
  const plan: ImportPlan = {
    estates: new Map(existing.estates.map((e) => [e.name, e.id])),
    buildings: new Map(),
    units: new Map(),
    homes: new Map(),
    residents: [],
    validRows: 0,
  };
  const buildingKeyById = new Map<number, string>();
  for (const b of existing.buildings) {
    const key = buildingKeyOf(estateName.get(b.estate_id)!, b.name);
    buildingKeyById.set(b.id, key);
    plan.buildings.set(key, {
      id: b.id,
      estate: estateName.get(b.estate_id)!,
      name: b.name,
      gridId: b.grid_id,
      gridLine: 0,
      assignGrid: false,
    });
  }
  const unitName = new Map<number, string>();
  for (const u of existing.units) {
    unitName.set(u.id, u.name);
    plan.units.set(unitKeyOf(buildingKeyById.get(u.building_id)!, u.name), u.id);
  }
  for (const h of existing.households) {
    const buildingKey = buildingKeyById.get(h.building_id)!;
    const unit = h.unit_id == null ? null : unitName.get(h.unit_id)!;
    plan.homes.set(homeKeyOf(buildingKey, unit, h.room), {
      id: h.id,
      buildingKey,
      unit,
      room: h.room,
      floor: null,
      floorLine: 0,
      area: null,
      areaLine: 0,
    });
  }
  const existingPeople = new Set<string>();
  const existingIds = new Set<string>();
  for (const p of people) {
    if (p.household_id != null) existingPeople.add(`${p.household_id}${SEP}${p.name}`);
    if (p.id_number_hash) existingIds.add(p.id_number_hash);
  }
  const personLine = new Map<string, number>();
  const idLine = new Map<string, number>();

  for (const r of rows) {
    const found: RowError[] = [];
    const fail = (field: (typeof FIELDS)[number], zh: string, en: string) =>
      found.push({
        row: r.line,
        column: layout.header.get(field) ?? COLUMNS[field].zh,
        field,
        message_zh: zh,
        message_en: en,
      });

    let gridId: number | null = null;
    if (r.grid) {
      gridId = gridByName.get(r.grid) ?? null;
      if (gridId === null) {
        fail(
          "grid",
          `网格“${r.grid}”不存在，请先创建该网格`,
          `The grid "${r.grid}" does not exist; create it first`,
        );
      }
    }
    let home: HomePlan | undefined;
    let homeKey = "";
    let buildingKey = "";
    if (r.estate && r.building && r.room) {
      buildingKey = buildingKeyOf(r.estate, r.building);
      const b = plan.buildings.get(buildingKey);
      if (b && gridId !== null && b.gridId !== null && b.gridId !== gridId) {
        const other = gridName.get(b.gridId) ?? "";
        if (b.gridLine === 0) {
          fail("grid", `该楼栋已属于网格“${other}”`, `This building already belongs to the grid "${other}"`);
        } else {
          fail(
            "grid",
            `同一楼栋在第${b.gridLine}行填写的网格为“${other}”`,
            `Row ${b.gridLine} puts the same building in the grid "${other}"`,
          );
        }
      }
      homeKey = homeKeyOf(buildingKey, r.unit, r.room);
      home = plan.homes.get(homeKey);
      if (home && home.id === null) {
        if (r.floor !== null && home.floor !== null && r.floor !== home.floor) {
          fail(
            "floor",
            `同一房屋在第${home.floorLine}行填写的楼层为 ${home.floor}`,
            `Row ${home.floorLine} gives another floor (${home.floor}) for the same home`,
          );
        }
        if (r.area !== null && home.area !== null && r.area !== home.area) {
          fail(
            "area",
            `同一房屋在第${home.areaLine}行填写的面积为 ${home.area}`,
            `Row ${home.areaLine} gives another area (${home.area}) for the same home`,
          );
        }
      }
      if (r.name === null && home && home.id !== null) {
        fail("room", "该房屋已存在，未作修改", "This home already exists; nothing was changed");
      }
      if (r.name !== null) {
        const earlier = personLine.get(`${homeKey}${SEP}${r.name}`);
        if (home?.id != null && existingPeople.has(`${home.id}${SEP}${r.name}`)) {
          fail(
            "name",
            "该房屋已有同名的已核实居民，未导入",
            "A verified resident of this name already lives in this home; not imported",
          );
        } else if (earlier) {
          fail(
            "name",
            `与第${earlier}行重复（同一房屋、同一姓名）`,
            `Duplicates row ${earlier} (same home and name)`,
          );
        }
      }
    }
    const idHash = r.idNumberHash;
    if (idHash) {
      const earlier = idLine.get(idHash);
      if (existingIds.has(idHash)) {
        fail(
          "idNumber",
          "该身份证号已登记为本社区居民",
          "This ID number is already registered in this community",
        );
      } else if (earlier) {
        fail("idNumber", `与第${earlier}行的身份证号重复`, `Same ID number as row ${earlier}`);
      }
    }
    errors.add(found);
    if (!r.ok || found.length > 0) continue;

    // A clean row: what it names becomes part of the plan.
    plan.validRows++;
    const estate = r.estate!;
    const room = r.room!;
    if (!plan.estates.has(estate)) plan.estates.set(estate, null);
    let b = plan.buildings.get(buildingKey);
    if (!b) {
      b = { id: null, estate, name: r.building!, gridId: null, gridLine: 0, assignGrid: false };
      plan.buildings.set(buildingKey, b);
    }
    if (gridId !== null && b.gridId === null) {
      b.gridId = gridId;
      b.gridLine = r.line;
      b.assignGrid = b.id !== null;
    }
    if (r.unit !== null) {
      const uk = unitKeyOf(buildingKey, r.unit);
      if (!plan.units.has(uk)) plan.units.set(uk, null);
    }
    if (!home) {
      home = {
        id: null,
        buildingKey,
        unit: r.unit,
        room,
        floor: null,
        floorLine: 0,
        area: null,
        areaLine: 0,
      };
      plan.homes.set(homeKey, home);
    }
    if (home.id === null) {
      if (home.floor === null && r.floor !== null) {
        home.floor = r.floor;
        home.floorLine = r.line;
      }
      if (home.area === null && r.area !== null) {
        home.area = r.area;
        home.areaLine = r.line;
      }
    }
    if (r.name !== null) {
      personLine.set(`${homeKey}${SEP}${r.name}`, r.line);
      if (idHash) idLine.set(idHash, r.line);
      plan.residents.push({ row: r, homeKey });
    }
  }
  return plan;
}

// ---------------------------------------------------------------------------------------------
// Writing

async function writePlan(
  trx: Kysely<DB>,
  communityId: number,
  plan: ImportPlan,
  actorUserId: number | null,
  onWritten: (n: number) => void,
) {
  const created = noneCreated();

  const newEstates = [...plan.estates].filter(([, id]) => id === null).map(([name]) => name);
  for (const e of await q.insertEstates(trx, communityId, newEstates)) plan.estates.set(e.name, e.id);
  created.estates = newEstates.length;

  const newBuildings = [...plan.buildings.values()].filter((b) => b.id === null);
  const inserted = await q.insertBuildings(
    trx,
    newBuildings.map((b) => ({
      community_id: communityId,
      estate_id: plan.estates.get(b.estate)!,
      name: b.name,
      grid_id: b.gridId,
    })),
  );
  const byEstateAndName = new Map(inserted.map((b) => [`${b.estate_id}${SEP}${b.name}`, b.id]));
  for (const b of newBuildings) b.id = byEstateAndName.get(`${plan.estates.get(b.estate)}${SEP}${b.name}`)!;
  created.buildings = newBuildings.length;
  for (const b of plan.buildings.values()) {
    if (!b.assignGrid) continue;
    await updateBuilding(trx, communityId, b.id!, { grid_id: b.gridId });
    await syncHouseholdGrid(trx, communityId, b.id!, b.gridId);
  }

  const newUnits = [...plan.units].filter(([, id]) => id === null).map(([key]) => key);
  const unitRows = newUnits.map((key) => {
    const cut = key.lastIndexOf(SEP);
    return {
      community_id: communityId,
      building_id: plan.buildings.get(key.slice(0, cut))!.id!,
      name: key.slice(cut + 1),
    };
  });
  const unitIds = new Map(
    (await q.insertUnits(trx, unitRows)).map((u) => [`${u.building_id}${SEP}${u.name}`, u.id]),
  );
  for (const [i, key] of newUnits.entries()) {
    plan.units.set(key, unitIds.get(`${unitRows[i]!.building_id}${SEP}${unitRows[i]!.name}`)!);
  }
  created.units = newUnits.length;

  const unitIdOf = (h: HomePlan) =>
    h.unit === null ? null : plan.units.get(unitKeyOf(h.buildingKey, h.unit))!;
  const homeAddress = (buildingId: number, unitId: number | null, room: string) =>
    `${buildingId}${SEP}${unitId ?? 0}${SEP}${room}`;
  const newHomes = [...plan.homes.values()].filter((h) => h.id === null);
  for (let i = 0; i < newHomes.length; i += q.BATCH_SIZE) {
    const batch = newHomes.slice(i, i + q.BATCH_SIZE);
    const rows = await q.insertHouseholds(
      trx,
      batch.map((h) => {
        const b = plan.buildings.get(h.buildingKey)!;
        return {
          community_id: communityId,
          building_id: b.id!,
          unit_id: unitIdOf(h),
          // household.grid_id mirrors its building's grid (see the foundation migration)
          grid_id: b.gridId,
          floor: h.floor,
          room: h.room,
          area_m2: h.area,
        };
      }),
    );
    const ids = new Map(rows.map((r) => [homeAddress(r.building_id, r.unit_id, r.room), r.id]));
    for (const h of batch)
      h.id = ids.get(homeAddress(plan.buildings.get(h.buildingKey)!.id!, unitIdOf(h), h.room))!;
  }
  created.households = newHomes.length;

  const now = new Date();
  let written = plan.validRows - plan.residents.length; // rows that list an empty home
  for (let i = 0; i < plan.residents.length; i += q.BATCH_SIZE) {
    const batch = plan.residents.slice(i, i + q.BATCH_SIZE).map(({ row: r, homeKey }): q.NewResident => {
      return {
        community_id: communityId,
        household_id: plan.homes.get(homeKey)!.id!,
        name: r.name!,
        gender: r.gender,
        birth_date: r.birthDate,
        id_number_enc: r.idNumberEnc,
        id_number_hash: r.idNumberHash,
        phone: r.phone,
        phone_tail: r.phone ? r.phone.slice(-4) : null,
        relation: r.relation,
        care_tags: r.careTags,
        verified_at: now,
        verified_by: actorUserId,
      };
    });
    await q.insertResidents(trx, batch);
    written += batch.length;
    onWritten(written);
  }
  created.residents = plan.residents.length;
  return created;
}
