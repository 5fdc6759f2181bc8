// What the pages offer to choose from: the buildings a resident may report at (V1), the
// organisations a grid worker may route to (V2), and the deadlines on a resident's own list (V4).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createPendingResident,
  createResidentUser,
  createTestApp,
  createUser,
  isBilingualError,
  sessionCookie,
  type TestApp,
} from "../../../../test/test-app.ts";
import { api, submit, type VoiceWorld, voiceWorld } from "./requests.fixtures.ts";

let t: TestApp;
let v: VoiceWorld;
let A: string;

beforeAll(async () => {
  t = await createTestApp();
  v = await voiceWorld(t);
  A = v.A;
});
afterAll(async () => {
  await t?.close();
});

describe("GET /communities/:id/building-choices", () => {
  it("gives a verified resident every building of the community, by estate, ids and names only", async () => {
    // a second estate with buildings named so that text order and natural order differ
    const e2 = await t.db
      .insertInto("estate")
      .values({ community_id: v.a.id, name: "东龙二期", property_org_id: null })
      .returning("id")
      .executeTakeFirstOrThrow();
    const added = [];
    for (const name of ["10栋", "2栋"])
      added.push(
        (
          await t.db
            .insertInto("building")
            .values({ community_id: v.a.id, estate_id: e2.id, grid_id: null, name })
            .returning("id")
            .executeTakeFirstOrThrow()
        ).id,
      );
    const res = await api(t, "GET", `${A}/building-choices`, v.r0.cookie);
    expect(res.statusCode, res.body).toBe(200);
    const { estates } = res.json();
    // estates in registration order; buildings by number, not by text
    expect(estates.map((e: any) => e.name)).toEqual(["东龙社区花园", "东龙二期"]);
    expect(estates[1].buildings.map((b: any) => b.name)).toEqual(["2栋", "10栋"]);
    const all = estates.flatMap((e: any) => e.buildings.map((b: any) => b.id)).sort();
    expect(all).toEqual([...v.a.buildings.map((b) => b.id), ...added].sort());
    // nothing but ids and names: no households, rooms or people
    for (const e of estates) {
      expect(Object.keys(e).sort()).toEqual(["buildings", "id", "name"]);
      for (const b of e.buildings) expect(Object.keys(b).sort()).toEqual(["id", "name"]);
    }
    // none of another community's buildings
    for (const b of v.w.b.buildings) expect(all).not.toContain(b.id);
  });

  it("refuses a resident of another community, an unverified resident and an anonymous caller", async () => {
    const ofB = await createResidentUser(t.db, v.w.b.id, v.w.b.households[0]!.id, "西城居民");
    const other = await api(t, "GET", `${A}/building-choices`, await sessionCookie(t, ofB.id));
    expect(other.statusCode).toBe(403);
    expect(isBilingualError(other.json())).toBe(true);
    // … who does get their own community's buildings
    const own = await api(
      t,
      "GET",
      `/api/communities/${v.w.b.id}/building-choices`,
      await sessionCookie(t, ofB.id),
    );
    expect(own.statusCode).toBe(200);
    expect(
      own
        .json()
        .estates.flatMap((e: any) => e.buildings.map((b: any) => b.id))
        .sort(),
    ).toEqual(v.w.b.buildings.map((b) => b.id).sort());

    const pendingUser = await createUser(t.db, "待审核");
    await createPendingResident(t.db, v.a.id, { userId: pendingUser.id });
    const pending = await api(t, "GET", `${A}/building-choices`, await sessionCookie(t, pendingUser.id));
    expect(pending.statusCode).toBe(403);
    expect(isBilingualError(pending.json())).toBe(true);

    expect((await api(t, "GET", `${A}/building-choices`, null)).statusCode).toBe(401);
    // a co-building unit's representative reads no places
    expect((await api(t, "GET", `${A}/building-choices`, v.unitRep.cookie)).statusCode).toBe(403);
  });

  it("gives staff the buildings they reach", async () => {
    const gw = await api(t, "GET", `${A}/building-choices`, v.gw1.cookie);
    expect(gw.statusCode, gw.body).toBe(200);
    const ids = gw.json().estates.flatMap((e: any) => e.buildings.map((b: any) => b.id));
    expect(ids).toEqual([v.a.buildings[0]!.id]);
    const worker = await api(t, "GET", `${A}/building-choices`, v.worker.cookie);
    expect(worker.json().estates.flatMap((e: any) => e.buildings).length).toBeGreaterThanOrEqual(2);
    expect(
      (await api(t, "GET", `/api/communities/${v.w.b.id}/building-choices`, v.gw1.cookie)).statusCode,
    ).toBe(403);
  });

  it("a building chosen from the list is accepted as the place of a report", async () => {
    const { estates } = (await api(t, "GET", `${A}/building-choices`, v.r0.cookie)).json();
    const building = estates.find((e: any) => e.name === "东龙社区花园").buildings[1];
    const id = await submit(t, A, v.r0.cookie, {
      title: "2栋门口积水",
      place: { type: "building", buildingId: building.id },
    });
    const detail = (await api(t, "GET", `${A}/requests/${id}`, v.r0.cookie)).json();
    expect(detail.place).toMatchObject({ type: "building", buildingId: building.id });
  });
});

describe("GET /communities/:id/requests/:requestId/route-targets", () => {
  it("lets the grid worker of the place see who it may go to and route it to a co-building unit", async () => {
    const otherUnit = await t.db
      .insertInto("organisation")
      .values({ kind: "co_building_unit", name: "西城共建单位", home_community_id: v.w.b.id })
      .returning("id")
      .executeTakeFirstOrThrow();
    const id = await submit(t, A, v.r0.cookie, { title: "楼下健身器材坏了" });
    const res = await api(t, "GET", `${A}/requests/${id}/route-targets`, v.gw1.cookie);
    expect(res.statusCode, res.body).toBe(200);
    const targets = res.json();
    expect(targets).toContainEqual({
      id: v.unitId,
      kind: "co_building_unit",
      name: "区法院",
      routeTo: "co_building_unit",
      isDefault: false,
    });
    expect(targets).toContainEqual(
      expect.objectContaining({ id: v.w.a.propertyOrgId, routeTo: "property", isDefault: true }),
    );
    // only organisations of this community, and no contact details
    expect(targets.map((o: any) => o.id)).not.toContain(otherUnit.id);
    expect(targets.map((o: any) => o.id)).not.toContain(v.w.b.propertyOrgId);
    for (const o of targets)
      expect(Object.keys(o).sort()).toEqual(["id", "isDefault", "kind", "name", "routeTo"]);
    // the grid worker could not read the organisations list itself
    expect((await api(t, "GET", `${A}/organisations`, v.gw1.cookie)).statusCode).toBe(403);

    const routed = await api(t, "POST", `${A}/requests/${id}/route`, v.gw1.cookie, {
      to: "co_building_unit",
      orgId: v.unitId,
    });
    expect(routed.statusCode, routed.body).toBe(200);
    const assigned = (await api(t, "GET", "/api/me/assigned-requests", v.unitRep.cookie)).json().items;
    expect(assigned.map((i: any) => i.id)).toContain(id);
  });

  it("refuses the grid worker of another grid, residents and a request of another community", async () => {
    const id = await submit(t, A, v.r0.cookie, { title: "一网格的事" });
    const other = await api(t, "GET", `${A}/requests/${id}/route-targets`, v.gw2.cookie);
    expect(other.statusCode).toBe(403);
    expect(other.json().code).toBe("OUT_OF_SCOPE");
    expect((await api(t, "GET", `${A}/requests/${id}/route-targets`, v.r0.cookie)).statusCode).toBe(403);
    expect((await api(t, "GET", `${A}/requests/${id}/route-targets`, v.property.cookie)).statusCode).toBe(
      403,
    );
    expect((await api(t, "GET", `${A}/requests/${id}/route-targets`, null)).statusCode).toBe(401);
    // the same id under another community is not this request
    const elsewhere = await api(
      t,
      "GET",
      `/api/communities/${v.w.b.id}/requests/${id}/route-targets`,
      v.admin.cookie,
    );
    expect(elsewhere.statusCode).toBe(404);
  });
});

describe("GET /me/requests: the deadlines", () => {
  it("carries signDueAt, solveDueAt and overdue by the staff list's rule", async () => {
    const fresh = await submit(t, A, v.r1.cookie, { title: "新反映" });
    const late = await submit(t, A, v.r1.cookie, { title: "过了签收期限" });
    const signedLate = await submit(t, A, v.r1.cookie, { title: "签收后过了办结期限" });
    const past = new Date(Date.now() - 3_600_000);
    await t.db
      .updateTable("request")
      .set({ sign_due_at: past })
      .where("community_id", "=", v.a.id)
      .where("id", "=", late)
      .execute();
    expect((await api(t, "POST", `${A}/requests/${signedLate}/sign`, v.gw1.cookie, {})).statusCode).toBe(200);
    await t.db
      .updateTable("request")
      .set({ solve_due_at: past })
      .where("community_id", "=", v.a.id)
      .where("id", "=", signedLate)
      .execute();

    const res = await api(t, "GET", "/api/me/requests", v.r1.cookie);
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as any[];
    const one = (id: number) => items.find((i) => i.id === id);
    const detail = (await api(t, "GET", `${A}/requests/${fresh}`, v.r1.cookie)).json();
    expect(one(fresh)).toMatchObject({
      signDueAt: detail.signDueAt,
      solveDueAt: detail.solveDueAt,
      overdue: false,
    });
    expect(one(late).overdue).toBe(true);
    expect(one(signedLate)).toMatchObject({ status: "signed", overdue: true });

    // the same rule as the staff list
    const list = (await api(t, "GET", `${A}/requests?limit=200`, v.worker.cookie)).json().items as any[];
    for (const id of [fresh, late, signedLate])
      expect(one(id).overdue).toBe(list.find((i) => i.id === id).overdue);
  });
});
