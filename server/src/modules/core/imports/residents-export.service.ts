// The residents sheet as a download (导出居民信息): the homes and verified people the caller reaches,
// in the place tree's order, as .xlsx or UTF-8 CSV, in the columns the importer reads back.
//
// How it runs (issue 7: one export of 23,843 residents took 46 s and held up every other request):
// - The homes within reach are read first, in windows of their ids, and put in the place tree's
//   order in memory (about 100 bytes a home: 3 MB for 33,000 homes). Their people are then read a
//   page of PAGE_HOMES homes at a time, home by home through an index, so the database's work
//   grows with the rows whatever its statistics say (imports.queries.ts tells what went wrong).
// - The file is written as the pages come and streamed to the response: memory holds the homes,
//   one page of people and the writer's buffers, and a slow client slows the reading instead of
//   filling memory.
// - Between pages the export yields to the event loop (setImmediate): on PGlite every query runs
//   on this thread, and a page's work (one query, decrypting ID numbers, building the rows and
//   their text) takes a few milliseconds, so /api/health and the others are answered in between.
//   Deflating the .xlsx runs on libuv's thread pool (node:zlib).
// - One export per community at a time (EXPORT_BUSY, 409): a lock in this process, and on
//   PostgreSQL also an advisory lock held by the export's transaction, which spans processes. That
//   transaction is REPEATABLE READ, READ ONLY, so every page sees the same moment. PGlite has one
//   connection, so there the pages are read outside any transaction (a transaction would hold up
//   every other request until the download ends): a home changed during the export may show its
//   state before or after the change. Both locks are released when the download ends, fails or is
//   abandoned by the client.
// - The audit row (data.export) is written when the export ends, with what it read into the file
//   and whether the file was complete (an abandoned download records the pages read until then);
//   a download that completes has its row committed before its end is sent.
import { Readable } from "node:stream";
import { setImmediate as nextTurn } from "node:timers/promises";
import type { FastifyBaseLogger } from "fastify";
import type { ControlledTransaction, Kysely } from "kysely";
import { authorizeWithin, primaryRole } from "../../../access/authorize.ts";
import { type Actor, type Reach, reaches } from "../../../access/reach.ts";
import type { Config } from "../../../config.ts";
import type { DatabaseKind } from "../../../db/database.ts";
import type { DB } from "../../../db/schema.ts";
import { AppError } from "../../../errors.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { communityExists, communityName } from "../people/people.service.ts";
import { scopeIdsOf } from "../places/places.service.ts";
import { maskIdNumber, maskPhone } from "../privacy/pii.present.ts";
import { decryptPii } from "../privacy/pii.service.ts";
import * as q from "./imports.queries.ts";
import { withKeyObject } from "./imports.service.ts";
import type { ResidentSheetRow } from "./resident-sheet.ts";
import {
  attachmentDisposition,
  CSV_MIME,
  residentsCsvChunks,
  residentsXlsxChunks,
  XLSX_MIME,
} from "./spreadsheet.ts";

/**
 * Homes per page of people: about 260 people, some 10 ms of work on PGlite (where the query runs on
 * this thread too) between two turns of the event loop.
 */
export const PAGE_HOMES = 100;
/** Ids per window of the primary key while reading the homes (at most as many homes). */
const HOMES_READ = 500;

export interface ExportRequest {
  format: "xlsx" | "csv";
  full: boolean;
  reason?: string;
}

export interface ResidentsExport {
  contentType: string;
  disposition: string;
  /** The file, produced as it is read; destroying it ends the export. */
  body: Readable;
}

// node-postgres hands dates over as text (database.ts); PGlite opened in memory still returns a Date
// at UTC midnight, as its type parsers are not applied there.
const isoDay = (d: string | Date | null): string | null =>
  d == null ? null : typeof d === "string" ? d : d.toISOString().slice(0, 10);

const RELATION_ORDER: Record<string, number> = { owner: 0, family: 1 };

/** Communities with an export running in this process. */
const running = new Set<number>();

const busy = () => new AppError("EXPORT_BUSY");

/**
 * Starts the residents export of a community for the caller: checks the permission (data.export,
 * and residents.reveal for full values, which need a reason) and the lock, then returns the file
 * as a stream. Phone and ID numbers are masked unless full values are asked for, and then only for
 * homes the caller may reveal (PIPL). Throws before anything is sent when the export cannot start.
 */
export async function startResidentsExport(
  db: Kysely<DB>,
  dbKind: DatabaseKind,
  config: Config,
  actor: Actor | null,
  communityId: number,
  req: ExportRequest,
  log: FastifyBaseLogger,
): Promise<ResidentsExport> {
  const reach = authorizeWithin(actor, "data.export", communityId);
  let revealReach: Reach | null = null;
  if (req.full) {
    if (!req.reason) {
      throw new AppError("VALIDATION", {
        zh: "导出完整手机号和身份证号须说明原因",
        en: "Give a reason to export full phone and ID numbers",
        details: [{ field: "reason", message: "required with full=1" }],
      });
    }
    revealReach = authorizeWithin(actor, "residents.reveal", communityId);
  }
  if (!(await communityExists(db, communityId))) throw new AppError("NOT_FOUND");
  const name = await communityName(db, communityId);
  const scope = scopeIdsOf(reach, communityId);
  const { piiKey } = withKeyObject(config);

  if (running.has(communityId)) throw busy();
  running.add(communityId);
  let trx: ControlledTransaction<DB> | null = null;
  let released = false;
  const release = async () => {
    if (released) return;
    released = true;
    try {
      // read only: rolling back ends the snapshot and frees the advisory lock
      await trx?.rollback().execute();
    } finally {
      running.delete(communityId);
    }
  };

  let places: Awaited<ReturnType<typeof q.exportPlaces>>;
  const homes: Awaited<ReturnType<typeof q.exportHomes>> = [];
  try {
    if (dbKind === "postgres") {
      trx = await db
        .startTransaction()
        .setIsolationLevel("repeatable read")
        .setAccessMode("read only")
        .execute();
      if (!(await q.tryLockCommunityExport(trx, communityId))) throw busy();
    }
    const reader = trx ?? db;
    places = await q.exportPlaces(reader, communityId);
    const range = await q.exportHomeIdRange(reader, communityId);
    if (range.first != null && range.last != null) {
      for (let after = range.first - 1; after < range.last; after += HOMES_READ) {
        await nextTurn();
        const batch = await q.exportHomes(reader, communityId, scope, after, after + HOMES_READ);
        for (const h of batch) homes.push(h);
      }
    }
  } catch (error) {
    await release();
    throw error;
  }
  const reader = trx ?? db;

  const estateName = new Map(places.estates.map((e) => [e.id, e.name]));
  const unitName = new Map(places.units.map((u) => [u.id, u.name]));
  const gridName = new Map(places.grids.map((g) => [g.id, g.name]));
  const buildingOf = new Map(places.buildings.map((b, order) => [b.id, { ...b, order }]));
  // the tree's order: estate, building (buildings come ordered so), unit (homes without one
  // first), home
  homes.sort(
    (a, b) =>
      buildingOf.get(a.building_id)!.order - buildingOf.get(b.building_id)!.order ||
      (a.unit_id ?? 0) - (b.unit_id ?? 0) ||
      a.id - b.id,
  );

  const written = { rows: 0, people: 0, homes: 0, revealed: 0 };

  async function* sheetRows(): AsyncGenerator<ResidentSheetRow> {
    for (let start = 0; start < homes.length; start += PAGE_HOMES) {
      const page = homes.slice(start, start + PAGE_HOMES);
      await nextTurn();
      const people = await q.exportResidentsOf(
        reader,
        communityId,
        page.map((h) => h.id),
      );
      const peopleOf = new Map<number, typeof people>();
      for (const p of people) {
        const list = peopleOf.get(p.household_id);
        if (list) list.push(p);
        else peopleOf.set(p.household_id, [p]);
      }
      const out: ResidentSheetRow[] = [];
      for (const h of page) {
        const building = buildingOf.get(h.building_id)!;
        const home = {
          estate: estateName.get(building.estate_id)!,
          building: building.name,
          unit: h.unit_id == null ? null : (unitName.get(h.unit_id) ?? null),
          floor: h.floor,
          room: h.room,
          area: h.area_m2 == null ? null : Number(h.area_m2),
          grid: h.grid_id == null ? null : (gridName.get(h.grid_id) ?? null),
        };
        written.homes++;
        const members = peopleOf.get(h.id);
        if (!members) {
          out.push({
            ...home,
            name: null,
            gender: null,
            birthDate: null,
            idNumber: null,
            phone: null,
            relation: null,
            careTags: [],
          });
          continue;
        }
        members.sort(
          (a, b) =>
            (RELATION_ORDER[a.relation ?? ""] ?? 2) - (RELATION_ORDER[b.relation ?? ""] ?? 2) || a.id - b.id,
        );
        const open =
          revealReach !== null &&
          reaches(revealReach, {
            communityId,
            gridId: h.grid_id,
            estateId: building.estate_id,
            buildingId: h.building_id,
            unitId: h.unit_id,
          });
        for (const r of members) {
          const id = r.id_number_enc ? decryptPii(piiKey, r.id_number_enc) : null;
          written.people++;
          if (open) written.revealed++;
          out.push({
            ...home,
            name: r.name,
            gender: r.gender,
            birthDate: isoDay(r.birth_date),
            idNumber: open ? id : maskIdNumber(id),
            phone: open ? r.phone : maskPhone(r.phone),
            relation: r.relation,
            careTags: r.care_tags ?? [],
          });
        }
      }
      written.rows += out.length;
      yield* out;
    }
  }

  const audit = (completed: boolean) =>
    recordAudit(db, {
      actorUserId: actor!.userId,
      actorRole: primaryRole(reach),
      communityId,
      action: "data.export",
      targetType: "residents",
      targetId: req.format,
      reason: req.full ? req.reason : null,
      after: {
        format: req.format,
        full: req.full,
        residents: written.people,
        households: written.homes,
        revealedResidents: written.revealed,
        rows: written.rows,
        completed,
        scope: scope ?? "community",
      },
    });

  // Ends the export once: frees the locks, then audits what was written.
  let ended: Promise<void> | null = null;
  const end = (completed: boolean) => {
    ended ??= (async () => {
      try {
        await release();
      } finally {
        await audit(completed);
      }
    })();
    return ended;
  };

  let started = false;
  async function* file(): AsyncGenerator<Buffer> {
    started = true;
    let completed = false;
    try {
      yield* req.format === "csv" ? residentsCsvChunks(sheetRows()) : residentsXlsxChunks(sheetRows());
      completed = true;
    } finally {
      if (completed) await end(true);
      else await end(false).catch((e) => log.error(e, "residents export: ending an unfinished export"));
    }
  }
  const body = Readable.from(file(), { objectMode: false });
  // a stream destroyed before its first read never runs file(): end it here
  body.once("close", () => {
    if (!started) end(false).catch((e) => log.error(e, "residents export: ending an unread export"));
  });

  const stamp = new Date().toISOString().slice(0, 10);
  const filename = `居民信息-${name}-${stamp}.${req.format}`;
  return {
    contentType: req.format === "csv" ? CSV_MIME : XLSX_MIME,
    disposition: attachmentDisposition(`residents-${communityId}-${stamp}.${req.format}`, filename),
    body,
  };
}
