// Places: the tree as far as the caller reaches, building moves between grids (and the households'
// denormalised grid_id), creation and audit. Through the real API on a real database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestApp,
  createUser,
  createWorld,
  grant,
  isBilingualError,
  sessionCookie,
  type TestApp,
} from "../../../../test/test-app.ts";

type World = Awaited<ReturnType<typeof createWorld>>;

let t: TestApp;
let w: World;
let A: string;
const cookies: Record<"grid1" | "grid2" | "building" | "property" | "community", string> = {} as any;
let communityWorkerId: number;

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t.db);
  A = `/api/communities/${w.a.id}`;
  const as = async (
    key: keyof typeof cookies,
    ...g: Parameters<typeof grant> extends [any, any, ...infer R] ? R : never
  ) => {
    const u = await createUser(t.db, key);
    await grant(t.db, u.id, ...g);
    cookies[key] = await sessionCookie(t, u.id);
    return u.id;
  };
  await as("grid1", "grid_worker", "grid", w.a.grids[0]!, w.a.id);
  await as("grid2", "grid_worker", "grid", w.a.grids[1]!, w.a.id);
  await as("building", "building_head", "building", w.a.buildings[0]!.id, w.a.id);
  await as("property", "property_staff", "organisation", w.a.propertyOrgId);
  communityWorkerId = await as("community", "community_worker", "community", w.a.id);
});
afterAll(async () => {
  await t?.close();
});

function call(method: "GET" | "POST" | "PATCH", url: string, cookie: string | null, payload?: object) {
  return t.app.inject({ method, url, payload, headers: cookie ? { cookie } : {} });
}

const buildingIds = (tree: any) => tree.estates.flatMap((e: any) => e.buildings.map((b: any) => b.id)).sort();

async function householdsOf(buildingId: number) {
  return t.db
    .selectFrom("household")
    .select(["id", "grid_id"])
    .where("community_id", "=", w.a.id)
    .where("building_id", "=", buildingId)
    .orderBy("id")
    .execute();
}

describe("the place tree", () => {
  it("shows a grid worker only the buildings (and the grid) of their own grid", async () => {
    const res = await call("GET", `${A}/tree`, cookies.grid1);
    expect(res.statusCode, res.body).toBe(200);
    const tree = res.json();
    expect(buildingIds(tree)).toEqual([w.a.buildings[0]!.id]);
    expect(tree.grids.map((g: any) => g.id)).toEqual([w.a.grids[0]]);
    expect(tree.community).toMatchObject({
      id: w.a.id,
      name: "东龙社区",
      streetName: "甲街道",
      districtName: "测试区",
    });
    const [building] = tree.estates[0].buildings;
    expect(building).toMatchObject({
      gridId: w.a.grids[0],
      householdCount: 2,
      units: [{ id: w.a.buildings[0]!.unitId }],
    });
  });

  it("shows community staff every building; a building head and property staff their part", async () => {
    const all = (await call("GET", `${A}/tree`, cookies.community)).json();
    expect(buildingIds(all)).toEqual(w.a.buildings.map((b) => b.id).sort());
    expect(all.grids).toHaveLength(2);
    expect((await call("GET", `${A}/tree`, cookies.building)).json().estates[0].buildings).toHaveLength(1);
    expect(buildingIds((await call("GET", `${A}/tree`, cookies.property)).json())).toEqual(
      w.a.buildings.map((b) => b.id).sort(),
    );
  });

  it("refuses the tree of another community", async () => {
    const res = await call("GET", `/api/communities/${w.b.id}/tree`, cookies.grid1);
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe("OUT_OF_SCOPE");
  });
});

describe("moving a building to another grid", () => {
  it("moves its households' grid_id, changes who reaches them, and audits before/after", async () => {
    // a building of its own in grid 1, with two households, so the other tests keep their world
    const created = await call("POST", `${A}/buildings`, cookies.community, {
      estateId: w.a.estateId,
      gridId: w.a.grids[0],
      name: "搬迁楼",
      floors: 5,
    });
    expect(created.statusCode, created.body).toBe(200);
    const buildingId = created.json().id as number;
    for (const room of ["201", "202"]) {
      const h = await call("POST", `${A}/households`, cookies.community, {
        buildingId,
        room,
        floor: 2,
        areaM2: 75.5,
      });
      expect(h.statusCode, h.body).toBe(200);
    }
    const before = await householdsOf(buildingId);
    expect(before.map((h) => h.grid_id)).toEqual([w.a.grids[0], w.a.grids[0]]);
    const householdId = before[0]!.id;
    expect((await call("GET", `${A}/households/${householdId}`, cookies.grid1)).statusCode).toBe(200);
    expect((await call("GET", `${A}/households/${householdId}`, cookies.grid2)).statusCode).toBe(403);

    const moved = await call("PATCH", `${A}/buildings/${buildingId}`, cookies.community, {
      gridId: w.a.grids[1],
    });
    expect(moved.statusCode, moved.body).toBe(200);

    expect((await householdsOf(buildingId)).map((h) => h.grid_id)).toEqual([w.a.grids[1], w.a.grids[1]]);
    expect((await call("GET", `${A}/households/${householdId}`, cookies.grid1)).statusCode).toBe(403);
    expect((await call("GET", `${A}/households/${householdId}`, cookies.grid2)).statusCode).toBe(200);
    const list1 = (await call("GET", `${A}/households?pageSize=200`, cookies.grid1)).json();
    expect(list1.items.map((h: any) => h.id)).not.toContain(householdId);
    const list2 = (await call("GET", `${A}/households?pageSize=200`, cookies.grid2)).json();
    expect(list2.items.map((h: any) => h.id)).toContain(householdId);
    expect(buildingIds((await call("GET", `${A}/tree`, cookies.grid2)).json())).toContain(buildingId);
    expect(buildingIds((await call("GET", `${A}/tree`, cookies.grid1)).json())).not.toContain(buildingId);

    const audit = await t.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "building.update")
      .where("target_id", "=", String(buildingId))
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({
      actor_user_id: communityWorkerId,
      actor_role: "community_worker",
      scope_community_id: w.a.id,
      target_type: "building",
      before: expect.objectContaining({ grid_id: w.a.grids[0], name: "搬迁楼" }),
      after: { gridId: w.a.grids[1] },
    });

    // and out of every grid
    expect(
      (await call("PATCH", `${A}/buildings/${buildingId}`, cookies.community, { gridId: null })).statusCode,
    ).toBe(200);
    expect((await householdsOf(buildingId)).map((h) => h.grid_id)).toEqual([null, null]);
    expect((await call("GET", `${A}/households/${householdId}`, cookies.grid2)).statusCode).toBe(403);
  });

  it("renaming leaves the grid alone", async () => {
    const b = w.a.buildings[1]!;
    const res = await call("PATCH", `${A}/buildings/${b.id}`, cookies.community, { name: "2栋（东）" });
    expect(res.statusCode).toBe(200);
    expect((await householdsOf(b.id)).map((h) => h.grid_id)).toEqual([b.gridId, b.gridId]);
  });

  it("refuses a grid of another community, and grid workers may not move buildings", async () => {
    const b = w.a.buildings[0]!;
    const foreign = await call("PATCH", `${A}/buildings/${b.id}`, cookies.community, {
      gridId: w.c.grids[0],
    });
    expect(foreign.statusCode).toBe(404);
    expect(isBilingualError(foreign.json())).toBe(true);
    const byGridWorker = await call("PATCH", `${A}/buildings/${b.id}`, cookies.grid1, {
      gridId: w.a.grids[1],
    });
    expect(byGridWorker.statusCode).toBe(403);
    expect((await householdsOf(b.id)).map((h) => h.grid_id)).toEqual([b.gridId, b.gridId]);
  });
});

describe("creating places", () => {
  it("creates a grid, an estate, a building, a unit and a household, each audited", async () => {
    const grid = await call("POST", `${A}/grids`, cookies.community, { name: "第三网格" });
    expect(grid.statusCode, grid.body).toBe(200);
    const estate = await call("POST", `${A}/estates`, cookies.community, {
      name: "新苑",
      propertyOrgId: w.a.propertyOrgId,
    });
    expect(estate.statusCode, estate.body).toBe(200);
    const building = await call("POST", `${A}/buildings`, cookies.community, {
      estateId: estate.json().id,
      gridId: grid.json().id,
      name: "新苑1栋",
    });
    expect(building.statusCode, building.body).toBe(200);
    const unit = await call("POST", `${A}/units`, cookies.community, {
      buildingId: building.json().id,
      name: "1单元",
    });
    expect(unit.statusCode, unit.body).toBe(200);
    const household = await call("POST", `${A}/households`, cookies.community, {
      buildingId: building.json().id,
      unitId: unit.json().id,
      room: "301",
      floor: 3,
      areaM2: 96.4,
    });
    expect(household.statusCode, household.body).toBe(200);

    // the household takes the building's grid
    const page = (await call("GET", `${A}/households/${household.json().id}`, cookies.community)).json();
    expect(page).toMatchObject({
      gridId: grid.json().id,
      gridName: "第三网格",
      address: "新苑 新苑1栋 1单元 301",
      areaM2: 96.4,
      floor: 3,
      members: [],
    });

    const made: [string, number][] = [
      ["grid.create", grid.json().id],
      ["estate.create", estate.json().id],
      ["building.create", building.json().id],
      ["unit.create", unit.json().id],
      ["household.create", household.json().id],
    ];
    const actions = [];
    for (const [action, id] of made) {
      const rows = await t.db
        .selectFrom("audit_log")
        .select(["action", "actor_role", "after"])
        .where("scope_community_id", "=", w.a.id)
        .where("action", "=", action)
        .where("target_id", "=", String(id))
        .execute();
      expect(rows, action).toHaveLength(1);
      expect(rows[0]!.actor_role).toBe("community_worker");
      actions.push(rows[0]!);
    }
    expect(actions.find((a) => a.action === "household.create")!.after).toMatchObject({
      room: "301",
      areaM2: 96.4,
    });
  });

  it("refuses a duplicate name in the same community with 409", async () => {
    const res = await call("POST", `${A}/grids`, cookies.community, { name: "第一网格" });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe("CONFLICT");
    // the same name in another community is fine: names are unique per community
    const admin = await createUser(t.db, "管理员");
    await grant(t.db, admin.id, "system_admin", "global", null);
    const other = await call("POST", `/api/communities/${w.b.id}/grids`, await sessionCookie(t, admin.id), {
      name: "第三网格",
    });
    expect(other.statusCode, other.body).toBe(200);
  });

  it("records a household correction with before and after", async () => {
    const h = w.a.households[3]!;
    const res = await call("PATCH", `${A}/households/${h.id}`, cookies.grid2, { floor: 4, areaM2: 90.25 });
    expect(res.statusCode, res.body).toBe(200);
    const audit = await t.db
      .selectFrom("audit_log")
      .select(["before", "after", "actor_role"])
      .where("action", "=", "household.update")
      .where("target_id", "=", String(h.id))
      .executeTakeFirstOrThrow();
    expect(audit.actor_role).toBe("grid_worker");
    expect(audit.before).toMatchObject({ floor: 1 });
    expect(Number((audit.before as any).areaM2)).toBe(88.5);
    expect(audit.after).toEqual({ floor: 4, areaM2: 90.25 });
    const page = (await call("GET", `${A}/households/${h.id}`, cookies.grid2)).json();
    expect(page).toMatchObject({ floor: 4, areaM2: 90.25 });
  });
});

describe("households list and divisions", () => {
  it("pages and filters the households a caller reaches", async () => {
    const first = (await call("GET", `${A}/households?pageSize=1&page=1`, cookies.grid1)).json();
    const second = (await call("GET", `${A}/households?pageSize=1&page=2`, cookies.grid1)).json();
    expect(first.total).toBe(second.total);
    expect(first.items).toHaveLength(1);
    expect(first.items[0].id).not.toBe(second.items[0].id);
    for (const item of [...first.items, ...second.items]) expect(item.gridId).toBe(w.a.grids[0]);
    const byRoom = (await call("GET", `${A}/households?q=102`, cookies.community)).json();
    expect(byRoom.items.map((h: any) => h.room)).toEqual(["102", "102"]);
  });

  it("lists divisions publicly: district → streets → communities, names only", async () => {
    const res = await call("GET", "/api/places/divisions", null);
    expect(res.statusCode).toBe(200);
    const district = res.json().find((d: any) => d.id === w.districtId);
    expect(district.streets.map((s: any) => s.name)).toEqual(["甲街道", "乙街道"]);
    expect(district.streets[0].communities.map((c: any) => c.name)).toEqual(["东龙社区", "西城社区"]);
    expect(Object.keys(district.streets[0].communities[0]).sort()).toEqual(["code", "id", "kind", "name"]);
  });
});
