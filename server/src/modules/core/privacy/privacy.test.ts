// Personal information (PIPL): revealing a full record needs a reason and is audited; ID numbers are
// stored only encrypted plus a keyed hash; people can export everything held about them; public
// routes carry no person data at all (so no child's data can appear there).

import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestApp,
  createUser,
  createWorld,
  grant,
  isBilingualError,
  makeIdNumber,
  sessionCookie,
  type TestApp,
} from "../../../../test/test-app.ts";
import { publishNotice } from "../../deliberation/notices/notices.service.ts";
import { graphFromEdges } from "../../lifecircle/network/graph.ts";
import { packGraph } from "../../lifecircle/network/graph-bytes.ts";
import { decryptPii, hashPii, isChildUnder14 } from "./pii.service.ts";

type World = Awaited<ReturnType<typeof createWorld>>;

let t: TestApp;
let w: World;
let A: string;
let gridWorker: { id: number; cookie: string };
let communityWorker: { id: number; cookie: string };

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t.db);
  A = `/api/communities/${w.a.id}`;
  const gw = await createUser(t.db, "网格员");
  await grant(t.db, gw.id, "grid_worker", "grid", w.a.grids[0]!, w.a.id);
  gridWorker = { id: gw.id, cookie: await sessionCookie(t, gw.id) };
  const cw = await createUser(t.db, "社区干部");
  await grant(t.db, cw.id, "community_worker", "community", w.a.id);
  communityWorker = { id: cw.id, cookie: await sessionCookie(t, cw.id) };
});
afterAll(async () => {
  await t?.close();
});

function call(method: "GET" | "POST", url: string, cookie: string | null, payload?: object) {
  return t.app.inject({ method, url, payload, headers: cookie ? { cookie } : {} });
}

/** A resident registered by staff in A's first household (grid A.g1), with a phone and an ID number. */
async function addResident(name: string, idNumber: string, phone: string, extra: object = {}) {
  const res = await call("POST", `${A}/residents`, communityWorker.cookie, {
    householdId: w.a.households[0]!.id,
    name,
    relation: "family",
    idNumber,
    phone,
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().id as number;
}

const auditRows = (action: string, targetId: number) =>
  t.db
    .selectFrom("audit_log")
    .selectAll()
    .where("action", "=", action)
    .where("target_id", "=", String(targetId))
    .execute();

describe("revealing a full record", () => {
  it("needs a reason, and refuses without writing anything", async () => {
    const id = await addResident("孙阿姨", makeIdNumber("1962-03-04"), "13911112222");
    for (const body of [{}, { reason: "" }, { reason: "看看" }, { reason: "    " }]) {
      const res = await call("POST", `${A}/residents/${id}/reveal`, gridWorker.cookie, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().code).toBe("VALIDATION");
      expect(isBilingualError(res.json())).toBe(true);
      expect(res.body).not.toContain("13911112222");
    }
    expect(await auditRows("resident.reveal", id)).toEqual([]);
  });

  it("returns the full phone and ID number and audits the reason and the actor's role", async () => {
    const idNumber = makeIdNumber("1950-07-08", "222");
    const id = await addResident("周大爷", idNumber, "13933334444");
    const res = await call("POST", `${A}/residents/${id}/reveal`, gridWorker.cookie, {
      reason: "独居老人走访，需电话联系",
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ phone: "13933334444", idNumber });

    const [row] = await auditRows("resident.reveal", id);
    expect(row).toMatchObject({
      actor_user_id: gridWorker.id,
      actor_role: "grid_worker",
      scope_community_id: w.a.id,
      target_type: "resident",
      reason: "独居老人走访，需电话联系",
    });
    // the audit log records that it was opened, not what was in it
    expect(JSON.stringify(row)).not.toContain(idNumber);

    await call("POST", `${A}/residents/${id}/reveal`, communityWorker.cookie, { reason: "核对身份证信息" });
    const rows = await auditRows("resident.reveal", id);
    expect(rows.map((r) => r.actor_role)).toEqual(["grid_worker", "community_worker"]);
  });

  it("writes no audit row when the caller may not reveal that person", async () => {
    const res = await call("POST", `${A}/residents/${w.a.residents[2]!.id}/reveal`, gridWorker.cookie, {
      reason: "不在我的网格",
    });
    expect(res.statusCode).toBe(403);
    expect(await auditRows("resident.reveal", w.a.residents[2]!.id)).toEqual([]);
  });
});

describe("ID numbers at rest", () => {
  it("are stored encrypted, never in clear, and found by a keyed hash", async () => {
    const idNumber = makeIdNumber("1988-12-24", "333");
    const first = await addResident("郑女士", idNumber, "13955556666");
    const second = await addResident("郑女士同号", idNumber.toLowerCase(), "13955557777");

    const rows = await t.db
      .selectFrom("resident")
      .select(["id", "id_number_enc", "id_number_hash", "birth_date"])
      .where("id", "in", [first, second])
      .orderBy("id")
      .execute();
    const everything = JSON.stringify(rows);
    expect(everything).not.toContain(idNumber);
    expect(everything).not.toContain(idNumber.slice(6)); // nor its birth date and serial
    for (const r of rows) {
      expect(r.id_number_enc).toMatch(/^v1:/);
      expect(decryptPii(t.config.piiKey, r.id_number_enc!)).toBe(idNumber);
    }
    // a fresh IV each time: equal numbers do not give equal ciphertexts…
    expect(rows[0]!.id_number_enc).not.toBe(rows[1]!.id_number_enc);
    // …but the keyed hash is equal, which is how an exact lookup finds them
    expect(rows[0]!.id_number_hash).toBe(rows[1]!.id_number_hash);
    const found = await t.db
      .selectFrom("resident")
      .select("id")
      .where("community_id", "=", w.a.id)
      .where("id_number_hash", "=", hashPii(t.config.piiKey, idNumber))
      .orderBy("id")
      .execute();
    expect(found.map((r) => r.id)).toEqual([first, second]);
    // keyed: a plain hash of the number (which anyone could compute from a guess) is not what is stored
    const plain = createHash("sha256").update(idNumber).digest();
    expect(rows[0]!.id_number_hash).not.toBe(plain.toString("base64url"));
    expect(rows[0]!.id_number_hash).not.toBe(plain.toString("hex"));
    expect(hashPii(createHash("sha256").update("another key").digest(), idNumber)).not.toBe(
      rows[0]!.id_number_hash,
    );
    // the birth date is taken from the number
    expect(rows[0]!.birth_date).toBe("1988-12-24");
  });

  it("keeps the number and the full phone out of the audit log of the change", async () => {
    const idNumber = makeIdNumber("1979-02-03", "444");
    const id = await addResident("冯先生", idNumber, "13977778888");
    const [row] = await auditRows("resident.create", id);
    const text = JSON.stringify(row);
    expect(text).not.toContain(idNumber);
    expect(text).not.toContain("13977778888");
    expect(text).toContain("139****8888");
  });
});

describe("my data export", () => {
  it("contains the person's own full data and who opened their record, and nobody else's", async () => {
    const person = await createUser(t.db, "韩女士");
    const cookie = await sessionCookie(t, person.id);
    const idNumber = makeIdNumber("1990-01-15", "555");
    const request = await call("POST", "/api/me/residency", cookie, {
      communityId: w.a.id,
      name: "韩女士",
      claimedAddress: "1栋1单元101",
      relation: "owner",
      idNumber,
    });
    expect(request.statusCode, request.body).toBe(200);
    const residentId = request.json().residentId as number;
    const verified = await call("POST", `${A}/residents/${residentId}/verify`, gridWorker.cookie, {
      householdId: w.a.households[0]!.id,
      relation: "owner",
    });
    expect(verified.statusCode).toBe(200);
    await call("POST", `${A}/residents/${residentId}/reveal`, gridWorker.cookie, {
      reason: "核实房屋产权人",
    });

    const res = await call("GET", "/api/me/data-export", cookie);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["content-disposition"]).toMatch(/attachment/);
    const data = res.json();
    expect(data.account).toMatchObject({ id: person.id, phone: person.phone, name: "韩女士" });
    expect(data.residentRecords).toEqual([
      expect.objectContaining({
        id: residentId,
        name: "韩女士",
        idNumber,
        phone: person.phone,
        status: "verified",
        household_id: w.a.households[0]!.id,
        birth_date: "1990-01-15",
      }),
    ]);
    expect(data.whoOpenedMyRecord).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: "resident.reveal",
          actor_role: "grid_worker",
          reason: "核实房屋产权人",
        }),
        expect.objectContaining({ action: "resident.verify", actor_role: "grid_worker" }),
      ]),
    );
    expect(data.sessions.length).toBeGreaterThanOrEqual(1);
    // housemates are not the person's own data, and secrets are not data about them
    expect(res.body).not.toContain("居民0101");
    expect(res.body).not.toContain("password");
    expect(res.body).not.toContain("argon2");

    const audit = await t.db
      .selectFrom("audit_log")
      .select(["actor_user_id", "actor_role"])
      .where("action", "=", "me.data_export")
      .execute();
    expect(audit).toEqual([{ actor_user_id: person.id, actor_role: "self" }]);
  });
});

describe("public views", () => {
  it("carry no person data: no resident's or child's name, phone or age appears in any public route", async () => {
    const childBirth = `${new Date().getUTCFullYear() - 8}-06-01`;
    expect(isChildUnder14(childBirth)).toBe(true);
    await addResident("小明同学", makeIdNumber(childBirth, "666"), "13900001111");
    const residents = await t.db.selectFrom("resident").select(["name", "phone"]).execute();
    expect(residents.length).toBeGreaterThan(10);

    const publicGets = t.app.routeTable.filter((r) => r.access.kind === "public" && r.method === "GET");
    expect(publicGets.map((r) => r.url)).toEqual(
      expect.arrayContaining(["/api/health", "/api/places/divisions"]),
    );
    // public routes that need a query string get one naming community A (and its grid and street)
    const queries: Record<string, string[]> = {
      "/api/board/figures": [
        `?level=community&id=${w.a.id}`,
        `?level=grid&id=${w.a.grids[0]}&communityId=${w.a.id}`,
        `?level=street&id=${w.streetA}`,
      ],
      "/api/board/participation": [
        `?level=community&id=${w.a.id}`,
        `?level=grid&id=${w.a.grids[0]}&communityId=${w.a.id}`,
        `?level=street&id=${w.streetA}`,
      ],
      // insight's open data (issue 17)
      "/api/open/figures": [`?place=community:${w.a.id}`, `?place=street:${w.streetA}&period=year`],
      "/api/open/figures.csv": [`?place=community:${w.a.id}`, `?place=street:${w.streetA}`],
    };
    // the public reading of one opinion gets a real tracking code of community A
    const opinion = await call("POST", `/api/communities/${w.a.id}/opinions`, null, {
      text: "楼下路灯坏了，晚上很黑，请尽快修理",
    });
    expect(opinion.statusCode, opinion.body).toBeLessThan(300);
    const trackingCode: string = opinion.json().trackingCode;
    // and one public notice of community A, to read on its own
    const notice = await publishNotice(t.db, {
      communityId: w.a.id,
      kind: "announcement",
      title: "停水通知",
      body: "明日上午9点至12点停水，请提前储水",
      visibility: "public",
      byUserId: null,
    });
    // and a public co-building project of community A with a resident's pledge, a photo and a booking
    const project = await t.db
      .insertInto("project")
      .values({
        community_id: w.a.id,
        title: "幸福食堂",
        tier: "community",
        estate_id: null,
        building_id: null,
        grid_id: null,
        origin_kind: "staff",
        origin_id: null,
        is_public: true,
        treasurer_user_id: null,
        organiser_user_id: null,
        design_kind: null,
        design_ref_id: null,
        design_choice: null,
        created_by: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const ids = { community_id: w.a.id, project_id: project.id };
    const target = await t.db
      .insertInto("project_target")
      .values({ ...ids, kind: "labour", item: "送餐", quantity: 10 })
      .returning("id")
      .executeTakeFirstOrThrow();
    const pledger = await t.db
      .insertInto("app_user")
      .values({ name: residents[0]!.name, phone: "13900002222" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto("project_pledge")
      .values({
        ...ids,
        target_id: target.id,
        kind: "labour",
        pledger_user_id: pledger.id,
        pledger_org_id: null,
        pledger_kind: "resident",
        quantity: 2,
      })
      .execute();
    const photo = await t.db
      .insertInto("project_photo")
      .values({
        ...ids,
        kind: "after",
        mime: "image/png",
        byte_size: 4,
        sha256: "0".repeat(64),
        bytes: Buffer.from([137, 80, 78, 71]),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto("project_booking")
      .values({
        ...ids,
        seq: 1,
        direction: "income",
        amount_fen: 500,
        balance_fen: 500,
        income_total_fen: 500,
        expense_total_fen: 0,
        memo: "居民众筹",
        occurred_on: "2026-12-01",
        idempotency_key: "privacy-booking-1",
        booked_by: pledger.id,
      })
      .execute();
    // the life circle's reading of a building matched to the register: walking times, no residents
    await t.db
      .insertInto("lifecircle_network")
      .values({
        community_id: w.a.id,
        source: "privacy.osm.pbf",
        byte_size: 1,
        nodes: 2,
        edges: 1,
        largest_part: 2,
        osm_buildings: 1,
        osm_pois: 0,
        // a real two-node graph, so the public routes that walk it (isochrones) read it as they would
        graph: packGraph(
          graphFromEdges(
            Float64Array.from([43.7301, 43.7305]),
            Float64Array.from([7.4201, 7.4205]),
            Float64Array.from([1, 2]),
            Int32Array.from([0]),
            Int32Array.from([1]),
            1,
          ),
        ),
        kinds: ["pharmacy"],
        computed_at: new Date(),
      })
      .execute();
    const lcBuilding = await t.db
      .insertInto("lifecircle_building")
      .values({
        community_id: w.a.id,
        osm_id: 4242,
        lat: 43.7301,
        lon: 7.4201,
        name: "一号楼",
        residential: true,
        snap_node: 0,
        snap_leg: 12,
        building_id: w.a.buildings[0]!.id,
        match_status: "confirmed",
        meters: [480],
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    // a volunteer record certificate, checked by its code: it states the volunteer's name (the holder
    // shows the paper; the check confirms it), hours and services, never a phone or an ID number; the
    // holder here is not on the register, so the sweep's name check still bites for everyone else
    const certHolder = await t.db
      .insertInto("app_user")
      .values({ phone: "18600009999", name: "证书持有人" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const certificate = await t.db
      .insertInto("vol_certificate")
      .values({
        community_id: w.a.id,
        user_id: certHolder.id,
        code: "PRIVACY00001",
        content: JSON.stringify({
          volunteerName: "证书持有人",
          issuer: "东龙社区居民委员会",
          totalMinutes: 120,
          services: [{ date: "2026-12-01", title: "送餐", place: "食堂", minutes: 120 }],
        }),
        issued_by: certHolder.id,
      })
      .returning("code")
      .executeTakeFirstOrThrow();
    const urls = publicGets.flatMap((route) =>
      (queries[route.url] ?? [""]).map(
        (q) =>
          route.url
            .replace(":communityId", String(w.a.id))
            .replace(":trackingCode", trackingCode)
            .replace(":noticeId", String(notice.id))
            .replace(":projectId", String(project.id))
            .replace(":photoId", String(photo.id))
            .replace(":lcBuildingId", String(lcBuilding.id))
            .replace(":code", certificate.code) + q,
      ),
    );
    for (const url of urls) {
      const route = { url };
      // the path must have no parameter left (a query string may hold a colon: place=community:1)
      expect(url.split("?")[0], "a public route with other parameters needs its own case here").not.toContain(
        ":",
      );
      const res = await call("GET", url, null);
      expect(res.statusCode, `${url}: ${res.body.slice(0, 200)}`).toBe(200);
      for (const r of residents) {
        expect(res.body, `${route.url} shows ${r.name}`).not.toContain(r.name);
        if (r.phone) expect(res.body, `${route.url} shows a phone`).not.toContain(r.phone);
      }
      expect(res.body).not.toMatch(/"(age|birthDate|birth_date|phone|idNumber|members)"/);
    }
  });

  it("answers anonymous callers of person routes with 401, without a hint of the data", async () => {
    for (const url of [
      `${A}/households/${w.a.households[0]!.id}`,
      `${A}/residents?q=${encodeURIComponent("小明")}`,
      "/api/me/data-export",
    ]) {
      const res = await call("GET", url, null);
      expect(res.statusCode, url).toBe(401);
      expect(res.body).not.toContain("小明");
    }
  });
});
