// 适老化 by default (issue 9): /me says the pages open in elderly mode for a verified resident aged 60
// or more (from the register's birth date), until the person chooses — and their choice wins.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createPendingResident,
  createResidentUser,
  createTestApp,
  createUser,
  createWorld,
  sessionCookie,
  type TestApp,
} from "../../../../test/test-app.ts";

let t: TestApp;
let w: Awaited<ReturnType<typeof createWorld>>;

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t.db);
});
afterAll(async () => {
  await t?.close();
});

/** A birth date `years` years (and a day) before today, YYYY-MM-DD. */
function bornYearsAgo(years: number, dayShift = -1): string {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() - years);
  d.setUTCDate(d.getUTCDate() + dayShift);
  return d.toISOString().slice(0, 10);
}

async function residentBorn(birthDate: string | null, i: number) {
  const r = await createResidentUser(t.db, w.a.id, w.a.households[i % 4]!.id, `居民${i}`);
  await t.db.updateTable("resident").set({ birth_date: birthDate }).where("id", "=", r.residentId).execute();
  return { ...r, cookie: await sessionCookie(t, r.id) };
}

const me = async (cookie: string) =>
  (await t.app.inject({ method: "GET", url: "/api/me", headers: { cookie } })).json();
const setMode = (cookie: string, elderlyMode: boolean) =>
  t.app.inject({
    method: "PATCH",
    url: "/api/me/preferences",
    headers: { cookie },
    payload: { elderlyMode },
  });

describe("elderly mode by default from 60", () => {
  it("is on for a verified resident aged 60, not chosen", async () => {
    const r = await residentBorn(bornYearsAgo(60), 0);
    expect(await me(r.cookie)).toMatchObject({ elderlyMode: true, elderlyModeChosen: false });
  });

  it("is off for a resident of 59 (60 tomorrow), and for one without a birth date", async () => {
    const young = await residentBorn(bornYearsAgo(60, +1), 1);
    expect(await me(young.cookie)).toMatchObject({ elderlyMode: false, elderlyModeChosen: false });
    const unknown = await residentBorn(null, 2);
    expect(await me(unknown.cookie)).toMatchObject({ elderlyMode: false, elderlyModeChosen: false });
  });

  it("counts only a verified residency: a pending one of 75 does not switch it on", async () => {
    const user = await createUser(t.db, "待审核的老人");
    const id = await createPendingResident(t.db, w.a.id, { userId: user.id });
    await t.db
      .updateTable("resident")
      .set({ birth_date: bornYearsAgo(75) })
      .where("id", "=", id)
      .execute();
    expect(await me(await sessionCookie(t, user.id))).toMatchObject({ elderlyMode: false });
  });

  it("the person's choice wins: turned off, it stays off; turned on again, on", async () => {
    const r = await residentBorn(bornYearsAgo(72), 3);
    expect((await me(r.cookie)).elderlyMode).toBe(true);
    const off = await setMode(r.cookie, false);
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json()).toMatchObject({ elderlyMode: false, elderlyModeChosen: true });
    expect(await me(r.cookie)).toMatchObject({ elderlyMode: false, elderlyModeChosen: true });
    expect((await setMode(r.cookie, true)).json()).toMatchObject({
      elderlyMode: true,
      elderlyModeChosen: true,
    });
  });

  it("a language change alone is not a choice of mode", async () => {
    const r = await residentBorn(bornYearsAgo(66), 4);
    const res = await t.app.inject({
      method: "PATCH",
      url: "/api/me/preferences",
      headers: { cookie: r.cookie },
      payload: { locale: "en" },
    });
    expect(res.json()).toMatchObject({ locale: "en", elderlyMode: true, elderlyModeChosen: false });
  });
});
