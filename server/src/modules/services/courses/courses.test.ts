// Courses through the real API (C3): staff set up a weekly course; residents enrol first come, the next
// on the waiting list; a cancellation promotes the first of the waiting list; a course with an
// application window that is oversubscribed is allocated by the lottery it opened (drawn through the
// lotteries module), its waiting list in the drawn order; staff mark a session's attendance in a batch;
// the counts per course and term and their Excel; bad input is refused in both languages and changes
// nothing; a course whose insert the database refuses leaves no lottery (one transaction).
import ExcelJS from "exceljs";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, isBilingualError, type TestApp } from "../../../../test/test-app.ts";
import { api, type VoiceWorld, voiceWorld } from "../../voice/requests/requests.fixtures.ts";
import { sessionStarts, weekdaysOf } from "./courses.service.ts";

let t: TestApp;
let v: VoiceWorld;
let C: string;

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
const day = (offsetDays: number) =>
  new Date(Date.now() + 8 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
const course = (over: Record<string, unknown> = {}) => ({
  title: "太极拳",
  teacherName: "陈老师",
  teacherOrg: "区老年大学",
  place: "党群服务中心二楼活动室",
  rule: "FREQ=DAILY",
  startTime: "00:05",
  minutes: 60,
  seats: 2,
  termStart: day(-3),
  termEnd: day(30),
  ...over,
});
const count = async (
  table: "course" | "course_enrolment" | "course_session" | "course_attendance" | "lottery" | "audit_log",
) =>
  Number(
    (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(t.db)).rows[0]!.n,
  );

beforeAll(async () => {
  t = await createTestApp();
  v = await voiceWorld(t);
  C = `${v.A}/courses`;
});
afterAll(async () => {
  await t?.close();
});

describe("the rule", () => {
  it("reads weekdays and expands sessions over the term in China time", () => {
    expect(weekdaysOf("FREQ=WEEKLY;BYDAY=TU,SA")).toEqual([2, 6]);
    const starts = sessionStarts({
      rule: "FREQ=WEEKLY;BYDAY=TU",
      start_time: "09:30",
      minutes: 60,
      term_start: "2026-09-01",
      term_end: "2026-09-30",
    });
    expect(starts.map((d) => d.toISOString())).toEqual([
      "2026-09-01T01:30:00.000Z",
      "2026-09-08T01:30:00.000Z",
      "2026-09-15T01:30:00.000Z",
      "2026-09-22T01:30:00.000Z",
      "2026-09-29T01:30:00.000Z",
    ]);
  });
});

let firstCome: number;
describe("first come and the waiting list", () => {
  it("only staff set up a course", async () => {
    await refused(await api(t, "POST", C, v.r0.cookie, course()), 403);
    const made = await ok(await api(t, "POST", C, v.worker.cookie, course()));
    firstCome = made.course.id;
    expect(made.sessions).toBe(34);
    expect(made.lotterySecret).toBeNull();
  });

  it("two seats go to the first two; the third waits first in line", async () => {
    const a = await ok(await api(t, "POST", `${C}/${firstCome}/enrol`, v.r0.cookie));
    const b = await ok(await api(t, "POST", `${C}/${firstCome}/enrol`, v.r1.cookie));
    const c = await ok(await api(t, "POST", `${C}/${firstCome}/enrol`, v.r2.cookie));
    expect([a.status, b.status, c.status]).toEqual(["enrolled", "enrolled", "waiting"]);
    expect(c.waitingPosition).toBe(1);
    await refused(await api(t, "POST", `${C}/${firstCome}/enrol`, v.r0.cookie), 409);
    const list = await ok(await api(t, "GET", C, v.r2.cookie));
    const mine = list.items.find((x: any) => x.id === firstCome);
    expect(mine).toMatchObject({ enrolled: 2, waiting: 1, mine: { status: "waiting", waitingPosition: 1 } });
  });

  it("a cancellation promotes the first of the waiting list", async () => {
    const list = await ok(await api(t, "GET", C, v.r0.cookie));
    const mine = list.items.find((x: any) => x.id === firstCome).mine;
    // another resident cannot cancel it
    await refused(await api(t, "POST", `${C}/enrolments/${mine.enrolmentId}/cancel`, v.r1.cookie), 404);
    const r = await ok(await api(t, "POST", `${C}/enrolments/${mine.enrolmentId}/cancel`, v.r0.cookie));
    expect(r.promotedEnrolmentId).not.toBeNull();
    const me = await ok(await api(t, "GET", "/api/me/courses", v.r2.cookie));
    expect(me.items.find((x: any) => x.id === firstCome).mine).toMatchObject({
      status: "enrolled",
      waitingPosition: null,
    });
    await refused(await api(t, "POST", `${C}/enrolments/${mine.enrolmentId}/cancel`, v.r0.cookie), 409);
  });
});

describe("an oversubscribed window goes by the lottery", () => {
  let id: number;
  let lotteryId: number;
  let secret: string;
  it("applications in the window go into the course's lottery", async () => {
    const made = await ok(
      await api(
        t,
        "POST",
        C,
        v.secretary.cookie,
        course({ title: "书法", seats: 1, applyUntil: new Date(Date.now() + 3_600_000).toISOString() }),
      ),
    );
    id = made.course.id;
    lotteryId = made.course.lotteryId;
    secret = made.lotterySecret;
    expect(lotteryId).toBeTypeOf("number");
    for (const r of [v.r0, v.r1, v.r2]) {
      const e = await ok(await api(t, "POST", `${C}/${id}/enrol`, r.cookie));
      expect(e.status).toBe("applied");
    }
    const board = await ok(await api(t, "GET", `${v.A}/lotteries/${lotteryId}`, v.secretary.cookie));
    expect(board.applications).toBe(3);
    // while the window is open nothing can be allocated
    await refused(await api(t, "POST", `${C}/${id}/allocate`, v.secretary.cookie), 409);
  });

  it("after the window, not before the draw; then winners enrolled and the waiting list in drawn order", async () => {
    // the window has passed (moved in the database rather than waited for)
    const past = new Date(Date.now() - 60_000);
    await t.db.updateTable("course").set({ apply_until: past }).where("id", "=", id).execute();
    await t.db
      .updateTable("lottery")
      .set({ opens_at: new Date(past.getTime() - 3_600_000), closes_at: past })
      .where("id", "=", lotteryId)
      .execute();
    await refused(await api(t, "POST", `${C}/${id}/allocate`, v.secretary.cookie), 409);
    await refused(await api(t, "POST", `${C}/${id}/enrol`, v.r0.cookie), 409);
    await ok(await api(t, "POST", `${v.A}/lotteries/${lotteryId}/freeze`, v.secretary.cookie));
    await ok(
      await api(t, "POST", `${v.A}/lotteries/${lotteryId}/draw`, v.secretary.cookie, {
        secret,
        publicInput: "3 5",
      }),
    );
    const r = await ok(await api(t, "POST", `${C}/${id}/allocate`, v.secretary.cookie));
    expect(r).toEqual({ enrolled: 1, waiting: 2, byLottery: true });
    await refused(await api(t, "POST", `${C}/${id}/allocate`, v.secretary.cookie), 409);
    const apps = await ok(
      await api(t, "GET", `${v.A}/lotteries/${lotteryId}/applications`, v.secretary.cookie),
    );
    const roster = await ok(await api(t, "GET", `${C}/${id}/roster`, v.secretary.cookie));
    const names = (o: string) => apps.items.filter((x: any) => x.outcome === o).map((x: any) => x.name);
    expect(roster.enrolments.filter((e: any) => e.status === "enrolled").map((e: any) => e.name)).toEqual(
      names("won"),
    );
    expect(roster.enrolments.filter((e: any) => e.status === "waiting").map((e: any) => e.name)).toEqual(
      names("waiting"),
    );
  });
});

describe("attendance and the counts", () => {
  it("staff mark a session in a batch; the counts and the Excel show it", async () => {
    const roster = await ok(await api(t, "GET", `${C}/${firstCome}/roster`, v.worker.cookie));
    const enrolled = roster.enrolments.filter((e: any) => e.status === "enrolled").map((e: any) => e.id);
    expect(enrolled).toHaveLength(2);
    const past = roster.sessions[0];
    const future = roster.sessions.at(-1);
    const at = (s: number) => `${C}/${firstCome}/sessions/${s}/attendance`;
    await refused(await api(t, "PUT", at(past.id), v.r0.cookie, { present: [enrolled[0]] }), 403);
    await refused(await api(t, "PUT", at(future.id), v.worker.cookie, { present: [enrolled[0]] }), 400);
    const before = await count("course_attendance");
    await refused(await api(t, "PUT", at(past.id), v.worker.cookie, { present: [enrolled[0], 999999] }), 400);
    expect(await count("course_attendance")).toBe(before);
    expect(await ok(await api(t, "PUT", at(past.id), v.worker.cookie, { present: [enrolled[0]] }))).toEqual({
      marked: 2,
      present: 1,
    });
    const stats = await ok(await api(t, "GET", `${C}/stats?from=${day(0)}`, v.worker.cookie));
    expect(stats.items.find((s: any) => s.courseId === firstCome)).toMatchObject({
      enrolled: 2,
      waiting: 0,
      sessions: 34,
      sessionsHeld: 1,
      attendanceRate: 0.5,
    });
    const x = await api(t, "GET", `${C}/stats/export.xlsx`, v.worker.cookie);
    expect(x.statusCode, x.body).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as any);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(2).getCell(1).value).toBe("太极拳");
    expect(ws.getRow(2).getCell(10).value).toBe(0.5);
  });
});

describe("bad input", () => {
  it("refuses a term backwards, a rule it cannot read, a date not on the calendar — nothing made", async () => {
    const before = [await count("course"), await count("course_session")];
    const bad = [
      course({ termEnd: day(-10) }),
      course({ rule: "EVERY TUESDAY" }),
      course({ termStart: "2026-02-30" }),
      course({ startTime: "25:00" }),
      course({ seats: 0 }),
      course({ applyUntil: new Date(Date.now() - 1000).toISOString() }),
    ];
    for (const body of bad) await refused(await api(t, "POST", C, v.worker.cookie, body), 400);
    expect([await count("course"), await count("course_session")]).toEqual(before);
    await refused(await api(t, "GET", `${C}?on=2026-13-01`, v.worker.cookie), 400);
    await refused(await api(t, "POST", `${C}/999999/enrol`, v.r0.cookie), 404);
  });
});

describe("the window's lottery is opened in the course's transaction", () => {
  it("a course insert the database refuses leaves no lottery behind", async () => {
    // a constraint for this test only: the database refuses this one title
    await sql`alter table course add constraint test_refuse_title check (title <> '不入库的课')`.execute(
      t.db,
    );
    try {
      const tables = ["course", "course_session", "lottery", "audit_log"] as const;
      const counts = () => Promise.all(tables.map((x) => count(x)));
      const before = await counts();
      const body = (title: string) =>
        course({ title, seats: 1, applyUntil: new Date(Date.now() + 3_600_000).toISOString() });
      await refused(await api(t, "POST", C, v.secretary.cookie, body("不入库的课")), 400);
      expect(await counts()).toEqual(before);
      // the same request with a title the database takes makes the course and its lottery
      const made = await ok(await api(t, "POST", C, v.secretary.cookie, body("入库的课")));
      expect(made.course.lotteryId).toBeTypeOf("number");
      const after = await counts();
      expect([after[0], after[2]]).toEqual([before[0]! + 1, before[2]! + 1]);
    } finally {
      await sql`alter table course drop constraint test_refuse_title`.execute(t.db);
    }
  });
});
