// Residents' meetings (居民会议, Organic Law of Urban Residents' Committees Art. 9) through the real API:
// the roll frozen once on a basis (adults 18+ or households), sign-in gated by it, attendance counted
// against the roll (a household once, people off the roll shown but not counted), the quorum (more than
// half), decisions (more than half of those present) and the refusals that store nothing; and the rule's
// arithmetic at its boundary and against a second reading of it (fast-check).
import fc from "fast-check";
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
import { adultBornOnOrBefore, decisionPasses, hasQuorum, moreThanHalfOf } from "./residents-meeting-rule.ts";

describe("the residents' meeting rule", () => {
  it("exactly half is not a quorum; half + 1 is", () => {
    expect(hasQuorum(60, 120)).toBe(false);
    expect(hasQuorum(61, 120)).toBe(true);
    expect(hasQuorum(60, 121)).toBe(false);
    expect(hasQuorum(61, 121)).toBe(true);
    expect(hasQuorum(0, 0)).toBe(false);
    expect(moreThanHalfOf(120)).toBe(61);
    expect(moreThanHalfOf(121)).toBe(61);
    // of those present, not of those voting: 30 for and nobody against among 61 present fails
    expect(decisionPasses(30, 61)).toBe(false);
    expect(decisionPasses(31, 61)).toBe(true);
    expect(decisionPasses(30, 60)).toBe(false);
    expect(decisionPasses(31, 60)).toBe(true);
  });

  it("agrees with a second reading: more present than absent, more for than not for", () => {
    const n = fc.integer({ min: 0, max: 2 ** 40 });
    fc.assert(
      fc.property(n, n, (a, b) => {
        const [part, whole] = a <= b ? [a, b] : [b, a];
        // the second reading: those in favour (present) outnumber all the others of the whole
        const outnumber = part > whole - part;
        expect(hasQuorum(part, whole)).toBe(outnumber);
        expect(decisionPasses(part, whole)).toBe(outnumber);
        expect(part >= moreThanHalfOf(whole)).toBe(outnumber);
      }),
      { numRuns: 2000 },
    );
  });

  it("an adult is 18 on the day in China time; 29 February comes of age on 1 March", () => {
    expect(adultBornOnOrBefore(new Date("2026-12-05T10:00:00Z"))).toBe("2008-12-05");
    expect(adultBornOnOrBefore(new Date("2026-12-05T17:00:00Z"))).toBe("2008-12-06");
    expect(adultBornOnOrBefore(new Date("2028-02-29T04:00:00Z"))).toBe("2010-02-28");
    expect(adultBornOnOrBefore(new Date("2028-03-01T04:00:00Z"))).toBe("2010-03-01");
  });
});

let t: TestApp;
let w: Awaited<ReturnType<typeof createWorld>>;
let A: string;
let secretary: string;
let resident: { residentId: number; cookie: string };
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

async function plan(kind: string, place: object) {
  const res = await api("POST", `${A}/meetings`, secretary, {
    kind,
    title: "居民会议：议事亭改造",
    startsAt: new Date(Date.now() + HOUR).toISOString(),
    endsAt: new Date(Date.now() + 2 * HOUR).toISOString(),
    ...place,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().id as number;
}

const tick = async (meetingId: number, residentIds: number[]) => {
  const res = await api("POST", `${A}/meetings/${meetingId}/attendance`, secretary, {
    method: "ticked",
    residentIds,
  });
  expect(res.statusCode, res.body).toBe(200);
};

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t.db);
  A = `/api/communities/${w.a.id}`;
  const u = await createUser(t.db, "居民会议书记");
  await grant(t.db, u.id, "community_secretary", "community", w.a.id);
  secretary = await sessionCookie(t, u.id);
  // a second verified person in household 0, with an account
  const r = await createResidentUser(t.db, w.a.id, w.a.households[0]!.id, "同户居民");
  resident = { residentId: r.residentId, cookie: await sessionCookie(t, r.id) };
});

afterAll(async () => {
  await t?.close();
});

describe("a residents' meeting on the households basis", () => {
  it("freezes the roll once, counts a household once and people off the roll not at all, and decides only with a quorum", async () => {
    const id = await plan("residents", { estateId: w.a.estateId });
    const M = `${A}/meetings/${id}`;
    const [r0, r1, r2, r3] = w.a.residents.map((r) => r.id);

    // sign-in opens with the frozen roll
    await unchanged(() => api("GET", `${M}/sign-in-code`, secretary), 409);
    await unchanged(
      () => api("POST", `${M}/attendance`, secretary, { method: "ticked", residentIds: [r0] }),
      409,
    );
    await unchanged(
      () =>
        api("POST", `${M}/residents-decisions`, secretary, {
          item: "表决",
          tally: { method: "counted", yes: 1, no: 0, abstain: 0 },
        }),
      409,
    );

    const frozen = await api("POST", `${M}/residents-roll`, secretary, { basis: "households" });
    expect(frozen.statusCode, frozen.body).toBe(200);
    expect(frozen.json()).toMatchObject({
      basis: "households",
      eligible: 4,
      present: 0,
      needed: 3,
      quorum: false,
    });
    expect((await api("GET", `${M}/sign-in-code`, secretary)).statusCode).toBe(200);

    // frozen twice, or its kind or place changed afterwards: refused, nothing stored
    const again = await unchanged(
      () => api("POST", `${M}/residents-roll`, secretary, { basis: "adults" }),
      409,
    );
    expect(again.code).toBe("RESIDENTS_ROLL_FROZEN");
    await unchanged(() => api("PATCH", M, secretary, { kind: "council" }), 409);
    await unchanged(() => api("PATCH", M, secretary, { buildingId: w.a.buildings[0]!.id }), 409);
    expect((await api("PATCH", M, secretary, { title: "居民会议（改期通知）" })).statusCode).toBe(200);

    // household 0 twice (two people), household 1, and a verified resident with no home here (off the roll)
    const { id: homeless } = await t.db
      .insertInto("resident")
      .values({ community_id: w.a.id, household_id: null, name: "暂无住址", status: "verified" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await tick(id, [r0!, resident.residentId, r1!, homeless]);
    let view = (await api("GET", M, secretary)).json().residentsMeeting;
    expect(view).toMatchObject({ eligible: 4, signedIn: 4, present: 2, notCounted: 2, quorum: false });

    // exactly half (2 of 4) is no quorum: no decision is recorded
    const noQuorum = await unchanged(
      () =>
        api("POST", `${M}/residents-decisions`, secretary, {
          item: "同意改造方案",
          tally: { method: "counted", yes: 2, no: 0, abstain: 0 },
        }),
      409,
    );
    expect(noQuorum.code).toBe("NO_QUORUM");

    await tick(id, [r2!]);
    view = (await api("GET", M, secretary)).json().residentsMeeting;
    expect(view).toMatchObject({ present: 3, quorum: true, needed: 3 });
    expect(new Set(view.countedResidentIds)).toEqual(new Set([r0, resident.residentId, r1, r2]));

    // votes beyond those present, a ticked person absent or off the roll, a household on both sides
    const decide = (tally: object, item = "同意改造方案") =>
      api("POST", `${M}/residents-decisions`, secretary, { item, tally });
    expect((await unchanged(() => decide({ method: "counted", yes: 3, no: 1, abstain: 0 }), 400)).code).toBe(
      "VOTES_EXCEED_PRESENT",
    );
    await unchanged(() => decide({ method: "ticked", yes: [r3], no: [], abstain: [] }), 400);
    await unchanged(() => decide({ method: "ticked", yes: [homeless], no: [], abstain: [] }), 400);
    await unchanged(
      () => decide({ method: "ticked", yes: [r0], no: [resident.residentId], abstain: [] }),
      400,
    );

    // 2 of 3 present for: passed; 1 for and nobody against: not passed (more than half of those present)
    expect((await decide({ method: "counted", yes: 2, no: 1, abstain: 0 })).statusCode).toBe(200);
    expect((await decide({ method: "counted", yes: 1, no: 0, abstain: 0 }, "增设晾衣架")).statusCode).toBe(
      200,
    );
    const ticked = await decide(
      { method: "ticked", yes: [r0, resident.residentId, r1], no: [r2], abstain: [] },
      "公约修订",
    );
    expect(ticked.statusCode, ticked.body).toBe(200);
    expect(ticked.json().decisions.map((d: any) => [d.item, d.present, d.yes, d.no, d.passed])).toEqual([
      ["同意改造方案", 3, 2, 1, true],
      ["增设晾衣架", 3, 1, 0, false],
      ["公约修订", 3, 2, 1, true],
    ]);
    const audit = await t.db
      .selectFrom("audit_log")
      .select("action")
      .where("target_id", "=", String(id) as any)
      .where("action", "like", "residents_meeting.%")
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual([
      "residents_meeting.decision",
      "residents_meeting.decision",
      "residents_meeting.decision",
      "residents_meeting.roll_freeze",
    ]);

    // the resident reads the quorum line and the decisions, not who counted
    const mine = (await api("GET", M, resident.cookie)).json().residentsMeeting;
    expect(mine).toMatchObject({ eligible: 4, present: 3, quorum: true, countedResidentIds: null });
    expect(mine.decisions).toHaveLength(3);
  });
});

describe("a residents' meeting on the adults basis", () => {
  it("takes the residents of 18 or more on the day the roll is frozen, and says how many have no birth date", async () => {
    const b0 = w.a.buildings[0]!.id;
    const [r0, r1] = w.a.residents.map((r) => r.id);
    const adultDay = adultBornOnOrBefore(new Date());
    const dayAfter = new Date(Date.parse(`${adultDay}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    await t.db.updateTable("resident").set({ birth_date: adultDay }).where("id", "=", r0!).execute();
    await t.db.updateTable("resident").set({ birth_date: dayAfter }).where("id", "=", r1!).execute();
    await t.db
      .updateTable("resident")
      .set({ birth_date: "1950-03-01" })
      .where("id", "=", resident.residentId)
      .execute();
    const id = await plan("residents", { buildingId: b0 });
    const res = await api("POST", `${A}/meetings/${id}/residents-roll`, secretary, { basis: "adults" });
    expect(res.statusCode, res.body).toBe(200);
    // building 1: r0 (18 today), r1 (18 tomorrow), the second person of household 0 (born 1950)
    expect(res.json()).toMatchObject({ basis: "adults", eligible: 2, unknownAge: 0, needed: 2 });
    await tick(id, [r0!, r1!]);
    const view = (await api("GET", `${A}/meetings/${id}`, secretary)).json().residentsMeeting;
    expect(view).toMatchObject({ signedIn: 2, present: 1, notCounted: 1, quorum: false });
  });

  it("is only for residents' meetings", async () => {
    const id = await plan("council", {});
    const body = await unchanged(
      () => api("POST", `${A}/meetings/${id}/residents-roll`, secretary, { basis: "adults" }),
      409,
    );
    expect(body.code).toBe("NOT_RESIDENTS_MEETING");
    expect((await api("GET", `${A}/meetings/${id}`, secretary)).json().residentsMeeting).toBeNull();
  });
});
