// Loads one district of the statistical division codes (server/data/divisions/<code>.json, made by
// scripts/extract-divisions.ts) into district/street/community. Upsert by code: a second run with
// the same file writes nothing, a newer edition renames or moves rows in place, and rows that are
// no longer in the file are left alone (communities carry data; removing one is a decision).
import type { Kysely } from "kysely";
import { z } from "zod";
import type { DB } from "../../../db/schema.ts";
import * as q from "./division-import.queries.ts";

const ZDivision = z.object({ code: z.string().regex(/^\d+$/), name: z.string().trim().min(1).max(80) });

export const ZDivisionFile = z.object({
  source: z.string().optional(),
  province: ZDivision,
  city: ZDivision,
  district: ZDivision.extend({ code: z.string().regex(/^\d{6}$/) }),
  streets: z.array(
    ZDivision.extend({
      code: z.string().regex(/^\d{9}$/),
      communities: z.array(
        ZDivision.extend({ code: z.string().regex(/^\d{12}$/), kind: z.enum(["community", "village"]) }),
      ),
    }),
  ),
});
export type DivisionFile = z.infer<typeof ZDivisionFile>;

export interface UpsertCounts {
  total: number;
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface DivisionImportResult {
  districtId: number;
  districtCode: string;
  districtName: string;
  district: UpsertCounts;
  streets: UpsertCounts;
  communities: UpsertCounts;
}

// Bound parameters per statement stay far below PostgreSQL's 65,535.
const BATCH = 1000;

function counts(total: number, changed: { inserted: boolean }[]): UpsertCounts {
  const inserted = changed.filter((r) => r.inserted).length;
  return { total, inserted, updated: changed.length - inserted, unchanged: total - changed.length };
}

/**
 * Upserts the district, its streets and their communities by code. Runs in the caller's
 * transaction, or in its own one. Throws on a file of the wrong shape, or when two entries share a
 * code.
 */
export async function importDivision(db: Kysely<DB>, divisionJson: unknown): Promise<DivisionImportResult> {
  const file = ZDivisionFile.parse(divisionJson);
  const codes = new Set<string>();
  for (const code of file.streets.flatMap((s) => [s.code, ...s.communities.map((c) => c.code)])) {
    if (codes.has(code)) throw new Error(`division ${file.district.code}: code ${code} appears twice`);
    codes.add(code);
  }
  if (db.isTransaction) return upsertDivision(db, file);
  return db.transaction().execute((trx) => upsertDivision(trx, file));
}

async function upsertDivision(db: Kysely<DB>, file: DivisionFile): Promise<DivisionImportResult> {
  const d = file.district;
  const districtChanged = await q.upsertDistrict(db, {
    code: d.code,
    name: d.name,
    city_name: file.city.name,
    province_name: file.province.name,
  });
  const { id: districtId } = await q.districtIdByCode(db, d.code);

  const streetChanged: { inserted: boolean }[] = [];
  for (let i = 0; i < file.streets.length; i += BATCH) {
    const rows = file.streets
      .slice(i, i + BATCH)
      .map((s) => ({ district_id: districtId, code: s.code, name: s.name }));
    streetChanged.push(...(await q.upsertStreets(db, rows)));
  }
  const streetIds = new Map<string, number>();
  if (file.streets.length > 0) {
    const rows = await q.streetsByCode(
      db,
      file.streets.map((s) => s.code),
    );
    for (const r of rows) streetIds.set(r.code!, r.id);
  }

  const all = file.streets.flatMap((s) =>
    s.communities.map((c) => ({
      street_id: streetIds.get(s.code)!,
      code: c.code,
      name: c.name,
      kind: c.kind,
    })),
  );
  const communityChanged: { inserted: boolean }[] = [];
  for (let i = 0; i < all.length; i += BATCH) {
    communityChanged.push(
      ...(await q.upsertCommunities(
        db,
        all.slice(i, i + BATCH).map((c) => ({ ...c, reported: "{}" })),
      )),
    );
  }

  return {
    districtId,
    districtCode: d.code,
    districtName: d.name,
    district: counts(1, districtChanged),
    streets: counts(file.streets.length, streetChanged),
    communities: counts(all.length, communityChanged),
  };
}
