// Keeping the facilities and the kinds (DOMAIN L1): staff edit a facility they entered (kind, name,
// point, hours) and close any facility softly with the day it closed; the secretary or the district sets
// a kind's target walk and whether the checklist requires it. Every change is audited and marks the
// readings for recompute: at once here, and by the `lifecircle-recompute` job if that fails.
import type { Kysely } from "kysely";
import { authorize, primaryRole } from "../../../access/authorize.ts";
import type { Actor } from "../../../access/reach.ts";
import type { DB } from "../../../db/schema.ts";
import { AppError } from "../../../errors.ts";
import { recordAudit } from "../../core/audit/audit.service.ts";
import { MAX_SNAP_METERS } from "./analyse.ts";
import { toWgs84 } from "./coords.ts";
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
