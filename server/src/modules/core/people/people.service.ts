import type { Kysely } from "kysely";
import { authorize, authorizeWithin, primaryRole, requireActor } from "../../../access/authorize.ts";
import type { Actor } from "../../../access/reach.ts";
import type { Config } from "../../../config.ts";
import type { DB, Relation } from "../../../db/schema.ts";
import { AppError } from "../../../errors.ts";
import { dropCache } from "../../../events/caches.ts";
import { invalidateActors } from "../../../http/session.ts";
import { audited, recordAudit } from "../audit/audit.service.ts";
import { formatAddress, householdPlace, presentHousehold, scopeIdsOf } from "../places/places.service.ts";
import { maskIdNumber, maskPhone } from "../privacy/pii.present.ts";
import {
  ageOn,
  birthDateOfIdNumber,
  decryptPii,
  encryptPii,
  hashPii,
  isValidIdNumber,
  normaliseIdNumber,
} from "../privacy/pii.service.ts";
import * as q from "./people.queries.ts";
import type { TCreateResident, TUpdateResident } from "./people.schema.ts";

// For other modules (imports, requests exports): whether a community exists, and its name.
export { communityExists, communityName } from "./people.queries.ts";

type ResidentListFilter = Parameters<typeof q.listResidents>[3];

export async function searchResidents(
  db: Kysely<DB>,
  config: Config,
  actor: Actor | null,
  communityId: number,
  f: ResidentListFilter,
) {
  const reach = authorizeWithin(actor, "residents.read", communityId);
  const { total, items } = await q.listResidents(db, communityId, scopeIdsOf(reach, communityId), f);
  return {
    total,
    page: f.page,
    pageSize: f.pageSize,
    items: items.map((r) => ({
      id: r.id,
      name: r.name,
      gender: r.gender,
      age: ageOn(r.birth_date),
      phone: maskPhone(r.phone),
      idNumber: r.id_number_enc ? maskIdNumber(decryptPii(config.piiKey, r.id_number_enc)) : null,
      relation: r.relation,
      status: r.status,
      careTags: r.care_tags,
      householdId: r.household_id,
      address: r.room
        ? formatAddress({
            estateName: r.estateName ?? "",
            buildingName: r.buildingName ?? "",
            unitName: r.unitName,
            room: r.room,
          })
        : null,
      gridName: r.gridName,
    })),
  };
}

/** Validated ID number → encrypted envelope, keyed hash, and the birth date it encodes. */
export function protectIdNumber(config: Config, raw: string | null | undefined) {
  if (!raw) return { id_number_enc: null, id_number_hash: null, birth: null };
  const id = normaliseIdNumber(raw);
  if (!isValidIdNumber(id)) {
    throw new AppError("VALIDATION", {
      zh: "身份证号码无效",
      en: "The ID number is not valid",
      details: [{ field: "idNumber", message: "invalid" }],
    });
  }
  return {
    id_number_enc: encryptPii(config.piiKey, id),
    id_number_hash: hashPii(config.piiKey, id),
    birth: birthDateOfIdNumber(id),
  };
}

/** Where a resident lives, for scope checks; a resident without a household is community-level. */
/**
 * After a change to a community's residents: who a signed-in person is (their residencies) and the
 * register's names that public texts are masked with are read afresh, in every process.
 */
export async function residentsChanged(db: Kysely<DB>, communityId: number): Promise<void> {
  await invalidateActors(db);
  await dropCache(db, "public-names", communityId);
}

/** Open a resident's full phone and ID number; the reason is written to the audit log first. */
export async function revealResident(
  db: Kysely<DB>,
  config: Config,
  actor: Actor | null,
  communityId: number,
  residentId: number,
  reason: string,
) {
  const { r, place } = await residentPlace(db, communityId, residentId);
  const reach = authorize(actor, "residents.reveal", place);
  await recordAudit(db, {
    actorUserId: actor!.userId,
    actorRole: primaryRole(reach),
    communityId,
    action: "resident.reveal",
    targetType: "resident",
    targetId: residentId,
    reason,
  });
  return { phone: r.phone, idNumber: r.id_number_enc ? decryptPii(config.piiKey, r.id_number_enc) : null };
}

export async function residentPlace(db: Kysely<DB>, communityId: number, residentId: number) {
  const r = await q.findResident(db, communityId, residentId);
  if (!r) throw new AppError("NOT_FOUND");
  if (r.household_id == null) return { r, place: { communityId } };
  const { place } = await householdPlace(db, communityId, r.household_id);
  return { r, place };
}

/** A resident asks to be bound to a household; staff verify later. */
export async function requestResidency(
  db: Kysely<DB>,
  config: Config,
  actor: Actor | null,
  input: { communityId: number; name: string; claimedAddress: string; relation: Relation; idNumber?: string },
) {
  const a = requireActor(actor);
  if (!(await q.communityExists(db, input.communityId)))
    throw new AppError("NOT_FOUND", { zh: "社区不存在", en: "Community not found" });
  if (await q.findPendingOfUser(db, input.communityId, a.userId)) {
    throw new AppError("CONFLICT", {
      zh: "您在该社区已有申请或已绑定房屋",
      en: "You already have a request or a household in this community",
    });
  }
  const pii = protectIdNumber(config, input.idNumber);
  const phone = await q.findUserPhone(db, a.userId);
  const row = await q.insertResident(db, {
    community_id: input.communityId,
    user_id: a.userId,
    household_id: null,
    name: input.name,
    relation: input.relation,
    status: "pending",
    phone,
    id_number_enc: pii.id_number_enc,
    id_number_hash: pii.id_number_hash,
    birth_date: pii.birth,
    claimed_address: input.claimedAddress,
  });
  await residentsChanged(db, input.communityId);
  return { residentId: row.id, status: "pending" as const };
}

export async function verifyResident(
  db: Kysely<DB>,
  actor: Actor | null,
  communityId: number,
  residentId: number,
  input: { householdId: number; relation: Relation },
) {
  authorizeWithin(actor, "residents.verify", communityId);
  const r = await q.findResident(db, communityId, residentId);
  if (!r) throw new AppError("NOT_FOUND");
  if (r.status !== "pending") throw new AppError("ALREADY_DECIDED");
  // the household must be one the verifier is responsible for
  const { place } = await householdPlace(db, communityId, input.householdId);
  const reach = authorize(actor, "residents.verify", place);
  await db.transaction().execute(async (trx) => {
    await q.updateResident(trx, communityId, residentId, {
      status: "verified",
      household_id: input.householdId,
      relation: input.relation,
      verified_at: new Date(),
      verified_by: actor!.userId,
    });
    await recordAudit(trx, {
      actorUserId: actor!.userId,
      actorRole: primaryRole(reach),
      communityId,
      action: "resident.verify",
      targetType: "resident",
      targetId: residentId,
      before: { status: r.status, householdId: r.household_id },
      after: input,
    });
  });
  await residentsChanged(db, communityId);
}

export async function rejectResident(
  db: Kysely<DB>,
  actor: Actor | null,
  communityId: number,
  residentId: number,
  reason: string,
) {
  const reach = authorizeWithin(actor, "residents.verify", communityId);
  const r = await q.findResident(db, communityId, residentId);
  if (!r) throw new AppError("NOT_FOUND");
  if (r.status !== "pending") throw new AppError("ALREADY_DECIDED");
  await db.transaction().execute(async (trx) => {
    await q.updateResident(trx, communityId, residentId, { status: "rejected", note: reason });
    await recordAudit(trx, {
      actorUserId: actor!.userId,
      actorRole: primaryRole(reach),
      communityId,
      action: "resident.reject",
      targetType: "resident",
      targetId: residentId,
      reason,
      before: { status: r.status },
      after: { status: "rejected" },
    });
  });
  await residentsChanged(db, communityId);
}

/** The households the signed-in person is a verified member of. */
export async function myHouseholds(db: Kysely<DB>, actor: Actor | null) {
  const a = requireActor(actor);
  const out = [];
  for (const r of a.residencies) {
    if (r.status !== "verified" || r.householdId == null) continue;
    const { h } = await householdPlace(db, r.communityId, r.householdId);
    const communityName = await q.communityName(db, r.communityId);
    out.push({ communityId: r.communityId, communityName, household: await presentHousehold(db, h) });
  }
  return out;
}

/** Staff register a resident in a household; verified at once, audited (ID number never in the log). */
export async function createResident(
  db: Kysely<DB>,
  config: Config,
  actor: Actor | null,
  communityId: number,
  input: TCreateResident,
) {
  const { place } = await householdPlace(db, communityId, input.householdId);
  const reach = authorize(actor, "residents.write", place);
  const pii = protectIdNumber(config, input.idNumber);
  const row = await audited(db, async (trx) => {
    const row = await q.insertResident(trx, {
      community_id: communityId,
      household_id: input.householdId,
      name: input.name,
      relation: input.relation,
      status: "verified",
      gender: input.gender ?? null,
      birth_date: input.birthDate ?? pii.birth,
      id_number_enc: pii.id_number_enc,
      id_number_hash: pii.id_number_hash,
      phone: input.phone ?? null,
      care_tags: input.careTags ?? [],
      verified_at: new Date(),
      verified_by: actor!.userId,
    });
    return {
      result: row,
      audit: {
        actorUserId: actor!.userId,
        actorRole: primaryRole(reach),
        communityId,
        action: "resident.create",
        targetType: "resident",
        targetId: row.id,
        after: { ...input, idNumber: input.idNumber ? "(encrypted)" : null, phone: maskPhone(input.phone) },
      },
    };
  });
  await residentsChanged(db, communityId);
  return row;
}

/** Staff correct a verified resident's record, care tags, or mark them moved out; audited. */
export async function updateResident(
  db: Kysely<DB>,
  actor: Actor | null,
  communityId: number,
  residentId: number,
  input: TUpdateResident,
): Promise<void> {
  const { r, place } = await residentPlace(db, communityId, residentId);
  const reach = authorize(actor, "residents.write", place);
  if (r.status === "pending" || r.status === "rejected")
    throw new AppError("CONFLICT", {
      zh: "待审核的申请请在审核队列处理",
      en: "Handle pending requests in the verification queue",
    });
  await db.transaction().execute(async (trx) => {
    await q.updateResident(trx, communityId, residentId, {
      name: input.name,
      relation: input.relation,
      phone: input.phone,
      care_tags: input.careTags,
      status: input.status,
    });
    await recordAudit(trx, {
      actorUserId: actor!.userId,
      actorRole: primaryRole(reach),
      communityId,
      action: "resident.update",
      targetType: "resident",
      targetId: residentId,
      before: {
        name: r.name,
        relation: r.relation,
        phone: maskPhone(r.phone),
        careTags: r.care_tags,
        status: r.status,
      },
      after: { ...input, phone: input.phone === undefined ? undefined : maskPhone(input.phone) },
    });
  });
  await residentsChanged(db, communityId);
}

/** Residents waiting to be verified and bound to a household. */
export async function verificationQueue(db: Kysely<DB>, actor: Actor | null, communityId: number) {
  authorizeWithin(actor, "residents.verify", communityId);
  return q.pendingQueue(db, communityId);
}
