// The password rule on its own (the API test in auth.test.ts covers registration end to end).
import { describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../../demo/demo-accounts.ts";
import { AppError } from "../../../errors.ts";
import { assertStrongPassword } from "./password-strength.ts";

const phone = "13912345678";
const refused = async (password: string, opts: { name?: string; demo?: boolean } = {}) => {
  try {
    await assertStrongPassword(password, { phone, demo: false, ...opts });
    return null;
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    return e;
  }
};

describe("password strength", () => {
  it("refuses the passwords people guess first, with a reason in Chinese and English", async () => {
    for (const p of [
      "12345678",
      "aaaaaaaa",
      "11111111",
      "abcdefgh",
      "password",
      "qwertyui",
      "woaini520",
      "5201314a",
    ]) {
      const e = await refused(p);
      expect(e?.code, p).toBe("VALIDATION");
      expect(e?.zh, p).toMatch(/密码/);
      expect(e?.en, p).toMatch(/password/i);
    }
  });

  it("refuses the phone number, inside a longer password too", async () => {
    expect((await refused(phone))?.zh).toContain("手机号");
    expect((await refused(`x${phone}!`))?.zh).toContain("手机号");
  });

  it("refuses the demo password outside the demo, and allows it in the demo", async () => {
    expect((await refused(DEMO_PASSWORD))?.zh).toContain("演示");
    expect(await refused(DEMO_PASSWORD, { demo: true })).toBeNull();
  });

  it("accepts a password that is long and not made of common words", async () => {
    for (const p of ["chun-tian-gui-hua-7", "Lvzhou2026!tree", "mima2026lvzhou-xq"])
      expect(await refused(p), p).toBeNull();
  });
});
