// All SQL of matching (T4). Private to the module. Needs are read through requests' published view.
import { type Kysely, sql } from "kysely";
import type { DB } from "../../../db/schema.ts";
import { requestView } from "../../voice/requests/requests.service.ts";

type Db = Kysely<DB>;

export const availabilityOf = (db: Db, communityId: number, userIds: number[]) =>
  userIds.length
    ? db
        .selectFrom("vol_availability")
        .selectAll()
        .where("community_id", "=", communityId)
        .where("user_id", "in", userIds)
        .execute()
    : Promise.resolve([]);

export const saveAvailability = (
  db: Db,
  v: { community_id: number; user_id: number; weekdays: string; bands: string; skills: string },
) =>
  db
    .insertInto("vol_availability")
    .values(v)
    .onConflict((oc) =>
      oc.columns(["community_id", "user_id"]).doUpdateSet({
        weekdays: v.weekdays,
        bands: v.bands,
        skills: v.skills,
        updated_at: new Date(),
      }),
    )
    .execute();

/** Needs (requests of kind need) still open, newest first; or one of them. */
export const needsOf = (db: Db, communityId: number, requestId?: number) => {
  let qb = requestView(db)
    .where("r.community_id", "=", communityId)
    .where("r.kind", "=", "need")
    .where("r.status", "in", ["submitted", "signed"]);
  if (requestId != null) qb = qb.where("r.id", "=", requestId);
  return qb.orderBy("r.created_at", "desc").orderBy("r.id", "desc").limit(100).execute();
};

export const assignmentsOfNeeds = (db: Db, communityId: number, requestIds: number[]) =>
  requestIds.length
    ? db
        .selectFrom("vol_need_assignment as n")
        .innerJoin("app_user as u", "u.id", "n.user_id")
        .select(["n.id", "n.request_id", "n.user_id", "n.status", "u.name"])
        .where("n.community_id", "=", communityId)
        .where("n.request_id", "in", requestIds)
        .orderBy("n.id")
        .execute()
    : Promise.resolve([]);

export const insertNeedAssignment = (
  db: Db,
  v: { community_id: number; request_id: number; user_id: number; reasons: string; assigned_by: number },
) =>
  db
    .insertInto("vol_need_assignment")
    .values(v)
    .onConflict((oc) =>
      oc.columns(["community_id", "request_id"]).where("status", "<>", sql.lit("declined")).doNothing(),
    )
    .returning("id")
    .executeTakeFirst();

export const needAssignmentById = (db: Db, communityId: number, id: number) =>
  db
    .selectFrom("vol_need_assignment")
    .selectAll()
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .executeTakeFirst();

export const answerNeedAssignment = (db: Db, communityId: number, id: number, accept: boolean) =>
  db
    .updateTable("vol_need_assignment")
    .set({ status: accept ? "accepted" : "declined", answered_at: new Date() })
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .where("status", "=", "assigned")
    .returning(["id", "request_id", "assigned_by"])
    .executeTakeFirst();

export const myNeedAssignments = (db: Db, userId: number) =>
  db
    .selectFrom("vol_need_assignment")
    .selectAll()
    .where("user_id", "=", userId)
    .orderBy("id", "desc")
    .limit(50)
    .execute();

/** Needs by (community, id), through requests' view. */
export const needsByIds = (db: Db, keys: { communityId: number; id: number }[]) =>
  keys.length
    ? requestView(db)
        .where(({ eb, or, and }) =>
          or(keys.map((k) => and([eb("r.community_id", "=", k.communityId), eb("r.id", "=", k.id)]))),
        )
        .execute()
    : Promise.resolve([]);

/** Where each person lives in the community (verified residents): building, estate and grid. */
export const homesOf = (db: Db, communityId: number, userIds: number[]) =>
  userIds.length
    ? db
        .selectFrom("resident as p")
        .innerJoin("household as h", (j) =>
          j.onRef("h.community_id", "=", "p.community_id").onRef("h.id", "=", "p.household_id"),
        )
        .innerJoin("building as b", (j) =>
          j.onRef("b.community_id", "=", "h.community_id").onRef("b.id", "=", "h.building_id"),
        )
        .select(["p.user_id", "h.building_id", "b.estate_id", "h.grid_id"])
        .where("p.community_id", "=", communityId)
        .where("p.user_id", "in", userIds)
        .where("p.status", "=", "verified")
        .execute()
    : Promise.resolve([]);
