// Ratings of spaces and services through the real API: staff register them, verified residents rate
// them with the vocabulary of requests (one current rating each), a poor rating tells the staff and
// may become a problem request, and the public figures carry no person data.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createResidentUser,
  createTestApp,
  diffSnapshots,
  drainAllEvents,
  isBilingualError,
  sessionCookie,
  snapshotDatabase,
  type TestApp,
} from "../../../../test/test-app.ts";
import type { StatsSums } from "../figures/figures.queries.ts";
import { presentFigures } from "../figures/figures.service.ts";
import { api, type VoiceWorld, voiceWorld } from "../requests/requests.fixtures.ts";
import { RATING_COMMENT_MAX, satisfactionPct } from "../requests/requests.schema.ts";

let t: TestApp;
let v: VoiceWorld;
let A: string;
let hall: number;
let canteen: number;
/** A verified resident of community C (another street). */
let outsider: { id: number; cookie: string };

beforeAll(async () => {
  t = await createTestApp();
  v = await voiceWorld(t);
  A = v.A;
  const c = v.w.c;
  const o = await createResidentUser(t.db, c.id, c.households[0]!.id, "外社区居民");
  outsider = { id: o.id, cookie: await sessionCookie(t, o.id) };
});
afterAll(async () => {
  await t?.close();
});

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

const subjects = async (cookie: string | null = null) => {
  const res = await api(t, "GET", `${A}/rating-subjects`, cookie);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { canRate: boolean; items: any[] };
};
const rate = (cookie: string, id: number, body: unknown) =>
  api(t, "PUT", `${A}/rating-subjects/${id}/my-rating`, cookie, body);

describe("registering spaces and services", () => {
  it("community staff register a space in a building and a service; the building decides the estate", async () => {
    const res = await api(t, "POST", `${A}/rating-subjects`, v.worker.cookie, {
      kind: "space",
      name: "聚邻空间",
      description: "省法院小区架空层，480平方米",
      buildingId: v.a.buildings[0]!.id,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      kind: "space",
      name: "聚邻空间",
      estateId: v.a.estateId,
      buildingId: v.a.buildings[0]!.id,
      buildingName: "1栋",
      active: true,
      figures: { rated: 0, good: 0, average: 0, poor: 0, satisfactionPct: null },
      latestComments: [],
    });
    hall = res.json().id;
    const s = await api(t, "POST", `${A}/rating-subjects`, v.secretary.cookie, {
      kind: "service",
      name: "幸福食堂",
      description: "65岁以上老人午餐10元",
    });
    expect(s.statusCode, s.body).toBe(200);
    canteen = s.json().id;
    const audit = await t.db
      .selectFrom("audit_log")
      .select("action")
      .where("action", "=", "rating_subject.create")
      .execute();
    expect(audit).toHaveLength(2);
  });

  it("refuses a second subject of the same name (409), a building of another community (404), and residents or grid workers (403) — storing nothing", async () => {
    await unchanged(
      () => api(t, "POST", `${A}/rating-subjects`, v.worker.cookie, { kind: "service", name: "幸福食堂" }),
      409,
    );
    await unchanged(
      () =>
        api(t, "POST", `${A}/rating-subjects`, v.worker.cookie, {
          kind: "space",
          name: "外社区的楼",
          buildingId: v.w.c.buildings[0]!.id,
        }),
      404,
    );
    for (const who of [v.r0, v.gw1, v.street]) {
      await unchanged(
        () => api(t, "POST", `${A}/rating-subjects`, who.cookie, { kind: "space", name: "红色驿站" }),
        403,
      );
    }
  });
});

describe("residents rate", () => {
  it("lists the subjects in public with empty figures; anonymous callers cannot rate", async () => {
    const list = await subjects();
    expect(list.canRate).toBe(false);
    expect(list.items.map((s) => s.name)).toEqual(["聚邻空间", "幸福食堂"]);
    expect(list.items.every((s) => s.mine === null)).toBe(true);
    expect((await subjects(v.r0.cookie)).canRate).toBe(true);
    await unchanged(
      () => api(t, "PUT", `${A}/rating-subjects/${hall}/my-rating`, null, { rating: "good" }),
      401,
    );
  });

  it("a good and a poor rating make the figures; the poor one tells the community staff in-app and by SMS", async () => {
    const good = await rate(v.r0.cookie, hall, { rating: "good", comment: "  活动多，老人孩子都喜欢  " });
    expect(good.statusCode, good.body).toBe(200);
    expect(good.json()).toMatchObject({ rating: "good", comment: "活动多，老人孩子都喜欢" });
    const smsBefore = (await t.db.selectFrom("sms_outbox").select("id").execute()).length;
    const poor = await rate(v.r1.cookie, hall, {
      rating: "poor",
      comment: "晚上八点就关门了，希望延长开放时间",
    });
    expect(poor.statusCode, poor.body).toBe(200);
    expect(poor.json().figures).toEqual({ rated: 2, good: 1, average: 0, poor: 1, satisfactionPct: 50 });

    const told = await t.db
      .selectFrom("notification")
      .select(["user_id", "title_zh", "body_zh", "link"])
      .where("kind", "=", "rating.poor")
      .execute();
    expect(told.map((n) => n.user_id).sort()).toEqual([v.worker.id, v.secretary.id].sort());
    expect(told[0]).toMatchObject({
      title_zh: "居民差评场地：聚邻空间",
      body_zh: "晚上八点就关门了，希望延长开放时间",
      link: `/staff/ratings/${v.a.id}`,
    });
    // the notification preferences default to SMS as well
    expect((await t.db.selectFrom("sms_outbox").select("id").execute()).length).toBe(smsBefore + 2);
  });

  it("keeps one current rating per person: a change replaces it (first_rated_at kept, rated_at moved)", async () => {
    const before = await t.db
      .selectFrom("subject_rating")
      .selectAll()
      .where("subject_id", "=", hall)
      .where("resident_id", "=", v.r0.residentId)
      .executeTakeFirstOrThrow();
    const res = await rate(v.r0.cookie, hall, { rating: "average" });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().figures).toEqual({ rated: 2, good: 0, average: 1, poor: 1, satisfactionPct: 0 });
    const rows = await t.db
      .selectFrom("subject_rating")
      .selectAll()
      .where("subject_id", "=", hall)
      .where("resident_id", "=", v.r0.residentId)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).toBe(before.id);
    expect(rows[0]!.first_rated_at).toEqual(before.first_rated_at);
    expect(rows[0]!.rated_at.getTime()).toBeGreaterThanOrEqual(before.rated_at.getTime());
    expect(rows[0]!.comment).toBeNull();
    // a poor rating without a comment is accepted, as for requests; the staff are told again
    const notes = async () =>
      (await t.db.selectFrom("notification").select("id").where("kind", "=", "rating.poor").execute()).length;
    const n = await notes();
    expect((await rate(v.r2.cookie, canteen, { rating: "poor" })).statusCode).toBe(200);
    expect(await notes()).toBe(n + 2);
    // the same poor rating again is no news
    expect((await rate(v.r2.cookie, canteen, { rating: "poor" })).statusCode).toBe(200);
    expect(await notes()).toBe(n + 2);
    expect((await rate(v.r2.cookie, canteen, { rating: "good", comment: "饭菜可口" })).statusCode).toBe(200);
  });

  it("shows each resident their own rating only, and in public no name, room, phone or person id", async () => {
    const anon = await api(t, "GET", `${A}/rating-subjects`, null);
    const body = anon.body;
    for (const secret of [
      "王阿姨",
      "李师傅",
      "张大爷",
      v.r0.phone,
      v.r1.phone,
      "101",
      "102",
      "resident",
      "raterName",
      "userId",
    ])
      expect(body).not.toContain(secret);
    const hallPublic = anon.json().items.find((s: any) => s.id === hall);
    expect(hallPublic.latestComments).toEqual([
      {
        rating: "poor",
        comment: "晚上八点就关门了，希望延长开放时间",
        day: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      },
    ]);
    const mine1 = (await subjects(v.r1.cookie)).items.find((s) => s.id === hall);
    expect(mine1.mine).toMatchObject({ rating: "poor", comment: "晚上八点就关门了，希望延长开放时间" });
    const mine0 = (await subjects(v.r0.cookie)).items.find((s) => s.id === hall);
    expect(mine0.mine).toMatchObject({ rating: "average", comment: null });
    // staff who are not residents see the same public figures, without `mine`
    const staffView = await subjects(v.worker.cookie);
    expect(staffView.canRate).toBe(false);
    expect(staffView.items.every((s) => s.mine === null)).toBe(true);
  });

  it("refuses non-residents, residents of another community, unknown subjects, bad values and oversized comments — changing nothing", async () => {
    await unchanged(() => rate(v.worker.cookie, hall, { rating: "good" }), 403);
    await unchanged(() => rate(v.admin.cookie, hall, { rating: "good" }), 403);
    await unchanged(() => rate(outsider.cookie, hall, { rating: "poor", comment: "不是本社区的" }), 403);
    await unchanged(() => rate(v.r0.cookie, 99_999_999, { rating: "good" }), 404);
    await unchanged(() => rate(v.r0.cookie, hall, { rating: "excellent" }), 400);
    await unchanged(
      () => rate(v.r0.cookie, hall, { rating: "good", comment: "长".repeat(RATING_COMMENT_MAX + 1) }),
      400,
    );
    await unchanged(() => rate(v.r0.cookie, hall, { comment: "只有评语" }), 400);
    // the subject of another community, through community A's address
    const other = await t.db
      .insertInto("rating_subject")
      .values({ community_id: v.w.c.id, kind: "space", name: "外社区驿站" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await unchanged(() => rate(v.r0.cookie, other.id, { rating: "good" }), 404);
  });
});

describe("staff", () => {
  it("see every rating with its comment and the resident's name; others are refused", async () => {
    const res = await api(t, "GET", `${A}/ratings?subjectId=${hall}`, v.worker.cookie);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.total).toBe(2);
    expect(body.ratings[0]).toMatchObject({
      subjectName: "聚邻空间",
      raterName: "王阿姨",
      rating: "average",
    });
    expect(body.ratings.find((r: any) => r.rating === "poor")).toMatchObject({
      raterName: "李师傅",
      comment: "晚上八点就关门了，希望延长开放时间",
      requestId: null,
    });
    expect(body.subjects.map((s: any) => s.name)).toEqual(["聚邻空间", "幸福食堂"]);
    expect(JSON.stringify(body)).not.toContain(v.r1.phone);
    const poorOnly = (await api(t, "GET", `${A}/ratings?rating=poor`, v.worker.cookie)).json();
    expect(poorOnly.ratings.every((r: any) => r.rating === "poor")).toBe(true);
    for (const who of [v.r0, v.gw1, v.property, v.street])
      expect((await api(t, "GET", `${A}/ratings`, who.cookie)).statusCode).toBe(403);
  });

  it("turn a poor rating into a problem request once, through the usual submission; the rater is told", async () => {
    const poor = (await api(t, "GET", `${A}/ratings?rating=poor&subjectId=${hall}`, v.worker.cookie)).json()
      .ratings[0];
    const res = await api(t, "POST", `${A}/ratings/${poor.id}/request`, v.worker.cookie, {});
    expect(res.statusCode, res.body).toBe(200);
    const requestId = res.json().requestId;
    const r = await t.db
      .selectFrom("request")
      .innerJoin("request_category as c", (j) =>
        j.onRef("c.community_id", "=", "request.community_id").onRef("c.id", "=", "request.category_id"),
      )
      .select([
        "request.kind",
        "request.title",
        "request.description",
        "request.status",
        "request.building_id",
        "request.grid_id",
        "request.is_public",
        "request.submitter_user_id",
        "c.code",
      ])
      .where("request.id", "=", requestId)
      .executeTakeFirstOrThrow();
    expect(r).toMatchObject({
      kind: "problem",
      title: "差评：聚邻空间",
      status: "submitted",
      building_id: v.a.buildings[0]!.id,
      grid_id: v.a.grids[0],
      is_public: false,
      submitter_user_id: v.worker.id,
      code: "public_facilities",
    });
    expect(r.description).toContain("晚上八点就关门了");
    // the grid worker of the building hears of it as of any report (the request-notices consumer)
    await drainAllEvents(t.db);
    const gw = await t.db
      .selectFrom("notification")
      .select("id")
      .where("user_id", "=", v.gw1.id)
      .where("kind", "=", "request.submitted")
      .where("link", "=", `/staff/requests/${v.a.id}/${requestId}`)
      .execute();
    expect(gw).toHaveLength(1);
    const told = await t.db
      .selectFrom("notification")
      .select("title_zh")
      .where("user_id", "=", v.r1.id)
      .where("kind", "=", "rating.to_request")
      .execute();
    expect(told).toHaveLength(1);
    const listed = (
      await api(t, "GET", `${A}/ratings?rating=poor&subjectId=${hall}`, v.worker.cookie)
    ).json();
    expect(listed.ratings[0].requestId).toBe(requestId);
    // once only; and a rating that is not poor cannot be turned
    await unchanged(() => api(t, "POST", `${A}/ratings/${poor.id}/request`, v.secretary.cookie, {}), 409);
    const good = (await api(t, "GET", `${A}/ratings?rating=good`, v.worker.cookie)).json().ratings[0];
    await unchanged(() => api(t, "POST", `${A}/ratings/${good.id}/request`, v.worker.cookie, {}), 409);
    await unchanged(() => api(t, "POST", `${A}/ratings/${poor.id}/request`, v.gw1.cookie, {}), 403);
  });

  it("stop a subject: it leaves the public list and cannot be rated, its ratings stay for staff", async () => {
    const res = await api(t, "PATCH", `${A}/rating-subjects/${canteen}`, v.worker.cookie, { active: false });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ active: false, figures: { rated: 1, good: 1 } });
    expect((await subjects()).items.map((s) => s.name)).toEqual(["聚邻空间"]);
    await unchanged(() => rate(v.r0.cookie, canteen, { rating: "good" }), 409);
    const staff = (await api(t, "GET", `${A}/ratings`, v.worker.cookie)).json();
    expect(staff.subjects.find((s: any) => s.id === canteen)).toMatchObject({ active: false });
    expect(
      (await api(t, "PATCH", `${A}/rating-subjects/${canteen}`, v.worker.cookie, { active: true }))
        .statusCode,
    ).toBe(200);
    await unchanged(
      () => api(t, "PATCH", `${A}/rating-subjects/${canteen}`, v.worker.cookie, { name: "聚邻空间" }),
      409,
    );
    await unchanged(() => api(t, "PATCH", `${A}/rating-subjects/${canteen}`, v.worker.cookie, {}), 400);
  });
});

describe("satisfaction", () => {
  it("is defined as on the public board for requests: good ÷ rated, percent with one decimal", () => {
    fc.assert(
      fc.property(fc.nat(5000), fc.nat(5000), fc.nat(5000), (good, average, poor) => {
        const rated = good + average + poor;
        const board = presentFigures({
          rated,
          rated_good: good,
          rated_average: average,
          rated_poor: poor,
          hist: [],
        } as unknown as StatsSums);
        expect(satisfactionPct(good, rated)).toBe(board.satisfactionPct);
      }),
    );
  });
});
