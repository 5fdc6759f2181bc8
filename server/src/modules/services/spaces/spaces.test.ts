// Spaces through the real API (C2): staff add 聚邻空间 (open every day 08:00–21:00, bookings need approval,
// a convention to accept); a resident books two hours tomorrow and waits for approval; an overlapping
// booking is refused by the database's exclusion constraint in both languages and changes nothing, as is
// a booking outside the opening hours or under an old convention; of two concurrent overlapping bookings
// exactly one succeeds; another household sees that the time is taken, never by whom; staff approve in a
// batch and the resident sees 已通过; the booker cancels (the time is free again); the resident rates the
// space after a booking under its rating subject; a meeting's organiser books a space for the meeting.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, isBilingualError, type TestApp } from "../../../../test/test-app.ts";
import { api, type VoiceWorld, voiceWorld } from "../../voice/requests/requests.fixtures.ts";

let t: TestApp;
let v: VoiceWorld;
let S: string;
let B: string;

type Res = { statusCode: number; body: string; json(): any };
async function ok(res: Res) {
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}
async function refused(res: Res, status: number, code?: string) {
  expect(res.statusCode, res.body).toBe(status);
  expect(isBilingualError(res.json())).toBe(true);
  if (code) expect(res.json().code).toBe(code);
  return res.json();
}
const tomorrow = new Date(Date.now() + 8 * 3_600_000 + 86_400_000).toISOString().slice(0, 10);
const EVERY_DAY = Array(7).fill("08:00-21:00");
const liveCount = async () =>
  Number(
    (
      await sql<{
        n: number;
      }>`select count(*) as n from space_booking where status in ('pending','approved')`.execute(t.db)
    ).rows[0]!.n,
  );

let spaceId: number;
let convention: number;
let first: number;

beforeAll(async () => {
  t = await createTestApp();
  v = await voiceWorld(t);
  S = `${v.A}/spaces`;
  B = `${v.A}/space-bookings`;
});
afterAll(async () => {
  await t?.close();
});

describe("spaces", () => {
  it("staff add a space; residents cannot; bad hours are refused", async () => {
    const body = {
      name: "聚邻空间",
      place: "省法院小区架空层",
      capacity: 30,
      hours: EVERY_DAY,
      convention: "爱护公物，用后归位，晚九点前离场。",
    };
    await refused(await api(t, "POST", S, v.r0.cookie, body), 403);
    await refused(await api(t, "POST", S, v.secretary.cookie, { ...body, hours: ["08:00-21:00"] }), 400);
    await refused(
      await api(t, "POST", S, v.secretary.cookie, { ...body, hours: [...EVERY_DAY.slice(1), "21:00-08:00"] }),
      400,
    );
    const rated = await ok(
      await api(t, "POST", `${v.A}/rating-subjects`, v.secretary.cookie, { kind: "space", name: "聚邻空间" }),
    );
    const { space } = await ok(await api(t, "POST", S, v.secretary.cookie, body));
    expect(space).toMatchObject({
      name: "聚邻空间",
      needsApproval: true,
      conventionVersion: 1,
      status: "open",
    });
    expect(space.ratingSubjectId).toBe(rated.id ?? rated.subject?.id);
    spaceId = space.id;
    convention = space.conventionVersion;
    await refused(await api(t, "POST", S, v.secretary.cookie, body), 409, "CONFLICT");
    const list = await ok(await api(t, "GET", S, v.r0.cookie));
    expect(list.items.map((s: any) => s.name)).toEqual(["聚邻空间"]);
    expect(list.canBook).toBe(true);
  });

  it("a resident books; an overlap, a time outside the hours and an old convention are refused, changing nothing", async () => {
    const url = `${S}/${spaceId}/bookings`;
    const base = { day: tomorrow, purpose: "楼栋议事会", attendees: 12, conventionVersion: convention };
    const { booking } = await ok(
      await api(t, "POST", url, v.r0.cookie, { ...base, from: "09:00", to: "11:00" }),
    );
    expect(booking).toMatchObject({
      status: "pending",
      day: tomorrow,
      from: "09:00",
      to: "11:00",
      mine: true,
    });
    first = booking.id;
    const before = await liveCount();
    const overlap = await refused(
      await api(t, "POST", url, v.r2.cookie, { ...base, from: "10:00", to: "12:00" }),
      409,
      "SPACE_BOOKING_OVERLAP",
    );
    expect(overlap.message_zh).toContain("已被预约");
    await refused(
      await api(t, "POST", url, v.r2.cookie, { ...base, from: "06:00", to: "08:30" }),
      409,
      "SPACE_OUTSIDE_HOURS",
    );
    await refused(
      await api(t, "POST", url, v.r2.cookie, { ...base, from: "20:00", to: "22:00" }),
      409,
      "SPACE_OUTSIDE_HOURS",
    );
    await refused(
      await api(t, "POST", url, v.r2.cookie, { ...base, conventionVersion: 99, from: "12:00", to: "13:00" }),
      409,
      "SPACE_CONVENTION_CHANGED",
    );
    await refused(
      await api(t, "POST", url, v.r2.cookie, { ...base, attendees: 31, from: "12:00", to: "13:00" }),
      400,
    );
    await refused(await api(t, "POST", url, v.r2.cookie, { ...base, from: "13:00", to: "12:00" }), 400);
    await refused(
      await api(t, "POST", url, v.r2.cookie, { ...base, day: "2026-02-30", from: "12:00", to: "13:00" }),
      400,
    );
    await refused(await api(t, "POST", url, v.street.cookie, { ...base, from: "12:00", to: "13:00" }), 403);
    expect(await liveCount()).toBe(before);
  });

  it("two concurrent overlapping bookings: exactly one succeeds", async () => {
    const url = `${S}/${spaceId}/bookings`;
    const base = { day: tomorrow, purpose: "同时预约", attendees: 5, conventionVersion: convention };
    const before = await liveCount();
    const results = await Promise.all([
      api(t, "POST", url, v.r1.cookie, { ...base, from: "14:00", to: "15:00" }),
      api(t, "POST", url, v.r2.cookie, { ...base, from: "14:30", to: "15:30" }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.statusCode === 409)!.json().code).toBe("SPACE_BOOKING_OVERLAP");
    expect(await liveCount()).toBe(before + 1);
  });

  it("another household sees the time taken, never by whom; the booker and staff see the details", async () => {
    const url = `${S}/${spaceId}/day?day=${tomorrow}`;
    const other = await ok(await api(t, "GET", url, v.r2.cookie));
    const seen = other.bookings.find((b: any) => b.id === first);
    expect(seen).toMatchObject({ from: "09:00", to: "11:00", mine: false, details: null });
    expect(JSON.stringify(other)).not.toContain("王阿姨");
    expect(JSON.stringify(other)).not.toContain("楼栋议事会");
    expect(other.free.some((f: any) => f.from === "09:00")).toBe(false);
    expect(other.free.some((f: any) => f.from === "16:00")).toBe(true);
    const own = await ok(await api(t, "GET", url, v.r0.cookie));
    expect(own.bookings.find((b: any) => b.id === first).details.purpose).toBe("楼栋议事会");
    const staff = await ok(await api(t, "GET", url, v.worker.cookie));
    expect(staff.bookings.find((b: any) => b.id === first).details.bookerName).toBe("王阿姨");
    await refused(await api(t, "GET", `${B}`, v.r0.cookie), 403);
  });

  it("staff approve in a batch; the resident sees 已通过 (approved); others are skipped", async () => {
    const list = await ok(
      await api(t, "GET", `${B}?status=pending&q=${encodeURIComponent("王阿姨")}`, v.worker.cookie),
    );
    expect(list.items.map((b: any) => b.id)).toEqual([first]);
    await refused(
      await api(t, "POST", `${B}/decide`, v.r0.cookie, { ids: [first], decision: "approve" }),
      403,
    );
    const d = await ok(
      await api(t, "POST", `${B}/decide`, v.secretary.cookie, { ids: [first, 999999], decision: "approve" }),
    );
    expect(d).toEqual({ decided: [first], skipped: [999999] });
    const again = await ok(
      await api(t, "POST", `${B}/decide`, v.secretary.cookie, { ids: [first], decision: "refuse" }),
    );
    expect(again.decided).toEqual([]);
    const mine = await ok(await api(t, "GET", "/api/me/spaces", v.r0.cookie));
    expect(mine.bookings.find((b: any) => b.id === first).status).toBe("approved");
    const xlsx = await api(t, "GET", `${B}/export.xlsx`, v.secretary.cookie);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers["x-linli-export-rows"]).toBe("2");
  });

  it("the booker's side cancels (others cannot); the time is free again", async () => {
    await refused(await api(t, "POST", `${B}/${first}/cancel`, v.r2.cookie), 404);
    const { booking } = await ok(await api(t, "POST", `${B}/${first}/cancel`, v.r0.cookie));
    expect(booking.status).toBe("cancelled");
    await refused(await api(t, "POST", `${B}/${first}/cancel`, v.r0.cookie), 409, "ALREADY_DECIDED");
    await ok(
      await api(t, "POST", `${S}/${spaceId}/bookings`, v.r2.cookie, {
        day: tomorrow,
        from: "10:00",
        to: "12:00",
        purpose: "书法小组",
        attendees: 8,
        conventionVersion: convention,
      }),
    );
  });

  it("the resident rates the space after an approved booking has begun", async () => {
    const past = new Date(Date.now() - 3 * 3_600_000);
    const { id } = await t.db
      .insertInto("space_booking")
      .values({
        community_id: v.a.id,
        space_id: spaceId,
        resident_id: v.r0.residentId,
        organisation_id: null,
        meeting_id: null,
        booked_by: v.r0.id,
        purpose: "亲子阅读",
        attendees: 6,
        starts_at: past,
        ends_at: new Date(past.getTime() + 3_600_000),
        convention_version: convention,
        status: "approved",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await refused(await api(t, "POST", `${B}/${id}/rate`, v.r2.cookie, { rating: "good" }), 404);
    await refused(await api(t, "POST", `${B}/${id}/rate`, v.r0.cookie, { rating: "great" }), 400);
    const r = await ok(
      await api(t, "POST", `${B}/${id}/rate`, v.r0.cookie, { rating: "good", comment: "很干净" }),
    );
    expect(r.rating).toBe("good");
    const subjects = await ok(await api(t, "GET", `${v.A}/rating-subjects`, v.r0.cookie));
    expect(subjects.items.find((s: any) => s.name === "聚邻空间").figures.good).toBe(1);
  });

  it("a changed convention is a new version; a meeting's organiser books the space for the meeting", async () => {
    const { space } = await ok(
      await api(t, "PATCH", `${S}/${spaceId}`, v.secretary.cookie, { convention: "新公约：用后关灯。" }),
    );
    expect(space.conventionVersion).toBe(convention + 1);
    const day = new Date(Date.now() + 8 * 3_600_000 + 2 * 86_400_000).toISOString().slice(0, 10);
    const { id: meetingId } = await t.db
      .insertInto("meeting")
      .values({
        community_id: v.a.id,
        kind: "council",
        title: "居民议事会",
        starts_at: new Date(`${day}T19:00:00+08:00`),
        ends_at: new Date(`${day}T20:30:00+08:00`),
        created_by: v.secretary.id,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const url = `${S}/${spaceId}/meeting-bookings`;
    await refused(
      await api(t, "POST", url, v.r0.cookie, { meetingId, conventionVersion: convention + 1 }),
      403,
    );
    const { booking } = await ok(
      await api(t, "POST", url, v.secretary.cookie, { meetingId, conventionVersion: convention + 1 }),
    );
    expect(booking).toMatchObject({ day, from: "19:00", to: "20:30", status: "approved" });
    expect(booking.details.meetingTitle).toBe("居民议事会");
    await refused(
      await api(t, "POST", url, v.secretary.cookie, { meetingId, conventionVersion: convention + 1 }),
      409,
      "CONFLICT",
    );
  });
});
