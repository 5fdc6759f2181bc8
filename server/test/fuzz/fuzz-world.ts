// The fuzzer's world: createWorld's three communities (A and B in street A, C in street B), the actors
// of the authorization matrix, and one or two rows of every kind a route names by id, in A (the
// actors' own place) and in C (a place that is not theirs). Path parameters and id fields are drawn
// from these, so that fuzzed requests reach the handlers instead of stopping at "not found".
import { insertRequest } from "../../src/modules/voice/figures/figures.fixtures.ts";
import { newTrackingCode } from "../../src/modules/voice/opinions/opinions.service.ts";
import {
  createPendingResident,
  createResidentUser,
  createUser,
  createWorld,
  grant,
  sessionCookie,
  TEST_PASSWORD,
  type TestApp,
} from "../test-app.ts";

export const ACTOR_KEYS = [
  "anonymous",
  "resident",
  "gridWorker",
  "communitySecretary",
  "streetOfficial",
  "systemAdmin",
] as const;
export type ActorKey = (typeof ACTOR_KEYS)[number];

export interface FuzzActor {
  key: ActorKey;
  userId: number | null;
  cookie: string | null;
  /** The role this actor holds, restored before every route (a fuzzed DELETE may remove it). */
  role?: { id: number };
  residentId?: number;
}

export type FuzzWorld = Awaited<ReturnType<typeof createFuzzWorld>>;

export async function createFuzzWorld(t: TestApp) {
  const { db } = t;
  const w = await createWorld(db);
  const { a, c } = w;

  // rows the routes name, in A and in C — created before the actors, so that small ids (1, 2, …)
  // which the fuzzer tries as boundaries are these, not the actors' own roles
  const roleIn = async (communityId: number, gridId: number) =>
    (
      await db
        .insertInto("role_assignment")
        .values({
          user_id: (await createUser(db, "网格员")).id,
          role: "grid_worker",
          scope_type: "grid",
          scope_community_id: communityId,
          scope_id: gridId,
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  const roles = [await roleIn(a.id, a.grids[1]!), await roleIn(c.id, c.grids[0]!)];
  const pending = [await createPendingResident(db, a.id), await createPendingResident(db, c.id)];
  const grantee = await createUser(db, "受托人");

  const categoryIn = async (communityId: number) =>
    (
      await db
        .insertInto("request_category")
        .values({ community_id: communityId, code: "fuzz", name_zh: "测试", name_en: "Test" })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  const categories = [await categoryIn(a.id), await categoryIn(c.id)];

  const resident = await createResidentUser(db, a.id, a.households[0]!.id, "本户居民");
  const requestAt = async (
    communityId: number,
    place: { gridId: number; buildingId: number; householdId?: number },
    f: Partial<Parameters<typeof insertRequest>[1]> = {},
  ) => {
    const { id } = await insertRequest(db, {
      communityId,
      gridId: place.gridId,
      estateId: communityId === a.id ? a.estateId : c.estateId,
      buildingId: place.buildingId,
      ...f,
    });
    if (place.householdId)
      await db
        .updateTable("request")
        .set({ household_id: place.householdId })
        .where("community_id", "=", communityId)
        .where("id", "=", id)
        .execute();
    return id;
  };
  const home = { gridId: a.grids[0]!, buildingId: a.buildings[0]!.id, householdId: a.households[0]!.id };
  const aPlace = { gridId: a.grids[0]!, buildingId: a.buildings[0]!.id };
  const cPlace = { gridId: c.grids[0]!, buildingId: c.buildings[0]!.id };
  const requests = [
    await requestAt(a.id, home, { submitterUserId: resident.id }),
    await requestAt(a.id, aPlace, { kind: "wish" }),
    await requestAt(a.id, home, {
      submitterUserId: resident.id,
      status: "resolved",
      signedAt: new Date(),
      resolvedAt: new Date(),
      confirmDueAt: new Date(Date.now() + 7 * 86_400_000),
    }),
    await requestAt(c.id, cPlace),
    await requestAt(c.id, cPlace, { kind: "wish" }),
  ];
  // insertRequest files them under its "fixture" category: a category of each community too
  const fixtureCategories = await db
    .selectFrom("request_category")
    .select("id")
    .where("code", "=", "fixture")
    .orderBy("id")
    .execute();
  const photo = await db
    .insertInto("request_photo")
    .values({
      community_id: a.id,
      request_id: requests[0]!,
      stage: "submit",
      mime: "image/png",
      byte_size: 4,
      sha256: "0".repeat(64),
      bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47]),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const claimOf = async (communityId: number, requestId: number, userId: number) =>
    (
      await db
        .insertInto("request_claim")
        .values({
          community_id: communityId,
          request_id: requestId,
          claimant_user_id: userId,
          claimant_kind: "volunteer",
          promise_date: "2026-12-31",
          status: "active",
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  const claims = [
    await claimOf(a.id, requests[1]!, resident.id),
    await claimOf(c.id, requests[4]!, grantee.id),
  ];
  const resourceIn = async (communityId: number) =>
    (
      await db
        .insertInto("resource")
        .values({ community_id: communityId, kind: "skill", title: "义务理发" })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  const resources = [await resourceIn(a.id), await resourceIn(c.id)];
  const keyIn = async (communityId: number) =>
    (
      await db
        .insertInto("open311_api_key")
        .values({
          name: "测试客户端",
          key_hash: `fuzz-${communityId}-${Math.random()}`,
          key_prefix: "fuzz",
          scope_community_id: communityId,
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  const keys = [await keyIn(a.id), await keyIn(c.id)];
  const opinionIn = async (communityId: number, code: string) =>
    (
      await db
        .insertInto("opinion")
        .values({
          community_id: communityId,
          tracking_code: code,
          text: "建议增加休息座椅",
          feedback_due_at: new Date(Date.now() + 7 * 86_400_000),
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  const trackingCodes = [newTrackingCode(), newTrackingCode()];
  const opinions = [await opinionIn(a.id, trackingCodes[0]!), await opinionIn(c.id, trackingCodes[1]!)];
  const subjectIn = async (communityId: number) =>
    (
      await db
        .insertInto("rating_subject")
        .values({ community_id: communityId, kind: "space", name: "聚邻空间" })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  const subjects = [await subjectIn(a.id), await subjectIn(c.id)];
  const ratingIn = async (communityId: number, subjectId: number, residentId: number) =>
    (
      await db
        .insertInto("subject_rating")
        .values({ community_id: communityId, subject_id: subjectId, resident_id: residentId, rating: "poor" })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  const ratings = [
    await ratingIn(a.id, subjects[0]!, a.residents[1]!.id),
    await ratingIn(c.id, subjects[1]!, c.residents[0]!.id),
  ];
  const jobIn = async (communityId: number) =>
    (
      await db
        .insertInto("import_job")
        .values({
          community_id: communityId,
          kind: "residents",
          status: "succeeded",
          mode: "all_or_nothing",
          filename: "居民.csv",
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  const importJobs = [await jobIn(a.id), await jobIn(c.id)];

  // the actors of the authorization matrix (a subset): own place in A, other places in B and C
  const actors: FuzzActor[] = [
    { key: "anonymous", userId: null, cookie: null },
    {
      key: "resident",
      userId: resident.id,
      cookie: await sessionCookie(t, resident.id),
      residentId: resident.residentId,
    },
  ];
  const staff = async (
    key: ActorKey,
    role: Parameters<typeof grant>[2],
    scopeType: Parameters<typeof grant>[3],
    scopeId: number | null,
    scopeCommunityId: number | null = null,
  ) => {
    const u = await createUser(db, key);
    await grant(db, u.id, role, scopeType, scopeId, scopeCommunityId);
    const r = await db
      .selectFrom("role_assignment")
      .select("id")
      .where("user_id", "=", u.id)
      .executeTakeFirstOrThrow();
    actors.push({ key, userId: u.id, cookie: await sessionCookie(t, u.id), role: { id: r.id } });
  };
  await staff("gridWorker", "grid_worker", "grid", a.grids[0]!, a.id);
  await staff("communitySecretary", "community_secretary", "community", a.id);
  await staff("streetOfficial", "street_official", "street", w.streetA);
  await staff("systemAdmin", "system_admin", "global", null);

  const notificationOf = async (userId: number) =>
    (
      await db
        .insertInto("notification")
        .values({ user_id: userId, kind: "test", title_zh: "通知", title_en: "Note" })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  const notifications = [await notificationOf(resident.id), await notificationOf(grantee.id)];

  // Real values by property or parameter name: in A (the actors' own place), in C (another street's
  // community), and both mixed (so that an id of C meets a path in A: the tenant checks).
  const everywhere = {
    day: ["2026-12-26", "2031-05-01"],
    phone: [grantee.phone, resident.phone],
    password: [TEST_PASSWORD],
    categoryCode: ["fuzz", "fixture"],
    notificationId: notifications,
  };
  const placeOf = (com: typeof a, streetId: number, i: 0 | 1): Record<string, readonly unknown[]> => ({
    ...everywhere,
    communityId: [com.id],
    streetId: [streetId],
    gridId: com.grids,
    estateId: [com.estateId],
    buildingId: com.buildings.map((b) => b.id),
    unitId: com.buildings.map((b) => b.unitId),
    householdId: [com.households[0]!.id, com.households[2]!.id],
    residentId: [com.residents[0]!.id, pending[i]!],
    roleId: [roles[i]!],
    importId: [importJobs[i]!],
    categoryId: [categories[i]!, fixtureCategories[i]!.id],
    requestId: i === 0 ? requests.slice(0, 3) : requests.slice(3),
    intoId: i === 0 ? requests.slice(0, 3) : requests.slice(3),
    photoId: i === 0 ? [photo.id] : [],
    claimId: [claims[i]!],
    resourceId: [resources[i]!],
    keyId: [keys[i]!],
    opinionId: [opinions[i]!],
    trackingCode: [trackingCodes[i]!],
    subjectId: [subjects[i]!],
    ratingId: [ratings[i]!],
    orgId: [com.propertyOrgId],
    propertyOrgId: [com.propertyOrgId],
    parentId: [com.propertyOrgId],
    branchOrgId: [com.propertyOrgId],
    sourceOrgId: [com.propertyOrgId],
    scopeId: [com.id, com.grids[0]!, com.propertyOrgId],
    id: [com.id, com.grids[0]!, streetId],
  });
  const inA = placeOf(a, w.streetA, 0);
  const inC = placeOf(c, w.streetB, 1);
  const mixed = Object.fromEntries(
    Object.keys(inA).map((k) => [k, [...new Set([...inA[k]!, ...inC[k]!])]]),
  ) as Record<string, readonly unknown[]>;
  /** Pools of real values, and how often a case draws from each. */
  const places = [
    { name: "A", weight: 4, pools: inA },
    { name: "C", weight: 1, pools: inC },
    { name: "A+C", weight: 1, pools: mixed },
  ];

  /**
   * Puts back what a fuzzed call may have taken from an actor: a session (sign-out), a role (DELETE
   * …/roles/:id), the resident's verified residency (PATCH …/residents/:id). Runs between routes,
   * outside the windows in which the database is compared.
   */
  async function restoreActors(): Promise<void> {
    for (const actor of actors) {
      if (!actor.userId) continue;
      const me = await t.app.inject({ method: "GET", url: "/api/me", headers: { cookie: actor.cookie! } });
      if (me.statusCode === 401) actor.cookie = await sessionCookie(t, actor.userId);
      if (actor.role) {
        const held = await db
          .selectFrom("role_assignment")
          .select("id")
          .where("user_id", "=", actor.userId)
          .executeTakeFirst();
        if (!held) {
          const def = {
            gridWorker: ["grid_worker", "grid", a.grids[0]!, a.id],
            communitySecretary: ["community_secretary", "community", a.id, null],
            streetOfficial: ["street_official", "street", w.streetA, null],
            systemAdmin: ["system_admin", "global", null, null],
          }[actor.key as "gridWorker"] as [any, any, number | null, number | null];
          await grant(db, actor.userId, ...def);
        }
      }
      if (actor.residentId) {
        await db
          .updateTable("resident")
          .set({ status: "verified", household_id: a.households[0]!.id })
          .where("id", "=", actor.residentId)
          .where("status", "!=", "verified")
          .execute();
      }
    }
  }

  return { world: w, actors, places, restoreActors };
}
