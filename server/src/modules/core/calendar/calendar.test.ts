// Working days in China: the deadline rule (properties with fast-check, and the cases people ask
// about), the official 2025/2026 data, and the calendar API with its cache.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestApp,
  createUser,
  diffSnapshots,
  grant,
  isBilingualError,
  sessionCookie,
  snapshotDatabase,
  type TestApp,
} from "../../../../test/test-app.ts";
import { OFFICIAL_CALENDAR } from "./calendar.data.ts";
import {
  addWorkingDays,
  calendarOf,
  EMPTY_CALENDAR,
  ensureCalendar,
  isWorkingDay,
  loadCalendar,
  shanghaiDay,
  type WorkingCalendar,
  workingDeadline,
} from "./calendar.service.ts";

const OFFICIAL = calendarOf(OFFICIAL_CALENDAR);
/** China time → instant: "2026-02-13 16:00" */
const cn = (s: string) => new Date(`${s.replace(" ", "T")}:00+08:00`);
const HOUR = 3_600_000;

describe("working deadlines (Asia/Shanghai)", () => {
  it("ends at 24:00 of the Nth working day after the submission day", () => {
    // Friday 16:00, 1 working day → Monday 24:00 (a week without holidays)
    expect(workingDeadline(cn("2026-03-06 16:00"), 1, OFFICIAL)).toEqual(cn("2026-03-10 00:00"));
    expect(addWorkingDays(cn("2026-03-06 16:00"), 1, OFFICIAL)).toBe("2026-03-09");
    // 5 working days from a Monday morning → the next Monday 24:00
    expect(addWorkingDays(cn("2026-03-09 08:00"), 5, OFFICIAL)).toBe("2026-03-16");
    // just after midnight China time is already the next day (UTC is still the day before)
    expect(addWorkingDays(new Date("2026-03-05T16:30:00Z"), 1, OFFICIAL)).toBe("2026-03-09");
    // 0 working days: the same day (当日), even a Sunday — for urgent categories
    expect(addWorkingDays(cn("2026-03-09 10:00"), 0, OFFICIAL)).toBe("2026-03-09");
    expect(workingDeadline(cn("2026-03-08 10:00"), 0, OFFICIAL)).toEqual(cn("2026-03-09 00:00"));
  });

  it("lands after the Spring Festival holiday for something submitted on its eve", () => {
    // 2026: 2/15–2/23 holiday, Saturday 2/14 and Saturday 2/28 are make-up working days
    expect(addWorkingDays(cn("2026-02-16 20:00"), 1, OFFICIAL)).toBe("2026-02-24"); // 除夕
    expect(addWorkingDays(cn("2026-02-14 17:00"), 1, OFFICIAL)).toBe("2026-02-24"); // the last working day before
    expect(addWorkingDays(cn("2026-02-13 17:00"), 1, OFFICIAL)).toBe("2026-02-14"); // make-up Saturday counts
    // Sat 2/14, then Tue 2/24 … Fri 2/27: due at 24:00 on 2/27
    expect(workingDeadline(cn("2026-02-13 17:00"), 5, OFFICIAL)).toEqual(cn("2026-02-28 00:00"));
    // 2025: 1/28 (除夕)–2/4 holiday; Sunday 1/26 and Saturday 2/8 worked
    expect(addWorkingDays(cn("2025-01-27 10:00"), 1, OFFICIAL)).toBe("2025-02-05");
    expect(addWorkingDays(cn("2025-01-25 10:00"), 1, OFFICIAL)).toBe("2025-01-26");
    // National Day 2025 (8 days with the Mid-Autumn Festival), Saturday 10/11 worked
    expect(addWorkingDays(cn("2025-09-30 12:00"), 1, OFFICIAL)).toBe("2025-10-09");
    expect(addWorkingDays(cn("2025-10-10 12:00"), 1, OFFICIAL)).toBe("2025-10-11");
  });

  it("follows the weekday rule in years without data", () => {
    expect(addWorkingDays(cn("2030-05-03 12:00"), 1, OFFICIAL)).toBe("2030-05-06");
  });

  it("has the official days right: holidays are rest days, make-up days are weekend days that are worked", () => {
    for (const e of OFFICIAL_CALENDAR) {
      const weekday = new Date(`${e.day}T00:00:00Z`).getUTCDay();
      if (e.kind === "workday") expect([0, 6], e.day).toContain(weekday);
      expect(isWorkingDay(e.day, OFFICIAL), e.day).toBe(e.kind === "workday");
    }
    const count = (year: string, kind: string) =>
      OFFICIAL_CALENDAR.filter((e) => e.day.startsWith(year) && e.kind === kind).length;
    // 2025: 1 + 8 + 3 + 5 + 3 + 8 days off; 5 make-up days. 2026: 3 + 9 + 3 + 5 + 3 + 3 + 7; 6 make-up days.
    expect([count("2025", "holiday"), count("2025", "workday")]).toEqual([28, 5]);
    expect([count("2026", "holiday"), count("2026", "workday")]).toEqual([33, 6]);
  });

  // ---- properties, on the official calendar and on random ones ----

  const instant = fc.date({
    min: new Date("2024-12-01T00:00:00Z"),
    max: new Date("2027-01-31T00:00:00Z"),
    noInvalidDate: true,
  });
  const days = fc.integer({ min: 0, max: 30 });
  const randomCalendar: fc.Arbitrary<WorkingCalendar> = fc
    .array(
      fc.record({
        offset: fc.integer({ min: 0, max: 800 }),
        kind: fc.constantFrom("holiday", "workday"),
      }),
      { maxLength: 120 },
    )
    .map((entries) =>
      calendarOf(
        entries.map((e) => ({
          day: new Date(Date.parse("2024-12-01T00:00:00Z") + e.offset * 86_400_000)
            .toISOString()
            .slice(0, 10),
          kind: e.kind,
          name: "",
        })),
      ),
    );
  const calendars = fc.oneof(fc.constant(OFFICIAL), fc.constant(EMPTY_CALENDAR), randomCalendar);

  it("always ends at midnight China time after the submission; for N ≥ 1 at the end of a working day", () => {
    fc.assert(
      fc.property(calendars, instant, days, (cal, from, n) => {
        const due = workingDeadline(from, n, cal);
        const lastMoment = new Date(due.getTime() - 1);
        expect(shanghaiDay(due)).not.toBe(shanghaiDay(lastMoment)); // midnight in China
        expect(due.getTime()).toBeGreaterThan(from.getTime());
        if (n === 0) expect(shanghaiDay(lastMoment)).toBe(shanghaiDay(from));
        else {
          expect(isWorkingDay(shanghaiDay(lastMoment), cal)).toBe(true);
          expect(shanghaiDay(lastMoment) > shanghaiDay(from)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("is monotonic in the submission time", () => {
    fc.assert(
      fc.property(calendars, instant, instant, days, (cal, a, b, n) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        expect(workingDeadline(early, n, cal).getTime()).toBeLessThanOrEqual(
          workingDeadline(late, n, cal).getTime(),
        );
      }),
      { numRuns: 500 },
    );
  });

  it("gives N+1 working days strictly more time than N, exactly one working day more", () => {
    fc.assert(
      fc.property(calendars, instant, days, (cal, from, n) => {
        const dn = workingDeadline(from, n, cal);
        const dn1 = workingDeadline(from, n + 1, cal);
        expect(dn1.getTime()).toBeGreaterThan(dn.getTime());
        // the days in between (after dn's day, up to dn1's day) hold exactly one working day
        let working = 0;
        for (let t = dn.getTime(); t < dn1.getTime(); t += 24 * HOUR)
          if (isWorkingDay(shanghaiDay(new Date(t)), cal)) working++;
        expect(working).toBe(1);
      }),
      { numRuns: 500 },
    );
  });

  it("counts exactly N working days after the submission day", () => {
    fc.assert(
      fc.property(calendars, instant, fc.integer({ min: 1, max: 30 }), (cal, from, n) => {
        const end = addWorkingDays(from, n, cal);
        let working = 0;
        for (let t = Date.parse(`${shanghaiDay(from)}T00:00:00Z`) + 24 * HOUR; ; t += 24 * HOUR) {
          const d = new Date(t).toISOString().slice(0, 10);
          if (isWorkingDay(d, cal)) working++;
          if (d === end) break;
        }
        expect(working).toBe(n);
      }),
      { numRuns: 300 },
    );
  });
});

describe("the calendar API", () => {
  let t: TestApp;
  let admin: string;
  let worker: string;
  beforeAll(async () => {
    t = await createTestApp();
    const a = await createUser(t.db, "管理员");
    await grant(t.db, a.id, "system_admin", "global", null);
    admin = await sessionCookie(t, a.id);
    const district = await t.db
      .insertInto("district")
      .values({ code: "CAL", name: "日历区" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const street = await t.db
      .insertInto("street")
      .values({ district_id: district.id, name: "日历街道" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const c = await t.db
      .insertInto("community")
      .values({ street_id: street.id, name: "日历社区", reported: "{}" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const w = await createUser(t.db, "社区干部");
    await grant(t.db, w.id, "community_secretary", "community", c.id);
    worker = await sessionCookie(t, w.id);
  });
  afterAll(async () => {
    await t?.close();
  });

  it("seeds the official years once and shows a year to anyone", async () => {
    await ensureCalendar(t.db);
    await ensureCalendar(t.db);
    const rows = await t.db.selectFrom("working_calendar").selectAll().execute();
    expect(rows).toHaveLength(OFFICIAL_CALENDAR.length);
    const res = await t.app.inject({ method: "GET", url: "/api/calendar?year=2026" });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.official).toBe(true);
    expect(body.days.find((d: any) => d.day === "2026-02-14")).toEqual({
      day: "2026-02-14",
      kind: "workday",
      name: "春节调休上班",
    });
    expect(body.days.filter((d: any) => d.kind === "holiday")).toHaveLength(33);
    expect(body.workingDays).toBeGreaterThan(240);
    const empty = (await t.app.inject({ method: "GET", url: "/api/calendar?year=2031" })).json();
    expect(empty).toMatchObject({ year: 2031, days: [], official: false });
    expect((await t.app.inject({ method: "GET", url: "/api/calendar?year=abc" })).statusCode).toBe(400);
  });

  it("lets a system admin set and remove days (audited), and deadlines follow at once", async () => {
    const friday = cn("2031-05-02 10:00");
    expect(addWorkingDays(friday, 1, await loadCalendar(t.db))).toBe("2031-05-05");
    const put = await t.app.inject({
      method: "PUT",
      url: "/api/calendar/days/2031-05-05",
      headers: { cookie: admin },
      payload: { kind: "holiday", name: "劳动节" },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(addWorkingDays(friday, 1, await loadCalendar(t.db))).toBe("2031-05-06");
    const audit = await t.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "calendar.set")
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ target_id: "2031-05-05", scope_community_id: null });

    const del = await t.app.inject({
      method: "DELETE",
      url: "/api/calendar/days/2031-05-05",
      headers: { cookie: admin },
    });
    expect(del.statusCode, del.body).toBe(200);
    expect(addWorkingDays(friday, 1, await loadCalendar(t.db))).toBe("2031-05-05");
    expect(
      await t.db.selectFrom("audit_log").select("id").where("action", "=", "calendar.delete").execute(),
    ).toHaveLength(1);
  });

  it("refuses bad days and callers without calendar.write, changing nothing", async () => {
    const cases: [string, string, string | null, unknown, number][] = [
      ["PUT", "/api/calendar/days/2031-05-07", admin, { kind: "workday", name: "调休" }, 400], // a Wednesday is a working day already
      ["PUT", "/api/calendar/days/2031-13-40", admin, { kind: "holiday", name: "不存在" }, 400],
      ["PUT", "/api/calendar/days/2031-05-05", admin, { kind: "rest", name: "x" }, 400],
      ["PUT", "/api/calendar/days/2031-05-05", worker, { kind: "holiday", name: "劳动节" }, 403],
      ["PUT", "/api/calendar/days/2031-05-05", null, { kind: "holiday", name: "劳动节" }, 401],
      ["DELETE", "/api/calendar/days/2026-02-16", worker, undefined, 403],
      ["DELETE", "/api/calendar/days/2031-06-01", admin, undefined, 404],
    ];
    for (const [method, url, cookie, payload, status] of cases) {
      const before = await snapshotDatabase(t.db);
      const res = await t.app.inject({
        method: method as "PUT",
        url,
        payload: payload as any,
        headers: cookie ? { cookie } : {},
      });
      expect(res.statusCode, `${method} ${url} ${res.body}`).toBe(status);
      expect(isBilingualError(res.json())).toBe(true);
      expect(diffSnapshots(before, await snapshotDatabase(t.db))).toEqual([]);
    }
  });
});
