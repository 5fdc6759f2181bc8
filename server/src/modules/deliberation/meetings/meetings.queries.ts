// All SQL of the meetings module (D3).
import { type ExpressionBuilder, type Insertable, type Kysely, sql, type Updateable } from "kysely";
import type { ScopeIds } from "../../../db/place-scope.ts";
import type { DB } from "../../../db/schema.ts";
import { tenantJoin } from "../../../db/tenant-join.ts";
import type {
  AttendanceMethod,
  MeetingAttendanceTable,
  MeetingKind,
  MeetingTable,
} from "./meetings.tables.ts";

type Db = Kysely<DB>;

const likePattern = (q: string) => `%${q.replace(/[%_\\]/g, "\\$&")}%`;

export async function residentIdsIn(db: Db, communityId: number, ids: number[]): Promise<number[]> {
  if (!ids.length) return [];
  const rows = await db
    .selectFrom("resident")
    .select("id")
    .where("community_id", "=", communityId)
    .where("id", "in", ids)
    .where("status", "=", "verified")
    .execute();
  return rows.map((r) => r.id);
}

/** Organisations based in the community, in its street, or anywhere (a district's co-building unit). */
export async function organisationIdsFor(db: Db, ids: number[]): Promise<number[]> {
  if (!ids.length) return [];
  const rows = await db.selectFrom("organisation").select("id").where("id", "in", ids).execute();
  return rows.map((r) => r.id);
}

export const insertSeries = (
  db: Db,
  v: { community_id: number; rrule: string; first_starts_at: Date; created_by: number },
) => db.insertInto("meeting_series").values(v).returning("id").executeTakeFirstOrThrow();

export const insertMeetings = (db: Db, rows: Insertable<MeetingTable>[]) =>
  db.insertInto("meeting").values(rows).returning(["id", "starts_at"]).execute();

export async function insertInvitations(
  db: Db,
  communityId: number,
  meetingIds: number[],
  residentIds: number[],
  organisationIds: number[],
) {
  const rows = meetingIds.flatMap((meeting_id) => [
    ...residentIds.map((resident_id) => ({
      community_id: communityId,
      meeting_id,
      resident_id,
      organisation_id: null,
    })),
    ...organisationIds.map((organisation_id) => ({
      community_id: communityId,
      meeting_id,
      resident_id: null,
      organisation_id,
    })),
  ]);
  for (let i = 0; i < rows.length; i += 1000)
    await db
      .insertInto("meeting_invitation")
      .values(rows.slice(i, i + 1000))
      .execute();
}

export const deleteInvitations = (
  db: Db,
  communityId: number,
  meetingIds: number[],
  which: "resident" | "organisation",
) =>
  db
    .deleteFrom("meeting_invitation")
    .where("community_id", "=", communityId)
    .where("meeting_id", "in", meetingIds)
    .where(which === "resident" ? "resident_id" : "organisation_id", "is not", null)
    .execute();

function meetingsBase(db: Db) {
  return db
    .selectFrom("meeting as m")
    .innerJoin("community as c", "c.id", "m.community_id")
    .leftJoin("estate as e", tenantJoin("e", "m", "estate_id"))
    .leftJoin("building as b", tenantJoin("b", "m", "building_id"))
    .select([
      "m.community_id",
      "m.id",
      "m.series_id",
      "m.kind",
      "m.title",
      "m.starts_at",
      "m.ends_at",
      "m.estate_id",
      "m.building_id",
      "m.grid_id",
      "m.venue",
      "m.topic_id",
      "m.cancelled",
      "c.name as community_name",
      "e.name as estate_name",
      "b.name as building_name",
    ]);
}
export type MeetingRow = Awaited<ReturnType<typeof findMeeting>> & {};

export const findMeeting = (db: Db, communityId: number, id: number) =>
  meetingsBase(db)
    .leftJoin("meeting_series as s", tenantJoin("s", "m", "series_id"))
    .select(["m.agenda", "m.minutes", "m.resolutions", "m.photo_ids", "m.updated_at", "s.rrule"])
    .where("m.community_id", "=", communityId)
    .where("m.id", "=", id)
    .executeTakeFirst();

/** The meeting's own place columns, for authorization before anything else is read. */
export const meetingPlace = (db: Db, communityId: number, id: number) =>
  db
    .selectFrom("meeting")
    .select([
      "community_id",
      "id",
      "series_id",
      "kind",
      "title",
      "grid_id",
      "estate_id",
      "building_id",
      "starts_at",
      "ends_at",
      "cancelled",
    ])
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .executeTakeFirst();

/** Meetings at a place the partial reach covers (grids, estates, buildings, units' buildings). */
function meetingInScope(eb: ExpressionBuilder<any, any>, scope: ScopeIds | null) {
  if (!scope) return eb.lit(true);
  const ors = [];
  if (scope.gridIds.length) ors.push(eb("m.grid_id", "in", scope.gridIds));
  if (scope.estateIds.length) ors.push(eb("m.estate_id", "in", scope.estateIds));
  if (scope.buildingIds.length) ors.push(eb("m.building_id", "in", scope.buildingIds));
  if (scope.unitIds.length)
    ors.push(
      eb(
        "m.building_id",
        "in",
        eb
          .selectFrom("unit as su")
          .select("su.building_id")
          .whereRef("su.community_id", "=", "m.community_id")
          .where("su.id", "in", scope.unitIds),
      ),
    );
  return ors.length ? eb.or(ors) : eb.lit(false);
}

export interface ListFilters {
  q?: string | undefined;
  kind?: MeetingKind | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  when?: "upcoming" | "past" | undefined;
  seriesId?: number | undefined;
  topicId?: number | undefined;
}

function filtered(db: Db, communityId: number, scope: ScopeIds | null, f: ListFilters, now: Date) {
  let qb = meetingsBase(db)
    .where("m.community_id", "=", communityId)
    .where((eb) => meetingInScope(eb, scope));
  if (f.kind) qb = qb.where("m.kind", "=", f.kind);
  if (f.from) qb = qb.where("m.starts_at", ">=", f.from);
  if (f.to) qb = qb.where("m.starts_at", "<", f.to);
  if (f.seriesId) qb = qb.where("m.series_id", "=", f.seriesId);
  if (f.topicId) qb = qb.where("m.topic_id", "=", f.topicId);
  if (f.when === "upcoming") qb = qb.where("m.ends_at", ">=", now);
  if (f.when === "past") qb = qb.where("m.ends_at", "<", now);
  const keyword = f.q?.trim();
  if (keyword) {
    const p = likePattern(keyword);
    qb = qb.where(sql<boolean>`(m.title ilike ${p} or m.venue ilike ${p} or m.agenda ilike ${p})`);
  }
  return qb;
}

export async function listMeetings(
  db: Db,
  communityId: number,
  scope: ScopeIds | null,
  f: ListFilters & { limit: number; offset: number },
  now: Date,
) {
  const base = filtered(db, communityId, scope, f, now);
  const order = f.when === "upcoming" ? "asc" : "desc";
  const [items, total] = await Promise.all([
    base.orderBy("m.starts_at", order).orderBy("m.id", order).limit(f.limit).offset(f.offset).execute(),
    filtered(db, communityId, scope, f, now)
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

export async function countsOf(db: Db, communityId: number, meetingIds: number[]) {
  const byId = new Map<number, { people: number; parties: number; attended: number }>();
  if (!meetingIds.length) return byId;
  const [inv, att] = await Promise.all([
    db
      .selectFrom("meeting_invitation")
      .select((eb) => [
        "meeting_id",
        eb.fn.count<number>("resident_id").as("people"),
        eb.fn.count<number>("organisation_id").as("parties"),
      ])
      .where("community_id", "=", communityId)
      .where("meeting_id", "in", meetingIds)
      .groupBy("meeting_id")
      .execute(),
    db
      .selectFrom("meeting_attendance")
      .select((eb) => ["meeting_id", eb.fn.countAll<number>().as("n")])
      .where("community_id", "=", communityId)
      .where("meeting_id", "in", meetingIds)
      .groupBy("meeting_id")
      .execute(),
  ]);
  for (const id of meetingIds) byId.set(id, { people: 0, parties: 0, attended: 0 });
  for (const r of inv)
    Object.assign(byId.get(r.meeting_id)!, { people: Number(r.people), parties: Number(r.parties) });
  for (const r of att) byId.get(r.meeting_id)!.attended = Number(r.n);
  return byId;
}

export const invitedResidents = (db: Db, communityId: number, meetingId: number) =>
  db
    .selectFrom("meeting_invitation as i")
    .innerJoin("resident as r", tenantJoin("r", "i", "resident_id"))
    .select(["r.id", "r.name", "r.phone", "r.user_id"])
    .where("i.community_id", "=", communityId)
    .where("i.meeting_id", "=", meetingId)
    .orderBy("r.name")
    .orderBy("r.id")
    .execute();

export const invitedOrganisations = (db: Db, communityId: number, meetingId: number) =>
  db
    .selectFrom("meeting_invitation as i")
    .innerJoin("organisation as o", "o.id", "i.organisation_id")
    .select(["o.id", "o.name", "o.kind"])
    .where("i.community_id", "=", communityId)
    .where("i.meeting_id", "=", meetingId)
    .orderBy("o.id")
    .execute();

export const attendanceOf = (db: Db, communityId: number, meetingId: number) =>
  db
    .selectFrom("meeting_attendance as a")
    .leftJoin("resident as r", tenantJoin("r", "a", "resident_id"))
    .leftJoin("app_user as u", "u.id", "a.user_id")
    .leftJoin("organisation as o", "o.id", "a.organisation_id")
    .select([
      "a.resident_id",
      "a.user_id",
      "a.organisation_id",
      "a.method",
      "a.signed_in_at",
      "r.name as resident_name",
      "u.name as user_name",
      "o.name as organisation_name",
    ])
    .where("a.community_id", "=", communityId)
    .where("a.meeting_id", "=", meetingId)
    .orderBy("a.signed_in_at")
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

/**
 * A resident's own sign-in in one statement: the row with the invited organisation the person acts for
 * (an organisation-scoped role, or their party branch), if any; a repeat inserts nothing.
 */
export const insertOwnAttendance = async (
  db: Db,
  row: Omit<Insertable<MeetingAttendanceTable>, "organisation_id">,
) =>
  (
    await db
      .insertInto("meeting_attendance")
      .values((eb) => ({
        ...row,
        organisation_id: eb
          .selectFrom("meeting_invitation as i")
          .select("i.organisation_id")
          .where("i.community_id", "=", row.community_id)
          .where("i.meeting_id", "=", row.meeting_id)
          .where((w) =>
            w.or([
              w(
                "i.organisation_id",
                "in",
                w
                  .selectFrom("role_assignment as ra")
                  .select("ra.scope_id")
                  .where("ra.user_id", "=", row.user_id ?? -1)
                  .where("ra.scope_type", "=", "organisation"),
              ),
              w(
                "i.organisation_id",
                "in",
                w
                  .selectFrom("party_member as pm")
                  .select("pm.branch_org_id")
                  .where("pm.community_id", "=", row.community_id)
                  .where((p) =>
                    p.or([
                      p("pm.user_id", "=", row.user_id ?? -1),
                      p("pm.resident_id", "=", row.resident_id ?? -1),
                    ]),
                  ),
              ),
            ]),
          )
          .orderBy("i.id")
          .limit(1),
      }))
      .onConflict((oc) => oc.columns(["community_id", "meeting_id", "person_key"]).doNothing())
      .returning("id")
      .executeTakeFirst()
  )?.id ?? null;

/** One attendance row per person and meeting: a repeat inserts nothing and returns null (else the new id). */
export const insertAttendance = async (db: Db, row: Insertable<MeetingAttendanceTable>) =>
  (
    await db
      .insertInto("meeting_attendance")
      .values(row)
      .onConflict((oc) => oc.columns(["community_id", "meeting_id", "person_key"]).doNothing())
      .returning("id")
      .executeTakeFirst()
  )?.id ?? null;

export const updateMeeting = (db: Db, communityId: number, ids: number[], set: Updateable<MeetingTable>) =>
  db
    .updateTable("meeting")
    .set({ ...set, updated_at: new Date() })
    .where("community_id", "=", communityId)
    .where("id", "in", ids)
    .execute();

/** Move meetings by a number of milliseconds (a series' later occurrences when one is moved). */
export const shiftMeetings = (db: Db, communityId: number, ids: number[], startMs: number, endMs: number) =>
  db
    .updateTable("meeting")
    .set({
      starts_at: sql`starts_at + ${`${startMs} milliseconds`}::interval`,
      ends_at: sql`ends_at + ${`${endMs} milliseconds`}::interval`,
      reminded_at: null,
      updated_at: new Date(),
    })
    .where("community_id", "=", communityId)
    .where("id", "in", ids)
    .execute();

export const laterInSeries = async (db: Db, communityId: number, seriesId: number, startsAt: Date) =>
  (
    await db
      .selectFrom("meeting")
      .select("id")
      .where("community_id", "=", communityId)
      .where("series_id", "=", seriesId)
      .where("starts_at", ">", startsAt)
      .execute()
  ).map((r) => r.id);

export const seriesMeetings = (db: Db, communityId: number, seriesId: number) =>
  db
    .selectFrom("meeting as m")
    .leftJoin("estate as e", tenantJoin("e", "m", "estate_id"))
    .leftJoin("building as b", tenantJoin("b", "m", "building_id"))
    .select([
      "m.id",
      "m.title",
      "m.kind",
      "m.starts_at",
      "m.ends_at",
      "m.venue",
      "m.agenda",
      "m.cancelled",
      "m.grid_id",
      "m.estate_id",
      "m.building_id",
      "m.updated_at",
      "e.name as estate_name",
      "b.name as building_name",
    ])
    .where("m.community_id", "=", communityId)
    .where("m.series_id", "=", seriesId)
    .orderBy("m.starts_at")
    .execute();

export const residentInCommunity = (db: Db, communityId: number, residentId: number) =>
  db
    .selectFrom("resident as r")
    .leftJoin("household as h", tenantJoin("h", "r", "household_id"))
    .leftJoin("building as b", tenantJoin("b", "h", "building_id"))
    .select(["r.id", "r.name", "r.user_id", "r.status", "h.building_id", "b.estate_id"])
    .where("r.community_id", "=", communityId)
    .where("r.id", "=", residentId)
    .executeTakeFirst();

/** A person's verified residencies in one community with their buildings and estates. */
export const homesIn = (db: Db, communityId: number, userId: number) =>
  db
    .selectFrom("resident as r")
    .leftJoin("household as h", tenantJoin("h", "r", "household_id"))
    .leftJoin("building as b", tenantJoin("b", "h", "building_id"))
    .select(["r.id", "r.name", "h.building_id", "b.estate_id"])
    .where("r.community_id", "=", communityId)
    .where("r.user_id", "=", userId)
    .where("r.status", "=", "verified")
    .orderBy("r.id")
    .execute();

/** The organisations a person acts for: organisation-scoped roles, and their party branch. */
export async function organisationsOfPerson(
  db: Db,
  communityId: number,
  userId: number | null,
  residentId: number | null,
): Promise<number[]> {
  const [roles, party] = await Promise.all([
    userId == null
      ? []
      : db
          .selectFrom("role_assignment")
          .select("scope_id")
          .where("user_id", "=", userId)
          .where("scope_type", "=", "organisation")
          .execute(),
    db
      .selectFrom("party_member")
      .select("branch_org_id")
      .where("community_id", "=", communityId)
      .where((eb) =>
        eb.or([
          ...(userId == null ? [] : [eb("user_id", "=", userId)]),
          ...(residentId == null ? [] : [eb("resident_id", "=", residentId)]),
          eb.lit(false),
        ]),
      )
      .where("branch_org_id", "is not", null)
      .execute(),
  ]);
  return [
    ...new Set([
      ...roles.map((r) => r.scope_id).filter((x): x is number => x != null),
      ...party.map((p) => p.branch_org_id!),
    ]),
  ];
}

export const invitationOf = (
  db: Db,
  communityId: number,
  meetingId: number,
  residentIds: number[],
  organisationIds: number[],
) =>
  db
    .selectFrom("meeting_invitation")
    .select(["resident_id", "organisation_id"])
    .where("community_id", "=", communityId)
    .where("meeting_id", "=", meetingId)
    .where((eb) =>
      eb.or([
        ...(residentIds.length ? [eb("resident_id", "in", residentIds)] : []),
        ...(organisationIds.length ? [eb("organisation_id", "in", organisationIds)] : []),
        eb.lit(false),
      ]),
    )
    .execute();

export const attendanceOfPerson = (db: Db, communityId: number, meetingId: number, keys: string[]) =>
  db
    .selectFrom("meeting_attendance")
    .select("person_key")
    .where("community_id", "=", communityId)
    .where("meeting_id", "=", meetingId)
    .where("person_key", "in", keys.length ? keys : ["-"])
    .executeTakeFirst();

export const userName = async (db: Db, userId: number) =>
  (await db.selectFrom("app_user").select("name").where("id", "=", userId).executeTakeFirst())?.name ?? null;

/**
 * A person's meetings: those of the places where they live (the community, their estate, their
 * building) and those they or their organisations are invited to, from 30 days ago on.
 */
export async function meetingsOfPerson(db: Db, userId: number, since: Date) {
  const homes = await db
    .selectFrom("resident as r")
    .leftJoin("household as h", tenantJoin("h", "r", "household_id"))
    .leftJoin("building as b", tenantJoin("b", "h", "building_id"))
    .select(["r.community_id", "r.id", "h.building_id", "b.estate_id"])
    .where("r.user_id", "=", userId)
    .where("r.status", "=", "verified")
    .execute();
  const orgs = (
    await db
      .selectFrom("role_assignment")
      .select("scope_id")
      .where("user_id", "=", userId)
      .where("scope_type", "=", "organisation")
      .execute()
  )
    .map((r) => r.scope_id)
    .filter((x): x is number => x != null);
  if (!homes.length && !orgs.length) return { rows: [], homes, orgs };
  const rows = await meetingsBase(db)
    .where("m.starts_at", ">=", since)
    .where("m.cancelled", "=", false)
    .where((eb) =>
      eb.or([
        ...homes.map((h) =>
          eb.and([
            eb("m.community_id", "=", h.community_id),
            eb.or([
              eb.and([eb("m.estate_id", "is", null), eb("m.building_id", "is", null)]),
              ...(h.building_id != null ? [eb("m.building_id", "=", h.building_id)] : []),
              ...(h.estate_id != null
                ? [eb.and([eb("m.building_id", "is", null), eb("m.estate_id", "=", h.estate_id)])]
                : []),
              eb.exists(
                eb
                  .selectFrom("meeting_invitation as i")
                  .select("i.id")
                  .whereRef("i.community_id", "=", "m.community_id")
                  .whereRef("i.meeting_id", "=", "m.id")
                  .where("i.resident_id", "=", h.id),
              ),
            ]),
          ]),
        ),
        ...(orgs.length
          ? [
              eb.exists(
                eb
                  .selectFrom("meeting_invitation as i")
                  .select("i.id")
                  .whereRef("i.community_id", "=", "m.community_id")
                  .whereRef("i.meeting_id", "=", "m.id")
                  .where("i.organisation_id", "in", orgs),
              ),
            ]
          : []),
      ]),
    )
    .orderBy("m.starts_at")
    .limit(200)
    .execute();
  return { rows, homes, orgs };
}

export const invitationsFor = (
  db: Db,
  meetingKeys: { community_id: number; id: number }[],
  residentIds: number[],
  orgIds: number[],
) =>
  meetingKeys.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom("meeting_invitation")
        .select(["community_id", "meeting_id"])
        .where(
          "meeting_id",
          "in",
          meetingKeys.map((m) => m.id),
        )
        .where((eb) =>
          eb.or([
            ...(residentIds.length ? [eb("resident_id", "in", residentIds)] : []),
            ...(orgIds.length ? [eb("organisation_id", "in", orgIds)] : []),
            eb.lit(false),
          ]),
        )
        .execute();

export const attendanceFor = (db: Db, meetingIds: number[], keys: string[]) =>
  meetingIds.length === 0 || keys.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom("meeting_attendance")
        .select(["community_id", "meeting_id"])
        .where("meeting_id", "in", meetingIds)
        .where("person_key", "in", keys)
        .execute();

// ---- reminders ----

/** Claims the meetings starting before `until` that were not reminded yet (the job's step). */
export const claimMeetingsToRemind = (db: Db, now: Date, until: Date) =>
  db
    .updateTable("meeting")
    .set({ reminded_at: now })
    .where("reminded_at", "is", null)
    .where("cancelled", "=", false)
    .where("starts_at", ">", now)
    .where("starts_at", "<=", until)
    .returning(["community_id", "id", "title", "kind", "starts_at", "venue"])
    .execute();

/** Accounts of the invited: invited residents with an account, and the staff of invited organisations. */
export async function invitedUserIds(db: Db, communityId: number, meetingIds: number[]): Promise<number[]> {
  if (!meetingIds.length) return [];
  const [people, orgs, members] = await Promise.all([
    db
      .selectFrom("meeting_invitation as i")
      .innerJoin("resident as r", tenantJoin("r", "i", "resident_id"))
      .select("r.user_id")
      .where("i.community_id", "=", communityId)
      .where("i.meeting_id", "in", meetingIds)
      .where("r.user_id", "is not", null)
      .execute(),
    db
      .selectFrom("meeting_invitation as i")
      .innerJoin("role_assignment as ra", (j) =>
        j.onRef("ra.scope_id", "=", "i.organisation_id").on("ra.scope_type", "=", "organisation"),
      )
      .select("ra.user_id")
      .where("i.community_id", "=", communityId)
      .where("i.meeting_id", "in", meetingIds)
      .execute(),
    // the members of an invited party organisation (党支部, 党小组…) who have an account
    db
      .selectFrom("meeting_invitation as i")
      .innerJoin("party_member as pm", (j) =>
        j.onRef("pm.community_id", "=", "i.community_id").onRef("pm.branch_org_id", "=", "i.organisation_id"),
      )
      .select("pm.user_id")
      .where("i.community_id", "=", communityId)
      .where("i.meeting_id", "in", meetingIds)
      .where("pm.user_id", "is not", null)
      .execute(),
  ]);
  return [
    ...new Set([
      ...people.map((p) => p.user_id!),
      ...orgs.map((o) => o.user_id),
      ...members.map((m) => m.user_id!),
    ]),
  ];
}

export type { AttendanceMethod };

export const attendancesByIds = (db: Db, communityId: number, ids: number[]) =>
  ids.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom("meeting_attendance")
        .select(["id", "meeting_id", "resident_id"])
        .where("community_id", "=", communityId)
        .where("id", "in", ids)
        .orderBy("id")
        .execute();
