// Issue 7, fault 4: a request is private unless its submitter publishes it; some categories are never
// public; what is public (Open311, the claim board) is masked — phones, ID numbers, the names of the
// community's residents. Through the real server: the resident API, the staff categories API, Open311
// (JSON and XML) and the board.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, diffSnapshots, snapshotDatabase, type TestApp } from "../../../../test/test-app.ts";
import { api, submit, type VoiceWorld, voiceWorld } from "./requests.fixtures.ts";

let t: TestApp;
let v: VoiceWorld;
let A: string;
let key: string;
beforeAll(async () => {
  t = await createTestApp();
  v = await voiceWorld(t);
  A = v.A;
  const created = await api(t, "POST", `${A}/open311-keys`, v.secretary.cookie, { name: "区12345平台" });
  expect(created.statusCode, created.body).toBe(200);
  key = created.json().key;
});
afterAll(async () => {
  await t?.close();
});

const open311 = (path: string) => t.app.inject({ method: "GET", url: `/open311/v2/${path}` });
const byId = (id: number, format: "json" | "xml" = "json") =>
  open311(`requests/${id}.${format}?jurisdiction_id=${v.a.id}`);
const listed = async (id: number) =>
  (
    (await open311(`requests.json?jurisdiction_id=${v.a.id}`)).json() as { service_request_id: string }[]
  ).some((r) => r.service_request_id === String(id));
const stored = (id: number) =>
  t.db
    .selectFrom("request")
    .select(["is_public", "description"])
    .where("community_id", "=", v.a.id)
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
const category = async (code: string) =>
  ((await api(t, "GET", `${A}/categories`, null)).json() as any[]).find((c) => c.code === code);

describe("a request is private unless its submitter publishes it", () => {
  it("keeps a problem submitted without isPublic out of Open311 (404 in the spec's format, not listed)", async () => {
    const id = await submit(t, A, v.r0.cookie, {
      title: "邻居装修噪音",
      description: "隔壁每天早上七点开始装修，我的电话13812345678",
    });
    expect((await stored(id)).is_public).toBe(false);
    const res = await byId(id);
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual([{ code: 404, description: expect.stringContaining(String(id)) }]);
    const xml = await byId(id, "xml");
    expect(xml.statusCode).toBe(404);
    expect(xml.body).toMatch(/^<\?xml[^>]*>\s*<errors><error><code>404<\/code>/);
    expect(await listed(id)).toBe(false);
    // the resident sees it as not public
    const mine = await api(t, "GET", `${A}/requests/${id}`, v.r0.cookie);
    expect(mine.json().isPublic).toBe(false);
  });

  it("keeps needs and micro-wishes off the claim board unless published", async () => {
    const quiet = await submit(t, A, v.r0.cookie, {
      kind: "wish",
      categoryCode: "mutual_help",
      title: "想要一副老花镜",
    });
    const shown = await submit(t, A, v.r1.cookie, {
      kind: "wish",
      categoryCode: "mutual_help",
      title: "想学用智能手机",
      description: "找李师傅就行，电话 139-1234-5678",
      isPublic: true,
    });
    for (const id of [quiet, shown]) {
      const sign = await api(t, "POST", `${A}/requests/${id}/sign`, v.gw1.cookie, {});
      expect(sign.statusCode, sign.body).toBe(200);
    }
    const board = await api(t, "GET", `${A}/board?limit=100`, null);
    expect(board.statusCode, board.body).toBe(200);
    const items = board.json().items as any[];
    expect(items.map((i) => i.id)).not.toContain(quiet);
    const item = items.find((i) => i.id === shown);
    // the board's text is masked: the phone and the name of a resident of the community
    expect(item.description).toBe("找李某就行，电话 139****5678");
    expect(board.body).not.toContain("5678 ");
    expect(board.body).not.toContain("李师傅");
  });
});

describe("what is public is masked", () => {
  it("masks phones, ID numbers and residents' names in Open311 JSON and XML; the stored text is whole", async () => {
    const description =
      "1栋门口垃圾三天没人收。王阿姨说找物业也没用，物业电话027-87654321，我的手机13812345678，身份证420106199001011234";
    const id = await submit(t, A, v.r0.cookie, {
      title: "垃圾没人收 13812345678",
      description,
      isPublic: true,
      place: { type: "point", address: "张大爷家门口" },
    });
    expect(await stored(id)).toEqual({ is_public: true, description });

    const json = await byId(id);
    expect(json.statusCode, json.body).toBe(200);
    const r = json.json()[0];
    expect(r.description).toBe(
      "垃圾没人收 138****5678\n1栋门口垃圾三天没人收。王某说找物业也没用，物业电话027-****4321，我的手机138****5678，身份证4201**********1234",
    );
    expect(r.address).toMatch(/^张某家门口, /);
    const xml = await byId(id, "xml");
    expect(xml.statusCode).toBe(200);
    for (const body of [
      json.body,
      xml.body,
      (await open311(`requests.xml?jurisdiction_id=${v.a.id}`)).body,
    ]) {
      expect(body).toContain("138****5678");
      for (const secret of ["13812345678", "87654321", "420106199001011234", "王阿姨", "张大爷"])
        expect(body).not.toContain(secret);
    }
    // the staff still read the whole text
    const staff = await api(t, "GET", `${A}/requests/${id}`, v.worker.cookie);
    expect(staff.json().description).toBe(description);
  });
});

describe("never-public categories", () => {
  it("are neighbour disputes and care by default; the others may be published", async () => {
    const list = (await api(t, "GET", `${A}/categories`, null)).json() as any[];
    const never = list.filter((c) => c.neverPublic).map((c) => c.code);
    expect(never.sort()).toEqual(["children", "elderly_care", "neighbour_dispute"]);
    expect(list.find((c) => c.code === "mutual_help")).toMatchObject({
      nameZh: "邻里互助",
      kinds: ["need", "wish"],
      neverPublic: false,
    });
  });

  it("keeps a neighbour dispute private even when the submitter asks to publish it", async () => {
    const id = await submit(t, A, v.r0.cookie, {
      categoryCode: "neighbour_dispute",
      title: "楼上漏水不处理",
      description: "楼上李师傅家漏水，打他电话13912345678不接",
      isPublic: true,
    });
    expect((await stored(id)).is_public).toBe(false);
    expect((await byId(id)).statusCode).toBe(404);
    expect(await listed(id)).toBe(false);
    const wish = await submit(t, A, v.r0.cookie, {
      kind: "wish",
      categoryCode: "elderly_care",
      title: "独居老人想要一台收音机",
      isPublic: true,
    });
    expect((await stored(wish)).is_public).toBe(false);
  });

  it("can be set by community staff (audited): from then on nothing of the category is public", async () => {
    const parking = await category("parking");
    expect(parking.neverPublic).toBe(false);
    const before = await submit(t, A, v.r1.cookie, {
      categoryCode: "parking",
      title: "消防通道停车",
      isPublic: true,
    });
    expect(await listed(before)).toBe(true);

    // a grid worker may not, and bad values change nothing
    for (const [cookie, body, status] of [
      [v.gw1.cookie, { neverPublic: true }, 403],
      [v.r0.cookie, { neverPublic: true }, 403],
      [v.worker.cookie, { neverPublic: "yes" }, 400],
    ] as const) {
      const snap = await snapshotDatabase(t.db);
      const res = await api(t, "PATCH", `${A}/categories/${parking.id}`, cookie, body);
      expect(res.statusCode, res.body).toBe(status);
      expect(diffSnapshots(snap, await snapshotDatabase(t.db))).toEqual([]);
    }

    const set = await api(t, "PATCH", `${A}/categories/${parking.id}`, v.worker.cookie, {
      neverPublic: true,
    });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json().neverPublic).toBe(true);
    expect((await category("parking")).neverPublic).toBe(true);
    // what was published in it is no longer public; a new submission is stored private
    expect(await listed(before)).toBe(false);
    expect((await byId(before)).statusCode).toBe(404);
    expect((await api(t, "GET", `${A}/requests/${before}`, v.r1.cookie)).json().isPublic).toBe(false);
    const after = await submit(t, A, v.r1.cookie, {
      categoryCode: "parking",
      title: "又有车堵门",
      isPublic: true,
    });
    expect((await stored(after)).is_public).toBe(false);
    const audit = await t.db
      .selectFrom("audit_log")
      .select(["action", "after"])
      .where("target_type", "=", "request_category")
      .where("target_id", "=", String(parking.id))
      .execute();
    expect(audit).toEqual([{ action: "request_category.update", after: { neverPublic: true } }]);

    // switched off again: what its submitter published shows again; what was stored private stays so
    const unset = await api(t, "PATCH", `${A}/categories/${parking.id}`, v.secretary.cookie, {
      neverPublic: false,
    });
    expect(unset.statusCode, unset.body).toBe(200);
    expect(await listed(before)).toBe(true);
    expect(await listed(after)).toBe(false);

    const created = await api(t, "POST", `${A}/categories`, v.worker.cookie, {
      code: "mediation",
      nameZh: "矛盾调解",
      nameEn: "Mediation",
      kinds: ["problem"],
      neverPublic: true,
    });
    expect(created.statusCode, created.body).toBe(200);
    expect(created.json().neverPublic).toBe(true);
  });
});

describe("Open311 POST", () => {
  const post = (fields: Record<string, string>) =>
    t.app.inject({
      method: "POST",
      url: "/open311/v2/requests.json",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: new URLSearchParams({ api_key: key, jurisdiction_id: String(v.a.id), ...fields }).toString(),
    });

  it("stores a client's request private unless it sends is_public=true and the category allows it", async () => {
    const plain = await post({
      service_code: "environment",
      address_string: "北门",
      description: "北门垃圾堆积",
    });
    expect(plain.statusCode, plain.body).toBe(200);
    const plainId = Number(plain.json()[0].service_request_id);
    expect((await stored(plainId)).is_public).toBe(false);
    expect(plain.json()[0].service_notice).toContain("not published");

    const pub = await post({
      service_code: "environment",
      address_string: "南门",
      description: "南门垃圾堆积，联系13812345678",
      is_public: "true",
    });
    const pubId = Number(pub.json()[0].service_request_id);
    expect((await stored(pubId)).is_public).toBe(true);
    const shown = await byId(pubId);
    expect(shown.json()[0].description).toBe("南门垃圾堆积，联系138****5678");

    const dispute = await post({
      service_code: "neighbour_dispute",
      address_string: "3栋",
      description: "楼上噪音",
      is_public: "true",
    });
    expect((await stored(Number(dispute.json()[0].service_request_id))).is_public).toBe(false);

    // the service list tells clients which services are never published
    const services = (await open311(`services.json?jurisdiction_id=${v.a.id}`)).json() as any[];
    const described = (code: string) => services.find((x) => x.service_code === code).description;
    expect(described("neighbour_dispute")).toContain("never published");
    expect(described("environment")).not.toContain("never published");

    const bad = await post({ service_code: "environment", address_string: "北门", is_public: "maybe" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()[0].description).toMatch(/is_public/);
  });
});
