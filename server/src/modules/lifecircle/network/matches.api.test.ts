// Matching the register's buildings to an imported extract's through the API: proposals by number,
// staff review in a batch (accept, re-assign, reject), the resident's own building, households in the
// coverage; refusals are bilingual and change nothing.
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

/** A street along 43.73 N with three square residential buildings beside it: "1", "2栋" and unnamed. */
function extract() {
  const nodes = [
    { id: 1, lat: 43.73, lon: 7.42 },
    { id: 2, lat: 43.73, lon: 7.425 },
  ];
  const ways: { id: number; refs: number[]; tags: Record<string, string> }[] = [
    { id: 100, refs: [1, 2], tags: { highway: "residential" } },
  ];
  const square = (id: number, lon: number, tags: Record<string, string>) => {
    const base = 1000 + id * 10;
    const d = 0.0001;
    nodes.push(
      { id: base, lat: 43.7302, lon },
      { id: base + 1, lat: 43.7302, lon: lon + d },
      { id: base + 2, lat: 43.7302 + d, lon: lon + d },
      { id: base + 3, lat: 43.7302 + d, lon },
    );
    ways.push({
      id,
      refs: [base, base + 1, base + 2, base + 3, base],
      tags: { building: "residential", ...tags },
    });
  };
  square(201, 7.421, { "addr:housenumber": "1" });
  square(202, 7.422, { name: "2栋" });
  square(203, 7.423, {});
  return writeOsmPbf(nodes, ways);
}

beforeAll(async () => {
  t = await createTestApp();
  v = await voiceWorld(t);
  L = `${v.A}/lifecircle`;
  const pbf = extract();
  const boundary = "----linli-matches";
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="m.osm.pbf"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  const res = await t.app.inject({
    method: "POST",
    url: `${L}/import-upload`,
    payload: Buffer.concat([Buffer.from(head), Buffer.from(pbf), Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { "content-type": `multipart/form-data; boundary=${boundary}`, cookie: v.worker.cookie },
  });
  expect(res.statusCode, res.body).toBe(200);
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

const lcIdOf = async (osmId: number) =>
  (
    await t.db
      .selectFrom("lifecircle_building")
      .select("id")
      .where("community_id", "=", v.a.id)
      .where("osm_id", "=", osmId)
      .executeTakeFirstOrThrow()
  ).id;

describe("building matching", () => {
  it("before review, a resident has no building and households are not counted", async () => {
    const mine = await api(t, "GET", `${L}/my-building`, v.r0.cookie);
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json()).toEqual({ lcBuildingId: null });
    expect((await api(t, "GET", `${L}/my-building`)).statusCode).toBe(401);
    const hh = await api(t, "GET", `${L}/households`, v.worker.cookie);
    expect(hh.json()).toMatchObject({ households: 4, counted: 0 });
  });

  it("proposes by number: 1栋 ↔ house number 1, 2栋 ↔ the building named 2栋", async () => {
    const res = await api(t, "POST", `${L}/matches/propose`, v.worker.cookie);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ byName: 2, byNearest: 0, unmatched: 0 });
    const list = await api(t, "GET", `${L}/matches?status=proposed`, v.worker.cookie);
    expect(list.json()).toMatchObject({ total: 2, proposed: 2, confirmed: 0 });
    expect(list.json().items.map((m: any) => [m.buildingName, m.lcLabel, m.households])).toEqual([
      ["1栋", "1 号", 2],
      ["2栋", "2栋", 2],
    ]);
  });

  it("refuses bad reviews in zh/en and changes nothing", async () => {
    const b1 = v.a.buildings[0]!.id;
    await unchanged(
      () =>
        api(t, "POST", `${L}/matches/review`, v.worker.cookie, {
          items: [{ buildingId: 999_999, decision: "accept" }],
        }),
      404,
    );
    // an item refused on its own: the answer says which and why, nothing changes
    const before = await snapshotDatabase(t.db);
    const one = await api(t, "POST", `${L}/matches/review`, v.worker.cookie, {
      items: [{ buildingId: b1, decision: "accept", lcBuildingId: 999_999 }],
    });
    expect(one.statusCode, one.body).toBe(200);
    expect(one.json()).toMatchObject({
      accepted: 0,
      results: [{ buildingId: b1, ok: false, code: "NOT_FOUND", messageZh: "地图上没有这栋住宅楼" }],
    });
    expect(diffSnapshots(before, await snapshotDatabase(t.db))).toEqual([]);
    await unchanged(
      () =>
        api(t, "POST", `${L}/matches/review`, v.r0.cookie, {
          items: [{ buildingId: b1, decision: "accept" }],
        }),
      403,
    );
    await unchanged(() => api(t, "POST", `${L}/matches/review`, v.worker.cookie, { items: [] }), 400);
  });

  it("a batch accepts one, re-assigns the other; the resident's page opens at their building; households counted", async () => {
    const [b1, b2] = [v.a.buildings[0]!.id, v.a.buildings[1]!.id];
    const unnamed = await lcIdOf(203);
    const res = await api(t, "POST", `${L}/matches/review`, v.worker.cookie, {
      items: [
        { buildingId: b1, decision: "accept" },
        { buildingId: b2, decision: "accept", lcBuildingId: unnamed },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ accepted: 2, rejected: 0 });
    const list = (await api(t, "GET", `${L}/matches`, v.worker.cookie)).json();
    expect(list.confirmed).toBe(2);
    expect(list.items.find((m: any) => m.buildingId === b2).lcBuildingId).toBe(unnamed);
    expect((await api(t, "GET", `${L}/my-building`, v.r0.cookie)).json()).toEqual({
      lcBuildingId: await lcIdOf(201),
    });
    expect((await api(t, "GET", `${L}/my-building`, v.r2.cookie)).json()).toEqual({ lcBuildingId: unnamed });
    const hh = (await api(t, "GET", `${L}/households`, v.worker.cookie)).json();
    expect(hh).toMatchObject({ households: 4, counted: 4 });
    expect(hh.kinds).toHaveLength(16);
  });

  it("a rejected match goes, and the proposal is not made again for the same pair", async () => {
    const b1 = v.a.buildings[0]!.id;
    const res = await api(t, "POST", `${L}/matches/review`, v.worker.cookie, {
      items: [{ buildingId: b1, decision: "reject" }],
    });
    expect(res.json()).toMatchObject({ accepted: 0, rejected: 1 });
    expect((await api(t, "GET", `${L}/my-building`, v.r0.cookie)).json()).toEqual({ lcBuildingId: null });
    const again = (await api(t, "POST", `${L}/matches/propose`, v.worker.cookie)).json();
    // house number 1 was rejected for 1栋: the nearest free building (2栋's named one) is proposed instead
    expect(again).toEqual({ byName: 0, byNearest: 1, unmatched: 0 });
    const m = (await api(t, "GET", `${L}/matches?status=proposed`, v.worker.cookie)).json();
    expect(m.items[0].lcBuildingId).toBe(await lcIdOf(202));
  });
});
