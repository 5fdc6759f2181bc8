// Open311 GeoReport v2 (V7) through the real server: every answer validates against the standard's
// JSON Schemas (our copy in ./schemas, checked equal to ../shared/data when that folder exists), the
// XML parses with the spec's root elements, errors are the spec's arrays, POST needs a live key of the
// jurisdiction's community, bad posts store nothing, filters and the status mapping work, and no
// person data or private request is ever shown. Keys are managed in the staff console (audited).
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestApp,
  createUser,
  createWorld,
  diffSnapshots,
  grant,
  sessionCookie,
  snapshotDatabase,
  type TestApp,
} from "../../../../test/test-app.ts";
import { insertRequest } from "../figures/figures.fixtures.ts";

const SCHEMAS = path.resolve(import.meta.dirname, "schemas");
const ORIGINALS = path.resolve(process.cwd(), "../shared/data/open311-georeport-v2");
const readJson = (dir: string, f: string) => JSON.parse(readFileSync(path.join(dir, f), "utf8"));

// ---- validators from the copied schemas ----

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
// formats the Swagger document uses that are not JSON Schema formats
for (const f of ["uid", "double", "uint"]) ajv.addFormat(f, true);
for (const f of ["request.json", "requests.json", "service.json", "services.json", "service-definition.json"])
  ajv.addSchema(readJson(SCHEMAS, f), f);
const swagger = readJson(SCHEMAS, "swagger.json");
const validators = {
  services: ajv.getSchema("services.json")!,
  service: ajv.getSchema("service.json")!,
  definition: ajv.getSchema("service-definition.json")!,
  requests: ajv.getSchema("requests.json")!,
  request: ajv.getSchema("request.json")!,
  // the POST answer has no JSON Schema file; the Swagger document defines it
  postResponse: ajv.compile({ type: "array", minItems: 1, items: swagger.definitions.RequestResponse }),
  // GeoReport v2 "Errors": an array of {code, description}
  errors: ajv.compile({
    type: "array",
    minItems: 1,
    items: {
      type: "object",
      required: ["code", "description"],
      additionalProperties: false,
      properties: { code: { type: "integer" }, description: { type: "string", minLength: 1 } },
    },
  }),
  // Service Discovery: "All fields are required"
  discovery: ajv.compile({
    type: "object",
    required: ["changeset", "contact", "key_service", "endpoints"],
    additionalProperties: false,
    properties: {
      changeset: { type: "string" },
      contact: { type: "string" },
      key_service: { type: "string" },
      endpoints: {
        type: "array",
        minItems: 1,
        items: {
          type: "object",
          required: ["specification", "url", "changeset", "type", "formats"],
          additionalProperties: false,
          properties: {
            specification: { type: "string" },
            url: { type: "string", format: "uri" },
            changeset: { type: "string" },
            type: { enum: ["production", "test"] },
            formats: { type: "array", items: { type: "string" } },
          },
        },
      },
    },
  }),
};

function expectValid(validate: ValidateFunction, data: unknown, what: string) {
  const ok = validate(data);
  expect(ok, `${what} does not validate: ${JSON.stringify(validate.errors, null, 1)}`).toBe(true);
}

/** Field names must be the spec's: no field the schema does not know. */
function expectOnlyFields(objects: object[], schemaFile: string) {
  const known = new Set(Object.keys(readJson(SCHEMAS, schemaFile).properties));
  for (const o of objects) expect(Object.keys(o).filter((k) => !known.has(k))).toEqual([]);
}

// ---- a tiny XML reader: well-formedness, the element tree and its text (no new dependency) ----

interface XmlElement {
  name: string;
  children: XmlElement[];
  text: string;
}

function parseXml(xml: string): XmlElement {
  expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, "");
  const root: XmlElement = { name: "#document", children: [], text: "" };
  const stack = [root];
  const token = /<(\/?)([A-Za-z_][\w.-]*)\s*(\/?)>|([^<]+)|(<)/g;
  for (let m = token.exec(body); m; m = token.exec(body)) {
    const top = stack[stack.length - 1]!;
    if (m[5]) throw new Error(`malformed XML near ${body.slice(m.index, m.index + 40)}`);
    if (m[4] !== undefined) {
      if (/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(m[4])) throw new Error(`bare & in ${m[4]}`);
      top.text += m[4]
        .replaceAll("&lt;", "<")
        .replaceAll("&gt;", ">")
        .replaceAll("&quot;", '"')
        .replaceAll("&apos;", "'")
        .replaceAll("&amp;", "&");
    } else if (m[1]) {
      if (top.name !== m[2]) throw new Error(`</${m[2]}> closes <${top.name}>`);
      stack.pop();
    } else {
      const el: XmlElement = { name: m[2]!, children: [], text: "" };
      top.children.push(el);
      if (!m[3]) stack.push(el);
    }
  }
  if (stack.length !== 1) throw new Error(`unclosed <${stack[stack.length - 1]!.name}>`);
  expect(root.children).toHaveLength(1);
  return root.children[0]!;
}
const child = (e: XmlElement, name: string) => e.children.find((c) => c.name === name);

// ---- the world ----

const CODE_A = "420106001001";
type World = Awaited<ReturnType<typeof createWorld>>;
let t: TestApp;
let w: World;
let secretaryA: string;
let secretaryB: string;
let gridWorkerA: string;
let keyA: { id: number; key: string };
let keyB: { id: number; key: string };

async function call(method: "GET" | "POST", url: string, opts: { form?: string; json?: unknown } = {}) {
  const headers: Record<string, string> = {};
  let payload: string | undefined;
  if (opts.form !== undefined) {
    headers["content-type"] = "application/x-www-form-urlencoded; charset=utf-8";
    payload = opts.form;
  } else if (opts.json !== undefined) {
    headers["content-type"] = "application/json";
    payload = JSON.stringify(opts.json);
  }
  return t.app.inject({ method, url, headers, payload });
}
const form = (fields: Record<string, string | number>) =>
  new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, String(v)])).toString();

async function makeKey(cookie: string, communityId: number, name: string) {
  const res = await t.app.inject({
    method: "POST",
    url: `/api/communities/${communityId}/open311-keys`,
    headers: { cookie },
    payload: { name },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { id: number; key: string; prefix: string; jurisdictionId: string };
}

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t.db);
  await t.db.updateTable("community").set({ code: CODE_A }).where("id", "=", w.a.id).execute();
  const staff = async (
    name: string,
    role: "community_secretary" | "grid_worker",
    cid: number,
    scope?: number,
  ) => {
    const u = await createUser(t.db, name);
    if (role === "grid_worker") await grant(t.db, u.id, role, "grid", scope!, cid);
    else await grant(t.db, u.id, role, "community", cid);
    return sessionCookie(t, u.id);
  };
  secretaryA = await staff("甲社区书记", "community_secretary", w.a.id);
  secretaryB = await staff("乙社区书记", "community_secretary", w.b.id);
  gridWorkerA = await staff("甲网格员", "grid_worker", w.a.id, w.a.grids[0]!);
  keyA = await makeKey(secretaryA, w.a.id, "区12345平台");
  keyB = await makeKey(secretaryB, w.b.id, "乙社区小程序");
});
afterAll(async () => {
  await t?.close();
});

describe("the copied schemas", () => {
  it("equal the published ones in ../shared/data/open311-georeport-v2 (when that folder is there)", () => {
    if (!existsSync(ORIGINALS)) return;
    const originals = readdirSync(ORIGINALS).filter((f) => f.endsWith(".json"));
    expect(originals.length).toBeGreaterThanOrEqual(6);
    for (const f of originals) {
      expect(readFileSync(path.join(SCHEMAS, f), "utf8"), f).toBe(
        readFileSync(path.join(ORIGINALS, f), "utf8"),
      );
    }
  });
});

describe("discovery", () => {
  it("names the GeoReport v2 endpoint, its formats and how to get a key (json and xml)", async () => {
    const res = await call("GET", "/open311/v2/discovery.json");
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("application/json; charset=utf-8");
    const d = res.json();
    expectValid(validators.discovery, d, "discovery");
    expect(d.endpoints[0].specification).toBe("http://wiki.open311.org/GeoReport_v2");
    expect(d.endpoints[0].url).toMatch(/^http:\/\/[^/]+\/open311\/v2$/);
    expect(d.endpoints[0].formats).toEqual(["text/xml", "application/json"]);

    const xml = await call("GET", "/open311/v2/discovery.xml");
    expect(xml.headers["content-type"]).toBe("text/xml; charset=utf-8");
    const root = parseXml(xml.body);
    expect(root.name).toBe("discovery");
    const endpoint = child(child(root, "endpoints")!, "endpoint")!;
    expect(child(child(endpoint, "formats")!, "format")!.text).toBe("text/xml");
    expect(child(endpoint, "specification")!.text).toBe(d.endpoints[0].specification);
  });
});

describe("services", () => {
  it("lists the community's categories as services, by division code or by id", async () => {
    const res = await call("GET", `/open311/v2/services.json?jurisdiction_id=${CODE_A}`);
    expect(res.statusCode, res.body).toBe(200);
    const services = res.json();
    expectValid(validators.services, services, "services");
    expectOnlyFields(services, "service.json");
    const codes = services.map((s: any) => s.service_code);
    expect(codes).toEqual(expect.arrayContaining(["environment", "property_repair", "parking", "safety"]));
    const env = services.find((s: any) => s.service_code === "environment");
    expect(env).toMatchObject({ service_name: "环境卫生", metadata: false, type: "realtime" });

    const byId = await call("GET", `/open311/v2/services.json?jurisdiction_id=${w.b.id}`);
    expect(byId.statusCode).toBe(200);
    expectValid(validators.services, byId.json(), "services of B");

    const xml = await call("GET", `/open311/v2/services.xml?jurisdiction_id=${CODE_A}`);
    expect(xml.headers["content-type"]).toBe("text/xml; charset=utf-8");
    const root = parseXml(xml.body);
    expect(root.name).toBe("services");
    expect(root.children.map((c) => c.name)).toEqual(services.map(() => "service"));
    expect(child(root.children[0]!, "service_code")!.text).toBe(services[0].service_code);
    expect(child(root.children[0]!, "metadata")!.text).toBe("false");
  });

  it("leaves out categories no longer in use", async () => {
    await t.db
      .insertInto("request_category")
      .values({ community_id: w.c.id, code: "retired", name_zh: "旧分类", name_en: "Retired", active: false })
      .execute();
    const res = await call("GET", `/open311/v2/services.json?jurisdiction_id=${w.c.id}`);
    expect(res.json().map((s: any) => s.service_code)).not.toContain("retired");
    const def = await call("GET", `/open311/v2/services/retired.json?jurisdiction_id=${w.c.id}`);
    expect(def.statusCode).toBe(404);
  });

  it("answers 400 without jurisdiction_id (several communities) and 404 for an unknown one, as spec error arrays", async () => {
    const missing = await call("GET", "/open311/v2/services.json");
    expect(missing.statusCode).toBe(400);
    expectValid(validators.errors, missing.json(), "errors");
    expect(missing.json()[0].code).toBe(400);
    expect(missing.json()[0].description).toContain("jurisdiction_id");

    const unknown = await call("GET", "/open311/v2/services.xml?jurisdiction_id=nowhere.gov");
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers["content-type"]).toBe("text/xml; charset=utf-8");
    const root = parseXml(unknown.body);
    expect(root.name).toBe("errors");
    const error = child(root, "error")!;
    expect(child(error, "code")!.text).toBe("404");
    expect(child(error, "description")!.text).toContain("nowhere.gov");
  });

  it("gives a service definition with no attributes, and 404 for an unknown code", async () => {
    const res = await call("GET", `/open311/v2/services/parking.json?jurisdiction_id=${CODE_A}`);
    expect(res.statusCode).toBe(200);
    expectValid(validators.definition, res.json(), "service definition");
    expect(res.json()).toEqual({ service_code: "parking", attributes: [] });

    const xml = parseXml(
      (await call("GET", `/open311/v2/services/parking.xml?jurisdiction_id=${CODE_A}`)).body,
    );
    expect(xml.name).toBe("service_definition");
    expect(child(xml, "service_code")!.text).toBe("parking");
    expect(child(xml, "attributes")!.children).toEqual([]);

    const unknown = await call("GET", `/open311/v2/services/potholes.json?jurisdiction_id=${CODE_A}`);
    expect(unknown.statusCode).toBe(404);
    expectValid(validators.errors, unknown.json(), "errors");
    const noFormat = await call("GET", `/open311/v2/services/parking.html?jurisdiction_id=${CODE_A}`);
    expect(noFormat.statusCode).toBe(404);
    expectValid(validators.errors, noFormat.json(), "errors");
  });

  it("answers unknown GeoReport paths with a spec 404 too", async () => {
    const res = await call("GET", "/open311/v2/tokens/123.xml");
    expect(res.statusCode).toBe(404);
    expect(parseXml(res.body).name).toBe("errors");
  });
});

describe("POST requests", () => {
  it("creates a request from a form post, through the requests module, and shows it publicly", async () => {
    const before = await t.db
      .selectFrom("request")
      .select(t.db.fn.countAll().as("n"))
      .executeTakeFirstOrThrow();
    const res = await call("POST", "/open311/v2/requests.json", {
      form: form({
        api_key: keyA.key,
        jurisdiction_id: CODE_A,
        service_code: "public_facilities",
        lat: "30.5459",
        long: "114.3421",
        address_string: "东龙花园北门路灯",
        description: "北门路灯不亮\n已经三天了，晚上很黑",
        first_name: "小明",
        last_name: "王",
        phone: "13800001111",
        email: "wang@example.com",
        device_id: "tt222111",
        account_id: "123456",
        media_url: "https://example.com/photos/light.jpg",
        // a Linli extension: without it the request is stored private (see request-privacy.test.ts)
        is_public: "true",
      }),
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["content-type"]).toBe("application/json; charset=utf-8");
    const answer = res.json();
    expectValid(validators.postResponse, answer, "POST answer");
    expect(answer).toHaveLength(1);
    expect(answer[0].service_request_id).toMatch(/^\d+$/);
    expect(answer[0].service_notice).toMatch(/前签收/);
    const after = await t.db
      .selectFrom("request")
      .select(t.db.fn.countAll().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n) + 1);

    const id = Number(answer[0].service_request_id);
    const row = await t.db
      .selectFrom("request")
      .selectAll()
      .where("community_id", "=", w.a.id)
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      channel: "app",
      status: "submitted",
      kind: "problem",
      title: "北门路灯不亮",
      submitter_user_id: null,
      submitter_name: "王小明",
      submitter_phone: "13800001111",
      is_public: true,
      lat: 30.5459,
      lng: 114.3421,
      address_text: "东龙花园北门路灯",
    });
    const events = await t.db
      .selectFrom("request_event")
      .select(["kind", "note", "data", "actor_user_id"])
      .where("community_id", "=", w.a.id)
      .where("request_id", "=", id)
      .orderBy("id")
      .execute();
    expect(events.map((e) => e.kind)).toEqual(["submitted", "note"]);
    const data = (e: (typeof events)[number]) => (typeof e.data === "string" ? JSON.parse(e.data) : e.data);
    expect(data(events[0]!)).toMatchObject({ channel: "app", origin: "open311", client: "区12345平台" });
    expect(events[1]!.note).toContain("https://example.com/photos/light.jpg");

    // GET requests/{id}: the public view, valid, without the person
    const one = await call("GET", `/open311/v2/requests/${id}.json?jurisdiction_id=${CODE_A}`);
    expect(one.statusCode, one.body).toBe(200);
    expectValid(validators.requests, one.json(), "request by id");
    expectOnlyFields(one.json(), "request.json");
    const r = one.json()[0];
    expectValid(validators.request, r, "request");
    expect(r).toMatchObject({
      service_request_id: String(id),
      status: "open",
      service_code: "public_facilities",
      service_name: "公共设施",
      description: "北门路灯不亮\n已经三天了，晚上很黑",
      agency_responsible: "东龙社区",
      lat: 30.5459,
      long: 114.3421,
    });
    expect(r.address).toMatch(/^东龙花园北门路灯, 东龙社区, 甲街道, 测试区/);
    expect(r.requested_datetime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
    expect(new Date(r.expected_datetime).getTime()).toBe(new Date(row.solve_due_at).getTime());
    // service_notice: the same text as the POST answered, by id and in the list
    expect(r.service_notice).toBe(answer[0].service_notice);
    const listed = await call(
      "GET",
      `/open311/v2/requests.json?jurisdiction_id=${CODE_A}&service_request_id=${id}`,
    );
    expect(listed.json()[0].service_notice).toBe(answer[0].service_notice);
    expect(new Date(r.requested_datetime).getTime()).toBe(
      Math.floor(new Date(row.created_at).getTime() / 1000) * 1000,
    );
    for (const secret of ["王小明", "小明", "13800001111", "1111", "wang@example.com", "tt222111", "123456"])
      expect(one.body).not.toContain(secret);
  });

  it("accepts JSON and answers in XML", async () => {
    const res = await call("POST", "/open311/v2/requests.xml", {
      json: {
        api_key: keyA.key,
        jurisdiction_id: CODE_A,
        service_code: "environment",
        address_id: String(w.a.buildings[0]!.id),
        description: "1栋门口垃圾 <未清运> & 有异味",
        is_public: true,
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["content-type"]).toBe("text/xml; charset=utf-8");
    const root = parseXml(res.body);
    expect(root.name).toBe("service_requests");
    const request = child(root, "request")!;
    const id = child(request, "service_request_id")!.text;
    expect(id).toMatch(/^\d+$/);

    const xml = parseXml(
      (await call("GET", `/open311/v2/requests/${id}.xml?jurisdiction_id=${CODE_A}`)).body,
    );
    expect(xml.name).toBe("service_requests");
    const r = child(xml, "request")!;
    expect(child(r, "description")!.text).toBe("1栋门口垃圾 <未清运> & 有异味");
    expect(child(r, "address_id")!.text).toBe(String(w.a.buildings[0]!.id));
    expect(child(r, "address")!.text).toMatch(/^1栋, 东龙社区花园, 东龙社区/);
    expect(child(r, "zipcode")!.children).toEqual([]);
    expect(child(r, "status")!.text).toBe("open");
  });

  it("takes the api_key from the query string as well", async () => {
    const res = await call("POST", `/open311/v2/requests.json?api_key=${encodeURIComponent(keyB.key)}`, {
      form: form({
        jurisdiction_id: String(w.b.id),
        service_code: "parking",
        address_string: "西城社区东门",
      }),
    });
    expect(res.statusCode, res.body).toBe(200);
    expectValid(validators.postResponse, res.json(), "POST answer");
  });

  it("refuses bad keys, other communities, unknown services and missing locations, storing nothing", async () => {
    const revoked = await makeKey(secretaryA, w.a.id, "旧平台");
    const rv = await t.app.inject({
      method: "POST",
      url: `/api/communities/${w.a.id}/open311-keys/${revoked.id}/revoke`,
      headers: { cookie: secretaryA },
    });
    expect(rv.statusCode).toBe(200);
    const good = {
      api_key: keyA.key,
      jurisdiction_id: CODE_A,
      service_code: "parking",
      address_string: "北门",
    };
    const cases: [string, Record<string, string>, number, RegExp][] = [
      ["no key", { ...good, api_key: "" }, 403, /api_key/],
      ["a wrong key", { ...good, api_key: "l311_not-a-key" }, 403, /Invalid api_key/],
      ["a revoked key", { ...good, api_key: revoked.key }, 403, /Invalid api_key/],
      ["B's key for A", { ...good, api_key: keyB.key }, 403, /not valid for jurisdiction/],
      ["A's key for B", { ...good, jurisdiction_id: String(w.b.id) }, 403, /not valid for jurisdiction/],
      ["no jurisdiction", { ...good, jurisdiction_id: "" }, 400, /jurisdiction_id was not provided/],
      ["an unknown jurisdiction", { ...good, jurisdiction_id: "999999" }, 404, /not found/],
      ["no service_code", { ...good, service_code: "" }, 400, /service_code was not provided/],
      [
        "an unknown service_code",
        { ...good, service_code: "potholes" },
        404,
        /service_code potholes was not found/,
      ],
      ["no location", { ...good, address_string: "" }, 400, /location is required/],
      ["lat without long", { ...good, address_string: "", lat: "30.5" }, 400, /lat and long/],
      ["a latitude out of range", { ...good, lat: "95", long: "114" }, 400, /lat must be a number/],
      ["a latitude that is not a number", { ...good, lat: "north", long: "114" }, 400, /lat must be/],
      [
        "another community's building",
        { ...good, address_string: "", address_id: String(w.b.buildings[0]!.id) },
        400,
        /building/i,
      ],
      ["a description too long", { ...good, description: "长".repeat(4001) }, 400, /4000/],
      ["a media_url that is not a URL", { ...good, media_url: "javascript:alert(1)" }, 400, /media_url/],
      ["an is_public that is not true or false", { ...good, is_public: "maybe" }, 400, /is_public/],
    ];
    const failures: string[] = [];
    for (const [what, fields, status, message] of cases) {
      for (const format of ["json", "xml"] as const) {
        const before = await snapshotDatabase(t.db);
        const res = await call("POST", `/open311/v2/requests.${format}`, { form: form(fields) });
        const changed = diffSnapshots(before, await snapshotDatabase(t.db));
        if (changed.length) failures.push(`${what} (${format}) changed ${changed.join("; ")}`);
        if (res.statusCode !== status) failures.push(`${what} (${format}): ${res.statusCode} ${res.body}`);
        if (format === "json") {
          if (!validators.errors(res.json())) failures.push(`${what}: not a spec error array: ${res.body}`);
          else if (res.json()[0].code !== status || !message.test(res.json()[0].description))
            failures.push(`${what}: ${res.body}`);
        } else {
          const root = parseXml(res.body);
          const code = child(child(root, "error")!, "code")!.text;
          if (root.name !== "errors" || code !== String(status)) failures.push(`${what} (xml): ${res.body}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it("answers a malformed body or an unsupported content type with a spec 400", async () => {
    const bad = await t.app.inject({
      method: "POST",
      url: "/open311/v2/requests.json",
      headers: { "content-type": "application/json" },
      payload: "{not json",
    });
    expect(bad.statusCode).toBe(400);
    expectValid(validators.errors, bad.json(), "errors");
    const text = await t.app.inject({
      method: "POST",
      url: "/open311/v2/requests.xml",
      headers: { "content-type": "application/octet-stream" },
      payload: "api_key=x",
    });
    expect(text.statusCode).toBe(400);
    expect(parseXml(text.body).name).toBe("errors");
  });
});

describe("GET requests", () => {
  const HOUR = 3_600_000;
  const DAY = 24 * HOUR;
  let ids: Record<string, number>;

  beforeAll(async () => {
    const now = Date.now();
    const base = { communityId: w.c.id, gridId: w.c.grids[0]!, estateId: w.c.estateId, isPublic: true };
    const make = async (title: string, extra: Partial<Parameters<typeof insertRequest>[1]>) =>
      (await insertRequest(t.db, { ...base, title, ...extra })).id;
    ids = {
      submitted: await make("新提交", { createdAt: new Date(now - 1 * HOUR) }),
      signed: await make("已签收", {
        createdAt: new Date(now - 2 * DAY),
        status: "signed",
        signedAt: new Date(now - 2 * DAY + HOUR),
        buildingId: w.c.buildings[0]!.id,
      }),
      routed: await make("转物业", {
        createdAt: new Date(now - 3 * DAY),
        status: "signed",
        routeTo: "property",
        routeOrgId: w.c.propertyOrgId,
      }),
      resolved: await make("待确认", {
        createdAt: new Date(now - 4 * DAY),
        status: "resolved",
        resolvedAt: new Date(now - 1 * DAY),
      }),
      closed: await make("已评价", {
        createdAt: new Date(now - 10 * DAY),
        status: "closed",
        closeReason: "rated",
        rating: "good",
        closedAt: new Date(now - 5 * DAY),
      }),
      merged: await make("重复", { createdAt: new Date(now - 6 * DAY), status: "merged" }),
      private: await make("不公开", { createdAt: new Date(now - 1 * DAY) }),
      old: await make("很久以前", {
        createdAt: new Date(now - 100 * DAY),
        status: "closed",
        closeReason: "rated",
      }),
    };
    await t.db
      .updateTable("request")
      .set({ is_public: false })
      .where("community_id", "=", w.c.id)
      .where("id", "=", ids.private!)
      .execute();
    await t.db
      .updateTable("request")
      .set({ merged_into: ids.signed!, close_reason: "merged", closed_at: new Date(now - 5 * DAY) })
      .where("community_id", "=", w.c.id)
      .where("id", "=", ids.merged!)
      .execute();
    const events: [number, string][] = [
      [ids.signed!, "signed"],
      [ids.routed!, "routed"],
      [ids.resolved!, "resolved"],
    ];
    for (const [requestId, kind] of events)
      await t.db
        .insertInto("request_event")
        .values({
          community_id: w.c.id,
          request_id: requestId,
          kind,
          note: "内部备注：联系了 王阿姨 13900000000",
        })
        .execute();
  });

  const list = async (query: string, format: "json" | "xml" = "json") =>
    call("GET", `/open311/v2/requests.${format}?jurisdiction_id=${w.c.id}${query}`);
  const idsOf = (body: any[]) => body.map((r) => Number(r.service_request_id));

  it("lists the last 90 days' public requests, newest first, valid against the schema", async () => {
    const res = await list("");
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expectValid(validators.requests, body, "requests");
    expectOnlyFields(body, "request.json");
    for (const r of body) expectValid(validators.request, r, "request");
    expect(idsOf(body)).toEqual([
      ids.submitted,
      ids.signed,
      ids.routed,
      ids.resolved,
      ids.merged,
      ids.closed,
    ]);
    expect(res.body).not.toContain("不公开");
    expect(res.body).not.toContain("王阿姨");
    expect(res.body).not.toContain("13900000000");
  });

  it("maps statuses, notes, agencies and dates", async () => {
    const body = (await list("")).json() as any[];
    const by = (id: number) => body.find((r) => Number(r.service_request_id) === id);
    expect(by(ids.submitted!)).toMatchObject({
      status: "open",
      status_notes: expect.stringContaining("Received"),
    });
    expect(by(ids.signed!)).toMatchObject({
      status: "open",
      status_notes: expect.stringContaining("Signed for"),
      address_id: String(w.c.buildings[0]!.id),
      address: expect.stringMatching(/^1栋, 南湖社区花园, 南湖社区, 乙街道/),
      agency_responsible: "南湖社区",
      lat: null,
      long: null,
    });
    expect(by(ids.routed!)).toMatchObject({
      status: "open",
      agency_responsible: "南湖社区物业",
      status_notes: "已转交南湖社区物业办理 (Routed to 南湖社区物业)",
    });
    expect(by(ids.resolved!)).toMatchObject({
      status: "open",
      status_notes: expect.stringContaining("confirmation"),
    });
    const closed = by(ids.closed!);
    expect(closed).toMatchObject({ status: "closed", status_notes: expect.stringContaining("rated") });
    // closed: updated_datetime is when it was closed
    const closedRow = await t.db
      .selectFrom("request")
      .select("closed_at")
      .where("community_id", "=", w.c.id)
      .where("id", "=", ids.closed!)
      .executeTakeFirstOrThrow();
    expect(Date.parse(closed.updated_datetime)).toBe(
      Math.floor(new Date(closedRow.closed_at!).getTime() / 1000) * 1000,
    );
    expect(closed.updated_datetime).toMatch(/\+08:00$/);
    expect(by(ids.merged!)).toMatchObject({
      status: "closed",
      status_notes: `重复诉求，已合并到 ${ids.signed} (Duplicate request; merged into ${ids.signed})`,
    });
    const row = await t.db
      .selectFrom("request")
      .select(["created_at", "solve_due_at"])
      .where("community_id", "=", w.c.id)
      .where("id", "=", ids.routed!)
      .executeTakeFirstOrThrow();
    const routed = by(ids.routed!);
    expect(Date.parse(routed.expected_datetime)).toBe(
      Math.floor(new Date(row.solve_due_at).getTime() / 1000) * 1000,
    );
    expect(Date.parse(routed.requested_datetime)).toBe(
      Math.floor(new Date(row.created_at).getTime() / 1000) * 1000,
    );
  });

  it("filters by status, service_code and dates; service_request_id overrides the rest", async () => {
    expect(idsOf((await list("&status=open")).json())).toEqual([
      ids.submitted,
      ids.signed,
      ids.routed,
      ids.resolved,
    ]);
    expect(idsOf((await list("&status=closed")).json())).toEqual([ids.merged, ids.closed]);
    expect(idsOf((await list("&status=open,closed")).json())).toHaveLength(6);
    expect(idsOf((await list("&status=open&status=closed")).json())).toHaveLength(6);
    expect((await list("&service_code=fixture")).json()).toHaveLength(6);
    expect((await list("&service_code=parking")).json()).toEqual([]);

    const day = (n: number) => new Date(Date.now() - n * DAY).toISOString().replace(/\.\d+Z$/, "Z");
    expect(idsOf((await list(`&start_date=${day(3.5)}&end_date=${day(1.5)}`)).json())).toEqual([
      ids.signed,
      ids.routed,
    ]);
    // an unencoded "+08:00" arrives as " 08:00"; it is read back as the offset
    const local = new Date(Date.now() - 3.5 * DAY + 8 * HOUR).toISOString().slice(0, 19);
    expect(idsOf((await list(`&start_date=${local}+08:00&end_date=${day(1.5)}`)).json())).toEqual([
      ids.signed,
      ids.routed,
    ]);
    // the 100-day-old request is only found with dates around it
    expect(idsOf((await list(`&start_date=${day(120)}&end_date=${day(95)}`)).json())).toEqual([ids.old]);
    expect(idsOf((await list(`&start_date=${day(120)}`)).json())).toEqual([ids.old]);

    const some = `${ids.closed},${ids.old},${ids.private},999999,abc`;
    expect(
      idsOf((await list(`&service_request_id=${some}&status=open&service_code=parking`)).json()),
    ).toEqual([ids.closed, ids.old]);
  });

  it("refuses bad filters with spec errors", async () => {
    const day = (n: number) => new Date(Date.now() - n * DAY).toISOString();
    for (const q of [
      `&start_date=${day(200)}&end_date=${day(1)}`,
      `&start_date=${day(1)}&end_date=${day(2)}`,
      "&start_date=yesterday",
      "&end_date=2026-02-30T00:00:00Z",
      "&status=pending",
    ]) {
      const res = await list(q);
      expect(res.statusCode, q).toBe(400);
      expectValid(validators.errors, res.json(), `errors for ${q}`);
    }
  });

  it("shows no private request by id, and 404s ids of another community", async () => {
    for (const id of [ids.private!, 999999]) {
      const res = await call("GET", `/open311/v2/requests/${id}.json?jurisdiction_id=${w.c.id}`);
      expect(res.statusCode).toBe(404);
      expectValid(validators.errors, res.json(), "errors");
    }
    const elsewhere = await call("GET", `/open311/v2/requests/${ids.signed}.json?jurisdiction_id=${CODE_A}`);
    expect(elsewhere.statusCode).toBe(404);
  });

  it("renders the list in XML with one <request> per request", async () => {
    const res = await list("&status=closed", "xml");
    const root = parseXml(res.body);
    expect(root.name).toBe("service_requests");
    expect(root.children.map((c) => c.name)).toEqual(["request", "request"]);
    const first = root.children[0]!;
    expect(first.children.map((c) => c.name)).toEqual(Object.keys((await list("&status=closed")).json()[0]));
    expect(child(first, "status")!.text).toBe("closed");
    expect(child(first, "lat")!.children).toEqual([]);
  });

  it("answers at most 1000 requests", async () => {
    const now = Date.now();
    const categoryId = (
      await t.db
        .selectFrom("request_category")
        .select("id")
        .where("community_id", "=", w.b.id)
        .where("code", "=", "parking")
        .executeTakeFirstOrThrow()
    ).id;
    await t.db
      .insertInto("request")
      .values(
        Array.from({ length: 1005 }, (_, i) => ({
          community_id: w.b.id,
          kind: "problem" as const,
          category_id: categoryId,
          title: `批量${i}`,
          status: "submitted" as const,
          channel: "app" as const,
          is_public: true,
          sign_due_at: new Date(now + DAY),
          solve_due_at: new Date(now + 5 * DAY),
          created_at: new Date(now - i * 60_000),
        })),
      )
      .execute();
    const res = await call("GET", `/open311/v2/requests.json?jurisdiction_id=${w.b.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toHaveLength(1000);
    expectValid(validators.requests, res.json(), "1000 requests");
  });
});

describe("a request handled in Linli", () => {
  it("shows the grid worker's signing and routing to the property company", async () => {
    const post = await call("POST", "/open311/v2/requests.json", {
      form: form({
        api_key: keyA.key,
        jurisdiction_id: CODE_A,
        service_code: "property_repair",
        address_id: w.a.buildings[0]!.id,
        description: "1栋电梯停运",
        is_public: "true",
      }),
    });
    const id = post.json()[0].service_request_id;
    const api = `/api/communities/${w.a.id}/requests/${id}`;
    const sign = await t.app.inject({
      method: "POST",
      url: `${api}/sign`,
      headers: { cookie: gridWorkerA },
      payload: {},
    });
    expect(sign.statusCode, sign.body).toBe(200);
    let r = (await call("GET", `/open311/v2/requests/${id}.json?jurisdiction_id=${CODE_A}`)).json()[0];
    expect(r.status_notes).toContain("Signed for");
    const route = await t.app.inject({
      method: "POST",
      url: `${api}/route`,
      headers: { cookie: gridWorkerA },
      payload: { to: "property" },
    });
    expect(route.statusCode, route.body).toBe(200);
    r = (await call("GET", `/open311/v2/requests/${id}.json?jurisdiction_id=${CODE_A}`)).json()[0];
    expectValid(validators.request, r, "routed request");
    expect(r).toMatchObject({ status: "open", agency_responsible: "东龙社区物业" });
    expect(r.status_notes).toContain("Routed to 东龙社区物业");
  });
});

describe("where the community is: POST lat/long far outside it is refused", () => {
  // the centre of 东龙社区 for these tests, and points about 1 km and 5 km from it (1° of latitude ≈ 111 km)
  const centre = { lat: 30.5459, lng: 114.3421 };
  const near = { lat: (centre.lat + 0.009).toFixed(4), long: String(centre.lng) };
  const far = { lat: (centre.lat + 0.045).toFixed(4), long: String(centre.lng) };
  const area = (cookie: string, method: "GET" | "PUT", payload?: object, cid = w.a.id) =>
    t.app.inject({ method, url: `/api/communities/${cid}/open311-area`, headers: { cookie }, payload });
  const post = (fields: Record<string, string>, format: "json" | "xml" = "json") =>
    call("POST", `/open311/v2/requests.${format}`, {
      form: form({ api_key: keyA.key, jurisdiction_id: CODE_A, service_code: "parking", ...fields }),
    });

  /** Posts and expects the spec's 400 error array (json and xml) with nothing stored. */
  async function expectRefused(fields: Record<string, string>, message: RegExp) {
    for (const format of ["json", "xml"] as const) {
      const before = await snapshotDatabase(t.db);
      const res = await post(fields, format);
      expect(diffSnapshots(before, await snapshotDatabase(t.db))).toEqual([]);
      expect(res.statusCode, res.body).toBe(400);
      if (format === "json") {
        expectValid(validators.errors, res.json(), "errors");
        expect(res.json()[0].code).toBe(400);
        expect(res.json()[0].description).toMatch(message);
      } else {
        const root = parseXml(res.body);
        expect(root.name).toBe("errors");
        expect(child(child(root, "error")!, "code")!.text).toBe("400");
      }
    }
  }

  it("without an area set, refuses only points outside China (0,0 and the like)", async () => {
    expect((await area(secretaryA, "GET")).json()).toBeNull();
    await expectRefused({ lat: "0", long: "0" }, /outside China/);
    await expectRefused({ lat: "48.8566", long: "2.3522" }, /不在中国境内/);
    expect((await post(far)).statusCode).toBe(200);
  });

  it("the secretary sets the area (audited); others may not; bad input changes nothing", async () => {
    const before = await snapshotDatabase(t.db);
    expect((await area(secretaryB, "PUT", { ...centre, radiusM: 800 })).statusCode).toBe(403);
    expect((await area(gridWorkerA, "PUT", { ...centre, radiusM: 800 })).statusCode).toBe(403);
    expect((await area(gridWorkerA, "GET")).statusCode).toBe(403);
    for (const bad of [
      { ...centre, radiusM: 50 },
      { ...centre, radiusM: 60_000 },
      { lat: 95, lng: 114, radiusM: 800 },
      { lat: "30.5", lng: 114, radiusM: 800 },
      { ...centre },
    ]) {
      const res = await area(secretaryA, "PUT", bad);
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
      expect(res.json().message).toBeTruthy();
    }
    expect(diffSnapshots(before, await snapshotDatabase(t.db))).toEqual([]);

    const set = await area(secretaryA, "PUT", { ...centre, radiusM: 800 });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ ...centre, radiusM: 800, marginM: 500, updatedBy: "甲社区书记" });
    expect((await area(secretaryA, "GET")).json()).toMatchObject({ ...centre, radiusM: 800 });
    // B's area is its own
    expect((await area(secretaryB, "GET", undefined, w.b.id)).json()).toBeNull();
    const audit = await t.db
      .selectFrom("audit_log")
      .select(["action", "after", "actor_role"])
      .where("action", "=", "open311_area.set")
      .where("scope_community_id", "=", w.a.id)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor_role).toBe("community_secretary");
  });

  it("with the area set, takes a point inside it (plus the margin) and refuses one 5 km away, storing nothing", async () => {
    const ok = await post({ ...near, description: "小区东门车辆乱停" });
    expect(ok.statusCode, ok.body).toBe(200);
    expectValid(validators.postResponse, ok.json(), "POST answer");
    await expectRefused(
      { ...far, description: "远处的问题" },
      /5\.0 km from the centre of 东龙社区.*outside the community/,
    );
    const zh = (await post(far)).json()[0].description;
    expect(zh).toMatch(/离东龙社区中心 5\.0 公里，在社区范围（0\.8 公里）之外/);
    // an address without coordinates is not checked by distance
    expect((await post({ address_string: "北门" })).statusCode).toBe(200);
  });
});

describe("API keys in the staff console", () => {
  it("shows a key once, stores only its hash and prefix, lists and revokes it, audited", async () => {
    const created = await makeKey(secretaryA, w.a.id, "市民热线");
    expect(created.key).toMatch(/^l311_[A-Za-z0-9_-]{32}$/);
    expect(created.prefix).toBe(created.key.slice(0, 10));
    expect(created.jurisdictionId).toBe(CODE_A);
    const row = await t.db
      .selectFrom("open311_api_key")
      .selectAll()
      .where("id", "=", created.id)
      .executeTakeFirstOrThrow();
    expect(row.key_hash).toBe(createHash("sha256").update(created.key).digest("hex"));
    expect(row.scope_community_id).toBe(w.a.id);
    expect(JSON.stringify(row)).not.toContain(created.key);

    const listed = await t.app.inject({
      method: "GET",
      url: `/api/communities/${w.a.id}/open311-keys`,
      headers: { cookie: secretaryA },
    });
    expect(listed.statusCode).toBe(200);
    expect(listed.body).not.toContain(created.key);
    expect(listed.json().find((k: any) => k.id === created.id)).toMatchObject({
      name: "市民热线",
      prefix: created.prefix,
      active: true,
      createdBy: "甲社区书记",
    });
    expect(listed.json().some((k: any) => k.id === keyB.id)).toBe(false);

    const revoke = (cookie: string, cid = w.a.id, id = created.id) =>
      t.app.inject({
        method: "POST",
        url: `/api/communities/${cid}/open311-keys/${id}/revoke`,
        headers: { cookie },
      });
    expect((await revoke(secretaryB)).statusCode).toBe(403);
    expect((await revoke(secretaryB, w.b.id)).statusCode).toBe(404);
    const done = await revoke(secretaryA);
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ active: false });
    expect((await revoke(secretaryA)).statusCode).toBe(409);

    const audit = await t.db
      .selectFrom("audit_log")
      .select(["action", "after", "actor_role"])
      .where("target_type", "=", "open311_api_key")
      .where("target_id", "=", String(created.id))
      .orderBy("id")
      .execute();
    expect(audit.map((a) => a.action)).toEqual(["open311_key.create", "open311_key.revoke"]);
    expect(audit[0]!.actor_role).toBe("community_secretary");
    expect(JSON.stringify(audit)).not.toContain(created.key);

    const refused = await call("POST", "/open311/v2/requests.json", {
      form: form({
        api_key: created.key,
        jurisdiction_id: CODE_A,
        service_code: "parking",
        address_string: "北门",
      }),
    });
    expect(refused.statusCode).toBe(403);
  });

  it("refuses other communities' staff and bad names, storing nothing", async () => {
    const before = await snapshotDatabase(t.db);
    const other = await t.app.inject({
      method: "POST",
      url: `/api/communities/${w.a.id}/open311-keys`,
      headers: { cookie: secretaryB },
      payload: { name: "越权" },
    });
    expect(other.statusCode).toBe(403);
    const worker = await t.app.inject({
      method: "POST",
      url: `/api/communities/${w.a.id}/open311-keys`,
      headers: { cookie: gridWorkerA },
      payload: { name: "网格员" },
    });
    expect(worker.statusCode).toBe(403);
    const bad = await t.app.inject({
      method: "POST",
      url: `/api/communities/${w.a.id}/open311-keys`,
      headers: { cookie: secretaryA },
      payload: { name: "x" },
    });
    expect(bad.statusCode).toBe(400);
    expect(diffSnapshots(before, await snapshotDatabase(t.db))).toEqual([]);
  });
});
