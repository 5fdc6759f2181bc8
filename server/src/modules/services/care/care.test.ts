// Care for key groups and the daily check-in through the real API (C5, 幸福敲门): staff set a group's visit
// frequency and enrol a resident living alone (consent, 10:00, a family contact); a check-in for someone
// not enrolled is refused in both languages and stores nothing; the sweep raises exactly one alert per
// resident and day however many sweeps run at once, to the building head and the grid worker (in-app and
// SMS), escalates exactly once to the community's staff when nobody answers within the hour, and flags an
// overdue visit once per overdue period; the building head acknowledges (once) and records the visit, whose
// need becomes a private request on the resident's behalf and which closes the alert with its time to
// answer; the resident's 我很好, a family member's and a phone call's check-ins; and privacy: another
// resident cannot read the record, a grid worker cannot read or act outside their grids.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, drainAllEvents, isBilingualError, type TestApp } from "../../../../test/test-app.ts";
import { shanghaiDay, startOfDay } from "../../core/calendar/calendar.service.ts";
import { verifyFigures } from "../../insight/figures/figures.service.ts";
import { api, type VoiceWorld, voiceWorld } from "../../voice/requests/requests.fixtures.ts";
import { sweepCare } from "./care.service.ts";

let t: TestApp;
let v: VoiceWorld;
let C: string;

beforeAll(async () => {
  t = await createTestApp();
  v = await voiceWorld(t);
  C = `${v.A}/care`;
  // 王阿姨 lives alone (building 1, grid 1); 张大爷 is 高龄 (building 2, grid 2)
  await t.db
    .updateTable("resident")
    .set({ care_tags: ["living_alone"] })
    .where("id", "=", v.r0.residentId)
    .execute();
  await t.db
    .updateTable("resident")
    .set({ care_tags: ["elderly_80_plus", "empty_nest"] })
    .where("id", "=", v.r2.residentId)
    .execute();
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
/** 23:00 China time today: after everyone's check-in time. */
const lateToday = () => new Date(startOfDay(shanghaiDay(new Date())).getTime() + 23 * 3_600_000);
const count = async (table: "care_alert" | "care_checkin" | "care_visit" | "care_enrolment") =>
  Number((await t.db.selectFrom(table).select(sql<number>`count(*)`.as("n")).executeTakeFirstOrThrow()).n);
const notices = (kind: string) =>
  t.db.selectFrom("notification").select(["user_id"]).where("kind", "=", kind).orderBy("user_id").execute();

describe("visit plans and enrolment", () => {
  it("community staff set a group's frequency (audited); a grid worker cannot", async () => {
    await refused(await api(t, "PUT", `${C}/plans/living_alone`, v.gw1.cookie, { frequencyDays: 7 }), 403);
    await ok(await api(t, "PUT", `${C}/plans/living_alone`, v.secretary.cookie, { frequencyDays: 7 }));
    await ok(await api(t, "PUT", `${C}/plans/elderly_80_plus`, v.secretary.cookie, { frequencyDays: 14 }));
    await refused(
      await api(t, "PUT", `${C}/plans/living_alone`, v.secretary.cookie, { frequencyDays: 0 }),
      400,
    );
    const plans = await ok(await api(t, "GET", `${C}/plans`, v.gw1.cookie));
    expect(plans.plans.find((p: any) => p.careTag === "living_alone")).toMatchObject({
      frequencyDays: 7,
      residents: 1,
    });
    // the grid worker of grid 1 counts only their grid: 张大爷 lives in grid 2
    expect(plans.plans.find((p: any) => p.careTag === "elderly_80_plus").residents).toBe(0);
    const audit = await t.db
      .selectFrom("audit_log")
      .select("action")
      .where("action", "=", "care.plan_set")
      .execute();
    expect(audit).toHaveLength(2);
  });

  it("staff enrol 王阿姨 with consent and a family contact; an unknown phone is refused and stores nothing", async () => {
    await refused(
      await api(t, "POST", `${C}/enrolments`, v.secretary.cookie, {
        residentId: v.r0.residentId,
        consentBy: "resident",
        contacts: [{ phone: "13000000000", relation: "儿子" }],
      }),
      400,
    );
    expect(await count("care_enrolment")).toBe(0);
    await refused(
      await api(t, "POST", `${C}/enrolments`, v.gw1.cookie, {
        residentId: v.r0.residentId,
        consentBy: "resident",
      }),
      403,
    );
    const e = await ok(
      await api(t, "POST", `${C}/enrolments`, v.secretary.cookie, {
        residentId: v.r0.residentId,
        consentBy: "resident",
        consentNote: "本人签字同意",
        contacts: [{ phone: v.r1.phone, relation: "邻居" }],
      }),
    );
    expect(e).toEqual({ residentId: v.r0.residentId, contacts: 1 });
    await ok(
      await api(t, "POST", `${C}/enrolments`, v.secretary.cookie, {
        residentId: v.r2.residentId,
        consentBy: "guardian",
        deadline: "09:30",
      }),
    );
    // enrolled long ago, so today's time counts
    await t.db
      .updateTable("care_enrolment")
      .set({ enrolled_at: new Date(Date.now() - 3 * 86_400_000) })
      .execute();
  });

  it("a check-in for someone not enrolled is refused in both languages and stores nothing", async () => {
    const other = v.w.a.residents[0]!.id;
    const res = await refused(
      await api(t, "POST", `${C}/residents/${other}/checkins`, v.secretary.cookie, {}),
      409,
    );
    expect(res.code).toBe("CARE_NOT_ENROLLED");
    expect(await count("care_checkin")).toBe(0);
  });
});

describe("privacy", () => {
  it("only the people scoped to a resident read their care record", async () => {
    const url = `${C}/residents/${v.r0.residentId}`;
    await refused(await api(t, "GET", url, v.r2.cookie), 403); // another resident
    await refused(await api(t, "GET", url, v.gw2.cookie), 403); // the other grid's worker
    await refused(await api(t, "GET", url, v.street.cookie), 403); // officials do not read care data
    for (const who of [v.r0, v.r1, v.gw1, v.head, v.worker]) {
      const rec = await ok(await api(t, "GET", url, who.cookie));
      expect(rec.name).toBe("王阿姨");
    }
    const asFamily = await ok(await api(t, "GET", url, v.r1.cookie));
    expect(asFamily.enrolment.contacts[0].phone).not.toBe(v.r1.phone);
    expect(asFamily.canVisit).toBe(false);
    // a grid worker acts only in their grids
    await refused(
      await api(t, "POST", `${url}/visits`, v.gw2.cookie, {
        health: "good",
        gasSafe: true,
        electricitySafe: true,
      }),
      403,
    );
    await refused(await api(t, "POST", `${url}/checkins`, v.gw2.cookie, { phoneCall: true }), 403);
    await refused(await api(t, "POST", `${url}/checkins`, v.r2.cookie, {}), 403);
    // the list shows each their reach
    const gw1 = await ok(await api(t, "GET", `${C}/residents`, v.gw1.cookie));
    expect(gw1.items.map((r: any) => r.name)).toEqual(["王阿姨"]);
    const staff = await ok(await api(t, "GET", `${C}/residents`, v.worker.cookie));
    expect(staff.items.map((r: any) => r.name).sort()).toEqual(["张大爷", "王阿姨"]);
    expect(staff.items[0].phone).toContain("****");
    await refused(await api(t, "GET", `${C}/residents`, v.r0.cookie), 403);
  });
});

describe("the sweep (幸福敲门)", () => {
  it("raises exactly one alert per resident and day, however many sweeps run at once", async () => {
    const now = lateToday();
    const results = await Promise.all([
      sweepCare(t.db, { now }),
      sweepCare(t.db, { now }),
      sweepCare(t.db, { now }),
    ]);
    expect(results.reduce((s, r) => s + r.alerts, 0)).toBe(2);
    expect(await count("care_alert")).toBe(2);
    expect((await sweepCare(t.db, { now })).alerts).toBe(0);
    // 王阿姨's building head and grid worker, once each; 张大爷's grid worker
    const told = (await notices("care.missed_checkin")).map((n) => n.user_id);
    expect(told.sort()).toEqual([v.head.id, v.gw1.id, v.gw2.id].sort());
    const sms = await t.db
      .selectFrom("sms_outbox")
      .select("body")
      .where("body", "like", "%报平安%")
      .execute();
    expect(sms.length).toBeGreaterThanOrEqual(3);
  });

  it("the building head acknowledges once; a grid worker of another grid cannot", async () => {
    const list = await ok(await api(t, "GET", `${C}/alerts`, v.head.cookie));
    expect(list.alerts).toHaveLength(1);
    const alert = list.alerts[0];
    expect(alert.name).toBe("王阿姨");
    await refused(
      await api(t, "POST", `${C}/alerts/${alert.id}/acknowledge`, v.gw2.cookie, { kind: "visited" }),
      403,
    );
    const acked = await ok(
      await api(t, "POST", `${C}/alerts/${alert.id}/acknowledge`, v.head.cookie, { kind: "visited" }),
    );
    expect(acked.ackKind).toBe("visited");
    expect(acked.minutesToAnswer).toBeGreaterThanOrEqual(0);
    await refused(
      await api(t, "POST", `${C}/alerts/${alert.id}/acknowledge`, v.gw1.cookie, { kind: "contacted" }),
      409,
    );
  });

  it("an alert nobody answers within the hour escalates to the community's staff exactly once", async () => {
    await t.db
      .updateTable("care_alert")
      .set({ raised_at: new Date(Date.now() - 2 * 3_600_000) })
      .execute();
    const now = lateToday();
    const [a, b] = await Promise.all([sweepCare(t.db, { now }), sweepCare(t.db, { now })]);
    // 王阿姨's alert was acknowledged: only 张大爷's goes up
    expect(a.escalations + b.escalations).toBe(1);
    expect((await sweepCare(t.db, { now })).escalations).toBe(0);
    const told = (await notices("care.missed_checkin_escalated")).map((n) => n.user_id);
    expect(told.sort()).toEqual([v.worker.id, v.secretary.id].sort());
  });

  it("the visit is recorded: its need becomes a private request on her behalf, and the alert closes", async () => {
    const alert = (await ok(await api(t, "GET", `${C}/alerts`, v.head.cookie))).alerts[0];
    const visit = await ok(
      await api(t, "POST", `${C}/residents/${v.r0.residentId}/visits`, v.head.cookie, {
        health: "fair",
        gasSafe: true,
        electricitySafe: false,
        notes: "电热毯插头松动，已帮忙拔下",
        needs: "需要更换电热毯，请社区协助",
        alertId: alert.id,
      }),
    );
    expect(visit.alertClosed).toBe(true);
    const req = await t.db
      .selectFrom("request")
      .select(["kind", "is_public", "submitter_user_id", "channel", "on_behalf_by"])
      .where("id", "=", visit.requestId)
      .executeTakeFirstOrThrow();
    expect(req).toEqual({
      kind: "need",
      is_public: false,
      submitter_user_id: v.r0.id,
      channel: "door_visit",
      on_behalf_by: v.head.id,
    });
    const open = await ok(await api(t, "GET", `${C}/alerts`, v.head.cookie));
    expect(open.alerts).toHaveLength(0);
    const rec = await ok(await api(t, "GET", `${C}/residents/${v.r0.residentId}`, v.r0.cookie));
    expect(rec.visits[0]).toMatchObject({ health: "fair", electricitySafe: false, visitor: "楼栋长" });
    expect(rec.alerts[0].closedAt).not.toBeNull();
    // a visit naming a closed alert is refused and stores nothing
    const before = await count("care_visit");
    await refused(
      await api(t, "POST", `${C}/residents/${v.r0.residentId}/visits`, v.head.cookie, {
        health: "good",
        gasSafe: true,
        electricitySafe: true,
        alertId: alert.id,
      }),
      409,
    );
    expect(await count("care_visit")).toBe(before);
  });

  it("a visit overdue is flagged to the grid worker once per overdue period", async () => {
    // the plans were set 30 days ago; 张大爷 has never been visited (王阿姨 was, today)
    await t.db
      .updateTable("care_plan")
      .set({ created_at: new Date(Date.now() - 30 * 86_400_000) })
      .execute();
    const now = lateToday();
    const [a, b] = await Promise.all([sweepCare(t.db, { now }), sweepCare(t.db, { now })]);
    expect(a.overdueNotices + b.overdueNotices).toBe(1);
    expect((await sweepCare(t.db, { now })).overdueNotices).toBe(0);
    expect((await notices("care.visit_overdue")).map((n) => n.user_id)).toEqual([v.gw2.id]);
    const overdue = await ok(await api(t, "GET", `${C}/residents?overdue=true`, v.worker.cookie));
    expect(overdue.items.map((r: any) => r.name)).toEqual(["张大爷"]);
  });
});

describe("check-ins", () => {
  it("我很好 by the resident, by a family member and a logged phone call; a check-in closes the day's alert", async () => {
    const me = await ok(await api(t, "GET", "/api/me/care", v.r0.cookie));
    expect(me.enrolled).toEqual([
      { communityId: v.a.id, residentId: v.r0.residentId, deadline: "10:00", checkedInToday: false },
    ]);
    const own = await ok(await api(t, "POST", `${C}/residents/${v.r0.residentId}/checkins`, v.r0.cookie, {}));
    expect(own.method).toBe("self");
    const fam = await ok(await api(t, "POST", `${C}/residents/${v.r0.residentId}/checkins`, v.r1.cookie, {}));
    expect(fam.method).toBe("family");
    // 张大爷's alert is still open: a phone call by his grid worker closes it
    const call = await ok(
      await api(t, "POST", `${C}/residents/${v.r2.residentId}/checkins`, v.gw2.cookie, {
        phoneCall: true,
        note: "电话联系，身体无恙",
      }),
    );
    expect(call).toMatchObject({ method: "phone", alertClosed: true });
    expect((await ok(await api(t, "GET", "/api/me/care", v.r0.cookie))).enrolled[0].checkedInToday).toBe(
      true,
    );
    const family = await ok(await api(t, "GET", "/api/me/care", v.r1.cookie));
    expect(family.relatives[0]).toMatchObject({ name: "王阿姨", relation: "邻居", today: "checked_in" });
    expect(family.relatives[0].checkins).toHaveLength(2);
    // a resident can only check in themselves: a phone call is staff's
    await refused(
      await api(t, "POST", `${C}/residents/${v.r0.residentId}/checkins`, v.r0.cookie, { phoneCall: true }),
      403,
    );
  });

  it("the care list exports as Excel for staff holding data.export (audited)", async () => {
    const res = await api(t, "GET", `${C}/residents/export.xlsx`, v.secretary.cookie);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["x-linli-export-rows"]).toBe("2");
    await refused(await api(t, "GET", `${C}/residents/export.xlsx`, v.head.cookie), 403);
  });
});

describe("insight", () => {
  it("feeds the figures through its events: visits, missed check-ins and those answered within the hour", async () => {
    await drainAllEvents(t.db);
    expect((await verifyFigures(t.db)).ok).toBe(true);
    const visits = await t.db
      .selectFrom("care_visit")
      .select("id")
      .where("community_id", "=", v.a.id)
      .execute();
    const alerts = await t.db
      .selectFrom("care_alert")
      .select(["raised_at", "acknowledged_at", "closed_at"])
      .where("community_id", "=", v.a.id)
      .execute();
    expect(alerts.length).toBeGreaterThan(0);
    const answered = alerts.filter((a) => {
      const first = [a.acknowledged_at, a.closed_at]
        .filter((d): d is Date => d != null)
        .map((d) => new Date(d).getTime());
      return first.length > 0 && Math.min(...first) <= new Date(a.raised_at).getTime() + 3_600_000;
    });
    expect(await rollupSums(v.a.id, ["care_visits", "care_alerts", "care_alerts_answered"])).toEqual({
      care_visits: visits.length,
      care_alerts: alerts.length,
      care_alerts_answered: answered.length,
    });
  });
});

/** The insight rollup's sums of some figures over every day of a community. */
async function rollupSums(communityId: number, figures: string[]) {
  const rows = await t.db
    .selectFrom("insight_daily")
    .select(["figure", (eb) => eb.fn.sum<string>("value").as("n")])
    .where("community_id", "=", communityId)
    .where("figure", "in", figures)
    .groupBy("figure")
    .execute();
  return Object.fromEntries(figures.map((f) => [f, Number(rows.find((r) => r.figure === f)?.n ?? 0)]));
}
