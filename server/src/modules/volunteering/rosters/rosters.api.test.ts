// Duty rosters through the real API (T3, 值守/轮流管): a team's leader makes a weekly roster (shifts in
// China time, materialised ahead; a bad or too fine rule refused), assigns members (a full shift refused
// 409 zh/en, a non-member refused), a member takes an open shift (two at once for one place: one wins),
// a member asks a teammate to swap and the leader approves (the shift moves), the reminder of the day
// before goes once per shift, and after a shift the leader records a no-show, counted on the member.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, isBilingualError, type TestApp } from "../../../../test/test-app.ts";
import { api, type VoiceWorld, voiceWorld } from "../../voice/requests/requests.fixtures.ts";
import { remindShifts } from "./rosters.service.ts";

let t: TestApp;
let v: VoiceWorld;
let V: string;
let teamId: number;
let rosterId: number;
let R: string;

type Res = { statusCode: number; body: string; json(): any };
async function ok(res: Res) {
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}
async function refused(res: Res, status: number) {
  expect(res.statusCode, res.body).toBe(status);
  expect(isBilingualError(res.json())).toBe(true);
  return res.json();
}

beforeAll(async () => {
  t = await createTestApp();
  v = await voiceWorld(t);
  V = `${v.A}/volunteering`;
  teamId = (
    await ok(
      await api(t, "POST", `${V}/teams`, v.secretary.cookie, {
        name: "聚邻空间值守队",
        skills: ["值守"],
        leaderUserId: v.r1.id,
      }),
    )
  ).id;
  for (const p of [v.r0, v.r2]) {
    await ok(await api(t, "POST", `${V}/teams/${teamId}/join`, p.cookie));
    const team = await ok(await api(t, "GET", `${V}/teams/${teamId}`, v.r1.cookie));
    const req = team.people.find((x: any) => x.userId === p.id);
    await ok(
      await api(t, "POST", `${V}/teams/${teamId}/members/${req.id}/decision`, v.r1.cookie, { approve: true }),
    );
  }
});
afterAll(async () => {
  await t?.close();
});

const roster = () => api(t, "GET", R, v.r1.cookie).then(ok);

describe("duty rosters (T3)", () => {
  it("the leader makes a weekly roster; shifts are in China time; others and bad rules are refused", async () => {
    const body = {
      teamId,
      subject: "聚邻空间开放",
      place: "聚邻空间",
      rule: "FREQ=WEEKLY;BYDAY=SA,SU",
      startTime: "09:00",
      minutes: 180,
      places: 1,
      weeksAhead: 4,
    };
    await refused(await api(t, "POST", `${V}/rosters`, v.r0.cookie, body), 403);
    await refused(
      await api(t, "POST", `${V}/rosters`, v.r1.cookie, { ...body, rule: "EVERY SATURDAY" }),
      400,
    );
    await refused(await api(t, "POST", `${V}/rosters`, v.r1.cookie, { ...body, rule: "FREQ=HOURLY" }), 400);
    await refused(await api(t, "POST", `${V}/rosters`, v.r1.cookie, { ...body, startTime: "25:00" }), 400);
    const created = await ok(await api(t, "POST", `${V}/rosters`, v.r1.cookie, body));
    rosterId = created.id;
    R = `${V}/rosters/${rosterId}`;
    expect(created.shifts).toBeGreaterThanOrEqual(7);
    expect(created.shifts).toBeLessThanOrEqual(9);
    const r = await roster();
    expect(r).toMatchObject({ subject: "聚邻空间开放", canManage: true, teamName: "聚邻空间值守队" });
    for (const s of r.shifts) {
      const start = new Date(s.startsAt);
      expect(start.getUTCHours()).toBe(1); // 09:00 in Shanghai
      expect([0, 6]).toContain(new Date(start.getTime() + 8 * 3_600_000).getUTCDay());
      expect(new Date(s.endsAt).getTime() - start.getTime()).toBe(180 * 60_000);
    }
    expect(r.members.map((m: any) => m.name).sort()).toEqual(["张大爷", "李师傅", "王阿姨"].sort());
    // a plain member sees the roster without the members' no-shows; a resident outside the team does not
    const asMember = await ok(await api(t, "GET", R, v.r0.cookie));
    expect(asMember.members).toEqual([]);
    await refused(await api(t, "GET", R, v.gw1.cookie), 404);
    const list = await ok(await api(t, "GET", `${V}/rosters`, v.worker.cookie));
    expect(list.rosters.map((x: any) => x.id)).toContain(rosterId);
  });

  it("the leader assigns members; a full shift and a non-member are refused, nothing changed", async () => {
    const [s1, s2] = (await roster()).shifts;
    await ok(await api(t, "POST", `${R}/shifts/${s1.id}/assign`, v.r1.cookie, { userId: v.r0.id }));
    await ok(await api(t, "POST", `${R}/shifts/${s2.id}/assign`, v.r1.cookie, { userId: v.r2.id }));
    const full = await refused(
      await api(t, "POST", `${R}/shifts/${s1.id}/assign`, v.r1.cookie, { userId: v.r2.id }),
      409,
    );
    expect(full.code).toBe("VOL_SHIFT_FULL");
    await refused(
      await api(t, "POST", `${R}/shifts/${s2.id}/assign`, v.r1.cookie, { userId: v.gw1.id }),
      400,
    );
    await refused(await api(t, "POST", `${R}/shifts/${s2.id}/assign`, v.r0.cookie, { userId: v.r0.id }), 403);
    const r = await roster();
    expect(r.shifts[0].assigned.map((a: any) => a.userId)).toEqual([v.r0.id]);
    expect(r.shifts[1].assigned.map((a: any) => a.userId)).toEqual([v.r2.id]);
    const audit = await t.db
      .selectFrom("audit_log")
      .select("action")
      .where("action", "=", "volunteering.shift.assign")
      .execute();
    expect(audit).toHaveLength(2);
  });

  it("two members take the same open shift at once: one gets it, the other is told it is full", async () => {
    const s3 = (await roster()).shifts[2];
    const answers = await Promise.all(
      [v.r0, v.r2].map((p) => api(t, "POST", `${R}/shifts/${s3.id}/take`, p.cookie)),
    );
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409]);
    expect((await roster()).shifts[2].assigned).toHaveLength(1);
    // a resident outside the team cannot take one
    const s4 = (await roster()).shifts[3];
    await refused(await api(t, "POST", `${R}/shifts/${s4.id}/take`, v.gw1.cookie), 404);
  });

  it("我的值守: my next shifts and my teams' open shifts", async () => {
    const mine = await ok(await api(t, "GET", "/api/me/shifts", v.r0.cookie));
    expect(mine.shifts.length).toBeGreaterThanOrEqual(1);
    expect(mine.shifts[0]).toMatchObject({ subject: "聚邻空间开放", rosterId, swap: null });
    expect(mine.shifts[0].teammates.map((x: any) => x.userId).sort()).toEqual([v.r1.id, v.r2.id].sort());
    expect(mine.open.length).toBeGreaterThan(0);
    expect(mine.open.every((o: any) => o.open >= 1)).toBe(true);
    expect(mine.noShows).toBe(0);
  });

  it("a member asks a teammate to swap; the leader approves and the shift moves", async () => {
    const s1 = (await roster()).shifts[0];
    await refused(await api(t, "POST", `${R}/shifts/${s1.id}/swap`, v.r2.cookie, { toUserId: v.r0.id }), 403);
    await refused(
      await api(t, "POST", `${R}/shifts/${s1.id}/swap`, v.r0.cookie, { toUserId: v.gw1.id }),
      400,
    );
    const { swapId } = await ok(
      await api(t, "POST", `${R}/shifts/${s1.id}/swap`, v.r0.cookie, { toUserId: v.r2.id, note: "家里有事" }),
    );
    await refused(await api(t, "POST", `${R}/shifts/${s1.id}/swap`, v.r0.cookie, { toUserId: v.r2.id }), 409);
    const mine = await ok(await api(t, "GET", "/api/me/shifts", v.r0.cookie));
    expect(mine.shifts.find((s: any) => s.shiftId === s1.id).swap).toEqual({ id: swapId, toName: "张大爷" });
    const r = await roster();
    expect(r.swaps).toEqual([expect.objectContaining({ id: swapId, fromName: "王阿姨", toName: "张大爷" })]);
    await refused(await api(t, "POST", `${R}/swaps/${swapId}/decision`, v.r2.cookie, { approve: true }), 403);
    expect(
      await ok(await api(t, "POST", `${R}/swaps/${swapId}/decision`, v.r1.cookie, { approve: true })),
    ).toEqual({ status: "approved" });
    await refused(await api(t, "POST", `${R}/swaps/${swapId}/decision`, v.r1.cookie, { approve: true }), 409);
    const after = await roster();
    expect(after.shifts[0].assigned.map((a: any) => a.userId)).toEqual([v.r2.id]);
    expect(after.swaps).toEqual([]);
    const notes = await t.db
      .selectFrom("notification")
      .select(["user_id", "title_zh"])
      .where("title_zh", "like", "换班已批准%")
      .execute();
    expect(notes.map((n) => n.user_id).sort()).toEqual([v.r0.id, v.r2.id].sort());
  });

  it("the reminder of the day before goes once per shift, to the people on it", async () => {
    const s1 = (await roster()).shifts[0];
    const start = new Date(s1.startsAt);
    // 10:00 China time the day before
    const dayBefore = new Date(start.getTime() - 23 * 3_600_000);
    const first = await remindShifts(t.db, dayBefore);
    expect(first.reminded).toBeGreaterThanOrEqual(1);
    expect((await remindShifts(t.db, dayBefore)).reminded).toBe(0);
    const notes = await t.db
      .selectFrom("notification")
      .select(["user_id"])
      .where("kind", "=", "volunteering.shift.reminder")
      .execute();
    expect(notes.filter((n) => n.user_id === v.r2.id)).toHaveLength(1);
  });

  it("after a shift the leader records a no-show, counted on the member; before it ends it is refused", async () => {
    const s2 = (await roster()).shifts[1];
    await refused(
      await api(t, "POST", `${R}/shifts/${s2.id}/no-show`, v.r1.cookie, { userId: v.r2.id }),
      409,
    );
    // move that shift into the past (as if a week went by)
    await t.db
      .updateTable("vol_shift")
      .set({ starts_at: new Date(Date.now() - 5 * 3_600_000), ends_at: new Date(Date.now() - 2 * 3_600_000) })
      .where("id", "=", s2.id)
      .execute();
    await refused(
      await api(t, "POST", `${R}/shifts/${s2.id}/no-show`, v.r0.cookie, { userId: v.r2.id }),
      403,
    );
    await refused(
      await api(t, "POST", `${R}/shifts/${s2.id}/no-show`, v.r1.cookie, { userId: v.r0.id }),
      400,
    );
    expect(
      await ok(await api(t, "POST", `${R}/shifts/${s2.id}/no-show`, v.r1.cookie, { userId: v.r2.id })),
    ).toEqual({ noShow: true });
    const r = await roster();
    expect(r.members.find((m: any) => m.userId === v.r2.id).noShows).toBe(1);
    expect((await ok(await api(t, "GET", "/api/me/shifts", v.r2.cookie))).noShows).toBe(1);
    // a past shift cannot be assigned any more
    await refused(await api(t, "POST", `${R}/shifts/${s2.id}/assign`, v.r1.cookie, { userId: v.r0.id }), 409);
  });
});
