// All SQL of the spaces module (C2). Private to the module: spaces.service.ts is its surface.
import { type Kysely, sql } from "kysely";
import type { DB } from "../../../db/schema.ts";
import type { BookingStatus, SpaceStatus } from "./spaces.tables.ts";

type Db = Kysely<DB>;

// ---- spaces ----

export const communityExists = async (db: Db, communityId: number) =>
  !!(await db.selectFrom("community").select("id").where("id", "=", communityId).executeTakeFirst());

export const spacesOf = (db: Db, communityId: number, withClosed: boolean) => {
  let q = db.selectFrom("space").selectAll().where("community_id", "=", communityId);
  if (!withClosed) q = q.where("status", "=", "open");
  return q.orderBy("id").execute();
};

export const spaceById = (db: Db, communityId: number, id: number) =>
  db
    .selectFrom("space")
    .selectAll()
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .executeTakeFirst();

export const spaceNameTaken = async (db: Db, communityId: number, name: string, exceptId?: number) => {
  let q = db
    .selectFrom("space")
    .select("id")
    .where("community_id", "=", communityId)
    .where("name", "=", name);
  if (exceptId != null) q = q.where("id", "!=", exceptId);
  return !!(await q.executeTakeFirst());
};

export interface SpaceValues {
  name: string;
  estate_id: number | null;
  place: string;
  description: string;
  capacity: number;
  hours: string[];
  convention: string;
  needs_approval: boolean;
  status: SpaceStatus;
  rating_subject_id: number | null;
}

export const insertSpace = (db: Db, communityId: number, v: SpaceValues, createdBy: number) =>
  db
    .insertInto("space")
    .values({ community_id: communityId, ...v, created_by: createdBy })
    .returning("id")
    .executeTakeFirstOrThrow();

export const updateSpace = (
  db: Db,
  communityId: number,
  id: number,
  v: Partial<SpaceValues>,
  bumpConvention: boolean,
) =>
  db
    .updateTable("space")
    .set({
      ...v,
      updated_at: new Date(),
      ...(bumpConvention ? { convention_version: sql<number>`convention_version + 1` } : {}),
    })
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .execute();

// ---- bookings ----

export interface BookingValues {
  community_id: number;
  space_id: number;
  resident_id: number | null;
  organisation_id: number | null;
  meeting_id: number | null;
  booked_by: number;
  purpose: string;
  attendees: number;
  starts_at: Date;
  ends_at: Date;
  convention_version: number;
  status: BookingStatus;
  decided_by?: number | null;
  decided_at?: Date | null;
}

export const insertBooking = (db: Db, v: BookingValues) =>
  db.insertInto("space_booking").values(v).returning("id").executeTakeFirstOrThrow();

const bookingView = (db: Db) =>
  db
    .selectFrom("space_booking as b")
    .innerJoin("space as s", (j) =>
      j.onRef("s.community_id", "=", "b.community_id").onRef("s.id", "=", "b.space_id"),
    )
    .leftJoin("resident as r", (j) =>
      j.onRef("r.community_id", "=", "b.community_id").onRef("r.id", "=", "b.resident_id"),
    )
    .leftJoin("organisation as o", "o.id", "b.organisation_id")
    .leftJoin("app_user as u", "u.id", "b.booked_by")
    .leftJoin("meeting as m", (j) =>
      j.onRef("m.community_id", "=", "b.community_id").onRef("m.id", "=", "b.meeting_id"),
    )
    .select([
      "b.community_id",
      "b.id",
      "b.space_id",
      "s.name as space_name",
      "s.rating_subject_id",
      "b.resident_id",
      "r.name as resident_name",
      "r.household_id",
      "r.phone as resident_phone",
      "b.organisation_id",
      "o.name as organisation_name",
      "b.meeting_id",
      "m.title as meeting_title",
      "b.booked_by",
      "u.name as booked_by_name",
      "u.phone as booked_by_phone",
      "b.purpose",
      "b.attendees",
      "b.starts_at",
      "b.ends_at",
      "b.convention_version",
      "b.status",
      "b.decided_at",
      "b.decision_note",
      "b.cancelled_at",
      "b.rated_at",
      "b.created_at",
    ]);
export type BookingRow = Awaited<ReturnType<typeof bookingById>> & {};

export const bookingById = (db: Db, communityId: number, id: number) =>
  bookingView(db).where("b.community_id", "=", communityId).where("b.id", "=", id).executeTakeFirst();

/** Live (pending, approved) bookings of a space meeting [from, to). */
export const bookingsBetween = (db: Db, communityId: number, spaceId: number, from: Date, to: Date) =>
  bookingView(db)
    .where("b.community_id", "=", communityId)
    .where("b.space_id", "=", spaceId)
    .where("b.status", "in", ["pending", "approved"])
    .where("b.starts_at", "<", to)
    .where("b.ends_at", ">", from)
    .orderBy("b.starts_at")
    .execute();

export interface BookingFilters {
  spaceId?: number | undefined;
  status?: BookingStatus | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  q?: string | undefined;
}

function filtered(db: Db, communityId: number, f: BookingFilters) {
  let q = bookingView(db).where("b.community_id", "=", communityId);
  if (f.spaceId != null) q = q.where("b.space_id", "=", f.spaceId);
  if (f.status) q = q.where("b.status", "=", f.status);
  if (f.from) q = q.where("b.ends_at", ">", f.from);
  if (f.to) q = q.where("b.starts_at", "<", f.to);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) =>
      eb.or([
        eb("b.purpose", "like", like),
        eb("r.name", "like", like),
        eb("o.name", "like", like),
        eb("u.name", "like", like),
        eb("s.name", "like", like),
      ]),
    );
  }
  return q;
}

export const listBookings = (db: Db, communityId: number, f: BookingFilters, limit: number, offset: number) =>
  filtered(db, communityId, f)
    .orderBy("b.starts_at", "desc")
    .orderBy("b.id", "desc")
    .limit(limit)
    .offset(offset)
    .execute();

export const countBookings = (db: Db, communityId: number, f: BookingFilters) =>
  filtered(db, communityId, { ...f, status: undefined })
    .clearSelect()
    .select((eb) => [
      eb.fn.countAll<number>().as("total"),
      sql<number>`count(*) filter (where b.status = 'pending')`.as("pending"),
      sql<number>`count(*) filter (where b.status = 'approved')`.as("approved"),
      sql<number>`count(*) filter (where b.status = 'refused')`.as("refused"),
      sql<number>`count(*) filter (where b.status = 'cancelled')`.as("cancelled"),
    ])
    .executeTakeFirstOrThrow();

/** Bookings of residents (a person's and their household's) or made by a user, newest first. */
export const bookingsOfPeople = (
  db: Db,
  residentKeys: { communityId: number; residentId: number }[],
  userId: number,
) =>
  bookingView(db)
    .where((eb) =>
      eb.or([
        eb("b.booked_by", "=", userId),
        ...residentKeys.map((k) =>
          eb.and([eb("b.community_id", "=", k.communityId), eb("b.resident_id", "=", k.residentId)]),
        ),
      ]),
    )
    .orderBy("b.starts_at", "desc")
    .limit(200)
    .execute();

export const householdResidentIds = (db: Db, communityId: number, householdId: number) =>
  db
    .selectFrom("resident")
    .select("id")
    .where("community_id", "=", communityId)
    .where("household_id", "=", householdId)
    .where("status", "=", "verified")
    .execute();

/** Moves bookings from one status to another (only those still in `from`); returns the ids moved. */
export const setStatus = (
  db: Db,
  communityId: number,
  ids: number[],
  from: BookingStatus[],
  to: BookingStatus,
  by: number,
  note = "",
) =>
  db
    .updateTable("space_booking")
    .set(
      to === "cancelled"
        ? { status: to, cancelled_at: new Date() }
        : { status: to, decided_by: by, decided_at: new Date(), decision_note: note },
    )
    .where("community_id", "=", communityId)
    .where("id", "in", ids)
    .where("status", "in", from)
    .returning("id")
    .execute();

export const markRated = (db: Db, communityId: number, id: number) =>
  db
    .updateTable("space_booking")
    .set({ rated_at: new Date() })
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .execute();

export const liveBookingOfMeeting = (db: Db, communityId: number, meetingId: number) =>
  db
    .selectFrom("space_booking")
    .select("id")
    .where("community_id", "=", communityId)
    .where("meeting_id", "=", meetingId)
    .where("status", "in", ["pending", "approved"])
    .executeTakeFirst();

export const organisationOf = (db: Db, id: number) =>
  db.selectFrom("organisation").select(["id", "name"]).where("id", "=", id).executeTakeFirst();
