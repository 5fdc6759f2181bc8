// Sign-up, sign-in, throttling, sessions and preferences, through the real API on a real database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestApp,
  createUser,
  createWorld,
  grant,
  isBilingualError,
  lastSmsCode,
  nextPhone,
  sessionCookie,
  TEST_PASSWORD,
  type TestApp,
} from "../../../../test/test-app.ts";
import { ROLE_PERMISSIONS } from "../../../access/registry.ts";
import { passwordVerifications } from "./auth.service.ts";

let t: TestApp;
let ipSeq = 0;
/** A client address of its own for each test, so that per-address throttling stays out of the way. */
const freshIp = () => `10.1.${Math.floor(++ipSeq / 250)}.${(ipSeq % 250) + 1}`;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

interface Opts {
  cookie?: string;
  ip?: string;
}
function call(method: "GET" | "POST" | "PATCH", url: string, payload?: object, opts: Opts = {}) {
  return t.app.inject({
    method,
    url,
    payload,
    headers: opts.cookie ? { cookie: opts.cookie } : {},
    remoteAddress: opts.ip ?? "10.0.0.1",
  });
}

function sessionOf(res: Awaited<ReturnType<typeof call>>): string {
  const c = res.cookies.find((x) => x.name === "linli_session");
  if (!c?.value) throw new Error(`no session cookie in ${res.statusCode} ${res.body}`);
  return `linli_session=${c.value}`;
}

const smsCount = async (phone: string) =>
  Number(
    (
      await t.db
        .selectFrom("sms_outbox")
        .select((eb) => eb.fn.countAll().as("n"))
        .where("phone", "=", phone)
        .executeTakeFirstOrThrow()
    ).n,
  );

describe("registration with an SMS code", () => {
  it("registers with the code from the SMS outbox, signs the person in and stores only a password hash", async () => {
    const phone = nextPhone();
    const ip = freshIp();
    const sent = await call("POST", "/api/auth/code", { phone, purpose: "register" }, { ip });
    expect(sent.statusCode).toBe(200);
    const code = await lastSmsCode(t.db, phone);
    expect(code).toMatch(/^\d{6}$/);

    const res = await call(
      "POST",
      "/api/auth/register",
      { phone, password: "a-good-password", name: "王阿姨", code },
      { ip },
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      name: "王阿姨",
      phone: `${phone.slice(0, 3)}****${phone.slice(-4)}`,
      roles: [],
    });

    const me = await call("GET", "/api/me", undefined, { cookie: sessionOf(res) });
    expect(me.statusCode).toBe(200);
    expect(me.json().name).toBe("王阿姨");

    const user = await t.db
      .selectFrom("app_user")
      .select("password_hash")
      .where("phone", "=", phone)
      .executeTakeFirstOrThrow();
    expect(user.password_hash).toMatch(/^\$argon2id\$/);
    expect(user.password_hash).not.toContain("a-good-password");
  });

  it("refuses a wrong code (401, bilingual) and creates no account", async () => {
    const phone = nextPhone();
    const ip = freshIp();
    await call("POST", "/api/auth/code", { phone, purpose: "register" }, { ip });
    const code = (await lastSmsCode(t.db, phone))!;
    const wrong = code === "000000" ? "111111" : "000000";
    const res = await call(
      "POST",
      "/api/auth/register",
      { phone, password: "a-good-password", name: "李", code: wrong },
      { ip },
    );
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe("BAD_CODE");
    expect(isBilingualError(res.json())).toBe(true);
    expect(
      await t.db.selectFrom("app_user").select("id").where("phone", "=", phone).executeTakeFirst(),
    ).toBeUndefined();
  });

  it("answers a taken phone exactly as a new one: only its owner learns by SMS, and no code works for it", async () => {
    const { phone: taken } = await createUser(t.db, "已注册");
    const fresh = nextPhone();
    const a = await call("POST", "/api/auth/code", { phone: taken, purpose: "register" }, { ip: freshIp() });
    const b = await call("POST", "/api/auth/code", { phone: fresh, purpose: "register" }, { ip: freshIp() });
    expect([a.statusCode, a.body]).toEqual([b.statusCode, b.body]);
    expect(a.statusCode).toBe(200);
    const sms = await t.db.selectFrom("sms_outbox").select("body").where("phone", "=", taken).execute();
    expect(sms).toHaveLength(1);
    expect(sms[0]!.body).toContain("已注册");
    expect(sms[0]!.body).not.toMatch(/\d{6}/);
    // registering it fails like any wrong code, and changes nothing
    const users = await t.db.selectFrom("app_user").select("id").where("phone", "=", taken).execute();
    const reg = await call(
      "POST",
      "/api/auth/register",
      { phone: taken, password: "chun-tian-gui-hua-7", name: "冒名", code: "123456" },
      { ip: freshIp() },
    );
    expect(reg.statusCode).toBe(401);
    expect(reg.json().code).toBe("BAD_CODE");
    expect(await t.db.selectFrom("app_user").select("id").where("phone", "=", taken).execute()).toEqual(
      users,
    );
  });

  it("refuses an easy password (common, repeated, a sequence, the phone, the demo password) with the rule in Chinese", async () => {
    const problems: string[] = [];
    for (const password of [
      "12345678",
      "aaaaaaaa",
      "password1",
      "woaini1314",
      "qwertyui",
      "PHONE",
      "linli-demo-2026",
    ]) {
      const phone = nextPhone();
      const ip = freshIp();
      await call("POST", "/api/auth/code", { phone, purpose: "register" }, { ip });
      const code = await lastSmsCode(t.db, phone);
      const res = await call(
        "POST",
        "/api/auth/register",
        { phone, password: password === "PHONE" ? phone : password, name: "新居民", code },
        { ip },
      );
      if (res.statusCode !== 400 || res.json().code !== "VALIDATION" || !isBilingualError(res.json()))
        problems.push(`${password}: ${res.statusCode} ${res.body}`);
      if (await t.db.selectFrom("app_user").select("id").where("phone", "=", phone).executeTakeFirst())
        problems.push(`${password}: an account was created`);
      // the code is not used up by a refused password: the person fixes it and tries again
      const again = await call(
        "POST",
        "/api/auth/register",
        { phone, password: "chun-tian-gui-hua-7", name: "新居民", code },
        { ip },
      );
      if (again.statusCode !== 200)
        problems.push(`${password} then a good one: ${again.statusCode} ${again.body}`);
    }
    expect(problems).toEqual([]);
  });

  it("sends at most one code a minute to a phone", async () => {
    const phone = nextPhone();
    expect((await call("POST", "/api/auth/code", { phone, purpose: "register" })).statusCode).toBe(200);
    const again = await call("POST", "/api/auth/code", { phone, purpose: "register" });
    expect(again.statusCode).toBe(429);
    expect(isBilingualError(again.json())).toBe(true);
    expect(await smsCount(phone)).toBe(1);
  });
});

describe("sign-in", () => {
  it("signs in with the password", async () => {
    const { phone } = await createUser(t.db, "张师傅");
    const res = await call(
      "POST",
      "/api/auth/sign-in",
      { phone, password: TEST_PASSWORD },
      { ip: freshIp() },
    );
    expect(res.statusCode).toBe(200);
    expect(res.json().name).toBe("张师傅");
    expect((await call("GET", "/api/me", undefined, { cookie: sessionOf(res) })).statusCode).toBe(200);
  });

  it("signs in with an SMS code, once", async () => {
    const { phone } = await createUser(t.db, "刘奶奶");
    const ip = freshIp();
    expect((await call("POST", "/api/auth/code", { phone, purpose: "sign_in" }, { ip })).statusCode).toBe(
      200,
    );
    const code = await lastSmsCode(t.db, phone);
    const res = await call("POST", "/api/auth/sign-in", { phone, code }, { ip });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().name).toBe("刘奶奶");
    const reused = await call("POST", "/api/auth/sign-in", { phone, code }, { ip });
    expect(reused.statusCode).toBe(401);
    expect(reused.json().code).toBe("BAD_CODE");
  });

  it("answers a wrong password with 401 in Chinese and English", async () => {
    const { phone } = await createUser(t.db, "陈");
    const res = await call(
      "POST",
      "/api/auth/sign-in",
      { phone, password: "not-the-password" },
      { ip: freshIp() },
    );
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: "BAD_CREDENTIALS", message_zh: "手机号或密码不正确" });
    expect(isBilingualError(res.json())).toBe(true);
    expect(res.cookies.find((c) => c.name === "linli_session")).toBeUndefined();
  });

  it("after 5 failures from one address that address waits, longer each time; the owner elsewhere is not locked out", async () => {
    const { phone } = await createUser(t.db, "被猜密码");
    const ip = freshIp();
    for (let i = 0; i < 5; i++) {
      const res = await call("POST", "/api/auth/sign-in", { phone, password: `wrong-${i}` }, { ip });
      expect(res.statusCode, `failure ${i + 1}`).toBe(401);
    }
    const held = await call("POST", "/api/auth/sign-in", { phone, password: TEST_PASSWORD }, { ip });
    expect(held.statusCode).toBe(429);
    expect(held.json().code).toBe("TOO_MANY");
    expect(isBilingualError(held.json())).toBe(true);
    expect(held.cookies.find((c) => c.name === "linli_session")).toBeUndefined();
    // a stranger's failures do not lock the owner, who signs in from their own address
    const owner = await call(
      "POST",
      "/api/auth/sign-in",
      { phone, password: TEST_PASSWORD },
      { ip: freshIp() },
    );
    expect(owner.statusCode).toBe(200);
    // the wait grows: 1 minute after the 5th failure, 2 after the 6th, then 4 …
    const waitMinutes = async () => {
      const row = await t.db
        .selectFrom("auth_throttle")
        .select(["locked_until"])
        .where("key", "=", `pair:${phone}|${ip}`)
        .executeTakeFirstOrThrow();
      return (new Date(row.locked_until!).getTime() - Date.now()) / 60_000;
    };
    expect(await waitMinutes()).toBeGreaterThan(0.8);
    expect(await waitMinutes()).toBeLessThanOrEqual(1);
    for (const expected of [2, 4]) {
      // the wait is over (moved into the past here), and the stranger fails once more
      await t.db
        .updateTable("auth_throttle")
        .set({ locked_until: new Date(Date.now() - 1000) })
        .where("key", "=", `pair:${phone}|${ip}`)
        .execute();
      const res = await call("POST", "/api/auth/sign-in", { phone, password: "still-wrong" }, { ip });
      expect(res.statusCode).toBe(401);
      expect(await waitMinutes()).toBeGreaterThan(expected - 0.2);
      expect(await waitMinutes()).toBeLessThanOrEqual(expected);
    }
  });

  it("does the same work for an unknown phone as for a known one (one password verification each)", async () => {
    const { phone: known } = await createUser(t.db, "有账号");
    const before = passwordVerifications();
    const a = await call(
      "POST",
      "/api/auth/sign-in",
      { phone: known, password: "wrong-password-9" },
      { ip: freshIp() },
    );
    expect(passwordVerifications() - before).toBe(1);
    const b = await call(
      "POST",
      "/api/auth/sign-in",
      { phone: nextPhone(), password: "wrong-password-9" },
      { ip: freshIp() },
    );
    expect(passwordVerifications() - before).toBe(2);
    expect([a.statusCode, a.body]).toEqual([b.statusCode, b.body]);
  });

  it("locks a client address after 20 failures, whatever the phone", async () => {
    const ip = freshIp();
    for (let i = 0; i < 20; i++) {
      const res = await call("POST", "/api/auth/sign-in", { phone: nextPhone(), password: "guess" }, { ip });
      expect(res.statusCode).toBe(401);
    }
    const { phone } = await createUser(t.db, "同一地址");
    expect(
      (await call("POST", "/api/auth/sign-in", { phone, password: TEST_PASSWORD }, { ip })).statusCode,
    ).toBe(429);
    expect(
      (await call("POST", "/api/auth/sign-in", { phone, password: TEST_PASSWORD }, { ip: freshIp() }))
        .statusCode,
    ).toBe(200);
  });

  it("does not send a sign-in code to an unknown phone, and answers exactly as for a known one", async () => {
    const unknown = nextPhone();
    const { phone: known } = await createUser(t.db, "已知");
    const a = await call("POST", "/api/auth/code", { phone: unknown, purpose: "sign_in" }, { ip: freshIp() });
    const b = await call("POST", "/api/auth/code", { phone: known, purpose: "sign_in" }, { ip: freshIp() });
    expect([a.statusCode, a.body]).toEqual([b.statusCode, b.body]);
    expect(await smsCount(unknown)).toBe(0);
    expect(await smsCount(known)).toBe(1);
  });
});

describe("sessions", () => {
  it("sets an HttpOnly, SameSite session cookie for the whole site", async () => {
    const { phone } = await createUser(t.db, "饼干");
    const res = await call(
      "POST",
      "/api/auth/sign-in",
      { phone, password: TEST_PASSWORD },
      { ip: freshIp() },
    );
    const header = [res.headers["set-cookie"]].flat().find((h) => String(h).startsWith("linli_session="));
    expect(header).toBeDefined();
    expect(header).toMatch(/;\s*HttpOnly/i);
    expect(header).toMatch(/;\s*SameSite=(Lax|Strict)/i);
    expect(header).toMatch(/;\s*Path=\//i);
    const cookie = res.cookies.find((c) => c.name === "linli_session")!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.value.length).toBeGreaterThanOrEqual(32);
    // only a hash of the token is stored
    const stored = await t.db.selectFrom("session").select("id").execute();
    expect(stored.map((s) => s.id)).not.toContain(cookie.value);
  });

  it("signing out ends the session on the server, not only in the browser", async () => {
    const { id, phone } = await createUser(t.db, "退出");
    const cookie = sessionOf(
      await call("POST", "/api/auth/sign-in", { phone, password: TEST_PASSWORD }, { ip: freshIp() }),
    );
    expect((await call("GET", "/api/me", undefined, { cookie })).statusCode).toBe(200);

    const out = await call("POST", "/api/auth/sign-out", undefined, { cookie });
    expect(out.statusCode).toBe(200);
    const cleared = out.cookies.find((c) => c.name === "linli_session");
    expect(cleared?.value ?? "").toBe("");

    const after = await call("GET", "/api/me", undefined, { cookie });
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe("UNAUTHENTICATED");
    expect(await t.db.selectFrom("session").select("id").where("user_id", "=", id).execute()).toEqual([]);
  });

  it("refuses an expired session", async () => {
    const { id, phone } = await createUser(t.db, "过期");
    const cookie = sessionOf(
      await call("POST", "/api/auth/sign-in", { phone, password: TEST_PASSWORD }, { ip: freshIp() }),
    );
    await t.db
      .updateTable("session")
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where("user_id", "=", id)
      .execute();
    expect((await call("GET", "/api/me", undefined, { cookie })).statusCode).toBe(401);
  });
});

describe("preferences", () => {
  it("remembers elderly mode and language across sign-ins", async () => {
    const { phone } = await createUser(t.db, "老年模式");
    const ip = freshIp();
    const cookie = sessionOf(
      await call("POST", "/api/auth/sign-in", { phone, password: TEST_PASSWORD }, { ip }),
    );
    const set = await call("PATCH", "/api/me/preferences", { elderlyMode: true, locale: "en" }, { cookie });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toMatchObject({ elderlyMode: true, locale: "en" });
    await call("POST", "/api/auth/sign-out", undefined, { cookie });

    const again = await call("POST", "/api/auth/sign-in", { phone, password: TEST_PASSWORD }, { ip });
    expect(again.json()).toMatchObject({ elderlyMode: true, locale: "en" });
    const me = await call("GET", "/api/me", undefined, { cookie: sessionOf(again) });
    expect(me.json()).toMatchObject({ elderlyMode: true, locale: "en" });

    // one preference at a time leaves the other alone
    await call("PATCH", "/api/me/preferences", { locale: "zh-CN" }, { cookie: sessionOf(again) });
    const me2 = await call("GET", "/api/me", undefined, { cookie: sessionOf(again) });
    expect(me2.json()).toMatchObject({ elderlyMode: true, locale: "zh-CN" });
  });
});

describe("/api/me", () => {
  it("gives each role grant its permissions as the policies give them (the pages show menus by them)", async () => {
    const u = await createUser(t.db, "权限网格员");
    const w = await createWorld(t.db);
    await grant(t.db, u.id, "street_official", "street", w.streetA);
    await grant(t.db, u.id, "community_worker", "community", w.a.id);
    const me = (await call("GET", "/api/me", undefined, { cookie: await sessionCookie(t, u.id) })).json() as {
      roles: { role: keyof typeof ROLE_PERMISSIONS; permissions: string[] }[];
    };
    expect(me.roles).toHaveLength(2);
    for (const g of me.roles) expect(g.permissions).toEqual([...ROLE_PERMISSIONS[g.role]]);
    expect(me.roles.find((g) => g.role === "street_official")!.permissions).not.toContain("meetings.manage");
  });
});
