// All SQL of the garden module (C4). Private to the module: garden.service.ts is its surface.
import type { Insertable } from "kysely";
import { type Kysely, sql } from "kysely";
import type { DB } from "../../../db/schema.ts";
import { tenantJoin } from "../../../db/tenant-join.ts";
import type { ApplicationStatus, GardenPlotTable } from "./garden.tables.ts";

type Db = Kysely<DB>;
const like = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function plotRows(db: Db, communityId: number) {
  return db
    .selectFrom("garden_plot as p")
    .selectAll("p")
    .select([
      sql<
        string | null
      >`(select l.ends_on::text from garden_lease l where l.community_id = p.community_id and l.plot_id = p.id and l.status = 'active')`.as(
        "lease_ends_on",
      ),
      sql<number>`(select count(*)::int from garden_application a where a.community_id = p.community_id and a.plot_id = p.id and a.status = 'applied')`.as(
        "applied",
      ),
    ])
    .where("p.community_id", "=", communityId);
}
export type PlotRow = Awaited<ReturnType<ReturnType<typeof plotRows>["executeTakeFirstOrThrow"]>>;

export async function listPlots(
  db: Db,
  communityId: number,
  f: { q?: string | undefined; state?: "free" | "leased" | undefined },
) {
  let query = plotRows(db, communityId);
  if (f.q) {
    const p = like(f.q);
    query = query.where((eb) => eb.or([eb("p.code", "like", p), eb("p.note", "like", p)]));
  }
  if (f.state) {
    const active = sql<boolean>`exists (select 1 from garden_lease l where l.community_id = p.community_id and l.plot_id = p.id and l.status = 'active')`;
    query = query.where(f.state === "leased" ? active : sql<boolean>`not ${active}`);
  }
  return query.orderBy("p.code").orderBy("p.id").limit(5000).execute();
}

export const findPlot = (db: Db, communityId: number, id: number) =>
  plotRows(db, communityId).where("p.id", "=", id).executeTakeFirst();

export const lockPlot = (db: Db, communityId: number, id: number) =>
  db
    .selectFrom("garden_plot")
    .selectAll()
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst();

export const insertPlot = (db: Db, row: Insertable<GardenPlotTable>) =>
  db.insertInto("garden_plot").values(row).returning("id").executeTakeFirstOrThrow();

export const plotCodeTaken = async (db: Db, communityId: number, code: string) =>
  !!(await db
    .selectFrom("garden_plot")
    .select("id")
    .where("community_id", "=", communityId)
    .where("code", "=", code)
    .executeTakeFirst());

export const activeLeaseOf = (db: Db, communityId: number, plotId: number) =>
  db
    .selectFrom("garden_lease")
    .selectAll()
    .where("community_id", "=", communityId)
    .where("plot_id", "=", plotId)
    .where("status", "=", "active")
    .executeTakeFirst();

export const liveApplicationOf = (db: Db, communityId: number, plotId: number, householdId: number) =>
  db
    .selectFrom("garden_application")
    .selectAll()
    .where("community_id", "=", communityId)
    .where("plot_id", "=", plotId)
    .where("household_id", "=", householdId)
    .where("status", "=", "applied")
    .executeTakeFirst();

export const insertApplication = (
  db: Db,
  row: { community_id: number; plot_id: number; resident_id: number; household_id: number; user_id: number },
) =>
  db
    .insertInto("garden_application")
    .values({ ...row, status: "applied", decided_at: null, decided_by: null })
    .returning(["id", "status"])
    .executeTakeFirstOrThrow();

export const findApplication = (db: Db, communityId: number, id: number) =>
  db
    .selectFrom("garden_application")
    .selectAll()
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .executeTakeFirst();

export const appliedOf = (db: Db, communityId: number, plotId: number) =>
  db
    .selectFrom("garden_application")
    .selectAll()
    .where("community_id", "=", communityId)
    .where("plot_id", "=", plotId)
    .where("status", "=", "applied")
    .orderBy("id")
    .execute();

export const decide = (db: Db, communityId: number, ids: number[], status: ApplicationStatus, by: number) =>
  ids.length
    ? db
        .updateTable("garden_application")
        .set({ status, decided_at: new Date(), decided_by: by })
        .where("community_id", "=", communityId)
        .where("id", "in", ids)
        .where("status", "=", "applied")
        .returning("id")
        .execute()
    : Promise.resolve([]);

export const markAllocated = (db: Db, communityId: number, id: number) =>
  db
    .updateTable("garden_plot")
    .set({ allocated_at: new Date() })
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .where("allocated_at", "is", null)
    .returning("id")
    .executeTakeFirst();

export const insertLease = (
  db: Db,
  row: {
    community_id: number;
    plot_id: number;
    application_id: number;
    resident_id: number;
    household_id: number;
    user_id: number;
    starts_on: string;
    ends_on: string;
  },
) =>
  db
    .insertInto("garden_lease")
    .values({ ...row, status: "active", expired_at: null })
    .returning("id")
    .executeTakeFirstOrThrow();

export const insertRent = (
  db: Db,
  row: {
    community_id: number;
    lease_id: number;
    period_start: string;
    period_end: string;
    rent_fen: number;
    ledger_transaction_id: number;
  },
) => db.insertInto("garden_rent").values(row).execute();

export const findLease = (db: Db, communityId: number, id: number) =>
  db
    .selectFrom("garden_lease")
    .selectAll()
    .select(sql<string>`ends_on::text`.as("ends_day"))
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .executeTakeFirst();

export const lockLease = (db: Db, communityId: number, id: number) =>
  db
    .selectFrom("garden_lease")
    .selectAll()
    .select(sql<string>`ends_on::text`.as("ends_day"))
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst();

export const extendLease = (db: Db, communityId: number, id: number, endsOn: string) =>
  db
    .updateTable("garden_lease")
    .set((eb) => ({ ends_on: endsOn, renewals: eb("renewals", "+", 1) }))
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .where("status", "=", "active")
    .execute();

/** Expires every active lease whose last day is before `today`: each one once (the row's condition). */
export const expireLeases = (db: Db, today: string) =>
  db
    .updateTable("garden_lease")
    .set({ status: "expired", expired_at: new Date() })
    .where("status", "=", "active")
    .where("ends_on", "<", today)
    .returning(["community_id", "id", "plot_id", "user_id"])
    .execute();

export function applicationRows(
  db: Db,
  communityId: number,
  f: { q?: string | undefined; status?: ApplicationStatus | undefined; plotId?: number | undefined },
) {
  let query = db
    .selectFrom("garden_application as a")
    .innerJoin("garden_plot as p", tenantJoin("p", "a", "plot_id"))
    .innerJoin("resident as r", tenantJoin("r", "a", "resident_id"))
    .select([
      "a.id",
      "a.plot_id",
      "a.resident_id",
      "a.household_id",
      "a.status",
      "a.created_at",
      "a.decided_at",
      "a.reject_reason",
      "p.code",
      "p.rent_fen",
      "p.apply_until",
      "r.name",
      "r.phone",
    ])
    .where("a.community_id", "=", communityId);
  if (f.q) {
    const p = like(f.q);
    query = query.where((eb) => eb.or([eb("p.code", "like", p), eb("r.name", "like", p)]));
  }
  if (f.status) query = query.where("a.status", "=", f.status);
  if (f.plotId) query = query.where("a.plot_id", "=", f.plotId);
  return query.orderBy("a.id", "desc").limit(5000).execute();
}

export function leaseRows(
  db: Db,
  communityId: number,
  f: { q?: string | undefined; status?: "active" | "expired" | undefined; endsBefore?: string | undefined },
) {
  let query = db
    .selectFrom("garden_lease as l")
    .innerJoin("garden_plot as p", tenantJoin("p", "l", "plot_id"))
    .innerJoin("resident as r", tenantJoin("r", "l", "resident_id"))
    .select([
      "l.id",
      "l.plot_id",
      "l.resident_id",
      "l.status",
      "l.renewals",
      sql<string>`l.starts_on::text`.as("starts_day"),
      sql<string>`l.ends_on::text`.as("ends_day"),
      "p.code",
      "p.size_m2",
      "r.name",
      "r.phone",
      sql<number>`(select coalesce(sum(g.rent_fen), 0)::int from garden_rent g where g.community_id = l.community_id and g.lease_id = l.id)`.as(
        "paid",
      ),
    ])
    .where("l.community_id", "=", communityId);
  if (f.q) {
    const p = like(f.q);
    query = query.where((eb) => eb.or([eb("p.code", "like", p), eb("r.name", "like", p)]));
  }
  if (f.status) query = query.where("l.status", "=", f.status);
  if (f.endsBefore) query = query.where("l.ends_on", "<=", f.endsBefore);
  return query.orderBy("l.ends_on").orderBy("l.id").limit(5000).execute();
}

export const householdApplications = (db: Db, communityId: number, householdIds: number[]) =>
  db
    .selectFrom("garden_application")
    .select(["id", "plot_id", "status", "reject_reason"])
    .where("community_id", "=", communityId)
    .where("household_id", "in", householdIds.length ? householdIds : [-1])
    .orderBy("id", "desc")
    .execute();

export const householdLeases = (db: Db, communityId: number, householdIds: number[]) =>
  db
    .selectFrom("garden_lease")
    .select([
      "id",
      "plot_id",
      "status",
      sql<string>`starts_on::text`.as("starts_day"),
      sql<string>`ends_on::text`.as("ends_day"),
    ])
    .where("community_id", "=", communityId)
    .where("household_id", "in", householdIds.length ? householdIds : [-1])
    .orderBy("id", "desc")
    .execute();

// ---- me (all communities) ----

export const leasesOfHouseholds = (db: Db, keys: { communityId: number; householdId: number }[]) =>
  keys.length
    ? db
        .selectFrom("garden_lease as l")
        .innerJoin("garden_plot as p", tenantJoin("p", "l", "plot_id"))
        .innerJoin("community as c", "c.id", "l.community_id")
        .select([
          "l.id",
          "l.community_id",
          "l.plot_id",
          "l.status",
          sql<string>`l.starts_on::text`.as("starts_day"),
          sql<string>`l.ends_on::text`.as("ends_day"),
          "p.code",
          "p.rent_fen",
          "c.name as community_name",
        ])
        .where((eb) =>
          eb.or(
            keys.map((k) =>
              eb.and([eb("l.community_id", "=", k.communityId), eb("l.household_id", "=", k.householdId)]),
            ),
          ),
        )
        .orderBy("l.id", "desc")
        .limit(100)
        .execute()
    : Promise.resolve([]);

export const applicationsOfHouseholds = (db: Db, keys: { communityId: number; householdId: number }[]) =>
  keys.length
    ? db
        .selectFrom("garden_application as a")
        .innerJoin("garden_plot as p", tenantJoin("p", "a", "plot_id"))
        .select(["a.id", "a.community_id", "a.plot_id", "a.status", "a.reject_reason", "p.code"])
        .where((eb) =>
          eb.or(
            keys.map((k) =>
              eb.and([eb("a.community_id", "=", k.communityId), eb("a.household_id", "=", k.householdId)]),
            ),
          ),
        )
        .orderBy("a.id", "desc")
        .limit(100)
        .execute()
    : Promise.resolve([]);

export const adoptionsOfHouseholds = (db: Db, keys: { communityId: number; householdId: number }[]) =>
  keys.length
    ? db
        .selectFrom("garden_adoption as d")
        .innerJoin("garden_tree as t", tenantJoin("t", "d", "tree_id"))
        .select(["d.community_id", "d.tree_id", "d.adopted_at", "t.code", "t.species"])
        .where("d.ended_at", "is", null)
        .where((eb) =>
          eb.or(
            keys.map((k) =>
              eb.and([eb("d.community_id", "=", k.communityId), eb("d.household_id", "=", k.householdId)]),
            ),
          ),
        )
        .orderBy("d.id", "desc")
        .limit(100)
        .execute()
    : Promise.resolve([]);

// ---- trees ----

export function treeRows(db: Db, communityId: number) {
  return db
    .selectFrom("garden_tree as t")
    .leftJoin("garden_adoption as d", (j) =>
      j
        .onRef("d.community_id", "=", "t.community_id")
        .onRef("d.tree_id", "=", "t.id")
        .on("d.ended_at", "is", null),
    )
    .leftJoin("resident as r", (j) =>
      j.onRef("r.community_id", "=", "d.community_id").onRef("r.id", "=", "d.resident_id"),
    )
    .select([
      "t.id",
      "t.community_id",
      "t.code",
      "t.species",
      "t.location",
      "d.id as adoption_id",
      "d.household_id",
      "d.adopted_at",
      "r.name as adopter_name",
      sql<number>`(select count(*)::int from garden_care c where c.community_id = t.community_id and c.tree_id = t.id)`.as(
        "cares",
      ),
      sql<
        string | null
      >`(select max(c.done_on)::text from garden_care c where c.community_id = t.community_id and c.tree_id = t.id)`.as(
        "last_care_on",
      ),
    ])
    .where("t.community_id", "=", communityId);
}
export type TreeRow = Awaited<ReturnType<ReturnType<typeof treeRows>["executeTakeFirstOrThrow"]>>;

export const findTree = (db: Db, communityId: number, id: number) =>
  treeRows(db, communityId).where("t.id", "=", id).executeTakeFirst();

export const insertTree = (
  db: Db,
  row: { community_id: number; code: string; species: string; location: string; created_by: number },
) => db.insertInto("garden_tree").values(row).returning("id").executeTakeFirstOrThrow();

export const treeCodeTaken = async (db: Db, communityId: number, code: string) =>
  !!(await db
    .selectFrom("garden_tree")
    .select("id")
    .where("community_id", "=", communityId)
    .where("code", "=", code)
    .executeTakeFirst());

export const insertAdoption = (
  db: Db,
  row: { community_id: number; tree_id: number; household_id: number; resident_id: number; user_id: number },
) =>
  db
    .insertInto("garden_adoption")
    .values({ ...row, ended_at: null })
    .returning("id")
    .executeTakeFirstOrThrow();

export const insertCare = (
  db: Db,
  row: {
    community_id: number;
    tree_id: number;
    adoption_id: number | null;
    done_on: string;
    what: string;
    by_user: number;
    photo_mime: string | null;
    photo_size: number | null;
    photo_sha256: string | null;
    photo_bytes: Buffer | null;
  },
) =>
  db
    .insertInto("garden_care")
    .values(row)
    .returning([
      "id",
      "tree_id",
      sql<string>`done_on::text`.as("done_day"),
      "what",
      "photo_mime",
      "created_at",
    ])
    .executeTakeFirstOrThrow();

export const caresOf = (db: Db, communityId: number, treeId: number) =>
  db
    .selectFrom("garden_care")
    .select(["id", "tree_id", sql<string>`done_on::text`.as("done_day"), "what", "photo_mime", "created_at"])
    .where("community_id", "=", communityId)
    .where("tree_id", "=", treeId)
    .orderBy("done_on", "desc")
    .orderBy("id", "desc")
    .limit(500)
    .execute();

export const carePhoto = (db: Db, communityId: number, treeId: number, careId: number) =>
  db
    .selectFrom("garden_care")
    .select(["photo_mime", "photo_bytes", "photo_sha256"])
    .where("community_id", "=", communityId)
    .where("tree_id", "=", treeId)
    .where("id", "=", careId)
    .executeTakeFirst();

export const communityName = async (db: Db, id: number) =>
  (await db.selectFrom("community").select("name").where("id", "=", id).executeTakeFirst())?.name ?? null;

export type HomeLease = Awaited<ReturnType<typeof householdLeases>>[number];

export const applicationIdsIn = async (db: Db, communityId: number, ids: number[]) =>
  (
    await db
      .selectFrom("garden_application")
      .select("id")
      .where("community_id", "=", communityId)
      .where("id", "in", ids.length ? ids : [-1])
      .execute()
  ).map((r) => r.id);

// ---- rejecting applications (migration 50) ----

/** The applications with their plot's window (locked FOR UPDATE in the caller's transaction if asked). */
export const applicationsWithPlot = (db: Db, communityId: number, ids: number[], lock: boolean) => {
  const query = db
    .selectFrom("garden_application as a")
    .innerJoin("garden_plot as p", tenantJoin("p", "a", "plot_id"))
    .select(["a.id", "a.status", "a.user_id", "a.plot_id", "p.code", "p.apply_until", "p.allocated_at"])
    .where("a.community_id", "=", communityId)
    .where("a.id", "in", ids.length ? ids : [-1])
    .orderBy("a.id");
  return (lock ? query.forUpdate("a") : query).execute();
};

/** Locks plots in id order (the order approval takes them in, one at a time). */
export const lockPlots = (db: Db, communityId: number, ids: number[]) =>
  db
    .selectFrom("garden_plot")
    .select("id")
    .where("community_id", "=", communityId)
    .where("id", "in", ids.length ? ids : [-1])
    .orderBy("id")
    .forUpdate()
    .execute();

/** Rejects waiting applications with a reason; returns those it changed (each only while waiting). */
export const rejectApplications = (db: Db, communityId: number, ids: number[], reason: string, by: number) =>
  db
    .updateTable("garden_application")
    .set({ status: "rejected", reject_reason: reason, decided_at: new Date(), decided_by: by })
    .where("community_id", "=", communityId)
    .where("id", "in", ids.length ? ids : [-1])
    .where("status", "=", "applied")
    .returning(["id", "user_id", "plot_id"])
    .execute();

// ---- ending an adoption (migration 50) ----

/** Ends the live adoption; none when it was ended meanwhile (the row's own condition). */
export const endAdoption = (db: Db, communityId: number, adoptionId: number, by: number) =>
  db
    .updateTable("garden_adoption")
    .set({ ended_at: new Date(), ended_by: by })
    .where("community_id", "=", communityId)
    .where("id", "=", adoptionId)
    .where("ended_at", "is", null)
    .returning(["id", "tree_id", "ended_at"])
    .executeTakeFirst();

// ---- the last-month reminder (migration 50) ----

/**
 * Claims every active lease in its last month (after the day a month before its last day, up to that
 * day: garden.service's `renewable`) whose term has not been reminded: sets `reminded_for` to its last
 * day and returns it. Concurrent sweeps claim each term once between them: a second UPDATE waits for
 * the first's row lock and then finds `reminded_for = ends_on`.
 */
export const claimLastMonthReminders = async (db: Db, today: string) =>
  (
    await sql<{
      community_id: number;
      id: number;
      plot_id: number;
      household_id: number;
      user_id: number;
      ends_day: string;
      code: string;
    }>`
      update garden_lease l set reminded_for = l.ends_on
      from garden_plot p
      where p.community_id = l.community_id and p.id = l.plot_id
        and l.status = 'active'
        and l.ends_on >= ${today}::date
        and (l.ends_on - interval '1 month')::date < ${today}::date
        and l.reminded_for is distinct from l.ends_on
      returning l.community_id, l.id, l.plot_id, l.household_id, l.user_id, l.ends_on::text as ends_day, p.code
    `.execute(db)
  ).rows;

/** The verified residents with an account of these households (a lease's household). */
export const householdUsers = (db: Db, keys: { communityId: number; householdId: number }[]) =>
  keys.length
    ? db
        .selectFrom("resident")
        .select(["community_id", "household_id", "user_id"])
        .where("status", "=", "verified")
        .where("user_id", "is not", null)
        .where((eb) =>
          eb.or(
            keys.map((k) =>
              eb.and([eb("community_id", "=", k.communityId), eb("household_id", "=", k.householdId)]),
            ),
          ),
        )
        .execute()
    : Promise.resolve([]);
