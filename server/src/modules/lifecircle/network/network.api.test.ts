// The life circle through the real API on a real database: staff import Monaco's extract for a
// synthetic community, everyone reads the figures and a building's walking times, the stored readings
// equal the engine's own pass, an added facility moves the gaps, and refusals change nothing.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestApp,
  diffSnapshots,
  isBilingualError,
  snapshotDatabase,
  type TestApp,
} from "../../../../test/test-app.ts";
import { api, type VoiceWorld, voiceWorld } from "../../voice/requests/requests.fixtures.ts";
import { analyseExtract } from "./analyse.ts";
import { DEFAULT_KINDS } from "./kinds.ts";
import { recomputeDirty } from "./network.service.ts";
import { writeOsmPbf } from "./osm-pbf.fixture.ts";

const DATA = resolve(import.meta.dirname, "../../../../../../shared/data");

let t: TestApp;
let v: VoiceWorld;
let L: string;

beforeAll(async () => {
  t = await createTestApp();
  v = await voiceWorld(t);
  L = `${v.A}/lifecircle`;
});
afterAll(async () => {
  await t?.close();
});

/** A multipart/form-data body with one file in the field `file`. */
function multipartFile(name: string, bytes: Uint8Array) {
  const boundary = "----linli-lifecircle-test";
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  return {
    payload: Buffer.concat([Buffer.from(head), Buffer.from(bytes), Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
  };
}

const upload = (cookie: string, name: string, bytes: Uint8Array) => {
  const m = multipartFile(name, bytes);
  return t.app.inject({
    method: "POST",
    url: `${L}/import-upload`,
    payload: m.payload,
    headers: { ...m.headers, cookie },
  });
};

async function unchanged(
  call: () => Promise<{ statusCode: number; body: string; json(): any }>,
  status: number,
) {
  const before = await snapshotDatabase(t.db);
  const res = await call();
  expect(res.statusCode, res.body).toBe(status);
  expect(isBilingualError(res.json())).toBe(true);
  expect(diffSnapshots(before, await snapshotDatabase(t.db))).toEqual([]);
  return res.json();
}

describe("before any import", () => {
  it("the public page answers with no network and the default kinds", async () => {
    const res = await api(t, "GET", L);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().network).toBeNull();
    expect(res.json().kinds.map((k: { code: string }) => k.code)).toEqual(DEFAULT_KINDS.map((k) => k.code));
  });

  it("a facility cannot be added before a network exists; a file outside the map folder is refused", async () => {
    await unchanged(
      () =>
        api(t, "POST", `${L}/facilities`, v.worker.cookie, {
          kind: "market",
          name: "菜场",
          lat: 43.73,
          lon: 7.42,
        }),
      409,
    );
    await unchanged(() => api(t, "POST", `${L}/import`, v.worker.cookie, { file: "nowhere.osm.pbf" }), 404);
    const bad = await api(t, "POST", `${L}/import`, v.worker.cookie, { file: "../secret.osm.pbf" });
    expect(bad.statusCode).toBe(400);
  });
});

describe("importing Monaco for a synthetic community", () => {
  let imported: any;
  beforeAll(async () => {
    const res = await api(t, "POST", `${L}/import`, v.worker.cookie, { file: "monaco.osm.pbf" });
    expect(res.statusCode, res.body).toBe(200);
    imported = res.json();
  }, 300_000);

  it("records the network's counts and the figures per kind", async () => {
    expect(imported.network).toMatchObject({
      source: "monaco.osm.pbf",
      nodes: 24_579,
      edges: 25_751,
      walkSpeed: 1,
    });
    expect(imported.network.buildings).toBeGreaterThan(10_000);
    expect(imported.network.computedAt).not.toBeNull();
    const bus = imported.kinds.find((k: { code: string }) => k.code === "bus_stop");
    expect(bus.facilities).toBeGreaterThan(100);
    // circles nest: 5 ≤ 10 ≤ 15 minutes
    expect(bus.within[0]).toBeLessThanOrEqual(bus.within[1]);
    expect(bus.within[1]).toBeLessThanOrEqual(bus.within[2]);
    expect(imported.attribution).toBe("© OpenStreetMap contributors");
  });

  it("the stored readings equal the engine's pass on the same file (within 0.5 m)", async () => {
    const a = await analyseExtract(readFileSync(`${DATA}/monaco.osm.pbf`));
    const map = (await api(t, "GET", `${L}/map?kind=market`)).json();
    // the map sends points rounded to 6 decimals (about 0.1 m)
    const key = (lat: number, lon: number) =>
      `${(Math.round(lat * 1e6) / 1e6).toFixed(6)},${(Math.round(lon * 1e6) / 1e6).toFixed(6)}`;
    const osmIndex = new Map(a.extract.buildings.map((b, i) => [key(b.lat, b.lon), i]));
    const k = a.kinds.findIndex((x) => x.code === "market");
    let compared = 0;
    for (let i = 0; i < map.buildings.id.length; i += 97) {
      const j = osmIndex.get(key(map.buildings.lat[i], map.buildings.lon[i]));
      if (j === undefined) continue;
      const reading = (await api(t, "GET", `${L}/buildings/${map.buildings.id[i]}`)).json();
      const market = reading.readings.find((r: { code: string }) => r.code === "market");
      const want = (a.meters[k] as Float64Array)[j] as number;
      if (!Number.isFinite(want)) expect(market.meters).toBeNull();
      else expect(Math.abs(market.meters - want)).toBeLessThanOrEqual(0.5);
      compared++;
    }
    expect(compared).toBeGreaterThan(50);
  });

  it("a building's reading is public and in words", async () => {
    const map = (await api(t, "GET", `${L}/map?kind=convenience`)).json();
    const res = await api(t, "GET", `${L}/buildings/${map.buildings.id[0]}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().sentenceZh).toMatch(/^到.+ \d+ 分钟/);
    expect(res.json().sentenceEn).toMatch(/\d+ min to the /);
  });

  it("gaps are for staff; an added market removes the gap of the building it stands beside", async () => {
    const anon = await api(t, "GET", `${L}/gaps`);
    expect(anon.statusCode).toBe(401);
    const resident = await api(t, "GET", `${L}/gaps`, v.r0.cookie);
    expect(resident.statusCode).toBe(403);
    const gaps = (await api(t, "GET", `${L}/gaps?kind=market&limit=50`, v.worker.cookie)).json();
    expect(gaps.total).toBeGreaterThan(0);
    const worst = gaps.items.find((g: { minutes: number | null }) => g.minutes !== null);
    expect(worst.textZh).toMatch(/：(最近的菜市场或生鲜超市步行 \d+ 分钟|步行范围内没有)/);
    const at = (await api(t, "GET", `${L}/buildings/${worst.buildingId}`)).json();
    const res = await api(t, "POST", `${L}/facilities`, v.worker.cookie, {
      kind: "market",
      name: "新开的菜市场",
      lat: at.lat,
      lon: at.lon,
      hours: "06:00-20:00",
    });
    expect(res.statusCode, res.body).toBe(200);
    const after = (await api(t, "GET", `${L}/buildings/${worst.buildingId}`)).json();
    const market = after.readings.find((r: { code: string }) => r.code === "market");
    expect(market.minutes).toBeLessThan(5);
    const gapsAfter = (await api(t, "GET", `${L}/gaps?kind=market&limit=500`, v.worker.cookie)).json();
    expect(gapsAfter.total).toBeLessThan(gaps.total);
    expect(gapsAfter.items.some((g: { buildingId: number }) => g.buildingId === worst.buildingId)).toBe(
      false,
    );
  });

  it("a facility outside the network is refused with a clear error; a GCJ-02 point is converted", async () => {
    const body = await unchanged(
      () =>
        api(t, "POST", `${L}/facilities`, v.worker.cookie, {
          kind: "clinic",
          name: "远方诊所",
          lat: 30.55,
          lon: 114.3,
        }),
      400,
    );
    expect(body.code).toBe("LIFECIRCLE_FACILITY_OUTSIDE");
    // outside China gcoord leaves points as they are, so a Monaco point passes either way
    const res = await api(t, "POST", `${L}/facilities`, v.worker.cookie, {
      kind: "clinic",
      name: "社区卫生服务站",
      lat: 43.7384,
      lon: 7.4246,
      coordSystem: "gcj02",
    });
    expect(res.statusCode, res.body).toBe(200);
  });

  it("residents and grid workers cannot import or add; a worker of another community cannot either", async () => {
    await unchanged(() => api(t, "POST", `${L}/import`, v.r0.cookie, { file: "monaco.osm.pbf" }), 403);
    await unchanged(
      () =>
        api(t, "POST", `${L}/facilities`, v.gw1.cookie, { kind: "market", name: "x", lat: 43.73, lon: 7.42 }),
      403,
    );
    await unchanged(
      () => api(t, "POST", `/api/communities/${v.w.c.id}/lifecircle/recompute`, v.worker.cookie),
      403,
    );
  });

  it("the walking speed is configurable: at 1.2 m/s every minute is the 1.0 m/s minute ÷ 1.2", async () => {
    const map = (await api(t, "GET", `${L}/map?kind=bus_stop`)).json();
    const id = map.buildings.id[0];
    const slow = (await api(t, "GET", `${L}/buildings/${id}`)).json();
    const res = await api(t, "PATCH", `${L}/settings`, v.worker.cookie, { walkSpeed: 1.2 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().network.walkSpeed).toBeCloseTo(1.2, 5);
    const fast = (await api(t, "GET", `${L}/buildings/${id}`)).json();
    slow.readings.forEach((r: { code: string; minutes: number | null }, i: number) => {
      const f = fast.readings[i].minutes;
      if (r.minutes === null) expect(f).toBeNull();
      else expect(f).toBeCloseTo(r.minutes / 1.2, 3);
    });
    await unchanged(() => api(t, "PATCH", `${L}/settings`, v.worker.cookie, { walkSpeed: 5 }), 400);
    await unchanged(() => api(t, "PATCH", `${L}/settings`, v.r0.cookie, { walkSpeed: 1 }), 403);
    expect((await api(t, "PATCH", `${L}/settings`, v.worker.cookie, { walkSpeed: 1 })).statusCode).toBe(200);
  });

  it("an uploaded extract that is cut short, not OSM, or without walkable ways is refused; nothing changes", async () => {
    const whole = readFileSync(`${DATA}/monaco.osm.pbf`);
    const cut = await unchanged(
      () => upload(v.worker.cookie, "monaco.osm.pbf", whole.subarray(0, 800_000)),
      400,
    );
    expect(cut.code).toBe("LIFECIRCLE_OSM_UNREADABLE");
    expect(cut.message_zh).toContain("原有路网和结果未改动");
    const text = await unchanged(
      () => upload(v.worker.cookie, "buildings.osm.pbf", Buffer.from("楼号,名称\n3,3号楼\n")),
      400,
    );
    expect(text.code).toBe("LIFECIRCLE_OSM_UNREADABLE");
    const motorway = writeOsmPbf(
      [
        { id: 1, lat: 43.73, lon: 7.42 },
        { id: 2, lat: 43.731, lon: 7.42 },
      ],
      [{ id: 10, refs: [1, 2], tags: { highway: "motorway" } }],
    );
    const none = await unchanged(() => upload(v.worker.cookie, "motorway.osm.pbf", motorway), 400);
    expect(none.code).toBe("LIFECIRCLE_NO_WALKABLE_WAYS");
    await unchanged(() => upload(v.worker.cookie, "sheet.xlsx", Buffer.from("PK")), 415);
    // the previous network is still there
    const net = (await api(t, "GET", L)).json().network;
    expect(net.source).toBe("monaco.osm.pbf");
  }, 120_000);

  it("the job recomputes a network left dirty", async () => {
    await t.db.updateTable("lifecircle_network").set({ computed_at: null }).execute();
    expect(await recomputeDirty(t.db)).toBe(1);
    const net = (await api(t, "GET", L)).json().network;
    expect(net.computedAt).not.toBeNull();
  }, 120_000);
});
