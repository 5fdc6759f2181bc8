// Meetings (D3) through the real API: planning one meeting and a series from an RRULE, invitations and
// the reminder job, the three ways of signing in (the rotating code scanned or typed, the personal code,
// ticked names) with one attendance row per person, minutes and resolutions, figures per party, .ics
// files, the export, and who may see what.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createResidentUser,
  createTestApp,
  createUser,
  createWorld,
  diffSnapshots,
  grant,
  isBilingualError,
  sessionCookie,
  snapshotDatabase,
  type TestApp,
} from "../../../../test/test-app.ts";
import { occurrencesOf, remindMeetings } from "./meetings.service.ts";
import { personalCodeFor, signInCodeAt, WINDOW_SECONDS } from "./meetings-codes.ts";

let t: TestApp;
let w: Awaited<ReturnType<typeof createWorld>>;
let A: string;
let secretary: string;
let gridWorker: string;
let gridWorkerOther: string;
let street: string;
let residents: { id: number; residentId: number; cookie: string }[];
let outsider: { id: number; cookie: string };
let orgUser: { id: number; cookie: string };
let orgId: number;

const HOUR = 3_600_000;

async function api(method: string, url: string, cookie: string | null, payload?: unknown) {
  return t.app.inject({
    method: method as any,
    url,
    ...(payload !== undefined ? { payload: payload as any } : {}),
    headers: cookie ? { cookie } : {},
  });
}

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

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t.db);
  A = `/api/communities/${w.a.id}`;
  const staff = async (name: string, role: any, scope: any, id: number | null, cid: number | null = null) => {
    const u = await createUser(t.db, name);
    await grant(t.db, u.id, role, scope, id, cid);
    return sessionCookie(t, u.id);
  };
  secretary = await staff("书记", "community_secretary", "community", w.a.id);
  gridWorker = await staff("网格员", "grid_worker", "grid", w.a.grids[0]!, w.a.id);
  gridWorkerOther = await staff("二网格员", "grid_worker", "grid", w.a.grids[1]!, w.a.id);
  street = await staff("街道", "street_official", "street", w.streetA);
  residents = [];
  for (let i = 0; i < 4; i++) {
    const r = await createResidentUser(t.db, w.a.id, w.a.households[i]!.id, `会议居民${i}`);
    residents.push({ id: r.id, residentId: r.residentId, cookie: await sessionCookie(t, r.id) });
  }
  const o = await createResidentUser(t.db, w.c.id, w.c.households[0]!.id, "外社区居民");
  outsider = { id: o.id, cookie: await sessionCookie(t, o.id) };
  orgId = w.a.propertyOrgId;
  const ou = await createUser(t.db, "物业经理");
  await grant(t.db, ou.id, "property_staff", "organisation", orgId);
  orgUser = { id: ou.id, cookie: await sessionCookie(t, ou.id) };
});
afterAll(async () => {
  await t?.close();
});

const soon = () => new Date(Date.now() + HOUR);
const plan = (cookie: string, body: Record<string, unknown>) =>
  api("POST", `${A}/meetings`, cookie, {
    kind: "opinion",
    title: "架空层改造意见征集会",
    startsAt: soon().toISOString(),
    endsAt: new Date(soon().getTime() + HOUR).toISOString(),
    venue: "议事亭",
    ...body,
  });

describe("planning", () => {
  it("plans a series of 8 opinion meetings from an RRULE, invites people and parties, and tells them once", async () => {
    const res = await plan(secretary, {
      rrule: "FREQ=WEEKLY;BYDAY=SA;COUNT=8",
      invitedResidentIds: [residents[0]!.residentId, residents[1]!.residentId],
      invitedOrganisationIds: [orgId],
    });
    expect(res.statusCode, res.body).toBe(200);
    const created = res.json();
    expect(created.meetingIds).toHaveLength(8);
    expect(created.seriesId).toBeTypeOf("number");
    const list = (await api("GET", `${A}/meetings?seriesId=${created.seriesId}&limit=200`, secretary)).json();
    expect(list.total).toBe(8);
    expect(list.items.every((m: any) => m.invitedPeople === 2 && m.invitedParties === 1)).toBe(true);
    // Saturdays in China time
    for (const m of list.items)
      expect(new Date(new Date(m.startsAt).getTime() + 8 * HOUR).getUTCDay()).toBe(6);
    const notices = await t.db
      .selectFrom("notification")
      .select(["user_id"])
      .where("kind", "=", "meeting.invited")
      .execute();
    expect(notices.map((n) => n.user_id).sort()).toEqual(
      [residents[0]!.id, residents[1]!.id, orgUser.id].sort(),
    );
  });

  it("reads an RRULE in China time, at most a year and 53 occurrences", () => {
    const first = new Date("2026-12-05T23:30:00Z"); // Sunday 07:30 in China
    const starts = occurrencesOf("FREQ=WEEKLY;BYDAY=SU;COUNT=3", first);
    expect(starts.map((d) => d.toISOString())).toEqual([
      "2026-12-05T23:30:00.000Z",
      "2026-12-12T23:30:00.000Z",
      "2026-12-19T23:30:00.000Z",
    ]);
    expect(occurrencesOf("FREQ=DAILY", first)).toHaveLength(53);
    expect(occurrencesOf("FREQ=MONTHLY", first)).toHaveLength(13);
  });

  it("refuses a malformed RRULE, an end before the start, an oversized title and a place of another community", async () => {
    for (const rrule of [
      "hello",
      "FREQ=SOMETIMES",
      "COUNT=3",
      "FREQ=WEEKLY;BYDAY=XX",
      "FREQ=WEEKLY;UNTIL=20200101T000000Z",
    ]) {
      const body = await unchanged(() => plan(secretary, { rrule }), 400);
      expect(body.code).toBe("VALIDATION");
    }
    await unchanged(() => plan(secretary, { endsAt: new Date(Date.now() - HOUR).toISOString() }), 400);
    await unchanged(() => plan(secretary, { title: "议".repeat(101) }), 400);
    await unchanged(() => plan(secretary, { agenda: "议".repeat(4001) }), 400);
    await unchanged(() => plan(secretary, { buildingId: w.c.buildings[0]!.id }), 404);
    await unchanged(() => plan(secretary, { invitedResidentIds: [w.c.residents[0]!.id] }), 400);
  });

  it("lets a grid worker plan only in their grid, and refuses the community level", async () => {
    const b0 = w.a.buildings[0]!;
    expect((await plan(gridWorker, { buildingId: b0.id })).statusCode).toBe(200);
    await unchanged(() => plan(gridWorker, { buildingId: w.a.buildings[1]!.id }), 403);
    await unchanged(() => plan(gridWorker, {}), 403);
    await unchanged(() => plan(residents[0]!.cookie, {}), 403);
  });
});

async function newMeeting(body: Record<string, unknown> = {}) {
  const res = await plan(secretary, {
    invitedResidentIds: [residents[0]!.residentId, residents[1]!.residentId, residents[2]!.residentId],
    invitedOrganisationIds: [orgId],
    ...body,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().id as number;
}

describe("sign-in", () => {
  it("signs in three ways, one row per person; a repeat answers 已签到 and stores nothing", async () => {
    const id = await newMeeting();
    const screen = (await api("GET", `${A}/meetings/${id}/sign-in-code`, secretary)).json();
    expect(screen.code).toMatch(/^\d{6}$/);
    expect(screen.path).toBe(`/m/meetings/${id}/sign-in?community=${w.a.id}&c=${screen.code}`);
    expect(screen.windowSeconds).toBe(WINDOW_SECONDS);

    // 1. scanned
    const scanned = await api("POST", `${A}/meetings/${id}/sign-in`, residents[0]!.cookie, {
      code: screen.code,
      via: "scan",
    });
    expect(scanned.statusCode, scanned.body).toBe(200);
    expect(scanned.json()).toMatchObject({ status: "signed_in", name: "会议居民0" });
    const again = await unchangedOk(() =>
      api("POST", `${A}/meetings/${id}/sign-in`, residents[0]!.cookie, { code: screen.code, via: "code" }),
    );
    expect(again).toMatchObject({ status: "already", messageZh: "已签到" });

    // 2. the organiser scans a personal code
    const token = (await api("GET", "/api/me/meeting-code", residents[1]!.cookie)).json().token;
    const scannedPersonal = await api("POST", `${A}/meetings/${id}/attendance`, secretary, {
      method: "personal_code",
      token,
    });
    expect(scannedPersonal.json()).toMatchObject({
      signedIn: [{ name: "会议居民1", status: "signed_in" }],
      attended: 2,
    });

    // 3. ticked, with one who is already in
    const ticked = await api("POST", `${A}/meetings/${id}/attendance`, secretary, {
      method: "ticked",
      residentIds: [residents[2]!.residentId, residents[0]!.residentId],
    });
    expect(ticked.json().signedIn.map((s: any) => s.status)).toEqual(["signed_in", "already"]);

    // the property company's staff signs in for the invited party
    const org = await api("POST", `${A}/meetings/${id}/sign-in`, orgUser.cookie, { code: screen.code });
    expect(org.statusCode, org.body).toBe(200);

    const detail = (await api("GET", `${A}/meetings/${id}`, secretary)).json();
    expect(detail.attended).toBe(4);
    expect(detail.figures).toMatchObject({
      invitedPeople: 3,
      invitedPeopleAttended: 3,
      attended: 4,
      attendancePct: 100,
      byMethod: { scan: 1, code: 1, personal_code: 1, ticked: 1 },
    });
    expect(detail.figures.byParty).toContainEqual({
      organisationId: orgId,
      name: "东龙社区物业",
      invited: true,
      attended: 1,
    });
    expect(detail.invitees[0].phone).toMatch(/\*{4}/);
    const rows = await t.db
      .selectFrom("meeting_attendance")
      .select("person_key")
      .where("meeting_id", "=", id)
      .execute();
    expect(new Set(rows.map((r) => r.person_key)).size).toBe(rows.length);
  });

  it("refuses an expired code (a photo sent home), a wrong code and a stale personal code, storing nothing", async () => {
    const id = await newMeeting();
    const old = signInCodeAt(t.config, w.a.id, id, new Date(Date.now() - 3 * WINDOW_SECONDS * 1000)).code;
    const current = signInCodeAt(t.config, w.a.id, id, new Date()).code;
    const previous = signInCodeAt(t.config, w.a.id, id, new Date(Date.now() - WINDOW_SECONDS * 1000)).code;
    if (old !== current && old !== previous) {
      const body = await unchanged(
        () => api("POST", `${A}/meetings/${id}/sign-in`, residents[3]!.cookie, { code: old, via: "scan" }),
        400,
      );
      expect(body.code).toBe("SIGN_IN_CODE_EXPIRED");
      expect(body.message?.zh ?? JSON.stringify(body)).toContain("过期");
    }
    const wrong = String((Number(current) + 500_000) % 1_000_000).padStart(6, "0");
    if (wrong !== previous) {
      const body = await unchanged(
        () => api("POST", `${A}/meetings/${id}/sign-in`, residents[3]!.cookie, { code: wrong }),
        400,
      );
      expect(["SIGN_IN_CODE_WRONG", "SIGN_IN_CODE_EXPIRED"]).toContain(body.code);
    }
    await unchanged(
      () => api("POST", `${A}/meetings/${id}/sign-in`, residents[3]!.cookie, { code: "12345" }),
      400,
    );
    const stale = personalCodeFor(t.config, residents[3]!.id, new Date(Date.now() - 10 * 60_000)).token;
    expect(
      (
        await unchanged(
          () =>
            api("POST", `${A}/meetings/${id}/attendance`, secretary, {
              method: "personal_code",
              token: stale,
            }),
          400,
        )
      ).code,
    ).toBe("SIGN_IN_CODE_EXPIRED");
    const forged = `${personalCodeFor(t.config, residents[3]!.id, new Date()).token.slice(0, -2)}xx`;
    await unchanged(
      () =>
        api("POST", `${A}/meetings/${id}/attendance`, secretary, { method: "personal_code", token: forged }),
      400,
    );
    // someone of another community
    await unchanged(
      () => api("POST", `${A}/meetings/${id}/sign-in`, outsider.cookie, { code: current }),
      403,
    );
    await unchanged(
      () =>
        api("POST", `${A}/meetings/${id}/attendance`, secretary, {
          method: "ticked",
          residentIds: [w.c.residents[0]!.id],
        }),
      400,
    );
  });

  it("closes sign-in for a cancelled meeting and for one a week away", async () => {
    const far = new Date(Date.now() + 7 * 24 * HOUR);
    const id = await newMeeting({
      startsAt: far.toISOString(),
      endsAt: new Date(far.getTime() + HOUR).toISOString(),
    });
    await unchanged(() => api("GET", `${A}/meetings/${id}/sign-in-code`, secretary), 409);
    const code = signInCodeAt(t.config, w.a.id, id, new Date()).code;
    await unchanged(() => api("POST", `${A}/meetings/${id}/sign-in`, residents[0]!.cookie, { code }), 409);
    const id2 = await newMeeting();
    expect((await api("PATCH", `${A}/meetings/${id2}`, secretary, { cancelled: true })).statusCode).toBe(200);
    await unchanged(
      () =>
        api("POST", `${A}/meetings/${id2}/sign-in`, residents[0]!.cookie, {
          code: signInCodeAt(t.config, w.a.id, id2, new Date()).code,
        }),
      409,
    );
  });

  it("keeps one row when the same person signs in many times at once", async () => {
    const id = await newMeeting();
    const code = signInCodeAt(t.config, w.a.id, id, new Date()).code;
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        api("POST", `${A}/meetings/${id}/sign-in`, residents[3]!.cookie, { code }),
      ),
    );
    expect(answers.every((a) => a.statusCode === 200)).toBe(true);
    expect(answers.filter((a) => a.json().status === "signed_in")).toHaveLength(1);
    const n = await t.db.selectFrom("meeting_attendance").select("id").where("meeting_id", "=", id).execute();
    expect(n).toHaveLength(1);
  });
});

async function unchangedOk(call: () => Promise<{ statusCode: number; body: string; json(): any }>) {
  const before = await snapshotDatabase(t.db);
  const res = await call();
  expect(res.statusCode, res.body).toBe(200);
  expect(diffSnapshots(before, await snapshotDatabase(t.db))).toEqual([]);
  return res.json();
}

describe("minutes, series edits, reading and files", () => {
  it("writes minutes and resolutions; residents read them, without the attendance list", async () => {
    const id = await newMeeting();
    const res = await api("PATCH", `${A}/meetings/${id}`, secretary, {
      minutes: "居民对架空层改造提出12条意见。",
      resolutions: ["架空层改为共享客厅", "成立改造监督小组"],
    });
    expect(res.statusCode, res.body).toBe(200);
    const mine = (await api("GET", `${A}/meetings/${id}`, residents[3]!.cookie)).json();
    expect(mine.resolutions).toEqual(["架空层改为共享客厅", "成立改造监督小组"]);
    expect(mine.invitees).toBeNull();
    expect(mine.figures).toBeNull();
    expect(mine.mine).toEqual({ invited: false, signedIn: false });
    await unchanged(() => api("GET", `${A}/meetings/${id}`, outsider.cookie), 403);
    await unchanged(
      () => api("PATCH", `${A}/meetings/${id}`, secretary, { resolutions: ["x".repeat(1001)] }),
      400,
    );
    await unchanged(
      () => api("PATCH", `${A}/meetings/${id}`, secretary, { minutes: "x".repeat(20001) }),
      400,
    );
    await unchanged(() => api("PATCH", `${A}/meetings/${id}`, secretary, {}), 400);
  });

  it("edits one occurrence or the following ones of a series", async () => {
    const res = await plan(secretary, {
      rrule: "FREQ=MONTHLY;COUNT=4",
      title: "党员大会",
      kind: "party_members",
    });
    const { meetingIds } = res.json();
    const third = meetingIds[2];
    const list0 = (await api("GET", `${A}/meetings?seriesId=${res.json().seriesId}`, secretary)).json().items;
    const before = new Map(list0.map((m: any) => [m.id, new Date(m.startsAt).getTime()]));
    const start = new Date((before.get(third) as number) + 2 * HOUR);
    const patched = await api("PATCH", `${A}/meetings/${third}?apply=following`, secretary, {
      title: "月度党员大会",
      startsAt: start.toISOString(),
      endsAt: new Date(start.getTime() + HOUR).toISOString(),
    });
    expect(patched.json()).toEqual({ id: third, changed: 2 });
    const list = (await api("GET", `${A}/meetings?seriesId=${res.json().seriesId}`, secretary)).json().items;
    const byId = new Map(list.map((m: any) => [m.id, m]));
    expect((byId.get(meetingIds[0]) as any).title).toBe("党员大会");
    expect((byId.get(meetingIds[3]) as any).title).toBe("月度党员大会");
    expect(new Date((byId.get(meetingIds[3]) as any).startsAt).getTime()).toBe(
      (before.get(meetingIds[3]) as number) + 2 * HOUR,
    );
    const one = await api("PATCH", `${A}/meetings/${meetingIds[1]}`, secretary, { venue: "党群服务中心" });
    expect(one.json().changed).toBe(1);
  });

  it("serves .ics files of a meeting and of a series", async () => {
    const res = await plan(secretary, { rrule: "FREQ=WEEKLY;COUNT=3" });
    const { id, seriesId } = res.json();
    const one = await api("GET", `${A}/meetings/${id}/meeting.ics`, residents[0]!.cookie);
    expect(one.statusCode).toBe(200);
    expect(one.headers["content-type"]).toContain("text/calendar");
    expect(one.body).toContain("BEGIN:VEVENT");
    expect(one.body).toContain("议事亭");
    const all = await api("GET", `${A}/meeting-series/${seriesId}/series.ics`, residents[0]!.cookie);
    expect(all.body.match(/BEGIN:VEVENT/g)).toHaveLength(3);
    await unchanged(() => api("GET", `${A}/meeting-series/${seriesId}/series.ics`, outsider.cookie), 403);
  });

  it("lists my meetings: my places and my invitations", async () => {
    const b1 = w.a.buildings[1]!;
    const other = await newMeeting({
      buildingId: b1.id,
      invitedResidentIds: [],
      invitedOrganisationIds: [],
      title: "二栋庭院会",
    });
    const invited = await newMeeting({
      buildingId: b1.id,
      invitedResidentIds: [residents[0]!.residentId],
      title: "二栋邀请会",
    });
    const mine = (await api("GET", "/api/me/meetings", residents[0]!.cookie)).json().items;
    const ids = mine.map((m: any) => m.id);
    expect(ids).not.toContain(other);
    expect(ids).toContain(invited);
    expect(mine.find((m: any) => m.id === invited).invited).toBe(true);
    const theirs = (await api("GET", "/api/me/meetings", residents[2]!.cookie))
      .json()
      .items.map((m: any) => m.id);
    expect(theirs).toContain(other);
  });

  it("lists for staff within their reach, and exports", async () => {
    const inGrid2 = await newMeeting({ buildingId: w.a.buildings[1]!.id, title: "二网格会议" });
    const g1 = (await api("GET", `${A}/meetings?limit=200`, gridWorker)).json().items.map((m: any) => m.id);
    const g2 = (await api("GET", `${A}/meetings?limit=200`, gridWorkerOther))
      .json()
      .items.map((m: any) => m.id);
    expect(g1).not.toContain(inGrid2);
    expect(g2).toContain(inGrid2);
    const s = await api("GET", `${A}/meetings?q=二网格`, street);
    expect(s.json().items.map((m: any) => m.id)).toEqual([inGrid2]);
    await unchanged(() => api("GET", `/api/communities/${w.c.id}/meetings`, street), 403);
    const x = await api("GET", `${A}/meetings/export.xlsx?q=二网格`, secretary);
    expect(x.statusCode).toBe(200);
    expect(x.headers["x-linli-export-rows"]).toBe("1");
  });

  it("invites the members of an invited party branch, and counts them for it when they sign in", async () => {
    const branch = await t.db
      .insertInto("organisation")
      .values({ kind: "party_branch", name: "小区党支部", home_community_id: w.a.id })
      .returning("id")
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto("party_member")
      .values({
        community_id: w.a.id,
        resident_id: residents[3]!.residentId,
        user_id: residents[3]!.id,
        name: "会议居民3",
        branch_org_id: branch.id,
      })
      .execute();
    const id = await newMeeting({
      title: "党员议事会",
      invitedResidentIds: [],
      invitedOrganisationIds: [branch.id],
    });
    const told = await t.db
      .selectFrom("notification")
      .select("user_id")
      .where("kind", "=", "meeting.invited")
      .where("title_zh", "=", "会议邀请：党员议事会")
      .execute();
    expect(told.map((n) => n.user_id)).toEqual([residents[3]!.id]);
    const code = signInCodeAt(t.config, w.a.id, id, new Date()).code;
    expect(
      (await api("POST", `${A}/meetings/${id}/sign-in`, residents[3]!.cookie, { code })).statusCode,
    ).toBe(200);
    const detail = (await api("GET", `${A}/meetings/${id}`, secretary)).json();
    expect(detail.figures.byParty).toEqual([
      { organisationId: branch.id, name: "小区党支部", invited: true, attended: 1 },
    ]);
    expect(detail.mine).toEqual({ invited: false, signedIn: false });
    expect((await api("GET", `${A}/meetings/${id}`, residents[3]!.cookie)).json().mine).toEqual({
      invited: true,
      signedIn: true,
    });
  });

  it("reminds the invited once, the day before", async () => {
    const id = await newMeeting({ title: "提醒测试会" });
    const n1 = await remindMeetings(t.db);
    expect(n1).toBeGreaterThan(0);
    expect(await remindMeetings(t.db)).toBe(0);
    const sent = await t.db
      .selectFrom("notification")
      .select("user_id")
      .where("kind", "=", "meeting.reminder")
      .where("title_zh", "like", "%提醒测试会%")
      .execute();
    expect(sent.map((s) => s.user_id).sort()).toEqual(
      [residents[0]!.id, residents[1]!.id, residents[2]!.id, orgUser.id].sort(),
    );
    const row = await t.db
      .selectFrom("meeting")
      .select("reminded_at")
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row.reminded_at).not.toBeNull();
  });
});
