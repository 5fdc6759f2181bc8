// Insight's three later figures, each computed independently here on a small fixture and compared with
// the API, and each rollup compared with its recount: participation (distinct active residents ÷
// residents, by age band and care tag, per month and year), projects' money raised by source, and
// life-circle coverage (residential buildings and residents within 15 minutes' walk per kind).
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createResidentUser,
  createTestApp,
  createUser,
  createWorld,
  drainAllEvents,
  grant,
  signIn,
  type TestApp,
} from "../../../../test/test-app.ts";
import { emitEvent } from "../../../events/outbox.ts";
import { commentPosted } from "../../deliberation/comments/comments.events.ts";
import { meetingAttended } from "../../deliberation/meetings/meetings.events.ts";
import { surveyAnswered } from "../../deliberation/surveys/surveys.events.ts";
import { projectBooked } from "../../projects/projects/projects.events.ts";
import { insertRequest } from "../../voice/figures/figures.fixtures.ts";
import { requestSubmitted } from "../../voice/requests/requests.events.ts";
import { hoursCertified } from "../../volunteering/volunteering/volunteering.events.ts";
import { recountMismatches } from "./figures.queries.ts";
import { activeWindowMismatches, refreshInsight, verifyFigures } from "./figures.service.ts";
import { rebuildActive, recountActive, recountCoverage } from "./participation.queries.ts";

type World = Awaited<ReturnType<typeof createWorld>>;
let t: TestApp;
let w: World;
const cookies: Record<string, string> = {};
const at = (day: string, hour = 12) => new Date(`${day}T${String(hour).padStart(2, "0")}:00:00+08:00`);

interface Person {
  id: number;
  communityId: number;
  gridId: number;
  buildingId: number;
  birth: string | null;
  tags: string[];
  enrolled: boolean;
  verified: boolean;
  userId?: number;
}
/** Every resident of the fixture's communities, and each (community, month, resident) made active. */
const people: Person[] = [];
const active: { communityId: number; month: string; residentId: number }[] = [];
const incomes: { communityId: number; day: string; fen: number; kind: string | null; counted: boolean }[] =
  [];

async function get(cookie: string | null, url: string) {
  const res = await t.app.inject({ method: "GET", url, headers: cookie ? { cookie } : {} });
  return {
    status: res.statusCode,
    body: res.headers["content-type"]?.includes("json") ? res.json() : res.body,
  };
}

/** The fixture's residents: the world's four per community, with birth dates, tags and enrolments. */
async function describeResidents() {
  for (const c of [w.a, w.b, w.c])
    for (const r of c.residents) {
      const h = c.households.find((x) => x.id === r.householdId)!;
      people.push({
        id: r.id,
        communityId: c.id,
        gridId: r.gridId,
        buildingId: h.buildingId,
        birth: null,
        tags: [],
        enrolled: false,
        verified: true,
      });
    }
  const births = ["2015-06-01", "1995-06-01", "1980-06-01", "1956-06-01", "1940-06-01", null];
  const aPeople = people.filter((p) => p.communityId === w.a.id);
  // six more residents of community A, one per band, and one pending resident
  for (const [i, birth] of births.entries()) {
    const h = w.a.households[i % w.a.households.length]!;
    const u = await createResidentUser(t.db, w.a.id, h.id, `参与${i}`);
    const p: Person = {
      id: u.residentId,
      communityId: w.a.id,
      gridId: h.gridId,
      buildingId: h.buildingId,
      birth,
      tags: [],
      enrolled: false,
      verified: true,
      userId: u.id,
    };
    people.push(p);
    aPeople.push(p);
  }
  const pending = await createResidentUser(t.db, w.a.id, w.a.households[0]!.id, "待审核");
  await t.db
    .updateTable("resident")
    .set({ status: "pending" })
    .where("community_id", "=", w.a.id)
    .where("id", "=", pending.residentId)
    .execute();
  people.push({
    id: pending.residentId,
    communityId: w.a.id,
    gridId: w.a.households[0]!.gridId,
    buildingId: w.a.households[0]!.buildingId,
    birth: null,
    tags: [],
    enrolled: false,
    verified: false,
    userId: pending.id,
  });
  aPeople[0]!.birth = "1950-03-01";
  aPeople[1]!.birth = "2000-01-15";
  // care: two enrolled with 独居老人, one enrolled with two tags, one tagged but not enrolled
  const care: [Person, string[], boolean][] = [
    [aPeople[0]!, ["独居老人"], true],
    [aPeople[4]!, ["独居老人", "残疾人"], true],
    [aPeople[8]!, ["独居老人"], true],
    [aPeople[1]!, ["独居老人"], false],
  ];
  for (const [p, tags, enrolled] of care) {
    p.tags = tags;
    p.enrolled = enrolled;
    if (enrolled)
      await t.db
        .insertInto("care_enrolment")
        .values({
          community_id: p.communityId,
          resident_id: p.id,
          consent_by: "resident",
          consent_at: at("2026-01-05"),
        })
        .execute();
  }
  for (const p of people)
    await t.db
      .updateTable("resident")
      .set({ birth_date: p.birth, care_tags: p.tags })
      .where("community_id", "=", p.communityId)
      .where("id", "=", p.id)
      .execute();
}

const monthOf = (day: string) => `${day.slice(0, 7)}-01`;

async function meetingSignIns(communityId: number, day: string, residents: (Person | null)[]) {
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
  for (const [i, r] of residents.entries()) {
    const row = await t.db
      .insertInto("meeting_attendance")
      .values({
        community_id: communityId,
        meeting_id: meeting.id,
        person_key: r ? `r${r.id}` : `guest${i}`,
        resident_id: r?.id ?? null,
        method: "ticked",
        signed_in_at: at(day, 19),
      } as never)
      .returning("id")
      .executeTakeFirstOrThrow();
    ids.push(row.id);
    if (r) active.push({ communityId, month: monthOf(day), residentId: r.id });
  }
  await emitEvent(t.db, meetingAttended, {
    communityId,
    aggregateId: meeting.id,
    payload: { meetingId: meeting.id, attendanceIds: ids },
  });
}

async function submitRequest(p: Person, day: string) {
  const r = await insertRequest(t.db, {
    communityId: p.communityId,
    gridId: p.gridId,
    createdAt: at(day, 10),
    submitterUserId: p.userId!,
  });
  await emitEvent(t.db, requestSubmitted, {
    communityId: p.communityId,
    aggregateId: r.id,
    payload: { gridId: p.gridId, submittedAt: r.createdAt.toISOString() },
  });
  active.push({ communityId: p.communityId, month: monthOf(day), residentId: p.id });
}

async function volunteer(communityId: number, day: string, ps: Person[]) {
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
  for (const p of ps) {
    const row = await t.db
      .insertInto("vol_attendance")
      .values({
        community_id: communityId,
        activity_id: activity.id,
        user_id: p.userId!,
        check_in_at: at(day, 9),
        check_in_method: "organiser",
        check_out_at: at(day, 11),
        check_out_method: "organiser",
        minutes: 120,
        certified_by: organiser.id,
        certified_at: at(day, 12),
      } as never)
      .returning("id")
      .executeTakeFirstOrThrow();
    ids.push(row.id);
    active.push({ communityId, month: monthOf(day), residentId: p.id });
  }
  await emitEvent(t.db, hoursCertified, {
    communityId,
    aggregateId: activity.id,
    payload: { activityId: activity.id, attendanceIds: ids },
  });
}

async function comment(p: Person, day: string) {
  const row = await t.db
    .insertInto("comment")
    .values({
      community_id: p.communityId,
      subject_kind: "notice",
      subject_id: 1,
      author_user_id: p.userId!,
      author_name: "居民",
      body: "赞成",
      created_at: at(day, 20),
    } as never)
    .returning("id")
    .executeTakeFirstOrThrow();
  await emitEvent(t.db, commentPosted, {
    communityId: p.communityId,
    aggregateId: Number(row.id),
    payload: { subjectKind: "notice" },
  });
  active.push({ communityId: p.communityId, month: monthOf(day), residentId: p.id });
}

/** Answers to a survey: named ones count (an anonymous survey stores no resident and emits nothing). */
async function surveyAnswers(communityId: number, day: string, ps: Person[], anonymous: boolean) {
  const survey = await t.db
    .insertInto("survey")
    .values({
      community_id: communityId,
      title: "加装电梯意向",
      anonymous,
      questions: JSON.stringify([{ kind: "single", text: "同意吗", options: ["同意", "不同意"] }]),
      opens_at: at(day, 0),
      closes_at: at(day, 23),
      published_at: at(day, 0),
    } as never)
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const [i, p] of ps.entries()) {
    const row = await t.db
      .insertInto("survey_response")
      .values({
        community_id: communityId,
        survey_id: survey.id,
        respondent_key: `k${survey.id}-${i}`,
        resident_id: anonymous ? null : p.id,
        household_id: null,
        channel: "online",
        submitted_at: at(day, 9),
      } as never)
      .returning("id")
      .executeTakeFirstOrThrow();
    if (anonymous) continue;
    await emitEvent(t.db, surveyAnswered, {
      communityId,
      aggregateId: Number(row.id),
      payload: { surveyId: survey.id, channel: "online" },
    });
    active.push({ communityId, month: monthOf(day), residentId: p.id });
  }
}

/** A project of community A with two funding sources and bookings; one income reversed. */
async function projectMoney() {
  const treasurer = await createUser(t.db, "出纳");
  const c = w.a.id;
  const project = await t.db
    .insertInto("project")
    .values({ community_id: c, title: "加装电梯", tier: "community", origin_kind: "staff" } as never)
    .returning("id")
    .executeTakeFirstOrThrow();
  const sourceOf = async (kind: string, position: number) =>
    (
      await t.db
        .insertInto("project_funding_source")
        .values({
          community_id: c,
          project_id: project.id,
          position,
          kind: kind as never,
          label: kind,
          planned_fen: 100_000,
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  const gov = await sourceOf("government", 1);
  const res = await sourceOf("residents", 2);
  let seq = 0;
  let balance = 0;
  let income = 0;
  let expense = 0;
  const book = async (
    direction: "income" | "expense",
    fen: number,
    day: string,
    sourceId: number | null,
    correctsId: number | null = null,
  ) => {
    seq++;
    balance += direction === "income" ? fen : -fen;
    if (direction === "income") income += fen;
    else expense += fen;
    const row = await t.db
      .insertInto("project_booking")
      .values({
        community_id: c,
        project_id: project.id,
        seq,
        direction,
        amount_fen: fen,
        balance_fen: balance,
        income_total_fen: income,
        expense_total_fen: expense,
        source_id: sourceId,
        memo: "记账",
        occurred_on: day,
        idempotency_key: `insight-booking-${seq}-${project.id}`,
        booked_by: treasurer.id,
        corrects_id: correctsId,
      } as never)
      .returning("id")
      .executeTakeFirstOrThrow();
    await emitEvent(t.db, projectBooked, {
      communityId: c,
      aggregateId: Number(row.id),
      payload: { projectId: project.id, direction, correctsId },
    });
    return Number(row.id);
  };
  await book("income", 10_000, "2026-03-10", gov);
  await book("income", 5_000, "2026-03-12", res);
  await book("expense", 1_000, "2026-03-15", null);
  await book("income", 2_000, "2026-04-01", null);
  const reversed = await book("income", 3_000, "2026-04-02", gov);
  await book("expense", 3_000, "2026-04-05", null, reversed);
  incomes.push(
    { communityId: c, day: "2026-03-10", fen: 10_000, kind: "government", counted: true },
    { communityId: c, day: "2026-03-12", fen: 5_000, kind: "residents", counted: true },
    { communityId: c, day: "2026-04-01", fen: 2_000, kind: null, counted: true },
    { communityId: c, day: "2026-04-02", fen: 3_000, kind: "government", counted: false },
  );
}

/** Community A's walking network: kinds clinic and shop; four buildings of the map (one not residential). */
const lcBuildings: { buildingId: number | null; residential: boolean; meters: (number | null)[] }[] = [];
async function lifeCircle() {
  const c = w.a.id;
  for (const [position, code] of ["clinic", "shop"].entries())
    await t.db
      .insertInto("lifecircle_kind")
      .values({
        community_id: c,
        code,
        name_zh: code === "clinic" ? "卫生服务站" : "便利店",
        name_en: code,
        target_minutes: 15,
        required: true,
        position,
      })
      .execute();
  await t.db
    .insertInto("lifecircle_network")
    .values({
      community_id: c,
      source: "fixture",
      byte_size: 1,
      nodes: 1,
      edges: 0,
      largest_part: 1,
      osm_buildings: 4,
      osm_pois: 0,
      graph: Buffer.from([0]),
      kinds: ["clinic", "shop"],
      computed_at: new Date(),
    } as never)
    .execute();
  lcBuildings.push(
    { buildingId: w.a.buildings[0]!.id, residential: true, meters: [300, 1200] },
    { buildingId: w.a.buildings[1]!.id, residential: true, meters: [950, 600] },
    { buildingId: null, residential: true, meters: [null, 100] },
    { buildingId: null, residential: false, meters: [0, 0] },
  );
  for (const [i, b] of lcBuildings.entries())
    await t.db
      .insertInto("lifecircle_building")
      .values({
        community_id: c,
        osm_id: 9000 + i,
        lat: 30,
        lon: 120,
        residential: b.residential,
        snap_node: 0,
        snap_leg: 0,
        building_id: b.buildingId,
        match_status: b.buildingId == null ? "none" : "confirmed",
        meters: b.meters,
      } as never)
      .execute();
}

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t.db);
  await describeResidents();
  const a = people.filter((p) => p.communityId === w.a.id);
  const b = people.filter((p) => p.communityId === w.b.id);
  const withAccount = a.filter((p) => p.userId != null && p.verified);
  const pending = a.find((p) => !p.verified)!;
  await meetingSignIns(w.a.id, "2026-03-05", [a[0]!, a[1]!, a[4]!, null, pending]);
  await meetingSignIns(w.a.id, "2026-04-08", [a[0]!, a[2]!]);
  await meetingSignIns(w.b.id, "2026-03-06", [b[0]!]);
  await submitRequest(withAccount[0]!, "2026-03-20");
  await submitRequest(withAccount[0]!, "2026-03-21");
  await submitRequest(withAccount[1]!, "2026-04-02");
  await volunteer(w.a.id, "2026-04-11", [withAccount[2]!, withAccount[3]!, withAccount[0]!]);
  await volunteer(w.a.id, "2026-03-31", [withAccount[4]!]);
  await comment(withAccount[5]!, "2026-04-20");
  await surveyAnswers(w.a.id, "2026-03-25", [a[3]!, a[6]!], false);
  await surveyAnswers(w.a.id, "2026-04-25", [a[7]!, a[9]!], true);
  await projectMoney();
  await lifeCircle();
  await drainAllEvents(t.db);
  await refreshInsight(t.db);
  const staff = {
    district: ["district_official", "district", w.districtId],
    workerA: ["community_worker", "community", w.a.id],
  } as const;
  for (const [name, [role, scope, id]] of Object.entries(staff)) {
    const u = await createUser(t.db, name);
    await grant(t.db, u.id, role, scope, id, null);
    cookies[name] = await signIn(t, u.phone);
  }
});

afterAll(async () => {
  await t?.close();
});

// ---- the independent counts ----

function ageOn(birth: string, day: string) {
  const [by, bm, bd] = birth.split("-").map(Number) as [number, number, number];
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}
function bandOf(birth: string | null, day: string) {
  if (birth == null) return "unknown";
  const age = ageOn(birth, day);
  return age < 18 ? "0-17" : age < 35 ? "18-34" : age < 60 ? "35-59" : age < 80 ? "60-79" : "80+";
}
const pct = (a: number, b: number) => (b === 0 ? null : Math.round((1000 * a) / b) / 10);

/** Participation counted in JavaScript: the place's verified residents active in [fromMonth, toMonth]. */
function participationInJs(
  inPlace: (p: Person) => boolean,
  fromMonth: string,
  toMonth: string,
  ageDay: string,
) {
  const residents = people.filter((p) => p.verified && inPlace(p));
  const ids = new Set(residents.map((p) => p.id));
  const activeIn = (from: string, to: string) =>
    new Set(
      active
        .filter((x) => x.month >= from && x.month <= to && ids.has(x.residentId))
        .filter((x) => residents.some((p) => p.id === x.residentId && p.communityId === x.communityId))
        .map((x) => x.residentId),
    );
  const all = activeIn(fromMonth, toMonth);
  const share = (ps: Person[]) => {
    const n = ps.filter((p) => all.has(p.id)).length;
    return { active: n, residents: ps.length, pct: pct(n, ps.length) };
  };
  const tags = [...new Set(residents.filter((p) => p.enrolled).flatMap((p) => p.tags))].sort();
  return {
    ...share(residents),
    byAge: ["0-17", "18-34", "35-59", "60-79", "80+", "unknown"].map((band) => ({
      band,
      ...share(residents.filter((p) => bandOf(p.birth, ageDay) === band)),
    })),
    byCare: tags.map((tag) => ({
      tag,
      ...share(residents.filter((p) => p.enrolled && p.tags.includes(tag))),
    })),
    activeIn,
  };
}

describe("participation", () => {
  it("keeps insight_active equal to a recount, and the recount can fail", async () => {
    expect(await recountActive(t.db)).toEqual({ count: 0, sample: [] });
    await sql`delete from insight_active where community_id = ${w.a.id}::int and month = '2026-04-01'`.execute(
      t.db,
    );
    const bad = await recountActive(t.db);
    const april = new Set(
      active.filter((x) => x.communityId === w.a.id && x.month === "2026-04-01").map((x) => x.residentId),
    );
    expect(april.size).toBeGreaterThan(3);
    expect(bad.count).toBe(april.size);
    expect(bad.sample.every((m) => m.recounted && !m.marked)).toBe(true);
    await rebuildActive(t.db);
    expect(await recountActive(t.db)).toEqual({ count: 0, sample: [] });
  });

  it("answers a community's, a grid's and a street's participation as an independent count", async () => {
    const cases: [string, (p: Person) => boolean][] = [
      [`community:${w.a.id}`, (p) => p.communityId === w.a.id],
      [`grid:${w.a.id}:${w.a.grids[0]}`, (p) => p.communityId === w.a.id && p.gridId === w.a.grids[0]],
      [`street:${w.streetA}`, (p) => p.communityId === w.a.id || p.communityId === w.b.id],
      [`district:${w.districtId}`, () => true],
    ];
    for (const [place, inPlace] of cases) {
      const r = await get(
        cookies.district!,
        `/api/insight/figures?place=${place}&period=month&from=2026-03-01&to=2026-04-30`,
      );
      expect(r.status, place).toBe(200);
      const js = participationInJs(inPlace, "2026-03-01", "2026-04-01", "2026-04-30");
      const { activeIn, ...expected } = js;
      expect(r.body.participation, place).toMatchObject({
        ...expected,
        fromMonth: "2026-03",
        toMonth: "2026-04",
      });
      expect(
        r.body.participation.series.map((s: any) => [s.bucket, s.active]),
        place,
      ).toEqual([
        ["2026-03", activeIn("2026-03-01", "2026-03-01").size],
        ["2026-04", activeIn("2026-04-01", "2026-04-01").size],
      ]);
    }
    // a resident active in both months counts once in the period and once in the year
    const a = await get(
      cookies.workerA!,
      `/api/insight/figures?place=community:${w.a.id}&period=month&from=2026-03-01&to=2026-04-30`,
    );
    const [march, april] = a.body.participation.series;
    expect(a.body.participation.active).toBeLessThan(march.active + april.active);
    const year = await get(
      cookies.workerA!,
      `/api/insight/figures?place=community:${w.a.id}&period=year&from=2026-01-01&to=2026-12-31`,
    );
    const js = participationInJs((p) => p.communityId === w.a.id, "2026-01-01", "2026-12-01", "2026-12-31");
    expect(year.body.participation.series).toEqual([{ bucket: "2026", active: js.active, pct: js.pct }]);
    expect(year.body.participation.byAge).toEqual(js.byAge);
    expect(year.body.participation.byCare).toEqual(js.byCare);
    expect(js.byCare.map((c) => c.tag)).toEqual(["残疾人", "独居老人"]);
    // the street's children carry their participation (the denominators shown)
    const street = await get(
      cookies.district!,
      `/api/insight/figures?place=street:${w.streetA}&from=2026-03-01&to=2026-04-30`,
    );
    const child = street.body.children.find((c: any) => c.place.place === `community:${w.b.id}`);
    expect(child.participation).toEqual({ active: 1, residents: 4, pct: 25 });
  });

  it("reads a page's standard window from the refresh's snapshot, and counts a community marked since", async () => {
    await refreshInsight(t.db);
    expect(await t.db.selectFrom("insight_active_dirty").selectAll().execute()).toEqual([]);
    expect(await activeWindowMismatches(t.db)).toEqual({ count: 0, sample: [] });
    const wins = await t.db
      .selectFrom("insight_active_taken")
      .select("win")
      .where("community_id", "=", w.a.id)
      .execute();
    expect(wins).toHaveLength(3);
    const place = `community:${w.a.id}`;
    // no from/to: the 12 months through today, the window the refresh took
    const page = async () =>
      (await get(cookies.workerA!, `/api/insight/figures?place=${place}&period=month`)).body;
    const expected = (body: any) => {
      const { activeIn, ...js } = participationInJs(
        (p) => p.communityId === w.a.id,
        `${body.participation.fromMonth}-01`,
        `${body.participation.toMonth}-01`,
        body.participation.ageOn,
      );
      return {
        ...js,
        series: body.participation.series.map((s: any) => ({
          bucket: s.bucket,
          active: activeIn(`${s.bucket}-01`, `${s.bucket}-01`).size,
        })),
      };
    };
    const first = await page();
    const want = expected(first);
    expect(first.participation).toMatchObject({
      active: want.active,
      byAge: want.byAge,
      byCare: want.byCare,
    });
    expect(first.participation.series).toMatchObject(want.series);
    expect(want.active).toBeGreaterThan(0);
    // the page reads the snapshot: a wrong snapshot shows, and the check names it
    await sql`update insight_active_counts set n = n + 100
      where community_id = ${w.a.id}::int and bucket = 'all' and grp like 'band:%'
        and win like ${`%|month@${first.participation.ageOn}`}`.execute(t.db);
    expect((await page()).participation.active).toBeGreaterThan(want.active + 99);
    expect((await activeWindowMismatches(t.db)).count).toBeGreaterThan(0);
    // a resident active this month marks the community: counted from insight_active (the wrong
    // snapshot no longer shows) until the refresh takes the window again
    const month = `${first.participation.toMonth}-01`;
    const fresh = people.find(
      (p) =>
        p.communityId === w.a.id &&
        p.verified &&
        !active.some((x) => x.residentId === p.id && x.month === month),
    )!;
    expect(fresh).toBeDefined();
    await t.db
      .insertInto("insight_active")
      .values({ community_id: w.a.id, month, resident_id: fresh.id })
      .execute();
    active.push({ communityId: w.a.id, month, residentId: fresh.id });
    const last = (body: any) => body.participation.series.at(-1).active;
    const marked = await page();
    const now = expected(marked);
    expect(marked.participation).toMatchObject({ active: now.active, byAge: now.byAge });
    expect(last(marked)).toBe(want.series.at(-1).active + 1);
    await refreshInsight(t.db);
    expect(await activeWindowMismatches(t.db)).toEqual({ count: 0, sample: [] });
    expect(last(await page())).toBe(want.series.at(-1).active + 1);
    // back to the fixture: the row out, insight_active rebuilt from the rows (every community marked)
    await t.db
      .deleteFrom("insight_active")
      .where("community_id", "=", w.a.id)
      .where("resident_id", "=", fresh.id)
      .where("month", "=", month)
      .execute();
    active.pop();
    await rebuildActive(t.db);
    await refreshInsight(t.db);
    expect((await page()).participation).toMatchObject({ active: want.active, series: want.series });
    expect(await activeWindowMismatches(t.db)).toEqual({ count: 0, sample: [] });
  });

  it("publishes participation by age band with every count under 5 suppressed, and no care tags", async () => {
    const r = await get(
      null,
      `/api/open/figures?place=community:${w.a.id}&period=month&from=2026-03-01&to=2026-04-30`,
    );
    expect(r.status).toBe(200);
    const js = participationInJs((p) => p.communityId === w.a.id, "2026-03-01", "2026-04-01", "2026-04-30");
    expect(js.active).toBeGreaterThanOrEqual(5);
    expect(r.body.participation.active).toBe(js.active);
    expect(r.body.participation.residents).toBe(js.residents);
    expect(r.body.participation.pct).toBe(js.pct);
    for (const b of r.body.participation.byAge) {
      for (const v of [b.active, b.residents]) expect(typeof v === "number" ? v >= 5 : v === "<5").toBe(true);
      if (b.active === "<5" || b.residents === "<5") expect(b.pct).toBeNull();
    }
    expect(JSON.stringify(r.body)).not.toMatch(/独居|残疾|byCare/);
    for (const c of (
      await get(null, `/api/open/figures?place=street:${w.streetA}&from=2026-03-01&to=2026-04-30`)
    ).body.children)
      expect(c.participation.active === "<5" || c.participation.active >= 5).toBe(true);
  });
});

describe("money raised by source", () => {
  it("counts incomes not reversed, by funding source and day, equal to the recount", async () => {
    expect(await recountMismatches(t.db)).toEqual({ count: 0, sample: [] });
    const r = await get(
      cookies.workerA!,
      `/api/insight/figures?place=community:${w.a.id}&period=month&from=2026-03-01&to=2026-04-30`,
    );
    const inMonth = (m: string) => incomes.filter((i) => i.counted && i.day.startsWith(m));
    const expected = (list: typeof incomes) => ({
      project_incomes: list.length,
      project_raised_fen: list.reduce((n, i) => n + i.fen, 0),
      project_raised_government_fen: list
        .filter((i) => i.kind === "government")
        .reduce((n, i) => n + i.fen, 0),
      project_raised_residents_fen: list.filter((i) => i.kind === "residents").reduce((n, i) => n + i.fen, 0),
      project_raised_unspecified_fen: list.filter((i) => i.kind == null).reduce((n, i) => n + i.fen, 0),
      project_raised_community_fen: 0,
      project_raised_units_fen: 0,
      project_raised_other_fen: 0,
    });
    expect(r.body.figures).toMatchObject(expected(incomes.filter((i) => i.counted)));
    const [march, april] = r.body.series;
    expect(march.figures).toMatchObject(expected(inMonth("2026-03")));
    expect(april.figures).toMatchObject(expected(inMonth("2026-04")));
    expect(april.figures.project_raised_government_fen).toBe(0); // the 3,000 was reversed
  });
});

describe("life-circle coverage", () => {
  /** Coverage per kind counted in JavaScript from the fixture's buildings and residents. */
  function coverageInJs() {
    return ["clinic", "shop"].map((code, k) => {
      const res = lcBuildings.filter((b) => b.residential);
      const within = (b: (typeof lcBuildings)[number]) => b.meters[k] != null && b.meters[k]! / 60 <= 15;
      const residentsOf = (bs: typeof lcBuildings) =>
        people.filter((p) => p.verified && bs.some((b) => b.buildingId === p.buildingId)).length;
      const matched = res.filter((b) => b.buildingId != null);
      return {
        code,
        buildings: res.length,
        buildingsWithin: res.filter(within).length,
        residents: residentsOf(matched),
        residentsWithin: residentsOf(matched.filter(within)),
      };
    });
  }

  it("reads the stored coverage, equal to an independent count and to the recount", async () => {
    expect(await recountCoverage(t.db)).toEqual({ count: 0, sample: [] });
    const r = await get(
      cookies.workerA!,
      `/api/insight/figures?place=community:${w.a.id}&from=2026-03-01&to=2026-04-30`,
    );
    expect(r.body.coverage.minutes).toBe(15);
    expect(r.body.coverage.communities).toBe(1);
    const js = coverageInJs();
    expect(r.body.coverage.kinds).toMatchObject(
      js.map((k) => ({
        ...k,
        buildingsPct: pct(k.buildingsWithin, k.buildings),
        residentsPct: pct(k.residentsWithin, k.residents),
      })),
    );
    expect(r.body.coverage.kinds[0].nameZh).toBe("卫生服务站");
    expect(js[0]).toMatchObject({ buildings: 3, buildingsWithin: 1 });
    const grid = await get(cookies.workerA!, `/api/insight/figures?place=grid:${w.a.id}:${w.a.grids[0]}`);
    expect(grid.body.coverage).toBeNull();
  });

  it("is refreshed when the readings are recomputed, and the recount notices a stale row", async () => {
    await t.db
      .updateTable("insight_coverage")
      .set({ buildings_within: 99 })
      .where("community_id", "=", w.a.id)
      .execute();
    expect((await recountCoverage(t.db)).count).toBeGreaterThan(0);
    // the lifecircle module recomputes the readings: a building comes within reach of the clinic
    lcBuildings[1]!.meters = [400, 600];
    await sql`update lifecircle_building set meters = '{400,600}' where community_id = ${w.a.id}::int
      and osm_id = 9001`.execute(t.db);
    await sql`update lifecircle_network set computed_at = computed_at + interval '1 second'
      where community_id = ${w.a.id}::int`.execute(t.db);
    await refreshInsight(t.db);
    expect(await recountCoverage(t.db)).toEqual({ count: 0, sample: [] });
    const r = await get(cookies.workerA!, `/api/insight/figures?place=community:${w.a.id}`);
    expect(r.body.coverage.kinds[0]).toMatchObject(coverageInJs()[0]!);
    expect(r.body.coverage.kinds[0].buildingsWithin).toBe(2);
  });

  it("passes the verify command's comparison of every figure", async () => {
    expect((await verifyFigures(t.db)).ok).toBe(true);
  });

  it("exports participation and coverage as Excel tables", async () => {
    for (const table of ["participation", "coverage"]) {
      const res = await t.app.inject({
        method: "GET",
        url: `/api/insight/figures/export.xlsx?place=community:${w.a.id}&from=2026-03-01&to=2026-04-30&table=${table}`,
        headers: { cookie: cookies.workerA! },
      });
      expect(res.statusCode, table).toBe(200);
      expect(res.rawPayload.subarray(0, 2).toString()).toBe("PK");
      expect(Number(res.headers["x-linli-export-rows"]), table).toBe(
        table === "coverage" ? 2 : 1 + 6 + 2 + 2, // total, six bands, two tags, two months
      );
    }
  });
});
