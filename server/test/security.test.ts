// Issue 7's faults that cut across modules, each through the real API on a real database:
// forged X-Forwarded-For (3), security headers (6), cross-site writes (7), Secure cookies (8) and
// one-time codes in the log (10). Auth-specific faults (5, 9, lockout) are in auth.test.ts.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createResidentUser,
  createTestApp,
  createUser,
  createWorld,
  diffSnapshots,
  grant,
  isBilingualError,
  lastSmsCode,
  nextPhone,
  sessionCookie,
  snapshotDatabase,
  TEST_PASSWORD,
  type TestApp,
} from "./test-app.ts";

type World = Awaited<ReturnType<typeof createWorld>>;

const EVIL = "https://evil.example";
const WRITE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** An address from TEST-NET-3 per call, as a client rotating X-Forwarded-For would send. */
let forged = 0;
const forgedIp = () => `203.0.113.${(forged++ % 250) + 1}`;

describe("default deployment (no trusted proxy)", () => {
  let t: TestApp;
  let w: World;
  let webDist: string;
  const logLines: string[] = [];

  beforeAll(async () => {
    // a built web app of one page, to see that pages carry the headers too
    webDist = mkdtempSync(path.join(tmpdir(), "linli-web-"));
    writeFileSync(
      path.join(webDist, "index.html"),
      '<!doctype html><html><body><div id="root"></div><script type="module" src="/assets/app.js"></script></body></html>',
    );
    t = await createTestApp({ webDist }, { logStream: { write: (line) => void logLines.push(line) } });
    w = await createWorld(t.db);
  });
  afterAll(async () => {
    await t?.close();
  });

  it("ignores X-Forwarded-For: 25 sign-ins sprayed from one socket with a new forged address each meet 429", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) {
      const res = await t.app.inject({
        method: "POST",
        url: "/api/auth/sign-in",
        payload: { phone: nextPhone(), password: "guess-123456" },
        remoteAddress: "198.51.100.7",
        headers: { "x-forwarded-for": forgedIp() },
      });
      statuses.push(res.statusCode);
    }
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429, 429, 429, 429]);
    const forgedKeys = await t.db
      .selectFrom("auth_throttle")
      .select("key")
      .where("key", "like", "ip:203.0.113.%")
      .execute();
    expect(forgedKeys).toEqual([]);
  });

  it("ignores X-Forwarded-For for the anonymous opinion box's limit", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await t.app.inject({
        method: "POST",
        url: `/api/communities/${w.a.id}/opinions`,
        payload: { text: `楼道灯坏了第${i}次反映` },
        remoteAddress: "198.51.100.8",
        headers: { "x-forwarded-for": forgedIp() },
      });
      statuses.push(res.statusCode);
    }
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(statuses.every((s) => s === 200 || s === 429)).toBe(true);
  });

  it("sends the security headers on the API, the docs, the pages and errors", async () => {
    const answers = [
      await t.app.inject({ method: "GET", url: "/api/health" }),
      await t.app.inject({ method: "GET", url: "/docs" }),
      await t.app.inject({ method: "GET", url: "/docs/json" }),
      await t.app.inject({ method: "GET", url: "/m/report" }),
      await t.app.inject({ method: "GET", url: "/api/no-such-route" }),
      await t.app.inject({ method: "POST", url: "/api/auth/sign-in", payload: { phone: "1" } }),
    ];
    for (const res of answers) {
      const what = `${res.raw.req.method} ${res.raw.req.url} (${res.statusCode})`;
      const csp = String(res.headers["content-security-policy"] ?? "");
      const scriptSrc = csp.split(";").find((d) => d.trim().startsWith("script-src "));
      expect(scriptSrc, what).toBe("script-src 'self'");
      expect(csp, what).toContain("frame-ancestors 'none'");
      expect(csp, what).toContain("object-src 'none'");
      expect(res.headers["x-content-type-options"], what).toBe("nosniff");
      expect(res.headers["referrer-policy"], what).toBe("strict-origin-when-cross-origin");
      expect(res.headers["x-frame-options"], what).toBe("SAMEORIGIN");
      // over plain HTTP there is no HSTS (a browser would pin HTTPS that the server does not offer)
      expect(res.headers["strict-transport-security"], what).toBeUndefined();
    }
    expect(answers[3]!.statusCode).toBe(200);
    expect(answers[3]!.body).toContain('id="root"');
  });

  it("serves /docs without any inline script, so the policy does not break it", async () => {
    let page = await t.app.inject({ method: "GET", url: "/docs" });
    for (let hops = 0; page.statusCode === 302 && hops < 3; hops++) {
      const next = new URL(String(page.headers.location), "http://localhost/docs/").pathname;
      page = await t.app.inject({ method: "GET", url: next });
    }
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("swagger-ui");
    const inline = [...page.body.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)].filter(
      ([, attrs, body]) => !/\bsrc=/.test(attrs!) && body!.trim() !== "",
    );
    expect(inline).toEqual([]);
  });

  it("refuses every write route when the browser says the request comes from another site, and changes nothing", async () => {
    const admin = await createUser(t.db, "系统管理员");
    await grant(t.db, admin.id, "system_admin", "global", null);
    const cookie = await sessionCookie(t, admin.id);
    const writes = t.app.routeTable.filter((r) => WRITE.has(r.method));
    expect(writes.length).toBeGreaterThan(40);
    const before = await snapshotDatabase(t.db);
    const problems: string[] = [];
    for (const r of writes) {
      const url = r.url.replace(/:([A-Za-z]+)/g, (_, name: string) =>
        name === "communityId" ? String(w.a.id) : "1",
      );
      for (const headers of [
        { origin: EVIL },
        { "sec-fetch-site": "cross-site", origin: EVIL },
        { "sec-fetch-site": "same-site", origin: "https://other.localhost" },
        { origin: "null" },
      ]) {
        const res = await t.app.inject({
          method: r.method as "POST",
          url,
          payload: r.method === "DELETE" ? undefined : {},
          headers: { cookie, ...headers },
        });
        if (res.statusCode !== 403 || res.json().code !== "CROSS_SITE" || !isBilingualError(res.json()))
          problems.push(
            `${r.method} ${r.url} ${JSON.stringify(headers)}: ${res.statusCode} ${res.body.slice(0, 120)}`,
          );
      }
    }
    expect(problems).toEqual([]);
    expect(diffSnapshots(before, await snapshotDatabase(t.db))).toEqual([]);
  });

  it("refuses a cross-site multipart request and a body-less cross-site sign-out; the session lives on", async () => {
    const resident = await createResidentUser(t.db, w.a.id, w.a.households[0]!.id);
    const cookie = await sessionCookie(t, resident.id);
    const boundary = "----linli";
    const body = [
      `--${boundary}`,
      'Content-Disposition: form-data; name="description"',
      "",
      "楼道灯不亮了",
      `--${boundary}--`,
      "",
    ].join("\r\n");
    const before = await snapshotDatabase(t.db);
    const post = await t.app.inject({
      method: "POST",
      url: `/api/communities/${w.a.id}/requests`,
      payload: body,
      headers: { cookie, origin: EVIL, "content-type": `multipart/form-data; boundary=${boundary}` },
    });
    expect(post.statusCode).toBe(403);
    expect(post.json().code).toBe("CROSS_SITE");
    const out = await t.app.inject({
      method: "POST",
      url: "/api/auth/sign-out",
      headers: { cookie, origin: EVIL },
    });
    expect(out.statusCode).toBe(403);
    expect(diffSnapshots(before, await snapshotDatabase(t.db))).toEqual([]);
    expect((await t.app.inject({ method: "GET", url: "/api/me", headers: { cookie } })).statusCode).toBe(200);
  });

  it("lets the site's own pages write (same Origin, or Sec-Fetch-Site same-origin), and clients without either header", async () => {
    const resident = await createResidentUser(t.db, w.a.id, w.a.households[1]!.id);
    const cookie = await sessionCookie(t, resident.id);
    for (const headers of [
      { origin: "http://linli.test:5173", host: "linli.test:5173" },
      { "sec-fetch-site": "same-origin", origin: "http://linli.test:5173", host: "linli.test:5173" },
      {},
    ]) {
      const res = await t.app.inject({
        method: "PATCH",
        url: "/api/me/preferences",
        payload: { elderlyMode: true },
        headers: { cookie, ...headers },
      });
      expect(res.statusCode, JSON.stringify(headers)).toBe(200);
    }
    // a GET from another site is not a write: the board stays embeddable by link
    const read = await t.app.inject({
      method: "GET",
      url: "/api/health",
      headers: { origin: EVIL, "sec-fetch-site": "cross-site" },
    });
    expect(read.statusCode).toBe(200);
  });

  it("does not set Secure on the cookie over plain HTTP, and ignores a forged X-Forwarded-Proto", async () => {
    const { phone } = await createUser(t.db, "明文");
    for (const headers of [{}, { "x-forwarded-proto": "https" }]) {
      const res = await t.app.inject({
        method: "POST",
        url: "/api/auth/sign-in",
        payload: { phone, password: TEST_PASSWORD },
        headers,
        remoteAddress: "198.51.100.20",
      });
      expect(res.statusCode).toBe(200);
      expect(res.cookies.find((c) => c.name === "linli_session")!.secure).toBeFalsy();
      expect(res.headers["strict-transport-security"]).toBeUndefined();
    }
  });

  it("logs that a code was sent, never the code", async () => {
    const phone = nextPhone();
    const res = await t.app.inject({
      method: "POST",
      url: "/api/auth/code",
      payload: { phone, purpose: "register" },
      remoteAddress: "198.51.100.30",
    });
    expect(res.statusCode).toBe(200);
    const code = await lastSmsCode(t.db, phone);
    expect(code).toMatch(/^\d{6}$/);
    const log = logLines.join("");
    expect(log).toContain(`sent to ${phone.slice(0, 3)}****${phone.slice(-4)}`);
    expect(log).not.toContain(code!);
    expect(log).not.toContain(phone);
    // and should a later change log a body, its secrets are redacted by the logger itself
    t.app.log.info({ body: { password: "hunter2-secret", token: "tok-secret" } }, "a careless line");
    const after = logLines.join("");
    expect(after).toContain("a careless line");
    expect(after).not.toContain("hunter2-secret");
    expect(after).not.toContain("tok-secret");
  });
});

describe("behind a trusted reverse proxy (LINLI_TRUST_PROXY)", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ trustProxy: ["127.0.0.1"] });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("takes the client address from the proxy's X-Forwarded-For, and only from the proxy", async () => {
    const via = (remoteAddress: string, xff: string) =>
      t.app.inject({
        method: "POST",
        url: "/api/auth/sign-in",
        payload: { phone: nextPhone(), password: "guess-123456" },
        remoteAddress,
        headers: { "x-forwarded-for": xff },
      });
    expect((await via("127.0.0.1", "192.0.2.44")).statusCode).toBe(401);
    expect((await via("198.51.100.9", "192.0.2.55")).statusCode).toBe(401);
    const keys = (await t.db.selectFrom("auth_throttle").select("key").execute()).map((r) => r.key);
    expect(keys).toContain("ip:192.0.2.44");
    expect(keys).toContain("ip:198.51.100.9");
    expect(keys).not.toContain("ip:192.0.2.55");
  });

  it("marks the cookie Secure and sends HSTS when the proxy says the request came over HTTPS", async () => {
    const { phone } = await createUser(t.db, "加密");
    const res = await t.app.inject({
      method: "POST",
      url: "/api/auth/sign-in",
      payload: { phone, password: TEST_PASSWORD },
      remoteAddress: "127.0.0.1",
      headers: { "x-forwarded-proto": "https", "x-forwarded-for": "192.0.2.80" },
    });
    expect(res.statusCode).toBe(200);
    expect(res.cookies.find((c) => c.name === "linli_session")!.secure).toBe(true);
    expect(res.headers["strict-transport-security"]).toMatch(/max-age=\d+/);
  });
});

describe("production (NODE_ENV=production)", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ production: true });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("marks the session cookie Secure even when the request looks like plain HTTP", async () => {
    const { phone } = await createUser(t.db, "生产");
    const res = await t.app.inject({
      method: "POST",
      url: "/api/auth/sign-in",
      payload: { phone, password: TEST_PASSWORD },
      remoteAddress: "198.51.100.40",
    });
    expect(res.statusCode).toBe(200);
    expect(res.cookies.find((c) => c.name === "linli_session")!.secure).toBe(true);
  });
});
