// All SQL of the lotteries module (D8). Private to it: other modules call lotteries.service.ts.
import { type ExpressionBuilder, type Insertable, type Kysely, sql } from "kysely";
import type { ScopeIds } from "../../../db/place-scope.ts";
import type { DB } from "../../../db/schema.ts";
import { tenantJoin } from "../../../db/tenant-join.ts";
import type { LotteryApplicationTable, LotteryOutcome, LotteryTable } from "./lotteries.tables.ts";

type Db = Kysely<DB>;

const like = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export const communityNames = async (db: Db, ids: number[]) =>
  ids.length ? db.selectFrom("community").select(["id", "name"]).where("id", "in", ids).execute() : [];

function lotteryColumns(db: Db) {
  return db
    .selectFrom("lottery as l")
    .leftJoin("estate as e", tenantJoin("e", "l", "estate_id"))
    .leftJoin("building as b", tenantJoin("b", "l", "building_id"))
    .selectAll("l")
    .select(["e.name as estate_name", "b.name as building_name"])
    .select((eb) =>
      eb
        .selectFrom("lottery_application as a")
        .select(eb.fn.countAll<number>().as("n"))
        .whereRef("a.community_id", "=", "l.community_id")
        .whereRef("a.lottery_id", "=", "l.id")
        .as("application_count"),
    );
}
export type LotteryRow = Awaited<ReturnType<typeof findLottery>> & {};

export const findLottery = (db: Db, communityId: number, id: number) =>
  lotteryColumns(db).where("l.community_id", "=", communityId).where("l.id", "=", id).executeTakeFirst();

/** Restricts lotteries `l` to what a partial reach covers (a whole-community lottery needs the community). */
function lotteryInScope(eb: ExpressionBuilder<any, any>, scope: ScopeIds | null) {
  if (!scope) return eb.lit(true);
  const ors = [];
  if (scope.gridIds.length) ors.push(eb("l.grid_id", "in", scope.gridIds));
  if (scope.estateIds.length) ors.push(eb("l.estate_id", "in", scope.estateIds));
  if (scope.buildingIds.length) ors.push(eb("l.building_id", "in", scope.buildingIds));
  return ors.length ? eb.or(ors) : eb.lit(false);
}

export type LotteryState = "upcoming" | "open" | "closed" | "frozen" | "drawn";

export async function listLotteries(
  db: Db,
  communityId: number,
  scope: ScopeIds | null,
  f: { q?: string | undefined; state?: LotteryState | undefined; limit: number; offset: number },
  now: Date,
) {
  let query = lotteryColumns(db)
    .where("l.community_id", "=", communityId)
    .where((eb) => lotteryInScope(eb, scope));
  if (f.q) query = query.where("l.title", "ilike", like(f.q));
  if (f.state === "upcoming") query = query.where("l.opens_at", ">", now);
  if (f.state === "open") query = query.where("l.opens_at", "<=", now).where("l.closes_at", ">", now);
  if (f.state === "closed") query = query.where("l.closes_at", "<=", now).where("l.frozen_at", "is", null);
  if (f.state === "frozen")
    query = query.where("l.frozen_at", "is not", null).where("l.drawn_at", "is", null);
  if (f.state === "drawn") query = query.where("l.drawn_at", "is not", null);
  const [rows, total] = await Promise.all([
    query.orderBy("l.created_at", "desc").orderBy("l.id", "desc").limit(f.limit).offset(f.offset).execute(),
    query
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/** Lotteries of these communities still worth showing a resident: open, or closed within 90 days. */
export const recentLotteriesIn = (db: Db, communityIds: number[], since: Date) =>
  communityIds.length
    ? lotteryColumns(db)
        .where("l.community_id", "in", communityIds)
        .where("l.closes_at", ">", since)
        .orderBy("l.closes_at", "desc")
        .limit(100)
        .execute()
    : Promise.resolve([]);

export const insertLottery = (db: Db, row: Insertable<LotteryTable>) =>
  db.insertInto("lottery").values(row).returning("id").executeTakeFirstOrThrow();

/** The caller as an applicant of this lottery: a verified resident of its place (an owner if it asks). */
export function eligibleResident(
  db: Db,
  l: { community_id: number; estate_id: number | null; building_id: number | null; audience: string },
  userId: number,
) {
  let query = db
    .selectFrom("resident as r")
    .innerJoin("household as h", tenantJoin("h", "r", "household_id"))
    .innerJoin("building as b", tenantJoin("b", "h", "building_id"))
    .select(["r.id as resident_id", "h.id as household_id", "r.name", "b.name as building_name"])
    .where("r.community_id", "=", l.community_id)
    .where("r.status", "=", "verified")
    .where("r.user_id", "=", userId);
  if (l.building_id != null) query = query.where("h.building_id", "=", l.building_id);
  else if (l.estate_id != null) query = query.where("b.estate_id", "=", l.estate_id);
  if (l.audience === "owners") query = query.where("r.relation", "=", "owner");
  return query.orderBy("r.id").limit(1).executeTakeFirst();
}

export const insertApplication = (
  db: Db,
  row: Pick<
    LotteryApplicationTable,
    "community_id" | "lottery_id" | "applicant_key" | "resident_id" | "household_id"
  >,
) => db.insertInto("lottery_application").values(row).returning("id").executeTakeFirstOrThrow();

export const applicationByKey = (db: Db, communityId: number, lotteryId: number, key: string) =>
  db
    .selectFrom("lottery_application")
    .selectAll()
    .where("community_id", "=", communityId)
    .where("lottery_id", "=", lotteryId)
    .where("applicant_key", "=", key)
    .executeTakeFirst();

/** The caller's own application (as a resident of this community), if any. */
export const applicationOfUser = (db: Db, communityId: number, lotteryId: number, userId: number) =>
  db
    .selectFrom("lottery_application as a")
    .innerJoin("resident as r", tenantJoin("r", "a", "resident_id"))
    .selectAll("a")
    .where("a.community_id", "=", communityId)
    .where("a.lottery_id", "=", lotteryId)
    .where("r.user_id", "=", userId)
    .orderBy("a.id")
    .executeTakeFirst();

/** The caller's applications to these lotteries (one query for "my lotteries"). */
export const applicationsOfUser = (db: Db, communityIds: number[], lotteryIds: number[], userId: number) =>
  lotteryIds.length
    ? db
        .selectFrom("lottery_application as a")
        .innerJoin("resident as r", tenantJoin("r", "a", "resident_id"))
        .select(["a.community_id", "a.lottery_id", "a.outcome"])
        .where("a.community_id", "in", communityIds)
        .where("a.lottery_id", "in", lotteryIds)
        .where("r.user_id", "=", userId)
        .execute()
    : Promise.resolve([]);

/** Which of these lotteries the caller may apply to (verified resident of the place, owner if asked). */
export const lockLottery = (db: Db, communityId: number, id: number) =>
  db
    .selectFrom("lottery")
    .select(["id", "frozen_at", "drawn_at", "closes_at", "opens_at"])
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst();

/** Applications in arrival order with what the frozen list's label is made of. */
export const applicationsToFreeze = (db: Db, communityId: number, lotteryId: number) =>
  db
    .selectFrom("lottery_application as a")
    .innerJoin("resident as r", tenantJoin("r", "a", "resident_id"))
    .innerJoin("household as h", tenantJoin("h", "a", "household_id"))
    .innerJoin("building as b", tenantJoin("b", "h", "building_id"))
    .select(["a.id", "r.name", "b.name as building_name"])
    .where("a.community_id", "=", communityId)
    .where("a.lottery_id", "=", lotteryId)
    .orderBy("a.applied_at")
    .orderBy("a.id")
    .execute();

/** Numbers the applications and labels them in one statement (10,000 rows: one round trip). */
export async function setTickets(
  db: Db,
  communityId: number,
  lotteryId: number,
  rows: { id: number; ticket: number; label: string }[],
) {
  if (!rows.length) return;
  await sql`
    update lottery_application a set ticket = v.ticket, label = v.label
    from unnest(${rows.map((r) => r.id)}::bigint[], ${rows.map((r) => r.ticket)}::int[],
                ${rows.map((r) => r.label)}::text[]) as v(id, ticket, label)
    where a.community_id = ${communityId} and a.lottery_id = ${lotteryId} and a.id = v.id`.execute(db);
}

export const markFrozen = (db: Db, communityId: number, id: number, listHash: string, applicants: number) =>
  db
    .updateTable("lottery")
    .set({ frozen_at: new Date(), list_hash: listHash, applicants, updated_at: new Date() })
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .where("frozen_at", "is", null)
    .returning("id")
    .executeTakeFirst();

/** The frozen list in ticket order. */
export const frozenList = (db: Db, communityId: number, lotteryId: number) =>
  db
    .selectFrom("lottery_application")
    .select(["id", "ticket", "label", "outcome", "item", "draw_position", "declined_at", "passed_to"])
    .where("community_id", "=", communityId)
    .where("lottery_id", "=", lotteryId)
    .where("ticket", "is not", null)
    .orderBy("ticket")
    .execute();

/** Claims the draw: only one caller ever gets the row back (drawn_at was null). */
export const markDrawn = (
  db: Db,
  communityId: number,
  id: number,
  set: { secret: string; public_input: string; drawn_by: number },
) =>
  db
    .updateTable("lottery")
    .set({ ...set, drawn_at: new Date(), updated_at: new Date() })
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .where("drawn_at", "is", null)
    .where("frozen_at", "is not", null)
    .returning("id")
    .executeTakeFirst();

export async function setDrawResults(
  db: Db,
  communityId: number,
  lotteryId: number,
  rows: { ticket: number; position: number; outcome: LotteryOutcome; item: string | null }[],
) {
  if (!rows.length) return;
  await sql`
    update lottery_application a
    set draw_position = v.position, outcome = v.outcome, item = v.item
    from unnest(${rows.map((r) => r.ticket)}::int[], ${rows.map((r) => r.position)}::int[],
                ${rows.map((r) => r.outcome)}::text[], ${rows.map((r) => r.item)}::text[])
      as v(ticket, position, outcome, item)
    where a.community_id = ${communityId} and a.lottery_id = ${lotteryId} and a.ticket = v.ticket`.execute(
    db,
  );
}

export const setNotice = (db: Db, communityId: number, id: number, noticeId: number) =>
  db
    .updateTable("lottery")
    .set({ notice_id: noticeId })
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .execute();

export async function applicationsPage(
  db: Db,
  communityId: number,
  lotteryId: number,
  f: { q?: string | undefined; outcome?: string | undefined; limit: number; offset: number },
) {
  let query = db
    .selectFrom("lottery_application as a")
    .innerJoin("resident as r", tenantJoin("r", "a", "resident_id"))
    .innerJoin("household as h", tenantJoin("h", "a", "household_id"))
    .innerJoin("building as b", tenantJoin("b", "h", "building_id"))
    .leftJoin("unit as u", tenantJoin("u", "h", "unit_id"))
    .where("a.community_id", "=", communityId)
    .where("a.lottery_id", "=", lotteryId);
  if (f.q) {
    const pattern = like(f.q);
    query = query.where((eb) =>
      eb.or([eb("r.name", "like", pattern), eb("b.name", "like", pattern), eb("h.room", "like", pattern)]),
    );
  }
  if (f.outcome === "applied") query = query.where("a.outcome", "is", null);
  else if (f.outcome) query = query.where("a.outcome", "=", f.outcome as LotteryOutcome);
  const [rows, total] = await Promise.all([
    query
      .selectAll("a")
      .select(["r.name", "r.phone", "h.room", "b.name as building_name", "u.name as unit_name"])
      .orderBy(sql`coalesce(a.draw_position, 2147483647)`)
      .orderBy("a.id")
      .limit(f.limit)
      .offset(f.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export const applicationById = (db: Db, communityId: number, lotteryId: number, id: number) =>
  db
    .selectFrom("lottery_application")
    .selectAll()
    .where("community_id", "=", communityId)
    .where("lottery_id", "=", lotteryId)
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst();

/** The first of the waiting list, locked for the change. */
export const firstWaiting = (db: Db, communityId: number, lotteryId: number) =>
  db
    .selectFrom("lottery_application")
    .selectAll()
    .where("community_id", "=", communityId)
    .where("lottery_id", "=", lotteryId)
    .where("outcome", "=", "waiting")
    .orderBy("draw_position")
    .limit(1)
    .forUpdate()
    .executeTakeFirst();

export const markDeclined = (
  db: Db,
  communityId: number,
  id: number,
  set: { declined_by: number; decline_reason: string; passed_to: number | null },
) =>
  db
    .updateTable("lottery_application")
    .set({ ...set, outcome: "declined", declined_at: new Date() })
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .where("outcome", "=", "won")
    .returning("id")
    .executeTakeFirst();

export const markWon = (db: Db, communityId: number, id: number, item: string | null) =>
  db
    .updateTable("lottery_application")
    .set({ outcome: "won", item })
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .execute();

/** The sign-in accounts of these applications (to tell them the result). */
export const userIdsOfApplications = async (db: Db, communityId: number, ids: number[]) =>
  ids.length
    ? (
        await db
          .selectFrom("lottery_application as a")
          .innerJoin("resident as r", tenantJoin("r", "a", "resident_id"))
          .select("r.user_id")
          .where("a.community_id", "=", communityId)
          .where("a.id", "in", ids)
          .where("r.user_id", "is not", null)
          .execute()
      ).map((r) => r.user_id!)
    : [];

/** Ends the application window now (only while it is open). */
export const closeNow = (db: Db, communityId: number, id: number, now: Date) =>
  db
    .updateTable("lottery")
    .set({ closes_at: now, updated_at: now })
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .where("opens_at", "<", now)
    .where("closes_at", ">", now)
    .where("frozen_at", "is", null)
    .returning("id")
    .executeTakeFirst();

/**
 * Claims the draw notices of a lottery's applications not yet told (stamps draw_notified_at) and returns
 * them with the applicant's account: in the transaction of the notifications, so each is told once.
 */
export const claimDrawNotices = async (db: Db, communityId: number, lotteryId: number) =>
  (
    await sql<{
      id: number;
      ticket: number | null;
      draw_position: number | null;
      outcome: LotteryOutcome | null;
      item: string | null;
      user_id: number | null;
    }>`
      update lottery_application a set draw_notified_at = now()
      where a.community_id = ${communityId} and a.lottery_id = ${lotteryId} and a.draw_notified_at is null
      returning a.id, a.ticket, a.draw_position, a.outcome, a.item,
        (select r.user_id from resident r where r.community_id = a.community_id and r.id = a.resident_id) as user_id`.execute(
      db,
    )
  ).rows;

/** Claims the "the place passed to you" notice of the application holding `ticket` (once). */
export const claimPassedNotice = async (db: Db, communityId: number, lotteryId: number, ticket: number) =>
  (
    await sql<{
      id: number;
      ticket: number;
      item: string | null;
      outcome: LotteryOutcome | null;
      user_id: number | null;
    }>`
      update lottery_application a set passed_notified_at = now()
      where a.community_id = ${communityId} and a.lottery_id = ${lotteryId} and a.ticket = ${ticket}
        and a.passed_notified_at is null
      returning a.id, a.ticket, a.item, a.outcome,
        (select r.user_id from resident r where r.community_id = a.community_id and r.id = a.resident_id) as user_id`.execute(
      db,
    )
  ).rows[0];

/** Every application of a lottery with its resident and outcome, for a module that allocates by it. */
export const outcomesOf = (db: Db, communityId: number, lotteryId: number) =>
  db
    .selectFrom("lottery_application")
    .select(["id", "resident_id", "household_id", "applied_at", "draw_position", "outcome"])
    .where("community_id", "=", communityId)
    .where("lottery_id", "=", lotteryId)
    .orderBy(sql`coalesce(draw_position, 2147483647)`)
    .orderBy("id")
    .execute();
