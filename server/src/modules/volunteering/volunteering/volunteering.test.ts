// Volunteering through the real API (T1–T2, 志愿服务条例 Art. 19–20): staff register a team, a resident
// asks to join and the leader approves; an activity fills up under concurrent sign-ups without ever
// exceeding its capacity, a cancellation moves the first waiting person up; volunteers check in and out
// with the organiser's rotating code (an old code is refused), the organiser ticks in someone without a
// phone and certifies hours once (a second certification is refused 409 in both languages); a correction
// is asked for and made (audited); the record is the volunteer's own — another resident cannot read it,
// staff read it only with consent; a certificate is issued, downloaded as PDF and checked publicly by its
// code, showing only what it states.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createResidentUser,
  createTestApp,
  isBilingualError,
  sessionCookie,
  type TestApp,
} from "../../../../test/test-app.ts";
import { rotatingCodeAt, WINDOW_SECONDS } from "../../../access/sign-in-codes.ts";
import { api, type VoiceWorld, voiceWorld } from "../../voice/requests/requests.fixtures.ts";

let t: TestApp;
let v: VoiceWorld;
let V: string;

beforeAll(async () => {
  t = await createTestApp();
  v = await voiceWorld(t);
  V = `${v.A}/volunteering`;
});
afterAll(async () => {
  await t?.close();
});

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
const code = (activityId: number, at = new Date()) =>
  rotatingCodeAt(t.config, "volunteering", v.a.id, activityId, at).code;

let teamId: number;
let activityId: number;

describe("teams (T1)", () => {
  it("staff register a team with its leader; a resident asks to join, the leader approves", async () => {
    teamId = (
      await ok(
        await api(t, "POST", `${V}/teams`, v.secretary.cookie, {
          name: "一直帮",
          unitName: "东龙社区",
          skills: ["助老", "维修"],
          leaderUserId: v.r1.id,
        }),
      )
    ).id;
    const join = await ok(await api(t, "POST", `${V}/teams/${teamId}/join`, v.r0.cookie));
    expect(join.status).toBe("requested");
    // a plain member cannot see join requests; the leader can
    const asR2 = await ok(await api(t, "GET", `${V}/teams/${teamId}`, v.r2.cookie));
    expect(asR2.people).toEqual([]);
    const asLeader = await ok(await api(t, "GET", `${V}/teams/${teamId}`, v.r1.cookie));
    const req = asLeader.people.find((p: any) => p.userId === v.r0.id);
    expect(req.status).toBe("requested");
    expect(req.phone).not.toContain(v.r0.phone.slice(3, 7));
    await refused(
      await api(t, "POST", `${V}/teams/${teamId}/members/${req.id}/decision`, v.r2.cookie, { approve: true }),
      403,
    );
    await ok(
      await api(t, "POST", `${V}/teams/${teamId}/members/${req.id}/decision`, v.r1.cookie, { approve: true }),
    );
    await refused(
      await api(t, "POST", `${V}/teams/${teamId}/members/${req.id}/decision`, v.r1.cookie, { approve: true }),
      409,
    );
    const list = await ok(await api(t, "GET", `${V}/teams`, v.r0.cookie));
    expect(list.teams[0]).toMatchObject({ name: "一直帮", members: 2, myStatus: "active", myRole: "member" });
  });

  it("an alliance groups teams; a team of another community is refused", async () => {
    await ok(await api(t, "POST", `${V}/alliances`, v.secretary.cookie, { name: "益+", teamIds: [teamId] }));
    await refused(
      await api(t, "POST", `${V}/alliances`, v.secretary.cookie, { name: "益-", teamIds: [999_999] }),
      400,
    );
    const list = await ok(await api(t, "GET", `${V}/teams`, v.r0.cookie));
    expect(list.alliances).toEqual([{ id: expect.any(Number), name: "益+", teams: ["一直帮"] }]);
  });
});

describe("activities (T2)", () => {
  it("a team's leader publishes an activity; a resident who leads nothing cannot", async () => {
    const body = {
      title: "帮跑团送餐",
      place: "东龙社区食堂门口",
      startsAt: new Date(Date.now() - 3_600_000).toISOString(),
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      capacity: 3,
      skills: ["送餐"],
      teamId,
    };
    await refused(await api(t, "POST", `${V}/activities`, v.r2.cookie, body), 403);
    activityId = (await ok(await api(t, "POST", `${V}/activities`, v.r1.cookie, body))).id;
    await refused(await api(t, "POST", `${V}/activities`, v.r1.cookie, { ...body, capacity: 0 }), 400);
  });

  it("concurrent sign-ups never exceed the capacity; the rest wait in order; a cancellation promotes the first", async () => {
    // 王阿姨 signs up first; then eight more at once for the two places left
    expect((await ok(await api(t, "POST", `${V}/activities/${activityId}/signup`, v.r0.cookie))).status).toBe(
      "signed",
    );
    const people = [v.r2] as { id: number; cookie: string }[];
    for (let i = 0; i < 7; i++) {
      const r = await createResidentUser(t.db, v.a.id, v.a.households[i % 3]!.id, `志愿者${i}`);
      people.push({ id: r.id, cookie: await sessionCookie(t, r.id) });
    }
    const answers = await Promise.all(
      people.map(async (p) => ok(await api(t, "POST", `${V}/activities/${activityId}/signup`, p.cookie))),
    );
    expect(answers.filter((a) => a.status === "signed")).toHaveLength(2);
    const waiting = answers
      .filter((a) => a.status === "waiting")
      .map((a) => a.waitingPosition)
      .sort();
    expect(waiting).toEqual([1, 2, 3, 4, 5, 6]);
    const detail = await ok(await api(t, "GET", `${V}/activities/${activityId}`, v.r0.cookie));
    expect(detail).toMatchObject({ capacity: 3, signedUp: 3, waiting: 6, myStatus: "signed" });
    // a repeat changes nothing
    const again = await ok(await api(t, "POST", `${V}/activities/${activityId}/signup`, v.r0.cookie));
    expect(again.messageZh).toBe("您已报名");
    // one signed person cancels: the first waiting takes the place
    const signedIdx = answers.findIndex((a) => a.status === "signed");
    const firstWaitingIdx = answers.findIndex((a) => a.status === "waiting" && a.waitingPosition === 1);
    const cancel = await ok(
      await api(t, "POST", `${V}/activities/${activityId}/cancel`, people[signedIdx]!.cookie),
    );
    expect(cancel).toEqual({ cancelled: true, promoted: 1 });
    const promoted = await ok(
      await api(t, "GET", `${V}/activities/${activityId}`, people[firstWaitingIdx]!.cookie),
    );
    expect(promoted.myStatus).toBe("signed");
    const second = answers.findIndex((a) => a.status === "waiting" && a.waitingPosition === 2);
    const moved = await ok(await api(t, "GET", `${V}/activities/${activityId}`, people[second]!.cookie));
    expect(moved).toMatchObject({ myStatus: "waiting", myWaitingPosition: 1, signedUp: 3, waiting: 5 });
    const count = await t.db
      .selectFrom("vol_signup")
      .select((e) => e.fn.countAll<number>().as("n"))
      .where("activity_id", "=", activityId)
      .where("status", "=", "signed")
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(3);
  });

  it("checks in with the current code; an old code is refused; the organiser's screen shows the code", async () => {
    const screen = await ok(await api(t, "GET", `${V}/activities/${activityId}/check-code`, v.r1.cookie));
    expect(screen.code).toMatch(/^\d{6}$/);
    expect(screen.path).toContain(`/m/volunteering/${activityId}/check`);
    await refused(await api(t, "GET", `${V}/activities/${activityId}/check-code`, v.r0.cookie), 403);
    const old = code(activityId, new Date(Date.now() - 5 * WINDOW_SECONDS * 1000));
    const e = await refused(
      await api(t, "POST", `${V}/activities/${activityId}/check`, v.r0.cookie, { code: old, action: "in" }),
      400,
    );
    expect(e.code).toBe("SIGN_IN_CODE_EXPIRED");
    const res = await ok(
      await api(t, "POST", `${V}/activities/${activityId}/check`, v.r0.cookie, {
        code: code(activityId),
        action: "in",
      }),
    );
    expect(res).toMatchObject({ action: "in", status: "done", messageZh: "签到成功" });
    // a meeting's code (another purpose) of the same id does not open the activity
    const meetingCode = rotatingCodeAt(t.config, "meetings", v.a.id, activityId, new Date()).code;
    if (meetingCode !== code(activityId))
      await refused(
        await api(t, "POST", `${V}/activities/${activityId}/check`, v.r0.cookie, {
          code: meetingCode,
          action: "out",
        }),
        400,
      );
    await ok(
      await api(t, "POST", `${V}/activities/${activityId}/check`, v.r0.cookie, {
        code: code(activityId),
        action: "out",
      }),
    );
  });

  it("after check-out the activity leaves 'signed up' for done, awaiting certification (fault b)", async () => {
    // the activity has not ended yet, but 王阿姨 has checked out
    const rec = (await ok(await api(t, "GET", "/api/me/volunteering", v.r0.cookie))).records.find(
      (r: any) => r.communityId === v.a.id,
    );
    expect(rec.upcoming.map((u: any) => u.activityId)).not.toContain(activityId);
    const done = rec.services.find((s: any) => s.activityId === activityId);
    expect(done).toMatchObject({ checkOutAt: expect.any(String), certifiedAt: null });
  });

  it("wrong codes are throttled: after 10 in 5 minutes even the right code waits (429)", async () => {
    // the second signed-up volunteer (not 王阿姨), who has not checked in yet
    const rows = (await ok(await api(t, "GET", `${V}/activities/${activityId}/attendance`, v.r1.cookie)))
      .rows;
    const other = rows.find((r: any) => r.signup === "signed" && r.userId !== v.r0.id && !r.checkInAt)!;
    const cookie = await sessionCookie(t, other.userId);
    const right = code(activityId);
    const wrong = right === "000000" ? "000001" : "000000";
    for (let i = 0; i < 10; i++)
      await refused(
        await api(t, "POST", `${V}/activities/${activityId}/check`, cookie, { code: wrong, action: "in" }),
        400,
      );
    const e = await refused(
      await api(t, "POST", `${V}/activities/${activityId}/check`, cookie, { code: right, action: "in" }),
      429,
    );
    expect(e.code).toBe("TOO_MANY");
  });

  it("the organiser ticks in someone without a phone; only the organiser may", async () => {
    const rows = (await ok(await api(t, "GET", `${V}/activities/${activityId}/attendance`, v.r1.cookie)))
      .rows;
    const other = rows.find((r: any) => r.signup === "signed" && r.userId !== v.r0.id)!;
    await refused(
      await api(t, "POST", `${V}/activities/${activityId}/attendance`, v.r0.cookie, {
        action: "in",
        userIds: [other.userId],
      }),
      403,
    );
    expect(
      await ok(
        await api(t, "POST", `${V}/activities/${activityId}/attendance`, v.r1.cookie, {
          action: "in",
          userIds: [other.userId],
        }),
      ),
    ).toEqual({
      done: 1,
      already: 0,
    });
    await refused(
      await api(t, "POST", `${V}/activities/${activityId}/attendance`, v.r1.cookie, {
        action: "in",
        userIds: [v.r2.id + 9999],
      }),
      400,
    );
  });

  it("hours are certified once: a second certification is refused 409 (zh/en)", async () => {
    const rows = (await ok(await api(t, "GET", `${V}/activities/${activityId}/attendance`, v.r1.cookie)))
      .rows;
    const mine = rows.find((r: any) => r.userId === v.r0.id)!;
    await refused(
      await api(t, "POST", `${V}/activities/${activityId}/certify`, v.r0.cookie, {
        entries: [{ attendanceId: mine.attendanceId, minutes: 600 }],
      }),
      403,
    );
    expect(
      await ok(
        await api(t, "POST", `${V}/activities/${activityId}/certify`, v.r1.cookie, {
          entries: [{ attendanceId: mine.attendanceId, minutes: 120 }],
        }),
      ),
    ).toEqual({
      certified: 1,
    });
    const again = await refused(
      await api(t, "POST", `${V}/activities/${activityId}/certify`, v.r1.cookie, {
        entries: [{ attendanceId: mine.attendanceId, minutes: 180 }],
      }),
      409,
    );
    expect(again.code).toBe("VOL_ALREADY_CERTIFIED");
    expect(again.message).toBeTruthy();
  });

  it("the volunteer asks for a correction; the organiser corrects it (audited)", async () => {
    const rec = (await ok(await api(t, "GET", "/api/me/volunteering", v.r0.cookie))).records.find(
      (r: any) => r.communityId === v.a.id,
    );
    expect(rec.totalMinutes).toBe(120);
    const s = rec.services[0];
    await refused(
      await api(t, "POST", `${V}/attendance/${s.attendanceId}/corrections`, v.r2.cookie, { reason: "x" }),
      404,
    );
    const c = await ok(
      await api(t, "POST", `${V}/attendance/${s.attendanceId}/corrections`, v.r0.cookie, {
        reason: "实际服务了2个半小时",
      }),
    );
    await refused(
      await api(t, "POST", `${V}/corrections/${c.id}/decision`, v.r0.cookie, { minutes: 999 }),
      403,
    );
    await ok(
      await api(t, "POST", `${V}/corrections/${c.id}/decision`, v.r1.cookie, {
        minutes: 150,
        note: "核实无误",
      }),
    );
    await refused(
      await api(t, "POST", `${V}/corrections/${c.id}/decision`, v.r1.cookie, { minutes: 150 }),
      409,
    );
    const audit = await t.db
      .selectFrom("audit_log")
      .select(["before", "after"])
      .where("action", "=", "volunteering.correction")
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(audit)).toContain("150");
    const rec2 = (await ok(await api(t, "GET", "/api/me/volunteering", v.r0.cookie))).records.find(
      (r: any) => r.communityId === v.a.id,
    );
    expect(rec2.totalMinutes).toBe(150);
    expect(rec2.services[0].correction).toBe("corrected");
  });
});

describe("the record and its certificate (Art. 19–20)", () => {
  it("another resident cannot read the record; staff read it only with consent (logged); the organiser reads their services", async () => {
    const R = `${V}/volunteers/${v.r0.id}/record`;
    await refused(await api(t, "GET", R, v.r2.cookie), 403);
    await refused(await api(t, "GET", R, v.worker.cookie), 403);
    const org = await ok(await api(t, "GET", R, v.r1.cookie));
    expect(org.partial).toBe(true);
    expect(org.services).toHaveLength(1);
    await ok(await api(t, "PUT", `${V}/me/consent`, v.r0.cookie, { consent: true }));
    const staff = await ok(await api(t, "GET", R, v.worker.cookie));
    expect(staff).toMatchObject({ partial: false, consent: true, totalMinutes: 150 });
    await refused(await api(t, "GET", R, v.r2.cookie), 403);
    const reads = await t.db
      .selectFrom("audit_log")
      .select("actor_user_id")
      .where("action", "=", "volunteering.record.read")
      .execute();
    expect(reads.map((r) => r.actor_user_id)).toEqual(expect.arrayContaining([v.r1.id, v.worker.id]));
    await ok(await api(t, "PUT", `${V}/me/consent`, v.r0.cookie, { consent: false }));
    await refused(await api(t, "GET", R, v.worker.cookie), 403);
  });

  it("consent is set only by a volunteer of the community; anyone else is refused and nothing is written (fault a)", async () => {
    const stranger = await createResidentUser(t.db, v.a.id, v.a.households[0]!.id, "没当过志愿者");
    const cookie = await sessionCookie(t, stranger.id);
    await refused(await api(t, "PUT", `${V}/me/consent`, cookie, { consent: true }), 403);
    // another community where 王阿姨 never volunteered
    await refused(
      await api(t, "PUT", `/api/communities/${v.w.b.id}/volunteering/me/consent`, v.r0.cookie, {
        consent: true,
      }),
      403,
    );
    const rows = await t.db
      .selectFrom("vol_volunteer")
      .select("user_id")
      .where((eb) =>
        eb.or([
          eb("user_id", "=", stranger.id),
          eb.and([eb("user_id", "=", v.r0.id), eb("community_id", "=", v.w.b.id)]),
        ]),
      )
      .execute();
    expect(rows).toEqual([]);
  });

  it("a certificate is issued, downloaded as a PDF, and anyone checks it by its code (only what it states)", async () => {
    await refused(await api(t, "POST", `${V}/me/certificates`, v.r2.cookie), 409);
    const cert = await ok(await api(t, "POST", `${V}/me/certificates`, v.r0.cookie));
    expect(cert.code).toMatch(/^[0-9A-Z]{12}$/);
    expect(cert.minutes).toBe(150);
    const pdf = await api(t, "GET", `${V}/me/certificates/${cert.id}/pdf`, v.r0.cookie);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
    await refused(await api(t, "GET", `${V}/me/certificates/${cert.id}/pdf`, v.r2.cookie), 404);
    const pub = await ok(await api(t, "GET", `/api/volunteering/certificates/${cert.code}`, null));
    expect(pub).toMatchObject({ code: cert.code, volunteerName: "王阿姨", totalMinutes: 150 });
    expect(pub.services).toEqual([
      { date: expect.any(String), title: "帮跑团送餐", place: "东龙社区食堂门口", minutes: 150 },
    ]);
    const text = JSON.stringify(pub);
    expect(text).not.toContain(v.r0.phone);
    expect(Object.keys(pub).sort()).toEqual([
      "code",
      "issuedAt",
      "issuer",
      "services",
      "totalMinutes",
      "volunteerName",
    ]);
    await refused(await api(t, "GET", "/api/volunteering/certificates/ZZZZZZZZZZZZ", null), 404);
    await refused(await api(t, "GET", "/api/volunteering/certificates/bad-code!", null), 400);
  });
});
