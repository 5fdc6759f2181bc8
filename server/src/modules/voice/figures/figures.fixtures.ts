// Request rows written straight into the table, in any state and at any time, for the tests of the
// deadline sweep, the overdue lists and the figures rollup (the API would only make "now" requests).
import { type Kysely, sql } from "kysely";
import type { DB, Rating, RequestKind, RequestStatus, RouteTo } from "../../../db/schema.ts";
import { markStatsDirty } from "./figures.queries.ts";

/** A request category "fixture" in the community (made once per database and community). */
export async function fixtureCategory(db: Kysely<DB>, communityId: number): Promise<number> {
  const row = await db
    .insertInto("request_category")
    .values({ community_id: communityId, code: "fixture", name_zh: "测试类别", name_en: "Fixture" })
    .onConflict((oc) => oc.columns(["community_id", "code"]).doUpdateSet({ name_en: "Fixture" }))
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface RequestFixture {
  communityId: number;
  gridId?: number | null;
  estateId?: number | null;
  buildingId?: number | null;
  kind?: RequestKind;
  status?: RequestStatus;
  title?: string;
  createdAt?: Date;
  signDueAt?: Date;
  solveDueAt?: Date;
  signedAt?: Date | null;
  signedBy?: number | null;
  resolvedAt?: Date | null;
  confirmDueAt?: Date | null;
  closedAt?: Date | null;
  closeReason?: "rated" | "not_rated" | "merged" | null;
  rating?: Rating | null;
  routeTo?: RouteTo | null;
  routeOrgId?: number | null;
  submitterUserId?: number | null;
  /** Published by its submitter (default false, as the column) */
  isPublic?: boolean;
  /** Mark the rollup key dirty, as the requests module does on every change (default true). */
  markDirty?: boolean;
}

const HOUR = 3_600_000;

/** Inserts one request; unspecified deadlines are 1 day (sign) and 5 days (solve) after creation. */
export async function insertRequest(
  db: Kysely<DB>,
  f: RequestFixture,
): Promise<{ id: number; createdAt: Date }> {
  const createdAt = f.createdAt ?? new Date();
  const categoryId = await fixtureCategory(db, f.communityId);
  const row = await db
    .insertInto("request")
    .values({
      community_id: f.communityId,
      kind: f.kind ?? "problem",
      category_id: categoryId,
      title: f.title ?? "楼道灯不亮",
      status: f.status ?? "submitted",
      channel: "app",
      submitter_user_id: f.submitterUserId ?? null,
      is_public: f.isPublic ?? false,
      grid_id: f.gridId ?? null,
      estate_id: f.estateId ?? null,
      building_id: f.buildingId ?? null,
      route_to: f.routeTo ?? null,
      route_org_id: f.routeOrgId ?? null,
      signed_at: f.signedAt ?? null,
      signed_by: f.signedBy ?? null,
      sign_due_at: f.signDueAt ?? new Date(createdAt.getTime() + 24 * HOUR),
      solve_due_at: f.solveDueAt ?? new Date(createdAt.getTime() + 5 * 24 * HOUR),
      resolved_at: f.resolvedAt ?? null,
      confirm_due_at: f.confirmDueAt ?? null,
      closed_at: f.closedAt ?? null,
      close_reason: f.closeReason ?? null,
      rating: f.rating ?? null,
      rated_at: f.rating ? (f.closedAt ?? f.resolvedAt ?? createdAt) : null,
      created_at: createdAt,
      updated_at: createdAt,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (f.markDirty !== false)
    await markStatsDirty(db, { communityId: f.communityId, gridId: f.gridId ?? null, createdAt });
  return { id: Number(row.id), createdAt };
}

/** Changes a request's columns directly and marks its rollup key dirty. */
export async function updateRequest(
  db: Kysely<DB>,
  communityId: number,
  id: number,
  set: Partial<{
    status: RequestStatus;
    signed_at: Date | null;
    resolved_at: Date | null;
    rating: Rating | null;
    close_reason: "rated" | "not_rated" | "merged" | null;
    kind: RequestKind;
  }>,
): Promise<void> {
  const row = await db
    .updateTable("request")
    .set({ ...set, updated_at: sql<Date>`now()` })
    .where("community_id", "=", communityId)
    .where("id", "=", id)
    .returning(["grid_id", "created_at"])
    .executeTakeFirstOrThrow();
  await markStatsDirty(db, { communityId, gridId: row.grid_id, createdAt: row.created_at });
}
