// Points earned by themselves (S2), through the real API and the outbox: certified volunteer hours earn the
// standard's points per hour once (a replayed event books nothing), a correction books the difference, and
// residents' meeting attendance earns the meeting item within its monthly cap; the ledger verifies after.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../../test/test-app.ts";
import { drainEvents } from "../../../events/dispatcher.ts";
import { verifyLedger } from "../../core/ledger/ledger.service.ts";
import { api, type VoiceWorld, voiceWorld } from "../../voice/requests/requests.fixtures.ts";
import { pointsEarned } from "./points-earned.events.ts";

let t: TestApp;
let v: VoiceWorld;
let A: string;
let V: string;

beforeAll(async () => {
  t = await createTestApp();
  v = await voiceWorld(t);
  A = v.A;
  V = `${A}/volunteering`;
});
afterAll(async () => {
  await t?.close();
});

type Res = { statusCode: number; body: string; json(): any };
async function ok(res: Res) {
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}
const balanceOf = async (cookie: string) =>
  (await ok(await api(t, "GET", "/api/me/points", cookie))).accounts.find(
    (x: any) => x.communityId === v.a.id,
  )?.balance ?? 0;
const drain = () => drainEvents(t.db, [pointsEarned]);
const HOUR = 3_600_000;

describe("points earned by themselves", () => {
  let attendanceId: number;
  let activityId: number;

  it("the standard has an item per certified hour and one per meeting (capped)", async () => {
    const topic = await ok(
      await api(t, "POST", `${A}/topics`, v.secretary.cookie, { title: "积分标准", tier: "community" }),
    );
    await ok(
      await api(t, "POST", `${A}/points/standards`, v.secretary.cookie, {
        adoptedVia: { kind: "topic", id: topic.id },
        adoptedOn: "2026-12-01",
        yearEndRule: "carry_over",
        items: [
          {
            code: "volunteer_hour",
            nameZh: "志愿服务每小时",
            nameEn: "Volunteering, per hour",
            category: "volunteering",
            points: 10,
            source: "volunteer_hours",
          },
          {
            code: "meeting",
            nameZh: "参加居民议事会",
            nameEn: "Residents' meeting",
            category: "meetings",
            points: 5,
            capPoints: 5,
            capPeriod: "month",
            source: "meeting_attendance",
          },
        ],
      }),
    );
  });

  it("two certified hours earn 20 points, once; a correction to 90 minutes takes 5 back", async () => {
    const teamId = (
      await ok(
        await api(t, "POST", `${V}/teams`, v.secretary.cookie, {
          name: "帮跑团",
          unitName: "社区",
          skills: ["送餐"],
          leaderUserId: v.r1.id,
        }),
      )
    ).id;
    activityId = (
      await ok(
        await api(t, "POST", `${V}/activities`, v.r1.cookie, {
          title: "送餐",
          place: "食堂门口",
          startsAt: new Date(Date.now() - HOUR).toISOString(),
          endsAt: new Date(Date.now() + HOUR).toISOString(),
          capacity: 5,
          skills: ["送餐"],
          teamId,
        }),
      )
    ).id;
    await ok(await api(t, "POST", `${V}/activities/${activityId}/signup`, v.r0.cookie));
    await ok(
      await api(t, "POST", `${V}/activities/${activityId}/attendance`, v.r1.cookie, {
        action: "in",
        userIds: [v.r0.id],
      }),
    );
    const rows = (await ok(await api(t, "GET", `${V}/activities/${activityId}/attendance`, v.r1.cookie)))
      .rows;
    attendanceId = rows.find((r: any) => r.userId === v.r0.id).attendanceId;
    const before = await balanceOf(v.r0.cookie);
    await ok(
      await api(t, "POST", `${V}/activities/${activityId}/certify`, v.r1.cookie, {
        entries: [{ attendanceId, minutes: 120 }],
      }),
    );
    expect((await drain())["points-earned"]).toBeGreaterThanOrEqual(1);
    expect(await balanceOf(v.r0.cookie)).toBe(before + 20);
    // nothing more on a second drain
    await drain();
    expect(await balanceOf(v.r0.cookie)).toBe(before + 20);

    const c = await ok(
      await api(t, "POST", `${V}/attendance/${attendanceId}/corrections`, v.r0.cookie, {
        reason: "只服务了一个半小时",
      }),
    );
    await ok(await api(t, "POST", `${V}/corrections/${c.id}/decision`, v.r1.cookie, { minutes: 90 }));
    await drain();
    expect(await balanceOf(v.r0.cookie)).toBe(before + 15);
    expect((await verifyLedger(t.db, { communityId: v.a.id })).ok).toBe(true);
  });

  it("a ticked meeting attendance earns 5; a second meeting in the month is held to the cap", async () => {
    const meeting = async () =>
      (
        await ok(
          await api(t, "POST", `${A}/meetings`, v.secretary.cookie, {
            kind: "opinion",
            title: "议事会",
            startsAt: new Date(Date.now() + HOUR).toISOString(),
            endsAt: new Date(Date.now() + 2 * HOUR).toISOString(),
            venue: "议事亭",
          }),
        )
      ).id as number;
    const before = await balanceOf(v.r2.cookie);
    for (const id of [await meeting(), await meeting()]) {
      const res = await ok(
        await api(t, "POST", `${A}/meetings/${id}/attendance`, v.secretary.cookie, {
          method: "ticked",
          residentIds: [v.r2.residentId],
        }),
      );
      expect(res.signedIn[0].status).toBe("signed_in");
      await drain();
    }
    expect(await balanceOf(v.r2.cookie)).toBe(before + 5);
    const awards = (await ok(await api(t, "GET", `${A}/points/awards?limit=50`, v.secretary.cookie))).items;
    expect(awards.filter((a: any) => a.residentId === v.r2.residentId && a.points === 5)).toHaveLength(1);
    expect((await verifyLedger(t.db, { communityId: v.a.id })).ok).toBe(true);
  });

  it("the public board's participation figures count what was certified and awarded (a recount from the tables), no names", async () => {
    const fig = await ok(await api(t, "GET", `/api/board/participation?level=community&id=${v.a.id}`));
    const att = await t.db
      .selectFrom("vol_attendance")
      .select(["user_id", "minutes"])
      .where("community_id", "=", v.a.id)
      .where("certified_at", "is not", null)
      .execute();
    const awards = await t.db
      .selectFrom("points_award")
      .select(["resident_id", "points"])
      .where("community_id", "=", v.a.id)
      .execute();
    const residents = await t.db
      .selectFrom("resident")
      .select("id")
      .where("community_id", "=", v.a.id)
      .where("status", "=", "verified")
      .execute();
    const minutes = att.reduce((n, a) => n + (a.minutes ?? 0), 0);
    expect(fig).toMatchObject({
      level: "community",
      residents: residents.length,
      services: att.length,
      volunteers: new Set(att.map((a) => a.user_id)).size,
      hours: Math.round((minutes / 60) * 10) / 10,
      pointsIssued: awards.filter((a) => a.points > 0).reduce((n, a) => n + a.points, 0),
      pointsDeducted: -awards.filter((a) => a.points < 0).reduce((n, a) => n + a.points, 0),
      residentsAwarded: new Set(awards.filter((a) => a.points > 0).map((a) => a.resident_id)).size,
      teams: 1,
    });
    expect(fig.services).toBe(1);
    expect(fig.pointsIssued).toBe(25);
    expect(JSON.stringify(fig)).not.toContain("王阿姨");
    // a period before any of it counts nothing; an unknown place is 404
    const empty = await ok(
      await api(
        t,
        "GET",
        `/api/board/participation?level=community&id=${v.a.id}&from=2020-01-01&to=2020-01-31`,
      ),
    );
    expect(empty).toMatchObject({ services: 0, hours: 0, pointsIssued: 0 });
    expect((await api(t, "GET", "/api/board/participation?level=community&id=999999")).statusCode).toBe(404);
  });
});
