// Insight's figures: the rollup fed by events equals a recount of the rows, each figure equals an
// independent count of a small fixture made here, each level reads its own places and those below,
// and the open figures never return a count under 5.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestApp,
  createUser,
  createWorld,
  drainAllEvents,
  grant,
  signIn,
  type TestApp,
} from "../../../../test/test-app.ts";
import { emitEvent } from "../../../events/outbox.ts";
import { meetingAttended } from "../../deliberation/meetings/meetings.events.ts";
import { careAlertsChanged, careVisitRecorded } from "../../services/care/care.events.ts";
import { insertRequest } from "../../voice/figures/figures.fixtures.ts";
import {
  monthlyStatsMismatches,
  rebuildAllStats,
  refreshFigures,
} from "../../voice/figures/figures.service.ts";
import { hoursCertified } from "../../volunteering/volunteering/volunteering.events.ts";
import { countDirty, monthlyMismatches, recountMismatches, splitPeriod } from "./figures.queries.ts";
import { rebuildInsight, refreshInsight, residentsMismatches, verifyFigures } from "./figures.service.ts";

type World = Awaited<ReturnType<typeof createWorld>>;
let t: TestApp;
let w: World;
const cookies: Record<string, string> = {};

const DAY = 86_400_000;
// noon China time on fixed days, so that the day of each row is known
const at = (day: string, hour = 12) => new Date(`${day}T${String(hour).padStart(2, "0")}:00:00+08:00`);

/** What the fixture made, to count independently of the SQL. */
const made: {
  services: { communityId: number; day: string; minutes: number }[];
  signIns: { communityId: number; day: string; resident: boolean }[];
  visits: { communityId: number; day: string }[];
  alerts: { communityId: number; day: string; answered: boolean }[];
  requests: {
    communityId: number;
    gridId: number | null;
    day: string;
    solved: boolean;
    onTime: boolean;
    rating: string | null;
  }[];
} = { services: [], signIns: [], requests: [], visits: [], alerts: [] };

async function get(cookie: string | null, url: string) {
  const res = await t.app.inject({ method: "GET", url, headers: cookie ? { cookie } : {} });
  return {
    status: res.statusCode,
    body: res.headers["content-type"]?.includes("json") ? res.json() : res.body,
  };
}

async function volunteerServices(communityId: number, day: string, minutes: number[]) {
  const organiser = await createUser(t.db, "组织者");
  const activity = await t.db
    .insertInto("vol_activity")
    .values({
      community_id: communityId,
      organiser_id: organiser.id,
      title: "清扫楼道",
      place: "1栋",
      starts_at: at(day, 9),
      ends_at: at(day, 11),
      capacity: 20,
      skills: "[]",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const ids: number[] = [];
  for (const m of minutes) {
    const u = await createUser(t.db, "志愿者");
    const row = await t.db
      .insertInto("vol_attendance")
      .values({
        community_id: communityId,
        activity_id: activity.id,
        user_id: u.id,
        check_in_at: at(day, 9),
        check_in_method: "organiser",
        check_out_at: at(day, 11),
        check_out_method: "organiser",
        minutes: m,
        certified_by: organiser.id,
        certified_at: at(day, 12),
      } as never)
      .returning("id")
      .executeTakeFirstOrThrow();
    ids.push(row.id);
    made.services.push({ communityId, day, minutes: m });
  }
  await emitEvent(t.db, hoursCertified, {
    communityId,
    aggregateId: activity.id,
    payload: { activityId: activity.id, attendanceIds: ids },
  });
}

async function meetingSignIns(communityId: number, day: string, residentIds: (number | null)[]) {
  const meeting = await t.db
    .insertInto("meeting")
    .values({
      community_id: communityId,
      kind: "residents",
      title: "居民议事会",
      starts_at: at(day, 19),
      ends_at: at(day, 21),
      resolutions: "[]",
      photo_ids: "[]",
    } as never)
    .returning("id")
    .executeTakeFirstOrThrow();
  const ids: number[] = [];
  for (const [i, r] of residentIds.entries()) {
    const row = await t.db
      .insertInto("meeting_attendance")
      .values({
        community_id: communityId,
        meeting_id: meeting.id,
        person_key: r ? `r${r}` : `guest${i}`,
        resident_id: r,
        method: "ticked",
        signed_in_at: at(day, 19),
      } as never)
      .returning("id")
      .executeTakeFirstOrThrow();
    ids.push(row.id);
    made.signIns.push({ communityId, day, resident: r != null });
  }
  await emitEvent(t.db, meetingAttended, {
    communityId,
    aggregateId: meeting.id,
    payload: { meetingId: meeting.id, attendanceIds: ids },
  });
}

/** Care visits (one per resident given) on a day, each announced as the care module does. */
async function careVisits(communityId: number, day: string, residentIds: number[]) {
  const visitor = await createUser(t.db, "楼栋长");
  for (const residentId of residentIds) {
    const row = await t.db
      .insertInto("care_visit")
      .values({
        community_id: communityId,
        resident_id: residentId,
        visited_on: day,
        visitor_user_id: visitor.id,
        visitor_role: "building_head",
        health: "good",
        gas_safe: true,
        electricity_safe: true,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await emitEvent(t.db, careVisitRecorded, {
      communityId,
      aggregateId: row.id,
      payload: { closedAlertIds: [] },
    });
    made.visits.push({ communityId, day });
  }
}

/**
 * Missed check-ins of one resident on several days, raised at 10:00; each answered after the given
 * minutes (null: never), then announced: raised, and answered by an acknowledgement.
 */
async function careAlerts(communityId: number, residentId: number, answers: [string, number | null][]) {
  const head = await createUser(t.db, "楼栋长");
  await t.db
    .insertInto("care_enrolment")
    .values({
      community_id: communityId,
      resident_id: residentId,
      consent_by: "resident",
      consent_at: at("2026-03-01"),
    })
    .execute();
  for (const [day, minutes] of answers) {
    const raisedAt = at(day, 10);
    const row = await t.db
      .insertInto("care_alert")
      .values({
        community_id: communityId,
        resident_id: residentId,
        day,
        raised_at: raisedAt,
        ...(minutes == null
          ? {}
          : {
              acknowledged_at: new Date(raisedAt.getTime() + minutes * 60_000),
              acknowledged_by: head.id,
              ack_kind: "visited" as const,
            }),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await emitEvent(t.db, careAlertsChanged, {
      communityId,
      aggregateId: row.id,
      payload: { alertIds: [row.id], change: "raised" },
    });
    made.alerts.push({ communityId, day, answered: minutes != null && minutes <= 60 });
  }
}

async function request(
  communityId: number,
  gridId: number | null,
  day: string,
  solved: boolean,
  onTime: boolean,
  rating: "good" | "poor" | null,
) {
  const createdAt = at(day, 10);
  const resolvedAt = solved ? new Date(createdAt.getTime() + (onTime ? 1 : 6) * DAY) : null;
  await insertRequest(t.db, {
    communityId,
    gridId,
    kind: "problem",
    status: solved ? "closed" : "submitted",
    createdAt,
    signDueAt: new Date(createdAt.getTime() + DAY),
    solveDueAt: new Date(createdAt.getTime() + 5 * DAY),
    signedAt: solved ? createdAt : null,
    resolvedAt,
    closedAt: resolvedAt,
    closeReason: solved ? (rating ? "rated" : "not_rated") : null,
    rating,
  });
  made.requests.push({ communityId, gridId, day, solved, onTime, rating });
}

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t.db);
  await volunteerServices(w.a.id, "2026-03-02", [60, 90, 30, 120, 45, 60]);
  await volunteerServices(w.a.id, "2026-04-10", [30]);
  await volunteerServices(w.b.id, "2026-03-15", [240, 60]);
  await volunteerServices(w.c.id, "2026-03-20", [60, 60, 60, 60, 60, 60, 60]);
  await meetingSignIns(w.a.id, "2026-03-05", [w.a.residents[0]!.id, w.a.residents[1]!.id, null]);
  await meetingSignIns(w.b.id, "2026-04-01", [w.b.residents[0]!.id]);
  for (let i = 0; i < 7; i++)
    await request(
      w.a.id,
      w.a.grids[i % 2]!,
      "2026-03-03",
      i < 5,
      i < 4,
      i < 3 ? "good" : i < 5 ? "poor" : null,
    );
  await request(w.b.id, w.b.grids[0]!, "2026-04-02", true, true, "good");
  await request(w.c.id, null, "2026-03-09", false, false, null);
  await careVisits(w.a.id, "2026-03-04", [w.a.residents[0]!.id, w.a.residents[1]!.id]);
  await careVisits(w.b.id, "2026-04-03", [w.b.residents[0]!.id]);
  await careAlerts(w.a.id, w.a.residents[0]!.id, [
    ["2026-03-06", 20],
    ["2026-03-07", 60],
    ["2026-03-08", 61],
    ["2026-04-09", null],
  ]);
  await drainAllEvents(t.db);
  await refreshFigures(t.db);
  await refreshInsight(t.db);

  const people = {
    district: ["district_official", "district", w.districtId],
    streetA: ["street_official", "street", w.streetA],
    workerA: ["community_worker", "community", w.a.id],
    gridA: ["grid_worker", "grid", w.a.grids[0]!, w.a.id],
  } as const;
  for (const [name, [role, scope, id, community]] of Object.entries(people)) {
    const u = await createUser(t.db, name);
    await grant(t.db, u.id, role, scope, id, community ?? null);
    cookies[name] = await signIn(t, u.phone);
  }
  const resident = await createUser(t.db, "居民");
  cookies.resident = await signIn(t, resident.phone);
});

afterAll(async () => {
  await t?.close();
});

/** The figures of some communities in [from, to], counted in JavaScript from what the fixture made. */
function countInJs(communityIds: number[], from: string, to: string, gridId?: number) {
  const inP = (r: { communityId: number; day: string }) =>
    communityIds.includes(r.communityId) && r.day >= from && r.day <= to;
  const sv = made.services.filter(inP);
  const si = made.signIns.filter(inP);
  const vi = made.visits.filter(inP);
  const al = made.alerts.filter(inP);
  const rq = made.requests.filter((r) => inP(r) && (gridId == null || r.gridId === gridId));
  return {
    requests_received: rq.length,
    requests_solved: rq.filter((r) => r.solved).length,
    requests_solved_on_time: rq.filter((r) => r.solved && r.onTime).length,
    requests_rated: rq.filter((r) => r.rating).length,
    requests_rated_good: rq.filter((r) => r.rating === "good").length,
    vol_services: gridId != null ? null : sv.length,
    vol_minutes: gridId != null ? null : sv.reduce((n, s) => n + s.minutes, 0),
    meeting_attendances: gridId != null ? null : si.length,
    meeting_residents: gridId != null ? null : si.filter((s) => s.resident).length,
    topics_created: gridId != null ? null : 0,
    votes_closed: gridId != null ? null : 0,
    votes_passed: gridId != null ? null : 0,
    ...Object.fromEntries(
      [
        "points_issued",
        "points_deducted",
        "mall_exchanges",
        "mall_points",
        "mall_value_fen",
        "canteen_meals",
        "canteen_deliveries",
        "canteen_resident_fen",
        "canteen_community_fen",
        "canteen_discount_fen",
        "canteen_subsidy_fen",
      ].map((k) => [k, gridId != null ? null : 0]),
    ),
    care_visits: gridId != null ? null : vi.length,
    care_alerts: gridId != null ? null : al.length,
    care_alerts_answered: gridId != null ? null : al.filter((a) => a.answered).length,
    ...Object.fromEntries(
      [
        "project_incomes",
        "project_raised_fen",
        "project_raised_community_fen",
        "project_raised_units_fen",
        "project_raised_government_fen",
        "project_raised_residents_fen",
        "project_raised_other_fen",
        "project_raised_unspecified_fen",
      ].map((k) => [k, gridId != null ? null : 0]),
    ),
  };
}

describe("insight figures", () => {
  it("keeps the rollup equal to a recount of the rows, with no key left dirty", async () => {
    expect(await countDirty(t.db)).toBe(0);
    expect(await recountMismatches(t.db)).toEqual({ count: 0, sample: [] });
    expect((await verifyFigures(t.db)).ok).toBe(true);
  });

  it("notices a rollup row that no longer matches its rows (the recount can fail)", async () => {
    await t.db.updateTable("insight_daily").set({ value: 999 }).where("community_id", "=", w.a.id).execute();
    const bad = await recountMismatches(t.db);
    expect(bad.count).toBeGreaterThan(0);
    await t.db
      .insertInto("insight_dirty")
      .values([
        ...["volunteering", "meetings"].flatMap((source) =>
          ["2026-03-02", "2026-03-05", "2026-04-10"].map((day) => ({ community_id: w.a.id, source, day })),
        ),
        { community_id: w.a.id, source: "care_visits", day: "2026-03-04" },
        ...["2026-03-06", "2026-03-07", "2026-03-08", "2026-04-09"].map((day) => ({
          community_id: w.a.id,
          source: "care_alerts",
          day,
        })),
      ])
      .execute();
    await refreshInsight(t.db);
    expect(await recountMismatches(t.db)).toEqual({ count: 0, sample: [] });
  });

  it("answers each figure of a district, street, community and grid as an independent count", async () => {
    const from = "2026-03-01";
    const to = "2026-04-30";
    const cases: [string, number[], number?][] = [
      [`district:${w.districtId}`, [w.a.id, w.b.id, w.c.id]],
      [`street:${w.streetA}`, [w.a.id, w.b.id]],
      [`community:${w.a.id}`, [w.a.id]],
      [`grid:${w.a.id}:${w.a.grids[0]}`, [w.a.id], w.a.grids[0]],
    ];
    for (const [place, ids, gridId] of cases) {
      const r = await get(
        cookies.district!,
        `/api/insight/figures?place=${place}&period=month&from=${from}&to=${to}`,
      );
      expect(r.status, place).toBe(200);
      expect(r.body.figures, place).toEqual(countInJs(ids, from, to, gridId));
      const march = r.body.series.find((s: any) => s.bucket === "2026-03");
      expect(march.figures, place).toEqual(countInJs(ids, "2026-03-01", "2026-03-31", gridId));
      expect(r.body.series.map((s: any) => s.bucket)).toEqual(["2026-03", "2026-04"]);
    }
    const street = await get(
      cookies.streetA!,
      `/api/insight/figures?place=street:${w.streetA}&from=${from}&to=${to}`,
    );
    const a = street.body.children.find((c: any) => c.place.place === `community:${w.a.id}`);
    expect(a.residents).toBe(w.a.residents.length);
    expect(a.figures).toEqual(countInJs([w.a.id], from, to));
    expect(a.rates.satisfactionPct).toBe(60);
    expect(a.rates.solvedOnTimePct).toBe(80);
    expect(a.rates.volHours).toBe(7.3); // (60+90+30+120+45+60+30) min
    expect(a.rates.careAlertsAnsweredPct).toBe(50); // 20 and 60 minutes of 4 alerts
    const day = await get(
      cookies.workerA!,
      `/api/insight/figures?place=community:${w.a.id}&period=day&from=2026-03-01&to=2026-03-03`,
    );
    expect(day.body.series.map((s: any) => [s.bucket, s.figures.vol_services])).toEqual([
      ["2026-03-01", 0],
      ["2026-03-02", 6],
      ["2026-03-03", 0],
    ]);
    expect(day.body.children.map((c: any) => c.place.level)).toEqual(["grid", "grid"]);
  });

  it("lets each level read its own places and those below, and no other", async () => {
    const q = (place: string) => `/api/insight/figures?place=${place}&from=2026-03-01&to=2026-04-30`;
    expect((await get(cookies.workerA!, q(`community:${w.a.id}`))).status).toBe(200);
    expect((await get(cookies.workerA!, q(`grid:${w.a.id}:${w.a.grids[1]}`))).status).toBe(200);
    expect((await get(cookies.workerA!, q(`community:${w.b.id}`))).status).toBe(403);
    expect((await get(cookies.workerA!, q(`street:${w.streetA}`))).status).toBe(403);
    expect((await get(cookies.streetA!, q(`street:${w.streetA}`))).status).toBe(200);
    expect((await get(cookies.streetA!, q(`community:${w.b.id}`))).status).toBe(200);
    expect((await get(cookies.streetA!, q(`community:${w.c.id}`))).status).toBe(403);
    expect((await get(cookies.streetA!, q(`street:${w.streetB}`))).status).toBe(403);
    expect((await get(cookies.streetA!, q(`district:${w.districtId}`))).status).toBe(403);
    expect((await get(cookies.gridA!, q(`grid:${w.a.id}:${w.a.grids[0]}`))).status).toBe(200);
    expect((await get(cookies.gridA!, q(`grid:${w.a.id}:${w.a.grids[1]}`))).status).toBe(403);
    expect((await get(cookies.gridA!, q(`community:${w.a.id}`))).status).toBe(403);
    expect((await get(cookies.resident!, q(`community:${w.a.id}`))).status).toBe(403);
    expect((await get(null, q(`community:${w.a.id}`))).status).toBe(401);
    expect((await get(cookies.district!, q("community:999999"))).status).toBe(404);
    expect(
      (await get(cookies.district!, "/api/insight/figures?place=community:1&from=2026-02-30")).status,
    ).toBe(400);
  });

  it("exports each table of the page as Excel", async () => {
    for (const table of ["summary", "series", "children"]) {
      const res = await t.app.inject({
        method: "GET",
        url: `/api/insight/figures/export.xlsx?place=street:${w.streetA}&from=2026-03-01&to=2026-04-30&table=${table}`,
        headers: { cookie: cookies.streetA! },
      });
      expect(res.statusCode, table).toBe(200);
      expect(res.rawPayload.subarray(0, 2).toString()).toBe("PK");
      expect(Number(res.headers["x-linli-export-rows"])).toBe({ summary: 1, series: 2, children: 2 }[table]);
    }
  });

  it("never returns an open count under 5, in JSON or CSV", async () => {
    const places = [
      `district:${w.districtId}`,
      `street:${w.streetA}`,
      `street:${w.streetB}`,
      `community:${w.a.id}`,
      `community:${w.b.id}`,
    ];
    let seenNumbers = 0;
    let seenSuppressed = 0;
    const check = (v: unknown) => {
      if (typeof v === "number") {
        expect(v).toBeGreaterThanOrEqual(5);
        seenNumbers++;
      } else if (v != null) {
        expect(v).toBe("<5");
        seenSuppressed++;
      }
    };
    for (const place of places)
      for (const period of ["month", "year"]) {
        const r = await get(
          null,
          `/api/open/figures?place=${place}&period=${period}&from=2026-01-01&to=2026-12-31`,
        );
        expect(r.status).toBe(200);
        check(r.body.residents);
        for (const v of Object.values(r.body.figures)) check(v);
        for (const s of r.body.series) for (const v of Object.values(s.figures)) check(v);
        for (const c of r.body.children) {
          check(c.residents);
          for (const v of Object.values(c.figures)) check(v);
        }
        expect(JSON.stringify(r.body)).not.toMatch(/居民\d|1380000/);
        const csv = await get(
          null,
          `/api/open/figures.csv?place=${place}&period=${period}&from=2026-01-01&to=2026-12-31`,
        );
        expect(csv.status).toBe(200);
        for (const line of String(csv.body).trim().split("\n").slice(1))
          for (const cell of line.split(",").slice(3))
            if (/^\d+$/.test(cell)) expect(Number(cell)).toBeGreaterThanOrEqual(5);
      }
    expect(seenNumbers).toBeGreaterThan(0);
    expect(seenSuppressed).toBeGreaterThan(0);
    const a = await get(null, `/api/open/figures?place=community:${w.a.id}&from=2026-03-01&to=2026-03-31`);
    expect(a.body.figures.vol_services).toBe(6);
    expect(a.body.figures.requests_received).toBe(7);
    expect(a.body.figures.meeting_attendances).toBe("<5");
    expect((await get(null, `/api/open/figures?place=grid:${w.a.id}:${w.a.grids[0]}`)).status).toBe(400);
  });

  it("keeps insight_monthly equal to the daily sums after refreshes and after a rebuild", async () => {
    const monthly = () =>
      t.db
        .selectFrom("insight_monthly")
        .select(["community_id", "figure", "value"])
        .select((eb) => eb.fn<string>("to_char", [eb.ref("month"), eb.val("YYYY-MM")]).as("month"))
        .orderBy(["community_id", "month", "figure"])
        .execute();
    const of = async (communityId: number, month: string, figure: string) =>
      Number(
        (await monthly()).find(
          (r) => r.community_id === communityId && r.month === month && r.figure === figure,
        )?.value ?? 0,
      );
    // the fixture, counted here: a's services in March (6) and April (1), minutes 405 + 30
    expect(await of(w.a.id, "2026-03", "vol_services")).toBe(
      made.services.filter((x) => x.communityId === w.a.id && x.day < "2026-04").length,
    );
    expect(await of(w.a.id, "2026-04", "vol_minutes")).toBe(30);
    expect(await of(w.a.id, "2026-03", "care_alerts")).toBe(3);
    expect(await monthlyMismatches(t.db)).toEqual({ count: 0, sample: [] });
    // a refresh of one day recomputes its month: a new service on 2026-03-31 in a
    await volunteerServices(w.a.id, "2026-03-31", [15]);
    await drainAllEvents(t.db);
    await refreshInsight(t.db);
    expect(await of(w.a.id, "2026-03", "vol_services")).toBe(7);
    expect(await of(w.a.id, "2026-03", "vol_minutes")).toBe(405 + 15);
    expect(await monthlyMismatches(t.db)).toEqual({ count: 0, sample: [] });
    const before = await monthly();
    expect(before.length).toBeGreaterThan(0);
    // the check can fail: a month that is not its days' sum
    await t.db
      .updateTable("insight_monthly")
      .set({ value: 999 })
      .where("community_id", "=", w.b.id)
      .execute();
    expect((await monthlyMismatches(t.db)).count).toBeGreaterThan(0);
    expect((await verifyFigures(t.db)).ok).toBe(false);
    await rebuildInsight(t.db);
    expect(await monthlyMismatches(t.db)).toEqual({ count: 0, sample: [] });
    expect(await monthly()).toEqual(before);
    expect((await verifyFigures(t.db)).ok).toBe(true);
  });

  it("keeps request_stats_monthly equal to the daily request sums after a refresh and a rebuild", async () => {
    const received = async (communityId: number, month: string) =>
      (await t.db
        .selectFrom("request_stats_monthly")
        .select(["received", "solved", "rated_good"])
        .where("community_id", "=", communityId)
        .where("month", "=", month)
        .executeTakeFirst()) ?? null;
    expect(await received(w.a.id, "2026-03-01")).toEqual({ received: 7, solved: 5, rated_good: 3 });
    expect(await monthlyStatsMismatches(t.db)).toEqual({ count: 0, sample: [] });
    await request(w.a.id, w.a.grids[0]!, "2026-03-31", true, true, "good");
    await refreshFigures(t.db);
    expect(await received(w.a.id, "2026-03-01")).toEqual({ received: 8, solved: 6, rated_good: 4 });
    expect(await monthlyStatsMismatches(t.db)).toEqual({ count: 0, sample: [] });
    await t.db
      .updateTable("request_stats_monthly")
      .set({ received: 999 })
      .where("community_id", "=", w.b.id)
      .execute();
    expect((await monthlyStatsMismatches(t.db)).count).toBeGreaterThan(0);
    expect((await verifyFigures(t.db)).ok).toBe(false);
    await rebuildAllStats(t.db);
    expect(await monthlyStatsMismatches(t.db)).toEqual({ count: 0, sample: [] });
    expect(await received(w.a.id, "2026-03-01")).toEqual({ received: 8, solved: 6, rated_good: 4 });
  });

  it("reads whole months from insight_monthly and the partial months at the ends from the days", async () => {
    expect(splitPeriod("2026-03-02", "2026-06-09", "month")).toEqual({
      months: ["2026-04-01", "2026-06-01"],
      days: [
        ["2026-03-02", "2026-04-01"],
        ["2026-06-01", "2026-06-10"],
      ],
    });
    expect(splitPeriod("2026-03-01", "2026-04-30", "year")).toEqual({
      months: ["2026-03-01", "2026-05-01"],
      days: [],
    });
    expect(splitPeriod("2026-03-05", "2026-03-20", "month")).toEqual({
      months: null,
      days: [["2026-03-05", "2026-03-21"]],
    });
    expect(splitPeriod("2026-01-01", "2026-12-31", "day").months).toBeNull();
    // each place's figures over ranges cut inside months equal the count of the fixture
    const cases: [string, number[]][] = [
      [`district:${w.districtId}`, [w.a.id, w.b.id, w.c.id]],
      [`street:${w.streetA}`, [w.a.id, w.b.id]],
      [`community:${w.a.id}`, [w.a.id]],
    ];
    const idsOf = (place: string) =>
      place === `street:${w.streetA}`
        ? [w.a.id, w.b.id]
        : place === `street:${w.streetB}`
          ? [w.c.id]
          : [Number(place.split(":")[1])];
    for (const [from, to] of [
      ["2026-03-03", "2026-04-09"],
      ["2026-03-01", "2026-04-02"],
      ["2026-02-15", "2026-03-31"],
      ["2026-03-06", "2026-03-07"],
    ] as const)
      for (const period of ["month", "year"])
        for (const [place, ids] of cases) {
          const r = await get(
            cookies.district!,
            `/api/insight/figures?place=${place}&period=${period}&from=${from}&to=${to}`,
          );
          expect(r.status, place).toBe(200);
          const counted = countInJs(ids, from, to);
          expect(r.body.figures, `${place} ${period} ${from}..${to}`).toEqual(counted);
          const sum = (k: string) => r.body.series.reduce((n: number, x: any) => n + x.figures[k], 0);
          expect(sum("care_alerts")).toBe(counted.care_alerts);
          expect(sum("vol_minutes")).toBe(counted.vol_minutes);
          expect(sum("requests_received")).toBe(counted.requests_received);
          for (const c of r.body.children)
            if (c.place.level !== "grid")
              expect(c.figures, c.place.place).toEqual(countInJs(idsOf(c.place.place), from, to));
        }
  });

  it("remembers a page's answer until a refresh writes the rollups, and never while a community is marked", async () => {
    await refreshInsight(t.db);
    const url = `/api/insight/figures?place=street:${w.streetA}&period=month&from=2026-03-01&to=2026-04-30`;
    const page = async () => (await get(cookies.district!, url)).body;
    const generation = async () =>
      Number((await t.db.selectFrom("insight_generation").select("n").executeTakeFirstOrThrow()).n);
    const first = await page();
    const g = await generation();
    const month = await t.db
      .selectFrom("insight_monthly")
      .select(["community_id", "month", "figure"])
      .where("community_id", "=", w.a.id)
      .where("figure", "=", "care_visits")
      .where("month", "=", "2026-03-01")
      .executeTakeFirstOrThrow();
    // whole months are read from insight_monthly
    const tamper = (by: number) =>
      sql`update insight_monthly set value = value + ${by}::int
        where community_id = ${month.community_id}::int and month = '2026-03-01' and figure = 'care_visits'`.execute(
        t.db,
      );
    // a write that bypasses the counter (triggers off, as nothing in the app does) is not seen: the
    // answer is remembered, and given again as a copy
    await sql`alter table insight_monthly disable trigger insight_monthly_raises_generation`.execute(t.db);
    await tamper(1000);
    await sql`alter table insight_monthly enable trigger insight_monthly_raises_generation`.execute(t.db);
    expect(await generation()).toBe(g);
    const again = await page();
    expect(again.figures.care_visits).toBe(first.figures.care_visits);
    expect(again).toEqual(first);
    // any write to a rollup raises the counter: the next page computes again
    await tamper(0);
    expect(await generation()).toBeGreaterThan(g);
    expect((await page()).figures.care_visits).toBe(first.figures.care_visits + 1000);
    await tamper(-1000);
    expect((await page()).figures.care_visits).toBe(first.figures.care_visits);
    // a marked community is counted live, never remembered: a resident newly verified shows at once
    const r = w.a.residents[0]!;
    const added = await t.db
      .insertInto("resident")
      .values({
        community_id: w.a.id,
        household_id: r.householdId,
        name: "记住测试",
        relation: "family",
        status: "verified",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    expect((await page()).residents).toBe(first.residents + 1);
    expect((await page()).residents).toBe(first.residents + 1);
    await t.db.deleteFrom("resident").where("community_id", "=", w.a.id).where("id", "=", added.id).execute();
    expect((await page()).residents).toBe(first.residents);
    await refreshInsight(t.db);
    expect(await page()).toEqual(first);
  });

  it("answers the residents from the snapshot, and a changed community from resident until the refresh", async () => {
    const residentsOf = async (place: string) =>
      (await get(cookies.district!, `/api/insight/figures?place=${place}&from=2026-03-01&to=2026-04-30`))
        .body;
    // participation's denominators on today (the default period's last day) come from the snapshot
    const today = async (place: string) =>
      (await get(cookies.district!, `/api/insight/figures?place=${place}`)).body.participation;
    const n = w.a.residents.length;
    const household = w.a.residents[0]!;
    expect((await residentsOf(`community:${w.a.id}`)).residents).toBe(n);
    expect((await today(`community:${w.a.id}`)).residents).toBe(n);
    expect(await t.db.selectFrom("insight_residents_day").select("community_id").execute()).toHaveLength(3);
    const added = await t.db
      .insertInto("resident")
      .values({
        community_id: w.a.id,
        household_id: household.householdId,
        name: "新居民",
        relation: "family",
        status: "verified",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    // before the refresh: counted from resident (the community is marked)
    const dirty = await residentsOf(`community:${w.a.id}`);
    expect(dirty.residents).toBe(n + 1);
    expect(
      dirty.children.find((c: any) => c.place.place === `grid:${w.a.id}:${household.gridId}`).residents,
    ).toBe(w.a.residents.filter((r) => r.gridId === household.gridId).length + 1);
    expect((await today(`community:${w.a.id}`)).residents).toBe(n + 1);
    expect((await today(`community:${w.a.id}`)).byAge.find((b: any) => b.band === "unknown").residents).toBe(
      n + 1,
    );
    const street = await residentsOf(`street:${w.streetA}`);
    expect(street.children.find((c: any) => c.place.place === `community:${w.a.id}`).residents).toBe(n + 1);
    expect(await t.db.selectFrom("insight_residents_dirty").selectAll().execute()).not.toEqual([]);
    // after it: the snapshot, rewritten
    await refreshInsight(t.db);
    expect(await t.db.selectFrom("insight_residents_dirty").selectAll().execute()).toEqual([]);
    expect((await residentsOf(`community:${w.a.id}`)).residents).toBe(n + 1);
    expect((await today(`district:${w.districtId}`)).residents).toBe(
      n + 1 + w.b.residents.length + w.c.residents.length,
    );
    expect(await residentsMismatches(t.db)).toEqual({ count: 0, sample: [] });
    // a birth date moves the resident's band: marked, counted live, then the snapshot again
    await t.db
      .updateTable("resident")
      .set({ birth_date: "1940-01-01" })
      .where("community_id", "=", w.a.id)
      .where("id", "=", added.id)
      .execute();
    expect((await today(`community:${w.a.id}`)).byAge.find((b: any) => b.band === "80+").residents).toBe(1);
    await refreshInsight(t.db);
    expect((await today(`community:${w.a.id}`)).byAge.find((b: any) => b.band === "80+").residents).toBe(1);
    expect(await residentsMismatches(t.db)).toEqual({ count: 0, sample: [] });
    // a resident moving out, and the check failing on a wrong snapshot
    await t.db
      .updateTable("resident")
      .set({ status: "moved_out" })
      .where("community_id", "=", w.a.id)
      .where("id", "=", added.id)
      .execute();
    expect((await residentsOf(`community:${w.a.id}`)).residents).toBe(n);
    await refreshInsight(t.db);
    expect((await residentsOf(`district:${w.districtId}`)).residents).toBe(
      w.a.residents.length + w.b.residents.length + w.c.residents.length,
    );
    await t.db
      .updateTable("insight_residents")
      .set({ residents: 999 })
      .where("community_id", "=", w.b.id)
      .execute();
    expect((await residentsMismatches(t.db)).count).toBeGreaterThan(0);
    await rebuildInsight(t.db);
    expect(await residentsMismatches(t.db)).toEqual({ count: 0, sample: [] });
    expect((await verifyFigures(t.db)).ok).toBe(true);
  });
});
