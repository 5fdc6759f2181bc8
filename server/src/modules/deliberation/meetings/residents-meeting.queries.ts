// All SQL of residents' meetings (居民会议): the frozen roll, who of those signed in counts, decisions.
import type { Insertable, Kysely } from "kysely";
import type { DB } from "../../../db/schema.ts";
import { tenantJoin } from "../../../db/tenant-join.ts";
import type { ResidentsBasis, ResidentsMeetingDecisionTable } from "./meetings.tables.ts";

type Db = Kysely<DB>;

export interface RollPlace {
  communityId: number;
  meetingId: number;
  estateId: number | null;
  buildingId: number | null;
}

export const findRoll = (db: Db, communityId: number, meetingId: number) =>
  db
    .selectFrom("residents_meeting_roll")
    .selectAll()
    .where("community_id", "=", communityId)
    .where("meeting_id", "=", meetingId)
    .executeTakeFirst();

/** The roll's head row; a second freeze inserts nothing and returns false (primary key). */
export const insertRoll = async (
  db: Db,
  p: RollPlace,
  basis: ResidentsBasis,
  frozenBy: number,
): Promise<boolean> =>
  (
    await db
      .insertInto("residents_meeting_roll")
      .values({
        community_id: p.communityId,
        meeting_id: p.meetingId,
        basis,
        eligible: 0,
        frozen_by: frozenBy,
      })
      .onConflict((oc) => oc.columns(["community_id", "meeting_id"]).doNothing())
      .returning("meeting_id")
      .execute()
  ).length > 0;

/** Verified residents living at the meeting's place (the whole community: all of its verified residents). */
function residentsAt(db: Db, p: RollPlace) {
  let q = db
    .selectFrom("resident as r")
    .leftJoin("household as h", tenantJoin("h", "r", "household_id"))
    .leftJoin("building as b", tenantJoin("b", "h", "building_id"))
    .where("r.community_id", "=", p.communityId)
    .where("r.status", "=", "verified");
  if (p.buildingId != null) q = q.where("h.building_id", "=", p.buildingId);
  else if (p.estateId != null) q = q.where("b.estate_id", "=", p.estateId);
  return q;
}

/** Freezes the members: adults born on or before the cutoff, or households with a verified resident. */
export async function insertMembers(db: Db, p: RollPlace, basis: ResidentsBasis, bornOnOrBefore: string) {
  const rows =
    basis === "adults"
      ? await db
          .insertInto("residents_meeting_member")
          .columns(["community_id", "meeting_id", "resident_id"])
          .expression(
            residentsAt(db, p)
              .where("r.birth_date", "is not", null)
              .where("r.birth_date", "<=", bornOnOrBefore)
              .select((eb) => [
                eb.val(p.communityId).as("community_id"),
                eb.val(p.meetingId).as("meeting_id"),
                "r.id as resident_id",
              ]),
          )
          .returning("id")
          .execute()
      : await db
          .insertInto("residents_meeting_member")
          .columns(["community_id", "meeting_id", "household_id"])
          .expression(
            residentsAt(db, p)
              .where("r.household_id", "is not", null)
              .groupBy("r.household_id")
              .select((eb) => [
                eb.val(p.communityId).as("community_id"),
                eb.val(p.meetingId).as("meeting_id"),
                "r.household_id as household_id",
              ]),
          )
          .returning("id")
          .execute();
  return rows.length;
}

/** Verified residents at the place whose birth date is unknown (left off an adults roll). */
export const countUnknownAge = async (db: Db, p: RollPlace) =>
  Number(
    (
      await residentsAt(db, p)
        .where("r.birth_date", "is", null)
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

export const setEligible = (
  db: Db,
  communityId: number,
  meetingId: number,
  eligible: number,
  unknownAge: number,
) =>
  db
    .updateTable("residents_meeting_roll")
    .set({ eligible, unknown_age: unknownAge })
    .where("community_id", "=", communityId)
    .where("meeting_id", "=", meetingId)
    .execute();

/**
 * Everyone signed in, with the roll member they count as (null: not on the roll). On the households
 * basis a resident counts as their household's member, so one household shows up as one member.
 */
export const attendanceOnRoll = (db: Db, communityId: number, meetingId: number, basis: ResidentsBasis) =>
  db
    .selectFrom("meeting_attendance as a")
    .leftJoin("resident as r", tenantJoin("r", "a", "resident_id"))
    .leftJoin("residents_meeting_member as mm", (j) =>
      j
        .onRef("mm.community_id", "=", "a.community_id")
        .onRef("mm.meeting_id", "=", "a.meeting_id")
        .onRef(
          basis === "adults" ? "mm.resident_id" : "mm.household_id",
          "=",
          basis === "adults" ? "a.resident_id" : "r.household_id",
        ),
    )
    .select(["a.resident_id", "mm.id as member_id"])
    .where("a.community_id", "=", communityId)
    .where("a.meeting_id", "=", meetingId)
    .orderBy("a.id")
    .execute();

export const countAttendance = async (db: Db, communityId: number, meetingId: number) =>
  Number(
    (
      await db
        .selectFrom("meeting_attendance")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("community_id", "=", communityId)
        .where("meeting_id", "=", meetingId)
        .executeTakeFirstOrThrow()
    ).n,
  );

export const decisionsOf = (db: Db, communityId: number, meetingId: number) =>
  db
    .selectFrom("residents_meeting_decision")
    .selectAll()
    .where("community_id", "=", communityId)
    .where("meeting_id", "=", meetingId)
    .orderBy("id")
    .execute();

export const insertDecision = async (db: Db, row: Insertable<ResidentsMeetingDecisionTable>) =>
  (await db.insertInto("residents_meeting_decision").values(row).returning("id").executeTakeFirstOrThrow())
    .id;
