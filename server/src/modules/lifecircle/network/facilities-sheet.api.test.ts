// The facilities sheet through the API (DOMAIN L1, source `excel`): the template imports as it is (its
// example rows sit on the community's network, one in GCJ-02), the minutes follow at once; a sheet with
// bad rows is refused whole, each row named, nothing written; a file that is no spreadsheet, a resident,
// and a community without a network are refused; closed facilities are listed with the day and why.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestApp,
  diffSnapshots,
  isBilingualError,
  snapshotDatabase,
  type TestApp,
} from "../../../../test/test-app.ts";
import { workbookBytes, writeWorkbook } from "../../core/imports/imports.service.ts";
import { api, multipart, type VoiceWorld, voiceWorld } from "../../voice/requests/requests.fixtures.ts";
import { SHEET_HEADERS } from "./facilities-sheet.ts";
import { writeOsmPbf } from "./osm-pbf.fixture.ts";

let t: TestApp;
let v: VoiceWorld;
let L: string;
let lcBuilding: number;

/** A 550 m street along 43.73 N, a residential building at its west end. */
const extract = () =>
  writeOsmPbf(
    [
      { id: 1, lat: 43.73, lon: 7.42 },
      { id: 2, lat: 43.73, lon: 7.4268 },
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

async function upload(url: string, cookie: string, bytes: Buffer, filename: string) {
  const body = await multipart(undefined, [
    {
      name: "file",
      filename,
      bytes,
      type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    },
  ]);
  return t.app.inject({ method: "POST", url, ...body, headers: { ...body.headers, cookie } });
}

const sheet = (rows: (string | number | null)[][], headers = SHEET_HEADERS) =>
  workbookBytes((sink) =>
    writeWorkbook({ name: "设施", columns: headers.map((header) => ({ header, width: 12 })) }, rows, sink),
  );

beforeAll(async () => {
  t = await createTestApp();
  v = await voiceWorld(t);
  L = `${v.A}/lifecircle`;
  const res = await upload(`${L}/import-upload`, v.worker.cookie, Buffer.from(extract()), "f.osm.pbf");
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
  return res.json();
}

const minutesTo = async (code: string) =>
  (await api(t, "GET", `${L}/buildings/${lcBuilding}`)).json().readings.find((r: any) => r.code === code)
    .minutes as number | null;

describe("the facilities sheet", () => {
  it("the template imports as it is: two facilities (one from GCJ-02 back to WGS-84), the minutes follow", async () => {
    expect(await minutesTo("convenience")).toBeNull();
    const tpl = await t.app.inject({
      method: "GET",
      url: `${L}/facilities/template.xlsx`,
      headers: { cookie: v.worker.cookie },
    });
    expect(tpl.statusCode, tpl.body).toBe(200);
    expect(tpl.headers["content-type"]).toMatch(/spreadsheetml/);
    const res = await upload(`${L}/facilities/import`, v.worker.cookie, tpl.rawPayload, "设施.xlsx");
    expect(res.statusCode, res.body).toBe(200);
    const { imported, items } = res.json();
    expect(imported).toBe(2);
    expect(items.every((f: any) => f.source === "excel")).toBe(true);
    // the GCJ-02 example is the WGS-84 point shifted a few hundred metres: converted back to within a metre
    const canteen = items.find((f: any) => f.kind === "canteen");
    expect(Math.abs(canteen.lat - 43.73)).toBeLessThan(1e-5);
    expect(Math.abs(canteen.lon - 7.42)).toBeLessThan(1e-5);
    expect(await minutesTo("convenience")).toBeLessThan(1);
    expect(await minutesTo("canteen")).toBeLessThan(1);
    const audit = await t.db
      .selectFrom("audit_log")
      .select("action")
      .where("action", "=", "lifecircle.facility.import")
      .execute();
    expect(audit).toHaveLength(1);
  });

  it("a sheet with bad rows is refused whole, every bad row named; nothing is written", async () => {
    const bytes = await sheet([
      ["market", "东头菜场", 43.73, 7.4268, "WGS-84", "06:00-19:00"], // good
      ["银行", "某银行", 43.73, 7.42, "WGS-84", ""], // no such kind
      ["药店", "", 43.73, 7.42, "WGS-84", ""], // no name
      ["药店", "北京的药店", 39.9087, 116.3975, "GCJ-02", ""], // outside the network
      ["clinic", "诊所", "北纬43", 7.42, "WGS-84", ""], // not a number
      ["幼儿园", "小太阳", 43.73, 7.42, "百度", ""], // unknown system
      ["便利店", "示例便利店", 43.73, 7.42, "WGS-84", ""], // already open
    ]);
    const body = await unchanged(
      () => upload(`${L}/facilities/import`, v.worker.cookie, bytes, "facilities.xlsx"),
      400,
    );
    expect(body.code).toBe("LIFECIRCLE_SHEET_INVALID");
    const rows = (body.details as any[]).map((d) => d.row);
    expect(rows).toEqual([3, 4, 5, 6, 7, 8]);
    const outside = (body.details as any[]).find((d) => d.row === 5);
    expect(outside.message_zh).toMatch(/^第 5 行：该位置不在本社区路网范围内/);
    expect(outside.message_en).toMatch(/^Row 5: the point is outside/);
    expect(await minutesTo("market")).toBeNull();
  });

  it("refuses: a sheet without the header, not a spreadsheet, no file, a resident, another community without a network", async () => {
    const noHeader = await sheet(
      [["便利店", "x", 43.73, 7.42, "WGS-84", ""]],
      ["a", "b", "c", "d", "e", "f"],
    );
    await unchanged(() => upload(`${L}/facilities/import`, v.worker.cookie, noHeader, "f.xlsx"), 400);
    const missingColumn = await sheet([["便利店", "x", 43.73, 7.42]], SHEET_HEADERS.slice(0, 4));
    const body = await unchanged(
      () => upload(`${L}/facilities/import`, v.worker.cookie, missingColumn, "f.xlsx"),
      400,
    );
    expect(body.details[0].column).toBe("坐标系");
    await unchanged(
      () => upload(`${L}/facilities/import`, v.worker.cookie, Buffer.from("not a sheet at all"), "f.xlsx"),
      415,
    );
    await unchanged(() => upload(`${L}/facilities/import`, v.worker.cookie, Buffer.from("x"), "f.pdf"), 415);
    await unchanged(() => api(t, "POST", `${L}/facilities/import`, v.worker.cookie, {}), 400);
    const good = await sheet([["便利店", "居民的店", 43.73, 7.42, "WGS-84", ""]]);
    await unchanged(() => upload(`${L}/facilities/import`, v.r0.cookie, good, "f.xlsx"), 403);
    await unchanged(
      () =>
        t.app.inject({
          method: "GET",
          url: `${L}/facilities/template.xlsx`,
          headers: { cookie: v.r0.cookie },
        }),
      403,
    );
    await unchanged(
      () =>
        upload(`/api/communities/${v.w.c.id}/lifecircle/facilities/import`, v.admin.cookie, good, "f.xlsx"),
      409,
    );
  });
});

describe("closed facilities", () => {
  it("a closed facility is listed with the day and why; residents may not read the list", async () => {
    const open = (await api(t, "GET", `${L}/facilities`)).json().items;
    const canteen = open.find((f: any) => f.kind === "canteen");
    const res = await api(t, "POST", `${L}/facilities/${canteen.id}/close`, v.worker.cookie, {
      closedOn: "2026-11-30",
      reason: "搬迁",
    });
    expect(res.statusCode, res.body).toBe(200);
    const closed = await api(t, "GET", `${L}/facilities/closed`, v.worker.cookie);
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().items).toEqual([
      expect.objectContaining({
        id: canteen.id,
        active: false,
        closedOn: "2026-11-30",
        closedReason: "搬迁",
      }),
    ]);
    const denied = await api(t, "GET", `${L}/facilities/closed`, v.r0.cookie);
    expect(denied.statusCode).toBe(403);
  });
});

describe("isochrone shapes", () => {
  it("public GeoJSON bands for a kind; none for a kind without facilities; they follow a new facility", async () => {
    const res = await api(t, "GET", `${L}/isochrones?kind=convenience`);
    expect(res.statusCode, res.body).toBe(200);
    const geo = res.json();
    expect(geo).toMatchObject({ type: "FeatureCollection", kind: "convenience", walkSpeed: 1 });
    expect(geo.features.map((f: any) => f.properties.toMinutes)).toEqual([5, 10]);
    expect(geo.features[0].geometry.type).toBe("MultiPolygon");
    expect(JSON.stringify(geo)).not.toMatch(/phone|name/i);
    const pharmacy = (await api(t, "GET", `${L}/isochrones?kind=pharmacy`)).json();
    expect(pharmacy.features).toEqual([]);
    const added = await api(t, "POST", `${L}/facilities`, v.worker.cookie, {
      kind: "pharmacy",
      name: "东头药店",
      lat: 43.73,
      lon: 7.4268,
    });
    expect(added.statusCode, added.body).toBe(200);
    const after = (await api(t, "GET", `${L}/isochrones?kind=pharmacy`)).json();
    expect(after.features.length).toBeGreaterThan(0);
    const bad = await api(t, "GET", `${L}/isochrones?kind=no_such_kind`);
    expect(bad.statusCode).toBe(400);
    const none = await api(t, "GET", `/api/communities/${v.w.c.id}/lifecircle/isochrones`);
    expect(none.json().features).toEqual([]);
  });
});

describe("the matches table as Excel", () => {
  it("staff export the register's buildings with their status; audited as data.export; residents cannot", async () => {
    const res = await t.app.inject({
      method: "GET",
      url: `${L}/matches/export.xlsx`,
      headers: { cookie: v.worker.cookie },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["content-type"]).toMatch(/spreadsheetml/);
    expect(Number(res.headers["x-linli-export-rows"])).toBeGreaterThan(0);
    const audit = await t.db
      .selectFrom("audit_log")
      .select("action")
      .where("target_type", "=", "lifecircle_matches")
      .execute();
    expect(audit.map((a) => a.action)).toEqual(["data.export"]);
    const denied = await t.app.inject({
      method: "GET",
      url: `${L}/matches/export.xlsx`,
      headers: { cookie: v.r0.cookie },
    });
    expect(denied.statusCode).toBe(403);
  });
});
