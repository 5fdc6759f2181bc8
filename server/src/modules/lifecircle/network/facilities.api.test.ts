// Keeping the facilities and kinds through the API: staff edit and close a facility (soft, with the
// day), the readings follow at once; an OSM facility is not edited; a facility moved off the network is
// refused; the secretary and the district set a kind's target, a worker cannot; every change audited.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestApp,
  diffSnapshots,
  isBilingualError,
  snapshotDatabase,
  type TestApp,
} from "../../../../test/test-app.ts";
import { api, type VoiceWorld, voiceWorld } from "../../voice/requests/requests.fixtures.ts";
import { writeOsmPbf } from "./osm-pbf.fixture.ts";

let t: TestApp;
let v: VoiceWorld;
let L: string;
let lcBuilding: number;

/** A 550 m street along 43.73 N, a residential building at its west end, a bus stop (OSM) at its east. */
function extract() {
  return writeOsmPbf(
    [
      { id: 1, lat: 43.73, lon: 7.42 },
      { id: 2, lat: 43.73, lon: 7.4268 },
      { id: 3, lat: 43.73, lon: 7.4268, tags: { highway: "bus_stop" } },
      { id: 11, lat: 43.7301, lon: 7.42 },
      { id: 12, lat: 43.7301, lon: 7.4201 },
      { id: 13, lat: 43.7302, lon: 7.4201 },
      { id: 14, lat: 43.7302, lon: 7.42 },
    ],
    [
      { id: 100, refs: [1, 2], tags: { highway: "residential" } },
      { id: 200, refs: [11, 12, 13, 14, 11], tags: { building: "residential" } },
    ],
  );
}

beforeAll(async () => {
  t = await createTestApp();
  v = await voiceWorld(t);
  L = `${v.A}/lifecircle`;
  const boundary = "----linli-facilities";
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="f.osm.pbf"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  const res = await t.app.inject({
    method: "POST",
    url: `${L}/import-upload`,
    payload: Buffer.concat([
      Buffer.from(head),
      Buffer.from(extract()),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    headers: { "content-type": `multipart/form-data; boundary=${boundary}`, cookie: v.worker.cookie },
  });
  expect(res.statusCode, res.body).toBe(200);
  lcBuilding = (
    await t.db
      .selectFrom("lifecircle_building")
      .select("id")
      .where("community_id", "=", v.a.id)
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(async () => {
  await t?.close();
});

async function unchanged(
  call: () => Promise<{ statusCode: number; body: string; json(): any }>,
  status: number,
) {
  const before = await snapshotDatabase(t.db);
  const res = await call();
  expect(res.statusCode, res.body).toBe(status);
  expect(isBilingualError(res.json())).toBe(true);
  expect(diffSnapshots(before, await snapshotDatabase(t.db))).toEqual([]);
}

const minutesTo = async (code: string) =>
  (await api(t, "GET", `${L}/buildings/${lcBuilding}`)).json().readings.find((r: any) => r.code === code)
    .minutes as number | null;

describe("the ways on the map", () => {
  it("the imported street: two nodes, one segment, each once", async () => {
    const res = await api(t, "GET", `${L}/ways`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ lat: [43.73, 43.73], lon: [7.42, 7.4268], from: [0], to: [1] });
  });
});

describe("facilities", () => {
  let marketId: number;

  it("an entered market beside the building, then moved to the far end: the minutes follow at once", async () => {
    const res = await api(t, "POST", `${L}/facilities`, v.worker.cookie, {
      kind: "market",
      name: "邻里菜场",
      lat: 43.73,
      lon: 7.4201,
    });
    expect(res.statusCode, res.body).toBe(200);
    marketId = res.json().id;
    expect(await minutesTo("market")).toBeLessThan(1);
    const moved = await api(t, "PATCH", `${L}/facilities/${marketId}`, v.worker.cookie, {
      lat: 43.73,
      lon: 7.4268,
      hours: "06:30-20:00",
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ name: "邻里菜场", hours: "06:30-20:00", closedOn: null });
    expect(await minutesTo("market")).toBeGreaterThan(8);
  });

  it("refuses: a point off the network, lat without lon, an unknown kind, an OSM facility, another community's id", async () => {
    const p = `${L}/facilities/${marketId}`;
    await unchanged(() => api(t, "PATCH", p, v.worker.cookie, { lat: 44.5, lon: 8.5 }), 400);
    await unchanged(() => api(t, "PATCH", p, v.worker.cookie, { lat: 43.73 }), 400);
    await unchanged(() => api(t, "PATCH", p, v.worker.cookie, { kind: "no_such_kind" }), 400);
    const osm = (await api(t, "GET", `${L}/facilities`)).json().items.find((f: any) => f.source === "osm");
    expect(osm.kind).toBe("bus_stop");
    await unchanged(
      () => api(t, "PATCH", `${L}/facilities/${osm.id}`, v.worker.cookie, { name: "改名" }),
      409,
    );
    await unchanged(
      () =>
        api(t, "PATCH", `/api/communities/${v.w.c.id}/lifecircle/facilities/${marketId}`, v.admin.cookie, {
          name: "x",
        }),
      404,
    );
    await unchanged(() => api(t, "PATCH", p, v.r0.cookie, { name: "居民改名" }), 403);
  });

  it("closing is soft, with the day and why; the market no longer counts; closing twice is refused", async () => {
    const res = await api(t, "POST", `${L}/facilities/${marketId}/close`, v.worker.cookie, {
      closedOn: "2026-12-01",
      reason: "租约到期",
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ active: false, closedOn: "2026-12-01", closedReason: "租约到期" });
    expect(await minutesTo("market")).toBeNull();
    expect((await api(t, "GET", `${L}/facilities`)).json().items.some((f: any) => f.id === marketId)).toBe(
      false,
    );
    await unchanged(() => api(t, "POST", `${L}/facilities/${marketId}/close`, v.worker.cookie, {}), 409);
    const audit = await t.db
      .selectFrom("audit_log")
      .select("action")
      .where("target_type", "=", "lifecircle_facility")
      .where("target_id", "=", String(marketId))
      .orderBy("id")
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      "lifecircle.facility.create",
      "lifecircle.facility.update",
      "lifecircle.facility.close",
    ]);
  });
});

describe("kinds", () => {
  it("the secretary sets the bus stop's target to 10 minutes and makes parking required; a worker cannot", async () => {
    await unchanged(
      () => api(t, "PATCH", `${L}/kinds/bus_stop`, v.worker.cookie, { targetMinutes: 10 }),
      403,
    );
    await unchanged(
      () => api(t, "PATCH", `${L}/kinds/no_such_kind`, v.secretary.cookie, { required: true }),
      400,
    );
    const res = await api(t, "PATCH", `${L}/kinds/bus_stop`, v.secretary.cookie, { targetMinutes: 10 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ code: "bus_stop", targetMinutes: 10 });
    const parking = await api(t, "PATCH", `${L}/kinds/parking`, v.secretary.cookie, { required: true });
    expect(parking.json()).toMatchObject({ code: "parking", required: true });
    const figures = (await api(t, "GET", L)).json();
    expect(figures.kinds.find((k: any) => k.code === "bus_stop").targetMinutes).toBe(10);
    expect(figures.checklist.required).toBeGreaterThan(0);
  });
});

describe("a request from a gap", () => {
  it("the worker opens a need in 公共设施 from the market gap; a kind within its target is refused", async () => {
    const gaps = (await api(t, "GET", `${L}/gaps?kind=market`, v.worker.cookie)).json();
    expect(gaps.items[0]).toMatchObject({ buildingId: lcBuilding, minutes: null });
    const res = await api(t, "POST", `${L}/gaps/request`, v.worker.cookie, {
      lcBuildingId: lcBuilding,
      kind: "market",
    });
    expect(res.statusCode, res.body).toBe(200);
    const row = await t.db
      .selectFrom("request")
      .innerJoin("request_category as c", (j) =>
        j.onRef("c.community_id", "=", "request.community_id").onRef("c.id", "=", "request.category_id"),
      )
      .select(["request.title", "request.kind", "c.code", "request.is_public"])
      .where("request.community_id", "=", v.a.id)
      .where("request.id", "=", res.json().id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ kind: "need", code: "public_facilities", is_public: false });
    expect(row.title).toMatch(/^补齐菜市场或生鲜超市：/);
    // the bus stop is a 9-minute walk and its target is now 10: not a gap
    await unchanged(
      () =>
        api(t, "POST", `${L}/gaps/request`, v.worker.cookie, { lcBuildingId: lcBuilding, kind: "bus_stop" }),
      409,
    );
    await unchanged(
      () => api(t, "POST", `${L}/gaps/request`, v.worker.cookie, { lcBuildingId: 999_999, kind: "market" }),
      404,
    );
    await unchanged(
      () => api(t, "POST", `${L}/gaps/request`, v.r0.cookie, { lcBuildingId: lcBuilding, kind: "market" }),
      403,
    );
  });
});
