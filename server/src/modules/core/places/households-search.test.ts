// Issue 9, "the household list's search finds addresses": q matches the estate's name, the building,
// unit or room by their beginning, or the address written without spaces — so `绿洲一小区` finds the
// estate, `1栋` finds building 1 but not building 11, `1栋301` one home; within the caller's reach.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestApp,
  createUser,
  createWorld,
  grant,
  sessionCookie,
  type TestApp,
} from "../../../../test/test-app.ts";

let t: TestApp;
let w: Awaited<ReturnType<typeof createWorld>>;
let A: string;
let secretary: string;
let gridWorker: string;
/** The homes of 绿洲一小区: building 1 (grid 2) rooms 301 and 302, building 11 (grid 2) room 301. */
const oasis = { b1r301: 0, b1r302: 0, b11r301: 0 };

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t.db);
  A = `/api/communities/${w.a.id}`;
  const estate = await t.db
    .insertInto("estate")
    .values({ community_id: w.a.id, name: "绿洲一小区" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const home = async (building: string, room: string) => {
    let b = await t.db
      .selectFrom("building")
      .select("id")
      .where("community_id", "=", w.a.id)
      .where("estate_id", "=", estate.id)
      .where("name", "=", building)
      .executeTakeFirst();
    b ??= await t.db
      .insertInto("building")
      .values({ community_id: w.a.id, estate_id: estate.id, name: building, grid_id: w.a.grids[1]! })
      .returning("id")
      .executeTakeFirstOrThrow();
    const h = await t.db
      .insertInto("household")
      .values({ community_id: w.a.id, building_id: b.id, grid_id: w.a.grids[1]!, room, floor: 3 })
      .returning("id")
      .executeTakeFirstOrThrow();
    return h.id;
  };
  oasis.b1r301 = await home("1栋", "301");
  oasis.b1r302 = await home("1栋", "302");
  oasis.b11r301 = await home("11栋", "301");
  const sec = await createUser(t.db, "社区书记");
  await grant(t.db, sec.id, "community_secretary", "community", w.a.id);
  secretary = await sessionCookie(t, sec.id);
  const gw = await createUser(t.db, "一网格网格员");
  await grant(t.db, gw.id, "grid_worker", "grid", w.a.grids[0]!, w.a.id);
  gridWorker = await sessionCookie(t, gw.id);
});
afterAll(async () => {
  await t?.close();
});

async function search(q: string, cookie = secretary) {
  const res = await t.app.inject({
    method: "GET",
    url: `${A}/households?pageSize=200&q=${encodeURIComponent(q)}`,
    headers: { cookie },
  });
  expect(res.statusCode, res.body).toBe(200);
  const body = res.json();
  return { total: body.total as number, ids: (body.items as { id: number }[]).map((h) => h.id).sort() };
}

describe("GET /communities/:id/households?q= — the address search", () => {
  it("finds an estate by its name (q=绿洲一小区)", async () => {
    const r = await search("绿洲一小区");
    expect(r.ids).toEqual([oasis.b1r301, oasis.b1r302, oasis.b11r301].sort());
    expect(r.total).toBe(3);
    // part of the name too
    expect((await search("绿洲")).ids).toEqual(r.ids);
  });

  it("finds building 1 by 1栋 — in every estate, but not building 11", async () => {
    const r = await search("1栋");
    const worldB1 = w.a.households.filter((h) => h.buildingId === w.a.buildings[0]!.id).map((h) => h.id);
    expect(r.ids).toEqual([...worldB1, oasis.b1r301, oasis.b1r302].sort());
    expect(r.ids).not.toContain(oasis.b11r301);
  });

  it("narrows with more words, or the address written together", async () => {
    expect((await search("绿洲一小区 1栋")).ids).toEqual([oasis.b1r301, oasis.b1r302].sort());
    expect((await search("绿洲一小区1栋")).ids).toEqual([oasis.b1r301, oasis.b1r302].sort());
    expect((await search("绿洲一小区 1栋 301")).ids).toEqual([oasis.b1r301]);
    expect((await search("1栋301")).ids).toEqual([oasis.b1r301]);
    expect((await search("11栋")).ids).toEqual([oasis.b11r301]);
    // a room number alone still works as before (its beginning)
    expect((await search("30")).ids).toEqual([oasis.b1r301, oasis.b1r302, oasis.b11r301].sort());
    expect((await search("没有这个地方")).ids).toEqual([]);
    // LIKE's wildcards are taken literally
    expect((await search("%")).ids).toEqual([]);
    expect((await search("_栋")).ids).toEqual([]);
  });

  it("stays within the caller's reach (a grid worker of grid 1 does not find 绿洲一小区 in grid 2)", async () => {
    expect((await search("绿洲一小区", gridWorker)).ids).toEqual([]);
    const own = await search("1栋", gridWorker);
    expect(own.ids.length).toBeGreaterThan(0);
    expect(own.ids).not.toContain(oasis.b1r301);
  });
});
