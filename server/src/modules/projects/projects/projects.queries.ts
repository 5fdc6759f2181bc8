// All SQL of co-building projects (P1–P5).
import { type Insertable, type Kysely, sql } from "kysely";
import type { DB } from "../../../db/schema.ts";
import { tenantJoin } from "../../../db/tenant-join.ts";
import type { RatingValue } from "../../voice/requests/requests.schema.ts";
import type {
  ProjectBookingTable,
  ProjectOriginKind,
  ProjectStatus,
  ProjectTable,
  ProjectTier,
  TargetKind,
} from "./projects.tables.ts";

type Db = Kysely<DB>;

export const communityOf = (db: Db, communityId: number) =>
  db.selectFrom("community").select(["id", "name"]).where("id", "=", communityId).executeTakeFirst();

// ---- places and people ----

export const buildingIn = (db: Db, communityId: number, id: number) =>
  db
    .selectFrom("building")
    .select(["id", "estate_id", "grid_id", "name"])
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .executeTakeFirst();

/** An estate and the distinct grids of its buildings (a grid worker acts on it only when it lies in theirs). */
export const estateIn = async (db: Db, communityId: number, id: number) => {
  const e = await db
    .selectFrom("estate")
    .select(["id", "name"])
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .executeTakeFirst();
  if (!e) return undefined;
  const grids = await db
    .selectFrom("building")
    .select("grid_id")
    .distinct()
    .where("community_id", "=", communityId)
    .where("estate_id", "=", id)
    .execute();
  return { ...e, gridIds: grids.map((g) => g.grid_id) };
};

/** The verified households of a person, with their building and estate, in every community. */
export const householdsOfUser = (db: Db, userId: number) =>
  db
    .selectFrom("resident as r")
    .innerJoin("household as h", tenantJoin("h", "r", "household_id"))
    .innerJoin("building as b", tenantJoin("b", "h", "building_id"))
    .select(["r.community_id", "h.id as household_id", "h.building_id", "b.estate_id"])
    .where("r.user_id", "=", userId)
    .where("r.status", "=", "verified")
    .orderBy("r.community_id")
    .orderBy("h.id")
    .execute();
export type HouseholdOfUser = Awaited<ReturnType<typeof householdsOfUser>>[number];

export const userExists = async (db: Db, userId: number) =>
  !!(await db.selectFrom("app_user").select("id").where("id", "=", userId).executeTakeFirst());

export const userNames = (db: Db, ids: number[]) =>
  ids.length
    ? db.selectFrom("app_user").select(["id", "name"]).where("id", "in", ids).execute()
    : Promise.resolve([] as { id: number; name: string }[]);

export const organisationsByIds = (db: Db, ids: number[]) =>
  ids.length
    ? db
        .selectFrom("organisation")
        .select(["id", "kind", "name", "home_community_id"])
        .where("id", "in", ids)
        .execute()
    : Promise.resolve([]);

/** Organisations that serve a community: based there, or the property company of one of its estates. */
export const servingOrganisations = (db: Db, communityId: number) =>
  db
    .selectFrom("organisation as o")
    .select(["o.id", "o.kind", "o.name"])
    .where((eb) =>
      eb.or([
        eb("o.home_community_id", "=", communityId),
        eb(
          "o.id",
          "in",
          eb
            .selectFrom("estate")
            .select("property_org_id")
            .where("community_id", "=", communityId)
            .where("property_org_id", "is not", null),
        ),
      ]),
    )
    .execute();

// ---- projects ----

function projectsBase(db: Db) {
  return db
    .selectFrom("project as p")
    .innerJoin("community as c", "c.id", "p.community_id")
    .leftJoin("estate as e", tenantJoin("e", "p", "estate_id"))
    .leftJoin("building as b", tenantJoin("b", "p", "building_id"))
    .selectAll("p")
    .select((eb) => [
      "c.name as community_name",
      "e.name as estate_name",
      "b.name as building_name",
      eb
        .selectFrom("project_budget_line as l")
        .select(sql<number>`coalesce(sum(l.amount_fen), 0)::bigint`.as("s"))
        .whereRef("l.community_id", "=", "p.community_id")
        .whereRef("l.project_id", "=", "p.id")
        .as("budget_fen"),
      eb
        .selectFrom("project_booking as k")
        .select("k.balance_fen")
        .whereRef("k.community_id", "=", "p.community_id")
        .whereRef("k.project_id", "=", "p.id")
        .orderBy("k.seq", "desc")
        .limit(1)
        .as("balance_fen"),
    ]);
}
export type ProjectRow = NonNullable<Awaited<ReturnType<typeof findProject>>>;

export const findProject = (db: Db, communityId: number, id: number) =>
  projectsBase(db).where("p.community_id", "=", communityId).where("p.id", "=", id).executeTakeFirst();

export const lockProject = (db: Db, communityId: number, id: number) =>
  db
    .selectFrom("project")
    .select(["id", "status"])
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst();

export const insertProject = (db: Db, row: Insertable<ProjectTable>) =>
  db.insertInto("project").values(row).returning("id").executeTakeFirstOrThrow();

export const updateProject = (
  db: Db,
  communityId: number,
  id: number,
  fields: Partial<Insertable<ProjectTable>>,
) =>
  db
    .updateTable("project")
    .set({ ...fields, updated_at: new Date() })
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .execute();

export interface ProjectScope {
  gridIds: number[];
  estateIds: number[];
  buildingIds: number[];
}
export interface ProjectFilters {
  q?: string | undefined;
  status?: ProjectStatus | undefined;
  tier?: ProjectTier | undefined;
  originKind?: ProjectOriginKind | undefined;
}

export async function listProjects(
  db: Db,
  communityId: number,
  scope: ProjectScope | null,
  f: ProjectFilters & { limit: number; offset: number },
) {
  let qb = projectsBase(db).where("p.community_id", "=", communityId);
  if (scope)
    qb = qb.where((eb) =>
      eb.or([
        // a community-wide project concerns every part of the community
        eb("p.tier", "=", "community"),
        ...(scope.gridIds.length ? [eb("p.grid_id", "in", scope.gridIds)] : []),
        ...(scope.estateIds.length ? [eb("p.estate_id", "in", scope.estateIds)] : []),
        ...(scope.buildingIds.length ? [eb("p.building_id", "in", scope.buildingIds)] : []),
      ]),
    );
  if (f.q) qb = qb.where("p.title", "ilike", `%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
  if (f.status) qb = qb.where("p.status", "=", f.status);
  if (f.tier) qb = qb.where("p.tier", "=", f.tier);
  if (f.originKind) qb = qb.where("p.origin_kind", "=", f.originKind);
  const [rows, total] = await Promise.all([
    qb.orderBy("p.id", "desc").limit(f.limit).offset(f.offset).execute(),
    qb
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/** Projects at the given places (a resident's estates and buildings, their communities' community-wide ones). */
export const projectsAtPlaces = (
  db: Db,
  p: { communityIds: number[]; estateKeys: [number, number][]; buildingKeys: [number, number][] },
) => {
  if (!p.communityIds.length) return Promise.resolve([] as ProjectRow[]);
  return projectsBase(db)
    .where((eb) =>
      eb.or([
        eb.and([eb("p.community_id", "in", p.communityIds), eb("p.tier", "=", "community")]),
        eb.and([eb("p.community_id", "in", p.communityIds), eb("p.is_public", "=", true)]),
        ...p.estateKeys.map(([c, e]) =>
          eb.and([eb("p.community_id", "=", c), eb("p.tier", "=", "estate"), eb("p.estate_id", "=", e)]),
        ),
        ...p.buildingKeys.map(([c, b]) =>
          eb.and([eb("p.community_id", "=", c), eb("p.tier", "=", "building"), eb("p.building_id", "=", b)]),
        ),
      ]),
    )
    .orderBy("p.created_at", "desc")
    .limit(200)
    .execute();
};

export const projectsByOrigin = (db: Db, communityId: number, kind: ProjectOriginKind, id: number) =>
  projectsBase(db)
    .where("p.community_id", "=", communityId)
    .where("p.origin_kind", "=", kind)
    .where("p.origin_id", "=", id)
    .orderBy("p.id")
    .execute();

// ---- plan lists ----

export const budgetLinesOf = (db: Db, communityId: number, projectId: number) =>
  db
    .selectFrom("project_budget_line as l")
    .select((eb) => [
      "l.id",
      "l.name",
      "l.amount_fen",
      "l.note",
      "l.position",
      eb
        .selectFrom("project_booking as k")
        .select(sql<number>`coalesce(sum(k.amount_fen), 0)::bigint`.as("s"))
        .whereRef("k.community_id", "=", "l.community_id")
        .whereRef("k.budget_line_id", "=", "l.id")
        .as("spent_fen"),
    ])
    .where("l.community_id", "=", communityId)
    .where("l.project_id", "=", projectId)
    .orderBy("l.position")
    .execute();

export const milestonesOf = (db: Db, communityId: number, projectId: number) =>
  db
    .selectFrom("project_milestone")
    .select(["title", "due_on", "done_on"])
    .where("community_id", "=", communityId)
    .where("project_id", "=", projectId)
    .orderBy("position")
    .execute();

export const partiesOf = (db: Db, communityId: number, projectId: number) =>
  db
    .selectFrom("project_party")
    .select(["role", "organisation_id", "name", "contribution"])
    .where("community_id", "=", communityId)
    .where("project_id", "=", projectId)
    .orderBy("id")
    .execute();

export const sourcesOf = (db: Db, communityId: number, projectId: number) =>
  db
    .selectFrom("project_funding_source as s")
    .select((eb) => [
      "s.id",
      "s.kind",
      "s.label",
      "s.organisation_id",
      "s.planned_fen",
      eb
        .selectFrom("project_booking as k")
        .select(sql<number>`coalesce(sum(k.amount_fen), 0)::bigint`.as("s"))
        .whereRef("k.community_id", "=", "s.community_id")
        .whereRef("k.source_id", "=", "s.id")
        .as("received_fen"),
    ])
    .where("s.community_id", "=", communityId)
    .where("s.project_id", "=", projectId)
    .orderBy("s.position")
    .execute();

export const targetsOf = (db: Db, communityId: number, projectId: number) =>
  db
    .selectFrom("project_target as t")
    .select((eb) => [
      "t.id",
      "t.kind",
      "t.item",
      "t.unit",
      "t.quantity",
      eb
        .selectFrom("project_pledge as g")
        .select(sql<number>`coalesce(sum(g.quantity), 0)::bigint`.as("s"))
        .whereRef("g.community_id", "=", "t.community_id")
        .whereRef("g.target_id", "=", "t.id")
        .where("g.status", "!=", "cancelled")
        .as("pledged"),
      eb
        .selectFrom("project_pledge as g")
        .select(sql<number>`coalesce(sum(g.fulfilled), 0)::bigint`.as("s"))
        .whereRef("g.community_id", "=", "t.community_id")
        .whereRef("g.target_id", "=", "t.id")
        .as("fulfilled"),
    ])
    .where("t.community_id", "=", communityId)
    .where("t.project_id", "=", projectId)
    .orderBy("t.id")
    .execute();

export async function replaceMilestones(
  db: Db,
  communityId: number,
  projectId: number,
  rows: { title: string; dueOn: string | null; doneOn: string | null }[],
) {
  await db
    .deleteFrom("project_milestone")
    .where("community_id", "=", communityId)
    .where("project_id", "=", projectId)
    .execute();
  if (rows.length)
    await db
      .insertInto("project_milestone")
      .values(
        rows.map((m, i) => ({
          community_id: communityId,
          project_id: projectId,
          position: i + 1,
          title: m.title,
          due_on: m.dueOn,
          done_on: m.doneOn,
        })),
      )
      .execute();
}

export async function replaceParties(
  db: Db,
  communityId: number,
  projectId: number,
  rows: { role: string; organisationId: number | null; name: string; contribution: string }[],
) {
  await db
    .deleteFrom("project_party")
    .where("community_id", "=", communityId)
    .where("project_id", "=", projectId)
    .execute();
  if (rows.length)
    await db
      .insertInto("project_party")
      .values(
        rows.map((p) => ({
          community_id: communityId,
          project_id: projectId,
          role: p.role as any,
          organisation_id: p.organisationId,
          name: p.name,
          contribution: p.contribution,
        })),
      )
      .execute();
}

type ListTable = "project_budget_line" | "project_funding_source" | "project_target";

/** Ids of a project's rows of one list. */
export const listIds = async (db: Db, table: ListTable, communityId: number, projectId: number) =>
  (
    await db
      .selectFrom(table)
      .select("id")
      .where("community_id", "=", communityId)
      .where("project_id", "=", projectId)
      .execute()
  ).map((r) => r.id);

/** Whether bookings or pledges point at a list row (then it stays). */
export async function listRowUsed(db: Db, table: ListTable, communityId: number, id: number) {
  const column =
    table === "project_budget_line"
      ? "budget_line_id"
      : table === "project_funding_source"
        ? "source_id"
        : null;
  if (column) {
    const r = await db
      .selectFrom("project_booking")
      .select("id")
      .where("community_id", "=", communityId)
      .where(column, "=", id)
      .limit(1)
      .executeTakeFirst();
    return !!r;
  }
  const r = await db
    .selectFrom("project_pledge")
    .select("id")
    .where("community_id", "=", communityId)
    .where("target_id", "=", id)
    .limit(1)
    .executeTakeFirst();
  return !!r;
}

export const deleteListRow = (db: Db, table: ListTable, communityId: number, id: number) =>
  db.deleteFrom(table).where("community_id", "=", communityId).where("id", "=", id).execute();

export const insertBudgetLines = (db: Db, rows: Insertable<DB["project_budget_line"]>[]) =>
  rows.length ? db.insertInto("project_budget_line").values(rows).execute() : Promise.resolve([]);
export const insertSources = (db: Db, rows: Insertable<DB["project_funding_source"]>[]) =>
  rows.length ? db.insertInto("project_funding_source").values(rows).execute() : Promise.resolve([]);
export const insertTargets = (db: Db, rows: Insertable<DB["project_target"]>[]) =>
  rows.length ? db.insertInto("project_target").values(rows).execute() : Promise.resolve([]);

export const updateBudgetLine = (
  db: Db,
  communityId: number,
  id: number,
  f: { position: number; name: string; amount_fen: number; note: string },
) =>
  db
    .updateTable("project_budget_line")
    .set(f)
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .execute();
export const updateSource = (
  db: Db,
  communityId: number,
  id: number,
  f: { position: number; kind: any; label: string; organisation_id: number | null; planned_fen: number },
) =>
  db
    .updateTable("project_funding_source")
    .set(f)
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .execute();
export const updateTarget = (
  db: Db,
  communityId: number,
  id: number,
  f: { kind: TargetKind; item: string; unit: string; quantity: number },
) =>
  db
    .updateTable("project_target")
    .set(f)
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .execute();

export const targetOf = (db: Db, communityId: number, id: number) =>
  db
    .selectFrom("project_target")
    .selectAll()
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .executeTakeFirst();

// ---- tasks ----

export const tasksOf = (db: Db, communityId: number, projectId: number) =>
  db
    .selectFrom("project_task as t")
    .leftJoin("project_task_claim as k", (j) =>
      j
        .onRef("k.community_id", "=", "t.community_id")
        .onRef("k.task_id", "=", "t.id")
        .on("k.status", "in", ["active", "fulfilled"]),
    )
    .leftJoin("app_user as u", "u.id", "k.claimant_user_id")
    .leftJoin("organisation as o", "o.id", "k.claimant_org_id")
    .select([
      "t.id",
      "t.title",
      "t.description",
      "t.due_on",
      "k.id as claim_id",
      "k.claimant_user_id",
      "k.claimant_kind",
      "k.promise_date",
      "k.status as claim_status",
      "u.name as claimant_name",
      "o.name as org_name",
    ])
    .where("t.community_id", "=", communityId)
    .where("t.project_id", "=", projectId)
    .orderBy("t.id")
    .execute();

export const taskOf = (db: Db, communityId: number, projectId: number, id: number) =>
  db
    .selectFrom("project_task")
    .selectAll()
    .where("community_id", "=", communityId)
    .where("project_id", "=", projectId)
    .where("id", "=", id)
    .executeTakeFirst();

export const insertTask = (db: Db, row: Insertable<DB["project_task"]>) =>
  db.insertInto("project_task").values(row).returning("id").executeTakeFirstOrThrow();

export const liveClaimOfTask = (db: Db, communityId: number, taskId: number) =>
  db
    .selectFrom("project_task_claim")
    .selectAll()
    .where("community_id", "=", communityId)
    .where("task_id", "=", taskId)
    .where("status", "in", ["active", "fulfilled"])
    .executeTakeFirst();

export const claimOf = (db: Db, communityId: number, projectId: number, id: number) =>
  db
    .selectFrom("project_task_claim")
    .selectAll()
    .where("community_id", "=", communityId)
    .where("project_id", "=", projectId)
    .where("id", "=", id)
    .executeTakeFirst();

export const insertClaim = (db: Db, row: Insertable<DB["project_task_claim"]>) =>
  db.insertInto("project_task_claim").values(row).returning(["id", "status"]).executeTakeFirstOrThrow();

/** Ends an active claim (fulfilled, or withdrawn — by its claimant or released by staff); false when it was not active. */
export const endClaimRow = async (
  db: Db,
  communityId: number,
  id: number,
  to: "fulfilled" | "withdrawn",
  release: { by: number; reason: string } | null,
) =>
  (
    await db
      .updateTable("project_task_claim")
      .set({
        status: to,
        ended_at: new Date(),
        ...(release ? { released_by: release.by, release_reason: release.reason } : {}),
      })
      .where("community_id", "=", communityId)
      .where("id", "=", id)
      .where("status", "=", "active")
      .executeTakeFirst()
  ).numUpdatedRows > 0n;

// ---- photos and updates ----

export const insertPhotos = (db: Db, rows: Insertable<DB["project_photo"]>[]) =>
  rows.length
    ? db.insertInto("project_photo").values(rows).returning("id").execute()
    : Promise.resolve([] as { id: number }[]);

export const photosOf = (db: Db, communityId: number, projectId: number) =>
  db
    .selectFrom("project_photo")
    .select(["id", "kind"])
    .where("community_id", "=", communityId)
    .where("project_id", "=", projectId)
    .where("kind", "!=", "voucher")
    .orderBy("id")
    .execute();

export const photoOf = (db: Db, communityId: number, projectId: number, id: number) =>
  db
    .selectFrom("project_photo")
    .select(["id", "kind", "mime", "bytes", "sha256"])
    .where("community_id", "=", communityId)
    .where("project_id", "=", projectId)
    .where("id", "=", id)
    .executeTakeFirst();

export const insertUpdate = (db: Db, row: Insertable<DB["project_update"]>) =>
  db.insertInto("project_update").values(row).returning("id").executeTakeFirstOrThrow();

export const updatesOf = (db: Db, communityId: number, projectId: number) =>
  db
    .selectFrom("project_update")
    .select(["id", "text", "photo_ids", "created_at"])
    .where("community_id", "=", communityId)
    .where("project_id", "=", projectId)
    .orderBy("id", "desc")
    .limit(50)
    .execute();

// ---- pledges ----

export const pledgesOf = (db: Db, communityId: number, projectId: number) =>
  db
    .selectFrom("project_pledge as g")
    .innerJoin("app_user as u", "u.id", "g.pledger_user_id")
    .leftJoin("organisation as o", "o.id", "g.pledger_org_id")
    .selectAll("g")
    .select(["u.name as pledger_name", "o.name as org_name"])
    .where("g.community_id", "=", communityId)
    .where("g.project_id", "=", projectId)
    .orderBy("g.id", "desc")
    .limit(500)
    .execute();
export type PledgeRow = Awaited<ReturnType<typeof pledgesOf>>[number];

export const pledgeOf = (db: Db, communityId: number, projectId: number, id: number) =>
  db
    .selectFrom("project_pledge as g")
    .innerJoin("app_user as u", "u.id", "g.pledger_user_id")
    .leftJoin("organisation as o", "o.id", "g.pledger_org_id")
    .selectAll("g")
    .select(["u.name as pledger_name", "o.name as org_name"])
    .where("g.community_id", "=", communityId)
    .where("g.project_id", "=", projectId)
    .where("g.id", "=", id)
    .executeTakeFirst();

export const insertPledge = (db: Db, row: Insertable<DB["project_pledge"]>) =>
  db.insertInto("project_pledge").values(row).returning("id").executeTakeFirstOrThrow();

/** Adds a fulfilment to a pledge; false when it would exceed what was pledged or the pledge is not live. */
export const addFulfilled = async (db: Db, communityId: number, id: number, quantity: number) =>
  (
    await db
      .updateTable("project_pledge")
      .set((eb) => ({
        fulfilled: eb("fulfilled", "+", quantity),
        status: sql`case when fulfilled + ${quantity} >= quantity then 'fulfilled' else status end`,
        fulfilled_at: sql`case when fulfilled + ${quantity} >= quantity then now() else fulfilled_at end`,
      }))
      .where("community_id", "=", communityId)
      .where("id", "=", id)
      .where("status", "=", "pledged")
      .where(sql<boolean>`fulfilled + ${quantity} <= quantity`)
      .executeTakeFirst()
  ).numUpdatedRows > 0n;

export const cancelPledgeRow = async (db: Db, communityId: number, id: number) =>
  (
    await db
      .updateTable("project_pledge")
      .set({ status: "cancelled" })
      .where("community_id", "=", communityId)
      .where("id", "=", id)
      .where("status", "=", "pledged")
      .where("fulfilled", "=", 0)
      .executeTakeFirst()
  ).numUpdatedRows > 0n;

export const insertFulfilment = (db: Db, row: Insertable<DB["project_fulfilment"]>) =>
  db.insertInto("project_fulfilment").values(row).returning("id").executeTakeFirstOrThrow();

// ---- the account ----

/** The newest booking: the balance and totals after it. */
export const lastBooking = (db: Db, communityId: number, projectId: number) =>
  db
    .selectFrom("project_booking")
    .select(["seq", "balance_fen", "income_total_fen", "expense_total_fen"])
    .where("community_id", "=", communityId)
    .where("project_id", "=", projectId)
    .orderBy("seq", "desc")
    .limit(1)
    .executeTakeFirst();

export const bookingByKey = (db: Db, communityId: number, key: string) =>
  bookingsBase(db)
    .where("k.community_id", "=", communityId)
    .where("k.idempotency_key", "=", key)
    .executeTakeFirst();

export const insertBooking = (db: Db, row: Insertable<ProjectBookingTable>) =>
  db.insertInto("project_booking").values(row).returning("id").executeTakeFirstOrThrow();

function bookingsBase(db: Db) {
  return db
    .selectFrom("project_booking as k")
    .leftJoin("project_funding_source as s", tenantJoin("s", "k", "source_id"))
    .leftJoin("project_budget_line as l", tenantJoin("l", "k", "budget_line_id"))
    .leftJoin("project_booking as o", tenantJoin("o", "k", "corrects_id"))
    .selectAll("k")
    .select(["s.label as source_label", "l.name as line_name", "o.seq as corrects_seq"])
    .select((eb) =>
      eb
        .selectFrom("project_booking as c")
        .select("c.seq")
        .whereRef("c.community_id", "=", "k.community_id")
        .whereRef("c.corrects_id", "=", "k.id")
        .as("corrected_by_seq"),
    );
}

/** A booking of the project, or undefined. */
export const bookingOf = (db: Db, communityId: number, projectId: number, id: number) =>
  bookingsBase(db)
    .where("k.community_id", "=", communityId)
    .where("k.project_id", "=", projectId)
    .where("k.id", "=", id)
    .executeTakeFirst();

/** Takes back part of a money pledge's fulfilment (a reversed booking): it is open again. */
export const takeBackFulfilled = async (db: Db, communityId: number, id: number, quantity: number) =>
  (
    await db
      .updateTable("project_pledge")
      .set((eb) => ({ fulfilled: eb("fulfilled", "-", quantity), status: "pledged", fulfilled_at: null }))
      .where("community_id", "=", communityId)
      .where("id", "=", id)
      .where("fulfilled", ">=", quantity)
      .executeTakeFirst()
  ).numUpdatedRows > 0n;
export type BookingRow = NonNullable<Awaited<ReturnType<typeof bookingByKey>>>;

export const bookingById = (db: Db, communityId: number, id: number) =>
  bookingsBase(db).where("k.community_id", "=", communityId).where("k.id", "=", id).executeTakeFirstOrThrow();

/** A page of the account, newest first (the unique (community, project, seq) index serves it). */
export const accountPage = (
  db: Db,
  communityId: number,
  projectId: number,
  before: number | undefined,
  limit: number,
) => {
  let qb = bookingsBase(db).where("k.community_id", "=", communityId).where("k.project_id", "=", projectId);
  if (before != null) qb = qb.where("k.seq", "<", before);
  return qb.orderBy("k.seq", "desc").limit(limit).execute();
};

/** Every booking, oldest first (the export). */
export const allBookings = (db: Db, communityId: number, projectId: number) =>
  bookingsBase(db)
    .where("k.community_id", "=", communityId)
    .where("k.project_id", "=", projectId)
    .orderBy("k.seq")
    .limit(200_000)
    .execute();

export const fundingSourceIn = (db: Db, communityId: number, projectId: number, id: number) =>
  db
    .selectFrom("project_funding_source")
    .select(["id", "label", "kind"])
    .where("community_id", "=", communityId)
    .where("project_id", "=", projectId)
    .where("id", "=", id)
    .executeTakeFirst();

export const budgetLineIn = (db: Db, communityId: number, projectId: number, id: number) =>
  db
    .selectFrom("project_budget_line")
    .select(["id", "name"])
    .where("community_id", "=", communityId)
    .where("project_id", "=", projectId)
    .where("id", "=", id)
    .executeTakeFirst();

// ---- ratings ----

export const ratingsOf = (db: Db, communityId: number, projectId: number) =>
  db
    .selectFrom("project_rating")
    .select(["user_id", "rating", "comment", "rated_at"])
    .where("community_id", "=", communityId)
    .where("project_id", "=", projectId)
    .orderBy("rated_at", "desc")
    .execute();

export const upsertRating = (
  db: Db,
  row: {
    community_id: number;
    project_id: number;
    user_id: number;
    rating: RatingValue;
    comment: string | null;
  },
) =>
  db
    .insertInto("project_rating")
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(["community_id", "project_id", "user_id"])
        .doUpdateSet({ rating: row.rating, comment: row.comment, rated_at: new Date() }),
    )
    .execute();
